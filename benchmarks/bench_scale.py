"""Steady-state throughput of the translate stage's engine calls: local vs Ray with K actors.

Run by hand (never by the test suite; needs ``pip install -e ".[ray]"``)::

    python benchmarks/bench_scale.py --units 400 --actors 1
    python benchmarks/bench_scale.py --units 400 --actors 2 --keep /tmp/bench-model   # reuse the model

The model is ``benchmarks/bench_translate.py``'s: the shape of Helsinki-NLP/opus-mt-en-vi with random
weights and the end-of-sentence logit pushed down (every unit decodes to its output bound,
``max_output_ratio * input_tokens + 10``, the same on both sides), converted to CTranslate2 int8
(``--engine transformers`` for the torch engine). Units are generated sentences of 6-40 words,
sorted by length and cut into batches of ``l10n.translate.fill.SLICE`` as the translate stage does.

Each batch is the translate stage's first pass (``l10n.translate.executor.local.run_batch``):
``translate_outputs`` of the batch, then ``score`` of its non-empty outputs (the ``conf:`` of the
provenance). Retry passes are not included (they depend on the outputs' checks).

- ``local``: ``LocalExecutor`` (the engine of ``l10n.mt.factory.make_engine`` in this process),
  ``threads`` = all CPUs, one batch after the other.
- ``ray``: ``RayExecutor`` on a local Ray cluster of this machine (loopback, no dashboard), K actors
  of ``CPUs // K`` CPUs each (``threads`` the same), every batch handed over at once as the
  translate stage hands over a catalog's batches.

Throughput is steady state: the clock starts after the model is loaded and has translated one
warm-up batch (in every actor), and stops when the last batch is back. Both sides must return the
same outputs (checked; confidences may differ in the last bits: the thread counts differ). The
last line is ``ratio_ray_vs_local: <x>``.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_translate import build_model, generated_units  # noqa: E402  (the model builder is shared)

from l10n.config import Config  # noqa: E402
from l10n.mt import DecodingOptions  # noqa: E402
from l10n.translate.executor import Batch, Scored  # noqa: E402
from l10n.translate.fill import SLICE  # noqa: E402

WARM_UP = ["The council will meet after the summit in Warsaw, the secretary general said on Monday."]


def batches_of(texts: list[str]) -> list[Batch]:
    """The batches the translate stage would send: distinct texts sorted by length, ``SLICE`` each."""
    ordered = sorted(dict.fromkeys(texts), key=len)
    return [Batch(tuple(ordered[i : i + SLICE])) for i in range(0, len(ordered), SLICE)]


def config(work: Path, args: argparse.Namespace, threads: int) -> Config:
    options = DecodingOptions(beam_size=args.beam, max_output_ratio=args.ratio, threads=threads)
    return Config(root=work, models_dir=work / "models", engine=args.engine, decoding=options)


def model_path(work: Path, engine: str) -> str:
    return str(work / ("ct2-int8" if engine == "ctranslate2" else "marian"))


Result = list[tuple[str, float | None]]
"""One ``(output, confidence)`` per unit, in batch order (None: empty output, not scored)."""


def results_of(results: Iterable[Scored]) -> Result:
    """One ``(output, confidence)`` per unit of every batch result, in order."""
    return [
        (out.text, score)
        for scored in results
        for out, score in zip(scored.outputs, scored.scores, strict=True)
    ]


def run_local(work: Path, args: argparse.Namespace, batches: list[Batch]) -> tuple[float, Result]:
    """Seconds for every batch through the local executor (after load and warm-up), and the results."""
    from l10n.translate.executor.local import make_local_executor

    cpus = os.cpu_count() or 1
    executor = make_local_executor(config(work, args, cpus), "vi", model=model_path(work, args.engine))
    list(executor.run_batches([Batch(tuple(WARM_UP))]))
    started = time.perf_counter()
    outputs = results_of(executor.run_batches(batches))
    return time.perf_counter() - started, outputs


def run_ray(work: Path, args: argparse.Namespace, batches: list[Batch]) -> tuple[float, Result, str]:
    """Seconds for every batch through ``RayExecutor`` with ``args.actors`` actors, outputs, pool shape."""
    import ray

    from l10n.translate.executor import RayOptions
    from l10n.translate.executor.ray import PoolSpec, RayExecutor

    cpus = os.cpu_count() or 1
    ray.init(
        address="local",
        num_cpus=cpus,
        include_dashboard=False,
        logging_level=logging.ERROR,
        log_to_driver=False,
    )
    try:
        per_actor = max(1, cpus // args.actors)
        spec = PoolSpec(config(work, args, 0), "vi", model_path(work, args.engine))
        options = RayOptions(actors=args.actors, cpus_per_actor=per_actor)
        executor = RayExecutor(spec, options, batches=len(batches))
        ray.get([actor.run.remote(Batch(tuple(WARM_UP))) for actor in executor.actors])
        started = time.perf_counter()
        outputs = results_of(executor.run_batches(batches))
        seconds = time.perf_counter() - started
        shape = f"{len(executor.actors)} actor(s) x {executor.cpus_per_actor} CPU(s)"
        executor.close()
        return seconds, outputs, shape
    finally:
        ray.shutdown()


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--units", type=int, default=400, help="generated units (default 400)")
    parser.add_argument("--actors", type=int, default=1, help="Ray actors (default 1)")
    parser.add_argument("--beam", type=int, default=4, help="beam size (default 4)")
    parser.add_argument("--ratio", type=float, default=1.0, help="max_output_ratio (default 1.0)")
    parser.add_argument("--engine", choices=("ctranslate2", "transformers"), default="ctranslate2")
    parser.add_argument("--keep", type=Path, help="build the model here (reused when already there)")
    args = parser.parse_args()
    if args.units < 1 or args.actors < 1:
        parser.error("--units and --actors must be at least 1")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # loopback only
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    work = args.keep or Path(tempfile.mkdtemp(prefix="l10n-bench-scale-"))
    try:
        if not (work / "ct2-int8" / "model.bin").is_file():
            started = time.perf_counter()
            build_model(work)
            print(f"built the opus-mt-en-vi-shaped model in {time.perf_counter() - started:.0f} s ({work})")
        batches = batches_of(generated_units(args.units))
        units = sum(len(b.texts) for b in batches)
        print(
            f"{units} units in {len(batches)} batches, {args.engine}, beam {args.beam}, "
            f"max_output_ratio {args.ratio}, {os.cpu_count()} CPUs"
        )
        local_s, local_out = run_local(work, args, batches)
        print(f"local: {units / local_s:.2f} units/s ({local_s:.1f} s, threads {os.cpu_count()})")
        ray_s, ray_out, shape = run_ray(work, args, batches)
        print(f"ray: {units / ray_s:.2f} units/s ({ray_s:.1f} s, {shape})")
        if [out for out, _ in ray_out] != [out for out, _ in local_out]:
            print("warning: ray and local outputs differ")
        drift = max(
            (
                abs(a - b)
                for (_, a), (_, b) in zip(ray_out, local_out, strict=True)
                if a is not None and b is not None
            ),
            default=0.0,
        )
        if drift:  # thread counts differ between the sides (decoding.threads = 0 here)
            print(f"note: confidences differ by up to {drift:.2g} (threads {os.cpu_count()} vs per actor)")
        print(f"ratio_ray_vs_local: {local_s / ray_s:.2f}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
