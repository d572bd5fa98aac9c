"""Tests for l10n.status: counts per state, percentages and the JSON report."""

from __future__ import annotations

import json

import pytest

from l10n.model import Entry
from l10n.status import STATES, catalog_status, to_json, word_count

ENTRIES = [
    Entry("", "Project-Id-Version: x\n"),  # header: skipped
    Entry("One two three.", "Một hai ba."),  # reviewed, 3 words
    Entry("Four five.", "Bốn năm.", fuzzy=True, machine=True),  # machine, 2
    Entry("Six seven eight nine.", "Sáu.", fuzzy=True, machine=True, previous_msgid="Six."),  # fuzzy, 4
    Entry("Ten  eleven\nx", ""),  # untranslated, 3
    Entry("Gone word.", "Mất.", obsolete=True),  # obsolete, 2
]


def test_word_count() -> None:
    assert word_count("  NATO’s  summit\tends\n on July 9. ") == 6
    assert word_count("") == 0


def test_catalog_status_counts() -> None:
    st = catalog_status("demo", "vi", ENTRIES, source_changed=True, percent_complete=33.3)
    assert st.units == {"reviewed": 1, "machine": 1, "fuzzy": 1, "untranslated": 1, "obsolete": 1}
    assert st.words == {"reviewed": 3, "machine": 2, "fuzzy": 4, "untranslated": 3, "obsolete": 2}
    assert st.total_words == 12
    assert st.percent_reviewed == pytest.approx(25.0)
    assert st.percent_translated == pytest.approx(100 * 5 / 12)
    assert st.percent_complete == 33.3  # passed in: computed by l10n.publish.policy.completion
    assert st.source_changed is True


def test_empty_catalog_is_complete() -> None:
    st = catalog_status("e", "ja", [], source_changed=False, percent_complete=100.0)
    assert st.units == dict.fromkeys(STATES, 0)
    assert st.percent_reviewed == st.percent_translated == 100.0


def test_to_json_schema() -> None:
    statuses = [
        catalog_status("b-article", "zh-Hans", ENTRIES[1:2], source_changed=False, percent_complete=100.0),
        catalog_status("a-article", "vi", ENTRIES, source_changed=True, percent_complete=99.999),
    ]
    text = to_json(statuses)
    data = json.loads(text)
    assert data["version"] == 1
    assert [(c["slug"], c["lang"]) for c in data["catalogs"]] == [  # the given (the table's) order
        ("b-article", "zh-Hans"),
        ("a-article", "vi"),
    ]
    first = data["catalogs"][1]
    assert sorted(first) == [
        "catalog",
        "lang",
        "percent_complete",
        "percent_reviewed",
        "percent_translated",
        "slug",
        "source_changed",
        "total_words",
        "units",
        "words",
    ]
    # Rounded down (41.666... -> 41.66; 99.999 never reads 100).
    assert first["percent_translated"] == 41.66 and first["percent_reviewed"] == 25.0
    assert first["percent_complete"] == 99.99
    assert first["words"]["fuzzy"] == 4 and first["source_changed"] is True
    assert first["catalog"] == "present"
    assert data["catalogs"][0]["percent_complete"] == 100.0
    assert text.index('"catalogs"') < text.index('"version"')  # keys sorted


def test_to_json_keeps_non_ascii() -> None:
    text = to_json([catalog_status("bài-viết", "vi", ENTRIES, source_changed=False, percent_complete=0.0)])
    assert '"bài-viết"' in text


def test_missing_status_counts_every_unit_untranslated() -> None:
    from l10n.status import missing_status

    st = missing_status("new", "fr", ["One two three.", "Four five."])
    assert st.missing is True and st.source_changed is False
    assert st.units == {**dict.fromkeys(STATES, 0), "untranslated": 2}
    assert st.words == {**dict.fromkeys(STATES, 0), "untranslated": 5}
    assert st.percent_translated == st.percent_reviewed == 0.0
    assert json.loads(to_json([st]))["catalogs"][0]["catalog"] == "missing"
    assert missing_status("empty", "fr", []).percent_complete == 100.0  # like an empty catalog
