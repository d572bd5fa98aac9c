"""A cache of segmented articles, so that an unchanged article is not segmented again (issue 22).

What segmenting an article produced (its ``Document`` and the segmenter's warnings) is kept in
``<project>/.l10n/cache/documents/<key>.pickle``, where the key is a SHA-256 of everything
that shapes the result: the article's bytes, its file name and display path, the settings
(unit, wrap, front matter keys), the l10n version and a fingerprint of l10n's own code (the
size and modification time of each of its modules, so an edited segmenter never meets an old
entry). A changed article gets a new key; nothing is ever trusted when stale.

The folder is safe to delete (everything is made again) and belongs in ``.gitignore``. Entries
are written atomically (a temporary file renamed over); one that cannot be read, unpickled or
checked (its stored key differs, it holds the wrong types) is ignored and written anew. A cache
that cannot be written (read-only project) is silently not used: it only saves time.

Entries are pickles: the folder is part of the project, as trusted as its other files.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Sequence
from pathlib import Path

from l10n.model import Document, Issue

CACHE_DIR = ".l10n/cache"
"""The cache folder's name, under the project root."""
_FORMAT = 1
"""Bumped when the layout of an entry changes."""


@functools.cache
def code_fingerprint() -> str:
    """A hex digest of the l10n package's modules (relative path, size, mtime in ns), computed
    once per process; it changes whenever a module of l10n is edited or replaced."""
    from l10n import __version__

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{__version__}\0{_FORMAT}".encode())
    for path in sorted(package.rglob("*.py")):
        st = path.stat()
        digest.update(f"{path.relative_to(package).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def document_key(data: bytes, name: str, display_path: str, settings: Sequence[object]) -> str:
    """The cache key of one article: SHA-256 hex of its bytes, file ``name``, ``display_path``,
    the ``settings`` that shape its segmentation (``repr`` of each) and ``code_fingerprint``."""
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(repr((name, display_path, *settings)).encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


class DocumentCache:
    """Segmented articles on disk by key (``document_key``).

    Args:
        root: the project root; entries go in ``root / CACHE_DIR / "documents"``.
    """

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR / "documents"

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def get(self, key: str) -> tuple[Document, list[Issue]] | None:
        """The ``(document, warnings)`` stored under ``key``, or None (missing, unreadable, corrupt)."""
        try:
            stored = pickle.loads(self._path(key).read_bytes())
        except Exception:  # missing, truncated or corrupt: recompute (the cache only saves time)
            return None
        if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == key):
            return None
        _, doc, warnings = stored
        if not isinstance(doc, Document) or not isinstance(warnings, list):
            return None
        if not all(isinstance(w, Issue) for w in warnings):
            return None
        return doc, warnings

    def put(self, key: str, doc: Document, warnings: list[Issue]) -> None:
        """Store ``(doc, warnings)`` under ``key`` atomically; a failure to write is ignored."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            data = pickle.dumps((key, doc, list(warnings)), protocol=pickle.HIGHEST_PROTOCOL)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".pickle")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(tmp, self._path(key))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return


class UnchangedMemo:
    """Which stage inputs are known to leave their output file as it is (no parse needed to know).

    An entry is an empty file ``root / CACHE_DIR / "unchanged" / <key>``, where the key is
    ``memo_key`` of everything the stage reads to make one file, that file's own bytes included:
    a stage that left a file byte-identical once, with no warning, leaves it so again on the
    same inputs (the stages are deterministic; the clock only dates a changed file). Any other
    input, a changed output file or another l10n gives another key.

    Args:
        root: the project root.
    """

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR / "unchanged"

    def known(self, key: str) -> bool:
        """Whether ``key`` was remembered."""
        return (self.folder / key).is_file()

    def remember(self, key: str) -> None:
        """Remember ``key``; a failure to write is ignored."""
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / key).touch()


def memo_key(*parts: bytes | str) -> str:
    """SHA-256 hex of ``parts`` (length-prefixed, so no two lists collide) and ``code_fingerprint``."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(f"{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()


__all__ = ["CACHE_DIR", "DocumentCache", "UnchangedMemo", "code_fingerprint", "document_key", "memo_key"]
