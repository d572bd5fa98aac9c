"""The byline of an article: its author and publication date, as the source gives them.

Read from the source, never translated: a Markdown article's front matter ``author`` and
``date`` (YAML: a date, a date-time or an ISO 8601 string); an HTML article's
``<meta name="author">``, ``<meta property="article:published_time">`` and else the first
``<time datetime>``. The date is shown in the page language's CLDR long format (Babel
``format_date``: ``7 tháng 12, 2026`` in ``vi``), with the ISO date for ``<time datetime>``.
A date that is not ISO 8601 is left out. No I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import format_date

from l10n.formats.html import parse_html
from l10n.formats.markdown.frontmatter import load_mapping
from l10n.locale import babel_locale
from l10n.model import Document

__all__ = ["Byline", "byline", "source_byline"]

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Byline:
    """Author and date of an article as a page shows them.

    Attributes:
        author: the author's name, or ``""``.
        date: the ISO date (``2026-03-01``) for ``<time datetime>``, or ``""``.
        shown: the date in the page language's CLDR long format, or ``""``.
    """

    author: str
    date: str
    shown: str


def _as_date(value: object) -> dt.date | None:
    """A date from a YAML value or an ISO 8601 string (``Z`` accepted), else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.datetime.fromisoformat(value.strip()).date()
        except ValueError:
            try:
                return dt.date.fromisoformat(value.strip()[:10])
            except ValueError:
                return None
    return None


def source_byline(doc: Document) -> tuple[str, dt.date | None]:
    """``(author, date)`` of ``doc`` from its source (see the module docstring); ``("", None)``
    for a plain-text article or one without them."""
    source = doc.render(lambda s: s.source)
    if doc.format == "markdown":
        found = _FRONT.match(source)
        data = load_mapping(found.group(1)) if found else None
        if not data:
            return "", None
        author = data.get("author")
        return (str(author).strip() if isinstance(author, str | int) else ""), _as_date(data.get("date"))
    if doc.format == "html":
        root = parse_html(source)
        author = root.xpath("string(//meta[translate(@name, 'AUTHOR', 'author')='author']/@content)")
        when = root.xpath("string(//meta[@property='article:published_time']/@content)") or root.xpath(
            "string(//time[@datetime][1]/@datetime)"
        )
        return " ".join(str(author).split()), _as_date(str(when))
    return "", None


def byline(doc: Document, lang: str) -> Byline | None:
    """The ``Byline`` of ``doc`` on a ``lang`` page, None when the source has neither author nor date.

    Raises:
        ConfigError: ``lang`` is not a CLDR locale.
    """
    author, when = source_byline(doc)
    if not author and when is None:
        return None
    shown = format_date(when, "long", locale=babel_locale(lang)) if when else ""
    return Byline(author, when.isoformat() if when else "", shown)
