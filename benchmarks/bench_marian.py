"""The transformers engine against one direct ``model.generate`` over all units (issue 22).

Run by hand (never by the test suite)::

    python benchmarks/bench_marian.py                        # the demo article's 19 units, beams 1 and 4
    python benchmarks/bench_marian.py --keep /tmp/bench-model --rounds 5
    python benchmarks/bench_marian.py --units 64 --beams 4   # 64 generated units

The direct side is what gettext-translator's MarianMT backend does: ``tokenizer(all texts,
padding=True)``, one ``generate(num_beams=B)`` call, ``batch_decode`` (target-language token
first in every text, as the engine puts it). The engine side is ``MarianEngine.translate_outputs``
as the translate stage calls it: length-sorted batches of ``decoding.batch_size``, a per-unit
output bound, and each output's confidence, from the same decode. Same beam on both sides, no
retries, tokenization and detokenization inside the timing on both sides, each side on its own
copy of the model (the engine edits its generation config), the same torch threads.

The model is the opus-mt-en-vi-shaped random model of ``benchmarks/bench_translate.py``
(``build_model``: 6+6 layers, d_model 512, ~53k vocabulary). Its end of sentence is pushed
down, so every output runs to exactly ``--out-tokens`` K tokens: the direct call through
``max_new_tokens = K + 1`` (K pieces, then the end forced at ``max_length``), the engine through
its per-unit bound, set to K (``bench_translate.fix_output_length``).

Prints, per beam: ``marian_engine_vs_direct_generate: <direct time / engine time>`` (1.0 or more:
the engine is at least as fast), the median over ``--rounds`` alternated rounds (ABBA order, one
warm-up of each first) of each round's ratio of wall times, the same for CPU time, the median
times, and whether both sides wrote the same texts; and the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_translate, beside this file

from bench_translate import TARGET_TOKEN, build_model, demo_units, fix_output_length, generated_units


def direct_side(model_dir: Path, beam: int, k: int, device: str) -> Any:
    """gettext-translator's MarianMT backend: one ``generate`` over every text; texts -> outputs."""
    import torch
    from transformers import MarianMTModel, MarianTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # max_new_tokens beside the config's max_length: a notice per call
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Recommended: pip install sacremoses"
        tokenizer = MarianTokenizer.from_pretrained(str(model_dir))
    model = MarianMTModel.from_pretrained(str(model_dir)).to(device).eval()

    def translate(texts: list[str]) -> list[str]:
        batch = tokenizer([f"{TARGET_TOKEN} {t}" for t in texts], padding=True, return_tensors="pt").to(
            device
        )
        with torch.inference_mode():
            out = model.generate(**batch, num_beams=beam, max_new_tokens=k + 1)
        return [text.strip() for text in tokenizer.batch_decode(out, skip_special_tokens=True)]

    return translate


def engine_side(model_dir: Path, beam: int, k: int, device: str, threads: int) -> Any:
    """``MarianEngine.translate_outputs`` with the default decoding options but the beam; texts -> outputs.

    ``threads`` > 0 sets torch's threads for the whole process (``torch.set_num_threads``), so
    for the direct side too.
    """
    from l10n.mt import DecodingOptions
    from l10n.mt.marian import MarianEngine
    from l10n.mt.registry import resolve_model

    fix_output_length(k)
    ref = resolve_model("vi", str(model_dir), model_dir.parent)
    engine = MarianEngine(ref, "vi", DecodingOptions(beam_size=beam, device=device, threads=threads))

    def translate(texts: list[str]) -> list[str]:
        outputs = engine.translate_outputs(texts)
        if any(out.confidence is None for out in outputs):
            raise SystemExit("the engine gave an output without its confidence")
        return [out.text for out in outputs]

    return translate


def timed(side: Any, texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (all threads of this process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    side(texts)
    return time.perf_counter() - wall, time.process_time() - cpu


def compare(model_dir: Path, texts: list[str], beam: int, args: argparse.Namespace) -> None:
    """Alternate the two sides ``args.rounds`` times after a warm-up; print the ratio line.

    Round ``i`` runs the engine then the direct call when ``i`` is even, the other way round
    when odd (ABBA), and its ratio is direct time / engine time of that round: the two calls of
    a round ran next to each other, under the same load. The line gives the median ratio.
    """
    ours = engine_side(model_dir, beam, args.out_tokens, args.device, args.threads)
    theirs = direct_side(model_dir, beam, args.out_tokens, args.device)
    same = ours(texts) == theirs(texts)  # the warm-up
    rounds = []
    for i in range(args.rounds):
        if i % 2 == 0:
            mine, direct = timed(ours, texts), timed(theirs, texts)
        else:
            direct, mine = timed(theirs, texts), timed(ours, texts)
        rounds.append((mine, direct))
    ratio = statistics.median(direct[0] / mine[0] for mine, direct in rounds)
    cpu = statistics.median(direct[1] / mine[1] for mine, direct in rounds)
    engine_s = statistics.median(mine[0] for mine, _ in rounds)
    direct_s = statistics.median(direct[0] for _, direct in rounds)
    print(
        f"marian_engine_vs_direct_generate: {ratio:.2f} (beam {beam}; median of {args.rounds} alternated "
        f"rounds' wall-time ratios; CPU-time ratio {cpu:.2f}; engine {engine_s:.2f} s, direct "
        f"{direct_s:.2f} s; same texts: {same})",
        flush=True,
    )


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--units", type=int, default=0, help="generated units instead of the demo article's")
    parser.add_argument("--beams", type=int, nargs="+", default=[1, 4], help="beam sizes (default 1 4)")
    parser.add_argument("--out-tokens", type=int, default=32, help="target tokens per unit (default 32)")
    parser.add_argument("--rounds", type=int, default=5, help="alternated rounds per beam (default 5)")
    parser.add_argument("--keep", type=Path, help="build the model here (reused when already there)")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu", help="where both sides run")
    parser.add_argument(
        "--threads", type=int, default=0, help="torch threads for both sides (0: torch's default)"
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="l10n-bench-marian-"))
    try:
        if not (work / "marian" / "config.json").is_file():
            started = time.perf_counter()
            build_model(work)
            print(f"built the opus-mt-en-vi-shaped model in {time.perf_counter() - started:.0f} s ({work})")
        texts = generated_units(args.units) if args.units else demo_units()
        print(
            f"{len(texts)} units ({'generated' if args.units else 'demo article'}), {args.out_tokens} target "
            f"tokens per unit, {os.cpu_count()} CPUs, {args.device}, torch threads "
            f"{args.threads or 'default'}; load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        for beam in args.beams:
            compare(work / "marian", texts, beam, args)
        print(f"load average {os.getloadavg()[0]:.2f} (1 min), {os.getloadavg()[1]:.2f} (5 min)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
