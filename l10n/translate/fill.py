"""Fill a catalog's untranslated entries through an MT engine, never touching reviewed work.

Rules:

- Only entries with an empty msgstr are translated; obsolete entries never are.
- An existing translation (reviewed, fuzzy or machine) is never changed, except with
  ``retranslate_machine=True``: machine output that is still fuzzy and still hashes to the
  hash in its provenance comment (nobody edited it) is redone.
- Every automatic msgstr is flagged fuzzy and carries exactly one provenance comment
  (grammar, parsing and hashing in ``l10n.provenance``)::

      l10n-mt: <engine> <model-id>@<revision> sha1:<8 hex of sha1 of the msgstr> conf:<0.00-1.00>[; <notes>]

- ``conf:`` is the confidence of the engine output (``scorer``, by default the engine's own
  ``score``: exp of the mean token log-probability of the output, see ``l10n.mt``), computed on
  the masked text the model saw and wrote. It is left out when it cannot be computed.

- Units without letters (``"13,000"``, ``"2016"``, a URL alone) never reach the model:
  numbers are rewritten in the target locale's format (``l10n.numbers``, CLDR via Babel:
  en ``13,000`` -> vi ``13.000``), the rest copied. They count as *copied* and carry the
  provenance ``l10n-mt: copy babel@<version> ...`` so a reviewer still confirms them.
- Inline placeholders, URLs and e-mail addresses are masked around the engine (``l10n.translate.protect``).
- An empty engine output is a *failure*: msgstr stays empty (so the next run retries it) and
  the entry gets the provenance comment with the note ``empty output``, which Poedit shows.
- Output that lost a protected span, loops (a phrase repeated back to back that the source
  does not repeat: ``l10n.checks.output.repeated_phrase``) or fails an error-level QA check
  (the ``check`` argument; the pipeline passes ``l10n.checks.registry.check_pair``) is kept as
  a fuzzy suggestion whose comment names what failed, each failed check with its messages
  (``check number-mismatch: number '2,200,112' missing in translation``, ``check_notes``);
  it counts as *flagged* (and as translated).

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
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

import babel

from l10n.checks.output import repeated_phrase
from l10n.checks.pair import masked as blank_protected
from l10n.errors import ModelError
from l10n.model import Entry, Issue
from l10n.numbers import localize_numbers
from l10n.provenance import confidence_field, format_provenance, provenance_of, short_hash
from l10n.translate.protect import Masked, mask, unmask, unprotected_text

if TYPE_CHECKING:
    from l10n.glossary import Glossary
    from l10n.mt import Engine, Scorer
    from l10n.translate.tm import TranslationMemory

SLICE = 32
"""Units per ``engine.translate`` call; progress is reported after each slice."""


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


class PairCheck(Protocol):
    """A QA check of one source/translation pair, as ``l10n.checks.registry.check_pair``.

    Called with the msgid, the restored engine output, the BCP 47 target tag and the glossary;
    returns the problems found. Only ``severity == "error"`` issues flag the output.
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


@dataclass
class TranslateStats:
    """What ``translate_catalog`` did (counts are entries; ``seconds`` is wall time).

    Attributes:
        translated: entries filled with engine output (flagged ones included).
        copied: entries without letters, copied with numbers localised.
        flagged: engine outputs kept with a note (lost mask, repetition, failed check).
        skipped: entries left alone because they already had a translation.
        reused: entries filled from the translation memory (never sent to the engine).
        failed: entries the engine returned nothing for (msgstr stays empty).
        seconds: wall time of the whole call.
        issues: one warning per flagged or failed entry (``path`` is the catalog's, if known).
    """

    translated: int = 0
    copied: int = 0
    flagged: int = 0
    skipped: int = 0
    reused: int = 0
    failed: int = 0
    seconds: float = 0.0
    issues: list[Issue] = field(default_factory=list)


def is_untouched_machine(entry: Entry) -> bool:
    """True when ``entry`` is fuzzy machine output whose msgstr still matches its provenance hash.

    An entry that is fuzzy because its source changed (it has a previous msgid) is not: it may
    have been reviewed before the change, and the fuzzy flag no longer tells.
    """
    if entry.obsolete or not entry.msgstr or not entry.fuzzy or entry.previous_msgid is not None:
        return False
    found = provenance_of(entry)
    return found is not None and found.sha1 == short_hash(entry.msgstr)


def repetition(source: str, output: str) -> str | None:
    """Return the phrase ``output`` repeats back to back while ``source`` repeats none, else None.

    The check's detector (``l10n.checks.output.repeated_phrase``) on both texts with
    placeholders, URLs and e-mail addresses blanked out.
    """
    loop = repeated_phrase(blank_protected(output))
    return loop if loop and not repeated_phrase(blank_protected(source)) else None


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
    for entry in catalog.entries():
        if entry.obsolete:
            continue
        if not entry.msgstr or (retranslate_machine and is_untouched_machine(entry)):
            todo.append(entry)
        else:
            stats.skipped += 1

    machine: list[tuple[Entry, Masked]] = []
    copy_path = 0
    for entry in todo:
        if any(ch.isalpha() for ch in unprotected_text(entry.msgid)):
            machine.append((entry, mask(entry.msgid)))
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

    if machine:
        engine = engine_factory()
        ctx = _Context(path=path, lang=lang, glossary=glossary, check=check)
        # One engine input per distinct masked text; similar lengths share model batches.
        groups: dict[str, list[tuple[Entry, Masked]]] = {}
        for item in machine:
            groups.setdefault(item[1].text, []).append(item)
        texts = sorted(groups, key=len)
        for start in range(0, len(texts), SLICE):
            part = texts[start : start + SLICE]
            outputs = engine.translate(part)
            if len(outputs) != len(part):
                raise ModelError(f"{engine.name} returned {len(outputs)} outputs for {len(part)} inputs")
            confidences = _confidences(scorer or engine, part, outputs)
            done = 0
            for text, output, conf in zip(part, outputs, confidences, strict=True):
                for entry, masked in groups[text]:
                    done += 1
                    stored = _store(catalog, stats, engine, entry, masked, (output, conf), ctx)
                    if stored is not None and memory is not None:
                        memory.add(path, stored)
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


def _reuse(
    catalog: CatalogLike,
    stats: TranslateStats,
    memory: TranslationMemory,
    machine: list[tuple[Entry, Masked]],
    path: str,
) -> list[tuple[Entry, Masked]]:
    """Fill entries the memory knows; return the ones still needing the engine."""
    rest: list[tuple[Entry, Masked]] = []
    for entry, masked in machine:
        match = memory.lookup(entry.msgid, entry.msgctxt, exclude=path)
        if match is None:
            rest.append((entry, masked))
        elif _set(catalog, entry, match.msgstr, fuzzy=True, comment=match.provenance()):
            stats.reused += 1
        else:
            stats.skipped += 1
    return rest


def _copy(catalog: CatalogLike, entry: Entry, source_lang: str, lang: str) -> bool:
    """Fill a unit without letters: numbers in the target's format, everything else as it is."""
    masked = mask(entry.msgid)
    text = unmask(masked, localize_numbers(masked.text, source_lang, lang)).text
    comment = format_provenance("copy", "babel", babel.__version__, text)
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
    entry: Entry,
    masked: Masked,
    scored: tuple[str, float | None],
    ctx: _Context,
) -> Entry | None:
    """Judge one engine output (with its confidence) and write it (or the failure note) into the catalog.

    Returns:
        The entry as written when the output was stored without any note, else None.
    """
    output, conf = scored
    restored = unmask(masked, output.strip())
    text = restored.text.strip()
    line = entry.line
    if not text:
        stats.failed += 1
        stats.issues.append(Issue(ctx.path, line, "warning", "mt-empty", f"{engine.name} returned nothing"))
        if not entry.msgstr:  # never erase earlier machine output on retranslation
            comment = format_provenance(
                engine.name, engine.model_id, engine.revision, "", notes=["empty output"]
            )
            _set(catalog, entry, "", fuzzy=False, comment=comment)
        return None
    notes: list[str] = []
    if restored.missing:
        notes.append("lost " + ", ".join(restored.missing))
    piece = repetition(entry.msgid, text)
    if piece is not None:
        notes.append(f"repeats {piece.strip()!r}")
    if ctx.check is not None:
        failed = [
            i
            for i in ctx.check(entry.msgid, text, lang=ctx.lang, glossary=ctx.glossary)
            if i.severity == "error"
        ]
        notes += check_notes(failed)
    fields = [confidence_field(conf)] if conf is not None else []
    comment = format_provenance(
        engine.name, engine.model_id, engine.revision, text, fields=fields, notes=notes
    )
    if not _set(catalog, entry, text, fuzzy=True, comment=comment):
        stats.skipped += 1
        return None
    stats.translated += 1
    if notes:
        stats.flagged += 1
        stats.issues.append(Issue(ctx.path, line, "warning", "mt-flagged", "; ".join(notes)))
        return None
    return replace(entry, msgstr=text, fuzzy=True, machine=True, previous_msgid=None, tcomment=comment)
