"""The read-only commands that report on the catalogs: status, check, queue, report edits.

They take no project lock and write nothing; ``--format json`` puts one JSON document on
stdout (schemas in README.md) and every other line on stderr.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from l10n.cli.articles import ArticlesArg
from l10n.cli.base import AppState, LangOpt, QuietOpt, app, langs_of, report_app, run_command, state_of
from l10n.cli.options import FormatOpt, StatusFormatOpt
from l10n.cli.render import edits_table, render_check, render_report, status_table
from l10n.report import Report

if TYPE_CHECKING:  # the stages are imported by the command that runs them (start-up, issue 22)
    from l10n.review.edits import EditStats
    from l10n.review.queue import QueueItem
    from l10n.status import CatalogStatus

LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", metavar="N", min=1, help="Show the first N entries of the queue only."),
]


@app.command()
def status(
    ctx: typer.Context,
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    format: StatusFormatOpt = "table",
    quiet: QuietOpt = False,
) -> None:
    """Per article x language: reviewed, machine, fuzzy, untranslated, obsolete units and words."""
    from l10n.stages.queries import status as status_query
    from l10n.status import to_json as status_json

    as_json = format == "json"

    def render(state: AppState, report: Report, statuses: list[CatalogStatus]) -> int:
        if as_json:
            print(status_json(statuses))
        else:
            state.out.print(status_table(statuses, state.out.width))
        return render_report(state, report)

    state = state_of(ctx, quiet, json_stdout=as_json)
    run_command(
        state,
        lambda run: status_query(run, langs_of(run.cfg, lang)),
        render,
        writes=False,
        articles=articles,
    )


@app.command()
def check(
    ctx: typer.Context,
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    format: FormatOpt = "text",
    quiet: QuietOpt = False,
) -> None:
    """Quality checks on every translated entry (path:line: severity: code: message); exit 1 on errors.

    The JSON schema (--format json) is in README.md.
    """
    from l10n.stages.check import check as check_stage

    as_json = format == "json"
    run_command(
        state_of(ctx, quiet, json_stdout=as_json),
        lambda run: check_stage(run, langs_of(run.cfg, lang)),
        lambda state, report, result: render_check(state, report, result, as_json=as_json),
        writes=False,
        articles=articles,
    )


@app.command()
def queue(
    ctx: typer.Context,
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    format: FormatOpt = "text",
    limit: LimitOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Entries that need a person, most urgent first: unrenderable, fuzzy after a source change,
    failed checks, machine output by rising confidence, fuzzy, untranslated (path:line reason
    state conf check msgid; a long msgid elided to the terminal width).

    Read-only (takes no project lock); exit 0 (a catalog not created yet lists its article's
    units as untranslated, with a warning). The JSON schema (--format json) is in README.md.
    """
    from l10n.stages.queries import review_queue

    as_json = format == "json"

    def render(state: AppState, report: Report, items: list[QueueItem]) -> int:
        from l10n.review.queue import format_row, to_json

        shown = items[:limit] if limit is not None else items
        if as_json:
            print(to_json(shown, total=len(items)))
            return render_report(state, report)
        for item in shown:
            state.out.print(format_row(item, state.out.width), markup=False, soft_wrap=True)
        if not state.quiet:
            more = f" (showing {len(shown)})" if len(shown) < len(items) else ""
            state.err.print(f"{len(items)} entr{'y' if len(items) == 1 else 'ies'} need a person{more}")
        return render_report(state, report)

    state = state_of(ctx, quiet, json_stdout=as_json)
    run_command(
        state,
        lambda run: review_queue(run, langs_of(run.cfg, lang)),
        render,
        writes=False,
        articles=articles,
    )


@report_app.command("edits")
def report_edits(
    ctx: typer.Context, lang: LangOpt = None, format: FormatOpt = "text", quiet: QuietOpt = False
) -> None:
    """What reviewers changed in the machine output: per language and model, entries reviewed,
    share accepted unchanged, chrF2 and TER (HTER) against the reviewed text, and how well the
    confidence ranks the edits (Spearman, from 10 entries up).

    The JSON schema (--format json) is in README.md.
    """
    from l10n.stages.queries import edits

    as_json = format == "json"

    def render(state: AppState, report: Report, stats: list[EditStats]) -> int:
        from l10n.review.edits import to_json

        if as_json:
            print(to_json(stats))
        elif not stats:
            state.out.print("no reviewed machine translations yet (see locales/<ll>/mt-memory.tmx)")
        else:
            state.out.print(edits_table(stats, state.out.width))
        return render_report(state, report)

    state = state_of(ctx, quiet, json_stdout=as_json)
    run_command(state, lambda run: edits(run, langs_of(run.cfg, lang)), render, writes=False)
