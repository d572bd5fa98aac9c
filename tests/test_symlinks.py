"""Nothing outside the project's folders is read, written or deleted through a symbolic link (issue 19).

A link that leads out of its configured folder is a one-line error naming the link (exit 2);
links inside a folder, and a configured folder that is itself a link (``build`` -> a web
root), are allowed (README, "Guarantees").
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FakeEngine
from typer.testing import CliRunner

from l10n.cli import app


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "proj"
    (root / "source").mkdir(parents=True)
    (root / "source" / "x.txt").write_text("Talks ended on Monday.\n")
    (root / "l10n.toml").write_text('languages = ["vi"]\n')
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "id_rsa").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n")
    monkeypatch.chdir(root)
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine())
    return root


def _one_error(output: str, name: str) -> None:
    lines = [ln for ln in output.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1, output
    assert lines[0].startswith(f"error: {name}: is a symbolic link that leads out of"), output


def _everything(folder: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())


def test_an_article_linked_outside_is_never_published(project: Path) -> None:
    (project / "source" / "key.txt").symlink_to(project.parent / "secret" / "id_rsa")
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 2, result.output
    _one_error(result.output, "source/key.txt")
    assert "PRIVATE KEY" not in result.output
    for folder in ("build", "locales"):
        if (project / folder).exists():
            assert "PRIVATE KEY" not in _everything(project / folder)


@pytest.mark.parametrize("folder", ["locales", "build"])
def test_a_catalog_or_page_folder_linked_outside_is_never_written(project: Path, folder: str) -> None:
    outside = project.parent / "elsewhere"
    outside.mkdir()
    (project / folder).mkdir()
    (project / folder / "vi").symlink_to(outside)
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 2, result.output
    _one_error(result.output, f"{folder}/vi")
    assert list(outside.iterdir()) == []


def test_a_glossary_linked_outside_is_not_read(project: Path) -> None:
    (project / "glossary.csv").symlink_to(project.parent / "secret" / "id_rsa")
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 2, result.output
    assert "PRIVATE KEY" not in result.output
    assert "glossary.csv: is a symbolic link that leads out of" in result.output


def test_links_inside_and_a_linked_build_folder_are_allowed(project: Path) -> None:
    www = project.parent / "www"
    www.mkdir()
    (www / "about.html").write_text("hand-made\n")
    (project / "build").symlink_to(www)  # the configured folder itself may be a link
    (project / "source" / "drafts").mkdir()
    (project / "source" / "drafts" / "y.txt").write_text("A short note.\n")
    (project / "source" / "y.txt").symlink_to(project / "source" / "drafts" / "y.txt")  # inside: fine
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    assert (www / "vi" / "x.html").is_file() and (www / "vi" / "y.html").is_file()
    assert "[vi] A short note." in (www / "vi" / "y.txt").read_text()
    assert (www / "about.html").read_text() == "hand-made\n"
