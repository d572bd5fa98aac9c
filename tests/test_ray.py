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
from l10n.mt import DecodingEngine, DecodingOptions, Output
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
    """Every catalog and every ``mt-memory.tmx`` under ``locales/``."""
    found = [*root.glob("locales/**/*.po"), *root.glob("locales/*/mt-memory.tmx")]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(found)}


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
    assert len(got) == 8  # 3 catalogs and the mt-memory.tmx of each language
    for name, data in local_run.items():
        assert got[name] == data, name
    vi = got["locales/vi/LC_MESSAGES/council.po"].decode("utf-8")
    assert "# l10n-mt: marian tiny-multi@local sha1:" in vi  # the engine's name, not "ray"
    assert "ray" not in vi


def test_the_reference_run_exercises_retries_and_confidence(local_run: dict[str, bytes]) -> None:
    """The byte comparison above covers the retry pass and the scores (so they ran on the actors)."""
    text = "".join(data.decode("utf-8") for name, data in local_run.items() if name.endswith(".po"))
    assert " conf:0." in text  # confidences from the engine's score
    assert "retry failed too" in text  # outputs decoded a second time with the retry options
    assert "mt-memory.tmx" not in text
    assert "<tmx" in local_run["locales/vi/mt-memory.tmx"].decode("utf-8")


def test_ray_engine_answers_as_the_local_engine(
    ray_cluster: None, tmp_path: Path, tiny_multi_model_dir: Path
) -> None:
    """Outputs (``at_bound`` included), retry outputs and scores: equal to the last bit."""
    from l10n.config import Config, ModelSpec
    from l10n.translate.executor.local import make_local_engine
    from l10n.translate.fill import _retry_options

    cfg = Config(
        root=tmp_path,
        models={"vi": ModelSpec(str(tiny_multi_model_dir))},
        engine="transformers",
        decoding=DecodingOptions(beam_size=2, max_output_ratio=0.5, threads=1),
    )
    texts = ["The harbour reopened on Monday.", "Ships carried grain.", "", "Schools get more money."]
    with _torch_threads():
        local = make_local_engine(cfg, "vi")
        assert isinstance(local, DecodingEngine)
        retry = _retry_options(local)
        assert retry is not None
        first, again = local.translate_outputs(texts), local.translate_outputs(texts, retry)
        done = [i for i, out in enumerate(first) if out.text.strip()]
        sources, outputs = [texts[i] for i in done], [first[i].text for i in done]
        scores = local.score(sources, outputs)
    engine = RayEngine(PoolSpec(cfg, "vi"), RayOptions(actors=1, cpus_per_actor=1), [texts])
    try:
        assert (engine.name, engine.model_id, engine.revision) == (local.name, local.model_id, local.revision)
        assert engine.options == local.options
        assert _retry_options(engine) == retry
        assert engine.translate_outputs(texts) == first
        assert engine.score(sources, outputs) == scores  # computed with the batch
        assert engine.translate_outputs(texts, retry) == again
        assert engine.score(sources, outputs) == scores  # computed on demand
    finally:
        assert engine.shutdown() == []
    assert any(out.at_bound for out in first)
    assert again != first


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

    def kill_the_first_worker(actor: Any, job: Any) -> Any:
        future = submit(actor, job)
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
    """An actor double: uppercases, fails every call on a batch holding "BOOM", counts attempts.

    With options (a retry pass) it lowercases instead; outputs of texts ending in "..." stopped
    at their bound; ``score`` gives the output's length / 100 and fails on "BOOM".
    """

    def __init__(self, spec: PoolSpec) -> None:
        self.log = Path(spec.cfg.root) / "attempts.log"

    def identity(self) -> tuple[str, str, str, str]:
        return "ok", "fake", "fake/model", "rev1"

    def decoding(self) -> DecodingOptions:
        return DecodingOptions(beam_size=3)

    def run(self, texts: list[str], options: DecodingOptions | None) -> tuple[list[Output], list[float]]:
        self._boom(texts)
        if options is not None:
            (Path(self.log).parent / "options.log").write_text(repr(options), encoding="utf-8")
        outputs = [Output(text.lower() if options else text.upper(), text.endswith("...")) for text in texts]
        scored = [o.text for o in outputs if o.text.strip()]
        return outputs, self.score(scored, scored)

    def score(self, sources: list[str], outputs: list[str]) -> list[float]:
        self._boom(sources)
        return [len(out) / 100 for out in outputs]

    def _boom(self, texts: Any) -> None:
        if any("BOOM" in text for text in texts):
            with self.log.open("a", encoding="utf-8") as log:
                log.write("attempt\n")
            raise RuntimeError("the model ran out of memory")


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
        assert engine.score(["not planned"], ["NOT PLANNED"]) == [0.11]  # the last batch's scores
        assert engine.score(["x"], ["four"]) == [0.04]  # not the last batch's: run on the pool
    finally:
        errors = engine.shutdown()
    assert (tmp_path / "attempts.log").read_text(encoding="utf-8").count("attempt") == 3
    assert [str(e) for e in errors] == [
        "vi: a batch of 1 units failed 3 times on Ray (RuntimeError: the model ran out of memory); "
        "its units stay untranslated and the next run retries them"
    ]


def test_retries_run_on_the_actors_with_the_retry_options(
    ray_cluster: None, tmp_path: Path, tiny_multi_model_dir: Path
) -> None:
    from ray import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    from l10n.config import Config, ModelSpec
    from l10n.translate.fill import _retry_options

    cfg = Config(root=tmp_path, models={"vi": ModelSpec(str(tiny_multi_model_dir))})
    engine = RayEngine(PoolSpec(cfg, "vi"), RayOptions(actors=1, cpus_per_actor=1), [["a b..."]], FlakyWorker)
    try:
        assert isinstance(engine, DecodingEngine)
        assert engine.options == DecodingOptions(beam_size=3)  # the actor engine's own
        retry = _retry_options(engine)
        assert retry == DecodingOptions(beam_size=3).for_retry()
        assert engine.translate_outputs(["a b..."]) == [Output("A B...", True)]
        assert engine.score(["a b..."], ["A B..."]) == [0.06]
        assert engine.translate_outputs(["a b..."], retry) == [Output("a b...", True)]
        assert (tmp_path / "options.log").read_text(encoding="utf-8") == repr(retry)
        assert engine.translate_outputs(["", "BOOM"]) == [Output(""), Output("")]
        assert engine.score(["BOOM"], ["x"]) == [pytest.approx(float("nan"), nan_ok=True)]
    finally:
        errors = engine.shutdown()
    assert [str(e).split(" (")[0] for e in errors] == [
        "vi: a batch of 2 units failed 3 times on Ray",
        "vi: scoring 1 outputs failed 3 times on Ray",
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
    assert _all_cpus_free()


def _all_cpus_free(seconds: float = 10.0) -> bool:
    """True once the 2 CPUs are free (actors killed by earlier tests release them asynchronously)."""
    import time

    deadline = time.monotonic() + seconds
    while ray.available_resources().get("CPU") != 2:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


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
