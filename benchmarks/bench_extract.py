"""Extract and update speed on a large project: 1,000 articles, 50,000 units (no model involved).

Run by hand::

    python benchmarks/bench_extract.py                      # 1,000 articles x 50 units
    python benchmarks/bench_extract.py --articles 200 --units-per-article 50 --langs vi fr

A temporary project is generated (articles made of sentences drawn from the demo article's
words, one sentence per unit), then timed through the stages (``l10n.stages``):

1. extract (first run: every template written);
2. update (first run: every catalog created);
3. extract + update again on the unchanged project (nothing to write: the no-op cost);
4. update after one article changed (one template and its catalogs rewritten).

Prints seconds, units/s and peak RSS per step.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "source" / "russia-nato-tensions.txt"


def make_project(root: Path, articles: int, units: int, langs: list[str], seed: int = 3) -> None:
    """Write ``articles`` articles of ``units`` one-sentence paragraphs each, and an l10n.toml."""
    words = [w.strip(".,\"'()") for w in DEMO.read_text(encoding="utf-8").split()]
    words = [w for w in words if w.isalpha()]
    rng = random.Random(seed)
    source = root / "source"
    source.mkdir(parents=True)
    for a in range(articles):
        lines = []
        for u in range(units):
            n = rng.randint(6, 30)
            sentence = " ".join(rng.choice(words) for _ in range(n))
            lines.append(f"{sentence[0].upper()}{sentence[1:]} {a}-{u}.")
        (source / f"article-{a:04d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    langs_toml = ", ".join(f'"{x}"' for x in langs)
    (root / "l10n.toml").write_text(f'languages = [{langs_toml}]\nproject_id = "bench"\n', encoding="utf-8")


def timed(label: str, total_units: int, fn) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    report = fn()
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    errors = len(report.errors)
    print(
        f"{label:<34} {seconds:7.2f} s {total_units / seconds:9.0f} units/s  "
        f"written {len(report.written):5d}  unchanged {len(report.unchanged):5d}  errors {errors}  "
        f"peak RSS {rss:.0f} MiB"
    )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--units-per-article", type=int, default=50)
    parser.add_argument("--langs", nargs="+", default=["vi"])
    args = parser.parse_args()

    from l10n.config import load_config
    from l10n.report import Report
    from l10n.stages import extract as extracting
    from l10n.stages import update as updating
    from l10n.stages.context import Run

    root = Path(tempfile.mkdtemp(prefix="l10n-bench-extract-"))
    try:
        started = time.perf_counter()
        make_project(root, args.articles, args.units_per_article, args.langs)
        total = args.articles * args.units_per_article
        print(
            f"generated {args.articles} articles, {total} units, languages {' '.join(args.langs)} "
            f"in {time.perf_counter() - started:.1f} s ({root})"
        )
        cfg = load_config(root)

        def extract() -> Report:
            run = Run(cfg)
            extracting.extract(run)
            return run.report

        def update() -> Report:
            run = Run(cfg)
            updating.update(run, cfg.languages)
            return run.report

        def both() -> Report:
            run = Run(cfg)
            extracting.extract(run)
            updating.update(run, cfg.languages)
            return run.report

        units = total * len(args.langs)
        t1 = timed("extract (first)", total, extract)
        t2 = timed(f"update (first, {len(args.langs)} lang)", units, update)
        t3 = timed("extract + update (unchanged)", total, both)
        changed = root / "source" / "article-0000.txt"
        changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        t4 = timed("extract + update (1 article changed)", total, both)
        print(
            f"first extract + update: {t1 + t2:.2f} s; unchanged re-run: {t3:.2f} s; one change: {t4:.2f} s"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
