"""The catalog data model: ``Catalog`` of ``Message`` records, the template and the merge.

Plain Python values, no file format and no PO library: ``l10n.catalog.pofile`` parses PO text
into a ``Catalog`` and renders one back (GNU layout), ``l10n.catalog.mofile.compile_catalog``
turns one into ``.mo`` bytes. Nothing here touches the file system.

What lives here:

* ``Catalog``: header (comment, fields, fuzzy flag) and messages in file order, with the
  operations the pipeline needs (``entries`` as ``l10n.model.Entry`` values, ``set_translation``,
  ``set_header``, ``copy``) and ``update``, the merge with a new template as
  ``msgmerge --previous`` does it (fuzzy matching in ``l10n.catalog.fuzzy``).
* ``make_template``: the POT catalog of one segmented article.
* ``init_translation``: a new catalog for one language, as ``msginit`` + ``msgmerge`` make it.
* ``format_date``: header dates as gettext writes them.

Header conventions (every catalog we make): ``Content-Type`` says UTF-8 (``UTF8_CONTENT_TYPE``);
fields msgfmt -c requires are present and not at gettext's initial defaults; no ``*-format``
flag is ever added by us (articles contain ``%`` signs, "10%", that ``msgfmt -c`` would check
as printf directives); dates are UTC, ``2026-11-29 14:00+0000``. The POT header has an empty
``PO-Revision-Date``/``Last-Translator``/``Language-Team`` and the source language in
``Language`` instead of xgettext's ``YEAR-MO-DA``/``FULL NAME`` placeholders (msgfmt -c warns
about those, and about missing fields).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from l10n import __version__
from l10n.catalog.fuzzy import FuzzyMatcher
from l10n.locale import plural_forms_equivalent
from l10n.model import Document, Entry
from l10n.provenance import (
    format_suggestion,
    is_provenance_line,
    is_suggestion_line,
    make_entry,
    without_provenance,
)

UTF8_CONTENT_TYPE = "text/plain; charset=UTF-8"
"""The ``Content-Type`` header value of every catalog we write."""

# Header fields msgfmt -c requires, in the order xgettext writes them.
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
# Header fields a regenerated template may differ in without being a new template.
_TEMPLATE_STAMPS = ("POT-Creation-Date", "X-Generator")
BOOKKEEPING_FIELDS = ("PO-Revision-Date", "POT-Creation-Date", "X-Generator")
"""Header fields that record when and by what a file was written, not what it says: a catalog
whose only change is in these is not written again (``Catalog.same_content``)."""

Key = tuple[str | None, str]
"""A message's identity in a catalog: (msgctxt, msgid)."""


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


@dataclass(eq=False)
class Message:
    """One PO entry (not the header), as a mutable record owned by its ``Catalog``.

    Field names follow gettext's PO format: ``tcomment`` holds the translator comments (``#``
    lines, joined by newlines), ``comment`` the extracted comments (``#.``), ``occurrences``
    the references (``#:``) as (file, line) strings, ``previous_*`` the ``#|`` lines of a fuzzy
    entry. ``msgstr_plural`` maps each plural form index to its msgstr (``msgid_plural`` set).
    ``line`` is the line of the msgid in the text it was parsed from (0: not parsed).
    ``blank_tcomment`` / ``blank_comment``: the entry has exactly one, empty, ``#`` / ``#.``
    line (``tcomment`` / ``comment`` is then ``""``, like no line at all).
    """

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    tcomment: str = ""
    comment: str = ""
    occurrences: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0
    blank_tcomment: bool = False
    blank_comment: bool = False

    @property
    def key(self) -> Key:
        """(msgctxt, msgid)."""
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        """Whether the msgstr (or any plural msgstr) is not empty."""
        return bool(self.msgstr) or any(self.msgstr_plural.values())

    def signature(self) -> tuple[object, ...]:
        """Everything a PO file holds about this message (what ``Catalog.same_content`` compares)."""
        return (
            self.obsolete,
            self.msgctxt,
            self.msgid,
            self.msgid_plural,
            self.msgstr,
            tuple(sorted(self.msgstr_plural.items())),
            self.tcomment,
            self.comment,
            tuple((p, str(n)) for p, n in self.occurrences),
            tuple(self.flags),
            (self.previous_msgctxt, self.previous_msgid, self.previous_msgid_plural),
            (self.blank_tcomment and not self.tcomment, self.blank_comment and not self.comment),
        )


class Catalog:
    """A gettext catalog (PO or POT): a header and messages, mutable.

    Made by ``l10n.catalog.pofile.parse``, ``make_template``, ``init_translation`` or
    ``Catalog.update``; written by ``l10n.catalog.pofile.render`` and
    ``l10n.catalog.mofile.compile_catalog``, which never change it.

    Args:
        messages: the messages in file order (active and obsolete ones, in any mix).
        metadata: the header fields, in file order (``{"Language": "vi", ...}``).
        header_comment: the comment lines above the header, joined by newlines (without ``# ``).
        fuzzy: whether the header entry is flagged fuzzy (as xgettext marks templates).
        path: file name for error messages and ``Issue`` values.
        has_header: whether the catalog has a header entry (``msgid ""``) even when it is
            empty; False only for a parsed file without one, which is written back without
            one as long as it gets no header field, comment or flag.
    """

    def __init__(
        self,
        messages: list[Message] | None = None,
        *,
        metadata: dict[str, str] | None = None,
        header_comment: str = "",
        fuzzy: bool = False,
        path: str = "",
        has_header: bool = True,
    ) -> None:
        self._messages = list(messages or [])
        self._metadata = dict(metadata or {})
        self.header_comment = header_comment
        self.fuzzy = fuzzy
        self.path = path
        self.has_header = has_header
        self._index = {m.key: m for m in self._messages if not m.obsolete}

    # ---- reading -------------------------------------------------------------------------
    @property
    def messages(self) -> tuple[Message, ...]:
        """All messages in file order (active and obsolete as they came); the header is apart."""
        return tuple(self._messages)

    @property
    def header(self) -> dict[str, str]:
        """The header fields (``{"Language": "vi", ...}``), in file order; a copy."""
        return dict(self._metadata)

    def active(self) -> list[Message]:
        """The active (not obsolete) messages, in file order."""
        return [m for m in self._messages if not m.obsolete]

    def obsolete(self) -> list[Message]:
        """The obsolete (``#~``) messages, in file order."""
        return [m for m in self._messages if m.obsolete]

    def entries(self, *, include_obsolete: bool = False) -> list[Entry]:
        """Entries in file order (active first, then obsolete if asked), as ``Entry`` values.

        For plural entries (third-party catalogs) ``Entry.msgstr`` is ``msgstr[0]``.
        ``Entry.line`` is the line of the msgid in the parsed text (0 for added entries).
        """
        ordered = self.active() + (self.obsolete() if include_obsolete else [])
        return [
            make_entry(
                msgid=m.msgid,
                msgstr=m.msgstr_plural.get(0, "") if m.msgid_plural else m.msgstr,
                msgctxt=m.msgctxt,
                fuzzy="fuzzy" in m.flags,
                obsolete=m.obsolete,
                previous_msgid=m.previous_msgid,
                line=m.line,
                flags=tuple(m.flags),
                tcomment=m.tcomment,
            )
            for m in ordered
        ]

    def same_content(self, other: Catalog, *, bookkeeping: bool = True) -> bool:
        """Whether both would be written with the same content, whatever the layout.

        Compares the header comment, fields (in any order) and fuzzy flag, and every message
        (``Message.signature``) in order; ignores line numbers and paths.

        Args:
            other: the catalog to compare with.
            bookkeeping: False: a header field of ``BOOKKEEPING_FIELDS`` that both catalogs
                have may differ (a field one of them lacks still counts). A stage whose new
                catalog differs from the file only so leaves the file as it is.
        """
        if bookkeeping:
            return _signature(self) == _signature(other)
        ignored = {n for n in BOOKKEEPING_FIELDS if n in self._metadata and n in other._metadata}
        return _signature(self, ignored) == _signature(other, ignored)

    def copy(self) -> Catalog:
        """A deep copy (messages included), to change without touching this one."""
        messages = [
            replace(
                m, msgstr_plural=dict(m.msgstr_plural), occurrences=list(m.occurrences), flags=list(m.flags)
            )
            for m in self._messages
        ]
        return Catalog(
            messages,
            metadata=self._metadata,
            header_comment=self.header_comment,
            fuzzy=self.fuzzy,
            path=self.path,
            has_header=self.has_header,
        )

    # ---- changing ------------------------------------------------------------------------
    def set_header(self, name: str, value: str) -> None:
        """Set one header field (added at the end if new)."""
        self._metadata[name] = value

    def declare_utf8(self) -> None:
        """Make an existing ``Content-Type`` field say UTF-8 (``UTF8_CONTENT_TYPE``).

        Call before rendering or compiling text that will be stored as UTF-8; a catalog
        without the field is left as it is.
        """
        if "Content-Type" in self._metadata:
            self._metadata["Content-Type"] = UTF8_CONTENT_TYPE

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
        lines = entry.tcomment.split("\n") if entry.tcomment or entry.blank_tcomment else []
        entry.blank_tcomment = False
        lines = without_provenance(lines)
        if comment is not None:
            lines.append(comment)
        entry.tcomment = "\n".join(lines)

    def set_suggestion(self, msgid: str, msgctxt: str | None, text: str) -> None:
        """Put ``text`` into the entry's one ``l10n-mt-suggestion:`` comment line (replaced, never added).

        The msgstr, flags and any other comment stay as they are
        (``l10n.provenance.format_suggestion`` writes the line).

        Raises:
            KeyError: no active entry with that (msgctxt, msgid).
        """
        entry = self._index.get((msgctxt, msgid))
        if entry is None:
            raise KeyError((msgctxt, msgid))
        lines = [
            c for c in (entry.tcomment.split("\n") if entry.tcomment else []) if not is_suggestion_line(c)
        ]
        entry.tcomment = "\n".join([*lines, format_suggestion(text)])

    def update(
        self, template: Catalog, *, language: str, plural_forms: str, now: datetime | None = None
    ) -> Catalog:
        """This catalog merged with a new template, as ``msgmerge --previous`` does.

        Messages follow the template. For each template message:

        * same (msgctxt, msgid) here: its msgstr, flags (fuzzy kept) and translator comments
          (including ``# l10n-mt:`` lines) are kept; references and extracted comments come
          from the template; an obsolete (``#~``) message with that key is brought back the
          same way. When the template added or removed the plural forms, the message gets
          the old msgstr in every msgstr[n], or the old msgstr[0], and a translated one
          becomes fuzzy with the old msgid and msgid_plural as ``#|`` lines, as msgmerge does;
        * otherwise the most similar translated leftover msgid (``l10n.catalog.fuzzy``) lends
          its translation: the message becomes fuzzy with ``#| msgid "<old msgid>"``; one old
          message may serve several new ones, as in msgmerge; an ``l10n-mt-suggestion:``
          comment is dropped then (it translates the old msgid), and so are the ``l10n-mt:``
          lines of a reviewed (not fuzzy) message (the text is a person's now);
        * otherwise it is untranslated.

        Nothing a translator wrote is lost (stricter than msgmerge): every old message whose
        translation (each non-empty msgstr / msgstr[n]) is not all carried into a live
        message, or that has a translator comment, stays as an obsolete (``#~``) message,
        with its flags and ``#~|`` previous msgid; existing obsolete messages are kept too
        (msgmerge drops untranslated messages with comments, and msgstr[1..] of a message
        that lost its plural forms). An obsolete copy whose (msgctxt, msgid) a live message
        has (a message that lost its plural forms) gets the msgctxt ``KEPT_CONTEXT``, since a
        PO file cannot hold the same key twice. Obsolete messages follow the live ones, in
        the old catalog's order; their references and extracted comments are dropped, as
        msgmerge does.

        Header: this catalog's fields are kept (translator, team, PO-Revision-Date,
        Project-Id-Version); ``POT-Creation-Date`` and ``Report-Msgid-Bugs-To`` come from the
        template; ``Language`` is set; ``Plural-Forms`` is set unless this one's is equivalent
        (``l10n.locale.plural_forms_equivalent``); ``Content-Type`` is UTF-8; fields are put in
        xgettext's order. Fields msgfmt -c requires are added when missing or still at
        gettext's initial default (a missing ``PO-Revision-Date`` becomes ``now``).

        Args:
            template: the POT catalog.
            language: gettext language code (``vi``, ``zh_Hans``).
            plural_forms: e.g. ``"nplurals=1; plural=0;"``.
            now: time for a missing revision date (default: ``format_date``'s).

        Returns:
            A new catalog (this one is not changed), or this very catalog when the merge
            changes nothing (``same_content``): ``result is self`` tells a caller to keep the
            file as it is, layout included, so merging twice writes nothing.
        """
        merged = _merge(template, self, language, plural_forms, now)
        return self if self.same_content(merged) else merged


def init_translation(
    template: Catalog, *, language: str, plural_forms: str, now: datetime | None = None, path: str = ""
) -> Catalog:
    """A new catalog for ``language`` from a template, as ``msginit`` then ``msgmerge`` make it.

    Messages as ``Catalog.update`` makes them (all untranslated); header from the template with
    ``PO-Revision-Date`` = ``now``, empty ``Last-Translator``/``Language-Team``, not fuzzy, and
    ``Language``/``Plural-Forms`` set.

    Args:
        template: the POT catalog. language, plural_forms: as in ``Catalog.update``.
        now: the revision date (default: ``format_date``'s). path: the new catalog's file name.
    """
    merged = _merge(template, None, language, plural_forms, now)
    merged.path = path
    return merged


# ---------------------------------------------------------------------------------------------
# Template


def make_template(
    doc: Document,
    *,
    project_id: str,
    previous: Catalog | None = None,
    now: datetime | None = None,
    source_language: str = "en",
) -> Catalog:
    """The POT catalog of one article.

    One message per distinct (Segment.context, Segment.text), in document order, with a
    ``#:`` reference ``<Document.path>:<Segment.line>`` per occurrence, a ``#.`` line listing
    the block roles of all occurrences (``headline, caption``) and one
    ``#. placeholder <1>: <kind> <markup>`` line per distinct placeholder.

    Args:
        doc: the segmented article.
        project_id: ``Project-Id-Version`` value.
        previous: the existing template, if any. When it holds the same messages and header
            (apart from ``POT-Creation-Date`` and ``X-Generator``), it is returned itself
            (``result is previous``: keep the file, no new date).
        now: creation time (default: ``format_date``'s).
        source_language: ``Language`` of the template (msgfmt -c warns when it is empty).

    Returns:
        The template catalog (its ``path`` is ``previous``'s, else empty).
    """
    messages: list[Message] = []
    by_key: dict[Key, tuple[Message, list[str], list[str]]] = {}
    for seg in doc.segments:
        key = (seg.context, seg.text)
        if key not in by_key:
            message = Message(msgid=seg.text, msgctxt=seg.context)
            messages.append(message)
            by_key[key] = (message, [], [])
        message, roles, notes = by_key[key]
        ref = (doc.path, str(seg.line))
        if ref not in message.occurrences:
            message.occurrences.append(ref)
        if seg.role not in roles:
            roles.append(seg.role)
        for ph in seg.placeholders:
            note = " ".join(f"placeholder {ph.token}: {ph.kind} {ph.markup}".split())
            if note not in notes:
                notes.append(note)
    for message, roles, notes in by_key.values():
        message.comment = "\n".join([", ".join(roles), *notes])
    template = Catalog(
        messages,
        header_comment=f"Messages of {doc.path}, extracted by l10n.\nEdit the article, not this file.",
        fuzzy=True,  # as xgettext marks its templates
        metadata={
            "Project-Id-Version": project_id,
            "Report-Msgid-Bugs-To": "",
            "POT-Creation-Date": format_date(now),
            "PO-Revision-Date": "",
            "Last-Translator": "",
            "Language-Team": "",
            "Language": source_language,
            "MIME-Version": "1.0",
            "Content-Type": UTF8_CONTENT_TYPE,
            "Content-Transfer-Encoding": "8bit",
            "X-Generator": f"l10n {__version__}",
        },
        path=previous.path if previous is not None else "",
    )
    if previous is not None:
        fields = template.header
        fields.update((name, previous.header[name]) for name in _TEMPLATE_STAMPS if name in previous.header)
        stamped = Catalog(messages, metadata=fields, header_comment=template.header_comment, fuzzy=True)
        if stamped.same_content(previous):
            return previous
    return template


# ---------------------------------------------------------------------------------------------
# Merge


def _signature(catalog: Catalog, ignored: set[str] | frozenset[str] = frozenset()) -> tuple[object, ...]:
    """The catalog's content regardless of layout, line numbers and header field order
    (and the values of the ``ignored`` header fields)."""
    active = [m.signature() for m in catalog.active()]
    obsolete = [m.signature() for m in catalog.obsolete()]
    header = tuple(sorted((k, "" if k in ignored else v) for k, v in catalog.header.items()))
    head = (catalog.has_header, catalog.header_comment, header, catalog.fuzzy)
    return (*head, tuple(active), tuple(obsolete))


def _ordered(metadata: dict[str, str]) -> dict[str, str]:
    """Header fields in xgettext's order, other fields after them in their own order."""
    out = {k: metadata[k] for k in _HEADER_ORDER if k in metadata}
    out.update((k, v) for k, v in metadata.items() if k not in out)
    return out


def _nplurals(plural_forms: str) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
    return int(match.group(1)) if match else 2


def _strings(message: Message) -> set[str]:
    """The non-empty msgstr values of a message (singular or plural)."""
    return {v for v in (message.msgstr, *message.msgstr_plural.values()) if v}


def _carry(new: Message, old: Message, *, exact: bool, nplurals: int) -> None:
    """Give the template message ``new`` the translation, comments and flags of ``old``.

    As GNU msgmerge --previous does: an entry that gained plural forms gets the old msgstr in
    every msgstr[n], one that lost them gets the old msgstr[0]; either way a translated entry
    becomes fuzzy with the old msgid (and msgid_plural) as ``#|`` lines (unless the old entry
    already had ``#|`` lines: those are kept).

    A machine suggestion (``l10n-mt-suggestion:``) goes only with its own msgid. Lent to another
    msgid, a reviewed (not fuzzy) message loses its ``l10n-mt:`` lines: a person confirmed the
    text, and only the provenance tells unreviewed machine output, which is translated again
    (``l10n.translate.fill``), from a person's translation, which is kept.
    """
    new.tcomment, new.blank_tcomment = old.tcomment, old.blank_tcomment
    if not exact and old.tcomment:
        reviewed = "fuzzy" not in old.flags
        new.tcomment = "\n".join(
            c
            for c in old.tcomment.split("\n")
            if not is_suggestion_line(c) and not (reviewed and is_provenance_line(c))
        )
    reshaped = bool(new.msgid_plural) != bool(old.msgid_plural)
    if new.msgid_plural and old.msgid_plural:
        new.msgstr_plural = dict(old.msgstr_plural)
    elif new.msgid_plural:
        new.msgstr_plural = {i: old.msgstr for i in range(nplurals)}
    elif old.msgid_plural:
        new.msgstr = old.msgstr_plural.get(0, "")
    else:
        new.msgstr = old.msgstr
    fuzzy = "fuzzy" in old.flags or not exact or (reshaped and new.translated)
    extra = [f for f in old.flags if f != "fuzzy" and not f.endswith("-format") and f not in new.flags]
    new.flags = (["fuzzy"] if fuzzy else []) + [f for f in new.flags if f != "fuzzy"] + extra
    if exact:
        if fuzzy and (old.previous_msgid is not None or not reshaped):
            new.previous_msgctxt = old.previous_msgctxt
            new.previous_msgid = old.previous_msgid
            new.previous_msgid_plural = old.previous_msgid_plural
        elif fuzzy:
            new.previous_msgid = old.msgid
            new.previous_msgid_plural = old.msgid_plural or None
    else:
        new.previous_msgctxt = old.msgctxt if old.msgctxt != new.msgctxt else None
        new.previous_msgid = old.msgid
        new.previous_msgid_plural = old.msgid_plural or None


KEPT_CONTEXT = "l10n: previous translation"
"""The msgctxt (or suffix of the msgctxt) of an obsolete entry kept beside a live one (see
``Catalog.update``)."""


def _kept_key(message: Message, taken: set[Key]) -> Key:
    """A key for an obsolete copy of ``message``: its own, or one with ``KEPT_CONTEXT``.

    A PO file cannot hold two entries with the same (msgctxt, msgid), obsolete or not (GNU
    msgfmt refuses it), so a copy of an entry whose key is ``taken`` gets the msgctxt
    ``KEPT_CONTEXT`` (``"<msgctxt> (KEPT_CONTEXT)"`` when it had one), numbered if needed.
    """
    if message.key not in taken:
        return message.key
    base = KEPT_CONTEXT if message.msgctxt is None else f"{message.msgctxt} ({KEPT_CONTEXT})"
    context, n = base, 1
    while (context, message.msgid) in taken:
        n += 1
        context = f"{base} {n}"
    return (context, message.msgid)


def _carry_migrated(
    unmatched: list[Message], old_messages: Sequence[Message], used: set[int], nplurals: int
) -> list[Message]:
    """Carry translations across mechanical msgid changes as exact matches; return the rest.

    An old translated message whose msgid an older l10n wrote differently (entity references
    as written, a quoted front matter value with its YAML escapes:
    ``l10n.formats.markdown.migrate.legacy_forms``) lends its translation, flags and comments
    to the message with today's msgid as if the msgid were the same: not fuzzy, not
    translated again. Active old messages come before obsolete ones.
    """
    if not unmatched:
        return unmatched
    from l10n.formats.markdown.migrate import legacy_forms  # Markdown knowledge, loaded on demand

    wanted = {m.key for m in unmatched}
    forms: dict[Key, tuple[Message, Callable[[str], str]]] = {}
    for m in sorted(old_messages, key=lambda m: m.obsolete):
        if id(m) in used or not m.translated or m.msgid_plural:
            continue
        for msgid, convert in legacy_forms(m.msgid):
            key = (m.msgctxt, msgid)
            if key in wanted:
                forms.setdefault(key, (m, convert))
    rest = []
    for new in unmatched:
        found = forms.get(new.key)
        if found is None or id(found[0]) in used:
            rest.append(new)
            continue
        old, convert = found
        _carry(new, old, exact=True, nplurals=nplurals)
        new.msgstr = convert(old.msgstr)
        used.add(id(old))
    return rest


def _merge_header(
    template: Catalog, old: Catalog | None, language: str, plural_forms: str, now: datetime | None
) -> tuple[str, dict[str, str], bool]:
    """The header of the merged catalog (see ``Catalog.update``): (comment, fields, fuzzy)."""
    tmeta = template.header
    if old is None:
        meta = dict(tmeta)
        meta.update({"PO-Revision-Date": format_date(now), "Last-Translator": "", "Language-Team": ""})
        comment, fuzzy = f"{language} translation, kept up to date from its template by l10n.", False
    else:
        meta = old.header
        comment, fuzzy = old.header_comment, old.fuzzy
        for name in ("POT-Creation-Date", "Report-Msgid-Bugs-To"):
            if name in tmeta:
                meta[name] = tmeta[name]
    meta["Language"] = language
    if not plural_forms_equivalent(meta.get("Plural-Forms", ""), plural_forms):
        meta["Plural-Forms"] = plural_forms
    meta["Content-Type"] = UTF8_CONTENT_TYPE
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


def _merge(
    template: Catalog, old: Catalog | None, language: str, plural_forms: str, now: datetime | None
) -> Catalog:
    """The merged catalog (see ``Catalog.update``; ``old`` None: ``init_translation``)."""
    nplurals = _nplurals(plural_forms)
    comment, metadata, fuzzy = _merge_header(template, old, language, plural_forms, now)
    messages: list[Message] = []
    old_messages = old.messages if old is not None else ()
    old_active = {m.key: m for m in old_messages if not m.obsolete}
    old_obsolete: dict[Key, Message] = {}
    for m in old_messages:
        if m.obsolete:
            old_obsolete.setdefault(m.key, m)
    used: set[int] = set()
    unmatched: list[Message] = []
    for tmessage in template.active():
        new = Message(
            msgid=tmessage.msgid,
            msgctxt=tmessage.msgctxt,
            msgid_plural=tmessage.msgid_plural,
            msgstr_plural={i: "" for i in range(nplurals)} if tmessage.msgid_plural else {},
            comment=tmessage.comment,
            occurrences=list(tmessage.occurrences),
            flags=[f for f in tmessage.flags if f != "fuzzy"],
        )
        match = old_active.get(tmessage.key) or old_obsolete.get(tmessage.key)
        if match is not None:
            _carry(new, match, exact=True, nplurals=nplurals)
            if _strings(match) <= _strings(new):
                used.add(id(match))  # else it is kept as obsolete too (below)
        else:
            unmatched.append(new)
        messages.append(new)

    unmatched = _carry_migrated(unmatched, old_messages, used, nplurals)
    leftovers = [m for m in old_active.values() if id(m) not in used and m.translated]
    if unmatched and leftovers:
        matcher = FuzzyMatcher(
            [m.msgid for m in leftovers],
            queries=len(unmatched),
            plural=[bool(m.msgid_plural) for m in leftovers],
        )
        for new in unmatched:
            i = matcher.best(new.msgid, plural=bool(new.msgid_plural))
            if i is not None:
                _carry(new, leftovers[i], exact=False, nplurals=nplurals)
                used.add(id(leftovers[i]))

    # Whatever old translation or translator comment no live message carries stays, obsolete.
    taken: set[Key] = {m.key for m in messages}
    kept: set[tuple[object, ...]] = set()
    for m in old_messages:
        if id(m) in used or not (m.obsolete or m.translated or m.tcomment):
            continue
        content = (m.key, m.msgid_plural, m.msgstr, tuple(sorted(m.msgstr_plural.items())), m.tcomment)
        if content in kept:
            continue  # the same text twice (only possible in a catalog made in memory)
        kept.add(content)
        context, msgid = _kept_key(m, taken)
        taken.add((context, msgid))
        messages.append(
            Message(
                msgid=msgid,
                msgctxt=context,
                msgstr=m.msgstr,
                msgid_plural=m.msgid_plural,
                msgstr_plural=dict(m.msgstr_plural),
                tcomment=m.tcomment,
                blank_tcomment=m.blank_tcomment,
                flags=list(m.flags),
                previous_msgctxt=m.previous_msgctxt,
                previous_msgid=m.previous_msgid,
                previous_msgid_plural=m.previous_msgid_plural,
                obsolete=True,
            )
        )
    path = old.path if old is not None else ""
    return Catalog(messages, metadata=metadata, header_comment=comment, fuzzy=fuzzy, path=path)
