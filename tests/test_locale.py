import pytest

from l10n.errors import ConfigError
from l10n.locale import direction, plural_forms, sentence_joiner, to_gettext, validate_tag


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
