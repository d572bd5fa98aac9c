"""Publishing: localized article builds under ``build/``.

- ``policy``: which translation a build may show (reviewed, machine, English fallback).
- ``pages``: the ``.txt``, ``.md`` and ``.html`` builds of one article in one language.
- ``markdown`` and ``markdown_html``: Markdown articles filled with translations.
- ``plaintext``: the ``.txt`` build of a Markdown article (its built Markdown, markup dropped).
- ``markdown_check``: the safeguard of Markdown builds (the built article parsed again).
- ``html_article``: HTML articles built as HTML and as plain text.
- ``site``: page templates (``templates/``, Jinja2), URLs, hreflang, the notice, the index.
"""
