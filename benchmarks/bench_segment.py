"""Sentence segmentation time against sentence length: one long sentence at two sizes, and their ratio.

Run by hand::

    python benchmarks/bench_segment.py                 # 60 KB and 120 KB
    python benchmarks/bench_segment.py --sizes 30000 120000

Two kinds of one-sentence block are timed through ``l10n.formats.txt.segment_text`` (what
``l10n extract`` runs on a ``.txt`` article), the best of ``--repeat`` runs each:

- ``plain``: words and commas, no other punctuation (a run-on clause list);
- ``cued``: clauses with the characters pysbd judges (decimals ``3.5``, ``Mr.``, ``U.S.``,
  ``No. 4``, parentheses, ``a.m.``) every 60-odd characters, so every window goes to pysbd.

Each block must come out as one unit (a check, not a timing). Linear growth shows as a ratio
near the size ratio (2.0 for the default sizes); issue 22 measured 10.7 s at 61 KB and 40.8 s
at 124 KB before the windows were fixed.
"""

from __future__ import annotations

import argparse
import random
import time

from l10n.formats.txt import segment_text

_WORDS = "the council said that its budget for bridges and river works would grow".split()  # noqa: SIM905
_CLAUSES = [
    "a levy of 3.5 percent",
    "as Mr. Smith of the U.S. branch said",
    "under rule No. 4 (the old one)",
    "at 9 a.m. on most days",
    "with Dr. Jones and Gov. Ruiz present",
]


def sentence(kind: str, size: int, seed: int = 5) -> str:
    """One sentence of about ``size`` characters, ending in a full stop."""
    rng = random.Random(seed)
    parts: list[str] = ["The council"]
    length = len(parts[0])
    while length < size:
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 9)))
        part = f"{words}, {rng.choice(_CLAUSES)}" if kind == "cued" else words
        parts.append(part)
        length += len(part) + 2
    return ", ".join(parts) + "."


def best_time(text: str, repeat: int) -> tuple[float, float]:
    """Wall and CPU seconds for ``segment_text`` on a headline and ``text``, best of ``repeat``.

    CPU seconds are given too because the wall time on a shared machine includes waiting for
    a core. Checks that the sentence comes out as one unit.
    """
    article = f"Head\n\n{text}\n"
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        doc = segment_text(article, path="source/long.txt", slug="long")
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        assert [s.source for s in doc.segments] == ["Head", text], "the long sentence was cut"
    return best, best_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[60_000, 120_000], metavar="CHARS")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    small, large = args.sizes
    for kind in ("plain", "cued"):
        (t_small, cpu_small), (t_large, cpu_large) = (
            best_time(sentence(kind, size), args.repeat) for size in (small, large)
        )
        print(
            f"segment one {kind:<5} sentence: {small / 1000:.0f} KB {t_small:6.3f} s (cpu {cpu_small:.3f})   "
            f"{large / 1000:.0f} KB {t_large:6.3f} s (cpu {cpu_large:.3f})   "
            f"ratio {t_large / t_small:4.2f} (sizes {large / small:.2f})"
        )


if __name__ == "__main__":
    main()
