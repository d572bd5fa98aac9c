"""The update stage: ``locales/<slug>.pot`` -> ``locales/<ll>/LC_MESSAGES/<slug>.po`` (msgmerge semantics)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from l10n.catalog.catalog import Catalog, init_translation
from l10n.catalog.store import Loaded
from l10n.errors import L10nError
from l10n.formats.markdown.migrate import legacy_forms
from l10n.locale import plural_forms, to_gettext
from l10n.stages.context import Run
from l10n.stages.unchanged import file_bytes, known, remember, settle


def update(run: Run, langs: Sequence[str]) -> None:
    """Create or merge each language's catalog from the template (msgmerge semantics).

    A catalog the merge leaves unchanged keeps its bytes; one the same template and catalog
    bytes left unchanged before is not parsed again (``l10n.stages.unchanged``). A missing
    template, or a catalog that cannot be read or written, is that file's error in the report;
    the others go on.
    """
    for slug in run.slugs():
        pot = run.layout.pot(slug)
        pot_bytes = file_bytes(run, pot)
        template: Catalog | None = None
        for lang in langs:
            po = run.layout.po(lang, slug)
            key = known(run, po, "update", lang, pot_bytes) if pot_bytes is not None else ""
            if key is None:
                continue  # the same template and catalog as a run that left it unchanged
            if template is None:
                try:
                    template = run.store.catalog(pot, "template missing: run `l10n extract` first")
                except L10nError as exc:
                    run.report.fail(exc)
                    break
            before = len(run.report.warnings), len(run.report.errors)
            _merge(run, template, lang, po)
            settle(run, key, po, before, ("update", lang, pot_bytes or b""), _keeps(template, lang))


def remember_kept(run: Run, lang: str, slug: str) -> None:
    """Remember the catalog of ``slug`` in ``lang`` as another stage just wrote it (translate), as
    ``update`` would after keeping it: when merging the template into it leaves it as it is, the
    next run's ``update`` skips it unparsed (kept by ``run.memo.save()``). Both files come from the
    run's store (parsed once)."""
    try:
        pot = run.store.read(run.layout.pot(slug))
        loaded = run.store.read(run.layout.po(lang, slug))
    except L10nError:
        return  # the next update reads and reports it
    if pot.catalog is not None and loaded.catalog is not None and _keeps(pot.catalog, lang)(loaded):
        remember(run, loaded.path, ("update", lang, pot.snap.data), loaded.snap.data)


def _keeps(template: Catalog, lang: str) -> Callable[[Loaded], bool]:
    """Whether merging ``template`` into a catalog as written leaves it as it is (``settle``)."""

    def keeps(written: Loaded) -> bool:
        old = written.catalog
        forms = plural_forms(lang)
        return (
            old is not None
            and old.update(template, language=to_gettext(lang), plural_forms=forms, migrate=legacy_forms)
            is old
        )

    return keeps


def _merge(run: Run, template: Catalog, lang: str, po: Path) -> None:
    """Create or merge one language's catalog ``po``; a failure is that file's error in the report."""
    language, forms = to_gettext(lang), plural_forms(lang)
    try:
        loaded = run.store.read(po)
        old = loaded.catalog
        if old is None:
            new = init_translation(template, language=language, plural_forms=forms)
        else:
            new = old.update(template, language=language, plural_forms=forms, migrate=legacy_forms)
        if new is old:
            run.keep(loaded)  # nothing new: bytes kept too
        else:
            run.save(loaded, new)
    except L10nError as exc:
        run.report.fail(exc)


__all__ = ["remember_kept", "update"]
