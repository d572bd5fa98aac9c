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
from l10n.mt import DecodingOptions, Output, Unscored
from l10n.translate.executor import Batch, RayOptions, Scored
from l10n.translate.executor import ray as ray_executor
from l10n.translate.executor.ray import EngineWorker, PoolSpec, RayExecutor, pool_size

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


def test_ray_executor_answers_as_the_local_executor(
    ray_cluster: None, tmp_path: Path, tiny_multi_model_dir: Path
) -> None:
    """Outputs (``at_bound`` included), retry outputs and scores: equal to the last bit."""
    from l10n.config import Config, ModelSpec
    from l10n.translate.executor.local import make_local_executor

    cfg = Config(
        root=tmp_path,
        models={"vi": ModelSpec(str(tiny_multi_model_dir))},
        engine="transformers",
        decoding=DecodingOptions(beam_size=2, max_output_ratio=0.5, threads=1),
    )
    texts = ("The harbour reopened on Monday.", "Ships carried grain.", "", "Schools get more money.")
    with _torch_threads():
        local = make_local_executor(cfg, "vi")
        assert local.retry is not None
        first, again = local.run_batches([Batch(texts), Batch(texts, local.retry)])
    executor = RayExecutor(PoolSpec(cfg, "vi"), RayOptions(actors=1, cpus_per_actor=1))
    try:
        assert (executor.name, executor.model_id, executor.revision) == (
            local.name,
            local.model_id,
            local.revision,
        )
        assert executor.retry == local.retry
        assert list(executor.run_batches([Batch(texts), Batch(texts, local.retry)])) == [first, again]
    finally:
        assert executor.close() == []
    assert any(out.at_bound for out in first.outputs)
    assert first.scores[2] is None and all(0 < s <= 1 for s in first.scores if s is not None)
    assert again.outputs != first.outputs


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
    at their bound; scores are the output's length / 100, and scoring "NOSCORE" fails. Each
    batch's first text is appended to ``order.log`` as it runs.
    """

    def __init__(self, spec: PoolSpec) -> None:
        self.log = Path(spec.cfg.root) / "attempts.log"

    def identity(self) -> tuple[str, str, str, str]:
        return "ok", "fake", "fake/model", "rev1"

    def retry_options(self) -> DecodingOptions:
        return DecodingOptions(beam_size=3).for_retry()

    def run(self, batch: Batch) -> tuple[Scored, str | None]:
        with (self.log.parent / "order.log").open("a", encoding="utf-8") as order:
            order.write(f"{batch.texts[0] if batch.texts else ''}\n")
        if any("BOOM" in text for text in batch.texts):
            with self.log.open("a", encoding="utf-8") as log:
                log.write("attempt\n")
            raise RuntimeError("the model ran out of memory")
        if batch.options is not None:
            (self.log.parent / "options.log").write_text(repr(batch.options), encoding="utf-8")
        up = batch.options is None
        outputs = tuple(Output(t.upper() if up else t.lower(), t.endswith("...")) for t in batch.texts)
        if any("NOSCORE" in text for text in batch.texts):
            return Scored(outputs, (None,) * len(outputs)), "RuntimeError: no scores"
        return Scored(outputs, tuple(len(o.text) / 100 if o.text else None for o in outputs)), None

    def score_unscored(self, outputs: Any) -> list[float | None]:
        if any(out.text == "BOOM" for out in outputs):
            raise RuntimeError("scoring ran out of memory")
        return [len(out.text) / 100 if out.unscored is not None else None for out in outputs]


def _flaky(tmp_path: Path, model: Path, actors: int, batches: int = 1) -> RayExecutor:
    from ray import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers cannot import tests/
    from l10n.config import Config, ModelSpec

    cfg = Config(root=tmp_path, models={"vi": ModelSpec(str(model))})
    options = RayOptions(actors=actors, cpus_per_actor=1)
    return RayExecutor(PoolSpec(cfg, "vi"), options, FlakyWorker, batches=batches)


def _texts(results: Any) -> list[list[str]]:
    return [[out.text for out in scored.outputs] for scored in results]


def test_a_batch_failing_three_times_fails_only_its_units(
    ray_cluster: None, tmp_path: Path, tiny_multi_model_dir: Path
) -> None:
    executor = _flaky(tmp_path, tiny_multi_model_dir, actors=2, batches=3)
    try:
        assert (executor.name, executor.model_id, executor.revision) == ("fake", "fake/model", "rev1")
        assert len(executor.actors) == 2
        batches = [Batch(("a", "b")), Batch(("BOOM c",)), Batch(("d",))]
        assert _texts(executor.run_batches(batches)) == [["A", "B"], [""], ["D"]]
        assert _texts(executor.run_batches([Batch(("later",))])) == [["LATER"]]
    finally:
        errors = executor.close()
    assert (tmp_path / "attempts.log").read_text(encoding="utf-8").count("attempt") == 3
    assert [str(e) for e in errors] == [
        "vi: a batch of 1 units failed 3 times on Ray (RuntimeError: the model ran out of memory); "
        "its units stay untranslated and the next run retries them"
    ]


def test_retries_run_on_the_actors_with_the_retry_options(
    ray_cluster: None, tmp_path: Path, tiny_multi_model_dir: Path
) -> None:
    executor = _flaky(tmp_path, tiny_multi_model_dir, actors=1)
    try:
        retry = executor.retry
        assert retry == DecodingOptions(beam_size=3).for_retry()  # the actor engine's own
        first = executor.run_batches([Batch(("a b...",))])
        assert list(first) == [Scored((Output("A B...", True),), (0.06,))]
        again = executor.run_batches([Batch(("a b...",), retry)])
        assert list(again) == [Scored((Output("a b...", True),), (0.06,))]
        assert (tmp_path / "options.log").read_text(encoding="utf-8") == repr(retry)
        assert _texts(executor.run_batches([Batch(("", "BOOM"))])) == [["", ""]]
        assert list(executor.run_batches([Batch(("NOSCORE",))])) == [Scored((Output("NOSCORE"),), (None,))]
        later = Unscored(((("a", "</s>"), ("x",), True),))  # a retry output kept, scored late
        assert executor.score_unscored([Output("xyz", unscored=later), Output("y")]) == [0.03, None]
        assert executor.score_unscored([Output("BOOM", unscored=later), Output("z")]) == [None, None]
    finally:
        errors = executor.close()
    assert [str(e).split(" (")[0] for e in errors] == [
        "vi: a batch of 2 units failed 3 times on Ray",
        "vi: scoring 1 outputs failed 3 times on Ray",
        "vi: scoring 1 outputs failed 3 times on Ray",
    ]


def test_a_retry_pass_goes_ahead_of_waiting_batches_and_the_pool_grows(
    ray_cluster: None, tmp_path: Path, tiny_multi_model_dir: Path
) -> None:
    """A retry pass (``first=True``) runs before first-pass batches still waiting; actors are
    added when more batches wait than the pool has actors, up to what the cluster holds."""
    executor = _flaky(tmp_path, tiny_multi_model_dir, actors=1)
    try:
        first = executor.run_batches([Batch((t,)) for t in "abcde"])  # 2 handed over, 3 waiting
        assert _texts(executor.run_batches([Batch(("r",), executor.retry)], first=True)) == [["r"]]
        assert _texts(first) == [["A"], ["B"], ["C"], ["D"], ["E"]]
        order = (tmp_path / "order.log").read_text(encoding="utf-8").split()
        assert order == ["a", "b", "r", "c", "d", "e"]
    finally:
        assert executor.close() == []
    grown = _flaky(tmp_path, tiny_multi_model_dir, actors=0)  # as many as the 2 CPUs hold
    try:
        assert len(grown.actors) == 1
        assert _texts(grown.run_batches([Batch(("x",)), Batch(("y",))])) == [["X"], ["Y"]]
        assert len(grown.actors) == 2
    finally:
        assert grown.close() == []


def test_the_worker_tries_scoring_three_times_then_sends_the_outputs_unscored() -> None:
    calls: list[int] = []

    class Unscorable:
        name, model_id, revision = "fake", "fake/model", "rev1"

        def translate(self, texts: Any) -> list[str]:
            return [t.upper() for t in texts]

        def score(self, sources: Any, outputs: Any) -> list[float]:
            calls.append(len(outputs))
            raise RuntimeError("scoring crashed")

    worker = EngineWorker.__new__(EngineWorker)
    worker.engine, worker.error = Unscorable(), None
    scored, error = worker.run(Batch(("a", "")))
    assert scored == Scored((Output("A"), Output("")), (None, None))
    assert error == "RuntimeError: scoring crashed"
    assert calls == [1, 1, 1]


def test_the_worker_scores_late_with_its_engine() -> None:
    """``EngineWorker.score_unscored`` is the local executor's ``late_scores`` on its engine."""

    class Late:
        name, model_id, revision = "fake", "fake/model", "rev1"

        def translate_unscored(self, texts: Any, options: Any = None) -> list[Output]:
            raise AssertionError("not called")

        def score_unscored(self, outputs: Any) -> list[float | None]:
            return [0.5 if out.unscored is not None else None for out in outputs]

    worker = EngineWorker.__new__(EngineWorker)
    worker.engine, worker.error = Late(), None  # type: ignore[assignment]
    later = Output("x", unscored=Unscored(((("a",), ("x",), False),)))
    assert worker.score_unscored([later, Output("y")]) == [0.5, None]
    assert worker.score_unscored([Output("y")]) == [None]  # nothing left unscored: no call


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
