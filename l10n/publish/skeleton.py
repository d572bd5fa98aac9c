"""One walk over a ``Document`` skeleton with the gap rule every build follows.

The gap rule (``joined_gap``): a ``Gap`` (whitespace between two units of one block) after a
translated unit becomes the target language's joiner (``l10n.locale.sentence_joiner``: a space
for vi, nothing for zh and ja, whose full stop 。 carries its own space); a gap after an English
fallback unit keeps the source whitespace, since an English full stop needs the space (so two
English units next to each other stay exactly as in the source). ``Document.render`` takes one
joiner for every gap; here the choice depends on the unit before the gap. No I/O.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from l10n.model import Document, Gap, Unit

__all__ = ["joined_gap", "walk"]


def joined_gap(text: str, previous: str | None, joiner: str) -> str:
    """The text of a gap whose source whitespace is ``text``, after a unit of kind ``previous``
    (a ``Choice.kind``; None before the first unit): ``text`` after a fallback unit, else ``joiner``."""
    return text if previous == "fallback" else joiner


def walk(doc: Document, kinds: Sequence[str], joiner: str) -> Iterator[tuple[int | None, str]]:
    """The skeleton in order: ``(unit index, "")`` for a unit, ``(None, text)`` for the text between.

    ``kinds[i]`` is the ``Choice.kind`` of unit ``i``; gaps follow ``joined_gap``.
    """
    previous: str | None = None
    for piece in doc.skeleton:
        if isinstance(piece, Unit):
            yield piece.index, ""
            previous = kinds[piece.index]
        elif isinstance(piece, Gap):
            yield None, joined_gap(piece.text, previous, joiner)
        else:
            yield None, piece.text
