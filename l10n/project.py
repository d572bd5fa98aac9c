"""The project on disk: where articles, catalogs and builds live, and safe file writes.

This is the only module that walks folders and writes files. Writes are atomic (a temp
file in the same folder, fsync, then ``os.replace``), skipped when the bytes would not
change (so re-runs leave files and their times alone), and refused with ``ConflictError``
when the file changed on disk since we read it (a translator saved it meanwhile).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from l10n.config import Config
from l10n.errors import ConflictError, SourceError, WriteError
from l10n.formats.source import ARTICLE_SUFFIXES, is_article
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

        Raises:
            UnicodeDecodeError: the file is not UTF-8 (callers turn it into an InputError).
        """
        return self.data.decode("utf-8") if self.exists else None


def read_snapshot(path: Path, display: str = "") -> Snapshot:
    """Read ``path`` whole; a missing file gives an empty snapshot with ``exists=False``.

    Raises:
        WriteError: the file exists but cannot be read (permissions).
    """
    try:
        return Snapshot(path, path.read_bytes(), True)
    except FileNotFoundError:
        return Snapshot(path, b"", False)
    except NotADirectoryError as exc:
        raise WriteError("a folder on this path is a file", path=display or path) from exc
    except OSError as exc:
        raise WriteError(f"cannot read: {exc.strerror}", path=display or path) from exc


def write_atomic(path: Path, data: bytes | str, *, expect: Snapshot | None = None, display: str = "") -> bool:
    """Write ``data`` to ``path`` atomically, unless it already holds exactly these bytes.

    Args:
        path: destination; parent folders are created.
        data: bytes, or text encoded as UTF-8 (newlines written as given).
        expect: the snapshot this write is based on; if the file changed since (content differs,
            appeared or disappeared), nothing is written.
        display: how to name the file in errors (default: ``path``).

    Returns:
        True if the file was written, False if it already held these bytes.

    Raises:
        ConflictError: the file changed on disk after ``expect`` was read.
        WriteError: the folder or file cannot be written; any previous file is left intact.
    """
    name = display or str(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    current = read_snapshot(path, name)
    if expect is not None and (current.exists != expect.exists or current.data != expect.data):
        raise ConflictError(
            "changed on disk since l10n read it (saved in an editor?); not overwritten: run again",
            path=name,
        )
    if current.exists and current.data == raw:
        return False
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        if current.exists:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", path=name) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return True


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

    def mo(self, lang: str, slug: str) -> Path:
        """``locales/<ll_CC>/LC_MESSAGES/<slug>.mo``."""
        return self.po(lang, slug).with_suffix(".mo")

    def build(self, lang: str, slug: str, ext: str) -> Path:
        """``build/<lang>/<slug>.<ext>`` (BCP 47 tag, as in URLs)."""
        return self.cfg.build_dir / lang / f"{slug}.{ext}"
