"""The catalog value: ``Catalog``, a header and ``Message`` records in file order, with lookup.

Plain Python values, no file format and no PO library: ``l10n.catalog.pofile`` parses PO text
into a ``Catalog`` and renders one back (GNU layout), ``l10n.catalog.mofile.compile_catalog``
turns one into ``.mo`` bytes. Nothing here touches the file system.

What lives here:

* ``Catalog``: header (comment, fields, fuzzy flag) and messages in file order, indexed once
  by (msgctxt, msgid): ``get``, ``in``, ``entry``, ``neighbours``; the operations the pipeline
  needs (``entries`` as ``l10n.model.Entry`` values, ``set_translation``, ``set_header``,
  ``copy``) and ``update``, the merge with a new template as ``msgmerge --previous`` does it
  (computed by ``l10n.catalog.merge``).
* ``init_translation``: a new catalog for one language, as ``msginit`` + ``msgmerge`` make it.

Elsewhere: ``Message`` in ``l10n.catalog.message``, header conventions and ``format_date`` in
``l10n.catalog.header`` (both re-exported here), the template of an article in
``l10n.catalog.template``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from l10n.catalog.header import BOOKKEEPING_FIELDS, UTF8_CONTENT_TYPE, format_date
from l10n.catalog.merge import KEPT_CONTEXT, Merged, Migration, merge
from l10n.catalog.message import Key, Message, hold
from l10n.model import Entry
from l10n.provenance import format_suggestion, is_suggestion_line, make_entry, without_provenance


def _entry(m: Message) -> Entry:
    """``m`` as an ``Entry`` value (for plural messages ``Entry.msgstr`` is ``msgstr[0]``)."""
    return make_entry(
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


class Catalog:
    """A gettext catalog (PO or POT): a header and messages.

    Made by ``l10n.catalog.pofile.parse``, ``l10n.catalog.template.make_template``,
    ``init_translation`` or ``Catalog.update``; written by ``l10n.catalog.pofile.render`` and
    ``l10n.catalog.mofile.compile_catalog``, which never change it.

    The messages are fixed when the catalog is made (none is added or removed later, and a
    message's key fields cannot change: ``Message``), so the index by (msgctxt, msgid) built
    then stays true; the header and a message's translation and comments may change
    (``set_translation``, ``set_header``...).

    Args:
        messages: the messages in file order (active and obsolete ones, in any mix). Two active
            messages with one key (only in a catalog made in memory): lookups find the last.
        metadata: the header fields, in file order (``{"Language": "vi", ...}``).
        header_comment: the comment lines above the header, joined by newlines (without ``# ``).
        fuzzy: whether the header entry is flagged fuzzy (as xgettext marks templates).
        path: file name for error messages and ``Issue`` values.
        has_header: whether the catalog has a header entry (``msgid ""``) even when it is
            empty; False only for a parsed file without one, which is written back without
            one as long as it gets no header field, comment or flag.
        wrap_width: the page width the writer uses when given none (``l10n.catalog.porender``):
            None for its default (``WRAP_WIDTH``, 79 columns), 0 for no wrapping, as a catalog
            saved unwrapped (Poedit "don't wrap", ``msgcat --no-wrap``) is read
            (``l10n.catalog.powrap.detect_wrap``); kept by ``copy`` and ``update``.
        header_newline: False when the header's msgstr does not end in ``\\n`` (its last field
            has none, as some old catalogs have it); the writer then writes it so. Kept by
            ``copy``; a merge (``update``) writes every field with its ``\\n``.
    """

    def __init__(
        self,
        messages: list[Message] | tuple[Message, ...] | None = None,
        *,
        metadata: dict[str, str] | None = None,
        header_comment: str = "",
        fuzzy: bool = False,
        path: str = "",
        has_header: bool = True,
        wrap_width: int | None = None,
        header_newline: bool = True,
    ) -> None:
        self._messages = tuple(messages or ())
        hold(self._messages)
        self._metadata = dict(metadata or {})
        self.header_comment = header_comment
        self.fuzzy = fuzzy
        self.path = path
        self.has_header = has_header
        self.wrap_width = wrap_width
        self.header_newline = header_newline
        self._active = tuple(m for m in self._messages if not m.obsolete)
        self._index = {m.key: m for m in self._active}
        self._position = {m.key: i for i, m in enumerate(self._active)}

    # ---- reading -------------------------------------------------------------------------
    @property
    def messages(self) -> tuple[Message, ...]:
        """All messages in file order (active and obsolete as they came); the header is apart."""
        return self._messages

    @property
    def header(self) -> dict[str, str]:
        """The header fields (``{"Language": "vi", ...}``), in file order; a copy."""
        return dict(self._metadata)

    def active(self) -> list[Message]:
        """The active (not obsolete) messages, in file order."""
        return list(self._active)

    def obsolete(self) -> list[Message]:
        """The obsolete (``#~``) messages, in file order."""
        return [m for m in self._messages if m.obsolete]

    def get(self, msgctxt: str | None, msgid: str) -> Message | None:
        """The active message with this (msgctxt, msgid), or None; one dict lookup, no scan."""
        return self._index.get((msgctxt, msgid))

    def __contains__(self, key: object) -> bool:
        """``(msgctxt, msgid) in catalog``: whether an active message has this key."""
        return isinstance(key, tuple) and key in self._index

    def entry(self, msgctxt: str | None, msgid: str) -> Entry | None:
        """The active message with this (msgctxt, msgid) as an ``Entry`` value (as ``entries``
        makes it), or None."""
        message = self._index.get((msgctxt, msgid))
        return None if message is None else _entry(message)

    def neighbours(self, msgctxt: str | None, msgid: str) -> tuple[Message | None, Message | None]:
        """The active messages just before and just after this one in file order (None at an edge).

        Raises:
            KeyError: no active message with that (msgctxt, msgid).
        """
        at = self._position[(msgctxt, msgid)]
        before = self._active[at - 1] if at > 0 else None
        after = self._active[at + 1] if at + 1 < len(self._active) else None
        return before, after

    def entries(self, *, include_obsolete: bool = False) -> list[Entry]:
        """Entries in file order (active first, then obsolete if asked), as ``Entry`` values.

        For plural entries (third-party catalogs) ``Entry.msgstr`` is ``msgstr[0]``.
        ``Entry.line`` is the line of the msgid in the parsed text (0 for added entries).
        """
        ordered = self.active() + (self.obsolete() if include_obsolete else [])
        return [_entry(m) for m in ordered]

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
            wrap_width=self.wrap_width,
            header_newline=self.header_newline,
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
        self,
        template: Catalog,
        *,
        language: str,
        plural_forms: str,
        now: datetime | None = None,
        migrate: Migration | None = None,
    ) -> Catalog:
        """This catalog merged with a new template, as ``msgmerge --previous`` does.

        Messages follow the template. For each template message:

        * same (msgctxt, msgid) here: its msgstr, flags (fuzzy kept) and translator comments
          (including ``# l10n-mt:`` lines) are kept; references and extracted comments come
          from the template; an obsolete (``#~``) message with that key is brought back the
          same way. When the template added or removed the plural forms, the message gets
          the old msgstr in every msgstr[n], or the old msgstr[0], and a translated one
          becomes fuzzy with the old msgid and msgid_plural as ``#|`` lines, as msgmerge does;
        * otherwise the most similar translated active old msgid (``l10n.catalog.fuzzy``; any,
          also one an exact match uses, as msgmerge searches them all) lends
          its translation: the message becomes fuzzy with ``#| msgid "<old msgid>"`` (and
          ``#| msgctxt`` whenever the old message had a context, as msgmerge does); one old
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

        Header: as ``l10n.catalog.merge.merge_header`` makes it (this one's fields kept).

        Args:
            template: the POT catalog.
            language: gettext language code (``vi``, ``zh_Hans``).
            plural_forms: e.g. ``"nplurals=1; plural=0;"``.
            now: time for a missing revision date (default: ``format_date``'s).
            migrate: the mechanical msgid changes of an article format
                (``l10n.catalog.merge.Migration``, e.g.
                ``l10n.formats.markdown.migrate.legacy_forms``): an old translated message
                whose msgid it maps to a template msgid lends its translation as an exact
                match (not fuzzy). None: no such changes.

        Returns:
            A new catalog (this one is not changed), or this very catalog when the merge
            changes nothing (``same_content``): ``result is self`` tells a caller to keep the
            file as it is, layout included, so merging twice writes nothing.
        """
        merged = merge(template, self, language=language, plural_forms=plural_forms, now=now, migrate=migrate)
        new = _made(merged, self.path, self.wrap_width)
        return self if self.same_content(new) else new


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
    return _made(merge(template, None, language=language, plural_forms=plural_forms, now=now), path)


def _made(merged: Merged, path: str, wrap_width: int | None = None) -> Catalog:
    """The catalog of a merge's values, written at ``wrap_width`` (``Catalog``'s argument)."""
    return Catalog(
        merged.messages,
        metadata=merged.metadata,
        header_comment=merged.header_comment,
        fuzzy=merged.fuzzy,
        path=path,
        wrap_width=wrap_width,
    )


def _signature(catalog: Catalog, ignored: set[str] | frozenset[str] = frozenset()) -> tuple[object, ...]:
    """The catalog's content regardless of layout, line numbers and header field order
    (and the values of the ``ignored`` header fields)."""
    active = [m.signature() for m in catalog.active()]
    obsolete = [m.signature() for m in catalog.obsolete()]
    header = tuple(sorted((k, "" if k in ignored else v) for k, v in catalog.header.items()))
    head = (catalog.has_header, catalog.header_comment, header, catalog.fuzzy)
    return (*head, tuple(active), tuple(obsolete))


__all__ = [
    "BOOKKEEPING_FIELDS",
    "KEPT_CONTEXT",
    "UTF8_CONTENT_TYPE",
    "Catalog",
    "Key",
    "Message",
    "format_date",
    "init_translation",
]
