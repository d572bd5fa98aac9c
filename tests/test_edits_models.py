"""``l10n report edits`` per model: edits of a base model's output against an adapted model's.

Half the articles are machine-translated by a planted base model, the other half later by a
planted adapted model (another model id, as ``l10n models adapt`` installs it); reviewers edit
the base output heavily and the adapted output lightly. The report keeps one row per model,
each scored by sacrebleu on its own pairs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import polib
import pytest
from sacrebleu.metrics import CHRF, TER
from typer.testing import CliRunner

from l10n.cli import app

BASE = ["The council will meet in Warsaw.", "Both sides agreed.", "The minister spoke."]
LATER = ["Troops took part in the drill.", "Talks failed in April.", "Relations have worsened."]
MACHINE = {
    "The council will meet in Warsaw.": "Hội đồng họp Warsaw.",
    "Both sides agreed.": "Hai bên đồng.",
    "The minister spoke.": "Bộ trưởng nói chuyện.",
    "Troops took part in the drill.": "Binh sĩ đã tham gia cuộc tập trận",
    "Talks failed in April.": "Đàm phán thất bại vào tháng Tư",
    "Relations have worsened.": "Quan hệ đã xấu đi",
}
REVIEWED = {
    "The council will meet in Warsaw.": "Hội đồng sẽ nhóm họp tại Warsaw sau hội nghị.",
    "Both sides agreed.": "Cả hai phía đều nhất trí.",
    "The minister spoke.": "Bộ trưởng đã phát biểu.",
    "Troops took part in the drill.": "Binh sĩ đã tham gia cuộc tập trận.",
    "Talks failed in April.": "Đàm phán thất bại vào tháng Tư.",
    "Relations have worsened.": "Quan hệ đã xấu đi.",
}
ADAPTED = "opus-mt-en-vi-adapted-1"


class Planted:
    """A model that writes ``MACHINE``; ``model_id``/``revision`` name it in the provenance."""

    name = "marian"

    def __init__(self, model_id: str, revision: str) -> None:
        self.model_id, self.revision = model_id, revision

    def translate(self, texts: Sequence[str]) -> list[str]:
        return [MACHINE[t] for t in texts]

    def score(self, sources: Sequence[str], outputs: Sequence[str]) -> list[float]:
        return [0.5 for _ in sources]


def run(*args: str):
    return CliRunner().invoke(app, list(args), prog_name="l10n")


def translate_with(monkeypatch: pytest.MonkeyPatch, engine: Planted) -> None:
    import l10n.mt.factory

    monkeypatch.setattr(l10n.mt.factory, "make_engine", lambda cfg, lang, **kw: engine)
    for step in ("extract", "update", "translate"):
        result = run(step)
        assert result.exit_code == 0, result.output


def test_report_edits_has_a_row_per_model_and_the_adapted_one_edits_less(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "source" / "a.txt").write_text("\n\n".join(BASE) + "\n", encoding="utf-8")
    translate_with(monkeypatch, Planted("Helsinki-NLP/opus-mt-en-vi", "abc123"))
    (tmp_path / "source" / "b.txt").write_text("\n\n".join(LATER) + "\n", encoding="utf-8")
    translate_with(monkeypatch, Planted(ADAPTED, ""))

    for name in ("a", "b"):
        catalog = polib.pofile(str(tmp_path / "locales" / "vi" / "LC_MESSAGES" / f"{name}.po"))
        for entry in catalog:
            assert entry.msgstr == MACHINE[entry.msgid] and "fuzzy" in entry.flags
            model = ADAPTED if name == "b" else "Helsinki-NLP/opus-mt-en-vi@abc123"
            assert f" {model} " in entry.tcomment
            entry.msgstr = REVIEWED[entry.msgid]
            entry.flags.remove("fuzzy")
        catalog.save()

    result = run("report", "edits", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["languages"] == [{"lang": "vi", "models": ["Helsinki-NLP/opus-mt-en-vi@abc123", ADAPTED]}]
    base, adapted = doc["edits"]
    assert (base["model"], base["revision"], adapted["model"], adapted["revision"]) == (
        "Helsinki-NLP/opus-mt-en-vi",
        "abc123",
        ADAPTED,
        "",
    )
    for row, sources in ((base, BASE), (adapted, LATER)):
        hyps, refs = [MACHINE[s] for s in sources], [[REVIEWED[s] for s in sources]]
        assert (row["reviewed"], row["unchanged"]) == (3, 0)
        assert row["chrf"] == round(CHRF().corpus_score(hyps, refs).score, 2)
        assert row["ter"] == round(TER().corpus_score(hyps, refs).score, 2)
    assert adapted["chrf"] > base["chrf"] + 20 and adapted["ter"] < base["ter"] / 2

    text = run("report", "edits").stdout
    lines = [line for line in text.splitlines() if "abc123" in line or ADAPTED in line]
    assert len(lines) == 2 and "abc123" in lines[0] and ADAPTED in lines[1]
