"""Fill a catalog's untranslated entries through an MT engine, never touching reviewed work.

Rules:

- Only entries with an empty msgstr are translated; obsolete entries never are.
- An existing translation (reviewed, fuzzy or machine) is never changed, except:

  - with ``retranslate_machine=True``: machine output that is still fuzzy and still hashes to
    the hash in its provenance comment (nobody edited it) is redone (``is_untouched_machine``,
    or the same after a source edit: ``l10n.catalog.catalog.Catalog.update`` drops the
    provenance of a reviewed message lent to a new msgid, so what keeps it is unreviewed);
  - *freshness*: after a source edit (the entry is fuzzy with a ``#| msgid``), unedited machine
    output (fuzzy, provenance hash matching the msgstr) that was made for an older msgid
    (its ``src:`` field is not the hash of the current msgid, or it has none) is translated
    again on the next run; the ``#| msgid`` stays, so a reviewer sees what changed. A reviewed
    translation (no provenance, or edited since) stays as the fuzzy suggestion and the fresh
    machine translation goes into its own comment line ``# l10n-mt-suggestion: <text>``,
    written once per source version (``update`` drops it when the msgid changes again;
    ``retranslate_machine`` redoes it) and replaced, never added to; the human msgstr gets no
    ``l10n-mt:`` line.
- Every automatic msgstr is flagged fuzzy and carries exactly one provenance comment
  (grammar, parsing and hashing in ``l10n.provenance``)::

      l10n-mt: <engine> <model-id>@<revision> sha1:<msgstr hash> src:<msgid hash>
          [ <key>:<value>] conf:<0.00-1.00>[; <notes>]

- ``conf:`` is the confidence of the engine output (``scorer``, by default the engine's own
  ``score``: exp of the mean token log-probability of the output, see ``l10n.mt``), computed on
  the masked text the model saw and wrote (of the output kept, first or retry; a retry output's
  is computed only once an entry takes it, ``_retry_pass``). It is left out when it cannot be
  computed.

- Units without letters (``"13,000"``, ``"2016"``, a URL alone) never reach the model:
  numbers are rewritten in the target locale's format (``l10n.numbers``, CLDR via Babel:
  en ``13,000`` -> vi ``13.000``), the rest copied. They count as *copied* and carry the
  provenance ``l10n-mt: copy babel@<version> ...`` so a reviewer still confirms them.
- Inline placeholders, URLs and e-mail addresses are masked around the engine (``l10n.translate.protect``).
- With glossary ``terms`` (the language's rules where the config injects them), do-not-translate
  terms are masked and put back as written, and terms with a fixed translation are masked and
  replaced by their target form, so the glossary checks pass by construction; the provenance
  counts them (``gloss:<n>``).
- All-caps units (``l10n.checks.output.is_all_caps``) are sent sentence-cased and their output
  put back into capitals where the target script has case (``l10n.translate.case``); the
  provenance says ``case:upper``.
- An empty engine output is a *failure*: msgstr stays empty (so the next run retries it) and
  the entry gets the provenance comment with the note ``empty output``, which Poedit shows.
- An output that fails the loop check (``l10n.checks.output.find_loop``: an n-gram repeated
  back to back, or the output stopped at its length bound), the length check
  (``length-ratio``) or lost a protected token (a mask that did not come back, a
  ``placeholder-mismatch``) is decoded once more with the retry setting
  (``DecodingOptions.for_retry``: another beam, an n-gram ban, a repetition penalty); the
  retry's output is taken when it has fewer faults (provenance ``retry:<fault>``).
- Output still failing, or failing an error-level QA check (the ``check`` argument; the
  pipeline passes ``l10n.checks.registry.check_pair``), is kept as a fuzzy suggestion whose
  provenance notes name every fault; it counts as *flagged* (and as translated). No build
  shows it (``l10n.publish.policy``).

- With a translation memory (``l10n.translate.tm``), an entry whose exact source (msgid and msgctxt) is
  translated in another catalog of the language takes that translation instead of the
  engine's, fuzzy, with a ``l10n-mt: tm-reviewed|tm-machine <catalog>:<line> sha1:...``
  comment; it counts as *reused*. Fresh clean machine output is added to the memory, so a
  later catalog of the same run reuses it. Units without letters never consult the memory.
- Units with the same masked text are sent to the engine once.

How (``translate_catalog``): *plan* (``l10n.translate.select.plan_catalog``: which entries,
copies, memory reuse, suggestions, masked texts and batches, as one value), *execute* (the
plan's batches go to an executor, ``l10n.translate.executor``, whose results carry outputs and
confidences together), *apply* (copies and reuses written, each batch's outputs judged by
``l10n.translate.judge``, retried, stored, added to the memory, checkpointed). The executor is
created through ``engine_factory`` at most once, and only when some entry needs the model (not
when the memory covers every such entry).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

import babel

from l10n.model import Entry, Issue
from l10n.mt import Engine, Scorer
from l10n.numbers import localize_numbers
from l10n.options import TranslateStats
from l10n.provenance import (
    FIELD_CASE,
    FIELD_GLOSSARY,
    FIELD_RETRY,
    FIELD_SOURCE,
    confidence_field,
    format_provenance,
    short_hash,
)
from l10n.translate.executor import Batch, Executor, LateScoring, Scored
from l10n.translate.executor.local import LocalExecutor
from l10n.translate.judge import RETRIED_FAULTS, Context, Judged, PairCheck, check_notes, judge
from l10n.translate.progress import BatchProgress
from l10n.translate.protect import mask, unmask
from l10n.translate.select import Item, Lookahead, Plan, catalog_path, is_untouched_machine, plan_catalog

if TYPE_CHECKING:
    from l10n.glossary import Glossary, TermRule
    from l10n.translate.tm import Match, TranslationMemory

SLICE = 32
"""Units per engine call (batch); progress and checkpoints come after each batch."""


class CatalogLike(Protocol):
    """The part of ``l10n.catalog.catalog.Catalog`` this module uses."""

    def entries(self) -> list[Entry]:
        """The active entries in file order (obsolete ones only on request, never by this module)."""
        ...

    def set_translation(
        self, msgid: str, msgctxt: str | None, msgstr: str, *, fuzzy: bool, comment: str | None
    ) -> None:
        """Set an entry's msgstr and fuzzy flag; ``comment`` replaces any earlier ``l10n-mt:`` line."""
        ...

    def set_suggestion(self, msgid: str, msgctxt: str | None, text: str) -> None:
        """Replace the entry's ``l10n-mt-suggestion:`` line with one for ``text``."""
        ...


def translate_catalog(
    catalog: CatalogLike,
    engine_factory: Callable[[], Engine | Executor],
    *,
    lang: str,
    glossary: Glossary | None = None,
    retranslate_machine: bool = False,
    progress: Callable[[int], None] | None = None,
    source_lang: str = "en",
    memory: TranslationMemory | None = None,
    check: PairCheck | None = None,
    checkpoint: Callable[[int], None] | None = None,
    scorer: Scorer | None = None,
    lookahead: Lookahead | None = None,
    terms: Sequence[TermRule] = (),
    step: Callable[[str], None] | None = None,
) -> TranslateStats:
    """Fill the untranslated entries of ``catalog`` (in place); return ``TranslateStats``.

    Args:
        catalog: the target-language catalog (``l10n.catalog.catalog.Catalog``).
        engine_factory: makes the executor (``l10n.translate.executor.Executor``) or an engine (run
            by a ``LocalExecutor``: a ``DecodingEngine`` gets retries); called once, if an entry needs it.
        lang, source_lang: BCP 47 tags of the target and the msgids (``"vi"``, ``"en"``).
        glossary: passed to ``check``; retranslate_machine: also redo untouched machine output.
        progress: called with the number of entries just finished (while a batch runs on the local
            executor, decoded: ``l10n.translate.progress``); step: called with a step's label.
        memory: the language's translation memory (consulted first, given fresh output) or None.
        check: QA check of each output (``l10n.checks.registry.check_pair``; an error flags it) or None.
        checkpoint: called after each batch (``SLICE`` units) with the entries just filled (the
            caller may save the catalog there; its errors propagate).
        scorer: gives a factory-made engine's outputs their ``conf:`` (``l10n.mt.Scorer``); None:
            the engine's own ``score`` (none without one). An executor scores with its engine.
        lookahead: the language's ``Lookahead`` (same ``memory``, ``retranslate_machine``, ``terms``:
            glossary rules masked around the engine), so the next catalogs' batches start early.

    Raises:
        ModelUnavailableError, ModelError: from ``engine_factory`` or the engine.
        ConfigError: ``lang`` is not a CLDR locale (when numbers are localised).
    """
    started = time.perf_counter()
    ctx = Context(path=catalog_path(catalog), lang=lang, glossary=glossary, check=check)
    ahead = lookahead or _lookahead_of(catalog, memory, retranslate_machine, terms)
    plan, early = ahead.plan(catalog, SLICE)
    stats, bar = TranslateStats(skipped=plan.skipped), BatchProgress(lang, progress, step)
    try:
        _apply_copies(catalog, stats, plan.copies, source_lang, lang, progress)
        _apply_reuses(catalog, stats, plan.reuses, ctx.path, progress)
        if plan.batches:
            made = engine_factory()
            executor = made if isinstance(made, Executor) else LocalExecutor(made, scorer)
            results = early if early is not None else executor.run_batches(plan.batches)
            ahead.prefetch(executor, SLICE)  # the next catalogs' batches start meanwhile
            for batch, scored in zip(plan.batches, _watched(executor, plan, results, bar), strict=True):
                done = _apply_batch(catalog, stats, executor, plan, batch, scored, ctx, memory, bar.retrying)
                _report(done, bar.end, checkpoint)
    finally:
        ahead.done(catalog)
    stats.seconds = time.perf_counter() - started
    return stats


def pending(catalog: CatalogLike, *, retranslate_machine: bool = False) -> int:
    """How many entries ``translate_catalog`` will report to ``progress`` for ``catalog`` (a bar's total).

    Every entry its plan fills (empty, stale or, with ``retranslate_machine``, untouched machine
    output), copies, reuses or suggests for (``l10n.translate.select.plan_catalog``); a
    translation memory only moves entries between those.
    """
    plan = plan_catalog(catalog.entries(), path="", size=SLICE, retranslate_machine=retranslate_machine)
    return len(plan.copies) + len(plan.reuses) + sum(len(items) for items in plan.groups.values())


def _lookahead_of(
    catalog: CatalogLike,
    memory: TranslationMemory | None,
    retranslate_machine: bool,
    terms: Sequence[TermRule],
) -> Lookahead:
    """A ``Lookahead`` planning ``catalog`` alone (``translate_catalog`` without one)."""
    return Lookahead([catalog], memory=memory, retranslate_machine=retranslate_machine, terms=terms)


def _watched(
    executor: Executor, plan: Plan, results: Iterator[Scored], bar: BatchProgress
) -> Iterator[Scored]:
    """``results`` in order, ``bar`` told each batch's entries before it runs and, on the local
    executor, its steps (``LocalExecutor.watch``, set for this catalog only)."""
    local = executor if isinstance(executor, LocalExecutor) else None
    if local is not None:
        local.watch = bar.watch
    try:
        for batch in plan.batches:
            bar.begin(sum(len(plan.groups[text]) for text in batch.texts))
            yield next(results)
    finally:
        if local is not None:
            local.watch = None


def _report(done: int, *sinks: Callable[[int], None] | None) -> None:
    """Tell each sink (progress, then checkpoint) that ``done`` more entries are filled."""
    for sink in sinks:
        if sink is not None:
            sink(done)


def _apply_copies(
    catalog: CatalogLike,
    stats: TranslateStats,
    copies: tuple[Entry, ...],
    source_lang: str,
    lang: str,
    progress: Callable[[int], None] | None,
) -> None:
    """Write the plan's copies (units without letters); count them copied or skipped."""
    for entry in copies:
        if _copy(catalog, entry, source_lang, lang):
            stats.copied += 1
        else:
            stats.skipped += 1
    if copies and progress:
        progress(len(copies))


def _apply_reuses(
    catalog: CatalogLike,
    stats: TranslateStats,
    reuses: tuple[tuple[Entry, Match], ...],
    path: str,
    progress: Callable[[int], None] | None,
) -> None:
    """Write the plan's memory matches, fuzzy with their ``tm-*`` provenance; count them."""
    for entry, match in reuses:
        if _set(catalog, entry, match.msgstr, fuzzy=True, comment=match.provenance(_source_field(entry))):
            stats.reused += 1
        else:
            stats.skipped += 1
    if reuses and progress:
        progress(len(reuses))


def _apply_batch(
    catalog: CatalogLike,
    stats: TranslateStats,
    executor: Executor,
    plan: Plan,
    batch: Batch,
    scored: Scored,
    ctx: Context,
    memory: TranslationMemory | None,
    retrying: Callable[[int], None],
) -> int:
    """Judge one batch's results, retry the failed outputs once (``retrying`` told how many texts
    first), store every entry; return the count."""
    groups = plan.groups
    first = zip(batch.texts, scored.outputs, scored.scores, strict=True)
    judged = {text: [judge(item, out, conf, ctx) for item in groups[text]] for text, out, conf in first}
    again = tuple(text for text in batch.texts if any(j.retry for j in judged[text] if j.text))
    second: dict[str, list[Judged]] = {}
    if again and executor.retry is not None:
        retrying(len(again))
        second = _retry_pass(executor, plan, again, judged, ctx)
    done = 0
    for text in batch.texts:
        for index, item in enumerate(groups[text]):
            done += 1
            kept, retry = judged[text][index], None
            if text in second:
                stats.retried += 1
                retry = second[text][index]
            stored = _store(catalog, stats, executor, item, kept, retry, ctx)
            if stored is not None and memory is not None:
                memory.add(ctx.path, stored)
    return done


def _retry_pass(
    executor: Executor, plan: Plan, again: tuple[str, ...], judged: dict[str, list[Judged]], ctx: Context
) -> dict[str, list[Judged]]:
    """Decode ``again`` with the retry options and judge each entry's retry output.

    The confidence of a retry output matters only where an entry takes it (``_takes_retry``, a
    judgement on faults alone): an executor that can score later (``LateScoring``) decodes the
    retry unscored, then scores only the outputs some entry takes, in one call, over the pieces
    their decode produced (the value an in-decode pass gives); the others are never scored.
    """
    late = executor if isinstance(executor, LateScoring) else None
    batch = Batch(again, executor.retry, unscored=late is not None)
    retried = next(iter(executor.run_batches([batch], first=True)))
    second = {
        text: [judge(item, output, conf, ctx) for item in plan.groups[text]]
        for text, output, conf in zip(again, retried.outputs, retried.scores, strict=True)
    }
    kept = [
        i
        for i, text in enumerate(again)
        if retried.outputs[i].unscored is not None
        and any(_takes_retry(one, two) for one, two in zip(judged[text], second[text], strict=True))
    ]
    if late is not None and kept:
        found = late.score_unscored([retried.outputs[i] for i in kept])
        for i, conf in zip(kept, found, strict=True):
            second[again[i]] = [replace(j, conf=conf) for j in second[again[i]]]
    return second


def _takes_retry(first: Judged, retried: Judged) -> bool:
    """True when an entry takes its retry output: not empty, and fewer faults than the first."""
    return bool(retried.text) and (not first.text or len(retried.faults) < len(first.faults))


def _source_field(entry: Entry) -> list[tuple[str, str]]:
    """The provenance field naming the msgid a text translates (the freshness rule)."""
    return [(FIELD_SOURCE, short_hash(entry.msgid))]


def _copy(catalog: CatalogLike, entry: Entry, source_lang: str, lang: str) -> bool:
    """Fill a unit without letters: numbers in the target's format, everything else as it is."""
    masked = mask(entry.msgid)
    text = unmask(masked, localize_numbers(masked.text, source_lang, lang)).text
    comment = format_provenance("copy", "babel", babel.__version__, text, fields=_source_field(entry))
    return _set(catalog, entry, text, fuzzy=True, comment=comment)


def _set(catalog: CatalogLike, entry: Entry, msgstr: str, *, fuzzy: bool, comment: str) -> bool:
    """Write one entry; False when the catalog refuses it (plural entries of third-party catalogs)."""
    try:
        catalog.set_translation(entry.msgid, entry.msgctxt, msgstr, fuzzy=fuzzy, comment=comment)
    except ValueError:
        return False
    return True


def _store(
    catalog: CatalogLike,
    stats: TranslateStats,
    engine: Executor,
    item: Item,
    first: Judged,
    retried: Judged | None,
    ctx: Context,
) -> Entry | None:
    """Write the better of the first and the retried output (or the failure note) into the catalog.

    The retry's output is taken when it is not empty and has fewer faults than the first.

    Returns:
        The entry as written when the output was stored into the msgstr without any note, else None.
    """
    entry, line = item.entry, item.entry.line
    chosen, fields = first, _source_field(entry)
    if item.upper:
        fields.append((FIELD_CASE, "upper"))
    glossed = sum(1 for span in item.masked.spans if span.glossary)
    if glossed:
        fields.append((FIELD_GLOSSARY, str(glossed)))
    if retried is not None and _takes_retry(first, retried):
        chosen = retried
        fields.append((FIELD_RETRY, next(f.kind for f in first.faults if f.kind in RETRIED_FAULTS)))
    if chosen.conf is not None:
        fields.append(confidence_field(chosen.conf))
    if not chosen.text:
        stats.failed += 1
        stats.issues.append(Issue(ctx.path, line, "warning", "mt-empty", f"{engine.name} returned nothing"))
        if not entry.msgstr:  # never erase earlier machine output on retranslation
            comment = format_provenance(
                engine.name, engine.model_id, engine.revision, "", notes=["empty output"]
            )
            _set(catalog, entry, "", fuzzy=False, comment=comment)
        return None
    notes = [f.note for f in chosen.faults]
    if notes and retried is not None:
        notes.append("retry failed too")
    if notes:
        stats.flagged += 1
        stats.issues.append(Issue(ctx.path, line, "warning", "mt-flagged", "; ".join(notes)))
    if item.suggest:
        catalog.set_suggestion(entry.msgid, entry.msgctxt, chosen.text)
        stats.suggested += 1
        return None
    comment = format_provenance(
        engine.name, engine.model_id, engine.revision, chosen.text, fields=fields, notes=notes
    )
    if not _set(catalog, entry, chosen.text, fuzzy=True, comment=comment):
        stats.skipped += 1
        return None
    stats.translated += 1
    if notes:
        return None
    return replace(entry, msgstr=chosen.text, fuzzy=True, machine=True, previous_msgid=None, tcomment=comment)


__all__ = [
    "SLICE",
    "CatalogLike",
    "TranslateStats",
    "check_notes",
    "is_untouched_machine",
    "pending",
    "short_hash",
    "translate_catalog",
]
