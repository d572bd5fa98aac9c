"""``powrap.detect_wrap``: a catalog saved unwrapped (Poedit "don't wrap", ``msgcat --no-wrap``) is told
from a wrapped one, so it can be written back unwrapped (issue 19, layout churn)."""

from __future__ import annotations

import pytest

from l10n.catalog.powrap import detect_wrap, string_lines

LONG = "A sentence long enough that msgcat wraps it at the page width of seventy-nine columns, surely."
MULTI = "First line.\n" + LONG + "\nLast."


def catalog(width: int, *, prefix: str = "") -> str:
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for text in (LONG, MULTI):
        lines += string_lines("msgid", text, width=width, prefix=prefix)
        lines += string_lines("msgstr", text.upper(), width=width, prefix=prefix)
        lines.append("")
    return "\n".join(lines)


@pytest.mark.parametrize("prefix", ["", "#~ "])
def test_wrapped_and_unwrapped_catalogs_are_told_apart(prefix: str) -> None:
    assert detect_wrap(catalog(79, prefix=prefix)) is True
    assert detect_wrap(catalog(0, prefix=prefix)) is False
    assert detect_wrap(catalog(0, prefix=prefix).replace("\n", "\r\n")) is False


def test_a_catalog_that_does_not_tell_is_wrapped() -> None:
    short = 'msgid "Short."\nmsgstr "Ngắn."\n\nmsgid ""\n"One\\n"\n"Two"\nmsgstr ""\n"Một\\n"\n"Hai"\n'
    assert detect_wrap(short) is True
    # one long line without a break opportunity is what msgcat writes wrapped too
    assert detect_wrap('msgid "x"\nmsgstr "' + "y" * 100 + '"\n') is False
    mixed = catalog(0) + "\n".join(string_lines("msgid", LONG + " more", width=79)) + '\nmsgstr ""\n'
    assert detect_wrap(mixed) is True  # one string split mid-line: a wrapped catalog


def test_the_width_counts_display_columns() -> None:
    wide = "漢" * 39  # 39 characters, 78 columns: the line is 87 columns wide
    assert detect_wrap(f'msgid "x"\nmsgstr "{wide}"\n') is False
    assert detect_wrap(f'msgid "x"\nmsgstr "{wide}"\n', width=90) is True
    assert detect_wrap(f'msgid "x"\nmsgstr "{wide[:35]}"\n') is True  # 79 columns
