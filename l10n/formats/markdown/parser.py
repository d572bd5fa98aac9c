"""The one markdown-it-py parser factory: the same syntax for segmenting and for building.

CommonMark plus GFM tables and strikethrough plus YAML front matter and footnotes
(``[^a]`` markers with ``[^a]: text`` definitions; both from mdit-py-plugins).
``maxNesting`` is raised from the CommonMark preset's 20 to ``MAX_NESTING``: at the limit
markdown-it silently skips the rest of a container (a list 10 levels deep, 20 ``>``), so
the limit is set well above real articles. Deeper containers still come out of markdown-it
*empty* (an open token followed by its close, text lines inside); ``skipped_container``
finds them, and the callers keep their lines as one untranslated unit with a warning.
Without a limit Python's recursion limit is hit at a few thousand levels instead; ``parse``
turns that ``RecursionError`` into None so that callers can fall back to the raw text.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

__all__ = ["MAX_NESTING", "markdown_parser", "parse", "skipped_container"]

MAX_NESTING = 100
"""Block and inline nesting limit given to markdown-it (its ``default`` preset's value)."""

_CONTAINERS = {"blockquote_open": "blockquote_close", "list_item_open": "list_item_close"}


@functools.cache
def markdown_parser(*, join_text: bool = True) -> MarkdownIt:
    """Return the shared parser (markdown-it-py keeps no per-parse state in it; ``env`` is per call).

    Args:
        join_text: False keeps entities and backslash escapes as their own tokens with their
            raw markup (markdown-it's ``text_join`` rule disabled), which segmenting needs;
            rendering wants them joined (the default).
    """
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    md.enable(["table", "strikethrough"]).use(front_matter_plugin).use(footnote_plugin)
    if not join_text:
        md.disable("text_join")
    return md


def parse(md: MarkdownIt, text: str, env: EnvType) -> list[Token] | None:
    """Return ``md.parse(text, env)``, or None when the input nests too deep for Python's stack."""
    try:
        return md.parse(text, env)
    except RecursionError:
        return None


def skipped_container(tokens: Sequence[Token], i: int) -> bool:
    """True if ``tokens[i]`` opens a blockquote or list item that markdown-it left empty at the
    nesting limit (its close comes next): its lines (``map``) were not parsed at all."""
    tok = tokens[i]
    close = _CONTAINERS.get(tok.type)
    if close is None or i + 1 >= len(tokens) or tokens[i + 1].type != close or tok.map is None:
        return False
    return tok.level + 1 >= MAX_NESTING
