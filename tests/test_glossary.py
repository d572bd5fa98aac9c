"""Tests for l10n.glossary: the CSV termbase and its term matching."""

from pathlib import Path

import pytest

from l10n.errors import InputError
from l10n.glossary import Glossary, TermRule

DEMO = Path(__file__).resolve().parent.parent / "glossary.csv"

HEADER = "en,dnt,vi,fr,zh,note\n"


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "glossary.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_demo_glossary_rules_for_vi():
    rules = {r.term: r for r in Glossary.load(DEMO).rules_for("vi")}
    assert rules["NATO"].dnt and rules["NATO"].expected == "NATO"
    assert rules["Stoltenberg"].dnt
    assert rules["VOVworld"].dnt
    assert rules["Russia-NATO Council"].expected == "Hội đồng Nga-NATO"
    assert not rules["Russia-NATO Council"].dnt


def test_language_cell_overrides_dnt():
    rules = {r.term: r for r in Glossary.load(DEMO).rules_for("fr")}
    assert (rules["NATO"].expected, rules["NATO"].dnt) == ("OTAN", False)
    assert rules["VOVworld"].dnt


def test_load_format_comments_blank_lines_and_lines(tmp_path):
    path = write(
        tmp_path, "# comment\n\nNATO,yes,,OTAN,北约,alliance\nRussia-NATO Council,,Hội đồng Nga-NATO,,,\n"
    )
    g = Glossary.load(path)
    assert (g.source_lang, g.languages) == ("en", ("vi", "fr", "zh"))
    assert [(row.term, row.line) for row in g.rows] == [("NATO", 4), ("Russia-NATO Council", 5)]
    assert g.rows[0].translations == (("fr", "OTAN"), ("zh", "北约"))
    assert g.rows[0].note == "alliance"


def test_base_language_column_serves_script_variant(tmp_path):
    g = Glossary.load(write(tmp_path, "NATO,yes,,OTAN,北约,\n"))
    assert [(r.expected, r.dnt, r.lang) for r in g.rules_for("zh-Hans")] == [("北约", False, "zh-Hans")]
    assert g.rules_for("de") == [TermRule("NATO", "NATO", True, "de", "", 2)]


def test_row_without_rule_for_language_gives_none(tmp_path):
    g = Glossary.load(write(tmp_path, "Secretary General,,Tổng Thư ký,,,\n"))
    assert g.rules_for("fr") == []
    assert [r.expected for r in g.rules_for("vi")] == ["Tổng Thư ký"]


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("NATO,maybe,,,,\n", 2, "dnt must be"),
        ("NATO,yes,,\n", 2, "fields"),
        ("NATO,yes,,,,\n\nNATO,yes,,,,\n", 4, "duplicate term 'NATO' (first on line 2)"),
        (",yes,,,,\n", 2, "empty source term"),
        ("Crimea,,,,,\n", 2, "gives no rule"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path, body, line, words):
    path = write(tmp_path, body)
    with pytest.raises(InputError) as info:
        Glossary.load(path)
    assert info.value.line == line
    assert words in info.value.message
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_bad_header_tag(tmp_path):
    with pytest.raises(InputError) as info:
        Glossary.load(write(tmp_path, "", header="en,dnt,klingon!,note\n"))
    assert info.value.line == 1


def test_missing_and_non_utf8_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        Glossary.load(tmp_path / "nope.csv")
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("en,vi\nCaf\xe9,x\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        Glossary.load(bad)


def test_acronyms_match_whole_words_case_sensitively():
    rule = TermRule("NATO", "NATO", True, "ja")
    assert rule.in_source("after NATO’s summit")
    assert rule.in_source("the Russia-NATO Council")
    assert not rule.in_source("nato") and not rule.in_source("Senato")
    assert rule.in_target("NATOは会合を開く")


def test_lower_case_terms_match_any_case_and_cjk_needs_no_boundary():
    rule = TermRule("missile defense shield", "lá chắn phòng thủ tên lửa", False, "vi")
    assert rule.in_source("Missile defense shield deployed")
    assert not rule.in_source("missile defense shields")
    assert TermRule("NATO", "北约", False, "zh-Hans").in_target("北约秘书长说")
