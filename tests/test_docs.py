"""Docs that cannot drift (issue 18): module lists and the check table, compared with the code.

- The README's module map (the table under "Layout of `l10n/`") names every module of
  ``l10n/`` and nothing that is gone. A row's first column names files (``catalog/tmx.py``) or a
  package folder (``translate/executor/``, which stands for its ``__init__.py``, with the
  package's modules named as ``x.py`` in the row's second column). An ``__init__.py`` that holds
  only a docstring needs no row; a data folder (``publish/templates/``) must exist.
- Every package's ``__init__.py`` docstring lists each module and subpackage directly inside it,
  one bullet each (``- ``name``: job``; a bullet may name several, ``- ``a`` and ``b``: ...``).
- The tables in ``l10n.checks.registry``'s docstring have one row per check code and severity
  the checks emit, read from the source: every ``Issue(...)`` / ``p.issue(...)`` call under
  ``l10n/checks/``, the code being the argument after the severity.

Modules are discovered on disk (``tests/codebase.py``), so a new module fails these tests until
its line is written.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from codebase import PACKAGE, ROOT, children, modules, packages

SEVERITIES = frozenset({"error", "warning"})


# ---- README module map -------------------------------------------------------------------------


def _readme_rows() -> list[tuple[str, str]]:
    """(first column, second column) of each row of the README's module map."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("Layout of `l10n/`")
    rows: list[tuple[str, str]] = []
    for line in text[start:].splitlines()[1:]:
        if rows and not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 2 and not set(cells[0]) <= {"-"} and cells[0] != "module":
            rows.append((cells[0], cells[1]))
    return rows


def readme_modules() -> set[str]:
    """The files under ``l10n/`` the module map names, as paths relative to ``l10n/``."""
    named: set[str] = set()
    for first, second in _readme_rows():
        for path in re.findall(r"`([^`]+)`", first):
            if path.endswith("/"):  # a package (its __init__.py) or a data folder (templates/)
                package = (PACKAGE / path / "__init__.py").is_file()
                if package or not (PACKAGE / path).is_dir():
                    named.add(path + "__init__.py" if package else path)
                named |= {path + name for name in re.findall(r"`([\w]+\.py)`", second)}
            else:
                named.add(path)
    return named


def _docstring_only(file: Path) -> bool:
    body = ast.parse(file.read_text(encoding="utf-8")).body
    return len(body) == 1 and ast.get_docstring(ast.Module(body=body, type_ignores=[])) is not None


def disk_modules() -> set[str]:
    """Every ``.py`` file under ``l10n/`` (relative), less the ``__init__.py`` files that hold only
    a docstring (``l10n/__init__.py`` holds the API, so it counts)."""
    return {
        file.relative_to(PACKAGE).as_posix()
        for file in modules().values()
        if not (file.name == "__init__.py" and file.parent != PACKAGE and _docstring_only(file))
    }


def test_readme_module_map_lists_every_module() -> None:
    named, on_disk = readme_modules(), disk_modules()
    assert len(named) > 40  # the table was found and read
    missing, gone = sorted(on_disk - named), sorted(named - on_disk)
    assert missing == [], f"modules missing from the README's module map: {missing}"
    assert gone == [], f"README module map rows for files that are gone: {gone}"


# ---- package docstrings ------------------------------------------------------------------------


def docstring_modules(package: str) -> set[str]:
    """The module names the bullets of ``package``'s docstring list (``.py`` and the package
    prefix dropped: ``queue.py`` and ``l10n.review.queue`` are ``queue``)."""
    file = modules()[package]
    doc = ast.get_docstring(ast.parse(file.read_text(encoding="utf-8"))) or ""
    names: set[str] = set()
    for line in doc.splitlines():
        if line.startswith("- "):
            head = line[2:].split(": ", 1)[0]
            for name in re.findall(r"``([^`]+)``", head):
                name = name.removeprefix(package + ".").removesuffix(".py")
                names.add(name)
    return names


def test_every_package_docstring_lists_its_modules() -> None:
    wrong: dict[str, dict[str, list[str]]] = {}
    for package in packages():
        if package == "l10n":  # the top-level map is the README's (test above)
            continue
        listed, inside = docstring_modules(package), set(children(package))
        if listed != inside:
            wrong[package] = {"missing": sorted(inside - listed), "gone": sorted(listed - inside)}
    assert wrong == {}, f"package docstrings that do not list their modules: {wrong}"


# ---- the check table ---------------------------------------------------------------------------


def _strings(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _values(arg: ast.expr, function: ast.AST | None) -> set[str]:
    """The strings an argument can be: a constant, either side of ``a if c else b``, or what a local
    name is assigned in the enclosing function (``code = "..."``, ``sev = "warning" if ... else "error"``)."""
    if isinstance(arg, ast.Constant | ast.IfExp):
        return _strings(arg)
    if isinstance(arg, ast.Name) and function is not None:
        found: set[str] = set()
        for node in ast.walk(function):
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            else:
                continue
            if any(isinstance(t, ast.Name) and t.id == arg.id for t in targets):
                found |= _strings(value)
        return found
    return set()


def emitted_codes(source: str) -> set[tuple[str, str]]:
    """``(code, severity)`` of every ``Issue(...)`` or ``*.issue(...)`` call in Python ``source``."""
    found: set[tuple[str, str]] = set()

    def visit(node: ast.AST, function: ast.AST | None) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            if isinstance(child, ast.Call):
                func = child.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in ("issue", "Issue"):
                    values = [_values(a, function) for a in child.args]
                    at = next((i for i, v in enumerate(values) if v and v <= SEVERITIES), None)
                    if at is not None and at + 1 < len(values):
                        found.update((code, sev) for code in values[at + 1] for sev in values[at])
            visit(child, inner)

    visit(ast.parse(source), None)
    return found


def documented_codes() -> set[tuple[str, str]]:
    """``(code, severity)`` rows of the tables in ``l10n.checks.registry``'s docstring."""
    file = PACKAGE / "checks" / "registry.py"
    doc = ast.get_docstring(ast.parse(file.read_text(encoding="utf-8"))) or ""
    rows = re.findall(r"^([a-z][a-z0-9-]*)\s+(error|warning)\s", doc, flags=re.MULTILINE)
    return {(code, severity) for code, severity in rows}


def test_check_table_lists_every_code_and_severity() -> None:
    emitted: set[tuple[str, str]] = set()
    for file in sorted((PACKAGE / "checks").glob("*.py")):
        emitted |= emitted_codes(file.read_text(encoding="utf-8"))
    assert len(emitted) > 15  # the calls were found
    documented = documented_codes()
    lacking, extra = sorted(emitted - documented), sorted(documented - emitted)
    assert lacking == [], f"codes the checks emit that the registry table lacks: {lacking}"
    assert extra == [], f"registry table rows no check emits: {extra}"


def test_the_code_reader_resolves_variables() -> None:
    source = """
def check(p, same):
    code = "x-code"
    sev: Severity = "warning" if same else "error"
    return [p.issue(sev, code, "m"), Issue("f", 1, "error", "y-code", f"{code}")]
"""
    assert emitted_codes(source) == {("x-code", "warning"), ("x-code", "error"), ("y-code", "error")}
