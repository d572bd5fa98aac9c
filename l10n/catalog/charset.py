"""The charset of a PO/POT file: the one its header declares, checked and decoded as GNU gettext does.

``decode`` turns a catalog file's bytes into text for ``l10n.catalog.pofile.parse``; the
pipeline and the review page also use ``declared_charset`` and ``codec`` to tell a legacy
charset (ISO-8859-1...) that is written back as UTF-8. Nothing here touches the file system.
"""

from __future__ import annotations

import codecs
import re

from l10n.errors import CatalogError

# The charset of the Content-Type field, in the header entry (up to the first blank line after
# its msgstr); names as Python's and GNU's codec names are spelled (ISO-8859-1, KOI8-R, CP1252).
_CHARSET = re.compile(rb"Content-Type:[^\n\"]*?charset=([^\s\"\\;]*)", re.IGNORECASE)
_HEADER_END = re.compile(rb"\r?\n[ \t]*\r?\n")

MAX_CATALOG_BYTES = 32 * 1024 * 1024
"""The largest catalog file read, in bytes (32 MiB; not configurable). Real catalogs are far
smaller (the largest of 60 public ones is under 1 MB); parsing takes about 30 times the file's
size in memory, so a bigger file is refused (``check_size``) rather than ending in a
``MemoryError``."""


def check_size(size: int, *, path: str = "") -> None:
    """Refuse a catalog file of ``size`` bytes above ``MAX_CATALOG_BYTES``.

    Call before reading the file (with ``os.stat``'s size); ``decode`` calls it again.

    Raises:
        CatalogError: the file is too large (one line naming the file and both sizes).
    """
    if size > MAX_CATALOG_BYTES:
        raise CatalogError(
            f"catalog is {size / 2**20:.0f} MiB, "
            f"over the {MAX_CATALOG_BYTES // 2**20} MiB limit for a catalog file",
            path=path,
        )


def declared_charset(data: bytes) -> tuple[str | None, int]:
    """The charset the header's ``Content-Type`` field names, and the line of that field.

    Args:
        data: the bytes of a PO/POT file.

    Returns:
        (charset as written, e.g. ``"ISO-8859-1"``, 1-based line), or (None, 0) when the header
        names none (no header entry, no ``Content-Type`` or no ``charset=``). xgettext's
        placeholder ``CHARSET`` is returned as it is.
    """
    start = data.find(b"msgstr")
    end = _HEADER_END.search(data, start) if start >= 0 else None
    match = _CHARSET.search(data, 0, end.start() if end else len(data))
    if match is None or not match.group(1):
        return None, 0
    return match.group(1).decode("ascii", "replace"), data.count(b"\n", 0, match.start()) + 1


def codec(charset: str | None, *, path: str = "", line: int = 0) -> str:
    """Python's codec name for a catalog charset (``declared_charset``): ``"utf-8"``, ``"iso8859-1"``...

    None and xgettext's placeholder ``CHARSET`` mean UTF-8. Any charset Python knows that keeps
    ASCII as ASCII is accepted (GNU gettext reads only those: ISO-8859-*, KOI8-*, CP125x,
    EUC-*, GBK, GB18030, BIG5, SHIFT_JIS...).

    Raises:
        CatalogError: Python does not know the charset, or it is not ASCII-compatible (UTF-16).
    """
    if charset is None or charset.upper() == "CHARSET":
        return "utf-8"
    try:
        info = codecs.lookup(charset)
    except LookupError:
        message = f"unknown charset {charset!r} in the Content-Type header"
        raise CatalogError(message, path=path, line=line) from None
    sample = 'msgid "" msgstr "Content-Type: \\n"\n'
    try:
        ascii_kept = sample.encode(info.name) == sample.encode("ascii")
        compatible = getattr(info, "_is_text_encoding", True) and ascii_kept
    except (UnicodeError, TypeError):
        compatible = False
    if not compatible:
        raise CatalogError(
            f"charset {charset!r} in the Content-Type header is not ASCII-compatible (use UTF-8)",
            path=path,
            line=line,
        )
    return info.name


def decode(data: bytes, *, path: str = "") -> str:
    """Decode the bytes of a PO/POT file to text, honouring a UTF-8 BOM and the header charset.

    The charset is the one the header's ``Content-Type`` names (``declared_charset``), UTF-8
    when it names none, as GNU gettext reads a catalog.

    Charset mismatch: when the header names another charset than UTF-8 but the bytes hold
    non-ASCII text and are valid UTF-8 as a whole, the file is taken to be UTF-8 with a wrong
    header (typically an edited ``Content-Type`` line) and rejected: decoding it in the declared
    charset would garble every non-ASCII character (``Căng`` read as Latin-1 is ``CÄ\x83ng``),
    and a later write would make that permanent. A genuine legacy file is almost never valid
    UTF-8 by accident (its non-ASCII bytes would all have to form UTF-8 multibyte sequences,
    e.g. Latin-1 ``Ã©`` pairs); such a rare file must be re-saved as UTF-8 by hand. Legacy
    files whose bytes are not valid UTF-8 are read in their declared charset as before.

    Args:
        data: the file's bytes.
        path: file name for error messages.

    Returns:
        The text (BOM removed; line endings untouched).

    Raises:
        CatalogError: the file is larger than ``MAX_CATALOG_BYTES`` (``check_size``); it holds
            a NUL byte (GNU gettext cannot hold one in a string; line of the byte); the
            charset is unknown or not ASCII-compatible (line of the
            ``Content-Type`` field), the file is UTF-8 but the header names another charset
            (charset mismatch, line of the ``Content-Type`` field), or the bytes are not valid
            in the charset (line of the first bad byte; "not valid UTF-8" when no charset is
            declared).
    """
    check_size(len(data), path=path)
    nul = data.find(b"\0")
    if nul >= 0:
        at = data.count(b"\n", 0, nul) + 1
        raise CatalogError("NUL byte in the file (a PO file cannot hold one)", path=path, line=at)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    charset, line = declared_charset(data)
    name = codec(charset, path=path, line=line)
    if name != "utf-8" and not data.isascii() and _is_utf8(data):
        first = next(i for i, byte in enumerate(data) if byte >= 0x80)
        at = data.count(b"\n", 0, first) + 1
        raise CatalogError(
            f"header says charset={charset} but the file is UTF-8 (non-ASCII text from line {at}); "
            "set charset=UTF-8 in the Content-Type header",
            path=path,
            line=line,
        )
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        bad = data[: exc.start].count(b"\n") + 1
        shown = "UTF-8" if name == "utf-8" else charset
        raise CatalogError(f"not valid {shown}", path=path, line=bad) from None


def _is_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


__all__ = ["MAX_CATALOG_BYTES", "check_size", "codec", "declared_charset", "decode"]
