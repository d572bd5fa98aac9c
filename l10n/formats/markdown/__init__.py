"""Markdown articles through markdown-it-py.

- ``parser``: the one markdown-it-py parser (same syntax for extract and build), depth limits.
- ``extract``: Markdown text -> ``Document``; placeholder tokens of a translation.
- ``blocks``: the block walk over markdown-it tokens.
- ``inline``: inline tokens located in the source bytes.
- ``units``: translation units with ``<n>…</n>`` placeholders.
- ``frontmatter``: YAML front matter values (ruamel.yaml) and how to write a new one.
- ``migrate``: msgids of older l10n versions mapped to today's, for ``Catalog.update``.
"""
