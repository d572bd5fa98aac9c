r"""PO string layout exactly as GNU msgcat writes it: escapes, line breaks, ``#:`` reference lines.

Why this is our own code: polib's writer wraps with ``textwrap``, which breaks lines *before* a
space and counts code points, while GNU msgcat/msgmerge (and so Poedit and Weblate, which keep
their layout) break *after* it, at Unicode line break opportunities (UAX #14), and count display
columns. A file written by polib is re-wrapped by the next ``msgmerge`` run or editor save, and
the diff then shows lines nobody changed. Writing byte-identical output to msgcat avoids that
churn: a translator's save, our merge and ``msgmerge`` all produce the same text.

Why not ``unicode-segmentation-rs`` (its ``gettext_wrap`` is what Translate Toolkit's PO writer
uses): tried at 1.0.0 on the escaped text (width 77 between the quotes) against ``msgcat`` 0.21,
over 70 distinct strings (our catalogs, the ``test_powrap`` strings and a few URL and backslash
sentences); it writes layouts msgcat never writes:

- a backslash before ``n`` is taken for a newline: the text ``C:\new\name and more words ...``
  (escaped ``C:\\new\\name``) becomes ``"A Windows path C:\\n"`` / ``"ew\\n"`` / ``"ame ..."``;
- it breaks after an escape: a 93-column string of tab-separated words is cut after
  ``wrapping\t``, where msgcat keeps it whole on the ``msgid`` line (``tests/test_powrap.py``);
- it breaks a URL after ``https://`` where msgcat (UAX #14) breaks after ``https://example.``:
  ``"... and https://"`` / ``"example.org/a/b/..."`` instead of ``"... and https://example."`` /
  ``"org/a/b/..."``.

The rule set: GNU gettext's, which is libunistring's line breaking (``u8_width_linebreaks``):
UAX #14 (Unicode 14.0 in libunistring 1.0) with libunistring's resolutions (AI, SA, XX as AL;
CJ as NS; no LB29 "IS x AL"; LB21a "HL (HY|BA) x" on the characters as written; LB30a pairs of
regional indicators). Python has no Line_Break property, so a class comes from
``l10n.catalog.lbdata`` where it lists the code point (ranges measured from libunistring 1.0
by ``tools/gen_lbdata.py``: the class that makes this module break as libunistring does in
every probe context) and otherwise from the general category and East Asian width
(``_derived_class``). Column widths are libunistring's ``uc_width`` (Hangul jamo medials and
finals 0, five spacing Mn 1). Checked: every assigned code point's breaks in 112 contexts
and 100,000 random strings against libunistring 1.0 itself, and every punctuation, symbol
and space character and the Kannada, Tibetan, Khmer, Thai, Myanmar and jamo blocks against
``msgcat`` (``tests/test_powrap_msgcat.py``).

What it reproduces: GNU gettext 0.21 with libunistring 1.0 (the layout of ``write-po.c``),
checked against ``msgcat`` 0.21 as a black box in ``tests/test_catalog.py`` (the demo template,
Vietnamese, Chinese and Japanese strings, a 200-letter word, URLs, tabs, quotes, newlines,
contexts, plural, obsolete and ``#|`` entries, the PO corpus; with and without ``--no-wrap``)
and by the unit tests in ``tests/test_powrap.py``.

The layout: a string is escaped (``escape``), cut after each ``\n``, and each piece is filled
greedily into lines of at most ``width - 2 - len(prefix)`` columns between the quotes, breaking
only at line break opportunities (never inside an escape, never before a final ``\n``); the
first line is ``keyword ""`` when the string has a ``\n`` before its end or does not fit on the
keyword's line. Width is counted in display columns (East Asian wide characters 2, combining
marks 0, an escape such as ``\t`` 2). ``width <= 0`` writes as ``msgcat --no-wrap``.

Plain values only (``str`` in, ``list[str]`` out): the PO library stays in ``l10n.catalog.pofile``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence

from l10n.catalog.lbdata import LB_RANGES

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", '"': '"', "\\": "\\"}
# UAX #14 line breaking classes of the characters that unicodedata cannot tell apart (the others
# are derived from the general category and the East Asian width in ``_lb_class``).
_LB_TABLE: dict[str, str] = {}
for _cls, _chars in (
    ("SP", " "),
    ("BA", "\t|\u00ad\u058a\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a"),
    ("BA", "\u2010\u2012\u2013\u2027\u205f\u3000"),
    ("GL", "\u00a0\u2007\u2011\u202f\u034f\u180e"),
    ("ZW", "\u200b"),
    ("ZWJ", "\u200d"),
    ("WJ", "\u2060\ufeff"),
    ("BK", "\x0b\x0c\u2028\u2029\x85"),  # NL (U+0085) behaves as BK
    ("EX", "!?\u203c\u203d\u2047\u2048\u2049\uff01\uff1f"),
    ("QU", "\"'\u00ab\u00bb\u2018\u2019\u201b\u201c\u201d\u201f\u2039\u203a\u275b\u275c\u275d\u275e"),
    ("OP", "([{\u00a1\u00bf\u201a\u201e"),
    ("CP", ")]"),
    ("ID", "\ufffc"),
    ("CL", "}\u3001\u3002\uff0c\uff0e\ufe50\ufe52"),
    ("IS", ",.:;\u037e\u0589\u2044\ufe10\ufe13\ufe14"),
    ("SY", "/"),
    ("HY", "-"),
    ("PR", "$+\\\u00a3\u00a4\u00a5\u00b1\u2116\u2212\u2213"),
    ("PO", "%\u00a2\u00b0\u2030\u2031\u2032\u2033\u2034\u2035\u2036\u2037\u2103\u2109\uffe0"),
    ("B2", "\u2014\u2e3a\u2e3b"),
    ("IN", "\u2024\u2025\u2026\ufe19"),
    ("BB", "\u00b4\u02c8\u02cc\u02df"),
    (
        "NS",
        "\u3005\u301c\u303b\u303c\u309b\u309c\u309d\u309e\u30a0\u30fb\u30fd\u30fe\uff1a\uff1b\uff65\u17d6",
    ),
    # small kana and the prolonged sound mark (class CJ, resolved to NS)
    ("NS", "\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087\u308e\u3095\u3096\u30a1\u30a3"),
    ("NS", "\u30a5\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7\u30ee\u30f5\u30f6\u30fc"),
):
    _LB_TABLE.update(dict.fromkeys(_chars, _cls))
_RANGE_STARTS = [first for first, _last, _cls in LB_RANGES]
_SPACING_MN = frozenset((0xCBF, 0xCC6, 0x11A07, 0x11A08, 0x11C3F))  # Mn that libunistring counts 1 wide
_AL_LIKE = ("AL", "HL")
_HANGUL = ("JL", "JV", "JT", "H2", "H3")
# Pairs (class before, class after) with no break between them when adjacent (UAX #14 LB23-LB30
# as libunistring 1.0 applies them: without LB29 "IS x AL", as msgcat shows).
_NO_BREAK_PAIRS = {
    *((a, "NU") for a in _AL_LIKE),
    *(("NU", a) for a in _AL_LIKE),
    *(("PR", b) for b in ("ID", "EB", "EM", "OP", "NU", *_AL_LIKE, *_HANGUL)),
    *((a, "PO") for a in ("ID", "EB", "EM", "CL", "CP", "NU", *_AL_LIKE, *_HANGUL)),
    *(("PO", b) for b in ("OP", "NU", *_AL_LIKE)),
    *((a, "PR") for a in ("CL", "CP", "NU", *_AL_LIKE)),
    *((a, "NU") for a in ("HY", "IS", "NU", "SY")),
    *(("JL", b) for b in ("JL", "JV", "H2", "H3")),
    *((a, b) for a in ("JV", "H2") for b in ("JV", "JT")),
    *((a, "JT") for a in ("JT", "H3")),
    *((a, b) for a in _AL_LIKE for b in _AL_LIKE),
    *((a, "OP") for a in (*_AL_LIKE, "NU")),
    *(("CP", b) for b in (*_AL_LIKE, "NU")),
    ("EB", "EM"),
    ("RI", "RI"),
    ("SY", "HL"),
}


def escape(value: str) -> str:
    """``value`` as the inside of a PO string literal: ``\\``, ``"`` and the C control escapes
    gettext writes (``\\a \\b \\f \\n \\r \\t \\v``); other characters as they are."""
    return "".join("\\" + _ESCAPES[c] if c in _ESCAPES else c for c in value)


@functools.lru_cache(maxsize=8192)
def _lb_class(ch: str) -> str:
    """The UAX #14 line breaking class of ``ch`` as libunistring 1.0 resolves it.

    ``LB_RANGES`` (``l10n.catalog.lbdata``, measured from libunistring) first, then the
    rules of ``_derived_class``.
    """
    code = ord(ch)
    at = bisect.bisect_right(_RANGE_STARTS, code) - 1
    if at >= 0 and code <= LB_RANGES[at][1]:
        return LB_RANGES[at][2]
    return _derived_class(ch)


def _derived_class(ch: str) -> str:
    """The line breaking class of ``ch`` from its general category, East Asian width and
    ``_LB_TABLE`` (AI, SA -> AL), right for every character ``LB_RANGES`` does not list."""
    cls = _LB_TABLE.get(ch)
    if cls is not None:
        return cls
    code = ord(ch)
    cat = unicodedata.category(ch)
    if cat in ("Mn", "Mc", "Me", "Cc", "Cf"):
        return "CM"
    if 0x5D0 <= code <= 0x5F2 or 0xFB1D <= code <= 0xFB4F:
        return "HL" if cat == "Lo" else "AL"
    if 0xAC00 <= code <= 0xD7A3:
        return "H2" if (code - 0xAC00) % 28 == 0 else "H3"
    if 0x1100 <= code <= 0x115F or 0xA960 <= code <= 0xA97C:
        return "JL"
    if 0x1160 <= code <= 0x11A7 or 0xD7B0 <= code <= 0xD7C6:
        return "JV"
    if 0x11A8 <= code <= 0x11FF or 0xD7CB <= code <= 0xD7FB:
        return "JT"
    if 0x1F1E6 <= code <= 0x1F1FF:
        return "RI"
    if 0x1F3FB <= code <= 0x1F3FF:
        return "EM"
    by_category = {
        "Nd": "NU",
        "Ps": "OP",
        "Pe": "CL",
        "Pi": "QU",
        "Pf": "QU",
        "Zs": "BA",
        "Pd": "BA",
        "Sc": "PR",
    }
    if cat in by_category:
        return by_category[cat]
    if unicodedata.east_asian_width(ch) in ("W", "F") or 0x1F000 <= code <= 0x1FAFF:
        return "ID"
    return "AL"


@functools.lru_cache(maxsize=8192)
def _column_width(ch: str) -> int:
    """Display columns of ``ch`` as GNU counts them: 2 for East Asian wide/full-width characters,
    0 for combining marks, format and control characters, else 1 (ambiguous ones count 1 in UTF-8)."""
    code = ord(ch)
    if code < 0x20 or 0x7F <= code < 0xA0 or 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF:
        return 0  # controls; Hangul medial vowels and final consonants (Jamo and Jamo Extended-B)
    if code in _SPACING_MN:
        return 1
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _east_asian(ch: str) -> bool:
    """Whether ``ch`` is East Asian full-width, wide or halfwidth (``ea=F|W|H``, UAX #14 LB30)."""
    return unicodedata.east_asian_width(ch) in ("F", "W", "H")


def _pair_allows_break(before: str, after: str, spaces: bool) -> bool:
    """Whether a line may break before a character of class ``after``.

    ``before`` is the class of the last character that is not a space, ``spaces`` whether
    spaces come between them (UAX #14 rules LB7-LB31 in their order, as libunistring applies them).
    """
    if after in ("SP", "BK", "ZW"):
        return False
    if before == "ZW":
        return True
    if after in ("WJ", "CL", "CP", "EX", "IS", "SY"):
        return False
    if before == "OP" or (before, after) in (("QU", "OP"), ("CL", "NS"), ("B2", "B2")):
        return False
    if spaces:
        return True
    if before in ("WJ", "GL"):
        return False
    if after == "GL":
        return before in ("BA", "HY")
    if "QU" in (before, after) or after in ("BA", "HY", "NS", "IN") or before == "BB":
        return False
    return (before, after) not in _NO_BREAK_PAIRS


def _break_opportunities(text: str) -> list[bool]:
    """For each character of ``text``, whether a line may break just before it."""
    out = [False] * len(text)
    before: str | None = None  # class of the last character that is not a space
    spaces = joined = False
    raw = ("", "")  # the classes of the two characters just before, marks and spaces included
    flags = 0  # regional indicators just before (LB30a: pairs of them stay together)
    for i, ch in enumerate(text):
        cls = _lb_class(ch)
        hebrew_dash = raw[0] == "HL" and raw[1] in ("HY", "BA")  # LB21a, on the characters as written
        flags = flags + 1 if raw[1] == "RI" else 0
        raw, after_joiner, joined = (raw[1], cls), joined, cls == "ZWJ"
        if cls == "SP":
            spaces = True
        elif before is None:  # nothing breaks at the start
            before, spaces = ("AL" if cls in ("CM", "ZWJ") else cls), False
        elif after_joiner:  # nor after a joiner; a mark there keeps the class it follows
            before = before if cls in ("CM", "ZWJ") else cls
            spaces = False
        elif cls in ("CM", "ZWJ"):
            if spaces:  # a mark after spaces stands alone, as a letter
                out[i], before, spaces = True, "AL", False
            elif before in ("BK", "ZW"):
                out[i], before = True, "AL"
            # otherwise it takes the class of the character it follows
        elif cls == "OP" and before in ("AL", "HL", "NU") and not spaces and _east_asian(ch):
            out[i], before = True, cls  # LB30 leaves out East Asian wide and halfwidth brackets
        else:
            allowed = _pair_allows_break(before, cls, spaces) and not hebrew_dash
            if cls == before == "RI" and not spaces:
                allowed = flags % 2 == 0
            out[i], before, spaces = allowed, cls, False
    return out


def _fill(piece: str, opportunities: list[bool], width: int, start: int) -> list[int]:
    """Where to break ``piece`` (indexes of the characters that start a new line), greedily.

    Columns count from ``start``; a line is full when its text (trailing spaces included) is
    wider than ``width``; a line separator (BK) starts a new count without a visible break.
    """
    breaks: list[int] = []
    column, run, last = start, 0, -1  # run: width since the last opportunity
    for i, ch in enumerate(piece):
        mandatory = _lb_class(ch) == "BK"
        if (opportunities[i] or mandatory) and last >= 0 and column + run > width:
            breaks.append(last)
            column = 0
        if mandatory:
            column, run, last = 0, 0, -1
            continue
        if opportunities[i]:
            column, run, last = column + run, 0, i
        run += _column_width(ch)
    if last >= 0 and column + run > width:
        breaks.append(last)
    return breaks


def string_lines(keyword: str, value: str, *, width: int, prefix: str = "") -> list[str]:
    """The lines of ``keyword "value"`` as msgcat writes them (without line ends).

    Args:
        keyword: ``msgid``, ``msgstr``, ``msgstr[0]``, ``msgctxt``...
        value: the string, unescaped.
        width: page width (79 is GNU's default); <= 0 writes as ``msgcat --no-wrap`` (split only
            after newlines).
        prefix: put before every line: ``"#~ "`` for obsolete entries, ``"#| "`` for previous ones.

    Returns:
        e.g. ``['msgid ""', '"a\\n"', '"b"']`` for ``"a\\nb"``.
    """
    room = (width if width > 0 else 1 << 30) - 2 - len(prefix)  # columns between the quotes
    pieces = [p + "\n" for p in value.split("\n")]
    pieces[-1] = pieces[-1][:-1]
    if len(pieces) > 1 and not pieces[-1]:
        pieces.pop()
    lines: list[str] = []
    first = True
    for k, raw in enumerate(pieces):
        text = escape(raw)
        start = len(keyword) + 1 if first else 0
        columns = len(text) if text.isascii() else sum(map(_column_width, text))  # at most
        if k == len(pieces) - 1 and start + columns <= room:
            lines.append(f'{prefix}{keyword} "{text}"' if first else f'{prefix}"{text}"')  # fits: fast path
            break
        opportunities = _break_opportunities(text)
        pos = 0
        for c in raw:  # never inside an escape sequence, nor before a final "\n"
            if c in _ESCAPES:
                opportunities[pos + 1] = False
                pos += 2
            else:
                pos += 1
        if raw.endswith("\n"):
            opportunities[-2] = False
        breaks = _fill(text, opportunities, room, start)
        if first and text and (k < len(pieces) - 1 or start > room or breaks):
            lines.append(f'{prefix}{keyword} ""')
            first = False
            breaks = _fill(text, opportunities, room, 0)
        cuts = [0, *breaks, len(text)]
        for a, b in itertools.pairwise(cuts):
            lines.append(f'{prefix}{keyword} "{text[a:b]}"' if first else f'{prefix}"{text[a:b]}"')
            first = False
    return lines


def wrap_references(refs: Sequence[str], width: int) -> list[str]:
    """``#:`` lines holding ``refs`` (``path:line`` strings) greedily, each at most ``width``
    characters wide unless one reference alone is wider (one line if width <= 0).

    GNU writes references at the page width even with ``--no-wrap``; that choice is the caller's.
    """
    if width <= 0:
        return ["#: " + " ".join(refs)]
    out: list[str] = []
    line = "#:"
    for ref in refs:
        if line != "#:" and len(line) + 1 + len(ref) > width:
            out.append(line)
            line = "#:"
        line += " " + ref
    out.append(line)
    return out


_STRING_LINE = re.compile(r'^(?:#[~|]+ ?)*(?:(msg\w+(?:\[\d+\])?) )?"(.*)"\s*$')


def detect_wrap(text: str, width: int = 79) -> bool:
    """Whether a catalog's strings are wrapped at the page width (False: written unwrapped).

    Unwrapped is what Poedit's "don't wrap" setting and ``msgcat --no-wrap`` write: every
    string on one line, split only after its ``\\n`` escapes. A catalog is unwrapped when a
    string line is wider than ``width`` columns and no string is split anywhere but after a
    ``\\n``; any such split (a wrapped catalog) or no over-wide line (nothing tells) keeps the
    default, wrapped. The reader keeps the answer with the catalog and the writer passes
    ``width=0`` (``string_lines``) for an unwrapped one, so a round trip keeps its layout.

    Args:
        text: the catalog's text (``\\n`` or ``\\r\\n`` line ends).
        width: the page width of a wrapped catalog (GNU's default 79).
    """
    too_wide = False
    pending = ""  # the last piece of the string being read, until the next line tells
    for line in text.splitlines():
        found = _STRING_LINE.match(line)
        if found is None or found[1]:  # not a string line, or a new keyword: the string ended
            pending = ""
        if found is None:
            continue
        if pending and not pending.endswith("\\n"):
            return True  # a string split somewhere other than after a newline: wrapped
        pending = found[2]
        too_wide = too_wide or sum(map(_column_width, line)) > width
    return not too_wide
