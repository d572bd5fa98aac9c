"""The safeguard of Markdown builds: parse what was built again and compare it with the catalog.

A built Markdown article is parsed again with the very parser the article was segmented
with (``l10n.formats.markdown.parser``); its structure must be what the catalog says:

- the block structure (token types, tags and nesting, front matter aside) equals the source's;
- each inline run (paragraph, heading, list item, table cell, footnote) reads as the *events*
  its units promise: a translated unit is its msgstr's text (read as
  ``l10n.publish.markdown.translated_markdown`` shows it) with each placeholder as the markup
  it stands for (emphasis kinds, link and image targets, code, footnote labels, breaks), in
  the translator's order and nesting; an English unit is its source; between units the joiner;
- each translated front matter value reads back as its translation.

Events are tuples: ``("t", text)``, ``("open", kind, target)``, ``("close", kind)``,
``("atom", kind, detail)``; text is compared with whitespace runs collapsed. The same events
are read from the HTML of one unit with html5lib (``html_events``): element nesting, link
targets and text. ``l10n.publish.markdown.markdown_units`` uses the results to repair or fall
back; nothing here changes a build. No I/O.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import html5lib
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType

from l10n.inline import normalize_placeholder, split_placeholders
from l10n.model import Document, Segment, is_front_matter

__all__ = [
    "Event",
    "block_structure",
    "expected_events",
    "for_html",
    "groups",
    "html_events",
    "inline_events",
    "match_runs",
    "normalize",
    "placeholder_events",
    "private_env",
    "source_events",
    "strip_prefixes",
]

Event = tuple[str, ...]

LINE_PREFIX = re.compile(r"\n[ \t>]*")  # a container prefix after a line break in source markup
_HTML_PAIRS = {"em": "em", "strong": "strong", "s": "strike", "del": "strike"}
_HTML_TAG = re.compile(r"<(/?)(em|strong|s|del)>$")
_KINDS = {"em_open": "em", "strong_open": "strong", "s_open": "strike"}
_CLOSES = {"em_close": "em", "strong_close": "strong", "s_close": "strike"}


def strip_prefixes(markdown: str) -> str:
    """Drop container prefixes (``> ``, indentation) after line breaks: a run rendered on its own."""
    return LINE_PREFIX.sub("\n", markdown)


def private_env(env: EnvType) -> EnvType:
    """A copy of ``env`` whose footnote counters a parse may change (footnote_ref counts uses)."""
    return {**env, "footnotes": copy.deepcopy(env["footnotes"])} if "footnotes" in env else dict(env)


def inline_events(children: Sequence[Token]) -> list[Event]:
    """The events of parsed inline tokens (see the module docstring), not yet normalised."""
    out: list[Event] = []
    i = 0
    while i < len(children):
        t = children[i]
        if t.type == "link_open" and t.markup in ("autolink", "linkify"):
            j = i + 1
            while j < len(children) and children[j].type != "link_close":
                j += 1
            text = "".join(c.content for c in children[i + 1 : j])
            out.append(("atom", "autolink", str(t.attrGet("href") or ""), text))
            i = j
        elif t.type == "image":
            out.append(("open", "image", f"{t.attrGet('src') or ''} {t.attrGet('title') or ''}"))
            out.extend(inline_events(t.children or []))
            out.append(("close", "image"))
        else:
            out.append(_token_event(t))
        i += 1
    return out


_TEXT_EVENTS: dict[str, Event] = {"softbreak": ("t", " "), "hardbreak": ("atom", "line-break", "")}


def _token_event(t: Token) -> Event:
    """The one event of an inline token other than an autolink or an image."""
    kind = t.type
    if kind in ("text", "text_special"):
        return ("t", t.content)
    if kind in _TEXT_EVENTS:
        return _TEXT_EVENTS[kind]
    if kind in _KINDS:
        return ("open", _KINDS[kind], "")
    if kind in _CLOSES:
        return ("close", _CLOSES[kind])
    if kind == "link_open":
        return ("open", "link", f"{t.attrGet('href') or ''} {t.attrGet('title') or ''}")
    if kind == "link_close":
        return ("close", "link")
    if kind == "code_inline":
        return ("atom", "code", t.content)
    if kind == "footnote_ref":
        return ("atom", "footnote", str((t.meta or {}).get("label")))
    if kind == "html_inline":
        m = _HTML_TAG.match(t.content.strip().lower())
        if m:
            tag = _HTML_PAIRS[m.group(2)]
            return ("close", tag) if m.group(1) else ("open", tag, "")
        return ("atom", "html", t.content)
    return ("atom", kind, t.content)


def normalize(events: Iterable[Event]) -> list[Event]:
    """Merge adjacent text, collapse whitespace runs to one space, drop spaces next to a line
    break and at both ends, drop empty text: the form two event lists are compared in."""
    merged: list[Event] = []
    for e in events:
        if e[0] == "t" and merged and merged[-1][0] == "t":
            merged[-1] = ("t", merged[-1][1] + e[1])
        else:
            merged.append(e)
    out: list[Event] = []
    for k, e in enumerate(merged):
        if e[0] != "t":
            out.append(e)
            continue
        text = re.sub(r"\s+", " ", e[1])
        if k == 0 or merged[k - 1][:2] == ("atom", "line-break"):
            text = text.lstrip()
        if k == len(merged) - 1 or merged[k + 1][:2] == ("atom", "line-break"):
            text = text.rstrip()
        if text:
            out.append(("t", text))
    return out


def source_events(md: MarkdownIt, seg: Segment, env: EnvType) -> list[Event]:
    """The events of a unit shown as its English source (parsed on its own)."""
    tokens = md.parseInline(strip_prefixes(seg.source), private_env(env))
    return inline_events(tokens[0].children or []) if tokens else []


def placeholder_events(
    md: MarkdownIt, seg: Segment, markup: Mapping[str, str], env: EnvType
) -> dict[str, list[Event]]:
    """Token -> the events its markup stands for: one event for each half of a pair, all the
    events of an atomic placeholder (parsed on its own)."""
    out: dict[str, list[Event]] = {}
    kinds = {p.token: p.kind for p in seg.placeholders}
    for token, kind in kinds.items():
        if token.startswith("</"):
            continue
        if token.endswith("/>"):
            if kind == "footnote":
                out[token] = [("atom", "footnote", markup[token][2:-1])]
                continue
            tokens = md.parseInline(strip_prefixes(markup[token]), private_env(env))
            out[token] = inline_events(tokens[0].children or []) if tokens else []
            continue
        close = "</" + token[1:]
        probe = strip_prefixes(markup[token]) + "x" + strip_prefixes(markup.get(close, ""))
        tokens = md.parseInline(probe, private_env(env))
        events = normalize(inline_events(tokens[0].children or [])) if tokens else []
        if len(events) >= 3 and events[0][0] == "open" and events[-1][0] == "close":
            out[token], out[close] = [events[0]], [events[-1]]
        else:  # the source pair does not parse on its own: expect nothing particular
            out[token], out[close] = [("?", token)], [("?", close)]
    return out


def expected_events(
    text: str, by_token: Mapping[str, list[Event]], shown: Callable[[str], str]
) -> list[Event] | None:
    """The events a translation ``text`` must read as, or None when the unit's own markup does
    not parse on its own (nothing to compare with: the unit is not judged).

    Args:
        text: the msgstr (tokens checked).
        by_token: what each token stands for (``placeholder_events`` of the unit's source markup).
        shown: the text a part between tokens shows (the build's escaping rule, read back).
    """
    parts, found = split_placeholders(text)
    if any(e[0] == "?" for events in by_token.values() for e in events):
        return None
    out: list[Event] = []
    for i, part in enumerate(parts):
        out.append(("t", shown(part)))
        if i < len(found):
            key = normalize_placeholder(found[i])
            out.extend(by_token.get(key, [("t", shown(found[i]))]))
    return out


def block_structure(tokens: Sequence[Token]) -> list[tuple[str, str, int]]:
    """The block skeleton of a parse: (type, tag, level) of every block token, front matter
    and inline content aside (``hidden`` list paragraphs included: tight lists stay tight)."""
    return [(t.type, t.tag, t.level) for t in tokens if t.type not in ("inline", "front_matter")]


def _belongs(tok: Token, seg: Segment) -> bool:
    """True if ``seg`` (the first unit of a block) is in the inline run ``tok``."""
    if tok.map is None or not tok.map[0] <= seg.line - 1 < tok.map[1]:
        return False
    first_line = seg.source.split("\n", 1)[0].rstrip().replace("\\|", "|")
    return first_line in tok.content


def groups(doc: Document) -> list[list[int]]:
    """Unit indexes grouped by block, in document order, front matter units left out."""
    out: list[list[int]] = []
    for k, seg in enumerate(doc.segments):
        if is_front_matter(seg.role):
            continue
        if out and doc.segments[out[-1][0]].block == seg.block:
            out[-1].append(k)
        else:
            out.append([k])
    return out


def match_runs(doc: Document, tokens: Sequence[Token]) -> dict[int, list[int]]:
    """Index of each inline token of the *source* parse -> the units of its run (in order).

    Matched by line, not by order: footnote definitions come last in markdown-it's token
    stream. A run with no units (not translated) is absent; so is a group of units that no
    inline token holds (lines nested too deep, kept as one unit).
    """
    by_line: dict[int, list[list[int]]] = {}
    for group in groups(doc):
        by_line.setdefault(doc.segments[group[0]].line - 1, []).append(group)
    used: set[int] = set()
    out: dict[int, list[int]] = {}
    for i, tok in enumerate(tokens):
        if tok.type != "inline" or tok.map is None:
            continue
        for line in range(tok.map[0], max(tok.map[1], tok.map[0] + 1)):
            candidates = by_line.get(line, [])
            fits = (g for g in candidates if g[0] not in used and _belongs(tok, doc.segments[g[0]]))
            group = next(fits, [])
            if group:
                used.add(group[0])
                out[i] = group
                break
    return out


# --- HTML --------------------------------------------------------------------------------------


def html_events(fragment: str) -> list[Event]:
    """The events of an HTML fragment (one unit's HTML), read with html5lib, for ``for_html``.

    ``em``/``strong``/``s`` are pairs; ``a`` a link pair with its ``href``; ``img`` an image
    (its ``src``); ``code`` its text; ``br`` a line break; a footnote marker
    (``sup.footnote-ref``) one atom; other elements are transparent.
    """
    root = html5lib.parseFragment(fragment, namespaceHTMLElements=False)
    out: list[Event] = []

    def walk(el: object) -> None:
        for child in el:  # type: ignore[attr-defined]
            tag = child.tag if isinstance(child.tag, str) else ""
            atom = _html_atom(child, tag)
            if atom is not None:
                out.append(atom)
            elif tag in _HTML_PAIRS or tag == "a":
                name, attr = (
                    (_HTML_PAIRS[tag], "") if tag in _HTML_PAIRS else ("link", child.get("href") or "")
                )
                out.append(("open", name, attr))
                if child.text:
                    out.append(("t", child.text))
                walk(child)
                out.append(("close", name))
            else:
                if child.text:
                    out.append(("t", child.text))
                walk(child)
            if child.tail:
                out.append(("t", child.tail))

    if root.text:
        out.append(("t", root.text))
    walk(root)
    return normalize(out)


def _html_atom(child: Any, tag: str) -> Event | None:
    """The atom event of an ``img``, ``code``, ``br`` or footnote marker element, else None."""
    if tag == "img":
        return ("atom", "image", child.get("src") or "")
    if tag == "code":
        return ("atom", "code", "".join(child.itertext()))
    if tag == "br":
        return ("atom", "line-break", "")
    if tag == "sup" and "footnote-ref" in (child.get("class") or ""):
        return ("atom", "footnote", "")
    return None


def for_html(events: Sequence[Event]) -> list[Event]:
    """Markdown events in the form ``html_events`` reads HTML: a link's title and an image's
    alt text dropped, an autolink as a link pair around its text, a footnote without its label."""
    out: list[Event] = []
    in_image = 0
    for e in events:
        if e[:2] == ("open", "image"):
            in_image += 1
            if in_image == 1:
                out.append(("atom", "image", e[2].split(" ", 1)[0]))
            continue
        if e[:2] == ("close", "image"):
            in_image -= 1
            continue
        if in_image:
            continue
        if e[:2] == ("open", "link"):
            out.append(("open", "link", e[2].split(" ", 1)[0]))
        elif e[:2] == ("atom", "autolink"):
            out.extend([("open", "link", e[2]), ("t", e[3]), ("close", "link")])
        elif e[:2] == ("atom", "footnote"):
            out.append(("atom", "footnote", ""))
        else:
            out.append(e)
    return normalize(out)
