"""Plain-text article -> ``Document`` (skeleton + translation units).

A news text file carries one paragraph per line: the first non-blank line is the
headline and every other non-blank line is a block of its own (paragraph, image
caption, photo credit). With ``wrap=True`` (hard-wrapped files) blank lines separate
blocks and the lines inside a block belong together.

Each block is cut into sentences with pysbd (rule-based, no download) or kept whole
(``unit="paragraph"``). Whitespace around a block and between sentences is not part
of any unit: it goes into the skeleton (``Literal`` outside units, ``Gap`` between two
units of one block), so ``doc.render(lambda s: s.source)`` gives the text back exactly.
"""

from __future__ import annotations

import pathlib
import re
import unicodedata
from collections.abc import Iterator, Sequence

import pysbd

from l10n.errors import SourceError, UsageError
from l10n.model import Document, Gap, Issue, Literal, Piece, Segment, Unit

UNITS = ("sentence", "paragraph")
"""Accepted values of the ``unit`` option."""

SUPPORTED_SUFFIXES = (".txt", ".md")
"""Article file suffixes ``load_document`` accepts (``.md`` goes to ``l10n.markdown``)."""

_BOM = "\ufeff"

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

# --- Sentence post-processing ------------------------------------------------------------------
# pysbd already keeps Mr./Dr./U.S./Gen./Jan./initials/decimals/ellipses together; these lists cover
# abbreviations it splits after (found by probing pysbd 0.3.4). A split right after one of them is
# undone when the next sentence starts as stated. Titles precede a name; the others a number.
_TITLE_ABBREV = re.compile(
    r"(?:^|[\s(“\"'])(?:Mr|Mrs|Ms|Mmes|Messrs|Dr|Prof|Gen|Gens|Sen|Sens|Rep|Reps|Gov|Lt|Col|Capt|Sgt|Maj"
    r"|Adm|Cmdr|Brig|Rev|Fr|Msgr|Hon|Pres|Amb|Supt)\.$"
)
_NUMBER_ABBREV = re.compile(r"(?:^|[\s(“\"'])(?:No|Nos|Vol|Art|para|approx|ca|est|pp?)\.$", re.IGNORECASE)

# pysbd's run time grows faster than linearly with the input length, so long blocks are fed to it
# in windows of about this many characters (see _sentence_spans).
_WINDOW = 1500
_MARGIN = 200

_JOIN_LINES = re.compile(r"\s*\n\s*")


def read_source(file: pathlib.Path, *, display_path: str) -> str:
    """Read an article file as text, losing nothing.

    The bytes are decoded as UTF-8 with no newline translation: CRLF stays CRLF and a
    UTF-8 byte order mark is kept as U+FEFF at the start of the string.

    Args:
        file: the file to read.
        display_path: how the file is named in error messages (``"source/x.txt"``).

    Returns:
        The decoded text (``str``).

    Raises:
        SourceError: (path=display_path) if the file is missing or unreadable, or is empty or
            whitespace only; with ``line`` set if it holds a NUL byte (binary, or UTF-16)
            or is not valid UTF-8 (the line of the first bad byte).
    """
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise SourceError("article not found", path=display_path) from None
    except IsADirectoryError:
        raise SourceError("is a directory, not an article file", path=display_path) from None
    except OSError as exc:
        raise SourceError(f"cannot read article: {exc.strerror or exc}", path=display_path) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise SourceError("binary file (NUL byte), or not UTF-8 (UTF-16?)", path=display_path, line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start]
        raise SourceError(
            f"not valid UTF-8: byte 0x{bad:02x} at column {col} (byte offset {exc.start})",
            path=display_path,
            line=line,
        ) from None
    if not text.lstrip(_BOM).strip():
        raise SourceError("empty article (no text)", path=display_path)
    return text


def load_document(
    file: pathlib.Path,
    *,
    display_path: str,
    unit: str = "sentence",
    wrap: bool = False,
    warnings: list[Issue] | None = None,
    front_matter_keys: Sequence[str] = ("title",),
) -> Document:
    """Read and segment one article file; the slug is the file name without its suffix.

    Args:
        file: the article: ``.txt`` (``segment_text``) or ``.md`` (``l10n.markdown.segment_markdown``).
        display_path: the path written in references and errors (``"source/x.txt"``).
        unit: ``"sentence"`` or ``"paragraph"`` (see ``segment_text``).
        wrap: True for hard-wrapped text files (see ``segment_text``); ignored for Markdown.
        front_matter_keys: Markdown front matter keys whose value is translated.
        warnings: if given, the segmenter's warnings (``Issue`` values, Markdown only) are
            appended to it; else they are dropped.

    Returns:
        The segmented ``Document``.

    Raises:
        SourceError: unsupported suffix, or any error of ``read_source``.
        UsageError: bad ``unit``.
    """
    suffix = file.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(
            f"unsupported article format {file.suffix or '(no suffix)'!r} (expected .txt or .md)",
            path=display_path,
        )
    text = read_source(file, display_path=display_path)
    if suffix == ".md":
        from l10n.markdown import segment_markdown  # imported here: l10n.markdown imports this module

        doc, issues = segment_markdown(
            text, path=display_path, slug=file.stem, unit=unit, front_matter_keys=front_matter_keys
        )
        if warnings is not None:
            warnings.extend(issues)
        return doc
    return segment_text(text, path=display_path, slug=file.stem, unit=unit, wrap=wrap)


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
        - ``paragraph``: anything else.

    Units: ``unit="sentence"`` splits each block with pysbd (English rules), then undoes
    splits after a few abbreviations pysbd does not know (titles such as "Hon." before a
    name, "No."/"Vol." before a number). No unit spans two blocks. ``unit="paragraph"``
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
    start = 1 if text.startswith(_BOM) else 0
    skeleton: list[Piece] = []
    segments: list[Segment] = []
    literal: list[str] = [text[:start]]
    cursor = start
    line, line_pos = 1, 0  # running line count, so line numbers cost O(n) overall
    for block_index, (bs, be) in enumerate(_blocks(text, start, wrap)):
        core = text[bs:be]
        role = _role(_msgid(core, wrap), block_index)
        if segmenter is None or role == "caption":
            spans = [(0, len(core))]
        else:
            spans = _merge_abbreviations(core, _sentence_spans(core, segmenter))
        for i, (us, ue) in enumerate(spans):
            us, ue = us + bs, ue + bs
            between = text[cursor:us]
            if i == 0:
                literal.append(between)
            else:
                skeleton.append(Gap(between))
            if any(literal):
                skeleton.append(Literal("".join(literal)))
            literal = []
            line += text.count("\n", line_pos, us)
            line_pos = us
            source = text[us:ue]
            skeleton.append(Unit(len(segments)))
            segments.append(
                Segment(text=_msgid(source, wrap), source=source, line=line, block=block_index, role=role)
            )
            cursor = ue
    literal.append(text[cursor:])
    if any(literal):
        skeleton.append(Literal("".join(literal)))
    return Document(path=path, slug=slug, skeleton=tuple(skeleton), segments=tuple(segments))


def _blocks(text: str, start: int, wrap: bool) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` offsets of each block's text, whitespace trimmed, in order.

    Lines are split on "\\n" only (not ``str.splitlines``, which also breaks at U+2028,
    form feeds and others, and would disagree with the line numbers).
    """
    pending: tuple[int, int] | None = None  # wrap mode: the block being grown
    pos = start
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        ls, le = _trim(text, pos, end)
        if ls < le:
            if not wrap:
                yield ls, le
            elif pending is None:
                pending = (ls, le)
            else:
                pending = (pending[0], le)
        elif pending is not None:
            yield pending
            pending = None
        if nl < 0:
            break
        pos = nl + 1
    if pending is not None:
        yield pending


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace (``str.isspace``, so NBSP and CR count) at both ends."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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


def sentence_spans(text: str, segmenter: pysbd.Segmenter | None = None) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets in ``text``, as ``segment_text`` cuts a block.

    pysbd (English rules, windowed for long text) plus the abbreviation fixes of
    ``segment_text``. Spans are in order, never start or end with whitespace, and
    together cover every non-whitespace character of ``text``.

    Args:
        text: one block of text (may start or end with whitespace).
        segmenter: a ``pysbd.Segmenter(language="en", clean=False)`` to reuse; None makes one.

    Returns:
        ``list[tuple[int, int]]``, empty if ``text`` is blank.
    """
    start, end = _trim(text, 0, len(text))
    if start == end:
        return []
    if segmenter is None:
        segmenter = pysbd.Segmenter(language="en", clean=False)
    core = text[start:end]
    return [(s + start, e + start) for s, e in _merge_abbreviations(core, _sentence_spans(core, segmenter))]


def _sentence_spans(core: str, segmenter: pysbd.Segmenter) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets in ``core`` (a trimmed block), trimmed, in order.

    pysbd's time per sentence grows with the input length (about 35 s for one block of 5,000
    sentences), so a long block is fed in windows of ``_WINDOW`` characters: only the
    sentences that end at least ``_MARGIN`` characters before the window's end are kept, and
    the next window starts at the first sentence not kept. A sentence longer than a window
    doubles the window until it fits. This keeps the whole run linear in the block length.
    """
    if len(core) <= _WINDOW:
        return _pysbd_spans(core, segmenter)
    spans: list[tuple[int, int]] = []
    pos, window = 0, _WINDOW
    while pos < len(core):
        end = pos + window
        if end >= len(core):
            spans.extend((s + pos, e + pos) for s, e in _pysbd_spans(core[pos:], segmenter))
            break
        found = _pysbd_spans(core[pos:end], segmenter)
        keep = [(s, e) for s, e in found if e <= window - _MARGIN]
        if not keep or len(keep) == len(found):
            window *= 2
            continue
        spans.extend((s + pos, e + pos) for s, e in keep)
        pos += found[len(keep)][0]
        window = _WINDOW
    return spans


def _pysbd_spans(core: str, segmenter: pysbd.Segmenter) -> list[tuple[int, int]]:
    """Run pysbd on ``core`` and map its sentences back to trimmed offsets in ``core``.

    pysbd's own ``char_span`` output re-searches every sentence from the start of the text
    (quadratic, and wrong for repeated sentences), so the mapping is done here: sentence k
    covers the next ``m_k`` non-whitespace characters of ``core``, where ``m_k`` is its count
    of non-whitespace characters. If pysbd's output does not have exactly the characters of
    ``core`` (it should, with ``clean=False``), the block becomes one unit so nothing is lost.
    """
    sentences = segmenter.segment(core.replace("\n", " ").replace("\r", " "))
    pieces = [chars for chars in ("".join(s.split()) for s in sentences) if chars]
    dense = [i for i, c in enumerate(core) if not c.isspace()]
    if "".join(pieces) != "".join(core[i] for i in dense):
        return [(0, len(core))]
    spans: list[tuple[int, int]] = []
    k = 0
    for chars in pieces:
        spans.append((dense[k], dense[k + len(chars) - 1] + 1))
        k += len(chars)
    return spans


def _merge_abbreviations(core: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Undo sentence splits right after a known non-final abbreviation (see ``_TITLE_ABBREV``)."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged:
            ps, pe = merged[-1]
            tail = core[max(ps, pe - 12) : pe]
            first = core[s]
            if (first.isupper() and _TITLE_ABBREV.search(tail)) or (
                first.isdigit() and _NUMBER_ABBREV.search(tail)
            ):
                merged[-1] = (ps, e)
                continue
        merged.append((s, e))
    return merged
