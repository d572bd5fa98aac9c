"""One line per language about the files a command wrote, instead of one line per file.

The report's paths (relative to the project root, forward slashes) are grouped by the folder
that names their language (``locales/vi/LC_MESSAGES/x.po``, ``build/vi/x.html`` and
``locales/vi/mt-memory.tmx`` are ``vi``; gettext's ``zh_Hans`` is ``zh-Hans``); templates
(``.pot``) are one group, and a file with no language folder (``build/index.html``) its own::

    templates: 3 written
    vi: 7 written (3 .po, 3 .mo, 1 .html), 2 unchanged
    index.html: 1 written
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath

from l10n.report import Report


def group_of(path: str) -> str:
    """The group a written file counts in: its language, ``templates``, or its own name."""
    parts = PurePosixPath(path).parts
    if path.endswith(".pot"):
        return "templates"
    if len(parts) >= 3:
        return parts[1].replace("_", "-")
    return parts[-1] if parts else path


def _kinds(paths: list[str]) -> str:
    """`` (3 .po, 1 .mo)`` for files of several kinds, else ""."""
    kinds = Counter(PurePosixPath(p).suffix or PurePosixPath(p).name for p in paths)
    return " (" + ", ".join(f"{n} {k}" for k, n in kinds.items()) + ")" if len(kinds) > 1 else ""


def summary_lines(report: Report) -> list[str]:
    """``<group>: N written (kinds), M unchanged, K removed`` per group, in the order first met."""
    groups: dict[str, dict[str, list[str]]] = {}
    for what, paths in (
        ("written", report.written),
        ("unchanged", report.unchanged),
        ("removed", report.removed),
    ):
        for path in dict.fromkeys(paths):  # a catalog updated, then translated: one file
            groups.setdefault(group_of(path), {}).setdefault(what, []).append(path)
    lines = []
    for group, by_what in groups.items():
        parts = []
        for what in ("written", "unchanged", "removed"):
            paths = by_what.get(what, [])
            if paths:
                parts.append(f"{len(paths)} {what}" + (_kinds(paths) if what == "written" else ""))
        lines.append(f"{group}: {', '.join(parts)}")
    return lines


__all__ = ["group_of", "summary_lines"]
