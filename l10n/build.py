"""Fill a ``Document`` skeleton with translations: localized text, Markdown and HTML.

Inputs are a ``Document`` (from ``l10n.segment``) and one language's catalog as a mapping
``(msgctxt, msgid) -> Entry``. Nothing here reads or writes files; every builder returns a
``str`` that ``l10n.project`` writes.

Which text stands in for a unit is decided by ``choose`` under a ``PublishPolicy``:

=============  =====================================  ==========================
entry state    shown                                  ``Choice.kind``
=============  =====================================  ==========================
reviewed       the msgstr                             ``reviewed``
machine        the msgstr if ``include_machine``      ``machine`` (else fallback)
fuzzy          the msgstr if ``include_fuzzy``        ``fuzzy`` (else fallback)
untranslated,  the English source                     ``fallback``
obsolete, none
=============  =====================================  ==========================

Sentence joiner: a ``Gap`` (whitespace between two units of one block) after a translated
unit becomes the target language's joiner (``l10n.locale.sentence_joiner``: a space for vi,
nothing for zh and ja, whose full stop 。 carries its own space); a gap after an English
fallback unit keeps the source whitespace, since an English full stop needs the space
(so two English units next to each other stay exactly as in the source).

URLs (HTML): the page for language ``L`` of article ``slug`` is ``<base_url>/L/slug.html``;
the English original is built by ``build_html`` with ``lang == source_lang`` at
``<base_url>/en/slug.html`` and is also the ``x-default`` alternate. With an empty
``base_url`` links are relative to the page (``../L/slug.html``), which works from a local
``build/`` folder but is not a proper canonical URL: set ``base_url`` for publishing.

Skipping a language below ``PublishPolicy.min_complete`` is the caller's decision: ask
``publishable`` before building; the builders themselves always build.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePosixPath
from typing import Literal as _Lit

import jinja2
from babel.numbers import format_percent

from l10n.errors import UsageError
from l10n.locale import babel_locale, direction, language_name, sentence_joiner
from l10n.model import Document, Entry, Gap, Segment, Unit
from l10n.status import word_count

__all__ = [
    "Choice",
    "IndexRow",
    "PublishPolicy",
    "build_html",
    "build_index",
    "build_markdown",
    "build_text",
    "choose",
    "completion",
    "escape_markdown",
    "headline",
    "publishable",
    "sentence_joiner",
]

Kind = _Lit["reviewed", "machine", "fuzzy", "fallback"]
Catalog = Mapping[tuple[str | None, str], Entry]


@dataclass(frozen=True)
class PublishPolicy:
    """What a build may show.

    Attributes:
        include_machine: unreviewed machine translation appears (marked ``class="mt"`` in
            HTML). False is ``--reviewed-only``: such units fall back to English.
        include_fuzzy: entries left fuzzy by a source change appear (marked ``class="fuzzy"``);
            by default they fall back to English, since they translate an older source.
        min_complete: percent (0-100) of source words that must be translated, as counted by
            ``completion``; below it ``publishable`` is False and the language is skipped for
            that article (like po4a's ``--keep``).
        count_machine: whether shown machine (and shown fuzzy) units count toward ``min_complete``.

    Raises:
        UsageError: ``min_complete`` outside 0-100.
    """

    include_machine: bool = True
    include_fuzzy: bool = False
    min_complete: float = 0.0
    count_machine: bool = True

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_complete <= 100.0:
            raise UsageError(f"min_complete must be a percentage between 0 and 100, not {self.min_complete}")


DEFAULT_POLICY = PublishPolicy()


@dataclass(frozen=True)
class Choice:
    """The text that stands in for one unit.

    Attributes:
        text: the msgstr, or for ``fallback`` the exact source characters (``Segment.source``).
        kind: ``reviewed``, ``machine``, ``fuzzy`` (shown only by policy) or ``fallback``.
    """

    text: str
    kind: Kind


_SHOWN: Mapping[str, Kind] = {"reviewed": "reviewed", "machine": "machine", "fuzzy": "fuzzy"}


def choose(seg: Segment, entry: Entry | None, policy: PublishPolicy = DEFAULT_POLICY) -> Choice:
    """Return what stands in for ``seg`` given its catalog ``entry`` (None if absent); see the table above."""
    if entry is not None and (
        entry.state == "reviewed"
        or (entry.state == "machine" and policy.include_machine)
        or (entry.state == "fuzzy" and policy.include_fuzzy)
    ):
        return Choice(entry.msgstr, _SHOWN[entry.state])
    return Choice(seg.source, "fallback")


def _choices(doc: Document, entries: Catalog, policy: PublishPolicy) -> list[Choice]:
    return [choose(s, entries.get((s.context, s.text)), policy) for s in doc.segments]


def completion(doc: Document, entries: Catalog, policy: PublishPolicy = DEFAULT_POLICY) -> float:
    """Return the percent (0-100) of the article's source words that a build would show translated.

    Words are counted on each unit's msgid (``l10n.status.word_count``). ``reviewed`` units
    count; ``machine`` and ``fuzzy`` units count when shown and ``policy.count_machine``.
    An article without words is 100% complete.
    """
    total = done = 0
    for seg, choice in zip(doc.segments, _choices(doc, entries, policy), strict=True):
        words = word_count(seg.text)
        total += words
        if choice.kind == "reviewed" or (choice.kind != "fallback" and policy.count_machine):
            done += words
    return 100.0 if total == 0 else 100.0 * done / total


def publishable(doc: Document, entries: Catalog, policy: PublishPolicy = DEFAULT_POLICY) -> bool:
    """Return True when ``completion`` reaches ``policy.min_complete`` (always True at 0)."""
    return policy.min_complete <= 0.0 or completion(doc, entries, policy) >= policy.min_complete


# --- Walking the skeleton ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    """A piece of output: a unit (with its choice), or the text between units."""

    kind: str  # a Choice kind, or "text" for gaps and literals
    text: str
    segment: Segment | None = None


@dataclass
class _Block:
    """The runs of one block (a paragraph, headline, caption, ...)."""

    index: int
    role: str
    runs: list[_Run] = field(default_factory=list)


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
            blocks.append(_Block(run.segment.block, run.segment.role))
        blocks[-1].runs.append(run)
        pending = []
    return blocks


def _restore(seg: Segment, text: str, escape: Callable[[str], str]) -> str:
    """Escape the plain parts of a translated ``text``; put the source markup back for placeholder tokens."""
    if not seg.placeholders:
        return escape(text)
    markup = {p.token: p.markup for p in seg.placeholders}
    pattern = "|".join(re.escape(t) for t in sorted(markup, key=len, reverse=True))
    parts = re.split(f"({pattern})", text)
    return "".join(markup[p] if p in markup else escape(p) for p in parts)


def _is_markdown(doc: Document) -> bool:
    return PurePosixPath(doc.path).suffix.lower() in (".md", ".markdown")


# --- Text and Markdown -------------------------------------------------------------------------


def build_text(doc: Document, entries: Catalog, lang: str, policy: PublishPolicy = DEFAULT_POLICY) -> str:
    """Return the localized article as text: the source skeleton filled, gaps joined for ``lang``.

    Placeholder tokens in a msgstr are turned back into the source markup. With no
    translations at all the result equals the source exactly.

    Raises:
        ConfigError: ``lang`` is not a CLDR locale (from ``l10n.locale``).
    """
    runs = _runs(doc, _choices(doc, entries, policy), sentence_joiner(lang))
    return "".join(
        r.text if r.segment is None or r.kind == "fallback" else _restore(r.segment, r.text, str)
        for r in runs
    )


_MD_INLINE = re.compile(r"([\\`*_\[\]<>#&|~])")
_MD_LINE_START = re.compile(r"^([ \t]*)(?:([-+=])|(\d+)([.)]))", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Backslash-escape ``text`` so that CommonMark renders it as the same plain text.

    Escaped everywhere: ``\\ ` * _ [ ] < > # & | ~``; at a line start also list and
    setext markers (``-``, ``+``, ``=``, ``1.``, ``1)``). CommonMark allows a backslash
    before any ASCII punctuation (spec 2.4), so escaping more than needed is harmless.
    Own code: markdown-it-py renders Markdown but has no function to escape plain text.
    """
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(
        lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}"), text
    )


_MD_PREFIX = {"headline": "# ", "title": "# ", "heading": "## "}


def build_markdown(doc: Document, entries: Catalog, lang: str, policy: PublishPolicy = DEFAULT_POLICY) -> str:
    """Return the localized article as Markdown.

    Markdown articles (``.md``): the skeleton filled like ``build_text``, translated text
    escaped with ``escape_markdown`` (placeholders back to their markup), English fallback
    left as its source Markdown. Plain-text articles: every block a Markdown paragraph
    (headline as ``# ``), all text escaped, blocks separated by a blank line, ending in a newline.

    Raises:
        ConfigError: ``lang`` is not a CLDR locale.
    """
    runs = _runs(doc, _choices(doc, entries, policy), sentence_joiner(lang))
    if _is_markdown(doc):
        return "".join(
            r.text
            if r.segment is None or r.kind == "fallback"
            else _restore(r.segment, r.text, escape_markdown)
            for r in runs
        )
    paragraphs = []
    for block in _blocks(runs):
        body = "".join(escape_markdown(r.text) for r in block.runs)
        paragraphs.append(_MD_PREFIX.get(block.role, "") + body)
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""


# --- HTML --------------------------------------------------------------------------------------

NOTICES: Mapping[str, str] = {
    "en": "This page contains machine translation that has not been reviewed.",
    "vi": "Trang này có bản dịch máy chưa được biên tập viên duyệt.",
    "fr": "Cette page contient une traduction automatique qui n’a pas été relue.",
    "de": "Diese Seite enthält maschinelle Übersetzungen, die nicht geprüft wurden.",
    "es": "Esta página contiene traducción automática que no ha sido revisada.",
    "zh-Hans": "本页包含未经人工审校的机器翻译。",
    "ja": "このページには、人による確認を経ていない機械翻訳が含まれています。",
    "ru": "Эта страница содержит машинный перевод, не прошедший редакторскую проверку.",
}
"""The unreviewed-translation notice per language tag (exact tag first, then the bare language
subtag); a language missing here gets the English notice marked ``lang="en"``. Our own wording,
kept short so editors can check it."""

_HTML_TAG = {"headline": "h1", "title": "h1", "heading": "h2"}
_HTML_CLASS = {"caption": "caption", "credit": "credit"}


def _notice(lang: str, source_lang: str) -> tuple[str, str | None]:
    """Return (notice text, lang attribute or None when the notice is in the page language)."""
    primary = lang.split("-")[0]
    for key in (lang, primary) if "-" not in lang else (lang,):
        if key in NOTICES:
            return NOTICES[key], None
    return NOTICES["en"], source_lang


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("l10n", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _url(base_url: str, lang: str, slug: str, *, relative: str) -> str:
    if base_url:
        return f"{base_url.rstrip('/')}/{lang}/{slug}.html"
    return f"{relative}{lang}/{slug}.html"


def _html_blocks(runs: Sequence[_Run]) -> list[dict]:
    """Blocks as the article template takes them: ``{"tag", "cls", "parts": [(kind, text), ...]}``."""
    blocks = []
    for block in _blocks(runs):
        # Fallback units show the msgid (NFC, wrapped lines joined) rather than raw source bytes.
        parts = [
            (r.kind, r.segment.text if r.kind == "fallback" and r.segment else r.text)
            for r in block.runs
            if r.text
        ]
        blocks.append(
            {"tag": _HTML_TAG.get(block.role, "p"), "cls": _HTML_CLASS.get(block.role), "parts": parts}
        )
    return blocks


def headline(
    doc: Document, entries: Catalog | None = None, lang: str = "en", policy: PublishPolicy = DEFAULT_POLICY
) -> str:
    """Return the article's headline as a build shows it (plain text; the slug if there is none).

    The first block with role ``headline`` (or ``title``); with no ``entries`` the English
    headline, e.g. for ``build_index``. This is the HTML ``<title>``.

    Raises:
        ConfigError: ``lang`` is not a CLDR locale.
    """
    runs = _runs(doc, _choices(doc, entries or {}, policy), sentence_joiner(lang))
    heading = next((b for b in _html_blocks(runs) if b["tag"] == "h1"), None)
    return "".join(text for _, text in heading["parts"]) if heading else doc.slug


def build_html(
    doc: Document,
    entries: Catalog,
    lang: str,
    policy: PublishPolicy = DEFAULT_POLICY,
    *,
    alternates: Sequence[str],
    base_url: str,
    source_lang: str = "en",
) -> str:
    """Return the localized article as an HTML5 page (template ``article.html.j2``, autoescaped).

    ``<html lang dir>`` from the BCP 47 tag and its CLDR direction; ``<title>`` is the built
    headline (the slug if the article has none); canonical link to this page; hreflang
    alternates for ``source_lang``, every tag in ``alternates``, this page and ``x-default``
    (the original). Headline ``<h1>``, blocks ``<p>`` (``class="caption"``/``"credit"``).
    English fallback units are ``<span lang="en">`` (not on the original's own page), shown
    machine units ``<span class="mt">``, shown fuzzy units ``<span class="fuzzy">``; with any
    of the latter two the page starts with a notice (see ``NOTICES``). All text is escaped,
    placeholder tokens included (turning them into markup is left to the Markdown work).

    Args:
        alternates: tags of the other languages this article is built in.
        base_url: site root, e.g. ``"https://example.org/news/"``; ``""`` gives relative links.
        source_lang: tag of the original.

    Raises:
        ConfigError: ``lang`` (or a tag in ``alternates``) is not a CLDR locale.
    """
    choices = _choices(doc, entries, policy)
    runs = _runs(doc, choices, sentence_joiner(lang))
    is_original = babel_locale(lang) == babel_locale(source_lang)
    blocks = _html_blocks(runs)
    heading = next((b for b in blocks if b["tag"] == "h1"), None)
    title = "".join(text for _, text in heading["parts"]) if heading else doc.slug
    unreviewed = any(c.kind in ("machine", "fuzzy") for c in choices)
    notice, notice_lang = _notice(lang, source_lang) if unreviewed else ("", None)
    hreflangs: list[str] = []
    for tag in (source_lang, *alternates, lang):
        babel_locale(tag)  # validates the tag
        if tag not in hreflangs:
            hreflangs.append(tag)
    links = [(tag, _url(base_url, tag, doc.slug, relative="../")) for tag in hreflangs]
    links.append(("x-default", _url(base_url, source_lang, doc.slug, relative="../")))
    return (
        _env()
        .get_template("article.html.j2")
        .render(
            lang=lang,
            dir=direction(lang),
            title=title,
            canonical=_url(base_url, lang, doc.slug, relative="../"),
            links=links,
            notice=notice,
            notice_lang=notice_lang,
            blocks=blocks,
            source_lang=source_lang,
            mark_fallback=not is_original,
        )
    )


@dataclass(frozen=True)
class IndexRow:
    """One article in ``build/index.html``.

    Attributes:
        slug: the article's slug.
        title: its headline in the source language.
        completion: language tag -> ``completion`` percent, or None when the language was not
            built (below ``min_complete`` or failed). Tags appear as columns in first-seen order.
    """

    slug: str
    title: str
    completion: Mapping[str, float | None]


def build_index(rows: Sequence[IndexRow], *, base_url: str, source_lang: str = "en") -> str:
    """Return ``build/index.html``: a table of articles x languages with completion percentages.

    Each article links to its original (``<source_lang>/<slug>.html``) and to every built
    language; percentages are formatted by Babel for ``source_lang``; column headers are CLDR
    language names in ``source_lang``. With an empty ``base_url`` links are relative to ``build/``.

    Raises:
        ConfigError: a language tag is not a CLDR locale.
    """
    langs: list[str] = []
    for row in rows:
        langs.extend(tag for tag in row.completion if tag not in langs)
    loc = babel_locale(source_lang)
    columns = [(tag, language_name(tag, source_lang)) for tag in langs]
    table = []
    for row in rows:
        cells = []
        for tag in langs:
            pct = row.completion.get(tag)
            if pct is None:
                cells.append(None)
            else:
                href = _url(base_url, tag, row.slug, relative="")
                # Rounded down, so that 99.6% never reads as complete.
                cells.append((href, format_percent(math.floor(pct) / 100, "#,##0%", locale=loc)))
        table.append(
            {"title": row.title, "href": _url(base_url, source_lang, row.slug, relative=""), "cells": cells}
        )
    return (
        _env()
        .get_template("index.html.j2")
        .render(lang=source_lang, dir=direction(source_lang), columns=columns, rows=table)
    )
