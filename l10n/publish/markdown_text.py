"""Markdown articles built as plain text: the built Markdown parsed, its markup dropped.

The text build of ``l10n.publish.markdown_article`` (the Markdown article builder).

``markdown_to_text`` walks markdown-it-py's token stream of the built Markdown (so the text
is exactly what the Markdown and HTML builds show, escapes and entities resolved) and writes:
headings and paragraphs as their text, blocks separated by a blank line; list items with a
plain ``-`` (ordered: ``1.``) and their continuation lines indented; quotes indented by two
spaces; links as ``text (url)`` (an autolink as its address); images as ``alt (src)``; code
blocks indented by four spaces; table rows as cells joined by `` | ``; inline HTML tags
dropped and HTML blocks reduced to their text; front matter left out (as in the HTML page);
footnote markers as ``[1]`` (numbered as the HTML page numbers them) and the notes at the end,
each as ``[1] text`` after a ``-----`` line.
Lines of a container nested too deep for the parser are kept as written, prefixes removed.
The walk is flat (no recursion), so nesting depth costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html.parser import HTMLParser

from markdown_it.token import Token

from l10n.formats.markdown.parser import markdown_parser, parse, skipped_container

__all__ = ["inline_text", "markdown_to_text"]

_PREFIX = re.compile(r"^(?:[ \t>]*(?:[-+*]|\d{1,9}[.)])(?=[ \t]))*[ \t>]*")


class _TextOf(HTMLParser):
    """Collects the text of an HTML fragment (stdlib parser; tags and comments dropped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(fragment: str) -> str:
    parser = _TextOf()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts).strip()


def inline_text(children: Sequence[Token], *, urls: bool = True) -> str:
    """Plain text of inline tokens (text, code, image alt), markup dropped, line breaks as ``\\n``.

    With ``urls`` (the ``.txt`` build) links read ``text (url)`` (an autolink as its address)
    and images ``alt (src)``; without (the HTML ``<title>``) only their text and alt.
    """
    out: list[str] = []
    hrefs: list[str | None] = []
    for t in children:
        if t.type in ("text", "code_inline", "text_special"):
            out.append(t.content)
        elif t.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif urls and t.type == "link_open":
            hrefs.append(None if t.markup == "autolink" else str(t.attrGet("href") or ""))
        elif urls and t.type == "link_close":
            href = hrefs.pop() if hrefs else None
            if href:
                out.append(f" ({href})")
        elif t.type == "footnote_ref":
            out.append(f"[{int((t.meta or {}).get('id', 0)) + 1}]")
        elif t.type == "image":
            alt = inline_text(t.children or [], urls=urls)
            src = str(t.attrGet("src") or "")
            out.append(alt if not urls else f"{alt} ({src})" if alt else src)
    return "".join(out)


class _Writer:
    """Blocks of text lines with their container prefixes (first line / following lines)."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.prefixes: list[list[str]] = []  # [first-line prefix, continuation prefix] per container
        self.fresh: list[bool] = []  # the container's first line is still to come
        self.tight_last = False

    def emit(self, text: str, *, tight: bool = False) -> None:
        lines = text.split("\n")
        out = []
        for k, line in enumerate(lines):
            prefix = "".join(
                p[0] if fresh and k == 0 else p[1] for p, fresh in zip(self.prefixes, self.fresh, strict=True)
            )
            out.append((prefix + line).rstrip() if line else prefix.rstrip())
        self.fresh = [False] * len(self.fresh)
        block = "\n".join(out)
        if tight and self.tight_last and self.blocks:
            self.blocks[-1] += "\n" + block
        else:
            self.blocks.append(block)
        self.tight_last = tight


def markdown_to_text(markdown: str) -> str:
    """Return the plain text of ``markdown`` (see the module docstring), ending in one newline.

    An article too deep to parse at all is returned with each line's container prefixes removed.
    """
    tokens = parse(markdown_parser(), markdown, {})
    if tokens is None:
        return "\n".join(_PREFIX.sub("", line) for line in markdown.split("\n")).strip("\n") + "\n"
    walk = _Walk(markdown.split("\n"))
    for i, tok in enumerate(tokens):
        walk.token(tok)
        if tok.map is not None and skipped_container(tokens, i):
            raw = [_PREFIX.sub("", line).strip() for line in walk.lines[tok.map[0] : tok.map[1]]]
            walk.w.emit("\n".join(line for line in raw if line))
    return "\n\n".join(walk.w.blocks) + "\n" if walk.w.blocks else ""


class _Walk:
    """The state of ``markdown_to_text``'s flat walk over the token stream."""

    def __init__(self, lines: list[str]) -> None:
        self.w = _Writer()
        self.lines = lines
        self.numbers: list[int | None] = []  # per open list: the next number, None for bullets
        self.row: list[str] | None = None
        self.table: list[str] = []
        self.hidden = False

    def _open(self, first: str) -> None:
        self.w.prefixes.append([first, " " * len(first)])
        self.w.fresh.append(True)

    def token(self, tok: Token) -> None:
        """Handle one token: containers and tables here, leaf blocks in ``_leaf``."""
        t, w = tok.type, self.w
        if t == "blockquote_open":
            self._open("  ")
        elif t in ("bullet_list_open", "ordered_list_open"):
            start = tok.attrGet("start")
            self.numbers.append(None if t == "bullet_list_open" else int(start) if start else 1)
        elif t in ("bullet_list_close", "ordered_list_close"):
            self.numbers.pop()
            w.tight_last = False
        elif t == "list_item_open":
            n = self.numbers[-1] if self.numbers else None
            if n is not None:
                self.numbers[-1] = n + 1
            self._open("- " if n is None else f"{n}. ")
        elif t == "footnote_block_open":
            w.emit("-----")
        elif t == "footnote_open":
            self._open(f"[{int((tok.meta or {}).get('id', 0)) + 1}] ")
        elif t in ("blockquote_close", "list_item_close", "footnote_close"):
            w.prefixes.pop()
            w.fresh.pop()
        elif t == "tr_open":
            self.row = []
        elif t == "tr_close" and self.row is not None:
            self.table.append(" | ".join(self.row))
            self.row = None
        elif t == "table_close":
            w.emit("\n".join(self.table))
            self.table = []
        else:
            self._leaf(tok)

    def _leaf(self, tok: Token) -> None:
        """Paragraphs, inline runs, code, HTML blocks and rules."""
        t, w = tok.type, self.w
        if t == "paragraph_open":
            self.hidden = tok.hidden
        elif t == "inline" and self.row is not None:
            self.row.append(inline_text(tok.children or []).replace("\n", " "))
        elif t == "inline":
            w.emit(inline_text(tok.children or []), tight=self.hidden)
            self.hidden = False
        elif t in ("fence", "code_block"):
            w.emit("\n".join("    " + line for line in tok.content.rstrip("\n").split("\n")))
        elif t == "html_block":
            text = _html_text(tok.content)
            if text:
                w.emit(text)
        elif t == "hr":
            w.emit("-----")
