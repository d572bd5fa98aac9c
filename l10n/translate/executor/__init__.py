"""Executors: where the translate stage's engine calls run. ``local`` (default) or ``ray``.

The driver (this process) always does everything but the model: it segments, merges, masks,
decides which units need the engine (memory, copies, freshness rules: ``l10n.translate.fill``),
runs the checks and writes every catalog. An executor only decides where the engine's calls
(``translate_outputs(texts, options)`` for the first pass and the retry pass, ``score`` for
``conf:``) run:

- ``local`` (``l10n.translate.executor.local``): the engine of ``l10n.mt.factory.make_engine``,
  in this process.
- ``ray`` (``l10n.translate.executor.ray``): ``RayEngine``, a proxy with the same ``Engine``
  interface (``DecodingEngine``, ``options``) whose calls run on a pool of Ray actors, each
  holding the same engine the local executor would build. The proxy is handed the language's
  first-pass batches in advance (``l10n.translate.executor.plan``) so several run at once, and
  answers each call of ``fill.py`` with the result of exactly that call (retries and scoring
  included, on the actors): output, provenance and ``mt-memory.tmx`` are the local ones.
- ``plan``: the batches a run will send, from a dry run of ``fill.py`` (what ``ray`` is handed).

Importing this package never imports Ray (``import l10n.cli`` stays light); ``require_ray``
does, with a one-line error naming the extra when Ray is not installed.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from l10n.errors import UsageError
from l10n.options import EXECUTORS, RayOptions

RAY_EXTRA = 'pip install -e ".[ray]"'
"""How to install Ray for ``--executor ray`` (the ``ray`` extra of pyproject.toml)."""


def require_ray() -> ModuleType:
    """Import and return the ``ray`` module.

    Raises:
        UsageError: Ray is not installed (exit 2); the message names the extra to install.
    """
    try:
        return importlib.import_module("ray")
    except ImportError:
        raise UsageError(f"--executor ray needs Ray, which is not installed: {RAY_EXTRA}") from None


__all__ = ["EXECUTORS", "RAY_EXTRA", "RayOptions", "require_ray"]
