"""Sentence splitting (l10n.formats.sentences): our newsroom set and the boundary rules.

The peers' test sets (pySBD golden rules, sentencex) are conformance tests:
``tests/conformance/test_segmentation.py``.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from l10n.formats.sentences import SENTENCE_OPENERS, sentence_spans

NEWSROOM = Path(__file__).parent / "data" / "segmentation" / "newsroom-en.json"


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def _score(path: Path) -> tuple[int, int, list[str]]:
    cases = json.loads(path.read_text(encoding="utf-8"))
    failed = [text for text, expected in cases if _split(text) != expected]
    return len(cases) - len(failed), len(cases), failed


def test_newsroom_score() -> None:
    ok, total, failed = _score(NEWSROOM)
    assert total >= 40
    assert ok >= total - 2, failed
    assert ok == total, failed  # today every case passes; a regression shows here first


@pytest.mark.parametrize(
    "case",
    [
        # name suffixes go on unless a sentence opener follows
        "Harbor Foods Inc. reported a loss.",
        "Acme Ltd. Chief Executive Bob Jones quit.",
        "It sold to Harbor Foods Inc. | The buyer paid cash.",
        "He met John Smith Sr. | He liked him.",
        "Smith & Wesson Brands Inc. | In a statement, it said no.",
        "Dow Jones & Co. Inc. owns it.",
        # initialisms
        "He arrived in the U.K. | On Monday he met the queen.",
        "The U.N. Security Council met.",
        # clock times
        "The event is at 7 p.m. EST. | Tickets are free.",
        "The rally starts at 7 p.m. | It ends late.",
        # closing quotes and brackets
        "He said ‘Stop.’ | Smith left.",
        "It was big (very big.) | The end.",
        "“Why now?” asked Jones. | “Because we must.”",
        "“It is over!” Smith said.",
        "“Stop!” | Then silence.",
        "He yelled “Stop!” and ran.",
        "It was founded as Acme (U.S.) Holdings.",
        # a sentence never starts with a comma or a dash
        "BOISE, Idaho — A judge ruled Monday.",
        "Jim Smith, R-Ore., voted no.",
    ],
)
def test_rules(case: str) -> None:
    """Each case is its sentences joined by ``" | "``."""
    expected = case.split(" | ")
    assert _split(" ".join(expected)) == expected


def test_openers_are_capitalised_words() -> None:
    assert {"The", "It", "But", "However", "I"} <= SENTENCE_OPENERS
    assert all(w[:1].isupper() and w.isalpha() for w in SENTENCE_OPENERS)


def test_spans_cover_the_text_in_order() -> None:
    text = "  WARSAW, Poland (AP) — Talks resumed. “Good,” he said.  Harbor Foods Inc. The end.\n"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "WARSAW, Poland (AP) — Talks resumed.",
        "“Good,” he said.",
        "Harbor Foods Inc.",
        "The end.",
    ]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
