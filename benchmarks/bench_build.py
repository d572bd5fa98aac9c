"""An unchanged ``l10n build`` against the first one (issue 22, point 3: at most 0.10).

Run by hand::

    python benchmarks/bench_build.py                        # 300 articles x 10 units, vi and fr
    python benchmarks/bench_build.py --articles 300 --profile

A temporary project is generated (``bench_extract.make_project``) and built twice through
``l10n.stages.build.build`` in this process, each a fresh ``Run`` as each command makes one, with
a fake engine (``tests/conftest.py``'s ``FakeEngine``: no model; the first build translates every
unit, the second has nothing to translate). Times are CPU seconds (``time.process_time``).
The ratio line is ``unchanged_build_vs_first: <x>``. The second build is served by what the
first kept in the project's ``.l10n/cache/`` (``l10n.cache``): it parses no catalog.
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

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from bench_extract import make_project  # noqa: E402
from conftest import FakeEngine  # noqa: E402

import l10n.mt.factory  # noqa: E402
from l10n.config import load_config  # noqa: E402
from l10n.report import PublishOptions, TranslateOptions  # noqa: E402
from l10n.stages.build import build  # noqa: E402
from l10n.stages.context import Run  # noqa: E402


def _build(root: Path) -> tuple[float, int]:
    """CPU seconds of one build and the number of files it wrote."""
    cfg = load_config(root)
    started = time.process_time()
    run = Run(cfg)
    build(run, cfg.languages, TranslateOptions(), PublishOptions())
    assert not run.report.errors, run.report.errors[:3]
    return time.process_time() - started, len(run.report.written)


def main() -> None:
    """Print the first and the unchanged build's CPU time and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--units-per-article", type=int, default=10)
    parser.add_argument("--langs", nargs="+", default=["vi", "fr"])
    parser.add_argument("--profile", action="store_true", help="cProfile the unchanged build")
    args = parser.parse_args()
    fake = FakeEngine(lambda text: f"[x] {text}", model_id="bench/fake", revision="0000")
    l10n.mt.factory.make_engine = lambda *_a, **_k: fake  # type: ignore[assignment]
    root = Path(tempfile.mkdtemp(prefix="l10n-bench-build-"))
    try:
        make_project(root, args.articles, args.units_per_article, args.langs)
        first, wrote = _build(root)
        if args.profile:
            prof = cProfile.Profile()
            again, rewrote = prof.runcall(_build, root)
            pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
        else:
            again, rewrote = _build(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(
        f"{args.articles} articles x {len(args.langs)} languages: first build {first:.2f} s CPU "
        f"({wrote} files written), unchanged build {again:.2f} s CPU ({rewrote} written)"
    )
    print(f"unchanged_build_vs_first: {again / first:.3f}  (target <= 0.10)")


if __name__ == "__main__":
    main()
