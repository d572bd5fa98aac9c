"""The commands that run stages and write files: extract, update, translate, compile, build."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from l10n.cli.articles import ArticlesArg
from l10n.cli.base import LangOpt, QuietOpt, VerboseOpt, app, langs_of, run_command, state_of
from l10n.cli.options import (
    MinCompleteOpt,
    ReviewedOnlyOpt,
    TranslateFlags,
    UseFuzzyOpt,
    executor,
    with_translate_flags,
)
from l10n.cli.render import render_build, render_report, render_translate
from l10n.report import BuildResult, PublishOptions, TranslateResult

if TYPE_CHECKING:  # the stages are imported by the command that runs them (start-up, issue 22)
    from l10n.stages.context import Run


@app.command()
def extract(
    ctx: typer.Context, articles: ArticlesArg = None, quiet: QuietOpt = False, verbose: VerboseOpt = False
) -> None:
    """Segment the articles (default: every article in the source folder) and write locales/<slug>.pot."""
    from l10n.stages.extract import extract as extract_stage

    run_command(state_of(ctx, quiet, verbose=verbose), extract_stage, render_report, articles=articles)


@app.command()
def update(
    ctx: typer.Context,
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Create or merge locales/<lang>/LC_MESSAGES/<slug>.po from the templates (msgmerge semantics)."""
    from l10n.stages.update import update as update_stage

    run_command(
        state_of(ctx, quiet, verbose=verbose),
        lambda run: update_stage(run, langs_of(run.cfg, lang)),
        render_report,
        articles=articles,
    )


@app.command()
@with_translate_flags
def translate(
    ctx: typer.Context,
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    *,
    flags: TranslateFlags,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Machine-translate the untranslated entries of each catalog (never touches existing translations)."""
    from l10n.stages.translate import translate as translate_stage

    state = state_of(ctx, quiet, verbose=verbose)

    def go(run: Run) -> TranslateResult:
        langs = langs_of(run.cfg, lang)
        topts = flags.options(langs)
        with executor(state, run.cfg, topts):
            return translate_stage(run, langs, topts)

    run_command(state, go, render_translate, articles=articles)


@app.command("compile")
def compile_(
    ctx: typer.Context,
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    reviewed_only: ReviewedOnlyOpt = None,
    min_complete: MinCompleteOpt = None,
    use_fuzzy: UseFuzzyOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Write the articles' .mo files and the localized builds (build/<lang>/<slug>.{txt,md,html}, and
    build/index.html, which describes every article)."""
    from l10n.stages.compile import compile_catalogs
    from l10n.stages.publish import publish

    def go(run: Run) -> None:
        langs = langs_of(run.cfg, lang)
        compile_catalogs(run, langs, use_fuzzy=use_fuzzy)
        publish(run.every_article(), langs, PublishOptions(reviewed_only, min_complete, use_fuzzy))

    run_command(state_of(ctx, quiet, verbose=verbose), go, render_report, articles=articles)


@app.command()
@with_translate_flags
def build(
    ctx: typer.Context,
    articles: ArticlesArg = None,
    lang: LangOpt = None,
    *,
    flags: TranslateFlags,
    reviewed_only: ReviewedOnlyOpt = None,
    min_complete: MinCompleteOpt = None,
    use_fuzzy: UseFuzzyOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Run the whole pipeline: extract, update, translate, check, compile (the pages and index of
    every article are rebuilt where their inputs changed)."""
    from l10n.stages.build import build as build_stages

    state = state_of(ctx, quiet, verbose=verbose)

    def go(run: Run) -> BuildResult:
        langs = langs_of(run.cfg, lang)
        topts = flags.options(langs)
        with executor(state, run.cfg, topts):
            return build_stages(run, langs, topts, PublishOptions(reviewed_only, min_complete, use_fuzzy))

    run_command(state, go, render_build, articles=articles)
