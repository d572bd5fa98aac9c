"""Tests for l10n.checks.registry: every check fires on a broken translation and stays quiet on a good one."""

from pathlib import Path

import pytest

from l10n.checks.registry import PAIR_CHECKS, check_catalog_text, check_header, check_pair
from l10n.glossary import Glossary
from l10n.model import Issue

DEMO_GLOSSARY = Path(__file__).resolve().parent.parent / "glossary.csv"

EXERCISE = (
    "On June 6, NATO began its largest-ever military exercise “Anakonda-1”6 in Poland, "
    "which involved 13,000 troops from 20 countries."
)
GOOD = {
    "vi": "Ngày 6 tháng 6, NATO đã bắt đầu cuộc tập trận quân sự lớn nhất từ trước đến nay “Anakonda-1”6 "
    "tại Ba Lan, với sự tham gia của 13.000 binh sĩ từ 20 quốc gia.",
    "fr": "Le 6 juin, l’OTAN a lancé en Pologne son plus grand exercice militaire « Anakonda-1 »6, "
    "avec 13\u202f000 soldats de 20 pays.",
    "ru": "6 июня НАТО начало крупнейшие в своей истории военные учения «Анаконда-1»6 в Польше, "
    "в которых участвовали 13\u00a0000 военнослужащих из 20 стран.",
    "zh-Hans": "6月6日，北约在波兰开始了有史以来规模最大的军事演习“Anakonda-1”6，"
    "来自20个国家的13,000名士兵参加了演习。",
    "ja": "6月6日、NATOはポーランドで史上最大規模の軍事演習「Anakonda-1」6を開始し、"
    "20か国から13,000人の兵士が参加した。",
}
SUMMIT = "NATO will meet with Russia after NATO’s summit ends on July 9 in Warsaw."
SUMMIT_VI = "NATO sẽ họp với Nga sau khi hội nghị thượng đỉnh NATO kết thúc vào ngày 9 tháng 7 tại Warsaw."


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(DEMO_GLOSSARY)


def codes(issues: list[Issue]) -> list[tuple[str, str]]:
    return [(i.code, i.severity) for i in issues]


def vi(source: str, target: str, glossary: Glossary | None = None) -> list[tuple[str, str]]:
    return codes(check_pair(source, target, lang="vi", glossary=glossary))


@pytest.mark.parametrize("lang", sorted(GOOD))
def test_good_translations_of_demo_sentence_pass(lang, glossary):
    assert check_pair(EXERCISE, GOOD[lang], lang=lang, glossary=glossary) == []


def test_issue_carries_path_and_line():
    issues = check_pair("20 countries", "30 quốc gia", lang="vi", path="locales/vi/x.po", line=12)
    assert [str(i) for i in issues] == [
        "locales/vi/x.po:12: error: number-mismatch: number '20' missing in translation",
        "locales/vi/x.po:12: error: number-mismatch: number '30' is not in the source",
    ]


def test_empty_translation_is_not_checked():
    assert check_pair(EXERCISE, "", lang="vi") == []


# --- placeholders


def test_placeholders_order_free():
    assert vi("Read <1>the report</1> and <2/>.", "<2/> Đọc <1>báo cáo</1>.") == []


def test_placeholders_may_move_but_not_cross():
    assert vi("See <1>the page</1> now.", "</1>Xem<1> trang ngay.") == [
        ("placeholder-mismatch", "error"),
        ("placeholder-glued", "warning"),  # </1>Xem and Xem<1>: spaced off in the source
        ("placeholder-glued", "warning"),
    ]
    assert vi("<1>A <2>b</2></1> c", "<1>A <2>b</1></2> c") == [("placeholder-mismatch", "error")]
    assert vi("<1>A</1> and <2>b</2>", "<2>b</2> và <1>A</1>") == []


def test_placeholder_missing_or_added():
    assert vi("Read <1>the report</1>.", "Đọc báo cáo</1>.") == [("placeholder-mismatch", "error")]
    assert vi("Read the report.", "Đọc <3/>báo cáo.") == [("placeholder-mismatch", "error")]


# --- numbers


def test_changed_number_is_error():
    bad = GOOD["vi"].replace("13.000", "12.000")
    assert vi(EXERCISE, bad) == [("number-mismatch", "error"), ("number-mismatch", "error")]


def test_english_formatting_in_vietnamese_is_one_clear_error():
    issues = check_pair(EXERCISE, GOOD["vi"].replace("13.000", "13,000"), lang="vi")
    assert [i.message for i in issues] == ["'13,000' is written the en way; vi writes '13.000'"]
    assert check_pair("up 3.75 times", "tăng 3.75 lần", lang="vi")[0].message == (
        "'3.75' is written the en way; vi writes '3,75'"
    )


def test_extra_number_is_error():
    assert vi(
        "Russia has many times criticized these acts.", "Nga đã 5 lần chỉ trích các hành động này."
    ) == [("number-mismatch", "error")]


def test_month_name_as_number_is_allowed():
    assert vi(SUMMIT, SUMMIT_VI) == []
    assert (
        codes(check_pair(SUMMIT, "NATOは7月9日のワルシャワ首脳会議後にロシアと会合する。", lang="ja")) == []
    )


def test_missing_day_next_to_month_is_warning():
    assert vi(SUMMIT, SUMMIT_VI.replace("ngày 9 tháng 7", "tháng 7")) == [("number-mismatch", "warning")]


def test_missing_year_next_to_month_is_error():
    src = "The council was established in May 2002."
    assert vi(src, "Hội đồng được thành lập vào tháng 5 năm 2002.") == []
    assert vi(src, "Hội đồng được thành lập vào tháng 5.") == [("number-mismatch", "error")]


def test_month_allowance_is_only_for_named_months():
    # "tháng 8" has no "August" in the source: the 8 is an invented number.
    assert vi(SUMMIT, SUMMIT_VI.replace("tháng 7", "tháng 8")) == [("number-mismatch", "error")]


def test_weekday_and_number_words_may_become_digits():
    src = "Stoltenberg said on Monday that 3 new divisions and two brigades will be set up."
    assert vi(src, "Hôm thứ 2, Stoltenberg cho biết 3 sư đoàn và 2 lữ đoàn mới sẽ được thành lập.") == []


def test_cjk_numeral_for_small_number_is_warning():
    src = "In April 2016, the council convened its first meeting in 2 years."
    zh = "2016年4月，理事会召开了两年来的首次会议。"
    assert codes(check_pair(src, zh, lang="zh-Hans")) == [("number-mismatch", "warning")]


def test_placeholder_and_url_digits_are_not_numbers():
    assert (
        vi("See <1>http://vovworld.vn/en-US/2016/07</1>.", "Xem <1>http://vovworld.vn/en-US/2016/07</1>.")
        == []
    )


# --- URLs


def test_url_and_email_byte_identical():
    src = "Details at https://vovworld.vn/en-US/news.vov, or write to news@vov.vn."
    assert vi(src, "Chi tiết tại https://vovworld.vn/en-US/news.vov, hoặc viết cho news@vov.vn.") == []
    assert vi(src, "Chi tiết tại https://vovworld.vn/vi-VN/news.vov, hoặc viết cho news@vov.vn.") == [
        ("url-mismatch", "error"),
        ("url-mismatch", "error"),
    ]
    assert vi(src, "Chi tiết tại https://vovworld.vn/en-US/news.vov.") == [("url-mismatch", "error")]


# --- glossary


def test_glossary_dnt_missing_is_error(glossary):
    src = "NATO Secretary General Jens Stoltenberg said on Monday."
    good = "Tổng Thư ký NATO Jens Stoltenberg cho biết hôm thứ Hai."
    assert vi(src, good, glossary) == []
    assert vi(src, good.replace("Stoltenberg", "Stoltenbergs"), glossary) == [("glossary-dnt", "error")]
    assert vi(src, good.replace("NATO", "Bắc Đại Tây Dương"), glossary) == [("glossary-dnt", "error")]


def test_glossary_term_not_used_is_warning(glossary):
    src = "The talks will take place under the framework of the Russia-NATO Council."
    good = "Cuộc đàm phán sẽ diễn ra trong khuôn khổ Hội đồng Nga-NATO."
    assert vi(src, good, glossary) == []
    assert vi(src, good.replace("Hội đồng Nga-NATO", "Hội đồng NATO-Nga"), glossary) == [
        ("glossary-term", "warning")
    ]
    issues = check_pair(
        src, "Les pourparlers auront lieu dans le cadre du Conseil Russie-OTAN.", lang="fr", glossary=glossary
    )
    assert [i.message for i in issues] == [
        "'Russia-NATO Council' should be 'Conseil OTAN-Russie' (glossary line 8)"
    ]


# --- whitespace


def test_newline_rule_is_error_other_whitespace_warning():
    assert vi("Moscow.\n", "Moskva.\n") == []
    assert vi("Moscow.\n", "Moskva.") == [("whitespace-newline", "error")]
    assert vi("Moscow.", "\nMoskva.") == [("whitespace-newline", "error")]
    assert vi("Moscow.", "Moskva. ") == [("whitespace", "warning")]
    assert vi(" Moscow.", " Moskva.") == []


# --- untranslated, script


def test_untranslated_copy_is_warning(glossary):
    assert vi("(Photo: EPA/VNA)", "(Photo: EPA/VNA)", glossary) == [("untranslated-copy", "warning")]
    assert vi("(Photo: EPA/VNA)", "(Ảnh: EPA/VNA)", glossary) == []


def test_copy_of_names_only_is_not_untranslated(glossary):
    assert vi("(VOVworld) – NATO", "(VOVworld) – NATO", glossary) == []
    assert codes(check_pair("Moscow", "Moscow", lang="en-GB")) == []


def test_latin_only_output_in_chinese_is_error():
    src = "Expectations for the meeting, however, are not high."
    assert codes(check_pair(src, src, lang="zh-Hans")) == [
        ("untranslated-copy", "warning"),
        ("wrong-script", "error"),
        ("length-ratio", "warning"),
    ]
    assert codes(check_pair(src, "然而，人们对这次会议的期望并不高。", lang="zh-Hans")) == []
    assert codes(check_pair(src, "Однако ожидания от встречи невысоки.", lang="ru")) == []
    assert codes(check_pair(src, "However, ожидания от встречи невысоки.", lang="ru")) == []


def test_foreign_script_is_error():
    src = "Expectations for the meeting, however, are not high."
    assert vi(src, "Tuy nhiên, kỳ vọng đối với cuộc họp не cao.") == [("wrong-script", "error")]
    assert codes(check_pair(src, "然而，人们对这次会议的期望並不高です。", lang="zh-Hans")) == [
        ("wrong-script", "error")
    ]


def test_acronyms_in_non_latin_target_are_fine():
    src = "NATO Secretary General at a press conference (Photo: EPA/VNA)"
    assert (
        codes(check_pair(src, "Генеральный секретарь НАТО на пресс-конференции (Фото: EPA/VNA)", lang="ru"))
        == []
    )


# --- length, repetition


def test_length_ratio_outliers_are_warnings():
    short = "Ngày 6/6, NATO tập trận “Anakonda-1”6: 13.000 quân, 20 nước."
    assert vi(EXERCISE, short) == [("length-ratio", "warning")]
    long = (
        GOOD["vi"]
        + " Đây là một câu rất dài được thêm vào mà không có trong bản gốc, kéo dài bản dịch quá mức."
    )
    long += " Thêm một câu nữa để vượt quá giới hạn cho phép của tỷ lệ độ dài, và thêm vài chữ cuối cùng nữa."
    assert vi(EXERCISE, long) == [("length-ratio", "warning")]


def test_mt_loop_is_error():
    src = "Both sides agreed that the talks will take place under the Russia-NATO Council."
    good = "Hai bên nhất trí rằng các cuộc đàm phán sẽ diễn ra trong khuôn khổ Hội đồng Nga-NATO."
    assert vi(src, good) == []
    looped = good.replace("Hội đồng Nga-NATO", "Hội đồng Nga-NATO Hội đồng Nga-NATO Hội đồng Nga-NATO")
    assert vi(src, looped) == [("repetition", "error")]
    twice = good.replace("Hội đồng Nga-NATO", "Hội đồng Nga-NATO Hội đồng Nga-NATO")
    assert vi(src, twice) == []  # an n-gram loops from its third copy on
    assert vi(src, good.replace("đàm phán", "đàm đàm đàm phán")) == [("repetition", "error")]
    assert vi(src, good.replace("đàm phán", "đàm, đàm, đàm phán")) == [("repetition", "error")]
    zh_loop = "双方同意，会谈将在俄罗斯-北约理事会理事会理事会框架下举行。"
    assert codes(check_pair(src, zh_loop, lang="zh-Hans")) == [("repetition", "error")]


def test_repetition_in_source_is_not_reported():
    assert (
        vi("They chanted “no, no, no, no” at the summit.", "Họ hô “không, không, không, không” tại hội nghị.")
        == []
    )


# --- brackets and quotes


def test_quote_style_may_change_but_must_balance():
    src = "The exercise “Anakonda-1” (in Poland) began."
    assert vi(src, "Cuộc tập trận «Anakonda-1» (tại Ba Lan) bắt đầu.") == []
    assert codes(check_pair(src, "Die Übung „Anakonda-1“ (in Polen) begann.", lang="de")) == []
    assert codes(check_pair(src, "演習「Anakonda-1」（ポーランド）が始まった。", lang="ja")) == []
    assert vi(src, "Cuộc tập trận “Anakonda-1 (tại Ba Lan) bắt đầu.") == [("unbalanced", "warning")]
    assert vi(src, "Cuộc tập trận “Anakonda-1” (tại Ba Lan bắt đầu.") == [("unbalanced", "warning")]


def test_quote_opened_in_source_may_stay_open():
    assert vi("He said: “We will come.", "Ông nói: «Chúng tôi sẽ đến.") == []


# --- registry and catalog level


def test_registry_lists_every_check():
    assert [c.__name__ for c in PAIR_CHECKS] == [
        "check_placeholders",
        "check_code_placeholders",
        "check_numbers",
        "check_urls",
        "check_glossary",
        "check_whitespace",
        "check_untranslated",
        "check_script",
        "check_length",
        "check_repetition",
        "check_brackets",
        "check_markup",
        "check_nfc",
        "check_glued",
        "check_symbols",
    ]


HEADER_VI = {
    "Content-Type": "text/plain; charset=UTF-8",
    "Language": "vi",
    "Plural-Forms": "nplurals=1; plural=0;",
}


def test_header_good():
    assert check_header(HEADER_VI, path="x.po", lang="vi") == []
    fr = {"Content-Type": "text/plain; charset=utf-8", "Language": "fr"}
    # Written differently, same values as Babel's rule for fr for every n in 0..1000.
    fr["Plural-Forms"] = "nplurals=3; plural=(n==0||n==1) ? 0 : (n!=0 && n%1000000==0) ? 1 : 2;"
    assert check_header(fr, path="x.po", lang="fr") == []
    assert check_header({**HEADER_VI, "Language": "zh_Hans"}, path="x.po", lang="zh-Hans") == []


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("Content-Type", "text/plain; charset=ISO-8859-1", ("header-charset", "error")),
        ("Language", "fr", ("header-language", "error")),
        ("Language", "vi_VN", ("header-language", "warning")),
        ("Language", "", ("header-language", "warning")),
        ("Plural-Forms", "nplurals=2; plural=(n != 1);", ("header-plural", "error")),
        ("Plural-Forms", "nplurals=1; plural=n +;", ("header-plural", "error")),
        ("Plural-Forms", "", ("header-plural", "warning")),
    ],
)
def test_header_problems(field, value, expected):
    header = {**HEADER_VI, field: value}
    issues = check_header(header, path="x.po", lang="vi", line=3)
    assert codes(issues) == [expected]
    assert (issues[0].path, issues[0].line) == ("x.po", 3)


def test_russian_plural_forms_checked_by_value():
    ru = (
        "nplurals=3; "
        "plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    )
    header = {**HEADER_VI, "Language": "ru", "Plural-Forms": ru}
    assert check_header(header, path="x.po", lang="ru") == []
    broken = ru.replace("n%10<=4", "n%10<=5")  # n = 5, 25, ... get form 1 instead of 2
    assert codes(check_header({**header, "Plural-Forms": broken}, path="x.po", lang="ru")) == [
        ("header-plural", "error")
    ]


PO = """\
# Vietnamese translation
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: vi\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "NATO began its exercise with 13,000 troops from 20 countries."
msgstr "NATO bắt đầu cuộc tập trận với 13.000 binh sĩ từ 20 quốc gia."

#, fuzzy
msgid "The drill came just weeks after the US deployment."
msgstr "Cuộc tập trận diễn ra chỉ vài tuần sau khi Mỹ triển khai 5 tên lửa."

msgid "Untranslated."
msgstr ""
"""


def test_catalog_text_checks_header_and_entries():

    issues = check_catalog_text(PO, path="locales/vi/LC_MESSAGES/x.po", lang="vi")
    assert [(i.line, i.code, i.severity) for i in issues] == [(12, "number-mismatch", "error")]
    wrong = check_catalog_text(PO.replace("Language: vi", "Language: ru"), path="x.po", lang="vi")
    assert [(i.line, i.code) for i in wrong] == [(2, "header-language"), (12, "number-mismatch")]


def test_catalog_syntax_error_is_one_issue():

    issues = check_catalog_text('msgid "a"\nmsgstr "b"\nmsgid "unterminated\n', path="x.po", lang="vi")
    assert [(i.code, i.severity, i.path) for i in issues] == [("catalog-syntax", "error", "x.po")]
    assert issues[0].line > 0
