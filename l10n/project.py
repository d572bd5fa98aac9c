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
import re
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from l10n.config import Config
from l10n.errors import BusyError, ConflictError, InputError, SourceError, WriteError
from l10n.formats.suffixes import ARTICLE_SUFFIXES, is_article
from l10n.locale import to_gettext


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


def write_atomic(path: Path, data: bytes | str, *, expect: Snapshot | None = None, display: str = "") -> bool:
    """Write ``data`` to ``path`` atomically, unless it already holds exactly these bytes.

    The new bytes go to a temp file in the same folder (``.<name>.<random>.tmp``), fsynced.
    Without ``expect`` the temp file then replaces ``path`` (``os.replace``). With ``expect``
    (catalogs and templates, which people edit) an editor's save must never be destroyed, so
    the file is not replaced blindly: it is renamed aside (``.<name>.<random>.aside``),
    compared with ``expect``, and the temp file is hard-linked at ``path``, which fails if an
    editor re-created the file meanwhile; on any mismatch the editor's version is put back
    and ``ConflictError`` raised. An editor that keeps a file descriptor open across the whole
    write and writes through it late can still lose that write (README, "Guarantees").

    Args:
        path: destination; parent folders are created.
        data: bytes, or text encoded as UTF-8 (newlines written as given).
        expect: the snapshot this write is based on; if the file changed since (content differs,
            appeared or disappeared), nothing is written.
        display: how to name the file in errors (default: ``path``).

    Returns:
        True if the file was written, False if it already held these bytes.

    Raises:
        ConflictError: the file changed on disk after ``expect`` was read (the changed file is kept).
        WriteError: the folder or file cannot be written, or ``path`` is not a regular file;
            any previous file is left intact.
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
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            _write_file(path, fh, raw)
        if current.exists:
            os.chmod(tmp, current_mode(path, 0o644))
        else:
            os.chmod(tmp, 0o644)
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


def _swap_in(tmp: Path, path: Path, expect: Snapshot, name: str) -> None:
    """Put ``tmp`` at ``path`` only if ``path`` still holds ``expect``; else keep the editor's file.

    Raises:
        ConflictError: ``path`` changed (or appeared, or vanished) since ``expect`` was read.
        OSError: the rename or link failed for another reason (the previous file is put back).
    """
    if not expect.exists:
        try:
            os.link(tmp, path)  # fails if an editor created the file meanwhile
        except FileExistsError:
            raise _conflict(name) from None
        return
    fd, aside_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=ASIDE_SUFFIX, dir=path.parent)
    os.close(fd)
    aside = Path(aside_name)
    try:
        os.rename(path, aside)  # from here on, an editor that re-creates `path` makes os.link fail
    except FileNotFoundError:
        os.unlink(aside)
        raise _conflict(name) from None
    except OSError:
        os.unlink(aside)
        raise
    seen = _read_all(aside)
    if seen != expect.data:  # saved between our check and the rename: put the editor's file back
        _put_back(aside, path)
        raise _conflict(name)
    try:
        os.link(tmp, path)
    except FileExistsError:  # an editor re-created the file after the rename: theirs stays
        os.unlink(aside)  # the version l10n read, which the editor's save supersedes
        raise _conflict(name) from None
    except OSError:
        _put_back(aside, path)
        raise
    if _read_all(aside) != expect.data:  # written through a descriptor opened before the rename
        with contextlib.suppress(OSError):
            if os.stat(path).st_ino == os.stat(tmp).st_ino:  # still ours, not a newer save
                os.replace(aside, path)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(aside)
        raise _conflict(name)
    os.unlink(aside)


def _put_back(aside: Path, path: Path) -> None:
    """Return the file renamed aside to ``path``, unless a newer one is already there."""
    with contextlib.suppress(FileExistsError):  # the editor saved again (a new file): that one wins
        os.link(aside, path)
    os.unlink(aside)


TEMP_SUFFIX = ".tmp"
"""Suffix of l10n's temp files: ``.<name>.<8 random characters>.tmp`` beside ``<name>``."""
ASIDE_SUFFIX = ".aside"
"""Suffix of a file renamed aside during a guarded write: ``.<name>.<8 random characters>.aside``."""
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}(?P<suffix>\.tmp|\.aside)$")


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove the temp files a killed l10n run left under ``folder`` (recursively); return them.

    Only names of l10n's own pattern are touched (``.<name>.<8 chars>.tmp`` and ``.aside``).
    A ``.aside`` file is the previous version of ``<name>`` moved out of the way during a
    write: when ``<name>`` is missing (the run was killed in between) it is put back, else it
    is removed (``<name>`` holds a newer version). Call only while holding the project lock.

    Raises:
        WriteError: a leftover cannot be removed or put back (names the file).
    """
    done: list[Path] = []
    if not folder.is_dir():
        return done
    for root, _dirs, files in os.walk(folder):
        for fname in files:
            match = _LEFTOVER.match(fname)
            if match is None:
                continue
            leftover = Path(root) / fname
            target = Path(root) / match.group("name")
            try:
                if match.group("suffix") == ASIDE_SUFFIX and not os.path.lexists(target):
                    os.rename(leftover, target)
                else:
                    os.unlink(leftover)
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise WriteError(f"cannot remove leftover temp file: {exc.strerror}", path=leftover) from exc
            done.append(leftover)
    return done


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
def writing(cfg: Config, timeout: float | None = None) -> Iterator[None]:
    """Hold the project lock and remove a killed run's leftovers (under locales and build).

    Args:
        cfg: the project.
        timeout: seconds to wait for the lock (default ``LOCK_WAIT``).

    Raises:
        BusyError: another run holds the lock.
        WriteError: the lock file cannot be created, or a leftover cannot be removed.
    """
    with project_lock(cfg.root, LOCK_WAIT if timeout is None else timeout):
        for folder in (cfg.locales_dir, cfg.build_dir):
            clean_leftovers(folder)
        yield


class Layout:
    """Paths of one project, from its ``Config`` (gettext layout for catalogs)."""

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg

    def articles(self) -> list[Path]:
        """Return the article files (any of ``ARTICLE_SUFFIXES``, any case) in the source folder, by name.

        Raises:
            SourceError: the source folder is missing or holds no article.
        """
        src = self.cfg.source_dir
        if not src.is_dir():
            raise SourceError("source folder not found", path=self.cfg.rel(src))
        files = sorted(p for p in src.iterdir() if p.is_file() and is_article(p))
        if not files:
            listed = ", ".join("*" + suffix for suffix in ARTICLE_SUFFIXES)
            raise SourceError(f"no articles ({listed}) in the source folder", path=self.cfg.rel(src))
        return files

    def pot(self, slug: str) -> Path:
        """``locales/<slug>.pot``."""
        return self.cfg.locales_dir / f"{slug}.pot"

    def po(self, lang: str, slug: str) -> Path:
        """``locales/<ll_CC>/LC_MESSAGES/<slug>.po`` (gettext form of the BCP 47 tag)."""
        return self.cfg.locales_dir / to_gettext(lang) / "LC_MESSAGES" / f"{slug}.po"

    def mt_memory(self, lang: str) -> Path:
        """``locales/<ll_CC>/mt-memory.tmx``: the language's machine output (``l10n.translate.mtmemory``)."""
        return self.cfg.locales_dir / to_gettext(lang) / "mt-memory.tmx"

    def mo(self, lang: str, slug: str) -> Path:
        """``locales/<ll_CC>/LC_MESSAGES/<slug>.mo``."""
        return self.po(lang, slug).with_suffix(".mo")

    def build(self, lang: str, slug: str, ext: str) -> Path:
        """``build/<lang>/<slug>.<ext>`` (BCP 47 tag, as in URLs)."""
        return self.cfg.build_dir / lang / f"{slug}.{ext}"
