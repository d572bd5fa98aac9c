"""The page templates: l10n's own (``l10n/publish/templates``) and a project's overrides.

A project may put Jinja2 templates of the same names (``article.html.j2``, ``index.html.j2``,
``page.css.j2``) in a ``templates/`` folder at its root; each one found there replaces the
built-in one, the others stay l10n's. Templates are autoescaped and an undefined name is an
error (``StrictUndefined``). Whatever a template says, a page starts with ``<!DOCTYPE html>``
and the first element of its ``<head>`` is ``<meta charset="utf-8">`` (the build writes UTF-8):
``render`` checks the rendered page and refuses it otherwise. Reads only the template files.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from l10n.errors import ConfigError

__all__ = ["TEMPLATES", "render", "template"]

TEMPLATES = "templates"
"""The project folder (under its root) whose templates replace the built-in ones."""

_GUARANTEED = re.compile(
    r"\A<!DOCTYPE html>\s*<html\b[^>]*>\s*<head\b[^>]*>\s*<meta\s+charset=\"utf-8\"\s*/?>", re.IGNORECASE
)


@cache
def _env(folder: Path | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader("l10n.publish", "templates")]
    if folder is not None:
        loaders.insert(0, jinja2.FileSystemLoader(folder))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _where(folder: Path | None, name: str) -> str:
    """The file a template comes from, for messages."""
    if folder is not None and (folder / name).is_file():
        return str(folder / name)
    return f"l10n/publish/templates/{name}"


def template(name: str, folder: Path | None = None) -> jinja2.Template:
    """The template ``name``: ``folder/name`` when there is one, else l10n's own.

    Raises:
        ConfigError: the template does not parse (names the file and line).
    """
    try:
        return _env(folder).get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        where = _where(folder, name)
        raise ConfigError(f"template error: {exc.message}", path=where, line=exc.lineno) from None


def render(name: str, folder: Path | None = None, **values: Any) -> str:
    """Render the page template ``name`` with ``values`` and check what l10n guarantees.

    Raises:
        ConfigError: the template does not parse, uses an undefined name or fails while rendering,
            or the page does not start with ``<!DOCTYPE html>`` and ``<meta charset="utf-8">``
            first in ``<head>`` (one line naming the template file).
    """
    where = _where(folder, name)
    try:
        page = template(name, folder).render(**values)
    except jinja2.TemplateError as exc:
        raise ConfigError(f"template error: {exc}".splitlines()[0], path=where) from None
    if name.endswith(".html.j2") and not _GUARANTEED.match(page):
        raise ConfigError(
            'template refused: the page must start with <!DOCTYPE html> and have <meta charset="utf-8"> '
            "first in <head>",
            path=where,
        )
    return page
