"""The machine-output memory: what the engine wrote for every entry, kept after reviewers edit it.

A catalog only holds the current msgstr: once a reviewer edits a machine suggestion, the
machine output is gone from it. The translate stage therefore keeps every engine output of a
language in ``locales/<ll>/mt-memory.tmx`` (TMX 1.4, ``l10n.catalog.tmx``), a file that travels
with the project; ``l10n report edits`` (``l10n.review.edits``) compares the reviewed text
with it.

Rules (``update_records``):

- A record is taken from every *untouched* engine output in the language's catalogs
  (``l10n.translate.select.is_untouched_machine``: fuzzy, its provenance hash still matches, and
  the provenance engine is a model, not ``copy`` or a memory reuse). So output written by this
  run, by a run that was killed before the memory was saved, or by a version of l10n without
  this file, is recorded the next time the stage runs, as long as nobody edited it yet.
- One record per (msgctxt, msgid): the file's own record is kept until a catalog has a
  different untouched engine output for that text (a retranslation); among catalogs, the
  first in article order wins.
- Records are never removed: the memory outlives the entries (an edited entry has only its
  record left to compare with).
"""

from __future__ import annotations

from collections.abc import Iterable

from l10n.catalog.tmx import MachineRecord
from l10n.model import Entry
from l10n.provenance import provenance_of
from l10n.translate.select import is_untouched_machine


def record_of(entry: Entry) -> MachineRecord | None:
    """The machine record of ``entry`` when it is untouched engine output, else None."""
    if not is_untouched_machine(entry):
        return None
    found = provenance_of(entry)
    if found is None or not found.is_model_output:
        return None
    return MachineRecord(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        text=entry.msgstr,
        engine=found.engine,
        model=found.model,
        revision=found.revision,
        confidence=found.confidence,
    )


def update_records(previous: Iterable[MachineRecord], entries: Iterable[Entry]) -> list[MachineRecord]:
    """Return the memory's records after seeing ``entries`` (rules in the module docstring).

    Args:
        previous: the records of the file as read (none for a new file).
        entries: every active entry of the language's catalogs, catalogs in article order.

    Returns:
        The records, one per ``(msgctxt, msgid)``, in no particular order.
    """
    records = {record.key: record for record in previous}
    seen: set[tuple[str | None, str]] = set()
    for entry in entries:
        record = record_of(entry)
        if record is None or record.key in seen:
            continue
        seen.add(record.key)
        records[record.key] = record
    return list(records.values())


__all__ = ["record_of", "update_records"]
