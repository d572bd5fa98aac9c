r"""Render a ``Catalog`` as PO text in GNU gettext's layout (``render``, ``render_numbered``).

Rendering never changes the catalog: header updates (``PO-Revision-Date``,
``Catalog.declare_utf8``) are made by the caller before. Strings and references are laid out
by ``l10n.catalog.powrap`` as GNU msgcat does, not by polib's writer (which wraps
differently). Nothing here touches the file system. ``l10n.catalog.pofile`` re-exports
``render``, ``render_numbered`` and ``WRAP_WIDTH``.

Output conventions (every file we write):

* Encoding: the returned text is meant to be written as UTF-8 (our catalogs' header says
  ``charset=UTF-8``).
* Wrapping: exactly as GNU msgcat/msgmerge 0.21 write it (and so Poedit and Weblate), so
  that saving a file in those tools changes no line (``l10n.catalog.powrap`` does the layout).
  Strings longer than ``WRAP_WIDTH`` (79 columns, GNU's default page width) start with
  ``msgid ""`` and are split at Unicode line break opportunities (after spaces, after ``-``
  or ``/``, between CJK characters...), the space staying at the end of the line; a string
  with a newline before its end starts with ``""`` and is also split after each ``\n``.
  Width is counted in display columns (CJK characters count 2, combining marks 0, an escape
  such as ``\t`` 2). Entries flagged ``no-wrap`` are not wrapped. ``#:`` reference lines are
  wrapped at the same width. ``width=0`` writes as ``msgcat --no-wrap``: no string is split
  except after its newlines (references are still wrapped at 79, as GNU does); a catalog read
  unwrapped (``Catalog.wrap_width`` 0) is written so unless a width is given. Translator
  (``#``) and extracted (``#.``) comments are never wrapped, except a ``# l10n-mt:``
  provenance line longer than 78 columns: it is broken at spaces into lines of at most 78
  (``l10n.provenance.wrapped_lines``), as polib would wrap it, and read back as one line.
* References: a file name holding whitespace (``source/with space.txt``) is written isolated
  in U+2068/U+2069, ``#: ⁨source/with space.txt⁩:1``, as GNU gettext 0.22+ writes it (msgfmt
  and msgcat 0.21 accept it unchanged), and read back as one reference.
* Entries: header, then active entries in catalog order, then obsolete (``#~``) ones.
* Header contents (dates, required fields, no ``*-format`` flags) are the catalog's; see
  ``l10n.catalog.header``. Each field ends in ``\n``, the last one too unless the catalog
  was read without it (``Catalog.header_newline``).
"""

from __future__ import annotations

from l10n.catalog import powrap
from l10n.catalog.catalog import Catalog
from l10n.catalog.message import Message
from l10n.provenance import wrapped_lines

WRAP_WIDTH = 79
"""Default page width of the writer, in characters (GNU msgmerge's default)."""

FSI, PDI = "\u2068", "\u2069"
"""FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: GNU gettext 0.22+ wraps a reference's file
name holding whitespace in them (``#: \u2068a b.txt\u2069:1``)."""


def _isolate(path: str) -> str:
    """A reference's file name as GNU gettext 0.22+ writes it: wrapped in U+2068/U+2069 (FSI,
    PDI) when it holds whitespace, so that readers do not split it into two references."""
    return f"{FSI}{path}{PDI}" if any(c.isspace() for c in path) else path


def _entry_lines(entry: Message, width: int) -> tuple[list[str], int]:
    """One entry as PO lines, laid out as GNU msgcat writes it, and the index of its msgid line.

    Comment order as GNU writes it: ``#``, ``#.``, ``#:``, ``#,``, ``#|`` (``#~|`` for an
    obsolete entry), then the strings (``#~ `` before each line of an obsolete entry).
    """
    lines: list[str] = []
    if entry.tcomment or entry.blank_tcomment:
        lines += ["# " + c if c else "#" for line in entry.tcomment.split("\n") for c in wrapped_lines(line)]
    if entry.comment or entry.blank_comment:
        lines += ["#. " + c if c else "#." for c in entry.comment.split("\n")]
    if entry.occurrences:
        refs = [f"{_isolate(p)}:{n}" if n else _isolate(p) for p, n in entry.occurrences]
        lines += powrap.wrap_references(refs, width if width > 0 else WRAP_WIDTH)  # as msgcat --no-wrap
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    if "no-wrap" in entry.flags:
        width = 0
    previous_prefix = "#~| " if entry.obsolete else "#| "
    for name, value in (
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    ):
        if value is not None:
            lines += powrap.string_lines(name, value, width=width, prefix=previous_prefix)
    prefix = "#~ " if entry.obsolete else ""
    msgid_at = 0
    fields: list[tuple[str, str]] = [] if entry.msgctxt is None else [("msgctxt", entry.msgctxt)]
    fields.append(("msgid", entry.msgid))
    if entry.msgid_plural:
        fields.append(("msgid_plural", entry.msgid_plural))
        fields += [(f"msgstr[{i}]", entry.msgstr_plural[i]) for i in sorted(entry.msgstr_plural)]
    else:
        fields.append(("msgstr", entry.msgstr))
    for name, value in fields:
        if name == "msgid":
            msgid_at = len(lines)
        lines += powrap.string_lines(name, value, width=width, prefix=prefix)
    return lines, msgid_at


def _layout(catalog: Catalog, width: int) -> tuple[str, list[tuple[Message, int]]]:
    """The catalog as PO text, and each message with the 1-based line of its msgid."""
    lines: list[str] = []
    if catalog.has_header or catalog.header or catalog.header_comment or catalog.fuzzy:
        msgstr = "".join(f"{name}: {value}\n" for name, value in catalog.header.items())
        if not catalog.header_newline:
            msgstr = msgstr.removesuffix("\n")
        flags = ["fuzzy"] if catalog.fuzzy else []
        header = Message(msgid="", msgstr=msgstr, tcomment=catalog.header_comment, flags=flags)
        lines += _entry_lines(header, width)[0]
    where: list[tuple[Message, int]] = []
    for message in catalog.active() + catalog.obsolete():
        entry, msgid_at = _entry_lines(message, width)
        if lines:
            lines.append("")
        where.append((message, len(lines) + msgid_at + 1))
        lines += entry
    return "\n".join(lines) + "\n", where


def _width(catalog: Catalog, width: int | None) -> int:
    """The page width to write at: ``width``, else the catalog's (``Catalog.wrap_width``), else
    ``WRAP_WIDTH``."""
    if width is not None:
        return width
    return WRAP_WIDTH if catalog.wrap_width is None else catalog.wrap_width


def render(catalog: Catalog, *, width: int | None = None) -> str:
    """The catalog as PO text, written as described in the module docstring; the catalog is
    not changed.

    Args:
        catalog: what to write (header as it is: update dates or charset before).
        width: page width in columns; 0 writes as ``msgcat --no-wrap``; None: the catalog's
            (``Catalog.wrap_width``: 0 for a catalog read unwrapped), else ``WRAP_WIDTH``.

    Returns:
        PO text (write as UTF-8).
    """
    return _layout(catalog, _width(catalog, width))[0]


def render_numbered(catalog: Catalog, *, width: int | None = None) -> tuple[str, Catalog]:
    """``render``, plus a copy of the catalog as ``parse`` would read the text back.

    The copy's messages carry the line numbers of the rendered text, so a stage can hand
    the catalog it wrote to the next stage without parsing the file again.

    Returns:
        (PO text, the copy).
    """
    copied = catalog.copy()
    text, where = _layout(copied, _width(catalog, width))
    for message, line in where:
        message.line = line
    return text, copied


__all__ = ["FSI", "PDI", "WRAP_WIDTH", "render", "render_numbered"]
