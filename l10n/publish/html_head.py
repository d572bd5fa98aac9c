"""Page-level metadata of a built HTML article: charset, Open Graph locale, JSON-LD language,
and the ``lang`` attributes of translated elements.

- ``<meta charset="utf-8">`` is the head's first child (the build writes UTF-8); every other
  charset declaration (``<meta charset>``, ``<meta http-equiv="Content-Type">``) is dropped.
- ``og:locale`` (when the source has one) is the page language as ``ll_TT`` (the CLDR likely
  territory, from Babel); ``og:locale:alternate`` lists the other languages the article is
  built in (the ``hreflang`` links), after it.
- JSON-LD ``inLanguage`` strings are set to the page language.
- On a translated page, an element whose ``lang``/``xml:lang`` names the source language (any
  region: ``en``, ``en-US``) takes the page language; the fallback spans of the build
  (``<span lang="en">`` with at most a ``dir``) keep the source language.
"""

from __future__ import annotations

from collections.abc import Sequence

import lxml.etree
from babel import Locale, UnknownLocaleError
from babel.core import get_global

from l10n.formats.html import set_in_language, tag_name
from l10n.formats.html.parse import attribute_name

__all__ = ["drop", "og_locale", "set_head", "set_languages"]


def og_locale(tag: str) -> str:
    """The Open Graph locale (``ll_TT``) of a BCP 47 tag: ``vi`` -> ``vi_VN``, ``zh-Hans`` -> ``zh_CN``.

    The territory is the tag's own, else CLDR's likely subtags (Babel); without one, ``ll``.
    """
    try:
        loc = Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return tag.replace("-", "_")
    territory = loc.territory
    if not territory:
        likely = get_global("likely_subtags")
        full = likely.get(str(loc)) or likely.get(loc.language) or ""
        territory = full.split("_")[-1] if full.count("_") >= 1 else None
    return f"{loc.language}_{territory}" if territory else loc.language


def set_head(head: lxml.etree._Element, *, lang: str, alternates: Sequence[str]) -> None:
    """Charset first, ``og:locale`` and its alternates, JSON-LD ``inLanguage`` (module docstring)."""
    for meta in list(head.iter("meta")):
        equiv = (meta.get("http-equiv") or "").lower()
        if meta.get("charset") is not None or equiv == "content-type":
            drop(meta)
    charset = lxml.etree.Element("meta", charset="utf-8")
    charset.tail = head.text or "\n"
    head.text = "\n"
    head.insert(0, charset)
    for script in head.getroottree().iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
            script.text = set_in_language(script.text, lang)
    _og_locale(head, lang, alternates)


def _og_locale(head: lxml.etree._Element, lang: str, alternates: Sequence[str]) -> None:
    metas = [m for m in head.iter("meta") if (m.get("property") or "").lower().startswith("og:locale")]
    main = next((m for m in metas if (m.get("property") or "").lower() == "og:locale"), None)
    for meta in metas:
        if meta is not main:
            drop(meta)
    if main is None:
        return
    main.set("content", og_locale(lang))
    for other in reversed([a for a in alternates if a not in (lang, "x-default")]):
        alt = lxml.etree.Element("meta", property="og:locale:alternate", content=og_locale(other))
        alt.tail = main.tail
        main.addnext(alt)


def set_languages(root: lxml.etree._Element, lang: str, source_lang: str) -> None:
    """Give translated elements the page language (module docstring); nothing on the original's page."""
    primary = source_lang.split("-")[0].lower()
    if lang.split("-")[0].lower() == primary:
        return
    for el in root.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        keys = [k for k in el.attrib if attribute_name(k) in ("lang", "xml:lang")]
        if not keys or _fallback_span(el, source_lang):
            continue
        for key in keys:
            if (el.get(key) or "").split("-")[0].lower() == primary:
                el.set(key, lang)


def _fallback_span(el: lxml.etree._Element, source_lang: str) -> bool:
    return tag_name(el) == "span" and el.get("lang") == source_lang and set(el.attrib) <= {"lang", "dir"}


def drop(el: lxml.etree._Element) -> None:
    """Remove ``el`` from its parent, keeping its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    prev = el.getprevious()
    if el.tail and el.tail.strip():
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
