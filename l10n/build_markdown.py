"""Markdown articles (``.md``) built as Markdown: the skeleton filled, the markup kept.

A unit of a Markdown article has placeholder tokens (``<1>``, ``</1>``, ``<2/>``) for its
inline markup; ``l10n.markdown.render_unit`` turns a msgstr back into Markdown. A shown
translation whose tokens are broken (missing, repeated, unknown, badly nested, or inline
HTML tags reordered) is replaced by the English source unit; ``broken_units`` lists them.
``markdown_units`` makes that decision once for every build of the article (Markdown here,
HTML in ``l10n.build_markdown_html``); ``fill_markdown`` writes the Markdown text (the
guards that keep the block structure are described in ``l10n.build.build_markdown``).

Also here: ``escape_markdown``, which turns plain text into Markdown that renders as the same
text (used for plain-text articles built as Markdown, and for msgstr text in HTML).
No I/O; ``l10n.build`` is the public entry point.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from l10n.markdown import TOKEN_RE, render_unit
from l10n.model import Document, Gap, Issue, Literal, Piece, Segment, Unit
from l10n.policy import DEFAULT_POLICY, Choice, Entries, PublishPolicy, choose_all

__all__ = [
    "MdUnit",
    "broken_units",
    "escape_markdown",
    "fill_markdown",
    "is_markdown",
    "markdown_units",
    "previous_pieces",
    "yaml_plain",
    "yaml_quote",
]

_MD_BLOCK_ROLES = ("paragraph", "list-item", "quote")
# A translated unit that starts a block must not start with block syntax ("- ", "1. ", "#").
_MD_BLOCK_START = re.compile(r"(?:#{1,6}|[-+*])(?=[ \t]|$)|>|\d{1,9}[.)](?=[ \t]|$)|`{3}|~{3}")
_MD_RULE = re.compile(r"(?:[-*_][ \t]*){3,}$")
_ATX_OPEN = re.compile(r"(?:^|\n)[ \t>]*(?:[-+*]|\d{1,9}[.)])?[ \t]*#{1,6}[ \t]+$")
_ATX_CLOSE = re.compile(r"(?:^|(?<=[ \t]))(#+[ \t]*)$")
_YAML_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`]|: | #|:$|^\s|\s$")


def is_markdown(doc: Document) -> bool:
    """True for a Markdown article (``.md`` or ``.markdown``), which these builders handle."""
    return PurePosixPath(doc.path).suffix.lower() in (".md", ".markdown")


@dataclass(frozen=True)
class MdUnit:
    """One unit of a Markdown article after the choice.

    Attributes:
        choice: what is shown (``fallback`` also when a translation's tokens are broken).
        markdown: the Markdown that stands in the unit's place (``seg.source`` for fallback).
        error: why a shown translation was replaced by the source, else None.
    """

    choice: Choice
    markdown: str
    error: str | None = None


def _render_checked(seg: Segment, text: str) -> str:
    """``render_unit``, plus: inline HTML placeholders keep their source order (else the tags cross).

    Raises:
        ValueError: the tokens of ``text`` do not fit ``seg``.
    """
    out = render_unit(seg, text)
    tags = [p.token for p in seg.placeholders if p.kind == "html"]
    if len(tags) > 1 and [t for t in TOKEN_RE.findall(text) if t in tags] != tags:
        raise ValueError("inline HTML placeholders reordered in translation")
    return out


def markdown_units(doc: Document, entries: Entries, policy: PublishPolicy) -> list[MdUnit]:
    """Return one ``MdUnit`` per segment of ``doc``: the choice under ``policy``, its tokens checked.

    A shown translation is stripped and rendered (``render_unit``); when its tokens do not
    fit (``ValueError``, caught here) the unit falls back to the English source with the error.
    """
    out = []
    for seg, choice in zip(doc.segments, choose_all(doc, entries, policy), strict=True):
        if choice.kind == "fallback":
            out.append(MdUnit(choice, seg.source))
            continue
        text = choice.text.strip()
        try:
            out.append(MdUnit(Choice(text, choice.kind), _render_checked(seg, text)))
        except ValueError as exc:
            out.append(MdUnit(Choice(seg.source, "fallback"), seg.source, str(exc)))
    return out


def broken_units(doc: Document, entries: Entries, policy: PublishPolicy = DEFAULT_POLICY) -> list[Issue]:
    """Return the units whose shown translation a Markdown build replaces by the English source.

    A translation is replaced when its placeholder tokens do not fit the unit: a token
    missing, repeated or unknown, tokens badly nested (``</1>`` before ``<1>``), or inline
    HTML tags (``<b>``...) put in another order. Only translations that ``policy`` shows count.

    Args:
        doc: the article (``.md``; a plain-text article has no placeholders and gives ``[]``).
        entries: ``(msgctxt, msgid) -> Entry`` of one language.
        policy: what the build shows.

    Returns:
        One ``Issue`` (severity ``warning``, code ``placeholder-broken``) per unit, at the
        unit's source line in ``doc.path``, in document order.
    """
    if not is_markdown(doc):
        return []
    return [
        Issue(doc.path, seg.line, "warning", "placeholder-broken", f"{u.error}; English shown: {seg.text!r}")
        for seg, u in zip(doc.segments, markdown_units(doc, entries, policy), strict=True)
        if u.error
    ]


def previous_pieces(doc: Document) -> dict[int, Piece | None]:
    """Unit index -> the skeleton piece right before it (None at the start)."""
    out: dict[int, Piece | None] = {}
    prev: Piece | None = None
    for piece in doc.skeleton:
        if isinstance(piece, Unit):
            out[piece.index] = prev
        prev = piece
    return out


def yaml_quote(prev: Piece | None) -> str:
    """The quote (``"``, ``'``) a front matter value opens with, or ``""`` for a plain scalar."""
    last = prev.text[-1:] if isinstance(prev, Literal) else ""
    return last if last in ("'", '"') else ""


def _yaml_fit(text: str, quote: str) -> str:
    """Make a translated front matter value valid YAML where the source value stood."""
    if quote == '"':
        return re.sub(r'(?<!\\)"', r'\\"', text)
    if quote == "'":
        return re.sub(r"(?<!')'(?!')", "''", text)
    if _YAML_PLAIN_UNSAFE.search(text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def yaml_plain(text: str, quote: str) -> str:
    """The plain text of a front matter value as written between ``quote`` (simple escapes only)."""
    if quote == '"':
        return re.sub(r"\\(.)", r"\1", text)
    return text.replace("''", "'") if quote == "'" else text


def _guard_block_start(text: str) -> str:
    """Backslash-escape block syntax at the start of a translated unit that starts a block."""
    if _MD_RULE.match(text):
        return "\\" + text
    m = _MD_BLOCK_START.match(text)
    if not m:
        return text
    if text[0].isdigit():
        return text[: m.end() - 1] + "\\" + text[m.end() - 1 :]
    return "\\" + text


def fill_markdown(doc: Document, units: Sequence[MdUnit], joiner: str) -> str:
    """Return the Markdown article's skeleton filled with ``units`` (see ``l10n.build.build_markdown``).

    ``joiner`` replaces a gap after a translated unit; the block-structure guards apply to
    translated units only, so with every unit a fallback the result equals the source.
    """
    out: list[str] = []
    prev: Piece | None = None
    prev_kind: str | None = None
    for i, piece in enumerate(doc.skeleton):
        if isinstance(piece, Unit):
            seg, u = doc.segments[piece.index], units[piece.index]
            text = u.markdown
            if u.choice.kind != "fallback":
                if seg.role == "title":
                    text = _yaml_fit(text, yaml_quote(prev))
                elif seg.role in _MD_BLOCK_ROLES and not isinstance(prev, Gap):
                    text = _guard_block_start(text)
                elif isinstance(prev, Literal) and _ATX_OPEN.search(prev.text):
                    text = _ATX_CLOSE.sub(r"\\\1", text)  # "## Số #" would lose its "#"
            out.append(text)
            prev_kind = u.choice.kind
        elif isinstance(piece, Gap):
            nxt = doc.skeleton[i + 1] if i + 1 < len(doc.skeleton) else None
            next_kind = units[nxt.index].choice.kind if isinstance(nxt, Unit) else "fallback"
            if prev_kind != "fallback":
                out.append(joiner)
            elif next_kind != "fallback" and "\n" in piece.text:
                out.append(" ")  # a translation never starts a line: it could read as block syntax
            else:
                out.append(piece.text)
        else:
            out.append(piece.text)
        prev = piece
    return "".join(out)


_MD_INLINE = re.compile(r"([\\`*_\[\]<>#&|~])")
_MD_LINE_START = re.compile(r"^([ \t]*)(?:([-+=])|(\d+)([.)]))", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Backslash-escape ``text`` so that CommonMark renders it as the same plain text.

    Escaped everywhere: ``\\ ` * _ [ ] < > # & | ~``; at a line start also list and
    setext markers (``-``, ``+``, ``=``, ``1.``, ``1)``). CommonMark allows a backslash
    before any ASCII punctuation (spec 2.4), so escaping more than needed is harmless.
    Own code: markdown-it-py renders Markdown but has no function to escape plain text.
    """
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(
        lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}"), text
    )
