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


__all__ = ["UNRENDERABLE", "unrenderable"]
