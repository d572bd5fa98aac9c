"""Markdown articles (``.md``) built as Markdown: the skeleton filled, the markup kept.

A unit of a Markdown article has placeholder tokens (``<1>``, ``</1>``, ``<2/>``) for its
inline markup. A shown translation whose tokens are broken (missing, repeated, unknown,
badly nested, or inline HTML tags reordered: ``l10n.formats.markdown.extract.token_error``) is replaced by
the English source unit; ``broken_units`` lists them. The decision is
``l10n.publish.policy.choose_checked``'s, so the text build, ``completion`` and every Markdown build
agree; ``markdown_units`` adds the Markdown of each unit (Markdown here, HTML in
``l10n.publish.markdown_html``) and ``fill_markdown`` writes the Markdown text (the guards
that keep the block structure are described in ``l10n.publish.pages.build_markdown``).

A msgstr is text, not Markdown: ``translated_markdown`` (used by both Markdown and HTML
builds) keeps the translator's backslash escapes and entity references, escapes every other
Markdown character and puts the placeholders back as markup. ``escape_markdown`` turns plain
text into Markdown that renders as the same text (plain-text articles built as Markdown).
No I/O; ``l10n.publish.pages`` is the public entry point.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference, unescapeAll
from markdown_it.token import Token
from markdown_it.utils import EnvType

from l10n.formats.markdown.extract import render_unit
from l10n.formats.markdown.frontmatter import emit_scalar, load_mapping, scalar_value
from l10n.formats.markdown.parser import markdown_parser, parse
from l10n.locale import sentence_joiner
from l10n.model import Document, Gap, Issue, Literal, Piece, Segment, Unit, is_front_matter
from l10n.publish import markdown_check as check
from l10n.publish.markdown_escape import (
    escape_markdown,
    escape_text,
    guard_bang,
    guard_block_start,
    translated_markdown,
)
from l10n.publish.policy import (
    DEFAULT_POLICY,
    Choice,
    Decision,
    Entries,
    Kind,
    PublishPolicy,
    decide,
    is_markdown,
)
from l10n.publish.skeleton import joined_gap

__all__ = [
    "MdUnit",
    "SourceParse",
    "broken_of",
    "broken_units",
    "escape_markdown",
    "fill_markdown",
    "is_markdown",
    "markdown_units",
    "parse_source",
    "previous_pieces",
    "repair_markup",
    "settle_units",
    "source_markup",
    "translated_markdown",
]

_MD_BLOCK_ROLES = ("paragraph", "list-item", "quote")
_ATX_OPEN = re.compile(r"(?:^|\n)[ \t>]*(?:[-+*]|\d{1,9}[.)])?[ \t]*#{1,6}[ \t]+$")
_ATX_CLOSE = re.compile(r"(?:^|(?<=[ \t]))(#+[ \t]*)$")


@dataclass(frozen=True)
class MdUnit:
    """One unit of a Markdown article after the choice and the safeguard.

    Attributes:
        choice: what is shown (``fallback`` also when a translation's tokens are broken or its
            build did not read back right); a shown translation stripped of surrounding whitespace.
        markdown: the Markdown that stands in the unit's place (``seg.source`` for fallback,
            else ``translated_markdown`` of the msgstr; a front matter value: a YAML scalar).
        error: why a shown translation was replaced by the source, else None.
        markup: token -> the markup the build writes for it (the source markup, or its repair
            form, see ``repair_markup``); the HTML build uses the same.
        code: the warning code of ``error``: ``placeholder-broken`` or ``markdown-reparse``.
    """

    choice: Choice
    markdown: str
    error: str | None = None
    markup: Mapping[str, str] = field(default_factory=dict)
    code: str = "placeholder-broken"


_REPAIR_PAIRS = {"em": ("<em>", "</em>"), "strong": ("<strong>", "</strong>"), "strike": ("<s>", "</s>")}


def source_markup(seg: Segment) -> dict[str, str]:
    """Token -> the source markup it stands for (``Placeholder.markup``)."""
    return {p.token: p.markup for p in seg.placeholders}


def repair_markup(seg: Segment, env: EnvType) -> dict[str, str]:
    """Token -> the repair form of its markup, for a unit whose build did not read back right.

    Emphasis, strong emphasis and strikethrough become inline HTML (``<em>``, ``<strong>``,
    ``<s>``), which CommonMark reads whatever stands next to it (``**「…」**と`` is not bold:
    a closing ``**`` after full-width punctuation and before a letter is not right-flanking);
    a reference link or image (``][label]``) becomes a full inline one (``](<url> "title")``)
    with the definition's target, from ``env`` (the source's parse). Other markup stays.
    """
    markup = source_markup(seg)
    refs = env.get("references", {})
    for p in seg.placeholders:
        closing = p.token.startswith("</")
        if p.kind in _REPAIR_PAIRS:
            markup[p.token] = _REPAIR_PAIRS[p.kind][closing]
        elif p.kind in ("link", "image") and closing and p.markup.startswith("][") and p.markup.endswith("]"):
            ref = refs.get(normalizeReference(p.markup[2:-1]))
            if ref:
                href = re.sub(r"([\\<>&])", r"\\\1", ref["href"])
                title = ref.get("title") or ""
                title = ' "' + re.sub(r'([\\"&])', r"\\\1", title) + '"' if title else ""
                markup[p.token] = f"](<{href}>{title})"
    return markup


def _front_markdown(seg: Segment, text: str) -> str:
    """A translated front matter value as a YAML scalar in the source value's place."""
    value = scalar_value(seg.source) or seg.text
    lead = value[: len(value) - len(value.lstrip())]
    trail = value[len(value.rstrip()) :]
    style = seg.source[:1] if seg.source[:1] in ("'", '"', "|", ">") else ""
    return emit_scalar(lead + text + trail, style)


def _shown(seg: Segment, text: str, kind: Kind, markup: Mapping[str, str]) -> MdUnit:
    """The ``MdUnit`` of a shown translation ``text`` with placeholder ``markup``."""
    if text == seg.text:
        markdown = render_unit(seg, text)
    elif is_front_matter(seg.role):
        markdown = _front_markdown(seg, text)
    else:
        markdown = translated_markdown(text, markup)
    return MdUnit(Choice(text, kind), markdown, markup=markup)


def _english(seg: Segment, error: str | None, code: str = "placeholder-broken") -> MdUnit:
    return MdUnit(Choice(seg.source, "fallback"), seg.source, error, source_markup(seg), code)


def markdown_units(
    doc: Document, entries: Entries, policy: PublishPolicy = DEFAULT_POLICY, joiner: str = " "
) -> list[MdUnit]:
    """Return one ``MdUnit`` per segment of ``doc``: the choice under ``policy``, checked twice.

    The choice is ``l10n.publish.policy.choose_checked``'s: a translation whose tokens do not fit
    falls back to the English source and carries the error. A shown translation is stripped;
    its Markdown is ``translated_markdown`` (a front matter value: a YAML scalar written by
    ruamel.yaml), or ``seg.source`` when the msgstr equals the msgid.

    Then the safeguard (``l10n.publish.markdown_check``): the article is built with ``joiner``
    and parsed again; a unit whose run does not read as the catalog says, in the Markdown or
    in its own HTML, is built again with ``repair_markup``; if that still fails, it is shown in
    English with ``error`` set (``code`` ``markdown-reparse``; ``broken_units`` lists it).
    ``l10n.localized.Localized.md_units`` gives the same, computed once per run.
    """
    return settle_units(doc, decide(doc, entries, policy), joiner, lambda: parse_source(doc))


SourceParse = tuple[MarkdownIt, EnvType, list[Token] | None]
"""The source article parsed: the parser, the ``env`` (link references, footnotes), the tokens
(None when it nests too deep for Python's stack)."""


def parse_source(doc: Document) -> SourceParse:
    """The Markdown source of ``doc`` (``Segment.source`` in its skeleton) parsed, once per text:
    the pages of every language of an article share one parse (the last few texts are kept).

    The tokens and ``env`` are shared: callers read them and never change them.
    """
    env, tokens = _parsed(doc.render(lambda s: s.source))
    return markdown_parser(), env, tokens


@functools.lru_cache(maxsize=4)
def _parsed(text: str) -> tuple[EnvType, list[Token] | None]:
    """``text`` parsed by the builds' parser: its ``env`` and tokens (see ``parse_source``)."""
    env: EnvType = {}
    return env, parse(markdown_parser(), text, env)


def settle_units(
    doc: Document, decisions: Sequence[Decision], joiner: str, source: Callable[[], SourceParse]
) -> list[MdUnit]:
    """``markdown_units`` from decisions made already (``decide``); ``source`` gives the source
    parsed (``parse_source``, or a value parsed once per run), asked only when a unit is translated."""
    units: list[MdUnit] = []
    for seg, d in zip(doc.segments, decisions, strict=True):
        if d.choice.kind == "fallback":
            units.append(_english(seg, d.error))
        else:
            units.append(_shown(seg, d.choice.text.strip(), d.choice.kind, source_markup(seg)))
    if all(u.choice.kind == "fallback" for u in units):
        return units  # nothing translated
    md, env, tokens = source()
    if tokens is None:
        return units  # too deep to parse: the article is one raw unit
    return _Safeguard(doc, md, env, tokens, joiner).settle(units)


_REPARSE = "the built Markdown does not read back as the catalog says"


class _Safeguard:
    """Builds, parses again, compares (``l10n.publish.markdown_check``), repairs, falls back."""

    def __init__(self, doc: Document, md: MarkdownIt, env: EnvType, tokens: list[Token], joiner: str) -> None:
        self.doc, self.md, self.env, self.joiner = doc, md, env, joiner
        self.structure = check.block_structure(tokens)
        self.inline_at = {i: n for n, i in enumerate(k for k, t in enumerate(tokens) if t.type == "inline")}
        self.prev = previous_pieces(doc)
        self.cache: dict[tuple[int, str], list[check.Event] | None] = {}
        self.by_token: dict[int, dict[str, list[check.Event]]] = {}
        self.shown: dict[str, str] = {}
        self.html_seen: dict[tuple[int, str, tuple[tuple[str, str], ...]], bool] = {}
        self.runs: dict[int, list[int]] = {}
        english = [_english(seg, None) for seg in doc.segments]
        for i, group in check.match_runs(doc, tokens).items():
            want = self._run_expected(group, english)
            if want is not None and want == check.normalize(check.inline_events(tokens[i].children or [])):
                self.runs[i] = group  # a run the check can judge: its source reads as expected

    def _unit_expected(self, k: int, u: MdUnit) -> list[check.Event] | None:
        key = (k, "\x00" if u.choice.kind == "fallback" else u.choice.text)
        if key not in self.cache:
            seg = self.doc.segments[k]
            if u.choice.kind == "fallback":
                self.cache[key] = check.source_events(self.md, seg, self.env)
            else:
                if k not in self.by_token:
                    markup = source_markup(seg)
                    self.by_token[k] = (
                        check.placeholder_events(self.md, seg, markup, self.env) if markup else {}
                    )
                self.cache[key] = check.expected_events(u.choice.text, self.by_token[k], self._shown_text)
        return self.cache[key]

    def _shown_text(self, part: str) -> str:
        """The text a part of a msgstr between tokens shows once built (escaped, then read back)."""
        if part not in self.shown:  # escaped text holds only backslash escapes and entities
            self.shown[part] = unescapeAll(escape_text(re.sub(r"\s*\n\s*", " ", part)))
        return self.shown[part]

    def _run_expected(self, group: list[int], units: Sequence[MdUnit]) -> list[check.Event] | None:
        out: list[check.Event] = []
        for n, k in enumerate(group):
            if n and isinstance(self.prev[k], Gap):
                out.append(("t", self.joiner if units[group[n - 1]].choice.kind != "fallback" else " "))
            events = self._unit_expected(k, units[k])
            if events is None:
                return None
            out.extend(events)
        return check.normalize(out)

    def _bad(self, units: Sequence[MdUnit]) -> tuple[set[int], set[int]]:
        """(units of runs that read wrong in the built Markdown or whose HTML reads wrong,
        front matter units that read wrong); every translated unit when the blocks changed."""
        built = fill_markdown(self.doc, units, self.joiner)
        tokens = parse(self.md, built, {})
        translated = {k for k, u in enumerate(units) if u.choice.kind != "fallback"}
        if tokens is None or check.block_structure(tokens) != self.structure:
            return translated, set()
        inline = [t for t in tokens if t.type == "inline"]
        bad: set[int] = set()
        for i, group in self.runs.items():
            if not translated.intersection(group):
                continue
            want = self._run_expected(group, units)
            got = check.normalize(check.inline_events(inline[self.inline_at[i]].children or []))
            if want != got:
                bad.update(k for k in group if k in translated)
        for k in translated - bad:
            if not self._html_ok(k, units[k]):
                bad.add(k)
        return bad, self._bad_front_matter(tokens, units)

    def _html_ok(self, k: int, u: MdUnit) -> bool:
        """The unit's own HTML (as ``l10n.publish.markdown_html`` renders it) reads as expected."""
        seg = self.doc.segments[k]
        if is_front_matter(seg.role) or any(p.kind == "html" for p in seg.placeholders):
            return True
        key = (k, u.choice.text, tuple(sorted(u.markup.items())))
        if key not in self.html_seen:
            want = self._unit_expected(k, u)
            if want is None:
                self.html_seen[key] = True
            else:
                markup = {t: check.strip_prefixes(m) for t, m in u.markup.items()}
                env = check.private_env(self.env)
                parsed = self.md.parseInline(translated_markdown(u.choice.text, markup), env)
                html = self.md.renderer.render(
                    parsed[0].children or [] if parsed else [], self.md.options, env
                )
                self.html_seen[key] = check.html_events(html) == check.for_html(want)
        return self.html_seen[key]

    def _bad_front_matter(self, tokens: list[Token], units: Sequence[MdUnit]) -> set[int]:
        shown = [
            k
            for k, u in enumerate(units)
            if u.choice.kind != "fallback" and is_front_matter(self.doc.segments[k].role)
        ]
        if not shown:
            return set()
        front = next((t for t in tokens if t.type == "front_matter"), None)
        data = load_mapping(front.content) if front is not None else None
        bad = set()
        for k in shown:
            key = self.doc.segments[k].role.removeprefix("front-matter:")
            value = data.get(key) if data is not None else None
            if not isinstance(value, str) or value.strip() != units[k].choice.text:
                bad.add(k)
        return bad

    def settle(self, units: list[MdUnit]) -> list[MdUnit]:
        """Repair, then fall back, until the built article reads as the catalog says."""
        bad, front = self._bad(units)
        if not bad and not front:
            return units
        for k in front:
            units[k] = _english(self.doc.segments[k], _REPARSE + " (front matter)", "markdown-reparse")
        for k in bad:
            seg = self.doc.segments[k]
            units[k] = _shown(seg, units[k].choice.text, units[k].choice.kind, repair_markup(seg, self.env))
        bad, _ = self._bad(units)
        for k in sorted(bad):  # one at a time: the first fallback may be enough for its run
            if k in self._bad(units)[0]:
                units[k] = _english(self.doc.segments[k], _REPARSE, "markdown-reparse")
        return units


def broken_units(
    doc: Document, entries: Entries, policy: PublishPolicy = DEFAULT_POLICY, lang: str | None = None
) -> list[Issue]:
    """Return the units whose shown translation a Markdown build replaces by the English source.

    A translation is replaced when its placeholder tokens do not fit the unit
    (``placeholder-broken``): a token missing, repeated or unknown, tokens badly nested
    (``</1>`` before ``<1>``), or inline HTML tags (``<b>``...) put in another order; or when
    the built article, parsed again, does not read as the catalog says even in the repair
    form (``markdown-reparse``, see ``markdown_units``). Only translations that ``policy``
    shows count.
    Machine output withheld for its faults is reported by ``l10n.publish.policy.withheld_units``.

    Args:
        doc: the article (``.md``; a plain-text article has no placeholders and gives ``[]``).
        entries: ``(msgctxt, msgid) -> Entry`` of one language.
        policy: what the build shows.
        lang: the target language (its sentence joiner is what the build uses); None: a space.

    Returns:
        One ``Issue`` (severity ``warning``) per unit, at the unit's source line in
        ``doc.path``, in document order.
    """
    if not is_markdown(doc):
        return []
    decisions = decide(doc, entries, policy)
    units = settle_units(doc, decisions, sentence_joiner(lang) if lang else " ", lambda: parse_source(doc))
    return broken_of(doc, units, decisions)


def broken_of(doc: Document, units: Sequence[MdUnit], decisions: Sequence[Decision]) -> list[Issue]:
    """``broken_units`` from the settled units; machine output withheld for its faults is left out."""
    return [
        Issue(doc.path, seg.line, "warning", u.code, f"{u.error}; English shown: {seg.text!r}")
        for seg, u, d in zip(doc.segments, units, decisions, strict=True)
        if u.error and d.fault is None
    ]


def previous_pieces(doc: Document) -> dict[int, Piece | None]:
    """Unit index -> the skeleton piece right before it (None at the start)."""
    out: dict[int, Piece | None] = {}
    prev: Piece | None = None
    for piece in doc.skeleton:
        if isinstance(piece, Unit):
            out[piece.index] = prev
        prev = piece
    return out


def _gap(gap: Gap, prev_kind: str | None, nxt: MdUnit | None, joiner: str) -> str:
    """A gap of a Markdown build: ``joined_gap``, but a line-breaking gap before a translated unit
    is a space (a translation never starts a line: it could read as block syntax)."""
    text = joined_gap(gap.text, prev_kind, joiner)
    if prev_kind == "fallback" and nxt is not None and nxt.choice.kind != "fallback" and "\n" in text:
        return " "
    return text


def fill_markdown(doc: Document, units: Sequence[MdUnit], joiner: str) -> str:
    """Return the Markdown article's skeleton filled with ``units`` (see ``pages.build_markdown``).

    ``joiner`` replaces a gap after a translated unit; the block-structure guards apply to
    translated units only, so with every unit a fallback the result equals the source.
    """
    out: list[str] = []
    prev: Piece | None = None
    prev_kind: str | None = None
    for i, piece in enumerate(doc.skeleton):
        if isinstance(piece, Unit):
            seg, u = doc.segments[piece.index], units[piece.index]
            text = u.markdown
            if u.choice.kind != "fallback" and not is_front_matter(seg.role):
                if seg.role in _MD_BLOCK_ROLES and not isinstance(prev, Gap):
                    text = guard_block_start(text)
                elif isinstance(prev, Literal) and _ATX_OPEN.search(prev.text):
                    text = _ATX_CLOSE.sub(r"\\\1", text)  # "## Số #" would lose its "#"
            out.append(text)
            prev_kind = u.choice.kind
        elif isinstance(piece, Gap):
            nxt = doc.skeleton[i + 1] if i + 1 < len(doc.skeleton) else None
            out.append(_gap(piece, prev_kind, units[nxt.index] if isinstance(nxt, Unit) else None, joiner))
            joined = not joiner and prev_kind != "fallback" and isinstance(prev, Unit)
            if joined and isinstance(nxt, Unit) and units[nxt.index].markdown.startswith("["):
                out[-2] = guard_bang(out[-2])  # "!" + "[" would make the next unit's link an image
        else:
            out.append(piece.text)
        prev = piece
    return "".join(out)
