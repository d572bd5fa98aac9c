"""Quality checks over (source, translation) pairs and catalog headers.

- ``registry``: the table of checks, ``check_pair`` and ``check_catalog``.
- ``pair``: the ``Pair`` value every check reads.
- ``kept``: what must be kept (placeholders, URLs, brackets, glossary terms, whitespace).
- ``numbers``: numbers compared by value.
- ``output``: signs of a broken machine output (loops, length, untranslated copies).
- ``header``: the catalog header (language, plural forms, charset).
- ``symbols``: the spacing around placeholders, and symbols (``™``, emoji) the target keeps.
- ``render``: reviewed translations whose placeholders do not fit the article (needs the article).
- ``findings``: a catalog's issues graded as ``l10n check`` reports them (check, queue, page).
"""
