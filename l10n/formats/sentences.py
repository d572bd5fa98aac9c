"""Sentence boundaries in English source text: pysbd plus a few boundary rules for news text.

pysbd (rule-based, no download) is the maintained segmenter; this module feeds it long blocks
in windows (its run time grows faster than linearly) and corrects its boundaries with a few
rules (``_decide``): titles and ``No.`` go on, company and generation suffixes (``Inc.``,
``Jr.``) and initialisms (``U.S.A.``) end a sentence only before a sentence opener
(``SENTENCE_OPENERS``, a closed list), ``9 a.m. Tuesday`` goes on, a sentence end inside
closing quotes or brackets is handled one way, and no sentence starts with a comma or a dash.
Scores: 47/48 on the pySBD golden rules (as pySBD), 50/50 on ``tests/data/segmentation/
newsroom-en.json``. Shared by every article format (``l10n.formats``).
"""

from __future__ import annotations

import itertools
import re

import pysbd

UNITS = ("sentence", "paragraph")
"""Accepted values of the ``unit`` option."""


# --- Sentence boundary rules -------------------------------------------------------------------
# pysbd already keeps Mr./Dr./U.S./Gen./Jan./initials/decimals/ellipses together. The rules below
# decide the places where it is wrong for news text (found by probing pysbd 0.3.4, scored on
# tests/data/segmentation/newsroom-en.json and the pySBD golden rules). Each rule looks at the text
# before a possible boundary and at the next word; ``_decide`` lists them in order.

_ABBREV_LEAD = r"(?:^|(?<=[\s(“\"'&/-]))"
# Titles precede a name: no boundary before a capital.
_TITLE_ABBREV = re.compile(
    _ABBREV_LEAD + r"(?:Mr|Mrs|Ms|Mmes|Messrs|Dr|Prof|Gen|Gens|Sen|Sens|Rep|Reps|Gov|Lt|Col|Capt|Sgt|Maj"
    r"|Adm|Cmdr|Brig|Rev|Fr|Msgr|Hon|Pres|Amb|Supt|St)\.$"
)
# These precede a number: no boundary before a digit.
_NUMBER_ABBREV = re.compile(_ABBREV_LEAD + r"(?:No|Nos|Vol|Art|para|approx|ca|est|pp?)\.$", re.IGNORECASE)
# Company and generation suffixes end a name, which may end the sentence or not: a boundary only
# when the next word opens a sentence (``SENTENCE_OPENERS``).
_NAME_SUFFIX = re.compile(_ABBREV_LEAD + r"(?:Inc|Corp|Ltd|Co|Jr|Sr)\.$")
# Clock times: "9 a.m. Tuesday" goes on when a weekday or time zone follows.
_CLOCK = re.compile(_ABBREV_LEAD + r"[ap]\.m\.$", re.IGNORECASE)
_AFTER_CLOCK = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thurs Fri "  # noqa: SIM905 (a word list reads best as words)
    "Sat Sun ET CT MT PT EST EDT CST CDT MST MDT PST PDT GMT UTC BST CET CEST".split()
)
# Initialisms (two or more capital-letter-and-dot pairs): "the U.S.A. Its staff" ends a sentence
# when the next word opens one; else pysbd decides ("U.S. officials", "J.R. Smith").
_INITIALISM = re.compile(_ABBREV_LEAD + r"(?:[A-Z]\.){2,}$")
# A sentence end followed by closing quotes or brackets: ``.”`` ``.’`` ``.)`` ``?”`` ``!)``.
_CLOSED_END = re.compile(r"([.!?…])[)\]}”’\"']+$")
# ... unless the stop ends an initial, an initialism or a list number: "(U.S.) Army", "1.) The first".
_NOT_AN_END = re.compile(_ABBREV_LEAD + r"(?:(?:[A-Z]\.)+|[a-z]\.|\d{1,3}\.)[)\]}”’\"']+$")
# A possible boundary: sentence-final punctuation, closing quotes/brackets, then whitespace.
_CANDIDATE = re.compile(r"[.!?…][)\]}”’\"']*(\s+)")
# Opening quotes in front of the next word.
_OPENING = "“‘\"'"
# A sentence never starts with these: the text belongs to the sentence before.
_NO_START = ",;:)]}”’—–"
_WORD = re.compile(r"[\w'’-]+")

SENTENCE_OPENERS = frozenset(
    # pronouns and determiners
    "I He She It We They You This That These Those There Here Who What Which Where Why How "  # noqa: SIM905 (a word list reads best as words)
    "His Her Its Our Their My Your Some Many Most All Both Each No None One "
    # articles
    "The A An "
    # conjunctions
    "But And Or So Yet Nor Because Although Though While If As When After Before Since Until "
    "Unless "
    # adverbs and sentence-opening prepositions
    "Then However Still Also Now Later Earlier Instead Thus Therefore Meanwhile Moreover "
    "Indeed Today Yesterday Tomorrow Last Next In On At For With By From During Under".split()
)
"""Words that open a sentence after a name suffix (``Inc.``, ``Corp.``, ``Ltd.``, ``Co.``,
``Jr.``, ``Sr.``) or an initialism (``U.S.A.``): a closed list of pronouns, articles and common
conjunctions, adverbs and prepositions, matched case-sensitively (capitalised)."""


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
    return [(s + start, e + start) for s, e in _apply_rules(core, _sentence_spans(core, segmenter))]


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


def _apply_rules(core: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Re-cut ``core`` at pysbd's boundaries (``spans``), corrected by ``_decide``.

    The possible boundaries are pysbd's plus every ``_CANDIDATE`` (sentence-final punctuation and
    closing quotes/brackets before whitespace). A rule's answer wins; where no rule speaks, a
    boundary stays exactly when pysbd made it.
    """
    pysbd_cuts = {s: pe for (_, pe), (s, _) in itertools.pairwise(spans)}
    cuts = dict(pysbd_cuts)
    for m in _CANDIDATE.finditer(core):
        if m.end() < len(core):
            cuts.setdefault(m.end(), m.start(1))
    kept = []
    for right, left in sorted(cuts.items()):
        verdict = _decide(core, left, right)
        if verdict if verdict is not None else right in pysbd_cuts:
            kept.append((left, right))
    out: list[tuple[int, int]] = []
    pos = 0
    for left, right in kept:
        out.append((pos, left))
        pos = right
    out.append((pos, len(core)))
    return out


def _decide(core: str, left: int, right: int) -> bool | None:
    """Is there a sentence boundary between ``core[:left]`` and ``core[right:]``? None: pysbd decides.

    Rules, first match wins:

    1. The next text starts with ``, ; : ) ] } ” ’`` or a dash: no (a dateline's "—", the
       "., voted" pysbd splits in "R-Ore., voted").
    2. A title (``Mr.``, ``Gov.``, ``Sen.``, ...) before a capital: no.
    3. ``No.``/``Vol.``/``p.`` ... before a digit: no.
    4. A name suffix ``Inc. Corp. Ltd. Co. Jr. Sr.``: yes only before a ``SENTENCE_OPENERS`` word
       ("Harbor Foods Inc. reported", "Martin Luther King Jr. Day" go on; "Briggs & Co. The firm"
       splits).
    5. ``a.m.``/``p.m.`` before a weekday or a time zone: no ("9 a.m. Tuesday").
    6. An initialism (``U.S.A.``) before a ``SENTENCE_OPENERS`` word: yes.
    7. A sentence end inside closing quotes or brackets (``.”``, ``.’``, ``.)``): after a full stop,
       yes before a capital or an opening quote (unless the stop ends an initial, an initialism
       or a list number: "(U.S.) Army", "1.) The first"; before an opening bracket pysbd decides:
       a citation "(Smith 55)" may follow); after ``?``/``!``, yes only before a ``SENTENCE_OPENERS`` word
       or an opening quote, else no: the quotation is part of the sentence
       ("“Is it over?” Smith asked.").
    """
    after = core[right:]
    if after[:1] in _NO_START:
        return False
    lo = max(0, left - 24)  # the patterns end at ``left``; searching from ``lo`` keeps the lookbehind

    def ends(pattern: re.Pattern[str]) -> re.Match[str] | None:
        return pattern.search(core, lo, left)

    stripped = after.lstrip(_OPENING)
    opens = len(stripped) < len(after)
    m = _WORD.match(stripped)
    word = m.group() if m else ""
    if ends(_TITLE_ABBREV) and stripped[:1].isupper():
        return False
    if ends(_NUMBER_ABBREV) and stripped[:1].isdigit():
        return False
    if ends(_NAME_SUFFIX):
        return word in SENTENCE_OPENERS
    if ends(_CLOCK) and word in _AFTER_CLOCK:
        return False
    if ends(_INITIALISM) and word in SENTENCE_OPENERS:
        return True
    closed = ends(_CLOSED_END)
    if closed:
        if closed.group(1) in ".…":
            if ends(_NOT_AN_END) or after[:1] in "([":
                return None
            return True if opens or stripped[:1].isupper() else None
        return opens or word in SENTENCE_OPENERS
    return None
