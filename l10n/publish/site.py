"""The site around the articles: page templates, URLs and hreflang links, the notice, the index.

The page for language ``L`` of article ``slug`` is ``<base_url>/L/slug.html``; the English
original is at ``<base_url>/en/slug.html`` and is also the ``x-default`` alternate. With an
empty ``base_url`` (the default) every link is relative (``L/slug.html`` from
``build/index.html``), so a local ``build/`` folder can be browsed without leaving the disk,
and pages carry no canonical or hreflang links (those must be absolute URLs): set
``base_url`` for publishing. The language and slug are percent-encoded
in every URL (``Breaking News!`` -> ``Breaking%20News%21.html``); the files keep their names.
Templates live in ``l10n/publish/templates``
(Jinja2, autoescaped). No I/O besides reading the templates; ``l10n.publish.pages`` fills the
article page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import quote

import jinja2
from babel.numbers import format_percent

from l10n.locale import babel_locale, direction, language_name
from l10n.publish.policy import whole_percent

__all__ = [
    "FALLBACK_NOTICES",
    "NOTICES",
    "IndexRow",
    "build_index",
    "foreign_dir",
    "links",
    "notice",
    "template",
    "url",
]

NOTICES: Mapping[str, str] = {
    "en": "This page contains machine translation that has not been reviewed.",
    "vi": "Trang này có bản dịch máy chưa được biên tập viên duyệt.",
    "fr": "Cette page contient une traduction automatique qui n’a pas été relue.",
    "de": "Diese Seite enthält maschinelle Übersetzungen, die nicht geprüft wurden.",
    "es": "Esta página contiene traducción automática que no ha sido revisada.",
    "zh-Hans": "本页包含未经人工审校的机器翻译。",
    "ja": "このページには、人による確認を経ていない機械翻訳が含まれています。",
    "ru": "Эта страница содержит машинный перевод, не прошедший редакторскую проверку.",
}
"""The unreviewed-translation notice per language tag (exact tag first, then the bare language
subtag); a language missing here gets the English notice marked ``lang="en"``. Our own wording,
kept short so editors can check it."""


FALLBACK_NOTICES: Mapping[str, str] = {
    "en": "Parts of this page are not translated yet and are shown in the original language.",
    "vi": "Một số phần của trang này chưa được dịch và được hiển thị bằng ngôn ngữ gốc.",
    "fr": "Certaines parties de cette page ne sont pas encore traduites et restent en langue originale.",
    "de": "Teile dieser Seite sind noch nicht übersetzt und werden in der Originalsprache angezeigt.",
    "es": "Partes de esta página aún no están traducidas y se muestran en el idioma original.",
    "zh-Hans": "本页部分内容尚未翻译，以原文显示。",
    "ja": "このページの一部はまだ翻訳されておらず、原文のまま表示されています。",
    "ru": "Часть этой страницы ещё не переведена и показана на языке оригинала.",
}
"""The notice on a page where some text falls back to the original (same lookup as ``NOTICES``).
It names no language, so it fits any ``source_language``."""


def notice(lang: str, source_lang: str, texts: Mapping[str, str] = NOTICES) -> tuple[str, str | None]:
    """Return a notice for a ``lang`` page from ``texts`` (``NOTICES`` or ``FALLBACK_NOTICES``).

    The exact tag is looked up first, then the bare language subtag, then English.

    Returns:
        ``(text, lang attribute)``; the attribute is None when the notice is in ``lang``,
        else ``source_lang`` (the English notice).
    """
    primary = lang.split("-")[0]
    for key in (lang, primary):
        if key in texts:
            return texts[key], None
    return texts["en"], source_lang


def foreign_dir(lang: str, other: str) -> str | None:
    """The ``dir`` attribute for text in ``other`` on a ``lang`` page: None when both directions agree.

    English fallback on an Arabic page gets ``"ltr"``, so that neutral characters (full stops,
    brackets) at its ends stay with the English text instead of following the page direction.

    Raises:
        ConfigError: a tag is not a CLDR locale.
    """
    theirs = direction(other)
    return theirs if theirs != direction(lang) else None


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("l10n.publish", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def template(name: str) -> jinja2.Template:
    """The Jinja2 template ``name`` from ``l10n/publish/templates`` (autoescaped; undefined names are errors:
    StrictUndefined)."""
    return _env().get_template(name)


def url(base_url: str, lang: str, slug: str, *, relative: str) -> str:
    """The URL of article ``slug`` in ``lang``: under ``base_url``, else ``relative`` + ``lang/slug.html``.

    ``lang`` and ``slug`` are path segments, percent-encoded (UTF-8) with ``urllib.parse.quote``:
    a space, ``!``, ``?``, ``#``, ``/`` or a non-ASCII letter cannot end or break the link.
    ``base_url`` and ``relative`` are used as given.
    """
    path = f"{quote(lang, safe='')}/{quote(slug + '.html', safe='')}"
    if base_url:
        return f"{base_url.rstrip('/')}/{path}"
    return f"{relative}{path}"


def links(
    slug: str, lang: str, alternates: Sequence[str], *, base_url: str, source_lang: str
) -> list[tuple[str, str]]:
    """The hreflang alternates ``[(tag, href), ...]``: the original, ``alternates``, this page, x-default.

    ``[]`` when ``base_url`` is empty: hreflang links must be absolute, so a local build has none.

    Raises:
        ConfigError: a tag is not a CLDR locale.
    """
    hreflangs: list[str] = []
    for tag in (source_lang, *alternates, lang):
        babel_locale(tag)  # validates the tag
        if tag not in hreflangs:
            hreflangs.append(tag)
    if not base_url:
        return []
    links = [(tag, url(base_url, tag, slug, relative="../")) for tag in hreflangs]
    links.append(("x-default", url(base_url, source_lang, slug, relative="../")))
    return links


@dataclass(frozen=True)
class IndexRow:
    """One article in ``build/index.html``.

    Attributes:
        slug: the article's slug.
        title: its headline in the source language.
        completion: language tag -> ``completion`` percent, or None when the language was not
            built (below ``min_complete`` or failed). Tags appear as columns in first-seen order.
        fallback: language tag -> ``fallback_percent`` (words shown in the source language);
            a built language missing here shows no fallback figure.
    """

    slug: str
    title: str
    completion: Mapping[str, float | None]
    fallback: Mapping[str, float] = field(default_factory=dict)


def build_index(rows: Sequence[IndexRow], *, base_url: str, source_lang: str = "en") -> str:
    """Return ``build/index.html``: a table of articles x languages with completion percentages.

    Each article links to its original (``<source_lang>/<slug>.html``) and to every built
    language; percentages are formatted by Babel for ``source_lang``; column headers are CLDR
    language names in ``source_lang``. With an empty ``base_url`` links are relative to ``build/``.
    Under a built language's completion, the share of its words still shown in the source
    language (``IndexRow.fallback``, rounded up: any fallback reads at least 1%), e.g. "23% English",
    in ``<small class="fallback">``; nothing when there is no fallback.

    Raises:
        ConfigError: a language tag is not a CLDR locale.
    """
    langs: list[str] = []
    for row in rows:
        langs.extend(tag for tag in row.completion if tag not in langs)
    loc = babel_locale(source_lang)
    source_name = language_name(source_lang, source_lang)
    columns = [(tag, language_name(tag, source_lang)) for tag in langs]
    table = []
    for row in rows:
        cells: list[tuple[str, str, str] | None] = []
        for tag in langs:
            pct = row.completion.get(tag)
            if pct is None:
                cells.append(None)
                continue
            href = url(base_url, tag, row.slug, relative="")
            # Rounded down (whole_percent), so that 99.6% never reads as complete.
            shown = format_percent(whole_percent(pct) / 100, "#,##0%", locale=loc)
            fallback = whole_percent(row.fallback.get(tag, 0.0), up=True)
            note = f"{format_percent(fallback / 100, '#,##0%', locale=loc)} {source_name}" if fallback else ""
            cells.append((href, shown, note))
        table.append(
            {"title": row.title, "href": url(base_url, source_lang, row.slug, relative=""), "cells": cells}
        )
    return template("index.html.j2").render(
        lang=source_lang, dir=direction(source_lang), columns=columns, rows=table, source_name=source_name
    )
