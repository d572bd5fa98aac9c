"""Numbers compared by value across digit systems and each locale's separators (issue #12 item 9)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from l10n.checks.registry import check_pair
from l10n.numbers import find_numbers

SOURCE = "Some 4,500 people attended, up 3.2%."


def numbers(text: str, tag: str) -> list[tuple[Decimal, str, str]]:
    return [(t.value, t.kind, t.raw) for t in find_numbers(text, tag)]


def number_issues(source: str, target: str, lang: str) -> list[tuple[str, str]]:
    return [
        (i.severity, i.message) for i in check_pair(source, target, lang=lang) if i.code == "number-mismatch"
    ]


@pytest.mark.parametrize(
    ("lang", "target"),
    [
        ("ja", "約４，５００人が参加し、３．２％増えた。"),  # full-width digits, comma, full stop, percent
        ("ja", "約４５００人が参加し、3.2%増えた。"),
        ("zh-Hans", "约４，５００人参加，增长３．２％。"),
        ("ar", "حضر حوالي ٤٥٠٠ شخص، بزيادة ٣٫٢٪."),  # Arabic-Indic digits, Arabic decimal and percent
        ("ar", "حضر حوالي ٤٬٥٠٠ شخص، بزيادة ٣٫٢٪."),  # Arabic thousands separator
        ("fa", "حدود ۴٬۵۰۰ نفر شرکت کردند، ۳٫۲٪ افزایش."),  # Extended Arabic-Indic (Persian) digits
        ("fa", "حدود ۴۵۰۰ نفر شرکت کردند، ۳٫۲ ٪ افزایش."),
        ("hi", "लगभग ४,५०० लोग आए, ३.२% की वृद्धि।"),  # Devanagari digits
        ("hi", "लगभग ४५०० लोग आए, 3.2% की वृद्धि।"),
        ("bn", "প্রায় ৪,৫০০ জন এসেছিলেন, ৩.২% বৃদ্ধি।"),  # Bengali digits
        ("th", "ประมาณ ๔,๕๐๐ คน เพิ่มขึ้น ๓.๒%"),  # Thai digits
    ],
)
def test_same_numbers_in_other_digit_systems_are_equal(lang: str, target: str) -> None:
    assert number_issues(SOURCE, target, lang) == []


def test_values_are_read_across_digit_systems() -> None:
    assert numbers("４，５００人、３．２％", "ja") == [
        (Decimal("4500"), "number", "４，５００"),
        (Decimal("3.2"), "percent", "３．２％"),
    ]
    assert numbers("٤٬٥٠٠ و ٣٫٢٪", "ar") == [
        (Decimal("4500"), "number", "٤٬٥٠٠"),
        (Decimal("3.2"), "percent", "٣٫٢٪"),
    ]
    assert numbers("۱۲٫۵", "fa") == [(Decimal("12.5"), "number", "۱۲٫۵")]
    # Hindi groups by CLDR's #,##,##0 pattern: lakh and crore, in either digit system.
    assert numbers("1,00,000 और १२,३४,५६७", "hi") == [
        (Decimal("100000"), "number", "1,00,000"),
        (Decimal("1234567"), "number", "१२,३४,५६७"),
    ]


def test_true_mismatch_in_full_width_is_still_reported() -> None:
    assert number_issues(SOURCE, "約４，６００人が参加し、３．２％増えた。", "ja") == [
        ("error", "number '4,500' missing in translation"),
        ("error", "number '４，６００' is not in the source"),
    ]
    assert number_issues(SOURCE, "حضر حوالي ٤٦٠٠ شخص، بزيادة ٣٫٢٪.", "ar") == [
        ("error", "number '4,500' missing in translation"),
        ("error", "number '٤٦٠٠' is not in the source"),
    ]
    assert number_issues(SOURCE, "लगभग ४,५०० लोग आए, ३.५% की वृद्धि।", "hi") == [
        ("error", "number '3.2%' missing in translation"),
        ("error", "number '३.५%' is not in the source"),
    ]


def test_hindi_lakh_grouping_is_one_number() -> None:
    assert number_issues("Some 100,000 people attended.", "लगभग 1,00,000 लोग आए।", "hi") == []


def test_full_width_separators_only_between_full_width_digits() -> None:
    # After ASCII digits a full-width comma is clause punctuation: two numbers, not 100200.
    assert [v for v, _, _ in numbers("100，200人", "ja")] == [Decimal("100"), Decimal("200")]
    assert [v for v, _, _ in numbers("3．2", "ja")] == [Decimal("3"), Decimal("2")]


def test_no_compatibility_folding() -> None:
    # Superscripts and other non-decimal digits are not numbers (no NFKC: km² stays km²).
    assert number_issues("The area is 12 km².", "面積は１２km²です。", "ja") == []
    assert numbers("km² ½ ①", "ja") == []
