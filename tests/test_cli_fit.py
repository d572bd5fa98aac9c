"""What a new user following README meets: status in the config's language order in both the
table and JSON, a --lang hint only when a configured language is close, ``models list`` within 80
columns, and no ``note`` header when the notes go under the table (terminal or pipe)."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from l10n.cli import app
from l10n.cli.articles import edit_distance, language_suggestions
from l10n.cli.render import status_table
from l10n.status import missing_status

DEMO = Path(__file__).resolve().parent.parent / "source" / "russia-nato-tensions.txt"


def run(*args: str, columns: int = 80):
    return CliRunner().invoke(app, list(args), prog_name="l10n", env={"COLUMNS": str(columns)})


@pytest.fixture
def project(tmp_path, monkeypatch):
    """One article (city-budget.txt), languages vi then fr (not alphabetical)."""
    (tmp_path / "source").mkdir()
    shutil.copy(DEMO, tmp_path / "source" / "city-budget.txt")
    (tmp_path / "l10n.toml").write_text('languages = ["vi", "fr"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_status_json_lists_languages_in_the_config_order_as_the_table(project):
    table = run("status").stdout.splitlines()
    langs = [line.split()[1] for line in table if line.startswith("city-budget ") and line.endswith("%")]
    doc = json.loads(run("status", "--format", "json").stdout)
    assert langs == ["vi", "fr"]
    assert [(c["slug"], c["lang"]) for c in doc["catalogs"]] == [("city-budget", "vi"), ("city-budget", "fr")]


@pytest.mark.parametrize(
    ("given", "expect"),
    [
        ("it", "error: --lang it: not a configured language; add it to languages in l10n.toml (now: vi, fr)"),
        (
            "fy",
            "error: --lang fy: not a configured language (did you mean fr?); add it to languages in "
            "l10n.toml (now: vi, fr)",
        ),
        (
            "fr-CA",
            "error: --lang fr-CA: not a configured language (did you mean fr?); add it to languages "
            "in l10n.toml (now: vi, fr)",
        ),
    ],
)
def test_lang_hint_only_for_a_close_configured_language(project, given, expect):
    result = run("status", "--lang", given)
    assert result.exit_code == 2 and result.stderr == expect + "\n"


def test_language_suggestions_are_close_ones_only():
    assert language_suggestions("it", ["vi", "fr"]) == []
    assert language_suggestions("vn", ["fr", "vi"]) == ["vi"]  # CLDR: Vietnam speaks vi
    assert language_suggestions("zh_hant", ["zh-Hans", "zh-Hant", "ja"]) == ["zh-Hans", "zh-Hant"]
    assert language_suggestions("de", ["da", "fr", "nl"]) == ["da"]
    pairs = [("it", "vi"), ("fre", "fr"), ("ab", "ba"), ("", "ab")]
    assert [edit_distance(a, b) for a, b in pairs] == [2, 1, 1, 2]


def test_models_list_fits_80_columns_with_model_ids_whole(project):
    (project / "l10n.toml").write_text(
        'languages = ["vi", "fr"]\n[models]\nfr = "Helsinki-NLP/opus-mt-tc-big-en-fr"\n', encoding="utf-8"
    )
    text = run("models", "list").stdout
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= 80, text
    assert "…" not in text and "┃" not in text
    assert lines[0] == "Models" and lines[2].split()[:3] == ["lang", "model", "present"]
    assert lines[4].split() == ["vi", "Helsinki-NLP/opus-mt-en-vi", "no", "-", "-"]
    assert lines[5].split() == ["fr", "Helsinki-NLP/opus-mt-tc-big-en-fr", "no", "-", "-"]
    assert len(lines) == 6  # 'adapted from' went under the table: '-' everywhere, so no line
    narrow = run("models", "list", columns=50).stdout.splitlines()
    assert narrow[1].split() == ["lang", "model", "present"]
    assert narrow[3:] == [
        "vi   Helsinki-NLP/opus-mt-en-vi             no",
        "fr   Helsinki-NLP/opus-mt-tc-big-en-fr      no",
    ]


@pytest.mark.parametrize("terminal", [True, False])
def test_no_note_header_when_the_notes_go_under_the_table(terminal):
    statuses = [missing_status("city-budget", lang, ["A b."]) for lang in ("vi", "fr")]
    buf = io.StringIO()
    console = Console(file=buf, width=80, force_terminal=terminal, color_system=None)
    console.print(status_table(statuses, console.width))
    lines = buf.getvalue().splitlines()
    assert lines[1].split()[-1] == "complete" and "note" not in lines[1]
    note = "note: no catalog yet: run l10n update"
    assert lines[-2:] == [f"city-budget vi: {note}", f"city-budget fr: {note}"]


def test_models_list_moves_a_revision_under_the_table_when_narrow(project):
    (project / "l10n.toml").write_text(
        'languages = ["vi", "fr"]\n[models]\nfr = { id = "Helsinki-NLP/opus-mt-tc-big-en-fr", '
        'revision = "0123456789abcdef0123456789abcdef01234567" }\n',
        encoding="utf-8",
    )
    wide = run("models", "list", columns=200).stdout.splitlines()
    rev = "0123456789abcdef0123456789abcdef01234567"
    assert wide[5].split() == ["fr", "Helsinki-NLP/opus-mt-tc-big-en-fr", "no", rev, "-", "-"]
    lines = run("models", "list").stdout.splitlines()
    assert max(cell_len(line) for line in lines[:-1]) <= 80, lines  # the note: whole, the terminal wraps it
    assert lines[-2:] == [
        "fr   Helsinki-NLP/opus-mt-tc-big-en-fr      no",
        "fr Helsinki-NLP/opus-mt-tc-big-en-fr: revision: 0123456789abcdef0123456789abcdef01234567",
    ]


def test_a_terminal_narrower_than_the_keys_and_numbers_cuts_no_header(project):
    """At 30 columns the heading layout is still too wide: printed whole, the terminal wraps."""
    (project / "l10n.toml").write_text(
        'languages = ["vi", "fr"]\n[models]\nfr = "Helsinki-NLP/opus-mt-tc-big-en-fr"\n', encoding="utf-8"
    )
    lines = run("models", "list", columns=30).stdout.splitlines()
    assert lines[:3] == ["Models", "vi", "model                             present"]
    assert lines[-1] == "Helsinki-NLP/opus-mt-tc-big-en-fr      no"
    status = run("status", columns=30).stdout.splitlines()
    assert status[1:3] == ["city-budget", "lang reviewed machine fuzzy untranslated obsolete complete"]
