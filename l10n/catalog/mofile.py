"""Compile gettext messages to the bytes of a .mo file, choosing the messages as GNU msgfmt does.

One job, on plain values (no polib): ``compile_catalog`` takes a ``Catalog`` (parsed by
``l10n.catalog.pofile.parse`` or made in memory) and returns the .mo bytes;
``compile_messages`` does the same for ``Message`` tuples
``(msgctxt, msgid, msgid_plural, msgstrs, fuzzy)``.

Layout from the GNU gettext manual, "The Format of GNU MO Files": little-endian, revision 0,
keys sorted by bytes, no hash table (optional in the format; gettext and Python's ``gettext``
module work without it). Own code rather than ``polib.POFile.to_binary``: polib builds the tables
by repeated bytes concatenation (quadratic: seconds at 50,000 entries) and chooses the entries
differently from msgfmt.
"""

from __future__ import annotations

import re
import struct
import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from l10n.catalog.catalog import Catalog

MAGIC = 0x950412DE
"""The first word of a .mo file, as written on a little-endian machine."""

CONTEXT_SEPARATOR = "\x04"
"""Between msgctxt and msgid in a key (gettext's ``GETTEXT_CONTEXT_GLUE``)."""


class Message(NamedTuple):
    """One active PO entry, as plain values.

    ``msgstrs`` holds the single msgstr of a singular entry, or msgstr[0], msgstr[1], ... in
    order for a plural one. The header is the message with msgid ``""`` and no msgctxt.
    """

    msgctxt: str | None
    msgid: str
    msgid_plural: str | None
    msgstrs: Sequence[str]
    fuzzy: bool = False


def included(message: Message, *, use_fuzzy: bool = False) -> bool:
    """Whether msgfmt puts ``message`` in the .mo file.

    The header always (even when fuzzy); any other message when its msgstr (or ``msgstr[0]``)
    is not empty and it is not fuzzy, unless ``use_fuzzy`` (msgfmt's ``--use-fuzzy``).
    """
    if not message.msgstrs or not message.msgstrs[0]:
        return False
    if message.msgid == "" and message.msgctxt is None:
        return True
    return use_fuzzy or not message.fuzzy


def _key_value(message: Message, encoding: str) -> tuple[bytes, bytes]:
    """The .mo key (``ctxt\\x04msgid[\\0plural]``) and value (msgstrs joined by NUL), encoded."""
    key = message.msgid if message.msgctxt is None else message.msgctxt + CONTEXT_SEPARATOR + message.msgid
    if message.msgid_plural:
        key += "\0" + message.msgid_plural
    return key.encode(encoding), "\0".join(message.msgstrs).encode(encoding)


def mo_bytes(pairs: Iterable[tuple[bytes, bytes]]) -> bytes:
    """A .mo file (revision 0, no hash table) holding ``pairs`` of (key, value), keys sorted."""
    table = sorted(pairs)
    count = len(table)
    keys_at = 7 * 4
    values_at = keys_at + 8 * count
    data_at = values_at + 8 * count
    descriptors: list[int] = []
    blobs: list[bytes] = []
    offset = data_at
    for column in (0, 1):  # all keys, then all values
        for pair in table:
            descriptors += [len(pair[column]), offset]
            blobs.append(pair[column] + b"\0")
            offset += len(pair[column]) + 1
    head = struct.pack("<7I", MAGIC, 0, count, keys_at, values_at, 0, data_at)
    return head + struct.pack(f"<{4 * count}I", *descriptors) + b"".join(blobs)


def compile_messages(
    messages: Iterable[Message], *, encoding: str = "utf-8", use_fuzzy: bool = False
) -> bytes:
    """The .mo bytes for ``messages``, with msgfmt's choice of messages (see ``included``).

    Args:
        messages: the active entries of a catalog, header included (obsolete ones left out).
        encoding: the catalog's charset; strings are stored in it, as msgfmt does.
        use_fuzzy: include fuzzy messages too.

    Returns:
        The file's bytes. Unlike msgfmt, c-format strings with ``<PRIu64>``-style macros are
        stored as plain strings (no system-dependent table): C programs could not look them up,
        Python's gettext can.
    """
    return mo_bytes(_key_value(m, encoding) for m in messages if included(m, use_fuzzy=use_fuzzy))


def _nfc(text: str) -> str:
    """``text`` in Unicode NFC (unchanged, and not copied, when it already is)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def compile_catalog(catalog: Catalog, *, use_fuzzy: bool = False, charset: str | None = None) -> bytes:
    """The .mo bytes of a catalog, as GNU msgfmt writes them from its PO file.

    Active messages only (obsolete ones are left out), chosen as ``included`` says. As msgfmt
    does since gettext 0.20 (reproducible builds), ``POT-Creation-Date`` is left out of the
    header. Every .mo gets a header naming its charset: a catalog without a header entry or
    without ``Content-Type`` gets ``Content-Type: text/plain; charset=<charset>`` (UTF-8 by
    default), since Python's ``gettext.GNUTranslations`` decodes non-ASCII strings only with
    it (it raises UnicodeDecodeError otherwise). One difference from msgfmt: every msgstr (the
    header's too) is stored in Unicode NFC, the form of our msgids and of the builds, so a
    translation saved decomposed (NFD, as some macOS editors write Vietnamese) is looked up
    and shown like any other; msgids are stored as they are. The catalog is not changed (its
    ``.po`` keeps what the translator saved; ``l10n check`` warns ``not-nfc``).

    Args:
        catalog: what to compile.
        use_fuzzy: include fuzzy messages too (msgfmt's ``--use-fuzzy``).
        charset: store the strings in this charset and say so in the ``Content-Type`` field,
            whatever the header said; None: in the header's charset (UTF-8 when it names none).

    Raises:
        LookupError: the charset is not one Python knows.
        UnicodeEncodeError: a string cannot be encoded in the charset.
    """
    fields = catalog.header
    match = re.search(r"charset=([\w.:-]+)", fields.get("Content-Type", ""))
    declared = match.group(1) if match and match.group(1).upper() != "CHARSET" else None
    encoding = charset or declared or "UTF-8"
    if charset is not None or declared is None:
        fields["Content-Type"] = f"text/plain; charset={encoding}"
    header = "".join(f"{name}: {value}\n" for name, value in fields.items() if name != "POT-Creation-Date")
    messages = [Message(None, "", None, (_nfc(header),), catalog.fuzzy)]
    for m in catalog.active():
        plural = tuple(_nfc(m.msgstr_plural[i]) for i in sorted(m.msgstr_plural))
        msgstrs = plural if m.msgid_plural else (_nfc(m.msgstr),)
        messages.append(Message(m.msgctxt, m.msgid, m.msgid_plural or None, msgstrs, "fuzzy" in m.flags))
    return compile_messages(messages, encoding=encoding, use_fuzzy=use_fuzzy)
