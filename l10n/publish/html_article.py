"""HTML articles (``.html``, ``.htm``) built as HTML and as plain text.

The HTML build fills the article's own skeleton (``l10n.formats.html``: the parsed source,
serialised) with each unit's text, then sets the page-level parts with lxml: ``<html lang dir>``,
a canonical link and hreflang alternates in ``<head>`` (with a ``base_url``; earlier canonical
and hreflang links of the source are replaced), the notices at the top of ``<body>`` and the
small stylesheet that marks machine, fuzzy and fallback text (``l10n.publish.marks``, as on the
pages of the other formats; the notices' wording is ``l10n.publish.site``'s).

A unit's text: a shown translation is escaped (``escape_attribute``: valid in text and in a
double-quoted attribute), its placeholder tokens replaced by the source tags; a fallback unit is
its source (already serialised HTML). Text units are marked as on the other pages: fallback
``<span lang="en">`` (not on the original's page), machine ``<span class="mt">``, fuzzy
``<span class="fuzzy">``. Attribute values (``alt``, ``title``, description) and ``<title>``
take no mark (they cannot hold elements). A gap after a translated unit becomes the language's
sentence joiner, after a fallback unit it keeps the source whitespace (``l10n.publish.skeleton``).
``HtmlBuilder`` is the builder of this format (``l10n.publish.builder``); an HTML article has no
Markdown build.

The text build is the body of the HTML build without marks, as text: one block per paragraph,
heading, list item (``- `` or ``1. ``), table row (cells joined by `` | ``), caption or quote,
blocks separated by a blank line; ``<br>`` is a line break; ``script``, ``style`` and
``template`` are left out, ``pre`` is kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import lxml.etree
import lxml.html

from l10n.errors import UsageError
from l10n.formats.html import ATTRIBUTE_ROLES, escape_attribute, parse_html
from l10n.inline import restore_placeholders
from l10n.localized import Localized
from l10n.model import Document, Segment
from l10n.publish.builder import Frame, PageContext, frame
from l10n.publish.marks import Marks, mark_style
from l10n.publish.policy import Choice
from l10n.publish.skeleton import walk

__all__ = ["HtmlBuilder", "fill_html", "html_text", "html_title", "page_html"]

_UNMARKED = ATTRIBUTE_ROLES | {"title"}


def _restore(seg: Segment, text: str) -> str:
    """A shown translation as HTML: text escaped, placeholder tokens back to the source tags."""
    return restore_placeholders(text, seg.placeholders, escape_attribute)


def fill_html(doc: Document, choices: Sequence[Choice], joiner: str, marks: Marks | None = None) -> str:
    """The skeleton of an HTML article filled with ``choices`` (see the module docstring).

    Args:
        joiner: the language's sentence joiner (``l10n.publish.skeleton``'s gap rule).
        marks: how units are marked (``l10n.publish.marks``); None for no spans at all (the
            text build).
    """
    out: list[str] = []
    for index, text in walk(doc, [c.kind for c in choices], joiner):
        if index is None:
            out.append(text)
            continue
        seg, choice = doc.segments[index], choices[index]
        text = seg.source if choice.kind == "fallback" else _restore(seg, choice.text.strip())
        out.append(marks.span(choice.kind, text) if marks and seg.role not in _UNMARKED else text)
    return "".join(out)


def page_html(filled: str, f: Frame) -> str:
    """Set the page-level parts of a filled article (``fill_html``) from its ``Frame`` (``<html
    lang dir>``, links, notices, stylesheet) and serialise it with lxml."""
    root = parse_html(filled)
    doctype = root.getroottree().docinfo.doctype or "<!DOCTYPE html>"
    root.set("lang", f.lang)
    root.set("dir", f.direction)
    _set_head(root, f.links, f.canonical, f.source_lang)
    body = root.find("body")
    if body is None:
        body = lxml.etree.SubElement(root, "body")
    for i, (text, text_lang, text_dir) in enumerate(f.notices):
        p = lxml.etree.Element("p")
        p.set("class", "notice")
        p.set("role", "note")
        if text_lang:
            p.set("lang", text_lang)
        if text_dir:
            p.set("dir", text_dir)
        p.text = text
        p.tail = "\n"
        body.insert(i, p)
    if f.notices:
        body.text, body[len(f.notices) - 1].tail = "\n", body.text or "\n"
    page: str = lxml.html.tostring(root.getroottree(), encoding="unicode", doctype=doctype)
    return page + "\n"


def _set_head(
    root: lxml.etree._Element, links: Sequence[tuple[str, str]], canonical: str | None, source_lang: str
) -> None:
    """Put the canonical and hreflang links (replacing the source's) and the stylesheet in ``<head>``."""
    head = root.find("head")
    if head is None:
        head = lxml.etree.Element("head")
        root.insert(0, head)
    if canonical or links:
        for old in head.findall("link"):
            rel = (old.get("rel") or "").lower().split()
            if "canonical" in rel or ("alternate" in rel and old.get("hreflang")):
                _drop(old)
    added = []
    if canonical:
        added.append(lxml.etree.Element("link", rel="canonical", href=canonical))
    for hreflang, href in links:
        added.append(lxml.etree.Element("link", rel="alternate", hreflang=hreflang, href=href))
    style = lxml.etree.Element("style")
    style.text = "\n" + mark_style(source_lang) + "\n"
    added.append(style)
    for el in added:
        el.tail = "\n"
        head.append(el)


def _drop(el: lxml.etree._Element) -> None:
    """Remove ``el`` from its parent, keeping its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    prev = el.getprevious()
    if el.tail and el.tail.strip():
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def html_title(doc: Document, choices: Sequence[Choice]) -> str:
    """The page title as plain text: the ``<title>`` unit, else the first headline, else ``""``."""
    for role in ("title", "headline", "heading"):
        found = [(s, c) for s, c in zip(doc.segments, choices, strict=True) if s.role == role]
        if found:
            block = found[0][0].block
            parts = [_plain(s, c) for s, c in found if s.block == block]
            return " ".join(p for p in parts if p)
    return ""


def _plain(seg: Segment, choice: Choice) -> str:
    """The text of one unit as shown, markup dropped."""
    html = seg.source if choice.kind == "fallback" else _restore(seg, choice.text.strip())
    return " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())


# --- text build ------------------------------------------------------------------------------------

_BLOCK = frozenset(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption figure "  # noqa: SIM905
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table tbody td "
    "tfoot th thead tr ul".split()
)
_LEFT_OUT = frozenset({"script", "style", "template", "head", "title", "noscript"})
_WS = re.compile(r"[ \t\n\r\f]+")
_BR = "\x00"  # a <br> while the text of a block is collected (source newlines are spaces)


def html_text(filled: str) -> str:
    """The text build of an HTML article: its filled skeleton (no marks) as plain text."""
    root = parse_html(filled)
    body = root.find("body")
    blocks: list[str] = []
    if body is not None:
        _TextWalker(blocks).block(body, "")
    return "\n\n".join(blocks) + "\n" if blocks else ""


class _TextWalker:
    """Collects the blocks of text of an element tree (see ``html_text``)."""

    def __init__(self, blocks: list[str]) -> None:
        self.blocks = blocks

    def block(self, el: lxml.etree._Element, prefix: str) -> None:
        """Text of a block element: inline runs become blocks, block children recurse."""
        buf: list[str] = []
        first = [prefix]

        def flush() -> None:
            lines = [" ".join(_WS.split(line)).strip() for line in "".join(buf).split(_BR)]
            buf.clear()
            text = ("\n" + " " * len(prefix)).join(line for line in lines if line)
            if text:
                self.blocks.append(first[0] + text)
                first[0] = " " * len(prefix)

        if el.text:
            buf.append(el.text)
        numbers = 0
        for child in el:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag == "li":
                flush()
                numbers += 1
                self.block(child, f"{numbers}. " if str(el.tag).lower() == "ol" else "- ")
            elif tag in _BLOCK and tag not in ("pre", "tr"):
                flush()
                count = len(self.blocks)
                self.block(child, first[0])
                if len(self.blocks) > count:
                    first[0] = " " * len(prefix)
            elif tag in ("pre", "tr"):
                flush()
                self._whole(child, tag)
            elif tag == "br":
                buf.append(_BR)
            elif tag and tag not in _LEFT_OUT:
                buf.append(self.inline(child))
            if child.tail:
                buf.append(child.tail)
        flush()

    def _whole(self, el: lxml.etree._Element, tag: str) -> None:
        """A ``pre`` (kept as written) or a table row (cells joined by `` | ``) as one block."""
        if tag == "pre":
            self.blocks.append(el.text_content().strip("\n"))
            return
        cells = [" ".join(c.text_content().split()) for c in el if isinstance(c.tag, str)]
        if any(cells):
            self.blocks.append(" | ".join(cells))

    def inline(self, el: lxml.etree._Element) -> str:
        """Text of an inline element; ``<br>`` is ``_BR``."""
        out = [el.text or ""]
        for child in el:
            if isinstance(child.tag, str) and child.tag.lower() == "br":
                out.append(_BR)
            elif isinstance(child.tag, str) and child.tag.lower() not in _LEFT_OUT:
                out.append(self.inline(child))
            out.append(child.tail or "")
        return "".join(out)


class HtmlBuilder:
    """The builds of an HTML article: its own page filled, and that page's body as text."""

    formats: tuple[str, ...] = ("txt", "html")

    def text(self, loc: Localized) -> str:
        """The filled skeleton without marks, as text (``html_text``)."""
        return html_text(fill_html(loc.doc, loc.choices, loc.joiner))

    def markdown(self, loc: Localized) -> str:
        """Raises ``UsageError``: an HTML article has no Markdown build."""
        raise UsageError(f"{loc.doc.path}: an HTML article has no Markdown build")

    def html(self, loc: Localized, page: PageContext) -> str:
        """The article's own page filled and marked, page-level parts set (``page_html``)."""
        f = frame(loc, page, loc.choices)
        return page_html(fill_html(loc.doc, loc.choices, loc.joiner, f.marks), f)

    def title(self, loc: Localized) -> str | None:
        """The ``<title>`` unit, else the first headline, as plain text (``html_title``); None if empty."""
        return html_title(loc.doc, loc.choices) or None
