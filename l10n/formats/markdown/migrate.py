"""Msgids written by older l10n versions, mapped to today's: ``update`` keeps their translations.

Two changes of the Markdown msgids are mechanical, and ``l10n.catalog.catalog.Catalog.update``
carries a translation across them as an exact match (not fuzzy, not translated again):

- entity references are decoded (``Salt &amp; pepper`` is now ``Salt & pepper``), with the
  rules of ``l10n.formats.markdown.units.decoded_text`` (references that would read
  differently stay as written). The msgstr is kept as it is: a translation's entity
  references are still read as Markdown (``&amp;`` shows ``&``), so the page is unchanged.
- a quoted front matter value is its YAML value (``A \\"quoted\\" title`` and ``It''s`` are now
  ``A "quoted" title`` and ``It's``). The msgstr was written the old way too (old builds put it
  between the same quotes, escaping bare quotes): it is read as those builds wrote it into the
  YAML file, so the value a YAML reader saw stays the same.

``legacy_forms`` gives, for an old msgid, each msgid it may have become with the function that
converts its msgstr. No I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.common.entities import entities
from markdown_it.common.utils import isValidEntityCode

from l10n.formats.markdown.frontmatter import scalar_value
from l10n.formats.markdown.units import keep_entity
from l10n.inline import PLACEHOLDER

__all__ = ["decode_entities", "legacy_forms"]

_ENTITY = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")


def _entity_value(m: re.Match[str]) -> str | None:
    if m.group(3) is not None:
        return entities.get(m.group(3))
    code = int(m.group(1), 10) if m.group(1) is not None else int(m.group(2), 16)
    return chr(code) if isValidEntityCode(code) else "\ufffd"


def decode_entities(msgid: str) -> str:
    """An old msgid (entity references as written) with its references decoded as extraction
    decodes them now; backslash escapes and placeholder tokens are left alone."""
    out: list[str] = []
    i = 0
    while i < len(msgid):
        m_tok = PLACEHOLDER.match(msgid, i)
        if m_tok:
            out.append(m_tok.group())
            i = m_tok.end()
            continue
        m_esc = _ESCAPE.match(msgid, i)
        if m_esc:
            out.append(m_esc.group())
            i = m_esc.end()
            continue
        m = _ENTITY.match(msgid, i) if msgid[i] == "&" else None
        value = _entity_value(m) if m else None
        if m and value is not None and not keep_entity(value, "".join(out), msgid[m.end() :]):
            out.append(value)
            i = m.end()
            continue
        out.append(msgid[i])
        i += 1
    return "".join(out)


def _yaml_form(quote: str) -> Callable[[str], str | None]:
    """Read text the way old builds wrote it between ``quote`` (bare quotes escaped)."""
    if quote == '"':
        return lambda text: scalar_value('"' + re.sub(r'(?<!\\)"', r"\\\"", text) + '"')
    return lambda text: scalar_value("'" + re.sub(r"(?<!')'(?!')", "''", text) + "'")


def legacy_forms(msgid: str) -> list[tuple[str, Callable[[str], str]]]:
    """Each msgid today's extraction may give for the old ``msgid``, with its msgstr conversion.

    Returns ``(new_msgid, convert)`` pairs (none when nothing changed); ``convert(msgstr)`` is
    the translation to keep (the msgstr itself for decoded entities).
    """
    out: list[tuple[str, Callable[[str], str]]] = []
    decoded = decode_entities(msgid)
    if decoded != msgid:
        out.append((decoded, lambda text: text))
    if "\n" not in msgid and not PLACEHOLDER.search(msgid):
        for quote in ('"', "'"):
            value = scalar_value(quote + msgid + quote)
            if value is not None and value != msgid and value.strip() == value:
                out.append((value, _converter(_yaml_form(quote))))
    return out


def _converter(read: Callable[[str], str | None]) -> Callable[[str], str]:
    """``read``, keeping the text as it is where it does not read as YAML."""

    def convert(text: str) -> str:
        value = read(text)
        return text if value is None else value

    return convert
