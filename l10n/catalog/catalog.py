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
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from l10n import __version__
from l10n.catalog.fuzzy import FuzzyMatcher
from l10n.locale import plural_forms_equivalent
from l10n.model import Document, Entry
from l10n.provenance import format_suggestion, is_machine, is_provenance_line, is_suggestion_line

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

    @property
    def key(self) -> Key:
        """(msgctxt, msgid)."""
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        """Whether the msgstr (or any plural msgstr) is not empty."""
        return bool(self.msgstr) or any(self.msgstr_plural.values())

    def signature(self) -> tuple:
        """Everything a PO file holds about this message (what ``Catalog.same_content`` compares).

        Obsolete messages are written without extracted comments, references and ``#|`` lines,
        so those do not count for them.
        """
        active = not self.obsolete
        return (
            self.obsolete,
            self.msgctxt,
            self.msgid,
            self.msgid_plural,
            self.msgstr,
            tuple(sorted(self.msgstr_plural.items())),
            self.tcomment,
            tuple(c for c in self.comment.split("\n") if c) if active else (),
            tuple((p, str(n)) for p, n in self.occurrences) if active else (),
            tuple(self.flags),
            (self.previous_msgctxt, self.previous_msgid, self.previous_msgid_plural) if active else None,
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
    """

    def __init__(
        self,
        messages: list[Message] | None = None,
        *,
        metadata: dict[str, str] | None = None,
        header_comment: str = "",
        fuzzy: bool = False,
        path: str = "",
    ) -> None:
        self._messages = list(messages or [])
        self._metadata = dict(metadata or {})
        self.header_comment = header_comment
        self.fuzzy = fuzzy
        self.path = path
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
            Entry(
                msgid=m.msgid,
                msgstr=m.msgstr_plural.get(0, "") if m.msgid_plural else m.msgstr,
                msgctxt=m.msgctxt,
                fuzzy="fuzzy" in m.flags,
                obsolete=m.obsolete,
                machine=is_machine(m),
                previous_msgid=m.previous_msgid,
                line=m.line,
                flags=tuple(m.flags),
                tcomment=m.tcomment,
            )
            for m in ordered
        ]

    def same_content(self, other: Catalog) -> bool:
        """Whether both would be written with the same content, whatever the layout.

        Compares the header comment, fields (in any order) and fuzzy flag, and every message
        (``Message.signature``) in order; ignores line numbers and paths.
        """
        return _signature(self) == _signature(other)

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
        lines = entry.tcomment.split("\n") if entry.tcomment else []
        lines = [c for c in lines if not is_provenance_line(c)]
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
          same way;
        * otherwise the most similar translated leftover msgid (``l10n.catalog.fuzzy``) lends
          its translation: the message becomes fuzzy with ``#| msgid "<old msgid>"``; one old
          message may serve several new ones, as in msgmerge; an ``l10n-mt-suggestion:``
          comment is dropped then (it translates the old msgid), and so are the ``l10n-mt:``
          lines of a reviewed (not fuzzy) message (the text is a person's now);
        * otherwise it is untranslated.

        Translated old messages not used become obsolete (untranslated ones are dropped, as
        msgmerge does); existing obsolete messages are kept after them.

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


def _signature(catalog: Catalog) -> tuple:
    """The catalog's content regardless of layout, line numbers and header field order."""
    active = [m.signature() for m in catalog.active()]
    obsolete = [m.signature() for m in catalog.obsolete()]
    header = tuple(sorted(catalog.header.items()))
    return (catalog.header_comment, header, catalog.fuzzy, tuple(active), tuple(obsolete))


def _ordered(metadata: dict[str, str]) -> dict[str, str]:
    """Header fields in xgettext's order, other fields after them in their own order."""
    out = {k: metadata[k] for k in _HEADER_ORDER if k in metadata}
    out.update((k, v) for k, v in metadata.items() if k not in out)
    return out


def _nplurals(plural_forms: str) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
    return int(match.group(1)) if match else 2


def _carry(new: Message, old: Message, *, exact: bool) -> None:
    """Give the template message ``new`` the translation, comments and flags of ``old``.

    A machine suggestion (``l10n-mt-suggestion:``) goes only with its own msgid. Lent to another
    msgid, a reviewed (not fuzzy) message loses its ``l10n-mt:`` lines: a person confirmed the
    text, and only the provenance tells unreviewed machine output, which is translated again
    (``l10n.translate.fill``), from a person's translation, which is kept.
    """
    new.tcomment = old.tcomment
    if not exact and old.tcomment:
        reviewed = "fuzzy" not in old.flags
        new.tcomment = "\n".join(
            c
            for c in old.tcomment.split("\n")
            if not is_suggestion_line(c) and not (reviewed and is_provenance_line(c))
        )
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
            _carry(new, match, exact=True)
            used.add(id(match))
        else:
            unmatched.append(new)
        messages.append(new)

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
                _carry(new, leftovers[i], exact=False)
                used.add(id(leftovers[i]))

    seen_obsolete: set[Key] = set()
    for m in old_messages:
        if id(m) in used or m.key in seen_obsolete or not (m.obsolete or m.translated):
            continue
        if m.obsolete and old_obsolete.get(m.key) is not m:
            continue
        seen_obsolete.add(m.key)
        messages.append(
            Message(
                msgid=m.msgid,
                msgctxt=m.msgctxt,
                msgstr=m.msgstr,
                msgid_plural=m.msgid_plural,
                msgstr_plural=dict(m.msgstr_plural),
                tcomment=m.tcomment,
                flags=list(m.flags),
                obsolete=True,
            )
        )
    path = old.path if old is not None else ""
    return Catalog(messages, metadata=metadata, header_comment=comment, fuzzy=fuzzy, path=path)
