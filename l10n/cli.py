"""The ``l10n`` command: thin typer commands that parse flags, call the pipeline, render the Report.

Exit codes: 0 success; 1 a stage failed (an article, a language, a missing model) or checks
found errors; 2 usage or input error (bad flag, bad config, unreadable input).
Only this module prints. Errors are one line each on stderr, never a traceback.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import json
import math
import os
import sys
from collections.abc import Callable, Iterator
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
from l10n.locale import validate_tag
from l10n.mt import ENGINES, QUANTIZATIONS
from l10n.mt.factory import convert_model, describe, pull
from l10n.pipeline import Pipeline, PublishOptions, Report, TranslateOptions
from l10n.project import writing
from l10n.publish.policy import whole_percent
from l10n.status import to_json
from l10n.translate.executor import EXECUTORS, require_ray

STATUS_FORMATS = ("table", "json")
"""``l10n status --format`` choices."""
CHECK_FORMATS = ("text", "json")
"""``l10n check --format`` choices."""
QUEUE_FORMATS = ("text", "json")
"""``l10n queue --format`` choices."""
EDITS_FORMATS = ("text", "json")
"""``l10n report edits --format`` choices."""


def _choices(values: tuple[str, ...]) -> Any:
    """``Literal[values]``, so typer offers exactly the values of one tuple as an option's choices."""
    return Literal.__getitem__(values)


EngineChoice = _choices(ENGINES)
ExecutorChoice = _choices(EXECUTORS)
StatusFormatChoice = _choices(STATUS_FORMATS)
CheckFormatChoice = _choices(CHECK_FORMATS)
QueueFormatChoice = _choices(QUEUE_FORMATS)
EditsFormatChoice = _choices(EDITS_FORMATS)
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
report_app = typer.Typer(
    cls=_Group,
    help="Reports on the project's translations.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(report_app, name="report")


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


def _one_lang_for_model(langs: list[str], model: str | None) -> None:
    """``--model`` names the model of one language: with it, exactly one ``--lang`` is needed."""
    if model and len(langs) != 1:
        raise UsageError("--model needs exactly one --lang (it names the model for that language)")


def _topts(
    langs: list[str],
    model: str | None,
    engine: str | None,
    retranslate: bool,
    executor: str | None = None,
    ray_address: str | None = None,
) -> TranslateOptions:
    _one_lang_for_model(langs, model)
    return TranslateOptions(
        model=model,
        engine=engine,
        retranslate_machine=retranslate,
        executor=executor,
        ray_address=ray_address,
    )


@contextlib.contextmanager
def _executor(state: AppState, cfg: Config, topts: TranslateOptions) -> Iterator[None]:
    """With the ``ray`` executor, attach to the cluster for the run and print which one (stderr)."""
    if (topts.executor or cfg.executor) != "ray":
        if topts.ray_address:
            raise UsageError('--ray-address needs --executor ray (or executor = "ray" in the config)')
        yield
        return
    require_ray()  # one-line error naming the extra, before anything is imported from Ray
    from l10n.translate.executor.ray import session

    with session(topts.ray_address or cfg.ray.address or None) as line:
        if not state.quiet:
            state.err.print(line, markup=False, soft_wrap=True)
        yield


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
ExecutorOpt = Annotated[
    ExecutorChoice | None,  # type: ignore[valid-type]
    typer.Option(
        "--executor",
        help='Where the model runs: local, or ray (a Ray cluster; pip install -e ".[ray]"). '
        "Default: the config's executor.",
    ),
]
RayAddressOpt = Annotated[
    str | None,
    typer.Option(
        "--ray-address",
        metavar="ADDR",
        help="Ray cluster for --executor ray. Default: the config's ray.address, else RAY_ADDRESS, "
        "a cluster started on this machine with `ray start`, else a local cluster for the run.",
    ),
]


@app.command()
def translate(
    ctx: typer.Context,
    lang: LangOpt = None,
    model: ModelOpt = None,
    engine: EngineOpt = None,
    retranslate_machine: RetranslateOpt = False,
    executor: ExecutorOpt = None,
    ray_address: RayAddressOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Machine-translate the untranslated entries of each catalog (never touches existing translations)."""
    state = _state(ctx, quiet)

    def go(p: Pipeline, r: Report, c: Config) -> None:
        langs = _langs(c, lang)
        topts = _topts(langs, model, engine, retranslate_machine, executor, ray_address)
        with _executor(state, c, topts):
            p.translate(r, langs, topts)

    _run(state, go)


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
    executor: ExecutorOpt = None,
    ray_address: RayAddressOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Run the whole pipeline: extract, update, translate, check, compile."""
    state = _state(ctx, quiet)

    def go(p: Pipeline, r: Report, c: Config) -> None:
        langs = _langs(c, lang)
        topts = _topts(langs, model, engine, retranslate_machine, executor, ray_address)
        with _executor(state, c, topts):
            p.build(r, langs, topts, PublishOptions(reviewed_only, min_complete, use_fuzzy))
        if r.missing_models:
            r.epilogue = (
                f"{len(r.missing_models)} language(s) built with English fallback (no model): "
                + ", ".join(r.missing_models)
            )

    _run(state, go)


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


QueueFormat = Annotated[QueueFormatChoice, typer.Option("--format", help="Output format.")]  # type: ignore[valid-type]
LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", metavar="N", min=1, help="Show the first N entries of the queue only."),
]


@app.command()
def queue(
    ctx: typer.Context,
    lang: LangOpt = None,
    format: QueueFormat = "text",
    limit: LimitOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Entries that need a person, most urgent first: failed checks, machine output by rising
    confidence, fuzzy after a source change, untranslated (path:line reason state conf check msgid).

    Read-only (takes no project lock); exit 0. The JSON schema (--format json) is in README.md.
    """
    state = _state(ctx, quiet)
    state.json_stdout = format == "json"

    def go(p: Pipeline, r: Report, c: Config) -> None:
        from l10n.review.queue import format_row, to_json

        items = p.review_queue(r, _langs(c, lang))
        shown = items[:limit] if limit is not None else items
        if format == "json":
            print(to_json(shown, total=len(items)))
            return
        for item in shown:
            state.out.print(format_row(item), markup=False, soft_wrap=True)
        if not state.quiet:
            more = f" (showing {len(shown)})" if len(shown) < len(items) else ""
            state.err.print(f"{len(items)} entr{'y' if len(items) == 1 else 'ies'} need a person{more}")

    _run(state, go, writes=False)


@app.command()
def review(
    ctx: typer.Context,
    lang: Annotated[
        list[str] | None,
        typer.Option(
            "--lang",
            "-l",
            metavar="TAG",
            help="Language to review (one; a page serves one language). Default: the first configured.",
        ),
    ] = None,
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port to serve on (0: any free port).")
    ] = 8765,
    host: Annotated[
        str | None,
        typer.Option(
            "--host", help="Address to serve on. Default 127.0.0.1; others are reachable from the network."
        ),
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """Serve the bilingual review page on 127.0.0.1 and print its URL (opens nothing); Ctrl+C stops it.

    Approvals are written to the .po at once (atomic, conflict-checked, under the project lock).
    """
    state = _state(ctx, quiet)

    def go(p: Pipeline, r: Report, c: Config) -> None:
        from l10n.glossary import Glossary
        from l10n.review.server import DEFAULT_HOST, ReviewServer, is_loopback
        from l10n.review.session import ReviewSession

        if lang and len(lang) > 1:
            raise UsageError(
                f"review takes one --lang, got {len(lang)} ({', '.join(lang)}): "
                "run one `l10n review` per language"
            )
        tag = _langs(c, lang)[0]
        bind = DEFAULT_HOST if host is None else host
        if not is_loopback(bind):
            state.err.print(
                f"warning: serving on {bind}: anyone who can reach this address and has the URL's token "
                "can change your catalogs",
                markup=False,
                soft_wrap=True,
            )
        glossary = Glossary.load(c.glossary) if c.glossary and c.glossary.is_file() else None
        session = ReviewSession(c, tag, p.documents(r), glossary)
        try:
            server = ReviewServer(session, bind, port)
        except OSError as exc:
            hint = " (try another --port)" if exc.errno == errno.EADDRINUSE else ""
            raise UsageError(f"cannot serve on {bind}:{port}: {exc.strerror or exc}{hint}") from None
        for line in r.errors:  # articles that could not be read: said now, the page serves the rest
            state.err.print(f"error: {line}", markup=False, soft_wrap=True)
        r.errors.clear()
        state.out.print(f"Reviewing {tag} at {server.url}", markup=False, soft_wrap=True)
        if not state.quiet:
            state.err.print("Open that URL in a browser; Ctrl+C stops the server.", markup=False)
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()

    _run(state, go, writes=False)


EditsFormat = Annotated[EditsFormatChoice, typer.Option("--format", help="Output format.")]  # type: ignore[valid-type]


@report_app.command("edits")
def report_edits(
    ctx: typer.Context, lang: LangOpt = None, format: EditsFormat = "text", quiet: QuietOpt = False
) -> None:
    """What reviewers changed in the machine output: per language and model, entries reviewed,
    share accepted unchanged, chrF2 and TER (HTER) against the reviewed text, and how well the
    confidence ranks the edits (Spearman, from 10 entries up).

    The JSON schema (--format json) is in README.md.
    """
    state = _state(ctx, quiet)
    state.json_stdout = format == "json"

    def go(p: Pipeline, r: Report, c: Config) -> None:
        from l10n.review.edits import MIN_FOR_CORRELATION, to_json

        stats = p.edits(r, _langs(c, lang))
        if format == "json":
            print(to_json(stats))
            return
        if not stats:
            state.out.print("no reviewed machine translations yet (see locales/<ll>/mt-memory.tmx)")
            return
        table = Table(title="Post-editing: machine output vs reviewed text")
        for col in ("lang", "model", "reviewed", "unchanged", "chrF2", "TER", "Spearman(conf, chrF)"):
            table.add_column(col, justify="left" if col in ("lang", "model") else "right")
        for s in stats:
            rho = "n/a" if s.spearman is None else f"{s.spearman:.2f}"
            if s.with_confidence < MIN_FOR_CORRELATION:
                rho += f" ({s.with_confidence}/{MIN_FOR_CORRELATION})"
            share = f"{s.unchanged} ({100 * s.unchanged_share:.0f}%)"
            cells = (str(s.reviewed), share, f"{s.chrf:.2f}", f"{s.ter:.2f}", rho)
            table.add_row(escape(s.lang), escape(s.model), *cells)
        state.out.print(table)

    _run(state, go, writes=False)


@models_app.command("list")
def models_list(ctx: typer.Context, lang: LangOpt = None, quiet: QuietOpt = False) -> None:
    """Show each language's model, its revision and whether it is present on disk."""

    def go(p: Pipeline, r: Report, c: Config) -> None:
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
        _per_model(state, r, c, _langs(c, lang), lambda tag, log: pull(c, tag, log=log))

    _run(state, go)


def _per_model(
    state: AppState,
    report: Report,
    cfg: Config,
    langs: list[str],
    make: Callable[[str, Callable[[str], None]], Path],
) -> None:
    """``make(tag, log)`` for each language, printing ``<tag>: <folder>`` (``models pull``/``convert``).

    A language that fails goes to ``report.missing_models`` and the others go on; a usage
    error (e.g. an unknown quantization) stops the command.
    """

    def log(message: str) -> None:
        if not state.quiet:
            state.out.print(message, markup=False)

    for tag in langs:
        try:
            path = make(tag, log)
            log(f"{tag}: {cfg.rel(path)}")
        except L10nError as exc:
            if exc.exit_code == EXIT_USAGE:
                raise
            report.missing_models[tag] = str(exc)


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
        langs = _langs(c, lang)
        _one_lang_for_model(langs, model)
        _per_model(
            state, r, c, langs, lambda tag, log: convert_model(c, tag, quantization, model=model, log=log)
        )

    _run(state, go)


if os.environ.get("L10N_DEBUG"):  # pragma: no cover - developer aid
    app.pretty_exceptions_enable = True
