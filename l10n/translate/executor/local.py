"""The ``local`` executor: the engine runs in this process, one batch after the other.

``run_batch`` is what one batch costs: the engine's outputs (``run_engine``) with the
confidence their decode gave, a scoring pass (``confidences``) only for outputs without one,
returned together; or, where the batch asks (``Batch.unscored``) and the engine can, the outputs
of penalised decoding left for ``late_scores``. The ``ray`` executor's actors run the same
functions, so both give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from l10n.errors import L10nError, ModelError
from l10n.isa import pin_cpu_isa
from l10n.mt import DecodingEngine, DecodingOptions, DeferredScoring, Engine, Output, Scorer
from l10n.mt.common import PieceEngine
from l10n.translate.executor import Batch, Scored, Watch

if TYPE_CHECKING:
    from l10n.config import Config


def run_engine(
    engine: Engine, texts: Sequence[str], options: DecodingOptions | None = None, *, unscored: bool = False
) -> list[Output]:
    """Call ``engine`` on ``texts``: ``translate_outputs`` of a ``DecodingEngine``, else ``translate``;
    with ``unscored``, ``translate_unscored`` of an engine that can score later (``Batch.unscored``).

    Raises:
        ModelError: the engine returned a different number of outputs, or failed.
    """
    if unscored and isinstance(engine, DeferredScoring):
        outputs = engine.translate_unscored(texts, options)
    elif isinstance(engine, DecodingEngine):
        outputs = engine.translate_outputs(texts, options)
    else:
        outputs = [Output(text) for text in engine.translate(texts)]
    if len(outputs) != len(texts):
        raise ModelError(f"{engine.name} returned {len(outputs)} outputs for {len(texts)} inputs")
    return outputs


def confidences(scorer: object, sources: Sequence[str], outputs: Sequence[str]) -> list[float | None]:
    """Score the non-empty outputs in one ``scorer.score`` call; None where there is no value.

    A scorer without ``score`` (a plain ``Engine``) gives no values; ``nan`` or anything
    outside [0, 1] is None.

    Raises:
        ModelError: the scorer returned another number of values than it was given outputs.
    """
    score = getattr(scorer, "score", None)
    scored = [i for i, out in enumerate(outputs) if out.strip()]
    result: list[float | None] = [None] * len(outputs)
    if score is None or not scored:
        return result
    values = score([sources[i] for i in scored], [outputs[i] for i in scored])
    if len(values) != len(scored):
        raise ModelError(f"the scorer returned {len(values)} values for {len(scored)} outputs")
    for i, value in zip(scored, values, strict=True):
        result[i] = float(value) if 0.0 <= value <= 1.0 else None  # nan: not computable
    return result


def output_scores(
    engine: Engine,
    sources: Sequence[str],
    outputs: Sequence[Output],
    scorer: Scorer | None = None,
    watch: Watch | None = None,
) -> list[float | None]:
    """The confidence of each output: one decode, one score.

    Without a separate ``scorer``, an output keeps the confidence its decode gave
    (``Output.confidence``), and only the non-empty outputs without one (penalised decoding,
    an engine that gives none) go through a scoring pass (``confidences`` with the engine),
    except those left for later (``Output.unscored``: None here, see ``late_scores``);
    with a ``scorer``, every non-empty output is scored by it. None for an empty output.
    ``watch`` is told ``("score", 0, n)`` before a scoring pass over ``n`` outputs.

    Raises:
        ModelError: the scorer failed, or returned another number of values.
    """
    texts = [out.text for out in outputs]
    if scorer is not None:
        if watch is not None:
            watch("score", 0, sum(1 for text in texts if text.strip()))
        return confidences(scorer, sources, texts)
    scores = [out.confidence if text.strip() else None for out, text in zip(outputs, texts, strict=True)]
    missing = [
        i
        for i, value in enumerate(scores)
        if value is None and texts[i].strip() and outputs[i].unscored is None
    ]
    if missing:
        if watch is not None:
            watch("score", 0, len(missing))
        found = confidences(engine, [sources[i] for i in missing], [texts[i] for i in missing])
        for i, value in zip(missing, found, strict=True):
            scores[i] = value
    return scores


def run_batch(
    engine: Engine, batch: Batch, scorer: Scorer | None = None, watch: Watch | None = None
) -> Scored:
    """Translate ``batch`` with ``engine``; each output with its confidence (``output_scores``).

    ``batch.unscored`` is honoured without a separate ``scorer`` only (which scores every output).
    ``watch`` (None: nothing) is told the steps (``l10n.translate.executor.Watch``): the decode
    after each of the engine's own batches where it tells them (``PieceEngine.on_decoded``),
    else once when it ends; then the scoring pass, if any.

    Raises:
        ModelError: the engine or the scorer failed.
    """
    later = batch.unscored and scorer is None
    if watch is None:
        outputs = run_engine(engine, batch.texts, batch.options, unscored=later)
    elif isinstance(engine, PieceEngine):
        engine.on_decoded = lambda done, total: watch("decode", done, total)
        try:
            outputs = run_engine(engine, batch.texts, batch.options, unscored=later)
        finally:
            engine.on_decoded = None
    else:
        outputs = run_engine(engine, batch.texts, batch.options, unscored=later)
        if outputs:
            watch("decode", len(outputs), len(outputs))
    return Scored(tuple(outputs), tuple(output_scores(engine, batch.texts, outputs, scorer, watch)))


def late_scores(engine: Engine, outputs: Sequence[Output], watch: Watch | None = None) -> list[float | None]:
    """``LateScoring.score_unscored`` with ``engine`` (``DeferredScoring.score_unscored``, one pass).

    None for an output without ``Output.unscored``, and for all of them when the engine cannot
    score later (it never leaves outputs unscored). ``watch`` is told ``("score", 0, n)`` before
    the pass over ``n`` outputs; no pass when there are none.

    Raises:
        ModelError: the engine failed, or returned another number of values.
    """
    count = sum(1 for out in outputs if out.unscored is not None)
    if not count or not isinstance(engine, DeferredScoring):
        return [None] * len(outputs)
    if watch is not None:
        watch("score", 0, count)
    values = engine.score_unscored(outputs)
    if len(values) != len(outputs):
        raise ModelError(f"{engine.name} returned {len(values)} scores for {len(outputs)} outputs")
    return values


def retry_options(engine: Engine) -> DecodingOptions | None:
    """The engine's retry decoding, or None when the engine cannot retry or retries are off."""
    options = getattr(engine, "options", None)
    if not isinstance(engine, DecodingEngine) or not isinstance(options, DecodingOptions):
        return None
    return options.for_retry() if options.retry.enabled else None


class LocalExecutor:
    """An ``Executor`` over one engine of this process; each batch runs when its result is read.

    Args:
        engine: the engine (a ``DecodingEngine`` also gets retries and length bounds).
        scorer: gives each output its confidence; None: the engine's own ``score``.

    Attributes:
        device: where the engine runs (``"cpu"``, ``"cuda"``: its ``device``; ``"cpu"`` for an
            engine that does not say), for the CLI to print once per run.
        watch: told the steps of each batch as it runs (``run_batch``); None (the default): nothing.
    """

    def __init__(self, engine: Engine, scorer: Scorer | None = None) -> None:
        self.engine, self.scorer = engine, scorer
        self.name, self.model_id, self.revision = engine.name, engine.model_id, engine.revision
        self.retry = retry_options(engine)
        self.device: str = str(getattr(engine, "device", "cpu"))
        self.ahead = 0  # a batch runs when its result is read: nothing to gain by handing it early
        self.watch: Watch | None = None

    def run_batches(self, batches: Sequence[Batch], *, first: bool = False) -> Iterator[Scored]:
        """The result of each batch in order, computed when it is read (``run_batch``; ``first``
        changes nothing: nothing waits here)."""
        return (run_batch(self.engine, batch, self.scorer, self.watch) for batch in batches)

    def score_unscored(self, outputs: Sequence[Output]) -> list[float | None]:
        """``late_scores`` with the engine, ``watch`` told the pass (``LateScoring``)."""
        return late_scores(self.engine, outputs, self.watch)

    def close(self) -> list[L10nError]:
        """Nothing to free: no errors."""
        return []


def make_local_executor(
    cfg: Config, lang: str, *, model: str | None = None, engine: str | None = None
) -> LocalExecutor:
    """The local executor for ``lang``: ``l10n.mt.factory.make_engine`` in this process (same errors).

    ``make_engine`` is looked up at call time, so tests can replace it (and importing this
    module loads no model code). ``decoding.cpu_isa`` is pinned first (``l10n.isa.pin_cpu_isa``):
    this runs in the process that loads the engine, a Ray actor's included.
    """
    from l10n.mt import factory as mt_factory

    pin_cpu_isa(cfg.decoding.cpu_isa)
    return LocalExecutor(mt_factory.make_engine(cfg, lang, model=model, engine=engine))


__all__ = [
    "LocalExecutor",
    "confidences",
    "late_scores",
    "make_local_executor",
    "output_scores",
    "retry_options",
    "run_batch",
    "run_engine",
]
