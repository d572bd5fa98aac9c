"""``powrap``'s line break opportunities are libunistring's (GNU gettext's line breaking).

The cases below are the rule interactions a random comparison with libunistring 1.0 found
(issue 19); the last test repeats that comparison where libunistring can be loaded.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import random
import sys
import unicodedata

import pytest

from l10n.catalog.powrap import _break_opportunities, _column_width


def breaks(text: str) -> list[int]:
    return [i for i, ok in enumerate(_break_opportunities(text)) if ok]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x\u0f0by", [2]),  # Tibetan tsheg (BA): a break after it
        ("a\uff62b", [1]),  # LB30 leaves out halfwidth opening brackets too (ea=H)
        ("\u05d0-\u4e00", []),  # LB21a: no break after Hebrew letter + hyphen
        ("\u05d0-\u0300(", [3]),  # ... a mark in between: libunistring breaks
        ("\U0001f1e6\U0001f1e6\U0001f1e6\U0001f466", [2, 3]),  # LB30a: flags pair up
        ("\U0001f1e6\u0300\U0001f1e6", [2]),  # a mark between two flags: a break
        ("\U0001f466\U0001f3fb", []),  # LB30b: emoji base x modifier
        ("\U0002d4d2\u200d\u0300\u0c1a", [3]),  # a mark after a joiner keeps the class before it
        (",\u200d\u0300\u0c78", [3]),  # and so "IS / AL" stays a break (libunistring has no LB29)
    ],
)
def test_rule_interactions_break_as_libunistring(text: str, expected: list[int]) -> None:
    assert breaks(text) == expected


def test_column_widths_are_libunistrings() -> None:
    assert [_column_width(c) for c in "\ud7b0\ud7fb\u1160\u0cbf\u0cc6\u0300\u4e00a"] == [
        0,
        0,
        0,
        1,
        1,
        0,
        2,
        1,
    ]


def test_random_strings_break_as_libunistring_does() -> None:
    name = ctypes.util.find_library("unistring")
    if name is None:
        pytest.fail("libunistring (GNU gettext's line breaking library) not found: apt-get install gettext")
    lib = ctypes.CDLL(name)
    lib.u32_possible_linebreaks.argtypes = [
        ctypes.POINTER(ctypes.c_uint32),
        ctypes.c_size_t,
        ctypes.c_char_p,
        ctypes.c_char_p,
    ]

    def theirs(text: str) -> list[int]:
        codes = (ctypes.c_uint32 * len(text))(*map(ord, text))
        out = ctypes.create_string_buffer(len(text))
        lib.u32_possible_linebreaks(codes, len(text), b"UTF-8", out)
        return [i for i, b in enumerate(out.raw[: len(text)]) if b == 2]  # UC_BREAK_POSSIBLE

    skip = ("Cn", "Co", "Cs", "Cc", "Zl", "Zp")
    pool = [chr(c) for c in range(0x20, sys.maxunicode + 1) if unicodedata.category(chr(c)) not in skip]
    common = (
        ' a0(-.,!)"%$/\u4e00\u0300\u05d0\u200d\u2010\u3005\u2014\u00a0\U0001f466\U0001f3fb\U0001f1e6\u0f0b'
    )
    rnd = random.Random(19)
    differing = []
    for _ in range(10_000):
        text = "".join(rnd.choice(pool if rnd.random() < 0.4 else common) for _ in range(rnd.randint(2, 10)))
        if breaks(text) != theirs(text):
            differing.append(text)
    assert differing == []
