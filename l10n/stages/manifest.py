"""The build manifest: each file l10n wrote under the build folder, its bytes' hash and its inputs.

Pages are derived data (README, "Guarantees"): a page is rebuilt whenever one of its inputs
changed, whichever languages the command was asked for, and l10n removes only files it wrote
and that still hold what it wrote. The manifest is how it knows both.

It lives in ``<root>/.l10n/build-manifest.json`` (``MANIFEST``), not under the build folder:
a deploy of ``build/`` never publishes it, the build folder's file listing (the goldens) stays
as it was, and a build folder outside the project or symlinked to a web root is still
described by the project that wrote it. It is a cache: git-ignore it; without it (a fresh
clone) every page is rebuilt once and no page is removed as an orphan (a warning names it).

One record per file, keyed by its path relative to the build folder (``fr/x.html``)::

    {"build_dir": "build", "pages": {"fr/x.html": {"sha256": "...", "inputs": {...}}}, "version": 1}

``inputs`` holds one hash per input of a localized page (``Inputs``); the original's pages
and ``index.html`` have none (they are rewritten by every publish run).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from l10n import __version__
from l10n.config import Config
from l10n.errors import L10nError
from l10n.project import digest, file_state, read_snapshot, write_atomic
from l10n.publish.theme import TEMPLATES as PROJECT_TEMPLATES

MANIFEST = Path(".l10n") / "build-manifest.json"
"""Where the manifest lives, relative to the project root."""

_VERSION = 1
TEMPLATES = Path(__file__).resolve().parent.parent / "publish" / "templates"
"""The page templates (Jinja) whose bytes are an input of every page (with the project's own
``templates/`` folder, ``l10n.publish.theme.TEMPLATES``)."""

Inputs = dict[str, str]
"""A localized page's inputs by name: ``settings`` (l10n version, templates, config file,
glossary, publishing policy), ``source`` (the article's bytes), ``catalog`` (the ``.po``'s
bytes; ``"missing"`` or ``"unreadable"``), ``alternates`` (the other published languages)."""


@dataclass(frozen=True)
class Record:
    """What l10n wrote at one path: the bytes' SHA-256 and the page's inputs (empty: none kept)."""

    sha256: str
    inputs: Inputs = field(default_factory=dict)


@dataclass
class Manifest:
    """The records of one build folder (see the module docstring).

    Attributes:
        build_dir: the build folder as the project names it (``Config.rel``); records of another
            folder are not this one's.
        pages: records by path relative to the build folder (POSIX form).
    """

    build_dir: str
    pages: dict[str, Record] = field(default_factory=dict)

    def record(self, cfg: Config, path: Path) -> Record | None:
        """The record of ``path`` (a file under ``cfg.build_dir``), or None."""
        return self.pages.get(_key(cfg, path))

    def wrote(self, cfg: Config, path: Path, data: bytes | str, inputs: Inputs | None = None) -> None:
        """Record that ``path`` now holds ``data``, made from ``inputs``."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        self.pages[_key(cfg, path)] = Record(digest(raw), dict(inputs or {}))

    def forget(self, cfg: Config, path: Path) -> None:
        """Drop the record of ``path`` (removed)."""
        self.pages.pop(_key(cfg, path), None)

    def owns(self, cfg: Config, path: Path) -> bool:
        """True when l10n wrote ``path`` and it still holds exactly those bytes (safe to remove).

        Raises:
            InputError, WriteError: ``path`` is not a regular file or cannot be read.
        """
        rec = self.record(cfg, path)
        if rec is None:
            return False
        snap = read_snapshot(path, cfg.rel(path))
        return snap.exists and digest(snap.data) == rec.sha256

    def dumps(self) -> str:
        """The manifest as JSON, keys sorted (the same records give the same bytes)."""
        pages = {k: {"sha256": r.sha256, "inputs": r.inputs} for k, r in sorted(self.pages.items())}
        body = {"version": _VERSION, "build_dir": self.build_dir, "pages": pages}
        return json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _key(cfg: Config, path: Path) -> str:
    return path.relative_to(cfg.build_dir).as_posix()


def load(cfg: Config) -> Manifest:
    """Read the project's manifest; missing, unreadable or of another build folder: an empty one.

    An unreadable manifest costs one full rebuild and keeps orphaned files (never a wrong
    removal), so it is not an error.
    """
    empty = Manifest(cfg.rel(cfg.build_dir))
    try:
        snap = read_snapshot(cfg.root / MANIFEST)
        body = json.loads(snap.data) if snap.exists else None
        if not isinstance(body, dict) or body.get("version") != _VERSION:
            return empty
        if body.get("build_dir") != empty.build_dir:
            return empty
        pages = {
            str(k): Record(str(v["sha256"]), {str(a): str(b) for a, b in v.get("inputs", {}).items()})
            for k, v in body["pages"].items()
        }
    except (L10nError, ValueError, KeyError, TypeError, AttributeError):
        return empty
    return Manifest(empty.build_dir, pages)


def save(cfg: Config, manifest: Manifest) -> bool:
    """Write the manifest (atomically; untouched when its bytes would not change); True if written.

    Raises:
        WriteError: it cannot be written.
    """
    return write_atomic(cfg.root / MANIFEST, manifest.dumps(), display=MANIFEST.as_posix())


def _file_digest(path: Path | None) -> str:
    return "none" if path is None else file_state(path)


def settings_digest(cfg: Config, policy: str) -> str:
    """The hash of what every page of the project is made with besides its article and catalog.

    Args:
        cfg: the project (its config file, glossary and ``templates/`` folder are read).
        policy: the publishing policy of this run, as text (``repr`` of the policy).

    Raises:
        InputError, WriteError: the config file or glossary is not a readable file.
    """
    parts = [__version__, policy, _file_digest(cfg.file), _file_digest(cfg.glossary)]
    parts += _folder_digests("", TEMPLATES)
    project = cfg.root / PROJECT_TEMPLATES  # a project's own templates override the built-in ones
    if project.is_dir():
        parts += _folder_digests("project/", project)
    return digest("\n".join(parts).encode("utf-8"))


def _folder_digests(prefix: str, folder: Path) -> list[str]:
    """``<prefix><relative path>:<digest>`` of every file under ``folder``, subfolders included:
    a template may include, import or extend any file there (Jinja2), whatever its suffix."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return [f"{prefix}{p.relative_to(folder).as_posix()}:{_file_digest(p)}" for p in files]


__all__ = ["MANIFEST", "Inputs", "Manifest", "Record", "load", "save", "settings_digest"]
