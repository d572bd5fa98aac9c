"""What every ``l10n`` command shares: the typer apps, the invocation state, running a command.

``run_command`` loads the config, makes the stages' ``Run``, calls the command (holding the
project lock when it writes), hands its result to the command's renderer (``l10n.cli.render``)
and exits with the code the renderer returns. Errors are one line each on stderr, never a
traceback; usage errors (bad option, choice, value, command) too, with exit code 2. When the
reader of stdout leaves early (``l10n queue | head -1``), the command stops writing and exits 0,
quietly (``_reader_gone``).
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn, TypeVar

import typer
from typer.core import TyperArgument, TyperGroup

try:  # typer >= 0.20 vendors click; older releases use click itself
    from typer._click import exceptions as _click_errors
except ImportError:  # pragma: no cover - depends on the installed typer
    from click import exceptions as _click_errors  # type: ignore[no-redef]

from l10n import __version__
from l10n.cli.articles import configured_langs, resolve_articles
from l10n.config import Config, load_config
from l10n.config_file import find_root
from l10n.errors import ConfigError, L10nError, UsageError
from l10n.project import writing
from l10n.report import Report

if TYPE_CHECKING:  # rich and the stages are imported when a command runs (start-up, issue 22)
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from l10n.stages.context import Run

T = TypeVar("T")


def choices(values: tuple[str, ...]) -> Any:
    """``Literal[values]``, so typer offers exactly the values of one tuple as an option's choices."""
    return Literal.__getitem__(values)


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


class _Argument(TyperArgument):
    """A positional argument shown in help as its metavar alone (``[ARTICLE]...``, not ``<list[str]>``)."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _rich_display_name(self) -> str:
        return f"{self.display_name_raw}..." if self.nargs != 1 else self.display_name_raw


def _reader_gone() -> typer.Exit:
    """stdout's reader left before the end (``l10n queue | head -1``): the rest of the output goes to
    ``os.devnull`` and the command exits 0, quietly, as a producer in a pipeline does.

    Without it click exits 1 on ``EPIPE``, and output still buffered would fail again when the
    interpreter flushes at exit ("Exception ignored ... BrokenPipeError", exit 120). The recipe
    is the Python documentation's (``signal``, "Note on SIGPIPE").

    Returns:
        The ``typer.Exit(0)`` to raise.
    """
    with contextlib.suppress(AttributeError, OSError, ValueError):  # no file descriptor (CliRunner)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return typer.Exit(0)


class _Group(TyperGroup):
    """Typer group whose usage errors (bad option, choice, value, command) are one line, exit 2,
    and whose output may be cut short by its reader (exit 0, ``_reader_gone``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            for param in command.params:
                if type(param) is TyperArgument:
                    param.__class__ = _Argument  # help without typer's type label

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        try:  # --help and --version print here
            return super().make_context(info_name, args, parent, **extra)
        except _click_errors.UsageError as exc:
            raise _one_line(exc) from None
        except BrokenPipeError:
            raise _reader_gone() from None

    def invoke(self, ctx: Any) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:  # a reader that left shows here, not when the interpreter flushes at exit
                sys.stdout.flush()
        except _click_errors.UsageError as exc:
            raise _one_line(exc) from None
        except BrokenPipeError:
            raise _reader_gone() from None


HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}
"""``-h`` is ``--help`` for every command (click hands the names down to sub-commands)."""

app = typer.Typer(
    cls=_Group,
    context_settings=HELP_OPTIONS,
    help="Localize news articles: segment, extract to gettext catalogs, machine-translate, compile, build.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help and one-line usage errors, as the rest of our output
)


def _sub_app(name: str, help: str) -> typer.Typer:
    """A command group ``l10n <name> ...`` (bare, it prints its help)."""
    sub = typer.Typer(
        cls=_Group, help=help, no_args_is_help=True, rich_markup_mode=None, context_settings=HELP_OPTIONS
    )
    app.add_typer(sub, name=name)
    return sub


models_app = _sub_app("models", "List, download and convert translation models.")
report_app = _sub_app("report", "Reports on the project's translations.")


def console(stderr: bool) -> Console:
    """Rich console; when piped, plain text that never wraps a message (NO_COLOR is honoured by rich)
    and 200 columns wide for tables, unless ``COLUMNS`` gives the width.

    Emoji codes are off and every name is printed with ``markup=False`` or ``escape``d, so a
    file called ``a:x:b.txt`` or ``[red].txt`` prints as itself.
    """
    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() or os.environ.get("COLUMNS", "").isdigit() else 200
    return _console_class()(stderr=stderr, highlight=False, soft_wrap=True, width=width, emoji=False)


@functools.cache
def _console_class() -> type[Console]:
    """rich's ``Console``, except that a closed pipe raises ``BrokenPipeError`` for ``_Group`` to
    handle (rich's own handler exits 1)."""
    from rich.console import Console

    class PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True  # nothing more is written through this console
            raise BrokenPipeError

    return PipeConsole


@dataclass
class AppState:
    """What the commands of one invocation share, kept in typer's context object (``ctx.obj``).

    Attributes:
        quiet: print errors only (``--quiet`` before or after the command).
        verbose: list every file written or removed (``-v``); else one summary line per language.
        out: console on stdout.
        err: console on stderr.
        json_stdout: stdout carries a JSON document; every other line goes to stderr.
    """

    quiet: bool = False
    verbose: bool = False
    out: Console = field(default_factory=lambda: console(False))
    err: Console = field(default_factory=lambda: console(True))
    json_stdout: bool = False

    @property
    def text(self) -> Console:
        """Console for report lines: stdout, or stderr while stdout carries JSON."""
        return self.err if self.json_stdout else self.out


def state_of(
    ctx: typer.Context, quiet: bool = False, *, json_stdout: bool = False, verbose: bool = False
) -> AppState:
    """The invocation's ``AppState`` (created on first use); ``quiet``/``json_stdout``/``verbose``
    turn those on."""
    state = ctx.ensure_object(AppState)
    state.quiet = state.quiet or quiet
    state.verbose = state.verbose or verbose
    state.json_stdout = state.json_stdout or json_stdout
    return state


QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")]
VerboseOpt = Annotated[
    bool, typer.Option("--verbose", "-v", help="List every file written; default: one line per language.")
]

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
        typer.echo(f"l10n {__version__}")  # plain text: rich is not imported for it (start-up)
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """l10n: localize news articles through standard gettext catalogs."""
    ctx.obj = AppState(quiet=quiet, verbose=verbose)


class _Bar:
    """rich progress bar: one task per language (units/s shown), and a spinner while a model loads."""

    def __init__(self, state: AppState) -> None:
        self._state = state
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._loading: TaskID | None = None

    def start(self, label: str, total: int) -> None:
        err = self._state.err
        if self._state.quiet or not err.is_terminal:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            SpinnerColumn(finished_text=" "),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=err,
        )
        self._progress.start()
        self._task = self._progress.add_task(label, total=total, rate="")

    def loading(self, label: str) -> None:
        if self._progress is None:
            return
        if self._loading is None:
            self._loading = self._progress.add_task(label, total=None, rate="")
        else:  # the next step before any unit: the one spinner line says it
            self._progress.update(self._loading, description=label)

    def _loaded(self) -> None:
        if self._progress is not None and self._loading is not None:
            self._progress.remove_task(self._loading)
        self._loading = None

    def advance(self, n: int) -> None:
        self._loaded()
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, n)
            task = self._progress.tasks[0]
            rate = task.completed / task.elapsed if task.elapsed else 0.0
            self._progress.update(self._task, rate=f"{rate:.1f} units/s" if rate else "")

    def finish(self) -> None:
        self._loaded()
        if self._progress is not None:
            self._progress.stop()
        self._progress = None
        self._task = None


Renderer = Callable[[AppState, Report, T], int]
"""Prints a command's result and its ``Report``; returns the exit code."""


def run_command(
    state: AppState,
    fn: Callable[[Run], T],
    render: Renderer[T],
    *,
    writes: bool = True,
    articles: list[str] | None = None,
) -> NoReturn:
    """Load the config of the project the current folder lies in, run ``fn`` over the
    ``articles`` named (None: every article) holding the project lock if it ``writes``,
    render, exit with the code.

    Raises:
        typer.Exit: always; 130 on Ctrl+C, the error's code when the command could not run.
    """
    from l10n.stages.context import Run

    try:
        cfg = load_config(project_root(state))
        run = Run(cfg, progress=_Bar(state), articles=resolve_articles(cfg, articles, Path.cwd()))
        with writing(cfg, run.leftover) if writes else contextlib.nullcontext():
            result = fn(run)
    except L10nError as exc:
        state.err.print(f"error: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        state.err.print("interrupted: files written so far are complete; nothing was left half-written")
        raise typer.Exit(130) from None
    raise typer.Exit(render(state, run.report, result))


def project_root(state: AppState) -> Path:
    """The project the current folder lies in (``find_root``), said on stderr when it is not the
    current folder.

    Raises:
        ConfigError: no project here or above; a pyproject.toml on the way is not valid TOML.
    """
    cwd = Path.cwd()
    root = find_root(cwd)
    if root is None:
        raise ConfigError(
            "no l10n project here or in a parent folder (l10n.toml, or pyproject.toml with [tool.l10n]): "
            "`l10n init` makes one",
            path=cwd,
        )
    if root != cwd.resolve() and not state.quiet:
        state.err.print(f"using project {root}", markup=False, soft_wrap=True)
    return root


def langs_of(cfg: Config, lang: list[str] | None) -> list[str]:
    """The ``--lang`` values in canonical BCP 47 form, or every configured language.

    Raises:
        UsageError: a tag is not valid BCP 47, names the source language, or is not configured
            (``l10n.cli.articles.configured_langs``).
    """
    return configured_langs(cfg, lang)


def one_lang_for_model(langs: list[str], model: str | None) -> None:
    """``--model`` names the model of one language: with it, exactly one ``--lang`` is needed.

    Raises:
        UsageError: ``model`` is given with more than one language.
    """
    if model and len(langs) != 1:
        raise UsageError("--model needs exactly one --lang (it names the model for that language)")
