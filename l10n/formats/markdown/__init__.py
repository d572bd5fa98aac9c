"""Markdown articles through markdown-it-py.

- ``extract``: Markdown text -> ``Document``; placeholder tokens of a translation.
- ``blocks``: the block walk over markdown-it tokens.
- ``inline``: inline tokens located in the source bytes.
- ``units``: translation units with ``<n>…</n>`` placeholders.
"""
