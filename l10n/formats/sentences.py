"""Sentence boundaries in English source text: pysbd plus a few abbreviation fix-ups.

pysbd (rule-based, no download) is the maintained segmenter; this module only feeds it long
blocks in windows (its run time grows faster than linearly) and undoes splits after a few
abbreviations it does not know. Shared by every article format (``l10n.formats``).
"""

from __future__ import annotations

import re

import pysbd

UNITS = ("sentence", "paragraph")
"""Accepted values of the ``unit`` option."""


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


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace (``str.isspace``, so NBSP and CR count) at both ends."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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
    start, end = trim(text, 0, len(text))
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
