"""The ``ray`` executor: the batches of one language run on a pool of Ray actors.

Shape (as the Hugging Face and vLLM batch-inference examples on Ray: a model per actor, a
stream of text batches):

- One pool per (model, target language), alive while the translate stage works on that
  language and killed before the next (``RayExecutor.close``), so pools never compete for CPUs.
- Each actor (``EngineWorker``) builds its engine once through ``l10n.mt.factory.make_engine``,
  exactly as the local executor does (the engine ``choose_engine`` picks: CTranslate2 when
  converted, else transformers), with ``threads`` = ``decoding.threads`` or, when that is 0,
  the actor's CPUs; it runs each batch with the local executor's own ``run_batch`` (outputs,
  then the engine's scores of the non-empty ones) and ``late_scores`` (a retry's kept outputs),
  so a result is the local one.
- The driver stays the single writer of every catalog. ``RayExecutor`` is the ``Executor``
  the translate stage gets: ``run_batches`` hands the plan's real batches to the pool at once
  (at most ``QUEUED_PER_ACTOR`` per actor outstanding) and yields their results in order; a
  retry pass (``first=True``: its texts depend on the first results) goes ahead of batches
  still waiting. The stage also hands over the next catalogs' batches early
  (``l10n.translate.select.Lookahead``), so the actors stay busy across catalogs. Its
  ``name``/``model_id``/``revision`` are the actors' engine's (so the provenance is
  ``marian``/``ctranslate2``, never ``ray``) and ``retry`` its retry decoding.
- The pool starts with the actors the first work needs and grows, up to what the cluster
  holds (``pool_size``), when more batches are waiting than it has actors.

Why core Ray with ``ray.util.ActorPool`` and not Ray Data: the work is a few thousand small
batches of strings per language, ordered by the driver, for which plain actors suffice; Ray
Data adds pyarrow and a dataset layer for no gain here.

Faults: an actor that dies is restarted by Ray (``max_restarts``) and its batch re-run
(``max_task_retries``); a batch whose task raises is retried too (``retry_exceptions``). A
batch that fails ``ATTEMPTS`` times comes back as empty outputs, which ``fill.py`` records as
failed units (msgstr left empty, so the next run retries them), and as one error of the run
(``RayExecutor.close``); the other batches finish and are written. Scoring that fails
``ATTEMPTS`` times in the actor leaves the batch's outputs without ``conf:`` and is one error.

Models: the driver checks that the model is there (``choose_engine``) before any actor starts;
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
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from l10n.config import Config
from l10n.errors import L10nError, ModelError, ModelUnavailableError, UsageError
from l10n.mt import DecodingOptions, Engine, Output
from l10n.mt import factory as mt_factory
from l10n.translate.executor import Batch, RayOptions, Scored, require_ray
from l10n.translate.executor.cluster import attach, first_line, session
from l10n.translate.executor.local import late_scores, make_local_executor, output_scores, run_engine
from l10n.translate.executor.pool import pool_device, pool_size

ray = require_ray()
from ray.util.actor_pool import ActorPool  # noqa: E402  (after the one-line error of require_ray)

ATTEMPTS = 3
"""Times a batch is tried (first run and retries, whether the actor died or the call raised)."""
MAX_RESTARTS = 8
"""Times Ray restarts one actor that died (the actor reloads its model)."""
QUEUED_PER_ACTOR = 2
"""Batches handed to the pool per actor ahead of the driver's reads (bounds the driver's memory)."""


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

Done = tuple[Scored, str | None]
"""An actor's answer to one batch: the result, and why scoring failed (None: it did not)."""


class EngineWorker:
    """Runs inside a Ray actor: builds the local executor's engine once, then runs batches.

    Errors while loading are kept and reported by ``identity`` rather than raised, so the
    driver gets the typed, one-line error (``ModelUnavailableError`` stays one) instead of a
    dead actor.
    """

    def __init__(self, spec: PoolSpec) -> None:
        os.environ["HF_HUB_OFFLINE"] = "1"  # workers read the shared path, never download
        self.engine: Engine | None = None
        self.retry: DecodingOptions | None = None
        self.error: tuple[str, str, str] | None = None
        try:
            local = make_local_executor(spec.cfg, spec.lang, model=spec.model, engine=spec.engine)
            self.engine, self.retry = local.engine, local.retry
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

    def retry_options(self) -> DecodingOptions | None:
        """The engine's retry decoding (``local.retry_options``), or None: no retries."""
        return self.retry

    def run(self, batch: Batch) -> Done:
        """One batch, as the local executor's ``run_batch``: outputs, then their scores.

        A failed translation raises (Ray retries the task); scoring is tried ``ATTEMPTS`` times
        here, then the outputs come back without scores and with the last error.
        """
        if self.engine is None:
            raise ModelError(self.error[2] if self.error else "no engine")
        outputs = run_engine(self.engine, batch.texts, batch.options, unscored=batch.unscored)
        error = "no attempt"
        for _attempt in range(ATTEMPTS):
            try:
                return Scored(tuple(outputs), tuple(output_scores(self.engine, batch.texts, outputs))), None
            except Exception as exc:  # reported by the driver, for this batch only
                error = f"{type(exc).__name__}: {first_line(exc)}"
        return Scored(tuple(outputs), (None,) * len(outputs)), error

    def score_unscored(self, outputs: Sequence[Output]) -> list[float | None]:
        """The local executor's ``late_scores`` with this engine (a failure raises: Ray retries)."""
        return late_scores(self.engine, outputs) if self.engine is not None else [None] * len(outputs)

    def pid(self) -> int:
        """The worker process id (tests kill it)."""
        return os.getpid()


def _call(actor: Any, job: Batch) -> Any:
    """Submit one batch to one actor; Ray retries it ``ATTEMPTS - 1`` times, exceptions included."""
    return actor.run.options(retry_exceptions=True).remote(job)


@dataclass
class _Job:
    """One batch on the pool: once fetched, its actor's answer or the error of its last attempt."""

    batch: Batch
    result: Done | None = None
    error: str | None = None

    @property
    def done(self) -> bool:
        return self.result is not None or self.error is not None


class RayExecutor:
    """An ``Executor`` whose batches run on a pool of Ray actors (see the module docstring).

    Args:
        spec: the engine every actor builds.
        options: pool sizing (``[tool.l10n.ray]``).
        worker: the actor class (``EngineWorker``; tests pass a double).
        batches: batches expected at first (sizes the starting pool; it grows on demand).

    Attributes:
        name, model_id, revision: the engine's, as the actors report them.
        retry: the engine's retry decoding (None: no retries).
        ahead: batches worth handing over early: ``QUEUED_PER_ACTOR`` per actor of a full pool.
        actors: the actor handles.
        device: the actors' device (``pool_device``): ``"cuda"`` asks Ray for one GPU per actor.
        failures: one message per batch that failed ``ATTEMPTS`` times, or whose scoring did.

    Raises:
        ModelUnavailableError: the model is missing in the driver, or an actor cannot see it.
        ModelError: an actor cannot load the model.
    """

    def __init__(
        self, spec: PoolSpec, options: RayOptions, worker: type = EngineWorker, batches: int = 1
    ) -> None:
        mt_factory.choose_engine(spec.cfg, spec.lang, model=spec.model, engine=spec.engine)
        if not ray.is_initialized():
            attach(options.address or None)
        resources = ray.cluster_resources()
        self._cluster_cpus = resources.get("CPU", 1)
        self.device = pool_device(spec.cfg.decoding.device, resources.get("GPU", 0))
        self._gpus = resources.get("GPU", 0) if self.device == "cuda" else 0
        self._options = options
        actors, cpus = pool_size(options, self._cluster_cpus, batches, self._gpus)
        threads = spec.cfg.decoding.threads or cpus
        decoding = replace(spec.cfg.decoding, threads=threads, device=self.device)
        self._spec = replace(spec, cfg=replace(spec.cfg, decoding=decoding))
        self._remote = ray.remote(worker).options(
            num_cpus=cpus,
            num_gpus=1 if self.device == "cuda" else 0,
            max_restarts=MAX_RESTARTS,
            max_task_retries=ATTEMPTS - 1,
        )
        self.lang = spec.lang
        self.cpus_per_actor = cpus
        self.actors: list[Any] = []
        self.failures: list[str] = []
        self._pool = ActorPool([])
        self._waiting: collections.deque[_Job] = collections.deque()
        self._submitted: list[_Job] = []  # in pool order; fetched ones are dropped from the front
        self._fetched = 0
        _ok, self.name, self.model_id, self.revision = self._grow(actors)
        self.ahead = QUEUED_PER_ACTOR * pool_size(options, self._cluster_cpus, 0, self._gpus)[0]
        self.retry: DecodingOptions | None = ray.get(self.actors[0].retry_options.remote())

    def run_batches(self, batches: Sequence[Batch], *, first: bool = False) -> Iterator[Scored]:
        """Queue ``batches`` (``first``: before batches still waiting); yield their results in order.

        A batch that failed ``ATTEMPTS`` times gives empty outputs (failed units, see ``failures``).
        """
        jobs = [_Job(batch) for batch in batches]
        if first:
            self._waiting.extendleft(reversed(jobs))
        else:
            self._waiting.extend(jobs)
        self._feed()  # the actors there start now; new ones load their model meanwhile
        pending = len(self._waiting) + len(self._submitted) - self._fetched
        wanted, _cpus = pool_size(self._options, self._cluster_cpus, pending, self._gpus)
        if wanted > len(self.actors):
            self._grow(wanted)
            self._feed()
        return (self._result(job) for job in jobs)

    def score_unscored(self, outputs: Sequence[Output]) -> list[float | None]:
        """``LateScoring.score_unscored`` on an actor (each holds the same engine); None for every
        output, and one failure, when it failed ``ATTEMPTS`` times."""
        try:
            return list(ray.get(self.actors[0].score_unscored.options(retry_exceptions=True).remote(outputs)))
        except ray.exceptions.RayError as exc:
            self._unscored(sum(1 for out in outputs if out.unscored is not None), first_line(exc))
            return [None] * len(outputs)

    def _unscored(self, count: int, error: str) -> None:
        """Record a scoring pass over ``count`` outputs that failed for good (``close`` reports it)."""
        self.failures.append(
            f"{self.lang}: scoring {count} outputs failed {ATTEMPTS} times on Ray ({error}); "
            "they are written without conf:"
        )

    def close(self) -> list[L10nError]:
        """Kill the pool's actors (freeing their CPUs); return one error per failed batch."""
        for actor in self.actors:
            with contextlib.suppress(Exception):  # already dead: nothing to free
                ray.kill(actor)
        self.actors = []
        self._waiting.clear()
        return [ModelError(message) for message in self.failures]

    def _grow(self, count: int) -> Identity:
        """Start actors until the pool has ``count``; return the first new one's identity.

        Raises:
            ModelUnavailableError, ModelError: an actor cannot load the model (the pool is closed).
        """
        new = [self._remote.remote(self._spec) for _ in range(count - len(self.actors))]
        self.actors += new
        try:
            identities: list[Identity] = ray.get([a.identity.remote() for a in new])
        except ray.exceptions.RayError as exc:
            self.close()
            why = first_line(exc)
            raise ModelError(f"{self.lang}: a Ray actor died while loading the model: {why}") from None
        for kind, first, second, third in identities:
            if kind != "ok":
                self.close()
                where = (
                    f"on the Ray node {third}: {second} (workers load models from the path in the "
                    "config: on several machines it must be a shared filesystem at the same path)"
                )
                if kind == "unavailable":
                    raise ModelUnavailableError(where, reason=first)  # type: ignore[arg-type]
                raise ModelError(where)
        for actor in new:
            self._pool.push(actor)
        return identities[0]

    def _result(self, job: _Job) -> Scored:
        """Wait for ``job``; its result, or empty outputs (and one failure) when it failed for good."""
        while not job.done:
            self._feed()
            self._fetch()
        texts = job.batch.texts
        if job.result is None:
            self.failures.append(
                f"{self.lang}: a batch of {len(texts)} units failed {ATTEMPTS} times on Ray ({job.error}); "
                "its units stay untranslated and the next run retries them"
            )
            return Scored(tuple(Output("") for _ in texts), (None,) * len(texts))
        scored, error = job.result
        if error is not None:
            self._unscored(sum(1 for out in scored.outputs if out.text.strip()), error)
        return scored

    def _feed(self) -> None:
        """Hand waiting batches to the pool while fewer than the window are outstanding."""
        window = QUEUED_PER_ACTOR * len(self.actors)
        while self._waiting and len(self._submitted) - self._fetched < window:
            job = self._waiting.popleft()
            self._pool.submit(_call, job.batch)
            self._submitted.append(job)

    def _fetch(self) -> None:
        """Wait for the oldest outstanding batch (the pool returns results in submission order)."""
        job = self._submitted[self._fetched]
        self._submitted[self._fetched] = _Job(Batch(()))  # the driver keeps no results it handed out
        self._fetched += 1
        if not self._pool.has_next():  # type: ignore[no-untyped-call]
            job.error = "every actor of the pool died"
            return
        try:
            job.result = self._pool.get_next()
        except ray.exceptions.RayError as exc:
            job.error = first_line(exc)


def make_ray_executor(spec: PoolSpec, options: RayOptions) -> RayExecutor:
    """Start the pool for one language (see ``RayExecutor``; same errors).

    Raises:
        UsageError: ``ray.cpus_per_actor`` below 1 or ``ray.actors`` below 0.
    """
    if options.cpus_per_actor < 1 or options.actors < 0:
        raise UsageError("ray.cpus_per_actor must be at least 1 and ray.actors at least 0")
    return RayExecutor(spec, options)


__all__ = [
    "ATTEMPTS",
    "EngineWorker",
    "PoolSpec",
    "RayExecutor",
    "attach",
    "make_ray_executor",
    "pool_device",
    "pool_size",
    "session",
]
