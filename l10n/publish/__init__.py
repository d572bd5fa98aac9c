"""Publishing: localized article builds under ``build/``.

- ``policy``: which translation a build may show (reviewed, machine, English fallback).
- ``pages``: the ``.txt``, ``.md`` and ``.html`` builds of one article in one language.
- ``markdown`` and ``markdown_html``: Markdown articles filled with translations.
- ``plaintext``: the ``.txt`` build of a Markdown article (its built Markdown, markup dropped).
- ``site``: page templates (``templates/``, Jinja2), URLs, hreflang, the notice, the index.
"""
