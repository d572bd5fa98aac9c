"""Locale facts from CLDR (via Babel): tag forms, plural forms, names, direction, sentence joiner.

Our language tags are BCP 47 (``vi``, ``zh-Hans``, ``pt-BR``); gettext folders and the
``Language`` header use the gettext form (``vi``, ``zh_Hans``, ``pt_BR``).
"""

from __future__ import annotations

import gettext
import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
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


def region_language(code: str) -> str:
    """The language CLDR's likely subtags give a region code (``vn`` -> ``vi``, ``jp`` -> ``ja``),
    via Babel (``get_global("likely_subtags")``, key ``und_<REGION>``); ``""`` for no region.

    For "did you mean" hints: a country code typed where a language tag was meant.
    """
    found = get_global("likely_subtags").get(f"und_{code.upper()}", "")
    return found.split("_")[0] if found else ""


@lru_cache(maxsize=256)
def likely_subtags(tag: str) -> tuple[str, str, str]:
    """Return ``(language, script, region)`` of a BCP 47 tag with the missing parts filled in.

    The "Add Likely Subtags" lookup of Unicode TR35 on the likely-subtags table of CLDR (via
    Babel, ``get_global("likely_subtags")``): ``zh-TW`` -> ``("zh", "Hant", "TW")``, ``zh-HK`` ->
    ``("zh", "Hant", "HK")``, ``zh`` and ``zh-SG`` -> Hans, ``sr`` -> ``("sr", "Cyrl", "RS")``,
    ``sr-Latn`` -> Latn. Subtags the tag gives are kept; a part CLDR does not know stays ``""``.
    Never raises (an unknown tag comes back as written, split and case-normalized).
    """
    parts = tag.replace("_", "-").split("-")
    language = parts[0].lower()
    script = next((p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()), "")
    region = next((p.upper() for p in parts[1:] if len(p) == 2 or (len(p) == 3 and p.isdigit())), "")
    table = get_global("likely_subtags")
    keys = [
        "_".join(x for x in (language, script, region) if x),
        "_".join(x for x in (language, region) if x),
        "_".join(x for x in (language, script) if x),
        language,
        *([f"und_{script}"] if script else []),
    ]
    for key in dict.fromkeys(keys):
        found = table.get(key)
        if found:
            got = found.split("_")
            got_script = next((p for p in got[1:] if len(p) == 4), "")
            got_region = next((p for p in got[1:] if len(p) != 4), "")
            return (language if language != "und" else got[0]), script or got_script, region or got_region
    return language, script, region


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


_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")
_PLURAL_SAMPLE = range(1001)  # the n values at which plural rules are compared


@lru_cache(maxsize=64)
def parse_plural_forms(value: str) -> tuple[int, tuple[int, ...]]:
    """Read a ``Plural-Forms`` header value as ``(nplurals, plural index for n = 0..1000)``.

    The C expression is evaluated by the standard library's ``gettext.c2py``. Comparing two
    such values compares the rules by value, so differently written but equal expressions are
    equal (``n>1`` and ``(n > 1)``). Two rules that differ only above n = 1000 are not told
    apart (Babel's French rule, whose second form is for multiples of a million, compares equal
    to the same rule without that form).

    Raises:
        ValueError: not ``nplurals=N; plural=EXPR;``, or an expression gettext cannot evaluate
            (the message says which).
    """
    match = _PLURAL_FORMS.match(value)
    if not match:
        raise ValueError("expected 'nplurals=N; plural=EXPR;'")
    try:
        plural = gettext.c2py(match.group(2))
        return int(match.group(1)), tuple(int(plural(n)) for n in _PLURAL_SAMPLE)
    except (SyntaxError, RecursionError, ZeroDivisionError) as exc:
        raise ValueError(f"bad plural expression: {exc}") from exc


def plural_forms_equivalent(a: str, b: str) -> bool:
    """True when two ``Plural-Forms`` values are equal after removing whitespace, or both parse
    (``parse_plural_forms``) to the same nplurals and the same plural index for n = 0..1000."""
    if "".join(a.split()) == "".join(b.split()):
        return True
    try:
        return parse_plural_forms(a) == parse_plural_forms(b)
    except ValueError:
        return False
