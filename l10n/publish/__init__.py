"""Publishing: localized article builds under ``build/``.

- ``policy``: which translation a build may show (reviewed, machine, English fallback), decided
  once per unit (``decide``), and the completion figure.
- ``pages``: the builds of one article in one language; dispatches on ``Document.format`` to
  the builder of the format (``builder``: the ``ArticleBuilder`` protocol and the page frame).
- ``plaintext``, ``markdown_article``, ``html_article``: the builders of plain-text, Markdown
  and HTML articles (``.txt``, ``.md``, ``.html`` each).
- ``markdown``: Markdown articles filled with translations, and the re-parse safeguard;
  ``markdown_check`` what it compares; ``markdown_escape`` msgstr text written as Markdown;
  ``markdown_html`` the HTML body and title; ``markdown_text`` the built Markdown as text.
- ``skeleton``: the one skeleton walk with the gap rule; ``marks``: the unit spans and their CSS.
- ``site``: page templates (``templates/``, Jinja2), URLs, hreflang, the notice, the index.

The per-(article, language) value the builders read is ``l10n.localized.Localized``.
"""
