"""Tests for l10n.fuzzy."""

from __future__ import annotations

import pytest

from l10n.catalog.fuzzy import THRESHOLD, FuzzyMatcher

OLD = [
    "Russia and NATO: tensions rise",
    "Stocks fell 10% on Monday after the announcement of new sanctions.",
    "The weather will be sunny tomorrow.",
]


def test_a_changed_word_matches() -> None:
    matcher = FuzzyMatcher(OLD)
    assert matcher.best("Stocks fell 12% on Tuesday after the announcement of new sanctions.") == 1
    assert matcher.best("Russia and NATO: tensions grow") == 0


def test_an_unrelated_sentence_does_not_match() -> None:
    assert FuzzyMatcher(OLD).best("Parliament approved the budget after a long debate.") is None
    assert FuzzyMatcher([]).best("anything") is None


def test_the_best_of_several_wins_and_ties_go_to_the_earlier() -> None:
    old = [
        "The minister said the talks would resume next week.",
        "The minister said the talks would resume next month.",
        "The minister said talks resume.",
    ]
    assert FuzzyMatcher(old).best("The minister said the talks would resume next month in Geneva.") == 1
    assert FuzzyMatcher(["abcX", "abcY"]).best("abcZ") == 0


def test_threshold_is_strict_as_in_msgmerge() -> None:
    # ratio = 2 * 3 / 10 = 0.6 exactly: "abc" shared between 5-letter strings; msgmerge
    # needs a similarity above FUZZY_THRESHOLD (0.6), so 0.6 itself is no match
    assert THRESHOLD == 0.6
    assert FuzzyMatcher(["abcde"]).best("abcxy") is None
    assert FuzzyMatcher(["abcde", "abcdz"]).best("abcdy") == 0  # 0.8, tie: the earlier one
    assert FuzzyMatcher(["abcdef"]).best("abcxyz") is None  # 0.5


def test_plural_entries_match_only_plural_ones() -> None:
    matcher = FuzzyMatcher(["%d file", "%d files"], plural=[True, False])
    assert matcher.best("%d file", plural=False) == 1
    assert matcher.best("%d files", plural=True) == 0
    with pytest.raises(ValueError):
        FuzzyMatcher(["a"], plural=[])


def test_word_index_finds_what_brute_force_finds() -> None:
    old = [f"Unit {i} reports a numbers for region {i * 7 % 97} today." for i in range(500)]
    old[123] = "The central bank raised interest rates by half a point on Thursday."
    new = "The central bank raised interest rates by a quarter point on Thursday."
    brute, indexed = FuzzyMatcher(old), FuzzyMatcher(old, queries=1000)
    assert (brute.brute, indexed.brute) == (True, False)
    assert brute.best(new) == indexed.best(new) == 123
    assert indexed.best("Unit 42 reports a numbers for region 3 today, officials said.") == 42
