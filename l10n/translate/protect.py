"""Protect spans the engine must not translate: inline-markup placeholders, URLs, e-mail addresses,
code placeholders (``{{ name }}``, ``%(count)d``, ``%s``, ``%1$s``, ``$user``, ``{folder}``).

The spans are those of ``l10n.inline.protected_spans``: every kind of ``l10n.inline.PROTECTED_KINDS``,
the table the checks compare too.

Before MT each protected span is replaced by a *mask* ``<L>Q<n>Q<L>`` (n = 1, 2, ...; ``ZQ1QZ``,
``XQ2QX``, ``JQ3QJ``...): Latin capitals and ASCII digits, which every opus-mt sentencepiece
vocabulary has and which the models copy like a product code. ``<1>``-style tokens would not
do: the models translate, reorder or drop angle brackets. After MT, ``unmask`` finds each mask
whatever the model did to it (spaces inside, lower case, full-width forms such as
``ＺＱ１ＱＺ``) and puts the original span back exactly.

Masks of one text are distinct in their outer letter ``L`` (``MASK_LETTERS``) as well as their
number, so a decoder's n-gram ban (``no_repeat_ngram_size``, at least 3: ``l10n.config``) never
blocks a mask: no run of 3 or more target tokens of one mask, or of two masks side by side,
occurs in another mask, even when sentencepiece cuts masks into single letters. (With one
shared frame, ``ZQ1QZ ZQ2QZ ZQ3QZ``, the pieces ``Q Z ▁ Z Q`` recur and the ban drops the third.)
Beyond ``len(MASK_LETTERS)`` masks in one text the letters recur; the numbers still differ.

Glossary terms (``l10n.glossary``) are masked the same way when the caller passes the language's
rules (``mask(text, rules)``): a do-not-translate term comes back verbatim, a term with a fixed
translation comes back as its target form (*injection*). Placeholder spans and glossary terms
share one numbering in text order (``ZQ1QZ`` is the first masked span, whatever its kind), so
``l10n.adapt`` trains on exactly what the engine sees.

The logic is ours: MT libraries (transformers, sentencepiece) have no placeholder protection.
Limit: a source that itself contains text like ``ZQ1QZ`` would be confused with a mask.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from l10n.checks.symbols import spaced_letter
from l10n.glossary import TermRule, term_spans
from l10n.inline import protected_spans

MASK_LETTERS = "ZXJKVWYFGHPBDMNLRTSC"
"""Outer letters of masks 1, 2, 3...: capitals other than ``Q`` (the inner letter of every mask)."""


def mask_token(number: int) -> str:
    """Return the mask of the ``number``-th protected span of a text (1-based): ``2`` -> ``"XQ2QX"``."""
    letter = MASK_LETTERS[(number - 1) % len(MASK_LETTERS)]
    return f"{letter}Q{number}Q{letter}"


def _variants(letters: str) -> str:
    """Regex class matching any of ``letters`` in either case or full width."""
    found = set()
    for ch in letters:
        found |= {ch.upper(), ch.lower(), chr(ord(ch.upper()) + 0xFEE0), chr(ord(ch.lower()) + 0xFEE0)}
    return "[" + "".join(sorted(found)) + "]"


_OUTER, _INNER = _variants(MASK_LETTERS), _variants("Q")
_FOUND = re.compile(rf"{_OUTER}\s?{_INNER}\s?([0-9０-９](?:\s?[0-9０-９])*)\s?{_INNER}\s?{_OUTER}")


@dataclass(frozen=True)
class Span:
    """One protected span.

    Attributes:
        mask: the stand-in put into the text, e.g. ``"ZQ1QZ"`` (``mask_token``).
        original: what ``unmask`` puts back: the protected source text (``"<1>"``,
            ``"https://x.org"``, a dnt term) or a glossary term's target form.
        space_before: the source had whitespace (or the text start) right before the span.
        space_after: the source had whitespace (or the text end) right after the span.
        word_before: the source had a letter or digit right before the span (glued to a word,
            not to punctuation).
        word_after: the source had a letter or digit right after the span.
        glossary: ``"dnt"`` (a protected term), ``"inject"`` (a fixed translation put in) or
            ``""`` (not a glossary term).
    """

    mask: str
    original: str
    space_before: bool
    space_after: bool
    word_before: bool = False
    word_after: bool = False
    glossary: str = ""


@dataclass(frozen=True)
class Masked:
    """A text with its protected spans masked.

    Attributes:
        text: what the engine sees.
        spans: the masks in order of appearance.
    """

    text: str
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Restored:
    """The engine output with the protected spans put back.

    Attributes:
        text: the restored output.
        missing: original spans whose mask did not come back (in source order).
    """

    text: str
    missing: tuple[str, ...] = ()


def mask(text: str, rules: Sequence[TermRule] = (), *, writes: Callable[[str], bool] | None = None) -> Masked:
    """Replace every protected span of ``text`` (``l10n.inline.PROTECTED_KINDS``) by a mask.

    With glossary ``rules`` (``l10n.glossary.Glossary.rules_for``), their source terms are masked
    too (``l10n.glossary.term_spans``: whole words, not inside a protected span); ``unmask`` puts
    back a dnt term as written and a fixed translation's target form.
    A mask gets spaces around it where the span touched a word, so the model sees it as
    a token of its own; ``unmask`` removes those spaces again. With ``writes`` (the model's
    ``l10n.translate.vocab.Vocabulary.writes``), symbols the model cannot write are masked
    too (``symbol_spans``).

    Returns:
        ``Masked(text, spans)``; ``spans`` is empty (and ``text`` unchanged) when nothing is protected.
    """
    spans: list[Span] = []
    out: list[str] = []
    pos = 0
    for number, (start, end, put, kind) in enumerate(_spans(text, rules, writes), start=1):
        before = start == 0 or text[start - 1].isspace()
        after = end == len(text) or text[end].isspace()
        token = mask_token(number)
        word_before = start > 0 and text[start - 1].isalnum()
        word_after = end < len(text) and text[end].isalnum()
        original = put if put is not None else text[start:end]
        spans.append(Span(token, original, before, after, word_before, word_after, kind))
        out.append(text[pos:start])
        out.append(("" if before else " ") + token + ("" if after else " "))
        pos = end
    if not spans:
        return Masked(text)
    out.append(text[pos:])
    return Masked("".join(out), tuple(spans))


_SYMBOL = frozenset({"So", "Sm", "Sc", "Sk"})
_JOINS = frozenset({"Mn", "Me", "Cf", "Sk"})  # variation selectors, ZWJ, skin-tone modifiers


def symbol_spans(text: str, writes: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Spans of ``text`` holding a symbol the model cannot write (``writes(ch)`` False).

    A symbol is a non-ASCII character of Unicode category ``So``, ``Sm``, ``Sc`` or ``Sk``
    (``™``, ``©``, ``€``, ``→``, emoji); the marks, joiners and modifiers that follow it
    (``U+FE0F``, ``U+200D`` and the next symbol of an emoji sequence) stay in its span.
    """
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ord(ch) < 0x80 or unicodedata.category(ch) not in _SYMBOL or writes(ch):
            i += 1
            continue
        end = i + 1
        while end < len(text) and (
            unicodedata.category(text[end]) in _JOINS or (text[end - 1] == "\u200d" and end > i)
        ):
            end += 1
        spans.append((i, end))
        i = end
    return spans


def _spans(
    text: str, rules: Sequence[TermRule], writes: Callable[[str], bool] | None
) -> list[tuple[int, int, str | None, str]]:
    """Protected spans, glossary terms and (with ``writes``) unwritable symbols of ``text`` in
    order: ``(start, end, put back, kind)``."""
    protected = protected_spans(text)
    found: list[tuple[int, int, str | None, str]] = [(s, e, None, "") for s, e in protected]
    if writes is not None:
        found += [
            (a, b, None, "")
            for a, b in symbol_spans(text, writes)
            if not any(s <= a < e for s, e in protected)
        ]
    if rules:
        taken = sorted((s, e) for s, e, _p, _k in found)
        for start, end, rule in term_spans(text, rules, taken):
            found.append((start, end, rule.expected, "dnt" if rule.dnt else "inject"))
    return sorted(found, key=lambda item: item[0])


def unmask(masked: Masked, output: str) -> Restored:
    """Put the protected spans of ``masked`` back into the engine's ``output``.

    Masks are found in any case, width or inner spacing. Where the source span touched
    its neighbour (no space), whitespace the model left on that side is removed; where it had
    a space, a letter the model glued to it is spaced off again (``_place``). A mask
    the model invented (a number not in ``masked``) is left as it is; masks that did not
    come back are listed in ``Restored.missing``.
    """
    if not masked.spans:
        return Restored(output)
    by_number = {index: span for index, span in enumerate(masked.spans, start=1)}
    seen: set[int] = set()

    def put_back(match: re.Match[str]) -> str:
        digits = "".join(ch for ch in match.group(1) if not ch.isspace())
        number = int(digits.translate(_FULLWIDTH_DIGITS))
        span = by_number.get(number)
        if span is None:
            return match.group()
        seen.add(number)
        before = _side(span.space_before, span.word_before, "<(")
        return f"\0{before}{number}{_side(span.space_after, span.word_after, '>)')}\0"

    text = _place(_FOUND.sub(put_back, output), by_number)
    missing = tuple(span.original for number, span in by_number.items() if number not in seen)
    return Restored(text, missing)


def _side(spaced: bool, word: bool, marks: str) -> str:
    """One side's marker: ``""`` spaced off, ``marks[0]`` glued to a word, ``marks[1]`` to punctuation."""
    return "" if spaced else marks[0] if word else marks[1]


_MARKER = re.compile(r"\s*\0([<(]?)(\d+)([>)]?)\0\s*")


def _place(marked: str, by_number: dict[int, Span]) -> str:
    """Replace ``unmask``'s markers by the original spans, with the source's spacing around each.

    A side glued to a word in the source (``<``, ``>``) is glued again. A side glued to
    punctuation (``(``, ``)``) is glued unless the model put a letter or digit there instead
    (it moved the span off its comma): then one space. A side spaced off in the source keeps the
    model's whitespace, and gets a space where the model glued a letter or digit to it
    (``%(user)sđã`` -> ``%(user)s đã``). Letters of scripts written without spaces
    (``l10n.checks.symbols.spaced_letter``) never get one.
    """
    out, pos = [], 0
    for match in _MARKER.finditer(marked):
        start, end = match.span()
        left = marked[start - 1] if start else ""
        right = marked[end] if end < len(marked) else ""
        ws_left = marked[start : match.start(1) - 1]
        ws_right = marked[match.end(3) + 1 : end]
        out += [
            marked[pos:start],
            _gap(match.group(1), ws_left, left),
            by_number[int(match.group(2))].original,
            _gap(match.group(3), ws_right, right),
        ]
        pos = end
    return "".join(out) + marked[pos:]


def _gap(mark: str, whitespace: str, neighbour: str) -> str:
    """The whitespace between a restored span and its ``neighbour`` on a side marked ``mark``."""
    if mark in ("<", ">"):
        return ""
    word = bool(neighbour) and spaced_letter(neighbour)
    if mark:  # glued to punctuation in the source
        return " " if word else ""
    return whitespace or (" " if word else "")


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def unprotected_text(text: str) -> str:
    """Return ``text`` without its protected spans (to ask, e.g., whether any words are left to translate)."""
    out, pos = [], 0
    for start, end in protected_spans(text):
        out += [text[pos:start], " "]
        pos = end
    return "".join(out) + text[pos:]
