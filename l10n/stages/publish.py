"""The publish stage: ``.po`` -> ``build/<lang>/<slug>.{txt,md,html}`` + ``build/index.html``.

In two steps: ``plan_site`` decides (which languages and pages are published, their
completion, what is kept as it is and what is removed) and ``write_site`` writes that plan.
The pages themselves are ``l10n.publish.pages``; the publishing policy is ``l10n.publish.policy``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from l10n.errors import L10nError, WriteError
from l10n.localized import Localized
from l10n.model import Document, Issue
from l10n.project import file_state
from l10n.publish import pages as build
from l10n.publish.builder import reviewed_percent, shows_translation
from l10n.publish.pages import PublishPolicy
from l10n.publish.policy import policy_of
from l10n.publish.theme import TEMPLATES
from l10n.report import PublishOptions
from l10n.stages import site_memo
from l10n.stages.context import CatalogOf, Lookup, Run, live
from l10n.stages.manifest import Inputs, Manifest, Record, load, save, settings_digest

BUILD_FORMATS = ("txt", "md", "html")
"""The localized builds written for each article x language: build/<lang>/<slug>.<ext>."""

Unit = tuple[str, str]
"""An article and a language: (slug, BCP 47 tag)."""


@dataclass(frozen=True)
class SitePlan:
    """What a publish run writes, keeps and removes.

    Attributes:
        general: the publishing policy (bound to no language: the original's pages).
        policies: per language, the policy bound to it (the machine output checks need the
            language and the glossary).
        every: the languages the site covers: the configured ones, then this run's others.
        parsed: this run's catalogs (the languages asked for), in order.
        docs: the readable articles by slug.
        entries: per (slug, lang) with a readable catalog, its live entries.
        completion: per slug and language, the completion (0-100) of a published build, None
            when that language's build is not published.
        unreadable: (slug, lang) whose catalog exists but could not be read: its pages stay as
            they are (unless their article changed: ``english``) and the index is not rewritten.
        published: per slug, the languages whose build is published (or kept).
        locs: per (slug, lang) with a readable catalog, the article as published in that
            language (``Localized``: each unit's choice made once, read by every build).
        rebuild: pages of languages outside this run whose inputs changed (the correction
            rule: README, "Guarantees"); they are rebuilt like this run's.
        english: (slug, lang) whose catalog is unreadable and whose article changed: rebuilt
            with English for every unit (one ``source-changed`` warning each).
        inputs: per (slug, lang), the page's inputs but ``alternates`` (``manifest.Inputs``).
        manifest: what l10n wrote under the build folder before this run.
        emitted: the files ``write_site`` wrote or found as they should be, in order.
    """

    general: PublishPolicy
    policies: dict[str, PublishPolicy]
    every: list[str]
    parsed: list[CatalogOf]
    docs: dict[str, Document]
    entries: dict[Unit, Lookup]
    completion: dict[str, dict[str, float | None]]
    unreadable: set[Unit]
    published: dict[str, list[str]]
    locs: dict[Unit, Localized]
    rebuild: list[Unit]
    english: set[Unit]
    inputs: dict[Unit, Inputs]
    manifest: Manifest
    emitted: list[str] = dataclasses.field(default_factory=list)


def publish(run: Run, langs: Sequence[str], opts: PublishOptions) -> None:
    """Write the localized builds of ``langs``, following the publishing policy.

    Writes ``build/<lang>/<slug>.{txt,md,html}``, the original's page and
    ``build/index.html``. The original page, hreflang alternates and ``build/index.html`` cover every
    configured language whose build is published (for languages outside ``langs``: whose
    build is on disk), not only ``langs``; builds of a language
    that falls below ``min_complete``, and of articles no longer in the source folder, are
    removed (they are generated files) while their catalogs are kept.

    Pages are derived data: a page of a language outside ``langs`` whose inputs changed since
    l10n wrote it (article, catalog, config, templates, l10n version, alternates: the build
    manifest, ``l10n.stages.manifest``) is rebuilt in the same run. Only files l10n wrote, and
    that still hold what it wrote, are ever removed.

    A catalog that exists but cannot be read (syntax error, bad charset...) changes nothing
    of its language: its pages stay as they are and stay linked as alternates, and
    ``build/index.html`` is not rewritten in that run (one ``index-kept`` warning), since the
    language's completion is unknown; a corrected catalog brings the index up to date. When
    its article changed, its pages are rebuilt in English (one ``source-changed`` warning).
    """
    policy = _policy_text(policy_of(run.cfg, opts))
    inputs = site_memo.site_inputs(run, langs, opts, policy)
    if site_memo.replay(run, langs, site_memo.site_key(run, inputs)):
        return  # every input as a publish run that left the site as it is (l10n.stages.site_memo)
    before = site_memo.mark(run)
    plan = plan_site(run, langs, opts)
    write_site(run, plan)
    if plan.rebuild or plan.english or plan.unreadable or not site_memo.settled(run, before):
        return
    if site_memo.site_inputs(run, langs, opts, policy) == inputs:  # nothing edited meanwhile
        site_memo.remember(run, langs, before, plan.emitted, site_memo.site_key(run, inputs))


def _policy_text(p: PublishPolicy) -> str:
    return (
        f"machine={p.include_machine} fuzzy={p.include_fuzzy} min={p.min_complete!r} count={p.count_machine}"
    )


def _page_inputs(
    run: Run, docs: dict[str, Document], langs: Sequence[str], settings: str
) -> dict[Unit, Inputs]:
    """Each (slug, lang)'s inputs but its alternates: settings, the article's and the catalog's bytes."""
    out: dict[Unit, Inputs] = {}
    for slug, doc in docs.items():
        source = run.source_digests.get(slug) or _digest_of(run.cfg.root / doc.path)  # as segmented
        for lang in langs:
            out[(slug, lang)] = {
                "settings": settings,
                "source": source,
                "catalog": _digest_of(run.layout.po(lang, slug)),
            }
    return out


def _digest_of(path: Path) -> str:
    try:
        return file_state(path)
    except L10nError:
        return "unreadable"


def _stale(plan_inputs: Inputs, rec: Record | None, alternates: Sequence[str] | None = None) -> bool:
    """True when the page's recorded inputs differ from ``plan_inputs`` (and ``alternates`` if given)."""
    if rec is None:
        return True
    want = dict(plan_inputs)
    got = dict(rec.inputs)
    if alternates is None:
        got.pop("alternates", None)
    else:
        want["alternates"] = ",".join(alternates)
    return want != got


def plan_site(run: Run, langs: Sequence[str], opts: PublishOptions) -> SitePlan:
    """Decide what ``publish`` writes (see ``SitePlan``); reads catalogs, writes nothing.

    Unreadable catalogs of ``langs`` go into the report; those of other languages do not
    (they are not this run's).
    """
    general = policy_of(run.cfg, opts)
    glossary = run.glossary()
    wanted = list(dict.fromkeys(langs))
    every = list(dict.fromkeys([*run.cfg.languages, *wanted]))
    parsed = run.catalogs(wanted)
    others = run.catalogs([x for x in every if x not in wanted], quiet=True)  # not this run's
    docs = {doc.slug: doc for doc in run.documents()}
    entries = {(doc.slug, lang): live(c.entries()) for doc, lang, _p, c in [*parsed, *others]}
    policies = {lang: general.for_language(lang, glossary, run.cfg.source_language) for lang in every}
    locs = {(s, x): build.localize(docs[s], found, x, policies[x]) for (s, x), found in entries.items()}
    manifest = load(run.cfg)
    inputs = _page_inputs(run, docs, every, settings_digest(run.cfg, _policy_text(general)))
    on_disk = {(s, x) for s in docs for x in every if run.layout.build(x, s, "html").is_file()}
    record = {u: manifest.record(run.cfg, run.layout.build(u[1], u[0], "html")) for u in on_disk}
    changed = {u for u in on_disk if u[1] not in wanted and _stale(inputs[u], record[u])}
    completion: dict[str, dict[str, float | None]] = {slug: {} for slug in docs}
    for slug, lang in entries:
        if lang in wanted or (slug, lang) in changed:
            ok = locs[(slug, lang)].publishable() and _shows_enough(run, locs[(slug, lang)])
        else:  # not built by this run, inputs unchanged: what is published is what is on disk
            ok = (slug, lang) in on_disk
        completion[slug][lang] = locs[(slug, lang)].completion() if ok else None
    # a catalog that exists but could not be read: that language's pages stay as they are,
    # still linked from the others, and the index (which needs its completion) is not rewritten
    unreadable = {
        (slug, lang)
        for slug in docs
        for lang in every
        if (slug, lang) not in entries and run.layout.po(lang, slug).exists()
    }
    kept = unreadable & on_disk
    english = {u for u in kept if _source_changed(inputs[u], record[u])}
    for slug, lang in english:  # the correction rule wins: the article changed, its catalog is unusable
        locs[(slug, lang)] = build.localize(docs[slug], {}, lang, policies[lang])
    published = {
        slug: [x for x in every if completion[slug].get(x) is not None or (slug, x) in kept] for slug in docs
    }
    rebuild = sorted(
        u
        for u in entries
        if u[1] not in wanted
        and (u in changed or (u in on_disk and _stale(inputs[u], record[u], _alternates(published, *u))))
    )
    return SitePlan(
        general, policies, every, parsed, docs, entries, completion, unreadable, published, locs,
        rebuild, english, inputs, manifest,
    )  # fmt: skip


def _source_changed(now: Inputs, rec: Record | None) -> bool:
    """True when l10n wrote the page from an article other than today's (unknown: False)."""
    return rec is not None and rec.inputs.get("source") != now["source"]


def _alternates(published: dict[str, list[str]], slug: str, lang: str) -> list[str]:
    return [x for x in published[slug] if x != lang]


def write_site(run: Run, plan: SitePlan) -> None:
    """Write what ``plan`` says: each language's pages, the original's pages, the index; remove
    the builds of languages below ``min_complete`` and of articles gone from the source folder;
    then the build manifest (``l10n.stages.manifest``).

    Raises:
        L10nError: the source folder cannot be listed (when looking for orphaned builds).
    """
    units = [(doc.slug, lang) for doc, lang, _path, _catalog in plan.parsed]
    for slug, lang in [*units, *plan.rebuild, *sorted(plan.english)]:
        try:
            _write_language(run, plan, plan.docs[slug], lang)
        except L10nError as exc:
            run.report.fail(exc)
    if plan.docs:
        src = run.cfg.source_language
        originals = {slug: build.localize(doc, {}, src, plan.general) for slug, doc in plan.docs.items()}
        for slug, original in originals.items():
            html = build.html_of(original, _page(run, plan.published[slug]))
            _emit(run, plan, run.layout.build(src, slug, "html"), html)
        _write_index(run, plan, originals)
        sources = {file.stem for file in run.layout.articles()}  # unreadable articles are not orphans
        _orphans(run, plan, sources, [src, *plan.every])
    try:
        save(run.cfg, plan.manifest)
    except L10nError as exc:
        run.report.fail(exc)


def _emit(run: Run, plan: SitePlan, path: Path, data: str, inputs: Inputs | None = None) -> None:
    """Write one file of the build folder and record it in the manifest."""
    if run.write(path, data):
        plan.manifest.wrote(run.cfg, path, data, inputs)
        plan.emitted.append(run.cfg.rel(path))


def _drop(run: Run, plan: SitePlan, path: Path) -> None:
    """Remove a file of the build folder if l10n wrote it and it still holds that; else warn and keep it."""
    try:
        if not path.exists() and not path.is_symlink():
            plan.manifest.forget(run.cfg, path)
            return
        if path.is_dir() and not path.is_symlink():
            raise WriteError("cannot remove: is a folder, not a page", path=run.cfg.rel(path))
        owned = plan.manifest.owns(run.cfg, path)
    except L10nError as exc:
        run.report.fail(exc)
        return
    if not owned:
        _warn(
            run,
            path,
            "not-removed",
            "would be removed as a generated page, but l10n did not write it or it changed "
            "since: kept (delete it by hand if it should go)",
        )
        return
    run.remove(path)
    if not path.exists():
        plan.manifest.forget(run.cfg, path)


def _write_language(run: Run, plan: SitePlan, doc: Document, lang: str) -> None:
    """Write the pages of one article in one language, or remove them when it is below ``min_complete``."""
    loc, policy = plan.locs[(doc.slug, lang)], plan.policies[lang]
    if (doc.slug, lang) not in plan.english and plan.completion[doc.slug].get(lang) is None:
        pct = loc.completion()
        if not _shows_enough(run, loc):
            run.report.skipped.append(f"{lang}/{doc.slug}: {_UNTRANSLATED}")
        else:
            run.report.skipped.append(
                f"{lang}/{doc.slug}: {build.whole_percent(pct)}% of words translated"
                f"{' (machine output counted)' if policy.count_machine else ' (reviewed only)'}"
                f", below min_complete {policy.min_complete:g}%: not built"
            )
        for ext in BUILD_FORMATS:
            _drop(run, plan, run.layout.build(lang, doc.slug, ext))
        return
    page = run.layout.build(lang, doc.slug, "html")
    if (doc.slug, lang) in plan.english or (
        (doc.slug, lang) in plan.rebuild
        and _source_changed(plan.inputs[(doc.slug, lang)], plan.manifest.record(run.cfg, page))
    ):
        run.report.warnings.append(_correction_warning(run, doc, lang, (doc.slug, lang) in plan.english))
    run.report.warnings.extend(
        dataclasses.replace(w, message=f"{lang}: {w.message}") for w in [*loc.withheld(), *loc.broken()]
    )
    alternates = _alternates(plan.published, doc.slug, lang)
    inputs = {**plan.inputs[(doc.slug, lang)], "alternates": ",".join(alternates)}
    formats = build.build_formats(doc)
    outputs = {
        "txt": build.text_of(loc),
        **({"md": build.markdown_of(loc)} if "md" in formats else {}),
        "html": build.html_of(loc, _page(run, alternates)),
    }
    for ext, text in outputs.items():
        _emit(run, plan, run.layout.build(lang, doc.slug, ext), text, inputs)
    for ext in BUILD_FORMATS:
        if ext not in outputs:  # e.g. the .md of an HTML article: not built, not kept
            _drop(run, plan, run.layout.build(lang, doc.slug, ext))


def _correction_warning(run: Run, doc: Document, lang: str, unreadable: bool) -> Issue:
    """The one ``source-changed`` warning of a page rebuilt because its article changed."""
    why = (
        f"rebuilt in English: {doc.path} changed and the {lang} catalog cannot be read "
        "(fix the catalog and run again)"
        if unreadable
        else f"rebuilt: {doc.path} changed; what the {lang} catalog does not translate yet is "
        f"shown in English (run `l10n build --lang {lang}`)"
    )
    return Issue(run.cfg.rel(run.layout.build(lang, doc.slug, "html")), 0, "warning", "source-changed", why)


def _warn(run: Run, path: Path, code: str, message: str) -> None:
    """Add one warning about ``path`` (no line) to the run's report."""
    run.report.warnings.append(Issue(run.cfg.rel(path), 0, "warning", code, message))


# --- pages readers can use (issue 21): the published set and the page context -----------------

_UNTRANSLATED = "no translated text shown: not built (set [publish] untranslated_pages = true to publish it)"


def _shows_enough(run: Run, loc: Localized) -> bool:
    """Whether ``loc``'s page may be published as far as its text goes: it shows some translated
    text, or ``[publish] untranslated_pages`` is on (one rule for the pages, the index, the
    switcher, hreflang and ``og:locale:alternate``: all read ``SitePlan.published``)."""
    return run.cfg.publish.untranslated_pages or shows_translation(loc)


def _page(run: Run, alternates: Sequence[str]) -> build.PageContext:
    """The ``PageContext`` of a page: the other published languages, the config's base URL and
    notice wording, the project's ``templates/`` folder when it has one."""
    folder = run.cfg.root / TEMPLATES
    return build.PageContext(
        alternates,
        run.cfg.base_url,
        run.cfg.source_language,
        _build_dir(run),
        notices=run.cfg.notices,
        templates=folder if folder.is_dir() else None,
        order=run.cfg.languages,
    )


def _build_dir(run: Run) -> str:
    """The build folder relative to the project root, ``/``-separated (where pages stand)."""
    return Path(os.path.relpath(run.cfg.build_dir, run.cfg.root)).as_posix()


def _write_index(run: Run, plan: SitePlan, originals: dict[str, Localized]) -> None:
    """Write ``build/index.html``; while a catalog is unreadable, keep it (one ``index-kept`` warning)."""
    fallback: dict[str, dict[str, float]] = {slug: {} for slug in plan.docs}
    reviewed: dict[str, dict[str, float]] = {slug: {} for slug in plan.docs}
    for (slug, lang), loc in plan.locs.items():
        fallback[slug][lang] = loc.fallback_percent()
        reviewed[slug][lang] = reviewed_percent(loc)
    rows = [  # the English headline: every unit of the original's page is the source
        build.IndexRow(
            slug, build.title_of(originals[slug]), plan.completion[slug], fallback[slug], reviewed[slug]
        )
        for slug in plan.docs
    ]
    if not plan.unreadable:
        cfg, folder = run.cfg, _page(run, []).templates
        index = build.build_index(
            rows, base_url=cfg.base_url, source_lang=cfg.source_language, templates=folder
        )
        _emit(run, plan, run.layout.index(), index)
        return
    names = ", ".join(
        dict.fromkeys(lang for lang in plan.every if any(x == lang for _s, x in plan.unreadable))
    )
    run.report.warnings.append(
        Issue(
            run.cfg.rel(run.cfg.build_dir / "index.html"),
            0,
            "warning",
            "index-kept",
            f"not rewritten: a catalog of {names} could not be read; the index and that "
            "language's pages are kept as they were (fix the catalog and run again)",
        )
    )


def _orphans(run: Run, plan: SitePlan, slugs: set[str], langs: Sequence[str]) -> None:
    """Remove builds of articles gone from the source folder (those l10n wrote: ``_drop``);
    warn about their catalogs."""
    for pot in sorted(run.cfg.locales_dir.glob("*.pot")):
        if pot.stem not in slugs:
            _warn(
                run,
                pot,
                "orphan-catalog",
                "no source article for this template any more; its catalogs are kept "
                "(delete them by hand if the article is gone for good)",
            )
            for lang in langs:
                for ext in BUILD_FORMATS:
                    _drop(run, plan, run.layout.build(lang, pot.stem, ext))


__all__ = ["BUILD_FORMATS", "SitePlan", "plan_site", "policy_of", "publish", "write_site"]
