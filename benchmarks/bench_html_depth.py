"""HTML extraction time against nesting depth: one article at two depths, and their ratio (issue 22).

Run by hand::

    python benchmarks/bench_html_depth.py                     # depths 150 and 300
    python benchmarks/bench_html_depth.py --depths 100 300      # deeper than 320 is refused (html-too-deep)

The article is ``<article>`` holding ``depth`` nested ``<div>``s, each with a paragraph of two
sentences before the next level, timed through ``l10n.formats.html.segment_html`` (what
``l10n extract`` runs on an ``.html`` article), best of ``--repeat`` runs in CPU seconds
(``time.process_time``: the machine is shared). Each paragraph must come out as units (a check).
Linear growth shows as a ratio near the depth ratio (2.0 for the defaults); quadratic as 4.0
(issue 22 measured 1.35 s at depth 300).
"""

from __future__ import annotations

import argparse
import time

from l10n.formats.html import segment_html


def article(depth: int) -> str:
    """An HTML page whose article nests ``depth`` divs, a paragraph in each."""
    opening = "".join(
        f"<div><p>Level {i} of the report. The council voted on item {i}.</p>" for i in range(depth)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><title>Deep</title></head><body><article>'
        f"<h1>Deep page</h1>{opening}{'</div>' * depth}</article></body></html>"
    )


def best_cpu(depth: int, repeat: int) -> float:
    """The best CPU seconds of ``segment_html`` on ``article(depth)``; checks the units."""
    text = article(depth)
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        doc, _ = segment_html(text, path="source/deep.html", slug="deep")
        best = min(best, time.process_time() - started)
    texts = {s.text for s in doc.segments}
    assert f"The council voted on item {depth - 1}." in texts, sorted(texts)[:5]
    return best


def main() -> None:
    """Print the time at each depth and the ratio of the larger to the smaller."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depths", type=int, nargs=2, default=[150, 300])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    small, large = sorted(args.depths)
    t_small, t_large = best_cpu(small, args.repeat), best_cpu(large, args.repeat)
    print(f"depth {small}: {t_small:.3f} s CPU; depth {large}: {t_large:.3f} s CPU")
    print(f"html_depth_ratio: {t_large / t_small:.2f}  (linear: about the depth ratio, {large / small:.1f})")


if __name__ == "__main__":
    main()
