"""Skipping a file a stage is known to leave unchanged, without parsing anything (issue 22).

``extract`` and ``update`` make one file from a few inputs; when the same inputs once left that
file byte-identical with no warning, they do again (``l10n.cache.UnchangedMemo``). ``known``
reads the file's bytes and, when its key is remembered, records the file as unchanged (as the
stage's ``Run.keep`` would) so the stage can go on to the next one; ``settle`` remembers a key
after the stage kept its file without a warning.
"""

from __future__ import annotations

from pathlib import Path

from l10n.cache import memo_key
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
    key = memo_key(*inputs, b"1" if snap.exists else b"0", snap.data)
    if snap.exists and run.memo.known(key):
        run.write(path, snap.data, snap)
        return None
    return key


def settle(run: Run, key: str, path: Path, warnings_before: int, errors_before: int) -> None:
    """Remember ``key`` when the stage left ``path`` unchanged with no new warning or error."""
    report = run.report
    quiet = len(report.warnings) == warnings_before and len(report.errors) == errors_before
    if key and quiet and report.unchanged and report.unchanged[-1] == run.cfg.rel(path):
        run.memo.remember(key)


__all__ = ["known", "settle"]
