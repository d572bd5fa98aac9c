"""Facts of the review page computed once per language (CLDR through ``l10n.locale``).

The editors carry the target language's ``lang`` and ``dir`` (Arabic is edited right to left);
the source side is always ``lang="en"`` ``dir="ltr"``. The title names the language in itself
and by its tag: ``Review — Tiếng Việt (vi)``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from l10n.errors import ConfigError
from l10n.locale import direction, language_name
from l10n.review.queue import REASONS

REASON_LABELS = {
    "unrenderable": "cannot be rendered",
    "source-changed": "source changed",
    "check-failed": "failed check",
    "machine": "machine",
    "fuzzy": "fuzzy",
    "untranslated": "untranslated",
}
"""The words the page uses for each ``l10n.review.queue.REASONS`` value (filters, counts)."""


@lru_cache(maxsize=32)
def page_language(lang: str) -> dict[str, str]:
    """The template's language fields of ``lang`` (a BCP 47 tag the config validated).

    Returns:
        ``{"lang": tag, "dir": "ltr" | "rtl", "lang_name": CLDR name in itself,
        "title": "Review — <name> (<tag>)"}``; a tag CLDR does not know keeps the tag as its
        name and ``ltr``.
    """
    try:
        name, text_dir = language_name(lang), direction(lang)
    except ConfigError:
        name, text_dir = lang, "ltr"
    name = name[:1].upper() + name[1:]
    return {"lang": lang, "dir": text_dir, "lang_name": name, "title": f"Review — {name} ({lang})"}


def page_context(lang: str) -> dict[str, Any]:
    """The template fields that depend only on the language: ``page_language`` plus
    ``reasons`` (``REASONS``, in queue order) and ``labels`` (``REASON_LABELS``)."""
    return {**page_language(lang), "reasons": REASONS, "labels": REASON_LABELS}


__all__ = ["REASON_LABELS", "page_context", "page_language"]
