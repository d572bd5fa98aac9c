"""Layering of the l10n package (issue 18): no import cycle, light imports, size limits.

The imports are read from the source with ``ast`` (``tests/codebase.py``), nothing is executed,
except one subprocess that imports ``l10n.project`` and lists what got loaded.

How imports count:

- ``if TYPE_CHECKING:`` blocks are left out: they never run and only name types.
- Function-local imports (an ``import`` inside a function body) are checked twice: the first
  test ignores them (only what runs when a module is imported), the second counts them too. A
  function-local import exists to defer a heavy third-party library (torch, Ray), never to hide
  a cycle between two l10n modules, so both must pass.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from codebase import ROOT, cycles, functions, import_graph, imports, modules, reachable

from l10n import provenance
from l10n.catalog import pofile

HEAVY = ("lxml", "markdown_it", "pysbd", "ruamel")
"""Parser libraries that reading the project layout must not load (``l10n.project``)."""

MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60
"""Size limits under ``l10n/`` (issue 18, the project's rules of the craft); docstrings count."""


def test_no_import_cycle_among_l10n_modules() -> None:
    assert cycles(import_graph(local=False)) == []


def test_no_import_cycle_even_through_function_local_imports() -> None:
    assert cycles(import_graph(local=True)) == []


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_walker_sees_imports_at_every_level() -> None:
    """The graph is not empty by mistake: known edges of today's tree are found where they are."""
    config = {i.target: i.local for i in imports("l10n.config")}
    assert config["l10n.errors"] is False
    assert config["l10n.options"] is False
    layout = {i.target: i.local for i in imports("l10n.layout")}
    assert layout["l10n.formats.suffixes"] is False
    assert len(modules()) > 60


def test_model_imports_nothing_from_provenance() -> None:
    assert [i for i in imports("l10n.model") if i.target == "l10n.provenance"] == []


def test_config_imports_nothing_from_mt_or_translate() -> None:
    stages = ("l10n.mt", "l10n.translate")
    direct = [i for i in imports("l10n.config") if i.target.startswith(stages)]
    assert direct == []
    through = sorted(m for m in reachable(import_graph(local=True), "l10n.config") if m.startswith(stages))
    assert through == []


def test_import_project_loads_no_parser(tmp_path: Path) -> None:
    code = (
        "import json, sys; import l10n.project; "
        "print(json.dumps({'file': l10n.__file__, 'modules': sorted(sys.modules)}))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    loaded = json.loads(done.stdout)
    assert Path(loaded["file"]).parent.parent == ROOT  # this tree, not an installed copy
    assert "l10n.project" in loaded["modules"]
    assert sorted(m for m in loaded["modules"] if m.split(".")[0] in HEAVY) == []


ENTRY_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

# {line}
#, fuzzy
#| msgid "Old ties."
msgid "Ties."
msgstr "Quan hệ."
"""


def test_entry_provenance_is_read_once_where_entries_are_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Entry.state`` reads fields; the provenance comment is parsed once, by ``make_entry``."""
    line = provenance.format_provenance(
        "marian", "m", "r", "Quan hệ.", fields=[(provenance.FIELD_SOURCE, provenance.short_hash("Ties."))]
    )
    catalog = pofile.parse(ENTRY_PO.format(line=line), "vi.po")
    calls: list[str] = []
    real = provenance.parse_provenance

    def spy(comment: str) -> provenance.Provenance | None:
        calls.append(comment)
        return real(comment)

    monkeypatch.setattr(provenance, "parse_provenance", spy)
    (entry,) = catalog.entries()
    assert len(calls) == 1
    assert [entry.state for _ in range(50)] == ["machine"] * 50
    assert len(calls) == 1
    assert entry.machine and entry.fresh
    assert entry.provenance is not None and entry.provenance.engine == "marian"

    def made(comment: str) -> tuple[bool, bool, bool, str]:
        e = provenance.make_entry("Ties.", "Quan hệ.", fuzzy=True, previous_msgid="Old.", tcomment=comment)
        return e.machine, e.provenance is not None, e.fresh, e.state

    older = provenance.format_provenance(
        "marian", "m", "r", "Quan hệ.", fields=[(provenance.FIELD_SOURCE, provenance.short_hash("Old."))]
    )
    assert made(older) == (True, True, False, "fuzzy")  # made for the older msgid
    assert made("l10n-mt: ?") == (True, False, False, "fuzzy")  # machine, but unreadable
    assert made("a translator's note") == (False, False, False, "fuzzy")


def _size_offenders() -> list[str]:
    out: list[str] = []
    for file in modules().values():
        rel = file.relative_to(ROOT)
        count = len(file.read_text(encoding="utf-8").splitlines())
        if count > MAX_MODULE_LINES:
            out.append(f"{rel}: module of {count} lines (> {MAX_MODULE_LINES})")
        for function, first, lines in functions(file):
            if lines > MAX_FUNCTION_LINES:
                out.append(f"{rel}:{first}: {function} is {lines} lines (> {MAX_FUNCTION_LINES})")
    return out


def test_size_limits_no_module_over_450_lines_no_function_over_60() -> None:
    offenders = _size_offenders()
    print("\n".join(offenders))
    assert offenders == []
