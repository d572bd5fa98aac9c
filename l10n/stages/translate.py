"""The translate stage: fill each catalog's empty entries with machine translation.

``.po`` (empty entries) -> ``.po`` (machine output, fuzzy + provenance), and every engine output
kept in ``locales/<ll>/mt-memory.tmx``. The filling itself is ``l10n.translate.fill``; this
module reads the catalogs of a language, makes its executor once
(``l10n.translate.executor.ExecutorFactory``: local or Ray) and its ``Lookahead`` (the next
catalogs' batches handed over early), saves progress while it runs (``_Checkpoints``) and writes
the results.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from l10n import __version__
from l10n.cache import memo_key
from l10n.catalog import tmx
from l10n.catalog.catalog import Catalog, format_date
from l10n.catalog.store import CatalogStore, Loaded
from l10n.checks.registry import check_pair
from l10n.errors import CatalogError, L10nError, ModelUnavailableError
from l10n.glossary import Glossary, TermRule
from l10n.options import TranslateStats
from l10n.project import read_snapshot
from l10n.report import LangSummary, TranslateOptions, TranslateResult
from l10n.stages.context import Run
from l10n.stages.unchanged import file_bytes
from l10n.stages.update import remember_kept
from l10n.translate.executor.choice import ExecutorFactory
from l10n.translate.fill import SLICE, pending, translate_catalog
from l10n.translate.mtmemory import update_records
from l10n.translate.select import Lookahead, plan_catalog
from l10n.translate.tm import TranslationMemory
from l10n.translate.vocab import Writable, vocabulary_of

CHECKPOINT_SECONDS = 30.0
"""The translate stage saves a catalog's machine output at least this often (seconds) ..."""
CHECKPOINT_ENTRIES = 250
"""... or after this many newly filled entries, whichever comes first; a killed run loses at most that."""

Working = tuple[Loaded, Catalog]
"""A catalog being translated: the file as read, and the copy this stage changes."""


def translate(run: Run, langs: Sequence[str], opts: TranslateOptions) -> TranslateResult:
    """Fill empty entries with machine translation; a language whose model is missing is reported.

    Each catalog of a language is read once; together they form the translation memory
    (``l10n.translate.tm``) consulted before the engine, so a sentence reviewed in one article is not
    machine-translated again in another. Afterwards the language's engine outputs are kept in
    ``locales/<ll>/mt-memory.tmx`` (``l10n.translate.mtmemory``), written only when it changed.
    A missing model goes into ``Report.missing_models``; other failures into the report's errors.
    """
    result = TranslateResult()
    glossary = run.glossary()
    for lang in langs:
        summary = result.summaries.setdefault(lang, LangSummary(lang=lang))
        if _unchanged_language(run, lang, opts, summary):
            continue  # every catalog known to have nothing to fill, mt-memory.tmx known to be kept
        factory = ExecutorFactory(
            run.cfg,
            lang,
            executor=opts.executor,
            model=opts.model,
            engine=opts.engine,
            ray_address=opts.ray_address,
            device=opts.device,
        )
        inject = run.cfg.glossary_options.injects(lang)
        terms = tuple(glossary.masked_for(lang, inject=inject)) if glossary is not None else ()
        _translate_language(run, _Language(factory, summary, opts, glossary, terms=terms))
    run.table("translate").save()
    run.memo.save()
    return result


@dataclass
class _Language:
    """What the catalogs of one language share while they are translated."""

    factory: ExecutorFactory
    summary: LangSummary
    opts: TranslateOptions
    glossary: Glossary | None
    memory: TranslationMemory | None = None
    lookahead: Lookahead | None = None
    terms: tuple[TermRule, ...] = ()


def _working(run: Run, lang: str) -> list[Working]:
    """Every catalog of ``lang``, each with a copy of its own to change; a missing one is an error."""
    loaded = []
    for slug in run.slugs():
        path = run.layout.po(lang, slug)
        try:
            item = run.store.read(path)
            if item.catalog is None:
                raise CatalogError("catalog missing: run `l10n update` first", path=item.rel)
            # a copy of its own, changed here; later stages get it once it is on disk
            loaded.append((item, item.catalog.copy()))
        except L10nError as exc:
            run.report.fail(exc)
    return loaded


def _translate_language(run: Run, language: _Language) -> None:
    """Translate the catalogs of one language, then keep its engine output (``mt-memory.tmx``)."""
    lang, factory = language.summary.lang, language.factory
    loaded = _working(run, lang)

    language.memory = TranslationMemory.build(
        (item.rel, c.entries(include_obsolete=True)) for item, c in loaded
    )
    language.lookahead = Lookahead(
        [c for _item, c in loaded],
        memory=language.memory,
        retranslate_machine=language.opts.retranslate_machine,
        writes=_writes(run, lang, language.opts),
        terms=language.terms,
    )
    factory.on_load = run.progress.loading if run.progress else None  # a spinner while the model loads
    retranslate = language.opts.retranslate_machine
    todo = sum(pending(c, retranslate_machine=retranslate) for _item, c in loaded) if run.progress else 0
    if run.progress and todo:
        run.progress.start(lang, todo)  # one bar per language, over all its catalogs
    try:
        for item, catalog in loaded:
            try:
                _translate_one(run, item, catalog, language)
            except ModelUnavailableError as exc:
                run.report.missing_models[lang] = str(exc)
                language.summary.engine = "no model"
                break
            except L10nError as exc:
                run.report.fail(exc)
    finally:
        for problem in factory.close():  # failed remote batches (their units stay empty)
            run.report.fail(problem)
        if run.progress and todo:
            run.progress.finish()
    _keep_machine_output(run, lang, [c for _item, c in loaded])


def _writes(run: Run, lang: str, opts: TranslateOptions) -> Writable | None:
    """Which symbols ``lang``'s model can write (``l10n.translate.vocab``), or None.

    None (no symbol masked) when the model is not on disk yet or has no sentencepiece files:
    the engine then reports the model itself, or cannot lose a symbol it never reads.
    """
    from l10n.mt.factory import locate  # looked up on use, as the executors do

    try:
        ref = locate(run.cfg, lang, opts.model, download=False)
    except L10nError:
        return None
    vocabulary = vocabulary_of(ref.path)
    return None if vocabulary is None else vocabulary.writes


def _translate_one(run: Run, loaded: Loaded, catalog: Catalog, language: _Language) -> None:
    """Translate one parsed catalog and write it if anything was filled."""
    on_disk = loaded.catalog if loaded.legacy is None else None
    saver = _Checkpoints(run.store, loaded, catalog, on_disk)
    summary, factory = language.summary, language.factory
    stats = translate_catalog(
        catalog,
        factory,
        lang=summary.lang,
        glossary=language.glossary,
        retranslate_machine=language.opts.retranslate_machine,
        progress=run.progress.advance if run.progress else None,
        step=run.progress.loading if run.progress else None,  # scoring, retrying: a spinner
        source_lang=run.cfg.source_language,
        memory=language.memory,
        check=check_pair,
        checkpoint=saver,
        lookahead=language.lookahead,
        terms=language.terms,
    )
    summary.add(stats)
    summary.engine = factory.description or summary.engine
    summary.device = factory.device or summary.device
    if not (stats.translated or stats.copied or stats.reused or stats.failed or stats.suggested):
        if stats == TranslateStats(skipped=stats.skipped, seconds=stats.seconds):
            _fills_nothing(run, loaded.rel, summary.lang, language.opts, loaded.snap.data, stats.skipped)
        return  # nothing filled: the translator's file stays as saved, layout included
    catalog.set_header("PO-Revision-Date", format_date())
    catalog.declare_utf8()
    run.save(saver.loaded, catalog)  # over what is on disk now: the last checkpoint, or the file as read
    if language.memory is not None:  # later catalogs cite this one's entries by their new lines
        written = run.store.read(loaded.path).catalog
        if written is not None:
            language.memory.relocate(loaded.rel, written.entries(include_obsolete=True))
    report = run.report
    if saver.saved and report.unchanged[-1:] == [loaded.rel]:  # the last checkpoint wrote it already
        report.written.append(report.unchanged.pop())
    _settle_written(run, summary.lang, language.opts, loaded)


# --- what a later run need not do again (issue 22; l10n.cache) --------------------------------


def _fill_key(lang: str, opts: TranslateOptions, data: bytes) -> str:
    """The ``Table`` key of "a catalog with these bytes has nothing to fill": what to fill is
    decided by the catalog alone and ``retranslate_machine`` (``l10n.translate.select``)."""
    return memo_key("translate", lang, "retranslate" if opts.retranslate_machine else "", data)


def _fills_nothing(run: Run, rel: str, lang: str, opts: TranslateOptions, data: bytes, skipped: int) -> None:
    """Remember that the catalog ``rel`` holding ``data`` has nothing to fill, ``skipped`` entries done."""
    run.table("translate").put(rel, _fill_key(lang, opts, data), skipped)


def _settle_written(run: Run, lang: str, opts: TranslateOptions, loaded: Loaded) -> None:
    """After a catalog was written: remember what the next run's ``update`` and ``translate`` would
    do with it as written (keep it; fill nothing) when that is so, so they need not parse it."""
    try:
        now = run.store.read(loaded.path)  # as written: the store's own parse
    except L10nError:
        return
    if now.catalog is None or now.legacy is not None:
        return
    remember_kept(run, lang, loaded.path.stem)
    plan = plan_catalog(
        now.catalog.entries(), path=now.rel, size=SLICE, retranslate_machine=opts.retranslate_machine
    )
    if not (plan.copies or plan.reuses or plan.groups):
        _fills_nothing(run, now.rel, lang, opts, now.snap.data, plan.skipped)


def _unchanged_language(run: Run, lang: str, opts: TranslateOptions, summary: LangSummary) -> bool:
    """Do what translating ``lang`` would do when every catalog of it is remembered to have nothing
    to fill (``_fill_key``) and ``mt-memory.tmx`` to be kept with these catalogs (``_memory_key``):
    keep the memory file and count the entries skipped. False (nothing done) otherwise."""
    cache = run.table("translate")
    catalogs, skipped = [], []
    for slug in run.slugs():
        po = run.layout.po(lang, slug)
        data = file_bytes(run, po)
        done = cache.get(run.cfg.rel(po), _fill_key(lang, opts, data)) if data is not None else None
        if data is None or not isinstance(done, int) or isinstance(done, bool):
            return False
        catalogs.append(data)
        skipped.append(done)
    path = run.layout.mt_memory(lang)
    try:
        snap = read_snapshot(path, run.cfg.rel(path))
    except L10nError:
        return False
    key, rel = _memory_key(run, lang, snap.exists, snap.data, catalogs), run.cfg.rel(path)
    if not run.memo.known(key, rel) and not _reads_back(run, lang, snap.data, key, rel):
        return False
    if snap.exists:
        try:
            run.write(path, snap.data, snap)  # kept, as _keep_machine_output keeps it
        except L10nError as exc:
            run.report.fail(exc)
    for count in skipped:
        summary.add(TranslateStats(skipped=count))
    return True


def _memory_key(run: Run, lang: str, exists: bool, data: bytes, catalogs: Sequence[bytes]) -> str:
    """The memo key of ``mt-memory.tmx`` (``data``) kept as it is with these ``catalogs`` (bytes, in
    article order): what ``_keep_machine_output`` reads, with the settings it writes."""
    cfg = run.cfg
    return memo_key(
        "mt-memory", lang, cfg.source_language, cfg.unit, b"1" if exists else b"0", data, *catalogs
    )


def _remember_memory(
    run: Run, lang: str, data: bytes | None, records: Sequence[tmx.MachineRecord] | None = None
) -> None:
    """Remember that ``mt-memory.tmx`` holding ``data`` (None: no file) is kept by the catalogs of
    ``lang`` as they are on disk now; only in a run without errors (a catalog not saved would
    differ from what the memory was made from). With ``records`` (the file was just written from
    them), only once it reads back as them (``_reads_back``, in the next run that needs it):
    ``update_records`` is idempotent, so a file that reads back as its records is kept."""
    if run.report.errors:
        return
    catalogs = []
    for slug in run.slugs():
        found = file_bytes(run, run.layout.po(lang, slug))
        if found is None:
            return
        catalogs.append(found)
    key = _memory_key(run, lang, data is not None, data or b"", catalogs)
    rel = run.cfg.rel(run.layout.mt_memory(lang))
    if records is not None:
        run.table("translate").put(rel, key, _digest_of(records))
    elif not isinstance(run.table("translate").get(rel, key), str):  # else checked when next needed
        run.memo.note(rel, key)


def _digest_of(records: Sequence[tmx.MachineRecord]) -> str:
    """A digest of a set of records (order-free: ``update_records`` returns them in no order)."""
    return memo_key(*sorted(repr(record) for record in records))


def _reads_back(run: Run, lang: str, data: bytes, key: str, rel: str) -> bool:
    """Whether ``mt-memory.tmx`` (``data``, ``key`` of ``_memory_key``) was written from records it
    reads back as (``_remember_memory``): then it is noted as kept, and True."""
    written = run.table("translate").get(rel, key)
    if not isinstance(written, str):
        return False
    try:
        again = tmx.read_tmx(data, rel, srclang=run.cfg.source_language, tgtlang=lang).records
    except (L10nError, ValueError):
        return False
    if len(set(again)) != len(again) or _digest_of(again) != written:
        return False
    run.memo.note(rel, key)
    return True


def _keep_machine_output(run: Run, lang: str, catalogs: Sequence[Catalog]) -> None:
    """Update ``locales/<ll>/mt-memory.tmx`` from the untouched engine output of ``catalogs``.

    Not created while there is nothing to record; an unreadable file is an error in the
    report and is left as it is (it is the only copy of edited entries' machine output).
    """
    loaded = run.read_mt_memory(lang)
    if loaded is None:
        return
    snap, previous = loaded
    entries = (entry for catalog in catalogs for entry in catalog.entries())
    records = update_records(previous.records, entries)
    if not records and not snap.exists:
        _remember_memory(run, lang, None)
        return
    data: bytes | str = snap.data  # nothing new: kept as it is, whoever wrote it
    if not snap.exists or set(records) != set(previous.records):
        data = tmx.render_tmx(
            records,
            srclang=run.cfg.source_language,
            tgtlang=lang,
            segtype=run.cfg.unit,
            tool_version=__version__,
            previous=previous,
        )
    try:
        written = run.write(snap.path, data, snap)
    except L10nError as exc:  # changed on disk meanwhile: kept, reported
        run.report.fail(exc)
        return
    if written:  # kept as it was, or written from records (checked when next needed)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        _remember_memory(run, lang, raw, None if raw is snap.data else records)


class _Checkpoints:
    """Saves a catalog being translated every ``CHECKPOINT_ENTRIES`` entries or ``CHECKPOINT_SECONDS``.

    Each save is atomic and refuses to overwrite a save made meanwhile (``ConflictError``,
    which stops that catalog); a failed save (``WriteError``) is left to the final write. A
    save that would change only the header bookkeeping (``PO-Revision-Date``) is skipped
    (``CatalogStore.checkpoint``).

    Args:
        store: the run's catalog files.
        loaded: the file as read.
        catalog: the catalog being translated (changed in place by the translate stage).
        on_disk: the catalog ``loaded`` holds (None: compare nothing, e.g. a legacy charset).

    Attributes:
        loaded, on_disk: what is on disk after the last save (as given when none was made).
        saved: whether a checkpoint was written.
    """

    def __init__(
        self, store: CatalogStore, loaded: Loaded, catalog: Catalog, on_disk: Catalog | None
    ) -> None:
        self.store, self.loaded, self.catalog, self.on_disk = store, loaded, catalog, on_disk
        self.at = time.monotonic()
        self.filled = 0
        self.saved = False

    def __call__(self, filled: int) -> None:
        """``filled`` more entries are done: save when enough entries or seconds have passed."""
        self.filled += filled
        if self.filled < CHECKPOINT_ENTRIES and time.monotonic() - self.at < CHECKPOINT_SECONDS:
            return
        now = self.store.checkpoint(self.loaded, self.catalog, self.on_disk)
        if now is None:
            return  # a failed save: left to the final write
        if now is not self.loaded:
            self.loaded, self.on_disk, self.saved = now, now.catalog, True
        self.at, self.filled = time.monotonic(), 0


__all__ = ["CHECKPOINT_ENTRIES", "CHECKPOINT_SECONDS", "translate"]
