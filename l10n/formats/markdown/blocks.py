"""Walk the block tokens of a Markdown article; line up each translated inline run with the source.

``walk`` decides which inline runs are translated and with which role (see ``l10n.formats.markdown.extract``),
finds the source offset of every ``content`` character (paragraphs, ATX/setext headings,
table cells, front matter values), has ``l10n.formats.markdown.inline`` locate the inline markup and
hands the atoms to ``l10n.formats.markdown.units``. A run that cannot be lined up becomes one raw
unit with a warning, so no text is ever lost. Used only by ``l10n.formats.markdown.extract``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from l10n.formats.markdown.frontmatter import front_values
from l10n.formats.markdown.inline import (
    Atom,
    Unmapped,
    Unsupported,
    locate,
    skip,
    skip_ws,
    to_source,
    trim_range,
)
from l10n.formats.markdown.parser import MAX_NESTING, skipped_container
from l10n.formats.markdown.units import Context, Span, add_unit, split_literal_tokens, split_units

__all__ = ["raw_article", "walk"]

_RAW_MARKUP = ("**", "__", "~~", "`")
_LIST_MARKER = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)")
_TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)


def walk(ctx: Context, tokens: list[Token], keys: tuple[str, ...]) -> None:
    """Visit the article's block ``tokens`` in order; every translated run becomes units in ``ctx``.

    Each translatable inline run goes to ``_block`` with its role; table rows and front
    matter (values of the top-level ``keys``) are mapped here. Problems become warnings in
    ``ctx.issues``; nothing is raised.
    """
    walker = _Walker(ctx, tokens, keys)
    for i, tok in enumerate(tokens):
        handler = _HANDLERS.get(tok.type)
        if handler is not None:
            handler(walker, i, tok)


class _Walker:
    """What ``walk`` knows between two tokens: the open containers, heading and table row."""

    def __init__(self, ctx: Context, tokens: list[Token], keys: tuple[str, ...]) -> None:
        self.ctx, self.tokens, self.keys = ctx, tokens, keys
        self.containers: list[tuple[str, int]] = []  # (role, first line) of open blockquotes / list items
        self.heading, self.heading_markup = "", ""
        self.in_table = False
        self.row_line, self.row_cursor, self.row_base = -1, 0, 0

    def front_matter(self, i: int, tok: Token) -> None:
        if tok.map:
            _front_matter(self.ctx, tok.map, self.keys)

    def container_open(self, i: int, tok: Token) -> None:
        role = "quote" if tok.type == "blockquote_open" else "list-item"
        self.containers.append((role, tok.map[0] if tok.map else -1))
        if skipped_container(self.tokens, i):
            _too_deep(self.ctx, tok, role)

    def container_close(self, i: int, tok: Token) -> None:
        if self.containers:
            self.containers.pop()

    def footnote_open(self, i: int, tok: Token) -> None:
        self.containers.append(("footnote", -1))

    def heading_open(self, i: int, tok: Token) -> None:
        self.heading_markup = tok.markup
        if tok.tag == "h1" and not self.ctx.headline_seen:
            self.ctx.headline_seen = True
            self.heading = "headline"
        else:
            self.heading = "heading"

    def heading_close(self, i: int, tok: Token) -> None:
        self.heading = ""

    def table_open(self, i: int, tok: Token) -> None:
        self.in_table = True

    def table_close(self, i: int, tok: Token) -> None:
        self.in_table = False

    def row_open(self, i: int, tok: Token) -> None:
        if tok.map:
            self.row_line = tok.map[0]
            self.row_base = self.ctx.lines.starts[self.row_line]
            self.row_cursor = _row_start(self.ctx, self.row_line, self.containers)

    def row_close(self, i: int, tok: Token) -> None:
        if self.row_line >= 0:
            _check_row_rest(self.ctx, self.row_line, self.row_cursor)
            self.row_line = -1

    def html_block(self, i: int, tok: Token) -> None:
        if any(c.isalpha() for c in _TAG_OR_COMMENT.sub("", tok.content)):
            line = tok.map[0] + 1 if tok.map else 0
            self.ctx.warn(line, "markdown-html-block", "HTML block with text kept untranslated")

    def inline(self, i: int, tok: Token) -> None:
        if not tok.map:
            return
        ctx = self.ctx
        if self.in_table and self.row_line >= 0:
            self.row_cursor = _cell(ctx, tok, self.row_line, self.row_base, self.row_cursor)
        elif self.heading:
            _block(ctx, tok, self.heading, _heading_pos(ctx, tok, atx=self.heading_markup.startswith("#")))
        else:
            role = self.containers[-1][0] if self.containers else "paragraph"
            _block(ctx, tok, role, _paragraph_pos(ctx, tok))


_HANDLERS: dict[str, Callable[[_Walker, int, Token], None]] = {
    "front_matter": _Walker.front_matter,
    "blockquote_open": _Walker.container_open,
    "list_item_open": _Walker.container_open,
    "blockquote_close": _Walker.container_close,
    "list_item_close": _Walker.container_close,
    "footnote_close": _Walker.container_close,
    "footnote_open": _Walker.footnote_open,
    "heading_open": _Walker.heading_open,
    "heading_close": _Walker.heading_close,
    "table_open": _Walker.table_open,
    "table_close": _Walker.table_close,
    "tr_open": _Walker.row_open,
    "tr_close": _Walker.row_close,
    "html_block": _Walker.html_block,
    "inline": _Walker.inline,
}
"""What ``walk`` does at each block token type; other types change nothing."""


def _too_deep(ctx: Context, tok: Token, role: str) -> None:
    """The lines of a container markdown-it skipped at the nesting limit: one raw unit, a warning."""
    assert tok.map is not None
    first, last = tok.map[0], max(tok.map[0], tok.map[1] - 1)
    start = ctx.lines.starts[first] + _skip_prefixes(ctx.lines.line(first))
    s, e = trim_range(ctx.text, start, ctx.lines.ends[last])
    if s < e:
        ctx.warn(
            first + 1,
            "markdown-too-deep",
            f"nested deeper than {MAX_NESTING} levels; kept as one unit with its markup",
        )
        _raw_unit(ctx, list(range(s, e)), role)


def _skip_prefixes(line: str) -> int:
    """Offset after a line's container prefixes: whitespace, ``>`` and list markers."""
    i = skip(line, 0, " \t>")
    m = _LIST_MARKER.match(line, i)
    while m:
        i = skip(line, m.end(), " \t>")
        m = _LIST_MARKER.match(line, i)
    return i


def raw_article(ctx: Context) -> None:
    """The whole article as one raw unit with a warning: markdown-it could not parse it
    (nesting too deep for Python's recursion limit)."""
    s, e = trim_range(ctx.text, ctx.lines.starts[0], len(ctx.text))
    if s >= e:
        return
    ctx.warn(
        ctx.lines.number(s),
        "markdown-too-deep",
        "nested too deep to parse; the whole article is kept as one unit with its markup",
    )
    _raw_unit(ctx, list(range(s, e)), "paragraph")


def _paragraph_pos(ctx: Context, tok: Token) -> list[int] | None:
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


def _align_lines(ctx: Context, content_lines: list[str], first: int) -> list[int] | None:
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


def _heading_pos(ctx: Context, tok: Token, *, atx: bool) -> list[int] | None:
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


def _row_start(ctx: Context, line_index: int, containers: list[tuple[str, int]]) -> int:
    """Offset in the row's line after container prefixes (``>``, list marker) and a leading ``|``."""
    line = ctx.lines.line(line_index)
    item_starts_here = any(role == "list-item" and first == line_index for role, first in containers)
    i = skip(line, 0, " \t>")
    m = _LIST_MARKER.match(line, i) if item_starts_here else None
    while m:
        i = skip(line, m.end(), " \t>")
        m = _LIST_MARKER.match(line, i)
    if line.startswith("|", i):
        i += 1
    return i


def _cell(ctx: Context, tok: Token, line_index: int, base: int, cursor: int) -> int:
    """Map one table cell (``content`` trimmed, ``\\|`` unescaped by markdown-it) and segment it.

    Returns the cursor in the row's line after the cell and its ``|``.
    """
    line = ctx.lines.line(line_index)
    i = skip_ws(line, cursor, len(line))  # the content is str.strip()ped
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
        s, e = trim_range(line, skip(line, cursor, " \t"), end)
        pos = list(range(base + s, base + e))
        ctx.warn(line_index + 1, "markdown-unmapped", "table cell kept as one unit")
        _raw_unit(ctx, pos, "table-cell")
        i = end
    else:
        _block(ctx, tok, "table-cell", pos)
    i = skip(line, i, " \t")
    if line.startswith("|", i):
        i += 1
    return i


def _check_row_rest(ctx: Context, line_index: int, cursor: int) -> None:
    """Warn when a table row has text after its last mapped cell (cells beyond the header's count)."""
    rest = ctx.lines.line(line_index)[cursor:]
    if rest.strip(" \t|"):
        ctx.warn(
            line_index + 1,
            "markdown-table-extra-cells",
            "table row has more cells than the header; the extra cells are kept untranslated",
        )


def _front_matter(ctx: Context, line_map: list[int], keys: tuple[str, ...]) -> None:
    """Make a unit of each string value of a translated top-level key (read by ruamel.yaml).

    The unit spans the value's characters (quotes included); its msgid is the string YAML
    reads, whitespace around it trimmed (``l10n.formats.markdown.frontmatter``).
    """
    first, end = line_map
    if end - 1 <= first + 1:
        return
    base = ctx.lines.starts[first + 1]
    text = ctx.text[base : ctx.lines.starts[end - 1]]
    try:
        values = front_values(text)
    except ValueError as exc:
        ctx.warn(first + 1, "markdown-front-matter", f"front matter not read as YAML ({exc}); not translated")
        return
    for fv in values:
        if fv.key not in keys:
            continue
        line = ctx.lines.number(base + fv.start)
        if fv.value is None:
            ctx.warn(line, "markdown-front-matter", f"{fv.key!r} is not a text value; not translated")
            continue
        if not fv.value.strip():
            continue
        role = "title" if fv.key == "title" else f"front-matter:{fv.key}"
        ctx.spans.append(
            Span(
                base + fv.start,
                base + fv.end,
                unicodedata.normalize("NFC", fv.value.strip()),
                ctx.block,
                role,
            )
        )
        ctx.block += 1


# --- one inline run -> atoms -> units -----------------------------------------------------------


def _block(ctx: Context, tok: Token, role: str, pos: list[int] | None) -> None:
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
        atoms = locate(tok.content, state, tok.children or [])
    except Unsupported as exc:
        ctx.warn(line, "markdown-unsupported", f"{exc} is not supported; block kept untranslated")
        return
    except Unmapped as exc:
        ctx.warn(line, "markdown-unmapped", f"inline markup not mapped ({exc}); block kept as one unit")
        _raw_unit(ctx, pos, role)
        return
    to_source(atoms, pos)
    ctx.entities.update({a.start: (a.end, a.value) for a in atoms if a.value is not None})
    atoms = split_literal_tokens(ctx.text, atoms)
    raw = [ctx.text[a.start : a.end] for a in atoms if a.kind == "text"]
    if any(m in part for part in raw for m in _RAW_MARKUP):
        ctx.warn(line, "markdown-raw-markup", "unmatched inline markup (e.g. '**', '`') left in the text")
    split_units(ctx, atoms, role)


def _fallback_pos(ctx: Context, tok: Token) -> list[int]:
    """The block's lines, trimmed, without the first line's container prefix (last resort)."""
    assert tok.map is not None
    first, last = tok.map[0], max(tok.map[0], tok.map[1] - 1)
    s = ctx.lines.starts[first]
    s += skip(ctx.lines.line(first), 0, " \t>")
    s, e = trim_range(ctx.text, s, ctx.lines.ends[last])
    return list(range(s, e))


def _raw_unit(ctx: Context, pos: list[int], role: str) -> None:
    """One unit, no placeholders, over the source range covered by ``pos``."""
    if not pos:
        return
    s, e = pos[0], pos[-1] + 1
    add_unit(ctx, s, e, [Atom("text", s, e)], role)
    ctx.block += 1
