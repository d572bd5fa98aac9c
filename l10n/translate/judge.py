"""Judge one engine output for one entry: restore it, then list what is wrong with it.

``judge`` puts the masked spans back (``l10n.translate.protect``) and the capitals of an
all-caps source (``l10n.translate.case``), then looks for faults: a lost protected token, a
loop (``l10n.checks.output.find_loop``: an n-gram repeated back to back, or an output stopped
at its length bound) and the failures of the pair check (``PairCheck``: error-level issues, and
the ``length-ratio`` warning). Faults of the kinds in ``RETRIED_FAULTS`` send the output to the
retry decoding (``l10n.translate.fill``); every fault becomes a provenance note.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from l10n.checks.output import find_loop
from l10n.model import Issue
from l10n.mt import Output
from l10n.translate.case import upper_case
from l10n.translate.protect import unmask
from l10n.translate.select import Item

if TYPE_CHECKING:
    from l10n.glossary import Glossary

RETRIED_FAULTS = ("loop", "length", "lost-token")
"""Fault kinds that send an output to the retry decoding (``DecodingOptions.for_retry``)."""

_RETRIED_CHECKS = {"placeholder-mismatch": "lost-token", "length-ratio": "length", "repetition": "loop"}
"""Pair-check codes that are retried faults (``length-ratio`` although only a warning)."""

NOTE_MESSAGES = 3
"""At most this many issue messages per check code in one provenance note; the rest are counted."""


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
class Context:
    """What judging and storing one output needs besides the entry: fixed for a whole catalog.

    Attributes:
        path: the catalog's name in issues and in the memory.
        lang: BCP 47 target tag.
        glossary: passed to ``check``.
        check: the pair check, or None for none.
    """

    path: str
    lang: str
    glossary: Glossary | None
    check: PairCheck | None


@dataclass(frozen=True)
class Fault:
    """What is wrong with one output: ``kind`` (a ``RETRIED_FAULTS`` kind, or ``check``) and the note."""

    kind: str
    note: str


@dataclass(frozen=True)
class Judged:
    """One output restored and judged for one entry (``conf``: its confidence, None if unknown)."""

    text: str
    faults: tuple[Fault, ...]
    conf: float | None = None

    @property
    def retry(self) -> bool:
        """True when a fault is of a retried kind."""
        return any(f.kind in RETRIED_FAULTS for f in self.faults)


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


def judge(item: Item, output: Output, conf: float | None, ctx: Context) -> Judged:
    """Restore one output for one entry (masks, capitals) and list its faults (``conf``: its confidence)."""
    restored = unmask(item.masked, output.text.strip())
    text = restored.text.strip()
    if item.upper and text:
        text = upper_case(text, ctx.lang)
    if not text:
        return Judged("", (), conf)
    faults: list[Fault] = []
    if restored.missing:
        faults.append(Fault("lost-token", "lost " + ", ".join(restored.missing)))
    loop = find_loop(item.entry.msgid, text, at_bound=output.at_bound)
    if loop:
        faults.append(Fault("loop", loop))
    faults.extend(_check_faults(item, text, ctx, looped=bool(loop)))
    return Judged(text, tuple(faults), conf)


def _check_faults(item: Item, text: str, ctx: Context, *, looped: bool) -> list[Fault]:
    """The faults the pair check finds in ``text`` (none without a check)."""
    if ctx.check is None:
        return []
    failed: dict[str, str] = {}
    issues: list[Issue] = []
    for issue in ctx.check(item.entry.msgid, text, lang=ctx.lang, glossary=ctx.glossary):
        if issue.severity == "error" or issue.code in _RETRIED_CHECKS:
            if looped and issue.code == "repetition":
                continue  # one loop, one note
            failed.setdefault(issue.code, _RETRIED_CHECKS.get(issue.code, "check"))
            issues.append(issue)
    if not failed:
        return []
    kinds = list(failed.values())
    kind = "check" if "check" in kinds else kinds[0]  # not retried if any failure is not
    return [Fault(kind, note) for note in check_notes(issues)]


__all__ = [
    "NOTE_MESSAGES",
    "RETRIED_FAULTS",
    "Context",
    "Fault",
    "Judged",
    "PairCheck",
    "check_notes",
    "judge",
]
