"""Cutting a text run (atoms: text, tags, lone elements) into sentence units; see ``l10n.formats.html``."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

import pysbd

from l10n.formats.html.parse import escape_text
from l10n.formats.sentences import sentence_spans, trim
from l10n.inline import PLACEHOLDER
from l10n.model import Placeholder, Segment

__all__ = ["Atom", "cut", "literal_tokens", "make_segment", "msgid"]

_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML whitespace


@dataclass
class Atom:
    """A piece of a text run: text, a start or end tag, or a whole element standing alone."""

    kind: str  # "text", "literal" (text that looks like a token), "open", "close", "solo"
    source: str  # serialised
    text: str = ""  # "text"/"literal": the characters; a "solo" br: " " (what the sentence splitter sees)
    tag: str = ""
    pair: int = 0  # open/close: which pair
    line: int = 0
    el: Any = None  # "solo": the element (its attribute units are made when it is not in a unit)


def literal_tokens(atom: Atom) -> list[Atom]:
    """Split a text atom around text that looks like a placeholder token (``<1>``, ``</2>``,
    ``<3/>``): each such span becomes a ``literal`` atom, a ``<N/>`` placeholder of its own."""
    if atom.kind != "text" or not PLACEHOLDER.search(atom.text):
        return [atom]
    out: list[Atom] = []
    at = 0
    for m in PLACEHOLDER.finditer(atom.text):
        line = atom.line + atom.text.count("\n", 0, m.start())
        if m.start() > at:
            piece = atom.text[at : m.start()]
            out.append(
                Atom("text", escape_text(piece), text=piece, line=atom.line + atom.text.count("\n", 0, at))
            )
        out.append(Atom("literal", escape_text(m.group()), text=m.group(), tag="text", line=line))
        at = m.end()
    if at < len(atom.text):
        piece = atom.text[at:]
        out.append(
            Atom("text", escape_text(piece), text=piece, line=atom.line + atom.text.count("\n", 0, at))
        )
    return out


def msgid(text: str) -> str:
    """Collapse HTML whitespace to one space, trim, NFC."""
    text = _SPACE.sub(" ", text).strip(" ")
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _split_text(run: list[Atom], cuts: set[int]) -> list[Atom]:
    """Split text atoms at the plain-text offsets in ``cuts`` (offsets into the run's text)."""
    out: list[Atom] = []
    pos = 0
    for atom in run:
        if atom.kind != "text":
            out.append(atom)
            pos += len(atom.text)
            continue
        start = pos
        inner = sorted(c - start for c in cuts if start < c < start + len(atom.text))
        prev = 0
        for c in [*inner, len(atom.text)]:
            piece = atom.text[prev:c]
            if piece:
                line = atom.line + atom.text.count("\n", 0, prev)
                out.append(Atom("text", escape_text(piece), text=piece, line=line))
            prev = c
        pos += len(atom.text)
    return out


def _plain(run: list[Atom]) -> str:
    return "".join(a.text for a in run)


def cut(run: list[Atom], segmenter: pysbd.Segmenter | None, whole: bool) -> list[tuple[str, list[Atom]]]:
    """Cut a run into ``("unit" | "gap" | "text", atoms)`` parts, in order.

    Sentences come from ``sentence_spans`` on the run's text (one span for the whole text with
    ``unit="paragraph"`` or ``whole``). Text atoms are split at the span ends; an end tag goes
    with the text before it, a start tag with the text after it, a lone element (``br``) with
    its sentence, or between sentences when it sits at a boundary. Sentences joined by a pair
    of tags (``<b>One. Two.</b>``) are one unit. What lies between two units is a ``"gap"``
    when it is whitespace only, else ``"text"``; what lies before the first unit or after the
    last is ``"text"``.
    """
    plain = _plain(run)
    spans = [trim(plain, 0, len(plain))] if segmenter is None or whole else sentence_spans(plain, segmenter)
    atoms = _split_text(run, {p for s, e in spans for p in (s, e)})
    labels = _labels(atoms, spans)
    # a pair of tags across sentences joins them
    group = list(range(len(spans)))
    opened: dict[int, int | None] = {}
    for a, label in zip(atoms, labels, strict=True):
        if a.kind == "open":
            opened[a.pair] = label
        elif a.kind == "close":
            start = opened.get(a.pair)
            if start is not None and label is not None and group[start] != group[label]:
                lo, hi = sorted((group[start], group[label]))
                group = [lo if lo <= g <= hi else g for g in group]
    return _parts(atoms, [None if label is None else group[label] for label in labels])


def _parts(atoms: list[Atom], units: list[int | None]) -> list[tuple[str, list[Atom]]]:
    """Group atoms by unit (``cut``): atoms between two atoms of one unit are inside it."""
    before, after = _nearest(units)
    for i, u in enumerate(units):
        if u is None and before[i] is not None and before[i] == after[i]:
            units[i] = before[i]
    keyed: list[tuple[int | None, list[Atom]]] = []
    for a, u in zip(atoms, units, strict=True):
        if keyed and keyed[-1][0] == u:
            keyed[-1][1].append(a)
        else:
            keyed.append((u, [a]))
    out: list[tuple[str, list[Atom]]] = []
    for i, (u, part) in enumerate(keyed):
        if u is not None:
            out.append(("unit", part))
        elif 0 < i < len(keyed) - 1 and all(a.kind == "text" for a in part):
            out.append(("gap", part))
        else:
            out.append(("text", part))
    return out


def _labels(atoms: list[Atom], spans: list[tuple[int, int]]) -> list[int | None]:
    """The sentence of each atom (None: outside every sentence); see ``_cut`` for tags."""
    labels: list[int | None] = []
    starts = [start for start, _ in spans]
    pos = 0
    for a in atoms:
        k = bisect_right(starts, pos) - 1
        text = a.kind in ("text", "literal")
        labels.append(k if text and k >= 0 and pos < spans[k][1] else None)
        pos += len(a.text)
    before, after = _nearest(labels)
    for i, a in enumerate(atoms):
        if a.kind == "open":
            labels[i] = after[i] if after[i] is not None else before[i]
        elif a.kind == "close":
            labels[i] = before[i] if before[i] is not None else after[i]
        elif a.kind not in ("text", "literal"):
            labels[i] = before[i] if before[i] == after[i] else None
    return labels


def _nearest(values: list[int | None]) -> tuple[list[int | None], list[int | None]]:
    """For each index, the nearest value that is not None strictly before it and strictly after it."""
    before: list[int | None] = []
    last: int | None = None
    for v in values:
        before.append(last)
        last = v if v is not None else last
    after: list[int | None] = []
    last = None
    for v in reversed(values):
        after.append(last)
        last = v if v is not None else last
    return before, after[::-1]


def make_segment(atoms: list[Atom], block: int, role: str) -> Segment:
    """One unit from its atoms: placeholders numbered from 1 in order of appearance."""
    numbers: dict[int, int] = {}
    text: list[str] = []
    placeholders: list[Placeholder] = []
    n = 0
    for a in atoms:
        if a.kind == "text":
            text.append(a.text)
        elif a.kind in ("solo", "literal"):
            n += 1
            token = f"<{n}/>"
            text.append(token)
            placeholders.append(Placeholder(token, a.source, a.tag))
        elif a.kind == "open":
            n += 1
            numbers[a.pair] = n
            token = f"<{n}>"
            text.append(token)
            placeholders.append(Placeholder(token, a.source, a.tag))
        else:
            token = f"</{numbers[a.pair]}>"
            text.append(token)
            placeholders.append(Placeholder(token, a.source, a.tag))
    first = next(a for a in atoms if a.kind in ("text", "literal") and a.text.strip())
    line = first.line + first.text[: len(first.text) - len(first.text.lstrip())].count("\n")
    return Segment(
        text=msgid("".join(text)),
        source="".join(a.source for a in atoms),
        line=line,
        block=block,
        role=role,
        placeholders=tuple(placeholders),
    )
