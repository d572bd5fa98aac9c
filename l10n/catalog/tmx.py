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
(msgctxt, msgid): the same records always render to the same bytes.

Files saved by other tools are read, never emptied (``read_tmx``): a ``tuv`` belongs to a
language by BCP 47 tag, in any case and by prefix (``en-US`` under ``en``, RFC 4647 basic
filtering), ``srclang="*all*"`` included; a unit l10n cannot place (other languages, one
``tuv``, a second unit for the same text) is written back as it was read, after l10n's own;
a unit whose record did not change is written back as it was read too. Texts keep every
character: a carriage return is written ``&#13;`` (a parser reads a literal one as a
newline), and a character XML 1.0 forbids even as a reference (a C0 control such as the
vertical tab U+000B a word processor leaves, U+FFFE, U+FFFF) is a TMX placeholder naming its
code point, ``<ph type="x-char">U+000B</ph>``, read back as that character. The standard library's
``xml.etree`` reads and writes it: the maintained Python TMX readers are either part of a large
toolkit (Translate Toolkit) or young single-author packages, and this subset is small.
``tests/data/tmx14.dtd`` is the DTD the tests validate against.
"""

from __future__ import annotations

import math
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from l10n.errors import CatalogError

TMX_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
"""The document type line of a TMX 1.4 file (the DTD's public name is ``tmx14.dtd``)."""

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
_SEGTYPES = ("block", "paragraph", "sentence", "phrase")
_CHAR_PH = "x-char"  # <ph type="x-char">U+000B</ph>: one character XML 1.0 cannot hold
_CODE_POINT = re.compile(r"U\+([0-9A-F]{4,6})")


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


@dataclass(frozen=True)
class TmxMemory:
    """What a memory file holds, as ``read_tmx`` found it.

    Attributes:
        records: the units l10n placed (a source and an output ``tuv`` in the project's
            languages), in file order, one per ``MachineRecord.key``.
        units: every ``<tu>`` of the file in file order: its record (None for a unit l10n
            cannot place: other languages, a missing ``tuv``, a second unit for a key) and the
            unit as XML text (``&#13;`` for a carriage return), to be written back as it was.
    """

    records: tuple[MachineRecord, ...] = ()
    units: tuple[tuple[MachineRecord | None, str], ...] = ()

    def kept(self) -> list[str]:
        """The units l10n cannot place, as XML text in file order: written back unchanged."""
        return [xml for record, xml in self.units if record is None]

    def original(self) -> dict[MachineRecord, str]:
        """The unit each placed record was read from (XML text), to write back while it is unchanged."""
        return {record: xml for record, xml in self.units if record is not None}


def render_tmx(
    records: Iterable[MachineRecord],
    *,
    srclang: str,
    tgtlang: str,
    segtype: str,
    tool_version: str,
    previous: TmxMemory | None = None,
) -> str:
    """Return the TMX 1.4 document of ``records`` (sorted by ``sort_key``), UTF-8 text.

    Args:
        records: one per ``key``; records whose msgctxt, engine, model or revision XML cannot
            hold are left out (texts always fit: see ``_fill_seg``).
        srclang: BCP 47 tag of the msgids (``header/@srclang``, the source ``tuv``).
        tgtlang: BCP 47 tag of the machine output.
        segtype: ``sentence`` or ``paragraph`` (the project's unit); anything else is ``block``.
        tool_version: ``header/@creationtoolversion``.
        previous: the file as read: a record equal to one read from it is written as the
            unit it was read from; the units l10n could not place follow ours, as they were.
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
    original = previous.original() if previous else {}
    as_read: set[int] = set()  # units written back as they were read: not re-indented
    for rec in sorted(records, key=sort_key):
        if rec in original:
            body.append(ET.fromstring(original[rec]))
            as_read.add(id(body[-1]))
        elif all(is_xml_text(t) for t in (rec.msgctxt or "", rec.engine, rec.model, rec.revision)):
            body.append(_unit(rec, srclang, tgtlang))
    for xml in previous.kept() if previous else []:
        body.append(ET.fromstring(xml))
        as_read.add(id(body[-1]))
    _indent(root, 0, as_read)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{TMX_DOCTYPE}\n{_xml(root)}\n'


def _unit(rec: MachineRecord, srclang: str, tgtlang: str) -> ET.Element:
    """The ``<tu>`` of one record (props, then the source and the output ``tuv``)."""
    tu = ET.Element("tu")
    props = [("x-context", rec.msgctxt), ("x-engine", rec.engine), ("x-model", rec.model)]
    props += [("x-revision", rec.revision or None)]
    props += [("x-confidence", None if rec.confidence is None else f"{rec.confidence:.2f}")]
    for kind, value in props:
        if value is not None:
            ET.SubElement(tu, "prop", type=kind).text = value
    for lang, text in ((srclang, rec.msgid), (tgtlang, rec.text)):
        tuv = ET.SubElement(tu, "tuv", {_XML_LANG: lang})
        _fill_seg(ET.SubElement(tuv, "seg"), text)
    return tu


def _fill_seg(seg: ET.Element, text: str) -> None:
    """Write ``text`` into ``seg``: a character XML 1.0 forbids becomes ``<ph type="x-char">U+000B</ph>``.

    XML 1.0 cannot hold C0 controls other than tab and line breaks, nor U+FFFE and U+FFFF,
    even as character references; TMX's ``<ph>`` (a standalone native code) holds one such
    character each, named by its code point, and ``_seg_text`` reads it back.
    """
    pieces = _NOT_XML.split(text)
    seg.text = pieces[0]
    for char, after in zip(_NOT_XML.findall(text), pieces[1:], strict=True):
        ph = ET.SubElement(seg, "ph", type=_CHAR_PH)
        ph.text = f"U+{ord(char):04X}"
        ph.tail = after or None


def _seg_text(seg: ET.Element | None) -> str:
    """The text of a ``<seg>``: its characters, a ``_fill_seg`` placeholder as its character,
    the content (native code) of any other inline element."""
    if seg is None:
        return ""
    parts = [seg.text or ""]
    for child in seg:
        found = _CODE_POINT.fullmatch(child.text or "") if child.tag == "ph" else None
        if found and child.get("type") == _CHAR_PH and int(found[1], 16) <= sys.maxunicode:
            parts.append(chr(int(found[1], 16)))
        else:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def _indent(elem: ET.Element, level: int, as_read: set[int]) -> None:
    """Indent as ``ET.indent(space="  ")`` does, but never inside a ``<seg>`` (its whitespace and
    inline elements are text) nor inside a unit written back as read (``as_read``: element ids)."""
    if not len(elem) or elem.tag == "seg" or id(elem) in as_read:
        return
    inner = "\n" + "  " * (level + 1)
    if not elem.text or not elem.text.strip():
        elem.text = inner
    for child in elem:
        _indent(child, level + 1, as_read)
        if not child.tail or not child.tail.strip():
            child.tail = inner
    last = elem[-1]
    if not last.tail or not last.tail.strip():
        last.tail = "\n" + "  " * level


def _xml(elem: ET.Element) -> str:
    """``elem`` as XML text, a carriage return as ``&#13;`` (a parser reads a literal one as a newline)."""
    return ET.tostring(elem, encoding="unicode").replace("\r", "&#13;")


def _tag_match(tag: str, lang: str) -> int:
    """How a ``tuv``'s ``xml:lang`` matches a language: 2 the same tag, 1 a longer tag of it, 0 not.

    BCP 47 tags compare case-insensitively (RFC 5646 section 2.1.1) and a language matches the
    tags it is a prefix of up to a ``-`` (RFC 4647 basic filtering: ``en`` matches ``en-US``);
    ``_`` is read as ``-`` (``pt_BR``, as gettext writes it).
    """
    tag, lang = tag.strip().replace("_", "-").lower(), lang.strip().replace("_", "-").lower()
    if not lang or lang == "*all*":
        return 0
    return 2 if tag == lang else 1 if tag.startswith(lang + "-") else 0


def _pick(tags: list[str], lang: str | None, skip: int | None = None) -> int | None:
    """The index of the one tag that matches ``lang`` best (``_tag_match``), or None.

    ``lang`` None picks the one tag left besides ``skip``. None when no tag matches or two
    match equally well: such a unit cannot be placed.
    """
    if lang is None:
        rest = [i for i in range(len(tags)) if i != skip]
        return rest[0] if len(rest) == 1 else None
    scores = [0 if i == skip else _tag_match(tag, lang) for i, tag in enumerate(tags)]
    best = max(scores, default=0)
    found = [i for i, score in enumerate(scores) if score == best]
    return found[0] if best and len(found) == 1 else None


def _record(tu: ET.Element, srclang: str, tgtlang: str | None) -> MachineRecord | None:
    """The record of one ``<tu>``, or None when its source or output cannot be told apart."""
    tuvs = tu.findall("tuv")
    tags = [tuv.get(_XML_LANG) or tuv.get("lang") or "" for tuv in tuvs]
    source = _pick(tags, srclang)
    output = None if source is None else _pick(tags, tgtlang, skip=source)
    if source is None or output is None:
        return None
    props = {p.get("type"): p.text or "" for p in tu.findall("prop")}
    return MachineRecord(
        msgid=_seg_text(tuvs[source].find("seg")),
        msgctxt=props.get("x-context"),
        text=_seg_text(tuvs[output].find("seg")),
        engine=props.get("x-engine", ""),
        model=props.get("x-model", ""),
        revision=props.get("x-revision", ""),
        confidence=_number(props.get("x-confidence")),
    )


def read_tmx(
    data: str | bytes, path: str = "", *, srclang: str | None = None, tgtlang: str | None = None
) -> TmxMemory:
    """Read a TMX document written by ``render_tmx`` or saved by a CAT tool.

    A unit's source is its ``tuv`` whose ``xml:lang`` matches ``srclang`` (``_tag_match``:
    any case, ``en-US`` under ``en``), its output the ``tuv`` matching ``tgtlang``; with
    ``srclang`` None the header's ``srclang`` is used (``*all*``: none, so nothing is placed),
    with ``tgtlang`` None the other ``tuv``. ``x-engine``, ``x-model``, ``x-revision``,
    ``x-confidence`` and ``x-context`` props are read when present. A unit that cannot be
    placed, or repeats a key already read, is kept in ``units`` with no record.

    Args:
        data: the file's bytes (any encoding its XML declaration names) or text.
        path: for error messages.
        srclang: BCP 47 tag of the project's source language.
        tgtlang: BCP 47 tag of the catalog language.

    Raises:
        CatalogError: not well-formed XML (naming the line), or not a ``<tmx>`` document with a
            header and a body.
    """
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else 0
        raise CatalogError(f"not a well-formed TMX file: {exc}", path=path, line=line) from exc
    header, body = root.find("header"), root.find("body")
    if root.tag != "tmx" or header is None or body is None:
        raise CatalogError("not a TMX file (expected <tmx> with <header> and <body>)", path=path)
    source_lang = srclang if srclang is not None else header.get("srclang") or ""
    records: dict[tuple[str | None, str], MachineRecord] = {}
    units = []
    for tu in body.findall("tu"):
        tu.tail = None
        record = _record(tu, source_lang, tgtlang)
        if record is not None and record.key in records:
            record = None  # a second unit for a text: kept as it is, not placed
        if record is not None:
            records[record.key] = record
        units.append((record, _xml(tu)))
    return TmxMemory(tuple(records.values()), tuple(units))


def parse_tmx(
    data: str | bytes, path: str = "", *, srclang: str | None = None, tgtlang: str | None = None
) -> list[MachineRecord]:
    """The records of a TMX document: ``read_tmx(...).records`` (arguments and errors there)."""
    return list(read_tmx(data, path, srclang=srclang, tgtlang=tgtlang).records)


def _number(value: str | None) -> float | None:
    try:
        number = None if value is None else float(value)
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


__all__ = [
    "TMX_DOCTYPE",
    "MachineRecord",
    "TmxMemory",
    "is_xml_text",
    "parse_tmx",
    "read_tmx",
    "render_tmx",
    "sort_key",
]
