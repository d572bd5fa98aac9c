"""The ``l10n`` command: thin typer commands that parse flags, call the pipeline, render the Report.

Exit codes: 0 success; 1 a stage failed (an article, a language, a missing model) or checks
found errors; 2 usage or input error (bad flag, bad config, unreadable input).
Only this module prints. Errors are one line each on stderr, never a traceback.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from l10n import __version__
from l10n.config import Config, load_config
from l10n.errors import EXIT_USAGE, L10nError, UsageError
from l10n.pipeline import Pipeline, PublishOptions, Report, TranslateOptions
from l10n.project import writing

app = typer.Typer(
    help="Localize news articles: segment, extract to gettext catalogs, machine-translate, compile, build.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help and one-line usage errors, as the rest of our output
)
models_app = typer.Typer(
    help="List, download and convert translation models.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(models_app, name="models")


def _console(stderr: bool) -> Console:
    """Rich console; when piped, plain text that never wraps a message (NO_COLOR is honoured by rich)."""
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 200
    return Console(stderr=stderr, highlight=False, soft_wrap=True, width=width)


out = _console(False)
err = _console(True)
_state = {"quiet": False}


def _set_quiet(value: bool) -> bool:
    if value:
        _state["quiet"] = True
    return value


QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print errors only.", callback=_set_quiet, expose_value=True)
]

LangOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--lang", "-l", help="Target language (BCP 47, repeatable). Default: every configured language."
    ),
]


def _version(value: bool) -> None:
    if value:
        out.print(f"l10n {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """l10n: localize news articles through standard gettext catalogs."""
    _state["quiet"] = quiet


class _Bar:
    """rich progress bar: one task per language x article, units/s shown."""

    def __init__(self) -> None:
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def start(self, label: str, total: int) -> None:
        if _state["quiet"] or not err.is_terminal:
            return
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=err,
        )
        self._progress.start()
        self._task = self._progress.add_task(label, total=total, rate="")

    def advance(self, n: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, n)
            task = self._progress.tasks[0]
            rate = task.completed / task.elapsed if task.elapsed else 0.0
            self._progress.update(self._task, rate=f"{rate:.1f} units/s" if rate else "")

    def finish(self) -> None:
        if self._progress is not None:
            self._progress.stop()
        self._progress = None
        self._task = None


def _run(fn: Callable[[Pipeline, Report, Config], object], *, writes: bool = True) -> None:
    """Load config, run ``fn`` (holding the project lock if it ``writes``), render, exit with the code."""
    try:
        cfg = load_config(Path.cwd())
        report = Report()
        with writing(cfg) if writes else contextlib.nullcontext():
            fn(Pipeline(cfg, progress=_Bar()), report, cfg)
    except L10nError as exc:
        err.print(f"error: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        err.print("interrupted: files written so far are complete; nothing was left half-written")
        raise typer.Exit(130) from None
    _render(report)
    raise typer.Exit(report.exit_code)


def _langs(cfg: Config, lang: list[str] | None) -> list[str]:
    """The ``--lang`` values in canonical BCP 47 form, or every configured language."""
    if not lang:
        return list(cfg.languages)
    from l10n.locale import validate_tag

    out_langs = []
    for tag in lang:
        try:
            canon = validate_tag(tag)
        except L10nError as exc:
            raise UsageError(f"--lang {tag}: {exc.message}") from None
        if canon == cfg.source_language:
            raise UsageError(f"--lang {tag}: that is the source language")
        if canon not in out_langs:
            out_langs.append(canon)
    return out_langs


def _render(report: Report) -> None:
    quiet = _state["quiet"]
    if not quiet:
        for warning in report.warnings:
            err.print(str(warning), markup=False, soft_wrap=True)
        for path in report.written:
            out.print(f"wrote {path}", markup=False)
        for path in report.removed:
            out.print(f"removed {path}", markup=False)
        if report.unchanged:
            out.print(f"{len(report.unchanged)} file(s) unchanged")
        if report.summaries:
            table = Table(title="Machine translation")
            counts = ("translated", "reused", "copied", "flagged", "skipped", "failed")
            for col in ("language", "engine", *counts, "seconds"):
                table.add_column(col, justify="left" if col in ("language", "engine") else "right")
            for s in report.summaries.values():
                cells = [str(getattr(s, name)) for name in counts]
                table.add_row(s.lang, s.engine or "-", *cells, f"{s.seconds:.1f}")
            out.print(table)
        for note in report.skipped:
            out.print(f"skipped {note}", markup=False)
    if report.advisory_issues and report.issues:
        errors = sum(1 for i in report.issues if i.severity == "error")
        if not quiet:
            out.print(
                f"checks: {errors} error(s), {len(report.issues) - errors} warning(s) in translated entries; "
                "builds show unreviewed machine output only marked as such; `l10n check` lists them "
                "and exits 1 on errors"
            )
    for issue in report.issues if report.render_issues and not report.advisory_issues else ():
        if issue.severity == "error" or not quiet:
            out.print(str(issue), markup=False, soft_wrap=True)
    if report.check_counts and report.render_issues and not report.advisory_issues and not quiet:
        for c in report.check_counts:
            out.print(
                f"{c.path}: {c.errors} error(s), {c.warnings} warning(s); {c.reviewed} reviewed, "
                f"{c.machine} machine/fuzzy, {c.untranslated} untranslated",
                markup=False,
                soft_wrap=True,
            )
    for lang, msg in report.missing_models.items():
        err.print(f"error: no model for {lang}: {msg}", markup=False, soft_wrap=True)
    for line in report.errors:
        err.print(f"error: {line}", markup=False, soft_wrap=True)
    if report.epilogue and not quiet:
        err.print(report.epilogue, markup=False)


@app.command()
def extract(quiet: QuietOpt = False) -> None:
    """Segment every article in the source folder and write locales/<slug>.pot."""
    _run(lambda p, r, c: p.extract(r))


@app.command()
def update(lang: LangOpt = None, quiet: QuietOpt = False) -> None:
    """Create or merge locales/<lang>/LC_MESSAGES/<slug>.po from the templates (msgmerge semantics)."""
    _run(lambda p, r, c: p.update(r, _langs(c, lang)))


def _topts(cfg: Config, langs: list[str], model: str | None, engine: str | None, retranslate: bool):
    if model and len(langs) != 1:
        raise UsageError("--model needs exactly one --lang (it names the model for that language)")
    if engine and engine not in ("auto", "transformers", "ctranslate2"):
        raise UsageError(f"--engine {engine}: expected auto, transformers or ctranslate2")
    return TranslateOptions(model=model, engine=engine, retranslate_machine=retranslate)


ModelOpt = Annotated[
    str | None, typer.Option("--model", help="Model for the one --lang given: hub id or local directory.")
]
EngineOpt = Annotated[str | None, typer.Option("--engine", help="auto | transformers | ctranslate2.")]
RetranslateOpt = Annotated[
    bool, typer.Option("--retranslate-machine", help="Redo machine output that nobody has edited since.")
]


@app.command()
def translate(
    lang: LangOpt = None,
    model: ModelOpt = None,
    engine: EngineOpt = None,
    retranslate_machine: RetranslateOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Machine-translate the untranslated entries of each catalog (never touches existing translations)."""

    def go(p: Pipeline, r: Report, c: Config) -> None:
        langs = _langs(c, lang)
        p.translate(r, langs, _topts(c, langs, model, engine, retranslate_machine))

    _run(go)


ReviewedOnly = Annotated[
    bool | None,
    typer.Option(
        "--reviewed-only/--include-machine", help="Leave unreviewed machine translation out of builds."
    ),
]
MinComplete = Annotated[
    float | None,
    typer.Option("--min-complete", help="Skip a language below this percent of translated words."),
]
UseFuzzy = Annotated[
    bool, typer.Option("--use-fuzzy", help="Put fuzzy entries into .mo files, as msgfmt does.")
]


@app.command("compile")
def compile_(
    lang: LangOpt = None,
    reviewed_only: ReviewedOnly = None,
    min_complete: MinComplete = None,
    use_fuzzy: UseFuzzy = False,
    quiet: QuietOpt = False,
) -> None:
    """Write .mo files and the localized builds (build/<lang>/<slug>.{txt,md,html}, build/index.html)."""
    _run(
        lambda p, r, c: p.compile(r, _langs(c, lang), PublishOptions(reviewed_only, min_complete, use_fuzzy))
    )


@app.command()
def build(
    lang: LangOpt = None,
    model: ModelOpt = None,
    engine: EngineOpt = None,
    retranslate_machine: RetranslateOpt = False,
    reviewed_only: ReviewedOnly = None,
    min_complete: MinComplete = None,
    use_fuzzy: UseFuzzy = False,
    quiet: QuietOpt = False,
) -> None:
    """Run the whole pipeline: extract, update, translate, check, compile."""

    def go(p: Pipeline, r: Report, c: Config) -> None:
        langs = _langs(c, lang)
        topts = _topts(c, langs, model, engine, retranslate_machine)
        p.build(r, langs, topts, PublishOptions(reviewed_only, min_complete, use_fuzzy))
        if r.missing_models:
            r.epilogue = (
                f"{len(r.missing_models)} language(s) built with English fallback (no model): "
                + ", ".join(r.missing_models)
            )

    _run(go)


StatusFormat = Annotated[str, typer.Option("--format", help="table or json.")]
CheckFormat = Annotated[str, typer.Option("--format", help="text or json.")]


@app.command()
def status(lang: LangOpt = None, format: StatusFormat = "table", quiet: QuietOpt = False) -> None:
    """Per article x language: reviewed, machine, fuzzy, untranslated, obsolete units and words."""
    if format not in ("table", "json"):
        err.print(f"error: --format {format}: expected table or json")
        raise typer.Exit(EXIT_USAGE)

    def go(p: Pipeline, r: Report, c: Config) -> None:
        p.status(r, _langs(c, lang))
        from l10n.status import to_json

        if format == "json":
            print(to_json(r.statuses))
            return
        table = Table(title="Catalog status")
        for col in (
            "article",
            "lang",
            "reviewed",
            "machine",
            "fuzzy",
            "untranslated",
            "obsolete",
            "complete",
            "note",
        ):
            table.add_column(col)
        for s in r.statuses:
            u = s.units
            table.add_row(
                s.slug,
                s.lang,
                *(str(u.get(k, 0)) for k in ("reviewed", "machine", "fuzzy", "untranslated", "obsolete")),
                f"{s.percent_complete:.0f}%",
                "source changed: run l10n update" if s.source_changed else "",
            )
        out.print(table)

    _run(go, writes=False)


@app.command()
def check(lang: LangOpt = None, format: CheckFormat = "text", quiet: QuietOpt = False) -> None:
    """Quality checks on every translated entry (path:line: severity: code: message); exit 1 on errors.

    The JSON schema (--format json) is in README.md.
    """
    if format not in ("text", "json"):
        err.print(f"error: --format {format}: expected text or json")
        raise typer.Exit(EXIT_USAGE)

    def go(p: Pipeline, r: Report, c: Config) -> None:
        p.check(r, _langs(c, lang))
        if format == "json":
            doc = {
                "version": 1,
                "issues": [dataclasses.asdict(i) for i in r.issues],
                "catalogs": [dataclasses.asdict(c) for c in r.check_counts],
            }
            print(json.dumps(doc, ensure_ascii=False, indent=2))
            r.render_issues = False

    _run(go, writes=False)


@models_app.command("list")
def models_list(lang: LangOpt = None, quiet: QuietOpt = False) -> None:
    """Show each language's model, its revision and whether it is present on disk."""

    def go(p: Pipeline, r: Report, c: Config) -> None:
        from l10n.mt.factory import describe

        table = Table(title="Models")
        for col in ("lang", "model", "revision", "present", "converted (ctranslate2)"):
            table.add_column(col)
        for tag in _langs(c, lang):
            row = describe(c, tag)
            conv = c.rel(row.converted) if row.converted else "-"
            table.add_row(tag, row.model_id, row.revision or "-", "yes" if row.present else "no", conv)
        out.print(table)

    _run(go, writes=False)


@models_app.command("pull")
def models_pull(lang: LangOpt = None, quiet: QuietOpt = False) -> None:
    """Download each language's hub model into the models folder (needs a network)."""

    def go(p: Pipeline, r: Report, c: Config) -> None:
        from l10n.mt.factory import pull

        for tag in _langs(c, lang):
            try:
                path = pull(c, tag, log=lambda m: None if _state["quiet"] else out.print(m, markup=False))
                if not _state["quiet"]:
                    out.print(f"{tag}: {c.rel(path)}", markup=False)
            except L10nError as exc:
                r.missing_models[tag] = str(exc)

    _run(go)


@models_app.command("convert")
def models_convert(
    lang: LangOpt = None,
    model: ModelOpt = None,
    quantization: Annotated[
        str, typer.Option("--quantization", help="int8, int8_float32, int16, float32 or none.")
    ] = "int8",
    quiet: QuietOpt = False,
) -> None:
    """Convert each language's model for CTranslate2 into the models folder (faster on CPU)."""

    def go(p: Pipeline, r: Report, c: Config) -> None:
        from l10n.mt.factory import convert_model

        langs = _langs(c, lang)
        if model and len(langs) != 1:
            raise UsageError("--model needs exactly one --lang (it names the model for that language)")
        for tag in langs:
            try:
                log = (lambda m: None) if _state["quiet"] else (lambda m: out.print(m, markup=False))
                path = convert_model(c, tag, quantization, model=model, log=log)
                if not _state["quiet"]:
                    out.print(f"{tag}: {c.rel(path)}", markup=False)
            except L10nError as exc:
                if exc.exit_code == EXIT_USAGE:
                    raise
                r.missing_models[tag] = str(exc)

    _run(go)


if os.environ.get("L10N_DEBUG"):  # pragma: no cover - developer aid
    app.pretty_exceptions_enable = True
