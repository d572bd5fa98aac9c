"""Markdown articles (``.md``) built as Markdown: the skeleton filled, the markup kept.

A unit of a Markdown article has placeholder tokens (``<1>``, ``</1>``, ``<2/>``) for its
inline markup. A shown translation whose tokens are broken (missing, repeated, unknown,
badly nested, or inline HTML tags reordered: ``l10n.formats.markdown.extract.token_error``) is replaced by
the English source unit; ``broken_units`` lists them. The decision is
``l10n.publish.policy.choose_checked``'s, so the text build, ``completion`` and every Markdown build
agree; ``markdown_units`` adds the Markdown of each unit (Markdown here, HTML in
``l10n.publish.markdown_html``) and ``fill_markdown`` writes the Markdown text (the guards
that keep the block structure are described in ``l10n.publish.pages.build_markdown``).

A msgstr is text, not Markdown: ``translated_markdown`` (used by both Markdown and HTML
builds) keeps the translator's backslash escapes and entity references, escapes every other
Markdown character and puts the placeholders back as markup. ``escape_markdown`` turns plain
text into Markdown that renders as the same text (plain-text articles built as Markdown).
No I/O; ``l10n.publish.pages`` is the public entry point.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from l10n.formats.markdown.extract import render_unit
from l10n.inline import normalize_placeholder, split_placeholders
from l10n.model import Document, Entry, Gap, Issue, Literal, Piece, Unit, is_front_matter
from l10n.publish.policy import (
    DEFAULT_POLICY,
    Choice,
    Entries,
    PublishPolicy,
    choose_checked,
    is_markdown,
    machine_fault,
)

__all__ = [
    "MdUnit",
    "broken_units",
    "escape_markdown",
    "fill_markdown",
    "is_markdown",
    "markdown_units",
    "previous_pieces",
    "translated_markdown",
    "yaml_plain",
    "yaml_quote",
]

_MD_BLOCK_ROLES = ("paragraph", "list-item", "quote")
# A translated unit that starts a block must not start with block syntax ("- ", "1. ", "#").
_MD_BLOCK_START = re.compile(r"(?:#{1,6}|[-+*])(?=[ \t]|$)|>|\d{1,9}[.)](?=[ \t]|$)|`{3}|~{3}")
_MD_RULE = re.compile(r"(?:[-*_][ \t]*){3,}$|=+[ \t]*$")  # thematic break, setext underline
_ATX_OPEN = re.compile(r"(?:^|\n)[ \t>]*(?:[-+*]|\d{1,9}[.)])?[ \t]*#{1,6}[ \t]+$")
_ATX_CLOSE = re.compile(r"(?:^|(?<=[ \t]))(#+[ \t]*)$")
_YAML_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`]|: | #|:$|^\s|\s$")


@dataclass(frozen=True)
class MdUnit:
    """One unit of a Markdown article after the choice.

    Attributes:
        choice: what is shown (``fallback`` also when a translation's tokens are broken);
            a shown translation stripped of surrounding whitespace.
        markdown: the Markdown that stands in the unit's place (``seg.source`` for fallback,
            else ``translated_markdown`` of the msgstr; a front matter value as written).
        error: why a shown translation was replaced by the source, else None.
    """

    choice: Choice
    markdown: str
    error: str | None = None


def markdown_units(doc: Document, entries: Entries, policy: PublishPolicy) -> list[MdUnit]:
    """Return one ``MdUnit`` per segment of ``doc``: the choice under ``policy``, its tokens checked.

    The choice is ``l10n.publish.policy.choose_checked``'s: a translation whose tokens do not fit
    falls back to the English source and carries the error. A shown translation is stripped;
    its Markdown is ``translated_markdown`` (a front matter value: ``render_unit``, since
    it is YAML, not Markdown), or ``seg.source`` when the msgstr equals the msgid.
    """
    out = []
    for seg, (choice, error) in zip(doc.segments, choose_checked(doc, entries, policy), strict=True):
        if choice.kind == "fallback":
            out.append(MdUnit(choice, seg.source, error))
            continue
        text = choice.text.strip()
        if is_front_matter(seg.role) or text == seg.text:
            markdown = render_unit(seg, text)
        else:
            markdown = translated_markdown(text, {p.token: p.markup for p in seg.placeholders})
        out.append(MdUnit(Choice(text, choice.kind), markdown))
    return out


def broken_units(doc: Document, entries: Entries, policy: PublishPolicy = DEFAULT_POLICY) -> list[Issue]:
    """Return the units whose shown translation a Markdown build replaces by the English source.

    A translation is replaced when its placeholder tokens do not fit the unit: a token
    missing, repeated or unknown, tokens badly nested (``</1>`` before ``<1>``), or inline
    HTML tags (``<b>``...) put in another order. Only translations that ``policy`` shows count;
    machine output withheld for its faults is reported by ``l10n.publish.policy.withheld_units``.

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
        if u.error and not _withheld(entries.get((seg.context, seg.text)), policy)
    ]


def _withheld(entry: Entry | None, policy: PublishPolicy) -> bool:
    return entry is not None and machine_fault(entry, policy) is not None


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
    """Return the Markdown article's skeleton filled with ``units`` (see ``pages.build_markdown``).

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
                if is_front_matter(seg.role):
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
                joined = not joiner and isinstance(prev, Unit) and isinstance(nxt, Unit)
                if joined and isinstance(nxt, Unit) and units[nxt.index].markdown.startswith("["):
                    out[-1] = _guard_bang(out[-1])  # "!" + "[" would make the next unit's link an image
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
# What a translator may write and Markdown reads as text: a backslash escape of ASCII
# punctuation (CommonMark 2.4) or an entity reference (2.5), kept as written.
_MD_KEPT = re.compile(r"\\[!-/:-@\[-`{-~]|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MD_LINE_END = re.compile(r"\n[ \t>]*$")  # markup that ends a line (a hard break)
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


def _escape_text(text: str) -> str:
    """Escape the Markdown characters of ``text``, backslash escapes and entity references excepted."""
    out: list[str] = []
    pos = 0
    for m in _MD_KEPT.finditer(text):
        out.append(_MD_INLINE.sub(r"\\\1", text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_MD_INLINE.sub(r"\\\1", text[pos:]))
    return "".join(out)


def _guard_bang(text: str) -> str:
    """Escape a final ``!`` that is not escaped already (before ``[`` it would start an image)."""
    bare = re.search(r"(?<!\\)(?:\\\\)*!$", text)
    return text[:-1] + "\\!" if bare else text


def translated_markdown(text: str, markup: Mapping[str, str]) -> str:
    """Return the Markdown for a translated unit: ``text`` shown as text, its tokens as ``markup``.

    The rule both builds of a Markdown article follow, so that they show the same text: in
    the text between tokens, backslash escapes and entity references are kept as written
    (the translator's ``\\*`` and ``&amp;`` are not escaped again), every other Markdown
    character is backslash-escaped (see ``escape_markdown``), and a line break becomes a space.
    Only the tokens become markup. Where markup and text meet, text cannot extend the
    markup: ``(`` or ``:`` right after a link's ``]`` is escaped (no new link target), a
    ``!`` before a link's ``[`` too (no image), and text after a hard line break loses its
    leading whitespace and any block syntax (``- ``, ``1.``, ``===``). A token missing
    from ``markup`` (a unit without placeholders) is plain text.

    Args:
        text: the msgstr, its tokens already checked (``l10n.formats.markdown.extract.token_error``).
        markup: token -> source markup (``Placeholder.markup``).

    Returns:
        Markdown inline text (no line breaks besides those in ``markup``).
    """
    parts, found = split_placeholders(text)
    out: list[str] = []
    before = ""  # the markup right before the current part
    for i, part in enumerate(parts):
        part = _escape_text(re.sub(r"\s*\n\s*", " ", part))
        if before.endswith("]") and part[:1] in ("(", ":"):
            part = "\\" + part
        if _MD_LINE_END.search(before):
            part = _guard_block_start(part.lstrip())
        if i < len(found):
            before = markup.get(normalize_placeholder(found[i])) or escape_markdown(found[i])
            if before.startswith("["):
                part = _guard_bang(part)
            out.extend((part, before))
        else:
            out.append(part)
    return "".join(out)
