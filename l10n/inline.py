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
- Code placeholders (``CODE_KINDS``), the variables of programs and templates that tech and
  data articles quote: ``{{ name }}`` / ``{% tag %}`` (template), ``%(count)d``, ``%1$s``,
  ``%s`` (printf), ``$user``, ``${user}`` (shell), ``{folder}``, ``{}``, ``{0:.2f}`` (brace).
- CJK: kana and Han ideographs (``CJK_RANGES``), scripts written without spaces between words;
  ``HANGUL_RANGES`` apart, since Korean puts spaces between words but not before particles.

``PROTECTED_KINDS`` is the one table of these kinds, in order of precedence: where two kinds
match overlapping text, the earlier kind keeps it (a URL holding ``%20`` or ``{id}`` is a URL;
``{{ x }}`` is a template, not a brace field inside braces; ``${x}`` is a shell variable).
Masking around the engine (``l10n.translate.protect``) masks every span ``protected_spans``
returns, and the checks compare the same spans (``placeholder-mismatch``, ``url-mismatch``,
``code-placeholder-mismatch``).

The printf grammar (Python %-formatting and C printf, no flags) and its false-positive guards:
a conversion is ``%`` then optionally ``(name)`` or ``N$``, optionally a width (digits) and a
precision (``.`` digits), optionally a C length modifier (``l``, ``ll``, ``h``, ``z``...), then a
conversion character ``d i o u x X e E f F g G c r s a`` directly (no space, no flag), or ``%%``.
Prose percentages never match: ``50% of``, ``100%.``, ``20% discount`` (a space or punctuation
follows ``%``); a bare conversion (without ``(name)`` or ``N$``) must not follow a digit
(``a 5%s`` and ``50%off`` are percentages) nor be followed by an ASCII letter or digit
(``%offer``). The shell form ``$name`` must start with a letter or ``_`` and must not follow a
letter or digit, so ``$5``, ``US$`` and ``US$bn`` are money; brace fields hold an identifier or
a number (``{1, 2, 3}`` in prose is not one).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from l10n.model import Placeholder

PLACEHOLDER = re.compile(r"</?\d+\s*/?>")
"""A placeholder token in a msgid or msgstr: ``<1>``, ``</1>``, ``<1/>`` (``<1 />`` accepted)."""

URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"“”«»「」]+", re.IGNORECASE)
"""A URL candidate; ``links`` strips ``URL_TRAILING`` off its end."""

URL_TRAILING = ".,;:!?)]}'’"
"""Characters that end a sentence around a URL rather than the URL itself."""

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
"""An e-mail address.

The local part starts only where a run of its characters starts (the look-behind): without it
a search retries every position of a long run without ``@`` and takes time quadratic in the
run (a 20 KB word: 19.6 s); with it each run is scanned once. An address can only end its
local part at the run's end, so this finds the same addresses as ``[\\w.+-]+@...`` anywhere but
right after a previous match that ends inside a run (``a@b.c-x+y@d.org``: one address, not two).
"""

CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""Kana, CJK ideographs (extension A, unified, compatibility), for use inside ``[...]`` of a regex."""

HANGUL_RANGES = "\uac00-\ud7af"
"""Hangul syllables, for use inside ``[...]`` of a regex."""

TEMPLATE = re.compile(r"\{\{[^{}\n]+?\}\}|\{%[^{}\n]+?%\}")
"""A template tag: ``{{ name }}``, ``{{user.name|upper}}`` (Jinja, Mustache, Liquid), ``{% if x %}``."""

PRINTF = re.compile(
    r"%(?:\([^()\s]+\)|[1-9]\d*\$)(?:\d+)?(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrsa]"
    r"|(?<![0-9\uff10-\uff19])%(?:%|(?:\d+)?(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrsa])(?![A-Za-z0-9])"
)
"""A printf conversion (Python ``%``-formatting, C printf): grammar and guards in the module docstring."""

BRACE = re.compile(r"\{(?:[^\W\d]\w*(?:\.[^\W\d]\w*|\[\w+\])*|\d+)?(?:![rsa])?(?::[^{}\s]*)?\}")
"""A ``str.format`` / .NET replacement field: ``{}``, ``{0}``, ``{folder}``, ``{n:,.2f}``, ``{x!r}``."""

SHELL = re.compile(r"\$\{[^{}\s]+\}|(?<![\w$])\$[A-Za-z_]\w*")
"""A shell or JavaScript template variable: ``${user}``, ``$user`` (not ``$5``, ``US$bn``)."""


@dataclass(frozen=True)
class ProtectedKind:
    """One kind of span that the engine must not translate and a translation must keep.

    Attributes:
        name: ``"markup"``, ``"url"``, ``"email"``, ``"template"``, ``"printf"``, ``"shell"``, ``"brace"``.
        pattern: what a span of the kind looks like (for ``url``, trailing ``URL_TRAILING`` is cut).
        example: a span of the kind, as the README's table shows it.
        check: the check code that compares the kind between msgid and msgstr.
    """

    name: str
    pattern: re.Pattern[str]
    example: str
    check: str


PROTECTED_KINDS: tuple[ProtectedKind, ...] = (
    ProtectedKind("markup", PLACEHOLDER, "<1>, </1>, <2/>", "placeholder-mismatch"),
    ProtectedKind("url", URL, "https://example.org/a?b=1", "url-mismatch"),
    ProtectedKind("email", EMAIL, "desk@example.org", "url-mismatch"),
    ProtectedKind("template", TEMPLATE, "{{ name }}, {% if x %}", "code-placeholder-mismatch"),
    ProtectedKind("printf", PRINTF, "%(count)d, %s, %1$s, %.2f, %%", "code-placeholder-mismatch"),
    ProtectedKind("shell", SHELL, "$user, ${user}", "code-placeholder-mismatch"),
    ProtectedKind("brace", BRACE, "{folder}, {}, {0}, {n:,.2f}", "code-placeholder-mismatch"),
)
"""Every protected kind, in order of precedence (an earlier kind keeps overlapping text).

Masked around the engine (all of them), and compared by the check named in ``check``."""

CODE_KINDS = tuple(kind for kind in PROTECTED_KINDS if kind.check == "code-placeholder-mismatch")
"""The code placeholder kinds: template, printf, brace, shell."""


@dataclass(frozen=True)
class InlineToken:
    """One protected span of a text.

    Attributes:
        kind: the ``ProtectedKind.name``.
        text: the span's characters.
        span: ``(start, end)`` offsets in the text.
    """

    kind: str
    text: str
    span: tuple[int, int]


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


def restore_placeholders(text: str, placeholders: Sequence[Placeholder], escape: Callable[[str], str]) -> str:
    """Put the source markup back for the placeholder tokens of a translated ``text``.

    Args:
        text: a translation whose placeholder tokens stand for ``placeholders``.
        placeholders: the segment's placeholders (``l10n.model.Placeholder``: token -> markup).
        escape: applied to the plain parts of ``text`` and to tokens no placeholder stands for
            (``str`` to keep them as they are); it must escape character by character, so that
            escaping the parts one by one equals escaping them joined.

    Returns:
        ``text`` with every known token (looked up with ``normalize_placeholder``) replaced by its
        markup, everything else escaped.
    """
    if not placeholders:
        return escape(text)
    markup = {p.token: p.markup for p in placeholders}
    parts, found = split_placeholders(text)
    out = [escape(parts[0])]
    for token, part in zip(found, parts[1:], strict=True):
        key = normalize_placeholder(token)
        out += [markup[key] if key in markup else escape(token), escape(part)]
    return "".join(out)


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


class _Cover:
    """Which characters of a text some span already covers: overlap tests in time linear in the text.

    Comparing every match with every span found before is quadratic in the number of spans
    (a text of 30,000 ``%s``); marking the characters is linear, since the spans a kind adds
    do not overlap one another.
    """

    def __init__(self, size: int) -> None:
        self._marks = bytearray(size)

    def add(self, start: int, end: int) -> None:
        """Mark ``text[start:end]`` covered."""
        self._marks[start:end] = b"\x01" * (end - start)

    def hits(self, start: int, end: int) -> bool:
        """True when a character of ``text[start:end]`` is covered."""
        return self._marks.find(1, start, end) >= 0


def links(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Return the URLs, then the e-mail addresses outside them, of ``text`` with their spans.

    Trailing sentence punctuation (``URL_TRAILING``) is not part of a URL. An e-mail address
    is listed even if it overlaps a URL that starts after it (``me@www.x.org``).
    """
    found = []
    in_url = _Cover(len(text))
    for m in URL.finditer(text):
        url = m.group().rstrip(URL_TRAILING)
        found.append((url, (m.start(), m.start() + len(url))))
        in_url.add(m.start(), m.start() + len(url))
    for m in EMAIL.finditer(text):
        if not in_url.hits(m.start(), m.start() + 1):
            found.append((m.group(), m.span()))
    return found


def inline_tokens(text: str) -> list[InlineToken]:
    """Return every protected span of ``text`` (all of ``PROTECTED_KINDS``), sorted by start.

    Markup placeholders, then URLs and e-mail addresses as ``links`` finds them (an address may
    overlap a URL that starts after it); then each code kind in table order, a match dropped
    when it overlaps a span already found (order of precedence).
    """
    found = [InlineToken("markup", m.group(), m.span()) for m in PLACEHOLDER.finditer(text)]
    for link, span in links(text):
        found.append(InlineToken("url" if URL.match(link) else "email", link, span))
    taken = _Cover(len(text))
    for token in found:
        taken.add(*token.span)
    for kind in CODE_KINDS:
        for m in kind.pattern.finditer(text):
            if not taken.hits(*m.span()):
                found.append(InlineToken(kind.name, m.group(), m.span()))
                taken.add(*m.span())
    return sorted(found, key=lambda t: t.span)


def code_placeholders(text: str) -> list[InlineToken]:
    """Return the code placeholders of ``text`` (template, printf, brace, shell: ``CODE_KINDS``), in order."""
    return [t for t in inline_tokens(text) if t.kind in _CODE_NAMES]


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Return the spans of every protected kind in ``text`` (``inline_tokens``): sorted, not overlapping.

    Overlapping spans (``me@www.x.org/a``: an address, then a URL inside it) are merged into one.
    """
    spans = [t.span for t in inline_tokens(text)]
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        elif end > start:
            out.append((start, end))
    return out


_CODE_NAMES = frozenset(kind.name for kind in CODE_KINDS)


def is_cjk(ch: str) -> bool:
    """True for a Han, kana or Hangul character or CJK punctuation (by its Unicode name).

    Those scripts are written without spaces around digits and Latin words (``NATOは``).
    """
    return unicodedata.name(ch, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC"))


__all__ = [
    "BRACE",
    "CJK_RANGES",
    "CODE_KINDS",
    "EMAIL",
    "HANGUL_RANGES",
    "PLACEHOLDER",
    "PRINTF",
    "PROTECTED_KINDS",
    "SHELL",
    "TEMPLATE",
    "URL",
    "URL_TRAILING",
    "InlineToken",
    "ProtectedKind",
    "code_placeholders",
    "inline_tokens",
    "is_cjk",
    "links",
    "nesting_error",
    "normalize_placeholder",
    "placeholders",
    "protected_spans",
    "restore_placeholders",
    "split_placeholders",
]
