"""The l10n package read as source, never imported: its modules, their imports, their sizes.

Shared by ``test_layering.py`` (import cycles, layering, size limits) and ``test_docs.py``
(module lists in the README and the package docstrings). Everything here parses files with
``ast``; nothing of ``l10n`` is executed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Set
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "l10n"


def modules() -> dict[str, Path]:
    """Every module of the package, dotted name -> file; a package is its ``__init__.py``."""
    out: dict[str, Path] = {}
    for file in sorted(PACKAGE.rglob("*.py")):
        parts = file.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = file
    return out


def packages() -> list[str]:
    """Every package (a folder with ``__init__.py``) under ``l10n``, ``l10n`` itself included."""
    return [name for name, file in modules().items() if file.name == "__init__.py"]


def children(package: str) -> list[str]:
    """The short names of the modules and packages directly inside ``package``, sorted."""
    prefix = package + "."
    return sorted(
        name[len(prefix) :]
        for name in modules()
        if name.startswith(prefix) and "." not in name[len(prefix) :]
    )


@dataclass(frozen=True)
class Import:
    """One import of an l10n module by another.

    Attributes:
        target: the imported l10n module (``from l10n.x import y`` is ``l10n.x.y`` when ``y``
            is a module, else ``l10n.x``).
        local: True when the import statement is inside a function (runs on call, not on import).
        line: 1-based line of the statement.
    """

    target: str
    local: bool
    line: int


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(body: list[ast.stmt], local: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Import statements of ``body`` with whether they sit in a function; ``if TYPE_CHECKING:``
    bodies are left out (they never run)."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, local
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _statements(node.body, True)
        elif isinstance(node, ast.If) and _type_checking(node.test):
            yield from _statements(node.orelse, local)
        else:
            for name in ("body", "orelse", "finalbody", "handlers", "cases"):
                block = getattr(node, name, None)
                if isinstance(block, list):
                    yield from _statements([n for n in block if isinstance(n, ast.stmt)], local)
                    for item in block:  # except handlers and match cases hold statements
                        if isinstance(item, ast.ExceptHandler | ast.match_case):
                            yield from _statements(item.body, local)


def _owner(name: str, known: Mapping[str, Path]) -> str | None:
    """The longest prefix of ``name`` that is a known module."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str) -> list[Import]:
    """The l10n modules ``module`` imports, in source order (third-party imports left out)."""
    known = modules()
    file = known[module]
    package = module if file.name == "__init__.py" else module.rpartition(".")[0]
    out: list[Import] = []
    for node, local in _statements(ast.parse(file.read_text(encoding="utf-8")).body, False):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for name in names:
            target = _owner(name, known) if name.split(".")[0] == "l10n" else None
            if target is not None and target != module:
                out.append(Import(target, local, node.lineno))
    return out


def import_graph(*, local: bool) -> dict[str, set[str]]:
    """Module -> the l10n modules it imports; with ``local``, function-local imports count too."""
    return {m: {i.target for i in imports(m) if local or not i.local} for m in modules()}


def cycles(graph: Mapping[str, Set[str]]) -> list[list[str]]:
    """The import cycles of ``graph``: each strongly connected set of two or more modules, sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan (1972)
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def reachable(graph: Mapping[str, Set[str]], start: str) -> set[str]:
    """Every module ``start`` imports, directly or through others (``start`` left out)."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen and nxt != start:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def functions(file: Path) -> Iterator[tuple[str, int, int]]:
    """``(qualified name, first line, lines)`` of every function in ``file``, nested ones included.

    A function's lines run from its ``def`` to its last line (docstring and body included,
    decorators left out).
    """

    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, int, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = prefix + child.name
                yield name, child.lineno, (child.end_lineno or child.lineno) - child.lineno + 1
                yield from walk(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, prefix + child.name + ".")
            else:
                yield from walk(child, prefix)

    yield from walk(ast.parse(file.read_text(encoding="utf-8")), "")
