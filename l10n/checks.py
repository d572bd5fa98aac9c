"""Quality checks on translations: pure functions returning ``Issue`` values, never raising.

Pair checks (one msgid/msgstr; ``check_pair`` runs every function in ``PAIR_CHECKS``):

====================  ========  ===============================================================
code                  severity  fires when
====================  ========  ===============================================================
placeholder-mismatch  error     markup tokens ``<1>``, ``</1>``, ``<2/>`` differ (order is free)
number-mismatch       error     a number is missing, changed, added, or written in the source's
                                format (``13,000`` in Vietnamese, which writes ``13.000``)
number-mismatch       warning   a day number (1-31) written next to a source month name is
                                missing, or a small number may be a CJK numeral (``两年``)
url-mismatch          error     URLs or e-mail addresses are not byte-identical
glossary-dnt          error     a do-not-translate term of the source is not in the target as is
glossary-term         warning   a glossary term's fixed translation is not used (a warning: the
                                target grammar may inflect it, e.g. Russian case endings)
whitespace-newline    error     msgid and msgstr differ in starting/ending with ``\\n`` (msgfmt -c)
whitespace            warning   other leading/trailing whitespace differs
untranslated-copy     warning   msgstr == msgid, with letters that are not names/acronyms
wrong-script          error     no letters of the language's script (Latin-only Chinese), or
                                letters of a foreign script (Cyrillic in Vietnamese)
length-ratio          warning   length ratio far from the language's usual ratio
repetition            error     a word or phrase repeats back to back (the MT loop signature)
unbalanced            warning   brackets or quotes balanced in the source are not in the target
====================  ========  ===============================================================

Catalog checks (``check_header``, ``check_catalog``, ``check_catalog_text``):

==============  ========  ===================================================================
code            severity  fires when
==============  ========  ===================================================================
catalog-syntax  error     the catalog cannot be parsed (``CatalogError``, with its line)
header-charset  error     Content-Type is missing or its charset is not UTF-8
header-language warning   Language missing, or a variant of the expected one (``vi_VN``)
header-language error     Language names another language
header-plural   warning   Plural-Forms missing
header-plural   error     Plural-Forms malformed or not equivalent to Babel's rule for the
                          language (compared by value for n = 0..1000)
==============  ========  ===================================================================

Adding a pair check: write ``def check_x(p: Pair) -> list[Issue]`` and add it to ``PAIR_CHECKS``.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel.core import get_global
from babel.messages.plurals import get_plural

from l10n.errors import CatalogError
from l10n.glossary import Glossary, TermRule
from l10n.locale import babel_locale, to_gettext
from l10n.model import Issue, Severity
from l10n.numbers import NumberToken, find_numbers, format_number

PLACEHOLDER = re.compile(r"</?\d+\s*/?>")
"""Markup stand-in tokens written by segmentation: ``<1>``, ``</1>``, ``<2/>``."""

_URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"“”«»「」]+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]+(?:/[A-Z0-9]+)*\b")


@dataclass(frozen=True)
class Pair:
    """What a pair check sees: one msgid/msgstr pair and where it is.

    Attributes:
        source: the msgid (NFC).
        target: the msgstr (NFC), never empty.
        lang: BCP 47 tag of the target (``"vi"``).
        src_lang: BCP 47 tag of the source (``"en"``).
        glossary: the termbase, or None.
        path: catalog path for the issues.
        line: line of the msgid, 0 if unknown.
    """

    source: str
    target: str
    lang: str
    src_lang: str = "en"
    glossary: Glossary | None = None
    path: str = ""
    line: int = 0

    def issue(self, severity: Severity, code: str, message: str) -> Issue:
        """Return an ``Issue`` located at this pair."""
        return Issue(self.path, self.line, severity, code, message)

    def rules(self) -> list[TermRule]:
        """Glossary rules for the target language (empty without a glossary)."""
        return self.glossary.rules_for(self.lang) if self.glossary else []


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Replace each span of ``text`` with spaces of the same length (offsets stay valid)."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _links(text: str) -> list[tuple[str, tuple[int, int]]]:
    """URLs and e-mail addresses in ``text`` with spans; trailing sentence punctuation is not in a URL."""
    found = []
    for m in _URL.finditer(text):
        url = m.group().rstrip(".,;:!?)]}'’")
        found.append((url, (m.start(), m.start() + len(url))))
    taken = [span for _, span in found]
    for m in _EMAIL.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            found.append((m.group(), m.span()))
    return found


def _masked(text: str, extra: Iterable[str] = ()) -> str:
    """``text`` with placeholders, URLs, e-mails and the literal strings ``extra`` blanked out."""
    spans = [m.span() for m in PLACEHOLDER.finditer(text)] + [span for _, span in _links(text)]
    for term in extra:
        spans += [m.span() for m in re.finditer(re.escape(term), text)] if term else []
    return _blank(text, spans)


# --- placeholders ---------------------------------------------------------------------------


def check_placeholders(p: Pair) -> list[Issue]:
    """Markup tokens must all be kept, each as often as in the source; order may change."""
    src, tgt = Counter(PLACEHOLDER.findall(p.source)), Counter(PLACEHOLDER.findall(p.target))
    issues = [p.issue("error", "placeholder-mismatch", f"placeholder {t} missing") for t in src - tgt]
    issues += [p.issue("error", "placeholder-mismatch", f"placeholder {t} not in source") for t in tgt - src]
    return issues


# --- numbers ----------------------------------------------------------------------------------

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
    p: Pair, target: str, tgt_tokens: list[NumberToken], missing: Counter, extra: Counter
):
    """Issues for numbers written the source's way (``13,000`` in Vietnamese); updates the counters."""
    issues = []
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
    source, target = _masked(p.source), _masked(p.target)
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


# --- URLs, e-mail ------------------------------------------------------------------------------


def check_urls(p: Pair) -> list[Issue]:
    """URLs and e-mail addresses must be copied byte for byte."""
    src = Counter(link for link, _ in _links(p.source))
    tgt = Counter(link for link, _ in _links(p.target))
    issues = [p.issue("error", "url-mismatch", f"'{u}' missing or changed") for u in src - tgt]
    issues += [p.issue("error", "url-mismatch", f"'{u}' is not in the source") for u in tgt - src]
    return issues


# --- glossary ---------------------------------------------------------------------------------


def check_glossary(p: Pair) -> list[Issue]:
    """Do-not-translate terms must appear as written (error); fixed translations should be used (warning)."""
    issues = []
    for rule in p.rules():
        if rule.in_source(p.source) and not rule.in_target(p.target):
            if rule.dnt:
                issues.append(
                    p.issue(
                        "error", "glossary-dnt", f"'{rule.term}' must stay as is (glossary line {rule.line})"
                    )
                )
            else:
                issues.append(
                    p.issue(
                        "warning",
                        "glossary-term",
                        f"'{rule.term}' should be '{rule.expected}' (glossary line {rule.line})",
                    )
                )
    return issues


# --- whitespace -------------------------------------------------------------------------------


def _edges(text: str) -> tuple[str, str]:
    """Leading and trailing whitespace of ``text``."""
    stripped = text.strip()
    if not stripped:
        return text, ""
    start = text.index(stripped)
    return text[:start], text[start + len(stripped) :]


def check_whitespace(p: Pair) -> list[Issue]:
    """Start/end newlines must match (msgfmt -c rule, error); other edge whitespace should (warning)."""
    issues = []
    for where, test in (("start", str.startswith), ("end", str.endswith)):
        if test(p.source, "\n") != test(p.target, "\n"):
            word = "does not" if test(p.source, "\n") else "does"
            issues.append(
                p.issue(
                    "error",
                    "whitespace-newline",
                    f"msgid and msgstr differ: msgstr {word} {where} with a newline",
                )
            )
    if issues:
        return issues
    for where, a, b in zip(("leading", "trailing"), _edges(p.source), _edges(p.target), strict=True):
        if a != b:
            issues.append(
                p.issue("warning", "whitespace", f"{where} whitespace {a!r} in msgid but {b!r} in msgstr")
            )
    return issues


# --- untranslated, script ---------------------------------------------------------------------


def _name_terms(p: Pair) -> list[str]:
    """Strings that legitimately stay in the source language: dnt terms, kept glossary forms, acronyms."""
    terms = [r.expected for r in p.rules()]
    terms += _ACRONYM.findall(p.source) + _ACRONYM.findall(p.target)
    return sorted(set(terms), key=len, reverse=True)


def check_untranslated(p: Pair) -> list[Issue]:
    """msgstr identical to a msgid that has letters besides names and acronyms, in another language."""
    if p.target != p.source or babel_locale(p.lang).language == babel_locale(p.src_lang).language:
        return []
    if any(ch.isalpha() for ch in _masked(p.source, _name_terms(p))):
        return [
            p.issue(
                "warning", "untranslated-copy", "msgstr is a copy of the msgid (left in the source language?)"
            )
        ]
    return []


# Unicode character name prefix -> ISO 15924 script. Python's unicodedata has no Script
# property and Babel has no per-character data, so the script is read from the character name.
_NAME_SCRIPT = (
    ("LATIN", "Latn"),
    ("FULLWIDTH LATIN", "Latn"),
    ("CYRILLIC", "Cyrl"),
    ("GREEK", "Grek"),
    ("CJK", "Hani"),
    ("IDEOGRAPHIC", "Hani"),
    ("HIRAGANA", "Kana"),
    ("KATAKANA", "Kana"),
    ("HALFWIDTH KATAKANA", "Kana"),
    ("HANGUL", "Hang"),
    ("ARABIC", "Arab"),
    ("HEBREW", "Hebr"),
    ("THAI", "Thai"),
    ("DEVANAGARI", "Deva"),
    ("ARMENIAN", "Armn"),
    ("GEORGIAN", "Geor"),
)
# CLDR script subtag of a language (Babel likely subtags) -> the character scripts it writes with.
_WRITES_WITH = {"Hans": {"Hani"}, "Hant": {"Hani"}, "Jpan": {"Hani", "Kana"}, "Kore": {"Hang", "Hani"}}


def _char_script(ch: str) -> str | None:
    """ISO 15924 code of a letter's script (``"Latn"``, ``"Cyrl"``, ``"Hani"``...), None if unknown."""
    name = unicodedata.name(ch, "")
    return next((code for prefix, code in _NAME_SCRIPT if name.startswith(prefix)), None)


@lru_cache(maxsize=64)
def _expected_scripts(tag: str) -> frozenset[str]:
    """Character scripts of language ``tag``: its script subtag, else CLDR likely subtags via Babel."""
    loc = babel_locale(tag)
    script = loc.script
    if not script:
        likely = get_global("likely_subtags").get(loc.language, "")
        parts = likely.split("_")
        script = parts[1] if len(parts) > 1 and len(parts[1]) == 4 else ""
    return frozenset(_WRITES_WITH.get(script, {script} if script else set()))


def check_script(p: Pair) -> list[Issue]:
    """The target must be written in its language's script (CLDR likely subtags via Babel).

    Latin letters are allowed anywhere (names, acronyms), but a target whose letters
    (names, acronyms and glossary forms aside) are all Latin in a non-Latin language is an
    error, and so are letters of a script that is neither the language's, Latin, nor in the source.
    """
    expected = _expected_scripts(p.lang)
    if not expected:
        return []
    letters = [ch for ch in _masked(p.target, _name_terms(p)) if ch.isalpha()]
    scripts = Counter(_char_script(ch) for ch in letters)
    allowed = expected | {"Latn"} | {_char_script(ch) for ch in p.source if ch.isalpha()}
    foreign = sorted(s for s in scripts if s and s not in allowed)
    issues = []
    if foreign:
        sample = "".join(ch for ch in letters if _char_script(ch) in foreign)[:12]
        issues.append(
            p.issue(
                "error",
                "wrong-script",
                f"letters in {', '.join(foreign)} script ('{sample}') in a {p.lang} translation",
            )
        )
    if "Latn" not in expected and scripts["Latn"] and not any(scripts[s] for s in expected):
        issues.append(
            p.issue(
                "error",
                "wrong-script",
                f"no {'/'.join(sorted(expected))} letters in a {p.lang} translation, only Latin",
            )
        )
    return issues


# --- length, repetition -----------------------------------------------------------------------

# Usual length of a translation from English, in non-space characters, relative to the source.
# Rough figures from parallel news text (CLDR has no such data); unknown languages use 1.0.
LENGTH_RATIO = {
    "vi": 1.1,
    "fr": 1.15,
    "de": 1.15,
    "es": 1.15,
    "it": 1.1,
    "pt": 1.1,
    "ru": 1.05,
    "zh": 0.32,
    "ja": 0.5,
    "ko": 0.5,
}
LENGTH_FACTOR = 2.0
"""A ratio beyond usual x factor or usual / factor is an outlier."""
LENGTH_MIN_SOURCE = 25
"""Sources shorter than this (non-space characters) are not length-checked."""


def check_length(p: Pair) -> list[Issue]:
    """Translation length far from the usual ratio for the language (truncated or padded MT output)."""
    src_len = sum(1 for ch in p.source if not ch.isspace())
    if src_len < LENGTH_MIN_SOURCE:
        return []
    ratio = sum(1 for ch in p.target if not ch.isspace()) / src_len
    usual = LENGTH_RATIO.get(babel_locale(p.lang).language, 1.0)
    if ratio < usual / LENGTH_FACTOR or ratio > usual * LENGTH_FACTOR:
        return [
            p.issue(
                "warning",
                "length-ratio",
                f"translation is {ratio:.2f} x the source length (usual about {usual})",
            )
        ]
    return []


_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK_CHARS}]|[^\W{_CJK_CHARS}]+")
_CJK_ONE = re.compile(rf"[{_CJK_CHARS}]")


def _loop(text: str) -> str | None:
    """The first back-to-back repeated phrase in ``text``, or None.

    Tokens are words, or single characters for Chinese and Japanese. A loop is one token 4
    times in a row, a 2-token phrase 3 times, or a phrase of 3 to 8 tokens twice.
    """
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    for n in range(1, 9):
        times = 4 if n == 1 else 3 if n == 2 else 2
        for i in range(len(tokens) - n * times + 1):
            gram = tokens[i : i + n]
            if all(tokens[i + k * n : i + (k + 1) * n] == gram for k in range(1, times)):
                return ("" if all(_CJK_ONE.fullmatch(t) for t in gram) else " ").join(gram)
    return None


def check_repetition(p: Pair) -> list[Issue]:
    """A phrase repeated back to back in the target but not in the source: the MT loop signature."""
    loop = _loop(_masked(p.target))
    if loop and not _loop(_masked(p.source)):
        return [p.issue("error", "repetition", f"'{loop}' repeats back to back (machine translation loop?)")]
    return []


# --- brackets and quotes ----------------------------------------------------------------------

_BRACKETS = {"(": ")", "（": "）", "[": "]", "{": "}", "【": "】", "〔": "〕"}
_SAME = {"（": "(", "）": ")"}


def _bracket_balance(text: str) -> dict[str, int]:
    """Opening minus closing count per bracket kind (full-width () counted as ())."""
    text = "".join(_SAME.get(ch, ch) for ch in text)
    return {o: text.count(o) - text.count(c) for o, c in _BRACKETS.items() if o not in _SAME}


def _quote_balance(text: str) -> tuple[int, int]:
    """``(open minus close quotes, parity of straight '"')``; with „ present, “ closes (German style)."""
    opens, closes = "«‹「『„", "»›」』”"
    if "„" in text:
        closes += "“"
    else:
        opens += "“"
    net = sum(text.count(ch) for ch in opens) - sum(text.count(ch) for ch in closes)
    return net, text.count('"') % 2


def check_brackets(p: Pair) -> list[Issue]:
    """Brackets and quotes (() [] “” «» 「」 ...) must balance in the target as they do in the source.

    Quote styles may change (“…” -> «…» or 「…」); only the balance is compared, so a
    sentence that opens a quote the next one closes is fine when the translation does the same.
    """
    issues = []
    src, tgt = _bracket_balance(p.source), _bracket_balance(p.target)
    for opening, closing in _BRACKETS.items():
        if opening in src and src[opening] != tgt[opening]:
            issues.append(p.issue("warning", "unbalanced", f"unbalanced {opening}{closing} in translation"))
    if _quote_balance(_masked(p.source)) != _quote_balance(_masked(p.target)):
        issues.append(p.issue("warning", "unbalanced", "quotation marks do not balance as in the source"))
    return issues


PAIR_CHECKS: tuple[Callable[[Pair], list[Issue]], ...] = (
    check_placeholders,
    check_numbers,
    check_urls,
    check_glossary,
    check_whitespace,
    check_untranslated,
    check_script,
    check_length,
    check_repetition,
    check_brackets,
)
"""Every pair check, in report order. Add a check here."""


def check_pair(
    source: str,
    target: str,
    *,
    lang: str,
    glossary: Glossary | None = None,
    path: str = "",
    line: int = 0,
    src_lang: str = "en",
) -> list[Issue]:
    """Run every check in ``PAIR_CHECKS`` on one msgid/msgstr pair.

    Args:
        source: the msgid.
        target: the msgstr; an empty one is untranslated and gives no issues.
        lang: BCP 47 tag of the target language.
        glossary: termbase for the glossary checks, or None.
        path: catalog path put in the issues.
        line: line of the msgid put in the issues.
        src_lang: BCP 47 tag of the source language.

    Returns:
        ``Issue`` values (codes and severities in the module docstring), in check order.

    Raises:
        ConfigError: ``lang`` or ``src_lang`` is not a CLDR locale (never for a bad translation).
    """
    if not target:
        return []
    pair = Pair(
        unicodedata.normalize("NFC", source),
        unicodedata.normalize("NFC", target),
        lang,
        src_lang,
        glossary,
        path,
        line,
    )
    return [issue for check in PAIR_CHECKS for issue in check(pair)]


# --- catalog-level ----------------------------------------------------------------------------

_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")


@lru_cache(maxsize=64)
def _plural_table(forms: str) -> tuple[int, tuple[int, ...]]:
    """``(nplurals, plural index for n = 0..1000)`` of a Plural-Forms value.

    The C expression is evaluated by the standard library's ``gettext.c2py``.

    Raises:
        ValueError: malformed value or expression.
    """
    m = _PLURAL_FORMS.match(forms)
    if not m:
        raise ValueError("expected 'nplurals=N; plural=EXPR;'")
    try:
        plural = gettext.c2py(m.group(2))
        return int(m.group(1)), tuple(int(plural(n)) for n in range(1001))
    except (SyntaxError, RecursionError, ZeroDivisionError) as exc:
        raise ValueError(f"bad plural expression: {exc}") from exc


def check_header(header: Mapping[str, str], *, path: str, lang: str, line: int = 0) -> list[Issue]:
    """Check a catalog header (field name -> value) for language ``lang`` ("" for a template).

    Content-Type charset must be UTF-8; Language must be ``lang`` in gettext form
    (``zh_Hans``); Plural-Forms must be equivalent to ``babel.messages.plurals.get_plural``
    for ``lang`` (compared as values for n = 0..1000, so a differently written but equal
    expression passes).

    Returns:
        ``Issue`` values with codes ``header-charset``, ``header-language``, ``header-plural``.
    """

    def issue(severity: Severity, code: str, message: str) -> Issue:
        return Issue(path, line, severity, code, message)

    fields = {k.lower(): v.strip() for k, v in header.items()}
    issues = []
    charset = re.search(r"charset\s*=\s*([\w.-]+)", fields.get("content-type", ""), re.IGNORECASE)
    if not charset or charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        found = charset.group(1) if charset else "none"
        issues.append(issue("error", "header-charset", f"Content-Type charset must be UTF-8 (found {found})"))
    if not lang:
        return issues
    want = to_gettext(lang)
    got = fields.get("language", "")
    if not got:
        issues.append(issue("warning", "header-language", f"Language header missing (expected {want})"))
    elif got.replace("-", "_").lower() != want.lower():
        same_base = got.replace("-", "_").split("_")[0].lower() == want.split("_")[0].lower()
        sev: Severity = "warning" if same_base else "error"
        issues.append(issue(sev, "header-language", f"Language is '{got}', expected '{want}'"))
    forms = fields.get("plural-forms", "")
    expected = get_plural(want)
    if not forms:
        issues.append(
            issue("warning", "header-plural", f"Plural-Forms missing (expected '{expected.plural_forms}')")
        )
        return issues
    try:
        got_table = _plural_table(forms)
    except ValueError as exc:
        issues.append(issue("error", "header-plural", f"Plural-Forms '{forms}' is malformed: {exc}"))
        return issues
    if got_table != _plural_table(expected.plural_forms):
        issues.append(
            issue(
                "error",
                "header-plural",
                f"Plural-Forms '{forms}' differs from CLDR '{expected.plural_forms}'",
            )
        )
    return issues


def check_catalog(
    catalog: Any,
    *,
    path: str,
    lang: str,
    glossary: Glossary | None = None,
    src_lang: str = "en",
    header_line: int = 0,
) -> list[Issue]:
    """Header checks plus ``check_pair`` on every translated, non-obsolete entry (fuzzy ones included).

    Args:
        catalog: an ``l10n.catalog.Catalog`` (uses ``catalog.header``, a field -> value mapping,
            and ``catalog.entries()``, ``l10n.model.Entry`` values).
        path: catalog path for the issues.
        lang: BCP 47 tag of the catalog's language.
        glossary: termbase or None.
        src_lang: BCP 47 tag of the msgids.
        header_line: line of the header entry's msgid, for the header issues (0 if unknown).

    Returns:
        Header issues first, then entry issues in catalog order.
    """
    issues = check_header(catalog.header, path=path, lang=lang, line=header_line)
    for entry in catalog.entries():
        if entry.msgid and entry.msgstr and not entry.obsolete:
            issues += check_pair(
                entry.msgid,
                entry.msgstr,
                lang=lang,
                glossary=glossary,
                path=path,
                line=entry.line,
                src_lang=src_lang,
            )
    return issues


def check_catalog_text(text: str, *, path: str, lang: str, glossary: Glossary | None = None) -> list[Issue]:
    """Parse a catalog's text and check it; a syntax error is one ``catalog-syntax`` issue.

    Uses ``l10n.catalog.Catalog.parse(text, path)`` (imported here so this module works
    without it), then ``check_catalog``.
    """
    from l10n.catalog import Catalog

    try:
        catalog = Catalog.parse(text, path)
    except CatalogError as exc:
        return [Issue(exc.path or path, exc.line or 0, "error", "catalog-syntax", exc.message)]
    lines = [*text.splitlines(), ""]
    header_line = next(
        (
            i
            for i, ln in enumerate(lines[:-1], 1)
            if ln.strip() == 'msgid ""' and lines[i].startswith("msgstr")
        ),
        0,
    )
    return check_catalog(catalog, path=path, lang=lang, glossary=glossary, header_line=header_line)
