"""The ``l10n`` command: thin typer commands that parse flags, run stages, render their results.

Exit codes: 0 success; 1 a stage failed (an article, a language, a missing model) or checks
found errors; 2 usage or input error (bad flag, bad config, unreadable input).
Only this package prints. Errors are one line each on stderr, never a traceback.

- ``base``: the typer apps, the invocation state, ``run_command`` (config, lock, render, exit).
- ``options``: options several commands share, among them the translate flags of
  ``translate`` and ``build`` (one ``TranslateFlags`` group).
- ``render``: one renderer per command result.
- ``tables``: tables that fit the terminal (key columns and headers whole, numbers right-aligned).
- ``summary``: one line per language about the files written (``-v`` lists them).
- ``stages``: extract, update, translate, compile, build.
- ``reports``: status, check, queue, report edits (read-only).
- ``review``: the review page's server.
- ``models``: models list, pull, convert.
- ``init``: a new project in the current folder (``l10n.init``).
- ``articles``: article arguments and ``--lang`` values checked against the project.

``l10n.cli:app`` is the console script.
"""

from __future__ import annotations

import os

from l10n.cli import init, models, reports, review, stages
from l10n.cli.base import app

__all__ = ["app", "init", "models", "reports", "review", "stages"]

if os.environ.get("L10N_DEBUG"):  # pragma: no cover - developer aid
    app.pretty_exceptions_enable = True
