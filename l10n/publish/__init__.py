"""Publishing: localized article builds under ``build/``.

- ``policy``: which translation a build may show (reviewed, machine, English fallback), decided
  once per unit (``decide``), and the completion figure.
- ``pages``: the builds of one article in one language; dispatches on ``Document.format`` to
  the builder of the format.
- ``builder``: the ``ArticleBuilder`` protocol every format's builder follows, and the page frame.
- ``plaintext``, ``markdown_article``, ``html_article``: the builders of plain-text, Markdown
  and HTML articles (``.txt``, ``.md``, ``.html`` each).
- ``markdown``: Markdown articles filled with translations, and the re-parse safeguard.
- ``markdown_check``: what the re-parse safeguard compares.
- ``markdown_escape``: a msgstr (or plain text) written as Markdown that reads as the same text.
- ``markdown_html``: the HTML body and title of a Markdown article.
- ``markdown_text``: the built Markdown as plain text.
- ``skeleton``: the one skeleton walk with the gap rule.
- ``marks``: the machine/fuzzy/fallback spans and their CSS.
- ``html_head``: an HTML article's head (charset first, Open Graph and JSON-LD language) and
  its elements' ``lang`` attributes.
- ``html_urls``: relative asset URLs of an HTML article rebased for the page's folder.
- ``byline``: an article's author and date from its source, the date in CLDR format.
- ``site``: URLs, hreflang, the language switcher, the notices, the index.
- ``theme``: the page templates (``templates/``, Jinja2) and a project's overrides, checked.

The per-(article, language) value the builders read is ``l10n.localized.Localized``.
"""
