"""What a build may show: the ``PublishPolicy``, the ``Choice`` made for each unit, completion.

Inputs are a ``Document`` (from ``l10n.formats.source``) and one language's catalog as a mapping
``(msgctxt, msgid) -> Entry`` (``Entries``). No I/O. The builders (``l10n.publish.pages``,
``l10n.publish.markdown``, ``l10n.publish.markdown_html``) all start from ``choose``:

=============  =====================================  ==========================
entry state    shown                                  ``Choice.kind``
=============  =====================================  ==========================
reviewed       the msgstr                             ``reviewed``
machine        the msgstr if ``include_machine``      ``machine`` (else fallback)
fuzzy          the msgstr if ``include_fuzzy``        ``fuzzy`` (else fallback)
untranslated,  the English source                     ``fallback``
obsolete, none
=============  =====================================  ==========================

Unreviewed machine output must also pass its checks to be shown (``machine_fault``): a fuzzy
entry with a ``l10n-mt:`` provenance line falls back to English when an error-level pair check
(``l10n.checks.registry.check_pair``) fails on it *now* (the build re-runs the checks on what it
would publish: a translator may have edited the entry since it was written), or when its
provenance notes name a fault and the msgstr is still the text they were written for (provenance
hash). A reviewed entry (translated and not fuzzy, ``l10n.model.Entry.state``: the gettext rule,
whatever tool cleared the flag and whether or not it left a ``l10n-mt:`` line behind) is
published: its check failures are warnings for reviewers (``l10n check``, ``l10n queue``), never
grounds to withhold it. A person's translation left fuzzy by a source change (no provenance) is
trusted too. The checks need the target language: ``PublishPolicy.for_language`` binds it (the
builders bind their ``lang`` themselves; the pipeline binds the glossary too, and ``completion``
and ``publishable`` need a bound policy to count such units as fallback).

Markdown and HTML articles add one rule: a shown translation whose placeholder tokens do
not fit its unit (``l10n.formats.markdown.extract.token_error``) is not shown either; the unit falls back to
English. ``choose_all`` (and so every build, ``completion`` and ``publishable``) applies it,
so a unit shown in English in one build is English in all of them and is not counted.

Skipping a language below ``PublishPolicy.min_complete`` is the caller's decision: ask
``publishable`` before building; the builders themselves always build.

Completion is computed here and nowhere else: ``completion`` is the figure of ``l10n status``,
of ``build/index.html`` and of ``--min-complete``. One rounding rule: a figure is shown
rounded *down* (``whole_percent``: 99.6% reads 99%, never 100%); ``publishable`` compares the
unrounded value, so a language is built exactly when its shown figure reaches an integer
``min_complete``. ``fallback_percent`` is the share of words a build shows in the source
language, rounded *up* when shown (any fallback at all reads at least 1%).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING
from typing import Literal as _Lit

from l10n.checks.registry import check_pair
from l10n.errors import UsageError
from l10n.glossary import Glossary
from l10n.model import Document, Entry, Issue, Segment
from l10n.provenance import provenance_of, short_hash
from l10n.status import word_count

if TYPE_CHECKING:
    from l10n.config import Config
    from l10n.report import PublishOptions

__all__ = [
    "DEFAULT_POLICY",
    "Choice",
    "Decision",
    "Entries",
    "Kind",
    "PublishPolicy",
    "choose",
    "choose_all",
    "choose_checked",
    "completion",
    "completion_of",
    "decide",
    "fallback_of",
    "fallback_percent",
    "is_html",
    "is_markdown",
    "machine_fault",
    "policy_of",
    "publishable",
    "reaches",
    "whole_percent",
    "withheld_of",
    "withheld_units",
]

Kind = _Lit["reviewed", "machine", "fuzzy", "fallback"]
Entries = Mapping[tuple[str | None, str], Entry]
"""One language's catalog as the builders take it: ``(msgctxt, msgid) -> Entry``."""


@dataclass(frozen=True)
class PublishPolicy:
    """What a build may show.

    Attributes:
        include_machine: unreviewed machine translation appears (marked ``class="mt"`` in
            HTML). False is ``--reviewed-only``: such units fall back to English.
        include_fuzzy: entries left fuzzy by a source change appear (marked ``class="fuzzy"``);
            by default they fall back to English, since they translate an older source.
        min_complete: percent (0-100) of source words that must be translated, as counted by
            ``completion``; below it ``publishable`` is False and the language is skipped for
            that article (like po4a's ``--keep``).
        count_machine: whether shown machine (and shown fuzzy) units count toward ``min_complete``.
        lang: BCP 47 tag of the catalog whose machine output is checked (``machine_fault``);
            None until ``for_language`` binds it.
        glossary: termbase for those checks (its ``dnt`` terms are error-level), or None.
        src_lang: BCP 47 tag of the msgids.

    Raises:
        UsageError: ``min_complete`` outside 0-100.
    """

    include_machine: bool = True
    include_fuzzy: bool = False
    min_complete: float = 0.0
    count_machine: bool = True
    lang: str | None = None
    glossary: Glossary | None = field(default=None, compare=False)
    src_lang: str = "en"

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_complete <= 100.0:
            raise UsageError(f"min_complete must be a percentage between 0 and 100, not {self.min_complete}")

    def for_language(
        self, lang: str, glossary: Glossary | None = None, src_lang: str | None = None
    ) -> PublishPolicy:
        """Return this policy bound to one target language (and glossary) for ``machine_fault``."""
        return replace(self, lang=lang, glossary=glossary, src_lang=src_lang or self.src_lang)


DEFAULT_POLICY = PublishPolicy()


def policy_of(cfg: Config, opts: PublishOptions) -> PublishPolicy:
    """The publishing policy of ``[tool.l10n.publish]`` with the command's flags over it
    (``--reviewed-only``, ``--min-complete``); bound to no language.

    Raises:
        UsageError: ``min_complete`` outside 0-100.
    """
    p = cfg.publish
    include_machine = p.include_machine if opts.reviewed_only is None else not opts.reviewed_only
    return PublishPolicy(
        include_machine=include_machine,
        include_fuzzy=p.include_fuzzy,
        min_complete=p.min_complete if opts.min_complete is None else opts.min_complete,
        count_machine=p.count_machine and include_machine,
    )


@dataclass(frozen=True)
class Choice:
    """The text that stands in for one unit.

    Attributes:
        text: the msgstr in Unicode NFC (whatever form the ``.po`` saved it in; msgids are NFC
            already), or for ``fallback`` the exact source characters (``Segment.source``).
        kind: ``reviewed``, ``machine``, ``fuzzy`` (shown only by policy) or ``fallback``.
    """

    text: str
    kind: Kind


_SHOWN: Mapping[str, Kind] = {"reviewed": "reviewed", "machine": "machine", "fuzzy": "fuzzy"}


def choose(seg: Segment, entry: Entry | None, policy: PublishPolicy = DEFAULT_POLICY) -> Choice:
    """Return what stands in for ``seg`` given its catalog ``entry`` (None if absent); see the table above.

    Machine output that ``machine_fault`` finds at fault falls back too.
    """
    return _choose(seg, entry, policy)[0]


def _choose(seg: Segment, entry: Entry | None, policy: PublishPolicy) -> tuple[Choice, str | None]:
    """``choose``, and why a machine entry that the state allows is not shown (else None)."""
    if entry is None:
        return Choice(seg.source, "fallback"), None
    state = entry.state  # a property that may parse the provenance comment: read once
    if (
        state == "reviewed"
        or (state == "machine" and policy.include_machine)
        or (state == "fuzzy" and policy.include_fuzzy)
    ):
        fault = machine_fault(entry, policy)
        if fault is None:
            return Choice(unicodedata.normalize("NFC", entry.msgstr), _SHOWN[state]), None
        return Choice(seg.source, "fallback"), fault
    return Choice(seg.source, "fallback"), None


def machine_fault(entry: Entry, policy: PublishPolicy = DEFAULT_POLICY) -> str | None:
    """Return why ``entry``'s machine output may not be published, or None when it may.

    Only unreviewed machine output is judged: an entry without a ``l10n-mt:`` line, or one
    that is not fuzzy (reviewed, ``Entry.state``), is trusted (None). Otherwise, in order:

    - its provenance notes name a fault (lost mask, loop, failed check, failed retry) and the
      msgstr still hashes to the provenance hash: ``"flagged: <notes>"``;
    - with ``policy.lang`` bound, an error-level pair check fails on the entry as it is now:
      ``"fails <codes>"`` (the codes of ``l10n.checks.registry``).
    """
    if not entry.machine or not entry.fuzzy or not entry.msgstr:
        return None
    found = provenance_of(entry)
    if found is not None and found.notes and found.sha1 == short_hash(entry.msgstr):
        return "flagged: " + "; ".join(found.notes)
    if policy.lang is None:
        return None
    codes = _errors(entry.msgid, entry.msgstr, policy.lang, policy.src_lang, policy.glossary)
    return f"fails {', '.join(codes)}" if codes else None


@lru_cache(maxsize=8192)
def _errors(source: str, target: str, lang: str, src_lang: str, glossary: Glossary | None) -> tuple[str, ...]:
    """The codes of the error-level pair checks failing on ``source`` -> ``target``, each once.

    Cached: every build of an article (text, Markdown, HTML, completion) asks for the same units.
    """
    issues = check_pair(source, target, lang=lang, glossary=glossary, src_lang=src_lang)
    return tuple(dict.fromkeys(i.code for i in issues if i.severity == "error"))


def is_markdown(doc: Document) -> bool:
    """True for a Markdown article (``Document.format``), whose units carry placeholder tokens."""
    return doc.format == "markdown"


def is_html(doc: Document) -> bool:
    """True for an HTML article (``Document.format``), whose units carry placeholder tokens."""
    return doc.format == "html"


@dataclass(frozen=True)
class Decision:
    """The publishing choice for one unit, with why a translation is not shown.

    Attributes:
        choice: what stands in for the unit (``choose``, after the token check).
        fault: ``machine_fault``'s reason when the entry's machine output is withheld, else None.
        error: why a translation the entry state allows is not shown (the fault, or for
            Markdown and HTML articles broken placeholder tokens), else None.
    """

    choice: Choice
    fault: str | None = None
    error: str | None = None


def decide(doc: Document, entries: Entries, policy: PublishPolicy = DEFAULT_POLICY) -> list[Decision]:
    """Return the ``Decision`` for every segment of ``doc``, in order: the one place a choice is made.

    ``choose`` per unit; for Markdown and HTML articles a shown translation whose tokens do not
    fit its unit (``l10n.formats.markdown.extract.token_error``) becomes ``Choice(seg.source,
    "fallback")`` with the error. ``l10n.localized.Localized`` keeps the result for a run.
    """
    out: list[Decision] = []
    tokens = doc.format != "text"
    if tokens:  # plain-text articles have no tokens: their queries need no Markdown module
        from l10n.formats.markdown.extract import token_error
    for seg in doc.segments:
        choice, fault = _choose(seg, entries.get((seg.context, seg.text)), policy)
        error = fault
        if error is None and tokens and choice.kind != "fallback":
            error = token_error(seg, choice.text)
        out.append(Decision(Choice(seg.source, "fallback"), fault, error) if error else Decision(choice))
    return out


def choose_checked(
    doc: Document, entries: Entries, policy: PublishPolicy = DEFAULT_POLICY
) -> list[tuple[Choice, str | None]]:
    """Return ``(choice, error)`` for every segment of ``doc``, in order (``decide``).

    ``choose``, with ``error`` saying why a translation the entry state allows is not shown:
    machine output at fault (``machine_fault``), or for Markdown and HTML articles a translation whose
    tokens do not fit its unit; such units are ``Choice(seg.source, "fallback")`` (else None).
    """
    return [(d.choice, d.error) for d in decide(doc, entries, policy)]


def withheld_units(doc: Document, entries: Entries, policy: PublishPolicy = DEFAULT_POLICY) -> list[Issue]:
    """Return one warning per unit whose machine output the build does not show (``machine_fault``).

    Returns:
        ``Issue`` values (severity ``warning``, code ``mt-withheld``) at the unit's source line
        in ``doc.path``, in document order; the message names the fault.
    """
    return withheld_of(doc, decide(doc, entries, policy))


def withheld_of(doc: Document, decisions: Sequence[Decision]) -> list[Issue]:
    """``withheld_units`` from decisions made already (``decide``)."""
    return [
        Issue(doc.path, seg.line, "warning", "mt-withheld", f"{d.fault}; English shown: {seg.text!r}")
        for seg, d in zip(doc.segments, decisions, strict=True)
        if d.fault is not None
    ]


def choose_all(doc: Document, entries: Entries, policy: PublishPolicy = DEFAULT_POLICY) -> list[Choice]:
    """Return the choice for every segment of ``doc``, in order: ``decide`` without the errors."""
    return [d.choice for d in decide(doc, entries, policy)]


def completion(doc: Document, entries: Entries, policy: PublishPolicy = DEFAULT_POLICY) -> float:
    """Return the percent (0-100) of the article's source words that a build would show translated.

    Words are counted on each unit's msgid (``l10n.status.word_count``). ``reviewed`` units
    count; ``machine`` and ``fuzzy`` units count when shown and ``policy.count_machine``.
    The choice is ``choose_all``'s, so a Markdown translation with broken tokens does not count.
    An article without words is 100% complete.
    """
    return completion_of(doc, choose_all(doc, entries, policy), policy)


def completion_of(doc: Document, choices: Sequence[Choice], policy: PublishPolicy = DEFAULT_POLICY) -> float:
    """``completion`` from choices made already (one per segment)."""
    total = done = 0
    for seg, choice in zip(doc.segments, choices, strict=True):
        words = word_count(seg.text)
        total += words
        if choice.kind == "reviewed" or (choice.kind != "fallback" and policy.count_machine):
            done += words
    return 100.0 if total == 0 else 100.0 * done / total


def fallback_percent(doc: Document, entries: Entries, policy: PublishPolicy = DEFAULT_POLICY) -> float:
    """Return the percent (0-100) of the article's source words that a build shows in the source language.

    Counted like ``completion`` (msgid words, ``choose_all``'s choices, so broken Markdown
    tokens count as fallback). ``100 - completion`` only when machine output counts; with
    ``count_machine`` off, shown machine units are neither complete nor fallback.
    An article without words has no fallback (0.0).
    """
    return fallback_of(doc, choose_all(doc, entries, policy))


def fallback_of(doc: Document, choices: Sequence[Choice]) -> float:
    """``fallback_percent`` from choices made already (one per segment)."""
    total = shown = 0
    for seg, choice in zip(doc.segments, choices, strict=True):
        words = word_count(seg.text)
        total += words
        if choice.kind == "fallback":
            shown += words
    return 0.0 if total == 0 else 100.0 * shown / total


def whole_percent(pct: float, *, up: bool = False) -> int:
    """Round a percentage for display: down by default (99.6 -> 99), up with ``up`` (0.4 -> 1).

    The one rounding rule for completion figures (``l10n status``, ``build/index.html``, the
    ``--min-complete`` message): rounded down, a page never reads 100% while a word is left.
    ``up`` is for shares that must not read 0% when there is some (fallback). A tolerance of
    1e-9 absorbs float noise (``100 * 29 / 29``-style results that land a hair off an integer).
    """
    return math.ceil(pct - 1e-9) if up else math.floor(pct + 1e-9)


def publishable(doc: Document, entries: Entries, policy: PublishPolicy = DEFAULT_POLICY) -> bool:
    """Return True when ``completion`` reaches ``policy.min_complete`` (always True at 0)."""
    return policy.min_complete <= 0.0 or completion(doc, entries, policy) >= policy.min_complete


def reaches(pct: float, policy: PublishPolicy) -> bool:
    """``publishable`` for a completion computed already (``completion_of``)."""
    return policy.min_complete <= 0.0 or pct >= policy.min_complete
