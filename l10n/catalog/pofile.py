r"""The PO file format: parse PO/POT text into a ``Catalog``.

This is the only module that imports polib (the reader; its workarounds live here); callers
see ``str`` and ``l10n.catalog.catalog.Catalog`` values, never polib objects. Nothing here
touches the file system: ``l10n.project`` reads, writes atomically and detects conflicts.

Also here, from the modules that hold them: ``decode``, ``declared_charset``, ``codec``,
``check_size`` and ``MAX_CATALOG_BYTES`` (``l10n.catalog.charset``: a file's bytes to text),
``render``, ``render_numbered`` and ``WRAP_WIDTH`` (``l10n.catalog.porender``: a ``Catalog``
to PO text in GNU's layout, whose docstring lists the output conventions).

Input: any wrapping (Poedit, msgmerge, ours), a UTF-8 BOM, CRLF line endings. A ``# l10n-mt:``
provenance comment wrapped over several ``#`` lines (by polib at 78 columns, or by us:
``l10n.provenance.wrapped_lines``) is read back as one translator comment line
(``l10n.provenance.joined_lines``). References: a
file name holding whitespace isolated in U+2068/U+2069 (``#: ⁨source/with space.txt⁩:1``, as
GNU gettext 0.22+ writes it) is read back as one reference.

Escapes: the reader accepts exactly the escapes GNU msgfmt accepts (``\\ \" \n \t \r \a
\b \f \v``, octal ``\NNN``, hex ``\xHH``); any other (``\q``, ``\?``, ``\'``) is an error
``invalid escape sequence``. Octal and hex escapes are decoded as UTF-8 bytes (gettext never
writes them; the writer writes the characters themselves).

Known limits of the reader (polib): ``#~|`` previous-msgid lines of obsolete entries are
dropped, and a header comment line without a space after ``#`` loses one character.
"""

from __future__ import annotations

import bisect
import re

import polib

from l10n.catalog import postructure, powrap
from l10n.catalog.catalog import Catalog, Message
from l10n.catalog.charset import MAX_CATALOG_BYTES, check_size, codec, declared_charset, decode
from l10n.catalog.porender import FSI, WRAP_WIDTH, render, render_numbered
from l10n.errors import CatalogError
from l10n.provenance import joined_lines

# A string line of a PO file: optional keyword, then one C string literal.
_STRING_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s*)?"(?:[^"\\]|\\.)*"')
_ENDS_IN_NEWLINE = re.compile(r"(?<!\\)(?:\\\\)*\\n$")  # a string's inside ending in the escape \n
_POLIB_ERROR = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")


def _check_lines(lines: list[str], path: str) -> list[int]:
    """Reject string lines polib would silently misread; return the 1-based msgid lines.

    Own code: polib accepts e.g. ``msgid foo`` (no quotes) and reads a wrong msgid, or
    ``msgstr[0]`` on an entry without ``msgid_plural`` as an untranslated entry; the keyword
    order of each entry is checked as msgfmt does (``postructure.keyword_sequence``).
    """
    msgid_lines: list[int] = []
    keyword_lines: list[tuple[int, str]] = []
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
        if line.startswith("msg"):
            keyword_lines.append((number, line))
    postructure.keyword_sequence(postructure.keywords(keyword_lines), path)
    return msgid_lines


Comments = tuple[list[str], list[str]]
"""The translator (``#``) and extracted (``#.``) comment lines of one entry, without the marks."""


def _comment_text(line: str, mark: int) -> str:
    """The text of a comment line after its ``mark`` characters and one space, as GNU reads it."""
    text = line[mark:]
    return text[1:] if text.startswith(" ") else text


def _comments(lines: list[str]) -> dict[int, Comments]:
    """Each entry's translator and extracted comment lines, by the 1-based line of its msgid.

    Own code rather than polib's: polib strips trailing spaces and the space runs of ``#  ``,
    drops empty ``#.`` lines, and gives the comments above the first entry of a catalog
    without a header entry to the header. As GNU gettext reads a comment, the text starts
    after ``#`` (``#.``) and one space.
    """
    found: dict[int, Comments] = {}
    translator: list[str] = []
    extracted: list[str] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.lstrip()
        if line.startswith("#~"):
            rest = line[2:].lstrip()
            if rest.startswith("msgid") and not rest.startswith("msgid_plural"):
                found[number], translator, extracted = (translator, extracted), [], []
        elif line.startswith("#."):
            extracted.append(_comment_text(line, 2))
        elif line.startswith(("#,", "#:", "#|")):
            continue
        elif line.startswith("#"):
            translator.append(_comment_text(line, 1))
        elif line.startswith("msgid") and not line.startswith("msgid_plural"):
            found[number], translator, extracted = (translator, extracted), [], []
    return found


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


_OBSOLETE_PREVIOUS = re.compile(r"^(\s*)#~\|")
# A mark GNU gettext reads with or without the space after it (``#:a.txt:1``, ``#,fuzzy``,
# ``#~msgid``); polib needs the space.
_BARE_MARK = re.compile(r"^(\s*#[:,.|~])(?=\S)")

# The escapes GNU gettext's PO lexer accepts (po-lex.c: control_sequence): the named ones,
# octal (1-3 digits) and hexadecimal (one or more digits). Anything else (\q, \?, \', \e,
# \u0041) is msgfmt's "invalid control sequence". A run of numeric escapes is one byte string.
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE = re.compile(r"((?:\\x[0-9A-Fa-f]+|\\[0-7]{1,3})+)|\\(.)")
_NUMERIC = re.compile(r"\\x([0-9A-Fa-f]+)|\\([0-7]{1,3})")
_NAMED_ESCAPES = frozenset('\\"ntrabfv')
_REESCAPE = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b"}
_REESCAPE |= {"\f": "\\f", "\v": "\\v", "\a": "\\a"}


def _numeric_escapes(run: str, path: str, line: int) -> str:
    """The text a run of octal/hex escapes stands for (its bytes read as UTF-8), re-escaped."""
    values = [int(h, 16) if h else int(o, 8) for h, o in _NUMERIC.findall(run)]
    if any(v > 0xFF for v in values) or 0 in values:
        raise CatalogError(
            f"unsupported escape sequence {run} (NUL or out of byte range)", path=path, line=line
        )
    try:
        text = bytes(values).decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogError(f"escape sequence {run} is not valid UTF-8", path=path, line=line) from None
    return "".join(_REESCAPE.get(c, c) for c in text).translate(_HIDE)


def _decode_escapes(lines: list[str], path: str) -> list[str]:
    r"""Check every escape of the string lines as GNU msgfmt does; decode octal and hex ones.

    polib reads an unknown escape literally (``\q`` as backslash + q) and does not decode
    ``\101`` or ``\x41``: both would reach the .mo wrong.

    Raises:
        CatalogError: ``invalid escape sequence \q`` (line of the string), a NUL or
            out-of-range numeric escape, or numeric escapes that are not UTF-8.
    """
    out = lines
    for index, raw in enumerate(lines):
        if "\\" not in raw or not _STRING_START.match(raw):
            continue

        def fix(match: re.Match[str], number: int = index + 1) -> str:
            if match.group(1):
                return _numeric_escapes(match.group(1), path, number)
            if match.group(2) not in _NAMED_ESCAPES:
                raise CatalogError(f"invalid escape sequence \\{match.group(2)}", path=path, line=number)
            return match.group()

        fixed = _QUOTED.sub(lambda m: '"' + _ESCAPE.sub(fix, m.group(1)) + '"', raw)
        if fixed != raw:
            out = out if out is not lines else list(lines)
            out[index] = fixed
    return out


def _number_entries(
    pofile: polib.POFile, msgid_lines: list[int], path: str
) -> dict[tuple[str | None, str], int]:
    """Set each entry's ``linenum`` to the line of its msgid; return the line of each key.

    Raises:
        CatalogError: a duplicate (msgctxt, msgid), obsolete entries included.
    """
    seen: dict[tuple[str | None, str], int] = {}
    for entry in pofile:
        i = bisect.bisect_left(msgid_lines, entry.linenum or 0)
        entry.linenum = msgid_lines[i] if i < len(msgid_lines) else 0
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise CatalogError(
                f"duplicate message definition (first defined at line {seen[key]})",
                path=path,
                line=entry.linenum,
            )
        seen[key] = entry.linenum
    return seen


def _header_newline(lines: list[str], header_line: int) -> bool:
    """Whether the header's msgstr (its msgid on the 1-based ``header_line`` of ``lines``) is
    empty or ends in ``\\n``, as every catalog GNU gettext makes has it."""
    pieces: list[str] = []
    for line in lines[header_line:]:
        found = _STRING_LINE.match(line.strip())
        if found is None or (pieces and not found.group(0).startswith('"')):
            if pieces:
                break
            continue
        if pieces or found.group(0).startswith("msgstr"):
            pieces.append(found.group(0).split('"', 1)[1][:-1])
    joined = "".join(pieces)
    return not joined or _ENDS_IN_NEWLINE.search(joined) is not None


def _read(text: str, path: str) -> tuple[polib.POFile, dict[int, Comments], Comments | None, bool]:
    """Parse PO text with polib; each entry's ``linenum`` becomes the line of its msgid.

    Returns:
        (the polib file, each entry's comments by msgid line (``_comments``), the comments
        of the header entry or None when the text has no header entry, whether the header's
        msgstr is empty or ends in a newline (``_header_newline``)).

    Raises:
        CatalogError: malformed text, or a duplicate (msgctxt, msgid), obsolete entries
            included (GNU msgfmt and msgcat refuse those too).
    """
    hidden = text.translate(_HIDE)
    if hidden != text and any(c in text for c in _STAND_INS):
        raise CatalogError("unsupported private-use character (U+F0000..U+F0007)", path=path)
    lines = hidden.splitlines()
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    msgid_lines = _check_lines(lines, path)
    comments = _comments(lines)
    lines = _decode_escapes(lines, path)
    decoded_splitters = any(c in line for line in lines for c in _STAND_INS)
    if hidden != text:
        comments = {
            n: ([c.translate(_SHOW) for c in t], [c.translate(_SHOW) for c in x])
            for n, (t, x) in comments.items()
        }
    if "\\a" in hidden:  # polib does not know the "\a" escape that gettext reads and writes
        lines = [_BELL.sub(_unescape_bell, line) if _STRING_START.match(line) else line for line in lines]
    # polib skips the "#~|" previous-msgid lines of obsolete entries: read them as "#|" lines
    # (the msgid that follows, "#~ msgid", still makes the entry obsolete)
    lines = [_BARE_MARK.sub(r"\1 ", _OBSOLETE_PREVIOUS.sub(r"\1#|", line)) for line in lines]
    source = "\n".join(lines) + "\n"  # always has a newline: polib would treat a bare name as a file
    try:
        pofile = polib.pofile(source, encoding="utf-8")
    except (OSError, ValueError) as exc:
        match = _POLIB_ERROR.search(str(exc))
        line = int(match.group(1)) if match else None
        detail = match.group(2) if match and match.group(2) else "syntax error"
        raise CatalogError(detail, path=path, line=line) from None
    seen = _number_entries(pofile, msgid_lines, path)
    pofile.metadata_is_fuzzy = bool(pofile.metadata_is_fuzzy)
    if hidden != text or decoded_splitters:
        _show_splitters(pofile)
    header: Comments | None = None
    header_line, newline = 1, True
    if len(msgid_lines) > len(pofile):  # polib took the header entry out of the list
        header_line = min(set(msgid_lines) - set(seen.values()))
        header = comments.get(header_line, ([], []))
        newline = _header_newline(lines, header_line)
    plural = [e for e in pofile if e.msgid_plural and not e.obsolete]
    plurals = [(e.linenum, e.msgstr_plural, "fuzzy" in e.flags) for e in plural]
    postructure.check_plurals(pofile.metadata.get("Plural-Forms"), plurals, path, header_line)
    return pofile, comments, header, newline


_ISOLATED_REF = re.compile("\u2068([^\u2069]*)\u2069(?::([0-9]+))?")


def _references(occurrences: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """polib's references with the file names GNU gettext (0.22+) isolates in U+2068/U+2069
    because they hold a space put back together (polib splits ``#: ⁨a b.txt⁩:1`` at the space).

    A run of spaces or tabs inside such a name reads as one space (polib does not keep it).
    """
    if not any(FSI in path for path, _n in occurrences):
        return occurrences
    out: list[tuple[str, str]] = []
    pending: list[str] = []
    for path, line in occurrences:
        raw = f"{path}:{line}" if line else path
        if pending or raw.startswith(FSI):
            pending.append(raw)
            match = _ISOLATED_REF.fullmatch(" ".join(pending))
            if match:
                out.append((match.group(1), match.group(2) or ""))
                pending = []
            continue
        out.append((path, line))
    if pending:  # an FSI without its PDI: keep what polib read
        out += [(raw, "") for raw in pending]
    return out


def _message(entry: polib.POEntry, comments: dict[int, Comments]) -> Message:
    """A polib entry as our ``Message`` record (polib's empty values become ours)."""
    tcomment, comment = comments.get(entry.linenum, ([], []))
    return Message(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural or None,
        msgstr_plural=dict(entry.msgstr_plural),
        tcomment="\n".join(joined_lines(tcomment)),
        comment="\n".join(comment),
        blank_tcomment=tcomment == [""],
        blank_comment=comment == [""],
        occurrences=_references(list(entry.occurrences)),
        flags=list(entry.flags),
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=bool(entry.obsolete),
        line=entry.linenum or 0,
    )


def parse(text: str, path: str = "") -> Catalog:
    """Read PO/POT text.

    Accepts any wrapping (Poedit, msgmerge, ours), a UTF-8 BOM and CRLF line endings. A
    catalog saved unwrapped (``l10n.catalog.powrap.detect_wrap``) gets ``wrap_width`` 0, so
    ``render`` writes it back unwrapped; a header msgstr without its final ``\\n`` is kept
    so (``Catalog.header_newline``).

    Args:
        text: the file's text (``decode`` turns bytes into it).
        path: file name for error messages; becomes the catalog's ``path``.

    Returns:
        The catalog; each message's ``line`` is the line of its msgid in ``text``.

    Raises:
        CatalogError: malformed input (line = the offending line when known), or a
            duplicate (msgctxt, msgid).
    """
    pofile, comments, header, newline = _read(text, path)
    return Catalog(
        [_message(e, comments) for e in pofile],
        metadata=dict(pofile.metadata),
        header_comment="\n".join(header[0]) if header else "",
        fuzzy=bool(pofile.metadata_is_fuzzy),
        path=path,
        has_header=header is not None,
        wrap_width=None if powrap.detect_wrap(text, WRAP_WIDTH) else 0,
        header_newline=newline,
    )


__all__ = [
    "MAX_CATALOG_BYTES",
    "WRAP_WIDTH",
    "check_size",
    "codec",
    "declared_charset",
    "decode",
    "parse",
    "render",
    "render_numbered",
]
