"""The extract stage: ``source/<slug>.txt|.md|.html`` -> ``locales/<slug>.pot`` (the template)."""

from __future__ import annotations

import functools

from l10n.catalog.store import Loaded
from l10n.catalog.template import make_template
from l10n.errors import CatalogError, L10nError
from l10n.model import Document, Issue
from l10n.stages.context import Run
from l10n.stages.unchanged import known, settle


def extract(run: Run) -> list[Document]:
    """Write ``locales/<slug>.pot`` for every article; return the documents.

    A template the article gives unchanged is left as it is (bytes and time). A template
    that cannot be read is generated output: it is remade, with one ``template-regenerated``
    warning. An article's failure goes into the report and the others go on.
    """
    docs = run.documents()
    for doc in docs:
        path = run.layout.pot(doc.slug)
        inputs = ("extract", run.doc_keys.get(doc.slug, ""), run.cfg.project_id or "")
        key = known(run, path, *inputs) if inputs[1] else ""
        if key is None:
            continue  # the same article and template as a run that left it unchanged
        before = len(run.report.warnings), len(run.report.errors)
        try:
            try:
                loaded = run.store.read(path)
                damage: CatalogError | None = None
            except CatalogError as exc:  # a template is generated output: remade, with a warning
                loaded, damage = run.store.unparsed(path), exc
            template = make_template(doc, project_id=run.cfg.project_id, previous=loaded.catalog)
            if damage is not None:
                run.report.warnings.append(_regenerated(loaded.rel, damage))
            if template is loaded.catalog:
                run.keep(loaded)  # nothing new: the file stays as it is
            else:
                run.save(loaded, template)
        except L10nError as exc:
            run.report.fail(exc)
        settle(run, key, path, before, inputs, functools.partial(_same, run, doc))
    return docs


def _same(run: Run, doc: Document, written: Loaded) -> bool:
    """Whether the article gives the template ``written`` unchanged (``make_template`` keeps it)."""
    previous = written.catalog
    return make_template(doc, project_id=run.cfg.project_id, previous=previous) is previous


def _regenerated(rel: str, damage: CatalogError) -> Issue:
    """The one-line warning for a damaged template that was rewritten from its article."""
    message = f"damaged template ({damage.message}): regenerated from the article"
    return Issue(rel, damage.line or 0, "warning", "template-regenerated", message)


__all__ = ["extract"]
