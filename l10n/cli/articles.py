"""Article arguments and language names on the command line: which articles, which languages.

``l10n build harbor-fire`` and ``l10n build source/harbor-fire.md`` name the same article: an
argument is a slug (the file name without its suffix), a file name in the source folder, or a
path to an article file (relative to the current folder or to the project root). A name that
matches no article, or a ``--lang`` that is not a configured language, is a one-line usage error
(exit 2) listing the close matches (``difflib`` for articles; for a language one edit away, the
same language, or the language CLDR gives the region it may name: ``vn`` -> ``vi``), else the
configured languages and the config key to add one to.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated

import typer

from l10n.config import Config
from l10n.errors import L10nError, UsageError
from l10n.locale import region_language, validate_tag
from l10n.project import Layout

ArticlesArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="ARTICLE",
        help="Articles to work on: slugs (harbor-fire) or paths (source/harbor-fire.md). "
        "Default: every article.",
        show_default=False,
    ),
]

SHOWN = 5
"""How many article names an unknown-article error lists when none is close."""


def close_matches(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """Up to three of ``candidates`` close to ``word`` (``difflib.get_close_matches``, case-insensitive).

    Returns:
        The candidates as written, closest first; empty when none reaches ``cutoff`` (0..1).
    """
    by_lower = {c.lower(): c for c in candidates}
    return [by_lower[m] for m in difflib.get_close_matches(word.lower(), list(by_lower), n=3, cutoff=cutoff)]


def edit_distance(a: str, b: str) -> int:
    """The optimal string alignment distance of ``a`` and ``b``: how many single-character
    insertions, deletions, substitutions or swaps of two neighbours turn one into the other
    (Damerau-Levenshtein without edits of an edited part; ``fre`` -> ``fr``: 1, ``it`` -> ``vi``: 2).
    """
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            best = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, prev2[j - 2] + 1)
            row.append(best)
        prev2, prev = prev, row
    return prev[-1]


def language_suggestions(tag: str, candidates: Sequence[str], max_edits: int = 1) -> list[str]:
    """Up to three tags of ``candidates`` a mistyped ``tag`` may mean; none when none is close.

    In order: the language CLDR's likely subtags give the region ``tag`` names (``vn`` -> ``vi``,
    ``jp`` -> ``ja``); the tags of the same language (``pt`` -> ``pt-BR``); the tags at most
    ``max_edits`` edits away (``edit_distance``, case-insensitive, ``_`` read as ``-``: ``fre`` ->
    ``fr``), nearest first. ``it`` suggests nothing from ``vi, fr``: two letters share one.

    Args:
        tag: the language tag as given (any case).
        candidates: the valid tags, canonical BCP 47.
        max_edits: the most edits a close tag is away.
    """
    typed = tag.replace("_", "-").lower()
    region = region_language(typed)
    out = [c for c in candidates if region and c.split("-")[0] == region]
    out += [c for c in candidates if c.split("-")[0].lower() == typed.split("-")[0] and c not in out]
    near = sorted((edit_distance(typed, c.lower()), i) for i, c in enumerate(candidates))
    out += [candidates[i] for d, i in near if d <= max_edits and candidates[i] not in out]
    return out[:3]


def did_you_mean(options: Sequence[str]) -> str:
    """`` (did you mean vi?)`` / `` (did you mean vi or fr?)``, or "" for no options."""
    if not options:
        return ""
    shown = " or ".join([", ".join(options[:-1]), options[-1]] if len(options) > 1 else options)
    return f" (did you mean {shown}?)"


def config_key(cfg: Config, key: str) -> str:
    """Where ``key`` is set: ``languages in l10n.toml`` or ``[tool.l10n] languages in pyproject.toml``."""
    if cfg.file is None:
        return f"{key} in the config"
    if cfg.file.name == "pyproject.toml":
        return f"[tool.l10n] {key} in pyproject.toml"
    return f"{key} in {cfg.file.name}"


def resolve_articles(cfg: Config, names: Sequence[str] | None, cwd: Path) -> list[str] | None:
    """The slugs the article arguments ``names`` give, in order, each once; None for no arguments.

    Raises:
        UsageError: a name matches no article (the message lists the close matches).
        SourceError: the source folder is missing or holds no article.
    """
    if not names:
        return None
    files = Layout(cfg).articles()
    slugs: list[str] = []
    for name in names:
        slug = _slug_of(name, files, cfg, cwd)
        if slug is None:
            raise UsageError(_unknown(cfg, name, files))
        if slug not in slugs:
            slugs.append(slug)
    return slugs


def _slug_of(name: str, files: Sequence[Path], cfg: Config, cwd: Path) -> str | None:
    """The slug ``name`` gives: a slug, a file name of the source folder, or a path to an article."""
    stems = {f.stem for f in files}
    if name in stems:
        return name
    path = Path(name).expanduser()
    resolved = {f.resolve(): f.stem for f in files}
    for base in (cwd, cfg.root, cfg.source_dir):
        try:
            found = resolved.get((base / path).resolve())
        except (OSError, RuntimeError):  # a name no file system can hold, a symlink loop
            found = None
        if found is not None:
            return found
    return None


def _unknown(cfg: Config, name: str, files: Sequence[Path]) -> str:
    """``no article 'harbour-fire' in source/ (did you mean harbor-fire?)``, or the articles there."""
    stems = sorted({f.stem for f in files})
    close = close_matches(Path(name).stem or name, stems)
    folder = cfg.rel(cfg.source_dir)
    if close:
        return f"no article '{name}' in {folder}/{did_you_mean(close)}"
    listed = ", ".join(stems[:SHOWN]) + (f" and {len(stems) - SHOWN} more" if len(stems) > SHOWN else "")
    return f"no article '{name}' in {folder}/ (articles: {listed})"


def configured_langs(cfg: Config, tags: Sequence[str] | None) -> list[str]:
    """The ``--lang`` values in canonical BCP 47 form, each once, or every configured language.

    Raises:
        UsageError: a tag is not valid BCP 47, names the source language, or is not one of the
            config's ``languages`` (the message names that key and the close matches).
    """
    if not tags:
        return list(cfg.languages)
    out: list[str] = []
    for tag in tags:
        try:
            canon = validate_tag(tag)
        except L10nError as exc:
            hint = did_you_mean(language_suggestions(tag, cfg.languages))
            raise UsageError(f"--lang {tag}: {exc.message}{hint}") from None
        if canon == cfg.source_language:
            raise UsageError(f"--lang {tag}: that is the source language")
        if canon not in cfg.languages:
            hint = did_you_mean(language_suggestions(tag, cfg.languages))
            raise UsageError(
                f"--lang {tag}: not a configured language{hint}; add it to {config_key(cfg, 'languages')} "
                f"(now: {', '.join(cfg.languages)})"
            )
        if canon not in out:
            out.append(canon)
    return out


__all__ = [
    "ArticlesArg",
    "close_matches",
    "config_key",
    "configured_langs",
    "did_you_mean",
    "edit_distance",
    "language_suggestions",
    "resolve_articles",
]
