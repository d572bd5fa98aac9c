"""Plain-text articles (``.txt``) built as text, Markdown and HTML: ``PlainTextBuilder``.

The skeleton is walked once per build (``l10n.publish.skeleton.walk``, gaps joined for the
language) into runs, grouped into blocks (one per paragraph, headline, caption, credit, list
item). The text build is the filled skeleton (a plain-text article with no translations gives
back the source exactly). The Markdown build writes every block as a Markdown paragraph
(headline as ``# ``), all text escaped with ``escape_markdown``, blocks separated by a blank
line, ending in a newline; list items as a tight list: ``- `` for a bullet (``-``, ``*``,
``•``), the source number and delimiter (``3.``, ``2)``) for a numbered item. The HTML build
fills the article template (``l10n.publish.builder.article_page``): headline ``<h1>``, blocks
``<p>`` (``class="caption"``/``"credit"``), lists ``<ul>``/``<ol start>``, units in their spans
(``l10n.publish.marks``); a fallback unit shows its msgid (NFC, wrapped lines joined). No I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypedDict

from markupsafe import Markup, escape

from l10n.inline import restore_placeholders
from l10n.localized import Localized
from l10n.model import Segment
from l10n.publish.builder import PageContext, article_page, frame
from l10n.publish.markdown_escape import escape_markdown
from l10n.publish.marks import Marks
from l10n.publish.skeleton import walk

__all__ = ["PlainTextBuilder"]


@dataclass(frozen=True)
class _Run:
    """A piece of output: a unit (with its choice), or the text between units."""

    kind: str  # a Choice kind, or "text" for gaps and literals
    text: str
    segment: Segment | None = None


@dataclass
class _Block:
    """The runs of one block (a paragraph, headline, caption, ...).

    ``marker`` is the list marker of a ``list-item`` block as the source wrote it (``"-"``,
    ``"•"``, ``"3."``, ``"2)"``), else None.
    """

    index: int
    role: str
    runs: list[_Run] = field(default_factory=list)
    marker: str | None = None

    @property
    def list_kind(self) -> str | None:
        """``"ul"`` for a bullet item, ``"ol"`` plus the delimiter (``"ol."``, ``"ol)"``) for a
        numbered one, None outside lists: items of one kind in a row form one list."""
        if self.marker is None:
            return None
        return "ol" + self.marker[-1] if self.marker[:1].isdigit() else "ul"


_MARKER_AT_END = re.compile(r"([-*•]|\d{1,3}[.)])[ \t]+$")
_MD_PREFIX = {"headline": "# ", "title": "# ", "heading": "## "}
_HTML_TAG = {"headline": "h1", "title": "h1", "heading": "h2"}
_HTML_CLASS = {"caption": "caption", "credit": "credit"}


def _runs(loc: Localized) -> list[_Run]:
    """The skeleton as runs, gaps joined (``l10n.publish.skeleton``)."""
    choices = loc.choices
    out: list[_Run] = []
    for index, text in walk(loc.doc, [c.kind for c in choices], loc.joiner):
        if index is None:
            out.append(_Run("text", text))
        else:
            out.append(_Run(choices[index].kind, choices[index].text, loc.doc.segments[index]))
    return out


def _blocks(runs: Sequence[_Run]) -> list[_Block]:
    """Group runs by block. Text between units of one block stays; text between blocks is dropped."""
    blocks: list[_Block] = []
    pending: list[_Run] = []  # text runs seen since the last unit
    for run in runs:
        if run.segment is None:
            pending.append(run)
            continue
        if blocks and blocks[-1].index == run.segment.block:
            blocks[-1].runs.extend(pending)
        else:
            marker = None
            if run.segment.role == "list-item":  # the marker ends the skeleton text before the item
                found = _MARKER_AT_END.search("".join(p.text for p in pending))
                marker = found.group(1) if found else None
            blocks.append(_Block(run.segment.block, run.segment.role, marker=marker))
        blocks[-1].runs.append(run)
        pending = []
    return blocks


class _HtmlBlock(TypedDict):
    """One block as the article template takes it (``items`` is None but for a list)."""

    tag: str
    cls: str | None
    parts: list[Markup]  # each run as HTML, in its span
    items: list[list[Markup]] | None
    start: int | None


def _html_blocks(runs: Sequence[_Run], marks: Marks) -> list[_HtmlBlock]:
    """Blocks as the article template takes them: ``{"tag", "cls", "parts": [html, ...],
    "items", "start"}``. List items in a row of one kind are one block ``{"tag": "ul"|"ol",
    "items": [parts, ...], "start": first number or None}``; ``items`` is None for other blocks."""
    blocks: list[_HtmlBlock] = []
    previous: _Block | None = None
    for block in _blocks(runs):
        # Fallback units show the msgid (NFC, wrapped lines joined) rather than raw source bytes.
        shown = [
            (r.kind, r.segment.text if r.kind == "fallback" and r.segment else r.text) for r in block.runs
        ]
        parts = [Markup(marks.span(kind, escape(text))) for kind, text in shown if text]
        kind = block.list_kind
        if kind is not None and previous is not None and previous.list_kind == kind:
            items = blocks[-1]["items"]
            assert items is not None  # the previous block is a list of the same kind
            items.append(parts)
        elif kind is not None:
            number = int(block.marker[:-1]) if block.marker and kind != "ul" else None
            start = number if number is not None and number != 1 else None
            blocks.append({"tag": kind[:2], "cls": None, "parts": [], "items": [parts], "start": start})
        else:
            tag = _HTML_TAG.get(block.role, "p")
            blocks.append(
                {"tag": tag, "cls": _HTML_CLASS.get(block.role), "parts": parts, "items": None, "start": None}
            )
        previous = block
    return blocks


def _shown(run: _Run) -> str:
    """The text a page shows for a run: a fallback unit's msgid, else the run's text."""
    return run.segment.text if run.kind == "fallback" and run.segment else run.text


def _title(blocks: Sequence[_Block]) -> str | None:
    """The text of the first headline (``<h1>``) block, None without one."""
    heading = next((b for b in blocks if _HTML_TAG.get(b.role) == "h1" and b.list_kind is None), None)
    if heading is None:
        return None
    return "".join(_shown(r) for r in heading.runs)


class PlainTextBuilder:
    """The builds of a plain-text article (see the module docstring)."""

    formats: tuple[str, ...] = ("txt", "md", "html")

    def text(self, loc: Localized) -> str:
        """The skeleton filled, gaps joined for the language."""
        return "".join(
            r.text
            if r.segment is None or r.kind == "fallback"
            else restore_placeholders(r.text, r.segment.placeholders, str)
            for r in _runs(loc)
        )

    def markdown(self, loc: Localized) -> str:
        """Every block a Markdown paragraph or list item, text escaped (see the module docstring)."""
        out: list[str] = []
        previous: _Block | None = None
        for block in _blocks(_runs(loc)):
            body = "".join(escape_markdown(r.text) for r in block.runs)
            if block.marker is not None:
                body = ("-" if block.list_kind == "ul" else block.marker) + " " + body
            else:
                body = _MD_PREFIX.get(block.role, "") + body
            if previous is not None:
                same_list = block.list_kind is not None and block.list_kind == previous.list_kind
                out.append("\n" if same_list else "\n\n")
            out.append(body)
            previous = block
        return "".join(out) + "\n" if out else ""

    def html(self, loc: Localized, page: PageContext) -> str:
        """The article template filled with the blocks (see the module docstring)."""
        f = frame(loc, page, loc.choices)
        runs = _runs(loc)
        return article_page(f, self.title_of(runs) or loc.doc.slug, blocks=_html_blocks(runs, f.marks))

    def title(self, loc: Localized) -> str | None:
        """The text of the first headline block, None without one."""
        return self.title_of(_runs(loc))

    @staticmethod
    def title_of(runs: Sequence[_Run]) -> str | None:
        """``title`` from runs made already."""
        return _title(_blocks(runs))
