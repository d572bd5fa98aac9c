"""Human review of catalogs: what needs a person, a local review page, what reviewers changed.

- ``queue.py``: the review queue, entries that need a person, in the order to look at them.
- ``session.py``: the review page's state over one language's catalogs; guarded approvals.
- ``text.py``: escaped HTML of catalog text for the page (placeholder chips, a word diff).
- ``page.py``: the page's language facts from CLDR (name, direction) and reason labels.
- ``changes.py``: what an approval changes on the page; the second confirmation of broken text.
- ``server.py``: the local bilingual review page (``l10n review``), served on 127.0.0.1.
- ``edits.py``: what reviewers changed in machine output (``l10n report edits``).
"""
