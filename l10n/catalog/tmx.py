"""TMX 1.4 files of machine output: parse and render (``locales/<ll>/mt-memory.tmx``).

TMX (Translation Memory eXchange, LISA OSCAR, version 1.4b, 2005; now published by GALA:
https://www.gala-global.org/tmx-14b) is the standard exchange format of translation memories;
every CAT tool reads it. Each ``<tu>`` here is one source text and the machine output for it,
with what made it in ``<prop>`` elements (user-defined property types start with ``x-``, as
the specification recommends)::

    <tu>
      <prop type="x-context">headline</prop>          (only for an entry with a msgctxt)
      <prop type="x-engine">ctranslate2</prop>
      <prop type="x-model">Helsinki-NLP/opus-mt-en-vi</prop>
      <prop type="x-revision">b1c2...</prop>          (only when the provenance names one)
      <prop type="x-confidence">0.83</prop>           (only when the output has one)
      <tuv xml:lang="en"><seg>The council will meet.</seg></tuv>
      <tuv xml:lang="vi"><seg>Hội đồng sẽ họp.</seg></tuv>
    </tu>

No dates anywhere (``creationdate`` and friends are optional in TMX), units sorted by
(msgctxt, msgid): the same records always render to the same bytes. The standard library's
``xml.etree`` reads and writes it: the maintained Python TMX readers are either part of a large
toolkit (Translate Toolkit) or young single-author packages, and this subset is small.
``tests/data/tmx14.dtd`` is the DTD the tests validate against.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from l10n.errors import CatalogError

TMX_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
"""The document type line of a TMX 1.4 file (the DTD's public name is ``tmx14.dtd``)."""

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
_SEGTYPES = ("block", "paragraph", "sentence", "phrase")


@dataclass(frozen=True)
class MachineRecord:
    """The machine output of one source text.

    Attributes:
        msgid: the source text (the catalog's msgid).
        msgctxt: the catalog's msgctxt, or None.
        text: the machine output as it was written into the catalog (placeholders restored).
        engine: engine name of the provenance comment (``"marian"``, ``"ctranslate2"``).
        model: model id.
        revision: model revision; ``""`` when unknown.
        confidence: the engine's confidence, 2 decimals (``l10n.mt``), or None.
    """

    msgid: str
    msgctxt: str | None
    text: str
    engine: str
    model: str
    revision: str = ""
    confidence: float | None = None

    @property
    def key(self) -> tuple[str | None, str]:
        """``(msgctxt, msgid)``: one record per source text and context."""
        return (self.msgctxt, self.msgid)


def sort_key(record: MachineRecord) -> tuple[str, int, str]:
    """The order of units in a file: by msgctxt (none first), then msgid."""
    return (record.msgctxt or "", record.msgctxt is not None, record.msgid)


def is_xml_text(text: str) -> bool:
    """True when ``text`` has no character XML 1.0 forbids (C0 controls other than tab and newlines)."""
    return _NOT_XML.search(text) is None


def render_tmx(
    records: Iterable[MachineRecord], *, srclang: str, tgtlang: str, segtype: str, tool_version: str
) -> str:
    """Return the TMX 1.4 document of ``records`` (sorted by ``sort_key``), UTF-8 text.

    Args:
        records: one per ``key``; records whose texts XML cannot hold are left out.
        srclang: BCP 47 tag of the msgids (``header/@srclang``, the source ``tuv``).
        tgtlang: BCP 47 tag of the machine output.
        segtype: ``sentence`` or ``paragraph`` (the project's unit); anything else is ``block``.
        tool_version: ``header/@creationtoolversion``.
    """
    root = ET.Element("tmx", version="1.4")
    attributes = {
        "creationtool": "l10n",
        "creationtoolversion": tool_version,
        "segtype": segtype if segtype in _SEGTYPES else "block",
        "o-tmf": "gettext PO",
        "adminlang": "en",
        "srclang": srclang,
        "datatype": "plaintext",
    }
    header = ET.SubElement(root, "header", attributes)
    ET.SubElement(header, "note").text = (
        f"Machine output of every catalog entry for {tgtlang}, as the engine wrote it, "
        "kept to measure what reviewers changed (l10n report edits)."
    )
    body = ET.SubElement(root, "body")
    for rec in sorted(records, key=sort_key):
        texts = (rec.msgid, rec.text, rec.msgctxt or "", rec.model, rec.revision)
        if not all(is_xml_text(t) for t in texts):
            continue
        tu = ET.SubElement(body, "tu")
        props = [("x-context", rec.msgctxt), ("x-engine", rec.engine), ("x-model", rec.model)]
        props += [("x-revision", rec.revision or None)]
        props += [("x-confidence", None if rec.confidence is None else f"{rec.confidence:.2f}")]
        for kind, value in props:
            if value is not None:
                ET.SubElement(tu, "prop", type=kind).text = value
        for lang, text in ((srclang, rec.msgid), (tgtlang, rec.text)):
            tuv = ET.SubElement(tu, "tuv", {_XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = text
    ET.indent(root, space="  ")
    xml = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{TMX_DOCTYPE}\n{xml}\n'


def parse_tmx(text: str, path: str = "") -> list[MachineRecord]:
    """Read the records of a TMX document written by ``render_tmx`` (or edited by a CAT tool).

    A unit's source is its ``tuv`` in the header's ``srclang``, its output the other ``tuv``;
    ``x-engine``, ``x-model``, ``x-revision``, ``x-confidence`` and ``x-context`` props are read
    when present. Units without a source and an output are skipped.

    Args:
        text: the file's text.
        path: for error messages.

    Raises:
        CatalogError: not well-formed XML, or not a ``<tmx>`` document with a header and body.
    """
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else 0
        raise CatalogError(f"not a well-formed TMX file: {exc}", path=path, line=line) from exc
    header, body = root.find("header"), root.find("body")
    if root.tag != "tmx" or header is None or body is None:
        raise CatalogError("not a TMX file (expected <tmx> with <header> and <body>)", path=path)
    srclang = (header.get("srclang") or "").lower()
    records = []
    for tu in body.iter("tu"):
        props = {p.get("type"): p.text or "" for p in tu.findall("prop")}
        source = output = None
        for tuv in tu.findall("tuv"):
            seg = tuv.find("seg")
            value = "".join(seg.itertext()) if seg is not None else ""
            if (tuv.get(_XML_LANG) or tuv.get("lang") or "").lower() == srclang:
                source = value
            else:
                output = value
        if source is None or output is None:
            continue
        records.append(
            MachineRecord(
                msgid=source,
                msgctxt=props.get("x-context"),
                text=output,
                engine=props.get("x-engine", ""),
                model=props.get("x-model", ""),
                revision=props.get("x-revision", ""),
                confidence=_number(props.get("x-confidence")),
            )
        )
    return records


def _number(value: str | None) -> float | None:
    try:
        return None if value is None else float(value)
    except ValueError:
        return None


__all__ = ["TMX_DOCTYPE", "MachineRecord", "is_xml_text", "parse_tmx", "render_tmx", "sort_key"]
