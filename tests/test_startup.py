"""Start-up: ``l10n --version`` and ``--help`` import none of the heavy libraries (issue 22)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("lxml", "markdown_it", "pysbd", "html5lib", "torch", "ctranslate2", "transformers", "rich")
PROBE = """
import json, sys
sys.argv = ["l10n", *sys.argv[1:]]
import l10n.cli
try:
    l10n.cli.app()
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r} or m.startswith("l10n."))))
"""


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_import_no_heavy_library(flag: str, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=set(HEAVY)), flag],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    ).stdout
    loaded = json.loads(out.strip().splitlines()[-1])
    assert [m for m in loaded if m.split(".")[0] in HEAVY] == []
    # neither the segmenters, the stages nor publishing are imported to print the version or help
    heavy_own = ("l10n.formats.html", "l10n.formats.markdown", "l10n.formats.source", "l10n.formats.txt")
    assert not [m for m in loaded if m.startswith((*heavy_own, "l10n.stages.", "l10n.publish.", "l10n.mt."))]
    assert "l10n.cli" in loaded
