"""Executors: where the translate stage's engine calls run. ``local`` (default) or ``ray``.

The driver (this process) always does everything but the model: ``l10n.translate.fill`` plans
a catalog (which entries, copies, memory reuse, suggestions, masked texts, batches), hands the
plan's batches to an executor, then applies the results (judges, retries, stores, checkpoints)
and writes every catalog. An executor only runs batches: each ``Batch`` (texts and decoding
options) comes back as one ``Scored`` (the outputs and their confidences together, from one
call), in the order given; outputs a batch left unscored are scored on request (``LateScoring``).

- ``local`` (``l10n.translate.executor.local``): the engine of ``l10n.mt.factory.make_engine``
  in this process, one batch after the other as the results are read.
- ``ray`` (``l10n.translate.executor.ray``): a pool of Ray actors, each holding the engine the
  local executor would build and running the very same batch function; all batches handed
  over start at once, so several run in parallel.
- ``cluster``: connecting this process to a Ray cluster (``attach``, ``session``).
- ``pool``: a Ray pool's size (CPUs, and GPUs for a CUDA pool) and device (``pool_size``,
  ``pool_device``).
- ``choice``: ``ExecutorFactory`` makes the executor a language's translation uses (the
  ``executor`` setting, ``--executor``).

Both executors pick the engine with the one function ``l10n.mt.factory.choose_engine``.

Importing this package never imports Ray (``import l10n.cli`` stays light); ``require_ray``
does, with a one-line error naming the extra when Ray is not installed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Protocol, runtime_checkable

from l10n.errors import L10nError, UsageError
from l10n.mt import Output
from l10n.options import EXECUTORS, DecodingOptions, RayOptions

RAY_EXTRA = 'pip install -e ".[ray]"'
"""How to install Ray for ``--executor ray`` (the ``ray`` extra of pyproject.toml)."""


@dataclass(frozen=True)
class Batch:
    """One engine call: ``texts`` (masked units) decoded with ``options`` (None: the engine's own).

    ``unscored``: an engine that can score later (``l10n.mt.DeferredScoring``) leaves the outputs
    of penalised decoding unscored (``Output.unscored``, score None) for ``LateScoring.score_unscored``
    (the retry pass, whose outputs are mostly not kept); others score them as usual.
    """

    texts: tuple[str, ...]
    options: DecodingOptions | None = None
    unscored: bool = False


@dataclass(frozen=True)
class Scored:
    """What one ``Batch`` gave: one ``Output`` per text and its confidence (None: not computed).

    ``scores[i]`` is the scorer's value in [0, 1] for a non-empty ``outputs[i]``, None for an
    empty output, a value that could not be computed (``l10n.mt.Engine.score``'s ``nan``) or an
    output left unscored (``Batch.unscored``).
    """

    outputs: tuple[Output, ...]
    scores: tuple[float | None, ...]


Watch = Callable[[str, int, int], None]
"""What an executor tells about the batch it runs, as ``watch(step, done, total)`` (for progress).

``step`` is ``"decode"`` (``done`` of the batch's ``total`` model inputs decoded so far, ``done``
rising to ``total``) or ``"score"`` (a scoring pass over ``total`` outputs begins; ``done`` is 0;
also the late pass of ``LateScoring.score_unscored``). The local executor has one
(``LocalExecutor.watch``); Ray's batches run remotely and tell nothing.
"""


@runtime_checkable
class Executor(Protocol):
    """Runs batches for one language (see the module docstring).

    Attributes:
        name, model_id, revision: the engine's, for provenance comments.
        retry: the decoding of the retry pass (``DecodingOptions.for_retry``), or None when the
            engine cannot retry or retries are off.
        ahead: how many batches are worth handing over before their results are needed (so
            workers never wait); 0 for an executor that runs a batch only when it is read.
    """

    name: str
    model_id: str
    revision: str
    retry: DecodingOptions | None
    ahead: int

    def run_batches(self, batches: Sequence[Batch], *, first: bool = False) -> Iterator[Scored]:
        """Start ``batches`` and return their results in order.

        ``first``: run them before batches handed over earlier and still waiting (a retry pass,
        which the caller waits for); else after them.

        Raises:
            ModelError: the engine failed (local); a remote batch that failed for good comes
                back as empty outputs instead (failed units) and is an error of ``close``.
        """
        ...

    def close(self) -> list[L10nError]:
        """Free what the executor holds; return one error per batch that failed for good."""
        ...


@runtime_checkable
class LateScoring(Protocol):
    """An executor that scores outputs left unscored (``Batch.unscored``) when asked, later.

    Both executors are; the translate stage asks for it only of one (an executor double may not).
    """

    def score_unscored(self, outputs: Sequence[Output]) -> list[float | None]:
        """The confidence of each output carrying ``Output.unscored``, in one scoring pass of the
        engine that decoded it (``l10n.mt.DeferredScoring.score_unscored``: the value the decode
        would have given); None for the others, or where the pass failed (an ``Executor.close``
        error on Ray).

        Raises:
            ModelError: the engine failed (local).
        """
        ...


def require_ray() -> ModuleType:
    """Import and return the ``ray`` module.

    Raises:
        UsageError: Ray is not installed (exit 2); the message names the extra to install.
    """
    try:
        return importlib.import_module("ray")
    except ImportError:
        raise UsageError(f"--executor ray needs Ray, which is not installed: {RAY_EXTRA}") from None


__all__ = [
    "EXECUTORS",
    "RAY_EXTRA",
    "Batch",
    "Executor",
    "LateScoring",
    "RayOptions",
    "Scored",
    "Watch",
    "require_ray",
]
