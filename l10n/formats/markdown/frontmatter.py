"""YAML front matter values: where each one is written, what it says, and how to write a new one.

Read with ruamel.yaml (pure-Python composer: every node knows its start and end offset), so
that a value's msgid is what YAML reads (``"C:\\\\temp"`` and ``C:\\temp`` are both
``C:\\temp``; a multi-line or block value is its folded text) and a build can replace exactly
the characters of that one scalar: every other byte of the front matter stays as the author
wrote it. ``emit_scalar`` writes a translated value with ruamel.yaml's emitter (quotes and
escapes are its business, never ours), in the source's quoting style where YAML allows it.
Used by ``l10n.formats.markdown.blocks`` (extract) and ``l10n.publish.markdown`` (build).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

__all__ = ["FrontValue", "emit_scalar", "front_values", "load_mapping", "scalar_value"]

_STR = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class FrontValue:
    """One top-level value of a front matter block.

    Attributes:
        key: the key (as YAML reads it).
        start, end: offsets of the value's characters in the front matter text (quotes and
            block indicator included, trailing line breaks of a block scalar excluded).
        value: the string YAML reads, or None when the value is not a string scalar
            (a number, date, list, mapping...).
        kind: ``scalar`` or ``sequence``/``mapping``.
    """

    key: str
    start: int
    end: int
    value: str | None
    kind: str = "scalar"


def _safe(version: tuple[int, int] | None = None) -> YAML:
    yaml = YAML(typ="safe", pure=True)
    if version is not None:
        yaml.version = version
    return yaml


def front_values(text: str) -> list[FrontValue]:
    """The top-level values of the front matter ``text`` (the lines between the ``---`` fences).

    Raises:
        ValueError: ``text`` is not valid YAML or not a mapping (the message says where).
    """
    try:
        node = _safe().compose(text)
    except YAMLError as exc:
        raise ValueError(" ".join(str(exc).split())) from exc
    if node is None:
        return []
    if not isinstance(node, MappingNode):
        raise ValueError("front matter is not a mapping")
    out = []
    for key, value in node.value:
        if not isinstance(key, ScalarNode):
            continue
        start, end = value.start_mark.index, value.end_mark.index
        while end > start and text[end - 1] in " \t\r\n":
            end -= 1
        if isinstance(value, ScalarNode):
            string = value.value if value.tag == _STR else None
            out.append(FrontValue(str(key.value), start, end, string))
        else:
            kind = "mapping" if isinstance(value, MappingNode) else "sequence"
            out.append(FrontValue(str(key.value), start, end, None, kind))
    return out


def scalar_value(source: str) -> str | None:
    """The string a scalar written as ``source`` (one value's characters, as in ``FrontValue``)
    reads as, or None if it does not read as one string."""
    try:
        data = _safe().load("k: " + source + "\n")
    except YAMLError:
        return None
    value = data.get("k") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def load_mapping(text: str) -> dict[object, object] | None:
    """The front matter ``text`` loaded (YAML 1.2, safe), or None if it is not a valid mapping."""
    try:
        data = _safe().load(text)
    except YAMLError:
        return None
    return data if isinstance(data, dict) else None


def _dump(value: object) -> str:
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 1 << 30  # never fold a line
    out = io.StringIO()
    yaml.dump({"k": value}, out)
    return out.getvalue()[len("k: ") :].rstrip("\n")


def _reads_back(written: str, value: str) -> bool:
    """True if ``written`` reads as ``value`` under YAML 1.2 and 1.1 (PyYAML: ``yes`` is a bool there)."""
    for version in ((1, 2), (1, 1)):
        try:
            data = _safe(version).load("k: " + written + "\n")
        except YAMLError:
            return False
        if not isinstance(data, dict) or data.get("k") != value:
            return False
    return True


def emit_scalar(value: str, style: str) -> str:
    """``value`` written as one YAML scalar on one line, for the place of a value of ``style``.

    ``style`` is the source value's first character: ``"`` or ``'`` keep their quoting (a
    value with a line break or a control character is double-quoted, since single quotes
    cannot escape it); a plain value stays plain when YAML 1.2 and 1.1 both read it back as
    the same string, else it is double-quoted; a block scalar (``|``, ``>``) becomes
    double-quoted. The emitter is ruamel.yaml's.
    """
    needs_escape = any(not c.isprintable() for c in value)
    if style == "'" and not needs_escape:
        written = _dump(SingleQuotedScalarString(value))
        if "\n" not in written:
            return written
    if style not in ("'", '"', "|", ">") and not needs_escape:
        written = _dump(value)
        if "\n" not in written and written[:1] not in ("'", '"') and _reads_back(written, value):
            return written
    return _dump(DoubleQuotedScalarString(value))
