"""The number check: numbers kept by value, each language writing them its own way (CLDR via
Babel), with the date logic that makes month and weekday names count as numbers. Part of
``l10n.checks.registry`` (codes in its docstring).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from functools import lru_cache

from l10n.checks.pair import Pair, masked
from l10n.locale import babel_locale
from l10n.model import Issue
from l10n.numbers import NumberToken, find_numbers, format_number

# English number words that a translation may legitimately write as digits ("three" -> "3").
# CLDR's spell-out rules (RBNF) only format numbers; Babel cannot parse words back, hence this list.
_EN_NUMBER_WORDS = {
    **{
        w: i
        for i, w in enumerate(
            [
                "zero",
                "one",
                "two",
                "three",
                "four",
                "five",
                "six",
                "seven",
                "eight",
                "nine",
                "ten",
                "eleven",
                "twelve",
            ]
        )
    },
    "twenty": 20,
    **{
        w: i
        for i, w in enumerate(
            ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"], 1
        )
    },
}

# Chinese/Japanese numerals for 0-10 (own table: CLDR has the hanidec numbering system for
# digit-by-digit writing, but not the counting words 十 and 两).
_CJK_NUMERALS = dict(enumerate("〇一二三四五六七八九十"))
_CJK_NUMERALS[0] += "零"
_CJK_NUMERALS[2] += "两"


@lru_cache(maxsize=64)
def _calendar_names(tag: str) -> tuple[tuple[re.Pattern[str], int, str], ...]:
    """Month and weekday name patterns of ``tag`` from CLDR via Babel: ``(pattern, number, kind)``.

    ``number`` is 1-12 for months (kind ``"month"``) and 0-6 (Monday = 0) for days (``"day"``).
    Names with digits are skipped (they are numbers already). Names with a capital letter
    match case-sensitively, so English "may" (the verb) is not May.
    """
    loc = babel_locale(tag)
    names: dict[str, tuple[int, str]] = {}
    for ctx in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in loc.months[ctx][width].items():
                names.setdefault(name.rstrip("."), (number, "month"))
        for number, name in loc.days[ctx]["wide"].items():
            names.setdefault(name, (number, "day"))
    out = []
    for name, (number, kind) in names.items():
        if len(name) < 3 or any(ch.isdigit() for ch in name):
            continue
        flags = 0 if any(ch.isupper() for ch in name) else re.IGNORECASE
        out.append((re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", flags), number, kind))
    return tuple(out)


def _calendar_hits(text: str, tag: str) -> list[tuple[int, str, tuple[int, int]]]:
    """Month/day names in ``text``: ``(number, kind, span)``."""
    return [(n, kind, m.span()) for pat, n, kind in _calendar_names(tag) for m in pat.finditer(text)]


@lru_cache(maxsize=64)
def _day_name_digits(tag: str, weekday: int) -> tuple[Decimal, ...]:
    """Numbers inside the CLDR names of ``weekday`` in ``tag`` (Vietnamese "Thứ 2" -> 2)."""
    loc = babel_locale(tag)
    found: set[Decimal] = set()
    for ctx in loc.days.values():
        for names in ctx.values():
            found.update(t.value for t in find_numbers(names.get(weekday, ""), tag))
    return tuple(found)


_NEXT_TO = re.compile(r"[\s,]{0,3}(?:(?:the|of)\s+){0,2}")


def _is_day_of_month(token: NumberToken, text: str, months: list[tuple[int, str, tuple[int, int]]]) -> bool:
    """True if ``token`` is an integer 1-31 written right next to a month name ("July 9", "9th of July")."""
    if not (1 <= token.value <= 31 and token.value == token.value.to_integral_value()):
        return False
    for _n, _kind, (m_start, m_end) in months:
        gap = text[m_end : token.span[0]] if m_end <= token.span[0] else text[token.span[1] : m_start]
        if _NEXT_TO.fullmatch(gap):
            return True
    return False


def _allowed_extras(p: Pair, source: str, calendar: list[tuple[int, str, tuple[int, int]]]) -> list[Decimal]:
    """Target numbers the source has as words: named months, weekday digits, English number words."""
    allowed = [Decimal(n) for n, kind, _ in calendar if kind == "month"]
    for n, kind, _ in calendar:
        allowed += _day_name_digits(p.lang, n) if kind == "day" else ()
    if babel_locale(p.src_lang).language == "en":
        words = (w.lower() for w in re.findall(r"[A-Za-z]+", source))
        allowed += [Decimal(_EN_NUMBER_WORDS[w]) for w in words if w in _EN_NUMBER_WORDS]
    return allowed


def _source_format_issues(
    p: Pair, target: str, tgt_tokens: list[NumberToken], missing: Counter[Decimal], extra: Counter[Decimal]
) -> list[Issue]:
    """Issues for numbers written the source's way (``13,000`` in Vietnamese); updates the counters."""
    issues: list[Issue] = []
    for alt in find_numbers(target, p.src_lang):
        inside = [t for t in tgt_tokens if alt.span[0] <= t.span[0] and t.span[1] <= alt.span[1]]
        if missing[alt.value] > 0 and alt.kind != "code" and all(extra[t.value] > 0 for t in inside):
            want = format_number(alt, p.lang)
            if want != alt.raw:
                missing[alt.value] -= 1
                for t in inside:
                    extra[t.value] -= 1
                message = f"'{alt.raw}' is written the {p.src_lang} way; {p.lang} writes '{want}'"
                issues.append(p.issue("error", "number-mismatch", message))
    return issues


def _missing_number(p: Pair, token: NumberToken, day_of_month: bool) -> Issue:
    """The issue for a source number the target lacks (warning for a day number or a CJK numeral)."""
    value = token.value
    if day_of_month:
        return p.issue(
            "warning", "number-mismatch", f"day number '{token.raw}' next to a month name is missing"
        )
    if (
        p.lang.split("-")[0] in ("zh", "ja")
        and 0 <= value <= 10
        and value == int(value)
        and any(ch in p.target for ch in _CJK_NUMERALS[int(value)])
    ):
        return p.issue(
            "warning", "number-mismatch", f"number '{token.raw}' missing (written as a CJK numeral?)"
        )
    return p.issue("error", "number-mismatch", f"number '{token.raw}' missing in translation")


def check_numbers(p: Pair) -> list[Issue]:
    """Numbers must be kept, compared by value in each language's own formatting (CLDR via Babel).

    Allowed extras in the target: the number of a month the source names ("July" -> vi
    "tháng 7", ja "7月"), digits of a named weekday in the target's CLDR day names (vi "Thứ 2"),
    and digits for English number words ("three" -> "3"). A missing day number next to a month
    name, or a small number the target may write as a CJK numeral, is a warning; anything
    else is an error.
    """
    source, target = masked(p.source), masked(p.target)
    src_tokens, tgt_tokens = find_numbers(source, p.src_lang), find_numbers(target, p.lang)
    missing = Counter(t.value for t in src_tokens) - Counter(t.value for t in tgt_tokens)
    extra = Counter(t.value for t in tgt_tokens) - Counter(t.value for t in src_tokens)
    calendar = _calendar_hits(source, p.src_lang)
    for value in _allowed_extras(p, source, calendar):
        if extra[value] > 0:
            extra[value] -= 1
    issues = _source_format_issues(p, target, tgt_tokens, missing, extra)
    months = [c for c in calendar if c[1] == "month"]
    for value, count in (+missing).items():
        same = [t for t in src_tokens if t.value == value]
        day = any(_is_day_of_month(t, source, months) for t in same)
        issues += [_missing_number(p, same[0], day)] * count
    for value, count in (+extra).items():
        token = next(t for t in tgt_tokens if t.value == value)
        issues += [p.issue("error", "number-mismatch", f"number '{token.raw}' is not in the source")] * count
    return issues
