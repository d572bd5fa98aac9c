"""The check stage: the QA checks (``l10n.checks.registry``, and ``l10n.checks.render.unrenderable``
against the article) on every translated entry -> findings.

What the checks found in a catalog is kept in ``.l10n/cache/check.json`` (``l10n.cache.Table``),
keyed by everything the findings are made of: the catalog's bytes and project-relative name,
its language, the article's cache key (its bytes and segmentation settings: ``unrenderable``
reads its units), the glossary's bytes, the config (as loaded, and its file's bytes) and l10n's
code (``memo_key``). An unchanged catalog is then neither parsed nor checked again; the
findings come back as they were found, in the same order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from l10n.cache import Table, issue_rows, issues_of, memo_key
from l10n.catalog.catalog import Catalog
from l10n.checks.findings import findings, missing_catalog
from l10n.errors import L10nError
from l10n.glossary import Glossary
from l10n.model import Document, Issue
from l10n.project import file_state
from l10n.report import CheckCount, CheckResult
from l10n.stages.context import Run
from l10n.stages.unchanged import file_bytes

Found = tuple[list[Issue], CheckCount]
"""One catalog's findings (in report order) and totals."""


def check(run: Run, langs: Sequence[str]) -> CheckResult:
    """Run the QA checks on every existing catalog of ``langs``: the findings and per-catalog totals.

    Reads catalogs only (a catalog whose findings are cached is not parsed). An unreadable
    catalog is an error in the report; a missing one (not created yet: before ``l10n update``)
    is a ``catalog-missing`` warning among the findings, its article's units counted untranslated
    (``l10n status`` counts them so too), never cached.
    """
    result = CheckResult()
    shared = _settings(run)  # read before the glossary is loaded: a later edit never meets old findings
    glossary = run.glossary()
    cache = run.table("check")
    for doc in run.documents():
        doc_key = run.doc_keys.get(doc.slug, "")
        for lang in langs:
            path = run.layout.po(lang, doc.slug)
            rel = run.cfg.rel(path)
            if not path.exists():  # not started yet: a normal state, not bad input
                issues, count = _missing(doc, rel)
                result.issues.extend(issues)
                result.counts.append(count)
                continue
            found = (
                _cached(cache, rel, _key(shared, doc_key, lang, rel, file_bytes(run, path)))
                if doc_key
                else None
            )
            if found is None:
                loaded = run.catalog_of(doc, lang)
                if loaded is None or loaded.catalog is None:
                    continue
                found = _checks(run, doc, lang, rel, loaded.catalog, glossary)
                if doc_key:
                    cache.put(rel, _key(shared, doc_key, lang, rel, loaded.snap.data), _encode(found))
            result.issues.extend(found[0])
            result.counts.append(found[1])
    cache.save()
    return result


def _missing(doc: Document, rel: str) -> Found:
    """The findings of ``doc``'s catalog ``rel`` not created yet: one ``catalog-missing`` warning;
    each unit (a distinct msgctxt/msgid, as its catalog will hold it) counted untranslated."""
    units = len({(s.context, s.text) for s in doc.segments})
    return [missing_catalog(rel)], CheckCount(rel, 0, 1, 0, 0, units)


def _checks(
    run: Run, doc: Document, lang: str, rel: str, catalog: Catalog, glossary: Glossary | None
) -> Found:
    """Check one parsed catalog (``l10n.checks.findings.findings``: reviewed entries' errors as
    warnings, then ``unrenderable``) and count its entries by state."""
    found = findings(doc, catalog, path=rel, lang=lang, glossary=glossary, src_lang=run.cfg.source_language)
    states = Counter(e.state for e in catalog.entries())
    count = CheckCount(
        path=rel,
        errors=sum(1 for i in found if i.severity == "error"),
        warnings=sum(1 for i in found if i.severity == "warning"),
        reviewed=states["reviewed"],
        machine=states["machine"] + states["fuzzy"],
        untranslated=states["untranslated"],
    )
    return found, count


def _settings(run: Run) -> str:
    """What every catalog's findings depend on besides the catalog and its article: the config
    (``repr``: the source language, the glossary's path...), the glossary's and the config file's
    bytes, as one text."""
    parts = [repr(run.cfg)]
    for path in (run.cfg.glossary, run.cfg.file):
        if path is None:
            parts.append("none")
            continue
        try:
            parts.append(f"{path}:{file_state(path)}")
        except L10nError:
            parts.append(f"{path}:unreadable")
    return "\n".join(parts)


def _key(shared: str, doc_key: str, lang: str, rel: str, data: bytes | None) -> str:
    return "" if data is None else memo_key("check", shared, doc_key, lang, rel, data)


def _encode(found: Found) -> object:
    issues, c = found
    count = [c.path, c.errors, c.warnings, c.reviewed, c.machine, c.untranslated]
    return {"issues": issue_rows(issues), "count": count}


def _cached(cache: Table, rel: str, key: str) -> Found | None:
    """The findings of ``rel`` kept with ``key`` (``_encode``), or None: none, or not of that shape."""
    value = cache.get(rel, key) if key else None
    if not isinstance(value, dict):
        return None
    issues, count = issues_of(value.get("issues")), value.get("count")
    if issues is None or not (isinstance(count, list) and len(count) == 6 and isinstance(count[0], str)):
        return None
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in count[1:]):
        return None
    return issues, CheckCount(count[0], *count[1:])


__all__ = ["check"]
