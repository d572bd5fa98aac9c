"""What the target keeps besides words: the spacing around placeholders, and symbols.

``check_glued``: a protected span (markup placeholder, code placeholder, URL, e-mail address:
``l10n.inline.protected_spans``) that had whitespace on one side in the source and is glued to a
letter or digit on that side in the target (``%(user)sđã chuyển``). Scripts written without
spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar, Tibetan: ``spaced_letter``) never
count as glued. ``l10n.translate.protect.unmask`` restores that spacing in machine output.

``check_symbols``: a symbol of the source (Unicode category ``So``, ``Sc`` or ``Sm`` outside
ASCII: ``™``, ``©``, ``€``, ``✓``, emoji) missing from the target. Sentencepiece vocabularies
of MT models write many of them as ``<unk>`` or, after NFKC, as letters (``™`` -> ``TM``);
``l10n.translate.protect`` masks the ones the model cannot write. Part of
``l10n.checks.registry``.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from l10n.checks.pair import Pair
from l10n.inline import is_cjk, protected_spans
from l10n.model import Issue

_UNSPACED_SCRIPTS = ("THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN")
_SYMBOL_CATEGORIES = frozenset({"So", "Sc", "Sm"})


def spaced_letter(ch: str) -> bool:
    """True for a letter or digit of a script that separates words with spaces.

    False for punctuation, spaces, symbols, and for Han, kana, Hangul (``l10n.inline.is_cjk``),
    Thai, Lao, Khmer, Myanmar and Tibetan characters, which may touch a placeholder.
    """
    if not ch.isalnum() or is_cjk(ch):
        return False
    return not unicodedata.name(ch, "").startswith(_UNSPACED_SCRIPTS)


def _sides(text: str, start: int, end: int) -> tuple[str, str]:
    """The characters right before and after ``text[start:end]`` (``""`` at an end)."""
    return (text[start - 1] if start else "", text[end] if end < len(text) else "")


def check_glued(p: Pair) -> list[Issue]:
    """Warn for each protected span glued to a letter where the source had a space on that side."""
    spaced: dict[str, tuple[bool, bool]] = {}
    for start, end in protected_spans(p.source):
        before, after = _sides(p.source, start, end)
        was = spaced.get(p.source[start:end], (False, False))
        spaced[p.source[start:end]] = (was[0] or before.isspace(), was[1] or after.isspace())
    issues = []
    for start, end in protected_spans(p.target):
        span = p.target[start:end]
        space_before, space_after = spaced.get(span, (False, False))
        before, after = _sides(p.target, start, end)
        glued = [
            repr(ch)
            for ch, had in ((before, space_before), (after, space_after))
            if had and ch and spaced_letter(ch)
        ]
        if glued:
            message = f"{span!r} is glued to {' and '.join(glued)}; the source has a space there"
            issues.append(p.issue("warning", "placeholder-glued", message))
    return issues


def symbols(text: str) -> Counter[str]:
    """The non-ASCII symbols of ``text`` outside its protected spans, with their counts.

    A symbol is a character of Unicode category ``So`` (``™``, ``©``, emoji), ``Sc`` (``€``) or
    ``Sm`` (``±``); emoji modifiers and joiners are not counted on their own.
    """
    out: Counter[str] = Counter()
    pos = 0
    for start, end in [*protected_spans(text), (len(text), len(text))]:
        out.update(
            ch for ch in text[pos:start] if ord(ch) > 0x7F and unicodedata.category(ch) in _SYMBOL_CATEGORIES
        )
        pos = end
    return out


def check_symbols(p: Pair) -> list[Issue]:
    """Warn when a symbol of the source (``symbols``) appears fewer times in the target."""
    have = symbols(p.target)
    lost = [ch for ch, n in symbols(p.source).items() if have[ch] < n]
    if not lost:
        return []
    names = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in lost)
    return [p.issue("warning", "symbol-missing", f"symbol {names} missing in translation")]


__all__ = ["check_glued", "check_symbols", "spaced_letter", "symbols"]
