"""Review page load time against catalog size: one article of 1,000 and of 4,000 entries.

Run by hand::

    python benchmarks/bench_review.py                    # 1,000 and 4,000 entries
    python benchmarks/bench_review.py --sizes 500 2000 --loads 5

For each size a temporary project is generated (one plain-text article of one-sentence
paragraphs drawn from the demo article's words, some with numbers), extracted and updated with
the ``l10n`` CLI, and every entry is given a machine translation with a provenance comment and
a confidence (fuzzy: all of them are in the review queue). Then ``l10n review --port 0`` is
started once per size (start-up not timed) and the page is loaded ``--loads`` times over
HTTP; the median load time is printed per size, then the ratio of the largest size to the
smallest. The page should grow linearly with the catalog: 4x the entries, at most 4.5x the time.
The first load parses and checks the catalog; later ones reuse both while the file's bytes are
unchanged, so the ratio of the first loads is printed too.
"""

from __future__ import annotations

import argparse
import http.client
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "source" / "russia-nato-tensions.txt"
CLI = "import sys; from l10n.cli import app; sys.argv[0] = 'l10n'; app()"


def make_project(root: Path, entries: int, seed: int = 3) -> Path:
    """Write one article of ``entries`` distinct one-sentence paragraphs and an l10n.toml under ``root``.

    Returns:
        The catalog the review page will read (``locales/vi/LC_MESSAGES/article.po``), after
        ``l10n extract`` and ``l10n update`` and machine translations put in by ``fill``.
    """
    words = [w.strip(".,\"'()") for w in DEMO.read_text(encoding="utf-8").split()]
    words = [w for w in words if w.isalpha()]
    rng = random.Random(seed)
    (root / "source").mkdir(parents=True)
    lines = []
    for u in range(entries):
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(6, 30)))
        number = f" {rng.randint(2, 99)},000 troops" if u % 5 == 0 else ""
        lines.append(f"{sentence[0].upper()}{sentence[1:]}{number} {u}.")
    (root / "source" / "article.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    (root / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "bench"\n', encoding="utf-8")
    for command in ("extract", "update"):
        subprocess.run([sys.executable, "-c", CLI, command, "-q"], cwd=root, check=True)
    po = root / "locales" / "vi" / "LC_MESSAGES" / "article.po"
    fill(po, rng)
    return po


def fill(po: Path, rng: random.Random) -> None:
    """Give every entry of ``po`` a fuzzy machine translation with a provenance line and confidence;
    every fifth translation drops its number (a check error)."""
    from l10n.catalog import pofile
    from l10n.provenance import confidence_field, format_provenance

    catalog = pofile.parse(po.read_text(encoding="utf-8"), po.name)
    for n, message in enumerate(catalog.active()):
        msgstr = "[vi] " + (message.msgid.replace(",000", "") if n % 10 == 0 else message.msgid)
        line = format_provenance("fake", "fake/model", "", msgstr, fields=[confidence_field(rng.random())])
        catalog.set_translation(message.msgid, message.msgctxt, msgstr, fuzzy=True, comment=line)
    po.write_text(pofile.render(catalog), encoding="utf-8")


def load_page(netloc: str, target: str) -> tuple[float, int]:
    """One GET of the page: (seconds, body bytes)."""
    host, _, port = netloc.rpartition(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=600)
    started = time.perf_counter()
    try:
        conn.request("GET", target, headers={"Host": netloc})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"page load failed: {response.status} {body[:200]!r}")
    finally:
        conn.close()
    return time.perf_counter() - started, len(body)


def time_size(entries: int, loads: int) -> tuple[float, float]:
    """(first, median) seconds of ``loads`` page loads for a project of ``entries`` entries."""
    root = Path(tempfile.mkdtemp(prefix=f"l10n-bench-review-{entries}-"))
    server = None
    try:
        make_project(root, entries)
        server = subprocess.Popen(
            [sys.executable, "-c", CLI, "review", "--port", "0", "-q"],
            cwd=root,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert server.stdout is not None
        url = urlsplit(server.stdout.readline().split(" at ", 1)[1].strip())  # "Reviewing vi at URL"
        times = []
        for _ in range(loads):
            seconds, size = load_page(url.netloc, f"{url.path}?{url.query}")
            times.append(seconds)
        median = statistics.median(times)
        print(
            f"{entries:6d} entries: median {median:7.3f} s of {loads} loads "
            f"({' '.join(f'{t:.3f}' for t in times)}), page {size / 1e6:.1f} MB"
        )
        return times[0], median
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 4000])
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args()
    timed = dict(zip(args.sizes, (time_size(n, args.loads) for n in args.sizes), strict=True))
    small, large = timed[min(args.sizes)], timed[max(args.sizes)]
    print(
        f"ratio {max(args.sizes)}/{min(args.sizes)} entries: median load {large[1] / small[1]:.1f}x "
        f"the time, first load {large[0] / small[0]:.1f}x"
    )


if __name__ == "__main__":
    main()
