"""Pair checks for signs that the target is not a real translation into its language: a copy
of the source, letters of the wrong script, an unusual length ratio, a repetition loop (the
usual failures of machine translation), and a msgstr not saved in Unicode NFC. Part of
``l10n.checks.registry`` (codes in its docstring).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from babel.core import get_global

from l10n.checks.pair import Pair, masked
from l10n.inline import CJK_RANGES
from l10n.locale import babel_locale
from l10n.model import Issue

_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]+(?:/[A-Z0-9]+)*\b")


# --- untranslated, script ---------------------------------------------------------------------


def _name_terms(p: Pair) -> list[str]:
    """Strings that legitimately stay in the source language: dnt terms, kept glossary forms, acronyms."""
    terms = [r.expected for r in p.rules()]
    terms += _ACRONYM.findall(p.source) + _ACRONYM.findall(p.target)
    return sorted(set(terms), key=len, reverse=True)


def check_untranslated(p: Pair) -> list[Issue]:
    """msgstr identical to a msgid (ignoring case) that has letters besides names and acronyms,
    in another language.

    Case is ignored (``str.casefold``), so an all-caps headline copied as it is counts; acronyms
    are only exempt where the source is not all capitals (there every word looks like one).
    """
    if p.target.casefold() != p.source.casefold():
        return []
    if babel_locale(p.lang).language == babel_locale(p.src_lang).language:
        return []
    names = _name_terms(p) if not is_all_caps(p.source) else [r.expected for r in p.rules()]
    if any(ch.isalpha() for ch in masked(p.source, names)):
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
    letters = [ch for ch in masked(p.target, _name_terms(p)) if ch.isalpha()]
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


_TOKEN = re.compile(rf"[{CJK_RANGES}]|[^\W{CJK_RANGES}]+")
_CJK_ONE = re.compile(rf"[{CJK_RANGES}]")

LOOP_REPEATS = 3
"""Back-to-back copies of one token n-gram that make a loop."""
LOOP_MAX_NGRAM = 8
"""Longest n-gram (tokens) the loop detector looks for."""


def repeated_phrase(text: str) -> str | None:
    """Return the first token n-gram repeated back to back ``LOOP_REPEATS`` times in ``text``, or None.

    Tokens are words (lower-cased), or single characters for Chinese and Japanese
    (``l10n.inline.CJK_RANGES``); punctuation between them is ignored. n runs from 1 to
    ``LOOP_MAX_NGRAM``. An n-gram of digits only is no loop (``1.000.000.000``; numbers have
    their own check). Hand-written: a looping decoder is the usual MT failure, and no library
    names it. Use ``find_loop`` to judge an output against its source.
    """
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    for n in range(1, LOOP_MAX_NGRAM + 1):
        for i in range(len(tokens) - n * LOOP_REPEATS + 1):
            gram = tokens[i : i + n]
            if all(t.isdigit() for t in gram):
                continue
            if all(tokens[i + k * n : i + (k + 1) * n] == gram for k in range(1, LOOP_REPEATS)):
                return ("" if all(_CJK_ONE.fullmatch(t) for t in gram) else " ").join(gram)
    return None


def find_loop(source: str, output: str, *, at_bound: bool = False) -> str | None:
    """The one loop detector, used by ``check_repetition`` and by ``l10n.translate.fill``.

    A loop is an n-gram the output repeats back to back (``repeated_phrase``) while the source
    repeats none, or an output that stopped at its length bound (``at_bound``: the engines
    report it, see ``l10n.mt.Output``). Placeholders, URLs and e-mail addresses are blanked first.

    Returns:
        ``"repeats '<phrase>'"`` or ``"reached its length bound"``, or None when there is no loop.
    """
    loop = repeated_phrase(masked(output))
    if loop and not repeated_phrase(masked(source)):
        return f"repeats '{loop}'"
    if at_bound:
        return "reached its length bound"
    return None


def is_all_caps(text: str) -> bool:
    """True when ``text`` (protected spans aside) has at least two words of two or more cased
    letters and no lower-case letter: an all-caps headline (``CITY COUNCIL APPROVES NEW BIKE LANES``).

    A single word (``NATO``, ``BREAKING``) is taken for an acronym or a label, not a sentence.
    """
    plain = masked(text)
    if any(ch.islower() for ch in plain):
        return False
    words = [w for w in re.findall(r"[^\W\d_]{2,}", plain) if any(ch.isupper() for ch in w)]
    return len(words) >= 2


def check_repetition(p: Pair) -> list[Issue]:
    """A phrase repeated back to back in the target but not in the source: the MT loop signature
    (``find_loop``; a build has no length bound to ask about)."""
    loop = find_loop(p.source, p.target)
    if loop:
        return [p.issue("error", "repetition", f"{loop} back to back (machine translation loop?)")]
    return []


# --- Unicode normalization --------------------------------------------------------------------


def check_nfc(p: Pair) -> list[Issue]:
    """A msgstr saved in another form than Unicode NFC (decomposed Vietnamese from some macOS editors).

    A warning: builds and ``.mo`` files carry the NFC form (``l10n.publish.policy.choose``,
    ``l10n.catalog.mofile.compile_catalog``), the ``.po`` keeps what the translator saved.
    The message names the first character that differs, with its code points as saved.
    """
    if p.saved is None:
        return []
    start = next((i for i, (a, b) in enumerate(zip(p.saved, p.target, strict=False)) if a != b), 0)
    while start > 0 and unicodedata.combining(p.saved[start]):
        start -= 1
    end = start + 1
    while end < len(p.saved) and unicodedata.combining(p.saved[end]):
        end += 1
    piece = p.saved[start:end]
    points = " ".join(f"U+{ord(ch):04X}" for ch in piece)
    nfc = unicodedata.normalize("NFC", piece)
    return [
        p.issue(
            "warning",
            "not-nfc",
            f"msgstr is not in Unicode NFC: '{nfc}' is saved as {points} (builds and .mo use NFC)",
        )
    ]
