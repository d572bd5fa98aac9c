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
- the rest and the suggestions are masked (all-caps ones sentence-cased first; glossary terms
  too when the language injects them: ``terms``), grouped by
  masked text (one engine input per distinct text), sorted by length (similar lengths share
  model batches) and cut into batches of ``size`` texts.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from l10n.checks.output import is_all_caps
from l10n.glossary import TermRule
from l10n.model import Entry
from l10n.provenance import FIELD_SOURCE, provenance_of, short_hash, suggestion_of
from l10n.translate.case import sentence_case
from l10n.translate.executor import Batch, Executor, Scored
from l10n.translate.protect import Masked, mask, unprotected_text
from l10n.translate.tm import Match, TranslationMemory
from l10n.translate.vocab import Writable

Key = tuple[str | None, str]
"""An entry's ``(msgctxt, msgid)``: what the translation memory matches on."""


class Entries(Protocol):
    """A catalog as planning reads it (``l10n.catalog.catalog.Catalog``; ``path`` optional)."""

    def entries(self) -> list[Entry]:
        """The active entries in file order."""
        ...


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

    @property
    def adds(self) -> frozenset[Key]:
        """Keys this catalog's engine output may add to the memory (engine items, not suggestions)."""
        return frozenset(
            (i.entry.msgctxt, i.entry.msgid) for g in self.groups.values() for i in g if not i.suggest
        )

    @property
    def asks(self) -> frozenset[Key]:
        """Keys whose memory lookup decided this plan: every todo entry with letters."""
        return self.adds | {(entry.msgctxt, entry.msgid) for entry, _match in self.reuses}


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


def make_item(
    entry: Entry, *, suggest: bool = False, writes: Writable | None = None, terms: Sequence[TermRule] = ()
) -> Item:
    """Prepare ``entry`` for the engine: all-caps sources sentence-cased, protected spans and the
    glossary ``terms`` masked (``l10n.translate.protect.mask``).

    ``writes``: the model's ``l10n.translate.vocab.Vocabulary.writes``; symbols it cannot
    write are masked too.
    """
    upper = is_all_caps(entry.msgid)
    text = sentence_case(entry.msgid) if upper else entry.msgid
    return Item(entry, mask(text, terms, writes=writes), upper, suggest)


def plan_catalog(
    entries: list[Entry],
    *,
    path: str,
    size: int,
    retranslate_machine: bool = False,
    memory: TranslationMemory | None = None,
    writes: Writable | None = None,
    terms: Sequence[TermRule] = (),
) -> Plan:
    """Decide what translating a catalog with these active ``entries`` does (module docstring).

    Args:
        entries: the catalog's entries in file order (obsolete ones are ignored).
        path: the catalog's name in the memory (its own entries never match themselves).
        size: texts per batch (``l10n.translate.fill.SLICE``).
        retranslate_machine: also redo untouched machine output.
        memory: the language's translation memory; None for none.
        writes: which symbols the model can write (``make_item``); None masks none.
        terms: glossary rules masked around the engine (dnt kept, fixed forms injected).

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
            suggest.append(make_item(entry, suggest=True, writes=writes, terms=terms))
        else:
            skipped += 1
    copies = tuple(entry for entry in todo if not has_words(entry.msgid))
    reuses, machine = [], []
    for entry in todo:
        if not has_words(entry.msgid):
            continue
        match = memory.lookup(entry.msgid, entry.msgctxt, exclude=path) if memory is not None else None
        if match is None:
            machine.append(make_item(entry, writes=writes, terms=terms))
        else:
            reuses.append((entry, match))
    groups: dict[str, list[Item]] = {}
    for item in machine + suggest:
        groups.setdefault(item.masked.text, []).append(item)
    texts = sorted(groups, key=len)
    batches = tuple(Batch(tuple(texts[i : i + size])) for i in range(0, len(texts), size))
    return Plan(skipped, copies, tuple(reuses), groups, batches)


def catalog_path(catalog: object) -> str:
    """The catalog's name in issues and in the memory: its ``path`` attribute, or ``""``."""
    return str(getattr(catalog, "path", "") or "")


class Lookahead:
    """Plans a language's next catalogs early and hands their batches to the executor before their turn.

    A catalog is planned early only when no output still pending (of catalogs planned but not
    finished) can change its plan: none of the keys its memory lookups asked (``Plan.asks``) is
    one a pending catalog may add to the memory (``Plan.adds``). Its plan is then the one it
    would get in its turn, so the output is the same; only its batches start sooner. Catalogs
    are handed over in order, and only while fewer than ``executor.ahead`` batches wait early.

    Args:
        catalogs: the language's catalogs, in the order they will be translated.
        memory, retranslate_machine, terms: as given to ``l10n.translate.fill.translate_catalog``.
        writes: which symbols the model can write (``plan_catalog``); None masks none.
    """

    def __init__(
        self,
        catalogs: Sequence[Entries],
        *,
        memory: TranslationMemory | None = None,
        retranslate_machine: bool = False,
        writes: Writable | None = None,
        terms: Sequence[TermRule] = (),
    ) -> None:
        self._next = list(catalogs)
        self._writes = writes
        self._memory, self._retranslate, self._terms = memory, retranslate_machine, tuple(terms)
        self._early: dict[int, tuple[Plan, Iterator[Scored]]] = {}
        self._adds: dict[int, frozenset[Key]] = {}

    def plan(self, catalog: Entries, size: int) -> tuple[Plan, Iterator[Scored] | None]:
        """The plan of ``catalog`` in its turn, with its results when its batches went early."""
        early = self._early.pop(id(catalog), None)
        if early is not None:
            return early
        self._next = [c for c in self._next if c is not catalog]
        plan = self._plan(catalog, size)
        self._adds[id(catalog)] = plan.adds
        return plan, None

    def prefetch(self, executor: Executor, size: int) -> None:
        """Hand the next catalogs' batches to ``executor`` while the rules above allow."""
        handed = sum(len(plan.batches) for plan, _results in self._early.values())
        while self._next and handed < executor.ahead:
            catalog = self._next[0]
            plan = self._plan(catalog, size)
            if plan.asks & frozenset().union(*self._adds.values()):
                return  # a pending output may change it: planned in its turn
            self._next.pop(0)
            self._adds[id(catalog)] = plan.adds
            self._early[id(catalog)] = plan, executor.run_batches(plan.batches)
            handed += len(plan.batches)

    def done(self, catalog: Entries) -> None:
        """``catalog`` is finished or failed: its output is in the memory or never will be."""
        self._adds.pop(id(catalog), None)

    def _plan(self, catalog: Entries, size: int) -> Plan:
        return plan_catalog(
            catalog.entries(),
            path=catalog_path(catalog),
            size=size,
            retranslate_machine=self._retranslate,
            memory=self._memory,
            writes=self._writes,
            terms=self._terms,
        )


__all__ = [
    "Item",
    "Key",
    "Lookahead",
    "Plan",
    "catalog_path",
    "has_words",
    "is_stale_machine",
    "is_untouched_machine",
    "make_item",
    "plan_catalog",
    "unedited_machine",
    "wants_suggestion",
]
