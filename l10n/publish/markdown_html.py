"""Markdown articles (``.md``) built as HTML: the article body and the plain-text title.

The block structure comes from the *source* article (parsed once with markdown-it-py);
each inline run (paragraph, heading, list item, table cell) is replaced by its units, each
rendered on its own with ``MarkdownIt.renderInline`` (link references from the source
resolve) and wrapped in its span. So a translator can neither change the block structure
nor put raw HTML into the page: text between tokens is shown as text (Markdown backslash
escapes and entity references are read as Markdown would, everything else is escaped, by
``l10n.publish.markdown.translated_markdown``, the rule of the Markdown build too); only the
placeholders become markup. The units come from
``l10n.publish.markdown.markdown_units``; the page around the body is ``l10n.publish.pages.build_html``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType

from l10n.formats.markdown.extract import substitute_tokens
from l10n.formats.markdown.parser import markdown_parser, parse, skipped_container
from l10n.model import Document, Gap, Piece, Segment, is_front_matter
from l10n.publish.markdown import MdUnit, previous_pieces, translated_markdown, yaml_plain, yaml_quote
from l10n.publish.plaintext import inline_text

__all__ = ["Marks", "markdown_body", "markdown_title"]

_LINE_PREFIX = re.compile(r"\n[ \t>]*")  # a container prefix after a line break in source markup


def _md_parser() -> MarkdownIt:
    """Renders Markdown articles: the same syntax ``l10n.formats.markdown.extract`` segments."""
    return markdown_parser()


def _unit_source(seg: Segment, text: str, *, trusted: bool) -> str:
    """Markdown for one unit's inline HTML: ``text`` (msgid or msgstr) with tokens as source markup.

    Untrusted text (a msgstr) is shown as text: ``translated_markdown``, so that only the
    placeholders become markup. Container prefixes (``> ``) after a line break in the markup
    are dropped, since the run is rendered on its own.
    """
    markup = {p.token: _LINE_PREFIX.sub("\n", p.markup) for p in seg.placeholders}
    if not trusted:
        return translated_markdown(text, markup)
    return substitute_tokens(text, markup)


def _md_unit_src(seg: Segment, u: MdUnit) -> str:
    if u.choice.kind == "fallback":
        return _unit_source(seg, seg.text, trusted=True)
    return _unit_source(seg, u.choice.text, trusted=False)


def markdown_title(doc: Document, units: Sequence[MdUnit], joiner: str) -> str | None:
    """Return the plain-text title as built: the front matter title, else the first heading.

    Returns None when the article has neither (the caller shows the slug). Units of the
    title block are joined like a build joins them; whitespace runs become one space.
    """
    prev = previous_pieces(doc)
    first = next((s for s in doc.segments if s.role == "title"), None)
    if first is None:
        first = next((s for s in doc.segments if s.role in ("headline", "heading")), None)
    if first is None:
        return None
    parts: list[str] = []
    for k, seg in enumerate(doc.segments):
        if seg.block != first.block:
            continue
        u = units[k]
        if parts:
            parts.append(joiner if units[k - 1].choice.kind != "fallback" else " ")
        if is_front_matter(seg.role):
            quote = yaml_quote(prev[k])
            parts.append(yaml_plain(seg.text if u.choice.kind == "fallback" else u.choice.text, quote))
        else:
            tokens = _md_parser().parseInline(_md_unit_src(seg, u), {})[0].children or []
            parts.append(inline_text(tokens, urls=False))  # line breaks become spaces below
    return re.sub(r"\s+", " ", "".join(parts)).strip() or None


def _md_groups(doc: Document) -> list[list[int]]:
    """Unit indexes grouped by block, in document order, front matter units left out."""
    groups: list[list[int]] = []
    for k, seg in enumerate(doc.segments):
        if is_front_matter(seg.role):
            continue
        if groups and doc.segments[groups[-1][0]].block == seg.block:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


def _belongs(tok: Token, seg: Segment) -> bool:
    """True if ``seg`` (the first unit of a block) is in the inline run ``tok``."""
    if tok.map is None or not tok.map[0] <= seg.line - 1 < tok.map[1]:
        return False
    first_line = seg.source.split("\n", 1)[0].rstrip().replace("\\|", "|")
    return first_line in tok.content


@dataclass(frozen=True)
class Marks:
    """How units are marked in HTML (see ``l10n.publish.pages.build_html``).

    Attributes:
        fallback_lang: ``lang`` of the ``<span>`` around English fallback units; None on the
            original's own page (no span).
        joiner: what stands between a translated unit and the next unit of its block.
        fallback_dir: ``dir`` of that ``<span>`` when it differs from the page's, else None.
    """

    fallback_lang: str | None
    joiner: str
    fallback_dir: str | None = None


def _span(kind: str, inner: str, marks: Marks) -> str:
    if kind == "fallback" and marks.fallback_lang:
        direction = f' dir="{html.escape(marks.fallback_dir)}"' if marks.fallback_dir else ""
        return f'<span lang="{html.escape(marks.fallback_lang)}"{direction}>{inner}</span>'
    if kind in ("machine", "fuzzy"):
        return f'<span class="{"mt" if kind == "machine" else "fuzzy"}">{inner}</span>'
    return inner


def markdown_body(doc: Document, units: Sequence[MdUnit], marks: Marks) -> str:
    """Return the article body as HTML: source blocks rendered, each inline run made of its units' HTML.

    ``units`` come from ``markdown_units`` (one per segment). An inline run that cannot be
    matched to its block's units keeps the source rendering (defensive; not expected).
    """
    md = _md_parser()
    env: EnvType = {}
    prev = previous_pieces(doc)
    groups = _md_groups(doc)
    parsed = parse(md, doc.render(lambda s: s.source), env)
    if parsed is None:  # too deep to parse: the article is one raw unit (see segment_markdown)
        runs = ["".join(_unit_html(doc, units, k, prev[k], marks, env) for k in group) for group in groups]
        return "\n".join(f"<p>{run}</p>" for run in runs)
    tokens: list[Token] = []
    g = 0
    for i, tok in enumerate(parsed):
        tokens.append(tok)
        if tok.map is None:
            continue
        if skipped_container(parsed, i):  # nested too deep: its lines are one raw unit
            if g < len(groups) and tok.map[0] <= doc.segments[groups[g][0]].line - 1 < tok.map[1]:
                html_run = "".join(_unit_html(doc, units, k, prev[k], marks, env) for k in groups[g])
                tokens.extend(_paragraph(html_run, tok.level + 1))
                g += 1
            continue
        if tok.type != "inline":
            continue
        while g < len(groups) and doc.segments[groups[g][0]].line - 1 < tok.map[0]:
            g += 1  # defensive: a block not matched to its run (that run shows its source)
        if g >= len(groups) or not _belongs(tok, doc.segments[groups[g][0]]):
            continue
        html_run = "".join(_unit_html(doc, units, k, prev[k], marks, env) for k in groups[g])
        tok.children = [Token("html_inline", "", 0, content=html_run)]
        g += 1
    html_out: str = md.renderer.render(tokens, md.options, env)  # markdown-it types render() as Any
    return html_out.strip("\n")


def _paragraph(html_run: str, level: int) -> list[Token]:
    """Block tokens for a paragraph whose inline content is ``html_run`` (our escaped HTML)."""
    inline = Token("inline", "", 0, level=level + 1, children=[Token("html_inline", "", 0, content=html_run)])
    return [
        Token("paragraph_open", "p", 1, level=level),
        inline,
        Token("paragraph_close", "p", -1, level=level),
    ]


def _unit_html(
    doc: Document, units: Sequence[MdUnit], k: int, gap: Piece | None, marks: Marks, env: EnvType
) -> str:
    """Unit ``k`` as inline HTML in its span, after the joiner or source whitespace of a ``Gap`` before it."""
    u = units[k]
    before = ""
    if isinstance(gap, Gap):
        if units[k - 1].choice.kind != "fallback":
            before = marks.joiner
        else:
            before = "\n" if "\n" in gap.text else gap.text
    inner = _md_parser().renderInline(_md_unit_src(doc.segments[k], u), env)
    return before + _span(u.choice.kind, inner, marks)
