"""The compile stage: ``.po`` -> ``locales/<ll>/LC_MESSAGES/<slug>.mo``, as msgfmt does.

A ``.mo`` file is a function of its catalog's bytes and ``use_fuzzy`` alone: once written (or
found) from them, the same catalog and ``.mo`` bytes are noted (``l10n.stages.unchanged``; one
table write a run) and a later run keeps the file without parsing the catalog.
"""

from __future__ import annotations

from collections.abc import Sequence

from l10n.catalog import mofile
from l10n.errors import L10nError
from l10n.project import read_snapshot
from l10n.stages.context import Run
from l10n.stages.unchanged import known, remember


def compile_catalogs(run: Run, langs: Sequence[str], *, use_fuzzy: bool = False) -> None:
    """Write ``locales/<ll>/LC_MESSAGES/<slug>.mo`` for every catalog of ``langs``, as msgfmt does.

    Strings are stored as UTF-8; fuzzy entries are left out unless ``use_fuzzy``
    (``l10n.catalog.mofile.compile_catalog``).
    """
    fuzzy = "fuzzy" if use_fuzzy else ""
    for doc in run.documents():
        for lang in dict.fromkeys(langs):
            path, mo = run.layout.po(lang, doc.slug), run.layout.mo(lang, doc.slug)
            try:
                snap = read_snapshot(path, run.cfg.rel(path))
            except L10nError:
                snap = None  # catalog_of reports it
            inputs = ("compile", fuzzy, snap.data) if snap and snap.exists else ()
            if inputs and known(run, mo, *inputs) is None:
                continue  # the same catalog and .mo as a run that wrote or kept it
            loaded = run.catalog_of(doc, lang)
            if loaded is None or loaded.catalog is None:
                continue
            try:
                data = mofile.compile_catalog(loaded.catalog, use_fuzzy=use_fuzzy, charset="UTF-8")
                if run.write(mo, data):
                    remember(run, mo, ("compile", fuzzy, loaded.snap.data), data)
            except L10nError as exc:
                run.report.fail(exc)
    run.memo.save()


__all__ = ["compile_catalogs"]
