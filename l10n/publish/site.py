"""The site around the articles: page templates, URLs and hreflang links, the notice, the index.

The page for language ``L`` of article ``slug`` is ``<base_url>/L/slug.html``; the English
original is at ``<base_url>/en/slug.html`` and is also the ``x-default`` alternate. With an
empty ``base_url`` (the default) every link is relative (``L/slug.html`` from
``build/index.html``), so a local ``build/`` folder can be browsed without leaving the disk,
and pages carry no canonical or hreflang links (those must be absolute URLs): set
``base_url`` for publishing. The language and slug are percent-encoded
in every URL (``Breaking News!`` -> ``Breaking%20News%21.html``); the files keep their names.
Templates are ``l10n.publish.theme``'s (l10n's own, or a project's ``templates/`` folder).
Notices are ours (``NOTICES``) unless the config words them (``[notices.<lang>]``). The language
switcher lists the original and the published languages by their own CLDR names. No I/O besides
reading the templates; ``l10n.publish.pages`` fills the article page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import jinja2
from babel.numbers import format_percent
from markupsafe import Markup

from l10n.locale import babel_locale, direction, language_name
from l10n.publish import theme
from l10n.publish.policy import whole_percent

__all__ = [
    "FALLBACK_NOTICES",
    "NOTICES",
    "IndexRow",
    "Switch",
    "build_index",
    "foreign_dir",
    "links",
    "notice",
    "own_name",
    "switcher",
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


def notice(
    lang: str, source_lang: str, texts: Mapping[str, str] = NOTICES, custom: Mapping[str, str] | None = None
) -> tuple[str, str | None]:
    """Return a notice for a ``lang`` page from ``custom`` (the config's ``[notices]`` texts of this
    kind, by tag), else ``texts`` (``NOTICES`` or ``FALLBACK_NOTICES``).

    The exact tag is looked up first, then the bare language subtag (in ``custom``, then in
    ``texts``), then English (``custom["en"]`` before ``texts["en"]``).

    Returns:
        ``(text, lang attribute)``; the attribute is None when the notice is in ``lang``,
        else ``source_lang`` (the English notice).
    """
    primary = lang.split("-")[0]
    for table in (custom or {}, texts):
        for key in (lang, primary):
            if key in table:
                return table[key], None
    return (custom or {}).get("en", texts["en"]), source_lang


def foreign_dir(lang: str, other: str) -> str | None:
    """The ``dir`` attribute for text in ``other`` on a ``lang`` page: None when both directions agree.

    English fallback on an Arabic page gets ``"ltr"``, so that neutral characters (full stops,
    brackets) at its ends stay with the English text instead of following the page direction.

    Raises:
        ConfigError: a tag is not a CLDR locale.
    """
    theirs = direction(other)
    return theirs if theirs != direction(lang) else None


def template(name: str, folder: Path | None = None) -> jinja2.Template:
    """The Jinja2 template ``name``: a project's (``folder``) or l10n's own (``l10n.publish.theme``)."""
    return theme.template(name, folder)


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


def own_name(tag: str) -> str:
    """The language's name in itself (CLDR via Babel), first letter capitalised as at the start of a
    menu item: ``vi`` -> ``Tiếng Việt``, ``fr`` -> ``Français``, ``ar`` -> ``العربية``.

    Raises:
        ConfigError: ``tag`` is not a CLDR locale.
    """
    name = language_name(tag)
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class Switch:
    """One entry of the language switcher.

    Attributes:
        tag: the language's tag (the link's ``hreflang`` and ``lang``).
        name: its own name (``own_name``); ``dir`` its CLDR direction when it differs from the
            page's, else None.
        href: the page of the article in that language; ``current``: this page.
    """

    tag: str
    name: str
    dir: str | None
    href: str
    current: bool


def switcher(
    slug: str,
    lang: str,
    published: Sequence[str],
    *,
    base_url: str,
    source_lang: str,
    order: Sequence[str] = (),
) -> list[Switch]:
    """The language switcher of ``slug``'s ``lang`` page: the original, then every published
    language (``published`` and ``lang``, in the order of ``order``, the configured languages,
    then as given), each once, so every page of an article lists them alike. Links are ``url``'s
    from a page's folder (``../<tag>/<slug>.html``, or absolute under ``base_url``).

    Raises:
        ConfigError: a tag is not a CLDR locale.
    """
    rank = {tag: i for i, tag in enumerate(order)}
    others = sorted(dict.fromkeys([*published, lang]), key=lambda t: rank.get(t, len(rank)))
    tags = list(dict.fromkeys([source_lang, *others]))
    return [
        Switch(
            tag, own_name(tag), foreign_dir(lang, tag), url(base_url, tag, slug, relative="../"), tag == lang
        )
        for tag in tags
    ]


@dataclass(frozen=True)
class IndexRow:
    """One article in ``build/index.html``.

    Attributes:
        slug: the article's slug.
        title: its headline in the source language.
        completion: language tag -> ``completion`` percent, or None when the language was not
            published (below ``min_complete``, no translated text shown, or failed). Tags appear
            as columns in first-seen order.
        fallback: language tag -> ``fallback_percent`` (words shown in the source language);
            a published language missing here shows no fallback figure.
        reviewed: language tag -> percent of the words shown in a reviewed translation
            (``l10n.publish.builder.reviewed_percent``); a language missing here shows none.
    """

    slug: str
    title: str
    completion: Mapping[str, float | None]
    fallback: Mapping[str, float] = field(default_factory=dict)
    reviewed: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class _Cell:
    """One published language of one article in the index (all texts formatted)."""

    href: str
    shown: str
    reviewed: str
    fallback: str


def _cell(row: IndexRow, tag: str, pct: float, *, base_url: str, source_lang: str) -> _Cell:
    """The index cell of ``row`` in ``tag``: shares rounded by ``whole_percent`` (shown and reviewed
    down, so that 99.6% never reads as complete; fallback up: any fallback reads at least 1%),
    formatted by Babel for ``source_lang``."""
    loc = babel_locale(source_lang)

    def percent(value: int) -> str:
        return format_percent(value / 100, "#,##0%", locale=loc)

    fallback = whole_percent(row.fallback.get(tag, 0.0), up=True)
    reviewed = row.reviewed.get(tag)
    return _Cell(
        href=url(base_url, tag, row.slug, relative=""),
        shown=percent(whole_percent(pct)),
        reviewed="" if reviewed is None else f"{percent(whole_percent(reviewed))} reviewed",
        fallback=f"{percent(fallback)} {language_name(source_lang, source_lang)}" if fallback else "",
    )


def build_index(
    rows: Sequence[IndexRow], *, base_url: str, source_lang: str = "en", templates: Path | None = None
) -> str:
    """Return ``build/index.html``: a table of articles x languages with completion percentages.

    Each article links to its original (``<source_lang>/<slug>.html``) and to every published
    language; percentages are formatted by Babel for ``source_lang``; column headers are the
    tags with their CLDR names in ``source_lang`` (``<abbr title>``) and in themselves. With an
    empty ``base_url`` links are relative to ``build/``. In a published language's cell: the
    share of words shown translated (the link), the share shown in a reviewed translation
    ("40% reviewed", ``<small class="reviewed">``, when ``IndexRow.reviewed`` has it) and the
    share still shown in the source language ("23% English", ``<small class="fallback">``, when
    there is any). ``templates``: a project's template folder (``l10n.publish.theme``).

    Raises:
        ConfigError: a language tag is not a CLDR locale; the template is refused.
    """
    langs: list[str] = []
    for row in rows:
        langs.extend(tag for tag in row.completion if tag not in langs)
    columns = [
        (tag, language_name(tag, source_lang), own_name(tag), foreign_dir(source_lang, tag)) for tag in langs
    ]
    table = []
    for row in rows:
        cells: list[_Cell | None] = []
        for tag in langs:
            pct = row.completion.get(tag)
            shown = None if pct is None else _cell(row, tag, pct, base_url=base_url, source_lang=source_lang)
            cells.append(shown)
        table.append(
            {"title": row.title, "href": url(base_url, source_lang, row.slug, relative=""), "cells": cells}
        )
    return theme.render(
        "index.html.j2",
        templates,
        lang=source_lang,
        dir=direction(source_lang),
        columns=columns,
        rows=table,
        source_name=language_name(source_lang, source_lang),
        style=Markup(theme.template("page.css.j2", templates).render(source_lang=source_lang, base=True)),
    )
