"""Work proportional to what changed (issue 22, point 3): ``extract`` + ``update`` after one changed
article against the first ``extract`` + ``update``, at two project sizes.

Run by hand::

    python benchmarks/bench_cache.py                          # 1,000 and 4,000 articles x 10 units
    python benchmarks/bench_cache.py --articles 1000 --units-per-article 50 --profile

For each size a temporary project is generated (``bench_extract.make_project``), then timed
through the stages in this process, each step a fresh ``Run`` as each command makes one:

1. first ``extract`` + ``update`` (every template and catalog written; the article cache filled);
2. ``extract`` + ``update`` after one article changed.

Times are CPU seconds of this process (``time.process_time``: the machine is shared). The ratio
line is ``one_change_vs_first[<n> articles]: <x>``; issue 22 asks for at most 0.05.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import make_project

from l10n.config import load_config
from l10n.stages.context import Run
from l10n.stages.extract import extract
from l10n.stages.update import update


def _both(root: Path) -> float:
    """CPU seconds of ``extract`` + ``update`` (every language) in one fresh ``Run``."""
    cfg = load_config(root)
    started = time.process_time()
    run = Run(cfg)
    extract(run)
    update(run, cfg.languages)
    assert not run.report.errors, run.report.errors
    return time.process_time() - started


def measure(articles: int, units: int, langs: list[str], profile: bool) -> float:
    """Print the first and the one-change CPU times for ``articles`` articles; return their ratio."""
    root = Path(tempfile.mkdtemp(prefix="l10n-bench-cache-"))
    try:
        make_project(root, articles, units, langs)
        first = _both(root)
        changed = root / "source" / "article-0000.txt"
        changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        if profile:
            prof = cProfile.Profile()
            one = prof.runcall(_both, root)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
        else:
            one = _both(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    ratio = one / first
    print(f"{articles} articles x {units} units, {len(langs)} language(s):")
    print(f"  first extract + update {first:.2f} s CPU, after one changed article {one:.2f} s CPU")
    print(f"one_change_vs_first[{articles} articles]: {ratio:.3f}  (target <= 0.05)")
    return ratio


def main() -> None:
    """Measure each ``--articles`` size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--units-per-article", type=int, default=10)
    parser.add_argument("--langs", nargs="+", default=["vi"])
    parser.add_argument("--profile", action="store_true", help="cProfile the one-change run")
    args = parser.parse_args()
    for n in args.articles:
        measure(n, args.units_per_article, args.langs, args.profile)


if __name__ == "__main__":
    main()
