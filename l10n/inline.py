"""The one home of the protected inline kinds: placeholder tokens, URLs, e-mail addresses, CJK ranges.

Every stage that must leave a span alone imports its pattern from here (the model is Translate
Toolkit's ``filters/decoration.py``): Markdown extract and build (``l10n.formats.markdown``,
``l10n.publish``), masking around the engine (``l10n.translate.protect``) and the checks
(``l10n.checks.pair``, ``l10n.checks.kept``). So a span the engine is shielded from is the very
span the checks compare.

- Placeholders: ``</?\\d+\\s*/?>``, the tokens segmentation writes for inline markup. Segmentation
  writes ``<1>``, ``</1>`` and ``<1/>``; a translator or an engine may add a space
  (``<1 />``), which is accepted and read as the token without it (``normalize_placeholder``).
- URLs: ``http://``, ``https://``, ``ftp://`` (scheme in any case) or ``www.``, up to
  whitespace, angle brackets or quotes; trailing sentence punctuation is not part of the URL.
- E-mail addresses: ``local@domain.tld``; one inside a URL is part of the URL.
- CJK: kana and Han ideographs (``CJK_RANGES``), scripts written without spaces between words;
  ``HANGUL_RANGES`` apart, since Korean puts spaces between words but not before particles.
"""

from __future__ import annotations

import re
import unicodedata

PLACEHOLDER = re.compile(r"</?\d+\s*/?>")
"""A placeholder token in a msgid or msgstr: ``<1>``, ``</1>``, ``<1/>`` (``<1 />`` accepted)."""

URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"“”«»「」]+", re.IGNORECASE)
"""A URL candidate; ``links`` strips ``URL_TRAILING`` off its end."""

URL_TRAILING = ".,;:!?)]}'’"
"""Characters that end a sentence around a URL rather than the URL itself."""

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
"""An e-mail address."""

CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""Kana, CJK ideographs (extension A, unified, compatibility), for use inside ``[...]`` of a regex."""

HANGUL_RANGES = "\uac00-\ud7af"
"""Hangul syllables, for use inside ``[...]`` of a regex."""

_SPACE = re.compile(r"\s+")


def normalize_placeholder(token: str) -> str:
    """Return a placeholder token without whitespace: ``"<1 />"`` -> ``"<1/>"``, ``"<1>"`` unchanged."""
    return _SPACE.sub("", token)


def placeholders(text: str) -> list[str]:
    """Return the placeholder tokens of ``text`` in order, normalised (``normalize_placeholder``)."""
    return [normalize_placeholder(t) for t in PLACEHOLDER.findall(text)]


def split_placeholders(text: str) -> tuple[list[str], list[str]]:
    """Split ``text`` at its placeholder tokens.

    Returns:
        ``(parts, tokens)``: the ``len(tokens) + 1`` texts around the tokens, and the tokens
        as written (look them up with ``normalize_placeholder``); ``parts[0] + tokens[0] +
        parts[1] + ...`` is ``text``.
    """
    return PLACEHOLDER.split(text), PLACEHOLDER.findall(text)


def nesting_error(tokens: list[str]) -> str | None:
    """Return why paired tokens (``<1>``...``</1>``) are badly nested, or None: pairs may move, not cross.

    Args:
        tokens: normalised placeholder tokens in text order (``placeholders``); ``<N/>`` stands alone.

    Returns:
        ``"placeholder </1> closes out of order"``, ``"placeholder <1> is never closed"``, or None.
    """
    stack: list[str] = []
    for token in tokens:
        if token.endswith("/>"):
            continue
        if not token.startswith("</"):
            stack.append(token[1:-1])
        elif stack and stack[-1] == token[2:-1]:
            stack.pop()
        else:
            return f"placeholder {token} closes out of order"
    return f"placeholder <{stack[-1]}> is never closed" if stack else None


def links(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Return the URLs, then the e-mail addresses outside them, of ``text`` with their spans.

    Trailing sentence punctuation (``URL_TRAILING``) is not part of a URL. An e-mail address
    is listed even if it overlaps a URL that starts after it (``me@www.x.org``).
    """
    found = []
    for m in URL.finditer(text):
        url = m.group().rstrip(URL_TRAILING)
        found.append((url, (m.start(), m.start() + len(url))))
    taken = [span for _, span in found]
    for m in EMAIL.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            found.append((m.group(), m.span()))
    return found


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of placeholders, URLs and e-mail addresses in ``text``: sorted, not overlapping.

    Overlapping spans (``me@www.x.org/a``: an address, then a URL inside it) are merged into one.
    """
    spans = [m.span() for m in PLACEHOLDER.finditer(text)] + [span for _, span in links(text)]
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        elif end > start:
            out.append((start, end))
    return out


def is_cjk(ch: str) -> bool:
    """True for a Han, kana or Hangul character or CJK punctuation (by its Unicode name).

    Those scripts are written without spaces around digits and Latin words (``NATOは``).
    """
    return unicodedata.name(ch, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC"))


__all__ = [
    "CJK_RANGES",
    "EMAIL",
    "HANGUL_RANGES",
    "PLACEHOLDER",
    "URL",
    "URL_TRAILING",
    "is_cjk",
    "links",
    "nesting_error",
    "normalize_placeholder",
    "placeholders",
    "protected_spans",
    "split_placeholders",
]
