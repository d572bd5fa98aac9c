"""Caches under the project, so that unchanged work is not done again (issue 22).

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

Two more kinds live beside it: ``UnchangedMemo`` (which stage inputs are known to leave their
output file as it is) and ``Table`` (the latest result of a deterministic step per slot, as
JSON, one file per kind: the check stage's findings per catalog, the translate stage's "nothing
to fill" per catalog, the publish stage's report on an unchanged site). Their keys are
``memo_key`` of every input's bytes and setting, with the same code fingerprint.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
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


_SHAPING = ("babel", "html5lib", "jinja2", "lxml", "markdown-it-py", "mdit-py-plugins", "polib", "pysbd")
"""Distributions whose version can change what a stage produces (CLDR data, parsers, templates)."""


@functools.cache
def code_fingerprint() -> str:
    """A hex digest of the l10n package's modules (relative path, size, mtime in ns) and the
    versions of the libraries that shape its output (``_SHAPING``), computed once per process; it
    changes whenever a module of l10n is edited or replaced, or such a library is upgraded."""
    from importlib import metadata

    from l10n import __version__

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{__version__}\0{_FORMAT}".encode())
    for name in _SHAPING:
        try:
            digest.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=-\n".encode())
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
            data = pickle.dumps((key, doc, list(warnings)), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return
        _store(self._path(key), data)


def _store(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (a temporary file renamed over); a failure is ignored."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


class Table:
    """The latest result of one kind of work per slot, in one file (one read and one write a run).

    The file is ``root / CACHE_DIR / <kind>.json``: ``{"format": 1, "slots": {slot: [key, value]}}``,
    where a slot names what the result is about (a catalog, a page set), the key is ``memo_key``
    of every input that shaped it and the value any JSON value. A slot holds only its latest
    result, so the file grows with the project, not with its history. ``get`` answers only for
    the exact key; ``put`` replaces the slot's result in memory and ``save`` writes the file
    (atomically, over what another run may have saved meanwhile: its other slots are kept).
    A file that cannot be read or parsed is an empty table (everything is recomputed); one
    that cannot be written is not kept. The caller checks a value's shape.

    Args:
        root: the project root.
        kind: the file's name (``"check"``, ``"translate"``...).
    """

    def __init__(self, root: Path, kind: str) -> None:
        self.path = root / CACHE_DIR / f"{kind}.json"
        self._slots: dict[str, list[object]] | None = None
        self._changed: dict[str, list[object]] = {}

    def _read(self) -> dict[str, list[object]]:
        try:
            stored = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}
        slots = stored.get("slots") if isinstance(stored, dict) and stored.get("format") == _FORMAT else None
        if not isinstance(slots, dict):
            return {}
        return {k: v for k, v in slots.items() if isinstance(v, list) and len(v) == 2}

    def get(self, slot: str, key: str) -> object | None:
        """The value put under ``slot`` with ``key``, or None (none, or another key's)."""
        if self._slots is None:
            self._slots = self._read()
        found = self._slots.get(slot)
        return found[1] if found is not None and found[0] == key else None

    def put(self, slot: str, key: str, value: object) -> None:
        """Make ``value`` the result of ``slot`` for ``key`` (written by ``save``; the same result
        again changes nothing, so a run that learns nothing new leaves the file as it is)."""
        if self._slots is None:
            self._slots = self._read()
        if self._slots.get(slot) != [key, value]:
            self._slots[slot] = self._changed[slot] = [key, value]

    def save(self) -> None:
        """Write the slots put since the last save; a failure to write is ignored."""
        if not self._changed:
            return
        slots = {**self._read(), **self._changed}
        self._changed = {}
        body = {"format": _FORMAT, "slots": slots}
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        _store(self.path, data.encode("utf-8", "surrogatepass"))


class UnchangedMemo:
    """Which stage inputs are known to leave their output file as it is (no parse needed to know).

    A key is ``memo_key`` of everything the stage reads to make one file, that file's own bytes
    included: a stage that left a file byte-identical once, with no warning, leaves it so again
    on the same inputs (the stages are deterministic; the clock only dates a changed file). Any
    other input, a changed output file or another l10n gives another key. A key is kept either
    as an empty file ``root / CACHE_DIR / "unchanged" / <key>`` (``remember``: written at once)
    or as the latest key of its output file in the table ``unchanged.json`` (``note``, written
    by ``save``: one write for a whole stage).

    Args:
        root: the project root.
    """

    def __init__(self, root: Path) -> None:
        self.folder = root / CACHE_DIR / "unchanged"
        self.table = Table(root, "unchanged")

    def known(self, key: str, slot: str = "") -> bool:
        """Whether ``key`` was remembered (or noted for the output file ``slot``)."""
        return (self.folder / key).is_file() or (bool(slot) and self.table.get(slot, key) is True)

    def remember(self, key: str) -> None:
        """Remember ``key``; a failure to write is ignored."""
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / key).touch()

    def note(self, slot: str, key: str) -> None:
        """Remember ``key`` as the latest of the output file ``slot`` (its project-relative name)."""
        self.table.put(slot, key, True)

    def save(self) -> None:
        """Write what ``note`` remembered (``Table.save``)."""
        self.table.save()


def issue_rows(issues: Sequence[Issue]) -> list[list[object]]:
    """``issues`` as JSON rows ``[path, line, severity, code, message]`` (``issues_of`` reads them)."""
    return [[i.path, i.line, i.severity, i.code, i.message] for i in issues]


def issues_of(rows: object) -> list[Issue] | None:
    """The ``Issue`` values of ``issue_rows`` as read back from JSON, or None when ``rows`` is not
    a list of such rows (a damaged entry: the caller recomputes)."""
    if not isinstance(rows, list):
        return None
    issues = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 5):
            return None
        path, line, severity, code, message = row
        if not (isinstance(line, int) and not isinstance(line, bool) and severity in ("error", "warning")):
            return None
        if not (isinstance(path, str) and isinstance(code, str) and isinstance(message, str)):
            return None
        issues.append(Issue(path, line, severity, code, message))
    return issues


def memo_key(*parts: bytes | str) -> str:
    """SHA-256 hex of ``parts`` (length-prefixed, so no two lists collide) and ``code_fingerprint``."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(f"{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()


__all__ = [
    "CACHE_DIR",
    "DocumentCache",
    "Table",
    "UnchangedMemo",
    "code_fingerprint",
    "document_key",
    "issue_rows",
    "issues_of",
    "memo_key",
]
