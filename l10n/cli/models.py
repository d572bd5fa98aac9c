"""``l10n models``: list, download and convert the translation models."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from l10n.cli.base import (
    AppState,
    LangOpt,
    QuietOpt,
    choices,
    langs_of,
    models_app,
    one_lang_for_model,
    run_command,
    state_of,
)
from l10n.cli.options import ModelOpt
from l10n.cli.render import render_report
from l10n.errors import EXIT_USAGE, L10nError
from l10n.mt import QUANTIZATIONS

if TYPE_CHECKING:  # imported by the command that runs (start-up, issue 22)
    from rich.progress import TaskID

    from l10n.adapt.pipeline import Adapted
    from l10n.adapt.train import Progress as TrainProgress
    from l10n.report import Report
    from l10n.stages.context import Run

QuantizationChoice = choices(QUANTIZATIONS)
QuantizationOpt = Annotated[
    QuantizationChoice,  # type: ignore[valid-type]
    typer.Option("--quantization", help="Weight type of the converted model."),
]


@models_app.command("list")
def models_list(ctx: typer.Context, lang: LangOpt = None, quiet: QuietOpt = False) -> None:
    """Show each language's model, whether it is present on disk, its revision, its CTranslate2
    conversion and the base model of an adapted one (``l10n models adapt``); the last three go
    under the table when the terminal is too narrow (``l10n.cli.tables.fitted``)."""
    from l10n.adapt.install import adapted_from
    from l10n.cli.tables import Column, print_fitted
    from l10n.mt.factory import describe

    state = state_of(ctx, quiet)
    columns = [
        Column("lang", "key"),
        Column("model", "key"),
        Column("present"),
        Column("revision", "text", empty="-"),
        Column("converted\n(ctranslate2)", "text", empty="-"),
        Column("adapted from", "text", empty="-"),
    ]

    def go(run: Run) -> None:
        c = run.cfg
        rows = []
        for tag in langs_of(c, lang):
            row = describe(c, tag)
            conv = c.rel(row.converted) if row.converted else "-"
            base = adapted_from(row.path) or "-"
            rows.append([tag, row.model_id, "yes" if row.present else "no", row.revision or "-", conv, base])
        print_fitted(state.out, "Models", columns, rows)

    run_command(state, go, render_report, writes=False)


@models_app.command("pull")
def models_pull(ctx: typer.Context, lang: LangOpt = None, quiet: QuietOpt = False) -> None:
    """Download each language's hub model into the models folder (needs a network)."""
    from l10n.mt.factory import pull

    state = state_of(ctx, quiet)

    def go(run: Run) -> None:
        _per_model(state, run, langs_of(run.cfg, lang), lambda tag, log: pull(run.cfg, tag, log=log))

    run_command(state, go, render_report)


@models_app.command("convert")
def models_convert(
    ctx: typer.Context,
    lang: LangOpt = None,
    model: ModelOpt = None,
    quantization: QuantizationOpt = "int8",
    quiet: QuietOpt = False,
) -> None:
    """Convert each language's model for CTranslate2 into the models folder (faster on CPU)."""
    from l10n.mt.factory import convert_model

    state = state_of(ctx, quiet)

    def go(run: Run) -> None:
        langs = langs_of(run.cfg, lang)
        one_lang_for_model(langs, model)
        _per_model(
            state,
            run,
            langs,
            lambda tag, log: convert_model(run.cfg, tag, quantization, model=model, log=log),
        )

    run_command(state, go, render_report)


def _per_model(
    state: AppState, run: Run, langs: list[str], make: Callable[[str, Callable[[str], None]], Path]
) -> None:
    """``make(tag, log)`` for each language, printing ``<tag>: <folder>`` (``models pull``/``convert``).

    A language that fails goes to ``Report.missing_models`` and the others go on; a usage
    error (e.g. an unknown quantization) stops the command.
    """

    def log(message: str) -> None:
        if not state.quiet:
            state.out.print(message, markup=False)

    for tag in langs:
        try:
            path = make(tag, log)
            log(f"{tag}: {run.cfg.rel(path)}")
        except L10nError as exc:
            if exc.exit_code == EXIT_USAGE:
                raise
            run.report.missing_models[tag] = str(exc)


@models_app.command("adapt")
def models_adapt(
    ctx: typer.Context,
    lang: Annotated[str, typer.Option("--lang", "-l", metavar="TAG", help="The one language to adapt.")],
    max_steps: Annotated[
        int | None, typer.Option("--max-steps", min=1, help="Training steps at most ([adapt] max_steps).")
    ] = None,
    margin: Annotated[
        float | None,
        typer.Option("--margin", min=0.0, help="chrF2 points the adapted model must gain ([adapt] margin)."),
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """Fine-tune the language's MarianMT model on reviewed translations; install it only if better.

    Uses reviewed entries only (translated, not fuzzy), masked as for translation, deduplicated.
    A share of them chosen by msgid hash ([adapt] held_out_share, at least min_held_out) is held
    out: both models translate it and the adapted one is installed only if its chrF2 gains at
    least the margin and a paired bootstrap says the gain is significant at 95%. Installed: a
    folder under models/ with a model card and adapt.json, and models.<lang> in the config
    (printed; set it back to undo). Exit 1 when the adapted model is not better (nothing installed).
    """
    from l10n.adapt.pipeline import adapt
    from l10n.stages.context import Run

    state = state_of(ctx, quiet)

    def go(run: Run) -> Adapted:
        tag = langs_of(run.cfg, [lang])[0]
        opts = run.cfg.adapt
        opts = replace(
            opts, max_steps=max_steps or opts.max_steps, margin=opts.margin if margin is None else margin
        )
        run = Run(replace(run.cfg, adapt=opts), progress=run.progress)
        with _TrainingBar(state, tag) as bar:
            return adapt(
                run, tag, progress=bar.update, log=lambda m: None if state.quiet else state.err.print(m)
            )

    run_command(state, go, render_adapted)


class _TrainingBar:
    """rich progress bar of the training: steps, last loss, time left (not with --quiet or no terminal)."""

    def __init__(self, state: AppState, lang: str) -> None:
        from rich.markup import escape
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._on = not state.quiet and state.err.is_terminal
        self._progress = Progress(
            TextColumn(f"[bold]{escape(lang)} adapt"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("loss {task.fields[loss]}"),
            TextColumn("left {task.fields[eta]}"),
            console=state.err,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> _TrainingBar:
        if self._on:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._on:
            self._progress.stop()

    def update(self, p: TrainProgress) -> None:
        if not self._on:
            return
        if self._task is None:
            self._task = self._progress.add_task("adapt", total=p.total, loss="", eta="")
        self._progress.update(self._task, completed=p.step, loss=f"{p.loss:.3f}", eta=f"{p.eta:.0f} s")


def render_adapted(state: AppState, report: Report, result: Adapted) -> int:
    """Print the data counts, the held-out scores and what was installed; 1 when nothing was."""
    c, s, d, t = result.collected, result.split, result.decision, result.trained
    lines = [
        f"pairs: {len(c.pairs)} from {c.reviewed} reviewed entries ({c.duplicates} duplicates, "
        f"{c.unrenderable} unrenderable left out); train {len(s.train)}, held out {len(s.held_out)}",
        f"post-edits (machine output in mt-memory.tmx): {result.post_edits.count}, "
        f"chrF2 of machine vs reviewed {result.post_edits.chrf:.1f}",
        f"training: {t.steps} steps (best {t.best_step}{', stopped early' if t.stopped_early else ''}), "
        f"held-out loss {t.loss_before:.3f} -> {t.loss_after:.3f}, {t.seconds:.0f} s",
        f"held-out chrF2 {d.base.chrf:.1f} -> {d.adapted.chrf:.1f} ({d.gain:+.1f}, margin {d.margin:g}), "
        f"TER {d.base.ter:.1f} -> {d.adapted.ter:.1f}, bootstrap p = {d.p_value:.3f}",
    ]
    if result.folder is None:
        lines.append("not better: kept the base model, nothing installed")
    else:
        lines.append(
            f"installed {result.folder}" + (f" (ctranslate2: {result.converted})" if result.converted else "")
        )
        lines.append(f"{result.config_change}; to undo, set it back")
    if not state.quiet:
        for line in lines:
            state.out.print(line, markup=False, soft_wrap=True)
    code = render_report(state, report)
    return code or (0 if result.folder is not None else 1)
