"""Numbers in running text, read and written in each locale's own formatting.

The decimal and grouping symbols come from CLDR via Babel (``babel.numbers.get_decimal_symbol``,
``get_group_symbol``); rewriting uses ``babel.numbers.format_decimal`` / ``format_percent``.
Babel formats numbers but does not *find* them in prose, so the scanning below is ours:

* English reads ``13,000`` as 13000 and ``3.75`` as 3.75; Vietnamese reads ``13.000`` as 13000
  and ``3,75`` as 3.75; French and Russian group with U+202F / U+00A0 (a plain space is accepted
  too when the locale's group symbol is a space), so ``13 000`` is one number there.
* A group separator only counts when it is followed by exactly three digits and the first
  group has one to three digits; otherwise the digits are read as separate numbers (so the
  English-style ``3.75`` in Vietnamese text reads as 3 and 75, which a check then reports).
* ``5%`` / ``5 %`` is a ``percent`` token with value 5 (not 0.05).
* ``1st``, ``2e``, ``1er``, ``3º``, ``17-й`` are ``ordinal`` tokens with their integer value.
* Digits glued to letters of an alphabetic script (``G7``, ``MH17``) are ``code`` tokens.
  Digits next to Chinese/Japanese characters (``7月9日``) are plain numbers.
* A ``-``/``−`` sign belongs to the number only after a space, an opening bracket or the start
  of the text, so ``F-16``, ``Anakonda-1`` and ``2014-2016`` hold no negative numbers.
* Numbers compare by value across digit systems: any Unicode decimal digit is read by its
  ``unicodedata.decimal`` value (full-width ``４５００``, Arabic-Indic ``٤٥٠٠``, Extended
  Arabic-Indic ``۴۵۰۰``, Devanagari ``४५००`` are all 4500). The separators are those of every
  numbering system CLDR gives the locale (``latn``, its default and its native one: Arabic
  ``٫`` and ``٬``), plus the full-width forms of ``,`` and ``.`` (``４，５００``, ``３．２``)
  between full-width digits only (a full-width comma after ASCII digits is Chinese/Japanese
  clause punctuation), and the percent signs ``%``, ``％``, ``٪`` (and ``‰``). Only digits and
  these separators are folded; no NFKC, which would also turn ``km²`` into ``km2``.
* Secondary grouping from the locale's CLDR decimal pattern is read too (Hindi ``1,00,000``
  is 100000), besides groups of three.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from l10n.inline import is_cjk
from l10n.locale import babel_locale

NumberKind = Literal["number", "percent", "ordinal", "code"]

_SPACES = "\u0020\u00a0\u202f\u2009"
_PERCENT = re.compile(r"[\u0020\u00a0\u202f\u2009]?[%％‰٪]")
_MINUS = "-\u2212"

# Ordinal suffixes written right after the digits. CLDR (and so Babel) has ordinal *plural
# categories* and spell-out rules but no table of abbreviated ordinal suffixes, hence this list.
_ORDINAL_SUFFIXES: dict[str, frozenset[str]] = {
    "en": frozenset({"st", "nd", "rd", "th"}),
    "fr": frozenset({"e", "er", "re", "ère", "ème", "eme", "nd", "nde"}),
    "es": frozenset({"º", "ª", "o", "a", "er", ".º", ".ª"}),
    "pt": frozenset({"º", "ª", "o", "a"}),
    "it": frozenset({"º", "ª", "o", "a"}),
    "ru": frozenset({"-й", "-я", "-е", "-го", "-му", "-м", "-х", "-ый", "-ой", "-ая", "-ое"}),
}


@dataclass(frozen=True)
class NumberToken:
    """A number found in a text.

    Attributes:
        value: the number's value (``Decimal``); for percentages the figure as written
            (``5%`` -> ``Decimal("5")``), for ordinals the integer.
        span: ``(start, end)`` character offsets of ``raw`` in the text (end exclusive).
        raw: the exact characters, sign and suffix included (``"13,000"``, ``"5 %"``, ``"1st"``).
        kind: ``"number"``, ``"percent"``, ``"ordinal"`` or ``"code"`` (digits glued to letters).
        grouped: True when the digits were written with group separators.
        decimals: number of digits after the decimal symbol as written (0 if none).
    """

    value: Decimal
    span: tuple[int, int]
    raw: str
    kind: NumberKind = "number"
    grouped: bool = False
    decimals: int = 0


def _is_alpha_letter(ch: str) -> bool:
    """True for a letter of an alphabetic script (Latin, Cyrillic, Greek, ...), not CJK."""
    return ch.isalpha() and not is_cjk(ch)


@lru_cache(maxsize=64)
def _symbols(tag: str) -> tuple[str, str]:
    """Return ``(decimal symbol, group symbol)`` of ``tag`` from CLDR via Babel (``latn`` digits)."""
    loc = babel_locale(tag)
    return get_decimal_symbol(loc), get_group_symbol(loc)


@lru_cache(maxsize=64)
def _all_symbols(tag: str) -> tuple[str, str]:
    """Return ``(decimal symbols, group symbols)`` of every numbering system CLDR gives ``tag``.

    ``latn`` first, then the locale's default and native systems (Arabic ``arab``: ``٫`` and
    ``٬``; Persian ``arabext``), from CLDR via Babel. A symbol that means the other thing in
    ``latn`` is left out, so ``latn`` reading always wins.
    """
    loc = babel_locale(tag)
    dec, group = _symbols(tag)
    decimals, groups = [dec], [group]
    systems = [loc.default_numbering_system, *dict(loc.other_numbering_systems).values()]
    for system in dict.fromkeys(systems):
        if system == "latn" or system not in loc.number_symbols:
            continue
        d = get_decimal_symbol(loc, numbering_system=system)
        g = get_group_symbol(loc, numbering_system=system)
        if d != group and d not in decimals:
            decimals.append(d)
        if g != dec and g not in groups:
            groups.append(g)
    return "".join(decimals), "".join(groups)


_FULL_WIDTH = {",": "\uff0c", ".": "\uff0e"}  # full-width comma and full stop
_FW_DIGIT = "[\uff10-\uff19]"


@lru_cache(maxsize=64)
def _pattern(tag: str) -> re.Pattern[str]:
    """Compile the digit-run pattern for ``tag`` (see the module docstring for the rules)."""
    decimals, groups = _all_symbols(tag)
    group_class = "".join(re.escape(_SPACES) if g in _SPACES else re.escape(g) for g in groups)
    ints = [rf"\d{{1,3}}(?:[{group_class}]\d{{3}})+(?!\d)"]
    secondary = babel_locale(tag).decimal_formats[None].grouping[1]
    if secondary not in (0, 3) and secondary < 10:
        ints.append(rf"\d{{1,{secondary}}}(?:[{group_class}]\d{{{secondary}}})*[{group_class}]\d{{3}}(?!\d)")
    fw_groups = "".join(_FULL_WIDTH[g] for g in groups if g in _FULL_WIDTH)
    if fw_groups:
        ints.append(rf"{_FW_DIGIT}{{1,3}}(?:[{fw_groups}]{_FW_DIGIT}{{3}})+(?!\d)")
    fracs = [f"[{re.escape(decimals)}]"]
    fw_decimals = "".join(_FULL_WIDTH[d] for d in decimals if d in _FULL_WIDTH)
    if fw_decimals:
        fracs.append(rf"(?<={_FW_DIGIT})[{fw_decimals}](?={_FW_DIGIT})")
    return re.compile(rf"(?<!\d)(?P<int>{'|'.join(ints)}|\d+)(?:(?:{'|'.join(fracs)})(?P<frac>\d+))?(?!\d)")


def _digits(text: str) -> str:
    """Map any Unicode decimal digits to ASCII ``0-9``; drop everything else."""
    return "".join(str(unicodedata.decimal(ch)) for ch in text if ch.isdecimal())


def find_numbers(text: str, tag: str) -> list[NumberToken]:
    """Find every number in ``text`` written in the conventions of language ``tag``.

    Args:
        text: running text (one msgid or msgstr).
        tag: BCP 47 language tag of ``text`` (``"en"``, ``"vi"``, ``"zh-Hans"``).

    Returns:
        ``NumberToken`` values in text order (decimal/group symbols from CLDR via Babel).

    Raises:
        ConfigError: ``tag`` is not a CLDR locale.
    """
    language = babel_locale(tag).language
    suffixes = _ORDINAL_SUFFIXES.get(language, frozenset())
    tokens: list[NumberToken] = []
    for m in _pattern(tag).finditer(text):
        start, end = m.span()
        int_raw, frac_raw = m.group("int"), m.group("frac") or ""
        value = Decimal(_digits(int_raw) + ("." + _digits(frac_raw) if frac_raw else ""))
        grouped = not int_raw.isdecimal()
        kind: NumberKind = "number"
        # Sign: only where it cannot be a hyphen inside a word or a range.
        if start > 0 and text[start - 1] in _MINUS and (start == 1 or text[start - 2] in " \t\n([\u00a0"):
            start -= 1
            value = -value
        pct = _PERCENT.match(text, end)
        ordinal = next(
            (s for s in sorted(suffixes, key=len, reverse=True) if text.startswith(s, end)),
            None,
        )
        if pct:
            kind, end = "percent", pct.end()
        elif (
            ordinal
            and not frac_raw
            and not (end + len(ordinal) < len(text) and text[end + len(ordinal)].isalpha())
        ):
            kind, end = "ordinal", end + len(ordinal)
        elif (end < len(text) and _is_alpha_letter(text[end])) or (
            start > 0 and _is_alpha_letter(text[start - 1])
        ):
            kind = "code"
        tokens.append(NumberToken(value, (start, end), text[start:end], kind, grouped, len(frac_raw)))
    return tokens


def format_number(token: NumberToken, tag: str) -> str:
    """Write ``token`` the way language ``tag`` writes it (CLDR symbols and patterns via Babel).

    Grouping mirrors the source: a number written without group separators stays ungrouped
    (``2016`` stays ``2016`` in every language, so years, codes and plain counts are never
    regrouped); a grouped one gets the target's grouping (``13,000`` -> vi ``13.000``,
    fr ``13 000``). We mirror the source because Babel 2.x does not expose CLDR
    ``minimumGroupingDigits`` (which would write Spanish ``1000`` but ``10.000``), and a
    fixed "never group four digits" rule would wrongly ungroup ``1,500 troops``.
    The number of decimals written is kept (``3.50`` -> ``3,50``). Percentages use the
    target's CLDR percent pattern (fr ``5 %`` with U+00A0). Ordinals and codes are returned as written.

    Raises:
        ConfigError: ``tag`` is not a CLDR locale.
    """
    if token.kind in ("ordinal", "code"):
        return token.raw
    loc = babel_locale(tag)
    if token.kind == "percent":
        return format_percent(
            token.value / 100, locale=loc, decimal_quantization=False, group_separator=token.grouped
        )
    pattern = ("#,##0" if token.grouped else "0") + ("." + "0" * token.decimals if token.decimals else "")
    return format_decimal(token.value, format=pattern, locale=loc)


def localize_numbers(text: str, src_tag: str, tgt_tag: str) -> str:
    """Rewrite every number of ``text`` (written as ``src_tag`` writes numbers) in ``tgt_tag`` format.

    Meant for units without letters (``"13,000"`` -> vi ``"13.000"``); text around the numbers
    is kept as it is. Grouping policy: see ``format_number``.

    Args:
        text: source text.
        src_tag: BCP 47 tag of ``text``.
        tgt_tag: BCP 47 tag of the output.

    Returns:
        The rewritten text (``str``).

    Raises:
        ConfigError: either tag is not a CLDR locale.
    """
    out: list[str] = []
    pos = 0
    for token in find_numbers(text, src_tag):
        start, end = token.span
        out.append(text[pos:start])
        out.append(format_number(token, tgt_tag))
        pos = end
    out.append(text[pos:])
    return "".join(out)
