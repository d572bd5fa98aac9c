"""``l10n queue`` and ``l10n check`` in the states a new user meets (README "The queue",
"Checks"): catalogs not created yet, reviewed entries with warnings only, long msgids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.catalog import pofile
from l10n.cli import app
from l10n.config import load_config
from l10n.provenance import format_provenance
from l10n.review.queue import ELLIPSIS, elide
from l10n.review.session import ReviewSession
from l10n.stages.context import Run

ARTICLE = "There are many sentences here. Will the talks help?\n"
LONG = (
    "On June 6, NATO began its largest-ever military exercise in Poland, which involved "
    "13,000 troops from 20 countries and lasted for ten days in the north of the country."
)
VI = "locales/vi/LC_MESSAGES/a.po"
FR = "locales/fr/LC_MESSAGES/a.po"


def cli(*args: str, columns: int = 200):
    return CliRunner().invoke(app, list(args), prog_name="l10n", env={"COLUMNS": str(columns)})


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi", "fr"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_queue_before_update_lists_the_units_untranslated_and_exits_0(project: Path) -> None:
    result = cli("queue")
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert rows == [
        f"{path}  untranslated  untranslated  -  -  {text}"
        for path in (FR, VI)  # by path, each in the article's order
        for text in ("There are many sentences here.", "Will the talks help?")
    ]
    said = result.stderr.splitlines()
    assert "4 entries need a person" in said
    for path in (VI, FR):
        assert f"{path}: warning: catalog-missing: no catalog yet: run `l10n update`" in said
    assert "error" not in result.stderr
    doc = json.loads(cli("queue", "--format", "json", "--lang", "vi").stdout)
    assert doc["total"] == 2
    assert [(i["path"], i["line"], i["reason"], i["state"]) for i in doc["items"]] == [
        (VI, 0, "untranslated", "untranslated")
    ] * 2
    assert not (project / "locales").exists()  # read only: nothing created


def test_a_new_article_in_an_updated_project_is_queued_as_status_counts_it(project: Path) -> None:
    assert cli("extract").exit_code == cli("update").exit_code == 0
    (project / "source" / "b.txt").write_text(
        "A new story. It has three sentences. Really.\n", encoding="utf-8"
    )
    result = cli("queue", "--lang", "vi", "--format", "json")
    assert result.exit_code == 0, result.output
    per_path: dict[str, int] = {}
    for item in json.loads(result.stdout)["items"]:
        per_path[item["path"]] = per_path.get(item["path"], 0) + 1
    status = json.loads(cli("status", "--lang", "vi", "--format", "json").stdout)["catalogs"]
    counted = {f"locales/vi/LC_MESSAGES/{row['slug']}.po": row["units"]["untranslated"] for row in status}
    assert per_path == counted == {VI: 2, "locales/vi/LC_MESSAGES/b.po": 3}
    assert "locales/vi/LC_MESSAGES/b.po: warning: catalog-missing" in result.stderr


def test_check_warns_of_a_missing_catalog_exit_0_and_fails_a_damaged_one(project: Path) -> None:
    result = cli("check", "--lang", "vi")
    assert result.exit_code == 0, result.output
    assert f"{VI}: warning: catalog-missing: no catalog yet: run `l10n update`" in result.stdout
    doc = json.loads(cli("check", "--lang", "vi", "--format", "json").stdout)
    assert doc["issues"] == [
        {
            "path": VI,
            "line": 0,
            "severity": "warning",
            "code": "catalog-missing",
            "message": "no catalog yet: run `l10n update`",
        }
    ]
    assert doc["catalogs"] == [
        {"path": VI, "errors": 0, "warnings": 1, "reviewed": 0, "machine": 0, "untranslated": 2}
    ]
    (project / VI).parent.mkdir(parents=True)
    (project / VI).write_text('msgid "x"\nmsgstr\n', encoding="utf-8")  # damaged: still an error
    for command in ("check", "queue"):
        damaged = cli(command, "--lang", "vi")
        assert damaged.exit_code == 2, (command, damaged.output)
        assert f"error: {VI}:2:" in damaged.stderr


def translate_by_hand(root: Path) -> None:
    """vi: the first unit reviewed with a stray number (a warning on a reviewed entry), the
    second machine output with the same kind of fault (an error in machine output)."""
    path = root / VI
    catalog = pofile.parse(path.read_text(encoding="utf-8"), VI)
    first, second = catalog.active()
    catalog.set_translation(first.msgid, None, "Có 2 câu.", fuzzy=False, comment=None)
    catalog.set_translation(second.msgid, None, "Có 3 cuộc đàm phán?", fuzzy=True, comment=None)
    second.tcomment = format_provenance("marian", "m", "", "Có 3 cuộc đàm phán?", fields=[("conf", "0.5")])
    path.write_text(pofile.render(catalog), encoding="utf-8")


def test_a_reviewed_entry_with_warnings_only_is_not_queued_here_nor_on_the_page(project: Path) -> None:
    assert cli("extract").exit_code == cli("update").exit_code == 0
    translate_by_hand(project)
    checked = json.loads(cli("check", "--lang", "vi", "--format", "json").stdout)["issues"]
    graded = {(i["severity"], i["code"]) for i in checked if i["code"] == "number-mismatch"}
    assert graded == {("warning", "number-mismatch"), ("error", "number-mismatch")}
    items = json.loads(cli("queue", "--lang", "vi", "--format", "json").stdout)["items"]
    listed = [(i["msgid"], i["reason"], i["state"], i["check"]) for i in items]
    assert listed == [("Will the talks help?", "check-failed", "machine", "number-mismatch")]
    cfg = load_config(project)
    _view, entries, errors = ReviewSession(cfg, "vi", Run(cfg).documents()).load()
    assert errors == []
    assert [(e.item.path, e.item.line, e.item.reason) for e in entries] == [
        (i["path"], i["line"], i["reason"]) for i in items
    ]  # one order and one filter for the queue and the page
    assert cli("check", "--lang", "vi").exit_code == 1  # the machine entry's error still gates


def test_long_msgids_are_elided_to_the_terminal_width_json_keeps_them(project: Path) -> None:
    (project / "source" / "a.txt").write_text(LONG + "\n", encoding="utf-8")
    result = cli("queue", "--lang", "vi", columns=100)
    assert result.exit_code == 0
    [row] = result.stdout.splitlines()
    assert len(row) <= 100 and ELLIPSIS in row
    assert row.endswith(" ... of the country.") and "On June 6, NATO" in row
    assert json.loads(cli("queue", "--lang", "vi", "--format", "json").stdout)["items"][0]["msgid"] == LONG


def test_elide_keeps_whole_words_at_both_ends() -> None:
    text = "On June 6, NATO began its exercise with 13,000 troops from 20 countries."
    assert elide(text, 200) == text
    assert elide(text, 41) == "On June 6, NATO began ... 20 countries."
    assert all(len(elide(text, w)) <= w for w in range(7, 80))
