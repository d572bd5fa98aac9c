"""Sentence boundaries held to the peers' test sets (``corpus/segmentation``), counts printed.

- The 48 pySBD golden rules (English), twice: through the segmenter alone
  (``sentence_spans``), and through ``l10n extract`` of ``.txt`` articles, one case per
  article paragraph (the route a newsroom's text takes: blocks, list markers, msgids).
- The 236 sentencex cases (wikimedia/sentencex ``tests/en.txt``), through the segmenter.

The counts are floors, not targets met by tuning: a rule that lowers one fails here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.catalog import pofile
from l10n.cli import app
from l10n.formats.sentences import sentence_spans

from .conftest import CORPUS

SEGMENTATION = CORPUS / "segmentation"
GOLDEN_FLOOR_SEGMENTER = 47
GOLDEN_FLOOR_TXT = 47
SENTENCEX_FLOOR = 185  # issue 19 asks for at least 150 (144 before its rules); 187 today
PYSBD_XFAIL = (
    "At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. Mr. Smith then went to the store."
)
"""The one golden rule pySBD's own suite marks expected-to-fail ("a.m." vs "P.M." before "Mr.")."""


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def _golden_rules() -> list[tuple[str, list[str]]]:
    cases = json.loads((SEGMENTATION / "pysbd-golden-rules-en.json").read_text(encoding="utf-8"))
    return [(text, list(expected)) for text, expected in cases]


def _sentencex_cases() -> Iterator[tuple[str, list[str]]]:
    """sentencex's format: input lines, ``---``, expected sentences one per line, ``===``; ``#`` comments.

    Expected lines are compared stripped (some carry a trailing blank in the file).
    """
    text: list[str] = []
    expected: list[str] = []
    part = text
    for line in [*(SEGMENTATION / "sentencex-en.txt").read_text(encoding="utf-8").split("\n"), "==="]:
        if line.startswith("#"):
            continue
        if line == "---":
            part = expected
        elif line == "===":
            if text or expected:
                yield "\n".join(text).strip(), [e.strip() for e in expected if e.strip()]
            text, expected = [], []
            part = text
        else:
            part.append(line)


def _report(capsys: pytest.CaptureFixture[str], line: str) -> None:
    with capsys.disabled():
        print(f"\n{line}")


def test_golden_rules_through_the_segmenter(capsys: pytest.CaptureFixture[str]) -> None:
    cases = _golden_rules()
    failed = [text for text, expected in cases if _split(text) != expected]
    ok = len(cases) - len(failed)
    _report(capsys, f"pySBD golden rules, segmenter alone: {ok}/{len(cases)}")
    assert len(cases) == 48
    assert ok >= GOLDEN_FLOOR_SEGMENTER, failed
    assert set(failed) <= {PYSBD_XFAIL}, failed


def _extracted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paragraphs: list[str]) -> list[list[str]]:
    """The msgids ``l10n extract`` gives for each paragraph, each in an article of its own.

    Article ``case-NN.txt`` is a headline line, a blank line and the paragraph (``wrap = false``:
    one block per line); the template's entries after the headline's are the paragraph's units,
    in order.
    """
    root = tmp_path / "proj"
    (root / "source").mkdir(parents=True)
    (root / "l10n.toml").write_text('languages = ["vi"]\nunit = "sentence"\n', encoding="utf-8")
    for i, text in enumerate(paragraphs):
        assert "\n" not in text
        (root / "source" / f"case-{i:02d}.txt").write_text(f"Case {i}\n\n{text}\n", encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["extract"])
    assert result.exit_code == 0, result.output
    out = []
    for i in range(len(paragraphs)):
        pot = (root / "locales" / f"case-{i:02d}.pot").read_text(encoding="utf-8")
        msgids = [m.msgid for m in pofile.parse(pot, f"case-{i:02d}.pot").entries()]
        assert msgids[0] == f"Case {i}"
        out.append(msgids[1:])
    return out


def test_golden_rules_through_txt_extract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = _golden_rules()
    # a sentence repeated inside one case would be one template entry: none of the 48 has one
    assert all(len(set(expected)) == len(expected) for _, expected in cases)
    got = _extracted(tmp_path, monkeypatch, [text for text, _ in cases])
    failed = [(text, units) for (text, expected), units in zip(cases, got, strict=True) if units != expected]
    ok = len(cases) - len(failed)
    _report(capsys, f"pySBD golden rules, through `l10n extract` of a .txt article: {ok}/{len(cases)}")
    assert ok >= GOLDEN_FLOOR_TXT, failed
    assert {text for text, _ in failed} <= {PYSBD_XFAIL}, failed


def test_sentencex_cases(capsys: pytest.CaptureFixture[str]) -> None:
    cases = list(_sentencex_cases())
    ok = sum(_split(text) == expected for text, expected in cases)
    _report(capsys, f"sentencex (en): {ok}/{len(cases)}")
    assert len(cases) == 236
    assert ok >= SENTENCEX_FLOOR
