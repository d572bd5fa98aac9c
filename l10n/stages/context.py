"""The context one run of the stages shares: the project, its catalog files, its articles, its report.

A ``Run`` is made per command (the CLI makes one; tests may make several). The stages are
functions over it (``l10n.stages.extract``...); it holds what they must share so that each
fact is computed once per run: the segmented articles (``documents``), the catalogs parsed or
written so far (``store``, a ``l10n.catalog.store.CatalogStore``), each article in each
language as published (``localized``: ``l10n.localized.Localized``) and which inputs already
failed (each failure is reported once). Every write goes through it and lands in the report:
one file that cannot be written is that file's error, and the run goes on.
"""

from __future__ import annotations

import copy
import os
from collections import Counter
from collections.abc import Collection, Sequence
from pathlib import Path

from l10n.cache import DocumentCache, Table, UnchangedMemo, document_key
from l10n.catalog import tmx
from l10n.catalog.catalog import Catalog
from l10n.catalog.store import CatalogStore, Loaded
from l10n.config import Config
from l10n.config_sections import control_char
from l10n.errors import CatalogError, L10nError, SourceError, WriteError
from l10n.glossary import Glossary
from l10n.layout import confined
from l10n.localized import Localized, localize
from l10n.model import Document, Entry, Issue
from l10n.project import STAGING, Layout, Snapshot, digest, read_snapshot, remove_file, write_atomic
from l10n.publish.policy import PublishPolicy
from l10n.report import Progress, Report

CatalogOf = tuple[Document, str, Path, Catalog]
"""One existing catalog of a run: (the article, BCP 47 language, the .po file, its catalog)."""

Lookup = dict[tuple[str | None, str], Entry]
"""A catalog's live entries by (msgctxt, msgid)."""


class Run:
    """One run of the stages over a project.

    Args:
        cfg: the loaded project configuration.
        report: what the run did (files, warnings, errors); a new one when not given.
        progress: progress sink for long stages (the CLI's bar; None: no progress).
        articles: the slugs this run works on (the command's article arguments); None: every
            article. ``documents`` (and so ``slugs`` and ``catalogs``) give only these;
            ``every_article`` gives the same run over all of them (publishing, the index).

    Attributes:
        cfg, report, progress, articles: as given.
        layout: where the project's files live.
        store: the catalog files of this run, each parsed at most once while its bytes stay the same.
    """

    def __init__(
        self,
        cfg: Config,
        report: Report | None = None,
        *,
        progress: Progress | None = None,
        articles: Collection[str] | None = None,
    ) -> None:
        self.cfg = cfg
        self.articles = None if articles is None else frozenset(articles)
        self._named = self.articles  # the articles whose catalogs' failures this run reports
        self.report = Report() if report is None else report
        self.progress = progress
        self.layout = Layout(cfg)
        self.store = CatalogStore(cfg.rel, warn=self.report.warnings.append)
        self._docs: dict[str, Document] = {}
        self.doc_cache = DocumentCache(cfg.root)  # segmented articles kept across runs (l10n.cache)
        self.memo = UnchangedMemo(cfg.root)  # stage inputs known to leave their file unchanged
        self.doc_keys: dict[str, str] = {}  # slug -> the cache key of its article's bytes and settings
        self.source_digests: dict[str, str] = {}  # slug -> the digest of the article bytes segmented
        self._tables: dict[str, Table] = {}  # the stages' results by kind (l10n.cache.Table), read once
        self._failed: set[str] = set()  # articles (file names; "*": the folder) reported this run
        self._bad_catalogs: set[Path] = set()  # unreadable catalogs already reported this run
        self._localized: dict[tuple[str, str], tuple[Catalog, PublishPolicy, Localized]] = {}

    @property
    def named(self) -> frozenset[str] | None:
        """The articles the command named (None: every article); ``every_article`` keeps them."""
        return self._named

    def every_article(self) -> Run:
        """This run over every article: the same config, report, progress and catalog store.

        A missing or unreadable catalog of an article the run did not name is not reported
        (it is not this run's work); publishing leaves such pages as they are.
        """
        if self.articles is None:
            return self
        every = copy.copy(self)  # shares the store, the segmented articles and what was reported
        every.articles = None
        return every

    def table(self, kind: str) -> Table:
        """The project's ``Table`` of ``kind`` (``.l10n/cache/<kind>.json``), one object per run: a
        stage reads it once and ``save``s it once, when it is done."""
        if kind not in self._tables:
            self._tables[kind] = Table(self.cfg.root, kind)
        return self._tables[kind]

    # ---- writes ---------------------------------------------------------------------------
    def _record(self, path: Path, changed: bool) -> None:
        (self.report.written if changed else self.report.unchanged).append(self.cfg.rel(path))

    def write(self, path: Path, data: bytes | str, expect: Snapshot | None = None) -> bool:
        """Write one file; a write failure is that file's error in the report, and the run goes on.

        Returns:
            True when ``path`` now holds ``data`` (written or already so), False after a failure.

        Raises:
            ConflictError: the file changed on disk since ``expect`` was read.
        """
        # a page's temp file is made outside the published folder: a kill never leaves it there
        staging = self.cfg.root / STAGING if path.is_relative_to(self.cfg.build_dir) else None
        try:
            changed = write_atomic(path, data, expect=expect, display=self.cfg.rel(path), staging=staging)
        except WriteError as exc:
            self.report.fail(exc)
            return False
        self._record(path, changed)
        return True

    def save(self, loaded: Loaded, catalog: Catalog) -> None:
        """Save a catalog over the file ``loaded`` read (``CatalogStore.save``), recorded as ``write``.

        Raises:
            ConflictError: the file changed on disk since it was read.
        """
        try:
            changed = self.store.save(loaded, catalog)
        except WriteError as exc:
            self.report.fail(exc)
            return
        self._record(loaded.path, changed)

    def keep(self, loaded: Loaded) -> None:
        """Leave a catalog file as ``loaded`` read it (nothing new), recorded as ``write``.

        Raises:
            ConflictError: the file changed on disk since it was read.
        """
        self.write(loaded.path, loaded.snap.data, loaded.snap)

    def remove(self, path: Path) -> None:
        """Remove a generated file if it exists; a failure is that file's error in the report."""
        try:
            if remove_file(path, display=self.cfg.rel(path)):
                self.report.removed.append(self.cfg.rel(path))
        except WriteError as exc:
            self.report.fail(exc)

    def leftover(self, path: Path, message: str) -> None:
        """Report what a killed run left (an aside put back or kept): one ``leftover`` warning.

        The ``warn`` of ``l10n.project.writing`` (``l10n.leftovers.Warn``).
        """
        self.report.warnings.append(Issue(self.cfg.rel(path), 0, "warning", "leftover", message))

    # ---- inputs ---------------------------------------------------------------------------
    def documents(self) -> list[Document]:
        """Segment every article of the run (``articles``; cached per run); unreadable ones go into
        the report once."""
        try:
            files = self.layout.articles()
        except L10nError as exc:
            if "*" not in self._failed:
                self._failed.add("*")
                self.report.fail(exc)
            return []
        stems = Counter(file.stem for file in files)
        docs: list[Document] = []
        for file in files:
            if self.articles is not None and file.stem not in self.articles:
                continue
            if file.name in self._failed:
                continue  # reported once per run
            own = control_char(file.name) or not_utf8(file.name)
            if own or stems[file.stem] > 1:
                # a bad name fails its file; a shared stem fails every file of that stem
                same = [f.name for f in files if f.stem == file.stem]
                self._failed.update([file.name] if own else same)
                self.report.fail(_bad_name(self.cfg, file, files))
                continue
            doc = self._document(file)
            if doc is not None:
                docs.append(doc)
        return docs

    def _document(self, file: Path) -> Document | None:
        """The segmented article of ``file`` (cached); None after its error went into the report."""
        key = file.name
        if key not in self._docs:
            try:
                self._docs[key] = self._segment(file)
            except L10nError as exc:
                self._failed.add(key)
                self.report.fail(exc)
                return None
        return self._docs[key]

    def _segment(self, file: Path) -> Document:
        """Segment ``file`` (``load_document``), or take what segmenting the same bytes with the same
        settings gave before from ``doc_cache`` (``l10n.cache``); warnings go into the report either way.

        Raises:
            L10nError: as ``load_document`` (errors are never cached).
        """
        display = self.cfg.rel(file)
        settings = (self.cfg.unit, self.cfg.wrap, tuple(self.cfg.front_matter_keys))
        data: bytes | None = None  # segmented as keyed: an edit after the snapshot waits for the next run
        try:
            snap = read_snapshot(file, display)  # regular files only: a FIFO is never opened
            cache_key = document_key(snap.data, file.name, display, settings) if snap.exists else None
            data = snap.data if snap.exists else None
            if snap.exists:
                self.source_digests[file.stem] = digest(snap.data)
        except L10nError:
            cache_key = None  # load_document reports it
        if cache_key is not None:
            self.doc_keys[file.stem] = cache_key
        hit = self.doc_cache.get(cache_key) if cache_key is not None else None
        if hit is not None:
            self.report.warnings.extend(hit[1])
            return hit[0]
        from l10n.formats.source import load_document  # the segmenters, only when one runs

        warnings: list[Issue] = []
        try:
            doc = load_document(
                file,
                display_path=display,
                unit=self.cfg.unit,
                wrap=self.cfg.wrap,
                warnings=warnings,
                front_matter_keys=self.cfg.front_matter_keys,
                data=data,
            )
        finally:
            self.report.warnings.extend(warnings)
        if cache_key is not None:
            self.doc_cache.put(cache_key, doc, warnings)
        return doc

    def slugs(self) -> list[str]:
        """The slugs of the readable articles (``documents``)."""
        return [doc.slug for doc in self.documents()]

    def catalogs(self, langs: Sequence[str], *, quiet: bool = False) -> list[CatalogOf]:
        """Every existing catalog of ``langs``, parsed at most once per run.

        A missing or unreadable catalog is left out and reported once per run (``quiet``: not
        reported).
        """
        out = []
        for doc in self.documents():
            for lang in langs:
                loaded = self.catalog_of(doc, lang, quiet=quiet)
                if loaded is not None and loaded.catalog is not None:
                    out.append((doc, lang, loaded.path, loaded.catalog))
        return out

    def catalog_of(self, doc: Document, lang: str, *, quiet: bool = False) -> Loaded | None:
        """The catalog of ``doc`` in ``lang`` as read (``CatalogStore.read``: parsed at most once per
        run), or None when it is missing or unreadable: reported once per run, as ``catalogs``."""
        path = self.layout.po(lang, doc.slug)
        try:
            loaded = self.store.read(path)
            if loaded.catalog is None:
                raise CatalogError("catalog missing: run `l10n update`", path=loaded.rel)
            return loaded
        except L10nError as exc:
            named = self._named is None or doc.slug in self._named
            if not quiet and named and path not in self._bad_catalogs:
                self._bad_catalogs.add(path)
                self.report.fail(exc)
        return None

    def localized(self, doc: Document, lang: str, catalog: Catalog, policy: PublishPolicy) -> Localized:
        """``doc`` in ``lang`` as published from ``catalog`` under ``policy``: one ``Localized`` per run.

        Made on first use (``l10n.localized.localize`` over ``catalog``'s live entries) and
        handed out again while ``catalog`` is the same object (the store's, for the same bytes)
        and ``policy`` equal (its glossary included); so the units' publishing
        choices and the completion are computed once however many queries read them.
        """
        made = self._localized.get((doc.slug, lang))
        if made is not None:
            was, rule, loc = made
            if was is catalog and loc.doc is doc and rule == policy and rule.glossary == policy.glossary:
                return loc
        loc = localize(doc, live(catalog.entries()), lang, policy)
        self._localized[(doc.slug, lang)] = (catalog, policy, loc)
        return loc

    def glossary(self) -> Glossary | None:
        """The project's termbase, or None (none configured, or unreadable: an error in the report)."""
        path = self.cfg.glossary
        if path is None or not path.is_file():
            return None
        try:
            inside = Path(os.path.normpath(path)).is_relative_to(self.cfg.root)  # as configured
            return Glossary.load(confined(path, self.cfg.root, self.cfg.rel) if inside else path)
        except L10nError as exc:
            exc.path = self.cfg.rel(path)
            self.report.fail(exc)
            return None

    def read_mt_memory(self, lang: str) -> tuple[Snapshot, tmx.TmxMemory] | None:
        """Read ``locales/<lang>/mt-memory.tmx``: what the file held and its units (``tmx.read_tmx``).

        Returns:
            ``(snapshot, records)``; no records when the file does not exist (``snapshot.exists``
            False); None when it cannot be read or parsed, the error then being in the report
            (not valid UTF-8: a ``CatalogError``; unreadable or malformed: the ``L10nError`` raised).
        """
        path = self.layout.mt_memory(lang)
        rel = self.cfg.rel(path)
        try:
            snap = read_snapshot(path, rel)
            if not snap.exists:
                return snap, tmx.TmxMemory()
            return snap, tmx.read_tmx(snap.data, rel, srclang=self.cfg.source_language, tgtlang=lang)
        except UnicodeDecodeError:
            self.report.fail(CatalogError("not valid UTF-8", path=rel))
        except L10nError as exc:
            self.report.fail(exc)
        return None


def _bad_name(cfg: Config, file: Path, files: Sequence[Path]) -> SourceError:
    """Why an article cannot be read under its name: a control character, or a stem it shares."""
    byte = not_utf8(file.name)
    if byte:
        shown = cfg.rel(file).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        return SourceError(
            f"article name contains a byte that is not UTF-8 ({byte}): "
            "rename the file (catalogs and messages need one-line UTF-8 names)",
            path=shown,
        )
    char = control_char(file.name)
    if char:
        shown = "".join(control_char(ch) or ch for ch in cfg.rel(file))
        return SourceError(
            f"article name contains the control character {char}: "
            "rename the file (catalogs and messages need one-line UTF-8 names)",
            path=shown,
        )
    same = [cfg.rel(f) for f in files if f.stem == file.stem]
    return SourceError(
        f"articles {' and '.join(same)} share the catalogs of '{file.stem}': rename one", path=same[0]
    )


def not_utf8(name: str) -> str | None:
    """The first byte of a file name that is not valid UTF-8 (``"0xe9"``), or None.

    ``os.listdir`` returns such bytes as lone surrogates (PEP 383, ``surrogateescape``); no
    catalog, message or page can carry them.
    """
    bad = next((ch for ch in name if 0xDC80 <= ord(ch) <= 0xDCFF), None)
    return None if bad is None else f"0x{ord(bad) - 0xDC00:02x}"


def live(entries: Sequence[Entry]) -> Lookup:
    """The non-obsolete ``entries`` by (msgctxt, msgid)."""
    return {(e.msgctxt, e.msgid): e for e in entries if not e.obsolete}


__all__ = ["CatalogOf", "Lookup", "Run", "live"]
