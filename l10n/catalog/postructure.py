"""The structure GNU ``msgfmt -c`` requires of a PO file, checked before a catalog is used.

A catalog that breaks it is refused as a whole (``CatalogError``, one ``path:line:`` line):
reading it any other way would misread a person's work (polib reads ``msgstr[0]`` on an entry
without ``msgid_plural`` as an untranslated entry, and the next run would fill it with machine
output). The rules and messages are GNU gettext 0.21's (``po-gram``, ``msgl-check.c``):

* Each entry is ``[msgctxt] msgid (msgstr | msgid_plural msgstr[0] msgstr[1] ...)``
  (``keyword_sequence``): ``msgstr[N]`` without ``msgid_plural`` is "missing 'msgid_plural'
  section", ``msgid_plural`` without ``msgstr[N]`` "missing 'msgstr[]' section", indexes must
  count up from 0 ("plural form has wrong index"), a missing or repeated keyword is an error.
* The header's ``Plural-Forms`` (``check_plurals``): ``nplurals`` a positive integer, the
  ``plural`` expression valid C and never at or above ``nplurals`` (tried for n = 0..1000).
  xgettext's placeholder ``nplurals=INTEGER; plural=EXPRESSION;`` counts as no field (a
  template's; msgfmt refuses it, we read templates that carry it).
* A translated (``msgstr[0]`` not empty), not fuzzy, active plural entry has exactly
  ``nplurals`` msgstr[N]; a catalog with such entries needs a ``Plural-Forms`` field.

Not catalog errors here, though ``msgfmt -c`` refuses them: format-string and newline
mismatches between msgid and msgstr (entry-level check errors, ``l10n.checks``), and a
catalog without a header entry (read as one; we never write one without). Stricter than
msgfmt 0.21: a raw NUL byte (``l10n.catalog.charset.decode``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from l10n.errors import CatalogError
from l10n.locale import parse_plural_forms

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?")
PLACEHOLDER_PLURAL_FORMS = "nplurals=INTEGER; plural=EXPRESSION;"
"""xgettext's ``Plural-Forms`` of a template, read as no field."""

Keyword = tuple[str, int | None, int]
"""One keyword line of a PO file: (keyword, plural index or None, 1-based line)."""


def keywords(lines: Iterable[tuple[int, str]]) -> list[Keyword]:
    """The keyword lines among ``(line number, stripped text without #~)`` pairs of string lines."""
    out: list[Keyword] = []
    for number, text in lines:
        match = _KEYWORD.match(text)
        if match:
            index = match.group(2)
            out.append((match.group(1), None if index is None else int(index), number))
    return out


def _entries(found: Sequence[Keyword]) -> list[list[Keyword]]:
    """The keyword lines cut into entries: a msgctxt, or a msgid not after a msgctxt, starts one."""
    entries: list[list[Keyword]] = []
    for keyword in found:
        name = keyword[0]
        starts = name == "msgctxt" or (name == "msgid" and not (entries and entries[-1][-1][0] == "msgctxt"))
        if starts or not entries:
            entries.append([])
        entries[-1].append(keyword)
    return entries


def _check_plural_tail(tail: Sequence[Keyword], path: str, after: int) -> None:
    """The ``msgstr[0] msgstr[1] ...`` lines after a ``msgid_plural`` (line ``after``)."""
    if not tail:
        raise CatalogError("missing 'msgstr[]' section", path=path, line=after)
    for expected, (name, index, line) in enumerate(tail):
        if name != "msgstr" or index is None:
            raise CatalogError(f"syntax error: unexpected {name} after msgid_plural", path=path, line=line)
        if index != expected:
            what = "first plural form has nonzero index" if expected == 0 else "plural form has wrong index"
            raise CatalogError(what, path=path, line=line)


def _check_entry(entry: Sequence[Keyword], path: str, next_line: int | None) -> None:
    """One entry's keyword lines against ``[msgctxt] msgid (msgstr | msgid_plural msgstr[N]+)``
    (``next_line``: the first line of the next entry, None at the end)."""
    rest = list(entry[1:] if entry[0][0] == "msgctxt" else entry)
    if not rest or rest[0][0] != "msgid" or rest[0][1] is not None:
        raise CatalogError("missing 'msgid' section", path=path, line=(rest or entry)[0][2])
    msgid_line = rest[0][2]
    if len(rest) > 1 and rest[1][0] == "msgid_plural":
        _check_plural_tail(rest[2:], path, rest[1][2])
        return
    if len(rest) == 1 and next_line is not None:
        raise CatalogError("syntax error: a new entry before the msgstr", path=path, line=next_line)
    if len(rest) == 1:
        raise CatalogError("missing 'msgstr' section", path=path, line=msgid_line)
    name, index, line = rest[1]
    if name == "msgstr" and index is not None:
        raise CatalogError("missing 'msgid_plural' section", path=path, line=msgid_line)
    if name != "msgstr":
        raise CatalogError(f"syntax error: unexpected {name}", path=path, line=line)
    if len(rest) > 2:
        raise CatalogError(f"syntax error: unexpected {rest[2][0]}", path=path, line=rest[2][2])


def keyword_sequence(found: Sequence[Keyword], path: str) -> None:
    """Check that every entry's keywords follow GNU's grammar (module docstring).

    Args:
        found: the keyword lines of a file in order (``keywords``), obsolete entries included.
        path: file name for errors.

    Raises:
        CatalogError: the first entry that breaks the grammar, at its line (msgfmt's message).
    """
    entries = _entries(found)
    for at, entry in enumerate(entries):
        _check_entry(entry, path, entries[at + 1][0][2] if at + 1 < len(entries) else None)


PluralEntry = tuple[int, dict[int, str], bool]
"""What ``check_plurals`` reads of an active plural entry: (line, msgstr by index, fuzzy)."""


def _nplurals(value: str, path: str, line: int) -> int:
    """The ``nplurals`` of a header's ``Plural-Forms`` value, checked as msgfmt -c does."""
    match = re.search(r"nplurals\s*=\s*([^;\s]*)", value)
    if match is None or not match.group(1).isdigit() or int(match.group(1)) == 0:
        raise CatalogError("invalid nplurals value in the Plural-Forms header", path=path, line=line)
    expression = re.search(r"\bplural\s*=\s*([^;]*)", value)  # GNU's parser stops at a ";"
    try:
        if expression is None:
            raise ValueError("no plural=")
        nplurals, sample = parse_plural_forms(f"nplurals={match.group(1)}; plural={expression.group(1)};")
    except ValueError:
        message = "invalid plural expression in the Plural-Forms header"
        raise CatalogError(message, path=path, line=line) from None
    if max(sample) >= nplurals or min(sample) < 0:
        raise CatalogError(
            f"nplurals = {nplurals} but the plural expression can produce values as large as {max(sample)}",
            path=path,
            line=line,
        )
    return nplurals


def check_plurals(
    plural_forms: str | None, entries: Iterable[PluralEntry], path: str, header_line: int
) -> None:
    """Check the header's ``Plural-Forms`` and the msgstr[N] count of translated plural entries.

    Args:
        plural_forms: the header's ``Plural-Forms`` value, None without one.
        entries: the active entries with ``msgid_plural`` (``PluralEntry``).
        path: file name for errors. header_line: the line of the header entry (1 if unknown).

    Raises:
        CatalogError: a bad ``Plural-Forms`` (header line), or a translated, not fuzzy plural
            entry with another number of forms than ``nplurals`` or in a catalog without the
            field (the entry's line).
    """
    if plural_forms is not None and " ".join(plural_forms.split()) == PLACEHOLDER_PLURAL_FORMS:
        plural_forms = None
    nplurals = None if plural_forms is None else _nplurals(plural_forms, path, header_line)
    for line, strings, fuzzy in entries:
        if fuzzy or not strings.get(0):
            continue
        if nplurals is None:
            message = "plural form translations, but the header has no valid Plural-Forms field"
            raise CatalogError(message, path=path, line=line)
        if len(strings) != nplurals:
            message = f"nplurals = {nplurals} in the header, but this entry has {len(strings)} plural forms"
            raise CatalogError(message, path=path, line=line)


__all__ = [
    "PLACEHOLDER_PLURAL_FORMS",
    "Keyword",
    "PluralEntry",
    "check_plurals",
    "keyword_sequence",
    "keywords",
]
