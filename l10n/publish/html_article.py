"""HTML articles (``.html``, ``.htm``) built as HTML and as plain text.

The HTML build fills the article's own skeleton (``l10n.formats.html``: the parsed source,
serialised) with each unit's text, then sets the page-level parts with lxml: ``<html lang dir>``,
a canonical link and hreflang alternates in ``<head>`` (with a ``base_url``; earlier canonical
and hreflang links of the source are replaced), the notices at the top of ``<body>`` and the
small stylesheet that marks machine, fuzzy and fallback text (the same rules and wording as the
pages of the other formats, ``l10n.publish.site`` and ``templates/article.html.j2``).

A unit's text: a shown translation is escaped (``escape_attribute``: valid in text and in a
double-quoted attribute), its placeholder tokens replaced by the source tags; a fallback unit is
its source (already serialised HTML). Text units are marked as on the other pages: fallback
``<span lang="en">`` (not on the original's page), machine ``<span class="mt">``, fuzzy
``<span class="fuzzy">``. Attribute values (``alt``, ``title``, description) and ``<title>``
take no mark (they cannot hold elements). A gap after a translated unit becomes the language's
sentence joiner, after a fallback unit it keeps the source whitespace.

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
from l10n.formats.html import (
    ATTRIBUTE_ROLES,
    JSON_ROLES,
    AltSlot,
    escape_attribute,
    json_string,
    parse_html,
    serialize,
    tag_name,
)
from l10n.inline import restore_placeholders
from l10n.localized import Localized
from l10n.model import Document, Gap, Placeholder, Segment, Unit
from l10n.publish.builder import Frame, PageContext, frame, page_style
from l10n.publish.html_head import drop, set_head, set_languages
from l10n.publish.html_urls import asset_base, rebase_urls
from l10n.publish.marks import Marks
from l10n.publish.policy import Choice
from l10n.publish.skeleton import joined_gap

__all__ = ["HtmlBuilder", "asset_base", "fill_html", "html_text", "html_title", "page_html"]

_UNMARKED = ATTRIBUTE_ROLES | JSON_ROLES | {"title"}
_OWN_STYLE = "//style | //link[contains(translate(@rel, 'STYLESHEET', 'stylesheet'), 'stylesheet')]"


def _restore(seg: Segment, text: str, placeholders: Sequence[Placeholder] | None = None) -> str:
    """A shown translation as HTML: text escaped, placeholder tokens back to the source tags
    (``placeholders``: the segment's, alt texts inside them filled; default the segment's own)."""
    if seg.role in JSON_ROLES:
        return json_string(text)
    return restore_placeholders(
        text, seg.placeholders if placeholders is None else placeholders, escape_attribute
    )


def _with_alts(seg: Segment, slots: Sequence[AltSlot], fill: dict[int, str]) -> list[Placeholder]:
    """``seg``'s placeholders, the alt text at each slot replaced by ``fill[slot.index]``."""
    out = list(seg.placeholders)
    used: set[int] = set()
    by_markup: dict[str, list[AltSlot]] = {}
    for slot in slots:
        by_markup.setdefault(slot.markup, []).append(slot)
    for markup, group in by_markup.items():
        at = next((i for i, p in enumerate(out) if p.markup == markup and i not in used), None)
        if at is None:
            continue
        used.add(at)
        text = markup
        for slot in sorted(group, key=lambda s: -s.start):
            text = text[: slot.start] + fill[slot.index] + text[slot.end :]
        out[at] = Placeholder(out[at].token, text, out[at].kind)
    return out


def fill_html(doc: Document, choices: Sequence[Choice], joiner: str, marks: Marks | None = None) -> str:
    """The skeleton of an HTML article filled with ``choices`` (see the module docstring).

    Alt and title texts inside a unit (``AltSlot`` pieces before it) are filled into that
    unit's placeholders.

    Args:
        joiner: the language's sentence joiner (``l10n.publish.skeleton``'s gap rule).
        marks: how units are marked (``l10n.publish.marks``); None for no spans at all (the
            text build).
    """
    out: list[str] = []
    previous: str | None = None
    slots: list[AltSlot] = []
    for piece in doc.skeleton:
        if isinstance(piece, AltSlot):
            slots.append(piece)
        elif isinstance(piece, Unit):
            seg, choice = doc.segments[piece.index], choices[piece.index]
            previous = choice.kind
            alts = {s.index: _unit_text(doc.segments[s.index], choices[s.index]) for s in slots}
            text = _unit_text(seg, choice, _with_alts(seg, slots, alts) if slots else None)
            slots = []
            out.append(marks.span(choice.kind, text) if marks and seg.role not in _UNMARKED else text)
        elif isinstance(piece, Gap):
            out.append(joined_gap(piece.text, previous, joiner))
        else:
            out.append(piece.text)
    return "".join(out)


def _unit_text(seg: Segment, choice: Choice, placeholders: Sequence[Placeholder] | None = None) -> str:
    """The HTML of one unit as shown: its source for a fallback, else the translation restored."""
    return seg.source if choice.kind == "fallback" else _restore(seg, choice.text.strip(), placeholders)


def page_html(filled: str, f: Frame, asset_base: str = "") -> str:
    """Set the page-level parts of a filled article (``fill_html``) from its ``Frame`` and serialise it.

    The page is ``<!DOCTYPE html>`` with ``<meta charset="utf-8">`` first in its head, Open Graph
    and JSON-LD language set and ``lang`` attributes of translated elements set
    (``l10n.publish.html_head``), relative asset URLs rebased by ``asset_base``
    (``l10n.publish.html_urls``; ``""`` keeps them), ``<html lang dir>``, links, the stylesheet
    (the whole page style of ``page.css.j2`` only when the source has no stylesheet of its own),
    the language switcher, the notices and the byline added (``data-l10n`` marks what l10n added:
    ``switcher``, ``notice``, ``byline``).

    Args:
        asset_base: URL from the page's folder to the source's (``html_urls.asset_base``).
    """
    root = parse_html(filled)
    root.set("lang", f.lang)
    root.set("dir", f.direction)
    head, body = root.find("head"), root.find("body")
    assert head is not None and body is not None  # the HTML tree builder always makes both
    set_head(head, lang=f.lang, alternates=[hreflang for hreflang, _ in f.links])
    own_style = bool(root.xpath(_OWN_STYLE))
    css = page_style(f.source_lang, f.templates, base=not own_style, scope="")
    _head_links(head, f.links, f.canonical, css)
    set_languages(root, f.lang, f.source_lang)
    rebase_urls(root, asset_base)
    _notices(body, f.notices)
    _byline(body, f)
    _switcher(body, f)
    return serialize(root) + "\n"


def _head_links(
    head: lxml.etree._Element, links: Sequence[tuple[str, str]], canonical: str | None, css: str
) -> None:
    """Canonical and hreflang links (earlier ones of the source replaced) and the stylesheet."""
    if canonical or links:
        for old in head.findall("link"):
            rel = (old.get("rel") or "").lower().split()
            if "canonical" in rel or ("alternate" in rel and old.get("hreflang")):
                drop(old)
    added = []
    if canonical:
        added.append(lxml.etree.Element("link", rel="canonical", href=canonical))
    for hreflang, href in links:
        added.append(lxml.etree.Element("link", rel="alternate", hreflang=hreflang, href=href))
    style = lxml.etree.Element("style")
    style.text = "\n" + css + "\n"
    added.append(style)
    for el in added:
        el.tail = "\n"
        head.append(el)


def _notices(body: lxml.etree._Element, notices: Sequence[tuple[str, str | None, str | None, str]]) -> None:
    """The notices at the top of ``body``, marked ``data-l10n="notice"`` and ``data-notice="<kind>"``."""
    for i, (text, text_lang, text_dir, kind) in enumerate(notices):
        p = lxml.etree.Element("p")
        p.set("class", "notice")
        p.set("role", "note")
        p.set("data-l10n", "notice")
        p.set("data-notice", kind)
        if text_lang:
            p.set("lang", text_lang)
        if text_dir:
            p.set("dir", text_dir)
        p.text = text
        p.tail = "\n"
        body.insert(i, p)
    if notices:
        body.text, body[len(notices) - 1].tail = "\n", body.text or "\n"


def _switcher(body: lxml.etree._Element, f: Frame) -> None:
    """The language switcher (``<nav data-l10n="switcher">``) first in ``body`` (two languages or more)."""
    if len(f.switcher) < 2:
        return
    nav = lxml.etree.Element("nav")
    nav.set("data-l10n", "switcher")
    ul = lxml.etree.SubElement(nav, "ul")
    ul.text = nav.text = ul.tail = "\n"
    for s in f.switcher:
        li = lxml.etree.SubElement(ul, "li")
        a = lxml.etree.SubElement(li, "a", href=s.href, hreflang=s.tag, lang=s.tag)
        if s.dir:
            a.set("dir", s.dir)
        if s.current:
            a.set("aria-current", "page")
        a.text, li.tail = s.name, "\n"
    nav.tail, body.text = body.text, None  # the body's own text stays as it was, after the switcher
    body.insert(0, nav)


def _byline(body: lxml.etree._Element, f: Frame) -> None:
    """The byline (``<p class="byline" data-l10n="byline">``) after the first ``<h1>``, else first in
    ``body`` after the notices."""
    if f.byline is None:
        return
    p = lxml.etree.Element("p")
    p.set("class", "byline")
    p.set("data-l10n", "byline")
    if f.byline.author:  # isolated: a Latin name keeps its place on an RTL page
        author = lxml.etree.SubElement(p, "bdi")
        author.text, author.tail = f.byline.author, (" · " if f.byline.shown else "")
    if f.byline.shown:
        lxml.etree.SubElement(p, "time", datetime=f.byline.date).text = f.byline.shown
    h1 = body.find(".//h1")
    parent, at = (h1.getparent(), h1.getparent().index(h1) + 1) if h1 is not None else (body, len(f.notices))
    p.tail = "\n"
    parent.insert(at, p)


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
            tag = tag_name(child) if isinstance(child.tag, str) else ""
            if tag in _LEFT_OUT or not tag:
                pass
            elif tag in ("pre", "tr"):
                flush()
                self.leaf(child, tag)
            elif tag == "li":
                flush()
                numbers += 1
                self.block(child, f"{numbers}. " if str(el.tag).lower() == "ol" else "- ")
            elif tag in _BLOCK:
                flush()
                count = len(self.blocks)
                self.block(child, first[0])
                if len(self.blocks) > count:
                    first[0] = " " * len(prefix)
            elif tag == "br":
                buf.append(_BR)
            else:
                buf.append(self.inline(child))
            if child.tail:
                buf.append(child.tail)
        flush()

    def leaf(self, el: lxml.etree._Element, tag: str) -> None:
        """A ``pre`` (its text as written) or a table row (cells joined by `` | ``) as one block."""
        if tag == "pre":
            self.blocks.append(_text_of(el).strip("\n"))
            return
        cells = [" ".join(_text_of(c).split()) for c in el if isinstance(c.tag, str)]
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


def _text_of(el: lxml.etree._Element) -> str:
    """The text content of ``el`` (comments left out), as ``text_content`` of lxml.html."""
    return str(el.xpath("string()"))


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
        base = asset_base(loc.doc.path, f"{page.build_dir}/{loc.lang}")
        return page_html(fill_html(loc.doc, loc.choices, loc.joiner, f.marks), f, base)

    def title(self, loc: Localized) -> str | None:
        """The ``<title>`` unit, else the first headline, as plain text (``html_title``); None if empty."""
        return html_title(loc.doc, loc.choices) or None
