"""Article names with a space: ``#:`` references as GNU gettext 0.22+ writes them (the file name
isolated in U+2068/U+2069), read back as one reference, so re-runs write nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import require_gettext
from typer.testing import CliRunner

from l10n.catalog import pofile
from l10n.cli import app

require_gettext()  # the oracle: fails, never skips, when GNU gettext is missing


@pytest.mark.parametrize("name", ["with space.txt", "Nga NATO talks.md"])
def test_extract_twice_across_a_minute_writes_nothing(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / name).write_text("Talks ended on Monday.\n\nBoth sides will meet again.\n")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "demo"\n')
    monkeypatch.chdir(tmp_path)
    pot = tmp_path / "locales" / (Path(name).stem + ".pot")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert CliRunner().invoke(app, ["extract"]).exit_code == 0
    first = pot.read_bytes()
    assert f"#: \u2068source/{name}\u2069:1".encode() in first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000120")  # two minutes later
    result = CliRunner().invoke(app, ["extract"])
    assert result.exit_code == 0, result.output
    assert pot.read_bytes() == first
    (message, *_rest) = pofile.parse(first.decode()).active()
    assert message.occurrences == [(f"source/{name}", "1")]
    # GNU accepts the template and msgcat writes it back unchanged
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(pot)], capture_output=True).returncode == 0
    assert subprocess.run(["msgcat", str(pot)], capture_output=True, check=True).stdout == first
    # update: the catalog is stable too
    assert CliRunner().invoke(app, ["update"]).exit_code == 0
    po = tmp_path / "locales" / "vi" / "LC_MESSAGES" / (Path(name).stem + ".po")
    written = po.read_bytes()
    assert CliRunner().invoke(app, ["update"]).exit_code == 0
    assert po.read_bytes() == written
