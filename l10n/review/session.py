"""The review page's state over the catalogs of one language: load, show, approve, detect conflicts.

No HTTP here (``l10n.review.server`` serves it). Catalog files are read and written through
one ``l10n.catalog.store.CatalogStore`` per session, the protocol the CLI's runs use: a file is
parsed again only when its bytes on disk changed, a legacy charset is written back as UTF-8,
a save that would change only the header's bookkeeping leaves the file as it is. A *view* is
what one page load saw: each catalog as the store read it (``Loaded``: bytes and ``Catalog``).
An approval is written under the project lock (``project_lock`` with a short timeout:
``busy``), atomically, and only if the file still holds the bytes that view read
(``CatalogStore.save``, which writes against that snapshot) and the entry is still what the
page showed (its ``base``). Otherwise nothing is written: the view shows the catalog on disk
and the outcome is a ``conflict`` carrying the version on disk, so the page can show both.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from l10n.catalog.catalog import Catalog, Key, Message, format_date
from l10n.catalog.store import CatalogStore, Loaded
from l10n.checks.findings import findings
from l10n.checks.registry import check_pair
from l10n.config import Config
from l10n.errors import BusyError, ConflictError, L10nError
from l10n.glossary import Glossary, TermRule
from l10n.model import Document, Issue
from l10n.project import Layout, project_lock
from l10n.provenance import is_provenance_line, is_suggestion_line, suggestion_of
from l10n.review.queue import QueueItem, build_queue
from l10n.review.text import diff_html, flagged_values, rich_text

LOCK_WAIT = 1.0
"""Seconds an approval waits for another l10n run's project lock before answering "busy, retry"."""

MAX_VIEWS = 16
"""Page loads whose snapshots are kept (older pages get a conflict on their next approval)."""


def entry_base(message: Message | None) -> str:
    """A fingerprint of what the page shows of an entry (msgstr, flags, comments, previous msgid).

    ``"gone"`` when the entry is no longer in the catalog.
    """
    if message is None:
        return "gone"
    shown = [message.msgstr, message.flags, message.tcomment, message.previous_msgid]
    return hashlib.sha1(json.dumps(shown, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


@dataclass
class _Shown:
    """One catalog as a view read it: the store's ``Loaded`` (replaced after a write or a conflict)."""

    slug: str
    file: Loaded
    catalog: Catalog  # ``file.catalog``, never None here (a view holds existing catalogs only)

    @property
    def path(self) -> Path:
        """The catalog file."""
        return self.file.path

    @property
    def rel(self) -> str:
        """Its project-relative name."""
        return self.file.rel

    def show(self, file: Loaded, catalog: Catalog) -> None:
        """Hold ``file`` (its parsed ``catalog``) from now on."""
        self.file, self.catalog = file, catalog

    def find(self, msgctxt: str | None, msgid: str) -> Message | None:
        """The active message with this key (``Catalog.get``: one lookup, no scan), or None."""
        return self.catalog.get(msgctxt, msgid)


@dataclass(frozen=True)
class _Article:
    """The order of an article's sentences, indexed once: each key's first place, and the texts."""

    places: dict[Key, int]
    texts: tuple[str, ...]

    @classmethod
    def of(cls, doc: Document) -> _Article:
        """The index of ``doc``'s segments (a key made twice: its first place)."""
        places: dict[Key, int] = {}
        for at, seg in enumerate(doc.segments):
            places.setdefault((seg.context, seg.text), at)
        return cls(places, tuple(s.text for s in doc.segments))

    def around(self, key: Key) -> tuple[str, str] | None:
        """The sentences before and after the first sentence with ``key`` ("" at an edge), or None."""
        at = self.places.get(key)
        if at is None:
            return None
        texts = self.texts
        return (texts[at - 1] if at > 0 else "", texts[at + 1] if at + 1 < len(texts) else "")


@dataclass(frozen=True)
class EntryView:
    """One queue entry as the page shows it (HTML fields are escaped ``Markup``).

    Attributes:
        item: the queue item (path, line, reason, state, confidence, texts, issues).
        slug: the article.
        role: the role comment (``headline``, ``caption``...), or ``""``.
        notes: the translator comments other than provenance lines.
        before, after: the previous and next sentence of the article (``""`` at an edge).
        source_html, target_html: msgid and msgstr with chips and flagged values marked.
        previous_html: word diff from the previous msgid to the msgid (fuzzy after a source
            change), or None.
        terms: the glossary rules whose term is in the msgid.
        base: ``entry_base`` of the entry as shown.
        suggestion: the new machine suggestion of a reviewed entry whose source changed (its
            ``l10n-mt-suggestion:`` line), or None.
    """

    item: QueueItem
    slug: str
    role: str
    notes: str
    before: str
    after: str
    source_html: Markup
    target_html: Markup
    previous_html: Markup | None
    terms: tuple[TermRule, ...]
    base: str
    suggestion: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What an approval did.

    Attributes:
        status: ``ok`` (written), ``unchanged`` (the file already held it), ``conflict``
            (changed on disk: nothing written), ``busy`` (another run holds the lock), or
            ``invalid`` (a bad request: nothing written).
        message: one line for the page.
        base: the entry's fingerprint now (after the write, or on disk after a conflict).
        theirs: on a conflict, the msgstr on disk (None when the entry is gone).
        theirs_state: on a conflict, the entry's state on disk.
        line: the entry's msgid line in the file now (0 if unknown).
        issues: the check issues of the approved text.
    """

    status: str
    message: str
    base: str = ""
    theirs: str | None = None
    theirs_state: str = ""
    line: int = 0
    issues: tuple[Issue, ...] = ()


@dataclass
class ReviewSession:
    """The review state of one language's catalogs (thread-safe: one lock around every call).

    Args:
        cfg: the project.
        lang: BCP 47 tag of the language under review.
        documents: the segmented articles (roles and neighbouring sentences come from them).
        glossary: the termbase, or None.
        lock_wait: seconds to wait for the project lock when writing.
    """

    cfg: Config
    lang: str
    documents: Sequence[Document]
    glossary: Glossary | None = None
    lock_wait: float = LOCK_WAIT
    _views: OrderedDict[str, dict[str, _Shown]] = field(default_factory=OrderedDict)
    _mutex: threading.Lock = field(default_factory=threading.Lock)
    _store: CatalogStore = field(init=False, repr=False)
    _checked: dict[str, tuple[Catalog, list[Issue]]] = field(default_factory=dict)
    _articles: dict[str, _Article] = field(init=False, repr=False)
    _docs: dict[str, Document] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._store = CatalogStore(self.cfg.rel)  # the charset warning is said in the outcome
        self._docs = {doc.slug: doc for doc in self.documents}
        self._articles = {doc.slug: _Article.of(doc) for doc in self.documents}

    def load(self) -> tuple[str, list[EntryView], list[str]]:
        """Read every catalog of the language afresh (a page load).

        Each file's bytes are read; a catalog is parsed again only when its bytes differ from
        the ones this session read or wrote last (``l10n.catalog.store.CatalogStore.read``).

        Returns:
            ``(view id, entries in queue order, one-line errors of catalogs that could not be read)``.
        """
        layout = Layout(self.cfg)
        shown: dict[str, _Shown] = {}
        errors: list[str] = []
        for doc in self.documents:
            try:
                with self._mutex:  # the store is not thread-safe; an approval may be writing
                    file = self._store.read(layout.po(self.lang, doc.slug))
            except L10nError as exc:
                errors.append(str(exc))
                continue
            if file.catalog is None:
                errors.append(f"{file.rel}: catalog missing: run `l10n update`")
                continue
            shown[file.rel] = _Shown(doc.slug, file, file.catalog)
        with self._mutex:
            view = secrets.token_hex(8)
            self._views[view] = shown
            while len(self._views) > MAX_VIEWS:
                self._views.popitem(last=False)
        return view, self._entries(shown), errors

    def _issues(self, cat: _Shown) -> list[Issue]:
        """The check issues of a shown catalog as ``l10n check`` reports them (``findings``: the
        queue's order and filter are the CLI's), checked once per parse (the session's glossary)."""
        with self._mutex:
            cached = self._checked.get(cat.rel)
        if cached is not None and cached[0] is cat.catalog:
            return cached[1]
        issues = findings(
            self._docs[cat.slug],
            cat.catalog,
            path=cat.rel,
            lang=self.lang,
            glossary=self.glossary,
            src_lang=self.cfg.source_language,
        )
        with self._mutex:
            self._checked[cat.rel] = (cat.catalog, issues)
        return issues

    def _entries(self, shown: dict[str, _Shown]) -> list[EntryView]:
        issues = [i for c in shown.values() for i in self._issues(c)]
        queue = build_queue([(c.rel, c.catalog) for c in shown.values()], issues)
        rules = self.glossary.rules_for(self.lang) if self.glossary else []
        views = []
        for item in queue:
            cat = shown[item.path]
            message = cat.find(item.msgctxt, item.msgid)
            if message is not None:
                views.append(self._view(item, cat, message, rules))
        return views

    def _view(self, item: QueueItem, cat: _Shown, message: Message, rules: Sequence[TermRule]) -> EntryView:
        before, after = self._neighbours(cat, message)
        marks = flagged_values(item.issues)
        notes = [ln for ln in message.tcomment.split("\n") if ln.strip() and not _machine_line(ln)]
        previous = message.previous_msgid
        return EntryView(
            item=item,
            slug=cat.slug,
            role=(message.comment.split("\n") or [""])[0],
            notes="\n".join(notes),
            before=before,
            after=after,
            source_html=rich_text(item.msgid, marks),
            target_html=rich_text(item.msgstr, marks),
            previous_html=diff_html(previous, item.msgid) if previous is not None else None,
            terms=tuple(r for r in rules if r.in_source(item.msgid)),
            base=entry_base(message),
            suggestion=suggestion_of(message),
        )

    def _neighbours(self, cat: _Shown, message: Message) -> tuple[str, str]:
        """The sentences before and after ``message``: from the article, else from the catalog order."""
        article = self._articles.get(cat.slug)
        around = article.around(message.key) if article is not None else None
        if around is not None:
            return around
        before, after = cat.catalog.neighbours(message.msgctxt, message.msgid)
        return (before.msgid if before else "", after.msgid if after else "")

    def approve(
        self, view: str, rel: str, msgctxt: str | None, msgid: str, msgstr: str, base: str
    ) -> Outcome:
        """Approve one entry: set its msgstr, clear fuzzy, drop the provenance line and previous msgid.

        Other translator comments stay. Written at once (atomic, conflict-checked, under the
        project lock); see the module docstring. A catalog in a legacy charset (ISO-8859-1...)
        is written back as UTF-8 with its ``Content-Type`` updated, as ``l10n update`` does; the
        outcome's message says so.

        Args:
            view: the page load's id (from ``load``).
            rel: the catalog's project-relative path.
            msgctxt, msgid: which entry.
            msgstr: the approved translation (not empty).
            base: ``entry_base`` of the entry as the page showed it.

        Returns:
            The ``Outcome``; never raises for a conflict, a busy lock or a bad request
            (``invalid``: empty, or a character ``bad_character`` names).

        Raises:
            WriteError: the file could not be written (permissions, disk full).
        """
        if not msgstr:
            return Outcome("invalid", "empty translation: nothing to approve")
        bad = bad_character(msgstr)
        if bad:
            return Outcome("invalid", f"the translation contains {bad}: nothing written")
        with self._mutex:
            cat = self._views.get(view, {}).get(rel)
            if cat is None:
                return Outcome(
                    "invalid", "this page is out of date or names no catalog of it: reload the page"
                )
            try:
                with project_lock(self.cfg.root, self.lock_wait):
                    return self._approve(cat, msgctxt, msgid, msgstr, base)
            except BusyError:
                return Outcome("busy", "busy: another l10n run is writing this project; retry in a moment")

    def _approve(self, cat: _Shown, msgctxt: str | None, msgid: str, msgstr: str, base: str) -> Outcome:
        """``approve`` under the mutex and the project lock: check, then save through the store."""
        try:
            current = self._store.read(cat.path)
        except L10nError as exc:
            return Outcome("conflict", f"changed on disk and now unreadable ({exc}); nothing written")
        if not current.snap.exists or current.snap.data != cat.file.snap.data:
            return self._conflict(cat, current, msgctxt, msgid)
        message = cat.find(msgctxt, msgid)
        if message is None or entry_base(message) != base:
            return self._conflict(cat, current, msgctxt, msgid)
        new = cat.catalog.copy()
        try:
            new.set_translation(msgid, msgctxt, msgstr, fuzzy=False, comment=None)
        except (KeyError, ValueError) as exc:
            return Outcome("invalid", f"cannot approve this entry: {exc}")
        new.set_header("PO-Revision-Date", format_date())
        try:
            changed = self._store.save(cat.file, new)  # nothing written when only the date differs
        except ConflictError:
            return self._reread_conflict(cat, msgctxt, msgid)
        legacy = cat.file.legacy
        written = self._store.read(cat.path)  # the catalog as written: the store's, not parsed again
        if written.catalog is not None:
            cat.show(written, written.catalog)
        now = cat.find(msgctxt, msgid)
        line = now.line if now else 0
        converted = ""
        if legacy is not None:
            converted = f" (the catalog was in {legacy[0]}: written back as UTF-8, Content-Type updated)"
        issues = check_pair(msgid, msgstr, lang=self.lang, glossary=self.glossary, path=cat.rel, line=line)
        return Outcome(
            "ok" if changed else "unchanged",
            f"approved: {cat.rel}:{line}{converted}",
            base=entry_base(now),
            line=line,
            issues=tuple(issues),
        )

    def _reread_conflict(self, cat: _Shown, msgctxt: str | None, msgid: str) -> Outcome:
        """``_conflict`` with the file as it is on disk now (read again)."""
        try:
            current = self._store.read(cat.path)
        except L10nError as exc:
            return Outcome("conflict", f"changed on disk and now unreadable ({exc}); nothing written")
        return self._conflict(cat, current, msgctxt, msgid)

    def _conflict(self, cat: _Shown, current: Loaded, msgctxt: str | None, msgid: str) -> Outcome:
        """Show ``current`` (the file on disk) in ``cat`` and describe the entry there; nothing is written."""
        theirs = None
        if current.catalog is not None:
            cat.show(current, current.catalog)
            theirs = cat.find(msgctxt, msgid)
        if theirs is None:
            return Outcome("conflict", f"{cat.rel}: this entry is no longer in the catalog; nothing written")
        entry = cat.catalog.entry(msgctxt, msgid)
        state = entry.state if entry is not None else ""
        return Outcome(
            "conflict",
            f"{cat.rel}: changed on disk since this page loaded it; nothing written. "
            "Compare both versions, then approve again to save yours",
            base=entry_base(theirs),
            theirs=theirs.msgstr,
            theirs_state=state,
            line=theirs.line,
        )

    def catalog_of(self, view: str, rel: str) -> Catalog | None:
        """The catalog ``rel`` as page load ``view`` knows it now (after its approvals), or None."""
        with self._mutex:
            cat = self._views.get(view, {}).get(rel)
            return cat.catalog if cat is not None else None

    def check_text(self, rel: str, msgid: str, msgstr: str) -> list[Issue]:
        """The pair check issues of ``msgstr`` as a translation of ``msgid`` (``check_pair``)."""
        return check_pair(msgid, msgstr, lang=self.lang, glossary=self.glossary, path=rel, line=0)


def _machine_line(line: str) -> bool:
    """True for a comment line l10n writes (``l10n-mt:``, ``l10n-mt-suggestion:``), not a note."""
    return is_provenance_line(line) or is_suggestion_line(line)


def bad_character(text: str) -> str | None:
    """Why ``text`` cannot be written to a catalog, or None: a lone surrogate (not encodable),
    or a control character other than tab and line feed (C0, DEL, C1: a NUL or escape byte
    in a .po breaks gettext tools and pages)."""
    for ch in text:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            return f"a lone surrogate (U+{code:04X})"
        if (code < 0x20 and ch not in "\t\n") or 0x7F <= code <= 0x9F:
            return f"the control character U+{code:04X}"
    return None


__all__ = ["LOCK_WAIT", "EntryView", "Outcome", "ReviewSession", "bad_character", "entry_base"]
