"""Translation speed and memory: a naive transformers loop vs MarianEngine vs CT2Engine (int8).

Run by hand (never by the test suite)::

    python benchmarks/bench_translate.py                 # the demo article's units
    python benchmarks/bench_translate.py --units 200     # 200 generated units instead
    python benchmarks/bench_translate.py --beam 1 --keep /tmp/bench-model   # reuse the built model
    python benchmarks/bench_translate.py --skip-engines   # only the pipeline and direct lines
    python benchmarks/bench_translate.py --device cuda    # on a GPU

The model has the shape of Helsinki-NLP/opus-mt-en-vi (6+6 layers, d_model 512, 8 heads, FFN 2048,
~53k vocabulary: a small sentencepiece model trained on the demo article, its vocabulary padded)
with random weights, so no download is needed. ``tests/tinymodel.py`` builds it (shape
``OPUS_MT_EN_VI``); this script converts it to CTranslate2 int8. Random weights make output lengths
arbitrary, so the output length is held equal: the end-of-sentence logit is pushed down and every
engine decodes exactly ``--out-tokens K`` tokens per unit (default 32, about what opus-mt-en-vi
writes for the demo's sentences): the naive loop through ``max_new_tokens``, our engines through
their per-unit output bound, set to K in the benchmark process (``l10n.mt.common.output_bound``). A
trained model ends sentences by itself, before its bound, which is what a single K stands for. Each
engine (and the model build) runs in its own process, so the peak RSS (``ru_maxrss``) printed is
that engine's own, model load included.

Engines:

a. ``naive``: the loop people write first: tokenizer(text) -> generate -> decode, one unit at a time.
b. ``marian``: ``l10n.mt.marian.MarianEngine`` (length-sorted batches, per-unit bounds).
c. ``ct2``: ``l10n.mt.ct2.CT2Engine`` on the int8 conversion.

d. ``pipeline``: the translate stage end to end, in-process, after the CTranslate2 int8 model is
   loaded: ``--pipeline-units`` generated units (default 300) in ten articles of a fresh project,
   through extract, update and translate (segmentation, masking, memory, checks on every output,
   the retry of failed outputs, catalog checkpoints and writes). Its time is set against the time
   spent inside engine calls during that same run (every call: first passes and retries), and
   ``pipeline_overhead: <x>`` is ``(stage time - engine time) / stage time``; the target is <= 0.05.
   (Every output of a random model stops at its bound, so every unit is retried: a worst case
   for the engine time, which the overhead figure does not flatter since retries are engine time.)

   Engine time is printed per kind of call: decode (first pass, retry) and scoring (first pass:
   none where the decode gave the confidence; retry: the separate pass of penalised decoding,
   over the retry outputs kept only, ``score_unscored``),
   and ``scoring_vs_first_decode: <x>`` is the scoring time over the first-pass decode time.
   The model never emits the padding pieces its tokenizer cannot produce (``push_down_fillers``).

e. ``direct``: ``CT2Engine.translate`` against CTranslate2 called directly with the best settings
   found on this machine by a small sweep (threads, ``max_batch_size``, ``batch_type``),
   sentencepiece encoding and decoding inside the timing on both sides, the median of ``ROUNDS``
   alternated rounds: "l10n CT2 engine vs CTranslate2 called directly ...: <ratio>" (direct time
   over l10n time; 1.0 is as fast). The sweep's times are printed (best of 2 runs each), and
   ``ct2_batch_32_vs_16_examples: <x>``, the time at 16 examples over the time at 32 at the best
   thread count: above 1 when the engine's 32 (``l10n.mt.ct2.MAX_BATCH_SIZE``) is faster. With
   the demo's 19 units that is one batch of 19 against 16 + 3; ``--units 200`` tests more.

``--device cuda`` runs every engine on the GPU (the same lines; CTranslate2 as int8_float16).
Lines: ``speedup_ctranslate2_vs_naive: <x>`` (unless ``--skip-engines``), ``scoring_vs_first_decode``,
``pipeline_overhead: <x>``, the direct ratio, the sweep and ``ct2_batch_32_vs_16_examples``. Peak
memory against a bare CTranslate2 translator is ``bench_memory.py``'s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# The model builder is shared with the test suite: tests/tinymodel.py (ModelShape OPUS_MT_EN_VI).
sys.path.insert(0, str(REPO / "tests"))
DEMO = REPO / "source" / "russia-nato-tensions.txt"
TARGET_TOKEN = ">>vie<<"


def demo_units() -> list[str]:
    """The demo article's units, as ``l10n extract`` makes them."""
    from l10n.formats.source import load_document

    doc = load_document(DEMO, display_path="source/" + DEMO.name)
    return [s.text for s in doc.segments]


def generated_units(count: int, seed: int = 1) -> list[str]:
    """``count`` sentence-like units of 6-40 words drawn from the demo article's words."""
    words = DEMO.read_text(encoding="utf-8").split()
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        n = rng.randint(6, 40)
        start = rng.randrange(0, max(1, len(words) - n))
        text = " ".join(words[start : start + n]).strip()
        out.append(text[0].upper() + text[1:].rstrip(".,") + ".")
    return out


def build_model(out: Path) -> None:
    """Write a random-weight model of the opus-mt-en-vi shape, and its int8 CTranslate2 conversion."""
    from tinymodel import OPUS_MT_EN_VI, build_marian_model

    # sentencepiece is trained on the demo article and on units like the ones translated here
    corpus = DEMO.read_text(encoding="utf-8").split("\n") + generated_units(3000, seed=7)
    corpus = [line for line in corpus if line.strip()]
    build_marian_model(out / "marian", OPUS_MT_EN_VI, [TARGET_TOKEN], seed=0, corpus=corpus)
    push_down_fillers(out / "marian")
    from l10n.mt.ct2 import convert

    convert(out / "marian", out / "ct2-int8", "int8")


def push_down_fillers(model_dir: Path) -> None:
    """Give the padding pieces (``\u2581x<id>``, which the sentencepiece model never produces) the
    end-of-sentence's bias, so the random model never emits them: a trained model does not emit
    pieces its tokenizer cannot produce, and a scoring pass re-encoding such output text would
    see ten times more pieces than were decoded."""
    import re

    import torch
    from transformers import MarianMTModel

    vocab = json.loads((model_dir / "vocab.json").read_text(encoding="utf-8"))
    fillers = [
        i for token, i in vocab.items() if re.fullmatch("\u2581x[0-9]+", token) and token[2:] == str(i)
    ]
    model = MarianMTModel.from_pretrained(str(model_dir))
    with torch.no_grad():
        model.final_logits_bias[0, fillers] = float(model.final_logits_bias[0, 0])  # EOS's: -1e4
    model.save_pretrained(str(model_dir))


# ---- one engine per process ---------------------------------------------------------------------


def fix_output_length(k: int) -> None:
    """Make our engines decode exactly ``k`` tokens per unit (EOS is suppressed in the model)."""
    import l10n.mt.ct2
    import l10n.mt.marian

    for module in (l10n.mt.marian, l10n.mt.ct2):
        module.output_bound = lambda _options, _n, _positions: k  # type: ignore[attr-defined]


def run_naive(model_dir: Path, texts: list[str], beam: int, k: int) -> tuple[float, int]:
    """The per-entry transformers loop; returns (seconds, target tokens)."""
    import warnings

    from transformers import MarianMTModel, MarianTokenizer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tok = MarianTokenizer.from_pretrained(str(model_dir))
    model = MarianMTModel.from_pretrained(str(model_dir)).to(DEVICE)
    tokens = 0
    started = time.perf_counter()
    for text in texts:
        batch = tok([f"{TARGET_TOKEN} {text}"], return_tensors="pt").to(DEVICE)
        out = model.generate(**batch, num_beams=beam, max_new_tokens=k + 1)  # k tokens + forced EOS
        tok.decode(out[0], skip_special_tokens=True)
        tokens += int(out.shape[1]) - 2  # minus decoder start and end of sentence
    return time.perf_counter() - started, tokens


def run_marian(model_dir: Path, texts: list[str], beam: int, k: int) -> tuple[float, int]:
    """MarianEngine; target tokens counted from what ``generate`` returned."""
    from l10n.mt import DecodingOptions
    from l10n.mt.marian import MarianEngine
    from l10n.mt.registry import resolve_model

    fix_output_length(k)
    engine = MarianEngine(
        resolve_model("vi", str(model_dir), model_dir.parent), "vi", DecodingOptions(beam, device=DEVICE)
    )
    counted = [0]
    generate = engine.model.generate

    def counting(**kwargs):  # type: ignore[no-untyped-def]
        out = generate(**kwargs)
        ids = getattr(out, "sequences", out)  # the engine asks for a dict (return_dict_in_generate)
        counted[0] += int(((ids != engine.tokenizer.pad_token_id) & (ids != 0)).sum())
        return out

    engine.model.generate = counting  # type: ignore[method-assign]
    started = time.perf_counter()
    engine.translate(texts)
    return time.perf_counter() - started, counted[0]


def run_ct2(model_dir: Path, texts: list[str], beam: int, k: int) -> tuple[float, int]:
    """CT2Engine (int8); target tokens counted from the hypotheses."""
    from l10n.mt import DecodingOptions
    from l10n.mt.ct2 import CT2Engine

    fix_output_length(k)
    engine = CT2Engine(model_dir, "vi", DecodingOptions(beam, device=DEVICE))
    counted = [0]
    translate_batch = engine.translator.translate_batch

    class Counting:
        def translate_batch(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            results = translate_batch(*args, **kwargs)
            counted[0] += sum(len(r.hypotheses[0]) for r in results)
            return results

    engine.translator = Counting()  # type: ignore[assignment]
    started = time.perf_counter()
    engine.translate(texts)
    return time.perf_counter() - started, counted[0]


def run_pipeline(model_dir: Path, texts: list[str], beam: int, k: int) -> tuple[float, int]:
    """The translate stage in-process on a fresh project; prints its figures, returns (seconds, units)."""
    from l10n.config import load_config
    from l10n.mt import DecodingOptions
    from l10n.mt.ct2 import CT2Engine
    from l10n.report import TranslateOptions
    from l10n.stages.context import Run
    from l10n.stages.extract import extract
    from l10n.stages.translate import translate
    from l10n.stages.update import update

    fix_output_length(k)
    engine = CT2Engine(model_dir, "vi", DecodingOptions(beam, device=DEVICE))  # loaded before the clock
    spent = time_engine_calls(engine)
    import l10n.mt.factory

    l10n.mt.factory.make_engine = lambda *_a, **_k: engine  # type: ignore[assignment]
    root = Path(tempfile.mkdtemp(prefix="l10n-bench-project-"))
    try:
        (root / "source").mkdir()
        for i in range(10):
            part = texts[i::10]
            (root / "source" / f"a{i}.txt").write_text("\n\n".join(part) + "\n", encoding="utf-8")
        (root / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "bench"\n', encoding="utf-8")
        run = Run(load_config(root))
        report = run.report
        started = time.perf_counter()
        extract(run)
        update(run, ["vi"])
        summary = translate(run, ["vi"], TranslateOptions()).summaries["vi"]
        stage = time.perf_counter() - started
        if report.errors:
            raise SystemExit(f"pipeline failed: {report.errors[0]}")
        units = summary.translated + summary.copied + summary.failed
        print(
            json.dumps(
                {
                    "stage": stage,
                    **spent,
                    "units": units,
                    "retried": summary.retried,
                }
            )
        )
        return stage, units
    finally:
        shutil.rmtree(root, ignore_errors=True)


def time_engine_calls(engine: Any) -> dict[str, float]:
    """Wrap every engine call (decode and score, first pass and retry) with a clock.

    Returns the dict the clocks add to: seconds under ``decode_first``, ``decode_retry``,
    ``score_first``, ``score_retry`` (a scoring pass belongs to the decode before it), and
    ``calls``. A unit of a first-pass decode has options None; a retry passes its own.
    """
    spent = dict.fromkeys(("decode_first", "decode_retry", "score_first", "score_retry", "calls"), 0.0)
    phase, inside = ["first"], [""]

    def clocked(inner: Any, kind: str) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            if kind == "decode":
                options = kwargs.get("options", args[1] if len(args) > 1 else None)
                phase[0] = "first" if options is None else "retry"
            started = time.perf_counter()
            inside[0] = kind
            try:
                return inner(*args, **kwargs)
            finally:
                inside[0] = ""
                spent[f"{kind}_{phase[0]}"] += time.perf_counter() - started
                spent["calls"] += 1

        return timed

    engine.translate_outputs = clocked(engine.translate_outputs, "decode")
    engine.translate = clocked(engine.translate, "decode")
    engine.score = clocked(engine.score, "score")
    engine.score_unscored = clocked(engine.score_unscored, "score")  # a retry's kept outputs, later
    translator = engine.translator
    score_batch = translator.score_batch

    class Clocked:  # a scoring pass inside a decode call (a retry's) is scoring, not decoding
        translate_batch = translator.translate_batch

        def score_batch(self, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return score_batch(*args, **kwargs)
            finally:
                if inside[0] == "decode":  # inside engine.score it is counted there already
                    took = time.perf_counter() - started
                    spent[f"score_{phase[0]}"] += took
                    spent[f"decode_{phase[0]}"] -= took

    engine.translator = Clocked()
    return spent


SWEEP = ((16, "examples"), (32, "examples"), (64, "examples"), (2048, "tokens"))
"""The direct side's ``(max_batch_size, batch_type)`` settings, tried at 1 thread and all CPUs."""


def run_direct(model_dir: Path, texts: list[str], beam: int, k: int) -> tuple[float, int]:
    """CT2Engine against CTranslate2 called directly, alternated; prints the figures, returns (s, units).

    Both sides pay sentencepiece encoding and decoding inside the timing. The direct side's
    settings are the best of a sweep on this machine (``sweep``); then ``ROUNDS`` alternated
    rounds of l10n and direct.
    """
    import ctranslate2
    import sentencepiece as spm

    from l10n.mt import DecodingOptions
    from l10n.mt.ct2 import CT2Engine
    from l10n.mt.device import ct2_compute_type, resolve_device

    fix_output_length(k)
    device = resolve_device(DEVICE, "ctranslate2")
    source = spm.SentencePieceProcessor(model_file=str(model_dir / "source.spm"))
    target = spm.SentencePieceProcessor(model_file=str(model_dir / "target.spm"))
    compute = ct2_compute_type(device, "int8")

    def translator(threads: int) -> Any:
        return ctranslate2.Translator(
            str(model_dir), device=device, compute_type=compute, intra_threads=threads
        )

    def direct(translator: Any, size: int, kind: str) -> float:
        started = time.perf_counter()
        batch = [[TARGET_TOKEN, *source.encode(t, out_type=str), "</s>"] for t in texts]
        found = translator.translate_batch(
            batch, beam_size=beam, max_batch_size=size, batch_type=kind, max_decoding_length=k
        )
        [target.decode(r.hypotheses[0]) for r in found]
        return time.perf_counter() - started

    timings = sweep(translator, direct)
    _, threads, size, kind = min((t, *key) for key, t in timings.items())
    theirs_translator = translator(threads)
    engine = CT2Engine(model_dir, "vi", DecodingOptions(beam, threads=threads, device=device))
    engine.translate(texts)  # warm-up
    ours, theirs = [], []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        engine.translate(texts)
        ours.append(time.perf_counter() - started)
        theirs.append(direct(theirs_translator, size, kind))
    mine, best_direct = statistics.median(ours), statistics.median(theirs)
    sweep_out = [[*key, t] for key, t in timings.items()]
    figures = {"ours": mine, "direct": best_direct, "threads": threads, "size": size, "kind": kind}
    print(json.dumps({**figures, "sweep": sweep_out}))
    return mine, len(texts)


def sweep(translator: Any, direct: Any) -> dict[tuple[int, int, str], float]:
    """Time every ``SWEEP`` setting at 1 thread and at all CPUs: the best of 2 passes each (the
    passes alternate over the settings, so a burst of load on a shared machine hits one run)."""
    timings: dict[tuple[int, int, str], float] = {}
    for threads in sorted({1, os.cpu_count() or 1}):
        loaded = translator(threads)
        direct(loaded, 32, "examples")  # warm-up
        for _ in range(2):
            for size, kind in SWEEP:
                took = direct(loaded, size, kind)
                timings[threads, size, kind] = min(timings.get((threads, size, kind), took), took)
    return timings


ROUNDS = 5
"""Alternated rounds of l10n and direct CTranslate2 (the median of each is compared)."""
DEVICE = "cpu"
"""``--device``, set in each child process."""

RUNNERS = {
    "naive": run_naive,
    "marian": run_marian,
    "ct2": run_ct2,
    "pipeline": run_pipeline,
    "direct": run_direct,
}


def child(args: argparse.Namespace) -> None:
    global DEVICE
    DEVICE = args.device
    if args.child == "build":
        build_model(Path(args.model_dir))
        return
    texts = json.loads(Path(args.units_file).read_text(encoding="utf-8"))
    seconds, tokens = RUNNERS[args.child](Path(args.model_dir), texts, args.beam, args.out_tokens)
    if args.child in ("pipeline", "direct"):
        return  # they printed their own figures
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    print(json.dumps({"seconds": seconds, "tokens": tokens, "units": len(texts), "rss": rss}))


def _run_child(name: str, model_dir: Path, units_file: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run one measurement in its own process (clean peak RSS); return its last stdout line as JSON."""
    cmd = [
        sys.executable,
        __file__,
        "--child",
        name,
        "--model-dir",
        str(model_dir),
        "--units-file",
        str(units_file),
        "--beam",
        str(args.beam),
        "--out-tokens",
        str(args.out_tokens),
        "--device",
        args.device,
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, env={**os.environ})
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--units", type=int, default=0, help="generated units instead of the demo article's")
    parser.add_argument("--beam", type=int, default=4, help="beam size for every engine (default 4)")
    parser.add_argument("--out-tokens", type=int, default=32, help="target tokens per unit (default 32)")
    parser.add_argument("--keep", type=Path, help="build the model here (reused when already there)")
    parser.add_argument(
        "--pipeline-units",
        type=int,
        default=300,
        help="generated units for the end-to-end line (default 300)",
    )
    parser.add_argument(
        "--device", choices=("cpu", "cuda"), default="cpu", help="where the engines run (default cpu)"
    )
    parser.add_argument(
        "--skip-engines",
        action="store_true",
        help="only the pipeline and direct lines (skip naive/marian/ct2)",
    )
    parser.add_argument("--child", choices=[*sorted(RUNNERS), "build"], help=argparse.SUPPRESS)
    parser.add_argument("--model-dir", help=argparse.SUPPRESS)
    parser.add_argument("--units-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    in_work_dir(args.keep, lambda work: measure(args, work))


def in_work_dir(keep: Path | None, run: Any) -> None:
    """Call ``run(folder)`` on ``keep`` (``--keep``), else on a temporary folder removed afterwards."""
    work = keep or Path(tempfile.mkdtemp(prefix="l10n-bench-"))
    try:
        run(work)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def ensure_model(work: Path) -> None:
    """Build the model into ``work`` in a child process unless it is there (``build_model``)."""
    if not (work / "ct2-int8" / "model.bin").is_file():
        started = time.perf_counter()
        cmd = [sys.executable, __file__, "--child", "build", "--model-dir", str(work)]
        subprocess.run(cmd, capture_output=True, text=True, check=True)
        print(f"built the opus-mt-en-vi-shaped model in {time.perf_counter() - started:.0f} s ({work})")


def measure(args: argparse.Namespace, work: Path) -> None:
    """Build the model if needed, run the three engines in their own processes, print the figures."""
    ensure_model(work)
    texts = generated_units(args.units) if args.units else demo_units()
    units_file = work / "units.json"
    units_file.write_text(json.dumps(texts), encoding="utf-8")
    print(
        f"{len(texts)} units ({'generated' if args.units else 'demo article'}), "
        f"{sum(len(t.split()) for t in texts)} words, beam {args.beam}, {args.out_tokens} target tokens "
        f"per unit, {os.cpu_count()} CPUs"
    )
    if not args.skip_engines:
        engines(args, work, units_file)
    pipeline(args, work)
    line = _run_child("direct", work / "ct2-int8", units_file, args)
    print(
        f"l10n CT2 engine vs CTranslate2 called directly with the best settings found for this machine "
        f"(threads {line['threads']}, max_batch_size {line['size']}, batch_type {line['kind']}; beam "
        f"{args.beam}; median of {ROUNDS} alternated rounds, sentencepiece inside): "
        f"{line['direct'] / line['ours']:.2f} ({line['ours']:.2f} s vs {line['direct']:.2f} s)"
    )
    by_threads: dict[int, list[str]] = {}
    for threads, size, kind, took in line["sweep"]:
        by_threads.setdefault(threads, []).append(f"{size} {kind} {took:.2f} s")
    print(
        "direct CTranslate2 sweep (best of 2 runs each): "
        + " | ".join(f"threads {t}: " + ", ".join(runs) for t, runs in by_threads.items())
    )
    at = {(size, kind): took for threads, size, kind, took in line["sweep"] if threads == line["threads"]}
    print(
        f"ct2_batch_32_vs_16_examples (threads {line['threads']}; time at 16 over time at 32, above 1 is "
        f"32 faster; l10n.mt.ct2.MAX_BATCH_SIZE is 32): {at[16, 'examples'] / at[32, 'examples']:.2f}"
    )


def engines(args: argparse.Namespace, work: Path, units_file: Path) -> None:
    """Lines (a) to (c): the three engines, each in its own process."""
    results = {}
    for name, folder in (("naive", "marian"), ("marian", "marian"), ("ct2", "ct2-int8")):
        results[name] = _run_child(name, work / folder, units_file, args)
    base = results["naive"]
    labels = {"naive": "(a) naive loop", "marian": "(b) MarianEngine", "ct2": "(c) CT2Engine int8"}
    for name, r in results.items():
        ups = r["units"] / r["seconds"]
        tps = r["tokens"] / r["seconds"]
        print(
            f"{labels[name]:<20} {ups:8.2f} units/s {tps:9.1f} target tokens/s "
            f"{r['rss'] / 2**20:7.0f} MiB peak RSS  x{base['seconds'] / r['seconds']:.2f} vs naive "
            f"({r['seconds']:.1f} s, {r['tokens']} tokens)"
        )
    if len({r["tokens"] for r in results.values()}) != 1:
        print("warning: the engines produced different numbers of target tokens")
    print(f"speedup_ctranslate2_vs_naive: {base['seconds'] / results['ct2']['seconds']:.2f}")


def pipeline(args: argparse.Namespace, work: Path) -> None:
    """Line (d): the translate stage end to end, every engine call counted as engine time."""
    units_file = work / "pipeline-units.json"
    units_file.write_text(json.dumps(generated_units(args.pipeline_units, seed=3)), encoding="utf-8")
    line = _run_child("pipeline", work / "ct2-int8", units_file, args)
    engine = sum(line[key] for key in ("decode_first", "decode_retry", "score_first", "score_retry"))
    print(
        f"(d) translate stage, CTranslate2 int8, in-process: {line['units']} units in {line['stage']:.1f} s, "
        f"{engine:.1f} s of it in {line['calls']:.0f} engine calls ({line['retried']} units retried)"
    )
    print(
        f"    engine time: decode first pass {line['decode_first']:.2f} s | decode retry "
        f"{line['decode_retry']:.2f} s | score first pass {line['score_first']:.2f} s | score retry "
        f"{line['score_retry']:.2f} s"
    )
    scoring = line["score_first"] + line["score_retry"]
    print(f"scoring_vs_first_decode: {scoring / line['decode_first']:.3f}")
    print(f"pipeline_overhead: {(line['stage'] - engine) / line['stage']:.3f}")


if __name__ == "__main__":
    main()
