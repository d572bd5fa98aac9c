"""Locale facts from CLDR (via Babel): tag forms, plural forms, names, direction, sentence joiner.

Our language tags are BCP 47 (``vi``, ``zh-Hans``, ``pt-BR``); gettext folders and the
``Language`` header use the gettext form (``vi``, ``zh_Hans``, ``pt_BR``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from l10n.errors import ConfigError

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?$")


def to_gettext(tag: str) -> str:
    """Return the gettext locale name for a BCP 47 tag.

    ``"zh-Hans"`` -> ``"zh_Hans"``, ``"pt-BR"`` -> ``"pt_BR"``.
    """
    return tag.replace("-", "_")


@lru_cache(maxsize=64)
def babel_locale(tag: str) -> Locale:
    """Return the Babel ``Locale`` for a BCP 47 tag.

    Raises:
        ConfigError: the tag is malformed or CLDR has no such locale (message names the tag).
    """
    if not _TAG.match(tag):
        raise ConfigError(f"'{tag}' is not a BCP 47 language tag (expected e.g. vi, fr, zh-Hans, pt-BR)")
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError) as exc:
        raise ConfigError(f"unknown language tag '{tag}' (not in CLDR)") from exc


def validate_tag(tag: str) -> str:
    """Return ``tag`` in canonical BCP 47 case (``"VI"`` -> ``"vi"``, ``"zh-hans"`` -> ``"zh-Hans"``,
    ``"pt-br"`` -> ``"pt-BR"``) if CLDR knows it.

    Raises:
        ConfigError: as ``babel_locale``.
    """
    parts = tag.split("-")
    canon = [parts[0].lower()]
    for part in parts[1:]:
        canon.append(part.title() if len(part) == 4 else part.upper())
    tag = "-".join(canon)
    babel_locale(tag)
    return tag


def plural_forms(tag: str) -> str:
    """Return the gettext ``Plural-Forms`` header value for ``tag``.

    The rule is Babel's ``babel.messages.plurals`` table (from CLDR and the gettext manual):
    ``vi`` -> ``"nplurals=1; plural=0;"``.
    """
    return get_plural(to_gettext(tag)).plural_forms


def language_name(tag: str, in_tag: str | None = None) -> str:
    """Return the display name of ``tag`` in the language ``in_tag`` (default: in itself), from CLDR."""
    loc = babel_locale(tag)
    name = loc.get_display_name(babel_locale(in_tag) if in_tag else loc) or tag
    return name


def direction(tag: str) -> str:
    """Return ``"rtl"`` or ``"ltr"``: the CLDR character order of the locale."""
    return "rtl" if babel_locale(tag).character_order == "right-to-left" else "ltr"


_NO_SPACE_LANGUAGES = {"zh", "ja", "yue"}


def sentence_joiner(tag: str) -> str:
    """Return the string that joins two sentences of one paragraph in ``tag``.

    A space for languages written with spaces between sentences (Thai and Lao included: they
    mark a sentence end with a space); nothing for Chinese and Japanese, whose full stop (。)
    takes no space after it. CLDR has no such datum, so the list is ours (typographic rules).
    """
    return "" if babel_locale(tag).language in _NO_SPACE_LANGUAGES else " "
