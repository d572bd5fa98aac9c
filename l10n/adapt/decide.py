"""Decide whether the adapted model is better: chrF2 and TER on the held-out pairs, paired bootstrap.

Both models translate the held-out sources (masked, as the translate stage sends them, with
the same decoding options); outputs are restored (``unmask``) and scored against the reviewed
msgstrs with sacrebleu (``CHRF()``: chrF2; ``TER()``). The adapted model is installed only if
its corpus chrF2 beats the base model's by at least ``margin`` points **and** sacrebleu's paired
bootstrap resampling (``sacrebleu.significance.PairedTest``, ``test_type="bs"``, 1,000 samples,
its fixed seed) gives a p-value below 0.05 for chrF2 (Koehn 2004, as sacrebleu implements it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from l10n.adapt.data import Pair
from l10n.mt import Engine
from l10n.translate.protect import unmask

P_VALUE = 0.05
"""Significance level of the paired bootstrap (95%)."""
BOOTSTRAP_SAMPLES = 1000
"""Resamples of the paired bootstrap."""


@dataclass(frozen=True)
class Scores:
    """Corpus scores of one model on the held-out pairs: chrF2 (0-100) and TER (percent)."""

    chrf: float
    ter: float


@dataclass(frozen=True)
class Decision:
    """The comparison: ``base`` and ``adapted`` scores, the bootstrap ``p_value``, and ``install``."""

    base: Scores
    adapted: Scores
    p_value: float
    margin: float

    @property
    def gain(self) -> float:
        """chrF2 points gained (negative: lost)."""
        return self.adapted.chrf - self.base.chrf

    @property
    def install(self) -> bool:
        """True when the gain reaches the margin and is significant (module docstring)."""
        return self.gain >= self.margin and self.gain > 0 and self.p_value < P_VALUE


def translate_held_out(engine: Engine, pairs: Sequence[Pair]) -> list[str]:
    """Translate the masked sources of ``pairs`` with ``engine``; the outputs restored."""
    outputs = engine.translate([p.source for p in pairs])
    return [unmask(p.masked, out.strip()).text.strip() for p, out in zip(pairs, outputs, strict=True)]


def score(outputs: Sequence[str], pairs: Sequence[Pair]) -> Scores:
    """Corpus chrF2 and TER of ``outputs`` against the reviewed msgstrs of ``pairs``."""
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.metrics.ter import TER

    refs = [[p.msgstr for p in pairs]]
    return Scores(
        CHRF().corpus_score(list(outputs), refs).score, TER().corpus_score(list(outputs), refs).score
    )


def decide(base: Sequence[str], adapted: Sequence[str], pairs: Sequence[Pair], margin: float) -> Decision:
    """Compare the two models' restored outputs on the held-out ``pairs`` (module docstring)."""
    from sacrebleu.metrics.chrf import CHRF
    from sacrebleu.significance import PairedTest

    refs = [[p.msgstr for p in pairs]]
    test = PairedTest(
        [("base", list(base)), ("adapted", list(adapted))],
        {"chrF2": CHRF()},
        refs,
        test_type="bs",
        n_samples=BOOTSTRAP_SAMPLES,
    )
    _signatures, results = test()
    found = results["chrF2"][1]
    p_value = getattr(found, "p_value", None)
    return Decision(
        score(base, pairs), score(adapted, pairs), 1.0 if p_value is None else float(p_value), margin
    )
