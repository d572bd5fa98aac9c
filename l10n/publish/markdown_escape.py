"""Markdown text escaping: a msgstr or a plain-text unit written as Markdown that reads as the same text.

``translated_markdown`` is the rule both builds of a Markdown article follow (``l10n.publish.markdown``
for the Markdown, ``l10n.publish.markdown_html`` for the HTML); ``escape_markdown`` turns plain
text into Markdown (plain-text articles built as Markdown). No I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from l10n.inline import normalize_placeholder, split_placeholders

__all__ = ["escape_markdown", "escape_text", "guard_bang", "guard_block_start", "translated_markdown"]

# A translated unit that starts a block must not start with block syntax ("- ", "1. ", "#").
_MD_BLOCK_START = re.compile(r"(?:#{1,6}|[-+*])(?=[ \t]|$)|>|\d{1,9}[.)](?=[ \t]|$)|`{3}|~{3}")
_MD_RULE = re.compile(r"(?:[-*_][ \t]*){3,}$|=+[ \t]*$")  # thematic break, setext underline


def guard_block_start(text: str) -> str:
    """Backslash-escape block syntax at the start of a translated unit that starts a block."""
    if _MD_RULE.match(text):
        return "\\" + text
    m = _MD_BLOCK_START.match(text)
    if not m:
        return text
    if text[0].isdigit():
        return text[: m.end() - 1] + "\\" + text[m.end() - 1 :]
    return "\\" + text


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


def escape_text(text: str) -> str:
    """Escape the Markdown characters of ``text``, backslash escapes and entity references excepted."""
    out: list[str] = []
    pos = 0
    for m in _MD_KEPT.finditer(text):
        out.append(_MD_INLINE.sub(r"\\\1", text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_MD_INLINE.sub(r"\\\1", text[pos:]))
    return "".join(out)


def guard_bang(text: str) -> str:
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
        part = escape_text(re.sub(r"\s*\n\s*", " ", part))
        if before.endswith("]") and part[:1] in ("(", ":"):
            part = "\\" + part
        if _MD_LINE_END.search(before):
            part = guard_block_start(part.lstrip())
        if i < len(found):
            before = markup.get(normalize_placeholder(found[i])) or escape_markdown(found[i])
            if before.startswith("["):
                part = guard_bang(part)
            out.extend((part, before))
        else:
            out.append(part)
    return "".join(out)
