"""Re-runs on unchanged input leave catalogs byte-identical (issue #11, item 16).

``translate --retranslate-machine`` with a deterministic engine produces the same machine
output again: the catalog differs only by a new ``PO-Revision-Date``, so it is not written.
The same holds for every stage that writes catalogs (``_save``, checkpoints). The clock is
moved between runs (``SOURCE_DATE_EPOCH``) so a rewritten file would show a new date.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FakeEngine
from typer.testing import CliRunner

from l10n.catalog import pofile
from l10n.cli import app

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "source" / "russia-nato-tensions.txt"
SLUG = "russia-nato-tensions"
PO = f"locales/vi/LC_MESSAGES/{SLUG}.po"
DAY = 86_400


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "source").mkdir()
    shutil.copy(DEMO, tmp_path / "source" / DEMO.name)
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "demo"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1_800_000_000))
    return tmp_path


def fake(monkeypatch: pytest.MonkeyPatch) -> list[FakeEngine]:
    engines: list[FakeEngine] = []

    def make_engine(*_a, **_k) -> FakeEngine:
        engines.append(FakeEngine(lambda t: f"VI {t}", model_id="test/fake", revision="0000"))
        return engines[-1]

    monkeypatch.setattr("l10n.mt.factory.make_engine", make_engine)
    return engines


def later(monkeypatch: pytest.MonkeyPatch, days: int) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1_800_000_000 + days * DAY))


def test_retranslate_machine_twice_with_fake_engine_leaves_bytes(project: Path, monkeypatch) -> None:
    engines = fake(monkeypatch)
    assert run("build", "--lang", "vi").exit_code == 0
    po = project / PO
    first = po.read_bytes()
    assert b"PO-Revision-Date: 2027-01-15" in first
    for days in (1, 2):
        later(monkeypatch, days)
        result = run("translate", "--lang", "vi", "--retranslate-machine")
        assert result.exit_code == 0, result.output
        assert po.read_bytes() == first, result.output
        assert engines[-1].calls  # the machine output really was made again
        assert "wrote" not in result.output
    # a real change is still written, with the new date
    catalog = pofile.parse(first.decode(), PO)
    entry = catalog.entries()[0]
    catalog.set_translation(entry.msgid, entry.msgctxt, "", fuzzy=False, comment=None)
    po.write_text(pofile.render(catalog), encoding="utf-8")
    result = run("translate", "--lang", "vi", "--retranslate-machine")
    expected = first.replace(b"PO-Revision-Date: 2027-01-15", b"PO-Revision-Date: 2027-01-17")
    assert result.exit_code == 0 and po.read_bytes() == expected, result.output


def test_checkpoints_skip_saves_that_change_only_the_date(project: Path, monkeypatch) -> None:
    fake(monkeypatch)
    assert run("build", "--lang", "vi").exit_code == 0
    first = (project / PO).read_bytes()
    monkeypatch.setattr("l10n.stages.translate.CHECKPOINT_ENTRIES", 1)  # a checkpoint after every entry
    later(monkeypatch, 3)
    result = run("translate", "--lang", "vi", "--retranslate-machine")
    assert result.exit_code == 0, result.output
    assert (project / PO).read_bytes() == first


def test_update_and_build_reruns_leave_bytes_at_a_later_date(project: Path, monkeypatch) -> None:
    fake(monkeypatch)
    assert run("build", "--lang", "vi").exit_code == 0
    files = {p: p.read_bytes() for p in project.rglob("*") if p.is_file() and "source" not in p.parts}
    later(monkeypatch, 5)
    for command in (["update"], ["build", "--lang", "vi", "--retranslate-machine"]):
        assert run(*command).exit_code == 0
        assert {p: p.read_bytes() for p in files} == files, command


def test_retranslate_machine_twice_with_the_tiny_model_leaves_bytes(
    project: Path, monkeypatch, tiny_model_dir: Path
) -> None:
    model = ["--model", str(tiny_model_dir)]
    (project / "source" / DEMO.name).unlink()  # a short article: the tiny model is slow per token
    (project / "source" / f"{SLUG}.txt").write_text("Talks resume.\n\nBoth sides met.\n", encoding="utf-8")
    assert run("extract").exit_code == 0 and run("update").exit_code == 0
    assert run("translate", "--lang", "vi", *model).exit_code == 0
    first = (project / PO).read_bytes()
    memory = project / "locales" / "vi" / "mt-memory.tmx"
    first_memory = memory.read_bytes()
    assert b"l10n-mt: marian" in first
    later(monkeypatch, 1)
    result = run("translate", "--lang", "vi", "--retranslate-machine", *model, "-v")
    assert result.exit_code == 0, result.output
    assert "2 file(s) unchanged" in result.output  # the catalog and the machine-output memory
    assert (project / PO).read_bytes() == first
    assert memory.read_bytes() == first_memory
