"""Tests for l10n.numbers: reading and writing numbers in each locale's CLDR formatting."""

from decimal import Decimal

import pytest

from l10n.errors import ConfigError
from l10n.numbers import NumberToken, find_numbers, format_number, localize_numbers


def values(text: str, tag: str) -> list[tuple[str, Decimal, str]]:
    return [(t.raw, t.value, t.kind) for t in find_numbers(text, tag)]


def test_english_grouping_and_decimals():
    text = "NATO began its exercise with 13,000 troops from 20 countries; spending rose 3.75 times."
    assert values(text, "en") == [
        ("13,000", Decimal(13000), "number"),
        ("20", Decimal(20), "number"),
        ("3.75", Decimal("3.75"), "number"),
    ]


def test_vietnamese_reads_dot_as_group_and_comma_as_decimal():
    tokens = find_numbers("13.000 binh sĩ, tăng 3,75 lần, năm 2016.", "vi")
    assert [(t.value, t.grouped, t.decimals) for t in tokens] == [
        (Decimal(13000), True, 0),
        (Decimal("3.75"), False, 2),
        (Decimal(2016), False, 0),
    ]


def test_english_style_decimal_in_vietnamese_is_not_one_number():
    assert [t.value for t in find_numbers("tăng 3.75 lần", "vi")] == [Decimal(3), Decimal(75)]


@pytest.mark.parametrize("space", ["\u202f", "\u00a0", " "])
def test_french_space_grouping(space):
    assert [t.value for t in find_numbers(f"{13}{space}000 soldats de 20 pays", "fr")] == [
        Decimal(13000),
        Decimal(20),
    ]


def test_french_year_followed_by_number_is_not_merged():
    assert [t.value for t in find_numbers("en 2016 100 soldats", "fr")] == [Decimal(2016), Decimal(100)]


def test_percentages():
    assert values("up 5% and 12.5%", "en") == [
        ("5%", Decimal(5), "percent"),
        ("12.5%", Decimal("12.5"), "percent"),
    ]
    assert values("hausse de 12,5\u00a0%", "fr") == [("12,5\u00a0%", Decimal("12.5"), "percent")]


def test_ordinals_and_codes():
    assert values("the 1st and 22nd time", "en") == [
        ("1st", Decimal(1), "ordinal"),
        ("22nd", Decimal(22), "ordinal"),
    ]
    assert values("le 1er juillet, la 2e fois", "fr") == [
        ("1er", Decimal(1), "ordinal"),
        ("2e", Decimal(2), "ordinal"),
    ]
    assert values("в 17-й раз", "ru") == [("17-й", Decimal(17), "ordinal")]
    assert values("the G7 and MH17", "en") == [("7", Decimal(7), "code"), ("17", Decimal(17), "code")]


def test_hyphen_is_a_sign_only_after_space():
    assert [t.value for t in find_numbers("F-16 jets, Anakonda-1, 2014-2016", "en")] == [
        Decimal(16),
        Decimal(1),
        Decimal(2014),
        Decimal(2016),
    ]
    (token,) = find_numbers("it fell to -5 degrees", "en")
    assert (token.value, token.raw) == (Decimal(-5), "-5")


def test_cjk_dates_and_fullwidth_digits():
    assert values("7月9日、１３,０００人", "ja") == [
        ("7", Decimal(7), "number"),
        ("9", Decimal(9), "number"),
        ("１３,０００", Decimal(13000), "number"),
    ]


def test_span_points_at_raw():
    text = "Russia’s annexation of Crimea in March 2014 and 13,000 troops"
    for token in find_numbers(text, "en"):
        assert text[token.span[0] : token.span[1]] == token.raw


def test_localize_numbers_en_to_vi_fr_zh():
    text = "13,000 | 3.75 | 2016 | 1,500 | 5% | -2.50"
    assert localize_numbers(text, "en", "vi") == "13.000 | 3,75 | 2016 | 1.500 | 5% | -2,50"
    assert localize_numbers(text, "en", "fr") == "13\u202f000 | 3,75 | 2016 | 1\u202f500 | 5\u00a0% | -2,50"
    assert localize_numbers(text, "en", "zh-Hans") == text


def test_localize_numbers_back_from_vi():
    assert localize_numbers("13.000 (3,5%)", "vi", "en") == "13,000 (3.5%)"


def test_format_number_keeps_ordinals_and_ungrouped_years():
    assert format_number(NumberToken(Decimal(2016), (0, 4), "2016"), "vi") == "2016"
    assert format_number(NumberToken(Decimal(1), (0, 3), "1st", "ordinal"), "vi") == "1st"


def test_unknown_tag_raises_config_error():
    with pytest.raises(ConfigError):
        find_numbers("13", "xx-Nope")
