"""The merge of a catalog with a new template, as ``msgmerge --previous`` does it.

The rules are ``l10n.catalog.catalog.Catalog.update``'s (its docstring states them); this
module computes the merged header and messages from plain values and knows no file format and
no article format: a format whose msgids changed mechanically between l10n versions hands its
``Migration`` in (the update stage passes ``l10n.formats.markdown.migrate.legacy_forms``).
Fuzzy matching is ``l10n.catalog.fuzzy``'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from l10n.catalog.fuzzy import FuzzyMatcher
from l10n.catalog.header import INITIAL_DEFAULTS, UTF8_CONTENT_TYPE, format_date, ordered
from l10n.catalog.message import Key, Message
from l10n.locale import plural_forms_equivalent
from l10n.provenance import is_suggestion_line, without_provenance

Migration = Callable[[str], Iterable[tuple[str, Callable[[str], str]]]]
"""A mechanical msgid change: for an old msgid, each msgid today's extraction may give for it
with the conversion of its msgstr (``(new_msgid, convert)`` pairs, none when nothing changed),
e.g. ``l10n.formats.markdown.migrate.legacy_forms``."""

KEPT_CONTEXT = "l10n: previous translation"
"""The msgctxt (or suffix of the msgctxt) of an obsolete entry kept beside a live one (see
``Catalog.update``)."""


class Source(Protocol):
    """What the merge reads of a catalog (``l10n.catalog.catalog.Catalog`` is one)."""

    header_comment: str
    fuzzy: bool

    @property
    def header(self) -> dict[str, str]: ...

    @property
    def messages(self) -> tuple[Message, ...]: ...

    def active(self) -> list[Message]: ...

    def get(self, msgctxt: str | None, msgid: str) -> Message | None: ...

    def obsolete(self) -> list[Message]: ...


@dataclass(frozen=True)
class Merged:
    """A merged catalog as values: header comment, fields (xgettext's order), fuzzy flag, messages."""

    header_comment: str
    metadata: dict[str, str]
    fuzzy: bool
    messages: list[Message]


def merge(
    template: Source,
    old: Source | None,
    *,
    language: str,
    plural_forms: str,
    now: datetime | None = None,
    migrate: Migration | None = None,
) -> Merged:
    """``old`` merged with ``template`` (rules in ``Catalog.update``; ``old`` None: a new catalog).

    Args:
        template: the POT catalog.
        old: the existing catalog, or None (``init_translation``).
        language, plural_forms, now: as in ``Catalog.update``.
        migrate: carries translations across mechanical msgid changes (``Migration``); None: no such
            changes.

    Returns:
        The merged values; ``template`` and ``old`` are not changed.
    """
    nplurals = _nplurals(plural_forms)
    comment, metadata, fuzzy = merge_header(template, old, language, plural_forms, now)
    old_messages = old.messages if old is not None else ()
    used: set[int] = set()
    messages, unmatched = _exact(template, old, used, nplurals)
    unmatched = _carry_migrated(unmatched, old_messages, used, nplurals, migrate)
    _carry_fuzzy(unmatched, old_messages, used, nplurals)
    messages += _kept(old_messages, used, {m.key for m in messages})
    return Merged(comment, metadata, fuzzy, messages)


def merge_header(
    template: Source, old: Source | None, language: str, plural_forms: str, now: datetime | None
) -> tuple[str, dict[str, str], bool]:
    """The header of the merged catalog: (comment, fields, fuzzy).

    ``old``'s fields are kept (translator, team, PO-Revision-Date, Project-Id-Version);
    ``POT-Creation-Date`` and ``Report-Msgid-Bugs-To`` come from the template; ``Language`` is
    set; ``Plural-Forms`` is set unless old's is equivalent
    (``l10n.locale.plural_forms_equivalent``); ``Content-Type`` is UTF-8; fields are put in
    xgettext's order. Fields msgfmt -c requires are added when missing or still at gettext's
    initial default (a missing ``PO-Revision-Date`` becomes ``now``). Without ``old``: the
    template's fields with ``PO-Revision-Date`` = ``now`` and an empty translator and team.
    """
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
        if name not in meta or meta[name].startswith(INITIAL_DEFAULTS.get(name, "\0")):
            meta[name] = value
    return comment, ordered(meta), fuzzy


def _nplurals(plural_forms: str) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
    return int(match.group(1)) if match else 2


def _strings(message: Message) -> set[str]:
    """The non-empty msgstr values of a message (singular or plural)."""
    return {v for v in (message.msgstr, *message.msgstr_plural.values()) if v}


def _active_by_key(old_messages: Sequence[Message]) -> dict[Key, Message]:
    """The active old messages by key (the last one of a key made twice in memory)."""
    return {m.key: m for m in old_messages if not m.obsolete}


def _exact(
    template: Source, old: Source | None, used: set[int], nplurals: int
) -> tuple[list[Message], list[Message]]:
    """One new message per template message, given the translation of the old message with its
    key (active first: ``old.get``, else obsolete); returns (all new messages, those without one).

    An old message whose every msgstr was carried goes into ``used`` (by ``id``).
    """
    old_obsolete: dict[Key, Message] = {}
    for m in old.obsolete() if old is not None else ():
        old_obsolete.setdefault(m.key, m)
    messages: list[Message] = []
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
        match = (old.get(*tmessage.key) if old is not None else None) or old_obsolete.get(tmessage.key)
        if match is not None:
            _carry(new, match, exact=True, nplurals=nplurals)
            if _strings(match) <= _strings(new):
                used.add(id(match))  # else it is kept as obsolete too (_kept)
        else:
            unmatched.append(new)
        messages.append(new)
    return messages, unmatched


def _carry_fuzzy(
    unmatched: list[Message], old_messages: Sequence[Message], used: set[int], nplurals: int
) -> None:
    """Give each message of ``unmatched`` the translation of the most similar translated active
    old message (``l10n.catalog.fuzzy``), as a fuzzy match; as in msgmerge any of them may
    lend, also one whose translation an exact match already carries."""
    leftovers = [m for m in _active_by_key(old_messages).values() if m.translated]
    if not unmatched or not leftovers:
        return
    matcher = FuzzyMatcher(
        [m.msgid for m in leftovers],
        queries=len(unmatched),
        plural=[bool(m.msgid_plural) for m in leftovers],
        contexts=[m.msgctxt for m in leftovers],
    )
    for new in unmatched:
        i = matcher.best(new.msgid, plural=bool(new.msgid_plural), msgctxt=new.msgctxt)
        if i is not None:
            _carry(new, leftovers[i], exact=False, nplurals=nplurals)
            used.add(id(leftovers[i]))


def _carry(new: Message, old: Message, *, exact: bool, nplurals: int) -> None:
    """Give the template message ``new`` the translation, comments and flags of ``old``.

    As GNU msgmerge --previous does: an entry that gained plural forms gets the old msgstr in
    every msgstr[n], one that lost them gets the old msgstr[0]; either way a translated entry
    becomes fuzzy with the old msgctxt (whenever it had one, even the same as the new one),
    msgid and msgid_plural as ``#|`` lines (unless the old entry already had ``#|`` lines:
    those are kept).

    A machine suggestion (``l10n-mt-suggestion:``) goes only with its own msgid. Lent to another
    msgid, a reviewed (not fuzzy) message loses its ``l10n-mt:`` lines: a person confirmed the
    text, and only the provenance tells unreviewed machine output, which is translated again
    (``l10n.translate.fill``), from a person's translation, which is kept.
    """
    new.tcomment, new.blank_tcomment = old.tcomment, old.blank_tcomment
    if not exact and old.tcomment:
        lines = [c for c in old.tcomment.split("\n") if not is_suggestion_line(c)]
        reviewed = "fuzzy" not in old.flags  # its l10n-mt: lines go, continuation lines included
        new.tcomment = "\n".join(without_provenance(lines) if reviewed else lines)
    reshaped = bool(new.msgid_plural) != bool(old.msgid_plural)
    _carry_strings(new, old, nplurals)
    fuzzy = "fuzzy" in old.flags or not exact or (reshaped and new.translated)
    extra = [f for f in old.flags if f != "fuzzy" and not f.endswith("-format") and f not in new.flags]
    new.flags = (["fuzzy"] if fuzzy else []) + [f for f in new.flags if f != "fuzzy"] + extra
    if exact:
        if fuzzy and (old.previous_msgid is not None or not reshaped):
            new.previous_msgctxt = old.previous_msgctxt
            new.previous_msgid = old.previous_msgid
            new.previous_msgid_plural = old.previous_msgid_plural
        elif fuzzy:
            new.previous_msgctxt = old.msgctxt
            new.previous_msgid = old.msgid
            new.previous_msgid_plural = old.msgid_plural or None
    else:
        new.previous_msgctxt = old.msgctxt  # whenever it had one, as msgmerge --previous writes it
        new.previous_msgid = old.msgid
        new.previous_msgid_plural = old.msgid_plural or None


def _carry_strings(new: Message, old: Message, nplurals: int) -> None:
    """Copy the msgstr(s) of ``old`` into ``new``, across a change of plural forms (see ``_carry``)."""
    if new.msgid_plural and old.msgid_plural:
        new.msgstr_plural = dict(old.msgstr_plural)
    elif new.msgid_plural:
        new.msgstr_plural = {i: old.msgstr for i in range(nplurals)}
    elif old.msgid_plural:
        new.msgstr = old.msgstr_plural.get(0, "")
    else:
        new.msgstr = old.msgstr


def _carry_migrated(
    unmatched: list[Message],
    old_messages: Sequence[Message],
    used: set[int],
    nplurals: int,
    migrate: Migration | None,
) -> list[Message]:
    """Carry translations across mechanical msgid changes as exact matches; return the rest.

    An old translated message whose msgid an older l10n wrote differently (``migrate`` gives
    today's msgid for it) lends its translation, flags and comments to the message with today's
    msgid as if the msgid were the same: not fuzzy, not translated again. Active old messages
    come before obsolete ones.
    """
    if not unmatched or migrate is None:
        return unmatched
    wanted = {m.key for m in unmatched}
    forms: dict[Key, tuple[Message, Callable[[str], str]]] = {}
    for m in sorted(old_messages, key=lambda m: m.obsolete):
        if id(m) in used or not m.translated or m.msgid_plural:
            continue
        for msgid, convert in migrate(m.msgid):
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


def _kept(old_messages: Sequence[Message], used: set[int], taken: set[Key]) -> list[Message]:
    """Whatever old translation or translator comment no live message carries, as obsolete
    messages (keys not in ``taken``: ``_kept_key``), in the old order."""
    out: list[Message] = []
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
        out.append(
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
    return out


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


__all__ = ["KEPT_CONTEXT", "Merged", "Migration", "Source", "merge", "merge_header"]
