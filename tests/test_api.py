"""The public library API in ``l10n.__all__``, and what importing the package and the CLI loads."""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import subprocess
import sys

import pytest

import l10n


def test_all_is_sorted_and_has_no_duplicates() -> None:
    assert l10n.__all__ == sorted(set(l10n.__all__))


@pytest.mark.parametrize("name", l10n.__all__)
def test_each_public_name_resolves_is_documented_and_listed(name: str) -> None:
    value = getattr(l10n, name)
    assert name in dir(l10n)
    if name == "__version__":
        assert value == importlib.metadata.version("l10n")
        return
    assert inspect.getdoc(value), f"{name} has no docstring"
    module = l10n._LAZY[name]
    assert value is getattr(importlib.import_module(module), l10n._ALIASES.get(name, name))
    assert value.__module__ == module, f"{name} is defined in {value.__module__}, the mapping says {module}"


def test_every_lazy_name_is_public() -> None:
    assert set(l10n._LAZY) == set(l10n.__all__) - {"__version__"}


def test_unknown_names_are_attribute_errors() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        l10n.nope  # noqa: B018


@pytest.mark.parametrize("module", ["l10n", "l10n.cli"])
def test_importing_loads_no_model_runtime(module: str) -> None:
    heavy = ("torch", "transformers", "ctranslate2", "huggingface_hub", "ray")
    code = f"import sys, {module}; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
