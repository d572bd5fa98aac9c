"""The update stage: ``locales/<slug>.pot`` -> ``locales/<ll>/LC_MESSAGES/<slug>.po`` (msgmerge semantics)."""

from __future__ import annotations

from collections.abc import Sequence

from l10n.catalog.catalog import init_translation
from l10n.errors import L10nError
from l10n.formats.markdown.migrate import legacy_forms
from l10n.locale import plural_forms, to_gettext
from l10n.stages.context import Run


def update(run: Run, langs: Sequence[str]) -> None:
    """Create or merge each language's catalog from the template (msgmerge semantics).

    A catalog the merge leaves unchanged keeps its bytes. A missing template, or a catalog
    that cannot be read or written, is that file's error in the report; the others go on.
    """
    for slug in run.slugs():
        try:
            template = run.store.catalog(run.layout.pot(slug), "template missing: run `l10n extract` first")
        except L10nError as exc:
            run.report.fail(exc)
            continue
        for lang in langs:
            language, forms = to_gettext(lang), plural_forms(lang)
            try:
                loaded = run.store.read(run.layout.po(lang, slug))
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


__all__ = ["update"]
