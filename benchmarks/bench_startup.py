"""Start-up of the ``l10n`` command: import time, CPU time and peak RSS of ``l10n --help``,
``l10n --version`` and ``l10n status`` (issue 22, point 5: ``--help`` at most 30 MB; it was 47 MB).

Run by hand::

    python benchmarks/bench_startup.py            # best of 5 runs each

Each run is a fresh interpreter (``python -c``) that imports ``l10n.cli`` and runs the command,
then prints its own figures: the import time of ``l10n.cli`` (wall), the CPU time of the whole
process (``time.process_time``, so a shared machine's waiting is left out) and its peak RSS
(``ru_maxrss``). ``status`` runs twice: in an empty folder (no project: it stops at the config,
after the command's imports) and in a project of one plain-text article (the repository's
demo article, its template and one catalog made by ``extract`` and ``update`` beforehand), where
a plain-text project must load no HTML or Markdown parser, no template engine and no MT library.
A bare interpreter's figures are printed for reference. The heavy
libraries a command imported are listed (``lxml``, ``markdown_it``, ``pysbd``, ``html5lib``,
``jinja2``, ``rich``, ``torch``, ``ctranslate2``, ``transformers``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("lxml", "markdown_it", "pysbd", "html5lib", "jinja2", "rich", "torch", "ctranslate2", "transformers")
CHILD = f"""
import json, resource, sys, time
args = sys.argv[1:]
started = time.perf_counter()
if args:
    import l10n.cli
imported = time.perf_counter() - started
if args:
    sys.argv = ["l10n", *args]
    try:
        l10n.cli.app()
    except SystemExit:
        pass
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps([imported, time.process_time(), usage.ru_maxrss / 1024, heavy]), file=sys.__stderr__)
"""


def once(args: list[str], cwd: Path, repo: Path = REPO) -> tuple[float, float, float, list[str]]:
    """(import seconds, CPU seconds, peak RSS MiB, heavy libraries) of one fresh process."""
    env = {**os.environ, "PYTHONPATH": str(repo)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    line = [x for x in done.stderr.splitlines() if x.startswith("[")][-1]
    imported, cpu, rss, heavy = json.loads(line)
    return imported, cpu, rss, heavy


def text_project(folder: Path, repo: Path) -> Path:
    """A project in ``folder/project``: the demo article, ``languages = ["vi"]``, extracted and updated."""
    root = folder / "project"
    (root / "source").mkdir(parents=True)
    article = (repo / "source" / "russia-nato-tensions.txt").read_bytes()
    (root / "source" / "russia-nato-tensions.txt").write_bytes(article)
    (root / "l10n.toml").write_text('languages = ["vi"]\n', encoding="utf-8")
    for command in ("extract", "update"):
        once([command, "-q"], root, repo)
    return root


def main() -> None:
    """Print one line per command: best import time, best CPU time, peak RSS, heavy imports."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--repo", type=Path, default=REPO, help="the l10n checkout to measure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty"
        empty.mkdir()
        project = text_project(Path(tmp), args.repo)
        for label, argv, cwd in (
            ("python", [], empty),
            ("--version", ["--version"], empty),
            ("--help", ["--help"], empty),
            ("status", ["status"], empty),
            ("status.txt", ["status"], project),
        ):
            runs = [once(argv, cwd, args.repo) for _ in range(args.repeat)]
            imported = min(r[0] for r in runs)
            cpu = min(r[1] for r in runs)
            rss = min(r[2] for r in runs)
            heavy = " ".join(runs[0][3]) or "-"
            print(
                f"{label:<11} import l10n.cli {imported * 1000:6.0f} ms  CPU {cpu * 1000:6.0f} ms  "
                f"peak RSS {rss:5.1f} MiB  heavy imports: {heavy}"
            )
            if label == "--help":
                print(f"help_peak_rss_mib: {rss:.1f}  (target <= 30)")


if __name__ == "__main__":
    main()
