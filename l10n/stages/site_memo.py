"""Publishing a site whose inputs are all unchanged, without parsing or rendering it (issue 22).

``publish`` is deterministic: the same inputs give the same pages, and a publish run that left
the site as it is does so again. ``site_key`` is a ``memo_key`` of every input ``publish``
reads: the config (``repr``: segmentation and publishing settings), the run's options,
languages and articles (those it covers, those it was asked for), the settings digest of the
build manifest (l10n version, policy, config file, glossary, templates), each article file's
name and bytes and its catalogs' bytes, each template's name (orphans), the manifest's bytes
and every file under the build folder (path and bytes; a link's target). What that run added
to the report is kept under it (``l10n.cache.Table`` ``publish``, one slot per languages and
articles asked: the files it kept, in order, its ``skipped`` lines and warnings); a later run
with the same key adds the same lines and writes nothing.

Only a publish that needs nothing more is remembered: no error, nothing removed, every catalog
readable, no page of another language rebuilt (so no ``source-changed`` warning); then the
state it leaves is what a second run would leave as it is, writing each of its files again
byte for byte and giving the same warnings (withheld or broken units), which ``replay`` adds
again. Its key is taken after it wrote, so the very next run is the one that skips, and only
when its inputs read the same after writing as before planning (``site_inputs``): a file edited
while the run worked is published by the next run.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from l10n.cache import issue_rows, issues_of, memo_key
from l10n.errors import L10nError
from l10n.project import file_state
from l10n.report import PublishOptions
from l10n.stages.context import Run
from l10n.stages.manifest import MANIFEST, settings_digest

Mark = tuple[int, int, int, int]
"""The report's sizes before publishing: warnings, errors, removed, skipped."""


def mark(run: Run) -> Mark:
    """The sizes of the report's lists ``remember`` compares (see ``Mark``)."""
    r = run.report
    return len(r.warnings), len(r.errors), len(r.removed), len(r.skipped)


def site_inputs(run: Run, langs: Sequence[str], opts: PublishOptions, policy: str) -> str:
    """The memo key of what publishing ``langs`` with ``opts`` (``policy``: its text) reads from the
    project as it is now, outputs aside (module docstring); ``""`` when an input cannot be read.

    Each article counts twice: the bytes this run segmented (``Run.doc_keys``, the Document every
    page is made from) and the file as it is now, so an article edited after it was segmented
    never lets this run's pages stand for the new bytes.
    """
    cfg, layout = run.cfg, run.layout
    every = list(dict.fromkeys([*cfg.languages, *langs]))
    named = [None if x is None else sorted(x) for x in (run.articles, run.named)]
    parts: list[bytes | str] = ["publish", repr(cfg), repr(opts), repr(list(langs)), repr(named)]
    run.documents()  # segmented (or taken from the cache) as publishing will: Run.doc_keys
    try:
        parts.append(settings_digest(cfg, policy))
        for file in layout.articles():  # segmented from its name, bytes and settings (cfg)
            parts += [file.name, run.doc_keys.get(file.stem, "-"), file_state(file)]
            parts += [file_state(layout.po(lang, file.stem)) for lang in every]
        parts.append(repr(sorted(p.name for p in cfg.locales_dir.glob("*.pot"))))
    except (L10nError, OSError):
        return ""
    return memo_key(*parts)


def site_key(run: Run, inputs: str) -> str:
    """The memo key of a publish over ``inputs`` (``site_inputs``) and the outputs as they are now:
    the manifest's bytes and every file under the build folder; ``""`` when one cannot be read."""
    if not inputs:
        return ""
    try:
        return memo_key(inputs, file_state(run.cfg.root / MANIFEST), *_tree(run.cfg.build_dir))
    except (L10nError, OSError):
        return ""


def _tree(folder: Path) -> list[str]:
    """Every entry under ``folder`` (sorted): ``path:digest`` of a file, ``path->target`` of a link,
    ``path/`` of a folder; nothing when the folder does not exist.

    Raises:
        OSError, InputError, WriteError: an entry cannot be read.
    """
    out: list[str] = []
    if not folder.exists() and not folder.is_symlink():
        return out
    for top, dirs, names in os.walk(folder, followlinks=False):
        base = Path(top)
        dirs.sort()
        for name in sorted(names) + dirs:
            path = base / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                out.append(f"{rel}->{os.readlink(path)}")
            elif path.is_dir():
                out.append(f"{rel}/")
            else:
                out.append(f"{rel}:{file_state(path)}")
    return out


def replay(run: Run, langs: Sequence[str], key: str) -> bool:
    """Add to the report what the publish remembered under ``key`` added; False when none is."""
    value = run.table("publish").get(_slot(run, langs), key) if key else None
    if not isinstance(value, dict):
        return False
    kept, skipped, warnings = value.get("kept"), value.get("skipped"), issues_of(value.get("warnings"))
    if not (isinstance(kept, list) and isinstance(skipped, list)) or warnings is None:
        return False
    if not all(isinstance(x, str) for x in [*kept, *skipped]):
        return False
    run.report.unchanged.extend(kept)
    run.report.skipped.extend(skipped)
    run.report.warnings.extend(warnings)
    return True


def settled(run: Run, before: Mark) -> bool:
    """Whether nothing failed or was removed since ``before`` (a publish worth remembering)."""
    now = mark(run)
    return (now[1], now[2]) == (before[1], before[2])


def remember(run: Run, langs: Sequence[str], before: Mark, emitted: Sequence[str], key: str) -> None:
    """Remember under ``key`` (the state a ``settled`` publish left, which left nothing more to do:
    module docstring) the files it wrote or kept (``emitted``, in order), its ``skipped`` lines and
    its warnings (those of withheld or broken units, which every run on these inputs gives)."""
    if key:
        report = run.report
        value = {
            "kept": list(emitted),
            "skipped": list(report.skipped[before[3] :]),
            "warnings": issue_rows(report.warnings[before[0] :]),
        }
        table = run.table("publish")
        table.put(_slot(run, langs), key, value)
        table.save()


def _slot(run: Run, langs: Sequence[str]) -> str:
    """The table slot of a publish: the languages asked for and the articles it covers."""
    return repr((list(langs), None if run.articles is None else sorted(run.articles)))


__all__ = ["Mark", "mark", "remember", "replay", "settled", "site_inputs", "site_key"]
