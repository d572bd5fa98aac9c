"""The ``local`` executor: the engine runs in this process, one batch after the other.

It is ``l10n.mt.factory.make_engine`` itself (looked up at call time, so tests can replace it);
``fill.py`` calls its ``translate_outputs`` once per batch of ``SLICE`` units (again with the
retry options for the outputs that failed) and its ``score`` for their confidence.
"""

from __future__ import annotations

from l10n.config import Config
from l10n.mt import Engine
from l10n.mt import factory as mt_factory


def make_local_engine(
    cfg: Config, lang: str, *, model: str | None = None, engine: str | None = None
) -> Engine:
    """Build the engine for ``lang`` in this process (``l10n.mt.factory.make_engine``; same errors)."""
    return mt_factory.make_engine(cfg, lang, model=model, engine=engine)


__all__ = ["make_local_engine"]
