r"""Gettext catalogs: template (POT), merge (msgmerge), read, write and compile (.mo, via ``mofile``).

This is the only module that imports polib; callers see ``str``/``bytes`` and
``l10n.model.Entry`` values, never polib objects. Nothing here touches the file
system: ``l10n.project`` reads, writes atomically and detects conflicts.

Output conventions (every file we write):

* Encoding: the returned text is meant to be written as UTF-8, and the header says
  ``charset=UTF-8``.
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
* Entries: header, then active entries in template order, then obsolete (``#~``) ones.
* No ``*-format`` flag is ever added by us: articles contain ``%`` signs ("10%") that
  ``msgfmt -c`` would otherwise check as printf directives.
* Dates are UTC, formatted as gettext does: ``2026-11-29 14:00+0000``.
* Every file passes ``msgfmt -c --check-format`` without warnings; that is why the POT
  header has an empty ``PO-Revision-Date``/``Last-Translator``/``Language-Team`` and
  the source language in ``Language`` instead of xgettext's ``YEAR-MO-DA``/``FULL NAME``
  placeholders (msgfmt -c warns about those, and about missing fields).

Known limits of the reader (polib): ``#~|`` previous-msgid lines of obsolete entries are
dropped, a header comment line without a space after ``#`` loses one character, and octal or
hexadecimal escapes (``\033``, ``\x1b``) are not decoded (gettext never writes them; ``\a``,
``\b``, ``\f``, ``\v`` are read and written as gettext does).
"""

from __future__ import annotations

import bisect
import os
import re
from datetime import UTC, datetime

import polib

from l10n import __version__
from l10n.catalog import mofile, powrap
from l10n.catalog.fuzzy import FuzzyMatcher
from l10n.errors import CatalogError
from l10n.locale import plural_forms_equivalent
from l10n.model import Document, Entry
from l10n.provenance import is_machine, is_provenance_line

WRAP_WIDTH = 79
"""Default page width of the writer, in characters (GNU msgmerge's default)."""

_CHARSET = "text/plain; charset=UTF-8"
# Header fields msgfmt -c requires, in the order xgettext writes them (polib uses it too).
_HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)
# Values msgfmt -c reports as "still has the initial default value" (gettext msgfmt.c).
_INITIAL_DEFAULTS = {
    "Project-Id-Version": "PACKAGE VERSION",
    "PO-Revision-Date": "YEAR-MO-DA",
    "Last-Translator": "FULL NAME",
    "Language-Team": "LANGUAGE",
}
# A string line of a PO file: optional keyword, then one C string literal.
_STRING_LINE = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s*)?"(?:[^"\\]|\\.)*"')
_POLIB_ERROR = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")


def format_date(now: datetime | None = None) -> str:
    """Format a moment as gettext header dates are written, in UTC.

    Args:
        now: the moment; None means the current time, or ``SOURCE_DATE_EPOCH`` (seconds since
            1970, the reproducible-builds convention) when that variable is set; a naive value
            is taken as UTC.

    Returns:
        e.g. ``"2026-11-29 14:00+0000"``.
    """
    if now is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        now = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(UTC).strftime("%Y-%m-%d %H:%M+0000")


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


def _parse(text: str, path: str) -> polib.POFile:
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


# ---------------------------------------------------------------------------------------------
# Writing


# Strings and references are laid out by l10n.catalog.powrap, as GNU msgcat does, not by polib's writer
# (which wraps differently; see l10n.catalog.powrap).


def _render_entry(entry: polib.POEntry, width: int) -> str:
    """One entry as PO text (no final newline), laid out as GNU msgcat writes it."""
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
    fields: list[tuple[str, str]] = [] if entry.msgctxt is None else [("msgctxt", entry.msgctxt)]
    fields.append(("msgid", entry.msgid))
    if entry.msgid_plural:
        fields.append(("msgid_plural", entry.msgid_plural))
        fields += [(f"msgstr[{i}]", entry.msgstr_plural[i]) for i in sorted(entry.msgstr_plural)]
    else:
        fields.append(("msgstr", entry.msgstr))
    for name, value in fields:
        lines += powrap.string_lines(name, value, width=width, prefix=prefix)
    return "\n".join(lines) + "\n"


def _header_msgstr(metadata: dict[str, str]) -> str:
    """The header entry's msgstr: ``Name: value\\n`` per field, in the dict's order."""
    return "".join(f"{name}: {value}\n" for name, value in metadata.items())


def _render(pofile: polib.POFile, width: int) -> str:
    """The whole catalog as PO text (see the module docstring for the conventions)."""
    out = ""
    if pofile.header:
        for line in pofile.header.split("\n"):
            out += "#\n" if not line else ("#" if line[:1] in ",:" else "# ") + line + "\n"
    header = polib.POEntry(msgid="", msgstr=_header_msgstr(pofile.metadata))
    if pofile.metadata_is_fuzzy:
        header.flags.append("fuzzy")
    parts = [_render_entry(header, width)]
    parts += [_render_entry(e, width) for e in pofile if not e.obsolete]
    parts += [_render_entry(e, width) for e in pofile if e.obsolete]
    return out + "\n".join(parts)


def _entry_signature(entry: polib.POEntry) -> tuple:
    """Everything the writer writes about an entry (used to detect 'nothing changed')."""
    active = not entry.obsolete
    return (
        entry.obsolete,
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        tuple(sorted(entry.msgstr_plural.items())),
        entry.tcomment or "",
        tuple(c for c in (entry.comment or "").split("\n") if c) if active else (),
        tuple((p, str(n)) for p, n in entry.occurrences) if active else (),
        tuple(entry.flags),
        (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural) if active else None,
    )


def _signature(pofile: polib.POFile) -> tuple:
    """The catalog's content regardless of formatting and of header field order."""
    active = [_entry_signature(e) for e in pofile if not e.obsolete]
    obsolete = [_entry_signature(e) for e in pofile if e.obsolete]
    header = tuple(sorted(pofile.metadata.items()))
    return (pofile.header, header, bool(pofile.metadata_is_fuzzy), tuple(active), tuple(obsolete))


def _ordered(metadata: dict[str, str]) -> dict[str, str]:
    """Header fields in xgettext's order, other fields after them in their own order."""
    out = {k: metadata[k] for k in _HEADER_ORDER if k in metadata}
    out.update((k, v) for k, v in metadata.items() if k not in out)
    return out


# ---------------------------------------------------------------------------------------------
# The Catalog value


class Catalog:
    """A parsed PO/POT catalog, mutable (wraps a polib ``POFile``; callers never see it).

    Build one with ``Catalog.parse``; write it with ``dumps``.
    """

    def __init__(self, pofile: polib.POFile, path: str, *, width: int = WRAP_WIDTH) -> None:
        self._po = pofile
        self._index = {(e.msgctxt, e.msgid): e for e in pofile if not e.obsolete}
        self.path = path
        self.width = width

    @classmethod
    def parse(cls, text: str, path: str, *, width: int = WRAP_WIDTH) -> Catalog:
        """Read PO/POT text.

        Accepts any wrapping (Poedit, msgmerge, ours), a UTF-8 BOM and CRLF line endings.

        Args:
            text: the file's text (``decode`` turns bytes into it).
            path: file name for error messages.
            width: page width ``dumps`` will use.

        Returns:
            The catalog.

        Raises:
            CatalogError: malformed input (line = the offending line when known), or a
                duplicate (msgctxt, msgid).
        """
        return cls(_parse(text, path), path, width=width)

    @property
    def header(self) -> dict[str, str]:
        """The header fields (``{"Language": "vi", ...}``), in file order; a copy."""
        return dict(self._po.metadata)

    def set_header(self, name: str, value: str) -> None:
        """Set one header field (added at the end if new)."""
        self._po.metadata[name] = value

    def entries(self, *, include_obsolete: bool = False) -> list[Entry]:
        """Entries in file order (active first, then obsolete if asked), as ``Entry`` values.

        For plural entries (third-party catalogs) ``Entry.msgstr`` is ``msgstr[0]``.
        ``Entry.line`` is the line of the msgid in the parsed text (0 for added entries).
        """
        out: list[Entry] = []
        ordered = [e for e in self._po if not e.obsolete]
        if include_obsolete:
            ordered += [e for e in self._po if e.obsolete]
        for e in ordered:
            msgstr = e.msgstr_plural.get(0, "") if e.msgid_plural else e.msgstr
            out.append(
                Entry(
                    msgid=e.msgid,
                    msgstr=msgstr,
                    msgctxt=e.msgctxt,
                    fuzzy="fuzzy" in e.flags,
                    obsolete=bool(e.obsolete),
                    machine=is_machine(e),
                    previous_msgid=e.previous_msgid,
                    line=e.linenum or 0,
                    flags=tuple(e.flags),
                    tcomment=e.tcomment or "",
                )
            )
        return out

    def set_translation(
        self, msgid: str, msgctxt: str | None, msgstr: str, *, fuzzy: bool, comment: str | None
    ) -> None:
        """Set the translation of one active entry.

        Args:
            msgid, msgctxt: which entry.
            msgstr: the new translation.
            fuzzy: add (True) or remove (False) the ``fuzzy`` flag. Removing it also drops
                the ``#|`` previous msgid, as editors do when a translator confirms an entry.
            comment: a translator-comment line (without ``# ``, e.g. ``"l10n-mt: marian ..."``)
                that replaces every earlier line starting with ``l10n-mt:``; None just removes
                those lines. Other translator comments are kept.

        Raises:
            KeyError: no active entry with that (msgctxt, msgid).
            ValueError: the entry has plural forms, or ``comment`` contains a newline.
        """
        entry = self._index.get((msgctxt, msgid))
        if entry is None:
            raise KeyError((msgctxt, msgid))
        if entry.msgid_plural:
            raise ValueError(f"entry {msgid!r} has plural forms")
        if comment is not None and "\n" in comment:
            raise ValueError("comment must be a single line")
        entry.msgstr = msgstr
        if fuzzy and "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        elif not fuzzy:
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        lines = entry.tcomment.split("\n") if entry.tcomment else []
        lines = [c for c in lines if not is_provenance_line(c)]
        if comment is not None:
            lines.append(comment)
        entry.tcomment = "\n".join(lines)

    def dumps(self) -> str:
        """The catalog as PO text, written as described in the module docstring."""
        if "Content-Type" in self._po.metadata:
            self._po.metadata["Content-Type"] = _CHARSET
        return _render(self._po, self.width)

    def compile_mo(self, *, use_fuzzy: bool = False) -> bytes:
        """The catalog as .mo bytes, equal to ``compile_mo(self.dumps())`` without writing and
        re-parsing the text (strings are encoded as UTF-8, as ``dumps`` writes them)."""
        if "Content-Type" in self._po.metadata:
            self._po.metadata["Content-Type"] = _CHARSET
        return _mo_bytes(self._po, use_fuzzy=use_fuzzy)


# ---------------------------------------------------------------------------------------------
# Template


def make_template(
    doc: Document,
    *,
    project_id: str,
    previous: str | None = None,
    now: datetime | None = None,
    source_language: str = "en",
    width: int = WRAP_WIDTH,
) -> str:
    """The POT text for one article.

    One entry per distinct (Segment.context, Segment.text), in document order, with a
    ``#:`` reference ``<Document.path>:<Segment.line>`` per occurrence, a ``#.`` line
    listing the block roles of all occurrences (``headline, caption``) and one
    ``#. placeholder <1>: <kind> <markup>`` line per distinct placeholder.

    Args:
        doc: the segmented article.
        project_id: ``Project-Id-Version`` value.
        previous: the existing POT text, if any. When it holds the same entries, it is
            returned unchanged (byte-identical, no new date).
        now: creation time (default: now); see ``format_date``.
        source_language: ``Language`` of the template (msgfmt -c warns when it is empty).
        width: page width (see module docstring).

    Returns:
        POT text (write as UTF-8).
    """
    pofile = polib.POFile(wrapwidth=width)
    pofile.header = f"Messages of {doc.path}, extracted by l10n.\nEdit the article, not this file."
    pofile.metadata_is_fuzzy = True  # as xgettext marks its templates
    pofile.metadata = {
        "Project-Id-Version": project_id,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": format_date(now),
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": source_language,
        "MIME-Version": "1.0",
        "Content-Type": _CHARSET,
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"l10n {__version__}",
    }
    by_key: dict[tuple[str | None, str], tuple[polib.POEntry, list[str], list[str]]] = {}
    for seg in doc.segments:
        key = (seg.context, seg.text)
        if key not in by_key:
            entry = polib.POEntry(msgid=seg.text, msgstr="", msgctxt=seg.context)
            pofile.append(entry)
            by_key[key] = (entry, [], [])
        entry, roles, notes = by_key[key]
        ref = (doc.path, str(seg.line))
        if ref not in entry.occurrences:
            entry.occurrences.append(ref)
        if seg.role not in roles:
            roles.append(seg.role)
        for ph in seg.placeholders:
            note = " ".join(f"placeholder {ph.token}: {ph.kind} {ph.markup}".split())
            if note not in notes:
                notes.append(note)
    for entry, roles, notes in by_key.values():
        entry.comment = "\n".join([", ".join(roles), *notes])
    if previous is not None:
        try:
            old = _parse(previous, "")
        except CatalogError:
            old = None  # an unreadable template is simply regenerated
        if old is not None:
            fresh = dict(pofile.metadata)
            for name in ("POT-Creation-Date", "X-Generator"):
                if name in old.metadata:
                    pofile.metadata[name] = old.metadata[name]
            if _signature(old) == _signature(pofile):
                return previous
            pofile.metadata = fresh
    return _render(pofile, width)


# ---------------------------------------------------------------------------------------------
# Merge


def _nplurals(plural_forms: str) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
    return int(match.group(1)) if match else 2


def _translated(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def _carry(new: polib.POEntry, old: polib.POEntry, *, exact: bool) -> None:
    """Give the template entry ``new`` the translation, comments and flags of ``old``."""
    new.tcomment = old.tcomment
    fuzzy = "fuzzy" in old.flags or not exact
    extra = [f for f in old.flags if f != "fuzzy" and not f.endswith("-format") and f not in new.flags]
    new.flags = (["fuzzy"] if fuzzy else []) + [f for f in new.flags if f != "fuzzy"] + extra
    if new.msgid_plural and old.msgid_plural:
        new.msgstr_plural = dict(old.msgstr_plural)
    elif not new.msgid_plural:
        new.msgstr = old.msgstr
    if exact:
        if fuzzy:
            new.previous_msgctxt = old.previous_msgctxt
            new.previous_msgid = old.previous_msgid
            new.previous_msgid_plural = old.previous_msgid_plural
    else:
        new.previous_msgctxt = old.msgctxt if old.msgctxt != new.msgctxt else None
        new.previous_msgid = old.msgid
        new.previous_msgid_plural = old.msgid_plural or None


def _merge_header(
    template: polib.POFile, old: polib.POFile | None, language: str, plural_forms: str, now: datetime | None
) -> tuple[str, dict[str, str], bool]:
    """The header of the merged PO (see ``merge``); returns (comment, metadata, fuzzy)."""
    tmeta = template.metadata
    if old is None:
        meta = dict(tmeta)
        meta.update({"PO-Revision-Date": format_date(now), "Last-Translator": "", "Language-Team": ""})
        comment, fuzzy = f"{language} translation, kept up to date from its template by l10n.", False
    else:
        meta = dict(old.metadata)
        comment, fuzzy = old.header, bool(old.metadata_is_fuzzy)
        for name in ("POT-Creation-Date", "Report-Msgid-Bugs-To"):
            if name in tmeta:
                meta[name] = tmeta[name]
    meta["Language"] = language
    if not plural_forms_equivalent(meta.get("Plural-Forms", ""), plural_forms):
        meta["Plural-Forms"] = plural_forms
    meta["Content-Type"] = _CHARSET
    defaults = {
        "Project-Id-Version": tmeta.get("Project-Id-Version", ""),
        "PO-Revision-Date": format_date(now),
        "Last-Translator": "",
        "Language-Team": "",
        "MIME-Version": "1.0",
        "Content-Transfer-Encoding": "8bit",
    }
    for name, value in defaults.items():
        if name not in meta or meta[name].startswith(_INITIAL_DEFAULTS.get(name, "\0")):
            meta[name] = value
    return comment, _ordered(meta), fuzzy


def merge(
    template: str,
    po: str | None,
    *,
    language: str,
    plural_forms: str,
    pot_path: str = "",
    po_path: str = "",
    now: datetime | None = None,
    width: int = WRAP_WIDTH,
) -> str:
    """Update a translation catalog from a template, as ``msgmerge --previous`` does.

    Entries follow the template. For each template entry:

    * same (msgctxt, msgid) in the PO: its msgstr, flags (fuzzy kept) and translator comments
      (including ``# l10n-mt:`` lines) are kept; references and extracted comments come from
      the template; an obsolete (``#~``) entry with that key is brought back the same way;
    * otherwise the most similar translated leftover msgid (``l10n.catalog.fuzzy``) lends its
      translation: the entry becomes fuzzy with ``#| msgid "<old msgid>"``; one old entry may
      serve several new ones, as in msgmerge;
    * otherwise it is untranslated.

    Translated old entries not used become obsolete (untranslated ones are dropped, as
    msgmerge does); existing obsolete entries are kept after them.

    Header: the PO's fields are kept (translator, team, PO-Revision-Date, Project-Id-Version);
    ``POT-Creation-Date`` and ``Report-Msgid-Bugs-To`` come from the template; ``Language`` is
    set; ``Plural-Forms`` is set unless the PO's is equivalent (``l10n.locale.plural_forms_equivalent``);
    ``Content-Type`` is UTF-8; fields are written in xgettext's order. Fields msgfmt -c
    requires are added when missing or still at gettext's initial default. A new PO (``po``
    None) is made as msginit does: header not fuzzy,
    ``PO-Revision-Date`` = ``now``, empty ``Last-Translator``/``Language-Team``.

    Determinism: when the result has the same content as ``po`` (in any wrapping), ``po`` is
    returned unchanged, so merging twice gives byte-identical text.

    Args:
        template: POT text. po: current PO text or None.
        language: gettext language code (``vi``, ``zh_Hans``). plural_forms: e.g.
            ``"nplurals=1; plural=0;"``. pot_path, po_path: names for error messages.
        now: time for a new PO's revision date. width: page width.

    Returns:
        PO text (write as UTF-8).

    Raises:
        CatalogError: the template or the PO is malformed.
    """
    pot = _parse(template, pot_path)
    old = _parse(po, po_path) if po is not None else None
    nplurals = _nplurals(plural_forms)

    result = polib.POFile(wrapwidth=width)
    result.header, result.metadata, result.metadata_is_fuzzy = _merge_header(
        pot, old, language, plural_forms, now
    )
    old_active = {(e.msgctxt, e.msgid): e for e in (old or []) if not e.obsolete}
    old_obsolete: dict[tuple[str | None, str], polib.POEntry] = {}
    for e in old or []:
        if e.obsolete:
            old_obsolete.setdefault((e.msgctxt, e.msgid), e)
    used: set[int] = set()
    unmatched: list[polib.POEntry] = []
    for tentry in (e for e in pot if not e.obsolete):
        new = polib.POEntry(
            msgid=tentry.msgid,
            msgctxt=tentry.msgctxt,
            msgid_plural=tentry.msgid_plural,
            msgstr_plural={i: "" for i in range(nplurals)} if tentry.msgid_plural else {},
            comment=tentry.comment,
            occurrences=list(tentry.occurrences),
            flags=[f for f in tentry.flags if f != "fuzzy"],
        )
        key = (tentry.msgctxt, tentry.msgid)
        match = old_active.get(key) or old_obsolete.get(key)
        if match is not None:
            _carry(new, match, exact=True)
            used.add(id(match))
        else:
            unmatched.append(new)
        result.append(new)

    leftovers = [e for e in old_active.values() if id(e) not in used and _translated(e)]
    if unmatched and leftovers:
        matcher = FuzzyMatcher(
            [e.msgid for e in leftovers],
            queries=len(unmatched),
            plural=[bool(e.msgid_plural) for e in leftovers],
        )
        for new in unmatched:
            i = matcher.best(new.msgid, plural=bool(new.msgid_plural))
            if i is not None:
                _carry(new, leftovers[i], exact=False)
                used.add(id(leftovers[i]))

    seen_obsolete: set[tuple[str | None, str]] = set()
    for e in old or []:
        key = (e.msgctxt, e.msgid)
        if id(e) in used or key in seen_obsolete or not (e.obsolete or _translated(e)):
            continue
        if e.obsolete and old_obsolete.get(key) is not e:
            continue
        seen_obsolete.add(key)
        result.append(
            polib.POEntry(
                msgid=e.msgid,
                msgctxt=e.msgctxt,
                msgstr=e.msgstr,
                msgid_plural=e.msgid_plural,
                msgstr_plural=dict(e.msgstr_plural),
                tcomment=e.tcomment,
                flags=list(e.flags),
                obsolete=True,
            )
        )
    if old is not None and _signature(old) == _signature(result):
        return po  # type: ignore[return-value]
    return _render(result, width)


# ---------------------------------------------------------------------------------------------
# Compile (the .mo writer itself is l10n.catalog.mofile)


def compile_mo(po: str, *, path: str = "", use_fuzzy: bool = False) -> bytes:
    """Compile PO text to .mo bytes with GNU msgfmt's choice of messages.

    Parses ``po`` and hands its active entries to ``l10n.catalog.mofile.compile_messages`` (see there
    for which messages are included and how the file is laid out). Strings are encoded in the
    header's charset (UTF-8 for our files). As msgfmt does since gettext 0.20 (reproducible
    builds), ``POT-Creation-Date`` is left out of the header.

    Raises:
        CatalogError: the PO is malformed.
    """
    return _mo_bytes(_parse(po, path), use_fuzzy=use_fuzzy)


def _mo_bytes(pofile: polib.POFile, *, use_fuzzy: bool) -> bytes:
    """.mo bytes of a parsed catalog (see ``compile_mo``)."""
    match = re.search(r"charset=([\w.:-]+)", pofile.metadata.get("Content-Type", ""))
    encoding = match.group(1) if match and match.group(1).upper() != "CHARSET" else "utf-8"
    header = {k: v for k, v in pofile.metadata.items() if k != "POT-Creation-Date"}
    messages = [mofile.Message(None, "", None, (_header_msgstr(header),), bool(pofile.metadata_is_fuzzy))]
    for e in pofile:
        if e.obsolete:
            continue
        if e.msgid_plural:
            msgstrs = tuple(e.msgstr_plural[i] for i in sorted(e.msgstr_plural))
        else:
            msgstrs = (e.msgstr,)
        messages.append(
            mofile.Message(e.msgctxt, e.msgid, e.msgid_plural or None, msgstrs, "fuzzy" in e.flags)
        )
    return mofile.compile_messages(messages, encoding=encoding, use_fuzzy=use_fuzzy)
