"""Start-up (issue 22, point 5): ``l10n status`` of a plain-text project and ``l10n --version``
import no library they do not use: no HTML or Markdown parser, no template engine, no MT library.

The command runs in a fresh interpreter (``python -c``), in-process through ``l10n.cli.app``,
which then lists ``sys.modules``. The status run starts from an empty document cache, so it
segments the article itself (pysbd, the sentence segmenter of plain text, is used).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli import app

REPO = Path(__file__).resolve().parents[1]
UNUSED = ("html5lib", "lxml", "markdown_it", "jinja2", "torch", "transformers", "ctranslate2", "ruamel")
"""Libraries neither command uses for a plain-text project."""

PROBE = """
import json, sys
sys.argv = ["l10n", *sys.argv[1:]]
import l10n.cli
try:
    l10n.cli.app()
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "libs": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def probe(args: list[str], cwd: Path) -> tuple[int, list[str], str]:
    """(exit code, top-level modules loaded, stdout before the probe's line) of ``l10n <args>``."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "120"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    *shown, last = done.stdout.splitlines()
    loaded = json.loads(last)
    return loaded["code"], loaded["libs"], "\n".join(shown)


@pytest.fixture
def text_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plain-text article with its template and vi catalog; no document cache."""
    (tmp_path / "source").mkdir()
    shutil.copy(REPO / "source" / "russia-nato-tensions.txt", tmp_path / "source" / "nato.txt")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command in ("extract", "update"):
        result = CliRunner().invoke(app, [command, "-q"], prog_name="l10n")
        assert result.exit_code == 0, result.output
    shutil.rmtree(tmp_path / ".l10n" / "cache", ignore_errors=True)
    return tmp_path


def test_status_of_a_text_project_imports_no_parser_nor_mt_library(text_project: Path) -> None:
    code, libs, shown = probe(["status"], text_project)
    assert code == 0
    assert "nato" in shown and " 19 " in shown  # the table itself: 19 untranslated units
    assert [lib for lib in UNUSED if lib in libs] == []
    assert "pysbd" in libs  # the article was segmented: the probe does see what the command used


def test_version_imports_no_parser_nor_mt_library(tmp_path: Path) -> None:
    code, libs, shown = probe(["--version"], tmp_path)
    assert code == 0 and shown.startswith("l10n ")
    assert [lib for lib in (*UNUSED, "pysbd", "rich") if lib in libs] == []
