"""Translation progress of catalogs: unit and word counts per entry state, as values and JSON.

States are ``l10n.model.Entry.state``: ``reviewed``, ``machine`` (unreviewed machine
translation), ``fuzzy`` (needs review after a source change), ``untranslated``, ``obsolete``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

from l10n.model import Entry

STATES = ("reviewed", "machine", "fuzzy", "untranslated", "obsolete")
"""Every entry state, in the order reports show them."""

JSON_VERSION = 1
"""Version of the ``to_json`` schema; raised on any incompatible change."""


def word_count(text: str) -> int:
    """Return the number of whitespace-separated words in ``text``.

    The rule suits the English sources this project translates; a source in a language
    written without spaces (Chinese, Japanese, Thai) would need a word segmenter instead.
    Placeholder tokens (``<1>``) count as part of the word they touch.
    """
    return len(text.split())


@dataclass(frozen=True)
class CatalogStatus:
    """Progress of one article's catalog in one language.

    Attributes:
        slug: the article (catalog) slug.
        lang: BCP 47 language tag.
        units: state -> number of entries; every state in ``STATES`` is a key.
        words: state -> number of source (msgid) words; every state is a key.
        percent_reviewed: reviewed words / all non-obsolete words, 0-100.
        percent_translated: reviewed + machine words / all non-obsolete words, 0-100
            (fuzzy entries translate an older source and do not count).
        source_changed: the article changed since the catalog was last updated.
        missing: the catalog has not been created yet (``l10n update``); every unit of the
            article counts as untranslated.
        percent_complete: what a build shows translated, 0-100: the figure of
            ``l10n.publish.policy.completion`` (the same as the index and ``--min-complete``;
            unlike ``percent_translated`` it leaves out translations a build cannot show, such
            as Markdown units with broken placeholders, and follows the publishing policy).
    """

    slug: str
    lang: str
    units: dict[str, int]
    words: dict[str, int]
    percent_reviewed: float
    percent_translated: float
    source_changed: bool
    percent_complete: float
    missing: bool = False

    @property
    def total_words(self) -> int:
        """Source words of all non-obsolete entries."""
        return sum(n for state, n in self.words.items() if state != "obsolete")


def catalog_status(
    slug: str, lang: str, entries: Sequence[Entry], *, source_changed: bool, percent_complete: float
) -> CatalogStatus:
    """Count ``entries`` (one catalog) by state, in units and in msgid words (``word_count``).

    The PO header entry (empty msgid) is skipped. An empty catalog is 100% reviewed and
    translated. ``percent_complete`` is not counted here: the caller passes
    ``l10n.publish.policy.completion`` of the article, so that every completion figure is
    computed in one place.
    """
    units = dict.fromkeys(STATES, 0)
    words = dict.fromkeys(STATES, 0)
    for entry in entries:
        if not entry.msgid:
            continue
        units[entry.state] += 1
        words[entry.state] += word_count(entry.msgid)
    total = sum(n for state, n in words.items() if state != "obsolete")

    def pct(n: int) -> float:
        return 100.0 if total == 0 else 100.0 * n / total

    return CatalogStatus(
        slug=slug,
        lang=lang,
        units=units,
        words=words,
        percent_reviewed=pct(words["reviewed"]),
        percent_translated=pct(words["reviewed"] + words["machine"]),
        source_changed=source_changed,
        percent_complete=percent_complete,
    )


def missing_status(slug: str, lang: str, texts: Sequence[str]) -> CatalogStatus:
    """Status of a catalog not created yet: each of the article's unit ``texts`` is untranslated."""
    units = dict.fromkeys(STATES, 0)
    words = dict.fromkeys(STATES, 0)
    units["untranslated"] = len(texts)
    words["untranslated"] = sum(word_count(t) for t in texts)
    empty = words["untranslated"] == 0
    return CatalogStatus(
        slug=slug,
        lang=lang,
        units=units,
        words=words,
        percent_reviewed=100.0 if empty else 0.0,
        percent_translated=100.0 if empty else 0.0,
        source_changed=False,
        percent_complete=100.0 if empty else 0.0,
        missing=True,
    )


def _floor2(pct: float) -> float:
    """``pct`` rounded down to two decimals (1e-9 tolerance for float noise)."""
    return math.floor(pct * 100 + 1e-9) / 100


def to_json(statuses: Sequence[CatalogStatus]) -> str:
    """Return ``statuses`` as a JSON document (sorted keys, UTF-8 text, 2-space indent).

    Schema (version 1; keys are stable)::

        {
          "version": 1,
          "catalogs": [                      # in the given order (the table's)
            {
              "slug": "russia-nato-tensions",
              "lang": "vi",
              "units": {"fuzzy": 0, "machine": 9, "obsolete": 0, "reviewed": 3, "untranslated": 1},
              "words": {"fuzzy": 0, "machine": 250, "obsolete": 0, "reviewed": 40, "untranslated": 6},
              "total_words": 296,            # non-obsolete words
              "percent_reviewed": 13.51,     # 0-100, two decimals, rounded down
              "percent_translated": 97.97,   # reviewed + machine
              "percent_complete": 97.97,     # what a build shows (l10n.publish.policy.completion)
              "source_changed": false,
              "catalog": "present"           # or "missing": not created yet (run l10n update)
            }
          ]
        }

    Percentages are rounded down to two decimals (the display rule of
    ``l10n.publish.policy.whole_percent``, at two decimals), so 99.999 is never 100.
    """
    catalogs = [
        {
            "slug": s.slug,
            "lang": s.lang,
            "units": dict(s.units),
            "words": dict(s.words),
            "total_words": s.total_words,
            "percent_reviewed": _floor2(s.percent_reviewed),
            "percent_translated": _floor2(s.percent_translated),
            "percent_complete": _floor2(s.percent_complete),
            "source_changed": s.source_changed,
            "catalog": "missing" if s.missing else "present",
        }
        for s in statuses
    ]
    return json.dumps(
        {"version": JSON_VERSION, "catalogs": catalogs}, sort_keys=True, ensure_ascii=False, indent=2
    )
