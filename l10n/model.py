"""Value types shared by every stage. No I/O here.

A ``Document`` is what segmentation returns for one article: a *skeleton* (the
source text with each translatable unit cut out) plus the ``Segment`` values that
fill it. Extract writes the segments to a template; build re-segments the source
and fills the same skeleton with translations, so the two can never disagree.

Invariant (tested on every test article)::

    doc.render(lambda seg: seg.source) == original source text, exactly

(HTML articles: the source as parsed and serialised, see ``l10n.formats.html``.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal as _Lit

Severity = _Lit["error", "warning"]

DocFormat = _Lit["text", "markdown", "html"]
"""An article's format: plain text (``.txt``), Markdown (``.md``) or HTML (``.html``)."""

BOM = "\ufeff"
"""The byte order mark as a character: kept in a ``Document``'s skeleton, never in a unit."""

MT_COMMENT_PREFIX = "l10n-mt:"
"""Start of the translator comment that marks machine output (provenance).

The full grammar, and the only code that writes or reads it, is in ``l10n.provenance``.
"""

CONFIDENCE_KEY = "conf"
"""Provenance field key of the engine's confidence (``conf:0.83``)."""

NOT_MODEL_ENGINES = frozenset({"copy", "tm-reviewed", "tm-machine"})
"""Provenance engine names that are not an MT model: a copied unit, a translation memory reuse."""


@dataclass(frozen=True)
class Placeholder:
    """An inline-markup span replaced by a numbered token in a msgid.

    Attributes:
        token: the text that stands in the msgid, e.g. ``"<1>"`` or ``"</1>"``.
        markup: the source markup it stands for, e.g. ``"**"`` or ``"[link](http://x)"``.
        kind: what the markup is (``"strong"``, ``"link"``, ``"code"``, ...), for the
            extracted comment.
    """

    token: str
    markup: str
    kind: str


@dataclass(frozen=True)
class Segment:
    """One translation unit (a sentence, or a whole block with ``unit = "paragraph"``).

    Attributes:
        text: the msgid: the unit's text, NFC-normalised, placeholders in place of markup.
        source: the exact source characters of the unit (not normalised), used to
            reproduce the source byte for byte.
        line: 1-based line of the source file where the unit starts.
        block: 0-based index of the block (paragraph, caption, ...) the unit is in.
        role: the block's role: ``headline``, ``paragraph``, ``caption``, ``credit``
            (Markdown adds ``heading``, ``list-item``, ``quote``, ``table-cell``, ``title``).
        context: msgctxt, only where the same text must be told apart; else None.
        placeholders: markup stand-ins in ``text``, in order of appearance.
    """

    text: str
    source: str
    line: int
    block: int
    role: str
    context: str | None = None
    placeholders: tuple[Placeholder, ...] = ()


def is_front_matter(role: str) -> bool:
    """True for the roles of Markdown front matter values: ``title``, or ``front-matter:<key>``
    for the other keys named in ``front_matter_keys`` (builds write these back as YAML)."""
    return role == "title" or role.startswith("front-matter:")


@dataclass(frozen=True)
class Literal:
    """Source text kept as it is (line breaks, markup outside units, BOM, indentation)."""

    text: str


@dataclass(frozen=True)
class Gap:
    """Whitespace between two units of one block.

    A build may replace it with the target language's sentence joiner (a space for
    vi, nothing for zh and ja); the identity render keeps ``text``.
    """

    text: str


@dataclass(frozen=True)
class Unit:
    """A slot in the skeleton filled by ``Document.segments[index]``."""

    index: int


Piece = Literal | Gap | Unit


@dataclass(frozen=True)
class Document:
    """A segmented article.

    Attributes:
        path: the source path as written in references, relative to the project
            root with forward slashes (``"source/x.txt"``).
        slug: the file name without extension; names the catalogs (``locales/<slug>.pot``).
        skeleton: the pieces that, rendered in order, rebuild the article.
        segments: the units, in document order; ``Unit.index`` points into it.
        format: the article's format, set by the segmenter that read it (``l10n.formats``):
            the builds (``l10n.publish``) dispatch on it, never on the path's suffix.
    """

    path: str
    slug: str
    skeleton: tuple[Piece, ...]
    segments: tuple[Segment, ...]
    format: DocFormat = "text"

    def render(self, fill: Callable[[Segment], str], joiner: str | None = None) -> str:
        """Rebuild the article, each unit replaced by ``fill(segment)``.

        Args:
            fill: maps a segment to the text that stands in its place.
            joiner: if not None, replaces every ``Gap`` (the whitespace between two
                units of one block); None keeps the source whitespace.

        Returns:
            The rebuilt text (``str``; encode as UTF-8 to get bytes).
        """
        out: list[str] = []
        for piece in self.skeleton:
            if isinstance(piece, Unit):
                out.append(fill(self.segments[piece.index]))
            elif isinstance(piece, Gap):
                out.append(piece.text if joiner is None else joiner)
            else:
                out.append(piece.text)
        return "".join(out)


@dataclass(frozen=True)
class Issue:
    """A problem found by a check, or a warning from a stage. Never raised.

    Attributes:
        path: file the problem is in.
        line: 1-based line (for catalog entries: the line of the msgid), 0 if unknown.
        severity: ``"error"`` or ``"warning"``.
        code: stable short code, e.g. ``"number-mismatch"``.
        message: one-line human message.
    """

    path: str
    line: int
    severity: Severity
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.code}: {self.message}"


@dataclass(frozen=True)
class Provenance:
    """One parsed ``l10n-mt:`` provenance line (grammar and parser: ``l10n.provenance``).

    Attributes:
        engine: ``"marian"``, ``"copy"``, ``"tm-reviewed"``...
        model: the model id (``"Helsinki-NLP/opus-mt-en-vi"``), or for a memory reuse the
            origin ``<catalog>:<line>``.
        revision: the text after the last ``@`` of the model field; ``""`` without one.
        sha1: 8 hex digits of the SHA-1 of the msgstr when it was written.
        fields: the ``(key, value)`` pairs in order.
        notes: the notes after ``;`` (each stripped), empty when nothing was flagged.
    """

    engine: str
    model: str
    revision: str
    sha1: str
    fields: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()

    def field(self, key: str) -> str | None:
        """The value of the first field named ``key``, or None."""
        return next((value for k, value in self.fields if k == key), None)

    @property
    def confidence(self) -> float | None:
        """The ``conf:`` field as a number in [0, 1]; None when absent or not a number."""
        for key, value in self.fields:
            if key == CONFIDENCE_KEY:
                try:
                    number = float(value)
                except ValueError:
                    return None
                return number if 0.0 <= number <= 1.0 else None
        return None

    @property
    def is_model_output(self) -> bool:
        """True when an MT model wrote the text (not a copy, not a memory reuse)."""
        return self.engine not in NOT_MODEL_ENGINES


@dataclass(frozen=True)
class Entry:
    """A read-only view of one catalog entry (what build, status and checks need).

    Attributes:
        msgid: source text.
        msgstr: translation ('' when untranslated).
        msgctxt: context or None.
        fuzzy: True when flagged fuzzy (machine output not yet reviewed, or source changed).
        obsolete: True for ``#~`` entries.
        machine: True when the entry carries an l10n machine-translation provenance
            comment (any ``l10n-mt:`` line, even one that does not parse).
        previous_msgid: the ``#| msgid`` of a fuzzy entry after a source change, else None.
        line: 1-based line of the msgid in the catalog file (0 if unknown).
        flags: all flags, e.g. ``("fuzzy",)``.
        tcomment: translator comments (``# ...`` lines), joined by newlines.
        provenance: the first well-formed ``l10n-mt:`` line of ``tcomment``, parsed; None
            without one.
        fresh: True when ``provenance`` has a ``src:`` field equal to the short hash of
            ``msgid`` (the machine text was made for this msgid, not an older one).

    The three provenance facts (``machine``, ``provenance``, ``fresh``) are read from
    ``tcomment`` once, where the entry is made: ``l10n.provenance.make_entry`` (what
    ``Catalog.entries`` uses). An ``Entry`` built directly keeps the values it is given.
    """

    msgid: str
    msgstr: str
    msgctxt: str | None = None
    fuzzy: bool = False
    obsolete: bool = False
    machine: bool = False
    previous_msgid: str | None = None
    line: int = 0
    flags: tuple[str, ...] = field(default=())
    tcomment: str = ""
    provenance: Provenance | None = None
    fresh: bool = False

    @property
    def state(self) -> str:
        """One of ``reviewed``, ``machine``, ``fuzzy``, ``untranslated``, ``obsolete``.

        ``machine``: has a translation, flagged fuzzy, carries a provenance comment and
        either no previous msgid or a provenance made for the current msgid (``fresh``: its
        ``src:`` field, ``l10n.provenance``: machine output redone after a source edit).
        ``fuzzy``: flagged fuzzy otherwise (e.g. source changed).
        ``reviewed``: has a translation and is not fuzzy.
        """
        if self.obsolete:
            return "obsolete"
        if not self.msgstr:
            return "untranslated"
        if self.fuzzy:
            return "machine" if self.machine and (self.previous_msgid is None or self.fresh) else "fuzzy"
        return "reviewed"
