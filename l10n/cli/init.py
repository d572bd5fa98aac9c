"""``l10n init``: make the current folder a project (``l10n.init``); refused inside a project."""

from __future__ import annotations

from pathlib import Path

import typer
from babel.localedata import locale_identifiers

from l10n.cli.articles import did_you_mean, language_suggestions
from l10n.cli.base import AppState, LangOpt, QuietOpt, app, state_of
from l10n.config import Config
from l10n.config_file import find_root
from l10n.errors import L10nError, UsageError
from l10n.init import init_project
from l10n.locale import validate_tag


@app.command()
def init(ctx: typer.Context, lang: LangOpt = None, quiet: QuietOpt = False) -> None:
    """Make the current folder an l10n project: l10n.toml with the --lang languages, source/ with a
    sample article (unless it holds one), an empty glossary.csv and a .gitignore. Never overwrites
    a file; refused inside an existing project."""
    state = state_of(ctx, quiet)
    try:
        langs = _languages(lang)
        root = Path.cwd().resolve()
        existing = find_root(root)
        if existing is not None:
            raise UsageError(f"already inside the l10n project {existing}: nothing to initialise")
        result = init_project(root, Config.source_language, langs)
    except L10nError as exc:
        state.err.print(f"error: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    _say(state, result.created, result.kept, langs)


def _languages(tags: list[str] | None) -> list[str]:
    """The ``--lang`` tags, canonical and each once (default: the config's default languages).

    Raises:
        UsageError: a tag CLDR does not know (with the close matches) or the source language.
    """
    out: list[str] = []
    for tag in tags or Config.languages:
        try:
            canon = validate_tag(tag)
        except L10nError as exc:
            known = sorted({x.replace("_", "-") for x in locale_identifiers()})
            hint = did_you_mean(language_suggestions(tag, known))
            raise UsageError(f"--lang {tag}: {exc.message}{hint}") from None
        if canon == Config.source_language:
            raise UsageError(f"--lang {tag}: that is the source language ({Config.source_language})")
        if canon not in out:
            out.append(canon)
    return out


def _say(state: AppState, created: list[str], kept: list[str], langs: list[str]) -> None:
    """What was made and kept; the next step."""
    if state.quiet:
        return
    for name in created:
        state.out.print(f"created {name}", markup=False)
    for name in kept:
        state.out.print(f"kept {name} (exists; not changed)", markup=False)
    state.out.print(f"languages: {', '.join(langs)}; next: l10n build", markup=False)
