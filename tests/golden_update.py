"""Regenerate the golden outputs in ``tests/data/golden/`` (see ``tests/golden.py``).

Run ``python tests/golden_update.py`` from the repository root after a change that alters
l10n's output on purpose, review ``git diff tests/data/golden``, and say in the commit
message which differences were intended. ``--out DIR`` writes elsewhere (e.g. to compare two
runs); the tiny test model is built in a temporary folder, as the test fixture builds it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

# As tests/conftest.py: offline and a private, empty Hugging Face home, set before any import
# of huggingface_hub or transformers (they read these variables when imported).
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

sys.path.insert(0, str(Path(__file__).resolve().parent))

from golden import GOLDEN_DIR, files_of, generate
from tinymodel import build_tiny_model

TARGET_TOKENS = (">>vie<<", ">>cmn_Hans<<")  # as conftest.TARGET_TOKENS (tiny_multi_model_dir)


def main(argv: list[str]) -> int:
    import argparse
    import shutil

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GOLDEN_DIR, help=f"destination (default {GOLDEN_DIR})")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    with tempfile.TemporaryDirectory(prefix="l10n-golden-update-") as tmp:
        os.environ["HF_HOME"] = str(Path(tmp) / "hf-home")
        model = build_tiny_model(Path(tmp) / "tiny-multi", TARGET_TOKENS)
        staging = Path(tmp) / "golden"
        generate(staging, model)
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(staging, out)
    print(f"wrote {len(files_of(out))} files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
