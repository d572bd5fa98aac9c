"""The project on disk: where articles, catalogs and builds live, and safe file writes.

This is the only module that walks folders and writes files. Writes are atomic (a temp
file in the same folder, fsync, then a rename or hard link), skipped when the bytes would
not change (so re-runs leave files and their times alone), and refused with ``ConflictError``
when the file changed on disk since we read it (a translator saved it meanwhile), up to the
moment the new file takes its place (``write_atomic``). Commands that write hold the project
lock (``project_lock``) and first remove what a killed run left (``clean_leftovers``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from l10n.config import Config
from l10n.errors import BusyError, ConflictError, InputError, WriteError
from l10n.exchange import exchange as _exchange
from l10n.layout import Layout
from l10n.leftovers import ASIDE_SUFFIX, TEMP_SUFFIX, Warn, clean_leftovers


def digest(data: bytes) -> str:
    """Return the SHA-256 hex digest of ``data`` (used to detect changes, not for security)."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """What a file held when we read it.

    Attributes:
        path: the file.
        data: its bytes (``b""`` when it did not exist).
        exists: whether it existed.
    """

    path: Path
    data: bytes
    exists: bool

    @property
    def text(self) -> str | None:
        """The content decoded as UTF-8 (a BOM kept as U+FEFF), or None when the file did not exist.

        For UTF-8 files only: catalogs are decoded in the charset their header declares, by
        ``l10n.catalog.pofile.decode`` (the pipeline's ``_read_text``), not by this.

        Raises:
            UnicodeDecodeError: the file is not UTF-8 (callers turn it into an InputError).
        """
        return self.data.decode("utf-8") if self.exists else None


def _not_regular(st: os.stat_result) -> str | None:
    """Name the kind of a non-regular file (``"a folder"``, ``"a FIFO"``), or None for a regular file."""
    mode = st.st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_snapshot(path: Path, display: str = "") -> Snapshot:
    """Read ``path`` whole; a missing file gives an empty snapshot with ``exists=False``.

    Only regular files are read: a FIFO, socket, device or folder at ``path`` is refused
    before it is opened for reading (a FIFO would block forever).

    Raises:
        InputError: ``path`` is a folder, FIFO, socket or device rather than a file (exit 2).
        WriteError: the file exists but cannot be read (permissions).
    """
    name = display or str(path)
    try:
        kind = _not_regular(os.stat(path))
        if kind is not None:
            raise InputError(f"is {kind}, not a file: remove or rename it", path=name)
        # O_NONBLOCK: should a FIFO replace the file between stat and open, open does not block
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return Snapshot(path, b"", False)
    except NotADirectoryError as exc:
        raise WriteError("a folder on this path is a file", path=name) from exc
    except OSError as exc:
        raise WriteError(f"cannot read: {exc.strerror}", path=name) from exc
    try:
        kind = _not_regular(os.fstat(fd))
        if kind is not None:
            raise InputError(f"is {kind}, not a file: remove or rename it", path=name)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            return Snapshot(path, fh.read(), True)
    except OSError as exc:
        raise WriteError(f"cannot read: {exc.strerror}", path=name) from exc
    finally:
        if fd >= 0:
            os.close(fd)


def file_state(path: Path) -> str:
    """A file's state for a cache key: ``"missing"``, or the SHA-256 hex digest of its bytes.

    Raises:
        InputError, WriteError: as ``read_snapshot`` (not a regular file, unreadable).
    """
    snap = read_snapshot(path)
    return digest(snap.data) if snap.exists else "missing"


def _write_file(path: Path, fh: BinaryIO, raw: bytes) -> None:
    """Write ``raw`` to ``fh``, the temp file for ``path``, and force it to disk.

    One place for the data write, so tests can simulate a full disk (``OSError`` ENOSPC).
    """
    fh.write(raw)
    fh.flush()
    os.fsync(fh.fileno())


def _conflict(name: str) -> ConflictError:
    return ConflictError(
        "changed on disk since l10n read it (saved in an editor?); not overwritten: run again",
        path=name,
    )


def write_atomic(
    path: Path,
    data: bytes | str,
    *,
    expect: Snapshot | None = None,
    display: str = "",
    staging: Path | None = None,
) -> bool:
    """Write ``data`` to ``path`` atomically, unless it already holds exactly these bytes.

    The bytes go to a fsynced temp file (``.<name>.<random>.tmp``) beside ``path`` or in
    ``staging`` (``_temp_folder``), which then replaces ``path`` (``os.replace``). With
    ``expect`` (files people edit) an editor's save is never destroyed and ``path`` holds the old
    bytes or the new at every instant (``_swap_in``; README, "Guarantees", says what can be lost).

    Args:
        path: destination; parent folders are created.
        data: bytes, or text encoded as UTF-8 (newlines written as given).
        expect: the snapshot this write is based on; if the file changed since (content differs,
            appeared or disappeared), nothing is written.
        display: how to name the file in errors (default: ``path``).
        staging: a folder for the temp file, so that a kill leaves none in a published folder.

    Returns:
        True if the file was written, False if it already held these bytes.

    Raises:
        ConflictError: the file changed on disk after ``expect`` was read (the changed file is kept).
        WriteError: the file cannot be written or is not a regular file (any previous file intact).
    """
    name = display or str(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        current = read_snapshot(path, name)
    except InputError as exc:
        raise WriteError(f"cannot write: {exc.message.split(':')[0]}", path=name) from exc
    if expect is not None and (current.exists != expect.exists or current.data != expect.data):
        raise _conflict(name)
    if current.exists and current.data == raw:
        return False
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        where = _temp_folder(path, staging if expect is None else None)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=where)
        with os.fdopen(fd, "wb") as fh:
            _write_file(path, fh, raw)
        os.chmod(tmp, current_mode(path, 0o644) if current.exists else 0o644)
        if expect is None:
            os.replace(tmp, path)
            tmp = None
        else:
            _swap_in(Path(tmp), path, expect, name)
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", path=name) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return True


def _temp_folder(path: Path, staging: Path | None) -> Path:
    """``staging`` (created) if on ``path``'s file system (renames cannot cross), else ``path``'s folder."""
    if staging is None:
        return path.parent
    try:
        staging.mkdir(parents=True, exist_ok=True)
        if os.stat(staging).st_dev == os.stat(path.parent).st_dev:
            return staging
    except OSError:
        pass
    return path.parent


def current_mode(path: Path, default: int) -> int:
    """Permission bits of ``path`` (``default`` when it is gone)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return default


def _read_all(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _link_aside(path: Path) -> Path:
    """Hard-link the file at ``path`` as ``.<name>.<8 random>.aside`` beside it; return the link.

    Raises:
        FileNotFoundError: ``path`` is gone.
    """
    while True:
        aside = path.with_name(f".{path.name}.{secrets.token_hex(4)}{ASIDE_SUFFIX}")
        try:
            os.link(path, aside)
            return aside
        except FileExistsError:
            continue


def _swap_in(tmp: Path, path: Path, expect: Snapshot, name: str) -> None:
    """Put ``tmp`` at ``path`` only if ``path`` still holds ``expect``; else keep the editor's file.

    ``path`` holds the old bytes or the new at every instant: the file there is hard-linked
    aside and compared with ``expect``, then ``tmp`` and ``path`` are exchanged atomically
    (``l10n.exchange``), so the file replaced stays at ``tmp``'s name. If that is not the file
    compared (an editor saved by rename meanwhile) or its bytes changed (written through an
    open descriptor), the two are exchanged back. Where no exchange is available, ``tmp`` is
    renamed over ``path`` and only the second case is caught (README, "Guarantees").

    Raises:
        ConflictError: ``path`` changed (or appeared, or vanished) since ``expect`` was read.
        OSError: a link, rename or exchange failed for another reason (the previous file stays).
    """
    if not expect.exists:
        try:
            os.link(tmp, path)  # fails if an editor created the file meanwhile
        except FileExistsError:
            raise _conflict(name) from None
        return
    try:
        aside = _link_aside(path)
    except FileNotFoundError:
        raise _conflict(name) from None
    try:
        if _read_all(aside) != expect.data:  # saved between our check and now: nothing written
            raise _conflict(name)
        mine = os.stat(tmp).st_ino
        swapped = _exchange(tmp, path)
        if not swapped:
            os.replace(tmp, path)
        replaced = tmp if swapped else aside  # where the file that was at `path` now is
        if not os.path.samefile(replaced, aside) or _read_all(aside) != expect.data:
            _undo(tmp, path, aside, mine, swapped)
            raise _conflict(name)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(aside)


def _undo(tmp: Path, path: Path, aside: Path, mine: int, swapped: bool) -> None:
    """Give ``path`` back the editor's file after a late save, keeping a newer save if one came."""
    if swapped:
        _exchange(tmp, path)  # the editor's file back at `path`, ours at `tmp`
        if os.stat(tmp).st_ino != mine:  # yet another save landed at `path` meanwhile: the newest wins
            os.replace(tmp, path)
        return
    with contextlib.suppress(OSError):
        if os.stat(path).st_ino == mine:  # still ours, not a newer save
            os.replace(aside, path)


LOCK_NAME = ".l10n.lock"
"""The project lock file, in the project root (git-ignored): held by every command that writes."""


@contextlib.contextmanager
def project_lock(root: Path, timeout: float = 0.0) -> Iterator[Path]:
    """Hold the project's write lock (``<root>/.l10n.lock``) for the ``with`` block.

    Two l10n runs never write one project at once; read-only commands take no lock. The lock
    is an OS file lock (``filelock``), released when the process ends, however it ends.

    Args:
        root: the project root.
        timeout: seconds to wait for another run to finish; 0 tries once.

    Yields:
        The lock file's path.

    Raises:
        BusyError: another process holds the lock after ``timeout`` seconds ("busy, retry").
        WriteError: the lock file cannot be created (e.g. a read-only checkout).
    """
    from filelock import FileLock, Timeout

    path = root / LOCK_NAME
    lock = FileLock(str(path), timeout=timeout, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise BusyError(
            f"another l10n run is writing this project (lock {LOCK_NAME}); retry when it has finished",
            path=LOCK_NAME,
        ) from None
    except OSError as exc:
        raise WriteError(f"cannot create the project lock: {exc.strerror or exc}", path=LOCK_NAME) from exc
    try:
        yield path
    finally:
        lock.release()


def remove_file(path: Path, *, display: str = "") -> bool:
    """Remove a generated file (never a catalog); True if it existed.

    Raises:
        WriteError: it exists but cannot be removed.
    """
    try:
        path.unlink()
        return True
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise WriteError(f"cannot remove: {exc.strerror}", path=display or path) from exc


LOCK_WAIT = 5.0
"""Seconds a writing command waits for another run's project lock before saying "busy, retry"."""


@contextlib.contextmanager
def writing(cfg: Config, warn: Warn | None = None, timeout: float | None = None) -> Iterator[None]:
    """Hold the project lock and deal with a killed run's leftovers first (``recover``).

    Args:
        cfg: the project.
        warn: told about each catalog put back or kept (``l10n.leftovers.Warn``); None: not told.
        timeout: seconds to wait for the lock (default ``LOCK_WAIT``).

    Raises:
        BusyError: another run holds the lock.
        WriteError: the lock file cannot be created, or a leftover cannot be removed.
    """
    with project_lock(cfg.root, LOCK_WAIT if timeout is None else timeout):
        recover(cfg, warn)
        yield


STATE_DIR = Path(".l10n")
"""l10n's own folder in the project root (git-ignore it): the build manifest, the staging folder."""
STAGING = STATE_DIR / "tmp"
"""Where the temp files of pages are written (relative to the root), out of the published folder."""


def recover(cfg: Config, warn: Warn | None = None) -> list[Path]:
    """Deal with what killed runs left (``l10n.leftovers.clean_leftovers``) in the catalogs'
    folder, the build folder and l10n's own folder; return what was removed or put back.

    Call while holding the project lock (``writing`` does; the review server at start).

    Raises:
        WriteError: a leftover cannot be removed or put back.
    """
    done: list[Path] = []
    for folder in (cfg.locales_dir, cfg.build_dir, cfg.root / STATE_DIR):
        done += clean_leftovers(folder, warn)
    return done


__all__ = [
    "LOCK_NAME", "LOCK_WAIT", "STAGING", "STATE_DIR", "Layout", "Snapshot", "clean_leftovers", "current_mode",
    "digest", "file_state", "project_lock", "read_snapshot", "recover", "remove_file", "write_atomic",
    "writing",
]  # fmt: skip
