"""Locate the inline children of one Markdown block in its ``content``: a list of ``Atom``.

markdown-it-py gives block line maps but no inline offsets. ``locate`` walks the inline
token stream of a block and finds each child in the block's ``content`` exactly where the
previous one ended (text as written, ``**`` runs, link ``[`` and ``](url "title")``, code
spans, autolinks, inline HTML, line breaks, footnote markers ``[^a]``), re-reading link ends
with markdown-it's own helpers. Entity references are text atoms that carry their decoded
character (``value``); a shortcut or collapsed reference link (``[x]``, ``[x][]``) gets the
close markup ``][x]``, so that a translated text still names its definition. Anything that
does not line up raises ``Unmapped`` (``Unsupported`` for constructs not supported yet: an
inline footnote ``^[...]``); the caller
(``l10n.formats.markdown.blocks``) then keeps the block as one raw unit. ``to_source`` turns the
content offsets into source offsets. Used only by the ``l10n.formats.markdown.extract*`` modules.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it.helpers import parseLinkDestination, parseLinkLabel, parseLinkTitle
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

__all__ = [
    "Atom",
    "Unmapped",
    "Unsupported",
    "locate",
    "rskip_ws",
    "skip",
    "skip_ws",
    "to_source",
    "trim_range",
]

_PAIRED = {"em_open": "em", "strong_open": "strong", "s_open": "strike"}
_CLOSING = {"em_close": "em", "strong_close": "strong", "s_close": "strike"}


class Unmapped(Exception):
    """Internal: an inline run could not be lined up with the source."""


class Unsupported(Unmapped):
    """Internal: an inline run holds a construct l10n does not translate yet (inline footnote)."""


@dataclass
class Atom:
    """A located inline piece: ``[start, end)`` offsets, first in ``content``, later in the source.

    kind: ``text`` (raw source), ``space`` (soft break), ``open``/``close`` (paired markup)
    or ``atomic``; ``what`` names the markup (``strong``, ``link``...), ``pair`` links an
    open to its close. ``value``: the decoded character(s) of an entity reference (a text atom
    with ``what == "entity"``); ``markup``: the markup a placeholder stands for when it is not
    the source text (the ``][label]`` of a shortcut reference link).
    """

    kind: str
    start: int
    end: int
    what: str = ""
    pair: int = -1
    value: str | None = None
    markup: str | None = None


def locate(content: str, state: StateInline, children: list[Token]) -> list[Atom]:
    """Return the atoms of an inline run: ``children`` located in ``content`` (content offsets).

    ``state`` is a markdown-it ``StateInline`` over ``content`` (for link labels).

    Raises:
        Unmapped: a child is not where the previous one ended, or markup is unbalanced.
    """
    return _Locator(content, state).run(children)


class _Locator:
    """Locates inline children in ``content`` one after another (see the module docstring)."""

    def __init__(self, content: str, state: StateInline) -> None:
        self.src = content
        self.state = state
        self.cur = 0
        self.atoms: list[Atom] = []
        self.pairs = 0

    def run(self, children: list[Token]) -> list[Atom]:
        """Locate every inline child in the content, in order.

        Raises:
            Unmapped: a child's markup is not where expected, or text is left over.
        """
        self._tokens(children)
        if self.cur != len(self.src):
            raise Unmapped(f"text left at offset {self.cur}")
        return self.atoms

    def _expect(self, s: str) -> None:
        if not s or not self.src.startswith(s, self.cur):
            raise Unmapped(f"expected {s!r} at offset {self.cur}")
        self.cur += len(s)

    def _emit(self, kind: str, start: int, what: str = "", pair: int = -1) -> None:
        self.atoms.append(Atom(kind, start, self.cur, what, pair))

    def _new_pair(self) -> int:
        self.pairs += 1
        return self.pairs

    def _tokens(self, children: list[Token]) -> None:
        """Locate ``children`` one after another; their paired markup must close among them."""
        stack: list[int] = []  # pair numbers of the open markup
        i = 0
        while i < len(children):
            tok = children[i]
            if tok.type == "link_open" and tok.markup in ("autolink", "linkify"):
                self._autolink()
                while i < len(children) and children[i].type != "link_close":
                    i += 1  # the link's text and its close are inside the atom
            elif tok.type in _PAIRED or tok.type == "link_open":
                self._open(tok, stack)
            elif tok.type in _CLOSING or tok.type == "link_close":
                self._close(tok, stack)
            else:
                self._leaf(tok)
            i += 1
        if stack:
            raise Unmapped("unclosed inline markup")

    def _leaf(self, tok: Token) -> None:
        """Locate a token that opens or closes nothing: text, a line break, code, HTML, an image."""
        t, start = tok.type, self.cur
        if t == "text":
            if tok.content:  # markdown-it may leave empty text tokens behind
                self._expect(tok.content)
                self._emit("text", start)
        elif t == "text_special":
            self._expect(tok.markup)
            self._emit("text", start, "entity" if tok.info == "entity" else "")
            if tok.info == "entity":
                self.atoms[-1].value = tok.content
        elif t == "footnote_ref":
            label = (tok.meta or {}).get("label")
            if label is None:
                raise Unsupported("inline footnote ^[...]")
            self._expect(f"[^{label}]")
            self._emit("atomic", start, "footnote")
        elif t in ("softbreak", "hardbreak"):
            self._line_break(hard=t == "hardbreak")
        elif t == "code_inline":
            self._code(tok.markup)
            self._emit("atomic", start, "code")
        elif t == "html_inline":
            self._expect(tok.content)
            self._emit("atomic", start, "html")
        elif t == "image":
            self._image(tok)
        else:
            raise Unmapped(f"unsupported inline token {t}")

    def _line_break(self, *, hard: bool) -> None:
        """A soft break becomes a ``space`` atom, a hard one (spaces or ``\\``) an atomic placeholder."""
        start = self.cur
        if not hard:
            start = self._take_trailing_blanks(start)
        self.cur = skip(self.src, self.cur, " \t")
        if hard and self.cur == start:
            self._expect("\\")
        self._expect("\n")
        self.cur = skip(self.src, self.cur, " \t")
        self._emit("atomic" if hard else "space", start, "line-break")

    def _open(self, tok: Token, stack: list[int]) -> None:
        start = self.cur
        stack.append(self._new_pair())
        if tok.type == "link_open":
            self._expect("[")
            self._emit("open", start, "link", stack[-1])
        else:
            self._expect(tok.markup)
            self._emit("open", start, _PAIRED[tok.type], stack[-1])

    def _close(self, tok: Token, stack: list[int]) -> None:
        if not stack:
            raise Unmapped(f"unbalanced {tok.type}")
        start = self.cur
        if tok.type == "link_close":
            self.cur = self._link_end(self.cur, image=False)
            pair = stack.pop()
            self._emit("close", start, "link", pair)
            self._label_markup(pair)
        else:
            self._expect(tok.markup)
            self._emit("close", start, _CLOSING[tok.type], stack.pop())

    def _autolink(self) -> None:
        """Move past ``<scheme:...>`` at the cursor: one atomic placeholder."""
        start = self.cur
        end = self.src.find(">", self.cur)
        if not self.src.startswith("<", self.cur) or end < 0:
            raise Unmapped("autolink")
        self.cur = end + 1
        self._emit("atomic", start, "autolink")

    def _take_trailing_blanks(self, start: int) -> int:
        """Move blanks ending the previous text atom (tabs markdown-it keeps) into a soft break."""
        prev = self.atoms[-1] if self.atoms else None
        if prev is None or prev.kind != "text" or prev.end != start:
            return start
        while prev.end > prev.start and self.src[prev.end - 1] in " \t":
            prev.end -= 1
        if prev.end == prev.start:
            self.atoms.pop()
        return prev.end

    def _image(self, tok: Token) -> None:
        start = self.cur
        self._expect("![")
        if not tok.children:
            self.cur = self._link_end(self.cur, image=True)
            self._emit("atomic", start, "image")
            return
        pair = self._new_pair()
        self._emit("open", start, "image", pair)
        self._tokens(tok.children)
        close = self.cur
        self.cur = self._link_end(self.cur, image=True)
        self._emit("close", close, "image", pair)
        self._label_markup(pair)

    def _label_markup(self, pair: int) -> None:
        """Give the close of a shortcut (``[x]``) or collapsed (``[x][]``) reference the markup
        ``][x]``: the label is the source text, which a translation changes."""
        close = self.atoms[-1]
        if self.src[close.start : close.end] not in ("]", "][]"):
            return
        opening = next(a for a in reversed(self.atoms) if a.pair == pair and a.kind == "open")
        label = " ".join(self.src[opening.end : close.start].split())
        close.markup = f"][{label}]"

    def _code(self, ticks: str) -> None:
        """Move past a code span opened by the backtick run ``ticks`` at the cursor."""
        self._expect(ticks)
        i = self.cur
        while True:
            j = self.src.find("`", i)
            if j < 0:
                raise Unmapped("unclosed code span")
            k = skip(self.src, j, "`")
            if k - j == len(ticks):
                self.cur = k
                return
            i = k

    def _link_end(self, pos: int, *, image: bool) -> int:
        """End of a link/image whose label ends at ``pos`` (a ``]``), as markdown-it's link rules find it."""
        src, maximum, md = self.src, len(self.src), self.state.md
        if not src.startswith("]", pos):
            raise Unmapped("link label end")
        label_end = pos
        pos += 1
        if pos < maximum and src[pos] == "(":
            p = skip(src, pos + 1, " \t\n")
            res = parseLinkDestination(src, p, maximum)
            if res.ok and md.validateLink(md.normalizeLink(res.str)):
                p = res.pos
            if res.ok or image:  # the link rule reads a title only after a destination
                start = p
                p = skip(src, p, " \t\n")
                title = parseLinkTitle(src, p, maximum)
                if p < maximum and start != p and title.ok:
                    p = skip(src, title.pos, " \t\n")
            if p < maximum and src[p] == ")":
                return p + 1
            if image:
                raise Unmapped("image destination")
        if pos < maximum and src[pos] == "[":
            end = parseLinkLabel(self.state, pos)
            if end >= 0:
                return end + 1
        return label_end + 1


def to_source(atoms: list[Atom], pos: list[int]) -> None:
    """Turn content offsets into source offsets; spans chain with no gap from pos[0] to pos[-1] + 1."""
    n = len(pos)
    for a in atoms:
        a.start = pos[a.start]
        a.end = pos[a.end] if a.end < n else pos[-1] + 1


# --- small helpers -----------------------------------------------------------------------------


def skip(s: str, i: int, chars: str) -> int:
    """Return the first index at or after ``i`` whose character is not in ``chars``."""
    while i < len(s) and s[i] in chars:
        i += 1
    return i


def skip_ws(s: str, i: int, end: int) -> int:
    """Return the first index in ``[i, end)`` that is not whitespace (``end`` if none)."""
    while i < end and s[i].isspace():
        i += 1
    return i


def rskip_ws(s: str, start: int, i: int) -> int:
    """Return ``i`` moved left past whitespace, not below ``start``."""
    while i > start and s[i - 1].isspace():
        i -= 1
    return i


def trim_range(s: str, start: int, end: int) -> tuple[int, int]:
    """Return ``(start, end)`` narrowed to exclude leading and trailing whitespace of ``s[start:end]``."""
    return skip_ws(s, start, end), rskip_ws(s, start, end)
