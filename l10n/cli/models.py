"""``l10n models``: list, download and convert the translation models."""

from __future__ import annotations

from collections.abc import Callable
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
    from l10n.stages.context import Run

QuantizationChoice = choices(QUANTIZATIONS)
QuantizationOpt = Annotated[
    QuantizationChoice,  # type: ignore[valid-type]
    typer.Option("--quantization", help="Weight type of the converted model."),
]


@models_app.command("list")
def models_list(ctx: typer.Context, lang: LangOpt = None, quiet: QuietOpt = False) -> None:
    """Show each language's model, its revision and whether it is present on disk."""
    from rich.markup import escape
    from rich.table import Table

    from l10n.mt.factory import describe

    state = state_of(ctx, quiet)

    def go(run: Run) -> None:
        c = run.cfg
        table = Table(title="Models")
        for col in ("lang", "model", "revision", "present", "converted (ctranslate2)"):
            table.add_column(col)
        for tag in langs_of(c, lang):
            row = describe(c, tag)
            conv = c.rel(row.converted) if row.converted else "-"
            cells = (tag, row.model_id, row.revision or "-", "yes" if row.present else "no", conv)
            table.add_row(*(escape(cell) for cell in cells))
        state.out.print(table)

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
