"""Article file -> ``Document``: read the bytes losslessly, pick the format by suffix.

``.txt`` goes to ``l10n.formats.txt``, ``.md`` and ``.markdown`` to ``l10n.formats.markdown``,
``.html`` and ``.htm`` to ``l10n.formats.html``; each segmenter (and its parser library) is
imported when an article of its format is read (start-up, issue 22).
The suffixes and the tests on them (``ARTICLE_SUFFIXES``, ``is_article``, ``is_markdown_path``,
``is_html_path``) live in the leaf module ``l10n.formats.suffixes`` and are re-exported here.
"""

from __future__ import annotations

import pathlib
from collections.abc import Sequence

from l10n.errors import SourceError
from l10n.formats.suffixes import (
    ARTICLE_SUFFIXES,
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    is_article,
    is_html_path,
    is_markdown_path,
)
from l10n.model import BOM, Document, Issue


def read_source(file: pathlib.Path, *, display_path: str, data: bytes | None = None) -> str:
    """Read an article file as text, losing nothing.

    The bytes are decoded as UTF-8 with no newline translation: CRLF stays CRLF and a
    UTF-8 byte order mark is kept as U+FEFF at the start of the string.

    Args:
        file: the file to read.
        display_path: how the file is named in error messages (``"source/x.txt"``).
        data: the file's bytes as the caller already read them (the file is then not read
            again, so what is decoded is exactly what the caller keyed on); None: read it.

    Returns:
        The decoded text (``str``).

    Raises:
        SourceError: (path=display_path) if the file is missing or unreadable, or is empty or
            whitespace only; with ``line`` set if it holds a NUL byte (binary, or UTF-16)
            or is not valid UTF-8 (the line of the first bad byte).
    """
    try:
        if data is None:
            data = file.read_bytes()
    except FileNotFoundError:
        raise SourceError("article not found", path=display_path) from None
    except IsADirectoryError:
        raise SourceError("is a directory, not an article file", path=display_path) from None
    except OSError as exc:
        raise SourceError(f"cannot read article: {exc.strerror or exc}", path=display_path) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise SourceError("binary file (NUL byte), or not UTF-8 (UTF-16?)", path=display_path, line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start]
        raise SourceError(
            f"not valid UTF-8: byte 0x{bad:02x} at column {col} (byte offset {exc.start})",
            path=display_path,
            line=line,
        ) from None
    if not text.lstrip(BOM).strip():
        raise SourceError("empty article (no text)", path=display_path)
    return text


def load_document(
    file: pathlib.Path,
    *,
    display_path: str,
    unit: str = "sentence",
    wrap: bool = False,
    warnings: list[Issue] | None = None,
    front_matter_keys: Sequence[str] = ("title",),
    data: bytes | None = None,
) -> Document:
    """Read and segment one article file; the slug is the file name without its suffix.

    Args:
        file: the article: ``.txt`` (``segment_text``), ``.md``/``.markdown``
            (``l10n.formats.markdown.extract.segment_markdown``) or ``.html``/``.htm``
            (``l10n.formats.html.segment_html``).
        display_path: the path written in references and errors (``"source/x.txt"``).
        unit: ``"sentence"`` or ``"paragraph"`` (see ``segment_text``).
        wrap: True for hard-wrapped text files (see ``segment_text``); ignored for Markdown.
        front_matter_keys: Markdown front matter keys whose value is translated.
        warnings: if given, the segmenter's warnings (``Issue`` values, Markdown and HTML)
            are appended to it; else they are dropped.
        data: the file's bytes as already read (``read_source``); None: read the file.

    Returns:
        The segmented ``Document``.

    Raises:
        SourceError: unsupported suffix, or any error of ``read_source``.
        UsageError: bad ``unit``.
    """
    if not is_article(file):
        expected = ", ".join(ARTICLE_SUFFIXES[:-1]) + " or " + ARTICLE_SUFFIXES[-1]
        raise SourceError(
            f"unsupported article format {file.suffix or '(no suffix)'!r} (expected {expected})",
            path=display_path,
        )
    text = read_source(file, display_path=display_path, data=data)
    if is_html_path(file):
        from l10n.formats.html import segment_html

        doc, issues = segment_html(text, path=display_path, slug=file.stem, unit=unit)
        if warnings is not None:
            warnings.extend(issues)
        return doc
    if is_markdown_path(file):
        from l10n.formats.markdown.extract import segment_markdown

        doc, issues = segment_markdown(
            text, path=display_path, slug=file.stem, unit=unit, front_matter_keys=front_matter_keys
        )
        if warnings is not None:
            warnings.extend(issues)
        return doc
    from l10n.formats.txt import segment_text

    return segment_text(text, path=display_path, slug=file.stem, unit=unit, wrap=wrap)


__all__ = [
    "ARTICLE_SUFFIXES",
    "HTML_SUFFIXES",
    "MARKDOWN_SUFFIXES",
    "is_article",
    "is_html_path",
    "is_markdown_path",
    "load_document",
    "read_source",
]
