"""Skipping a file a stage is known to leave unchanged, without parsing anything (issue 22).

``extract``, ``update`` and ``compile`` make one file from a few inputs; when the same inputs
once left that file byte-identical with no warning, they do again (``l10n.cache.UnchangedMemo``).
``known`` reads the file's bytes and, when its key is remembered, records the file as unchanged
(as the stage's ``Run.keep`` would) so the stage can go on to the next one; ``settle`` remembers
a key after the stage kept its file without a warning; ``remember`` notes one for a file whose
bytes are known to be what the stage keeps (a ``.mo`` as compiled; a catalog translate wrote
that ``update`` would keep), written with the stage's ``run.memo.save()``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from l10n.cache import memo_key
from l10n.catalog.store import Loaded
from l10n.errors import L10nError
from l10n.project import read_snapshot
from l10n.stages.context import Run


def known(run: Run, path: Path, *inputs: bytes | str) -> str | None:
    """Keep ``path`` unchanged (``Run.write`` of its own bytes) when the stage's ``inputs`` with the
    file's bytes are remembered, and return None; else return the key to ``settle`` afterwards.

    A file that cannot be read gives a key that is never remembered here (the stage reports it).
    """
    try:
        snap = read_snapshot(path, run.cfg.rel(path))
    except L10nError:
        return ""
    key = _key(inputs, snap.exists, snap.data)
    if snap.exists and run.memo.known(key, run.cfg.rel(path)):
        run.write(path, snap.data, snap)
        return None
    return key


def file_bytes(run: Run, path: Path) -> bytes | None:
    """The bytes of ``path`` when it is an existing, readable file; else None (the stage that reads
    it for real reports why)."""
    try:
        snap = read_snapshot(path, run.cfg.rel(path))
    except L10nError:
        return None
    return snap.data if snap.exists else None


def _key(inputs: tuple[bytes | str, ...], exists: bool, data: bytes) -> str:
    return memo_key(*inputs, b"1" if exists else b"0", data)


def remember(run: Run, path: Path, inputs: tuple[bytes | str, ...], data: bytes) -> None:
    """Note that a stage's ``inputs`` leave its output file ``path`` holding ``data`` as it is (for
    a stage whose output there is a function of ``inputs`` alone, made without a warning); kept
    when the stage calls ``run.memo.save()`` (``l10n.cache.UnchangedMemo.note``)."""
    run.memo.note(run.cfg.rel(path), _key(inputs, True, data))


def settle(
    run: Run,
    key: str,
    path: Path,
    before: tuple[int, int],
    inputs: tuple[bytes | str, ...],
    again: Callable[[Loaded], bool],
) -> None:
    """Remember what the stage just did to ``path`` when it did it without a new warning or error.

    Left unchanged: ``key`` is remembered. Written: the stage is run once more on the bytes it
    wrote (``again(loaded)``: True when it would keep them; no file is written), and when it keeps
    them, ``inputs`` with those bytes are remembered, so the next run skips the file already.

    Args:
        run: the run.
        key: what ``known`` returned.
        path: the stage's output file.
        before: (warnings, errors) in the report before the stage made ``path``.
        inputs: what was passed to ``known``.
        again: runs the stage's decision on the file as written (parsed by the run's store).
    """
    report = run.report
    if not key or (len(report.warnings), len(report.errors)) != before:
        return
    rel = run.cfg.rel(path)
    if report.unchanged and report.unchanged[-1] == rel:
        run.memo.remember(key)
    elif report.written and report.written[-1] == rel:
        try:
            loaded = run.store.read(path)
            kept = loaded.catalog is not None and again(loaded)
        except L10nError:
            return
        if kept and (len(report.warnings), len(report.errors)) == before:
            run.memo.remember(_key(inputs, True, loaded.snap.data))


__all__ = ["file_bytes", "known", "remember", "settle"]
