"""Plan one catalog's translation: which entries, copies, memory reuse, suggestions, batches.

``plan_catalog`` reads a catalog and the translation memory and returns a ``Plan`` value; it
changes nothing. ``l10n.translate.fill`` applies the plan (copies and reuses are written, the
batches go to an executor) following the rules of its module docstring, which this module
implements the selection half of:

- untranslated entries, stale machine output (``is_stale_machine``) and, with
  ``retranslate_machine``, untouched machine output (``is_untouched_machine``) are *todo*;
- a reviewed translation of an older source gets a suggestion (``wants_suggestion``);
- todo units without letters outside protected spans are *copies* (never sent to the model);
- todo units the memory knows (exact msgid and msgctxt, another catalog) are *reuses*;
- the rest and the suggestions are masked (all-caps ones sentence-cased first), grouped by
  masked text (one engine input per distinct text), sorted by length (similar lengths share
  model batches) and cut into batches of ``size`` texts.
"""

from __future__ import annotations

from dataclasses import dataclass

from l10n.checks.output import is_all_caps
from l10n.model import Entry
from l10n.provenance import FIELD_SOURCE, provenance_of, short_hash, suggestion_of
from l10n.translate.case import sentence_case
from l10n.translate.executor import Batch
from l10n.translate.protect import Masked, mask, unprotected_text
from l10n.translate.tm import Match, TranslationMemory


@dataclass(frozen=True)
class Item:
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
class Plan:
    """What translating one catalog will do, decided before anything is written or translated.

    Attributes:
        skipped: entries left alone because they already have a translation.
        copies: todo entries without letters, in file order.
        reuses: todo entries the memory knows, with the match, in file order.
        groups: masked text -> the items sharing it (engine items, then suggestions).
        batches: the first-pass engine calls: distinct masked texts sorted by length.
    """

    skipped: int
    copies: tuple[Entry, ...]
    reuses: tuple[tuple[Entry, Match], ...]
    groups: dict[str, list[Item]]
    batches: tuple[Batch, ...]


def is_untouched_machine(entry: Entry) -> bool:
    """True when ``entry`` is fuzzy machine output whose msgstr still matches its provenance hash.

    An entry that is fuzzy because its source changed (it has a previous msgid) is not: see
    ``is_stale_machine`` for those.
    """
    return entry.previous_msgid is None and unedited_machine(entry)


def is_stale_machine(entry: Entry) -> bool:
    """True when ``entry`` is unedited machine output made for an older msgid (the freshness rule).

    The entry is fuzzy with a previous msgid (``#| msgid``: its source changed), its msgstr
    still hashes to its provenance hash, and the provenance's ``src:`` field is not the hash of
    the current msgid (older lines have no such field).
    """
    if entry.previous_msgid is None or not unedited_machine(entry):
        return False
    found = provenance_of(entry)
    return found is not None and found.field(FIELD_SOURCE) != short_hash(entry.msgid)


def unedited_machine(entry: Entry) -> bool:
    """True when ``entry`` is active fuzzy machine output whose msgstr matches its provenance hash."""
    if entry.obsolete or not entry.msgstr or not entry.fuzzy:
        return False
    found = provenance_of(entry)
    return found is not None and found.sha1 == short_hash(entry.msgstr)


def wants_suggestion(entry: Entry, retranslate_machine: bool) -> bool:
    """A reviewed translation of an older source: fuzzy, a ``#| msgid``, not unedited machine output."""
    if entry.obsolete or not entry.msgstr or not entry.fuzzy or entry.previous_msgid is None:
        return False
    if unedited_machine(entry):
        return False
    return retranslate_machine or suggestion_of(entry) is None


def has_words(msgid: str) -> bool:
    """True when the msgid has letters outside its protected spans (it needs the engine)."""
    return any(ch.isalpha() for ch in unprotected_text(msgid))


def make_item(entry: Entry, *, suggest: bool = False) -> Item:
    """Prepare ``entry`` for the engine: all-caps sources sentence-cased, protected spans masked."""
    upper = is_all_caps(entry.msgid)
    return Item(entry, mask(sentence_case(entry.msgid) if upper else entry.msgid), upper, suggest)


def plan_catalog(
    entries: list[Entry],
    *,
    path: str,
    size: int,
    retranslate_machine: bool = False,
    memory: TranslationMemory | None = None,
) -> Plan:
    """Decide what translating a catalog with these active ``entries`` does (module docstring).

    Args:
        entries: the catalog's entries in file order (obsolete ones are ignored).
        path: the catalog's name in the memory (its own entries never match themselves).
        size: texts per batch (``l10n.translate.fill.SLICE``).
        retranslate_machine: also redo untouched machine output.
        memory: the language's translation memory; None for none.

    Returns:
        The ``Plan``.
    """
    todo, suggest, skipped = [], [], 0
    for entry in entries:
        if entry.obsolete:
            continue
        if not entry.msgstr or is_stale_machine(entry) or (retranslate_machine and unedited_machine(entry)):
            todo.append(entry)
        elif wants_suggestion(entry, retranslate_machine) and has_words(entry.msgid):
            suggest.append(make_item(entry, suggest=True))
        else:
            skipped += 1
    copies = tuple(entry for entry in todo if not has_words(entry.msgid))
    reuses, machine = [], []
    for entry in todo:
        if not has_words(entry.msgid):
            continue
        match = memory.lookup(entry.msgid, entry.msgctxt, exclude=path) if memory is not None else None
        if match is None:
            machine.append(make_item(entry))
        else:
            reuses.append((entry, match))
    groups: dict[str, list[Item]] = {}
    for item in machine + suggest:
        groups.setdefault(item.masked.text, []).append(item)
    texts = sorted(groups, key=len)
    batches = tuple(Batch(tuple(texts[i : i + size])) for i in range(0, len(texts), size))
    return Plan(skipped, copies, tuple(reuses), groups, batches)


__all__ = [
    "Item",
    "Plan",
    "has_words",
    "is_stale_machine",
    "is_untouched_machine",
    "make_item",
    "plan_catalog",
    "unedited_machine",
    "wants_suggestion",
]
