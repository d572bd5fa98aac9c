"""``--executor ray`` (issue #15): same catalogs as the local executor, through a real Ray cluster.

A local Ray cluster (2 CPUs, loopback only, no dashboard, no usage statistics) is started once
per session. Three articles are translated into vi and zh-Hans with the tiny multilingual model
through the CLI in-process, once with ``--executor local`` and once with ``--executor ray``;
every catalog must be byte-identical. An actor killed mid-run is restarted by Ray and the run
still writes the same bytes; a batch that fails three times leaves its units failed and the
other batches written. These tests never skip: without Ray they fail, naming the extra.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

# Loopback only (no other node can join, nothing leaves the machine), and no usage report.
os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
os.environ["RAY_USAGE_STATS_ENABLED"] = "0"

try:
    import ray
except ImportError:  # pragma: no cover - CI installs the test extra, which includes ray
    pytest.fail('the Ray tests need Ray: pip install -e ".[ray]"', pytrace=False)

from l10n.cli import app
from l10n.translate.executor import RayOptions
from l10n.translate.executor import ray as ray_executor
from l10n.translate.executor.ray import PoolSpec, RayEngine, pool_size

ENV = {"SOURCE_DATE_EPOCH": "1700000000", "HF_HUB_OFFLINE": "1", "NO_COLOR": "1", "COLUMNS": "200"}

REPEATED = "The council will meet again in Warsaw next week."
ARTICLES = {
    "council": "Council meets after summit\n\n"
    + " ".join(f"The council said on day {n} that talks with Moscow would go on." for n in range(1, 41))
    + f"\n\n{REPEATED} Troops drilled near the border in 2016.\n",
    "harbour": "Harbour reopens\n\nThe harbour reopened on Monday after the winter storms. "
    "Ships carried 13,000 tonnes of grain. See http://example.org/harbour for details.\n\n"
    f"{REPEATED}\n",
    "budget": "Budget vote\n\nThe city voted on the budget. The minister was not pleased. "
    "Schools and railways get more money this year.\n",
}

CONFIG = """\
[tool.l10n]
source_language = "en"
languages = ["vi", "zh-Hans"]
engine = "transformers"
executor = "{executor}"
glossary = ""

[tool.l10n.models]
vi = "{model}"
zh-Hans = "{model}"

[tool.l10n.decoding]
beam_size = 2
max_output_ratio = 0.5
threads = 1
"""
# No [tool.l10n.ray]: the defaults size the pool to this 2-CPU cluster (one actor of 2 CPUs).


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[None]:
    """A 2-CPU Ray cluster of this machine, for the session (never one already running here)."""
    ray.init(
        address="local",
        num_cpus=2,
        include_dashboard=False,
        logging_level=logging.ERROR,
        log_to_driver=False,
    )
    try:
        yield
    finally:
        ray.shutdown()


@contextlib.contextmanager
def _torch_threads() -> Iterator[None]:
    """Restore torch's thread count (``threads = 1`` sets it for the whole test process)."""
    import torch

    before = torch.get_num_threads()
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _project(root: Path, model: Path, executor: str = "local") -> Path:
    (root / "source").mkdir(parents=True)
    for slug, text in ARTICLES.items():
        (root / "source" / f"{slug}.txt").write_text(text, encoding="utf-8")
    config = CONFIG.format(executor=executor, model=model.as_posix())
    (root / "pyproject.toml").write_text(config, encoding="utf-8")
    return root


def _l10n(root: Path, *args: str) -> Any:
    with contextlib.chdir(root), _torch_threads():
        return CliRunner().invoke(app, list(args), env=ENV, catch_exceptions=False)


def _catalogs(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.glob("locales/**/*.po"))}


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory, tiny_multi_model_dir: Path) -> dict[str, bytes]:
    """The catalogs the local executor writes (the reference)."""
    root = _project(tmp_path_factory.mktemp("local"), tiny_multi_model_dir)
    result = _l10n(root, "build", "--executor", "local")
    assert result.exit_code == 0, result.output
    return _catalogs(root)


def test_ray_executor_writes_the_local_executors_bytes(
    ray_cluster: None, local_run: dict[str, bytes], tiny_multi_model_dir: Path, tmp_path: Path
) -> None:
    root = _project(tmp_path, tiny_multi_model_dir)
    result = _l10n(root, "build", "--executor", "ray")
    assert result.exit_code == 0, result.output
    assert "ray: using the Ray session already open in this process (1 node, 2 CPUs)" in result.stderr
    got = _catalogs(root)
    assert sorted(got) == sorted(local_run)
    assert len(got) == 6
    for name, data in local_run.items():
        assert got[name] == data, name
    vi = got["locales/vi/LC_MESSAGES/council.po"].decode("utf-8")
    assert "# l10n-mt: marian tiny-multi@local sha1:" in vi  # the engine's name, not "ray"
    assert "ray" not in vi


def test_killed_actor_is_restarted_and_the_output_is_unchanged(
    ray_cluster: None,
    local_run: dict[str, bytes],
    tiny_multi_model_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = _project(tmp_path, tiny_multi_model_dir, executor="ray")  # executor from the config
    killed: list[int] = []
    submit = ray_executor._call

    def kill_the_first_worker(actor: Any, texts: list[str]) -> Any:
        future = submit(actor, texts)
        if not killed:  # the first batch is running or queued on this actor: kill its process
            killed.append(ray.get(actor.pid.remote()))
            ray.kill(actor, no_restart=False)
        return future

    monkeypatch.setattr(ray_executor, "_call", kill_the_first_worker)
    result = _l10n(root, "build", "--lang", "vi")
    assert result.exit_code == 0, result.output
    assert len(killed) == 1
    want = {name: data for name, data in local_run.items() if name.startswith("locales/vi/")}
    assert _catalogs(root) == want


class FlakyWorker:
    """An actor double: uppercases, fails every call on a batch holding "BOOM", counts attempts."""

    def __init__(self, spec: PoolSpec) -> None:
        self.log = Path(spec.cfg.root) / "attempts.log"

    def identity(self) -> tuple[str, str, str, str]:
        return "ok", "fake", "fake/model", "rev1"

    def translate(self, texts: list[str]) -> list[str]:
        if any("BOOM" in text for text in texts):
            with self.log.open("a", encoding="utf-8") as log:
                log.write("attempt\n")
            raise RuntimeError("the model ran out of memory")
        return [text.upper() for text in texts]


def test_a_batch_failing_three_times_fails_only_its_units(
    ray_cluster: None, tmp_path: Path, tiny_multi_model_dir: Path
) -> None:
    from ray import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import tests/
    from l10n.config import Config, ModelSpec

    cfg = Config(root=tmp_path, models={"vi": ModelSpec(str(tiny_multi_model_dir))})
    batches = [["a", "b"], ["BOOM c"], ["d"]]
    engine = RayEngine(PoolSpec(cfg, "vi"), RayOptions(actors=2, cpus_per_actor=1), batches, FlakyWorker)
    try:
        assert (engine.name, engine.model_id, engine.revision) == ("fake", "fake/model", "rev1")
        assert engine.translate(["a", "b"]) == ["A", "B"]
        assert engine.translate(["BOOM c"]) == [""]
        assert engine.translate(["d"]) == ["D"]
        assert engine.translate(["not planned"]) == ["NOT PLANNED"]
    finally:
        errors = engine.shutdown()
    assert (tmp_path / "attempts.log").read_text(encoding="utf-8").count("attempt") == 3
    assert [str(e) for e in errors] == [
        "vi: a batch of 1 units failed 3 times on Ray (RuntimeError: the model ran out of memory); "
        "its units stay untranslated and the next run retries them"
    ]


def test_missing_model_is_one_error_before_any_actor_starts(
    ray_cluster: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, tmp_path / "no-such-model", executor="ray")
    started: list[object] = []
    monkeypatch.setattr(ray_executor, "pool_size", lambda *args: started.append(args))  # sized, then started
    result = _l10n(root, "build", "--lang", "vi")
    assert result.exit_code == 1, result.output
    assert "error: no model for vi:" in result.stderr
    assert "no-such-model" in result.stderr
    assert started == []
    assert ray.available_resources().get("CPU") == 2


def test_pool_fits_the_cluster() -> None:
    assert pool_size(RayOptions(), 2, 100) == (1, 2)  # one actor per 2 CPUs
    assert pool_size(RayOptions(), 16, 100) == (8, 2)
    assert pool_size(RayOptions(cpus_per_actor=4), 2, 100) == (1, 2)  # never more CPUs than there are
    assert pool_size(RayOptions(actors=5, cpus_per_actor=1), 2, 100) == (2, 1)
    assert pool_size(RayOptions(actors=0, cpus_per_actor=1), 16, 3) == (3, 1)  # no idle models
    assert pool_size(RayOptions(actors=4, cpus_per_actor=1), 16, 0) == (4, 1)  # batches not known yet


def test_without_ray_installed_the_executor_is_a_one_line_usage_error(
    tmp_path: Path, tiny_multi_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, tiny_multi_model_dir)
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    result = _l10n(root, "translate", "--executor", "ray")
    assert result.exit_code == 2
    assert result.stderr == (
        'error: --executor ray needs Ray, which is not installed: pip install -e ".[ray]"\n'
    )


def test_ray_address_without_the_ray_executor_is_a_usage_error(
    tmp_path: Path, tiny_multi_model_dir: Path
) -> None:
    root = _project(tmp_path, tiny_multi_model_dir)
    result = _l10n(root, "translate", "--ray-address", "10.0.0.1:6379")
    assert result.exit_code == 2
    assert "--ray-address needs --executor ray" in result.stderr


def test_an_address_where_nothing_listens_is_one_line_and_quick(
    tmp_path: Path, tiny_multi_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as free:  # a loopback port nobody listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    root = _project(tmp_path, tiny_multi_model_dir)
    monkeypatch.setattr(ray, "is_initialized", lambda: False)  # as in a fresh process
    result = _l10n(root, "translate", "--executor", "ray", "--ray-address", f"127.0.0.1:{port}")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: cannot attach to the Ray cluster at 127.0.0.1:{port}: nothing answers"
    )
    assert result.stderr.count("\n") == 1
