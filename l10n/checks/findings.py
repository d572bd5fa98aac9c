"""A catalog's findings as ``l10n check`` reports them: one function for the check stage, the
review queue and the review page, so all three grade an entry alike (README "Checks", "The queue").

No I/O.
"""

from __future__ import annotations

from l10n.catalog.catalog import Catalog
from l10n.checks.registry import check_catalog
from l10n.checks.render import as_reviewed, unrenderable
from l10n.glossary import Glossary
from l10n.model import Document, Issue

MISSING = "catalog-missing"
"""Code of the warning for an article's catalog not created yet (before ``l10n update``)."""


def findings(
    doc: Document, catalog: Catalog, *, path: str, lang: str, glossary: Glossary | None, src_lang: str
) -> list[Issue]:
    """The check issues of ``catalog`` (``doc`` in ``lang``), graded as ``l10n check`` reports them.

    ``check_catalog`` (header and pair checks), with a reviewed entry's error-level pair checks
    shown as warnings (``as_reviewed``: the build publishes it anyway, README "Checks"), then one
    ``unrenderable`` error per reviewed entry whose placeholders do not fit ``doc``'s markup.

    Args:
        doc: the article the catalog translates.
        catalog: the parsed catalog.
        path: the project-relative name the issues carry.
        lang: BCP 47 tag of the catalog's language.
        glossary: the termbase, or None.
        src_lang: the source language (``Config.source_language``).

    Returns:
        ``Issue`` values: the catalog checks in check order, then the ``unrenderable`` ones.
    """
    entries = catalog.entries()
    found = check_catalog(catalog, path=path, lang=lang, glossary=glossary, src_lang=src_lang)
    return as_reviewed(found, entries) + unrenderable(doc, entries, path=path)


def missing_catalog(path: str) -> Issue:
    """The warning for ``path``, a catalog not created yet: its article is untranslated work, not
    bad input (README "Checks"); the header-less ``path: warning: ...`` form (line 0)."""
    return Issue(path, 0, "warning", MISSING, "no catalog yet: run `l10n update`")


__all__ = ["MISSING", "findings", "missing_catalog"]
