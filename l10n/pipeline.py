"""Run the stages over articles x languages and return a ``Report``. Never prints.

Stages, in the order ``build`` runs them::

    extract   source/<slug>.txt|.md  -> locales/<slug>.pot
    update    locales/<slug>.pot     -> locales/<ll>/LC_MESSAGES/<slug>.po   (msgmerge semantics)
    translate .po (empty entries)    -> .po (machine output, fuzzy + provenance)
    check     .po                    -> [Issue]
    compile   .po                    -> .mo + build/<lang>/<slug>.{txt,md,html} + build/index.html

One bad article or language does not stop the others: its error goes into the report and
the exit code says something failed. Every file write is atomic and refuses to overwrite a
catalog that changed on disk since it was read.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from l10n.catalog import pofile as cat
from l10n.config import Config
from l10n.errors import CatalogError, L10nError, ModelUnavailableError, SourceError, WriteError
from l10n.formats.source import load_document
from l10n.glossary import Glossary
from l10n.locale import plural_forms, to_gettext
from l10n.model import Document, Entry, Issue
from l10n.project import Layout, Snapshot, read_snapshot, remove_file, write_atomic
from l10n.report import (
    CheckCount,
    LangSummary,
    Progress,
    PublishOptions,
    Report,
    TranslateOptions,
)
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
        self._parsed: dict[Path, tuple[bytes, cat.Catalog]] = {}  # catalogs parsed this run, by bytes

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

    def _catalog(self, path: Path, missing: str) -> tuple[Snapshot, str, cat.Catalog]:
        """Read and parse a catalog, reusing this run's parse while the file's bytes are unchanged.

        Raises:
            CatalogError: the file is missing (``missing`` says what to run), not UTF-8 or malformed.
        """
        rel = self.cfg.rel(path)
        snap = read_snapshot(path, rel)
        text = self._read_text(snap)
        if text is None:
            raise CatalogError(missing, path=rel)
        cached = self._parsed.get(path)
        if cached is not None and cached[0] == snap.data:
            return snap, text, cached[1]
        catalog = cat.Catalog.parse(text, rel)
        self._parsed[path] = (snap.data, catalog)
        return snap, text, catalog

    def _read_text(self, snap: Snapshot) -> str | None:
        try:
            return snap.text
        except UnicodeDecodeError as exc:
            line = snap.data[: exc.start].count(b"\n") + 1
            raise CatalogError("not valid UTF-8", path=self.cfg.rel(snap.path), line=line) from exc

    # ---- stages ----------------------------------------------------------------------------
    def extract(self, report: Report) -> list[Document]:
        """Write ``locales/<slug>.pot`` for every article; return the documents."""
        docs = self.documents(report)
        for doc in docs:
            path = self.layout.pot(doc.slug)
            try:
                snap = read_snapshot(path, self.cfg.rel(path))
                text = self._template(report, doc, snap)
                self._write(report, path, text, snap)
            except L10nError as exc:
                report.fail(exc)
        return docs

    def _template(self, report: Report, doc: Document, snap: Snapshot) -> str:
        """The template text for ``doc``; a damaged template on disk is regenerated, with a warning.

        A template is generated output: invalid UTF-8 or a syntax error is no reason to stop,
        so it is rewritten from the article and the run says so (one line naming the file).
        """
        rel = self.cfg.rel(snap.path)
        damage: CatalogError | None = None
        try:
            previous = self._read_text(snap)
        except CatalogError as exc:
            previous, damage = None, exc
        text = cat.make_template(doc, project_id=self.cfg.project_id, previous=previous)
        if previous is not None and text != previous:  # unchanged templates are not parsed again
            try:
                cat.Catalog.parse(previous, rel)
            except CatalogError as exc:
                damage = exc
        if damage is not None:
            report.warnings.append(
                Issue(
                    rel,
                    damage.line or 0,
                    "warning",
                    "template-regenerated",
                    f"damaged template ({damage.message}): regenerated from the article",
                )
            )
        return text

    def _slugs(self, report: Report) -> list[str]:
        return [doc.slug for doc in self.documents(report)]

    def update(self, report: Report, langs: Sequence[str]) -> None:
        """Create or merge each language's catalog from the template (msgmerge semantics)."""
        for slug in self._slugs(report):
            pot_path = self.layout.pot(slug)
            try:
                pot = self._read_text(read_snapshot(pot_path, self.cfg.rel(pot_path)))
            except L10nError as exc:
                report.fail(exc)
                continue
            if pot is None:
                report.fail(
                    CatalogError("template missing: run `l10n extract` first", path=self.cfg.rel(pot_path))
                )
                continue
            for lang in langs:
                path = self.layout.po(lang, slug)
                try:
                    snap = read_snapshot(path, self.cfg.rel(path))
                    text = cat.merge(
                        pot,
                        self._read_text(snap),
                        language=to_gettext(lang),
                        plural_forms=plural_forms(lang),
                        pot_path=self.cfg.rel(pot_path),
                        po_path=self.cfg.rel(path),
                    )
                    self._write(report, path, text, snap)
                except L10nError as exc:
                    report.fail(exc)

    def translate(self, report: Report, langs: Sequence[str], opts: TranslateOptions) -> None:
        """Fill empty entries with machine translation; a language whose model is missing is reported.

        Each catalog of a language is read once; together they form the translation memory
        (``l10n.translate.tm``) consulted before the engine, so a sentence reviewed in one article is not
        machine-translated again in another.
        """
        glossary = self._glossary(report)
        for lang in langs:
            summary = report.summaries.setdefault(lang, LangSummary(lang=lang))
            factory = _EngineFactory(self.cfg, lang, opts)
            loaded = []
            for slug in self._slugs(report):
                path = self.layout.po(lang, slug)
                try:
                    snap = read_snapshot(path, self.cfg.rel(path))
                    text = self._read_text(snap)
                    if text is None:
                        raise CatalogError(
                            "catalog missing: run `l10n update` first", path=self.cfg.rel(path)
                        )
                    # a parse of its own, mutated here; the cache gets it once it is on disk
                    loaded.append((slug, path, snap, cat.Catalog.parse(text, self.cfg.rel(path))))
                except L10nError as exc:
                    report.fail(exc)
            memory = TranslationMemory.build(
                (self.cfg.rel(path), c.entries(include_obsolete=True)) for _s, path, _n, c in loaded
            )
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
                if self.progress and todo:
                    self.progress.finish()

    def _translate_one(
        self,
        report: Report,
        path: Path,
        snap: Snapshot,
        catalog: cat.Catalog,
        factory: _EngineFactory,
        summary: LangSummary,
        opts: TranslateOptions,
        glossary: Glossary | None,
        memory: TranslationMemory,
    ) -> None:
        """Translate one parsed catalog and write it if anything was filled."""
        from l10n.translate.fill import translate_catalog

        rel = self.cfg.rel(path)
        saver = _Checkpoints(path, rel, snap, catalog)
        stats = translate_catalog(
            catalog,
            factory,
            lang=summary.lang,
            glossary=glossary,
            retranslate_machine=opts.retranslate_machine,
            progress=self.progress.advance if self.progress else None,
            source_lang=self.cfg.source_language,
            memory=memory,
            checkpoint=saver,
        )
        snap = saver.snap  # what is on disk now: the last checkpoint, or the file as read
        summary.add(stats)
        summary.engine = factory.description or summary.engine
        if not (stats.translated or stats.copied or stats.reused or stats.failed):
            return  # nothing filled: the translator's file stays as saved, layout included
        catalog.set_header("PO-Revision-Date", cat.format_date())
        new_text = catalog.dumps()
        self._write(report, path, new_text, snap)
        if saver.saved and report.unchanged[-1:] == [rel]:  # the last checkpoint wrote it already
            report.written.append(report.unchanged.pop())
        self._parsed[path] = (new_text.encode("utf-8"), catalog)

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

    def catalogs(self, report: Report, langs: Sequence[str]) -> list[tuple[Document, str, Path, cat.Catalog]]:
        """Parse every existing catalog: (document, lang, path, catalog); unreadable ones reported."""
        out = []
        for doc in self.documents(report):
            for lang in langs:
                path = self.layout.po(lang, doc.slug)
                try:
                    _snap, _text, catalog = self._catalog(path, "catalog missing: run `l10n update`")
                    out.append((doc, lang, path, catalog))
                except L10nError as exc:
                    report.fail(exc)
        return out

    def check(self, report: Report, langs: Sequence[str]) -> None:
        """Run the QA checks on every translated entry; findings go to ``report.issues``."""
        from l10n.checks.registry import check_catalog

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

    def compile(self, report: Report, langs: Sequence[str], opts: PublishOptions) -> None:
        """Write .mo files and the localized builds of ``langs``, following the publishing policy.

        The English original page, hreflang alternates and ``build/index.html`` cover every
        configured language whose build is published (for languages outside ``langs``: whose
        build is on disk), not only ``langs``; builds of a language
        that falls below ``min_complete``, and of articles no longer in the source folder, are
        removed (they are generated files) while their catalogs are kept.
        """
        from l10n.publish import pages as build

        policy = self._policy(opts)
        wanted = list(dict.fromkeys(langs))
        every = list(dict.fromkeys([*self.cfg.languages, *wanted]))
        parsed = self.catalogs(report, wanted)
        others = self.catalogs(Report(), [x for x in every if x not in wanted])  # errors: not this run's
        docs = {doc.slug: doc for doc in self.documents(report)}
        entries = {(doc.slug, lang): _lookup(c.entries()) for doc, lang, _p, c in [*parsed, *others]}
        completion: dict[str, dict[str, float | None]] = {slug: {} for slug in docs}
        for (slug, lang), found in entries.items():
            doc = docs[slug]
            if lang in wanted:
                ok = build.publishable(doc, found, policy)
            else:  # not built by this run: what is published is what is on disk
                ok = self.layout.build(lang, slug, "html").is_file()
            completion[slug][lang] = build.completion(doc, found, policy) if ok else None
        published = {slug: [x for x in every if completion[slug].get(x) is not None] for slug in docs}

        for doc, lang, _path, catalog in parsed:
            try:
                mo = catalog.compile_mo(use_fuzzy=opts.use_fuzzy)
                self._write(report, self.layout.mo(lang, doc.slug), mo)
                found = entries[(doc.slug, lang)]
                if completion[doc.slug][lang] is None:
                    pct = build.completion(doc, found, policy)
                    report.skipped.append(
                        f"{lang}/{doc.slug}: {pct:.0f}% of words translated"
                        f"{' (machine output counted)' if policy.count_machine else ' (reviewed only)'}"
                        f", below min_complete {policy.min_complete:g}%: not built"
                    )
                    for ext in BUILD_FORMATS:
                        self._remove(report, self.layout.build(lang, doc.slug, ext))
                    continue
                report.warnings.extend(
                    dataclasses.replace(w, message=f"{lang}: {w.message}")
                    for w in build.broken_units(doc, found, policy)
                )
                alternates = [x for x in published[doc.slug] if x != lang]
                outputs = {
                    "txt": build.build_text(doc, found, lang, policy),
                    "md": build.build_markdown(doc, found, lang, policy),
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
            except L10nError as exc:
                report.fail(exc)
        if not docs:
            return
        src = self.cfg.source_language
        for slug, doc in docs.items():
            html = build.build_html(
                doc, {}, src, policy, alternates=published[slug], base_url=self.cfg.base_url, source_lang=src
            )
            self._write(report, self.layout.build(src, slug, "html"), html)
        rows = [build.IndexRow(slug, build.headline(doc), completion[slug]) for slug, doc in docs.items()]
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

    def _policy(self, opts: PublishOptions):
        from l10n.publish.pages import PublishPolicy

        p = self.cfg.publish
        include_machine = p.include_machine if opts.reviewed_only is None else not opts.reviewed_only
        return PublishPolicy(
            include_machine=include_machine,
            include_fuzzy=p.include_fuzzy,
            min_complete=p.min_complete if opts.min_complete is None else opts.min_complete,
            count_machine=p.count_machine and include_machine,
        )

    def status(self, report: Report, langs: Sequence[str]) -> None:
        """Per article x language counts into ``report.statuses``."""
        from l10n.status import catalog_status

        present = []
        for lang in langs:
            for doc in self.documents(report):
                if self.layout.po(lang, doc.slug).is_file():
                    present.append(lang)
                    break
                report.skipped.append(f"{lang}/{doc.slug}: no catalog yet (run `l10n update --lang {lang}`)")
        for doc, lang, _path, catalog in self.catalogs(report, present):
            entries = catalog.entries(include_obsolete=True)
            live = {(e.msgctxt, e.msgid) for e in entries if not e.obsolete}
            wanted = {(s.context, s.text) for s in doc.segments}
            report.statuses.append(catalog_status(doc.slug, lang, entries, source_changed=live != wanted))

    def build(
        self, report: Report, langs: Sequence[str], topts: TranslateOptions, popts: PublishOptions
    ) -> None:
        """The whole pipeline: extract, update, translate, check, compile."""
        self.extract(report)
        self.update(report, langs)
        self.translate(report, langs, topts)
        self.check(report, langs)
        report.advisory_issues = True  # build reports a count; `l10n check` is the gate
        self.compile(report, langs, popts)


def _lookup(entries: Sequence[Entry]) -> dict[tuple[str | None, str], Entry]:
    return {(e.msgctxt, e.msgid): e for e in entries if not e.obsolete}


class _Checkpoints:
    """Saves a catalog being translated every ``CHECKPOINT_ENTRIES`` entries or ``CHECKPOINT_SECONDS``.

    Each save is atomic and refuses to overwrite a save made meanwhile (``ConflictError``,
    which stops that catalog); a failed save (``WriteError``) is left to the final write.
    """

    def __init__(self, path: Path, rel: str, snap: Snapshot, catalog: cat.Catalog) -> None:
        self.path, self.rel, self.snap, self.catalog = path, rel, snap, catalog
        self.at = time.monotonic()
        self.filled = 0
        self.saved = False

    def __call__(self, filled: int) -> None:
        """``filled`` more entries are done: save when enough entries or seconds have passed."""
        self.filled += filled
        if self.filled < CHECKPOINT_ENTRIES and time.monotonic() - self.at < CHECKPOINT_SECONDS:
            return
        self.catalog.set_header("PO-Revision-Date", cat.format_date())
        data = self.catalog.dumps().encode("utf-8")
        try:
            write_atomic(self.path, data, expect=self.snap, display=self.rel)
        except WriteError:
            return
        self.snap = Snapshot(self.path, data, True)
        self.at, self.filled, self.saved = time.monotonic(), 0, True


class _EngineFactory:
    """Creates the engine for one language at most once, and only when first called."""

    def __init__(self, cfg: Config, lang: str, opts: TranslateOptions) -> None:
        self.cfg, self.lang, self.opts = cfg, lang, opts
        self._engine = None
        self.description = ""

    def __call__(self):
        if self._engine is None:
            from l10n.mt.factory import make_engine

            self._engine = make_engine(self.cfg, self.lang, model=self.opts.model, engine=self.opts.engine)
            self.description = f"{self._engine.name} {self._engine.model_id}"
        return self._engine


__all__ = ["BUILD_FORMATS", "Pipeline", "Progress", "PublishOptions", "Report", "TranslateOptions"]
