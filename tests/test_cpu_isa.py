"""The opt-in pin of CTranslate2's CPU instruction set (issue 19, cross-machine determinism).

``[tool.l10n.decoding] cpu_isa`` sets ``CT2_FORCE_CPU_ISA`` in the engine's process before
``ctranslate2`` is loaded (``l10n.isa``); the library then reports the pinned instruction set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FakeEngine
from typer.testing import CliRunner

from l10n.cli import app
from l10n.config import load_config
from l10n.errors import UsageError
from l10n.isa import CPU_ISA_ENV, pin_cpu_isa
from l10n.translate.executor.local import make_local_executor

REPO = Path(__file__).resolve().parent.parent


def _project(root: Path, decoding: str) -> None:
    (root / "source").mkdir(parents=True)
    (root / "source/a.txt").write_text("Hello there.\n", encoding="utf-8")
    (root / "l10n.toml").write_text(f'languages = ["vi"]\n[decoding]\n{decoding}\n', encoding="utf-8")


def test_the_config_key_is_checked(tmp_path, monkeypatch) -> None:
    _project(tmp_path, 'cpu_isa = "AVX9"')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["status"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        'error: l10n.toml:3: decoding.cpu_isa: expected one of GENERIC, AVX, AVX2, AVX512, NEON or "", '
        "got 'AVX9'"
    )
    (tmp_path / "l10n.toml").write_text(
        'languages = ["vi"]\n[decoding]\ncpu_isa = "AVX2"\n', encoding="utf-8"
    )
    assert load_config(tmp_path).decoding.cpu_isa == "AVX2"


def test_pin_sets_the_variable_only_before_the_library_loads(monkeypatch) -> None:
    env: dict[str, str] = {}
    assert pin_cpu_isa("", env) is False and env == {}
    monkeypatch.delitem(sys.modules, "ctranslate2", raising=False)
    assert pin_cpu_isa("GENERIC", env) is True and env == {CPU_ISA_ENV: "GENERIC"}
    monkeypatch.setitem(sys.modules, "ctranslate2", object())
    assert pin_cpu_isa("GENERIC", env) is True  # loaded with that value already: fine
    with pytest.raises(UsageError, match="ctranslate2 was loaded before"):
        pin_cpu_isa("AVX2", env)
    with pytest.raises(UsageError, match="expected one of"):
        pin_cpu_isa("avx2", {})


def test_the_engine_process_gets_the_variable_before_the_engine_is_built(tmp_path, monkeypatch) -> None:
    _project(tmp_path, 'cpu_isa = "AVX"')
    monkeypatch.delitem(sys.modules, "ctranslate2", raising=False)
    monkeypatch.delenv(CPU_ISA_ENV, raising=False)
    seen: list[str | None] = []

    def make_engine(*_a: object, **_k: object) -> FakeEngine:
        seen.append(os.environ.get(CPU_ISA_ENV))
        return FakeEngine()

    monkeypatch.setattr("l10n.mt.factory.make_engine", make_engine)
    make_local_executor(load_config(tmp_path), "vi")  # what the local executor and each Ray actor call
    assert seen == ["AVX"]


SCRIPT = """
import json, sys
from pathlib import Path
from l10n.isa import pin_cpu_isa
pin_cpu_isa(sys.argv[2])
from l10n.mt.ct2 import CT2Engine
engine = CT2Engine(Path(sys.argv[1]), "vi")
texts = ["The council met on Monday.", "Read the full report before the hearing.", "Prices rose 3%."]
print(json.dumps(engine.translate(texts)))
"""


def test_two_pinned_runs_of_the_tiny_model(tiny_multi_model_dir: Path, tmp_path: Path) -> None:
    from l10n.mt.ct2 import convert

    ct2_dir = convert(tiny_multi_model_dir, tmp_path / "tiny-ct2-int8", "int8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "CT2_VERBOSE": "1"}
    env.pop(CPU_ISA_ENV, None)
    outputs = {}
    for isa in ("GENERIC", "GENERIC", "AVX2"):
        run = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(ct2_dir), isa],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if run.returncode != 0 and isa != "GENERIC":
            continue  # a CPU without AVX2: only the generic run applies
        assert run.returncode == 0, run.stderr
        assert f"Selected ISA: {isa}" in run.stderr  # the library computed with the pinned set
        out = json.loads(run.stdout)
        assert outputs.setdefault(isa, out) == out  # a pinned run repeats itself
    print("tiny int8 outputs GENERIC vs AVX2 identical:", outputs.get("AVX2") == outputs["GENERIC"])
