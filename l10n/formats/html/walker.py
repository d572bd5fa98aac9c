"""The walk over a parsed HTML article that serialises it into skeleton pieces and units."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import lxml.etree
import pysbd

from l10n.formats.html.content import RAW, SKIPPED, SOLO, VOID, is_phrasing
from l10n.formats.html.cut import Atom, cut, literal_tokens, make_segment, msgid
from l10n.formats.html.jsonld import JSON_LD_TYPE, jsonld_pieces
from l10n.formats.html.parse import ParsedHtml, attribute_name, escape_attribute, escape_text, tag_name
from l10n.inline import PLACEHOLDER
from l10n.model import Document, Gap, Issue, Literal, Piece, Placeholder, Segment, Unit

__all__ = ["ATTRIBUTE_ROLES", "META_ROLES", "AltSlot", "segment_html_tree"]

META_ROLES = {
    "description": "description",
    "og:title": "meta-og-title",
    "og:description": "meta-og-description",
    "og:image:alt": "meta-og-image-alt",
    "twitter:title": "meta-twitter-title",
    "twitter:description": "meta-twitter-description",
    "twitter:image:alt": "meta-twitter-image-alt",
}
"""``<meta name|property=KEY content>``: the role of the ``content`` unit, by key."""

ATTRIBUTE_ROLES = frozenset({"alt", "tooltip", *META_ROLES.values()})
"""Roles of units that are attribute values: a build escapes them as attributes and marks nothing."""

_ALT_OF = frozenset({"img", "area", "input"})
_LETTER = re.compile(r"[^\W\d_]")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ROLE_OF = {
    "li": "list-item",
    "td": "table-cell",
    "th": "table-cell",
    "figcaption": "caption",
    "caption": "caption",
    "blockquote": "quote",
}


@dataclass(frozen=True)
class AltSlot(Literal):
    """An empty skeleton piece before a unit: the attribute value (an ``alt`` or ``title``) at
    ``markup[start:end]`` of the unit's placeholder whose markup is ``markup`` is the unit
    ``index``, filled by the build (``Document.render`` of sources sees an empty literal)."""

    index: int = 0
    markup: str = ""
    start: int = 0
    end: int = 0


def segment_html_tree(
    parsed: ParsedHtml, *, path: str, slug: str, unit: str = "sentence", translate: bool = True
) -> tuple[Document, list[Issue]]:
    """Cut a parsed article into units; ``translate=False`` makes no units (plain serialisation)."""
    walker = _Walker(parsed, unit, translate)
    walker.document(parsed.root)
    doc = Document(path, slug, tuple(walker.pieces()), tuple(walker.segments), format="html")
    return doc, []


def _block_holders(root: lxml.etree._Element) -> set[lxml.etree._Element]:
    """Elements with flow (non-phrasing) content inside, other than inside a solo element: one pass."""
    holders: set[lxml.etree._Element] = set()
    for el in reversed(list(root.iter())):
        parent = el.getparent()
        if parent is None or not isinstance(el.tag, str):
            continue
        name = tag_name(el)
        if not is_phrasing(name) or (name not in SOLO and el in holders):
            holders.add(parent)
    return holders


class _Walker:
    """Serialises the tree into skeleton pieces, cutting out units."""

    def __init__(self, parsed: ParsedHtml, unit: str, translate: bool) -> None:
        self.parsed = parsed
        self.translate = translate
        self.out: list[str | Piece] = []
        self.segments: list[Segment] = []
        self.block = 0
        self.seen_h1 = False
        self.segmenter = pysbd.Segmenter(language="en", clean=False) if unit == "sentence" else None
        self.pairs = 0
        self.holders = _block_holders(parsed.root) if translate else set()

    def pieces(self) -> Iterator[Piece]:
        """Merge adjacent strings into ``Literal`` pieces."""
        buf: list[str] = []
        for item in self.out:
            if isinstance(item, str):
                buf.append(item)
                continue
            if buf:
                yield Literal("".join(buf))
                buf = []
            yield item
        if buf:
            yield Literal("".join(buf))

    def document(self, root: lxml.etree._Element) -> None:
        self.out.append("<!DOCTYPE html>\n")
        for sib in reversed(list(root.itersiblings(preceding=True))):
            self.out.append(verbatim(sib) + "\n")
        self.element(root, "paragraph")
        for sib in root.itersiblings():
            self.out.append("\n" + verbatim(sib))

    def start_tag(self, el: lxml.etree._Element) -> None:
        tag = tag_name(el)
        self.out.append("<" + tag)
        for key, value in el.attrib.items():
            name = attribute_name(key)
            self.out.append(f' {name}="')
            role = self.attribute_role(el, tag, name)
            if role and value.strip():
                self.attribute_unit(value, role, el)
            else:
                self.out.append(escape_attribute(value))
            self.out.append('"')
        self.out.append(">")

    def attribute_role(self, el: lxml.etree._Element, tag: str, name: str) -> str | None:
        if not self.translate:
            return None
        if name == "alt" and tag in _ALT_OF:
            return "alt" if _LETTER.search(el.get("alt") or "") else None
        if name == "title":
            return "tooltip"
        if name == "content" and tag == "meta":
            key = (el.get("property") or el.get("name") or "").lower()
            return META_ROLES.get(key)
        return None

    def attribute_unit(self, value: str, role: str, el: lxml.etree._Element) -> None:
        self.out.append(Unit(len(self.segments)))
        self.segments.append(_attribute_segment(value, role, el.sourceline or 0, self.block))
        self.block += 1

    def element(self, el: lxml.etree._Element, role: str) -> None:
        """Serialise ``el`` (not its tail), making units of its text runs (with ``translate``)."""
        if not isinstance(el.tag, str) or not self.translate:
            self.out.append(verbatim(el))
            return
        tag = tag_name(el)
        if tag == "script" and (el.get("type") or "").strip().lower() == JSON_LD_TYPE:
            self.jsonld(el)
            return
        if tag in SKIPPED:
            self.out.append(verbatim(el))
            return
        self.start_tag(el)
        if tag in VOID:
            return
        self.content(el, self.role(tag, role))
        self.out.append(f"</{tag}>")

    def jsonld(self, el: lxml.etree._Element) -> None:
        """A JSON-LD block: its headline/description strings are units (``jsonld_pieces``)."""
        self.start_tag(el)
        for piece in jsonld_pieces(el.text or "", el.sourceline or 0, self.block):
            if isinstance(piece, str):
                self.out.append(piece)
            else:
                self.out.append(Unit(len(self.segments)))
                self.segments.append(piece)
                self.block += 1
        self.out.append("</script>")

    def role(self, tag: str, inherited: str) -> str:
        if tag == "title":
            return "title"
        if tag in _HEADINGS:
            if tag == "h1" and not self.seen_h1:
                self.seen_h1 = True
                return "headline"
            return "heading"
        return _ROLE_OF.get(tag, inherited)

    def in_run(self, el: lxml.etree._Element) -> bool:
        """True when ``el`` belongs in a text run: a comment, or phrasing content with none inside."""
        if not isinstance(el.tag, str):
            return el.tag is lxml.etree.Comment
        name = tag_name(el)
        return is_phrasing(name) and (name in SOLO or el not in self.holders)

    def content(self, el: lxml.etree._Element, role: str) -> None:
        """The text and children of ``el``: runs of text and phrasing elements become units."""
        run: list[Atom] = []
        if el.text:
            run.append(_text(el.text, self.parsed.line_of(el, "text")))
        for child in el:
            if self.in_run(child):
                self.inline(child, run)
            else:
                self.flush(run, role)
                run = []
                self.element(child, role)
            if child.tail:
                run.append(_text(child.tail, self.parsed.line_of(child, "tail")))
        self.flush(run, role)

    def inline(self, el: lxml.etree._Element, run: list[Atom]) -> None:
        """Append ``el`` (a phrasing element or comment, with its content) to ``run`` as atoms."""
        line = el.sourceline or 0
        tag = tag_name(el) if isinstance(el.tag, str) else "comment"
        if tag in SOLO or tag == "comment":
            # a line break counts as a space for the sentence splitter
            run.append(Atom("solo", verbatim(el), text=" " if tag == "br" else "", tag=tag, line=line, el=el))
            return
        self.pairs += 1
        pair = self.pairs
        run.append(Atom("open", _start(el, tag), tag=tag, pair=pair, line=line, el=el))
        if el.text:
            run.append(_text(el.text, self.parsed.line_of(el, "text")))
        for child in el:
            self.inline(child, run)
            if child.tail:
                run.append(_text(child.tail, self.parsed.line_of(child, "tail")))
        run.append(Atom("close", f"</{tag}>", tag=tag, pair=pair, line=line))

    def flush(self, run: list[Atom], role: str) -> None:
        """Turn a text run into units (or skeleton, when it holds no text)."""
        if not any(a.kind == "text" and a.text.strip() for a in run):
            self.skeleton(run, role)
            return
        run = [b for a in run for b in literal_tokens(a)]
        for kind, atoms in cut(run, self.segmenter, whole=role in ("title", "description")):
            if kind == "unit":
                self.alt_slots(atoms)
                self.out.append(Unit(len(self.segments)))
                self.segments.append(make_segment(atoms, self.block, role))
            elif kind == "gap":
                self.out.append(Gap("".join(a.source for a in atoms)))
            else:
                self.skeleton(atoms, role)
        self.block += 1

    def skeleton(self, atoms: list[Atom], role: str) -> None:
        """Atoms outside every unit: lone elements and start tags serialised with their attribute units."""
        for a in atoms:
            if a.kind == "solo" and a.el is not None and isinstance(a.el.tag, str):
                self.element(a.el, role)
            elif a.kind == "open" and a.el is not None:
                self.start_tag(a.el)  # its title a unit, as outside a run
            else:
                self.out.append(a.source)

    def alt_slots(self, atoms: list[Atom]) -> None:
        """Make a unit of each alt text and title inside the placeholders of a unit (``AltSlot``)."""
        for a in atoms:
            if a.kind not in ("solo", "open") or a.el is None or not isinstance(a.el.tag, str):
                continue
            spans: list[Span] = []
            _serialise(a.el, [], [0], spans, shallow=a.kind == "open")
            for start, end, value, role, line in spans:
                self.out.append(AltSlot("", len(self.segments), a.source, start, end))
                self.segments.append(_attribute_segment(value, role, line, self.block))
                self.block += 1


def _text(text: str, line: int) -> Atom:
    return Atom("text", escape_text(text), text=text, line=line)


def _start(el: lxml.etree._Element, tag: str) -> str:
    attrs = "".join(f' {attribute_name(k)}="{escape_attribute(v)}"' for k, v in el.attrib.items())
    return f"<{tag}{attrs}>"


def _attribute_segment(value: str, role: str, line: int, block: int) -> Segment:
    """The unit of an attribute value; text that looks like a token stands as a ``<N/>`` for itself."""
    literals: list[Placeholder] = []

    def literal(m: re.Match[str]) -> str:
        literals.append(Placeholder(f"<{len(literals) + 1}/>", escape_attribute(m.group()), "text"))
        return literals[-1].token

    return Segment(
        text=msgid(PLACEHOLDER.sub(literal, value)),
        source=escape_attribute(value),
        line=line,
        block=block,
        role=role,
        placeholders=tuple(literals),
    )


Span = tuple[int, int, str, str, int]
"""An attribute unit inside serialised markup: ``(start, end, value, role, line)``."""


def verbatim(el: lxml.etree._Element) -> str:
    """The serialisation of ``el`` (and its content; not its tail), nothing translated."""
    out: list[str] = []
    _serialise(el, out, [0], None)
    return "".join(out)


def _serialise(
    el: lxml.etree._Element,
    out: list[str],
    size: list[int],
    spans: list[Span] | None,
    shallow: bool = False,
) -> None:
    """Serialise ``el`` into ``out`` (``size[0]``: characters so far); with ``spans``, append the
    place of each alt text (with a letter) and title in the output; ``shallow``: the start tag only."""

    def put(s: str) -> None:
        out.append(s)
        size[0] += len(s)

    if not isinstance(el.tag, str):
        put(f"<!--{el.text or ''}-->" if el.tag is lxml.etree.Comment else f"<?{el.text or ''}>")
        return
    tag = tag_name(el)
    put("<" + tag)
    for key, value in el.attrib.items():
        name = attribute_name(key)
        put(f' {name}="')
        role = _nested_role(tag, name, value) if spans is not None else None
        if spans is not None and role:
            spans.append((size[0], size[0] + len(escape_attribute(value)), value, role, el.sourceline or 0))
        put(escape_attribute(value) + '"')
    put(">")
    if tag in VOID or shallow:
        return
    put((el.text or "") if tag in RAW else escape_text(el.text or ""))
    for child in el:
        _serialise(child, out, size, spans)
        put(escape_text(child.tail or ""))
    put(f"</{tag}>")


def _nested_role(tag: str, name: str, value: str) -> str | None:
    """The role of an attribute inside a unit's placeholder that is a unit of its own, or None."""
    if name == "alt":
        return "alt" if tag in _ALT_OF and _LETTER.search(value) else None
    return "tooltip" if name == "title" and value.strip() else None
