"""Header conventions of every catalog we make: field order, required fields, dates, charset.

``Content-Type`` says UTF-8 (``UTF8_CONTENT_TYPE``); fields msgfmt -c requires are present and
not at gettext's initial defaults (``INITIAL_DEFAULTS``); no ``*-format`` flag is ever added by
us (articles contain ``%`` signs, "10%", that ``msgfmt -c`` would check as printf
directives); dates are UTC, ``2026-11-29 14:00+0000`` (``format_date``). The POT header has an
empty ``PO-Revision-Date``/``Last-Translator``/``Language-Team`` and the source language in
``Language`` instead of xgettext's ``YEAR-MO-DA``/``FULL NAME`` placeholders (msgfmt -c warns
about those, and about missing fields).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

UTF8_CONTENT_TYPE = "text/plain; charset=UTF-8"
"""The ``Content-Type`` header value of every catalog we write."""

HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)
"""Header fields msgfmt -c requires, in the order xgettext writes them."""

INITIAL_DEFAULTS = {
    "Project-Id-Version": "PACKAGE VERSION",
    "PO-Revision-Date": "YEAR-MO-DA",
    "Last-Translator": "FULL NAME",
    "Language-Team": "LANGUAGE",
}
"""Values msgfmt -c reports as "still has the initial default value" (gettext msgfmt.c)."""

BOOKKEEPING_FIELDS = ("PO-Revision-Date", "POT-Creation-Date", "X-Generator")
"""Header fields that record when and by what a file was written, not what it says: a catalog
whose only change is in these is not written again (``Catalog.same_content``)."""


def format_date(now: datetime | None = None) -> str:
    """Format a moment as gettext header dates are written, in UTC.

    Args:
        now: the moment; None means the current time, or ``SOURCE_DATE_EPOCH`` (seconds since
            1970, the reproducible-builds convention) when that variable is set; a naive value
            is taken as UTC.

    Returns:
        e.g. ``"2026-11-29 14:00+0000"``.
    """
    if now is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        now = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(UTC).strftime("%Y-%m-%d %H:%M+0000")


def ordered(fields: dict[str, str]) -> dict[str, str]:
    """Header fields in xgettext's order (``HEADER_ORDER``), other fields after them in their own order."""
    out = {k: fields[k] for k in HEADER_ORDER if k in fields}
    out.update((k, v) for k, v in fields.items() if k not in out)
    return out


__all__ = [
    "BOOKKEEPING_FIELDS",
    "HEADER_ORDER",
    "INITIAL_DEFAULTS",
    "UTF8_CONTENT_TYPE",
    "format_date",
    "ordered",
]
