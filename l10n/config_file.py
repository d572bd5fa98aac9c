"""Find and read the project's configuration file: ``[tool.l10n]`` of pyproject.toml, or l10n.toml.

Only the file: which one holds the configuration, its TOML parsed (``tomllib``), and the line a
key stands on for error messages. What the keys mean and which values are valid is
``l10n.config``.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from l10n.errors import ConfigError

CONFIG_FILES = ("pyproject.toml", "l10n.toml")
"""The files that may hold the configuration, in the order they are looked for (only one may)."""


def line_of(text: str, key: str) -> int | None:
    """Best-effort 1-based line of ``key = ...`` or ``[...key]`` in TOML ``text``; None if not found.

    tomllib gives no positions, so the first line that assigns ``key`` or opens a table named
    by it is taken.
    """
    pat = re.compile(rf"^\s*(?:{re.escape(key)}\s*=|\[[^\]]*\b{re.escape(key)}\])")
    for i, line in enumerate(text.splitlines(), 1):
        if pat.match(line):
            return i
    return None


MAX_INTEGER = 2**63 - 1
"""The largest integer magnitude a configuration value may have (TOML's own 64-bit range)."""


def _read(file: Path) -> tuple[dict[str, Any] | None, str]:
    try:
        text = file.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        # "(at end of document)": tomllib names no line; the last line is where the file stops
        line = int(m.group(1)) if m else max(1, len(text.splitlines()))
        raise ConfigError(f"invalid TOML: {exc}", path=file.name, line=line) from exc
    except RecursionError as exc:  # tomllib recurses once per nested array or inline table
        raise ConfigError("invalid TOML: arrays or tables nested too deeply", path=file.name) from exc
    except UnicodeDecodeError as exc:  # before ValueError, its base class
        line = exc.object[: exc.start].count(b"\n") + 1
        message = f"cannot read: not valid UTF-8 ({exc.reason})"
        raise ConfigError(message, path=file.name, line=line) from exc
    except ValueError as exc:  # int() of more digits than Python converts (sys.int_info)
        raise ConfigError(f"invalid TOML: {exc}", path=file.name) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", path=file.name) from exc
    _check_integers(data, file, text)
    if file.name == "pyproject.toml":
        return data.get("tool", {}).get("l10n"), text
    return data, text


def find_root(start: Path) -> Path | None:
    """The project folder that ``start`` lies in: the nearest folder at or above ``start`` with
    an ``l10n.toml``, or a ``pyproject.toml`` holding ``[tool.l10n]``, as git finds its repository.

    A ``pyproject.toml`` without ``[tool.l10n]`` is passed over (the search goes on upward); the
    first folder that matches ends the search.

    Returns:
        The folder (absolute, resolved), or None when no folder up to the file system root matches.

    Raises:
        ConfigError: a ``pyproject.toml`` on the way is not valid TOML (it may be the project's own).
    """
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "l10n.toml").is_file():
            return folder
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _read(pyproject)[0] is not None:
            return folder
    return None


def _check_integers(data: dict[str, Any], file: Path, text: str) -> None:
    """Raise ConfigError for an integer outside TOML's 64-bit range (a 4,000-digit number).

    TOML 1.0 requires integers to fit 64 bits; ``tomllib`` accepts any size, and a huge one
    would later fail where it is used (as a float: ``OverflowError``). Walked without recursion
    (the parsed data may be nested as deep as ``tomllib`` allows).
    """
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.items())
        elif isinstance(value, list):
            stack.extend((key, item) for item in value)
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
            raise ConfigError(
                f"{key}: integer out of range (TOML integers are 64-bit)",
                path=file.name,
                line=line_of(text, key) if key else None,
            )


def find_config(root: Path) -> tuple[Path, dict[str, Any], str]:
    """Locate and read the configuration under ``root``.

    Returns:
        (file, the l10n table, the file's text).

    Raises:
        ConfigError: no configuration, both files carry l10n configuration, or a file is not
            valid TOML.
    """
    found: list[tuple[Path, dict[str, Any], str]] = []
    for name in CONFIG_FILES:
        file = root / name
        if file.is_file():
            table, text = _read(file)
            if table is not None:
                found.append((file, table, text))
    if len(found) > 1:
        raise ConfigError(
            f"l10n configuration in both {found[0][0].name} ([tool.l10n]) and {found[1][0].name}: keep one",
            path=found[1][0].name,
        )
    if not found:
        raise ConfigError(
            "no l10n configuration here: run l10n from the project root (the folder with "
            "pyproject.toml [tool.l10n] or l10n.toml)",
            path=root,
        )
    return found[0]


__all__ = ["CONFIG_FILES", "MAX_INTEGER", "find_config", "find_root", "line_of"]
