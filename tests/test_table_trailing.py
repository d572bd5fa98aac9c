"""No line of a table ends with spaces (rich pads every cell and the title to its column's width):
``l10n status`` at 80 and 120 columns, and every layout of ``l10n.cli.tables.fitted``."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from l10n.cli import app
from l10n.cli.tables import Column, Trimmed, fitted

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "source" / "russia-nato-tensions.txt"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two articles; vi has catalogs, fr has none (its rows carry a note, vi's do not)."""
    (tmp_path / "source").mkdir()
    shutil.copy(DEMO, tmp_path / "source" / "city-budget.txt")
    shutil.copy(DEMO, tmp_path / "source" / "fire.txt")
    (tmp_path / "l10n.toml").write_text('languages = ["vi", "fr"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for args in (["extract"], ["update", "--lang", "vi"]):
        assert CliRunner().invoke(app, [*args, "-q"], prog_name="l10n").exit_code == 0
    return tmp_path


@pytest.mark.parametrize("columns", [80, 120])
def test_status_table_lines_end_without_spaces(project: Path, columns: int) -> None:
    result = CliRunner().invoke(app, ["status"], prog_name="l10n", env={"COLUMNS": str(columns)})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line for line in lines if line != line.rstrip()] == []
    assert lines[0] == "Catalog status"
    rows = [line for line in lines if line.startswith(("city-budget ", "fire ")) and "%" in line]
    assert len(rows) == 4
    assert [r.endswith("0%") for r in rows] == [True, columns == 80, True, columns == 80]
    if columns == 120:  # the note stays in the table, the row ends with it
        assert rows[3].endswith("0% no catalog yet: run l10n update")
    else:  # the note moved under the table
        assert "fire fr: note: no catalog yet: run l10n update" in lines


def render(renderable: object, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, soft_wrap=True)
    console.print(renderable)
    out = console.file.getvalue()
    assert isinstance(out, str)
    return out


COLUMNS = [Column("article", "key"), Column("lang", "key"), Column("n"), Column("note", "text")]
ROWS = [
    ["a-very-long-article-name-indeed", "vi", "3", ""],
    ["a-very-long-article-name-indeed", "fr", "12", "no catalog yet"],
    ["short", "vi", "1", ""],
]


@pytest.mark.parametrize("width", [30, 40, 60, 80, 120])
def test_fitted_is_rich_output_less_the_trailing_spaces(width: int) -> None:
    """Every layout (flat, notes moved under the table, the first key as a heading) prints what
    rich prints, each line right-stripped: nothing else changes, no line is cut or padded."""
    table = fitted("Title", COLUMNS, ROWS, width)
    assert isinstance(table, Trimmed)
    padded = render(table.inner, width)
    trimmed = render(table, width)
    assert trimmed.splitlines() == [line.rstrip(" ") for line in padded.splitlines()]
    assert trimmed.endswith("\n") and not trimmed.endswith("\n\n")
    if width == 120:  # the note column in the table, empty in two rows
        assert any(line != line.rstrip(" ") for line in padded.splitlines())  # rich did pad
