"""The compile stage: ``.po`` -> ``locales/<ll>/LC_MESSAGES/<slug>.mo``, as msgfmt does."""

from __future__ import annotations

from collections.abc import Sequence

from l10n.catalog import mofile
from l10n.errors import L10nError
from l10n.stages.context import Run


def compile_catalogs(run: Run, langs: Sequence[str], *, use_fuzzy: bool = False) -> None:
    """Write ``locales/<ll>/LC_MESSAGES/<slug>.mo`` for every catalog of ``langs``, as msgfmt does.

    Strings are stored as UTF-8; fuzzy entries are left out unless ``use_fuzzy``
    (``l10n.catalog.mofile.compile_catalog``).
    """
    for doc, lang, _path, catalog in run.catalogs(list(dict.fromkeys(langs))):
        try:
            mo = mofile.compile_catalog(catalog, use_fuzzy=use_fuzzy, charset="UTF-8")
            run.write(run.layout.mo(lang, doc.slug), mo)
        except L10nError as exc:
            run.report.fail(exc)


__all__ = ["compile_catalogs"]
