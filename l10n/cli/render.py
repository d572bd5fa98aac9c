"""One renderer per command result: each prints its result and the run's ``Report``, returns the exit code.

Lines about files and warnings go to the text console (stdout, or stderr while stdout carries
JSON), errors to stderr, one line each. ``--quiet`` leaves errors only (and, for ``check``,
the error findings). Every name is printed with ``markup=False`` or ``escape``d.
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

from l10n.cli.base import AppState
from l10n.cli.summary import summary_lines
from l10n.report import BuildResult, CheckResult, LangSummary, Report, TranslateResult

if TYPE_CHECKING:  # rich's tables are imported by the renderer that draws one (start-up, issue 22)
    from rich.console import RenderableType

    from l10n.review.edits import EditStats
    from l10n.status import CatalogStatus

COUNTS = {
    "translated": "translated",
    "reused": "reused",
    "copied": "copied",
    "flagged": "flagged",
    "failed": "failed",
    "skipped": "already translated",
}
"""The count columns of the machine translation table: ``LangSummary`` field -> header.

What the run did, then what it left as it was: "already translated" is one header on one line,
last of the counts, so it never stacks over (or reads as) the "translated" column; the table is
75 columns wide at most with its engine column moved under it, so 80 hold it."""


def files(state: AppState, report: Report) -> None:
    """Warnings, then what was written (not with ``--quiet``): one summary line per language
    (``l10n.cli.summary``), or with ``-v`` every file written or removed and how many were unchanged."""
    if state.quiet:
        return
    out = state.text
    for warning in report.warnings:
        state.err.print(str(warning), markup=False, soft_wrap=True)
    if not state.verbose:
        for line in summary_lines(report):
            out.print(line, markup=False)
        return
    for path in report.written:
        out.print(f"wrote {path}", markup=False)
    for path in report.removed:
        out.print(f"removed {path}", markup=False)
    if report.unchanged:
        out.print(f"{len(report.unchanged)} file(s) unchanged")


def skipped(state: AppState, report: Report) -> None:
    """What the publishing policy skipped, and why (not with ``--quiet``)."""
    if not state.quiet:
        for note in report.skipped:
            state.text.print(f"skipped {note}", markup=False)


def failures(state: AppState, report: Report) -> None:
    """The missing models, then the errors: one line each on stderr, always."""
    for lang, msg in report.missing_models.items():
        state.err.print(f"error: no model for {lang}: {msg}", markup=False, soft_wrap=True)
    for line in report.errors:
        state.err.print(f"error: {line}", markup=False, soft_wrap=True)


def render_report(state: AppState, report: Report, _result: object = None) -> int:
    """A command whose only result is its ``Report`` (extract, update, compile, models...)."""
    files(state, report)
    skipped(state, report)
    failures(state, report)
    return report.exit_code


def _summaries(state: AppState, summaries: dict[str, LangSummary]) -> None:
    """The machine translation table: one row per language (not with ``--quiet``)."""
    if state.quiet or not summaries:
        return
    from l10n.cli.tables import Column, print_fitted

    columns = [
        Column("language", "key"),
        *(Column(header) for header in COUNTS.values()),
        Column("seconds"),
        Column("engine", "text"),
    ]
    rows = [
        [s.lang, *(str(getattr(s, name)) for name in COUNTS), f"{s.seconds:.1f}", s.engine or "-"]
        for s in summaries.values()
    ]
    print_fitted(state.text, "Machine translation", columns, rows)
    devices = sorted({s.device for s in summaries.values() if s.device})
    if devices:  # decoding.device resolved ("auto" -> cuda or cpu): said once per run
        state.text.print(f"device: {', '.join(devices)}", markup=False)


def render_translate(state: AppState, report: Report, result: TranslateResult) -> int:
    """``l10n translate``: files, the machine translation table, failures."""
    files(state, report)
    _summaries(state, result.summaries)
    skipped(state, report)
    failures(state, report)
    return report.exit_code


def render_build(state: AppState, report: Report, result: BuildResult) -> int:
    """``l10n build``: as ``translate``, then the checks as counts (advisory: no exit code), and
    which languages were built with the English fallback for want of a model."""
    files(state, report)
    _summaries(state, result.translated.summaries)
    skipped(state, report)
    issues = result.checked.issues
    if issues and not state.quiet:
        errors = result.checked.errors
        state.text.print(
            f"checks: {errors} error(s), {len(issues) - errors} warning(s) in translated entries; "
            "builds show machine output marked as such, English where it fails a check; "
            "`l10n check` lists them and exits 1 on errors"
        )
    failures(state, report)
    if report.missing_models and not state.quiet:
        state.err.print(
            f"{len(report.missing_models)} language(s) not machine-translated (no model): "
            + ", ".join(report.missing_models),
            markup=False,
        )
    return report.exit_code


def render_check(state: AppState, report: Report, result: CheckResult, *, as_json: bool = False) -> int:
    """``l10n check``: each finding (errors even with ``--quiet``) and per-catalog totals, or the
    JSON document (schema in README.md); exit 1 on an error finding."""
    if as_json:
        doc = {
            "version": 1,
            "issues": [dataclasses.asdict(i) for i in result.issues],
            "catalogs": [dataclasses.asdict(c) for c in result.counts],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    files(state, report)
    skipped(state, report)
    if not as_json:
        for issue in result.issues:
            if issue.severity == "error" or not state.quiet:
                state.text.print(str(issue), markup=False, soft_wrap=True)
        for c in result.counts if not state.quiet else ():
            state.text.print(
                f"{c.path}: {c.errors} error(s), {c.warnings} warning(s); {c.reviewed} reviewed, "
                f"{c.machine} machine/fuzzy, {c.untranslated} untranslated",
                markup=False,
                soft_wrap=True,
            )
    failures(state, report)
    return report.exit_code or result.exit_code


STATUS_COLUMNS = ("reviewed", "machine", "fuzzy", "untranslated", "obsolete")
"""The unit counts ``l10n status`` shows, in order."""


def status_table(statuses: list[CatalogStatus], width: int) -> RenderableType:
    """The ``l10n status`` table for a console ``width`` wide: one row per article x language."""
    from l10n.cli.tables import Column, fitted
    from l10n.publish.policy import whole_percent

    columns = [
        Column("article", "key"),
        Column("lang", "key"),
        *(Column(name) for name in STATUS_COLUMNS),
        Column("complete"),
        Column("note", "text"),
    ]
    rows = []
    for s in statuses:
        note = (
            "no catalog yet: run l10n update"
            if s.missing
            else "source changed: run l10n update"
            if s.source_changed
            else ""
        )
        counts = [str(s.units.get(k, 0)) for k in STATUS_COLUMNS]
        rows.append([s.slug, s.lang, *counts, f"{whole_percent(s.percent_complete)}%", note])
    return fitted("Catalog status", columns, rows, width)


def edits_table(stats: list[EditStats], width: int) -> RenderableType:
    """The ``l10n report edits`` table for a console ``width`` wide: one row per language and model."""
    from l10n.cli.tables import Column, fitted
    from l10n.review.edits import MIN_FOR_CORRELATION

    columns = [
        Column("lang", "key"),
        Column("model", "key"),
        *(Column(h) for h in ("reviewed", "unchanged", "chrF2", "TER", "Spearman\n(conf, chrF)")),
    ]
    rows = []
    for s in stats:
        rho = "n/a" if s.spearman is None else f"{s.spearman:.2f}"
        if s.with_confidence < MIN_FOR_CORRELATION:
            rho += f" ({s.with_confidence}/{MIN_FOR_CORRELATION})"
        share = f"{s.unchanged} ({100 * s.unchanged_share:.0f}%)"
        rows.append([s.lang, s.label, str(s.reviewed), share, f"{s.chrf:.2f}", f"{s.ter:.2f}", rho])
    return fitted("Post-editing: machine output vs reviewed text", columns, rows, width)
