"""The one check that needs the article: a translation whose placeholders do not fit its unit.

A Markdown or HTML article's units carry placeholder tokens (``<1>...</1>``) standing for its
inline markup. A translation whose tokens do not fit the unit
(``l10n.formats.markdown.extract.token_error``) cannot be rendered: every build shows English
for it (``l10n.publish.policy.decide``), whichever tool approved it. This is the one check
failure that withholds a reviewed translation, so ``l10n check`` reports it as an error
(``UNRENDERABLE``) and ``l10n queue`` puts it first (``l10n.review.queue``). Plain-text articles
have no tokens and give no issue. No I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from l10n.formats.markdown.extract import token_error
from l10n.model import Document, Entry, Issue

UNRENDERABLE = "unrenderable"
"""Issue code of a translation that does not fit its unit's markup."""


def unrenderable(doc: Document, entries: Iterable[Entry], *, path: str) -> list[Issue]:
    """Return one error per translated entry of ``doc``'s catalog whose tokens do not fit its unit.

    Args:
        doc: the article the catalog translates (``Document.format`` ``text`` gives no issue).
        entries: the catalog's entries (``l10n.model.Entry``); only reviewed ones (translated,
            not fuzzy: ``Entry.state``) are checked. Unreviewed machine output with broken
            tokens is withheld by the publishing rule for machine output and reported by the
            pair checks (``placeholder-mismatch``) already.
        path: the catalog path the issues carry (each at its entry's msgid line).

    Returns:
        ``Issue`` values (severity ``error``, code ``UNRENDERABLE``) in catalog order.
    """
    if doc.format == "text":
        return []
    units = {(seg.context, seg.text): seg for seg in doc.segments}
    issues = []
    for entry in entries:
        seg = units.get((entry.msgctxt, entry.msgid))
        if seg is None or entry.state != "reviewed":
            continue
        why = token_error(seg, entry.msgstr)
        if why is not None:
            message = f"{why}; the build shows English for this unit"
            issues.append(Issue(path, entry.line, "error", UNRENDERABLE, message))
    return issues


KEPT_ERRORS = frozenset({UNRENDERABLE, "whitespace-newline"})
"""Codes that stay errors on a reviewed entry: it cannot be rendered, or ``msgfmt -c`` rejects it."""


def as_reviewed(issues: Iterable[Issue], entries: Iterable[Entry]) -> list[Issue]:
    """``issues`` with the error-level pair checks of reviewed entries shown as warnings.

    A reviewed entry (``Entry.state``) is published whatever its checks say, so its failures
    are warnings for the reviewer; ``KEPT_ERRORS`` stay errors. Issues are matched to entries
    by line (header issues, at the header's line, match none). Order is kept.
    """
    reviewed = {e.line for e in entries if e.line and e.state == "reviewed"}
    return [
        replace(i, severity="warning")
        if i.severity == "error" and i.line in reviewed and i.code not in KEPT_ERRORS
        else i
        for i in issues
    ]


__all__ = ["KEPT_ERRORS", "UNRENDERABLE", "as_reviewed", "unrenderable"]
