"""What a killed l10n run can leave, and how the next run deals with it.

A write (``l10n.project.write_atomic``) makes a temp file ``.<name>.<8 random>.tmp``; a
guarded write (catalogs, templates, the memory) also hard-links the file it replaces aside as
``.<name>.<8 random>.aside`` while it compares it with what it read. At every instant
``<name>`` holds the old bytes or the new; a kill can leave the temp file (removed by the next
run) and the aside link. An aside is removed only when it holds nothing its target lacks:

- it is the target itself (the same file: killed before the swap), or holds the same bytes;
- the target is a template (``.pot``: remade from the articles on every run);
- a catalog (``.po``): each of its translated entries is in the target, word for word
  (comments and flags aside, obsolete ``#~`` entries counted as entries);
- any other file (``mt-memory.tmx``): each of its lines is in the target.

Otherwise it is kept and reported in one line (each run, until a person compares the two and
deletes one); when the target is missing, the aside is put back in its place (reported too).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from l10n.errors import WriteError

TEMP_SUFFIX = ".tmp"
"""Suffix of l10n's temp files: ``.<name>.<8 random characters>.tmp``."""
ASIDE_SUFFIX = ".aside"
"""Suffix of the previous version linked aside during a guarded write: ``.<name>.<8 random>.aside``."""
LEFTOVER = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}(?P<suffix>\.tmp|\.aside)$")
"""The names of l10n's own temp and aside files (nothing else is ever removed)."""

Warn = Callable[[Path, str], None]
"""Told (file, one-line message) about an aside put back or kept."""


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


_MSGSTR = re.compile(r"^msgstr(\[\d+\])? ")


def _po_entries(data: bytes) -> set[str]:
    """The translated entries of a catalog's bytes, each as its msgctxt/msgid/msgstr lines.

    Comments, flags and previous-msgid lines are left out; ``#~ `` is stripped so that an entry
    made obsolete still counts; the header (``msgid ""``) is left out (its dates change).
    """
    out: set[str] = set()
    for block in re.split(r"\n[ \t]*\n", data.decode("latin-1").replace("\r\n", "\n")):
        lines = [ln[3:] if ln.startswith("#~ ") else ln for ln in block.strip().split("\n")]
        lines = [ln for ln in lines if ln and not ln.startswith("#")]
        first = next((i for i, ln in enumerate(lines) if _MSGSTR.match(ln)), None)
        if first is None or lines[0] == 'msgid ""':
            continue
        text = "".join(_MSGSTR.sub("", ln).strip('"') for ln in lines[first:] if not ln.startswith("msgid"))
        if text:
            out.add("\n".join(lines))
    return out


def superseded(aside: Path, target: Path) -> bool:
    """True when ``aside`` holds nothing that ``target`` lacks (the rules of the module docstring)."""
    try:
        if os.path.samefile(aside, target):
            return True
    except OSError:
        return False
    old, new = _read(aside), _read(target)
    if old is None or new is None:
        return False
    if old == new or target.suffix == ".pot":
        return True
    if target.suffix == ".po":
        return _po_entries(old) <= _po_entries(new)
    lines = set(new.splitlines())
    return all(line in lines for line in old.splitlines() if line.strip())


def _settle(leftover: Path, target: Path, is_aside: bool, warn: Warn | None) -> bool:
    """Remove, put back or keep one leftover; True when it is gone from its place."""
    if not is_aside:
        os.unlink(leftover)
        return True
    if not os.path.lexists(target):
        os.rename(leftover, target)
        if warn is not None:
            warn(target, f"put back from {leftover.name}, left by a killed l10n run")
        return True
    if superseded(leftover, target):
        os.unlink(leftover)
        return True
    if warn is not None:
        warn(
            leftover,
            f"kept: a killed l10n run left this earlier version of {target.name}, and it holds "
            "entries the file lacks (restored from git?): compare them, then delete one",
        )
    return False


def clean_leftovers(folder: Path, warn: Warn | None = None) -> list[Path]:
    """Remove or put back what killed l10n runs left under ``folder`` (recursively); return them.

    Only names of l10n's own pattern (``LEFTOVER``) are touched: temp files are removed; an
    aside is put back when its target is missing, removed when ``superseded``, else kept and
    reported through ``warn``. Call only while holding the project lock.

    Returns:
        The leftovers removed or put back, in walk order.

    Raises:
        WriteError: a leftover cannot be removed or put back (names the file).
    """
    done: list[Path] = []
    if not folder.is_dir():
        return done
    for root, _dirs, files in os.walk(folder):
        for fname in files:
            match = LEFTOVER.match(fname)
            if match is None:
                continue
            leftover = Path(root) / fname
            target = Path(root) / match.group("name")
            try:
                if _settle(leftover, target, match.group("suffix") == ASIDE_SUFFIX, warn):
                    done.append(leftover)
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise WriteError(f"cannot remove leftover temp file: {exc.strerror}", path=leftover) from exc
    return done


__all__ = ["ASIDE_SUFFIX", "LEFTOVER", "TEMP_SUFFIX", "Warn", "clean_leftovers", "superseded"]
