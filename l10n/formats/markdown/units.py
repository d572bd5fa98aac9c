"""From located atoms to translation units, and from units to the article's ``Document``.

``Context`` is the per-article state the block walk (``l10n.formats.markdown.blocks``) fills:
``split_units`` cuts one block's atoms into units (sentences via pysbd, or the whole block),
keeping placeholder pairs whole; ``add_unit`` records a unit with its msgid (tokens numbered
from 1) and ``Placeholder`` values; ``assemble`` builds the skeleton (``Literal`` outside
units, ``Gap`` between units of one block). Used only by the ``l10n.formats.markdown.extract*`` modules.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

import pysbd
from markdown_it import MarkdownIt
from markdown_it.utils import EnvType

from l10n.formats.markdown.inline import Atom, rskip_ws, skip_ws, trim_range
from l10n.formats.sentences import sentence_spans
from l10n.inline import PLACEHOLDER
from l10n.model import Document, Gap, Issue, Literal, Piece, Placeholder, Segment, Unit

__all__ = [
    "Context",
    "Lines",
    "Span",
    "add_unit",
    "assemble",
    "decoded_text",
    "keep_entity",
    "split_literal_tokens",
    "split_units",
]

_ENTITY_LIKE = re.compile(r"#?[0-9A-Za-z]+;")  # after "&": would read as an entity reference
_TOKEN_TAIL = re.compile(r"/?\d+\s*/?(?:>|&gt;)")  # after "<": would read as a placeholder token
_TOKEN_HEAD = re.compile(r"</?\d+\s*/?$")  # before ">": would close a placeholder token
_NEWLINE = re.compile(r"\r\n?|\n")  # what markdown-it-py's normalize rule turns into "\n"
_SOFT_BREAK = re.compile(r"[ \t]*(?:\r\n?|\n)[ \t>]*")


@dataclass
class Span:
    """A unit found in a block, before it gets its index: source offsets and segment data."""

    start: int
    end: int
    text: str
    block: int
    role: str
    placeholders: tuple[Placeholder, ...] = ()


class Lines:
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
        """Text of the 0-based line ``i``, without its line break."""
        return self.text[self.starts[i] : self.ends[i]]

    def number(self, offset: int) -> int:
        """1-based line number of a source offset."""
        return bisect.bisect_right(self.starts, offset)


class Context:
    """Per-article state: source, parser, warnings and found units.

    Attributes:
        text: the whole article (BOM included; offsets are into it).
        lines: its line offsets, from ``offset`` (1 after a BOM).
        path: the source path for warnings.
        unit: ``"sentence"`` (``segmenter`` is pysbd) or ``"paragraph"`` (``segmenter`` None).
        md, env: the markdown-it parser and the parse's ``env`` (link references).
        issues: warnings so far; spans: units found so far (``add_unit``), in any order.
        block: index of the next block; headline_seen: the first ``h1`` was met.
        entities: source offset of each entity reference markdown-it decoded -> (end, characters).
    """

    def __init__(self, text: str, offset: int, path: str, unit: str, md: MarkdownIt, env: EnvType) -> None:
        self.text = text
        self.lines = Lines(text, offset)
        self.path = path
        self.unit = unit
        self.md = md
        self.env = env
        self.segmenter = pysbd.Segmenter(language="en", clean=False) if unit == "sentence" else None
        self.issues: list[Issue] = []
        self.spans: list[Span] = []
        self.block = 0
        self.headline_seen = False
        self.entities: dict[int, tuple[int, str]] = {}

    def warn(self, line: int, code: str, message: str) -> None:
        """Record a warning ``Issue`` at the 1-based ``line`` of this article."""
        self.issues.append(Issue(self.path, line, "warning", code, message))


# --- atoms -> units ----------------------------------------------------------------------------


def split_literal_tokens(text: str, atoms: list[Atom]) -> list[Atom]:
    """Make source text that looks like a token (``<1>``, ``<1 />``: ``l10n.inline.PLACEHOLDER``) an
    atomic placeholder, so tokens stay unambiguous.

    Adjacent text atoms are joined first (``\\<`` and ``1>`` are two tokens in markdown-it).
    """
    joined: list[Atom] = []
    for a in atoms:
        if a.kind == "text" and joined and joined[-1].kind == "text" and joined[-1].end == a.start:
            joined[-1] = Atom("text", joined[-1].start, a.end)
        else:
            joined.append(a)
    out: list[Atom] = []
    for a in joined:
        if a.kind != "text" or not PLACEHOLDER.search(text, a.start, a.end):
            out.append(a)
            continue
        cur = a.start
        for m in PLACEHOLDER.finditer(text, a.start, a.end):
            if m.start() > cur:
                out.append(Atom("text", cur, m.start()))
            out.append(Atom("atomic", m.start(), m.end(), "text"))
            cur = m.end()
        if cur < a.end:
            out.append(Atom("text", cur, a.end))
    return out


def split_units(ctx: Context, atoms: list[Atom], role: str) -> None:
    """Split one block's atoms into units (sentences or the whole block) and record them."""
    msgid, where = _block_msgid(ctx.text, atoms)
    tokens = [
        (m0, m1, atoms[k]) for k, (m0, m1) in enumerate(where) if atoms[k].kind not in ("text", "space")
    ]
    if ctx.segmenter is None:
        spans = [trim_range(msgid, 0, len(msgid))]
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
                parts.append(Atom("text", a.start + max(s - m0, 0), a.start + min(e, where[k][1]) - m0))
            else:
                parts.append(a)
        add_unit(ctx, src_s, src_e, parts, role)
    ctx.block += 1


def _block_msgid(text: str, atoms: list[Atom]) -> tuple[str, list[tuple[int, int]]]:
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
    msgid: str, spans: list[tuple[int, int]], tokens: list[tuple[int, int, Atom]]
) -> list[tuple[int, int]]:
    """Adjust pysbd's sentence spans to the placeholders.

    Closing tokens (and a footnote marker right after the full stop) at the start of a
    sentence go back to the previous one and opening
    tokens at the end of one go to the next (pysbd splits ``<1>Hi.</1> Next`` after the
    stop); a split that would still cut a token or a pair is dropped (the sentences merge).
    """
    if len(spans) < 2:
        return spans
    starts = {m0: (m1, a) for m0, m1, a in tokens}
    ends = {m1: (m0, a) for m0, m1, a in tokens}
    out = [list(sp) for sp in spans]
    for k in range(1, len(out)):
        while out[k][0] in starts and (
            starts[out[k][0]][1].kind == "close"
            or (starts[out[k][0]][1].what == "footnote" and out[k][0] == out[k - 1][1])
        ):  # a footnote marker right after a full stop ("weeks.[^1] Next") ends that sentence
            out[k - 1][1] = starts[out[k][0]][0]
            out[k][0] = skip_ws(msgid, out[k - 1][1], out[k][1])
    for k in range(len(out) - 1):
        while out[k][1] in ends and ends[out[k][1]][1].kind == "open" and out[k][1] > out[k][0]:
            out[k + 1][0] = ends[out[k][1]][0]
            out[k][1] = rskip_ws(msgid, out[k][0], out[k + 1][0])
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
    end: int, start: int, tokens: list[tuple[int, int, Atom]], opens: list[int], closes: list[int]
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
    msgid: str, spans: list[tuple[int, int]], tokens: list[tuple[int, int, Atom]]
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


def _has_text(msgid: str, span: tuple[int, int], tokens: list[tuple[int, int, Atom]]) -> bool:
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


# --- units -> Document -------------------------------------------------------------------------


def add_unit(ctx: Context, start: int, end: int, parts: list[Atom], role: str) -> None:
    """Record the unit at source ``[start, end)`` in ``ctx.spans`` (block ``ctx.block``).

    ``parts`` are its atoms in source offsets; the msgid is their text (soft breaks as one
    space, entity references decoded by ``decoded_text``, NFC) with tokens renumbered from 1,
    and one ``Placeholder`` per token, in order.
    """
    out: list[str] = []
    placeholders: list[Placeholder] = []
    numbers: dict[int, int] = {}
    for a in split_literal_tokens(ctx.text, parts):
        if a.kind == "text":  # raw source; only a fallback unit spans lines
            out.append(_SOFT_BREAK.sub(" ", decoded_text(ctx, a.start, a.end, "".join(out))))
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
        markup = ctx.text[a.start : a.end] if a.markup is None else a.markup
        placeholders.append(Placeholder(token, markup, a.what))
    msgid = "".join(out)
    if not unicodedata.is_normalized("NFC", msgid):
        msgid = unicodedata.normalize("NFC", msgid)
    ctx.spans.append(Span(start, end, msgid, ctx.block, role, tuple(placeholders)))


def decoded_text(ctx: Context, start: int, end: int, before: str = "") -> str:
    """Source text ``[start, end)`` with its entity references (``ctx.entities``) decoded.

    ``&amp;`` becomes ``&``, ``&eacute;`` ``é``, ``&lt;`` ``<``: the msgid shows the text a
    reader sees, and the build escapes ``&``, ``<`` again where Markdown needs it. A reference
    stays as written where its character would read differently in a msgid: whitespace and
    control characters (``&nbsp;``, ``&#10;``), U+FFFD (an invalid number), a backslash
    (``&#92;``, which would escape what follows), an ``&`` that would start another reference
    (``&amp;copy;``), and a ``<`` or ``>`` that would make a placeholder token (``&lt;1&gt;``).
    ``before`` is the msgid text so far (for the last rule). Backslash escapes stay as written.
    """
    raw = ctx.text[start:end]
    if "&" not in raw:
        return raw
    out: list[str] = []
    pos = start
    at = ctx.text.find("&", start, end)
    while at >= 0:
        found = ctx.entities.get(at)
        if found is not None and found[0] <= end:
            e_end, value = found
            out.append(ctx.text[pos:at])
            if keep_entity(value, before + "".join(out), ctx.text[e_end:end]):
                out.append(ctx.text[at:e_end])
            else:
                out.append(value)
            pos = e_end
        at = ctx.text.find("&", max(at + 1, pos), end)
    out.append(ctx.text[pos:end])
    return "".join(out)


def keep_entity(value: str, before: str, after: str) -> bool:
    """True if the entity reference decoding to ``value`` must stay as written (see ``decoded_text``)."""
    if not value.isprintable() or any(c.isspace() for c in value) or "\ufffd" in value or value == "\\":
        return True
    if value == "&":
        return bool(_ENTITY_LIKE.match(after))
    if value == "<":
        return bool(_TOKEN_TAIL.match(after))
    if value == ">":
        return bool(_TOKEN_HEAD.search(before))
    return False


def assemble(ctx: Context, path: str, slug: str) -> Document:
    """Return the article's ``Document``: ``Literal`` outside units, ``Gap`` between units of one block.

    A unit overlapping an earlier one (defensive; not expected) is dropped with a
    ``markdown-unmapped`` warning, so that the skeleton still renders the source exactly.
    """
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
    return Document(
        path=path, slug=slug, skeleton=tuple(skeleton), segments=tuple(segments), format="markdown"
    )
