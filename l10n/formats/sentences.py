"""Sentence boundaries in English source text: pysbd plus a few boundary rules for news text.

pysbd (rule-based, no download) is the maintained segmenter; this module feeds it text in
windows of bounded length (its run time grows faster than linearly; see ``_pysbd_cuts``), so
segmentation is linear in the length of a block however long its sentences, and corrects its
boundaries with a few rules (``_decide``): titles and ``No.`` go on, company and generation
suffixes (``Inc.``, ``Jr.``) and initialisms (``U.S.A.``) end a sentence only before a sentence
opener (``SENTENCE_OPENERS``, a closed list), ``9 a.m. Tuesday`` goes on, a sentence end inside
closing quotes or brackets is handled one way (after ``?”``/``!”`` an attribution with a
``REPORTING_VERBS`` verb goes on), the numbers of an inline enumeration (``1. ... 2. ...``,
``enumeration_markers``) start items and end none, and no sentence starts with a comma or a
dash. Scores: ``tests/conformance/test_segmentation.py`` (pySBD golden rules, sentencex) and
``tests/test_sentences.py`` (``tests/data/segmentation/newsroom-en.json``). Shared by every
article format (``l10n.formats``).
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
# Units of measure after a number precede another number: "5 ft. 6 in.", "2 lb. 4 oz.".
_UNIT_ABBREV = re.compile(r"\d\s?(?:ft|in|yd|yds|mi|lb|lbs|oz|fl|sq|pt|qt|gal)\.$")
# A year's era after a number ends the sentence before a capital: "in 753 B.C. Augustus".
_ERA = re.compile(r"\d\s?(?:B\.C\.E|B\.C|A\.D|C\.E)\.$")
# Citation marks after a sentence end belong to it: "Hydrogen is a gas. [1][2] It is".
_CITATION = re.compile(r"(?:\[\d{1,3}\]\s*)+")
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
# A word of two or more lower-case letters (after opening quotes or an ellipsis): no sentence
# starts with one ("5 lb. of flour", "Drive NE. for five miles", "Happy! ... no one"). Not a
# list marker ("ii.", "iv)") nor a name written with capitals inside ("eBay", "iPhone").
_LOWER_WORD = re.compile(r"[“‘\"'.… ]*(?![ivxlc]+[.)])[a-z]{2,}\b(?![’'-]?[A-Z])")

# Inline enumerations: "1. The first item 2. The second item" (see enumeration_markers).
_ITEM_NUMBER = re.compile(r"(?<!\S)(\d{1,3})(?:\.\)|[.)])(?=\s)")
# What may stand before the "1" that opens an enumeration: a colon or a sentence end, and blanks.
_ITEM_LEAD = re.compile(r"[:.!?…][)\]}”’\"']*\s+$")

REPORTING_VERBS = frozenset(
    "said says asked asks told tells added adds wrote writes replied replies answered answers "  # noqa: SIM905 (a word list reads best as words)
    "explained explains shouted shouts yelled yells cried cries whispered whispers exclaimed "
    "wondered wonders continued continues insisted insists noted notes recalled recalls "
    "responded responds demanded demands quipped muttered murmured declared declares announced "
    "announces argued argues suggested suggests stated states remarked inquired inquires "
    "pleaded pleads screamed warned warns admitted admits countered counters tweeted posted".split()
)
"""Reporting verbs: after a quotation ending in ``?`` or ``!``, a pronoun or a capitalised name
followed by one of these (an ``-ly`` adverb may stand between) is its attribution and continues
the sentence ("“Is it raining?” Nadia asked."); other verbs ("Others disagreed.") do not."""
# An attribution: one to three capitalised words (a pronoun, a name, "Mr. Smith"), an optional
# -ly adverb, a reporting verb.
_ATTRIBUTION = re.compile(
    r"(?:[A-Z][\w'’-]*\.?\s+){1,3}(?:[a-z]+ly\s+)?(?:" + "|".join(sorted(REPORTING_VERBS)) + r")\b"
)

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


# pysbd's run time grows faster than linearly with the input length (its abbreviation pass
# rescans the whole text for every abbreviation it finds), so text is fed to it in windows of
# about this many characters, each boundary judged at least _MARGIN characters from a window's
# edge (see _pysbd_cuts).
_WINDOW = 1500
_MARGIN = 200
_LOOKAHEAD = 120  # characters after a possible boundary that the rules look at
# Every boundary pysbd makes lies within _CUE_REACH characters of one of these: sentence-final
# punctuation (its ``Punctuations``, ellipses), list markers (``1.``, ``a)``, bullets) and the
# brackets of its parenthesis-in-quotation rule. A window with none has no boundary to find.
_PYSBD_CUE = re.compile(r"[.!?…。．！？()•⁃]")
_CUE_REACH = 8


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace (``str.isspace``, so NBSP and CR count) at both ends."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(text: str, segmenter: pysbd.Segmenter | None = None) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets in ``text``, as ``segment_text`` cuts a block.

    pysbd (English rules, fed in windows) plus the boundary rules of this module
    (``_decide``, inline enumerations). Spans are in order, never start or end with
    whitespace, and together cover every non-whitespace character of ``text``. Time and
    memory grow linearly with the length of ``text``, however long its sentences.

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
    return [(s + start, e + start) for s, e in _apply_rules(core, _pysbd_cuts(core, segmenter))]


def _pysbd_cuts(core: str, segmenter: pysbd.Segmenter) -> dict[int, int]:
    """pysbd's sentence boundaries in ``core`` (a trimmed block): ``{next start: previous end}``.

    A block longer than ``_WINDOW`` is fed in windows of ``_WINDOW`` characters, and only the
    boundaries that end a sentence at most ``window end - _MARGIN`` are kept: pysbd saw at least
    ``_MARGIN`` characters of context after each. The next window starts at the first sentence
    not kept. A window in which no boundary is kept (a sentence longer than the window) is
    followed by one that starts inside that sentence, ``2 * _MARGIN`` characters before the
    kept region's end (or ``_MARGIN`` before the next ``_PYSBD_CUE``, when that is further
    on), at a blank where there is one; of its boundaries only those past the region already
    judged are kept. Every window is at most ``_WINDOW`` long and advances by at least
    ``_WINDOW - 3 * _MARGIN``, so the whole run is linear in the block length.
    """
    cuts: dict[int, int] = {}
    pos = floor = 0  # window start; boundaries ending before ``floor`` were judged already
    while True:
        end = min(pos + _WINDOW, len(core))
        limit = end if end == len(core) else end - _MARGIN
        spans = _pysbd_spans(core[pos:end], segmenter)
        kept = [
            (pos + s, pos + e) for (_, e), (s, _) in itertools.pairwise(spans) if floor <= pos + e <= limit
        ]
        cuts.update(kept)
        if end == len(core):
            return cuts
        if kept:
            pos = floor = kept[-1][0]
            continue
        # No boundary up to ``limit``: the next window starts inside this sentence, or just
        # before the next character pysbd could cut at, when that is further on.
        nxt = _PYSBD_CUE.search(core, limit - _CUE_REACH)
        if nxt is None:
            return cuts
        pos, floor = _restart(core, max(limit, nxt.start()) - _MARGIN, pos), limit


def _restart(core: str, target: int, after: int) -> int:
    """Where a window inside a long sentence starts: the blank at or before ``target``
    nearest to it (within ``_MARGIN // 2`` characters), else ``target``; always past ``after``."""
    for i in range(target, max(after, target - _MARGIN // 2), -1):
        if core[i].isspace():
            return i + 1
    return max(target, after + 1)


def _pysbd_spans(core: str, segmenter: pysbd.Segmenter) -> list[tuple[int, int]]:
    """Run pysbd on ``core`` and map its sentences back to trimmed offsets in ``core``.

    pysbd's ``Segmenter.segment`` maps its sentences back to the text by compiling each one
    as a pattern and searching for it from the start of the text (quadratic, and wrong for
    repeated sentences), so its ``processor`` is called directly and the mapping is done
    here: sentence k covers the next ``m_k`` non-whitespace characters of ``core``, where
    ``m_k`` is its count of non-whitespace characters. If pysbd's output does not have
    exactly the characters of ``core`` (it should, with ``clean=False``), the block becomes
    one unit so nothing is lost.
    """
    sentences = segmenter.processor(core.replace("\n", " ").replace("\r", " ")).process()
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


def _apply_rules(core: str, pysbd_cuts: dict[int, int]) -> list[tuple[int, int]]:
    """Re-cut ``core`` at pysbd's boundaries (``{next start: previous end}``), corrected by the rules.

    The possible boundaries are pysbd's, every ``_CANDIDATE`` (sentence-final punctuation and
    closing quotes/brackets before whitespace) and the place before every marker of an inline
    enumeration (``enumeration_markers``). A rule's answer wins; where no rule speaks, a
    boundary stays exactly when pysbd made it.
    """
    cuts = dict(pysbd_cuts)
    for m in _CANDIDATE.finditer(core):
        if m.end() < len(core):
            cuts.setdefault(m.end(), m.start(1))
    items = enumeration_markers(core)
    starts = {ms for ms, _ in items}
    ends = {me for _, me in items}
    for ms in starts - {0}:
        cuts[ms] = trim(core, 0, ms)[1]
    out: list[tuple[int, int]] = []
    pos = 0
    for right, left in sorted(cuts.items()):
        if left in ends or right <= pos:
            continue  # an item's number ends no sentence: "2. The second item"
        verdict = True if right in starts else _decide(core, left, right)
        if verdict if verdict is not None else right in pysbd_cuts:
            citation = _CITATION.match(core, right)
            if citation and citation.end() < len(core):
                left, right = trim(core, right, citation.end())[1], citation.end()
            out.append((pos, left))
            pos = right
    out.append((pos, len(core)))
    return _join_punctuation(core, out)


def _join_punctuation(core: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans where a piece without a letter or digit ("?", "''", "! !") joins the sentence before it.

    Such a piece is the end of the sentence before: a closing quote, repeated marks ("Really ?
    ? ?"), a stray full stop. A first piece of that kind joins the one after it.
    """
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and not (_has_word(core[s:e]) and _has_word(core[out[-1][0] : out[-1][1]])):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _has_word(piece: str) -> bool:
    return any(c.isalnum() for c in piece)


def enumeration_markers(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of the number markers of inline enumerations in ``text``.

    A marker is a number of up to three digits followed by ``.``, ``)`` or ``.)`` and a blank,
    standing after a blank or at the start (``_ITEM_NUMBER``). An enumeration is a sequence of
    markers numbered 1, 2, 3, ... in order of appearance (other numbers may stand between
    them), whose ``1`` opens the text or follows a colon or a sentence end (``_ITEM_LEAD``),
    so that numbers in running text ("The score was 1. Then it was 2.") form none; a lone
    ``1`` is no enumeration. Each marker starts an item and never ends one (issue 19; the
    pySBD golden rules' "1. The first item 2. The second item").

    Args:
        text: a block of text.

    Returns:
        ``list[tuple[int, int]]``: every enumeration's markers, in order; empty if none.
    """
    found: list[tuple[int, int]] = []
    chain: list[tuple[int, int]] = []
    for m in _ITEM_NUMBER.finditer(text):
        number = int(m.group(1))
        if chain and number == len(chain) + 1:
            chain.append(m.span())
        elif number == 1 and (m.start() == 0 or _ITEM_LEAD.search(text, max(0, m.start() - 8), m.start())):
            found.extend(chain if len(chain) > 1 else ())
            chain = [m.span()]
    found.extend(chain if len(chain) > 1 else ())
    return found


def _decide(core: str, left: int, right: int) -> bool | None:
    """Is there a sentence boundary between ``core[:left]`` and ``core[right:]``? None: pysbd decides.

    Rules, first match wins:

    1. The next text starts with ``, ; : ) ] } ” ’`` or a dash, or with a lower-case word
       (``_LOWER_WORD``): no (a dateline's "—", the "., voted" pysbd splits in "R-Ore., voted",
       "5 lb. of flour").
    2. A title (``Mr.``, ``Gov.``, ``Sen.``, ...) before a capital: no.
    3. ``No.``/``Vol.``/``p.`` ..., or a unit after a number (``5 ft.``), before a digit: no;
       an era after a number (``753 B.C.``) before a capital: yes.
    4. A name suffix ``Inc. Corp. Ltd. Co. Jr. Sr.``: yes only before a ``SENTENCE_OPENERS`` word
       ("Harbor Foods Inc. reported", "Martin Luther King Jr. Day" go on; "Briggs & Co. The firm"
       splits).
    5. ``a.m.``/``p.m.`` before a weekday or a time zone: no ("9 a.m. Tuesday").
    6. An initialism (``U.S.A.``) before a ``SENTENCE_OPENERS`` word: yes.
    7. A sentence end inside closing quotes or brackets (``.”``, ``.’``, ``.)``, ``?”``, ``!)``):
       ``_after_closed_end``.
    """
    after = core[right : right + _LOOKAHEAD]
    if after[:1] in _NO_START or _LOWER_WORD.match(after):
        return False
    lo = max(0, left - 24)  # the patterns end at ``left``; searching from ``lo`` keeps the lookbehind

    def ends(pattern: re.Pattern[str]) -> re.Match[str] | None:
        return pattern.search(core, lo, left)

    stripped = after.lstrip(_OPENING)
    m = _WORD.match(stripped)
    word = m.group() if m else ""
    if ends(_TITLE_ABBREV) and stripped[:1].isupper():
        return False
    if (ends(_NUMBER_ABBREV) or ends(_UNIT_ABBREV)) and stripped[:1].isdigit():
        return False
    if ends(_ERA) and stripped[:1].isupper():
        return True
    if ends(_NAME_SUFFIX):
        return word in SENTENCE_OPENERS
    if ends(_CLOCK) and word in _AFTER_CLOCK:
        return False
    if ends(_INITIALISM) and word in SENTENCE_OPENERS:
        return True
    closed = ends(_CLOSED_END)
    if closed:
        return _after_closed_end(closed.group(1), after, initial=bool(ends(_NOT_AN_END)))
    return None


def _after_closed_end(stop: str, after: str, *, initial: bool) -> bool | None:
    """Rule 7 of ``_decide``: a sentence end inside closing quotes or brackets, ``after`` the text next.

    After a full stop or an ellipsis: yes before a capital or an opening quote, unless the stop
    ends an initial, an initialism or a list number (``initial``: "(U.S.) Army", "1.) The
    first"); before an opening bracket, or with ``initial``, pysbd decides (a citation
    "(Smith 55)" may follow). After ``?`` or ``!`` the quotation ends the sentence unless what
    follows continues it: a lower-case word ("“Why now?” asked Jones.") or an attribution, a
    pronoun or a capitalised name and a reporting verb (``_ATTRIBUTION``: "“Is it raining?”
    Nadia asked."); anything else starts a new sentence ("“Who pays?” Others disagreed.",
    issue 19).
    """
    stripped = after.lstrip(_OPENING)
    opens = len(stripped) < len(after)
    if stop in ".…":
        if initial or after[:1] in "([":
            return None
        return True if opens or stripped[:1].isupper() else None
    if opens:
        return True
    return not (stripped[:1].islower() or _ATTRIBUTION.match(stripped))
