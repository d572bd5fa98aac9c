"""Run the stages over articles x languages and return a ``Report``. Never prints.

Stages, in the order ``build`` runs them::

    extract   source/<slug>.txt|.md|.html -> locales/<slug>.pot
    update    locales/<slug>.pot     -> locales/<ll>/LC_MESSAGES/<slug>.po   (msgmerge semantics)
    translate .po (empty entries)    -> .po (machine output, fuzzy + provenance)
                                        + locales/<ll>/mt-memory.tmx (every engine output, kept)
    check     .po                    -> [Issue]
    compile   .po                    -> locales/<ll>/LC_MESSAGES/<slug>.mo
    publish   .po                    -> build/<lang>/<slug>.{txt,md,html} + build/index.html

Stages hand each other ``Catalog`` objects: each catalog file is parsed at most once per run
(while its bytes stay the same), and a catalog a stage writes is passed on as written (with the
line numbers of the new text) rather than read back. One bad article or language does not stop
the others: its error goes into the report and the exit code says something failed. Every
file write is atomic and refuses to overwrite a catalog that changed on disk since it was read.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from l10n import __version__
from l10n.catalog import mofile, pofile, tmx
from l10n.catalog.catalog import Catalog, format_date, init_translation, make_template
from l10n.checks.registry import check_catalog, check_pair
from l10n.config import Config, control_char
from l10n.errors import CatalogError, L10nError, ModelUnavailableError, SourceError, WriteError
from l10n.formats.source import load_document
from l10n.glossary import Glossary
from l10n.locale import plural_forms, to_gettext
from l10n.model import Document, Entry, Issue
from l10n.mt import Engine
from l10n.mt import factory as mt_factory
from l10n.project import Layout, Snapshot, read_snapshot, remove_file, write_atomic
from l10n.publish import pages as build
from l10n.publish.pages import PublishPolicy
from l10n.publish.policy import completion
from l10n.report import (
    CheckCount,
    LangSummary,
    Progress,
    PublishOptions,
    Report,
    TranslateOptions,
)
from l10n.review.edits import EditStats, edit_stats, reviewed_pairs
from l10n.review.queue import QueueItem, build_queue
from l10n.status import catalog_status, missing_status
from l10n.translate.fill import translate_catalog
from l10n.translate.mtmemory import update_records
from l10n.translate.tm import TranslationMemory

BUILD_FORMATS = ("txt", "md", "html")
"""The localized builds written for each article x language: build/<lang>/<slug>.<ext>."""

CHECKPOINT_SECONDS = 30.0
"""The translate stage saves a catalog's machine output at least this often (seconds) ..."""
CHECKPOINT_ENTRIES = 250
"""... or after this many newly filled entries, whichever comes first; a killed run loses at most that."""


class Pipeline:
    """The stages of one project. Construct with a loaded ``Config``; methods fill a ``Report``."""

    def __init__(self, cfg: Config, *, progress: Progress | None = None) -> None:
        self.cfg = cfg
        self.layout = Layout(cfg)
        self.progress = progress
        self._docs: dict[str, Document] = {}
        self._failed: set[str] = set()
        self._parsed: dict[Path, tuple[bytes, Catalog]] = {}  # catalogs of this run, by file bytes
        self._bad_catalogs: set[Path] = set()  # unreadable catalogs already reported this run
        self._legacy: dict[Path, tuple[str, int]] = {}  # catalogs read in another charset than UTF-8

    # ---- helpers -------------------------------------------------------------------------
    def _write(self, report: Report, path: Path, data: bytes | str, expect: Snapshot | None = None) -> None:
        """Write one file; a write failure is that file's error in the report, and the run goes on.

        Raises:
            ConflictError: the file changed on disk since ``expect`` was read.
        """
        try:
            changed = write_atomic(path, data, expect=expect, display=self.cfg.rel(path))
        except WriteError as exc:
            report.fail(exc)
            return
        if changed:
            report.written.append(self.cfg.rel(path))
        else:
            report.unchanged.append(self.cfg.rel(path))

    def documents(self, report: Report) -> list[Document]:
        """Segment every article (cached per run); unreadable ones go into the report."""
        docs: list[Document] = []
        try:
            files = self.layout.articles()
        except L10nError as exc:
            if "*" not in self._failed:
                self._failed.add("*")
                report.fail(exc)
            return docs
        stems = Counter(file.stem for file in files)
        for file in files:
            key = file.name
            if key in self._failed:
                continue  # reported once per run
            if control_char(file.name):
                self._failed.add(key)
                shown = "".join(control_char(ch) or ch for ch in self.cfg.rel(file))
                report.fail(
                    SourceError(
                        f"article name contains the control character {control_char(file.name)}: "
                        "rename the file (catalogs and messages need one-line names)",
                        path=shown,
                    )
                )
                continue
            if stems[file.stem] > 1:
                same = [self.cfg.rel(f) for f in files if f.stem == file.stem]
                self._failed.update(f.name for f in files if f.stem == file.stem)
                report.fail(
                    SourceError(
                        f"articles {' and '.join(same)} share the catalogs of '{file.stem}': rename one",
                        path=same[0],
                    )
                )
                continue
            if key not in self._docs:
                try:
                    self._docs[key] = load_document(
                        file,
                        display_path=self.cfg.rel(file),
                        unit=self.cfg.unit,
                        wrap=self.cfg.wrap,
                        warnings=report.warnings,
                        front_matter_keys=self.cfg.front_matter_keys,
                    )
                except L10nError as exc:
                    self._failed.add(key)
                    report.fail(exc)
                    continue
            docs.append(self._docs[key])
        return docs

    def _load(self, path: Path) -> tuple[Snapshot, str | None, Catalog | None]:
        """Read a catalog file: (snapshot, text, catalog), text and catalog None when it is missing.

        The catalog is this run's object for these bytes when a stage already has one (parsed or
        written); otherwise the text is parsed once and remembered. Callers that change a
        catalog change a ``copy()``.

        Raises:
            CatalogError: the file is not valid in its charset (the header's, else UTF-8),
                names an unknown charset, or is malformed.
        """
        rel = self.cfg.rel(path)
        snap = read_snapshot(path, rel)
        text = self._read_text(snap)
        if text is None:
            return snap, None, None
        cached = self._parsed.get(path)
        if cached is not None and cached[0] == snap.data:
            return snap, text, cached[1]
        catalog = pofile.parse(text, rel)
        self._parsed[path] = (snap.data, catalog)
        return snap, text, catalog

    def _catalog(self, path: Path, missing: str) -> Catalog:
        """The catalog of an existing file (see ``_load``).

        Raises:
            CatalogError: the file is missing (``missing`` says what to run), not UTF-8 or malformed.
        """
        _snap, _text, catalog = self._load(path)
        if catalog is None:
            raise CatalogError(missing, path=self.cfg.rel(path))
        return catalog

    def _save(self, report: Report, path: Path, catalog: Catalog, expect: Snapshot) -> None:
        """Render and write a catalog, always as UTF-8; later stages of the run get it as written.

        When the catalog differs from the file (``expect``) only in header bookkeeping
        (``PO-Revision-Date``..., ``Catalog.same_content(bookkeeping=False)``), the file is
        left as it is: re-runs on unchanged input leave files byte-identical.

        A catalog read in a legacy charset (ISO-8859-1, KOI8-R...) is written as UTF-8 with its
        ``Content-Type`` saying so, with one warning (``charset-converted``) naming the file.
        """
        if self._only_bookkeeping(path, catalog, expect):
            self._write(report, path, expect.data, expect)  # only a new date: the file stays as it is
            return
        legacy = self._legacy.pop(path, None)
        if legacy is not None:
            catalog.declare_utf8()
            report.warnings.append(
                Issue(
                    self.cfg.rel(path),
                    legacy[1],
                    "warning",
                    "charset-converted",
                    f"catalog was in {legacy[0]}: written back as UTF-8 "
                    "(Content-Type updated, text unchanged)",
                )
            )
        text, written = pofile.render_numbered(catalog)
        written.path = self.cfg.rel(path)
        self._write(report, path, text, expect)
        self._parsed[path] = (text.encode("utf-8"), written)

    def _only_bookkeeping(self, path: Path, catalog: Catalog, expect: Snapshot) -> bool:
        """Whether ``catalog`` differs from the UTF-8 file ``expect`` holds only in header bookkeeping."""
        cached = self._parsed.get(path)
        if not expect.exists or path in self._legacy or cached is None or cached[0] != expect.data:
            return False
        return catalog.same_content(cached[1], bookkeeping=False)

    def _read_text(self, snap: Snapshot) -> str | None:
        """The text of a catalog file in the charset its header declares (UTF-8 when none),
        as GNU gettext reads it (``pofile.decode``); None when the file does not exist.

        A catalog in another charset than UTF-8 is remembered: ``_save`` converts it.

        Raises:
            CatalogError: not valid in that charset, or an unknown charset (file and line).
        """
        if not snap.exists:
            return None
        text = pofile.decode(snap.data, path=self.cfg.rel(snap.path))
        charset, line = pofile.declared_charset(snap.data.removeprefix(b"\xef\xbb\xbf"))
        if pofile.codec(charset) != "utf-8" and charset is not None:
            self._legacy[snap.path] = (charset, line)
        else:
            self._legacy.pop(snap.path, None)
        return text

    # ---- stages ----------------------------------------------------------------------------
    def extract(self, report: Report) -> list[Document]:
        """Write ``locales/<slug>.pot`` for every article; return the documents."""
        docs = self.documents(report)
        for doc in docs:
            path = self.layout.pot(doc.slug)
            try:
                try:
                    snap, _text, previous = self._load(path)
                    damage: CatalogError | None = None
                except CatalogError as exc:  # a template is generated output: remade, with a warning
                    snap, _text, previous, damage = read_snapshot(path, self.cfg.rel(path)), None, None, exc
                template = make_template(doc, project_id=self.cfg.project_id, previous=previous)
                if damage is not None:
                    report.warnings.append(_regenerated(self.cfg.rel(path), damage))
                if template is previous:
                    self._write(report, path, snap.data, snap)  # nothing new: the file stays as it is
                else:
                    self._save(report, path, template, snap)
            except L10nError as exc:
                report.fail(exc)
        return docs

    def _slugs(self, report: Report) -> list[str]:
        return [doc.slug for doc in self.documents(report)]

    def update(self, report: Report, langs: Sequence[str]) -> None:
        """Create or merge each language's catalog from the template (msgmerge semantics)."""
        for slug in self._slugs(report):
            try:
                template = self._catalog(self.layout.pot(slug), "template missing: run `l10n extract` first")
            except L10nError as exc:
                report.fail(exc)
                continue
            for lang in langs:
                path = self.layout.po(lang, slug)
                language, forms = to_gettext(lang), plural_forms(lang)
                try:
                    snap, _text, old = self._load(path)
                    if old is None:
                        new = init_translation(template, language=language, plural_forms=forms)
                    else:
                        new = old.update(template, language=language, plural_forms=forms)
                    if new is old:
                        self._write(report, path, snap.data, snap)  # nothing new: bytes kept too
                    else:
                        self._save(report, path, new, snap)
                except L10nError as exc:
                    report.fail(exc)

    def translate(self, report: Report, langs: Sequence[str], opts: TranslateOptions) -> None:
        """Fill empty entries with machine translation; a language whose model is missing is reported.

        Each catalog of a language is read once; together they form the translation memory
        (``l10n.translate.tm``) consulted before the engine, so a sentence reviewed in one article is not
        machine-translated again in another. Afterwards the language's engine outputs are kept in
        ``locales/<ll>/mt-memory.tmx`` (``l10n.translate.mtmemory``), written only when it changed.
        """
        glossary = self._glossary(report)
        for lang in langs:
            summary = report.summaries.setdefault(lang, LangSummary(lang=lang))
            factory = _EngineFactory(self.cfg, lang, opts)
            loaded = []
            for slug in self._slugs(report):
                path = self.layout.po(lang, slug)
                try:
                    snap, _text, catalog = self._load(path)
                    if catalog is None:
                        raise CatalogError(
                            "catalog missing: run `l10n update` first", path=self.cfg.rel(path)
                        )
                    # a copy of its own, changed here; later stages get it once it is on disk
                    loaded.append((slug, path, snap, catalog.copy()))
                except L10nError as exc:
                    report.fail(exc)

            def memory_of(loaded: list[tuple[str, Path, Snapshot, Catalog]] = loaded) -> TranslationMemory:
                return TranslationMemory.build(
                    (self.cfg.rel(path), c.entries(include_obsolete=True)) for _s, path, _n, c in loaded
                )

            memory = memory_of()
            factory.catalogs = [c for *_, c in loaded]  # for the ray executor's plan
            factory.memory_of = memory_of
            todo = sum(1 for *_, c in loaded for e in c.entries() if not e.msgstr)
            if self.progress and todo:
                self.progress.start(lang, todo)  # one bar per language, over all its catalogs
            try:
                for _slug, path, snap, catalog in loaded:
                    try:
                        self._translate_one(
                            report, path, snap, catalog, factory, summary, opts, glossary, memory
                        )
                    except ModelUnavailableError as exc:
                        report.missing_models[lang] = str(exc)
                        summary.engine = "no model"
                        break
                    except L10nError as exc:
                        report.fail(exc)
            finally:
                for problem in factory.close():  # failed remote batches (their units stay empty)
                    report.fail(problem)
                if self.progress and todo:
                    self.progress.finish()
            self._keep_machine_output(report, lang, [c for *_, c in loaded])

    def _read_mt_memory(self, report: Report, lang: str) -> tuple[Snapshot, tmx.TmxMemory] | None:
        """Read ``locales/<lang>/mt-memory.tmx``: what the file held and its units (``tmx.read_tmx``).

        Returns:
            ``(snapshot, records)``; no records when the file does not exist (``snapshot.exists``
            False); None when it cannot be read or parsed, the error then being in ``report``
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
            report.fail(CatalogError("not valid UTF-8", path=rel))
        except L10nError as exc:
            report.fail(exc)
        return None

    def _keep_machine_output(self, report: Report, lang: str, catalogs: Sequence[Catalog]) -> None:
        """Update ``locales/<ll>/mt-memory.tmx`` from the untouched engine output of ``catalogs``.

        Not created while there is nothing to record; an unreadable file is an error in the
        report and is left as it is (it is the only copy of edited entries' machine output).
        """
        loaded = self._read_mt_memory(report, lang)
        if loaded is None:
            return
        snap, previous = loaded
        entries = (entry for catalog in catalogs for entry in catalog.entries())
        records = update_records(previous.records, entries)
        if not records and not snap.exists:
            return
        data: bytes | str = snap.data  # nothing new: kept as it is, whoever wrote it
        if not snap.exists or set(records) != set(previous.records):
            data = tmx.render_tmx(
                records,
                srclang=self.cfg.source_language,
                tgtlang=lang,
                segtype=self.cfg.unit,
                tool_version=__version__,
                previous=previous,
            )
        try:
            self._write(report, snap.path, data, snap)
        except L10nError as exc:  # changed on disk meanwhile: kept, reported
            report.fail(exc)

    def _translate_one(
        self,
        report: Report,
        path: Path,
        snap: Snapshot,
        catalog: Catalog,
        factory: _EngineFactory,
        summary: LangSummary,
        opts: TranslateOptions,
        glossary: Glossary | None,
        memory: TranslationMemory,
    ) -> None:
        """Translate one parsed catalog and write it if anything was filled."""
        rel = self.cfg.rel(path)
        cached = self._parsed.get(path)
        on_disk = cached[1] if cached and cached[0] == snap.data and path not in self._legacy else None
        saver = _Checkpoints(path, rel, snap, catalog, on_disk)
        stats = translate_catalog(
            catalog,
            factory,
            lang=summary.lang,
            glossary=glossary,
            retranslate_machine=opts.retranslate_machine,
            progress=self.progress.advance if self.progress else None,
            source_lang=self.cfg.source_language,
            memory=memory,
            check=check_pair,
            checkpoint=saver,
        )
        snap = saver.snap  # what is on disk now: the last checkpoint, or the file as read
        if saver.saved and saver.on_disk is not None:
            self._parsed[path] = (snap.data, saver.on_disk)
        summary.add(stats)
        summary.engine = factory.description or summary.engine
        if not (stats.translated or stats.copied or stats.reused or stats.failed or stats.suggested):
            return  # nothing filled: the translator's file stays as saved, layout included
        catalog.set_header("PO-Revision-Date", format_date())
        catalog.declare_utf8()
        self._save(report, path, catalog, snap)
        if saver.saved and report.unchanged[-1:] == [rel]:  # the last checkpoint wrote it already
            report.written.append(report.unchanged.pop())

    def _glossary(self, report: Report) -> Glossary | None:
        path = self.cfg.glossary
        if path is None or not path.is_file():
            return None
        try:
            return Glossary.load(path)
        except L10nError as exc:
            exc.path = self.cfg.rel(path)
            report.fail(exc)
            return None

    def catalogs(
        self, report: Report, langs: Sequence[str], *, quiet: bool = False
    ) -> list[tuple[Document, str, Path, Catalog]]:
        """Every existing catalog: (document, lang, path, catalog), parsed at most once per run.

        A missing or unreadable catalog is left out and reported once per run (``quiet``: not
        reported).
        """
        out = []
        for doc in self.documents(report):
            for lang in langs:
                path = self.layout.po(lang, doc.slug)
                try:
                    out.append((doc, lang, path, self._catalog(path, "catalog missing: run `l10n update`")))
                except L10nError as exc:
                    if not quiet and path not in self._bad_catalogs:
                        self._bad_catalogs.add(path)
                        report.fail(exc)
        return out

    def edits(self, report: Report, langs: Sequence[str]) -> list[EditStats]:
        """What reviewers changed in the machine output, per language and model (``l10n.review.edits``).

        Reads each language's catalogs and ``locales/<ll>/mt-memory.tmx``; a language without
        the memory has nothing to compare and gives no row. Writes nothing.
        """
        pairs = []
        for lang in langs:
            loaded = self._read_mt_memory(report, lang)
            if loaded is None or not loaded[0].exists:
                continue
            records = loaded[1].records
            entries = (e for *_, catalog in self.catalogs(report, [lang]) for e in catalog.entries())
            pairs += reviewed_pairs(lang, records, entries)
        return edit_stats(pairs)

    def check(self, report: Report, langs: Sequence[str]) -> None:
        """Run the QA checks on every translated entry; findings go to ``report.issues``."""
        glossary = self._glossary(report)
        for _doc, lang, path, catalog in self.catalogs(report, langs):
            rel = self.cfg.rel(path)
            found = check_catalog(
                catalog, path=rel, lang=lang, glossary=glossary, src_lang=self.cfg.source_language
            )
            report.issues.extend(found)
            states = Counter(e.state for e in catalog.entries())
            report.check_counts.append(
                CheckCount(
                    path=rel,
                    errors=sum(1 for i in found if i.severity == "error"),
                    warnings=sum(1 for i in found if i.severity == "warning"),
                    reviewed=states["reviewed"],
                    machine=states["machine"] + states["fuzzy"],
                    untranslated=states["untranslated"],
                )
            )

    def review_queue(self, report: Report, langs: Sequence[str]) -> list[QueueItem]:
        """The entries of ``langs``' catalogs that need a person, in queue order (``l10n.review.queue``).

        Read-only: checks every catalog as ``check`` does and orders the entries with
        ``build_queue``; missing or unreadable catalogs go into the report.
        """
        glossary = self._glossary(report)
        catalogs, issues = [], []
        for _doc, lang, path, catalog in self.catalogs(report, langs):
            rel = self.cfg.rel(path)
            catalogs.append((rel, catalog))
            issues += check_catalog(
                catalog, path=rel, lang=lang, glossary=glossary, src_lang=self.cfg.source_language
            )
        return build_queue(catalogs, issues)

    def compile(self, report: Report, langs: Sequence[str], *, use_fuzzy: bool = False) -> None:
        """Write ``locales/<ll>/LC_MESSAGES/<slug>.mo`` for every catalog of ``langs``, as msgfmt does.

        Strings are stored as UTF-8; fuzzy entries are left out unless ``use_fuzzy``
        (``l10n.catalog.mofile.compile_catalog``).
        """
        for doc, lang, _path, catalog in self.catalogs(report, list(dict.fromkeys(langs))):
            try:
                mo = mofile.compile_catalog(catalog, use_fuzzy=use_fuzzy, charset="UTF-8")
                self._write(report, self.layout.mo(lang, doc.slug), mo)
            except L10nError as exc:
                report.fail(exc)

    def publish(self, report: Report, langs: Sequence[str], opts: PublishOptions) -> None:
        """Write the localized builds of ``langs``, following the publishing policy.

        Writes ``build/<lang>/<slug>.{txt,md,html}``, the original's page and
        ``build/index.html``. The original page, hreflang alternates and ``build/index.html`` cover every
        configured language whose build is published (for languages outside ``langs``: whose
        build is on disk), not only ``langs``; builds of a language
        that falls below ``min_complete``, and of articles no longer in the source folder, are
        removed (they are generated files) while their catalogs are kept.

        A catalog that exists but cannot be read (syntax error, bad charset...) changes nothing
        of its language: its pages stay as they are and stay linked as alternates, and
        ``build/index.html`` is not rewritten in that run (one ``index-kept`` warning), since the
        language's completion is unknown; a corrected catalog brings the index up to date.
        """
        general = self._policy(opts)
        glossary = self._glossary(report)
        policies: dict[
            str, PublishPolicy
        ] = {}  # per language: the machine output checks need the language (and glossary)
        wanted = list(dict.fromkeys(langs))
        every = list(dict.fromkeys([*self.cfg.languages, *wanted]))
        parsed = self.catalogs(report, wanted)
        others = self.catalogs(report, [x for x in every if x not in wanted], quiet=True)  # not this run's
        docs = {doc.slug: doc for doc in self.documents(report)}
        entries = {(doc.slug, lang): _lookup(c.entries()) for doc, lang, _p, c in [*parsed, *others]}
        completion: dict[str, dict[str, float | None]] = {slug: {} for slug in docs}
        for lang in every:
            policies[lang] = general.for_language(lang, glossary, self.cfg.source_language)
        for (slug, lang), found in entries.items():
            doc, policy = docs[slug], policies[lang]
            if lang in wanted:
                ok = build.publishable(doc, found, policy)
            else:  # not built by this run: what is published is what is on disk
                ok = self.layout.build(lang, slug, "html").is_file()
            completion[slug][lang] = build.completion(doc, found, policy) if ok else None
        # a catalog that exists but could not be read: that language's pages stay as they are,
        # still linked from the others, and the index (which needs its completion) is not rewritten
        unreadable = {
            (slug, lang)
            for slug in docs
            for lang in every
            if (slug, lang) not in entries and self.layout.po(lang, slug).exists()
        }
        kept = {(s, x) for s, x in unreadable if self.layout.build(x, s, "html").is_file()}
        published = {
            slug: [x for x in every if completion[slug].get(x) is not None or (slug, x) in kept]
            for slug in docs
        }

        for doc, lang, _path, _catalog in parsed:
            try:
                found, policy = entries[(doc.slug, lang)], policies[lang]
                if completion[doc.slug][lang] is None:
                    pct = build.completion(doc, found, policy)
                    report.skipped.append(
                        f"{lang}/{doc.slug}: {build.whole_percent(pct)}% of words translated"
                        f"{' (machine output counted)' if policy.count_machine else ' (reviewed only)'}"
                        f", below min_complete {policy.min_complete:g}%: not built"
                    )
                    for ext in BUILD_FORMATS:
                        self._remove(report, self.layout.build(lang, doc.slug, ext))
                    continue
                report.warnings.extend(
                    dataclasses.replace(w, message=f"{lang}: {w.message}")
                    for w in [
                        *build.withheld_units(doc, found, policy),
                        *build.broken_units(doc, found, policy, lang),
                    ]
                )
                alternates = [x for x in published[doc.slug] if x != lang]
                formats = build.build_formats(doc)
                outputs = {
                    "txt": build.build_text(doc, found, lang, policy),
                    **({"md": build.build_markdown(doc, found, lang, policy)} if "md" in formats else {}),
                    "html": build.build_html(
                        doc,
                        found,
                        lang,
                        policy,
                        alternates=alternates,
                        base_url=self.cfg.base_url,
                        source_lang=self.cfg.source_language,
                    ),
                }
                for ext, text in outputs.items():
                    self._write(report, self.layout.build(lang, doc.slug, ext), text)
                for ext in BUILD_FORMATS:
                    if ext not in outputs:  # e.g. the .md of an HTML article: not built, not kept
                        self._remove(report, self.layout.build(lang, doc.slug, ext))
            except L10nError as exc:
                report.fail(exc)
        if not docs:
            return
        src = self.cfg.source_language
        for slug, doc in docs.items():
            html = build.build_html(
                doc, {}, src, general, alternates=published[slug], base_url=self.cfg.base_url, source_lang=src
            )
            self._write(report, self.layout.build(src, slug, "html"), html)
        fallback: dict[str, dict[str, float]] = {slug: {} for slug in docs}
        for (slug, lang), found in entries.items():
            fallback[slug][lang] = build.fallback_percent(docs[slug], found, policies[lang])
        rows = [
            build.IndexRow(slug, build.headline(doc), completion[slug], fallback[slug])
            for slug, doc in docs.items()
        ]
        if unreadable:
            names = ", ".join(dict.fromkeys(lang for lang in every if any(x == lang for _s, x in unreadable)))
            report.warnings.append(
                Issue(
                    self.cfg.rel(self.cfg.build_dir / "index.html"),
                    0,
                    "warning",
                    "index-kept",
                    f"not rewritten: a catalog of {names} could not be read; the index and that "
                    "language's pages are kept as they were (fix the catalog and run again)",
                )
            )
        else:
            index = build.build_index(rows, base_url=self.cfg.base_url)
            self._write(report, self.cfg.build_dir / "index.html", index)
        sources = {file.stem for file in self.layout.articles()}  # unreadable articles are not orphans
        self._orphans(report, sources, [src, *every])

    def _remove(self, report: Report, path: Path) -> None:
        try:
            if remove_file(path, display=self.cfg.rel(path)):
                report.removed.append(self.cfg.rel(path))
        except WriteError as exc:
            report.fail(exc)

    def _orphans(self, report: Report, slugs: set[str], langs: Sequence[str]) -> None:
        """Remove builds of articles gone from the source folder; warn about their catalogs."""
        for pot in sorted(self.cfg.locales_dir.glob("*.pot")):
            if pot.stem not in slugs:
                report.warnings.append(
                    Issue(
                        self.cfg.rel(pot),
                        0,
                        "warning",
                        "orphan-catalog",
                        "no source article for this template any more; its catalogs are kept "
                        "(delete them by hand if the article is gone for good)",
                    )
                )
                for lang in langs:
                    for ext in BUILD_FORMATS:
                        self._remove(report, self.layout.build(lang, pot.stem, ext))

    def _policy(self, opts: PublishOptions) -> PublishPolicy:
        p = self.cfg.publish
        include_machine = p.include_machine if opts.reviewed_only is None else not opts.reviewed_only
        return PublishPolicy(
            include_machine=include_machine,
            include_fuzzy=p.include_fuzzy,
            min_complete=p.min_complete if opts.min_complete is None else opts.min_complete,
            count_machine=p.count_machine and include_machine,
        )

    def status(self, report: Report, langs: Sequence[str]) -> None:
        """Per article x language counts into ``report.statuses``; an absent catalog is ``missing``.

        ``percent_complete`` is ``l10n.publish.policy.completion`` under the configured
        publishing policy: the figure the index shows and ``min_complete`` compares.
        """
        general = self._policy(PublishOptions())
        glossary = self._glossary(report)
        policies = {lang: general.for_language(lang, glossary, self.cfg.source_language) for lang in langs}
        for doc in self.documents(report):
            for lang in langs:
                path = self.layout.po(lang, doc.slug)
                if not path.exists():  # not started yet: a normal state, not an error
                    texts = [s.text for s in doc.segments]
                    report.statuses.append(missing_status(doc.slug, lang, texts))
                    continue
                try:
                    catalog = self._catalog(path, "catalog missing: run `l10n update`")
                except L10nError as exc:
                    report.fail(exc)
                    continue
                entries = catalog.entries(include_obsolete=True)
                live = {(e.msgctxt, e.msgid) for e in entries if not e.obsolete}
                wanted = {(s.context, s.text) for s in doc.segments}
                pct = completion(doc, _lookup(entries), policies[lang])
                report.statuses.append(
                    catalog_status(
                        doc.slug, lang, entries, source_changed=live != wanted, percent_complete=pct
                    )
                )

    def build(
        self, report: Report, langs: Sequence[str], topts: TranslateOptions, popts: PublishOptions
    ) -> None:
        """The whole pipeline: extract, update, translate, check, compile, publish."""
        self.extract(report)
        self.update(report, langs)
        self.translate(report, langs, topts)
        self.check(report, langs)
        report.advisory_issues = True  # build reports a count; `l10n check` is the gate
        self.compile(report, langs, use_fuzzy=popts.use_fuzzy)
        self.publish(report, langs, popts)


def _lookup(entries: Sequence[Entry]) -> dict[tuple[str | None, str], Entry]:
    return {(e.msgctxt, e.msgid): e for e in entries if not e.obsolete}


def _regenerated(rel: str, damage: CatalogError) -> Issue:
    """The one-line warning for a damaged template that was rewritten from its article."""
    message = f"damaged template ({damage.message}): regenerated from the article"
    return Issue(rel, damage.line or 0, "warning", "template-regenerated", message)


class _Checkpoints:
    """Saves a catalog being translated every ``CHECKPOINT_ENTRIES`` entries or ``CHECKPOINT_SECONDS``.

    Each save is atomic and refuses to overwrite a save made meanwhile (``ConflictError``,
    which stops that catalog); a failed save (``WriteError``) is left to the final write. A
    save that would change only the header bookkeeping (``PO-Revision-Date``) is skipped.

    Args:
        path, rel: the catalog file and its name for messages.
        snap: the file as read.
        catalog: the catalog being translated (changed in place by the translate stage).
        on_disk: the catalog ``snap`` holds (None: compare nothing, e.g. a legacy charset).

    Attributes:
        snap, on_disk: what is on disk after the last save (as given when none was made).
    """

    def __init__(
        self, path: Path, rel: str, snap: Snapshot, catalog: Catalog, on_disk: Catalog | None
    ) -> None:
        self.path, self.rel, self.snap, self.catalog, self.on_disk = path, rel, snap, catalog, on_disk
        self.at = time.monotonic()
        self.filled = 0
        self.saved = False

    def __call__(self, filled: int) -> None:
        """``filled`` more entries are done: save when enough entries or seconds have passed."""
        self.filled += filled
        if self.filled < CHECKPOINT_ENTRIES and time.monotonic() - self.at < CHECKPOINT_SECONDS:
            return
        if self.on_disk is not None and self.catalog.same_content(self.on_disk, bookkeeping=False):
            self.at, self.filled = time.monotonic(), 0
            return  # nothing new since the last save
        self.catalog.set_header("PO-Revision-Date", format_date())
        self.catalog.declare_utf8()
        text, written = pofile.render_numbered(self.catalog)
        data = text.encode("utf-8")
        try:
            write_atomic(self.path, data, expect=self.snap, display=self.rel)
        except WriteError:
            return
        written.path = self.rel
        self.snap, self.on_disk = Snapshot(self.path, data, True), written
        self.at, self.filled, self.saved = time.monotonic(), 0, True


class _EngineFactory:
    """Creates the engine for one language at most once, and only when first called.

    With the ``ray`` executor (``l10n.translate.executor``) the engine is a ``RayEngine`` proxy,
    given the batches a dry run of the language's ``catalogs`` forecasts; ``close`` ends its pool.
    """

    def __init__(self, cfg: Config, lang: str, opts: TranslateOptions) -> None:
        self.cfg, self.lang, self.opts = cfg, lang, opts
        self._engine: Engine | None = None
        self.description = ""
        self.catalogs: list[Catalog] = []
        self.memory_of: Callable[[], TranslationMemory | None] = lambda: None

    def __call__(self) -> Engine:
        if self._engine is None:
            if (self.opts.executor or self.cfg.executor) == "ray":
                self._engine = self._ray_engine()
            else:
                # Looked up on the module at call time: tests replace ``l10n.mt.factory.make_engine``.
                self._engine = mt_factory.make_engine(
                    self.cfg, self.lang, model=self.opts.model, engine=self.opts.engine
                )
            self.description = f"{self._engine.name} {self._engine.model_id}"
        return self._engine

    def _ray_engine(self) -> Engine:
        from l10n.translate.executor.plan import plan_batches
        from l10n.translate.executor.ray import PoolSpec, make_ray_engine  # imports Ray

        plan = plan_batches(
            self.catalogs,
            self.memory_of,
            lang=self.lang,
            retranslate_machine=self.opts.retranslate_machine,
            source_lang=self.cfg.source_language,
        )
        options = dataclasses.replace(self.cfg.ray, address=self.opts.ray_address or self.cfg.ray.address)
        spec = PoolSpec(self.cfg, self.lang, self.opts.model, self.opts.engine)
        return make_ray_engine(spec, options, plan)

    def close(self) -> list[L10nError]:
        """End the engine's remote pool, if it has one; return the errors of its failed batches."""
        shutdown: Callable[[], list[L10nError]] | None = getattr(self._engine, "shutdown", None)
        self._engine = None
        return shutdown() if shutdown is not None else []


__all__ = ["BUILD_FORMATS", "Pipeline", "Progress", "PublishOptions", "Report", "TranslateOptions"]
