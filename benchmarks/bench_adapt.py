"""Adaptation cost: training pairs per second and peak RSS of ``l10n models adapt``'s training loop.

Run by hand (never by the test suite)::

    python benchmarks/bench_adapt.py                      # 8 steps of 16 pairs
    python benchmarks/bench_adapt.py --steps 16 --keep /tmp/bench-model   # reuse the built model

The model has the shape of Helsinki-NLP/opus-mt-en-vi (6+6 layers, d_model 512, 8 heads, FFN 2048,
~53k vocabulary) with random weights (``tests/tinymodel.py``, ``OPUS_MT_EN_VI``), so no download
is needed; the cost of a training step depends on the shape, not on the weights. The pairs are
generated sentences of 8-20 words (news-sentence length), the target side the source reversed.
The training loop is ``l10n.adapt.train.fine_tune`` (AdamW, batch 16, CPU), timed after its
first held-out evaluation. Peak RSS (``ru_maxrss``) is the whole process: model, optimizer
state (AdamW keeps two copies of the weights) and activations.

The wall-clock rate depends on what else the machine runs; ``cpu_seconds_per_step`` (process CPU
time, all threads) does not, and divided by the cores free gives the rate on an idle machine.

Projection: a run over ``n`` reviewed pairs trains on 90% of them; ``epochs`` passes (default 3)
at the measured rate, bounded by the default ``max_steps`` (1,000 steps of 16 pairs).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

TEXT = (
    "the council will meet after summit talks in warsaw secretary general said on monday this first "
    "high level meeting tensions both sides agreed transparency threat military exercise poland troops"
)
WORDS = TEXT.split()


def pairs(count: int, seed: int) -> list[object]:
    from l10n.adapt.data import collect
    from l10n.model import Entry

    rng = random.Random(seed)
    entries = []
    for _ in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
        entries.append(
            Entry(" ".join(words).capitalize() + ".", " ".join(reversed(words)).capitalize() + ".")
        )
    return list(collect(entries).pairs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=8, help="timed training steps")
    parser.add_argument("--batch", type=int, default=16, help="pairs per step")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    parser.add_argument("--epochs", type=int, default=3, help="passes assumed by the projection")
    parser.add_argument("--keep", type=Path, help="build the model here once and reuse it")
    args = parser.parse_args()

    import torch
    from tinymodel import OPUS_MT_EN_VI, build_marian_model

    from l10n.adapt.train import fine_tune
    from l10n.config_sections import AdaptOptions
    from l10n.mt import DecodingOptions
    from l10n.mt.marian import MarianEngine
    from l10n.mt.registry import resolve_model

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-adapt-")) / "opus-shape"
    if not (folder / "config.json").is_file():
        started = time.perf_counter()
        build_marian_model(folder, OPUS_MT_EN_VI)
        print(f"model built in {time.perf_counter() - started:.0f} s: {folder}")
    if args.threads:
        torch.set_num_threads(args.threads)
    engine = MarianEngine(resolve_model("vi", str(folder), folder.parent), "vi", DecodingOptions())
    train, held = pairs(args.steps * args.batch, 1), pairs(args.batch, 2)
    opts = AdaptOptions(max_steps=args.steps, batch_size=args.batch, eval_every=10**6, learning_rate=2e-5)
    times: list[tuple[float, float]] = []

    def tick(_p: object) -> None:
        times.append((time.perf_counter(), time.process_time()))

    fine_tune(engine.model, engine.tokenizer, train, held, opts, progress=tick)
    # timed from the end of the first step to the end of the last (steps 2..n)
    per_step = (times[-1][0] - times[0][0]) / max(len(times) - 1, 1)
    cpu_per_step = (times[-1][1] - times[0][1]) / max(len(times) - 1, 1)
    rate = args.batch / per_step
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"threads: {torch.get_num_threads()}, batch {args.batch}, {per_step:.2f} s/step wall")
    print(f"cpu_seconds_per_step: {cpu_per_step:.2f} (all threads; a machine to itself divides by its cores)")
    print(f"pairs_per_second: {rate:.1f}")
    print(f"peak_rss_mb: {rss_mb:.0f}")
    for n in (1_000, 10_000):
        seen = min(int(0.9 * n) * args.epochs, AdaptOptions().max_steps * AdaptOptions().batch_size)
        print(f"projected_training_{n}_pairs: {seen / rate / 60:.1f} min ({seen} pairs seen)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
