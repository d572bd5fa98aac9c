"""Golden byte-identity test: the whole CLI's outputs, byte for byte, against ``tests/data/golden/``.

``tests/golden.py`` runs three small projects through the public command line only (the
demo article, the test articles and two Markdown articles machine-translated into vi and
zh-Hans with the tiny test model; a hand-written Markdown catalog merged and compiled without
a model; a hard-wrapped article with ``wrap = true``) and records every ``.pot``, ``.po``,
``.mo``, every file under ``build/``, the JSON of ``l10n status`` and ``l10n check`` and the
exit codes. This test generates them again in ``tmp_path`` and requires the same file names
and the same bytes, so a refactor that should change no output proves it.

Later changes that alter output on purpose regenerate with ``python tests/golden_update.py``
and say in the commit message which differences they intended.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from golden import CASES, GOLDEN_DIR, files_of, generate

REGENERATE = "if intended: python tests/golden_update.py, and name the differences in the commit message"


def _bytes_at(want: bytes, got: bytes, offset: int) -> str:
    return f"\n  recorded: {want[offset : offset + 48]!r}\n  now:      {got[offset : offset + 48]!r}"


def _first_difference(name: str, want: bytes, got: bytes, context_lines: int = 40) -> str:
    """A readable account of how ``got`` differs from ``want`` (unified diff, or the bytes)."""
    same = (i for i, (a, b) in enumerate(zip(want, got, strict=False)) if a != b)
    offset = next(same, min(len(want), len(got)))
    head = f"{name}: first differs at byte {offset} ({len(want)} bytes recorded, {len(got)} now)"
    try:
        want_text, got_text = want.decode("utf-8"), got.decode("utf-8")
    except UnicodeDecodeError:  # .mo files
        return head + _bytes_at(want, got, offset)
    diff = list(
        difflib.unified_diff(
            want_text.splitlines(keepends=True),
            got_text.splitlines(keepends=True),
            f"golden/{name}",
            f"generated/{name}",
        )
    )
    if not diff:  # same lines, different line endings or final newline
        return head + _bytes_at(want, got, offset)
    shown = "".join(line if line.endswith("\n") else line + "\n" for line in diff[:context_lines])
    more = f"... ({len(diff) - context_lines} more diff lines)\n" if len(diff) > context_lines else ""
    return f"{head}\n{shown}{more}"


def test_golden_outputs_are_byte_identical(tmp_path: Path, tiny_multi_model_dir: Path) -> None:
    out = tmp_path / "golden"
    generate(out, tiny_multi_model_dir)
    want, got = files_of(GOLDEN_DIR), files_of(out)
    assert want, f"no golden files in {GOLDEN_DIR}: run python tests/golden_update.py"
    assert sorted({name.split("/")[0] for name in got}) == sorted(CASES)

    missing, extra = sorted(want.keys() - got.keys()), sorted(got.keys() - want.keys())
    assert not missing and not extra, (
        f"the set of output files changed ({REGENERATE})\n"
        f"  recorded but not generated: {missing}\n  generated but not recorded: {extra}"
    )
    differing = [name for name in sorted(want) if want[name].read_bytes() != got[name].read_bytes()]
    if differing:
        first = differing[0]
        report = _first_difference(first, want[first].read_bytes(), got[first].read_bytes())
        listing = "\n".join(f"  {name}" for name in differing)
        raise AssertionError(
            f"{len(differing)} of {len(want)} golden files differ ({REGENERATE}):\n{listing}\n\n"
            f"first difference: {report}"
        )
