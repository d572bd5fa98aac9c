"""``build``: every stage in order over one run (extract, update, translate, check, compile, publish)."""

from __future__ import annotations

from collections.abc import Sequence

from l10n.report import BuildResult, PublishOptions, TranslateOptions
from l10n.stages.check import check
from l10n.stages.compile import compile_catalogs
from l10n.stages.context import Run
from l10n.stages.extract import extract
from l10n.stages.publish import publish
from l10n.stages.translate import translate
from l10n.stages.update import update


def build(run: Run, langs: Sequence[str], topts: TranslateOptions, popts: PublishOptions) -> BuildResult:
    """The whole pipeline: extract, update, translate, check, compile (over the run's articles), publish
    (over every article).

    Each stage hands the next the catalogs it wrote (``Run.store``), so each file is parsed at
    most once. The checks are advisory here: ``BuildResult.checked`` is counted, not a gate
    (``l10n check`` is the gate).
    """
    extract(run)
    update(run, langs)
    translated = translate(run, langs, topts)
    checked = check(run, langs)
    compile_catalogs(run, langs, use_fuzzy=popts.use_fuzzy)
    publish(run.every_article(), langs, popts)  # the index describes every article
    return BuildResult(translated, checked)


__all__ = ["build"]
