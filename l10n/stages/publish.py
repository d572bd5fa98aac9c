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

from l10n.config import Config
from l10n.errors import L10nError
from l10n.localized import Localized
from l10n.model import Document, Issue
from l10n.publish import pages as build
from l10n.publish.builder import reviewed_percent, shows_translation
from l10n.publish.pages import PublishPolicy
from l10n.publish.theme import TEMPLATES
from l10n.report import PublishOptions
from l10n.stages.context import CatalogOf, Lookup, Run, live

BUILD_FORMATS = ("txt", "md", "html")
"""The localized builds written for each article x language: build/<lang>/<slug>.<ext>."""

Unit = tuple[str, str]
"""An article and a language: (slug, BCP 47 tag)."""


def policy_of(cfg: Config, opts: PublishOptions) -> PublishPolicy:
    """The publishing policy of ``[tool.l10n.publish]`` with the command's flags over it."""
    p = cfg.publish
    include_machine = p.include_machine if opts.reviewed_only is None else not opts.reviewed_only
    return PublishPolicy(
        include_machine=include_machine,
        include_fuzzy=p.include_fuzzy,
        min_complete=p.min_complete if opts.min_complete is None else opts.min_complete,
        count_machine=p.count_machine and include_machine,
    )


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
            they are and the index is not rewritten.
        published: per slug, the languages whose build is published (or kept).
        locs: per (slug, lang) with a readable catalog, the article as published in that
            language (``Localized``: each unit's choice made once, read by every build).
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


def publish(run: Run, langs: Sequence[str], opts: PublishOptions) -> None:
    """Write the localized builds of ``langs``, following the publishing policy.

    Writes ``build/<lang>/<slug>.{txt,md,html}``, the original's page and
    ``build/index.html``. The original page, hreflang alternates and ``build/index.html`` cover every
    configured language whose build is published (for languages outside ``langs``: whose
    build is on disk), not only ``langs``; builds of a language
    that falls below ``min_complete``, and of articles no longer in the source folder, are
    removed (they are generated files) while their catalogs are kept.

    A catalog that exists but cannot be read (syntax error, bad charset...) changes nothing
    of its language: its pages stay as they are and stay linked as alternates, and
    ``build/index.html`` is not rewritten in that run (one ``index-kept`` warning), since the
    language's completion is unknown; a corrected catalog brings the index up to date.
    """
    write_site(run, plan_site(run, langs, opts))


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
    completion: dict[str, dict[str, float | None]] = {slug: {} for slug in docs}
    locs = {(s, x): build.localize(docs[s], found, x, policies[x]) for (s, x), found in entries.items()}
    for slug, lang in entries:
        if lang in wanted:
            ok = locs[(slug, lang)].publishable() and _shows_enough(run, locs[(slug, lang)])
        else:  # not built by this run: what is published is what is on disk
            ok = run.layout.build(lang, slug, "html").is_file()
        completion[slug][lang] = locs[(slug, lang)].completion() if ok else None
    # a catalog that exists but could not be read: that language's pages stay as they are,
    # still linked from the others, and the index (which needs its completion) is not rewritten
    unreadable = {
        (slug, lang)
        for slug in docs
        for lang in every
        if (slug, lang) not in entries and run.layout.po(lang, slug).exists()
    }
    kept = {(s, x) for s, x in unreadable if run.layout.build(x, s, "html").is_file()}
    published = {
        slug: [x for x in every if completion[slug].get(x) is not None or (slug, x) in kept] for slug in docs
    }
    return SitePlan(general, policies, every, parsed, docs, entries, completion, unreadable, published, locs)


def write_site(run: Run, plan: SitePlan) -> None:
    """Write what ``plan`` says: each language's pages, the original's pages, the index; remove
    the builds of languages below ``min_complete`` and of articles gone from the source folder.

    Raises:
        L10nError: the source folder cannot be listed (when looking for orphaned builds).
    """
    for doc, lang, _path, _catalog in plan.parsed:
        try:
            _write_language(run, plan, doc, lang)
        except L10nError as exc:
            run.report.fail(exc)
    if not plan.docs:
        return
    src = run.cfg.source_language
    originals = {slug: build.localize(doc, {}, src, plan.general) for slug, doc in plan.docs.items()}
    for slug, original in originals.items():
        html = build.html_of(original, _page(run, plan.published[slug]))
        run.write(run.layout.build(src, slug, "html"), html)
    _write_index(run, plan, originals)
    sources = {file.stem for file in run.layout.articles()}  # unreadable articles are not orphans
    _orphans(run, sources, [src, *plan.every])


def _write_language(run: Run, plan: SitePlan, doc: Document, lang: str) -> None:
    """Write the pages of one article in one language, or remove them when it is below ``min_complete``."""
    loc, policy = plan.locs[(doc.slug, lang)], plan.policies[lang]
    if plan.completion[doc.slug][lang] is None:
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
            run.remove(run.layout.build(lang, doc.slug, ext))
        return
    run.report.warnings.extend(
        dataclasses.replace(w, message=f"{lang}: {w.message}") for w in [*loc.withheld(), *loc.broken()]
    )
    alternates = [x for x in plan.published[doc.slug] if x != lang]
    formats = build.build_formats(doc)
    outputs = {
        "txt": build.text_of(loc),
        **({"md": build.markdown_of(loc)} if "md" in formats else {}),
        "html": build.html_of(loc, _page(run, alternates)),
    }
    for ext, text in outputs.items():
        run.write(run.layout.build(lang, doc.slug, ext), text)
    for ext in BUILD_FORMATS:
        if ext not in outputs:  # e.g. the .md of an HTML article: not built, not kept
            run.remove(run.layout.build(lang, doc.slug, ext))


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
        run.write(run.cfg.build_dir / "index.html", index)
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


def _orphans(run: Run, slugs: set[str], langs: Sequence[str]) -> None:
    """Remove builds of articles gone from the source folder; warn about their catalogs."""
    for pot in sorted(run.cfg.locales_dir.glob("*.pot")):
        if pot.stem not in slugs:
            run.report.warnings.append(
                Issue(
                    run.cfg.rel(pot),
                    0,
                    "warning",
                    "orphan-catalog",
                    "no source article for this template any more; its catalogs are kept "
                    "(delete them by hand if the article is gone for good)",
                )
            )
            for lang in langs:
                for ext in BUILD_FORMATS:
                    run.remove(run.layout.build(lang, pot.stem, ext))


__all__ = ["BUILD_FORMATS", "SitePlan", "plan_site", "policy_of", "publish", "write_site"]
