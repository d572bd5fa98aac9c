"""HTML article -> ``Document``: text blocks as units, inline elements as numbered placeholders.

Parser: lxml (``lxml.html``, libxml2's HTML parser). It is maintained, fast, gives every element
its source line (``sourceline``, for the ``#:`` references and warnings), keeps attribute order
and serialises HTML; html5lib (pure Python, slow) stays a test oracle. HTML parsers keep no
source offsets, so an HTML article is not byte-lossless like the text formats: the skeleton is
the *parsed* document serialised (``serialize``, the HTML fragment serialisation algorithm:
text escapes ``& < >`` and NBSP, attribute values ``& "`` and NBSP, void elements without an
end tag, ``script``/``style`` content raw), so ``doc.render(lambda s: s.source)`` parses to the
same tree as the source (``lxml.html.tostring`` of both is equal).

What each construct becomes:

    ``<title>``                                   unit, role ``title``
    ``<meta name="description" content>``        ``content`` is a unit, role ``description``
    ``alt`` / ``title`` attributes                units, roles ``alt`` / ``tooltip`` (not of an
                                                  inline element inside a text unit: see below)
    ``h1`` (the first) / ``h1``-``h6``            ``headline`` / ``heading``
    ``p``, ``li``, ``td``/``th``, ``figcaption``, ``blockquote``, other text
                                                  ``paragraph``, ``list-item``, ``table-cell``,
                                                  ``caption``, ``quote`` (a ``p`` takes the role
                                                  of its nearest ``li``/``blockquote``/cell/caption)
    inline ``a strong em b i u s span small mark sub sup q cite abbr time del ins ...``
                                                  ``<1>…</1>`` (the start tag and end tag as markup)
    ``br``, ``wbr``, inline ``code``/``kbd``/``samp``/``var``, a comment in text
                                                  ``<1/>`` (the whole element, not translated)
    text that looks like a token (``<1>``, ``&lt;2/&gt;``: ``l10n.inline.PLACEHOLDER``)
                                                  ``<1/>`` standing for that literal text (as
                                                  Markdown does), so a msgid holds no bare token
    ``img``                                       not in a unit: it ends the text run before it;
                                                  its ``alt`` and ``title`` are units
    ``script``, ``style``, ``pre``, ``code`` and ``kbd`` blocks, ``template``, ``svg``,
    ``math``, ``textarea``, ``iframe``, ``noscript``, comments
                                                  skeleton (not translated)

A text run is the text and inline elements between two block boundaries; it is cut into
sentences (``l10n.formats.sentences``; never inside a placeholder pair) or kept whole
(``unit="paragraph"``). The msgid collapses whitespace runs to one space (as HTML renders it)
and is NFC; ``Segment.source`` is the serialised run. ``title`` attributes of inline elements
inside a text unit stay as written (they are part of the placeholder markup, shown in the
``#.`` comment).

Unsupported, with a ``file:line`` warning (``Issue``), kept as written and not translated:
an inline element with a block element inside (``html-block-in-inline``).

Refused (``SourceError`` at ``file:line``, never a silent loss of text): elements nested deeper
than ``MAX_DEPTH`` (the parser keeps at most 2048 levels with ``huge_tree`` and drops the rest,
and the walks here recurse per level), and any parse that lost a word of the source text (a
cheap check: every word of the source with its tags removed must appear in the parsed tree).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape

import lxml.etree
import lxml.html
import pysbd

from l10n.errors import SourceError, UsageError
from l10n.formats.sentences import UNITS, sentence_spans, trim
from l10n.inline import PLACEHOLDER
from l10n.model import BOM, Document, Gap, Issue, Literal, Piece, Placeholder, Segment, Unit

__all__ = [
    "ATTRIBUTE_ROLES",
    "HTML_SUFFIXES",
    "MAX_DEPTH",
    "escape_attribute",
    "escape_text",
    "parse_html",
    "segment_html",
]

HTML_SUFFIXES = (".html", ".htm")
"""Suffixes of HTML articles."""

MAX_DEPTH = 320
"""Deepest element nesting an HTML article may have (``<html>`` is depth 1); deeper is refused.

The segmentation and build walks recurse about two Python frames per level (default recursion
limit 1000; about 480 levels measured), and lxml keeps at most 2048 levels even with ``huge_tree``."""

ATTRIBUTE_ROLES = frozenset({"alt", "tooltip", "description"})
"""Roles of units that are attribute values: a build escapes them as attributes and marks nothing."""

VOID = frozenset(
    "area base br col embed hr img input link meta source track wbr param keygen".split()  # noqa: SIM905
)
_RAW = frozenset({"script", "style"})
# Elements kept as written (never translated), with everything inside them.
_SKIPPED = frozenset(
    "script style pre code kbd samp template svg math textarea iframe noscript".split()  # noqa: SIM905
)
# Inline elements that become a pair of placeholders around their content.
_PAIRED = frozenset(
    "a abbr b bdi bdo cite data del dfn em font i ins label mark q s small span strong sub sup "  # noqa: SIM905 (a word list)
    "time tt u var".split()
)
# Inline elements that become one self-closing placeholder (their content is not translated).
_SOLO = frozenset({"br", "wbr", "code", "kbd", "samp"})
_INLINE = _PAIRED | _SOLO
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ROLE_OF = {
    "li": "list-item",
    "td": "table-cell",
    "th": "table-cell",
    "figcaption": "caption",
    "caption": "caption",
    "blockquote": "quote",
}
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace


def escape_text(text: str) -> str:
    """Escape text content as the HTML serialisation algorithm does: ``&``, NBSP, ``<``, ``>``."""
    return text.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(value: str) -> str:
    """Escape an attribute value for ``name="value"``: ``&``, NBSP, ``"``, and ``<``/``>`` too
    (harmless, so one escaped text fits both contexts)."""
    return escape_text(value).replace('"', "&quot;")


def parse_html(text: str) -> lxml.etree._Element:
    """Parse an HTML article (a leading BOM ignored) with lxml; returns the ``<html>`` element."""
    data = text[1:] if text.startswith(BOM) else text
    # huge_tree: libxml2 otherwise stops at depth 256 and silently drops the rest of the document
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False, huge_tree=True)
    return lxml.html.document_fromstring(data.encode("utf-8"), parser=parser)


def serialize(root: lxml.etree._Element) -> str:
    """Serialise a parsed document (doctype, comments around ``<html>``, the tree) as the skeleton does."""
    doc, _ = segment_html_tree(root, path="", slug="", unit="paragraph", translate=False)
    return doc.render(lambda s: s.source)


def segment_html(text: str, *, path: str, slug: str, unit: str = "sentence") -> tuple[Document, list[Issue]]:
    """Cut an HTML article into translation units (see the module docstring for the rules).

    Args:
        text: the whole article as read by ``read_source``.
        path: source path for references and warnings (``"source/x.html"``).
        slug: catalog name.
        unit: ``"sentence"`` or ``"paragraph"``.

    Returns:
        ``(document, warnings)``. ``document.render(lambda s: s.source)`` is the parsed source
        serialised (see ``serialize``); ``Segment.line`` is the source line of the unit's text.

    Raises:
        UsageError: bad ``unit``.
        SourceError: the parser finds no document, the article is nested deeper than
            ``MAX_DEPTH``, or the parse lost text of the source (``check_parsed``).
    """
    if unit not in UNITS:
        raise UsageError(f"unknown unit {unit!r}: expected one of {', '.join(UNITS)}")
    try:
        root = parse_html(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise SourceError(f"cannot parse HTML: {exc}", path=path) from None
    check_parsed(text, root, path)
    return segment_html_tree(root, path=path, slug=slug, unit=unit)


_TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_WORD = re.compile(r"\w+")


def check_parsed(text: str, root: lxml.etree._Element, path: str) -> None:
    """Refuse a parse that would lose text: nesting deeper than ``MAX_DEPTH``, or a word of the
    source (tags and comments removed, entities decoded) missing from the parsed tree's text.

    Raises:
        SourceError: with the line of the first too-deep element (or of the first lost word).
    """
    depth: dict[lxml.etree._Element, int] = {root: 1}
    for el in root.iterdescendants():
        parent = el.getparent()
        d = depth[parent] + 1 if parent is not None else 1
        if d > MAX_DEPTH:
            raise SourceError(
                f"HTML nested deeper than {MAX_DEPTH} elements (html-too-deep): "
                "flatten the markup; nothing of this article was localized",
                path=path,
                line=el.sourceline or None,
            )
        depth[el] = d
    parsed: set[str] = set()
    for node in root.getroottree().iter():
        parsed.update(_WORD.findall(node.text or "") if isinstance(node.text, str) else ())
        parsed.update(_WORD.findall(node.tail or ""))
    source = _TAG_OR_COMMENT.sub(" ", text)
    for m in _WORD.finditer(unescape(source)):
        if m.group() not in parsed:
            line = text.count("\n", 0, text.find(m.group())) + 1 if m.group() in text else None
            raise SourceError(
                f"the HTML parser lost text (the word {m.group()!r} is not in the parsed document; "
                "html-too-deep or malformed markup): nothing of this article was localized",
                path=path,
                line=line,
            )


# --- walking the tree ----------------------------------------------------------------------------


@dataclass
class _Atom:
    """A piece of a text run: text, a start or end tag, or a whole element standing alone."""

    kind: str  # "text", "literal" (text that looks like a token), "open", "close", "solo"
    source: str  # serialised
    text: str = ""  # "text"/"literal": the characters; a "solo" br: " " (what the sentence splitter sees)
    tag: str = ""
    pair: int = 0  # open/close: which pair
    line: int = 0


def segment_html_tree(
    root: lxml.etree._Element, *, path: str, slug: str, unit: str = "sentence", translate: bool = True
) -> tuple[Document, list[Issue]]:
    """``segment_html`` on a parsed tree; ``translate=False`` makes no units (plain serialisation)."""
    walker = _Walker(path, unit, translate)
    walker.document(root)
    doc = Document(path, slug, tuple(walker.pieces()), tuple(walker.segments), format="html")
    return doc, walker.issues


class _Walker:
    """Serialises the tree into skeleton pieces, cutting out units."""

    def __init__(self, path: str, unit: str, translate: bool) -> None:
        self.path = path
        self.unit = unit
        self.translate = translate
        self.out: list[str | Unit | Gap] = []
        self.segments: list[Segment] = []
        self.issues: list[Issue] = []
        self.block = 0
        self.seen_h1 = False
        self.segmenter = pysbd.Segmenter(language="en", clean=False) if unit == "sentence" else None
        self.pairs = 0

    # skeleton output
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
        doctype = root.getroottree().docinfo.doctype
        if doctype:
            self.out.append(doctype + "\n")
        for sib in reversed(list(root.itersiblings(preceding=True))):
            self.out.append(self.verbatim(sib) + "\n")
        self.element(root, "paragraph")
        for sib in root.itersiblings():
            self.out.append("\n" + self.verbatim(sib))
        self.out.append("\n")

    # serialisation of pieces that are not translated
    def start_tag(self, el: lxml.etree._Element, attr_units: bool = False) -> None:
        tag = str(el.tag).lower()
        self.out.append("<" + tag)
        for name, value in el.attrib.items():
            self.out.append(f' {name}="')
            role = self.attribute_role(el, tag, name) if attr_units else None
            if role and value.strip():
                self.attribute_unit(value, role, el)
            else:
                self.out.append(escape_attribute(value))
            self.out.append('"')
        self.out.append(">")

    def verbatim(self, el: lxml.etree._Element) -> str:
        """The serialisation of ``el`` (and its content; not its tail), nothing translated."""
        if not isinstance(el.tag, str):
            return _special(el)
        tag = el.tag.lower()
        attrs = "".join(f' {name}="{escape_attribute(value)}"' for name, value in el.attrib.items())
        if tag in VOID:
            return f"<{tag}{attrs}>"
        inner = (el.text or "") if tag in _RAW else escape_text(el.text or "")
        for child in el:
            inner += self.verbatim(child) + escape_text(child.tail or "")
        return f"<{tag}{attrs}>{inner}</{tag}>"

    def attribute_role(self, el: lxml.etree._Element, tag: str, name: str) -> str | None:
        if not self.translate:
            return None
        if name == "alt" and tag in ("img", "area", "input"):
            return "alt"
        if name == "title":
            return "tooltip"
        if name == "content" and tag == "meta" and (el.get("name") or "").lower() == "description":
            return "description"
        return None

    def attribute_unit(self, value: str, role: str, el: lxml.etree._Element) -> None:
        self.out.append(Unit(len(self.segments)))
        # text that looks like a token stands as a <N/> placeholder for itself, as in text runs
        literals: list[Placeholder] = []

        def literal(m: re.Match[str]) -> str:
            literals.append(Placeholder(f"<{len(literals) + 1}/>", escape_attribute(m.group()), "text"))
            return literals[-1].token

        self.segments.append(
            Segment(
                text=_msgid(PLACEHOLDER.sub(literal, value)),
                source=escape_attribute(value),
                line=el.sourceline or 0,
                block=self.block,
                role=role,
                placeholders=tuple(literals),
            )
        )
        self.block += 1

    # elements
    def element(self, el: lxml.etree._Element, role: str) -> None:
        """Serialise ``el`` (not its tail), making units of its text runs (with ``translate``)."""
        if not isinstance(el.tag, str) or not self.translate or el.tag.lower() in _SKIPPED:
            self.out.append(self.verbatim(el))
            return
        tag = el.tag.lower()
        self.start_tag(el, attr_units=True)
        if tag in VOID:
            return
        self.content(el, self.role(tag, role))
        self.out.append(f"</{tag}>")

    def role(self, tag: str, inherited: str) -> str:
        if tag == "title":
            return "title"
        if tag in _HEADINGS:
            if tag == "h1" and not self.seen_h1:
                self.seen_h1 = True
                return "headline"
            return "heading"
        return _ROLE_OF.get(tag, inherited)

    def content(self, el: lxml.etree._Element, role: str) -> None:
        """The text and children of ``el``: runs of text and inline elements become units."""
        run: list[_Atom] = []
        line = el.sourceline or 0
        if el.text:
            run.append(_Atom("text", escape_text(el.text), text=el.text, line=line))
        for child in el:
            if self.inline_ok(child):
                self.inline(child, run)
            elif _is_inline(child):  # an inline element with a block inside: kept as written
                run.append(_Atom("solo", self.verbatim(child), tag=str(child.tag).lower()))
            else:
                self.flush(run, role)
                run = []
                self.element(child, role)
            if child.tail:
                end_line = (child.sourceline or line) + self.verbatim(child).count("\n")
                run.append(_Atom("text", escape_text(child.tail), text=child.tail, line=end_line))
        self.flush(run, role)

    def inline_ok(self, el: lxml.etree._Element) -> bool:
        """True when ``el`` belongs in a text run (inline element, comment); warn on a block inside."""
        if not isinstance(el.tag, str):
            return el.tag is lxml.etree.Comment
        tag = el.tag.lower()
        if tag not in _INLINE:
            return False
        if tag in _SOLO:
            return True
        inner = next((d for d in el.iterdescendants() if isinstance(d.tag, str) and not _is_inline(d)), None)
        if inner is not None:
            self.issues.append(
                Issue(
                    self.path,
                    el.sourceline or 0,
                    "warning",
                    "html-block-in-inline",
                    f"<{tag}> holds the block element <{str(inner.tag).lower()}>: "
                    "kept as written, not translated",
                )
            )
            return False
        return True

    def inline(self, el: lxml.etree._Element, run: list[_Atom]) -> None:
        """Append ``el`` (an inline element or comment, with its content) to ``run`` as atoms."""
        line = el.sourceline or 0
        if not isinstance(el.tag, str) or el.tag.lower() in _SOLO:
            tag = "comment" if not isinstance(el.tag, str) else el.tag.lower()
            # a line break counts as a space for the sentence splitter
            run.append(_Atom("solo", self.verbatim(el), text=" " if tag == "br" else "", tag=tag, line=line))
            return
        tag = el.tag.lower()
        self.pairs += 1
        pair = self.pairs
        attrs = "".join(f' {name}="{escape_attribute(value)}"' for name, value in el.attrib.items())
        run.append(_Atom("open", f"<{tag}{attrs}>", tag=tag, pair=pair, line=line))
        if el.text:
            run.append(_Atom("text", escape_text(el.text), text=el.text, line=line))
        for child in el:
            self.inline(child, run)
            if child.tail:
                tail_line = child.sourceline or line
                run.append(_Atom("text", escape_text(child.tail), text=child.tail, line=tail_line))
        run.append(_Atom("close", f"</{tag}>", tag=tag, pair=pair, line=line))

    # runs -> units
    def flush(self, run: list[_Atom], role: str) -> None:
        """Turn a text run into units (or skeleton, when it holds no text)."""
        if not any(a.kind == "text" and a.text.strip() for a in run):
            self.out.extend(a.source for a in run)
            return
        run = [b for a in run for b in _literal_tokens(a)]
        for kind, atoms in _cut(run, self.segmenter, whole=role in ("title", "description")):
            if kind == "unit":
                self.out.append(Unit(len(self.segments)))
                self.segments.append(_segment(atoms, self.block, role))
            elif kind == "gap":
                self.out.append(Gap("".join(a.source for a in atoms)))
            else:
                self.out.extend(a.source for a in atoms)
        self.block += 1


def _literal_tokens(atom: _Atom) -> list[_Atom]:
    """Split a text atom around text that looks like a placeholder token (``<1>``, ``</2>``,
    ``<3/>``): each such span becomes a ``literal`` atom, a ``<N/>`` placeholder of its own."""
    if atom.kind != "text" or not PLACEHOLDER.search(atom.text):
        return [atom]
    out: list[_Atom] = []
    at = 0
    for m in PLACEHOLDER.finditer(atom.text):
        line = atom.line + atom.text.count("\n", 0, m.start())
        if m.start() > at:
            piece = atom.text[at : m.start()]
            out.append(
                _Atom("text", escape_text(piece), text=piece, line=atom.line + atom.text.count("\n", 0, at))
            )
        out.append(_Atom("literal", escape_text(m.group()), text=m.group(), tag="text", line=line))
        at = m.end()
    if at < len(atom.text):
        piece = atom.text[at:]
        out.append(
            _Atom("text", escape_text(piece), text=piece, line=atom.line + atom.text.count("\n", 0, at))
        )
    return out


def _is_inline(el: lxml.etree._Element) -> bool:
    return str(el.tag).lower() in _INLINE


def _special(node: lxml.etree._Element) -> str:
    """Serialise a comment or processing instruction."""
    if node.tag is lxml.etree.Comment:
        return f"<!--{node.text or ''}-->"
    return f"<?{node.text or ''}>"


def _msgid(text: str) -> str:
    """Collapse HTML whitespace to one space, trim, NFC."""
    text = _SPACE.sub(" ", text).strip(" ")
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


# --- cutting a run into sentences ----------------------------------------------------------------


def _split_text(run: list[_Atom], cuts: set[int]) -> list[_Atom]:
    """Split text atoms at the plain-text offsets in ``cuts`` (offsets into the run's text)."""
    out: list[_Atom] = []
    pos = 0
    for atom in run:
        if atom.kind != "text":
            out.append(atom)
            pos += len(atom.text)
            continue
        start = pos
        inner = sorted(c - start for c in cuts if start < c < start + len(atom.text))
        prev = 0
        for c in [*inner, len(atom.text)]:
            piece = atom.text[prev:c]
            if piece:
                line = atom.line + atom.text.count("\n", 0, prev)
                out.append(_Atom("text", escape_text(piece), text=piece, line=line))
            prev = c
        pos += len(atom.text)
    return out


def _plain(run: list[_Atom]) -> str:
    return "".join(a.text for a in run)


def _cut(run: list[_Atom], segmenter: pysbd.Segmenter | None, whole: bool) -> list[tuple[str, list[_Atom]]]:
    """Cut a run into ``("unit" | "gap" | "text", atoms)`` parts, in order.

    Sentences come from ``sentence_spans`` on the run's text (one span for the whole text with
    ``unit="paragraph"`` or ``whole``). Text atoms are split at the span ends; an end tag goes
    with the text before it, a start tag with the text after it, a lone element (``br``) with
    its sentence, or between sentences when it sits at a boundary. Sentences joined by a pair
    of tags (``<b>One. Two.</b>``) are one unit. What lies between two units is a ``"gap"``
    when it is whitespace only, else ``"text"``; what lies before the first unit or after the
    last is ``"text"``.
    """
    plain = _plain(run)
    spans = [trim(plain, 0, len(plain))] if segmenter is None or whole else sentence_spans(plain, segmenter)
    atoms = _split_text(run, {p for s, e in spans for p in (s, e)})
    labels = _labels(atoms, spans)
    # a pair of tags across sentences joins them
    group = list(range(len(spans)))
    opened: dict[int, int | None] = {}
    for a, label in zip(atoms, labels, strict=True):
        if a.kind == "open":
            opened[a.pair] = label
        elif a.kind == "close":
            start = opened.get(a.pair)
            if start is not None and label is not None and group[start] != group[label]:
                lo, hi = sorted((group[start], group[label]))
                group = [lo if lo <= g <= hi else g for g in group]
    units = [None if label is None else group[label] for label in labels]
    # atoms without a unit between two atoms of the same unit are inside it
    labelled = [i for i, u in enumerate(units) if u is not None]
    for i, u in enumerate(units):
        if u is None:
            prev = next((units[j] for j in reversed(labelled) if j < i), None)
            nxt = next((units[j] for j in labelled if j > i), None)
            if prev is not None and prev == nxt:
                units[i] = prev
    keyed: list[tuple[int | None, list[_Atom]]] = []
    for a, u in zip(atoms, units, strict=True):
        if keyed and keyed[-1][0] == u:
            keyed[-1][1].append(a)
        else:
            keyed.append((u, [a]))
    out: list[tuple[str, list[_Atom]]] = []
    for i, (u, part) in enumerate(keyed):
        if u is not None:
            out.append(("unit", part))
        elif 0 < i < len(keyed) - 1 and all(a.kind == "text" for a in part):
            out.append(("gap", part))
        else:
            out.append(("text", part))
    return out


def _labels(atoms: list[_Atom], spans: list[tuple[int, int]]) -> list[int | None]:
    """The sentence of each atom (None: outside every sentence); see ``_cut`` for tags."""
    labels: list[int | None] = []
    pos = 0
    for a in atoms:
        if a.kind in ("text", "literal"):
            labels.append(next((k for k, (s, e) in enumerate(spans) if s <= pos < e), None))
        else:
            labels.append(None)
        pos += len(a.text)
    texts = [i for i, a in enumerate(atoms) if a.kind in ("text", "literal") and labels[i] is not None]
    for i, a in enumerate(atoms):
        if a.kind in ("text", "literal"):
            continue
        before = next((labels[j] for j in reversed(texts) if j < i), None)
        after = next((labels[j] for j in texts if j > i), None)
        if a.kind == "open":
            labels[i] = after if after is not None else before
        elif a.kind == "close":
            labels[i] = before if before is not None else after
        else:
            labels[i] = before if before == after else None
    return labels


def _segment(atoms: list[_Atom], block: int, role: str) -> Segment:
    """One unit from its atoms: placeholders numbered from 1 in order of appearance."""
    numbers: dict[int, int] = {}
    text: list[str] = []
    placeholders: list[Placeholder] = []
    n = 0
    for a in atoms:
        if a.kind == "text":
            text.append(a.text)
        elif a.kind in ("solo", "literal"):
            n += 1
            token = f"<{n}/>"
            text.append(token)
            placeholders.append(Placeholder(token, a.source, a.tag))
        elif a.kind == "open":
            n += 1
            numbers[a.pair] = n
            token = f"<{n}>"
            text.append(token)
            placeholders.append(Placeholder(token, a.source, a.tag))
        else:
            token = f"</{numbers[a.pair]}>"
            text.append(token)
            placeholders.append(Placeholder(token, a.source, a.tag))
    first = next(a for a in atoms if a.kind in ("text", "literal") and a.text.strip())
    line = first.line + first.text[: len(first.text) - len(first.text.lstrip())].count("\n")
    return Segment(
        text=_msgid("".join(text)),
        source="".join(a.source for a in atoms),
        line=line,
        block=block,
        role=role,
        placeholders=tuple(placeholders),
    )
