"""Fill a ``Document`` skeleton with translations: localized text, Markdown and HTML.

The public entry point of the builds (``build_text``, ``build_markdown``, ``build_html``,
``build_index``, ``headline``). Inputs are a ``Document`` (from ``l10n.formats.txt``) and one
language's catalog as a mapping ``(msgctxt, msgid) -> Entry``. Nothing here reads or writes
files; every builder returns a ``str`` that ``l10n.project`` writes.

Which text stands in for a unit is decided by ``choose`` under a ``PublishPolicy`` (both in
``l10n.publish.policy``, re-exported here with ``completion`` and ``publishable``). Skipping a
language below ``PublishPolicy.min_complete`` is the caller's decision: ask ``publishable``
before building; the builders themselves always build.

Sentence joiner: a ``Gap`` (whitespace between two units of one block) after a translated
unit becomes the target language's joiner; after an English fallback unit it keeps the source
whitespace (the rule and its one walk: ``l10n.publish.skeleton``).

URLs, hreflang links, the unreviewed notice and the index page are in ``l10n.publish.site``
(``build_index``, ``IndexRow`` and ``NOTICES`` are re-exported here).

This module only dispatches: each function makes (or takes) the article's ``Localized``
(``l10n.localized``: the choices made once per article and language) and hands it to the
builder of its ``Document.format`` (``l10n.publish.builder.ArticleBuilder``):
``l10n.publish.plaintext`` (plain text), ``l10n.publish.markdown_article`` (Markdown: the
markup kept, placeholder tokens back to the source markup) and ``l10n.publish.html_article``
(HTML). The ``*_of`` functions take a ``Localized`` built by the caller, so that a run that
builds every format of one article and language (``l10n build``) decides each unit once.
"""

from __future__ import annotations

from collections.abc import Sequence

from l10n.locale import sentence_joiner
from l10n.localized import Localized, localize
from l10n.model import Document, Issue
from l10n.publish.builder import ArticleBuilder, PageContext
from l10n.publish.html_article import HtmlBuilder
from l10n.publish.markdown import escape_markdown
from l10n.publish.markdown_article import MarkdownBuilder
from l10n.publish.plaintext import PlainTextBuilder
from l10n.publish.policy import (
    DEFAULT_POLICY,
    Choice,
    Entries,
    PublishPolicy,
    choose,
    completion,
    fallback_percent,
    publishable,
    whole_percent,
    withheld_units,
)
from l10n.publish.site import FALLBACK_NOTICES, NOTICES, IndexRow, build_index

__all__ = [
    "FALLBACK_NOTICES",
    "NOTICES",
    "Choice",
    "IndexRow",
    "PageContext",
    "PublishPolicy",
    "broken_units",
    "build_formats",
    "build_html",
    "build_index",
    "build_markdown",
    "build_text",
    "builder",
    "choose",
    "completion",
    "escape_markdown",
    "fallback_percent",
    "headline",
    "html_of",
    "localize",
    "markdown_of",
    "publishable",
    "sentence_joiner",
    "text_of",
    "title_of",
    "whole_percent",
    "withheld_units",
]

_BUILDERS: dict[str, ArticleBuilder] = {
    "text": PlainTextBuilder(),
    "markdown": MarkdownBuilder(),
    "html": HtmlBuilder(),
}


def builder(doc: Document) -> ArticleBuilder:
    """The builder of ``doc``'s format (``Document.format``)."""
    return _BUILDERS[doc.format]


def build_formats(doc: Document) -> tuple[str, ...]:
    """The build formats of an article: ``("txt", "md", "html")``; an HTML article has no ``md``."""
    return builder(doc).formats


def broken_units(
    doc: Document, entries: Entries, policy: PublishPolicy = DEFAULT_POLICY, lang: str | None = None
) -> list[Issue]:
    """Return the units whose shown translation a build replaces by the English source (broken
    placeholder tokens): ``l10n.publish.markdown.broken_units`` for Markdown articles (``lang``
    gives the sentence joiner its re-parse check uses; None: a space), the same token check
    for HTML articles, ``[]`` for plain text (no placeholders). ``Localized.broken`` is the same
    for a ``Localized`` made already."""
    return Localized(doc, entries, lang or "en", policy).broken()


def text_of(loc: Localized) -> str:
    """``build_text`` of a ``Localized``."""
    return builder(loc.doc).text(loc)


def markdown_of(loc: Localized) -> str:
    """``build_markdown`` of a ``Localized``."""
    return builder(loc.doc).markdown(loc)


def html_of(loc: Localized, page: PageContext) -> str:
    """``build_html`` of a ``Localized``."""
    return builder(loc.doc).html(loc, page)


def title_of(loc: Localized) -> str:
    """``headline`` of a ``Localized``."""
    return builder(loc.doc).title(loc) or loc.doc.slug


def build_text(doc: Document, entries: Entries, lang: str, policy: PublishPolicy = DEFAULT_POLICY) -> str:
    """Return the localized article as text: the source skeleton filled, gaps joined for ``lang``.

    A plain-text article with no translations gives back the source exactly. A Markdown article
    (``.md``) becomes plain text: its Markdown build (``build_markdown``) is parsed and its
    markup dropped by ``l10n.publish.markdown_text.markdown_to_text`` (no ``#``, ``**`` or
    ``[..](..)``: headings and paragraphs as text, ``-`` list markers, links as ``text (url)``),
    so .txt, .md and .html show the same units and the same text. An HTML article (``.html``)
    becomes the text of its body (``l10n.publish.html_article.html_text``).

    Raises:
        ConfigError: ``lang`` is not a CLDR locale (from ``l10n.locale``).
    """
    return text_of(localize(doc, entries, lang, policy))


def build_markdown(doc: Document, entries: Entries, lang: str, policy: PublishPolicy = DEFAULT_POLICY) -> str:
    """Return the localized article as Markdown.

    Markdown articles (``.md``): the skeleton filled with each unit's text. A shown
    translation is text, read as the HTML build reads it
    (``l10n.publish.markdown.translated_markdown``): its placeholders go back to their markup
    in the translator's order, its backslash escapes and entity references are kept as
    written, every other Markdown character (``* _ [ ] < > # & | ~`` and backquote) is
    backslash-escaped, so ``<script>``, ``*x*`` or ``[a](http://...)`` in a msgstr stay
    literal text; rendered, the .md shows the same text as the .html. A msgstr equal to its
    msgid gives the source unit. A translation whose tokens are broken is replaced by the
    English source unit (listed by ``broken_units``); English units are ``Segment.source``
    exactly, so with no translations the result equals the source. Three guards keep the
    structure: a gap after a translated unit becomes the language's joiner and a
    line-breaking gap before one a space (a translation never starts a line); a translation
    that starts a paragraph, list item or quote (or follows a hard line break) gets a
    backslash before leading block syntax (``1.``, ``-``, ``+``, ``---``, ``===``); a
    translated front matter value is quoted/escaped to stay the same YAML scalar (it is
    YAML, not Markdown: not escaped).

    Plain-text articles: every block a Markdown paragraph (headline as ``# ``), text escaped
    (``l10n.publish.plaintext``). HTML articles have no Markdown build (``UsageError``).

    Args:
        doc: the article.
        entries: ``(msgctxt, msgid) -> Entry`` of one language.
        lang: BCP 47 tag of the target language (for the sentence joiner).
        policy: what may be shown.

    Returns:
        The Markdown text.

    Raises:
        ConfigError: ``lang`` is not a CLDR locale.
        UsageError: an HTML article.
    """
    return markdown_of(localize(doc, entries, lang, policy))


def headline(
    doc: Document, entries: Entries | None = None, lang: str = "en", policy: PublishPolicy = DEFAULT_POLICY
) -> str:
    """Return the article's headline as a build shows it (plain text; the slug if there is none).

    The first block with role ``headline`` (or ``title``); with no ``entries`` the English
    headline, e.g. for ``build_index``. This is the HTML ``<title>``.

    Raises:
        ConfigError: ``lang`` is not a CLDR locale.
    """
    return title_of(localize(doc, entries or {}, lang, policy))


def build_html(
    doc: Document,
    entries: Entries,
    lang: str,
    policy: PublishPolicy = DEFAULT_POLICY,
    *,
    alternates: Sequence[str],
    base_url: str,
    source_lang: str = "en",
) -> str:
    """Return the localized article as an HTML5 page (template ``article.html.j2``, autoescaped).

    ``<html lang dir>`` from the BCP 47 tag and its CLDR direction; ``<title>`` is the built
    headline (the slug if the article has none); with a ``base_url``, a canonical link to
    this page and hreflang alternates for ``source_lang``, every tag in ``alternates``, this
    page and ``x-default`` (the original); without one, neither (they must be absolute).
    Headline ``<h1>``, blocks ``<p>`` (``class="caption"``/``"credit"``).
    Machine output at fault (``l10n.publish.policy.machine_fault``) is never shown: English instead.
    English fallback units are ``<span lang="en">`` (not on the original's own page), shown
    machine units ``<span class="mt">``, shown fuzzy units ``<span class="fuzzy">``; with any
    of the latter two the page starts with a notice (see ``NOTICES``), and with any fallback
    unit (a translated page partly or wholly in English) with a second one (``FALLBACK_NOTICES``);
    the page CSS (``l10n.publish.marks.mark_style``) sets fallback runs in a muted colour and
    puts a bar beside blocks with machine or fuzzy text. The page also has the language switcher
    and the byline (``l10n.publish.builder.frame``). When the page's
    direction differs from ``source_lang``'s (English on an ``ar`` page), the fallback spans
    and an English notice also get ``dir`` (``"ltr"``). All text is escaped, placeholder
    tokens included.

    Markdown articles (``.md``): the body is the source article rendered by markdown-it-py
    (CommonMark, tables, strikethrough; front matter not shown), each inline run (heading,
    paragraph, list item, table cell) made of its units: a translation with its placeholders
    turned back into the source markup, every other ``<``, ``&`` or Markdown character of the
    msgstr shown as text (backslash escapes and entities are read first; the same rule as
    ``build_markdown``); a translation with broken tokens shows the English unit. Spans as
    above, one per unit. ``<title>`` is the front matter ``title`` (as built), else the first
    heading, as plain text.

    Args:
        alternates: tags of the other languages this article is built in.
        base_url: site root, e.g. ``"https://example.org/news/"``; ``""``: no canonical/hreflang links.
        source_lang: tag of the original.

    Raises:
        ConfigError: ``lang`` (or a tag in ``alternates``) is not a CLDR locale.
    """
    return html_of(localize(doc, entries, lang, policy), PageContext(alternates, base_url, source_lang))
