"""The ``ray`` executor: the engine calls of one language run on a pool of Ray actors.

Shape (as the Hugging Face and vLLM batch-inference examples on Ray: a model per actor, a
stream of text batches):

- One pool per (model, target language), alive while the translate stage works on that
  language and killed before the next (``RayEngine.shutdown``), so pools never compete for CPUs.
- Each actor (``EngineWorker``) builds its engine once through ``l10n.mt.factory.make_engine``,
  exactly as the local executor does (CTranslate2 when converted, else transformers), with
  ``threads`` = ``decoding.threads`` or, when that is 0, the actor's CPUs.
- The driver stays the single writer of every catalog. ``RayEngine`` is the engine ``fill.py``
  gets: a ``DecodingEngine`` with the underlying engine's ``name``/``model_id``/``revision``
  (so the provenance is ``marian``/``ctranslate2``, never ``ray``) and ``options`` (so
  ``fill.py`` retries exactly as locally). The language's first-pass batches, forecast by
  ``l10n.translate.executor.plan``, are fed to the pool ahead of ``fill.py``'s calls; each
  call is answered with the result of the job of exactly its texts and options (run on
  demand when the forecast missed it, as every retry pass is: retries depend on the outputs).
  The actor that translates a batch also scores its non-empty outputs (the ``score`` call
  ``fill.py`` makes next for ``conf:``), so confidence costs no extra round trip. Same
  batches, same engine, same options, same scoring calls: same bytes.

Why core Ray with ``ray.util.ActorPool`` and not Ray Data: the work is a few thousand small
batches of strings per language, ordered by the driver, for which plain actors suffice; Ray
Data adds pyarrow and a dataset layer for no gain here.

Faults: an actor that dies is restarted by Ray (``max_restarts``) and its batch re-run
(``max_task_retries``); a batch whose task raises is retried too (``retry_exceptions``). A
batch that fails ``ATTEMPTS`` times comes back as empty outputs, which ``fill.py`` records as
failed units (msgstr left empty, so the next run retries them), and as one error of the run
(``RayEngine.shutdown``); the other batches finish and are written. A scoring call that fails
``ATTEMPTS`` times gives ``nan`` (the outputs are written without ``conf:``) and one error.

Models: the driver checks that the model is there (``check_model``) before any actor starts;
workers load it from the path the config names (``models_dir``, ``--model``), which on a
cluster of several machines must be a shared filesystem mounted at the same path on every
node (NFS and the like). Workers never download (``HF_HUB_OFFLINE=1`` in the actor), so a node
that cannot see the path fails with one clear error instead of fetching 300 MB per node. The
object store is not used for models: a pool is one language, its model is read once per
actor, and a shared read-only path costs no copy per node.
"""

from __future__ import annotations

import collections
import contextlib
import importlib.util
import logging
import math
import os
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from l10n.config import Config
from l10n.errors import L10nError, ModelError, ModelUnavailableError, UsageError
from l10n.mt import DecodingOptions, Engine, Output
from l10n.mt import factory as mt_factory
from l10n.translate.executor import RayOptions, require_ray
from l10n.translate.executor.local import make_local_engine
from l10n.translate.fill import run_engine

ray = require_ray()
from ray.util.actor_pool import ActorPool  # noqa: E402  (after the one-line error of require_ray)

ATTEMPTS = 3
"""Times a batch is tried (first run and retries, whether the actor died or the call raised)."""
MAX_RESTARTS = 8
"""Times Ray restarts one actor that died (the actor reloads its model)."""
QUEUED_PER_ACTOR = 2
"""Batches handed to the pool per actor ahead of the driver's calls (bounds the driver's memory)."""


@dataclass(frozen=True)
class PoolSpec:
    """What every actor of a pool needs to build its engine (pickled to the workers).

    Attributes:
        cfg: the project configuration (its paths must be readable on every node).
        lang: BCP 47 target tag.
        model: ``--model`` override, or None.
        engine: ``auto``, ``transformers``, ``ctranslate2``, or None for the config's.
    """

    cfg: Config
    lang: str
    model: str | None = None
    engine: str | None = None


Identity = tuple[str, str, str, str]
"""What an actor says after loading: ``("ok", name, model_id, revision)`` or
``(kind, reason, message, node)`` with ``kind`` ``"unavailable"`` or ``"error"``."""

Job = tuple[str, tuple[Any, ...]]
"""One call for an actor: the ``EngineWorker`` method (``"run"`` or ``"score"``) and its arguments."""


def _scored(outputs: Sequence[Output]) -> list[int]:
    """Indices of the outputs ``fill.py`` scores: the non-empty ones (as its ``_confidences``)."""
    return [i for i, out in enumerate(outputs) if out.text.strip()]


class EngineWorker:
    """Runs inside a Ray actor: builds the engine once, then translates and scores batches.

    Errors while loading are kept and reported by ``identity`` rather than raised, so the
    driver gets the typed, one-line error (``ModelUnavailableError`` stays one) instead of a
    dead actor.
    """

    def __init__(self, spec: PoolSpec) -> None:
        os.environ["HF_HUB_OFFLINE"] = "1"  # workers read the shared path, never download
        self.engine: Engine | None = None
        self.error: tuple[str, str, str] | None = None
        try:
            self.engine = make_local_engine(spec.cfg, spec.lang, model=spec.model, engine=spec.engine)
        except ModelUnavailableError as exc:
            self.error = ("unavailable", exc.reason, str(exc))
        except L10nError as exc:
            self.error = ("error", "", str(exc))

    def identity(self) -> Identity:
        """``("ok", name, model_id, revision)`` of the engine, or the loading error."""
        if self.engine is None:
            kind, reason, message = self.error or ("error", "", "no engine")
            return kind, reason, message, ray.util.get_node_ip_address()
        return "ok", self.engine.name, self.engine.model_id, self.engine.revision

    def decoding(self) -> DecodingOptions | None:
        """The engine's own decoding options (``options``), or None for an engine without them."""
        options = getattr(self.engine, "options", None)
        return options if isinstance(options, DecodingOptions) else None

    def run(
        self, texts: list[str], options: DecodingOptions | None
    ) -> tuple[list[Output], list[float] | None]:
        """One batch: ``fill.run_engine`` with ``options`` (None: the engine's own), then the scores.

        The scores are the engine's ``score`` of the non-empty outputs, the very call
        ``fill.py`` makes next (same arguments, so the same values); None when the engine
        cannot score or scoring failed (the driver then asks ``score`` and gets the error).
        """
        engine = self._engine()
        outputs = run_engine(engine, texts, options)
        scored = _scored(outputs)
        if not scored:
            return outputs, []
        try:
            return outputs, self.score([texts[i] for i in scored], [outputs[i].text for i in scored])
        except Exception:  # reported by the driver's own score call, if it makes one
            return outputs, None

    def score(self, sources: list[str], outputs: list[str]) -> list[float]:
        """The engine's ``score`` (``nan`` for each pair when the engine has none: no ``conf:``)."""
        engine = self._engine()
        score = getattr(engine, "score", None)
        if score is None:
            return [math.nan] * len(sources)
        return list(score(sources, outputs))

    def pid(self) -> int:
        """The worker process id (tests kill it)."""
        return os.getpid()

    def _engine(self) -> Engine:
        if self.engine is None:
            raise ModelError(self.error[2] if self.error else "no engine")
        return self.engine


def _call(actor: Any, job: Job) -> Any:
    """Submit one job to one actor; Ray retries it ``ATTEMPTS - 1`` times, exceptions included."""
    method, args = job
    return getattr(actor, method).options(retry_exceptions=True).remote(*args)


@dataclass
class _Batch:
    """One job: what to call, and once fetched its result or the error of its last attempt."""

    job: Job
    result: Any = None
    error: str | None = None

    @property
    def done(self) -> bool:
        return self.result is not None or self.error is not None


def check_model(spec: PoolSpec) -> None:
    """Make sure, in the driver, that the engine's model is there before any actor starts.

    Follows ``l10n.mt.factory.make_engine``'s choice: the CTranslate2 conversion when it would
    take it, else the model folder (downloaded here once, into ``models_dir``, when allowed).

    Raises:
        ModelUnavailableError: the model (or the conversion ``--engine ctranslate2`` needs) is
            not available; the message says how to get it.
        UsageError: unknown engine.
    """
    cfg, choice = spec.cfg, spec.engine or spec.cfg.engine
    converted = choice != "transformers" and mt_factory.find_converted(cfg, spec.lang, spec.model)
    if converted and (choice == "ctranslate2" or importlib.util.find_spec("ctranslate2") is not None):
        return
    if choice == "ctranslate2":  # no conversion: make_engine raises its error before loading anything
        mt_factory.make_engine(cfg, spec.lang, model=spec.model, engine=choice)
    mt_factory.locate(cfg, spec.lang, spec.model)


def pool_size(options: RayOptions, cluster_cpus: float, batches: int) -> tuple[int, int]:
    """Return ``(actors, cpus_per_actor)`` for a pool on a cluster of ``cluster_cpus`` CPUs.

    CPUs per actor are capped to the cluster's; actors to what the cluster holds at once (so
    no actor waits forever), to ``options.actors`` when set, and to ``batches`` when known
    (> 0: no model is loaded for nothing). At least one actor.
    """
    cpus = max(1, min(options.cpus_per_actor, int(cluster_cpus)))
    fits = max(1, int(cluster_cpus) // cpus)
    wanted = min(options.actors or fits, fits)
    return max(1, min(wanted, batches) if batches else wanted), cpus


class RayEngine:
    """A ``DecodingEngine`` whose calls run on a pool of Ray actors (see the module docstring).

    To ``fill.py`` it is the local engine: ``translate_outputs(texts, options)`` (the first
    pass with the engine's own options, the retry pass with ``options.for_retry()``, both run
    on the actors with exactly those options, ``Output.at_bound`` included), ``score`` (run on
    the actors: each batch's actor scores its non-empty outputs right after translating them,
    the same ``score`` call ``fill.py`` makes next, so that call is answered from it; any
    other call runs on the pool), ``options`` and the engine's name, model id and revision.

    Args:
        spec: the engine every actor builds.
        options: pool sizing (``[tool.l10n.ray]``).
        plan: the first-pass batches ``fill.py`` is expected to ask for, in order
            (``l10n.translate.executor.plan.plan_batches``); they start at once.
        worker: the actor class (``EngineWorker``; tests pass a double).

    Attributes:
        name, model_id, revision: the underlying engine's, as the actors report them.
        options: the underlying engine's decoding options (None when it has none: no retries).
        actors: the actor handles.
        failures: one message per call that failed ``ATTEMPTS`` times.

    Raises:
        ModelUnavailableError: the model is missing in the driver, or an actor cannot see it.
        ModelError: an actor cannot load the model.
    """

    options: DecodingOptions | None

    def __init__(
        self,
        spec: PoolSpec,
        options: RayOptions,
        plan: Sequence[Sequence[str]] = (),
        worker: type = EngineWorker,
    ) -> None:
        check_model(spec)
        if not ray.is_initialized():
            attach(options.address or None)
        actors, cpus = pool_size(options, ray.cluster_resources().get("CPU", 1), len(plan))
        decoding = replace(spec.cfg.decoding, threads=spec.cfg.decoding.threads or cpus)
        spec = replace(spec, cfg=replace(spec.cfg, decoding=decoding))
        remote = ray.remote(worker).options(
            num_cpus=cpus, max_restarts=MAX_RESTARTS, max_task_retries=ATTEMPTS - 1
        )
        self.lang = spec.lang
        self.actors: list[Any] = [remote.remote(spec) for _ in range(actors)]
        self.cpus_per_actor = cpus
        self.failures: list[str] = []
        try:
            identities: list[Identity] = ray.get([a.identity.remote() for a in self.actors])
        except ray.exceptions.RayError as exc:
            self.shutdown()
            why = _first_line(exc)
            raise ModelError(f"{spec.lang}: a Ray actor died while loading the model: {why}") from None
        for kind, first, second, third in identities:
            if kind != "ok":
                self.shutdown()
                where = (
                    f"on the Ray node {third}: {second} (workers load models from the path in the "
                    "config: on several machines it must be a shared filesystem at the same path)"
                )
                if kind == "unavailable":
                    raise ModelUnavailableError(where, reason=first)  # type: ignore[arg-type]
                raise ModelError(where)
        _ok, self.name, self.model_id, self.revision = identities[0]
        self.options = ray.get(self.actors[0].decoding.remote())
        self._pool = ActorPool(self.actors)
        self._window = QUEUED_PER_ACTOR * actors
        self._waiting: collections.deque[_Batch] = collections.deque()
        self._planned: dict[Job, collections.deque[_Batch]] = {}
        self._submitted: list[_Batch] = []  # in pool order; fetched ones are dropped from the front
        self._fetched = 0
        self._scores: tuple[Job, list[float]] | None = None  # the last batch's scores, for ``score``
        self.expect(plan)

    def expect(self, batches: Sequence[Sequence[str]]) -> None:
        """Queue first-pass ``batches`` (in the order ``fill.py`` will ask for them); start them now."""
        for texts in batches:
            job = _run_job(texts, None)
            batch = _Batch(job)
            self._waiting.append(batch)
            self._planned.setdefault(job, collections.deque()).append(batch)
        self._feed()

    def translate(self, texts: Sequence[str]) -> list[str]:
        """``translate_outputs`` with the engine's own options, texts only."""
        return [out.text for out in self.translate_outputs(texts)]

    def translate_outputs(self, texts: Sequence[str], options: DecodingOptions | None = None) -> list[Output]:
        """Translate one batch on the pool with ``options`` (None: the engine's own).

        Blocks until that batch is done (batches queued before it may finish meanwhile). A
        batch that failed ``ATTEMPTS`` times returns empty outputs (failed units, see
        ``failures``).
        """
        job = _run_job(texts, options)
        result = self._result(
            self._take(job),
            f"a batch of {len(texts)} units",
            "its units stay untranslated and the next run retries them",
        )
        self._scores = None
        if result is None:
            return [Output("") for _ in texts]
        outputs, scores = result
        if scores is not None:
            scored = _scored(outputs)
            sources = tuple(texts[i] for i in scored)
            self._scores = (("score", (sources, tuple(outputs[i].text for i in scored))), scores)
        return list(outputs)

    def score(self, sources: Sequence[str], outputs: Sequence[str]) -> list[float]:
        """The engine's confidence in each output (``l10n.mt.Engine.score``), computed on the actors.

        The scores the last batch's actor computed when they are for exactly these pairs, else
        one call on the pool. A call that failed ``ATTEMPTS`` times gives ``nan`` (no ``conf:``)
        and is one error of the run.
        """
        job: Job = ("score", (tuple(sources), tuple(outputs)))
        if self._scores is not None and self._scores[0] == job:
            scores = self._scores[1]
            self._scores = None
            return list(scores)
        result = self._result(
            self._take(job), f"scoring {len(sources)} outputs", "they are written without conf:"
        )
        return [math.nan] * len(sources) if result is None else list(result)

    def shutdown(self) -> list[L10nError]:
        """Kill the pool's actors (freeing their CPUs); return one error per failed call."""
        for actor in self.actors:
            with contextlib.suppress(Exception):  # already dead: nothing to free
                ray.kill(actor)
        self.actors = []
        self._planned.clear()
        self._waiting.clear()
        self._scores = None
        return [ModelError(message) for message in self.failures]

    def _result(self, batch: _Batch, what: str, consequence: str) -> Any:
        """Wait for ``batch``; its result, or None (and one failure) when it failed ``ATTEMPTS`` times."""
        while not batch.done:
            self._feed()
            self._fetch()
        if batch.error is not None:
            self.failures.append(
                f"{self.lang}: {what} failed {ATTEMPTS} times on Ray ({batch.error}); {consequence}"
            )
            return None
        return batch.result

    def _take(self, job: Job) -> _Batch:
        """The planned batch of exactly this job, or a new one put first in the queue."""
        queue = self._planned.get(job)
        if queue:
            batch = queue.popleft()
            if not queue:
                del self._planned[job]
            return batch
        batch = _Batch(job)
        self._waiting.appendleft(batch)
        return batch

    def _feed(self) -> None:
        """Hand waiting batches to the pool while fewer than the window are outstanding."""
        while self._waiting and len(self._submitted) - self._fetched < self._window:
            batch = self._waiting.popleft()
            self._pool.submit(_call, batch.job)
            self._submitted.append(batch)

    def _fetch(self) -> None:
        """Wait for the oldest outstanding batch (the pool returns results in submission order)."""
        batch = self._submitted[self._fetched]
        self._submitted[self._fetched] = _Batch(("", ()))  # the driver keeps no outputs it handed out
        self._fetched += 1
        if not self._pool.has_next():  # type: ignore[no-untyped-call]
            batch.error = "every actor of the pool died"
            return
        try:
            batch.result = self._pool.get_next()
        except ray.exceptions.RayError as exc:
            batch.error = _first_line(exc)


def _run_job(texts: Sequence[str], options: DecodingOptions | None) -> Job:
    """The job translating ``texts`` with ``options`` (also the key a planned batch is found by)."""
    return "run", (tuple(texts), options)


def _first_line(exc: BaseException) -> str:
    """The last non-empty line of an error's text (Ray's carry a traceback before it)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__


def attach(address: str | None) -> tuple[str, bool]:
    """Connect this process to a Ray cluster and say which one, in one line.

    Resolution (Ray's own): ``address`` when given; else ``RAY_ADDRESS``; else a cluster
    started on this machine with ``ray start``; else a new local cluster for this run
    (dashboard off; usage statistics off unless ``RAY_USAGE_STATS_ENABLED`` says otherwise).
    A session already open in this process (``ray.init`` by the caller) is used as it is.

    Returns:
        (the line to print, whether this call opened the connection and should close it).

    Raises:
        L10nError: the cluster cannot be reached (exit 1).
    """
    if ray.is_initialized():
        return f"ray: using the Ray session already open in this process ({_cpus()})", False
    quiet: dict[str, Any] = {"logging_level": logging.ERROR, "log_to_driver": False}
    env = os.environ.get("RAY_ADDRESS", "").strip()
    try:
        if address:
            _probe(address)
            ray.init(address=address, **quiet)
            how = f"the Ray cluster at {address}"
        elif env:
            ray.init(**quiet)
            how = f"the Ray cluster at {env} (RAY_ADDRESS)"
        else:
            try:
                ray.init(address="auto", **quiet)
                how = "the Ray cluster started on this machine (ray start)"
            except ConnectionError:
                os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
                ray.init(address="local", include_dashboard=False, **quiet)
                how = "a local Ray cluster started for this run"
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = address or env or "this machine"
        raise L10nError(f"cannot attach to the Ray cluster at {where}: {_first_line(exc)}") from None
    return f"ray: attached to {how} ({_cpus()})", True


PROBE_SECONDS = 5.0
"""How long ``attach`` waits for a ``host:port`` address to accept a connection (Ray itself
keeps retrying a dead address for minutes)."""


def _probe(address: str) -> None:
    """Fail fast, with one line, when a ``host:port`` address accepts no TCP connection.

    Other forms (``ray://...``, ``auto``, ``local``) are left to Ray.

    Raises:
        ConnectionError: nothing listens there within ``PROBE_SECONDS``.
    """
    host, sep, port = address.rpartition(":")
    if not sep or "://" in address or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=PROBE_SECONDS).close()
    except OSError as exc:
        raise ConnectionError(
            f"nothing answers at {address} ({exc.strerror or type(exc).__name__})"
        ) from None


def _cpus() -> str:
    nodes = sum(1 for node in ray.nodes() if node.get("Alive"))
    cpus = int(ray.cluster_resources().get("CPU", 0))
    return f"{nodes} node{'s' if nodes != 1 else ''}, {cpus} CPUs"


@contextlib.contextmanager
def session(address: str | None) -> Iterator[str]:
    """Attach for the length of a ``with`` block (see ``attach``); yield the line to print.

    Disconnects at the end when this call connected (a local cluster started for the run
    stops with it); a session the caller opened stays open.

    Raises:
        L10nError: the cluster cannot be reached.
    """
    line, opened = attach(address)
    try:
        yield line
    finally:
        if opened:
            ray.shutdown()


def make_ray_engine(spec: PoolSpec, options: RayOptions, plan: Sequence[Sequence[str]] = ()) -> RayEngine:
    """Start the pool for one language (see ``RayEngine``; same errors)."""
    if options.cpus_per_actor < 1 or options.actors < 0:
        raise UsageError("ray.cpus_per_actor must be at least 1 and ray.actors at least 0")
    return RayEngine(spec, options, plan)


__all__ = [
    "ATTEMPTS",
    "EngineWorker",
    "PoolSpec",
    "RayEngine",
    "attach",
    "check_model",
    "make_ray_engine",
    "pool_size",
    "session",
]
