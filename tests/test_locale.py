import pytest

from l10n.errors import ConfigError
from l10n.locale import (
    direction,
    parse_plural_forms,
    plural_forms,
    plural_forms_equivalent,
    sentence_joiner,
    to_gettext,
    validate_tag,
)


def test_gettext_form_of_tags():
    assert to_gettext("zh-Hans") == "zh_Hans"
    assert to_gettext("pt-BR") == "pt_BR"
    assert to_gettext("vi") == "vi"


def test_plural_forms_from_babel():
    assert plural_forms("vi") == "nplurals=1; plural=0;"
    assert plural_forms("de") == "nplurals=2; plural=(n != 1);"
    assert plural_forms("ru").startswith("nplurals=3;")


def test_direction_and_joiner():
    assert direction("ar") == "rtl"
    assert direction("vi") == "ltr"
    assert sentence_joiner("vi") == " "
    assert sentence_joiner("zh-Hans") == ""
    assert sentence_joiner("ja") == ""


@pytest.mark.parametrize("tag", ["", "english", "vi_VN", "qq", "x1"])
def test_bad_tags_rejected(tag):
    with pytest.raises(ConfigError):
        validate_tag(tag)


def test_plural_forms_compared_by_value():
    assert plural_forms_equivalent(
        "nplurals=3; plural=n%10==1 && n%100!=11 ? 0 : 1;",
        "nplurals=3; plural=(n%10==1 && n%100!=11) ? 0 : 1",
    )
    assert not plural_forms_equivalent("nplurals=2; plural=(n > 1);", "nplurals=2; plural=(n != 1);")
    assert not plural_forms_equivalent("nplurals=2; plural=n != 1;", "nplurals=3; plural=n != 1;")
    assert plural_forms_equivalent("nplurals=2; plural=n>1;", " nplurals=2;  plural=( n > 1 ) ; ")
    assert plural_forms_equivalent("garbage", " garbage ")  # identical apart from spaces
    assert not plural_forms_equivalent("nplurals=2; plural=n%0;", "nplurals=2; plural=n%0 ;;")


def test_parse_plural_forms_tables_n_up_to_1000():
    nplurals, table = parse_plural_forms(plural_forms("ru"))
    assert nplurals == 3 and len(table) == 1001
    assert (table[1], table[3], table[5], table[11], table[21], table[111], table[1000]) == (
        0,
        1,
        2,
        2,
        0,
        2,
        2,
    )
    assert parse_plural_forms("nplurals=1; plural=0;") == (1, (0,) * 1001)


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("plural=0;", "expected 'nplurals=N; plural=EXPR;'"),
        ("nplurals=2; plural=n +;", "plural form"),
        ("nplurals=2; plural=n % 0;", "bad plural expression"),
    ],
)
def test_parse_plural_forms_rejects_malformed_values(value, needle):
    with pytest.raises(ValueError, match=needle):
        parse_plural_forms(value)
