"""Post-edit distance: how much reviewers changed the machine output (``l10n report edits``).

For every *reviewed* entry (a msgstr that is not fuzzy: clearing the fuzzy flag is what marks
an entry reviewed, in Poedit or any editor, whether or not the ``# l10n-mt:`` line is still
there) whose source text has a record in the language's machine-output memory
(``locales/<ll>/mt-memory.tmx``, ``l10n.translate.mtmemory``), the machine output is compared
with the reviewed text. Per language and model:

- ``reviewed``: such entries; ``unchanged``: those whose reviewed text is the machine output
  exactly (accepted as it was).
- ``chrf``: corpus-level chrF2 (character n-grams up to 6, recall weighted twice, beta = 2;
  Popović 2015, "chrF: character n-gram F-score for automatic MT evaluation", WMT) of the
  machine output against the reviewed text, sacrebleu's default ``CHRF()``; 0-100, higher
  means fewer edits.
- ``ter``: corpus-level TER (Snover et al. 2006, "A Study of Translation Edit Rate with
  Targeted Human Annotation", AMTA) with the reviewed text as reference, i.e. HTER: edits per
  reference word, in percent (may exceed 100); sacrebleu's ``TER()`` defaults (case-insensitive).
  For Japanese and Chinese, whose words are not space-separated, ``TER(asian_support=True,
  normalized=True)``: sacrebleu's tercom tokenizer splits CJK characters only while normalizing
  (``asian_support`` alone changes nothing), so a one-character edit is not a whole-sentence edit.
- ``spearman``: Spearman's rank correlation between the engine's confidence (``conf:``) and
  the sentence-level chrF of each entry, over the entries that have a confidence; computed
  only from ``MIN_FOR_CORRELATION`` entries up (None below). A positive value means the
  confidence ranks entries roughly as the edits do.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from l10n.catalog.tmx import MachineRecord
from l10n.model import Entry

MIN_FOR_CORRELATION = 10
"""Fewest entries with a confidence for which the rank correlation is reported."""

EDITS_JSON_VERSION = 1
"""``version`` of the ``l10n report edits --format json`` document (README.md has the schema)."""

_ASIAN = ("ja", "zh")


@dataclass(frozen=True)
class EditPair:
    """One reviewed entry and the machine output it started from.

    Attributes:
        lang: BCP 47 tag.
        model: the model that wrote the machine output: the model id of the entry's
            ``l10n-mt:`` provenance (an adapted model's folder name); without a provenance
            line, the memory record's model id.
        revision: that model's revision, ``""`` when unknown.
        engine: the engine name that ran it.
        machine: the machine output (from the memory).
        reviewed: the reviewed msgstr.
        confidence: the machine output's confidence, or None.
    """

    lang: str
    model: str
    engine: str
    machine: str
    reviewed: str
    confidence: float | None
    revision: str = ""


@dataclass(frozen=True)
class EditStats:
    """What reviewers changed for one language and model (see the module docstring).

    Attributes:
        lang: BCP 47 tag.
        model: model id.
        engines: engine names seen, sorted.
        reviewed: reviewed entries with a machine record.
        unchanged: of those, accepted exactly as the machine wrote them.
        chrf: corpus chrF2, 0-100.
        ter: corpus TER (HTER), percent.
        with_confidence: entries whose machine output has a confidence.
        spearman: rank correlation of confidence and sentence chrF, or None (fewer than
            ``MIN_FOR_CORRELATION`` entries with a confidence, or one side constant).
        revision: the model's revision, ``""`` when unknown.
    """

    lang: str
    model: str
    engines: tuple[str, ...]
    reviewed: int
    unchanged: int
    chrf: float
    ter: float
    with_confidence: int
    spearman: float | None
    revision: str = ""

    @property
    def label(self) -> str:
        """``model@revision``, or the model id alone without a revision."""
        return f"{self.model}@{self.revision}" if self.revision else self.model

    @property
    def unchanged_share(self) -> float:
        """``unchanged / reviewed`` in [0, 1]."""
        return self.unchanged / self.reviewed if self.reviewed else 0.0


def reviewed_pairs(lang: str, records: Iterable[MachineRecord], entries: Iterable[Entry]) -> list[EditPair]:
    """Pair each reviewed entry of ``entries`` with its machine record.

    Args:
        lang: BCP 47 tag of the catalogs.
        records: the language's machine-output memory.
        entries: the entries of the language's catalogs (obsolete ones are skipped).

    Returns:
        One pair per reviewed entry (``Entry.state``: translated, not fuzzy, active; a
        leftover ``l10n-mt:`` line does not matter) whose (msgctxt, msgid) has a record, in the
        order of ``entries``.
    """
    by_key = {record.key: record for record in records}
    pairs = []
    for entry in entries:
        if entry.state != "reviewed":
            continue
        record = by_key.get((entry.msgctxt, entry.msgid))
        if record is None:
            continue
        model, revision = model_of(entry, record)
        pairs.append(
            EditPair(lang, model, record.engine, record.text, entry.msgstr, record.confidence, revision)
        )
    return pairs


def model_of(entry: Entry, record: MachineRecord) -> tuple[str, str]:
    """The model an edit is counted for: ``(model id, revision)``, revision ``""`` when unknown.

    The entry's own ``l10n-mt:`` provenance names the model that wrote its msgstr (an adapted
    model's installed folder name, ``l10n.adapt``); a reviewed entry whose line is gone falls
    back to the machine-output memory's record of that source text.
    """
    prov = entry.provenance
    if prov is not None and prov.is_model_output:
        model, revision = prov.model, prov.revision
    else:
        model, revision = record.model, record.revision
    return model, revision


def edit_stats(pairs: Sequence[EditPair]) -> list[EditStats]:
    """Group ``pairs`` by (language, model) and measure each group.

    Sorted by language, then by each model's first appearance in ``pairs`` (catalog order:
    the base model before the adapted one that learnt from its edits, as translated).

    Scores come from sacrebleu (``CHRF()``, ``TER()``), machine output as hypothesis and the
    reviewed text as the one reference.
    """
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    groups: dict[tuple[str, str, str], list[EditPair]] = {}
    for pair in pairs:
        groups.setdefault((pair.lang, pair.model, pair.revision), []).append(pair)
    chrf = CHRF()
    result = []
    for (lang, model, revision), group in sorted(groups.items(), key=lambda item: item[0][0]):
        hyps = [p.machine for p in group]
        refs = [[p.reviewed for p in group]]
        asian = lang.split("-")[0].lower() in _ASIAN
        ter = TER(asian_support=asian, normalized=asian)
        scored = [p for p in group if p.confidence is not None]
        correlation = None
        if len(scored) >= MIN_FOR_CORRELATION:
            sentence = [chrf.sentence_score(p.machine, [p.reviewed]).score for p in scored]
            correlation = spearman([p.confidence or 0.0 for p in scored], sentence)
        result.append(
            EditStats(
                lang=lang,
                model=model,
                engines=tuple(sorted({p.engine for p in group})),
                reviewed=len(group),
                unchanged=sum(1 for p in group if p.machine == p.reviewed),
                chrf=chrf.corpus_score(hyps, refs).score,
                ter=ter.corpus_score(hyps, refs).score,
                with_confidence=len(scored),
                spearman=correlation,
                revision=revision,
            )
        )
    return result


def ranks(values: Sequence[float]) -> list[float]:
    """Return the 1-based ranks of ``values``; tied values share the mean of their ranks.

    >>> ranks([0.5, 0.1, 0.5, 0.9])
    [2.5, 1.0, 2.5, 4.0]
    """
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            result[order[k]] = (start + end) / 2 + 1
        start = end + 1
    return result


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman's rank correlation coefficient of two equally long samples, in [-1, 1].

    Pearson's correlation of the ranks (``ranks``: ties get mid-ranks), which is Spearman's
    rho with the standard tie correction (Spearman 1904, "The proof and measurement of
    association between two things"; the definition ``scipy.stats.spearmanr`` implements).

    Returns:
        None for fewer than 2 pairs or when either sample is constant (rho is undefined).

    Raises:
        ValueError: the samples differ in length.

    >>> spearman([1, 2, 3, 4], [10, 20, 30, 40])
    1.0
    """
    if len(x) != len(y):
        raise ValueError(f"spearman: {len(x)} and {len(y)} values")
    if len(x) < 2:
        return None
    rx, ry = ranks(x), ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    if sxx == 0 or syy == 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def to_json(stats: Sequence[EditStats]) -> str:
    """The ``l10n report edits --format json`` document (schema in README.md)."""
    rows = [
        {
            "lang": s.lang,
            "model": s.model,
            "revision": s.revision,
            "engines": list(s.engines),
            "reviewed": s.reviewed,
            "unchanged": s.unchanged,
            "unchanged_share": round(s.unchanged_share, 4),
            "chrf": round(s.chrf, 2),
            "ter": round(s.ter, 2),
            "with_confidence": s.with_confidence,
            "spearman": None if s.spearman is None else round(s.spearman, 3),
        }
        for s in stats
    ]
    models: dict[str, list[str]] = {}
    for s in stats:
        models.setdefault(s.lang, []).append(s.label)
    languages = [{"lang": lang, "models": names} for lang, names in models.items()]
    doc = {
        "version": EDITS_JSON_VERSION,
        "min_for_correlation": MIN_FOR_CORRELATION,
        "edits": rows,
        "languages": languages,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


__all__ = [
    "EDITS_JSON_VERSION",
    "MIN_FOR_CORRELATION",
    "EditPair",
    "EditStats",
    "edit_stats",
    "model_of",
    "ranks",
    "reviewed_pairs",
    "spearman",
    "to_json",
]
