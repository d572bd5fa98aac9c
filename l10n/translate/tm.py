"""Translation memory: reuse a translation of the same source text from any catalog of the language.

``l10n.translate.fill`` asks the memory before the engine. A *match* is exact: the same msgid and the
same msgctxt (both None, or equal). Candidates, best first:

1. reviewed translations (a msgstr without the fuzzy flag) of active entries;
2. reviewed translations kept in obsolete (``#~``) entries;
3. unreviewed machine output (``Entry.state == "machine"``) whose provenance comment carries no
   note, i.e. nothing was flagged (no lost mask, loop, failed check or empty output):
   ``l10n.provenance.is_clean``.

Fuzzy entries whose source changed (``#|`` previous msgid) are never reused: their msgstr
translates another text. Among candidates of one rank the first one given wins, so the result
does not depend on anything but the order of ``build``'s input.

A reused msgstr is written **fuzzy**, with a provenance comment in the machine-translation
format so that every stage already treats it as unreviewed automatic output (``Entry.state ==
"machine"``: shown marked in builds, counted as machine in ``status``, dropped by
``--reviewed-only``)::

    # l10n-mt: tm-reviewed locales/vi/LC_MESSAGES/other.po:42 sha1:1a2b3c4d
    # l10n-mt: tm-machine locales/vi/LC_MESSAGES/other.po:42 sha1:1a2b3c4d

``tm-reviewed``: the origin was reviewed; ``tm-machine``: the origin was itself machine output.
``<path>:<line>`` is the origin catalog and the line of its msgid in that file as it is when the
comment is written: a catalog rewritten earlier in the same run (``TranslationMemory.relocate``)
is cited by its new lines, so an uninterrupted run and a run resumed after a kill (which reads
the rewritten file) cite the same line.

Why fuzzy even for a reviewed origin: CAT tools pre-fill such 100% matches but still show
them, because the same English sentence in another article may need another translation
(a pronoun, a tense, a name agreed with the rest of *this* article); only an in-context
match (same document, same neighbours) is trusted outright, and an exact match from another
catalog is not one. In Poedit, confirming the pre-filled entry is one keystroke, and the
comment says where it came from. The saving is the engine's time and the reviewer's typing,
never the review itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from l10n.model import Entry
from l10n.provenance import format_provenance, is_clean

TM_REVIEWED = "tm-reviewed"
"""Provenance engine name of a reuse whose origin was reviewed."""
TM_MACHINE = "tm-machine"
"""Provenance engine name of a reuse whose origin was unreviewed machine output."""

_RANK_REVIEWED, _RANK_OBSOLETE, _RANK_MACHINE = 0, 1, 2

_Place = tuple[bool, str | None, str]
"""Where an entry stands in its catalog, whatever its line: ``(obsolete, msgctxt, msgid)``."""


@dataclass(frozen=True)
class Match:
    """A translation memory hit.

    Attributes:
        msgstr: the translation to reuse.
        path: the catalog it comes from, as given to ``build``/``add`` (project-relative).
        line: 1-based line of the origin's msgid in that catalog as read (0 if unknown).
        reviewed: True when the origin was a reviewed (non-fuzzy) translation.
        moved: the memory's current lines of the origin catalog and the origin's place in it
            (kept up to date by ``TranslationMemory.relocate``), or None; see ``cited_line``.
    """

    msgstr: str
    path: str
    line: int
    reviewed: bool
    moved: tuple[dict[_Place, int], _Place] | None = field(default=None, compare=False, repr=False)

    @property
    def cited_line(self) -> int:
        """The origin's line as the file holds it now: after ``relocate``, its rewritten line."""
        if self.moved is None:
            return self.line
        lines, place = self.moved
        return lines.get(place, self.line)

    @property
    def engine(self) -> str:
        """``"tm-reviewed"`` or ``"tm-machine"``: the engine name of the provenance comment."""
        return TM_REVIEWED if self.reviewed else TM_MACHINE

    def provenance(self, fields: Sequence[tuple[str, str]] = ()) -> str:
        """Return the provenance comment line (without ``# ``) for the reused msgstr, with ``fields``."""
        origin = f"{self.path}:{self.cited_line}"
        return format_provenance(self.engine, origin, "", self.msgstr, fields=fields)


def _rank(entry: Entry) -> int | None:
    """Return how good ``entry`` is as a memory source (lower is better), or None when unusable."""
    if not entry.msgstr or entry.previous_msgid is not None:
        return None
    if not entry.fuzzy:
        return _RANK_OBSOLETE if entry.obsolete else _RANK_REVIEWED
    if entry.obsolete or entry.state != "machine":
        return None
    return _RANK_MACHINE if is_clean(entry) else None


class TranslationMemory:
    """Exact-match memory over the catalogs of one language (see the module docstring).

    Build it with ``TranslationMemory.build``; ``add`` takes more entries (``translate_catalog``
    adds its fresh machine output, so a later catalog of the same run reuses it).
    """

    def __init__(self) -> None:
        # (msgctxt, msgid) -> candidates as (rank, order, match), best first
        self._table: dict[tuple[str | None, str], list[tuple[int, int, Match]]] = {}
        self._added = 0
        self._lines: dict[str, dict[_Place, int]] = {}  # path -> place -> line, after relocate

    @classmethod
    def build(cls, catalogs: Iterable[tuple[str, Sequence[Entry]]]) -> TranslationMemory:
        """Return a memory holding every usable entry of ``catalogs``.

        Args:
            catalogs: ``(catalog path, entries)`` pairs; paths as they should appear in
                comments (project-relative, forward slashes); entries from
                ``Catalog.entries(include_obsolete=True)`` (obsolete ones rank after active ones).

        Returns:
            The memory. Unusable entries (untranslated, fuzzy after a source change, flagged
            machine output) are left out.
        """
        memory = cls()
        for path, entries in catalogs:
            for entry in entries:
                memory.add(path, entry)
        return memory

    def add(self, path: str, entry: Entry) -> bool:
        """Offer one entry of catalog ``path`` to the memory; True when it was usable and kept."""
        rank = _rank(entry)
        if rank is None:
            return False
        place = (entry.obsolete, entry.msgctxt, entry.msgid)
        lines = self._lines.setdefault(path, {})
        match = Match(entry.msgstr, path, entry.line, reviewed=not entry.fuzzy, moved=(lines, place))
        candidates = self._table.setdefault((entry.msgctxt, entry.msgid), [])
        candidates.append((rank, self._added, match))
        candidates.sort(key=lambda c: (c[0], c[1]))
        self._added += 1
        return True

    def relocate(self, path: str, entries: Iterable[Entry]) -> None:
        """Catalog ``path`` was rewritten: cite its entries by their lines in ``entries`` from now on.

        Args:
            path: the catalog's name in the memory.
            entries: the catalog as written (``Catalog.entries(include_obsolete=True)`` of the
                written file, whose ``line`` values are the file's); every match of ``path``,
                those handed out already included, then cites these lines (``Match.cited_line``).
        """
        lines = self._lines.setdefault(path, {})
        lines.clear()
        lines.update(((e.obsolete, e.msgctxt, e.msgid), e.line) for e in entries if e.line)

    def lookup(self, msgid: str, msgctxt: str | None = None, *, exclude: str | None = None) -> Match | None:
        """Return the best translation of (``msgctxt``, ``msgid``), or None.

        Args:
            msgid: source text, exactly as in the catalog.
            msgctxt: its context; None matches only entries without context.
            exclude: a catalog path whose entries do not count (the catalog being translated,
                whose own entry for this key is the one to fill).
        """
        for *_, match in self._table.get((msgctxt, msgid), ()):
            if match.path != exclude:
                return match
        return None

    def __len__(self) -> int:
        """Number of distinct (msgctxt, msgid) keys with at least one translation."""
        return len(self._table)


__all__ = ["TM_MACHINE", "TM_REVIEWED", "Match", "TranslationMemory"]
