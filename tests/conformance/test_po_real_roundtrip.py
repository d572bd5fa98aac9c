"""The 60 real catalogs of ``../shared/corpus/po/real`` keep msgcat's layout through l10n (issue 19).

``render(parse(msgcat f))`` must equal ``msgcat f`` byte for byte (the form of
``tests/test_po_roundtrip.py``), and a catalog saved unwrapped (``msgcat --no-wrap f``, as
Poedit's "don't wrap" saves) is detected as such and written back unwrapped, and a header
whose last field has no ``\\n`` (``GNOME__gnome-calculator/help/oc/oc.po``) is written so. Each test prints
its count. The corpus is ``$L10N_CORPUS``, else ``<repo>/../shared/corpus`` (or one folder up, from a
worktree under ``<repo>/../wt/``).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import require_gettext

from conformance.conftest import CORPUS
from l10n.catalog import pofile, powrap

REAL = CORPUS / "po" / "real"


def gnu(*args: str | Path) -> bytes:
    return subprocess.run([str(a) for a in args], capture_output=True, check=True).stdout


def differing(options: tuple[str, ...], render: Callable[[str, str], str]) -> tuple[int, list[str]]:
    """How many catalogs ``msgcat *options`` writes that ``render(text, path)`` gives back, and
    the names of the others."""
    files = sorted(REAL.rglob("*.po"))
    if len(files) != 60:
        pytest.fail(f"expected the 60 real catalogs in {REAL}, found {len(files)}")
    require_gettext()
    bad = []
    for path in files:
        data = gnu("msgcat", *options, path)
        name = path.relative_to(REAL).as_posix()
        if render(pofile.decode(data, path=name), name).encode("utf-8") != data:
            bad.append(name)
    return len(files) - len(bad), bad


def test_real_catalogs_round_trip_as_msgcat_writes_them(capsys: pytest.CaptureFixture[str]) -> None:
    same, bad = differing((), lambda text, name: pofile.render(pofile.parse(text, name)))
    with capsys.disabled():
        print(f"\nreal catalogs byte-identical after msgcat: {same}/60")
    assert bad == []


def test_unwrapped_real_catalogs_are_detected_and_kept_unwrapped(capsys: pytest.CaptureFixture[str]) -> None:
    # parse keeps the layout it read (Catalog.wrap_width): render is given no width; a catalog
    # without an over-wide string reads as wrapped, where both layouts are the same
    same, bad = differing(("--no-wrap",), lambda text, name: pofile.render(pofile.parse(text, name)))
    with capsys.disabled():
        print(f"\nreal catalogs byte-identical after msgcat --no-wrap: {same}/60")
    assert bad == []


def test_wrapped_real_catalogs_are_detected_as_wrapped() -> None:
    files = sorted(REAL.rglob("*.po"))
    require_gettext()
    unwrapped = [p.name for p in files if not powrap.detect_wrap(gnu("msgcat", p).decode("utf-8"))]
    assert unwrapped == []
