"""Write ``l10n/catalog/lbdata.py``: the line breaking classes where ``powrap``'s rules differ from GNU.

GNU gettext breaks PO lines with libunistring (``u8_width_linebreaks``, UAX #14 with libunistring's
resolutions). Python's ``unicodedata`` has no Line_Break property, so ``powrap`` derives a class
from the general category and East Asian width (``_derived_class``); this tool measures, for
every assigned code point (not controls, private use or surrogates), the break opportunities
libunistring gives around it in a set of contexts (``shapes``) and, where ``powrap`` disagrees,
the class that makes ``powrap`` agree in all of them. Ranges of those classes are written out.
The other characters of a context have their class from the current ``lbdata.py``: run it twice
(the second run sees the first one's classes, such as the emoji bases' EB).

Run where GNU gettext's libunistring is installed (``libunistring.so.2``; the version is written
into the file)::

    PYTHONPATH=. python tools/gen_lbdata.py > l10n/catalog/lbdata.py
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import unicodedata

from l10n.catalog import powrap

LIB = ctypes.CDLL(ctypes.util.find_library("unistring") or "libunistring.so.2")
LIB.u32_possible_linebreaks.argtypes = [
    ctypes.POINTER(ctypes.c_uint32),
    ctypes.c_size_t,
    ctypes.c_char_p,
    ctypes.c_char_p,
]
REFS = (
    'a0 ()\u4e00-",$%/\u0300\u00a0\u2014!\u3005\u05d0}\u2026'
    + "\u0e01\uac00\u1100\U0001f466\U0001f3fb\u200b\u2060"
)
CLASSES = [
    "AL",
    "ID",
    "BA",
    "BB",
    "B2",
    "CL",
    "CP",
    "EX",
    "GL",
    "HY",
    "IN",
    "IS",
    "NS",
    "NU",
    "OP",
    "PO",
    "PR",
    "QU",
    "SY",
    "WJ",
    "ZW",
    "CM",
    "EB",
    "EM",
    "HL",
    "RI",
    "ZWJ",
    "H2",
    "H3",
    "JL",
    "JV",
    "JT",
]
POSSIBLE = 2  # UC_BREAK_POSSIBLE


def shapes(c: str) -> list[str]:
    """The contexts ``c`` is measured in: next to every reference character, with and without a space."""
    out = []
    for r in REFS:
        out += [r + c, c + r, r + " " + c, c + " " + r]
    return [*out, c + c, "a" + c + c + "a", c + "\u0300a", "a " + c + "\u0300"]


def gnu(c: str) -> list[tuple[bool, ...]]:
    """libunistring's break opportunities in each shape (one call, the shapes joined by newlines)."""
    subs = shapes(c)
    joined = "\n".join(subs)
    codes = (ctypes.c_uint32 * len(joined))(*map(ord, joined))
    out = ctypes.create_string_buffer(len(joined))
    LIB.u32_possible_linebreaks(codes, len(joined), b"UTF-8", out)
    res, pos = [], 0
    for s in subs:
        res.append(tuple(b == POSSIBLE for b in out.raw[pos + 1 : pos + len(s)]))
        pos += len(s) + 1
    return res


def ours(c: str, cls: str | None) -> list[tuple[bool, ...]]:
    """``powrap``'s break opportunities in each shape, ``c`` given class ``cls`` (None: derived)."""
    saved = powrap._lb_class

    def lookup(ch: str) -> str:  # the other characters as the current table has them
        return (cls or powrap._derived_class(ch)) if ch == c else saved(ch)

    powrap._lb_class = lookup  # type: ignore[assignment]  # (the module's lookup, for this measure)
    try:
        return [tuple(powrap._break_opportunities(s)[1:]) for s in shapes(c)]
    finally:
        powrap._lb_class = saved


def main() -> None:
    found: dict[int, str] = {}
    for code in range(0x20, 0x110000):
        ch = chr(code)
        if unicodedata.category(ch) in ("Cn", "Co", "Cs", "Cc", "Zl", "Zp"):
            continue
        want = gnu(ch)
        if ours(ch, None) == want:
            continue
        cls = next((k for k in CLASSES if ours(ch, k) == want), None)
        if cls is None:
            print(f"U+{code:04X}: no class fits", file=sys.stderr)
        elif cls != powrap._derived_class(ch):
            found[code] = cls
    ranges: list[list[int | str]] = []
    for code, cls in sorted(found.items()):
        if ranges and ranges[-1][1] == code - 1 and ranges[-1][2] == cls:
            ranges[-1][1] = code
        else:
            ranges.append([code, code, cls])
    version = ctypes.c_int.in_dll(LIB, "_libunistring_version").value  # (major << 16) | (minor << 8) | patch
    release = f"{version >> 16}.{(version >> 8) & 0xFF}.{version & 0xFF}"
    print(f'"""Line breaking classes measured from libunistring {release} (by ``tools/gen_lbdata.py``;')
    print("do not edit): ``(first, last, class)`` code point ranges, sorted, where the rules of")
    print('``l10n.catalog.powrap._derived_class`` differ from GNU gettext\'s line breaking."""')
    print()
    print("LB_RANGES: tuple[tuple[int, int, str], ...] = (")
    for first, last, cls in ranges:
        print(f'    (0x{first:04X}, 0x{last:04X}, "{cls}"),')
    print(")")


if __name__ == "__main__":
    main()
