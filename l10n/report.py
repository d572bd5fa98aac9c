"""What a run of the stages reports, the typed results of its commands, and the options of its
stages. Values only, no I/O.

The stages (``l10n.stages``) fill a ``Report`` (files, warnings, errors: what every command
has) and return their own result (``TranslateResult``, ``CheckResult``, ``BuildResult``...);
``l10n.cli`` renders each result its way and exits with the code they give.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Protocol

from l10n.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, L10nError
from l10n.model import Issue
from l10n.options import TranslateStats


class Progress(Protocol):
    """Progress sink for long stages (the CLI draws a bar; tests pass None)."""

    def start(self, label: str, total: int) -> None:
        """A task of ``total`` units (translation units) begins."""

    def advance(self, n: int) -> None:
        """``n`` more units are done."""

    def loading(self, label: str) -> None:
        """A step without units begins within the task (loading a model); it ends at the next
        ``advance`` or ``finish``."""

    def finish(self) -> None:
        """The task ended (successfully or not)."""


@dataclass
class LangSummary(TranslateStats):
    """``TranslateStats`` summed over one language's catalogs, with the engine that ran and
    where (``device``: ``"cpu"``, ``"cuda"``; ``""`` when no model ran)."""

    lang: str = ""
    engine: str = ""
    device: str = ""

    def add(self, stats: TranslateStats) -> None:
        """Add one catalog's counts and seconds (issues are not kept here)."""
        for f in dataclasses.fields(TranslateStats):
            if f.name != "issues":
                setattr(self, f.name, getattr(self, f.name) + getattr(stats, f.name))


@dataclass(frozen=True)
class CheckCount:
    """Per-catalog totals that end the ``l10n check`` report (units; machine includes other fuzzy)."""

    path: str
    errors: int
    warnings: int
    reviewed: int
    machine: int
    untranslated: int


@dataclass
class Report:
    """What a command did to files, and what failed.

    Attributes:
        written: files written (relative paths).
        unchanged: files that already held the right bytes.
        removed: generated files removed (stale builds).
        errors: failures (one per article/language/file), already formatted ``path:line: message``.
        usage_error: True when an error is a usage/input error (exit 2) rather than a failure.
        warnings: segmentation warnings (e.g. Markdown kept as one raw unit), ``file:line``.
        missing_models: language -> one-line message saying how to get its model.
        skipped: human-readable notes on what was skipped and why (publishing policy).
    """

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    usage_error: bool = False
    missing_models: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def fail(self, exc: L10nError) -> None:
        """Record an error (once, however many stages meet it); input errors make the exit code 2."""
        if str(exc) in self.errors:
            return
        self.errors.append(str(exc))
        if exc.exit_code == EXIT_USAGE:
            self.usage_error = True

    @property
    def exit_code(self) -> int:
        """0 success; 2 after an input/usage error; 1 for other failures and missing models.

        A command whose result can fail on its own (``CheckResult``) adds its code when this is 0.
        """
        if self.usage_error:
            return EXIT_USAGE
        if self.errors or self.missing_models:
            return EXIT_FAILURE
        return EXIT_OK


@dataclass
class TranslateResult:
    """What the translate stage did.

    Attributes:
        summaries: per-language counts (``LangSummary``), in the order the languages ran.
    """

    summaries: dict[str, LangSummary] = field(default_factory=dict)


@dataclass
class CheckResult:
    """What the check stage found.

    Attributes:
        issues: every finding (``path:line: severity: code: message``), catalog by catalog.
        counts: per-catalog totals, in the same order.
    """

    issues: list[Issue] = field(default_factory=list)
    counts: list[CheckCount] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """How many findings are errors (``l10n check`` exits 1 when any)."""
        return sum(1 for i in self.issues if i.severity == "error")

    @property
    def exit_code(self) -> int:
        """1 when a finding is an error (the gate of ``l10n check``), else 0."""
        return EXIT_FAILURE if self.errors else EXIT_OK


@dataclass(frozen=True)
class BuildResult:
    """What ``build`` did: its translate stage, and its checks (advisory: counted, not a gate)."""

    translated: TranslateResult
    checked: CheckResult


@dataclass(frozen=True)
class TranslateOptions:
    """Options of the translate stage.

    Attributes:
        model: ``--model`` override (hub id or local dir) for a single language.
        engine: ``auto``, ``transformers`` or ``ctranslate2`` (None: from config).
        retranslate_machine: redo machine output nobody edited since.
        executor: ``local`` or ``ray`` (``l10n.translate.executor``; None: from config).
        ray_address: ``--ray-address`` (None: the config's ``ray.address``, else Ray's resolution).
        device: ``--device``: ``auto``, ``cpu`` or ``cuda`` (None: the config's ``decoding.device``).
    """

    model: str | None = None
    engine: str | None = None
    retranslate_machine: bool = False
    executor: str | None = None
    ray_address: str | None = None
    device: str | None = None


@dataclass(frozen=True)
class PublishOptions:
    """Flags of compile/build that override ``[tool.l10n.publish]`` (None = keep config)."""

    reviewed_only: bool | None = None
    min_complete: float | None = None
    use_fuzzy: bool = False
