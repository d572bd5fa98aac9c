"""l10n: localize news articles through gettext catalogs and MarianMT.

The library API, one name per step of the pipeline (the ``l10n`` command is built on it)::

    load_document      source/<slug>.txt|.md|.html -> Document (skeleton + translation units)
    make_template      Document -> template Catalog (the .pot)
    Catalog            a catalog value; ``Catalog.update(template)`` merges with msgmerge semantics
    parse_po, render_po  PO text <-> Catalog (GNU layout)
    make_engine        Config + language -> MT engine (``Engine``: translate(texts) -> list[str])
    translate_catalog  fill a catalog's empty entries through an engine
    check_pair         QA checks of one source/translation pair -> [Issue]
    load_config, Config, DecodingOptions, L10nError, __version__

Names are imported on first use (PEP 562 ``__getattr__``), so ``import l10n`` stays light:
no torch, no transformers, no ctranslate2.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
"""The package version (PEP 440)."""

_LAZY: dict[str, str] = {
    "load_document": "l10n.formats.source",
    "make_template": "l10n.catalog.catalog",
    "Catalog": "l10n.catalog.catalog",
    "parse_po": "l10n.catalog.pofile",
    "render_po": "l10n.catalog.pofile",
    "make_engine": "l10n.mt.factory",
    "Engine": "l10n.mt",
    "DecodingOptions": "l10n.options",
    "translate_catalog": "l10n.translate.fill",
    "check_pair": "l10n.checks.registry",
    "load_config": "l10n.config",
    "Config": "l10n.config",
    "L10nError": "l10n.errors",
}
"""Public name -> the module that defines it."""

_ALIASES = {"parse_po": "parse", "render_po": "render"}
"""Public names that differ from the name in their module."""

if TYPE_CHECKING:
    from l10n.catalog.catalog import Catalog, make_template
    from l10n.catalog.pofile import parse as parse_po
    from l10n.catalog.pofile import render as render_po
    from l10n.checks.registry import check_pair
    from l10n.config import Config, load_config
    from l10n.errors import L10nError
    from l10n.formats.source import load_document
    from l10n.mt import Engine
    from l10n.mt.factory import make_engine
    from l10n.options import DecodingOptions
    from l10n.translate.fill import translate_catalog

__all__ = [
    "Catalog",
    "Config",
    "DecodingOptions",
    "Engine",
    "L10nError",
    "__version__",
    "check_pair",
    "load_config",
    "load_document",
    "make_engine",
    "make_template",
    "parse_po",
    "render_po",
    "translate_catalog",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562).

    Raises:
        AttributeError: ``name`` is not part of the public API.
    """
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'l10n' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), _ALIASES.get(name, name))
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    """The module's own names plus the lazily imported public ones."""
    return sorted({*globals(), *__all__})
