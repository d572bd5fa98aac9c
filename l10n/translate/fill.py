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
  the masked text the model saw and wrote (of the output kept, first or retry). It is left out
  when it cannot be computed.

- Units without letters (``"13,000"``, ``"2016"``, a URL alone) never reach the model:
  numbers are rewritten in the target locale's format (``l10n.numbers``, CLDR via Babel:
  en ``13,000`` -> vi ``13.000``), the rest copied. They count as *copied* and carry the
  provenance ``l10n-mt: copy babel@<version> ...`` so a reviewer still confirms them.
- Inline placeholders, URLs and e-mail addresses are masked around the engine (``l10n.translate.protect``).
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

The engine is created through ``engine_factory`` at most once, and only when some entry
needs the model (not when the memory covers every such entry).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

import babel

from l10n.checks.output import find_loop, is_all_caps
from l10n.errors import ModelError
from l10n.model import Entry, Issue
from l10n.mt import DecodingEngine, DecodingOptions, Output, Scorer
from l10n.numbers import localize_numbers
from l10n.provenance import (
    FIELD_CASE,
    FIELD_RETRY,
    FIELD_SOURCE,
    confidence_field,
    format_provenance,
    provenance_of,
    short_hash,
    suggestion_of,
)
from l10n.translate.case import sentence_case, upper_case
from l10n.translate.protect import Masked, mask, unmask, unprotected_text

if TYPE_CHECKING:
    from l10n.glossary import Glossary
    from l10n.mt import Engine
    from l10n.translate.tm import TranslationMemory

SLICE = 32
"""Units per ``engine.translate`` call; progress is reported after each slice."""

RETRIED_FAULTS = ("loop", "length", "lost-token")
"""Fault kinds that send an output to the retry decoding (``DecodingOptions.for_retry``)."""

_RETRIED_CHECKS = {"placeholder-mismatch": "lost-token", "length-ratio": "length", "repetition": "loop"}
"""Pair-check codes that are retried faults (``length-ratio`` although only a warning)."""


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


class PairCheck(Protocol):
    """A QA check of one source/translation pair, as ``l10n.checks.registry.check_pair``.

    Called with the msgid, the restored engine output, the BCP 47 target tag and the glossary;
    returns the problems found. ``severity == "error"`` issues flag the output; ``length-ratio``
    warnings send it to the retry.
    """

    def __call__(
        self, source: str, target: str, *, lang: str, glossary: Glossary | None = None
    ) -> list[Issue]:
        """Return the issues of the pair ``source`` -> ``target`` in language ``lang``."""
        ...


@dataclass(frozen=True)
class _Context:
    """What judging one engine output needs besides the entry: fixed for a whole catalog."""

    path: str
    lang: str
    glossary: Glossary | None
    check: PairCheck | None
    scorer: Scorer | None = None


@dataclass(frozen=True)
class _Item:
    """One entry on its way to the engine.

    Attributes:
        entry: the catalog entry.
        masked: what the engine sees (sentence-cased first when ``upper``).
        upper: the msgid is all capitals; the output is upper-cased back.
        suggest: the output goes into the ``l10n-mt-suggestion:`` line, not the msgstr.
    """

    entry: Entry
    masked: Masked
    upper: bool = False
    suggest: bool = False


@dataclass(frozen=True)
class _Fault:
    """What is wrong with one output: ``kind`` (a ``RETRIED_FAULTS`` kind, or ``check``) and the note."""

    kind: str
    note: str


@dataclass(frozen=True)
class _Judged:
    """One output restored and judged for one entry."""

    text: str
    faults: tuple[_Fault, ...]
    conf: float | None = None

    @property
    def retry(self) -> bool:
        return any(f.kind in RETRIED_FAULTS for f in self.faults)


@dataclass
class TranslateStats:
    """What ``translate_catalog`` did (counts are entries; ``seconds`` is wall time).

    Attributes:
        translated: entries filled with engine output (flagged ones included).
        copied: entries without letters, copied with numbers localised.
        flagged: engine outputs kept with a note (lost mask, loop, length, failed check).
        skipped: entries left alone because they already had a translation.
        reused: entries filled from the translation memory (never sent to the engine).
        failed: entries the engine returned nothing for (msgstr stays empty).
        retried: entries whose first output failed and was decoded again.
        suggested: reviewed entries of a changed source given an ``l10n-mt-suggestion:`` line.
        seconds: wall time of the whole call.
        issues: one warning per flagged or failed entry (``path`` is the catalog's, if known).
    """

    translated: int = 0
    copied: int = 0
    flagged: int = 0
    skipped: int = 0
    reused: int = 0
    failed: int = 0
    retried: int = 0
    suggested: int = 0
    seconds: float = 0.0
    issues: list[Issue] = field(default_factory=list)


def is_untouched_machine(entry: Entry) -> bool:
    """True when ``entry`` is fuzzy machine output whose msgstr still matches its provenance hash.

    An entry that is fuzzy because its source changed (it has a previous msgid) is not: see
    ``is_stale_machine`` for those.
    """
    return entry.previous_msgid is None and _unedited_machine(entry)


def is_stale_machine(entry: Entry) -> bool:
    """True when ``entry`` is unedited machine output made for an older msgid (the freshness rule).

    The entry is fuzzy with a previous msgid (``#| msgid``: its source changed), its msgstr
    still hashes to its provenance hash, and the provenance's ``src:`` field is not the hash of
    the current msgid (older lines have no such field).
    """
    if entry.previous_msgid is None or not _unedited_machine(entry):
        return False
    found = provenance_of(entry)
    return found is not None and found.field(FIELD_SOURCE) != short_hash(entry.msgid)


def _unedited_machine(entry: Entry) -> bool:
    if entry.obsolete or not entry.msgstr or not entry.fuzzy:
        return False
    found = provenance_of(entry)
    return found is not None and found.sha1 == short_hash(entry.msgstr)


def _wants_suggestion(entry: Entry, retranslate_machine: bool) -> bool:
    """A reviewed translation of an older source: fuzzy, a ``#| msgid``, not unedited machine output."""
    if entry.obsolete or not entry.msgstr or not entry.fuzzy or entry.previous_msgid is None:
        return False
    if _unedited_machine(entry):
        return False
    return retranslate_machine or suggestion_of(entry) is None


NOTE_MESSAGES = 3
"""At most this many issue messages per check code in one provenance note; the rest are counted."""


def check_notes(issues: list[Issue]) -> list[str]:
    """Return one provenance note per check code of ``issues``, naming what failed.

    ``check <code>: <message> / <message>`` with the ``Issue`` messages in order (the same text
    ``l10n check`` prints), at most ``NOTE_MESSAGES`` of them and then ``(+N more)``, so a
    reviewer reads in Poedit which number or placeholder failed:
    ``check number-mismatch: number '2,200,112' missing in translation``. One line each;
    ``format_provenance`` keeps ``;`` out of a note.
    """
    by_code: dict[str, list[str]] = {}
    for issue in issues:
        messages = by_code.setdefault(issue.code, [])
        if issue.message not in messages:
            messages.append(issue.message)
    notes = []
    for code, messages in by_code.items():
        shown = " / ".join(messages[:NOTE_MESSAGES])
        more = f" (+{len(messages) - NOTE_MESSAGES} more)" if len(messages) > NOTE_MESSAGES else ""
        notes.append(f"check {code}: {shown}{more}" if shown else f"check {code}")
    return notes


def translate_catalog(
    catalog: CatalogLike,
    engine_factory: Callable[[], Engine],
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
) -> TranslateStats:
    """Fill the untranslated entries of ``catalog`` (in place) with machine translation.

    Args:
        catalog: the target-language catalog (``l10n.catalog.catalog.Catalog``).
        engine_factory: makes the engine; called at most once, and only if an entry needs it.
            A ``DecodingEngine`` (both real engines) also gets failed outputs retried and
            reports outputs that stopped at their length bound; a plain ``Engine`` does not.
        lang: BCP 47 target tag (``"vi"``).
        glossary: passed to ``check``.
        retranslate_machine: also redo untouched machine output (see the module docstring).
        progress: called with the number of entries just finished, as work proceeds.
        source_lang: BCP 47 tag of the msgids (for reading numbers).
        memory: exact-match translation memory of the language, consulted before the engine
            and given this catalog's fresh machine output; None for none.
        check: QA check run on each engine output (``l10n.checks.registry.check_pair`` in the
            pipeline); an error-level issue flags the output. None runs no check.
        checkpoint: called after each engine call (every ``SLICE`` distinct units) with the
            number of entries just filled; the caller may save the catalog there, so a killed
            run keeps what was done (errors it raises propagate).
        scorer: what gives each engine output its ``conf:`` (``l10n.mt.Scorer``); None: the
            engine's own ``score``, or no confidence for an engine without one.

    Returns:
        ``TranslateStats``.

    Raises:
        ModelUnavailableError, ModelError: from ``engine_factory`` or the engine.
        ConfigError: ``lang`` is not a CLDR locale (when numbers are localised).
    """
    started = time.perf_counter()
    stats = TranslateStats()
    path = str(getattr(catalog, "path", "") or "")
    todo: list[Entry] = []
    suggest: list[_Item] = []
    for entry in catalog.entries():
        if entry.obsolete:
            continue
        if not entry.msgstr or is_stale_machine(entry) or (retranslate_machine and _unedited_machine(entry)):
            todo.append(entry)
        elif _wants_suggestion(entry, retranslate_machine) and _has_words(entry.msgid):
            suggest.append(_item(entry, suggest=True))
        else:
            stats.skipped += 1

    machine: list[_Item] = []
    copy_path = 0
    for entry in todo:
        if _has_words(entry.msgid):
            machine.append(_item(entry))
            continue
        copy_path += 1
        if _copy(catalog, entry, source_lang, lang):
            stats.copied += 1
        else:
            stats.skipped += 1
    if copy_path and progress:
        progress(copy_path)

    if memory is not None and machine:
        machine = _reuse(catalog, stats, memory, machine, path)
        if stats.reused and progress:
            progress(stats.reused)

    machine += suggest
    if machine:
        engine = engine_factory()
        ctx = _Context(path=path, lang=lang, glossary=glossary, check=check, scorer=scorer)
        # One engine input per distinct masked text; similar lengths share model batches.
        groups: dict[str, list[_Item]] = {}
        for item in machine:
            groups.setdefault(item.masked.text, []).append(item)
        texts = sorted(groups, key=len)
        for start in range(0, len(texts), SLICE):
            part = texts[start : start + SLICE]
            done = _translate_slice(catalog, stats, engine, part, groups, ctx, memory)
            if progress:
                progress(done)
            if checkpoint:
                checkpoint(done)
    stats.seconds = time.perf_counter() - started
    return stats


def _confidences(scorer: object, sources: list[str], outputs: list[str]) -> list[float | None]:
    """Score the non-empty outputs (one ``score`` call); None where there is no value."""
    score = getattr(scorer, "score", None)
    scored = [i for i, out in enumerate(outputs) if out.strip()]
    result: list[float | None] = [None] * len(outputs)
    if score is None or not scored:
        return result
    values = score([sources[i] for i in scored], [outputs[i] for i in scored])
    if len(values) != len(scored):
        raise ModelError(f"the scorer returned {len(values)} values for {len(scored)} outputs")
    for i, value in zip(scored, values, strict=True):
        result[i] = float(value) if 0.0 <= value <= 1.0 else None  # nan: not computable
    return result


def _has_words(msgid: str) -> bool:
    """True when the msgid has letters outside its protected spans (it needs the engine)."""
    return any(ch.isalpha() for ch in unprotected_text(msgid))


def _item(entry: Entry, *, suggest: bool = False) -> _Item:
    """Prepare ``entry`` for the engine: all-caps sources sentence-cased, protected spans masked."""
    upper = is_all_caps(entry.msgid)
    return _Item(entry, mask(sentence_case(entry.msgid) if upper else entry.msgid), upper, suggest)


def run_engine(engine: Engine, texts: Sequence[str], options: DecodingOptions | None = None) -> list[Output]:
    """Call ``engine`` on ``texts``: ``translate_outputs`` of a ``DecodingEngine``, else ``translate``.

    Raises:
        ModelError: the engine returned a different number of outputs, or failed.
    """
    if isinstance(engine, DecodingEngine):
        outputs = engine.translate_outputs(texts, options)
    else:
        outputs = [Output(text) for text in engine.translate(texts)]
    if len(outputs) != len(texts):
        raise ModelError(f"{engine.name} returned {len(outputs)} outputs for {len(texts)} inputs")
    return outputs


def _retry_options(engine: Engine) -> DecodingOptions | None:
    """The engine's retry decoding, or None when the engine cannot retry or retries are off."""
    options = getattr(engine, "options", None)
    if not isinstance(engine, DecodingEngine) or not isinstance(options, DecodingOptions):
        return None
    return options.for_retry() if options.retry.enabled else None


def _translate_slice(
    catalog: CatalogLike,
    stats: TranslateStats,
    engine: Engine,
    part: list[str],
    groups: dict[str, list[_Item]],
    ctx: _Context,
    memory: TranslationMemory | None,
) -> int:
    """Translate one slice of distinct texts (retrying failed outputs once) and store every entry."""
    outputs = run_engine(engine, part)
    confs = _confidences(ctx.scorer or engine, part, [o.text for o in outputs])
    first = {text: (out, conf) for text, out, conf in zip(part, outputs, confs, strict=True)}
    judged = {text: [_judge(item, *first[text], ctx) for item in groups[text]] for text in part}
    again = [text for text in part if any(j.retry for j in judged[text] if j.text)]
    retry = _retry_options(engine)
    second: dict[str, list[_Judged]] = {}
    if again and retry is not None:
        outputs = run_engine(engine, again, retry)
        confs = _confidences(ctx.scorer or engine, again, [o.text for o in outputs])
        for text, output, conf in zip(again, outputs, confs, strict=True):
            second[text] = [_judge(item, output, conf, ctx) for item in groups[text]]
    done = 0
    for text in part:
        for index, item in enumerate(groups[text]):
            done += 1
            kept, retried = judged[text][index], None
            if text in second:
                stats.retried += 1
                retried = second[text][index]
            stored = _store(catalog, stats, engine, item, kept, retried, ctx)
            if stored is not None and memory is not None:
                memory.add(ctx.path, stored)
    return done


def _judge(item: _Item, output: Output, conf: float | None, ctx: _Context) -> _Judged:
    """Restore one output for one entry (masks, capitals) and list its faults (``conf``: its confidence)."""
    restored = unmask(item.masked, output.text.strip())
    text = restored.text.strip()
    if item.upper and text:
        text = upper_case(text, ctx.lang)
    if not text:
        return _Judged("", (), conf)
    faults: list[_Fault] = []
    if restored.missing:
        faults.append(_Fault("lost-token", "lost " + ", ".join(restored.missing)))
    loop = find_loop(item.entry.msgid, text, at_bound=output.at_bound)
    if loop:
        faults.append(_Fault("loop", loop))
    if ctx.check is not None:
        failed: dict[str, str] = {}
        issues: list[Issue] = []
        for issue in ctx.check(item.entry.msgid, text, lang=ctx.lang, glossary=ctx.glossary):
            if issue.severity == "error" or issue.code in _RETRIED_CHECKS:
                if loop and issue.code == "repetition":
                    continue  # one loop, one note
                failed.setdefault(issue.code, _RETRIED_CHECKS.get(issue.code, "check"))
                issues.append(issue)
        if failed:
            kinds = list(failed.values())
            kind = "check" if "check" in kinds else kinds[0]  # not retried if any failure is not
            faults.extend(_Fault(kind, note) for note in check_notes(issues))
    return _Judged(text, tuple(faults), conf)


def _reuse(
    catalog: CatalogLike,
    stats: TranslateStats,
    memory: TranslationMemory,
    machine: list[_Item],
    path: str,
) -> list[_Item]:
    """Fill entries the memory knows; return the ones still needing the engine."""
    rest: list[_Item] = []
    for item in machine:
        entry = item.entry
        match = memory.lookup(entry.msgid, entry.msgctxt, exclude=path)
        if match is None:
            rest.append(item)
        elif _set(catalog, entry, match.msgstr, fuzzy=True, comment=match.provenance(_source_field(entry))):
            stats.reused += 1
        else:
            stats.skipped += 1
    return rest


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
    engine: Engine,
    item: _Item,
    first: _Judged,
    retried: _Judged | None,
    ctx: _Context,
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
    if retried is not None and retried.text and (not first.text or len(retried.faults) < len(first.faults)):
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
