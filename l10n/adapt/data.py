"""Training data for adaptation: reviewed entries as masked pairs, and the held-out split.

Rules (issue 23):

- Only *reviewed* entries are used: translated, not fuzzy, not obsolete (the meaning of
  ``l10n.review.edits.reviewed_pairs``); unreviewed machine output never is.
- A pair is ``msgid -> msgstr`` masked as for translation (``l10n.translate.protect.mask`` with
  the glossary rules the translate stage masks, so the same mask numbering): every span of the
  masked source is looked up in the msgstr by what ``unmask`` would put back (the placeholder,
  URL, dnt term or injected target form) and replaced there by the same mask. A pair whose
  msgstr lacks one of them cannot be rendered from the masked output and is left out of both
  sets (counted ``unrenderable``).
- Pairs are deduplicated on the masked source and target (the first occurrence is kept).
- Held-out: pairs sorted by the SHA-1 of their msgid; the first ``max(ceil(share * n), min)`` are
  held out and never trained on. A msgid's place in that order never changes as catalogs grow.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from l10n.errors import InputError
from l10n.glossary import TermRule
from l10n.model import Entry
from l10n.translate.protect import Masked, mask


@dataclass(frozen=True)
class Pair:
    """One reviewed entry ready for training.

    Attributes:
        msgid: the source as written (``Pair.key`` hashes it).
        msgstr: the reviewed translation as written (the reference of the decision).
        source: the masked source (what the engine sees).
        target: the masked reviewed translation (what the model learns to write).
        masked: the source's ``Masked`` value, to restore a model output.
    """

    msgid: str
    msgstr: str
    source: str
    target: str
    masked: Masked

    @property
    def key(self) -> str:
        """Hex SHA-1 of the msgid: the held-out order."""
        return hashlib.sha1(self.msgid.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Collected:
    """What ``collect`` found.

    Attributes:
        pairs: the deduplicated pairs, in catalog order.
        reviewed: reviewed entries seen (before dedup).
        unrenderable: reviewed entries left out because a masked span is not in the msgstr.
        duplicates: pairs dropped as duplicates.
    """

    pairs: tuple[Pair, ...]
    reviewed: int
    unrenderable: int
    duplicates: int


def is_reviewed(entry: Entry) -> bool:
    """True for a reviewed entry: active, translated, not fuzzy (``reviewed_pairs``' rule)."""
    return not entry.obsolete and not entry.fuzzy and bool(entry.msgstr)


def masked_target(masked: Masked, msgstr: str) -> str | None:
    """``msgstr`` with each span of ``masked`` replaced by its mask, or None if one is missing.

    Each span is looked up by what ``unmask`` puts back (its first occurrence not yet masked;
    a translation may reorder spans) and gets spaces where it touches a neighbour, as
    ``l10n.translate.protect.mask`` does in the source, so the model learns one convention.
    """
    text = msgstr
    for span in masked.spans:
        at = text.find(span.original)
        if at < 0:
            return None
        end = at + len(span.original)
        before = "" if at == 0 or text[at - 1].isspace() else " "
        after = "" if end == len(text) or text[end].isspace() else " "
        text = text[:at] + before + span.mask + after + text[end:]
    return text


def collect(entries: Iterable[Entry], rules: Sequence[TermRule] = ()) -> Collected:
    """Masked, deduplicated pairs of the reviewed ``entries`` (module docstring)."""
    pairs: list[Pair] = []
    seen: set[tuple[str, str]] = set()
    reviewed = unrenderable = duplicates = 0
    for entry in entries:
        if not is_reviewed(entry):
            continue
        reviewed += 1
        masked = mask(entry.msgid, rules)
        target = masked_target(masked, entry.msgstr)
        if target is None:
            unrenderable += 1
            continue
        if (masked.text, target) in seen:
            duplicates += 1
            continue
        seen.add((masked.text, target))
        pairs.append(Pair(entry.msgid, entry.msgstr, masked.text, target, masked))
    return Collected(tuple(pairs), reviewed, unrenderable, duplicates)


@dataclass(frozen=True)
class Split:
    """The training and held-out pairs (disjoint; their union is every pair)."""

    train: tuple[Pair, ...]
    held_out: tuple[Pair, ...]


def split(pairs: Sequence[Pair], *, share: float, minimum: int, min_pairs: int, where: str) -> Split:
    """Hold out a deterministic share of ``pairs`` (module docstring).

    Args:
        pairs: the collected pairs.
        share: held-out share (0-1).
        minimum: fewest held-out pairs.
        min_pairs: fewest pairs in all.
        where: the file the numbers come from, for errors (``locales/vi``).

    Raises:
        InputError: fewer than ``min_pairs`` pairs, or too few left to train on after holding
            out ``minimum``.
    """
    if len(pairs) < min_pairs:
        raise InputError(
            f"{len(pairs)} reviewed pairs, adaptation needs at least {min_pairs} ([adapt] min_pairs)",
            path=where,
        )
    count = max(math.ceil(share * len(pairs)), minimum)
    if count >= len(pairs):
        raise InputError(
            f"{len(pairs)} reviewed pairs leave none to train on after holding out {count}", path=where
        )
    ordered = sorted(pairs, key=lambda p: p.key)
    held = {id(p) for p in ordered[:count]}
    return Split(tuple(p for p in pairs if id(p) not in held), tuple(p for p in pairs if id(p) in held))
