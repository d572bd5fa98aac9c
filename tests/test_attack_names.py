"""Article file names that are not UTF-8 (a byte such as 0xff, common on disks written by
other systems): refused like a name with a control character, one error naming the file,
exit 2, the other articles processed; was a traceback (UnicodeEncodeError writing the
template's ``#:`` reference)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli import app


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "good.txt").write_text("Headline\nBody one.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_article_name_not_utf8_is_refused_others_processed(project: Path) -> None:
    bad = os.path.join(os.fsencode(project / "source"), b"bad\xffname.txt")
    with open(bad, "wb") as handle:
        handle.write(b"Headline\nBody.\n")
    result = CliRunner().invoke(app, ["extract"], prog_name="l10n")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2
    assert result.stderr.count("error:") == 1
    assert "error: source/bad\\xffname.txt: article name contains a byte that is not UTF-8 (0xff)" in (
        result.stderr
    )
    assert sorted(p.name for p in (project / "locales").iterdir()) == ["good.pot"]
