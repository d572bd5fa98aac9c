"""Where the shared corpus is, and what a conformance test does when it is not there.

The corpus (real catalogs, article bodies, sentence-boundary test sets) sits beside the
repository as ``../shared/corpus``; ``$L10N_CORPUS`` names another place. CI has it, a fresh
clone does not: README's test command never collects this folder (``--ignore`` in
``pyproject.toml``); ``.ci/run`` runs it as a second ``pytest`` call. When the corpus is
missing, every test here FAILS when ``CI=true`` and is skipped, with the reason, otherwise.

This folder is a package, so this module is ``conformance.conftest`` and
``from conftest import ...`` in the test modules still finds ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("L10N_CORPUS") or REPO.parent / "shared" / "corpus")
"""The corpus folder: ``$L10N_CORPUS``, else ``<repo>/../shared/corpus`` (it may be missing)."""
MISSING = "corpus-missing"
"""The one parameter a corpus-driven test gets when the corpus is missing (it then fails or skips)."""


def corpus_names(folder: str, pattern: str) -> list[str]:
    """Sorted names of the corpus files ``folder/pattern``, or ``[MISSING]`` without a corpus.

    For ``pytest.mark.parametrize`` and fixture params: a missing corpus gives one case that
    fails (CI) or skips, instead of an empty parameter set that pytest would skip silently.
    """
    names = sorted(p.name for p in (CORPUS / folder).glob(pattern))
    return names or [MISSING]


@pytest.fixture(autouse=True)
def _corpus_present() -> None:
    """Fail (``CI=true``) or skip every test here when the corpus folder is missing."""
    if (CORPUS / "README.md").is_file():
        return
    reason = f"shared corpus not found at {CORPUS} (set L10N_CORPUS to its folder)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must have it", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(params=corpus_names("po", "*.po"))
def corpus_po(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A copy, in ``tmp_path``, of one catalog of ``corpus/po`` (the corpus is read-only)."""
    dest = tmp_path / request.param
    shutil.copyfile(CORPUS / "po" / request.param, dest)
    return dest
