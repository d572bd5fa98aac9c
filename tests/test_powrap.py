"""Tests for l10n.powrap. Expected lines were written by GNU msgcat 0.21 (the oracle tests over
whole files are in tests/test_catalog.py)."""

from __future__ import annotations

from l10n.catalog.powrap import escape, string_lines, wrap_references

COUNCIL = "The Russia-NATO Council met on Monday in Brussels to discuss the exercises, officials said today."


def test_escape_writes_gettext_escapes() -> None:
    assert escape('He said "no"\tand a back\\slash.\n') == 'He said \\"no\\"\\tand a back\\\\slash.\\n'
    assert escape("\a\b\f\r\v") == "\\a\\b\\f\\r\\v"
    assert escape("Cổ phiếu 中文 ") == "Cổ phiếu 中文 "


def test_short_string_stays_on_the_keyword_line() -> None:
    assert string_lines("msgid", "short", width=79) == ['msgid "short"']
    assert string_lines("msgid", "", width=79, prefix="#~ ") == ['#~ msgid ""']
    assert string_lines("msgid", "abc\n", width=79) == ['msgid "abc\\n"']


def test_breaks_after_spaces_and_hyphens() -> None:
    assert string_lines("msgid", COUNCIL, width=79) == [
        'msgid ""',
        '"The Russia-NATO Council met on Monday in Brussels to discuss the exercises, "',
        '"officials said today."',
    ]
    url = "https://example.com/news/2026/11/29/russia-nato-tensions-rise-as-both-sides-hold-exercises"
    assert string_lines("msgid", url, width=79) == [
        'msgid ""',
        '"https://example.com/news/2026/11/29/russia-nato-tensions-rise-as-both-sides-"',
        '"hold-exercises"',
    ]


def test_prefix_takes_room_from_the_line() -> None:
    assert string_lines("msgid", COUNCIL, width=79, prefix="#~ ") == [
        '#~ msgid ""',
        '#~ "The Russia-NATO Council met on Monday in Brussels to discuss the "',
        '#~ "exercises, officials said today."',
    ]


def test_newlines_split_and_never_break_before_a_final_newline() -> None:
    text = "A line that ends with a newline and is long enough to need wrapping after all.\n"
    assert string_lines("msgid", text, width=79) == [
        'msgid ""',
        '"A line that ends with a newline and is long enough to need wrapping after "',
        '"all.\\n"',
    ]
    assert string_lines("msgid", "a\nb", width=0) == ['msgid ""', '"a\\n"', '"b"']


def test_no_break_inside_escapes() -> None:
    tabs = "Tab separated values that go on for long enough to need wrapping somewhere here.".replace(
        " ", "\t"
    )
    assert string_lines("msgid", tabs, width=79) == [f'msgid "{escape(tabs)}"']


def test_width_counts_display_columns() -> None:
    lines = string_lines("msgstr", "中" * 50, width=79)
    assert lines == ['msgstr ""', '"' + "中" * 38 + '"', '"' + "中" * 12 + '"']  # 2 columns each, 77 per line
    ja = "ロシアとＮＡＴＯの緊張は高まっている。国境付近で大規模な軍事演習が行われた。"
    assert string_lines("msgstr", ja, width=79) == ['msgstr ""', f'"{ja}"']


def test_no_wrap_keeps_one_line() -> None:
    assert string_lines("msgid", COUNCIL, width=0, prefix="#~ ") == [f'#~ msgid "{COUNCIL}"']


def test_references_fill_lines_up_to_the_width() -> None:
    refs = [f"source/a-rather-long-article-name.txt:{n}" for n in (1, 12, 123)]
    assert wrap_references(refs, 79) == [f"#: {ref}" for ref in refs]
    assert wrap_references(["a.txt:1", "b.txt:2", "c.txt:3"], 79) == ["#: a.txt:1 b.txt:2 c.txt:3"]
    assert wrap_references(["a.txt:1", "b.txt:2"], 13) == ["#: a.txt:1", "#: b.txt:2"]
    assert wrap_references(["a.txt:1", "b.txt:2"], 0) == ["#: a.txt:1 b.txt:2"]
