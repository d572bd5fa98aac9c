"""Pages are derived data: a correction reaches every language's page (issue 19), and l10n
removes only the files it wrote (the build manifest, ``l10n.stages.manifest``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FakeEngine
from typer.testing import CliRunner

from l10n.cli import app
from l10n.stages.manifest import MANIFEST

OLD = "Both sides will meet again."
NEW = "Both sides will meet on Friday."


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "x.txt").write_text(f"Talks ended on Monday.\n\n{OLD}\n")
    (tmp_path / "l10n.toml").write_text('languages = ["vi", "fr", "de"]\nbase_url = "https://example.org/"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine())
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    return tmp_path


def _pages(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "build").rglob("*"))
        if p.is_file()
    }


def test_a_source_correction_reaches_every_language_built_or_not(project: Path) -> None:
    assert f"[vi] {OLD}" in (project / "build/fr/x.html").read_text()
    src = project / "source/x.txt"
    src.write_text(src.read_text().replace(OLD, NEW))
    result = CliRunner().invoke(app, ["build", "--lang", "vi"])
    assert result.exit_code == 0, result.output
    for lang in ("fr", "de"):  # not this run's languages: rebuilt, the new English in place of the stale text
        for ext in ("html", "txt"):
            page = (project / f"build/{lang}/x.{ext}").read_text()
            assert OLD not in page, (lang, ext)
            assert NEW in page and f"[vi] {NEW}" not in page, (lang, ext)
            assert "[vi] Talks ended on Monday." in page  # what the catalog still gives stays
    assert f"[vi] {NEW}" in (project / "build/vi/x.html").read_text()  # this run's language: translated
    warned = [ln for ln in result.output.splitlines() if "source-changed" in ln or "rebuilt:" in ln]
    assert len(warned) == 2 and all("source/x.txt changed" in ln for ln in warned), result.output
    assert any("build/fr/x.html" in ln for ln in warned) and any("build/de/x.html" in ln for ln in warned)
    index = (project / "build/index.html").read_text()
    for lang in ("vi", "fr", "de"):
        assert f"{lang}/x.html" in index
    # the fr catalog was not this run's: untouched (still the old msgid)
    assert OLD in (project / "locales/fr/LC_MESSAGES/x.po").read_text()


def test_unchanged_inputs_rebuild_nothing_and_the_manifest_stays(project: Path) -> None:
    before, manifest = _pages(project), (project / MANIFEST).read_bytes()
    result = CliRunner().invoke(app, ["build", "--lang", "vi"])
    assert result.exit_code == 0, result.output
    assert _pages(project) == before
    assert (project / MANIFEST).read_bytes() == manifest
    pages = json.loads(manifest)["pages"]
    assert set(pages) >= {"fr/x.html", "fr/x.txt", "en/x.html", "index.html"}
    assert not (project / "build" / ".l10n").exists()  # the manifest is not published


def test_a_config_change_rebuilds_other_languages(project: Path) -> None:
    cfg = project / "l10n.toml"
    cfg.write_text(cfg.read_text().replace("https://example.org/", "https://news.example.net/"))
    result = CliRunner().invoke(app, ["build", "--lang", "vi"])
    assert result.exit_code == 0, result.output
    assert "news.example.net/vi/x.html" in (project / "build/de/x.html").read_text()


def test_orphan_removal_keeps_pages_l10n_did_not_write(project: Path) -> None:
    hand = project / "build/fr/about.html"
    hand.write_text("<p>hand-made</p>")
    (project / "locales/about.pot").write_text(
        (project / "locales/x.pot").read_text()
    )  # template, no article
    edited = project / "build/de/x.html"
    (project / "source/x.txt").rename(project / "source/y.txt")  # x is now an orphan
    edited.write_text("<p>edited by hand after the build</p>")
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    assert hand.read_text() == "<p>hand-made</p>"  # never written by l10n: kept
    assert edited.read_text() == "<p>edited by hand after the build</p>"  # changed since: kept
    assert not (project / "build/fr/x.html").exists()  # l10n's own, unchanged: removed
    assert not (project / "build/vi/x.txt").exists()
    assert "build/fr/about.html" in result.output and "build/de/x.html" in result.output
    pages = json.loads((project / MANIFEST).read_text())["pages"]
    assert "fr/x.html" not in pages and "fr/y.html" in pages


def test_build_dir_outside_the_project_keeps_hand_made_pages(tmp_path: Path, monkeypatch) -> None:
    root, www = tmp_path / "proj", tmp_path / "outside" / "www2"
    (root / "source").mkdir(parents=True)
    (root / "source" / "a.txt").write_text("A short note.\n")
    (root / "l10n.toml").write_text('languages = ["vi"]\nbuild_dir = "../outside/www2"\n')
    (root / "locales").mkdir()
    (root / "locales" / "contact.pot").write_text('msgid ""\nmsgstr ""\n')  # a template without article
    (www / "vi").mkdir(parents=True)
    for name in ("contact.html", "contact.txt"):
        (www / "vi" / name).write_text("hand-made\n")
    monkeypatch.chdir(root)
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine())
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code in (0, 2), result.output
    assert (www / "vi" / "contact.html").read_text() == "hand-made\n"
    assert (www / "vi" / "contact.txt").read_text() == "hand-made\n"
    assert (www / "vi" / "a.html").is_file()
