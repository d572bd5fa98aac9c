"""Peak memory of ``l10n translate --engine ctranslate2`` against a bare CTranslate2 translator.

Run by hand (never by the test suite)::

    python benchmarks/bench_memory.py                          # builds the model in a temp folder
    python benchmarks/bench_memory.py --keep /tmp/bench-model  # build once, reuse (bench_translate's)

Issue 22: the translate command on the demo must peak at most 1.3 times the memory of a bare
CTranslate2 translator with its sentencepiece models translating the same units. Both run on
``bench_translate.py``'s random-weight model in the opus-mt-en-vi shape (int8; built by that
script's code, or reused from ``--keep``), each side in its own fresh interpreter, whose peak RSS
(``ru_maxrss``, model load included) is the figure, the median of ``ROUNDS`` alternated runs:

- ``bare``: ``ctranslate2.Translator`` (int8, the library's default threads) and the model's
  ``source.spm``/``target.spm``; the demo article's units encoded (target-language token first),
  one ``translate_batch`` call (beam ``--beam``, ``max_batch_size`` 32 examples, exactly
  ``--out-tokens`` target tokens each), the outputs decoded.
- ``l10n``: a copy of the demo project (its article, ``vi`` only), extracted and updated in
  another process beforehand, then ``l10n translate --lang vi --engine ctranslate2 --model <dir>``
  through the CLI (``l10n.cli.app``) in-process, every output held at ``--out-tokens`` tokens as in
  ``bench_translate.py`` (``fix_output_length``): first pass, the retry of every output (a random
  model's outputs all stop at their bound), the retry's scoring pass, checks and catalog writes.

Lines: each side's peak RSS, the heavy libraries it imported, and
``peak_rss_l10n_vs_bare_ct2: <x>`` (l10n over bare; the target is at most 1.3).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import bench_translate  # noqa: E402  (the model builder and the demo's units, shared)

REPO = bench_translate.REPO
HEAVY = ("torch", "transformers", "numpy", "ctranslate2", "sentencepiece", "rich", "babel", "ray")


def run_bare(model_dir: Path, beam: int, k: int) -> dict[str, Any]:
    """The bare translator on the demo's units; returns the child's figures."""
    import ctranslate2
    import sentencepiece as spm

    texts = bench_translate.demo_units()
    source = spm.SentencePieceProcessor(model_file=str(model_dir / "source.spm"))
    target = spm.SentencePieceProcessor(model_file=str(model_dir / "target.spm"))
    translator = ctranslate2.Translator(str(model_dir), device="cpu", compute_type="int8")
    started = time.perf_counter()
    batch = [[bench_translate.TARGET_TOKEN, *source.encode(t, out_type=str), "</s>"] for t in texts]
    found = translator.translate_batch(
        batch, beam_size=beam, max_batch_size=32, batch_type="examples", max_decoding_length=k
    )
    outputs = [target.decode(r.hypotheses[0]) for r in found]
    return {"units": len(outputs), "seconds": time.perf_counter() - started}


def run_l10n(model_dir: Path, beam: int, k: int, project: Path) -> dict[str, Any]:
    """``l10n translate`` in-process through the CLI, in ``project`` (already updated)."""
    import os

    import l10n.cli

    bench_translate.fix_output_length(k)
    os.chdir(project)
    sys.argv = ["l10n", "-q", "translate", "--lang", "vi", "--engine", "ctranslate2"]
    sys.argv += ["--model", str(model_dir)]
    started = time.perf_counter()
    try:
        l10n.cli.app()
    except SystemExit as exc:
        if exc.code:
            raise
    po = project / "locales" / "vi" / "LC_MESSAGES" / f"{bench_translate.DEMO.stem}.po"
    return {"units": po.read_text(encoding="utf-8").count("conf:"), "seconds": time.perf_counter() - started}


def make_project(root: Path, beam: int) -> None:
    """The demo project for ``vi`` in ``root``: its article, a config, then extract and update
    (in a child process, so the measured one starts fresh)."""
    (root / "source").mkdir(parents=True)
    shutil.copy(bench_translate.DEMO, root / "source" / bench_translate.DEMO.name)
    config = f'languages = ["vi"]\nproject_id = "bench-memory"\n\n[decoding]\nbeam_size = {beam}\n'
    (root / "l10n.toml").write_text(config, encoding="utf-8")
    for command in (["extract"], ["update", "--lang", "vi"]):
        code = f"import sys, l10n.cli; sys.argv = ['l10n', '-q', *{command!r}]; l10n.cli.app()"
        subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


def child(args: argparse.Namespace) -> None:
    """One side, in this fresh process; prints its figures as one JSON line."""
    model_dir = Path(args.model_dir)
    if args.child == "bare":
        result = run_bare(model_dir, args.beam, args.out_tokens)
    else:
        result = run_l10n(model_dir, args.beam, args.out_tokens, Path(args.project))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    heavy = [name for name in HEAVY if name in sys.modules]
    print(json.dumps({**result, "rss": rss, "heavy": heavy}))


def _run_child(name: str, args: argparse.Namespace, model_dir: Path, project: Path) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", name, "--model-dir", str(model_dir)]
    cmd += ["--project", str(project), "--beam", str(args.beam), "--out-tokens", str(args.out_tokens)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


ROUNDS = 3
"""Alternated runs of each side; the median run (by peak RSS) of each is compared."""


def measure(args: argparse.Namespace, work: Path) -> None:
    """Build the model if needed, run both sides ``ROUNDS`` times alternated, print the lines."""
    bench_translate.ensure_model(work)
    model_dir = work / "ct2-int8"
    folder = Path(tempfile.mkdtemp(prefix="l10n-bench-memory-"))
    runs: dict[str, list[dict[str, Any]]] = {"bare": [], "l10n": []}
    try:
        make_project(folder / "template", args.beam)
        for round_ in range(ROUNDS):
            project = folder / f"run{round_}"  # a fresh copy: a translated catalog has nothing left to do
            shutil.copytree(folder / "template", project)
            runs["bare"].append(_run_child("bare", args, model_dir, project))
            runs["l10n"].append(_run_child("l10n", args, model_dir, project))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    bare, ours = (sorted(runs[side], key=lambda r: r["rss"])[ROUNDS // 2] for side in ("bare", "l10n"))
    print(
        f"demo article, beam {args.beam}, {args.out_tokens} target tokens per unit, CTranslate2 int8, CPU; "
        f"median of {ROUNDS} alternated runs (all, MiB: bare "
        + " ".join(f"{r['rss'] / 2**20:.0f}" for r in runs["bare"])
        + ", l10n "
        + " ".join(f"{r['rss'] / 2**20:.0f}" for r in runs["l10n"])
        + ")"
    )
    sides = (("bare CTranslate2 + sentencepiece", bare), ("l10n translate --engine ctranslate2", ours))
    for label, r in sides:
        print(
            f"{label:<36} {r['rss'] / 2**20:7.0f} MiB peak RSS  {r['units']} units in {r['seconds']:.1f} s  "
            f"imported: {', '.join(r['heavy'])}"
        )
    print(f"peak_rss_l10n_vs_bare_ct2: {ours['rss'] / bare['rss']:.2f}")


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--beam", type=int, default=4, help="beam size on both sides (default 4)")
    parser.add_argument("--out-tokens", type=int, default=32, help="target tokens per unit (default 32)")
    parser.add_argument("--keep", type=Path, help="build the model here (reused when already there)")
    parser.add_argument("--child", choices=("bare", "l10n"), help=argparse.SUPPRESS)
    parser.add_argument("--model-dir", help=argparse.SUPPRESS)
    parser.add_argument("--project", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    bench_translate.in_work_dir(args.keep, lambda work: measure(args, work))


if __name__ == "__main__":
    main()
