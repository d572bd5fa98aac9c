"""Plain-text article -> ``Document`` (skeleton + translation units).

A news text file carries one paragraph per line: the first non-blank line is the
headline and every other non-blank line is a block of its own (paragraph, image
caption, photo credit, list item). With ``wrap=True`` (hard-wrapped files) blank lines
separate blocks and the lines inside a block belong together, except where a line is
meant as a line: a list item starts a block, and so does a line after a hard break
(see ``_blocks``).

List items: a line starting with a marker (``-``, ``*``, ``•``, ``1.``, ``1)``) and a
space is a ``list-item`` block; the marker and the space after it are skeleton, not
part of the msgid, so the builds keep or re-render it (``l10n.publish.pages``).

Each block is cut into sentences with pysbd (rule-based, no download) or kept whole
(``unit="paragraph"``). Whitespace around a block and between sentences is not part
of any unit: it goes into the skeleton (``Literal`` outside units, ``Gap`` between two
units of one block), so ``doc.render(lambda s: s.source)`` gives the text back exactly.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator

import pysbd

from l10n.errors import UsageError
from l10n.formats.sentences import UNITS, enumeration_markers, sentence_spans, trim
from l10n.model import BOM, Document, Gap, Literal, Piece, Segment, Unit

# --- Block roles -------------------------------------------------------------------------------
# Own heuristics: no library classifies news-page lines. Kept deliberately small; each rule is
# matched against the block's msgid text (NFC, lines joined) and tested on the demo article.
_CAPTION_RES = (
    # VOV-style image alt line ending in "- ảnh 1" ("ảnh" is Vietnamese for "photo").
    re.compile(r"[-–—]\s*(?:ảnh|photo|image)\s*\d+$", re.IGNORECASE),
    # A bare "Photo 1" / "Image 2" / "Ảnh 3" line.
    re.compile(r"^(?:photo|image|picture|ảnh)\s*\d+$", re.IGNORECASE),
    # "Image: ..." / "Caption: ...".
    re.compile(r"^(?:image|caption)\s*:", re.IGNORECASE),
)
_CREDIT_RES = (
    # A line ending in a parenthesised credit: "... (Photo: EPA/VNA)".
    re.compile(r"\((?:photos?|image|credit|source|ảnh)\s*:[^()]*\)$", re.IGNORECASE),
    # "Photo: ...", "Photos: ...", "Photo credit: ...", "Credit: ...".
    re.compile(r"^(?:photos?|photo credit|credits?)\s*:", re.IGNORECASE),
)

_JOIN_LINES = re.compile(r"\s*\n\s*")

LIST_MARKER = re.compile(r"(?:[-*•]|\d{1,3}[.)])[ \t]+(?=\S)")
"""A list marker at the start of a line and the blanks after it: ``-``, ``*``, ``•``
(bullets), ``1.``, ``1)`` (numbers of up to three digits)."""
# An inline bullet: "•" between blanks, inside a block that starts with one (see _inline_list).
_INLINE_BULLET = re.compile(r"\s•\s")
_FIRST_WORD = re.compile(r"\S+")
_MAX_WORD = 30  # longer words (URLs) are left out of the wrap width


def segment_text(text: str, *, path: str, slug: str, unit: str = "sentence", wrap: bool = False) -> Document:
    """Cut a plain-text article into blocks and translation units.

    Blocks: with ``wrap=False`` every non-blank line is a block; with ``wrap=True`` runs of
    non-blank lines separated by blank lines are blocks, and the msgid joins their lines
    with one space (the newline stays in the unit's ``source`` or in a ``Gap``). Lines
    end at ``"\\n"`` (a CRLF's ``"\\r"`` is trailing whitespace); blank means whitespace only.

    Roles (small heuristics on the block text, case-insensitive):
        - ``headline``: the first block.
        - ``caption``: ends in ``"- ảnh N"`` / ``"- photo N"``, is just ``"Photo N"`` /
          ``"Image N"``, or starts ``"Image:"`` / ``"Caption:"``.
        - ``credit``: ends in a parenthesised credit ``"(Photo: EPA/VNA)"``, or starts
          ``"Photo:"`` / ``"Photo credit:"`` / ``"Credit:"``.
        - ``list-item``: starts with a list marker (``LIST_MARKER``); not the first block.
        - ``paragraph``: anything else.

    Units: ``unit="sentence"`` splits each block with pysbd (English rules), corrected by the
    boundary rules of ``l10n.formats.sentences`` (titles, ``Inc.``/``Jr.``, initialisms,
    closing quotes). No unit spans two blocks. ``unit="paragraph"``
    makes each block one unit; so is a caption always (it is a label such as
    "Will Russia-NATO tensions ease?  - ảnh 1", whose tail is no sentence of its own).
    Units never start or end with whitespace.

    Args:
        text: the whole article as read by ``read_source`` (a leading BOM is kept as a Literal).
        path: source path for references (``"source/x.txt"``).
        slug: catalog name (``"x"``).
        unit: ``"sentence"`` or ``"paragraph"``.
        wrap: True for hard-wrapped files (blank lines separate blocks).

    Returns:
        A ``Document``; ``Segment.text`` is the NFC-normalised unit (non-breaking spaces and
        double spaces kept), ``Segment.source`` the exact characters, ``Segment.line`` the
        1-based line where the unit starts, ``context`` is None.

    Raises:
        UsageError: ``unit`` is not one of ``UNITS``.
    """
    if unit not in UNITS:
        raise UsageError(f"unknown unit {unit!r}: expected one of {', '.join(UNITS)}")
    segmenter = pysbd.Segmenter(language="en", clean=False) if unit == "sentence" else None
    start = 1 if text.startswith(BOM) else 0
    out = _Assembler(text, start)
    for block_index, (bs, be) in enumerate(_blocks(text, start, wrap)):
        bs, role = _block_role(text, bs, be, block_index, wrap)
        if segmenter is None or role == "caption":
            spans = [(0, be - bs)]
        else:
            spans = sentence_spans(text[bs:be], segmenter)
        for i, (us, ue) in enumerate(spans):
            out.unit(bs + us, bs + ue, first=i == 0, block=block_index, role=role, wrap=wrap)
    return out.document(path, slug)


def _block_role(text: str, bs: int, be: int, block_index: int, wrap: bool) -> tuple[int, str]:
    """Where the block's units start and its role (see ``segment_text``).

    A list marker (``LIST_MARKER``) at the start of a block other than the first makes it a
    ``list-item`` whose marker stays in the skeleton, unless the block is an inline list
    (``_inline_list``): then it is a paragraph, its markers inside its units.
    """
    marker = LIST_MARKER.match(text, bs, be) if block_index > 0 else None
    if marker and not _inline_list(text[bs:be], marker.group().strip()):
        return marker.end(), "list-item"
    return bs, _role(_msgid(text[bs:be], wrap), block_index)


def _inline_list(block: str, marker: str) -> bool:
    """Whether a block that starts with a list marker lists several items on its line.

    The numbers of an enumeration from 1 (``enumeration_markers``: "1. The first item 2. The
    second item"), or the same bullet ``•`` again after a blank ("• 9. The first item • 10.
    The second item"; ``-`` and ``*`` are also dashes and emphasis in running text). Such a
    block is one paragraph; each item is a unit with its marker.
    """
    if marker[:1].isdigit():
        markers = enumeration_markers(block)
        return len(markers) > 1 and markers[0][0] == 0
    return marker == "•" and _INLINE_BULLET.search(block, len(marker)) is not None


class _Assembler:
    """Builds a ``Document`` from units given in order: the text between them goes to the skeleton.

    Whitespace before a block's first unit joins the ``Literal`` text; between two units of one
    block it is a ``Gap``. Line numbers are counted incrementally (O(n) for the whole text).
    """

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.skeleton: list[Piece] = []
        self.segments: list[Segment] = []
        self.literal: list[str] = [text[:start]]
        self.cursor = start
        self.line, self.line_pos = 1, 0

    def unit(self, us: int, ue: int, *, first: bool, block: int, role: str, wrap: bool) -> None:
        """Add the unit ``text[us:ue]``; ``first``: the first unit of its block."""
        between = self.text[self.cursor : us]
        if first:
            self.literal.append(between)
        else:
            self.skeleton.append(Gap(between))
        self._flush()
        self.line += self.text.count("\n", self.line_pos, us)
        self.line_pos = us
        source = self.text[us:ue]
        self.skeleton.append(Unit(len(self.segments)))
        self.segments.append(
            Segment(text=_msgid(source, wrap), source=source, line=self.line, block=block, role=role)
        )
        self.cursor = ue

    def document(self, path: str, slug: str) -> Document:
        """The finished ``Document``: what follows the last unit is the closing ``Literal``."""
        self.literal.append(self.text[self.cursor :])
        self._flush()
        return Document(path=path, slug=slug, skeleton=tuple(self.skeleton), segments=tuple(self.segments))

    def _flush(self) -> None:
        if any(self.literal):
            self.skeleton.append(Literal("".join(self.literal)))
        self.literal = []


def _blocks(text: str, start: int, wrap: bool) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` offsets of each block's text, whitespace trimmed, in order.

    ``wrap=False``: every non-blank line. ``wrap=True``: runs of non-blank lines, cut before
    every line that starts with a list marker (``LIST_MARKER``) and at hard line breaks
    (``_hard_breaks``). Lines are split on "\\n" only (not ``str.splitlines``, which also
    breaks at U+2028, form feeds and others, and would disagree with the line numbers).
    """
    runs: list[list[tuple[int, int]]] = [[]]  # wrap mode: the trimmed lines of each run
    pos = start
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        ls, le = trim(text, pos, end)
        if ls < le:
            if not wrap:
                yield ls, le
            elif runs[-1] and LIST_MARKER.match(text, ls, le):
                runs.append([(ls, le)])
            else:
                runs[-1].append((ls, le))
        elif runs[-1]:
            runs.append([])
        if nl < 0:
            break
        pos = nl + 1
    runs = [run for run in runs if run]
    width = _wrap_width(text, runs)
    for k, run in enumerate(runs):
        first = 0
        for i in _hard_breaks(text, run, width) if k > 0 else ():
            yield run[first][0], run[i][1]
            first = i + 1
        yield run[first][0], run[-1][1]


def _wrap_width(text: str, runs: list[list[tuple[int, int]]]) -> int:
    """The width the file was wrapped at: its longest line that is not the last of its run.

    A run's last line ends where the paragraph ends and says nothing about the width; every
    other line was wrapped (at most the width, and close to it) or broken by hand (shorter).
    The headline's run is left out when there are others (a headline may be wrapped shorter),
    and so is a line with a word of more than 30 characters (a URL cannot be wrapped).
    0 (no hard breaks) when no line qualifies.
    """
    widths = [
        le - ls
        for run in runs[1:] or runs
        for ls, le in run[:-1]
        if max(map(len, text[ls:le].split())) <= _MAX_WORD
    ]
    return max(widths, default=0)


def _hard_breaks(text: str, lines: list[tuple[int, int]], width: int) -> list[int]:
    """Indexes ``i`` of the lines after which the writer broke the line on purpose.

    The reflow rule of text formatters: a line that the next line's first word would still
    have fitted on at the file's wrap ``width`` (``len(line) + 1 + len(word) <= width``;
    ``_wrap_width``) was ended by hand: an ingredient under "Ingredients:", an address
    line. Lengths are of the trimmed lines, in characters. The headline's run is not cut.
    """
    out = []
    for i, ((ls, le), (ns, ne)) in enumerate(itertools.pairwise(lines)):
        word = _FIRST_WORD.match(text, ns, ne)
        if word and (le - ls) + 1 + (word.end() - word.start()) <= width:
            out.append(i)
    return out


def _msgid(source: str, wrap: bool) -> str:
    """The msgid for a unit's source: lines joined by one space (wrap mode), then NFC."""
    if wrap and "\n" in source:
        source = _JOIN_LINES.sub(" ", source)
    if unicodedata.is_normalized("NFC", source):
        return source
    return unicodedata.normalize("NFC", source)


def _role(block_text: str, block_index: int) -> str:
    """Role of a block from its msgid text; see ``segment_text`` for the rules."""
    if block_index == 0:
        return "headline"
    if any(r.search(block_text) for r in _CAPTION_RES):
        return "caption"
    if any(r.search(block_text) for r in _CREDIT_RES):
        return "credit"
    return "paragraph"
