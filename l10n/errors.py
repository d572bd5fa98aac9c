"""Errors raised by l10n, and the process exit codes they map to.

Core code raises an ``L10nError`` subclass (or returns ``Issue`` values); only
``l10n.cli`` prints and exits. The tree::

    L10nError                     exit 1 unless stated
    ├── UsageError                exit 2: bad flags or flag combinations
    ├── InputError                exit 2: bad input, always names a file (and line)
    │   ├── ConfigError           bad [tool.l10n] / l10n.toml key or value
    │   ├── SourceError           unreadable, empty, binary or non-UTF-8 article
    │   └── CatalogError          malformed .po/.pot file
    ├── ConflictError             a catalog changed on disk after we read it
    ├── BusyError                 another l10n run holds the project lock: retry later
    ├── ModelError                a model is missing, unloadable or unusable
    │   └── ModelUnavailableError the model is not on disk and cannot be downloaded
    └── WriteError                a file could not be written (permissions, disk)

Every error renders as one line: ``path:line: message`` when a place is known,
``path: message`` when only the file is, else just the message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

ModelUnavailableReason = Literal[
    "missing", "incomplete", "bad-path", "not-converted", "offline", "no-network", "not-installed"
]
"""Why a model is unavailable (``ModelUnavailableError.reason``):

- ``missing``: a hub model is not on disk (and was not to be downloaded);
- ``incomplete``: the model folder lacks files a model needs;
- ``bad-path``: ``--model`` names a file, or a folder that does not exist;
- ``not-converted``: no CTranslate2 conversion of the model, or the folder is not one;
- ``offline``: a download was needed and ``HF_HUB_OFFLINE`` is set;
- ``no-network``: a download was needed and the hub could not be reached or the download failed;
- ``not-installed``: a package the engine or the download needs is not installed.
"""

EXIT_OK = 0
"""Exit code: everything succeeded."""
EXIT_FAILURE = 1
"""Exit code: some stage failed (one article or language), or checks found errors."""
EXIT_USAGE = 2
"""Exit code: usage or input error (bad flag, bad config, unreadable input)."""


class L10nError(Exception):
    """Base of every error l10n raises on purpose.

    Args:
        message: one-line human message, without the location prefix.
        path: the file the error is about, if any.
        line: 1-based line number in ``path``, if known.
    """

    exit_code: int = EXIT_FAILURE

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}: {self.message}"
        if self.path:
            return f"{self.path}: {self.message}"
        return self.message


class UsageError(L10nError):
    """Bad command-line usage (exit 2)."""

    exit_code = EXIT_USAGE


class InputError(L10nError):
    """Bad input file or value (exit 2). Always carries ``path``."""

    exit_code = EXIT_USAGE


class ConfigError(InputError):
    """An unknown key or bad value in ``[tool.l10n]`` or ``l10n.toml``."""


class SourceError(InputError):
    """An article that cannot be segmented: missing, empty, binary or not UTF-8."""


class CatalogError(InputError):
    """A malformed PO/POT catalog; ``line`` points at the offending line when known."""


class ConflictError(L10nError):
    """A catalog was changed on disk (e.g. saved by a translator) after l10n read it."""


class BusyError(L10nError):
    """Another l10n run is writing the project (it holds ``.l10n.lock``); retry when it ends."""


class ModelError(L10nError):
    """A translation model cannot be loaded or used (bad files, missing target token)."""


class ModelUnavailableError(ModelError):
    """The model is neither on disk nor downloadable (offline); the message says how to get it.

    Args:
        message, path, line: as ``L10nError``.
        reason: why, as a value code can test (``ModelUnavailableReason``); never parse the message.
        cause: for ``no-network``, the name of the network error's type (``"ConnectionError"``)
            when the hub could not be reached; else None.
    """

    def __init__(
        self,
        message: str,
        *,
        reason: ModelUnavailableReason,
        cause: str | None = None,
        path: str | Path | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message, path=path, line=line)
        self.reason: ModelUnavailableReason = reason
        self.cause = cause


class WriteError(L10nError):
    """A file could not be written; the previous file, if any, is left as it was."""
