"""Options that several commands take, each defined once.

The flags ``translate`` and ``build`` share (``--model``, ``--engine``, ``--retranslate-machine``,
``--executor``, ``--ray-address``) are one group: a command decorated with
``with_translate_flags`` takes them all and receives them as one ``TranslateFlags`` value.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import math
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields
from typing import Annotated, Any

import typer

from l10n.cli.base import AppState, choices, one_lang_for_model
from l10n.config import Config
from l10n.errors import UsageError
from l10n.mt import ENGINES
from l10n.options import DEVICES
from l10n.report import TranslateOptions
from l10n.translate.executor import EXECUTORS, require_ray

FORMATS = ("text", "json")
"""``--format`` choices of ``check``, ``queue`` and ``report edits``."""
STATUS_FORMATS = ("table", "json")
"""``l10n status --format`` choices."""

FormatChoice = choices(FORMATS)
StatusFormatChoice = choices(STATUS_FORMATS)
EngineChoice = choices(ENGINES)
ExecutorChoice = choices(EXECUTORS)
DeviceChoice = choices(DEVICES)
FormatOpt = Annotated[FormatChoice, typer.Option("--format", help="Output format.")]  # type: ignore[valid-type]
StatusFormatOpt = Annotated[StatusFormatChoice, typer.Option("--format", help="Output format.")]  # type: ignore[valid-type]

ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model", metavar="ID_OR_DIR", help="Model for the one --lang given: hub id or local directory."
    ),
]


@dataclass(frozen=True)
class TranslateFlags:
    """The translate flags of one command line (None: the config's value)."""

    model: ModelOpt = None
    engine: Annotated[
        EngineChoice | None,  # type: ignore[valid-type]
        typer.Option("--engine", help="Translation engine (default: the config's engine)."),
    ] = None
    retranslate_machine: Annotated[
        bool,
        typer.Option("--retranslate-machine", help="Redo machine output that nobody has edited since."),
    ] = False
    executor: Annotated[
        ExecutorChoice | None,  # type: ignore[valid-type]
        typer.Option(
            "--executor",
            help='Where the model runs: local, or ray (a Ray cluster; pip install -e ".[ray]"). '
            "Default: the config's executor.",
        ),
    ] = None
    ray_address: Annotated[
        str | None,
        typer.Option(
            "--ray-address",
            metavar="ADDR",
            help="Ray cluster for --executor ray. Default: the config's ray.address, else RAY_ADDRESS, "
            "a cluster started on this machine with `ray start`, else a local cluster for the run.",
        ),
    ] = None
    device: Annotated[
        DeviceChoice | None,  # type: ignore[valid-type]
        typer.Option(
            "--device",
            help="Where the model runs: auto (a CUDA GPU when the engine finds one), cpu, or cuda. "
            "Default: the config's decoding.device.",
        ),
    ] = None

    def options(self, langs: list[str]) -> TranslateOptions:
        """The translate stage's options for ``langs``.

        Raises:
            UsageError: ``--model`` with more than one language.
        """
        one_lang_for_model(langs, self.model)
        return TranslateOptions(**asdict(self))  # the same fields, by name


def with_translate_flags(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the translate flags: ``command(..., flags: TranslateFlags, ...)`` is shown to
    typer with the fields of ``TranslateFlags`` in place of ``flags``."""
    signature = inspect.signature(command, eval_str=True)
    hints = inspect.get_annotations(TranslateFlags, eval_str=True)
    group = [
        inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=hints[f.name])
        for f in fields(TranslateFlags)
    ]
    params = []
    for param in signature.parameters.values():
        if param.name == "flags":
            params += group
        else:
            params.append(param.replace(kind=inspect.Parameter.KEYWORD_ONLY))

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> None:
        flags = TranslateFlags(**{f.name: kwargs.pop(f.name) for f in fields(TranslateFlags)})
        command(flags=flags, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    return wrapper


@contextlib.contextmanager
def executor(state: AppState, cfg: Config, topts: TranslateOptions) -> Iterator[None]:
    """With the ``ray`` executor, attach to the cluster for the run and print which one (stderr).

    Raises:
        UsageError: ``--ray-address`` without the ray executor, or Ray is not installed.
    """
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


def _percent(value: float | None) -> float | None:
    if value is not None and not (math.isfinite(value) and 0 <= value <= 100):
        raise typer.BadParameter(f"{value!r} is not a percentage from 0 to 100")
    return value


ReviewedOnlyOpt = Annotated[
    bool | None,
    typer.Option(
        "--reviewed-only/--include-machine", help="Leave unreviewed machine translation out of builds."
    ),
]
MinCompleteOpt = Annotated[
    float | None,
    typer.Option(
        "--min-complete",
        metavar="PERCENT",
        callback=_percent,
        help="Skip a language below this percent (0-100) of translated words.",
    ),
]
UseFuzzyOpt = Annotated[
    bool, typer.Option("--use-fuzzy", help="Put fuzzy entries into .mo files, as msgfmt does.")
]
