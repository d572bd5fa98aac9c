"""JSON-LD metadata (``<script type="application/ld+json">``): its text fields as units.

The strings of ``headline``, ``description`` and ``alternativeHeadline`` (schema.org
``CreativeWork``), at any depth, become units with roles ``jsonld-headline`` and so on; the rest
of the block is kept byte for byte. A unit's ``source`` is the JSON string as written (escapes
kept), its text the decoded string; a build writes a translation back JSON-escaped
(``json_string``). ``inLanguage`` is set by the build (``set_in_language``).
"""

from __future__ import annotations

import json
import re

from l10n.formats.html.cut import msgid
from l10n.model import Segment

__all__ = ["JSON_LD_TYPE", "JSON_ROLES", "json_string", "jsonld_pieces", "set_in_language"]

JSON_LD_TYPE = "application/ld+json"
_FIELDS = ("headline", "description", "alternativeHeadline")
JSON_ROLES = frozenset(f"jsonld-{name}" for name in _FIELDS)
"""Roles of JSON-LD units: written back as JSON string content."""

_STRING = r'"((?:[^"\\]|\\.)*)"'
_FIELD = re.compile(r'"(' + "|".join(_FIELDS) + r')"\s*:\s*' + _STRING, re.DOTALL)
_IN_LANGUAGE = re.compile(r'("inLanguage"\s*:\s*)' + _STRING)
_LETTER = re.compile(r"[^\W\d_]")


def jsonld_pieces(raw: str, line: int, block: int) -> list[str | Segment]:
    """Cut the text of a JSON-LD block into raw text and units (``Segment``, one block each).

    Args:
        raw: the script's text.
        line: the line of its start tag.
        block: the block number of the first unit (the next ones count up).
    """
    out: list[str | Segment] = []
    at = 0
    for m in _FIELD.finditer(raw):
        try:
            value = json.loads(f'"{m.group(2)}"')
        except json.JSONDecodeError:
            continue
        if not isinstance(value, str) or not _LETTER.search(value):
            continue
        out.append(raw[at : m.start(2)])
        segment_line = line + raw.count("\n", 0, m.start(2))
        out.append(
            Segment(msgid(value), m.group(2), segment_line, block + len(out) // 2, f"jsonld-{m.group(1)}")
        )
        at = m.end(2)
    out.append(raw[at:])
    return out


def json_string(text: str) -> str:
    """``text`` as the content of a JSON string inside ``<script>`` (``</`` written ``<\\/``)."""
    return json.dumps(text, ensure_ascii=False)[1:-1].replace("</", "<\\/")


def set_in_language(raw: str, lang: str) -> str:
    """A JSON-LD text with every ``inLanguage`` string set to ``lang``."""
    return _IN_LANGUAGE.sub(lambda m: m.group(1) + json.dumps(lang), raw)
