"""The one list of article file suffixes, and the tests on a path's suffix. No parser imported.

``.txt`` is plain text (``l10n.formats.txt``), ``.md`` and ``.markdown`` Markdown
(``l10n.formats.markdown``), ``.html`` and ``.htm`` HTML (``l10n.formats.html``). Suffixes
compare case-insensitively. The project's source scan (``l10n.project``), the segmenter
dispatch (``l10n.formats.source``) and the build import them from here, so that knowing what
an article is costs no parser import (``import l10n.project`` loads no lxml, markdown-it,
pysbd or ruamel).
"""

from __future__ import annotations

import pathlib

TEXT_SUFFIXES = (".txt",)
"""Suffixes of plain-text articles (``l10n.formats.txt``)."""

MARKDOWN_SUFFIXES = (".md", ".markdown")
"""Suffixes of Markdown articles (``l10n.formats.markdown``)."""

HTML_SUFFIXES = (".html", ".htm")
"""Suffixes of HTML articles (``l10n.formats.html``)."""

ARTICLE_SUFFIXES = (*TEXT_SUFFIXES, *MARKDOWN_SUFFIXES, *HTML_SUFFIXES)
"""Every article file suffix ``l10n.formats.source.load_document`` accepts, in this order."""


def is_article(path: str | pathlib.PurePath) -> bool:
    """True when the file name ends in an article suffix (``ARTICLE_SUFFIXES``, any case) and is
    not hidden: a name starting with ``.`` (``.draft.txt``, macOS AppleDouble ``._a.txt``) is
    never an article."""
    name = pathlib.PurePath(path).name
    return not name.startswith(".") and pathlib.PurePath(path).suffix.lower() in ARTICLE_SUFFIXES


def is_markdown_path(path: str | pathlib.PurePath) -> bool:
    """True when the file name ends in a Markdown suffix (``MARKDOWN_SUFFIXES``, any case)."""
    return pathlib.PurePath(path).suffix.lower() in MARKDOWN_SUFFIXES


def is_html_path(path: str | pathlib.PurePath) -> bool:
    """True when the file name ends in an HTML suffix (``HTML_SUFFIXES``, any case)."""
    return pathlib.PurePath(path).suffix.lower() in HTML_SUFFIXES


__all__ = [
    "ARTICLE_SUFFIXES",
    "HTML_SUFFIXES",
    "MARKDOWN_SUFFIXES",
    "TEXT_SUFFIXES",
    "is_article",
    "is_html_path",
    "is_markdown_path",
]
