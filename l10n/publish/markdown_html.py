"""Markdown articles (``.md``) built as HTML: the article body and the plain-text title.

The block structure comes from the *source* article (parsed once with markdown-it-py);
each inline run (paragraph, heading, list item, table cell) is replaced by its units, each
rendered on its own with ``MarkdownIt.renderInline`` (link references from the source
resolve) and wrapped in its span. So a translator can neither change the block structure
nor put raw HTML into the page: text between tokens is shown as text (Markdown backslash
escapes and entity references are read as Markdown would, everything else is escaped, by
``l10n.publish.markdown.translated_markdown``, the rule of the Markdown build too); only the
placeholders become markup. The units come from ``l10n.publish.markdown.markdown_units``;
the page around the body is ``l10n.publish.markdown_article``; the spans are ``l10n.publish.marks``'.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType

from l10n.formats.markdown.parser import markdown_parser, parse, skipped_container
from l10n.inline import placeholders
from l10n.model import Document, Gap, Piece, Segment, is_front_matter
from l10n.publish.markdown import MdUnit, parse_source, previous_pieces
from l10n.publish.markdown_check import groups, match_runs, private_env, strip_prefixes
from l10n.publish.markdown_escape import translated_markdown
from l10n.publish.markdown_text import inline_text
from l10n.publish.marks import Marks
from l10n.publish.skeleton import joined_gap

__all__ = ["Marks", "markdown_body", "markdown_title"]


def _md_parser() -> MarkdownIt:
    """Renders Markdown articles: the same syntax ``l10n.formats.markdown.extract`` segments."""
    return markdown_parser()


def _unit_tokens(seg: Segment, u: MdUnit, env: EnvType, notes: Sequence[Token] = ()) -> list[Token]:
    """The inline tokens of one unit as shown, parsed on its own.

    An English unit is its source (container prefixes after line breaks dropped, soft breaks as
    spaces, text NFC, as in its msgid); a translation is ``translated_markdown`` with the
    unit's markup (``MdUnit.markup``: the source's or its repair form), so that only the
    placeholders become markup. ``notes``: the source's footnote marker tokens of this unit, in
    source order; they stand for the unit's footnote markers (a marker rendered on its own
    would count as a second use of its note).
    """
    md = _md_parser()
    if u.choice.kind == "fallback":
        parsed = md.parseInline(strip_prefixes(seg.source), private_env(env))
        children = parsed[0].children or [] if parsed else []
        pending = list(notes)
        out = []
        for t in children:
            if t.type == "softbreak":
                t = Token("text", "", 0, content=" ")
            elif t.type == "text":
                t.content = unicodedata.normalize("NFC", t.content)
            elif t.type == "footnote_ref" and pending:
                t = pending.pop(0)
            out.append(t)
        return out
    markup = {t: strip_prefixes(m) for t, m in u.markup.items()}
    by_token = dict(zip([p.token for p in seg.placeholders if p.kind == "footnote"], notes, strict=False))
    pending = [by_token[t] for t in placeholders(u.choice.text) if t in by_token]  # translator's order
    parsed = md.parseInline(translated_markdown(u.choice.text, markup), private_env(env))
    children = parsed[0].children or [] if parsed else []
    return [pending.pop(0) if t.type == "footnote_ref" and pending else t for t in children]


def markdown_title(
    doc: Document, units: Sequence[MdUnit], joiner: str, env: EnvType | None = None
) -> str | None:
    """Return the plain-text title as built: the front matter title, else the first heading.

    Returns None when the article has neither (the caller shows the slug). Units of the
    title block are joined like a build joins them; whitespace runs become one space.
    ``env``: the source's parse environment (link references) if parsed already
    (``l10n.localized.Localized.source``); else the source is parsed here when needed.
    """
    first = next((s for s in doc.segments if s.role == "title"), None)
    if first is None:
        first = next((s for s in doc.segments if s.role in ("headline", "heading")), None)
    if first is None:
        return None
    if env is None:
        env = {}
        if not is_front_matter(first.role):  # link reference definitions resolve in a heading
            parse(_md_parser(), doc.render(lambda s: s.source), env)
    parts: list[str] = []
    for k, seg in enumerate(doc.segments):
        if seg.block != first.block:
            continue
        u = units[k]
        if parts:
            parts.append(joiner if units[k - 1].choice.kind != "fallback" else " ")
        if is_front_matter(seg.role):
            parts.append(seg.text if u.choice.kind == "fallback" else u.choice.text)
        else:
            tokens = [t for t in _unit_tokens(seg, u, env) if t.type != "footnote_ref"]  # no [1] in a title
            parts.append(inline_text(tokens, urls=False))  # line breaks become spaces below
    return re.sub(r"\s+", " ", "".join(parts)).strip() or None


def markdown_body(doc: Document, units: Sequence[MdUnit], marks: Marks) -> str:
    """Return the article body as HTML: source blocks rendered, each inline run made of its units' HTML.

    ``units`` come from ``markdown_units`` (one per segment). Runs are matched to their units
    by line (``l10n.publish.markdown_check.match_runs``; footnote definitions come last in the
    token stream); a run with no units keeps the source rendering.
    """
    md, env, parsed = parse_source(doc)  # shared: read, never changed
    if parsed is None:  # too deep to parse: the article is one raw unit (see segment_markdown)
        runs = [_run_html(doc, units, group, marks, env, []) for group in groups(doc)]
        return "\n".join(f"<p>{run}</p>" for run in runs)
    matched = match_runs(doc, parsed)
    used = {k for group in matched.values() for k in group}
    left = [g for g in groups(doc) if g[0] not in used]
    tokens: list[Token] = []
    for i, tok in enumerate(parsed):
        if i in matched:  # a copy with the units' HTML as its children: the parse stays as it is
            tok = copy.copy(tok)
        tokens.append(tok)
        if tok.map is not None and skipped_container(parsed, i):  # nested too deep: one raw unit
            group = next((g for g in left if tok.map[0] <= doc.segments[g[0]].line - 1 < tok.map[1]), None)
            if group is not None:
                left.remove(group)
                tokens.extend(_paragraph(_run_html(doc, units, group, marks, env, []), tok.level + 1))
            continue
        if i in matched:
            notes = [c for c in tok.children or [] if c.type == "footnote_ref"]
            html_run = _run_html(doc, units, matched[i], marks, env, notes)
            tok.children = [Token("html_inline", "", 0, content=html_run)]
    html_out: str = md.renderer.render(tokens, md.options, env)  # markdown-it types render() as Any
    return html_out.strip("\n")


def _run_html(
    doc: Document, units: Sequence[MdUnit], group: list[int], marks: Marks, env: EnvType, notes: list[Token]
) -> str:
    """The HTML of one run's units (``notes``: the run's footnote markers, in source order)."""
    prev = previous_pieces(doc)
    out = []
    for k in group:
        n = sum(p.kind == "footnote" for p in doc.segments[k].placeholders)
        out.append(_unit_html(doc, units, k, prev[k], marks, env, notes[:n]))
        del notes[:n]
    return "".join(out)


def _paragraph(html_run: str, level: int) -> list[Token]:
    """Block tokens for a paragraph whose inline content is ``html_run`` (our escaped HTML)."""
    inline = Token("inline", "", 0, level=level + 1, children=[Token("html_inline", "", 0, content=html_run)])
    return [
        Token("paragraph_open", "p", 1, level=level),
        inline,
        Token("paragraph_close", "p", -1, level=level),
    ]


def _unit_html(
    doc: Document,
    units: Sequence[MdUnit],
    k: int,
    gap: Piece | None,
    marks: Marks,
    env: EnvType,
    notes: Sequence[Token] = (),
) -> str:
    """Unit ``k`` as inline HTML in its span, after the joiner or source whitespace of a ``Gap`` before it."""
    u = units[k]
    before = ""
    if isinstance(gap, Gap):  # source whitespace after a fallback unit: one line break at most
        previous = units[k - 1].choice.kind
        before = joined_gap(gap.text, previous, marks.joiner)
        if previous == "fallback" and "\n" in before:
            before = "\n"
    md = _md_parser()
    inner = md.renderer.render(_unit_tokens(doc.segments[k], u, env, notes), md.options, env)
    return before + marks.span(u.choice.kind, inner)
