"""The one small protocol every article format's builder follows, and the page parts they share.

A builder (``l10n.publish.plaintext.PlainTextBuilder``, ``l10n.publish.markdown_article.
MarkdownBuilder``, ``l10n.publish.html_article.HtmlBuilder``) turns one ``Localized`` (an
article in one language, ``l10n.localized``) into the ``.txt``, ``.md`` and ``.html`` builds and
the plain-text title; ``l10n.publish.pages`` picks it by ``Document.format``. The page-level
parts (``Frame``: ``<html lang dir>``, canonical and hreflang links, the language switcher, the
byline, the notices, how units are marked) are computed here once for every format. No I/O
besides reading the templates (and a project's, ``PageContext.templates``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from markupsafe import Markup

from l10n.locale import babel_locale, direction
from l10n.localized import Localized
from l10n.publish import site, theme
from l10n.publish.byline import Byline, byline
from l10n.publish.marks import Marks, mark_style
from l10n.publish.policy import Choice
from l10n.status import word_count

__all__ = [
    "ArticleBuilder",
    "Frame",
    "PageContext",
    "article_page",
    "frame",
    "page_style",
    "reviewed_percent",
    "shows_translation",
]


@dataclass(frozen=True)
class PageContext:
    """Where a page stands on the site (see ``l10n.publish.pages.build_html``).

    Attributes:
        alternates: tags of the other languages this article is built in.
        base_url: site root (``""``: no canonical or hreflang links).
        source_lang: tag of the original.
        build_dir: the build folder relative to the project root (``/``-separated): a page of
            language ``x`` is in ``<build_dir>/<x>/`` (relative asset URLs are rebased from there).
        notices: the config's notice wording (``[notices.<lang>]``): tag -> ``{"unreviewed": text,
            "fallback": text}``, either key optional; l10n's own wording where absent.
        templates: a project's template folder (``l10n.publish.theme``), None for l10n's own.
        order: the configured languages: the switcher lists languages in this order on every
            page (others after them, as given).
    """

    alternates: Sequence[str]
    base_url: str
    source_lang: str = "en"
    build_dir: str = "build"
    notices: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    templates: Path | None = None
    order: Sequence[str] = ()


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
        notices: ``(text, lang attribute or None, dir attribute or None, kind)``, in order; kind
            ``unreviewed`` or ``fallback`` (the page's ``data-notice``).
        links: hreflang alternates ``[(tag, href)]``; ``canonical`` the canonical URL or None.
        switcher: the language switcher (``site.switcher``: the original and every published
            language, this one included).
        byline: author and date (``l10n.publish.byline``), None when the article has neither.
        templates: the project's template folder, None for l10n's own.
    """

    lang: str
    direction: str
    marks: Marks
    notices: list[tuple[str, str | None, str | None, str]]
    links: list[tuple[str, str]]
    canonical: str | None
    source_lang: str
    switcher: list[site.Switch] = field(default_factory=list)
    byline: Byline | None = None
    templates: Path | None = None


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
    notices: list[tuple[tuple[str, str | None], str]] = []
    custom = {
        kind: {tag: texts[kind] for tag, texts in page.notices.items() if kind in texts}
        for kind in ("unreviewed", "fallback")
    }
    if any(c.kind in ("machine", "fuzzy") for c in choices):
        notices.append((site.notice(lang, source_lang, site.NOTICES, custom["unreviewed"]), "unreviewed"))
    if not is_original and any(c.kind == "fallback" for c in choices):
        notices.append(
            (site.notice(lang, source_lang, site.FALLBACK_NOTICES, custom["fallback"]), "fallback")
        )
    slug = loc.doc.slug
    return Frame(
        lang=lang,
        direction=direction(lang),
        marks=Marks(None if is_original else source_lang, joiner, foreign_dir),
        notices=[
            (text, text_lang, foreign_dir if text_lang else None, kind) for (text, text_lang), kind in notices
        ],
        links=site.links(slug, lang, page.alternates, base_url=page.base_url, source_lang=source_lang),
        canonical=site.url(page.base_url, lang, slug, relative="") if page.base_url else None,
        source_lang=source_lang,
        switcher=site.switcher(
            slug, lang, page.alternates, base_url=page.base_url, source_lang=source_lang, order=page.order
        ),
        byline=byline(loc.doc, lang),
        templates=page.templates,
    )


def page_style(
    source_lang: str, templates: Path | None = None, *, base: bool = True, scope: str = "article "
) -> str:
    """The page stylesheet (``page.css.j2``: with ``base`` the page itself, always the switcher,
    byline and notices) followed by the unit marks (``mark_style``)."""
    css = theme.template("page.css.j2", templates).render(source_lang=source_lang, base=base)
    return css.rstrip("\n") + "\n" + mark_style(source_lang, scope)


def article_page(f: Frame, title: str, *, blocks: Sequence[Any] = (), body: Markup | None = None) -> str:
    """Render the article template (``article.html.j2``) of the plain-text and Markdown builders.

    The byline stands after the leading headline (the first ``<h1>`` block, or the part of
    ``body`` up to its first ``</h1>``), else first.

    Args:
        blocks: plain-text articles: the blocks (``l10n.publish.plaintext``), parts as HTML.
        body: Markdown articles: the rendered body (our own HTML, built from escaped parts).

    Raises:
        ConfigError: a project template is refused (``l10n.publish.theme.render``).
    """
    blocks = list(blocks)
    lead_blocks = blocks[:1] if blocks and blocks[0]["tag"] == "h1" else []
    lead = Markup("")
    if body is not None and body.lstrip().startswith("<h1") and "</h1>" in body:
        cut = body.index("</h1>") + len("</h1>")
        lead, body = Markup(body[:cut]), Markup(body[cut:].lstrip("\n"))
    return theme.render(
        "article.html.j2",
        f.templates,
        lang=f.lang,
        dir=f.direction,
        title=title,
        canonical=f.canonical,
        links=f.links,
        notices=f.notices,
        switcher=f.switcher,
        byline=f.byline,
        lead=lead,
        lead_blocks=lead_blocks,
        blocks=blocks[len(lead_blocks) :],
        body=body,
        style=Markup(page_style(f.source_lang, f.templates)),
    )


def shows_translation(loc: Localized) -> bool:
    """True when ``loc``'s page shows any translated text (a unit whose choice is not ``fallback``).

    A page that shows none is not published unless ``[publish] untranslated_pages`` is on
    (``l10n.stages.publish``)."""
    return any(c.kind != "fallback" for c in loc.choices)


def reviewed_percent(loc: Localized) -> float:
    """The percent (0-100) of the article's source words shown in a reviewed translation (msgid
    words, ``l10n.status.word_count``, counted like ``completion``); 0.0 for an article without words."""
    total = done = 0
    for seg, d in zip(loc.doc.segments, loc.decisions, strict=True):
        words = word_count(seg.text)
        total += words
        done += words if d.choice.kind == "reviewed" else 0
    return 0.0 if total == 0 else 100.0 * done / total
