"""Markdown article -> ``Document``, inline markup as numbered placeholders, lossless.

The article is parsed with markdown-it-py (CommonMark, plus GFM tables and strikethrough,
plus YAML front matter from mdit-py-plugins). Translated blocks and their roles:

    front matter ``title:`` (and other ``front_matter_keys``)   ``title``
    first level-1 heading / other headings                      ``headline`` / ``heading``
    paragraph (innermost container decides)                     ``paragraph``, ``list-item``, ``quote``
    table cell (header and body)                                ``table-cell``

Indented and fenced code, HTML blocks, the rest of the front matter, list markers,
``>`` prefixes, table pipes and link reference definitions stay in the skeleton.

Inline markup becomes placeholders in the msgid, numbered from 1 in each unit:

    ``**bold**``, ``*em*``, ``~~del~~``     ``<1>bold</1>``  (open/close markup ``**``)
    ``[text](url "title")``                 ``<1>text</1>``  (open ``[``, close ``](url "title")``)
    ``[text][label]``, ``[text][]``, ``[text]``   ``<1>text</1>``  (close ``][label]``: the label is kept)
    ``![alt](img.png)``                     ``<1>alt</1>``   (alt text is translatable; empty alt: ``<1/>``)
    ```code```, ``<http://x>``, ``<b>``, hard line break, footnote marker ``[^a]``,
    literal ``<1>`` text                    ``<1/>``

Footnote definitions (``[^a]: text``, mdit-py-plugins) are blocks of role ``footnote``; an
inline footnote (``^[text]``) is not supported: its block stays out of the catalog with a
``markdown-unsupported`` warning. Entity references are decoded (``&amp;`` is ``&``, see
``l10n.formats.markdown.units.decoded_text`` for the few kept as written); everything else in
the msgid is the raw source text: backslash escapes (``\\*``) are kept as written, and a
soft line break (with the next line's ``>`` or indentation prefix) becomes one space. Link
targets, image paths and code never appear in a msgid. Front matter values are read with
ruamel.yaml (``l10n.formats.markdown.frontmatter``): the msgid is the value YAML reads.

How offsets are found (markdown-it-py gives block line maps but no inline offsets): the
source lines of a block are aligned with the token's ``content`` (each content line is
a suffix of its source line for paragraphs; headings and table cells are located on
their line); then the inline children are located one after another in ``content``,
each exactly where the previous one ended. Anything that does not line up makes the
block one unit with its raw text (and a warning), so no text is ever lost.

The rules are ours: CommonMark spec and markdown-it-py's token stream; mdpo and
Translate Toolkit were read for ideas (placeholders, golden files), no code taken.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from markdown_it.utils import EnvType

from l10n.errors import UsageError
from l10n.formats.markdown.blocks import raw_article, walk
from l10n.formats.markdown.parser import markdown_parser, parse
from l10n.formats.markdown.units import Context, assemble
from l10n.formats.sentences import UNITS
from l10n.inline import PLACEHOLDER, nesting_error, normalize_placeholder, placeholders, split_placeholders
from l10n.model import BOM, Document, Issue, Segment

__all__ = ["TOKEN_RE", "render_unit", "segment_markdown", "substitute_tokens", "token_error"]

TOKEN_RE = PLACEHOLDER
"""The placeholder token pattern: ``l10n.inline.PLACEHOLDER`` (kept under this name for callers)."""


# --- public API --------------------------------------------------------------------------------


def segment_markdown(
    text: str,
    *,
    path: str,
    slug: str,
    unit: str = "sentence",
    front_matter_keys: Sequence[str] = ("title",),
) -> tuple[Document, list[Issue]]:
    """Cut a Markdown article into translation units, inline markup as placeholders.

    See the module docstring for the blocks, roles and placeholder rules. Units never
    start or end with whitespace, never split a placeholder pair (pysbd's split is moved
    past closing tokens, and dropped where a pair would still be cut), and hold some text
    besides placeholders. ``doc.render(lambda s: s.source) == text`` exactly, and so does
    ``doc.render(lambda s: render_unit(s, s.text))``.

    Args:
        text: the whole article as read by ``l10n.formats.source.read_source`` (BOM and CRLF kept).
        path: source path for references and warnings (``"source/x.md"``).
        slug: catalog name (``"x"``).
        unit: ``"sentence"`` (pysbd, as for text articles) or ``"paragraph"`` (one unit a block).
        front_matter_keys: top-level front matter keys whose text value is translated
            (role ``title`` or ``front-matter:<key>``); other keys are kept as they are.

    Returns:
        ``(document, warnings)``: ``Segment.text`` is the NFC msgid, ``Segment.source`` the
        exact characters, ``Segment.placeholders`` one ``Placeholder`` per token, in order.
        Warnings (``Issue``, severity ``warning``, never raised) name ``path:line`` for a
        block that could not be mapped and became one raw unit (``markdown-unmapped``),
        raw-looking markup left in a msgid such as an unclosed ``**`` (``markdown-raw-markup``),
        text kept untranslated in an HTML block (``markdown-html-block``) or in table cells
        beyond the header's columns (``markdown-table-extra-cells``), front matter values
        that are not text or front matter that is not YAML (``markdown-front-matter``), blocks
        with an inline footnote (``markdown-unsupported``), and text nested deeper
        than ``l10n.formats.markdown.parser.MAX_NESTING`` (``markdown-too-deep``: the lines
        markdown-it skipped become one raw unit; an article too deep for Python's recursion
        limit becomes one raw unit as a whole). No text is ever dropped.

    Raises:
        UsageError: ``unit`` is not one of ``l10n.formats.txt.UNITS``.
    """
    if unit not in UNITS:
        raise UsageError(f"unknown unit {unit!r}: expected one of {', '.join(UNITS)}")
    offset = 1 if text.startswith(BOM) else 0
    md = markdown_parser(join_text=False)
    env: EnvType = {}
    tokens = parse(md, text[offset:], env)
    ctx = Context(text, offset, path, unit, md, env)
    if tokens is None:
        raw_article(ctx)
    else:
        walk(ctx, tokens, tuple(front_matter_keys))
    return assemble(ctx, path, slug), ctx.issues


def render_unit(seg: Segment, translation: str) -> str:
    """Turn a msgstr with placeholder tokens back into Markdown source.

    A translation equal to the msgid gives back ``seg.source`` exactly (line wrapping,
    NFD text and all). Otherwise each token is replaced by its ``Placeholder.markup``;
    tokens may be reordered but must each appear exactly once and nest properly. Plain
    text is inserted as written (it is raw Markdown, like the msgid), except that line
    breaks become one space (Markdown treats a soft break as a space, and headings and
    table cells must stay on one line), and in a ``table-cell`` an unescaped ``|``
    becomes ``\\|``.

    Args:
        seg: the unit (from ``segment_markdown``).
        translation: the msgstr.

    Returns:
        The Markdown text to put in the unit's place.

    Raises:
        ValueError: a token of ``seg`` is missing or repeated, an unknown token appears, or
            the tokens do not nest (``</1>`` before ``<1>``, ``<1><2></1></2>``). The build
            is expected to catch it and use the source text instead.
    """
    if translation == seg.text:
        return seg.source
    markup = {p.token: p.markup for p in seg.placeholders}
    if markup:
        _check_tokens(placeholders(translation), markup)
    return substitute_tokens(translation, markup, table_cell=seg.role == "table-cell")


def substitute_tokens(text: str, markup: Mapping[str, str], *, table_cell: bool = False) -> str:
    """Return ``text`` with each placeholder token replaced by its ``markup``, as raw Markdown.

    Line breaks (and the whitespace around them) in the text between tokens become one space;
    with ``table_cell`` an unescaped ``|`` there becomes ``\\|``. A token ``markup`` lacks
    stays as written. Tokens are looked up normalised (``<1 />`` is ``<1/>``). No check of the tokens.
    """
    parts, found = split_placeholders(text)
    out: list[str] = []
    for i, part in enumerate(parts):
        part = re.sub(r"\s*\n\s*", " ", part)
        if table_cell:
            part = re.sub(r"(?<!\\)\|", r"\\|", part)
        out.append(part)
        if i < len(found):
            out.append(markup.get(normalize_placeholder(found[i]), found[i]))
    return "".join(out)


def token_error(seg: Segment, translation: str) -> str | None:
    """Return why the placeholder tokens of ``translation`` do not fit ``seg``, or None if they do.

    The check a build makes before showing a translation of a Markdown unit: every token of
    ``seg`` exactly once, no unknown token, pairs properly nested (as ``render_unit``), and
    inline HTML placeholders (``<b>``...) in their source order, since reordering them would
    cross the tags. A unit without placeholders accepts any text (``<1>`` is then plain text).
    No Markdown parsing: this is cheap enough for ``l10n.publish.policy.completion``.
    """
    markup = {p.token: p.markup for p in seg.placeholders}
    if not markup:
        return None
    found = placeholders(translation)
    try:
        _check_tokens(found, markup)
    except ValueError as exc:
        return str(exc)
    tags = [p.token for p in seg.placeholders if p.kind == "html"]
    if len(tags) > 1 and [t for t in found if t in tags] != tags:
        return "inline HTML placeholders reordered in translation"
    return None


def _check_tokens(found: list[str], markup: dict[str, str]) -> None:
    """Raise ValueError unless ``found`` has every token of ``markup`` once, properly nested."""
    unknown = [t for t in found if t not in markup]
    if unknown:
        raise ValueError(f"unknown placeholder {unknown[0]} in translation")
    for token in markup:
        n = found.count(token)
        if n != 1:
            raise ValueError(f"placeholder {token} {'missing' if n == 0 else 'repeated'} in translation")
    if problem := nesting_error(found):
        raise ValueError(f"{problem} in translation")
