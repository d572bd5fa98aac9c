"""Parsing an HTML article with the HTML standard's tree builder (html5lib, lxml tree).

html5lib implements the WHATWG parsing algorithm, so markup is repaired as browsers repair it
(misnested inline tags by the adoption agency, ``</br>`` as ``<br>``, ``>`` inside quoted
attribute values, entities left alone inside ``<script>``) instead of being refused. It keeps no
source lines, so the tree builder here records one per element (``sourceline``: the line where
its start tag ends) and per text node (``ParsedHtml.text_lines``: where the text starts), read
from the tokenizer's position as each node is inserted: one pass, linear in the article.
html5lib over the alternatives: it is a dependency already; ``html5-parser`` (C, faster) would be
a new compiled dependency, and lxml's own HTML parser (libxml2) is not the standard's algorithm.

Names: html5lib puts SVG and MathML elements in their namespaces and coerces names that are not
XML names (``xml:lang`` on an HTML element); ``tag_name``/``attribute_name`` give them back as
written in HTML.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from html import unescape
from typing import Any, cast

import html5lib
import lxml.etree
from html5lib.constants import DataLossWarning
from html5lib.treebuilders import etree_lxml

from l10n.errors import SourceError
from l10n.model import BOM, Issue

__all__ = [
    "MAX_DEPTH",
    "ParsedHtml",
    "attribute_name",
    "check_parsed",
    "escape_attribute",
    "escape_text",
    "parse_html",
    "parse_source",
    "tag_name",
]

MAX_DEPTH = 320
"""Deepest element nesting an HTML article may have (``<html>`` is depth 1); deeper is refused.

The segmentation and build walks recurse about two Python frames per level (default recursion
limit 1000)."""

_PREFIXES = {
    "http://www.w3.org/1999/xlink": "xlink:",
    "http://www.w3.org/XML/1998/namespace": "xml:",
    "http://www.w3.org/2000/xmlns/": "xmlns:",
}
# parse errors that repair nothing a reader sees: no doctype, an implied <html>/<head>/<body>
_BENIGN = re.compile(r"doctype|expected-html|non-html-root|eof-in-|expected-closing-tag-but-got-eof")


def escape_text(text: str) -> str:
    """Escape text content as the HTML serialisation algorithm does: ``&``, NBSP, ``<``, ``>``."""
    return text.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(value: str) -> str:
    """Escape an attribute value for ``name="value"``: ``&``, NBSP, ``"``, and ``<``/``>`` too
    (harmless, so one escaped text fits both contexts)."""
    return escape_text(value).replace('"', "&quot;")


_FILTER = etree_lxml.TreeBuilder(False).infosetFilter


def tag_name(el: lxml.etree._Element) -> str:
    """The element's name as HTML writes it: lower-case for HTML, as adjusted (``clipPath``) for SVG."""
    tag = str(el.tag)
    if tag.startswith("{"):
        return tag.partition("}")[2]
    return str(_FILTER.fromXmlName(tag)).lower()


def attribute_name(key: str) -> str:
    """An attribute key of an html5lib lxml tree as HTML writes it (``xlink:href``, ``xml:lang``)."""
    if key.startswith("{"):
        ns, _, local = key[1:].partition("}")
        return _PREFIXES.get(ns, "") + local
    return str(_FILTER.fromXmlName(key))


@dataclass
class ParsedHtml:
    """A parsed article: ``root`` (``<html>``), the start line of each text node and the repairs.

    Attributes:
        root: the ``<html>`` element of an lxml tree (``sourceline`` set on elements).
        text_lines: ``(element, "text" | "tail")`` -> 1-based line where that text starts.
        repairs: ``(line, html5lib error code)`` of each parse error that changed the tree.
    """

    root: lxml.etree._Element
    text_lines: dict[tuple[lxml.etree._Element, str], int] = field(default_factory=dict)
    repairs: list[tuple[int, str]] = field(default_factory=list)

    def line_of(self, el: lxml.etree._Element, where: str) -> int:
        """Line of ``el``'s text (``where="text"``) or tail; the element's own line when unknown."""
        return self.text_lines.get((el, where)) or el.sourceline or 0


def _builder(lines: dict[tuple[Any, str], int], position: list[Any]) -> type[etree_lxml.TreeBuilder]:
    """An html5lib lxml tree builder class that records lines from ``position[0]()``."""

    class Builder(etree_lxml.TreeBuilder):  # type: ignore[misc]
        def __init__(self, namespace_html: bool) -> None:
            super().__init__(namespace_html)
            base: Any = cast(Any, self).elementClass

            class Element(base):  # type: ignore[misc]
                def __init__(self, name: str, namespace: str | None) -> None:
                    super().__init__(name, namespace)
                    self._element.sourceline = position[0]()[0]

                def insertText(self, data: str, insertBefore: Any = None) -> None:
                    node = self._element
                    prev = node[-1] if insertBefore is None and len(node) else None
                    if insertBefore is not None:
                        prev = insertBefore._element.getprevious()
                    key = (prev, "tail") if prev is not None else (node, "text")
                    lines.setdefault(key, position[0]()[0] - data.count("\n"))
                    super().insertText(data, insertBefore)

            self.elementClass = Element

    return Builder


class _Parser(html5lib.HTMLParser):  # type: ignore[misc]
    """html5lib's parser, handing its tokenizer's position to the tree builder (``reset`` runs
    once the tokenizer exists, before any token)."""

    def __init__(self, position: list[Any], lines: dict[tuple[Any, str], int]) -> None:
        super().__init__(tree=_builder(lines, position), namespaceHTMLElements=False)
        self.position = position

    def reset(self) -> None:
        super().reset()
        self.position[0] = self.tokenizer.stream.position


def parse_source(text: str) -> ParsedHtml:
    """Parse an HTML article (a leading BOM ignored) by the HTML standard; see the module docstring."""
    data = text[1:] if text.startswith(BOM) else text
    lines: dict[tuple[Any, str], int] = {}
    parser = _Parser([lambda: (0, 0)], lines)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataLossWarning)
        tree = parser.parse(data)
    root = tree.getroot() if isinstance(tree, lxml.etree._ElementTree) else tree
    repairs = [(pos[0], code) for pos, code, _ in parser.errors if not _BENIGN.search(code)]
    return ParsedHtml(root, lines, repairs)


def parse_html(text: str) -> lxml.etree._Element:
    """Parse an HTML article (a leading BOM ignored) by the HTML standard; returns ``<html>``."""
    return parse_source(text).root


def repair_issue(parsed: ParsedHtml, path: str) -> list[Issue]:
    """One ``html-repaired`` warning naming the first repair's line, when the parser repaired markup."""
    if not parsed.repairs:
        return []
    line, code = parsed.repairs[0]
    more = f" (and {len(parsed.repairs) - 1} more)" if len(parsed.repairs) > 1 else ""
    return [
        Issue(
            path,
            line,
            "warning",
            "html-repaired",
            f"malformed markup repaired as a browser does ({code}){more}: check the built pages",
        )
    ]


_RAW_BLOCK = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
# a quote opens a value only after "=" (HTML tokenizer: attribute value states)
_TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<[a-zA-Z/!?](?:=\s*\"[^\"]*\"|=\s*'[^']*'|[^>])*>", re.DOTALL)
_WORD = re.compile(r"\w+")


def check_parsed(text: str, root: lxml.etree._Element, path: str) -> None:
    """Refuse a parse that would lose text: nesting deeper than ``MAX_DEPTH``, or a word of the
    source (script and style content, comments and tags, quoted attribute values included,
    removed; entities decoded) missing from the parsed tree's text.

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
    source = _TAG_OR_COMMENT.sub(" ", _RAW_BLOCK.sub(" ", text))
    for m in _WORD.finditer(unescape(source)):
        if m.group() not in parsed:
            line = text.count("\n", 0, text.find(m.group())) + 1 if m.group() in text else None
            raise SourceError(
                f"the HTML parser lost text (the word {m.group()!r} is not in the parsed document): "
                "nothing of this article was localized",
                path=path,
                line=line,
            )
