"""The check stage: the QA checks (``l10n.checks.registry``, and ``l10n.checks.render.unrenderable``
against the article) on every translated entry -> findings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from l10n.checks.registry import check_catalog
from l10n.checks.render import as_reviewed, unrenderable
from l10n.report import CheckCount, CheckResult
from l10n.stages.context import Run


def check(run: Run, langs: Sequence[str]) -> CheckResult:
    """Run the QA checks on every existing catalog of ``langs``: the findings and per-catalog totals.

    Reads catalogs only; a missing or unreadable catalog is an error in the report.
    """
    result = CheckResult()
    glossary = run.glossary()
    for doc, lang, path, catalog in run.catalogs(langs):
        rel = run.cfg.rel(path)
        found = check_catalog(
            catalog, path=rel, lang=lang, glossary=glossary, src_lang=run.cfg.source_language
        )
        found = as_reviewed(found, catalog.entries()) + unrenderable(doc, catalog.entries(), path=rel)
        result.issues.extend(found)
        states = Counter(e.state for e in catalog.entries())
        result.counts.append(
            CheckCount(
                path=rel,
                errors=sum(1 for i in found if i.severity == "error"),
                warnings=sum(1 for i in found if i.severity == "warning"),
                reviewed=states["reviewed"],
                machine=states["machine"] + states["fuzzy"],
                untranslated=states["untranslated"],
            )
        )
    return result


__all__ = ["check"]
