"""``l10n models adapt`` without the printing: data, split, base scores, training, decision, install.

``adapt(run, lang, ...)`` returns an ``Adapted`` value the CLI renders; it raises a one-line
``L10nError`` for bad input (a catalog that fails to parse, too few pairs, a model folder that
is not MarianMT). The caller holds the project lock (``run_command(..., writes=True)``), so a
second adapt (or any writing command) meanwhile is refused. The adapted model is trained on the
base engine's own model (``make_engine(..., engine="transformers")``) and evaluated by loading
the staged folder as the translate stage would; nothing reaches ``models/`` under its final name
unless the decision says install (``l10n.adapt.install``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from l10n.adapt import data, decide, install, train
from l10n.config import Config
from l10n.errors import CatalogError, InputError, ModelError
from l10n.model import Entry
from l10n.mt.factory import convert_model, make_engine
from l10n.mt.marian import MarianEngine
from l10n.mt.registry import resolve_model
from l10n.stages.context import Run


@dataclass(frozen=True)
class PostEdits:
    """Reviewed entries whose machine output ``mt-memory.tmx`` holds: ``count`` and their chrF2 vs it."""

    count: int
    chrf: float


@dataclass(frozen=True)
class Adapted:
    """The outcome: the data counts, training, decision, and what was installed (None: nothing)."""

    collected: data.Collected
    split: data.Split
    post_edits: PostEdits
    trained: train.Trained
    decision: decide.Decision
    folder: str | None = None
    converted: str | None = None
    config_change: str | None = None


def _entries(run: Run, lang: str) -> list[Entry]:
    """Every active entry of ``lang``'s catalogs; a catalog that fails to parse is an error."""
    out: list[Entry] = []
    for slug in run.slugs():
        item = run.store.read(run.layout.po(lang, slug))  # raises CatalogError naming file:line
        if item.catalog is None:
            raise CatalogError("catalog missing: run `l10n update` first", path=item.rel)
        out.extend(item.catalog.entries())
    return out


def _post_edits(run: Run, lang: str, entries: list[Entry]) -> PostEdits:
    """How many reviewed entries were machine output first, and how close the reviewers left it."""
    from l10n.review.edits import edit_stats, reviewed_pairs

    loaded = run.read_mt_memory(lang)
    if loaded is None:
        raise InputError(run.report.errors.pop() if run.report.errors else "mt-memory.tmx unreadable")
    pairs = reviewed_pairs(lang, loaded[1].records, entries)
    stats = edit_stats(pairs)
    chrf = sum(s.chrf * s.reviewed for s in stats) / len(pairs) if pairs else 0.0
    return PostEdits(len(pairs), chrf)


def adapt(
    run: Run,
    lang: str,
    *,
    progress: Callable[[train.Progress], None] | None = None,
    log: Callable[[str], None] = lambda _m: None,
) -> Adapted:
    """Adapt ``lang``'s model to its reviewed translations (module docstring).

    Raises:
        InputError: too few pairs or held-out pairs; a catalog fails to parse.
        ModelUnavailableError, ModelError: the base model is missing or not MarianMT.
        WriteError: the model or the config cannot be written.
    """
    cfg, opts = run.cfg, run.cfg.adapt
    glossary = run.glossary()
    rules = glossary.masked_for(lang, inject=cfg.glossary_options.injects(lang)) if glossary else []
    entries = _entries(run, lang)
    collected = data.collect(entries, rules)
    where = cfg.rel(run.layout.mt_memory(lang).parent)
    split = data.split(
        collected.pairs,
        share=opts.held_out_share,
        minimum=opts.min_held_out,
        min_pairs=opts.min_pairs,
        where=where,
    )
    post = _post_edits(run, lang, entries)
    base = make_engine(cfg, lang, engine="transformers")
    if not isinstance(base, MarianEngine):
        raise ModelError(f"{lang}: adaptation needs a MarianMT model folder")
    log(f"{lang}: base {base.model_id}: translating {len(split.held_out)} held-out pairs")
    before = decide.translate_held_out(base, split.held_out)
    prefix = f"{base.target_token} " if base.target_token else ""
    log(f"{lang}: training on {base.device}")
    trained = train.fine_tune(
        base.model,
        base.tokenizer,
        split.train,
        split.held_out,
        opts,
        prefix=prefix,
        device=base.device,
        progress=progress,
    )
    staged = install.stage(cfg, lang, base.model, base.tokenizer)
    try:
        adapted = MarianEngine(resolve_model(lang, str(staged), cfg.models_dir), lang, cfg.decoding)
        after = decide.translate_held_out(adapted, split.held_out)
        decision = decide.decide(before, after, split.held_out, opts.margin)
        result = Adapted(collected, split, post, trained, decision)
        if not decision.install:
            install.discard(staged)
            return result
        return _install(cfg, lang, staged, base, result)
    except BaseException:
        install.discard(staged)
        raise


def _install(cfg: Config, lang: str, staged_path: object, base: MarianEngine, result: Adapted) -> Adapted:
    """Install the staged model (card, record, rename), convert it if needed, edit the config."""
    from pathlib import Path

    staged = Path(str(staged_path))
    record = install.Record(
        lang=lang,
        base_model=base.model_id,
        base_revision=base.revision,
        pairs=len(result.collected.pairs),
        train_pairs=len(result.split.train),
        held_out_pairs=len(result.split.held_out),
        post_edits=result.post_edits.count,
        unrenderable=result.collected.unrenderable,
        steps=result.trained.steps,
        best_step=result.trained.best_step,
        seed=cfg.adapt.seed,
        learning_rate=cfg.adapt.learning_rate,
        chrf_before=round(result.decision.base.chrf, 2),
        chrf_after=round(result.decision.adapted.chrf, 2),
        ter_before=round(result.decision.base.ter, 2),
        ter_after=round(result.decision.adapted.ter, 2),
        p_value=round(result.decision.p_value, 4),
        date=install.now(),
    )
    folder = install.install(cfg, staged, record)
    converted = None
    try:
        if cfg.engine in ("ctranslate2", "auto") and _ct2_available():
            converted = cfg.rel(convert_model(install.with_model(cfg, lang, folder), lang, model=str(folder)))
        change = install.set_model(cfg, lang, folder)
    except BaseException:
        install.discard(folder)
        raise
    return Adapted(
        result.collected,
        result.split,
        result.post_edits,
        result.trained,
        result.decision,
        cfg.rel(folder),
        converted,
        change,
    )


def _ct2_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("ctranslate2") is not None
