"""One article at a time (issue 21): article arguments, the project found from a subfolder,
``-h``, ``--lang`` checked against the config, and "did you mean" for languages and keys."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FakeEngine
from typer.testing import CliRunner

from l10n.cli import app

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "source" / "russia-nato-tensions.txt"
OTHER = "russia-nato-tensions"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), prog_name="l10n", env=env)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """Two articles (harbor-fire.txt, russia-nato-tensions.txt), vi and fr, a fake engine."""
    (tmp_path / "source").mkdir()
    shutil.copy(DEMO, tmp_path / "source" / DEMO.name)
    shutil.copy(DEMO, tmp_path / "source" / "harbor-fire.txt")
    (tmp_path / "l10n.toml").write_text('languages = ["vi", "fr"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        "l10n.mt.factory.make_engine",
        lambda cfg, lang, *, model=None, engine=None: FakeEngine(lambda t: f"{lang.upper()} {t}"),
    )
    return tmp_path


def catalogs(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "locales").rglob("*.po*"))


# ---- article arguments ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["harbor-fire", "source/harbor-fire.txt", "harbor-fire.txt"])
def test_build_of_one_article_does_its_catalogs_only_and_publishes_the_index(project, name):
    result = run("build", name)
    assert result.exit_code == 0, result.output
    assert catalogs(project) == [
        "locales/fr/LC_MESSAGES/harbor-fire.po",
        "locales/harbor-fire.pot",
        "locales/vi/LC_MESSAGES/harbor-fire.po",
    ]
    assert "error:" not in result.stderr  # the other article's missing catalogs are not this run's
    index = (project / "build/index.html").read_text(encoding="utf-8")
    assert "harbor-fire" in index and OTHER in index  # the index describes every article
    assert (project / f"build/en/{OTHER}.html").is_file()
    assert not (project / f"build/vi/{OTHER}.html").exists()


def test_status_check_queue_take_articles(project):
    assert run("build").exit_code == 0
    status = json.loads(run("status", "harbor-fire", "--format", "json").stdout)
    assert {(c["slug"], c["lang"]) for c in status["catalogs"]} == {
        ("harbor-fire", "vi"),
        ("harbor-fire", "fr"),
    }
    check = json.loads(run("check", "harbor-fire", "--lang", "vi", "--format", "json").stdout)
    assert [c["path"] for c in check["catalogs"]] == ["locales/vi/LC_MESSAGES/harbor-fire.po"]
    queue = json.loads(run("queue", OTHER, "--lang", "fr", "--format", "json").stdout)
    assert queue["items"] and {i["path"] for i in queue["items"]} == {f"locales/fr/LC_MESSAGES/{OTHER}.po"}


def test_rebuild_of_one_article_leaves_the_other_pages_unchanged(project):
    assert run("build").exit_code == 0
    other = (project / f"build/vi/{OTHER}.html").stat().st_mtime_ns
    (project / "source/harbor-fire.txt").write_text(
        "A new headline.\n\nOne more sentence.\n", encoding="utf-8"
    )
    result = run("build", "harbor-fire", "-v")
    assert result.exit_code == 0, result.output
    assert "wrote build/vi/harbor-fire.html" in result.stdout and f"{OTHER}.po" not in result.stdout
    assert (project / f"build/vi/{OTHER}.html").stat().st_mtime_ns == other


@pytest.mark.parametrize(
    "command", ["extract", "update", "translate", "check", "compile", "build", "status", "queue"]
)
def test_unknown_article_is_one_line_with_close_matches_exit_2(project, command):
    result = run(command, "harbour-fire")
    assert result.exit_code == 2
    assert result.stderr == "error: no article 'harbour-fire' in source/ (did you mean harbor-fire?)\n"
    assert not (project / "locales").exists()


def test_unknown_article_without_close_match_lists_the_articles(project):
    result = run("status", "zzz")
    assert result.exit_code == 2
    assert result.stderr == f"error: no article 'zzz' in source/ (articles: harbor-fire, {OTHER})\n"


def test_review_takes_an_article(project):
    result = run("review", "harbour-fire", "--lang", "vi")
    assert result.exit_code == 2 and "did you mean harbor-fire?" in result.stderr


def test_review_session_gets_the_named_articles_only(project, monkeypatch):
    assert run("build", "--lang", "vi").exit_code == 0
    seen = {}

    class Session:
        def __init__(self, cfg, lang, docs, glossary):
            seen["docs"] = [d.slug for d in docs]
            raise KeyboardInterrupt  # stop before serving

    monkeypatch.setattr("l10n.review.session.ReviewSession", Session)
    result = run("review", "harbor-fire", "--lang", "vi")
    assert seen["docs"] == ["harbor-fire"]
    assert result.exit_code == 130


# ---- the project from a subfolder ---------------------------------------------------------------


def test_commands_run_from_a_subfolder_and_say_which_project(project, monkeypatch):
    assert run("build", "--lang", "vi").exit_code == 0
    monkeypatch.chdir(project / "source")
    result = run("status", "harbor-fire.txt", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"using project {project.resolve()}\n"
    assert {c["slug"] for c in json.loads(result.stdout)["catalogs"]} == {"harbor-fire"}
    monkeypatch.chdir(project)
    assert run("status", "--format", "json").stderr == ""  # in the project root: nothing said


def test_search_skips_a_pyproject_without_l10n_and_stops_at_the_first_match(project, monkeypatch):
    inner = project / "source" / "drafts"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    monkeypatch.chdir(inner)
    result = run("status", "--format", "json")
    assert result.exit_code == 0 and result.stderr == f"using project {project.resolve()}\n"
    (inner / "pyproject.toml").write_text('[tool.l10n]\nlanguages = ["de"]\n', encoding="utf-8")
    result = run("status", "--format", "json")  # drafts/ is now a project of its own: it is used
    assert result.exit_code == 2 and result.stderr == "error: source: source folder not found\n"
    monkeypatch.chdir(inner.parent)  # source/ lies in the outer project only
    assert run("status", "--format", "json").stderr == f"using project {project.resolve()}\n"


def test_no_project_names_l10n_init(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("status")
    assert result.exit_code == 2
    assert "no l10n project here or in a parent folder" in result.stderr and "l10n init" in result.stderr


# ---- -h, languages and keys -----------------------------------------------------------------------


@pytest.mark.parametrize("args", [["-h"], ["build", "-h"], ["models", "-h"], ["models", "pull", "-h"]])
def test_dash_h_is_help(args):
    result = run(*args)
    assert result.exit_code == 0 and result.stdout.startswith("Usage: l10n")
    assert result.stdout == run(*args[:-1], "--help").stdout


def test_help_shows_the_article_argument():
    text = run("build", "--help", env={"COLUMNS": "200"}).stdout
    assert "Usage: l10n build [OPTIONS] [ARTICLE]..." in text and "<list[str]>" not in text


def test_lang_not_in_the_config_is_an_error_naming_the_key(project):
    result = run("update", "--lang", "de")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --lang de: not a configured language; add it to languages in l10n.toml (now: vi, fr)\n"
    )
    assert not (project / "locales").exists()


def test_lang_not_in_pyproject_names_the_tool_table(project):
    (project / "l10n.toml").unlink()
    (project / "pyproject.toml").write_text('[tool.l10n]\nlanguages = ["vi"]\n', encoding="utf-8")
    result = run("status", "--lang", "fr")
    assert result.exit_code == 2 and "add it to [tool.l10n] languages in pyproject.toml" in result.stderr


@pytest.mark.parametrize(("given", "meant"), [("vn", "vi"), ("VN", "vi"), ("fre", "fr"), ("fra", "fr")])
def test_lang_close_to_a_configured_one_gets_did_you_mean(project, given, meant):
    result = run("status", "--lang", given)
    assert result.exit_code == 2
    assert f"(did you mean {meant}?)" in result.stderr and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("toml", "expect"),
    [
        ('[model]\nvi = "x/y"\n', "model: unknown key (did you mean 'models'?)"),
        ("languages = ['vi']\nlanguage = 'vi'\n", "language: unknown key (did you mean 'languages'?)"),
        (
            "[publish]\ninclude_machin = true\n",
            "publish.include_machin: unknown key (did you mean 'include_machine'?)",
        ),
    ],
)
def test_config_key_close_to_a_known_one_gets_did_you_mean(project, toml, expect):
    (project / "l10n.toml").write_text(toml, encoding="utf-8")
    result = run("status")
    assert result.exit_code == 2 and expect in result.stderr
