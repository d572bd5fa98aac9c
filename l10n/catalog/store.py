"""Catalog files on disk: the one home of how a run (or a review session) reads and writes them.

The protocol, in the order a catalog meets it:

- **read** (``CatalogStore.read``): the file's bytes (a ``Snapshot``), decoded in the charset
  its header declares (UTF-8 when none; ``l10n.catalog.pofile.decode``, as GNU gettext reads
  it), parsed once per bytes: a store hands out the same ``Catalog`` object while a file holds
  the bytes it parsed or wrote (callers that change a catalog change a ``copy()``).
- **save** (``CatalogStore.save``): a catalog that differs from the file only in header
  bookkeeping (``PO-Revision-Date``...; ``Catalog.same_content(bookkeeping=False)``) leaves the
  file as it is, so re-runs on unchanged input leave files byte-identical. Otherwise it is
  rendered and written as UTF-8; a file read in a legacy charset (ISO-8859-1, KOI8-R...) gets
  its ``Content-Type`` updated and one ``charset-converted`` warning naming the file.
- **checkpoint** (``CatalogStore.checkpoint``): a catalog being translated saved mid-run with a
  fresh revision date, unless nothing changed since the last save.

Every write is atomic and refuses to overwrite a file that changed on disk since it was read
(``l10n.project.write_atomic(..., expect=snapshot)``: ``ConflictError``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from l10n.catalog import pofile
from l10n.catalog.catalog import Catalog, format_date
from l10n.errors import CatalogError, WriteError
from l10n.model import Issue
from l10n.project import Snapshot, read_snapshot, write_atomic

Legacy = tuple[str, int]
"""A legacy charset a catalog file declares, and the line of its ``Content-Type`` field."""


@dataclass(frozen=True)
class Loaded:
    """A catalog file as it was read.

    Attributes:
        path: the file.
        rel: its project-relative name, for messages.
        snap: the bytes read (``snap.exists`` False: the file is missing).
        catalog: the catalog those bytes hold (None when the file is missing, or when the
            bytes were not parsed: ``CatalogStore.unparsed``). Shared: change a ``copy()``.
        legacy: the charset the file declares when it is not UTF-8, else None; ``save``
            converts it.
    """

    path: Path
    rel: str
    snap: Snapshot
    catalog: Catalog | None
    legacy: Legacy | None = None


class CatalogStore:
    """Reads and writes the catalog files of one run or one review session (see the module docstring).

    Args:
        rel: a file's project-relative name (``Config.rel``), used in messages and line numbers.
        warn: where the ``charset-converted`` warning goes (e.g. ``Report.warnings.append``);
            None drops it (a caller that says it its own way, e.g. the review page).
    """

    def __init__(self, rel: Callable[[Path], str], warn: Callable[[Issue], None] | None = None) -> None:
        self._rel = rel
        self._warn = warn
        self._parsed: dict[Path, tuple[bytes, Catalog]] = {}  # by file: the bytes and their catalog

    def read(self, path: Path) -> Loaded:
        """Read a catalog file (``Loaded.catalog`` None when it is missing), parsing only new bytes.

        Raises:
            CatalogError: the file is larger than ``pofile.MAX_CATALOG_BYTES`` (checked before
                it is read), is not valid in its charset (the header's, else UTF-8), names
                an unknown charset, or is malformed (file and line).
            InputError: the file cannot be read (a folder, no permission).
        """
        rel = self._rel(path)
        with contextlib.suppress(OSError):  # read_snapshot reports a file it cannot read
            pofile.check_size(path.stat().st_size, path=rel)  # before reading it into memory
        snap = read_snapshot(path, rel)
        if not snap.exists:
            return Loaded(path, rel, snap, None)
        text = pofile.decode(snap.data, path=rel)
        legacy = _legacy(snap.data)
        return Loaded(path, rel, snap, self.parsed(snap, rel, text), legacy)

    def parsed(self, snap: Snapshot, rel: str, text: str | None = None) -> Catalog:
        """The catalog ``snap``'s bytes hold: this store's object for them, else parsed and kept.

        Args:
            snap: an existing file's snapshot.
            rel: its name for messages.
            text: its decoded text when the caller has it (else decoded here).

        Raises:
            CatalogError: as ``read``.
        """
        cached = self._parsed.get(snap.path)
        if cached is not None and cached[0] == snap.data:
            return cached[1]
        catalog = pofile.parse(pofile.decode(snap.data, path=rel) if text is None else text, rel)
        self._parsed[snap.path] = (snap.data, catalog)
        return catalog

    def catalog(self, path: Path, missing: str) -> Catalog:
        """The catalog of an existing file (see ``read``).

        Raises:
            CatalogError: the file is missing (``missing`` says what to run), or as ``read``.
        """
        catalog = self.read(path).catalog
        if catalog is None:
            raise CatalogError(missing, path=self._rel(path))
        return catalog

    def unparsed(self, path: Path) -> Loaded:
        """A file's bytes without its catalog: for a file that ``read`` refused and that will be
        remade (a damaged template); a legacy charset is still converted when it is saved.

        Raises:
            InputError: the file cannot be read.
        """
        rel = self._rel(path)
        snap = read_snapshot(path, rel)
        try:
            pofile.decode(snap.data, path=rel)
        except CatalogError:
            return Loaded(path, rel, snap, None)
        return Loaded(path, rel, snap, None, _legacy(snap.data) if snap.exists else None)

    def keep(self, loaded: Loaded) -> bool:
        """Write back the bytes ``loaded`` read (the file stays as it is, checked against a change).

        Returns:
            True if the file was written (it had gone), False if it holds these bytes.

        Raises:
            ConflictError: the file changed on disk since it was read.
            WriteError: it cannot be written.
        """
        return write_atomic(loaded.path, loaded.snap.data, expect=loaded.snap, display=loaded.rel)

    def save(self, loaded: Loaded, catalog: Catalog) -> bool:
        """Write ``catalog`` over the file ``loaded`` read, as UTF-8; later reads get it as written.

        Left as it is when only header bookkeeping differs (see the module docstring).

        Returns:
            True if the file was written, False if it already held these bytes.

        Raises:
            ConflictError: the file changed on disk since ``loaded`` was read (nothing written).
            WriteError: it cannot be written (the previous file is left intact).
        """
        if self._only_bookkeeping(loaded, catalog):
            return self.keep(loaded)
        if loaded.legacy is not None:
            catalog.declare_utf8()
            if self._warn is not None:
                self._warn(converted(loaded.rel, loaded.legacy))
        text, written = pofile.render_numbered(catalog)
        written.path = loaded.rel
        changed = write_atomic(loaded.path, text, expect=loaded.snap, display=loaded.rel)
        self._parsed[loaded.path] = (text.encode("utf-8"), written)
        return changed

    def checkpoint(self, loaded: Loaded, catalog: Catalog, on_disk: Catalog | None) -> Loaded | None:
        """Save ``catalog`` mid-run with a fresh ``PO-Revision-Date``, as UTF-8, no warning.

        Args:
            loaded: what is on disk now (the file as read, or the last checkpoint).
            catalog: the catalog being changed (stamped and declared UTF-8 in place).
            on_disk: the catalog the file holds, to skip a save with nothing new (None: always save).

        Returns:
            What is on disk after the save (its ``catalog`` the one written, ``legacy`` as given:
            the final ``save`` still owes the conversion warning); ``loaded`` itself when
            nothing is new; None when the save failed (a ``WriteError``, left to the final save).

        Raises:
            ConflictError: the file changed on disk since ``loaded`` was read.
        """
        if on_disk is not None and catalog.same_content(on_disk, bookkeeping=False):
            return loaded
        catalog.set_header("PO-Revision-Date", format_date())
        catalog.declare_utf8()
        text, written = pofile.render_numbered(catalog)
        data = text.encode("utf-8")
        try:
            write_atomic(loaded.path, data, expect=loaded.snap, display=loaded.rel)
        except WriteError:
            return None
        written.path = loaded.rel
        self._parsed[loaded.path] = (data, written)
        return Loaded(loaded.path, loaded.rel, Snapshot(loaded.path, data, True), written, loaded.legacy)

    def _only_bookkeeping(self, loaded: Loaded, catalog: Catalog) -> bool:
        """Whether ``catalog`` differs from the UTF-8 file ``loaded`` read only in header bookkeeping."""
        cached = self._parsed.get(loaded.path)
        if not loaded.snap.exists or loaded.legacy is not None or cached is None:
            return False
        return cached[0] == loaded.snap.data and catalog.same_content(cached[1], bookkeeping=False)


def _legacy(data: bytes) -> Legacy | None:
    """The charset ``data`` (a catalog file) declares when it is not UTF-8, with its line; else None."""
    charset, line = pofile.declared_charset(data.removeprefix(b"\xef\xbb\xbf"))
    if charset is None or pofile.codec(charset) == "utf-8":
        return None
    return charset, line


def converted(rel: str, legacy: Legacy) -> Issue:
    """The ``charset-converted`` warning: the catalog ``rel``, read in ``legacy``, is written as UTF-8."""
    return Issue(
        rel,
        legacy[1],
        "warning",
        "charset-converted",
        f"catalog was in {legacy[0]}: written back as UTF-8 (Content-Type updated, text unchanged)",
    )


__all__ = ["CatalogStore", "Legacy", "Loaded", "converted"]
