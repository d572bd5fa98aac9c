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

Markdown articles (``.md``) keep their markup: placeholder tokens go back to the source
markup (see ``build_markdown``, ``build_html`` and the "Markdown articles" section below);
``broken_units`` lists translations replaced by English because their tokens are broken.

Skipping a language below ``PublishPolicy.min_complete`` is the caller's decision: ask
``publishable`` before building; the builders themselves always build.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePosixPath
from typing import Literal as _Lit

import jinja2
from babel.numbers import format_percent
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.front_matter import front_matter_plugin

from l10n.errors import UsageError
from l10n.locale import babel_locale, direction, language_name, sentence_joiner
from l10n.markdown import TOKEN_RE, render_unit
from l10n.model import Document, Entry, Gap, Issue, Literal, Piece, Segment, Unit
from l10n.status import word_count

__all__ = [
    "Choice",
    "IndexRow",
    "PublishPolicy",
    "broken_units",
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


# --- Markdown articles -------------------------------------------------------------------------
#
# A unit of a Markdown article has placeholder tokens (``<1>``, ``</1>``, ``<2/>``) for its
# inline markup; ``l10n.markdown.render_unit`` turns a msgstr back into Markdown. A shown
# translation whose tokens are broken (missing, repeated, unknown, badly nested, or inline
# HTML tags reordered) is replaced by the English source unit; ``broken_units`` lists them.
#
# HTML: the block structure comes from the *source* article (parsed once with markdown-it-py);
# each inline run (paragraph, heading, list item, table cell) is replaced by its units, each
# rendered on its own with ``MarkdownIt.renderInline`` (link references from the source
# resolve) and wrapped in its span. So a translator can neither change the block structure
# nor put raw HTML into the page: text between tokens is shown as text (Markdown backslash
# escapes and entity references are read as Markdown would, everything else is escaped);
# only the placeholders become markup.

_MD_BLOCK_ROLES = ("paragraph", "list-item", "quote")
# A translated unit that starts a block must not start with block syntax ("- ", "1. ", "#").
_MD_BLOCK_START = re.compile(r"(?:#{1,6}|[-+*])(?=[ \t]|$)|>|\d{1,9}[.)](?=[ \t]|$)|`{3}|~{3}")
_MD_RULE = re.compile(r"(?:[-*_][ \t]*){3,}$")
_ATX_OPEN = re.compile(r"(?:^|\n)[ \t>]*(?:[-+*]|\d{1,9}[.)])?[ \t]*#{1,6}[ \t]+$")
_ATX_CLOSE = re.compile(r"(?:^|(?<=[ \t]))(#+[ \t]*)$")
_LINE_PREFIX = re.compile(r"\n[ \t>]*")  # a container prefix after a line break in source markup
_YAML_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`]|: | #|:$|^\s|\s$")


@cache
def _md_parser() -> MarkdownIt:
    """Renders Markdown articles: the same syntax ``l10n.markdown`` segments."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)


@cache
def _md_text_parser() -> MarkdownIt:
    """Reads translated text as Markdown text only: backslash escapes and entities, nothing else."""
    return MarkdownIt("zero").enable(["escape", "entity"])


@dataclass(frozen=True)
class _MdUnit:
    """One unit of a Markdown article after the choice.

    Attributes:
        choice: what is shown (``fallback`` also when a translation's tokens are broken).
        markdown: the Markdown that stands in the unit's place (``seg.source`` for fallback).
        error: why a shown translation was replaced by the source, else None.
    """

    choice: Choice
    markdown: str
    error: str | None = None


def _render_checked(seg: Segment, text: str) -> str:
    """``render_unit``, plus: inline HTML placeholders keep their source order (else the tags cross).

    Raises:
        ValueError: the tokens of ``text`` do not fit ``seg``.
    """
    out = render_unit(seg, text)
    tags = [p.token for p in seg.placeholders if p.kind == "html"]
    if len(tags) > 1 and [t for t in TOKEN_RE.findall(text) if t in tags] != tags:
        raise ValueError("inline HTML placeholders reordered in translation")
    return out


def _md_units(doc: Document, entries: Catalog, policy: PublishPolicy) -> list[_MdUnit]:
    out = []
    for seg, choice in zip(doc.segments, _choices(doc, entries, policy), strict=True):
        if choice.kind == "fallback":
            out.append(_MdUnit(choice, seg.source))
            continue
        text = choice.text.strip()
        try:
            out.append(_MdUnit(Choice(text, choice.kind), _render_checked(seg, text)))
        except ValueError as exc:
            out.append(_MdUnit(Choice(seg.source, "fallback"), seg.source, str(exc)))
    return out


def broken_units(doc: Document, entries: Catalog, policy: PublishPolicy = DEFAULT_POLICY) -> list[Issue]:
    """Return the units whose shown translation a Markdown build replaces by the English source.

    A translation is replaced when its placeholder tokens do not fit the unit: a token
    missing, repeated or unknown, tokens badly nested (``</1>`` before ``<1>``), or inline
    HTML tags (``<b>``...) put in another order. Only translations that ``policy`` shows count.

    Args:
        doc: the article (``.md``; a plain-text article has no placeholders and gives ``[]``).
        entries: ``(msgctxt, msgid) -> Entry`` of one language.
        policy: what the build shows.

    Returns:
        One ``Issue`` (severity ``warning``, code ``placeholder-broken``) per unit, at the
        unit's source line in ``doc.path``, in document order.
    """
    if not _is_markdown(doc):
        return []
    return [
        Issue(doc.path, seg.line, "warning", "placeholder-broken", f"{u.error}; English shown: {seg.text!r}")
        for seg, u in zip(doc.segments, _md_units(doc, entries, policy), strict=True)
        if u.error
    ]


def _previous_pieces(doc: Document) -> dict[int, Piece | None]:
    """Unit index -> the skeleton piece right before it (None at the start)."""
    out: dict[int, Piece | None] = {}
    prev: Piece | None = None
    for piece in doc.skeleton:
        if isinstance(piece, Unit):
            out[piece.index] = prev
        prev = piece
    return out


def _yaml_quote(prev: Piece | None) -> str:
    """The quote (``"``, ``'``) a front matter value opens with, or ``""`` for a plain scalar."""
    last = prev.text[-1:] if isinstance(prev, Literal) else ""
    return last if last in ("'", '"') else ""


def _yaml_fit(text: str, quote: str) -> str:
    """Make a translated front matter value valid YAML where the source value stood."""
    if quote == '"':
        return re.sub(r'(?<!\\)"', r'\\"', text)
    if quote == "'":
        return re.sub(r"(?<!')'(?!')", "''", text)
    if _YAML_PLAIN_UNSAFE.search(text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _yaml_plain(text: str, quote: str) -> str:
    """The plain text of a front matter value as written between ``quote`` (simple escapes only)."""
    if quote == '"':
        return re.sub(r"\\(.)", r"\1", text)
    return text.replace("''", "'") if quote == "'" else text


def _guard_block_start(text: str) -> str:
    """Backslash-escape block syntax at the start of a translated unit that starts a block."""
    if _MD_RULE.match(text):
        return "\\" + text
    m = _MD_BLOCK_START.match(text)
    if not m:
        return text
    if text[0].isdigit():
        return text[: m.end() - 1] + "\\" + text[m.end() - 1 :]
    return "\\" + text


def _build_markdown_article(doc: Document, units: Sequence[_MdUnit], joiner: str) -> str:
    """Fill the skeleton of a Markdown article (see ``build_markdown``)."""
    out: list[str] = []
    prev: Piece | None = None
    prev_kind: str | None = None
    for i, piece in enumerate(doc.skeleton):
        if isinstance(piece, Unit):
            seg, u = doc.segments[piece.index], units[piece.index]
            text = u.markdown
            if u.choice.kind != "fallback":
                if seg.role == "title":
                    text = _yaml_fit(text, _yaml_quote(prev))
                elif seg.role in _MD_BLOCK_ROLES and not isinstance(prev, Gap):
                    text = _guard_block_start(text)
                elif isinstance(prev, Literal) and _ATX_OPEN.search(prev.text):
                    text = _ATX_CLOSE.sub(r"\\\1", text)  # "## Số #" would lose its "#"
            out.append(text)
            prev_kind = u.choice.kind
        elif isinstance(piece, Gap):
            nxt = doc.skeleton[i + 1] if i + 1 < len(doc.skeleton) else None
            next_kind = units[nxt.index].choice.kind if isinstance(nxt, Unit) else "fallback"
            if prev_kind != "fallback":
                out.append(joiner)
            elif next_kind != "fallback" and "\n" in piece.text:
                out.append(" ")  # a translation never starts a line: it could read as block syntax
            else:
                out.append(piece.text)
        else:
            out.append(piece.text)
        prev = piece
    return "".join(out)


def _unit_source(seg: Segment, text: str, *, trusted: bool) -> str:
    """Markdown for one unit's inline HTML: ``text`` (msgid or msgstr) with tokens as source markup.

    Untrusted text (a msgstr) is read as Markdown text (escapes, entities) and escaped again,
    so that only the placeholders become markup.
    """
    markup = {p.token: _LINE_PREFIX.sub("\n", p.markup) for p in seg.placeholders}
    parts = TOKEN_RE.split(text)
    found = TOKEN_RE.findall(text)
    out: list[str] = []
    for i, part in enumerate(parts):
        part = re.sub(r"\s*\n\s*", " ", part)
        if not trusted:
            plain = "".join(t.content for t in _md_text_parser().parseInline(part)[0].children or [])
            part = escape_markdown(plain)
            if part.endswith("!"):
                part = part[:-1] + "\\!"  # "!" before a link's "[" would make it an image
        out.append(part)
        if i < len(found):
            token = found[i]
            out.append(markup.get(token) or (token if trusted else escape_markdown(token)))
    return "".join(out)


def _md_unit_src(seg: Segment, u: _MdUnit) -> str:
    if u.choice.kind == "fallback":
        return _unit_source(seg, seg.text, trusted=True)
    return _unit_source(seg, u.choice.text, trusted=False)


def _inline_text(tokens: Sequence[Token]) -> str:
    """Plain text of inline tokens (text, code, image alt), for ``<title>``."""
    out: list[str] = []
    for t in tokens:
        if t.type in ("text", "code_inline", "text_special"):
            out.append(t.content)
        elif t.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif t.type == "image":
            out.append(_inline_text(t.children or []))
    return "".join(out)


def _md_title(doc: Document, units: Sequence[_MdUnit], joiner: str) -> str | None:
    """Plain-text title: the front matter title, else the first heading; None if neither."""
    prev = _previous_pieces(doc)
    first = next((s for s in doc.segments if s.role == "title"), None)
    if first is None:
        first = next((s for s in doc.segments if s.role in ("headline", "heading")), None)
    if first is None:
        return None
    parts: list[str] = []
    for k, seg in enumerate(doc.segments):
        if seg.block != first.block:
            continue
        u = units[k]
        if parts:
            parts.append(joiner if units[k - 1].choice.kind != "fallback" else " ")
        if seg.role == "title":
            quote = _yaml_quote(prev[k])
            parts.append(_yaml_plain(seg.text if u.choice.kind == "fallback" else u.choice.text, quote))
        else:
            tokens = _md_parser().parseInline(_md_unit_src(seg, u), {})[0].children or []
            parts.append(_inline_text(tokens))
    return re.sub(r"\s+", " ", "".join(parts)).strip() or None


def _md_groups(doc: Document) -> list[list[int]]:
    """Unit indexes grouped by block, in document order, front matter units left out."""
    groups: list[list[int]] = []
    for k, seg in enumerate(doc.segments):
        if seg.role == "title":
            continue
        if groups and doc.segments[groups[-1][0]].block == seg.block:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


def _belongs(tok: Token, seg: Segment) -> bool:
    """True if ``seg`` (the first unit of a block) is in the inline run ``tok``."""
    if tok.map is None or not tok.map[0] <= seg.line - 1 < tok.map[1]:
        return False
    first_line = seg.source.split("\n", 1)[0].rstrip().replace("\\|", "|")
    return first_line in tok.content


@dataclass(frozen=True)
class _Marks:
    """How units are marked in HTML."""

    fallback_lang: str | None  # lang of English fallback spans; None on the original's own page
    joiner: str


def _span(kind: str, inner: str, marks: _Marks) -> str:
    if kind == "fallback" and marks.fallback_lang:
        return f'<span lang="{html.escape(marks.fallback_lang)}">{inner}</span>'
    if kind in ("machine", "fuzzy"):
        return f'<span class="{"mt" if kind == "machine" else "fuzzy"}">{inner}</span>'
    return inner


def _md_body(doc: Document, units: Sequence[_MdUnit], marks: _Marks) -> str:
    """The article body: source blocks rendered, each inline run made of its units' HTML."""
    md = _md_parser()
    env: dict = {}
    tokens = md.parse(doc.render(lambda s: s.source), env)
    prev = _previous_pieces(doc)
    groups = _md_groups(doc)
    g = 0
    for tok in tokens:
        if tok.type != "inline" or tok.map is None:
            continue
        while g < len(groups) and doc.segments[groups[g][0]].line - 1 < tok.map[0]:
            g += 1  # defensive: a block not matched to its run (that run shows its source)
        if g >= len(groups) or not _belongs(tok, doc.segments[groups[g][0]]):
            continue
        out: list[str] = []
        for k in groups[g]:
            seg, u = doc.segments[k], units[k]
            gap = prev[k]
            if isinstance(gap, Gap):
                if units[k - 1].choice.kind != "fallback":
                    out.append(marks.joiner)
                else:
                    out.append("\n" if "\n" in gap.text else gap.text)
            out.append(_span(u.choice.kind, md.renderInline(_md_unit_src(seg, u), env), marks))
        tok.children = [Token("html_inline", "", 0, content="".join(out))]
        g += 1
    return md.renderer.render(tokens, md.options, env).strip("\n")


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

    Markdown articles (``.md``): the skeleton filled with each unit's text. A shown
    translation goes through ``l10n.markdown.render_unit`` (placeholders back to their
    markup, in the translator's order) and is otherwise kept as written: a msgstr is
    Markdown already, so entities and backslash escapes are not escaped again. A
    translation whose tokens are broken is replaced by the English source unit (listed by
    ``broken_units``); English units are ``Segment.source`` exactly, so with no translations
    the result equals the source. Three guards keep the structure: a gap after a
    translated unit becomes the language's joiner and a line-breaking gap before one a
    space (a translation never starts a line); a translation that starts a paragraph, list
    item or quote gets a backslash before leading block syntax (``1.``, ``-``, ``#``, ``>``);
    a translated front matter value is quoted/escaped to stay the same YAML scalar.

    Plain-text articles: every block a Markdown paragraph (headline as ``# ``), all text
    escaped with ``escape_markdown``, blocks separated by a blank line, ending in a newline.

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
    if _is_markdown(doc):
        return _build_markdown_article(doc, _md_units(doc, entries, policy), sentence_joiner(lang))
    runs = _runs(doc, _choices(doc, entries, policy), sentence_joiner(lang))
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
    if _is_markdown(doc):
        joiner = sentence_joiner(lang)
        return _md_title(doc, _md_units(doc, entries or {}, policy), joiner) or doc.slug
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
    placeholder tokens included.

    Markdown articles (``.md``): the body is the source article rendered by markdown-it-py
    (CommonMark, tables, strikethrough; front matter not shown), each inline run (heading,
    paragraph, list item, table cell) made of its units: a translation with its placeholders
    turned back into the source markup, every other ``<``, ``&`` or Markdown character of the
    msgstr shown as text (backslash escapes and entities are read first); a translation with
    broken tokens shows the English unit. Spans as above, one per unit. ``<title>`` is the
    front matter ``title`` (as built), else the first heading, as plain text.

    Args:
        alternates: tags of the other languages this article is built in.
        base_url: site root, e.g. ``"https://example.org/news/"``; ``""`` gives relative links.
        source_lang: tag of the original.

    Raises:
        ConfigError: ``lang`` (or a tag in ``alternates``) is not a CLDR locale.
    """
    joiner = sentence_joiner(lang)
    is_original = babel_locale(lang) == babel_locale(source_lang)
    body: Markup | None = None
    blocks: list[dict] = []
    if _is_markdown(doc):
        units = _md_units(doc, entries, policy)
        choices = [u.choice for u in units]
        marks = _Marks(None if is_original else source_lang, joiner)
        body = Markup(_md_body(doc, units, marks))  # our own HTML, built from escaped parts
        title = _md_title(doc, units, joiner) or doc.slug
    else:
        choices = _choices(doc, entries, policy)
        blocks = _html_blocks(_runs(doc, choices, joiner))
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
            body=body,
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
