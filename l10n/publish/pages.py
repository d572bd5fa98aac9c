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
unit becomes the target language's joiner (``l10n.locale.sentence_joiner``: a space for vi,
nothing for zh and ja, whose full stop 。 carries its own space); a gap after an English
fallback unit keeps the source whitespace, since an English full stop needs the space
(so two English units next to each other stay exactly as in the source).

URLs, hreflang links, the unreviewed notice and the index page are in ``l10n.publish.site``
(``build_index``, ``IndexRow`` and ``NOTICES`` are re-exported here).

Plain-text articles are built here. Markdown articles (``.md``) keep their markup: placeholder
tokens go back to the source markup in ``l10n.publish.markdown`` (Markdown output, and
``broken_units``: translations replaced by English because their tokens are broken) and
``l10n.publish.markdown_html`` (the HTML body and title); this module dispatches to them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from markupsafe import Markup

from l10n.errors import UsageError
from l10n.inline import restore_placeholders
from l10n.locale import babel_locale, direction, sentence_joiner
from l10n.model import Document, Gap, Issue, Segment, Unit
from l10n.publish import site
from l10n.publish.html_article import (
    asset_base,
    fill_html,
    html_broken_units,
    html_text,
    html_title,
    page_html,
)
from l10n.publish.markdown import broken_units as markdown_broken_units
from l10n.publish.markdown import escape_markdown, fill_markdown, is_markdown, markdown_units
from l10n.publish.markdown_html import Marks, markdown_body, markdown_title
from l10n.publish.plaintext import markdown_to_text
from l10n.publish.policy import (
    DEFAULT_POLICY,
    Choice,
    Entries,
    PublishPolicy,
    choose,
    choose_all,
    choose_checked,
    completion,
    fallback_percent,
    is_html,
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
    "PublishPolicy",
    "broken_units",
    "build_formats",
    "build_html",
    "build_index",
    "build_markdown",
    "build_text",
    "choose",
    "completion",
    "escape_markdown",
    "fallback_percent",
    "headline",
    "publishable",
    "sentence_joiner",
    "whole_percent",
    "withheld_units",
]


def build_formats(doc: Document) -> tuple[str, ...]:
    """The build formats of an article: ``("txt", "md", "html")``; an HTML article has no ``md``."""
    return ("txt", "html") if is_html(doc) else ("txt", "md", "html")


def broken_units(
    doc: Document, entries: Entries, policy: PublishPolicy = DEFAULT_POLICY, lang: str | None = None
) -> list[Issue]:
    """Return the units whose shown translation a build replaces by the English source (broken
    placeholder tokens): ``l10n.publish.markdown.broken_units`` for Markdown articles (``lang``
    gives the sentence joiner its re-parse check uses), the same check (``choose_checked``) for
    HTML articles, ``[]`` for plain text (no placeholders)."""
    if is_html(doc):
        return html_broken_units(doc, choose_checked(doc, entries, policy))
    return markdown_broken_units(doc, entries, policy, lang)


# --- Walking the skeleton ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    """A piece of output: a unit (with its choice), or the text between units."""

    kind: str  # a Choice kind, or "text" for gaps and literals
    text: str
    segment: Segment | None = None


@dataclass
class _Block:
    """The runs of one block (a paragraph, headline, caption, ...).

    ``marker`` is the list marker of a ``list-item`` block as the source wrote it (``"-"``,
    ``"•"``, ``"3."``, ``"2)"``), else None.
    """

    index: int
    role: str
    runs: list[_Run] = field(default_factory=list)
    marker: str | None = None

    @property
    def list_kind(self) -> str | None:
        """``"ul"`` for a bullet item, ``"ol"`` plus the delimiter (``"ol."``, ``"ol)"``) for a
        numbered one, None outside lists: items of one kind in a row form one list."""
        if self.marker is None:
            return None
        return "ol" + self.marker[-1] if self.marker[:1].isdigit() else "ul"


_MARKER_AT_END = re.compile(r"([-*•]|\d{1,3}[.)])[ \t]+$")


def _runs(doc: Document, choices: Sequence[Choice], joiner: str) -> list[_Run]:
    """Turn the skeleton into runs; a gap after an English fallback unit keeps the source whitespace,
    any other gap becomes ``joiner``.

    Own walk rather than ``Document.render``: render takes one joiner for every gap, and the
    choice here depends on the unit before the gap.
    """
    out: list[_Run] = []
    previous: str | None = None  # kind of the last unit seen
    for piece in doc.skeleton:
        if isinstance(piece, Unit):
            choice = choices[piece.index]
            out.append(_Run(choice.kind, choice.text, doc.segments[piece.index]))
            previous = choice.kind
        elif isinstance(piece, Gap):
            out.append(_Run("text", piece.text if previous == "fallback" else joiner))
        else:
            out.append(_Run("text", piece.text))
    return out


def _blocks(runs: Sequence[_Run]) -> list[_Block]:
    """Group runs by block. Text between units of one block stays; text between blocks is dropped."""
    blocks: list[_Block] = []
    pending: list[_Run] = []  # text runs seen since the last unit
    for run in runs:
        if run.segment is None:
            pending.append(run)
            continue
        if blocks and blocks[-1].index == run.segment.block:
            blocks[-1].runs.extend(pending)
        else:
            marker = None
            if run.segment.role == "list-item":  # the marker ends the skeleton text before the item
                found = _MARKER_AT_END.search("".join(p.text for p in pending))
                marker = found.group(1) if found else None
            blocks.append(_Block(run.segment.block, run.segment.role, marker=marker))
        blocks[-1].runs.append(run)
        pending = []
    return blocks


# --- Text and Markdown -------------------------------------------------------------------------


def _bind(policy: PublishPolicy, lang: str) -> PublishPolicy:
    """``policy`` with ``lang`` bound for the checks on machine output, unless it is bound already."""
    return policy if policy.lang is not None else policy.for_language(lang)


def build_text(doc: Document, entries: Entries, lang: str, policy: PublishPolicy = DEFAULT_POLICY) -> str:
    """Return the localized article as text: the source skeleton filled, gaps joined for ``lang``.

    A plain-text article with no translations gives back the source exactly. A Markdown article
    (``.md``) becomes plain text: its Markdown build (``build_markdown``) is parsed and its
    markup dropped by ``l10n.publish.plaintext.markdown_to_text`` (no ``#``, ``**`` or
    ``[..](..)``: headings and paragraphs as text, ``-`` list markers, links as ``text (url)``),
    so .txt, .md and .html show the same units and the same text. An HTML article (``.html``)
    becomes the text of its body (``l10n.publish.html_article.html_text``).

    Raises:
        ConfigError: ``lang`` is not a CLDR locale (from ``l10n.locale``).
    """
    policy = _bind(policy, lang)
    if is_markdown(doc):
        return markdown_to_text(build_markdown(doc, entries, lang, policy))
    if is_html(doc):
        return html_text(fill_html(doc, choose_all(doc, entries, policy), sentence_joiner(lang), marks=False))
    runs = _runs(doc, choose_all(doc, entries, policy), sentence_joiner(lang))
    return "".join(
        r.text
        if r.segment is None or r.kind == "fallback"
        else restore_placeholders(r.text, r.segment.placeholders, str)
        for r in runs
    )


_MD_PREFIX = {"headline": "# ", "title": "# ", "heading": "## "}


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

    Plain-text articles: every block a Markdown paragraph (headline as ``# ``), all text
    escaped with ``escape_markdown``, blocks separated by a blank line, ending in a newline;
    list items (``list-item``) as a tight list: ``- `` for a bullet (``-``, ``*``, ``•``),
    the source number and delimiter (``3.``, ``2)``) for a numbered item.

    Args:
        doc: the article.
        entries: ``(msgctxt, msgid) -> Entry`` of one language.
        lang: BCP 47 tag of the target language (for the sentence joiner).
        policy: what may be shown.

    Returns:
        The Markdown text.

    Raises:
        ConfigError: ``lang`` is not a CLDR locale.
    """
    policy = _bind(policy, lang)
    if is_markdown(doc):
        joiner = sentence_joiner(lang)
        return fill_markdown(doc, markdown_units(doc, entries, policy, joiner), joiner)
    if is_html(doc):
        raise UsageError(f"{doc.path}: an HTML article has no Markdown build")
    runs = _runs(doc, choose_all(doc, entries, policy), sentence_joiner(lang))
    out: list[str] = []
    previous: _Block | None = None
    for block in _blocks(runs):
        body = "".join(escape_markdown(r.text) for r in block.runs)
        if block.marker is not None:
            body = ("-" if block.list_kind == "ul" else block.marker) + " " + body
        else:
            body = _MD_PREFIX.get(block.role, "") + body
        if previous is not None:
            same_list = block.list_kind is not None and block.list_kind == previous.list_kind
            out.append("\n" if same_list else "\n\n")
        out.append(body)
        previous = block
    return "".join(out) + "\n" if out else ""


# --- HTML --------------------------------------------------------------------------------------

_HTML_TAG = {"headline": "h1", "title": "h1", "heading": "h2"}
_HTML_CLASS = {"caption": "caption", "credit": "credit"}


class _HtmlBlock(TypedDict):
    """One block as the article template takes it (``items`` is None but for a list)."""

    tag: str
    cls: str | None
    parts: list[tuple[str, str]]  # (kind, text) per run
    items: list[list[tuple[str, str]]] | None
    start: int | None


def _html_blocks(runs: Sequence[_Run]) -> list[_HtmlBlock]:
    """Blocks as the article template takes them: ``{"tag", "cls", "parts": [(kind, text), ...],
    "items", "start"}``. List items in a row of one kind are one block ``{"tag": "ul"|"ol",
    "items": [parts, ...], "start": first number or None}``; ``items`` is None for other blocks."""
    blocks: list[_HtmlBlock] = []
    previous: _Block | None = None
    for block in _blocks(runs):
        # Fallback units show the msgid (NFC, wrapped lines joined) rather than raw source bytes.
        parts = [
            (r.kind, r.segment.text if r.kind == "fallback" and r.segment else r.text)
            for r in block.runs
            if r.text
        ]
        kind = block.list_kind
        if kind is not None and previous is not None and previous.list_kind == kind:
            items = blocks[-1]["items"]
            assert items is not None  # the previous block is a list of the same kind
            items.append(parts)
        elif kind is not None:
            number = int(block.marker[:-1]) if block.marker and kind != "ul" else None
            start = number if number is not None and number != 1 else None
            blocks.append({"tag": kind[:2], "cls": None, "parts": [], "items": [parts], "start": start})
        else:
            tag = _HTML_TAG.get(block.role, "p")
            blocks.append(
                {"tag": tag, "cls": _HTML_CLASS.get(block.role), "parts": parts, "items": None, "start": None}
            )
        previous = block
    return blocks


def headline(
    doc: Document, entries: Entries | None = None, lang: str = "en", policy: PublishPolicy = DEFAULT_POLICY
) -> str:
    """Return the article's headline as a build shows it (plain text; the slug if there is none).

    The first block with role ``headline`` (or ``title``); with no ``entries`` the English
    headline, e.g. for ``build_index``. This is the HTML ``<title>``.

    Raises:
        ConfigError: ``lang`` is not a CLDR locale.
    """
    policy = _bind(policy, lang)
    if is_markdown(doc):
        joiner = sentence_joiner(lang)
        return markdown_title(doc, markdown_units(doc, entries or {}, policy, joiner), joiner) or doc.slug
    if is_html(doc):
        return html_title(doc, choose_all(doc, entries or {}, policy)) or doc.slug
    runs = _runs(doc, choose_all(doc, entries or {}, policy), sentence_joiner(lang))
    return _blocks_title(_html_blocks(runs), doc.slug)


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
    the page CSS shows fallback runs in a subtle distinct style (grey, dotted underline). When the page's
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
    policy = _bind(policy, lang)
    joiner = sentence_joiner(lang)
    is_original = babel_locale(lang) == babel_locale(source_lang)
    foreign_dir = site.foreign_dir(lang, source_lang)
    if is_html(doc):
        return _html_article_page(doc, entries, lang, policy, alternates, base_url, source_lang)
    page = _page(doc, entries, policy, Marks(None if is_original else source_lang, joiner, foreign_dir))
    notices = []
    if any(c.kind in ("machine", "fuzzy") for c in page.choices):
        notices.append(site.notice(lang, source_lang))
    if not is_original and any(c.kind == "fallback" for c in page.choices):
        notices.append(site.notice(lang, source_lang, site.FALLBACK_NOTICES))
    return site.template("article.html.j2").render(
        lang=lang,
        dir=direction(lang),
        title=page.title,
        canonical=site.url(base_url, lang, doc.slug, relative="") if base_url else None,
        links=site.links(doc.slug, lang, alternates, base_url=base_url, source_lang=source_lang),
        notices=[(text, text_lang, foreign_dir if text_lang else None) for text, text_lang in notices],
        blocks=page.blocks,
        body=page.body,
        source_lang=source_lang,
        mark_fallback=not is_original,
        fallback_dir=foreign_dir,
    )


def _html_article_page(
    doc: Document,
    entries: Entries,
    lang: str,
    policy: PublishPolicy,
    alternates: Sequence[str],
    base_url: str,
    source_lang: str,
) -> str:
    """``build_html`` for an HTML article: its own page filled (``l10n.publish.html_article``)."""
    is_original = babel_locale(lang) == babel_locale(source_lang)
    foreign_dir = site.foreign_dir(lang, source_lang)
    choices = choose_all(doc, entries, policy)
    filled = fill_html(
        doc,
        choices,
        sentence_joiner(lang),
        mark_fallback=None if is_original else source_lang,
        fallback_dir=foreign_dir,
    )
    notices = []
    if any(c.kind in ("machine", "fuzzy") for c in choices):
        notices.append(site.notice(lang, source_lang))
    if not is_original and any(c.kind == "fallback" for c in choices):
        notices.append(site.notice(lang, source_lang, site.FALLBACK_NOTICES))
    return page_html(
        filled,
        lang=lang,
        direction=direction(lang),
        links=site.links(doc.slug, lang, alternates, base_url=base_url, source_lang=source_lang),
        canonical=site.url(base_url, lang, doc.slug, relative="") if base_url else None,
        notices=[(text, text_lang, foreign_dir if text_lang else None) for text, text_lang in notices],
        source_lang=source_lang,
        asset_base=asset_base(doc.path, f"build/{lang}"),
    )


@dataclass(frozen=True)
class _Page:
    """What the article template shows of one article.

    Attributes:
        title: the ``<title>`` (plain text; the slug when the article has no headline).
        choices: the choice per unit (after the token check for Markdown articles).
        blocks: plain-text articles: the blocks (see ``_html_blocks``); ``[]`` for Markdown.
        body: Markdown articles: the rendered body; None for plain-text articles.
    """

    title: str
    choices: list[Choice]
    blocks: list[_HtmlBlock] = field(default_factory=list)
    body: Markup | None = None


def _page(doc: Document, entries: Entries, policy: PublishPolicy, marks: Marks) -> _Page:
    """Build the page content of ``doc``: Markdown articles by ``l10n.publish.markdown_html``."""
    if is_markdown(doc):
        units = markdown_units(doc, entries, policy, marks.joiner)
        body = Markup(markdown_body(doc, units, marks))  # our own HTML, built from escaped parts
        title = markdown_title(doc, units, marks.joiner) or doc.slug
        return _Page(title, [u.choice for u in units], body=body)
    choices = choose_all(doc, entries, policy)
    blocks = _html_blocks(_runs(doc, choices, marks.joiner))
    return _Page(_blocks_title(blocks, doc.slug), choices, blocks=blocks)


def _blocks_title(blocks: Sequence[_HtmlBlock], slug: str) -> str:
    """The text of the first ``<h1>`` block, else ``slug``."""
    heading = next((b for b in blocks if b["tag"] == "h1"), None)
    return "".join(text for _, text in heading["parts"]) if heading else slug
