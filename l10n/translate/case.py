"""All-caps units: what the engine is sent, and how its output is put back into capitals.

MarianMT models are trained on ordinary sentence case; an all-caps headline
(``CITY COUNCIL APPROVES NEW BIKE LANES``) comes out as a copy, a loop or nonsense. CAT tools
(memoQ, Trados) translate such a unit in sentence case and restore the capitals; so does
``l10n.translate.fill``:

- ``l10n.checks.output.is_all_caps`` tells the units (two or more words, no lower-case letter);
- ``sentence_case`` is what the engine sees: lower case, first letter upper;
- ``upper_case`` puts the output back into capitals, for scripts that have case only
  (``str.upper`` changes nothing in Chinese, Japanese, Thai...), with the Turkish and Azerbaijani
  dotted capital İ for ``i``.

Protected spans (placeholders, URLs, e-mail addresses: ``l10n.inline.protected_spans``) keep
their exact characters both ways. The entry's provenance says ``case:upper``.
"""

from __future__ import annotations

from collections.abc import Callable

from l10n.inline import protected_spans
from l10n.locale import babel_locale

DOTTED_I_LANGUAGES = frozenset({"tr", "az"})
"""Languages whose capital of ``i`` is ``İ`` (Unicode SpecialCasing.txt, tr and az conditions)."""


def _outside_spans(text: str, change: Callable[[str], str]) -> str:
    """``text`` with ``change`` applied to everything but its protected spans."""
    out, pos = [], 0
    for start, end in protected_spans(text):
        out += [change(text[pos:start]), text[start:end]]
        pos = end
    return "".join(out) + change(text[pos:])


def sentence_case(text: str) -> str:
    """Return ``text`` in lower case with its first letter upper, protected spans unchanged.

    >>> sentence_case("CITY COUNCIL APPROVES NEW BIKE LANES")
    'City council approves new bike lanes'
    """
    lowered = _outside_spans(text, str.lower)
    spans = protected_spans(lowered)
    for i, ch in enumerate(lowered):
        if any(s <= i < e for s, e in spans):
            continue
        if ch.isalpha():
            return lowered[:i] + ch.upper() + lowered[i + 1 :]
    return lowered


def has_case(text: str) -> bool:
    """True when some letter of ``text`` has distinct upper and lower forms (Latin, Cyrillic, Greek...)."""
    return any(ch.upper() != ch.lower() for ch in text)


def upper_case(text: str, lang: str) -> str:
    """Return ``text`` in capitals (protected spans unchanged); ``text`` itself when it has no case.

    Args:
        text: an engine output, masks already restored.
        lang: BCP 47 tag of ``text``; Turkish and Azerbaijani write ``i`` as ``İ``.
    """
    if not has_case(text):
        return text
    dotted = babel_locale(lang).language in DOTTED_I_LANGUAGES

    def upper(part: str) -> str:
        return (part.replace("i", "İ") if dotted else part).upper()

    return _outside_spans(text, upper)


__all__ = ["DOTTED_I_LANGUAGES", "has_case", "sentence_case", "upper_case"]
