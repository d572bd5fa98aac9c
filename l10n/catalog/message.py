"""One catalog message (``Message``) and its identity in a catalog (``Key``).

A plain record, no file format: ``l10n.catalog.pofile`` makes them from PO text,
``l10n.catalog.catalog.Catalog`` holds them in file order and indexes them by key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

Key = tuple[str | None, str]
"""A message's identity in a catalog: (msgctxt, msgid)."""

_FIXED = frozenset({"msgid", "msgctxt", "obsolete"})
_HELD = "_held"  # set by ``hold``: the message is in a catalog


@dataclass(eq=False)
class Message:
    """One PO entry (not the header), as a record owned by its ``Catalog``.

    Field names follow gettext's PO format: ``tcomment`` holds the translator comments (``#``
    lines, joined by newlines), ``comment`` the extracted comments (``#.``), ``occurrences``
    the references (``#:``) as (file, line) strings, ``previous_*`` the ``#|`` lines of a fuzzy
    entry. ``msgstr_plural`` maps each plural form index to its msgstr (``msgid_plural`` set).
    ``line`` is the line of the msgid in the text it was parsed from (0: not parsed).
    ``blank_tcomment`` / ``blank_comment``: the entry has exactly one, empty, ``#`` / ``#.``
    line (``tcomment`` / ``comment`` is then ``""``, like no line at all).

    ``msgid``, ``msgctxt`` and ``obsolete`` are fixed once the message is in a catalog
    (``hold``: the catalog indexes it by them); the other fields may change.

    Raises:
        AttributeError: on assigning ``msgid``, ``msgctxt`` or ``obsolete`` of a message in a
            catalog (make a new one, e.g. with ``dataclasses.replace``).
    """

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    tcomment: str = ""
    comment: str = ""
    occurrences: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0
    blank_tcomment: bool = False
    blank_comment: bool = False

    def __setattr__(self, name: str, value: object) -> None:
        if name in _FIXED and self.__dict__.get(_HELD):
            raise AttributeError(f"Message.{name} is fixed once the message is in a catalog (it indexes it)")
        object.__setattr__(self, name, value)

    @property
    def key(self) -> Key:
        """(msgctxt, msgid)."""
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        """Whether the msgstr (or any plural msgstr) is not empty."""
        return bool(self.msgstr) or any(self.msgstr_plural.values())

    def signature(self) -> tuple[object, ...]:
        """Everything a PO file holds about this message (what ``Catalog.same_content`` compares)."""
        return (
            self.obsolete,
            self.msgctxt,
            self.msgid,
            self.msgid_plural,
            self.msgstr,
            tuple(sorted(self.msgstr_plural.items())),
            self.tcomment,
            self.comment,
            tuple((p, str(n)) for p, n in self.occurrences),
            tuple(self.flags),
            (self.previous_msgctxt, self.previous_msgid, self.previous_msgid_plural),
            (self.blank_tcomment and not self.tcomment, self.blank_comment and not self.comment),
        )


def hold(messages: Iterable[Message]) -> None:
    """Fix the key fields (msgid, msgctxt, obsolete) of messages a catalog now indexes."""
    for message in messages:
        message.__dict__[_HELD] = True


__all__ = ["Key", "Message", "hold"]
