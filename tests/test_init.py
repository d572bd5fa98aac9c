"""``l10n init`` (issue 21): a new project in the current folder, never over an existing file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli import app
from l10n.config import load_config
from l10n.glossary import Glossary
from l10n.init import GITIGNORE_LINES, SAMPLE_ARTICLE


def run(*args: str):
    return CliRunner().invoke(app, list(args), prog_name="l10n")


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_init_makes_a_project_that_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init", "--lang", "vi", "--lang", "FR")
    assert result.exit_code == 0, result.output
    assert sorted(files(tmp_path)) == [".gitignore", "glossary.csv", "l10n.toml", "source/welcome.md"]
    cfg = load_config(tmp_path)
    assert cfg.languages == ("vi", "fr") and cfg.source_language == "en"
    assert cfg.glossary == tmp_path / "glossary.csv"
    assert (tmp_path / "glossary.csv").read_text(encoding="utf-8") == "en,dnt,vi,fr,note\n"
    glossary = Glossary.load(tmp_path / "glossary.csv")
    assert glossary.languages == ("vi", "fr") and glossary.source_lang == "en" and glossary.rows == ()
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines() == list(GITIGNORE_LINES)
    assert set(GITIGNORE_LINES) == {
        "build/",
        "models/",
        "locales/**/*.mo",
        ".l10n.lock",
        ".l10n/",
        ".*.tmp",
        ".*.aside",
    }
    assert (tmp_path / "source/welcome.md").read_text(encoding="utf-8") == SAMPLE_ARTICLE
    assert "created l10n.toml" in result.stdout and "languages: vi, fr" in result.stdout
    extract = run("extract")
    assert extract.exit_code == 0 and (tmp_path / "locales/welcome.pot").is_file()


def test_init_keeps_every_existing_file_and_article(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "source").mkdir()
    (tmp_path / "source/story.html").write_text("<p>Mine.</p>\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("secret/\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "site"\n', encoding="utf-8")  # no [tool.l10n]
    before = files(tmp_path)
    result = run("init", "--lang", "de")
    assert result.exit_code == 0, result.output
    after = files(tmp_path)
    assert {k: after[k] for k in before} == before  # nothing overwritten
    assert sorted(set(after) - set(before)) == ["glossary.csv", "l10n.toml"]  # no sample: an article exists
    assert "kept .gitignore (exists; not changed)" in result.stdout
    assert load_config(tmp_path).languages == ("de",)


def test_init_without_lang_uses_the_default_language(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("init").exit_code == 0
    assert load_config(tmp_path).languages == ("vi",)


@pytest.mark.parametrize("where", [".", "source", "source/deep"])
def test_init_inside_a_project_refuses_and_names_it(tmp_path, monkeypatch, where):
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\n', encoding="utf-8")
    (tmp_path / where).mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(tmp_path / where)
    before = files(tmp_path)
    result = run("init", "--lang", "fr")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"error: already inside the l10n project {tmp_path.resolve()}: nothing to initialise\n"
    )
    assert files(tmp_path) == before


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("vn", "error: --lang vn: unknown language tag 'vn' (not in CLDR) (did you mean vi"),
        ("en", "error: --lang en: that is the source language (en)"),
        ("xx-Nope", "error: --lang xx-Nope: unknown language tag 'xx-Nope' (not in CLDR)"),
    ],
)
def test_init_validates_languages_and_writes_nothing(tmp_path, monkeypatch, lang, message):
    monkeypatch.chdir(tmp_path)
    result = run("init", "--lang", lang)
    assert result.exit_code == 2 and result.stderr.startswith(message), result.stderr
    assert files(tmp_path) == {}


def test_gitignore_of_init_leaves_out_compiled_catalogs_only(tmp_path, monkeypatch):
    """git itself reads the written .gitignore: .mo files are ignored, the catalogs are not."""
    if shutil.which("git") is None:  # .ci/run installs it: never a skip
        pytest.fail("git is not installed: run `apt-get install git` (.ci/run does it)", pytrace=False)
    monkeypatch.chdir(tmp_path)
    assert run("init", "--lang", "vi").exit_code == 0
    subprocess.run(["git", "init", "-q"], check=True)
    paths = ["locales/vi/LC_MESSAGES/welcome.mo", "locales/zh_Hans/LC_MESSAGES/a.mo", "locales/welcome.pot"]
    paths += ["locales/vi/LC_MESSAGES/welcome.po", "source/welcome.md", "l10n.toml"]
    checked = subprocess.run(["git", "check-ignore", *paths], capture_output=True, text=True)
    assert checked.stdout.splitlines() == paths[:2]
