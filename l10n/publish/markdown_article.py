"""Markdown articles (``.md``) built as Markdown, text and HTML: ``MarkdownBuilder``.

Every build starts from the same settled units (``Localized.md_units``: the choice, then the
re-parse safeguard of ``l10n.publish.markdown``). The Markdown build is the skeleton filled
(``fill_markdown``); the text build is that Markdown with its markup dropped
(``l10n.publish.markdown_text.markdown_to_text``), so .txt, .md and .html show the same units and
the same text; the HTML build renders the source's blocks with each inline run made of its units
(``l10n.publish.markdown_html``) inside the article template. No I/O.
"""

from __future__ import annotations

from markupsafe import Markup

from l10n.localized import Localized
from l10n.publish.builder import PageContext, article_page, frame
from l10n.publish.markdown import fill_markdown
from l10n.publish.markdown_html import markdown_body, markdown_title
from l10n.publish.markdown_text import markdown_to_text

__all__ = ["MarkdownBuilder"]


class MarkdownBuilder:
    """The builds of a Markdown article (see the module docstring)."""

    formats: tuple[str, ...] = ("txt", "md", "html")

    def text(self, loc: Localized) -> str:
        """The Markdown build as plain text (``markdown_to_text``)."""
        return markdown_to_text(self.markdown(loc))

    def markdown(self, loc: Localized) -> str:
        """The skeleton filled with the settled units (``fill_markdown``)."""
        return fill_markdown(loc.doc, loc.md_units, loc.joiner)

    def html(self, loc: Localized, page: PageContext) -> str:
        """The article template around the rendered body (``markdown_body``)."""
        units = loc.md_units
        f = frame(loc, page, [u.choice for u in units])
        body = Markup(markdown_body(loc.doc, units, f.marks))  # our own HTML, from escaped parts
        return article_page(f, self.title(loc) or loc.doc.slug, body=body)

    def title(self, loc: Localized) -> str | None:
        """The front matter ``title`` as built, else the first heading (``markdown_title``)."""
        return markdown_title(loc.doc, loc.md_units, loc.joiner, loc.source[1])
