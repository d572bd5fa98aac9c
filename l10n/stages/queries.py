"""The read-only queries over a project: ``status``, ``review_queue`` and ``edits``. They write nothing.

Each query imports what only it uses when it runs: ``l10n status`` loads neither the checks,
the review queue, nor the publishing stage (issue 22: start-up).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from l10n.errors import L10nError
from l10n.publish.policy import policy_of
from l10n.report import PublishOptions
from l10n.stages.context import Run
from l10n.status import CatalogStatus, catalog_status, missing_status

if TYPE_CHECKING:  # the checks and the review modules are imported by the query that uses them
    from l10n.review.edits import EditStats
    from l10n.review.queue import QueueItem


def status(run: Run, langs: Sequence[str]) -> list[CatalogStatus]:
    """Per article x language counts; an absent catalog is ``missing``, an unreadable one an error.

    ``percent_complete`` is ``Localized.completion`` (``Run.localized``) under the configured
    publishing policy: the figure the index shows and ``min_complete`` compares.
    """
    general = policy_of(run.cfg, PublishOptions())
    glossary = run.glossary()
    policies = {lang: general.for_language(lang, glossary, run.cfg.source_language) for lang in langs}
    statuses = []
    for doc in run.documents():
        for lang in langs:
            path = run.layout.po(lang, doc.slug)
            if not path.exists():  # not started yet: a normal state, not an error
                statuses.append(missing_status(doc.slug, lang, [s.text for s in doc.segments]))
                continue
            try:
                catalog = run.store.catalog(path, "catalog missing: run `l10n update`")
            except L10nError as exc:
                run.report.fail(exc)
                continue
            loc = run.localized(doc, lang, catalog, policies[lang])
            changed = set(loc.entries) != {(s.context, s.text) for s in doc.segments}
            entries = catalog.entries(include_obsolete=True)
            pct = loc.completion()
            statuses.append(
                catalog_status(doc.slug, lang, entries, source_changed=changed, percent_complete=pct)
            )
    return statuses


def review_queue(run: Run, langs: Sequence[str]) -> list[QueueItem]:
    """The entries of ``langs``' catalogs that need a person, in queue order (``l10n.review.queue``).

    The findings are the check stage's (``l10n.stages.check.check``: graded as ``l10n check``
    reports them, and kept in its cache), so the queue lists what ``l10n check`` calls an error.
    A catalog not created yet is a normal state: its article's units are listed as
    ``untranslated`` (``missing_items``) and its ``catalog-missing`` warning goes into the
    report; an unreadable catalog is an error in the report.
    """
    from l10n.checks.findings import MISSING
    from l10n.review.queue import build_queue, missing_items
    from l10n.stages.check import check

    found = check(run, langs)
    catalogs = [(run.cfg.rel(path), catalog) for _, _, path, catalog in run.catalogs(langs, quiet=True)]
    missing = {i.path for i in found.issues if i.code == MISSING}
    run.report.warnings += [i for i in found.issues if i.code == MISSING]
    places = ((run.cfg.rel(run.layout.po(lang, doc.slug)), doc) for doc in run.documents() for lang in langs)
    unmade = [item for rel, doc in places if rel in missing for item in missing_items(rel, doc)]
    return build_queue(catalogs, found.issues, unmade)


def edits(run: Run, langs: Sequence[str]) -> list[EditStats]:
    """What reviewers changed in the machine output, per language and model (``l10n.review.edits``).

    Reads each language's catalogs and ``locales/<ll>/mt-memory.tmx``; a language without
    the memory has nothing to compare and gives no row.
    """
    from l10n.review.edits import edit_stats, reviewed_pairs

    pairs = []
    for lang in langs:
        loaded = run.read_mt_memory(lang)
        if loaded is None or not loaded[0].exists:
            continue
        records = loaded[1].records
        entries = (e for *_, catalog in run.catalogs([lang]) for e in catalog.entries())
        pairs += reviewed_pairs(lang, records, entries)
    return edit_stats(pairs)


__all__ = ["edits", "review_queue", "status"]
