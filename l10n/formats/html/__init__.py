"""HTML article -> ``Document``: text runs as units, phrasing elements as numbered placeholders.

Parser: html5lib, the HTML standard's parsing algorithm (``l10n.formats.html.parse``): markup is
repaired as a browser repairs it, with one ``html-repaired`` warning (file and line of the first
repair) when it was malformed. The skeleton is the *parsed* document serialised (the HTML
fragment serialisation algorithm: text escapes ``& < >`` and NBSP, attribute values ``& "`` and
NBSP, void elements without an end tag, ``script``/``style`` content raw, ``<!DOCTYPE html>``
whatever the source declared), so ``doc.render(lambda s: s.source)`` parses to the same tree as
the source.

What each construct becomes:

    ``<title>``                                   unit, role ``title``
    ``<meta name|property=... content>``          ``content`` a unit for ``description``,
                                                  ``og:title``, ``og:description``,
                                                  ``og:image:alt``, ``twitter:title``,
                                                  ``twitter:description``, ``twitter:image:alt``
                                                  (roles ``description``, ``meta-og-title``...)
    JSON-LD ``headline`` / ``description`` / ``alternativeHeadline``
                                                  units, roles ``jsonld-headline``... (``jsonld``)
    ``alt`` (with a letter) / ``title`` attributes  units, roles ``alt`` / ``tooltip``; an alt of
                                                  an image inside a sentence is a unit of its own
                                                  (``AltSlot``), the image a ``<1/>`` in the sentence
    ``h1`` (the first) / ``h1``-``h6``            ``headline`` / ``heading``
    ``p``, ``li``, ``td``/``th``, ``figcaption``, ``blockquote``, other text
                                                  ``paragraph``, ``list-item``, ``table-cell``,
                                                  ``caption``, ``quote``
    phrasing elements with text (``a span b strike nobr button time``..., ``content.PAIRED``)
                                                  ``<1>…</1>`` (the start and end tag as markup)
    other phrasing elements (``br img svg picture video code ruby``..., ``content.SOLO``), comments
                                                  ``<1/>`` (the whole element, not translated)
    text that looks like a token (``<1>``)         ``<1/>`` standing for that literal text
    ``script``, ``style``, ``pre``, ``code`` blocks, ``template``, ``svg``, ``math``, ...
                                                  skeleton (not translated)

A text run is the text and phrasing content between two flow elements (``content``: the HTML
standard's phrasing content model; a phrasing element holding flow content is a block); it is cut
into sentences (``l10n.formats.sentences``; never inside a placeholder pair) or kept whole
(``unit="paragraph"``). The msgid collapses whitespace runs to one space and is NFC.

Refused (``SourceError`` at ``file:line``): elements nested deeper than ``MAX_DEPTH`` and a parse
that lost a word of the source text (``check_parsed``).

- ``parse``: the article parsed by the HTML standard (html5lib, lxml tree) with source lines;
  the lost-text check; the serialiser.
- ``content``: the phrasing content model (which elements a text run holds, paired or alone).
- ``walker``: the walk over the tree that makes the skeleton and the units.
- ``cut``: a text run cut into sentence units.
- ``jsonld``: JSON-LD text fields as units, ``inLanguage``.
"""

from __future__ import annotations

from l10n.errors import UsageError
from l10n.formats.html.jsonld import JSON_ROLES, json_string, set_in_language
from l10n.formats.html.parse import (
    MAX_DEPTH,
    ParsedHtml,
    check_parsed,
    escape_attribute,
    escape_text,
    parse_html,
    parse_source,
    repair_issue,
    tag_name,
)
from l10n.formats.html.walker import ATTRIBUTE_ROLES, META_ROLES, AltSlot, segment_html_tree, verbatim
from l10n.formats.sentences import UNITS
from l10n.model import Document, Issue

__all__ = [
    "ATTRIBUTE_ROLES",
    "HTML_SUFFIXES",
    "JSON_ROLES",
    "MAX_DEPTH",
    "META_ROLES",
    "AltSlot",
    "ParsedHtml",
    "check_parsed",
    "escape_attribute",
    "escape_text",
    "json_string",
    "parse_html",
    "parse_source",
    "segment_html",
    "serialize",
    "set_in_language",
    "tag_name",
    "verbatim",
]

"""Suffixes of HTML articles."""


def serialize(root: ParsedHtml | object) -> str:
    """Serialise a parsed document (``<!DOCTYPE html>``, comments around ``<html>``, the tree) as
    the skeleton does; ``root`` is a ``ParsedHtml`` or the ``<html>`` element."""
    parsed = root if isinstance(root, ParsedHtml) else ParsedHtml(root)
    doc, _ = segment_html_tree(parsed, path="", slug="", unit="paragraph", translate=False)
    return doc.render(lambda s: s.source)


def segment_html(text: str, *, path: str, slug: str, unit: str = "sentence") -> tuple[Document, list[Issue]]:
    """Cut an HTML article into translation units (see the module docstring for the rules).

    Args:
        text: the whole article as read by ``read_source``.
        path: source path for references and warnings (``"source/x.html"``).
        slug: catalog name.
        unit: ``"sentence"`` or ``"paragraph"``.

    Returns:
        ``(document, warnings)``: ``html-repaired`` when the parser repaired malformed markup.
        ``Segment.line`` is the source line of the unit's text.

    Raises:
        UsageError: bad ``unit``.
        SourceError: the article is nested deeper than ``MAX_DEPTH`` or the parse lost text.
    """
    if unit not in UNITS:
        raise UsageError(f"unknown unit {unit!r}: expected one of {', '.join(UNITS)}")
    parsed = parse_source(text)
    check_parsed(text, parsed.root, path)
    doc, issues = segment_html_tree(parsed, path=path, slug=slug, unit=unit)
    return doc, [*repair_issue(parsed, path), *issues]
