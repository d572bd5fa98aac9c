"""A catalog that cannot be read changes nothing its language publishes (README, Status).

Its pages stay, still linked as alternates, and ``build/index.html`` is not rewritten in that
run (one ``index-kept`` warning); before, the index was rewritten without that language's
column while its old pages stayed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FakeEngine
from typer.testing import CliRunner

from l10n.cli import app

VI = "locales/vi/LC_MESSAGES/x.po"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "x.txt").write_text("Talks ended on Monday.\n\nBoth sides will meet again.\n")
    (tmp_path / "l10n.toml").write_text(
        'languages = ["vi", "fr"]\nproject_id = "demo"\nbase_url = "https://example.org/"\n'
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine())
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    return tmp_path


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "build").rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("args", [["compile"], ["compile", "--lang", "fr"], ["build", "--lang", "vi"]])
def test_a_syntax_error_keeps_the_language_and_the_index(project: Path, args: list[str]) -> None:
    before = snapshot(project)
    assert "vi/x.html" in before["build/index.html"].decode()
    po = project / VI
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    result = CliRunner().invoke(app, args)
    if "fr" in args:  # vi is not this run's language: its error is not reported, the warning is
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 2, result.output
        assert VI in result.output
    after = snapshot(project)
    assert after["build/index.html"] == before["build/index.html"]
    assert {k: v for k, v in after.items() if "/vi/" in k} == {k: v for k, v in before.items() if "/vi/" in k}
    assert "example.org/vi/x.html" in after["build/en/x.html"].decode()  # still an alternate
    assert after["build/en/x.html"] == before["build/en/x.html"]
    assert after["build/fr/x.html"] == before["build/fr/x.html"]
    assert "build/index.html: warning: index-kept: not rewritten: a catalog of vi" in result.output
    # fixed: the index is written again (and lists vi)
    po.write_text(po.read_text(encoding="utf-8").removesuffix('\nmsgid "broken\n'), encoding="utf-8")
    again = CliRunner().invoke(app, ["compile"])
    assert again.exit_code == 0, again.output
    assert "index-kept" not in again.output
    assert "vi/x.html" in (project / "build" / "index.html").read_text(encoding="utf-8")
