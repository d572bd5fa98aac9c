"""The device option (issue 22): ``auto``/``cpu``/``cuda`` resolved from the engine's own library.

No GPU here: the libraries' GPU answers (``ctranslate2.get_cuda_device_count``,
``torch.cuda.is_available``/``device_count``) and the model calls that would need a GPU are faked;
the Ray test starts a local cluster that advertises 2 GPUs (``num_gpus=2``), which Ray accepts on
any machine, and checks each actor is given one.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import ctranslate2
import pytest
import torch

from l10n.config import load_config
from l10n.errors import ConfigError, UsageError
from l10n.mt import DecodingOptions
from l10n.mt.ct2 import CT2Engine, convert
from l10n.mt.device import ct2_compute_type, gpu_count, resolve_device
from l10n.options import RayOptions
from l10n.translate.executor.pool import pool_device, pool_size


def fake_gpus(monkeypatch: pytest.MonkeyPatch, ct2: int, torch_gpus: int) -> None:
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: ct2)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: torch_gpus > 0)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: torch_gpus)


def test_auto_is_cuda_only_where_the_engines_library_reports_a_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_gpus(monkeypatch, ct2=2, torch_gpus=0)
    assert gpu_count("ctranslate2") == 2 and gpu_count("transformers") == 0
    assert resolve_device("auto", "ctranslate2") == "cuda"
    assert resolve_device("auto", "transformers") == "cpu"  # torch is the CPU build here
    assert resolve_device("cpu", "ctranslate2") == "cpu"
    assert resolve_device("cuda", "ctranslate2") == "cuda"
    fake_gpus(monkeypatch, ct2=0, torch_gpus=1)
    assert resolve_device("auto", "ctranslate2") == "cpu"
    assert resolve_device("auto", "transformers") == "cuda"


def test_cuda_without_a_gpu_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_gpus(monkeypatch, ct2=0, torch_gpus=0)
    for engine, library in (("ctranslate2", "ctranslate2"), ("transformers", "torch")):
        with pytest.raises(UsageError) as caught:
            resolve_device("cuda", engine)
        assert "\n" not in str(caught.value) and library in str(caught.value)
    with pytest.raises(UsageError, match="unknown device 'gpu'"):
        resolve_device("gpu", "ctranslate2")


def test_this_machine_without_a_gpu_resolves_auto_to_the_cpu() -> None:
    assert resolve_device("auto", "ctranslate2") == "cpu"  # the real libraries' answers
    assert resolve_device("auto", "transformers") == "cpu"


def test_compute_types_fit_the_device() -> None:
    assert ct2_compute_type("cpu", "int8") == "default"
    assert ct2_compute_type("cuda", "int8") == "int8_float16"
    assert ct2_compute_type("cuda", "int8_float32") == "int8_float16"
    assert ct2_compute_type("cuda", "float32") == "float16"
    assert ct2_compute_type("cuda", "int16") == "float16"


@pytest.fixture(scope="module")
def ct2_int8(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return convert(tiny_model_dir, tmp_path_factory.mktemp("ct2") / "tiny-ct2-int8", "int8")


def test_ctranslate2_is_built_on_the_chosen_device(monkeypatch: pytest.MonkeyPatch, ct2_int8: Path) -> None:
    built: list[dict[str, Any]] = []

    class Translator:  # what CTranslate2 would be asked to build on a GPU host
        def __init__(self, path: str, **kwargs: Any) -> None:
            built.append(kwargs)

    fake_gpus(monkeypatch, ct2=1, torch_gpus=0)
    monkeypatch.setattr(ctranslate2, "Translator", Translator)
    engine = CT2Engine(ct2_int8, "vi", DecodingOptions(threads=1))  # device auto
    assert (engine.device, engine.compute_type) == ("cuda", "int8_float16")
    assert built[-1]["device"] == "cuda" and built[-1]["compute_type"] == "int8_float16"
    engine = CT2Engine(ct2_int8, "vi", DecodingOptions(threads=1, device="cpu"))
    assert built[-1]["device"] == "cpu" and built[-1]["compute_type"] == "default"
    fake_gpus(monkeypatch, ct2=0, torch_gpus=0)
    with pytest.raises(UsageError, match="no usable CUDA GPU"):
        CT2Engine(ct2_int8, "vi", DecodingOptions(device="cuda"))


def test_torch_model_moves_to_the_gpu(monkeypatch: pytest.MonkeyPatch, tiny_model_dir: Path) -> None:
    from l10n.mt.marian import MarianEngine
    from l10n.mt.registry import resolve_model

    moved: list[Any] = []
    monkeypatch.setattr(torch.nn.Module, "to", lambda self, *a, **k: moved.append(a) or self)
    fake_gpus(monkeypatch, ct2=0, torch_gpus=1)
    ref = resolve_model("vi", str(tiny_model_dir), tiny_model_dir.parent)
    engine = MarianEngine(ref, "vi", DecodingOptions(threads=1))
    assert engine.device == "cuda" and ("cuda",) in moved
    moved.clear()
    engine = MarianEngine(ref, "vi", DecodingOptions(threads=1, device="cpu"))
    assert engine.device == "cpu" and moved == []


def test_config_reads_and_checks_the_device(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.l10n.decoding]\ndevice = "cuda"\n', encoding="utf-8")
    assert load_config(tmp_path).decoding.device == "cuda"
    (tmp_path / "pyproject.toml").write_text('[tool.l10n.decoding]\ndevice = "gpu"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"decoding\.device.*auto, cpu, cuda"):
        load_config(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.l10n]\n", encoding="utf-8")
    assert load_config(tmp_path).decoding.device == "auto"


def test_ray_pool_is_sized_by_gpus_when_cuda() -> None:
    assert pool_device("auto", 0) == "cpu" and pool_device("auto", 2) == "cuda"
    assert pool_device("cpu", 2) == "cpu" and pool_device("cuda", 1) == "cuda"
    with pytest.raises(UsageError, match="no GPU"):
        pool_device("cuda", 0)
    assert pool_size(RayOptions(cpus_per_actor=1), 16, 100, 2) == (2, 1)  # one actor per GPU
    assert pool_size(RayOptions(cpus_per_actor=1), 16, 100, 0) == (16, 1)  # CPU pool: by CPUs
    assert pool_size(RayOptions(cpus_per_actor=4), 8, 100, 4) == (2, 4)  # CPUs still cap it


RAY_SCRIPT = textwrap.dedent(
    """
    import json, logging, os, sys
    from pathlib import Path
    import ray
    from l10n.config import Config, ModelSpec
    from l10n.options import DecodingOptions, RayOptions
    from l10n.translate.executor.ray import PoolSpec, RayExecutor

    class Worker:  # reports what Ray gave it
        def __init__(self, spec):
            self.device = spec.cfg.decoding.device
        def identity(self):
            return "ok", "fake", "fake/model", "rev1"
        def retry_options(self):
            return None
        def gpus(self):
            return self.device, [str(g) for g in ray.get_gpu_ids()]

    ray.init(address="local", num_cpus=4, num_gpus=2, include_dashboard=False,
             logging_level=logging.ERROR, log_to_driver=False)
    root = Path(sys.argv[1])
    cfg = Config(root=root, models={"vi": ModelSpec(sys.argv[2])})
    pool = RayExecutor(PoolSpec(cfg, "vi"), RayOptions(cpus_per_actor=1), Worker, batches=10)
    seen = ray.get([actor.gpus.remote() for actor in pool.actors])
    print(json.dumps({"device": pool.device, "actors": len(pool.actors), "seen": seen}))
    pool.close()
    ray.shutdown()
    """
)


def test_ray_actors_each_get_a_gpu_on_a_cluster_with_gpus(tmp_path: Path, tiny_model_dir: Path) -> None:
    script = tmp_path / "pool.py"
    script.write_text(RAY_SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(tmp_path), str(tiny_model_dir)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["device"] == "cuda" and found["actors"] == 2  # 4 CPUs, 2 GPUs: one actor per GPU
    assert sorted(device for device, _ in found["seen"]) == ["cuda", "cuda"]
    assert sorted(ids[0] for _, ids in found["seen"]) == ["0", "1"]  # each its own GPU
