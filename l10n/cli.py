"""The ``l10n`` command: thin typer commands that parse flags, call the pipeline, render the Report.

Exit codes: 0 success; 1 a stage failed (an article, a language, a missing model) or checks
found errors; 2 usage or input error (bad flag, bad config, unreadable input).
Only this module prints. Errors are one line each on stderr, never a traceback.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

try:  # typer >= 0.20 vendors click; older releases use click itself
    from typer._click import exceptions as _click_errors
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import exceptions as _click_errors  # type: ignore[no-redef]

from l10n import __version__
from l10n.config import Config, load_config
from l10n.errors import EXIT_USAGE, L10nError, UsageError
from l10n.mt import ENGINES, QUANTIZATIONS
from l10n.pipeline import Pipeline, PublishOptions, Report, TranslateOptions
from l10n.project import writing

STATUS_FORMATS = ("table", "json")
"""``l10n status --format`` choices."""
CHECK_FORMATS = ("text", "json")
"""``l10n check --format`` choices."""


def _choices(values: tuple[str, ...]) -> Any:
    """``Literal[values]``, so typer offers exactly the values of one tuple as an option's choices."""
    return Literal.__getitem__(values)  # type: ignore[attr-defined]


EngineChoice = _choices(ENGINES)
StatusFormatChoice = _choices(STATUS_FORMATS)
CheckFormatChoice = _choices(CHECK_FORMATS)
QuantizationChoice = _choices(QUANTIZATIONS)


class _OneLineUsageError(_click_errors.UsageError):
    """A click usage error shown as one line on stderr: ``error: <message> (try '<cmd> --help')``."""

    def show(self, file: Any = None) -> None:
        message = " ".join(self.format_message().replace("Value error, ", "").split())
        hint = f" (try '{self.ctx.command_path} --help')" if self.ctx is not None else ""
        typer.echo(f"error: {message}{hint}", file=file or sys.stderr)


def _one_line(exc: Any) -> Any:
    if isinstance(exc, (_OneLineUsageError, _click_errors.NoArgsIsHelpError)):
        return exc  # bare `l10n` / `l10n models` keeps printing the help
    return _OneLineUsageError(exc.format_message(), exc.ctx)


class _Group(TyperGroup):
    """Typer group whose usage errors (bad option, choice, value, command) are one line, exit 2."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except _click_errors.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _click_errors.UsageError as exc:
            raise _one_line(exc) from None


app = typer.Typer(
    cls=_Group,
    help="Localize news articles: segment, extract to gettext catalogs, machine-translate, compile, build.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help and one-line usage errors, as the rest of our output
)
models_app = typer.Typer(
    cls=_Group,
    help="List, download and convert translation models.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(models_app, name="models")


def _console(stderr: bool) -> Console:
    """Rich console; when piped, plain text that never wraps a message (NO_COLOR is honoured by rich).

    Emoji codes are off and every name is printed with ``markup=False`` or ``escape``d, so a
    file called ``a:x:b.txt`` or ``[red].txt`` prints as itself.
    """
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 200
    return Console(stderr=stderr, highlight=False, soft_wrap=True, width=width, emoji=False)


@dataclass
class AppState:
    """What the commands of one invocation share, kept in typer's context object (``ctx.obj``).

    Attributes:
        quiet: print errors only (``--quiet`` before or after the command).
        out: console on stdout.
        err: console on stderr.
        json_stdout: stdout carries a JSON document; every other line goes to stderr.
    """

    quiet: bool = False
    out: Console = field(default_factory=lambda: _console(False))
    err: Console = field(default_factory=lambda: _console(True))
    json_stdout: bool = False

    @property
    def text(self) -> Console:
        """Console for report lines: stdout, or stderr while stdout carries JSON."""
        return self.err if self.json_stdout else self.out


def _state(ctx: typer.Context, quiet: bool = False) -> AppState:
    """The invocation's ``AppState`` (created on first use); ``quiet`` turns quiet on."""
    state = ctx.ensure_object(AppState)
    state.quiet = state.quiet or quiet
    return state


QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")]

LangOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--lang",
        "-l",
        metavar="TAG",
        help="Target language (BCP 47, repeatable). Default: every configured language.",
    ),
]


def _version(value: bool) -> None:
    if value:
        _console(False).print(f"l10n {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """l10n: localize news articles through standard gettext catalogs."""
    ctx.obj = AppState(quiet=quiet)


class _Bar:
    """rich progress bar: one task per language x article, units/s shown."""

    def __init__(self, state: AppState) -> None:
        self._state = state
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def start(self, label: str, total: int) -> None:
        err = self._state.err
        if self._state.quiet or not err.is_terminal:
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


def _run(state: AppState, fn: Callable[[Pipeline, Report, Config], object], *, writes: bool = True) -> None:
    """Load config, run ``fn`` (holding the project lock if it ``writes``), render, exit with the code."""
    try:
        cfg = load_config(Path.cwd())
        report = Report()
        with writing(cfg) if writes else contextlib.nullcontext():
            fn(Pipeline(cfg, progress=_Bar(state)), report, cfg)
    except L10nError as exc:
        state.err.print(f"error: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        state.err.print("interrupted: files written so far are complete; nothing was left half-written")
        raise typer.Exit(130) from None
    _render(state, report)
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


def _render(state: AppState, report: Report) -> None:
    quiet, out, err = state.quiet, state.text, state.err
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
                table.add_row(escape(s.lang), escape(s.engine or "-"), *cells, f"{s.seconds:.1f}")
            out.print(table)
        for note in report.skipped:
            out.print(f"skipped {note}", markup=False)
    if report.advisory_issues and report.issues:
        errors = sum(1 for i in report.issues if i.severity == "error")
        if not quiet:
            out.print(
                f"checks: {errors} error(s), {len(report.issues) - errors} warning(s) in translated entries; "
                "builds show machine output marked as such, English where it fails a check; "
                "`l10n check` lists them and exits 1 on errors"
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
def extract(ctx: typer.Context, quiet: QuietOpt = False) -> None:
    """Segment every article in the source folder and write locales/<slug>.pot."""
    _run(_state(ctx, quiet), lambda p, r, c: p.extract(r))


@app.command()
def update(ctx: typer.Context, lang: LangOpt = None, quiet: QuietOpt = False) -> None:
    """Create or merge locales/<lang>/LC_MESSAGES/<slug>.po from the templates (msgmerge semantics)."""
    _run(_state(ctx, quiet), lambda p, r, c: p.update(r, _langs(c, lang)))


def _topts(cfg: Config, langs: list[str], model: str | None, engine: str | None, retranslate: bool):
    if model and len(langs) != 1:
        raise UsageError("--model needs exactly one --lang (it names the model for that language)")
    return TranslateOptions(model=model, engine=engine, retranslate_machine=retranslate)


ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model", metavar="ID_OR_DIR", help="Model for the one --lang given: hub id or local directory."
    ),
]
EngineOpt = Annotated[
    EngineChoice | None,  # type: ignore[valid-type]
    typer.Option("--engine", help="Translation engine (default: the config's engine)."),
]
RetranslateOpt = Annotated[
    bool, typer.Option("--retranslate-machine", help="Redo machine output that nobody has edited since.")
]


@app.command()
def translate(
    ctx: typer.Context,
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

    _run(_state(ctx, quiet), go)


ReviewedOnly = Annotated[
    bool | None,
    typer.Option(
        "--reviewed-only/--include-machine", help="Leave unreviewed machine translation out of builds."
    ),
]


def _percent(value: float | None) -> float | None:
    if value is not None and not (math.isfinite(value) and 0 <= value <= 100):
        raise typer.BadParameter(f"{value!r} is not a percentage from 0 to 100")
    return value


MinComplete = Annotated[
    float | None,
    typer.Option(
        "--min-complete",
        metavar="PERCENT",
        callback=_percent,
        help="Skip a language below this percent (0-100) of translated words.",
    ),
]
UseFuzzy = Annotated[
    bool, typer.Option("--use-fuzzy", help="Put fuzzy entries into .mo files, as msgfmt does.")
]


@app.command("compile")
def compile_(
    ctx: typer.Context,
    lang: LangOpt = None,
    reviewed_only: ReviewedOnly = None,
    min_complete: MinComplete = None,
    use_fuzzy: UseFuzzy = False,
    quiet: QuietOpt = False,
) -> None:
    """Write .mo files and the localized builds (build/<lang>/<slug>.{txt,md,html}, build/index.html)."""

    def go(p: Pipeline, r: Report, c: Config) -> None:
        langs = _langs(c, lang)
        p.compile(r, langs, use_fuzzy=use_fuzzy)
        p.publish(r, langs, PublishOptions(reviewed_only, min_complete, use_fuzzy))

    _run(_state(ctx, quiet), go)


@app.command()
def build(
    ctx: typer.Context,
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

    _run(_state(ctx, quiet), go)


StatusFormat = Annotated[StatusFormatChoice, typer.Option("--format", help="Output format.")]  # type: ignore[valid-type]
CheckFormat = Annotated[CheckFormatChoice, typer.Option("--format", help="Output format.")]  # type: ignore[valid-type]


@app.command()
def status(
    ctx: typer.Context, lang: LangOpt = None, format: StatusFormat = "table", quiet: QuietOpt = False
) -> None:
    """Per article x language: reviewed, machine, fuzzy, untranslated, obsolete units and words."""
    state = _state(ctx, quiet)
    state.json_stdout = format == "json"

    def go(p: Pipeline, r: Report, c: Config) -> None:
        p.status(r, _langs(c, lang))
        from l10n.publish.policy import whole_percent
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
                escape(s.slug),
                escape(s.lang),
                *(str(u.get(k, 0)) for k in ("reviewed", "machine", "fuzzy", "untranslated", "obsolete")),
                f"{whole_percent(s.percent_complete)}%",
                "no catalog yet: run l10n update"
                if s.missing
                else "source changed: run l10n update"
                if s.source_changed
                else "",
            )
        state.out.print(table)

    _run(state, go, writes=False)


@app.command()
def check(
    ctx: typer.Context, lang: LangOpt = None, format: CheckFormat = "text", quiet: QuietOpt = False
) -> None:
    """Quality checks on every translated entry (path:line: severity: code: message); exit 1 on errors.

    The JSON schema (--format json) is in README.md.
    """
    state = _state(ctx, quiet)
    state.json_stdout = format == "json"

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

    _run(state, go, writes=False)


@models_app.command("list")
def models_list(ctx: typer.Context, lang: LangOpt = None, quiet: QuietOpt = False) -> None:
    """Show each language's model, its revision and whether it is present on disk."""

    def go(p: Pipeline, r: Report, c: Config) -> None:
        from l10n.mt.factory import describe

        table = Table(title="Models")
        for col in ("lang", "model", "revision", "present", "converted (ctranslate2)"):
            table.add_column(col)
        for tag in _langs(c, lang):
            row = describe(c, tag)
            conv = c.rel(row.converted) if row.converted else "-"
            cells = (tag, row.model_id, row.revision or "-", "yes" if row.present else "no", conv)
            table.add_row(*(escape(cell) for cell in cells))
        state.out.print(table)

    state = _state(ctx, quiet)
    _run(state, go, writes=False)


@models_app.command("pull")
def models_pull(ctx: typer.Context, lang: LangOpt = None, quiet: QuietOpt = False) -> None:
    """Download each language's hub model into the models folder (needs a network)."""
    state = _state(ctx, quiet)

    def go(p: Pipeline, r: Report, c: Config) -> None:
        from l10n.mt.factory import pull

        for tag in _langs(c, lang):
            try:
                path = pull(c, tag, log=lambda m: None if state.quiet else state.out.print(m, markup=False))
                if not state.quiet:
                    state.out.print(f"{tag}: {c.rel(path)}", markup=False)
            except L10nError as exc:
                r.missing_models[tag] = str(exc)

    _run(state, go)


@models_app.command("convert")
def models_convert(
    ctx: typer.Context,
    lang: LangOpt = None,
    model: ModelOpt = None,
    quantization: Annotated[
        QuantizationChoice,  # type: ignore[valid-type]
        typer.Option("--quantization", help="Weight type of the converted model."),
    ] = "int8",
    quiet: QuietOpt = False,
) -> None:
    """Convert each language's model for CTranslate2 into the models folder (faster on CPU)."""
    state = _state(ctx, quiet)

    def go(p: Pipeline, r: Report, c: Config) -> None:
        from l10n.mt.factory import convert_model

        langs = _langs(c, lang)
        if model and len(langs) != 1:
            raise UsageError("--model needs exactly one --lang (it names the model for that language)")
        for tag in langs:
            try:
                log = (lambda m: None) if state.quiet else (lambda m: state.out.print(m, markup=False))
                path = convert_model(c, tag, quantization, model=model, log=log)
                if not state.quiet:
                    state.out.print(f"{tag}: {c.rel(path)}", markup=False)
            except L10nError as exc:
                if exc.exit_code == EXIT_USAGE:
                    raise
                r.missing_models[tag] = str(exc)

    _run(state, go)


if os.environ.get("L10N_DEBUG"):  # pragma: no cover - developer aid
    app.pretty_exceptions_enable = True
