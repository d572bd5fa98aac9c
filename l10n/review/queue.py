"""The review queue: the catalog entries that need a person, in the order to look at them.

``build_queue`` is a pure function over parsed catalogs and their check issues (no I/O). One
total order, the same for ``l10n queue`` and the review page (issue 21):

1. ``unrenderable``: a reviewed entry (translated, not fuzzy) with an error-level issue of a
   ``RENDER_CHECKS`` code (``l10n.checks.render.UNRENDERABLE``, or a placeholder mismatch):
   its placeholders do not fit the article's markup, so every build shows English for it,
   whichever tool approved it (issue 19);
2. ``source-changed``: a person's translation made fuzzy by a source change (a previous msgid
   or an ``l10n-mt-suggestion:`` line, no ``l10n-mt:`` line): the page shows English until it
   is approved again, and the page offers the new machine suggestion;
3. ``check-failed``: a translated entry, machine output or reviewed, with another error from
   ``l10n check`` (``l10n.checks.findings``: on a reviewed entry only ``HOLDING_CHECKS`` are
   errors, the other pair checks are warnings there, since the build publishes it anyway; a
   warning never lists an entry, machine output with warnings only is listed in 4; a fuzzy
   entry after a source change stays in 2: its translation is of the old source, so its
   issues are expected);
4. ``machine``: unreviewed machine output (fuzzy, with a ``# l10n-mt:`` line), by rising model
   confidence (the provenance ``conf:`` field, 0-1), then machine entries without a confidence
   (memory reuses, copies, comments written before confidences existed);
5. ``fuzzy``: other fuzzy entries that are not machine output (flagged by hand);
6. ``untranslated``: an empty msgstr, and each unit of an article whose catalog is not created
   yet (``missing_items``: line 0, in the article's order).

Ties break by catalog path, then line. Reviewed entries without an error (warnings only), obsolete entries and
the header are not in the queue.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from l10n.catalog.catalog import Catalog
from l10n.checks.render import KEPT_ERRORS, UNRENDERABLE
from l10n.model import Document, Entry, Issue
from l10n.provenance import provenance_of, suggestion_of

REASONS = ("unrenderable", "source-changed", "check-failed", "machine", "fuzzy", "untranslated")
"""Why an entry is in the queue, in queue order."""

RENDER_CHECKS = frozenset({UNRENDERABLE, "placeholder-mismatch"})
"""Check codes whose error means a translation cannot be rendered into its article's markup
(``l10n.checks.kept``: the markup tokens ``<1>``, ``</1>``, ``<2/>`` differ; the build's
``token_error`` then shows the English unit)."""

HOLDING_CHECKS = KEPT_ERRORS | RENDER_CHECKS
"""Error codes that keep a reviewed entry in the queue (``l10n.checks.render.KEPT_ERRORS`` and the
render checks); its other error-level pair checks are warnings, as ``l10n check`` reports them
(``l10n.checks.render.as_reviewed``), so issues not graded yet are graded alike."""

ELLIPSIS = " ... "
"""What stands for the middle of a msgid too long for its text line (``format_row``)."""

CONFIDENCE_KEY = "conf"
"""The provenance field holding the model's confidence (``conf:0.83``), a number from 0 to 1."""

JSON_VERSION = 1
"""Version of the ``to_json`` schema; raised on any incompatible change."""


@dataclass(frozen=True)
class QueueItem:
    """One entry that needs a person.

    Attributes:
        path: the catalog, project-relative (``locales/vi/LC_MESSAGES/x.po``).
        line: 1-based line of the entry's msgid in that file.
        reason: one of ``REASONS``.
        state: the entry's ``l10n.model.Entry.state`` (``reviewed``, ``machine``, ``fuzzy``,
            ``untranslated``).
        confidence: the model's confidence (0-1) from the provenance comment, or None.
        msgid: the source text.
        msgctxt: the entry's context, or None.
        msgstr: the translation (``""`` when untranslated).
        issues: the entry's check issues (errors first, then warnings, each in check order).
    """

    path: str
    line: int
    reason: str
    state: str
    confidence: float | None
    msgid: str
    msgctxt: str | None
    msgstr: str
    issues: tuple[Issue, ...] = ()

    @property
    def check(self) -> str | None:
        """The code of the entry's first issue (an error when it has one), or None."""
        return self.issues[0].code if self.issues else None


def field_value(entry: Entry, key: str) -> str | None:
    """The value of the provenance field ``key`` of ``entry`` (``conf`` -> ``"0.83"``), or None.

    Read generically from ``l10n.provenance.provenance_of(entry).fields``, so a field added
    later needs no change here.
    """
    prov = provenance_of(entry)
    if prov is None:
        return None
    return dict(prov.fields).get(key)


def confidence(entry: Entry) -> float | None:
    """The model confidence of ``entry`` (``conf:`` provenance field) as a number 0-1, or None.

    A value that is not a finite number from 0 to 1 counts as no confidence.
    """
    raw = field_value(entry, CONFIDENCE_KEY)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) and 0.0 <= value <= 1.0 else None


def reason_of(entry: Entry, errors: bool, unrenderable: bool = False) -> str | None:
    """Why ``entry`` needs a person (one of ``REASONS``), or None when it does not.

    Args:
        entry: an active catalog entry.
        errors: whether the checks found an error-level issue in it.
        unrenderable: whether one of those errors has a ``RENDER_CHECKS`` code.
    """
    if entry.obsolete or not entry.msgid:
        return None
    if not entry.msgstr:
        return "untranslated"
    if unrenderable and not entry.fuzzy:
        return "unrenderable"
    if entry.fuzzy and not entry.machine and (entry.previous_msgid is not None or suggestion_of(entry)):
        return "source-changed"
    if errors and (entry.machine or not entry.fuzzy):
        return "check-failed"
    if entry.fuzzy:
        return "machine" if entry.machine else "fuzzy"
    return None


def reason_for(entry: Entry, issues: Iterable[Issue]) -> str | None:
    """``reason_of`` with the error facts read from the entry's check ``issues``.

    Errors are counted as ``l10n check`` reports them: on a reviewed entry (``Entry.state``)
    only the ``HOLDING_CHECKS`` codes, so raw ``check_pair`` issues and graded findings
    (``l10n.checks.findings``) give the same reason.
    """
    codes = {i.code for i in issues if i.severity == "error"}
    if entry.state == "reviewed":
        codes &= HOLDING_CHECKS
    return reason_of(entry, bool(codes), bool(codes & RENDER_CHECKS))


def error_codes(issues: Iterable[Issue]) -> list[str]:
    """The codes of the error-level ``issues``, each once, in first-seen order."""
    return list(dict.fromkeys(i.code for i in issues if i.severity == "error"))


def _sort_key(item: QueueItem) -> tuple[int, float, str, int]:
    conf = item.confidence if item.reason == "machine" and item.confidence is not None else math.inf
    return (REASONS.index(item.reason), conf, item.path, item.line)


def build_queue(
    catalogs: Iterable[tuple[str, Catalog]], issues: Iterable[Issue], unmade: Iterable[QueueItem] = ()
) -> list[QueueItem]:
    """The review queue of ``catalogs`` (order in the module docstring).

    Args:
        catalogs: ``(path, catalog)`` pairs; ``path`` is the name the issues carry.
        issues: check issues of those catalogs (``l10n.checks.findings.findings``, or raw
            ``check_catalog`` ones: ``reason_for`` grades them alike); an issue is an entry's
            when its path and line are the entry's (header issues match none).
        unmade: the items of catalogs not created yet (``missing_items``), ordered in with the rest
            (a stable sort: they keep their article's order).

    Returns:
        The entries that need a person, in queue order.
    """
    by_place: dict[tuple[str, int], list[Issue]] = defaultdict(list)
    for issue in issues:
        by_place[(issue.path, issue.line)].append(issue)
    items = []
    for path, catalog in catalogs:
        for entry in catalog.entries():
            found = by_place.get((path, entry.line), []) if entry.line else []
            ordered = tuple(sorted(found, key=lambda i: i.severity != "error"))  # stable: errors first
            reason = reason_for(entry, found)
            if reason is None:
                continue
            items.append(
                QueueItem(
                    path=path,
                    line=entry.line,
                    reason=reason,
                    state=entry.state,
                    confidence=confidence(entry),
                    msgid=entry.msgid,
                    msgctxt=entry.msgctxt,
                    msgstr=entry.msgstr,
                    issues=ordered,
                )
            )
    return sorted([*items, *unmade], key=_sort_key)


def missing_items(path: str, doc: Document) -> list[QueueItem]:
    """The queue items of ``doc``'s catalog ``path`` not created yet (before ``l10n update``).

    Each distinct unit (msgctxt, msgid) of the article, in its order, is one ``untranslated``
    item at line 0 (the catalog has no lines yet), as ``l10n status`` counts them.
    """
    keys = dict.fromkeys((seg.context, seg.text) for seg in doc.segments if seg.text)
    return [
        QueueItem(path, 0, "untranslated", "untranslated", None, msgid, msgctxt, "")
        for msgctxt, msgid in keys
    ]


def elide(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters: its start and end around ``ELLIPSIS`` when longer.

    Two thirds of the room keep the start, cut back to a whole word; the rest keeps the end (its
    numbers, the sentence's close), from a word's start where it holds a space.
    """
    if len(text) <= width:
        return text
    room = max(width - len(ELLIPSIS), 2)
    head = text[: (room * 2 + 2) // 3]
    if " " in head.strip():
        head = head[: head.rstrip().rfind(" ")]
    tail = text[len(text) - (room - len(head.rstrip())) :].lstrip()
    if " " in tail.strip():
        tail = tail[tail.find(" ") + 1 :]
    return head.rstrip() + ELLIPSIS + tail.lstrip()


MIN_MSGID = 20
"""The fewest characters of the msgid a text line keeps, however narrow the terminal."""


def format_row(item: QueueItem, width: int | None = None) -> str:
    """One text line: ``path:line  reason  state  confidence  check  msgid`` (``-`` for none).

    The msgid's newlines are shown as ``\\n`` so one entry is one line; with a console
    ``width`` (characters) a longer msgid is elided in the middle (``elide``) so the line fits,
    keeping at least ``MIN_MSGID`` characters. Line 0 (no catalog yet) shows the path alone.
    """
    conf = "-" if item.confidence is None else f"{item.confidence:.2f}"
    where = f"{item.path}:{item.line}" if item.line else item.path
    head = f"{where}  {item.reason}  {item.state}  {conf}  {item.check or '-'}  "
    msgid = item.msgid.replace("\n", "\\n")
    if width is not None:
        msgid = elide(msgid, max(width - len(head), MIN_MSGID))
    return head + msgid


def to_json(items: Sequence[QueueItem], *, total: int | None = None) -> str:
    """Return ``items`` as a JSON document (UTF-8 text, 2-space indent).

    Schema (version 1; keys are stable)::

        {
          "version": 1,
          "total": 42,                 # entries in the queue before --limit
          "items": [                   # in queue order
            {
              "path": "locales/vi/LC_MESSAGES/x.po",
              "line": 18,              # line of the msgid
              "reason": "machine",     # one of REASONS, in that order
              "state": "machine",      # reviewed | machine | fuzzy | untranslated
              "confidence": 0.31,      # 0-1 from the provenance conf: field, or null
              "check": null,           # code of the first issue (errors first), or null
              "issues": [{"severity": "error", "code": "number-mismatch", "message": "..."}],
              "msgctxt": null,
              "msgid": "Russia has 13,000 troops."
            }
          ]
        }

    Args:
        items: the (possibly limited) queue.
        total: the queue's length before a limit; default ``len(items)``.
    """
    rows = [
        {
            "path": i.path,
            "line": i.line,
            "reason": i.reason,
            "state": i.state,
            "confidence": i.confidence,
            "check": i.check,
            "issues": [{"severity": x.severity, "code": x.code, "message": x.message} for x in i.issues],
            "msgctxt": i.msgctxt,
            "msgid": i.msgid,
        }
        for i in items
    ]
    doc = {"version": JSON_VERSION, "total": len(items) if total is None else total, "items": rows}
    return json.dumps(doc, ensure_ascii=False, indent=2)


__all__ = [
    "CONFIDENCE_KEY",
    "ELLIPSIS",
    "HOLDING_CHECKS",
    "JSON_VERSION",
    "MIN_MSGID",
    "REASONS",
    "RENDER_CHECKS",
    "QueueItem",
    "build_queue",
    "confidence",
    "elide",
    "error_codes",
    "field_value",
    "format_row",
    "missing_items",
    "reason_for",
    "reason_of",
    "to_json",
]
