"""Pair checks of what a translation keeps from its source: markup placeholders, URLs and
e-mail addresses, code placeholders (``%(count)d``, ``{folder}``...), glossary terms, edge
whitespace, bracket and quote balance, and markup the source does not have. Part of
``l10n.checks.registry`` (codes in its docstring).
"""

from __future__ import annotations

import re
from collections import Counter

from l10n.checks.pair import Pair, masked
from l10n.inline import code_placeholders, links, nesting_error, placeholders
from l10n.model import Issue

# --- placeholders ---------------------------------------------------------------------------


def check_placeholders(p: Pair) -> list[Issue]:
    """Markup tokens must all be kept, each as often as in the source; order may change.

    Tokens are compared normalised (``l10n.inline.placeholders``: ``<1 />`` is ``<1/>``).
    """
    src, tgt = Counter(placeholders(p.source)), Counter(placeholders(p.target))
    issues = [p.issue("error", "placeholder-mismatch", f"placeholder {t} missing") for t in src - tgt]
    issues += [p.issue("error", "placeholder-mismatch", f"placeholder {t} not in source") for t in tgt - src]
    if not issues and (problem := nesting_error(placeholders(p.target))):
        issues.append(p.issue("error", "placeholder-mismatch", problem))
    return issues


# --- code placeholders ----------------------------------------------------------------------

_TEMPLATE_SPACE = re.compile(r"(?<=\{[{%])\s+|\s+(?=[}%]\})")
_KEYED_PRINTF = re.compile(r"%(?:\(|\d+\$)")


def _code_key(kind: str, token: str) -> str:
    """How a code placeholder is compared: as written, except spaces just inside ``{{ }}`` / ``{% %}``."""
    return _TEMPLATE_SPACE.sub("", token) if kind == "template" else token


def _sequential(kind: str, token: str) -> bool:
    """True for a placeholder filled by position: ``%s``, ``%d`` (not ``%%``) or ``{}``."""
    return (kind == "printf" and token != "%%" and not _KEYED_PRINTF.match(token)) or token == "{}"


def check_code_placeholders(p: Pair) -> list[Issue]:
    """Code placeholders (``l10n.inline.CODE_KINDS``) must all be kept, each as often as in the source.

    Compared as written (``{{ name }}`` and ``{{name}}`` are the same); named and numbered ones
    (``%(count)d``, ``%1$s``, ``{folder}``, ``{0}``) may move, positional ones (``%s``, ``%d``,
    ``{}``) must keep their order, as Python's ``%`` and ``str.format`` fill them in order.
    """
    src = [(t.kind, _code_key(t.kind, t.text)) for t in code_placeholders(p.source)]
    tgt = [(t.kind, _code_key(t.kind, t.text)) for t in code_placeholders(p.target)]
    code = "code-placeholder-mismatch"
    missing = Counter(text for _, text in src) - Counter(text for _, text in tgt)
    extra = Counter(text for _, text in tgt) - Counter(text for _, text in src)
    issues = [p.issue("error", code, f"placeholder {t} missing") for t in missing.elements()]
    issues += [p.issue("error", code, f"placeholder {t} not in source") for t in extra.elements()]
    if not issues:
        src_order = [text for kind, text in src if _sequential(kind, text)]
        tgt_order = [text for kind, text in tgt if _sequential(kind, text)]
        if src_order != tgt_order:
            found, want = " ".join(tgt_order), " ".join(src_order)
            message = f"positional placeholders {found} must keep the source order {want}"
            issues.append(p.issue("error", code, message))
    return issues


# --- URLs, e-mail ------------------------------------------------------------------------------


def check_urls(p: Pair) -> list[Issue]:
    """URLs and e-mail addresses must be copied byte for byte."""
    src = Counter(link for link, _ in links(p.source))
    tgt = Counter(link for link, _ in links(p.target))
    issues = [p.issue("error", "url-mismatch", f"'{u}' missing or changed") for u in src - tgt]
    issues += [p.issue("error", "url-mismatch", f"'{u}' is not in the source") for u in tgt - src]
    return issues


# --- markup the source does not have --------------------------------------------------------

_MARKUP = re.compile(
    r"<!--|<!\[?[A-Za-z]+|<\?[A-Za-z]+"  # a comment, <!DOCTYPE, <![CDATA[, <?xml
    r"|<(/?)([A-Za-z][\w:.-]*)(?:[\s/]+[^<>]*)?/?>"  # a tag: <b>, </b>, <br/>, <svg/onload=...>
    r"|<([A-Za-z][\w:.-]*)[\s/]+[\w:.-]+\s*="  # a start tag left open: <img src=x onerror=alert(1)
)


def _markup(text: str) -> Counter[str]:
    """HTML/XML tags, comments and declarations of ``text``, counted by ``<name>``, ``</name>``
    (lower case), ``<!--``, ``<!doctype``, ``<![cdata``, ``<?xml``.

    Our placeholder tokens (``<1>``, ``</1>``, ``<1/>``) are not markup: a tag name starts with a letter.
    """
    found: Counter[str] = Counter()
    for m in _MARKUP.finditer(text):
        if m.group(2):
            found[f"<{m.group(1)}{m.group(2).lower()}>"] += 1
        elif m.group(3):
            found[f"<{m.group(3).lower()}>"] += 1
        else:
            found[m.group().lower()] += 1
    return found


def check_markup(p: Pair) -> list[Issue]:
    """Markup (HTML/XML tags, comments) in the msgstr that the msgid does not have is reported.

    A warning: builds show a msgstr as text (``<script>`` is escaped), but an added tag means
    the engine or an editor inserted something a reviewer should see. Tags are compared by
    name and kind (``<b>``, ``</b>``), so an unclosed ``<b>`` or an ``<img onerror=...>`` counts.
    """
    extra = _markup(masked(p.target)) - _markup(masked(p.source))
    return [
        p.issue("warning", "markup-added", f"markup {tag} is not in the source (builds show it as text)")
        for tag in extra
    ]


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
    if _quote_balance(masked(p.source)) != _quote_balance(masked(p.target)):
        issues.append(p.issue("warning", "unbalanced", "quotation marks do not balance as in the source"))
    return issues
