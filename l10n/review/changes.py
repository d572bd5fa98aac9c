"""What an approval changes on the review page, and when it needs a second confirmation.

Pure functions over check issues and the catalog as written (no I/O, no HTTP): the server
sends their results as JSON fields and ``static/review.js`` applies them without a reload.
The rule (issue 19): an approval whose text fails an error-level check is held until the
reviewer confirms it, naming each failing code once; once saved, the page says what the build
will show: English when the translation cannot be rendered (``RENDER_CHECKS``), else the
translation (reviewed text is published; its other check failures are warnings).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from l10n.catalog.catalog import Catalog
from l10n.model import Issue
from l10n.review.queue import RENDER_CHECKS, error_codes, reason_for

ENGLISH = "the page will show English for this unit: its placeholders do not fit the article's markup"
"""What the page says of a saved translation that cannot be rendered."""
SHOWN = "the page will show this translation"
"""What the page says of any other saved translation."""


def shows(codes: Sequence[str]) -> str:
    """What the build will show for a reviewed translation failing the error ``codes``."""
    return ENGLISH if RENDER_CHECKS.intersection(codes) else SHOWN


def issues_json(issues: Sequence[Issue]) -> list[dict[str, str]]:
    """``issues`` as the page reads them: ``[{"severity", "code", "message"}]``."""
    return [{"severity": i.severity, "code": i.code, "message": i.message} for i in issues]


def confirmation(issues: Sequence[Issue]) -> dict[str, Any] | None:
    """The answer that holds an approval for a second confirmation, or None when none is needed.

    Args:
        issues: the pair check issues of the text to approve (``l10n.checks.registry.check_pair``).

    Returns:
        None without an error-level issue; else ``{"status": "confirm", "message", "codes",
        "shows", "issues"}`` where ``codes`` names each failing error code once, in check order.
    """
    codes = error_codes(issues)
    if not codes:
        return None
    what = shows(codes)
    message = f"this translation fails {', '.join(codes)}; {what}. Approve again to save it anyway"
    return {
        "status": "confirm",
        "message": message,
        "codes": codes,
        "shows": what,
        "issues": issues_json(issues),
    }


def changes(catalog: Catalog, msgctxt: str | None, msgid: str, issues: Sequence[Issue]) -> dict[str, Any]:
    """What the page must update after a saved approval.

    Args:
        catalog: the catalog as written (its lines are the file's).
        msgctxt, msgid: the approved entry.
        issues: the pair check issues of the approved text.

    Returns:
        ``{"reason": the entry's queue reason now (``l10n.review.queue.REASONS``) or None,
        "codes": its error codes, each once, "shows": what the build will show,
        "lines": [[msgctxt, msgid, msgid line], ...] for every entry of the catalog}``.
    """
    entry = catalog.entry(msgctxt, msgid)
    codes = error_codes(issues)
    return {
        "reason": reason_for(entry, issues) if entry is not None else None,
        "codes": codes,
        "shows": shows(codes),
        "lines": [[m.msgctxt, m.msgid, m.line] for m in catalog.active()],
    }


__all__ = ["ENGLISH", "SHOWN", "changes", "confirmation", "issues_json", "shows"]
