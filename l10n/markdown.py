"""Markdown article -> ``Document``, inline markup as numbered placeholders, lossless.

The article is parsed with markdown-it-py (CommonMark, plus GFM tables and strikethrough,
plus YAML front matter from mdit-py-plugins). Translated blocks and their roles:

    front matter ``title:`` (and other ``front_matter_keys``)   ``title``
    first level-1 heading / other headings                      ``headline`` / ``heading``
    paragraph (innermost container decides)                     ``paragraph``, ``list-item``, ``quote``
    table cell (header and body)                                ``table-cell``

Indented and fenced code, HTML blocks, the rest of the front matter, list markers,
``>`` prefixes, table pipes and link reference definitions stay in the skeleton.

Inline markup becomes placeholders in the msgid, numbered from 1 in each unit:

    ``**bold**``, ``*em*``, ``~~del~~``     ``<1>bold</1>``  (open/close markup ``**``)
    ``[text](url "title")``                 ``<1>text</1>``  (open ``[``, close ``](url "title")``)
    ``![alt](img.png)``                     ``<1>alt</1>``   (alt text is translatable; empty alt: ``<1/>``)
    ```code```, ``<http://x>``, ``<b>``, hard line break, literal ``<1>`` text       ``<1/>``

Everything else in the msgid is the raw source text: entities (``&amp;``) and backslash
escapes (``\\*``) are kept as written, and a soft line break (with the next line's
``>`` or indentation prefix) becomes one space. Link targets, image paths and code
never appear in a msgid.

How offsets are found (markdown-it-py gives block line maps but no inline offsets): the
source lines of a block are aligned with the token's ``content`` (each content line is
a suffix of its source line for paragraphs; headings and table cells are located on
their line); then the inline children are located one after another in ``content``,
each exactly where the previous one ended. Anything that does not line up makes the
block one unit with its raw text (and a warning), so no text is ever lost.

The rules are ours: CommonMark spec and markdown-it-py's token stream; mdpo and
Translate Toolkit were read for ideas (placeholders, golden files), no code taken.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import pysbd
from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkLabel, parseLinkTitle
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from l10n.errors import SourceError, UsageError
from l10n.model import Document, Gap, Issue, Literal, Piece, Placeholder, Segment, Unit
from l10n.segment import UNITS, sentence_spans

__all__ = ["TOKEN_RE", "render_unit", "segment_markdown"]

TOKEN_RE = re.compile(r"</?\d+/?>")
"""A placeholder token in a msgid or msgstr: ``<1>``, ``</1>`` or ``<1/>``."""

_BOM = "\ufeff"
_NEWLINE = re.compile(r"\r\n?|\n")  # what markdown-it-py's normalize rule turns into "\n"
_SOFT_BREAK = re.compile(r"[ \t]*(?:\r\n?|\n)[ \t>]*")
_PAIRED = {"em_open": "em", "strong_open": "strong", "s_open": "strike"}
_CLOSING = {"em_close": "em", "strong_close": "strong", "s_close": "strike"}
_RAW_MARKUP = ("**", "__", "~~", "`")
_LIST_MARKER = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)")
_FRONT_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")
_TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)


@functools.cache
def _parser() -> MarkdownIt:
    """The shared parser (markdown-it-py keeps no per-parse state in it; ``env`` is per call)."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)
    md.disable("text_join")  # keep entities and escapes as their own tokens, with their raw markup
    return md


class _Unmapped(Exception):
    """Internal: an inline run could not be lined up with the source."""


@dataclass
class _Atom:
    """A located inline piece: ``[start, end)`` offsets, first in ``content``, later in the source.

    kind: ``text`` (raw source), ``space`` (soft break), ``open``/``close`` (paired markup)
    or ``atomic``; ``what`` names the markup (``strong``, ``link``...), ``pair`` links an
    open to its close.
    """

    kind: str
    start: int
    end: int
    what: str = ""
    pair: int = -1


@dataclass
class _Span:
    """A unit found in a block, before it gets its index: source offsets and segment data."""

    start: int
    end: int
    text: str
    block: int
    role: str
    placeholders: tuple[Placeholder, ...] = ()


class _Lines:
    """Line offsets of the source (lines end at ``\\r\\n``, ``\\r`` or ``\\n``, like markdown-it)."""

    def __init__(self, text: str, offset: int) -> None:
        self.text = text
        self.starts = [offset]
        self.ends: list[int] = []
        for m in _NEWLINE.finditer(text, offset):
            self.ends.append(m.start())
            self.starts.append(m.end())
        self.ends.append(len(text))

    def line(self, i: int) -> str:
        return self.text[self.starts[i] : self.ends[i]]

    def number(self, offset: int) -> int:
        """1-based line number of a source offset."""
        return bisect.bisect_right(self.starts, offset)


class _Context:
    """Per-article state: source, parser, warnings and found units."""

    def __init__(self, text: str, offset: int, path: str, unit: str, md: MarkdownIt, env: dict) -> None:
        self.text = text
        self.lines = _Lines(text, offset)
        self.path = path
        self.unit = unit
        self.md = md
        self.env = env
        self.segmenter = pysbd.Segmenter(language="en", clean=False) if unit == "sentence" else None
        self.issues: list[Issue] = []
        self.spans: list[_Span] = []
        self.block = 0
        self.headline_seen = False

    def warn(self, line: int, code: str, message: str) -> None:
        self.issues.append(Issue(self.path, line, "warning", code, message))


# --- public API --------------------------------------------------------------------------------


def segment_markdown(
    text: str,
    *,
    path: str,
    slug: str,
    unit: str = "sentence",
    front_matter_keys: Sequence[str] = ("title",),
) -> tuple[Document, list[Issue]]:
    """Cut a Markdown article into translation units, inline markup as placeholders.

    See the module docstring for the blocks, roles and placeholder rules. Units never
    start or end with whitespace, never split a placeholder pair (pysbd's split is moved
    past closing tokens, and dropped where a pair would still be cut), and hold some text
    besides placeholders. ``doc.render(lambda s: s.source) == text`` exactly, and so does
    ``doc.render(lambda s: render_unit(s, s.text))``.

    Args:
        text: the whole article as read by ``l10n.segment.read_source`` (BOM and CRLF kept).
        path: source path for references and warnings (``"source/x.md"``).
        slug: catalog name (``"x"``).
        unit: ``"sentence"`` (pysbd, as for text articles) or ``"paragraph"`` (one unit a block).
        front_matter_keys: top-level front matter keys whose one-line value is translated
            (role ``title``); other keys are kept as they are.

    Returns:
        ``(document, warnings)``: ``Segment.text`` is the NFC msgid, ``Segment.source`` the
        exact characters, ``Segment.placeholders`` one ``Placeholder`` per token, in order.
        Warnings (``Issue``, severity ``warning``, never raised) name ``path:line`` for a
        block that could not be mapped and became one raw unit (``markdown-unmapped``),
        raw-looking markup left in a msgid such as an unclosed ``**`` (``markdown-raw-markup``),
        text kept untranslated in an HTML block (``markdown-html-block``) or in table cells
        beyond the header's columns (``markdown-table-extra-cells``), and front matter
        values that are not one-line scalars (``markdown-front-matter``).

    Raises:
        UsageError: ``unit`` is not one of ``l10n.segment.UNITS``.
        SourceError: (path=path) markdown-it-py cannot parse the text (e.g. nesting too deep).
    """
    if unit not in UNITS:
        raise UsageError(f"unknown unit {unit!r}: expected one of {', '.join(UNITS)}")
    offset = 1 if text.startswith(_BOM) else 0
    md = _parser()
    env: dict = {}
    try:
        tokens = md.parse(text[offset:], env)
    except (RecursionError, ValueError, IndexError) as exc:  # defensive: markdown-it should not fail
        raise SourceError(f"cannot parse Markdown: {exc}", path=path) from None
    ctx = _Context(text, offset, path, unit, md, env)
    _walk(ctx, tokens, tuple(front_matter_keys))
    return _document(ctx, path, slug), ctx.issues


def render_unit(seg: Segment, translation: str) -> str:
    """Turn a msgstr with placeholder tokens back into Markdown source.

    A translation equal to the msgid gives back ``seg.source`` exactly (line wrapping,
    NFD text and all). Otherwise each token is replaced by its ``Placeholder.markup``;
    tokens may be reordered but must each appear exactly once and nest properly. Plain
    text is inserted as written (it is raw Markdown, like the msgid), except that line
    breaks become one space (Markdown treats a soft break as a space, and headings and
    table cells must stay on one line), and in a ``table-cell`` an unescaped ``|``
    becomes ``\\|``.

    Args:
        seg: the unit (from ``segment_markdown``).
        translation: the msgstr.

    Returns:
        The Markdown text to put in the unit's place.

    Raises:
        ValueError: a token of ``seg`` is missing or repeated, an unknown token appears, or
            the tokens do not nest (``</1>`` before ``<1>``, ``<1><2></1></2>``). The build
            is expected to catch it and use the source text instead.
    """
    if translation == seg.text:
        return seg.source
    markup = {p.token: p.markup for p in seg.placeholders}
    parts = TOKEN_RE.split(translation)
    found = TOKEN_RE.findall(translation)
    if markup:
        _check_tokens(found, markup)
    out: list[str] = []
    for i, part in enumerate(parts):
        part = re.sub(r"\s*\n\s*", " ", part)
        if seg.role == "table-cell":
            part = re.sub(r"(?<!\\)\|", r"\\|", part)
        out.append(part)
        if i < len(found):
            out.append(markup.get(found[i], found[i]))
    return "".join(out)


def _check_tokens(found: list[str], markup: dict[str, str]) -> None:
    """Raise ValueError unless ``found`` has every token of ``markup`` once, properly nested."""
    unknown = [t for t in found if t not in markup]
    if unknown:
        raise ValueError(f"unknown placeholder {unknown[0]} in translation")
    for token in markup:
        n = found.count(token)
        if n != 1:
            raise ValueError(f"placeholder {token} {'missing' if n == 0 else 'repeated'} in translation")
    stack: list[str] = []
    for token in found:
        if token.endswith("/>"):
            continue
        if token.startswith("</"):
            if not stack or stack[-1] != token[2:-1]:
                raise ValueError(f"placeholder {token} closes out of order in translation")
            stack.pop()
        else:
            stack.append(token[1:-1])


# --- block walk --------------------------------------------------------------------------------


def _walk(ctx: _Context, tokens: list[Token], keys: tuple[str, ...]) -> None:
    """Visit block tokens in order; hand each translatable inline run to ``_block``."""
    containers: list[tuple[str, int]] = []  # (role, first line) of open blockquotes / list items
    heading, heading_markup = "", ""
    in_table = False
    row_line, row_cursor, row_base = -1, 0, 0
    for tok in tokens:
        t = tok.type
        if t == "front_matter" and tok.map:
            _front_matter(ctx, tok.map, keys)
        elif t == "blockquote_open":
            containers.append(("quote", tok.map[0] if tok.map else -1))
        elif t == "list_item_open":
            containers.append(("list-item", tok.map[0] if tok.map else -1))
        elif t in ("blockquote_close", "list_item_close") and containers:
            containers.pop()
        elif t == "heading_open":
            heading_markup = tok.markup
            if tok.tag == "h1" and not ctx.headline_seen:
                ctx.headline_seen = True
                heading = "headline"
            else:
                heading = "heading"
        elif t == "heading_close":
            heading = ""
        elif t == "table_open":
            in_table = True
        elif t == "table_close":
            in_table = False
        elif t == "tr_open" and tok.map:
            row_line = tok.map[0]
            row_base = ctx.lines.starts[row_line]
            row_cursor = _row_start(ctx, row_line, containers)
        elif t == "tr_close" and row_line >= 0:
            _check_row_rest(ctx, row_line, row_cursor)
            row_line = -1
        elif t == "html_block":
            if any(c.isalpha() for c in _TAG_OR_COMMENT.sub("", tok.content)):
                line = tok.map[0] + 1 if tok.map else 0
                ctx.warn(line, "markdown-html-block", "HTML block with text kept untranslated")
        elif t == "inline" and tok.map:
            if in_table and row_line >= 0:
                row_cursor = _cell(ctx, tok, row_line, row_base, row_cursor)
            elif heading:
                _block(ctx, tok, heading, _heading_pos(ctx, tok, atx=heading_markup.startswith("#")))
            else:
                role = containers[-1][0] if containers else "paragraph"
                _block(ctx, tok, role, _paragraph_pos(ctx, tok))


def _paragraph_pos(ctx: _Context, tok: Token) -> list[int] | None:
    """Source offset of each ``tok.content`` character: each content line is a suffix of its line.

    markdown-it strips the content with ``str.strip``, so lines holding only such
    whitespace (e.g. a no-break space, which is not blank to CommonMark) may vanish at the
    start or end: the first alignment that fits, moving down from the block's first line, wins.
    """
    assert tok.map is not None
    content_lines = tok.content.split("\n")
    first, end = tok.map
    for shift in range(max(1, end - first - len(content_lines) + 1)):
        pos = _align_lines(ctx, content_lines, first + shift)
        if pos is not None:
            return pos
    return None


def _align_lines(ctx: _Context, content_lines: list[str], first: int) -> list[int] | None:
    pos: list[int] = []
    for i, cl in enumerate(content_lines):
        li = first + i
        if li >= len(ctx.lines.starts):
            return None
        line = ctx.lines.line(li)
        if i == len(content_lines) - 1:
            line = line.rstrip()
        rest = cl.lstrip(" ")
        start = ctx.lines.starts[li] + len(line) - len(rest)
        if line.endswith(cl):
            start -= len(cl) - len(rest)
        elif line.endswith(rest) and "\t" in line[: len(line) - len(rest)]:
            # markdown-it expands a tab cut by the indentation into spaces; a line's leading
            # spaces always fall inside a line-break atom, so mapping them all to one place is safe
            pos.extend([start - 1] * (len(cl) - len(rest)))
            cl = rest
        else:
            return None
        pos.extend(range(start, start + len(cl)))
        if i < len(content_lines) - 1:
            pos.append(ctx.lines.ends[li])
    return pos


def _heading_pos(ctx: _Context, tok: Token, *, atx: bool) -> list[int] | None:
    """Like ``_paragraph_pos``; an ATX heading's text starts after its ``#`` run and spaces."""
    assert tok.map is not None
    if not atx:
        return _paragraph_pos(ctx, tok)  # setext heading: text lines as a paragraph
    line = ctx.lines.line(tok.map[0])
    hashes = line.find("#")  # container prefixes (">", list markers) hold no "#"
    if hashes < 0:
        return None
    i = hashes
    while i < len(line) and line[i] == "#":
        i += 1
    while i < len(line) and line[i].isspace():  # the content is str.strip()ped
        i += 1
    if not line.startswith(tok.content, i):
        return None
    start = ctx.lines.starts[tok.map[0]] + i
    return list(range(start, start + len(tok.content)))


def _row_start(ctx: _Context, line_index: int, containers: list[tuple[str, int]]) -> int:
    """Offset in the row's line after container prefixes (``>``, list marker) and a leading ``|``."""
    line = ctx.lines.line(line_index)
    item_starts_here = any(role == "list-item" and first == line_index for role, first in containers)
    i = _skip(line, 0, " \t>")
    m = _LIST_MARKER.match(line, i) if item_starts_here else None
    while m:
        i = _skip(line, m.end(), " \t>")
        m = _LIST_MARKER.match(line, i)
    if line.startswith("|", i):
        i += 1
    return i


def _cell(ctx: _Context, tok: Token, line_index: int, base: int, cursor: int) -> int:
    """Map one table cell (``content`` trimmed, ``\\|`` unescaped by markdown-it) and segment it.

    Returns the cursor in the row's line after the cell and its ``|``.
    """
    line = ctx.lines.line(line_index)
    i = _skip_ws(line, cursor, len(line))  # the content is str.strip()ped
    pos: list[int] = []
    for ch in tok.content:
        if line.startswith("\\|", i) and ch == "|":
            i += 1
        if i >= len(line) or line[i] != ch:
            break
        pos.append(base + i)
        i += 1
    if len(pos) != len(tok.content):
        # Unmappable cell: the rest of the row up to the next "|" as one raw unit.
        end = line.find("|", i)
        end = len(line) if end < 0 else end
        s, e = _trim_range(line, _skip(line, cursor, " \t"), end)
        pos = list(range(base + s, base + e))
        ctx.warn(line_index + 1, "markdown-unmapped", "table cell kept as one unit")
        _raw_unit(ctx, pos, "table-cell")
        i = end
    else:
        _block(ctx, tok, "table-cell", pos)
    i = _skip(line, i, " \t")
    if line.startswith("|", i):
        i += 1
    return i


def _check_row_rest(ctx: _Context, line_index: int, cursor: int) -> None:
    """Warn when a table row has text after its last mapped cell (cells beyond the header's count)."""
    rest = ctx.lines.line(line_index)[cursor:]
    if rest.strip(" \t|"):
        ctx.warn(
            line_index + 1,
            "markdown-table-extra-cells",
            "table row has more cells than the header; the extra cells are kept untranslated",
        )


def _front_matter(ctx: _Context, line_map: list[int], keys: tuple[str, ...]) -> None:
    """Make a unit of each one-line scalar value of a translated top-level key."""
    first, end = line_map
    for li in range(first + 1, end - 1):
        line = ctx.lines.line(li)
        m = _FRONT_KEY.match(line)
        if not m or m.group(1) not in keys:
            continue
        raw = m.group(2) or ""
        vs = m.start(2) if m.group(2) is not None else len(line)
        nxt = ctx.lines.line(li + 1) if li + 1 < end - 1 else ""
        if not raw or raw[0] in "|>" or (raw[0] not in "\"'" and nxt[:1] in (" ", "\t")):
            ctx.warn(
                li + 1, "markdown-front-matter", f"{m.group(1)!r} is not a one-line value; not translated"
            )
            continue
        if raw[0] in "\"'":
            close = _closing_quote(raw)
            if close < 0:
                ctx.warn(
                    li + 1, "markdown-front-matter", f"{m.group(1)!r} has an unclosed quote; not translated"
                )
                continue
            s, e = vs + 1, vs + close
        else:
            comment = re.search(r"[ \t]#", raw)
            s, e = vs, vs + (comment.start() if comment else len(raw))
        s, e = _trim_range(line, s, e)
        if s < e:
            base = ctx.lines.starts[li]
            _add(ctx, base + s, base + e, [_Atom("text", base + s, base + e)], "title")
            ctx.block += 1


def _closing_quote(raw: str) -> int:
    """Index of the quote closing the YAML scalar ``raw`` (``\\"`` and ``''`` escapes), or -1."""
    q = raw[0]
    i = 1
    while i < len(raw):
        if q == '"' and raw[i] == "\\":
            i += 2
            continue
        if raw[i] == q:
            if q == "'" and raw.startswith("''", i):
                i += 2
                continue
            return i if not raw[i + 1 :].strip() or raw[i + 1 :].lstrip().startswith("#") else -1
        i += 1
    return -1


# --- inline run -> atoms -----------------------------------------------------------------------


def _block(ctx: _Context, tok: Token, role: str, pos: list[int] | None) -> None:
    """Segment one inline run whose content characters sit at source offsets ``pos``."""
    assert tok.map is not None
    if not tok.content.strip():
        return
    line = tok.map[0] + 1
    if pos is None or len(pos) != len(tok.content):
        ctx.warn(line, "markdown-unmapped", "block could not be lined up with the source; kept as one unit")
        _raw_unit(ctx, _fallback_pos(ctx, tok), role)
        return
    try:
        state = StateInline(tok.content, ctx.md, ctx.env, [])
        atoms = _Locator(tok.content, state).run(tok.children or [])
    except _Unmapped as exc:
        ctx.warn(line, "markdown-unmapped", f"inline markup not mapped ({exc}); block kept as one unit")
        _raw_unit(ctx, pos, role)
        return
    _to_source(atoms, pos)
    atoms = _split_literal_tokens(ctx.text, atoms)
    raw = [ctx.text[a.start : a.end] for a in atoms if a.kind == "text"]
    if any(m in part for part in raw for m in _RAW_MARKUP):
        ctx.warn(line, "markdown-raw-markup", "unmatched inline markup (e.g. '**', '`') left in the text")
    _units(ctx, atoms, role)


def _fallback_pos(ctx: _Context, tok: Token) -> list[int]:
    """The block's lines, trimmed, without the first line's container prefix (last resort)."""
    assert tok.map is not None
    first, last = tok.map[0], max(tok.map[0], tok.map[1] - 1)
    s = ctx.lines.starts[first]
    s += _skip(ctx.lines.line(first), 0, " \t>")
    s, e = _trim_range(ctx.text, s, ctx.lines.ends[last])
    return list(range(s, e))


def _raw_unit(ctx: _Context, pos: list[int], role: str) -> None:
    """One unit, no placeholders, over the source range covered by ``pos``."""
    if not pos:
        return
    s, e = pos[0], pos[-1] + 1
    _add(ctx, s, e, [_Atom("text", s, e)], role)
    ctx.block += 1


class _Locator:
    """Locates inline children in ``content`` one after another (see the module docstring)."""

    def __init__(self, content: str, state: StateInline) -> None:
        self.src = content
        self.state = state
        self.cur = 0
        self.atoms: list[_Atom] = []
        self.pairs = 0

    def run(self, children: list[Token]) -> list[_Atom]:
        self._tokens(children)
        if self.cur != len(self.src):
            raise _Unmapped(f"text left at offset {self.cur}")
        return self.atoms

    def _expect(self, s: str) -> None:
        if not s or not self.src.startswith(s, self.cur):
            raise _Unmapped(f"expected {s!r} at offset {self.cur}")
        self.cur += len(s)

    def _emit(self, kind: str, start: int, what: str = "", pair: int = -1) -> None:
        self.atoms.append(_Atom(kind, start, self.cur, what, pair))

    def _new_pair(self) -> int:
        self.pairs += 1
        return self.pairs

    def _tokens(self, children: list[Token]) -> None:
        stack: list[int] = []
        i = 0
        while i < len(children):
            tok = children[i]
            t, start = tok.type, self.cur
            if t == "text":
                if tok.content:  # markdown-it may leave empty text tokens behind
                    self._expect(tok.content)
                    self._emit("text", start)
            elif t == "text_special":
                self._expect(tok.markup)
                self._emit("text", start)
            elif t in ("softbreak", "hardbreak"):
                if t == "softbreak":
                    start = self._take_trailing_blanks(start)
                self.cur = _skip(self.src, self.cur, " \t")
                if t == "hardbreak" and self.cur == start:
                    self._expect("\\")
                self._expect("\n")
                self.cur = _skip(self.src, self.cur, " \t")
                self._emit("space" if t == "softbreak" else "atomic", start, "line-break")
            elif t == "code_inline":
                self._code(tok.markup)
                self._emit("atomic", start, "code")
            elif t == "html_inline":
                self._expect(tok.content)
                self._emit("atomic", start, "html")
            elif t in _PAIRED:
                stack.append(self._new_pair())
                self._expect(tok.markup)
                self._emit("open", start, _PAIRED[t], stack[-1])
            elif t in _CLOSING or t == "link_close":
                if not stack:
                    raise _Unmapped(f"unbalanced {t}")
                if t == "link_close":
                    self.cur = self._link_end(self.cur, image=False)
                    self._emit("close", start, "link", stack.pop())
                else:
                    self._expect(tok.markup)
                    self._emit("close", start, _CLOSING[t], stack.pop())
            elif t == "link_open" and tok.markup in ("autolink", "linkify"):
                end = self.src.find(">", self.cur)
                if not self.src.startswith("<", self.cur) or end < 0:
                    raise _Unmapped("autolink")
                self.cur = end + 1
                self._emit("atomic", start, "autolink")
                while i < len(children) and children[i].type != "link_close":
                    i += 1
            elif t == "link_open":
                stack.append(self._new_pair())
                self._expect("[")
                self._emit("open", start, "link", stack[-1])
            elif t == "image":
                self._image(tok)
            else:
                raise _Unmapped(f"unsupported inline token {t}")
            i += 1
        if stack:
            raise _Unmapped("unclosed inline markup")

    def _take_trailing_blanks(self, start: int) -> int:
        """Move blanks ending the previous text atom (tabs markdown-it keeps) into a soft break."""
        prev = self.atoms[-1] if self.atoms else None
        if prev is None or prev.kind != "text" or prev.end != start:
            return start
        while prev.end > prev.start and self.src[prev.end - 1] in " \t":
            prev.end -= 1
        if prev.end == prev.start:
            self.atoms.pop()
        return prev.end

    def _image(self, tok: Token) -> None:
        start = self.cur
        self._expect("![")
        if not tok.children:
            self.cur = self._link_end(self.cur, image=True)
            self._emit("atomic", start, "image")
            return
        pair = self._new_pair()
        self._emit("open", start, "image", pair)
        self._tokens(tok.children)
        close = self.cur
        self.cur = self._link_end(self.cur, image=True)
        self._emit("close", close, "image", pair)

    def _code(self, ticks: str) -> None:
        """Move past a code span opened by the backtick run ``ticks`` at the cursor."""
        self._expect(ticks)
        i = self.cur
        while True:
            j = self.src.find("`", i)
            if j < 0:
                raise _Unmapped("unclosed code span")
            k = _skip(self.src, j, "`")
            if k - j == len(ticks):
                self.cur = k
                return
            i = k

    def _link_end(self, pos: int, *, image: bool) -> int:
        """End of a link/image whose label ends at ``pos`` (a ``]``), as markdown-it's link rules find it."""
        src, maximum, md = self.src, len(self.src), self.state.md
        if not src.startswith("]", pos):
            raise _Unmapped("link label end")
        label_end = pos
        pos += 1
        if pos < maximum and src[pos] == "(":
            p = _skip(src, pos + 1, " \t\n")
            res = parseLinkDestination(src, p, maximum)
            if res.ok and md.validateLink(md.normalizeLink(res.str)):
                p = res.pos
            if res.ok or image:  # the link rule reads a title only after a destination
                start = p
                p = _skip(src, p, " \t\n")
                title = parseLinkTitle(src, p, maximum)
                if p < maximum and start != p and title.ok:
                    p = _skip(src, title.pos, " \t\n")
            if p < maximum and src[p] == ")":
                return p + 1
            if image:
                raise _Unmapped("image destination")
        if pos < maximum and src[pos] == "[":
            end = parseLinkLabel(self.state, pos)
            if end >= 0:
                return end + 1
        return label_end + 1


def _to_source(atoms: list[_Atom], pos: list[int]) -> None:
    """Turn content offsets into source offsets; spans chain with no gap from pos[0] to pos[-1] + 1."""
    n = len(pos)
    for a in atoms:
        a.start = pos[a.start]
        a.end = pos[a.end] if a.end < n else pos[-1] + 1


def _split_literal_tokens(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """Make source text that looks like a token (``<1>``) an atomic placeholder, so tokens stay unambiguous.

    Adjacent text atoms are joined first (``\\<`` and ``1>`` are two tokens in markdown-it).
    """
    joined: list[_Atom] = []
    for a in atoms:
        if a.kind == "text" and joined and joined[-1].kind == "text" and joined[-1].end == a.start:
            joined[-1] = _Atom("text", joined[-1].start, a.end)
        else:
            joined.append(a)
    out: list[_Atom] = []
    for a in joined:
        if a.kind != "text" or not TOKEN_RE.search(text, a.start, a.end):
            out.append(a)
            continue
        cur = a.start
        for m in TOKEN_RE.finditer(text, a.start, a.end):
            if m.start() > cur:
                out.append(_Atom("text", cur, m.start()))
            out.append(_Atom("atomic", m.start(), m.end(), "text"))
            cur = m.end()
        if cur < a.end:
            out.append(_Atom("text", cur, a.end))
    return out


# --- atoms -> units ----------------------------------------------------------------------------


def _units(ctx: _Context, atoms: list[_Atom], role: str) -> None:
    """Split one block's atoms into units (sentences or the whole block) and record them."""
    msgid, where = _block_msgid(ctx.text, atoms)
    tokens = [
        (m0, m1, atoms[k]) for k, (m0, m1) in enumerate(where) if atoms[k].kind not in ("text", "space")
    ]
    if ctx.segmenter is None:
        spans = [_trim_range(msgid, 0, len(msgid))]
    else:
        spans = _fix_spans(msgid, sentence_spans(msgid, ctx.segmenter), tokens)
    spans = _absorb_bare(msgid, spans, tokens)
    starts = [m0 for m0, _ in where]
    for s, e in spans:
        ks = range(bisect.bisect_right(starts, s) - 1, bisect.bisect_left(starts, e))
        first, last = atoms[ks[0]], atoms[ks[-1]]
        src_s = first.start + (s - where[ks[0]][0] if first.kind == "text" else 0)
        src_e = last.start + (e - where[ks[-1]][0]) if last.kind == "text" else last.end
        parts = []
        for k in ks:
            a = atoms[k]
            if a.kind == "text":
                m0 = where[k][0]
                parts.append(_Atom("text", a.start + max(s - m0, 0), a.start + min(e, where[k][1]) - m0))
            else:
                parts.append(a)
        _add(ctx, src_s, src_e, parts, role)
    ctx.block += 1


def _block_msgid(text: str, atoms: list[_Atom]) -> tuple[str, list[tuple[int, int]]]:
    """The block's msgid (tokens numbered by pair) and each atom's ``(start, end)`` in it."""
    out: list[str] = []
    where: list[tuple[int, int]] = []
    n, numbers = 0, {}
    at = 0
    for a in atoms:
        if a.kind == "text":
            s = text[a.start : a.end]
        elif a.kind == "space":
            s = " "
        else:
            if a.kind != "close":
                n += 1
                numbers[a.pair if a.pair >= 0 else -n] = n
            num = numbers[a.pair] if a.kind == "close" else n
            s = _token(a.kind, num)
        out.append(s)
        where.append((at, at + len(s)))
        at += len(s)
    return "".join(out), where


def _token(kind: str, n: int) -> str:
    return f"<{n}>" if kind == "open" else f"</{n}>" if kind == "close" else f"<{n}/>"


def _fix_spans(
    msgid: str, spans: list[tuple[int, int]], tokens: list[tuple[int, int, _Atom]]
) -> list[tuple[int, int]]:
    """Adjust pysbd's sentence spans to the placeholders.

    Closing tokens at the start of a sentence go back to the previous one and opening
    tokens at the end of one go to the next (pysbd splits ``<1>Hi.</1> Next`` after the
    stop); a split that would still cut a token or a pair is dropped (the sentences merge).
    """
    if len(spans) < 2:
        return spans
    starts = {m0: (m1, a) for m0, m1, a in tokens}
    ends = {m1: (m0, a) for m0, m1, a in tokens}
    out = [list(sp) for sp in spans]
    for k in range(1, len(out)):
        while out[k][0] in starts and starts[out[k][0]][1].kind == "close":
            out[k - 1][1] = starts[out[k][0]][0]
            out[k][0] = _skip_ws(msgid, out[k - 1][1], out[k][1])
    for k in range(len(out) - 1):
        while out[k][1] in ends and ends[out[k][1]][1].kind == "open" and out[k][1] > out[k][0]:
            out[k + 1][0] = ends[out[k][1]][0]
            out[k][1] = _rskip_ws(msgid, out[k][0], out[k + 1][0])
    opens = [m0 for m0, _, a in tokens if a.kind == "open"]
    closes = [m1 for _, m1, a in tokens if a.kind == "close"]
    merged: list[list[int]] = []
    for sp in out:
        if sp[0] >= sp[1]:
            continue
        if merged and _cuts(merged[-1][1], sp[0], tokens, opens, closes):
            merged[-1][1] = sp[1]
        else:
            merged.append(sp)
    return [(s, e) for s, e in merged]


def _cuts(
    end: int, start: int, tokens: list[tuple[int, int, _Atom]], opens: list[int], closes: list[int]
) -> bool:
    """True if a unit boundary between ``end`` and ``start`` cuts a token or a pair, or touches
    a hard line break (whose source is whitespace, which must not start or end a unit).

    ``tokens`` is sorted, ``opens`` the start offsets of open tokens and ``closes`` the end
    offsets of close tokens; a pair is cut when it opens before ``end`` and closes after
    ``start`` (no token lies between the two, only whitespace).
    """
    k = bisect.bisect_left(tokens, (end,)) - 1  # the last token starting before end
    if k >= 0 and (tokens[k][1] > end or (tokens[k][1] == end and tokens[k][2].what == "line-break")):
        return True
    k = bisect.bisect_left(tokens, (start,))  # the first token starting at or after start
    if k > 0 and tokens[k - 1][1] > start:
        return True
    if k < len(tokens) and tokens[k][0] == start and tokens[k][2].what == "line-break":
        return True
    # Every pair closed by ``start`` opened before ``end``, so some pair is open across the
    # boundary iff more pairs opened before ``end`` than closed by ``start``.
    return bisect.bisect_left(opens, end) > bisect.bisect_right(closes, start)


def _absorb_bare(
    msgid: str, spans: list[tuple[int, int]], tokens: list[tuple[int, int, _Atom]]
) -> list[tuple[int, int]]:
    """Join spans holding only placeholders to a neighbour (a Gap must stay whitespace)."""
    out: list[tuple[int, int]] = []
    pending = -1  # start of bare spans before the first span with text
    for s, e in spans:
        if _has_text(msgid, (s, e), tokens):
            out.append((s if pending < 0 else pending, e))
            pending = -1
        elif out:
            out[-1] = (out[-1][0], e)
        elif pending < 0:
            pending = s
    return out


def _has_text(msgid: str, span: tuple[int, int], tokens: list[tuple[int, int, _Atom]]) -> bool:
    """True if the span has non-whitespace text besides placeholder tokens (``tokens`` sorted)."""
    s, e = span
    pos = s
    for m0, m1, _ in tokens[bisect.bisect_left(tokens, (s,)) :]:
        if m0 >= e:
            break
        if msgid[pos:m0].strip():
            return True
        pos = max(pos, m1)
    return bool(msgid[pos:e].strip())


def _add(ctx: _Context, start: int, end: int, parts: list[_Atom], role: str) -> None:
    """Record a unit: msgid with tokens renumbered from 1, placeholders in order."""
    out: list[str] = []
    placeholders: list[Placeholder] = []
    numbers: dict[int, int] = {}
    for a in _split_literal_tokens(ctx.text, parts):
        if a.kind == "text":  # raw source; only a fallback unit spans lines
            out.append(_SOFT_BREAK.sub(" ", ctx.text[a.start : a.end]))
            continue
        if a.kind == "space":
            out.append(" ")
            continue
        if a.kind == "close":
            num = numbers[a.pair]
        else:
            num = len(numbers) + 1
            numbers[a.pair if a.pair >= 0 else -num] = num
        token = _token(a.kind, num)
        out.append(token)
        placeholders.append(Placeholder(token, ctx.text[a.start : a.end], a.what))
    msgid = "".join(out)
    if not unicodedata.is_normalized("NFC", msgid):
        msgid = unicodedata.normalize("NFC", msgid)
    ctx.spans.append(_Span(start, end, msgid, ctx.block, role, tuple(placeholders)))


def _document(ctx: _Context, path: str, slug: str) -> Document:
    """Assemble the skeleton: Literal outside units, Gap between units of one block."""
    skeleton: list[Piece] = []
    segments: list[Segment] = []
    cursor = 0
    prev_block = -1
    for sp in sorted(ctx.spans, key=lambda x: x.start):
        if sp.start < cursor:  # defensive: overlapping units would break the round trip
            ctx.warn(ctx.lines.number(sp.start), "markdown-unmapped", "overlapping unit dropped")
            continue
        between = ctx.text[cursor : sp.start]
        if between:
            skeleton.append(Gap(between) if sp.block == prev_block else Literal(between))
        skeleton.append(Unit(len(segments)))
        segments.append(
            Segment(
                text=sp.text,
                source=ctx.text[sp.start : sp.end],
                line=ctx.lines.number(sp.start),
                block=sp.block,
                role=sp.role,
                placeholders=sp.placeholders,
            )
        )
        cursor, prev_block = sp.end, sp.block
    if cursor < len(ctx.text):
        skeleton.append(Literal(ctx.text[cursor:]))
    return Document(path=path, slug=slug, skeleton=tuple(skeleton), segments=tuple(segments))


# --- small helpers -----------------------------------------------------------------------------


def _skip(s: str, i: int, chars: str) -> int:
    while i < len(s) and s[i] in chars:
        i += 1
    return i


def _skip_ws(s: str, i: int, end: int) -> int:
    while i < end and s[i].isspace():
        i += 1
    return i


def _rskip_ws(s: str, start: int, i: int) -> int:
    while i > start and s[i - 1].isspace():
        i -= 1
    return i


def _trim_range(s: str, start: int, end: int) -> tuple[int, int]:
    return _skip_ws(s, start, end), _rskip_ws(s, start, end)
