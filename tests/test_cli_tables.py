"""A terminal that fits (issue 21): tables within 80 columns with key columns and headers whole,
numbers right-aligned, one summary line per language, and progress that says when a model loads."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import FakeEngine
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from l10n.cli import app
from l10n.cli.base import AppState, _Bar
from l10n.cli.tables import Column, fitted
from l10n.config import load_config
from l10n.report import TranslateOptions
from l10n.stages.context import Run
from l10n.stages.extract import extract
from l10n.stages.translate import translate
from l10n.stages.update import update

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "source" / "russia-nato-tensions.txt"
STATUS_HEADERS = ("lang", "reviewed", "machine", "fuzzy", "untranslated", "obsolete", "complete")
MODEL = "Helsinki-NLP/opus-mt-en-vi-with-a-long-name"


def run(*args: str, columns: int = 80):
    return CliRunner().invoke(app, list(args), prog_name="l10n", env={"COLUMNS": str(columns)})


@pytest.fixture
def project(tmp_path, monkeypatch):
    """Articles city-budget.txt and russia-nato-tensions.txt, languages vi and zh-Hans, a fake engine."""
    (tmp_path / "source").mkdir()
    shutil.copy(DEMO, tmp_path / "source" / DEMO.name)
    shutil.copy(DEMO, tmp_path / "source" / "city-budget.txt")
    (tmp_path / "l10n.toml").write_text('languages = ["vi", "zh-Hans"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        "l10n.mt.factory.make_engine",
        lambda cfg, lang, *, model=None, engine=None: FakeEngine(lambda t: f"VI {t}", model_id=MODEL),
    )
    return tmp_path


def widths(text: str) -> list[int]:
    return [cell_len(line) for line in text.splitlines()]


def right_aligned(text: str, header_line: str, headers: tuple[str, ...], rows: list[str]) -> None:
    """Each header's last character sits above the last digit of its column in every row."""
    for header in headers:
        end = header_line.index(header) + len(header)
        for row in rows:
            assert row[end - 1].isdigit() or row[end - 1] == "%", (header, row)
            assert end == len(row) or row[end] == " ", (header, row)


def test_status_fits_80_columns_with_every_name_and_header_whole(project):
    assert run("extract").exit_code == 0 and run("update", "--lang", "vi").exit_code == 0
    text = run("status", "city-budget").stdout  # article 11 wide: the flat table fits
    assert max(widths(text)) <= 80, text
    assert "…" not in text
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("article "))
    for name in (*STATUS_HEADERS, "article"):
        assert f" {name}" in f" {header}"
    rows = [line for line in lines if line.startswith("city-budget ") and line.endswith("%")]
    assert len(rows) == 2
    right_aligned(text, header, ("reviewed", "untranslated", "obsolete", "complete"), rows)
    # the note moved under the table, whole, one line per row that has one
    assert "city-budget zh-Hans: note: no catalog yet: run l10n update" in lines
    assert "city-budget vi: note" not in text
    both = run("status").stdout  # russia-nato-tensions is 20 wide: each article heads its rows
    assert max(widths(both)) <= 80 and both.splitlines()[1] == "city-budget"
    assert both.splitlines()[-4:] == [
        "russia-nato-tensions",
        *[line.replace("city-budget ", "", 1) for line in rows],
        "zh-Hans: note: no catalog yet: run l10n update",
    ]


def test_status_uses_a_wider_terminal(project):
    run("extract")
    run("update", "--lang", "vi")
    lines = run("status", columns=160).stdout.splitlines()
    row = next(line for line in lines if line.startswith("city-budget") and " zh-Hans " in line)
    assert row.rstrip().endswith("0% no catalog yet: run l10n update")
    assert max(widths("\n".join(lines))) <= 160


def test_status_with_a_long_article_name_makes_it_a_heading(project):
    long = "city-council-votes-on-the-harbour-budget-2026"
    shutil.copy(DEMO, project / "source" / f"{long}.txt")
    text = run("status", long).stdout
    assert max(widths(text)) <= 80, text
    lines = text.splitlines()
    assert lines[:2] == ["Catalog status", long]
    assert lines[-2:] == [
        "vi: note: no catalog yet: run l10n update",
        "zh-Hans: note: no catalog yet: run l10n update",
    ]
    header = lines[2]
    assert header.split() == list(STATUS_HEADERS)
    rows = [line for line in lines if line.startswith(("vi ", "zh-Hans "))]
    assert len(rows) == 2
    right_aligned(text, header, ("reviewed", "untranslated", "complete"), rows)


def test_machine_translation_table_fits_and_names_what_skipped_counts(project):
    assert run("extract").exit_code == 0 and run("update").exit_code == 0
    result = run("translate", "--lang", "vi", "city-budget")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert max(widths(text)) <= 80, text
    lines = text.splitlines()
    top = lines.index(next(line for line in lines if line.startswith("language ")))
    header = lines[top]
    assert header.rstrip() == "language translated reused copied flagged failed already translated seconds"
    assert lines[top - 1].rstrip() == "Machine translation"  # one header line: nothing stacks
    assert "skipped" not in text
    assert f"vi: engine: fake {MODEL}" in lines  # the engine, whole, under the table
    row = next(line for line in lines if line.startswith("vi "))
    right_aligned(
        text, header, ("reused", "copied", "flagged", "failed", "already translated", "seconds"), [row]
    )


def test_fitted_keeps_text_in_the_table_when_there_is_room():
    columns = [Column("lang", "key"), Column("count"), Column("note", "text")]
    rows = [["vi", "7", "a note"], ["zh-Hans", "12", ""]]
    console = Console(file=io.StringIO(), width=40)
    console.print(fitted("T", columns, rows, 40))
    assert console.file.getvalue().splitlines()[1:] == [  # type: ignore[attr-defined]
        "lang    count note",
        "────────────────────",
        "vi          7 a note",
        "zh-Hans    12",
    ]
    narrow = Console(file=io.StringIO(), width=16)
    narrow.print(fitted("T", columns, rows, 16))
    assert narrow.file.getvalue().splitlines()[1:] == [  # type: ignore[attr-defined]
        "lang    count",
        "─────────────",
        "vi          7",
        "zh-Hans    12",
        "vi: note: a note",
    ]


# ---- quieter by default ---------------------------------------------------------------------------


def test_build_prints_one_line_per_language_and_v_lists_the_files(project):
    result = run("build", "--lang", "vi", columns=200)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "templates: 2 written"
    summary = [line for line in lines if line.startswith(("templates:", "vi:", "en:", "index.html:"))]
    assert [line.split(":")[0] for line in summary] == ["templates", "vi", "en", "index.html"]
    assert not any(line.startswith("wrote ") for line in lines)
    verbose = run("build", "--lang", "vi", "-v", columns=200)
    assert "file(s) unchanged" in verbose.stdout
    (project / "source/city-budget.txt").write_text("A new headline.\n", encoding="utf-8")
    verbose = run("build", "--lang", "vi", "-v", columns=200)
    assert "wrote locales/city-budget.pot\n" in verbose.stdout
    assert "wrote locales/vi/LC_MESSAGES/city-budget.po\n" in verbose.stdout
    assert run("build", "--lang", "vi", "-q").stdout == ""


def test_summary_counts_each_kind_written(project):
    result = run("build", "--lang", "vi", columns=200)
    vi = next(line for line in result.stdout.splitlines() if line.startswith("vi:"))
    assert vi == "vi: 11 written (2 .po, 1 .tmx, 2 .mo, 2 .txt, 2 .md, 2 .html)"


# ---- progress ----------------------------------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[object, ...]] = []

    def start(self, label: str, total: int) -> None:
        self.calls.append(("start", label, total))

    def advance(self, n: int) -> None:
        self.calls.append(("advance", n))

    def loading(self, label: str) -> None:
        self.calls.append(("loading", label))

    def finish(self) -> None:
        self.calls.append(("finish",))


def test_translate_stage_says_when_the_model_loads(project):
    recorder = Recorder()
    run_ = Run(load_config(project), progress=recorder, articles=["city-budget"])
    extract(run_)
    update(run_, ["vi"])
    translate(run_, ["vi"], TranslateOptions())
    kinds = [c[0] for c in recorder.calls]
    assert kinds[0] == "start" and kinds[-1] == "finish"
    assert recorder.calls.count(("loading", "vi: loading the model")) == 1
    assert kinds.index("loading") < len(kinds) - 1 - kinds[::-1].index("advance")  # units follow the load
    assert sum(c[1] for c in recorder.calls if c[0] == "advance") == recorder.calls[0][2]  # type: ignore[misc]


def test_bar_shows_the_model_load_as_a_step_of_its_own():
    out = io.StringIO()
    state = AppState(err=Console(file=out, force_terminal=True, width=100))
    bar = _Bar(state)
    bar.start("vi", 19)
    bar.loading("vi: loading the model")
    assert [t.description for t in bar._progress.tasks] == ["vi", "vi: loading the model"]  # type: ignore[union-attr]
    bar.advance(5)
    assert [t.description for t in bar._progress.tasks] == ["vi"]  # type: ignore[union-attr]
    assert bar._progress.tasks[0].completed == 5  # type: ignore[union-attr]
    bar.finish()
    assert "loading the model" in out.getvalue()
