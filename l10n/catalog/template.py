"""The template (POT catalog) of one segmented article: ``make_template``.

Header conventions are ``l10n.catalog.header``'s; the template is kept as it was when only its
creation date and generator would change.
"""

from __future__ import annotations

from datetime import datetime

from l10n import __version__
from l10n.catalog.catalog import Catalog
from l10n.catalog.header import UTF8_CONTENT_TYPE, format_date
from l10n.catalog.message import Key, Message
from l10n.model import Document

TEMPLATE_STAMPS = ("POT-Creation-Date", "X-Generator")
"""Header fields a regenerated template may differ in without being a new template."""


def make_template(
    doc: Document,
    *,
    project_id: str,
    previous: Catalog | None = None,
    now: datetime | None = None,
    source_language: str = "en",
) -> Catalog:
    """The POT catalog of one article.

    One message per distinct (Segment.context, Segment.text), in document order, with a
    ``#:`` reference ``<Document.path>:<Segment.line>`` per occurrence, a ``#.`` line listing
    the block roles of all occurrences (``headline, caption``) and one
    ``#. placeholder <1>: <kind> <markup>`` line per distinct placeholder.

    Args:
        doc: the segmented article.
        project_id: ``Project-Id-Version`` value.
        previous: the existing template, if any. When it holds the same messages and header
            (apart from ``TEMPLATE_STAMPS``: ``POT-Creation-Date`` and ``X-Generator``), it is
            returned itself (``result is previous``: keep the file, no new date).
        now: creation time (default: ``format_date``'s).
        source_language: ``Language`` of the template (msgfmt -c warns when it is empty).

    Returns:
        The template catalog (its ``path`` is ``previous``'s, else empty).
    """
    messages = _messages(doc)
    template = Catalog(
        messages,
        header_comment=f"Messages of {doc.path}, extracted by l10n.\nEdit the article, not this file.",
        fuzzy=True,  # as xgettext marks its templates
        metadata=_header(project_id, now, source_language),
        path=previous.path if previous is not None else "",
    )
    if previous is not None:
        fields = template.header
        fields.update((name, previous.header[name]) for name in TEMPLATE_STAMPS if name in previous.header)
        stamped = Catalog(messages, metadata=fields, header_comment=template.header_comment, fuzzy=True)
        if stamped.same_content(previous):
            return previous
    return template


def _messages(doc: Document) -> list[Message]:
    """The template's messages of ``doc`` (see ``make_template``), in document order."""
    messages: list[Message] = []
    by_key: dict[Key, tuple[Message, list[str], list[str]]] = {}
    for seg in doc.segments:
        key = (seg.context, seg.text)
        if key not in by_key:
            message = Message(msgid=seg.text, msgctxt=seg.context)
            messages.append(message)
            by_key[key] = (message, [], [])
        message, roles, notes = by_key[key]
        ref = (doc.path, str(seg.line))
        if ref not in message.occurrences:
            message.occurrences.append(ref)
        if seg.role not in roles:
            roles.append(seg.role)
        for ph in seg.placeholders:
            note = " ".join(f"placeholder {ph.token}: {ph.kind} {ph.markup}".split())
            if note not in notes:
                notes.append(note)
    for message, roles, notes in by_key.values():
        message.comment = "\n".join([", ".join(roles), *notes])
    return messages


def _header(project_id: str, now: datetime | None, source_language: str) -> dict[str, str]:
    """The template's header fields, in xgettext's order."""
    return {
        "Project-Id-Version": project_id,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": format_date(now),
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": source_language,
        "MIME-Version": "1.0",
        "Content-Type": UTF8_CONTENT_TYPE,
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"l10n {__version__}",
    }


__all__ = ["TEMPLATE_STAMPS", "make_template"]
