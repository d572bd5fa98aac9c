"""The one small protocol every article format's builder follows, and the page parts they share.

A builder (``l10n.publish.plaintext.PlainTextBuilder``, ``l10n.publish.markdown_article.
MarkdownBuilder``, ``l10n.publish.html_article.HtmlBuilder``) turns one ``Localized`` (an
article in one language, ``l10n.localized``) into the ``.txt``, ``.md`` and ``.html`` builds and
the plain-text title; ``l10n.publish.pages`` picks it by ``Document.format``. The page-level
parts (``Frame``: ``<html lang dir>``, canonical and hreflang links, the notices, how units are
marked) are computed here once for every format. No I/O besides reading the templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from markupsafe import Markup

from l10n.locale import babel_locale, direction
from l10n.localized import Localized
from l10n.publish import site
from l10n.publish.marks import Marks, mark_style
from l10n.publish.policy import Choice

__all__ = ["ArticleBuilder", "Frame", "PageContext", "article_page", "frame"]


@dataclass(frozen=True)
class PageContext:
    """Where a page stands on the site (see ``l10n.publish.pages.build_html``).

    Attributes:
        alternates: tags of the other languages this article is built in.
        base_url: site root (``""``: no canonical or hreflang links).
        source_lang: tag of the original.
        build_dir: the build folder relative to the project root (``/``-separated): a page of
            language ``x`` is in ``<build_dir>/<x>/`` (relative asset URLs are rebased from there).
    """

    alternates: Sequence[str]
    base_url: str
    source_lang: str = "en"
    build_dir: str = "build"


class ArticleBuilder(Protocol):
    """The builds of one article format. ``formats``: the build file extensions it writes."""

    formats: tuple[str, ...]

    def text(self, loc: Localized) -> str:
        """The ``.txt`` build."""

    def markdown(self, loc: Localized) -> str:
        """The ``.md`` build (``UsageError`` for a format without one)."""

    def html(self, loc: Localized, page: PageContext) -> str:
        """The ``.html`` page."""

    def title(self, loc: Localized) -> str | None:
        """The headline as plain text, None when the article has none (the caller shows the slug)."""


@dataclass(frozen=True)
class Frame:
    """The page-level parts of one page.

    Attributes:
        lang: the page's tag; ``direction`` its CLDR direction.
        marks: how units are marked (no fallback span on the original's own page).
        notices: ``(text, lang attribute or None, dir attribute or None)``, in order.
        links: hreflang alternates ``[(tag, href)]``; ``canonical`` the canonical URL or None.
    """

    lang: str
    direction: str
    marks: Marks
    notices: list[tuple[str, str | None, str | None]]
    links: list[tuple[str, str]]
    canonical: str | None
    source_lang: str


def frame(loc: Localized, page: PageContext, choices: Sequence[Choice]) -> Frame:
    """The ``Frame`` of ``loc``'s page given the choices it shows: the unreviewed notice with any
    machine or fuzzy unit, the fallback notice with any fallback unit on a translated page.

    Raises:
        ConfigError: ``loc.lang`` or a tag in ``page`` is not a CLDR locale.
    """
    lang, source_lang = loc.lang, page.source_lang
    joiner = loc.joiner
    is_original = babel_locale(lang) == babel_locale(source_lang)
    foreign_dir = site.foreign_dir(lang, source_lang)
    notices = []
    if any(c.kind in ("machine", "fuzzy") for c in choices):
        notices.append(site.notice(lang, source_lang))
    if not is_original and any(c.kind == "fallback" for c in choices):
        notices.append(site.notice(lang, source_lang, site.FALLBACK_NOTICES))
    slug = loc.doc.slug
    return Frame(
        lang=lang,
        direction=direction(lang),
        marks=Marks(None if is_original else source_lang, joiner, foreign_dir),
        notices=[(text, text_lang, foreign_dir if text_lang else None) for text, text_lang in notices],
        links=site.links(slug, lang, page.alternates, base_url=page.base_url, source_lang=source_lang),
        canonical=site.url(page.base_url, lang, slug, relative="") if page.base_url else None,
        source_lang=source_lang,
    )


def article_page(f: Frame, title: str, *, blocks: Sequence[Any] = (), body: Markup | None = None) -> str:
    """Render the article template (``article.html.j2``) of the plain-text and Markdown builders.

    Args:
        blocks: plain-text articles: the blocks (``l10n.publish.plaintext``), parts as HTML.
        body: Markdown articles: the rendered body (our own HTML, built from escaped parts).
    """
    return site.template("article.html.j2").render(
        lang=f.lang,
        dir=f.direction,
        title=title,
        canonical=f.canonical,
        links=f.links,
        notices=f.notices,
        blocks=list(blocks),
        body=body,
        style=Markup(mark_style(f.source_lang, "article ")),
    )
