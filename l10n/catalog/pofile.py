r"""The PO file format: parse PO/POT text into a ``Catalog``, render a ``Catalog`` as PO text.

This is the only module that imports polib (the reader; its workarounds live here); callers
see ``str`` and ``l10n.catalog.catalog.Catalog`` values, never polib objects. Rendering never
changes the catalog: header updates (``PO-Revision-Date``, ``Catalog.declare_utf8``) are made
by the caller before. Nothing here touches the file system: ``l10n.project`` reads, writes
atomically and detects conflicts.

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
  except after its newlines (references are still wrapped at 79, as GNU does). Translator
  (``#``) and extracted (``#.``) comments are never wrapped: polib would re-wrap them into
  several lines, which changes them on the next read and would split the ``# l10n-mt:``
  provenance line.
* Entries: header, then active entries in catalog order, then obsolete (``#~``) ones.
* Header contents (dates, required fields, no ``*-format`` flags) are the catalog's; see
  ``l10n.catalog.catalog``.

Known limits of the reader (polib): ``#~|`` previous-msgid lines of obsolete entries are
dropped, a header comment line without a space after ``#`` loses one character, and octal or
hexadecimal escapes (``\033``, ``\x1b``) are not decoded (gettext never writes them; ``\a``,
``\b``, ``\f``, ``\v`` are read and written as gettext does).
"""

from __future__ import annotations

import bisect
import re

import polib

from l10n.catalog import powrap
from l10n.catalog.catalog import Catalog, Message
from l10n.errors import CatalogError

WRAP_WIDTH = 79
"""Default page width of the writer, in characters (GNU msgmerge's default)."""

# A string line of a PO file: optional keyword, then one C string literal.
_STRING_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s*)?"(?:[^"\\]|\\.)*"')
_POLIB_ERROR = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")


def decode(data: bytes, *, path: str = "") -> str:
    """Decode the bytes of a PO/POT file to text, honouring a UTF-8 BOM and the header charset.

    Args:
        data: the file's bytes.
        path: file name for error messages.

    Returns:
        The text (BOM removed; line endings untouched).

    Raises:
        CatalogError: the bytes are not valid in the declared charset (or UTF-8).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    match = re.search(rb"charset=([\w.:-]+)", data[:4096])
    charset = match.group(1).decode("ascii") if match else "utf-8"
    if charset.upper() == "CHARSET":  # xgettext's placeholder
        charset = "utf-8"
    try:
        return data.decode(charset)
    except LookupError:
        raise CatalogError(f"unknown charset {charset!r}", path=path) from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError(f"text is not valid {charset}", path=path, line=line) from None


# ---------------------------------------------------------------------------------------------
# Reading


def _check_lines(lines: list[str], path: str) -> list[int]:
    """Reject string lines polib would silently misread; return the 1-based msgid lines.

    Own code: polib accepts e.g. ``msgid foo`` (no quotes) and reads a wrong msgid.
    """
    msgid_lines: list[int] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):
            rest = line[2:].strip()
            if not rest.startswith(("msg", '"')):
                continue
            line = rest
        elif line.startswith("#"):
            continue
        if not _STRING_LINE.fullmatch(line):
            raise CatalogError(
                f"expected a keyword and a quoted string, got {line[:40]!r}", path=path, line=number
            )
        if line.startswith("msgid") and not line.startswith("msgid_plural"):
            msgid_lines.append(number)
    return msgid_lines


# str.splitlines() (which polib uses) also breaks lines at these characters, but gettext does
# not: a msgid holding U+2028 (common in text pasted from web pages) would be cut in two. They
# are swapped for private-use stand-ins while polib reads, and swapped back afterwards.
_SPLITTERS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_STAND_INS = "".join(chr(0xF0000 + i) for i in range(len(_SPLITTERS)))
_HIDE = str.maketrans(_SPLITTERS, _STAND_INS)
_SHOW = str.maketrans(_STAND_INS, _SPLITTERS)
_TEXT_FIELDS: tuple[str, ...] = ("msgid", "msgstr", "msgctxt", "msgid_plural", "tcomment", "comment")
_TEXT_FIELDS += ("previous_msgctxt", "previous_msgid", "previous_msgid_plural")


def _show_splitters(pofile: polib.POFile) -> None:
    """Put the characters hidden by ``_HIDE`` back into every string of ``pofile``."""
    pofile.header = pofile.header.translate(_SHOW)
    pofile.metadata = {k.translate(_SHOW): v.translate(_SHOW) for k, v in pofile.metadata.items()}
    for entry in pofile:
        for name in _TEXT_FIELDS:
            value = getattr(entry, name)
            if value:
                setattr(entry, name, value.translate(_SHOW))
        entry.msgstr_plural = {i: v.translate(_SHOW) for i, v in entry.msgstr_plural.items()}


_BELL = re.compile(r"\\[\\a]")
_STRING_START = re.compile(r"\s*(?:#[~|]+\s*)*(?:msg|\")")


def _unescape_bell(match: re.Match[str]) -> str:
    return "\a" if match.group() == "\\a" else match.group()


def _read(text: str, path: str) -> polib.POFile:
    """Parse PO text with polib; each entry's ``linenum`` becomes the line of its msgid."""
    hidden = text.translate(_HIDE)
    if hidden != text and any(c in text for c in _STAND_INS):
        raise CatalogError("unsupported private-use character (U+F0000..U+F0007)", path=path)
    lines = hidden.splitlines()
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    msgid_lines = _check_lines(lines, path)
    if "\\a" in hidden:  # polib does not know the "\a" escape that gettext reads and writes
        lines = [_BELL.sub(_unescape_bell, line) if _STRING_START.match(line) else line for line in lines]
    source = "\n".join(lines) + "\n"  # always has a newline: polib would treat a bare name as a file
    try:
        pofile = polib.pofile(source, encoding="utf-8")
    except (OSError, ValueError) as exc:
        match = _POLIB_ERROR.search(str(exc))
        line = int(match.group(1)) if match else None
        detail = match.group(2) if match and match.group(2) else "syntax error"
        raise CatalogError(detail, path=path, line=line) from None
    seen: dict[tuple[str | None, str], int] = {}
    for entry in pofile:
        i = bisect.bisect_left(msgid_lines, entry.linenum or 0)
        entry.linenum = msgid_lines[i] if i < len(msgid_lines) else 0
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise CatalogError(
                f"duplicate message definition (first defined at line {seen[key]})",
                path=path,
                line=entry.linenum,
            )
        seen[key] = entry.linenum
    pofile.metadata_is_fuzzy = bool(pofile.metadata_is_fuzzy)
    if hidden != text:
        _show_splitters(pofile)
    return pofile


def _message(entry: polib.POEntry) -> Message:
    """A polib entry as our ``Message`` record (polib's empty values become ours)."""
    return Message(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural or None,
        msgstr_plural=dict(entry.msgstr_plural),
        tcomment=entry.tcomment or "",
        comment=entry.comment or "",
        occurrences=list(entry.occurrences),
        flags=list(entry.flags),
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=bool(entry.obsolete),
        line=entry.linenum or 0,
    )


def parse(text: str, path: str = "") -> Catalog:
    """Read PO/POT text.

    Accepts any wrapping (Poedit, msgmerge, ours), a UTF-8 BOM and CRLF line endings.

    Args:
        text: the file's text (``decode`` turns bytes into it).
        path: file name for error messages; becomes the catalog's ``path``.

    Returns:
        The catalog; each message's ``line`` is the line of its msgid in ``text``.

    Raises:
        CatalogError: malformed input (line = the offending line when known), or a
            duplicate (msgctxt, msgid).
    """
    pofile = _read(text, path)
    return Catalog(
        [_message(e) for e in pofile],
        metadata=dict(pofile.metadata),
        header_comment=pofile.header,
        fuzzy=bool(pofile.metadata_is_fuzzy),
        path=path,
    )


# ---------------------------------------------------------------------------------------------
# Writing


# Strings and references are laid out by l10n.catalog.powrap, as GNU msgcat does, not by polib's writer
# (which wraps differently; see l10n.catalog.powrap).


def _entry_lines(entry: Message, width: int) -> tuple[list[str], int]:
    """One entry as PO lines, laid out as GNU msgcat writes it, and the index of its msgid line."""
    lines: list[str] = []
    if entry.tcomment:
        lines += ["# " + c if c else "#" for c in entry.tcomment.split("\n")]
    if not entry.obsolete:
        if entry.comment:
            lines += ["#. " + c for c in entry.comment.split("\n") if c]
        if entry.occurrences:
            refs = [f"{p}:{n}" if n else p for p, n in entry.occurrences]
            lines += powrap.wrap_references(refs, width if width > 0 else WRAP_WIDTH)  # as msgcat --no-wrap
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    if "no-wrap" in entry.flags:
        width = 0
    if not entry.obsolete:  # polib cannot read "#~|" lines back: obsolete entries lose them
        for name, value in (
            ("msgctxt", entry.previous_msgctxt),
            ("msgid", entry.previous_msgid),
            ("msgid_plural", entry.previous_msgid_plural),
        ):
            if value is not None:
                lines += powrap.string_lines(name, value, width=width, prefix="#| ")
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
    if catalog.header_comment:
        for line in catalog.header_comment.split("\n"):
            lines.append("#" if not line else ("#" if line[:1] in ",:" else "# ") + line)
    msgstr = "".join(f"{name}: {value}\n" for name, value in catalog.header.items())
    header = Message(msgid="", msgstr=msgstr, flags=["fuzzy"] if catalog.fuzzy else [])
    lines += _entry_lines(header, width)[0]
    where: list[tuple[Message, int]] = []
    for message in catalog.active() + catalog.obsolete():
        entry, msgid_at = _entry_lines(message, width)
        lines.append("")
        where.append((message, len(lines) + msgid_at + 1))
        lines += entry
    return "\n".join(lines) + "\n", where


def render(catalog: Catalog, *, width: int = WRAP_WIDTH) -> str:
    """The catalog as PO text, written as described in the module docstring; the catalog is
    not changed.

    Args:
        catalog: what to write (header as it is: update dates or charset before).
        width: page width in columns; 0 writes as ``msgcat --no-wrap``.

    Returns:
        PO text (write as UTF-8).
    """
    return _layout(catalog, width)[0]


def render_numbered(catalog: Catalog, *, width: int = WRAP_WIDTH) -> tuple[str, Catalog]:
    """``render``, plus a copy of the catalog as ``parse`` would read the text back.

    The copy's messages carry the line numbers of the rendered text, so a stage can hand
    the catalog it wrote to the next stage without parsing the file again.

    Returns:
        (PO text, the copy).
    """
    copied = catalog.copy()
    text, where = _layout(copied, width)
    for message, line in where:
        message.line = line
    return text, copied
