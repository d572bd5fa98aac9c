"""Review: what happens to machine output once people look at it.

Modules:

- ``edits``: post-edit distance, what reviewers changed in the machine output
  (``l10n report edits``).
"""
