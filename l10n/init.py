"""``l10n init``: the files of a new project, created in a folder, never over an existing file.

A project is ``l10n.toml`` (the source and target languages), ``source/`` with a sample article
(unless the folder already holds an article), an empty ``glossary.csv`` (its header row only,
the columns ``l10n.glossary`` reads) and a ``.gitignore`` for what l10n makes and can remake:
``build/``, ``models/``, the compiled catalogs (``locales/**/*.mo``, remade by ``l10n compile``),
the project lock and the temp files of atomic writes
(``l10n.project.write_atomic``). Each file is created whole or not at all (``write_atomic``
expecting no file: written beside, then hard-linked into place, which fails if the file exists).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from l10n.config import Config
from l10n.errors import ConflictError
from l10n.formats.suffixes import is_article
from l10n.leftovers import ASIDE_SUFFIX, TEMP_SUFFIX
from l10n.project import LOCK_NAME, STATE_DIR, Snapshot, write_atomic

SAMPLE_SLUG = "welcome"
"""Slug of the sample article: ``source/welcome.md``."""

SAMPLE_ARTICLE = """\
---
title: Welcome to your newsroom's translations
---

# Welcome

This sample article shows how l10n works. Each sentence becomes an entry of a gettext catalog.

Run `l10n build` to translate it, then `l10n review` to check the machine translation.
Replace this file with your own articles: Markdown, HTML or plain text.
"""

GITIGNORE_LINES = (
    "build/",
    "models/",
    f"{Config.locales_dir.as_posix()}/**/*.mo",
    LOCK_NAME,
    f"{STATE_DIR}/",
    f".*{TEMP_SUFFIX}",
    f".*{ASIDE_SUFFIX}",
)
"""What a project's ``.gitignore`` leaves out: built pages, models, compiled catalogs (README,
"Catalog files": ``.mo`` files are generated), the lock, l10n's state folder (build manifest,
staging), temp files and a killed run's aside copies."""


@dataclass
class InitResult:
    """What ``init_project`` did, as paths relative to the project folder (forward slashes).

    Attributes:
        created: files made.
        kept: files that already existed and were left as they are.
    """

    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def config_text(source_language: str, languages: Sequence[str]) -> str:
    """The ``l10n.toml`` of a new project (canonical BCP 47 tags; other keys keep their defaults)."""
    listed = ", ".join(f'"{tag}"' for tag in languages)
    return (
        "# l10n project configuration; every key and its default: README.md, section Configuration\n"
        f'source_language = "{source_language}"\n'
        f"languages = [{listed}]\n"
    )


def glossary_header(source_language: str, languages: Sequence[str]) -> str:
    """The header row of an empty termbase: ``en,dnt,vi,fr,note`` (``l10n.glossary`` columns)."""
    return ",".join([source_language, "dnt", *languages, "note"]) + "\n"


def init_project(root: Path, source_language: str, languages: Sequence[str]) -> InitResult:
    """Create the files of a new project in ``root``; an existing file is kept, never overwritten.

    Args:
        root: the project folder (it exists).
        source_language, languages: canonical BCP 47 tags, validated by the caller.

    Raises:
        WriteError: a file or the source folder cannot be created (the files made so far stay).
    """
    result = InitResult()
    source = root / Config.source_dir
    files = {
        "l10n.toml": config_text(source_language, languages),
        "glossary.csv": glossary_header(source_language, languages),
        ".gitignore": "".join(line + "\n" for line in GITIGNORE_LINES),
    }
    has_article = source.is_dir() and any(p.is_file() and is_article(p) for p in source.iterdir())
    if not has_article:
        files[f"{Config.source_dir.as_posix()}/{SAMPLE_SLUG}.md"] = SAMPLE_ARTICLE
    for name, text in files.items():
        (result.created if _create(root / name, text, name) else result.kept).append(name)
    return result


def _create(path: Path, text: str, name: str) -> bool:
    """Write ``path`` whole unless it exists (``write_atomic`` expecting no file); return whether
    it was created.

    Raises:
        WriteError: the folder or the file cannot be made.
    """
    try:
        return write_atomic(path, text, expect=Snapshot(path, b"", exists=False), display=name)
    except ConflictError:  # the file exists: kept as it is
        return False


__all__ = [
    "GITIGNORE_LINES",
    "SAMPLE_ARTICLE",
    "InitResult",
    "config_text",
    "glossary_header",
    "init_project",
]
