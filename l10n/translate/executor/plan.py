"""Which batches the translate stage will send to the engine: a dry run of ``fill.py``.

A remote executor can only keep several workers busy when it knows the batches ahead of
``fill.py``'s calls, which come one at a time. ``plan_batches`` runs
``l10n.translate.fill.translate_catalog`` itself over copies of a language's catalogs, with a
recording engine that answers every unit with its own (masked) source, and returns the texts
of each first-pass engine call in order. The selection rules (memory, copies, freshness,
grouping, length sort, ``SLICE``) are therefore the ones of the real run, by construction.

Only first-pass calls (the engine's own options) are forecast. The recorder is a plain
``Engine`` without confidence, so the dry run never retries: which outputs ``fill.py`` retries
(``options.for_retry()``) and what ``score`` is asked depend on the real outputs. The proxy
runs each retry pass on demand, and each batch's actor scores that batch's outputs itself.

A plan is a forecast, never trusted for output: the proxy answers a real call only with the
result of a job of exactly the same texts and options, and runs any call the plan missed (a
retry, a memory hit the recording engine could not foresee) when it is asked for.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from l10n.catalog.catalog import Catalog
from l10n.errors import L10nError
from l10n.translate.fill import translate_catalog
from l10n.translate.tm import TranslationMemory


class _Recorder:
    """An ``Engine`` that records each call and answers every text with itself (never scored)."""

    name = "plan"
    model_id = "plan"
    revision = "plan"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Record ``texts``; return them unchanged."""
        self.calls.append(list(texts))
        return list(texts)

    def score(self, sources: Sequence[str], outputs: Sequence[str]) -> list[float]:
        """No confidence (``nan``): the dry run writes no ``conf:``."""
        return [math.nan] * len(sources)


def plan_batches(
    catalogs: Sequence[Catalog],
    memory: Callable[[], TranslationMemory | None],
    *,
    lang: str,
    retranslate_machine: bool = False,
    source_lang: str = "en",
) -> list[list[str]]:
    """Return the texts of every first-pass engine call the translate stage will make, in order.

    Args:
        catalogs: the language's catalogs, in the order the stage translates them (not changed:
            the dry run works on copies).
        memory: builds a fresh translation memory like the stage's (the dry run adds to it),
            or returns None for none.
        lang: BCP 47 target tag.
        retranslate_machine: as ``translate_catalog``'s.
        source_lang: BCP 47 tag of the msgids.

    Returns:
        One list of texts per engine call (at most ``l10n.translate.fill.SLICE`` each). A
        catalog the dry run cannot handle (e.g. an unknown locale) is left out: the real run
        reports it.
    """
    recorder = _Recorder()
    tm = memory()
    for catalog in catalogs:
        try:
            translate_catalog(
                catalog.copy(),
                lambda: recorder,
                lang=lang,
                retranslate_machine=retranslate_machine,
                source_lang=source_lang,
                memory=tm,
            )
        except L10nError:
            continue
    return recorder.calls


__all__ = ["plan_batches"]
