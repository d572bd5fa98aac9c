"""Machine-translation engines behind one small, batch-first interface.

An engine turns a list of source texts into a list of translations of the same
length and order. ``l10n.translate.fill`` is the only caller; it never needs to know
which library does the work. This module holds the interface (``Engine``) and re-exports the
decoding settings (``DecodingOptions``, defined in the leaf module ``l10n.options``). Modules:

- ``registry``: which model translates English into a given language (BCP 47 tag), and where
  it lives on disk.
- ``hub``: download a model from the Hugging Face Hub into ``models/`` and tell if it is there.
- ``factory``: pick (``choose_engine``) and build (``make_engine``) a language's engine,
  locate, pull, describe and convert models (what ``l10n models`` runs).
- ``marian``: the MarianMT engine (transformers + torch + sentencepiece), loaded lazily.
- ``marian_steps``: its logits processor (per-row bounds) and the confidence logged while decoding.
- ``ct2``: the CTranslate2 engine over a converted MarianMT model, and the conversion.
- ``device``: where an engine runs (``auto``, ``cpu``, ``cuda`` resolved from its library).
- ``common``: what both engines share: option checks, splitting long units to fit the model,
  output length bounds, the target-language token, joining split outputs, scoring in pieces.

Confidence (``Output.confidence``, ``Engine.score``, ``Scorer``): the confidence of an output is
``exp`` of the mean natural-log probability the model gave to the output's decoded pieces,
end-of-sentence included when the model produced it (not when the output stopped at its length
bound). It is the geometric mean of the per-token probabilities, in (0, 1]: the
"sequence-level model probability" / "softmax-based confidence" of the literature (Fomicheva
et al. 2020, "Unsupervised Quality Estimation for Neural Machine Translation", TACL 8, indicator
TP). One decode, one score: where the decoding options leave the model's log-probabilities
untouched (``repetition_penalty`` 1.0, ``no_repeat_ngram_size`` 0: ``DecodingOptions.plain_scores``)
the engine takes it from the decode that produced the output (CTranslate2's ``return_scores``
with length penalty 1 over the pieces and the end token) and returns it as
``Output.confidence``; otherwise (a retry with a repetition penalty or an n-gram ban) the
translate stage asks ``Engine.score`` for a separate teacher-forced pass: the output text is
tokenized with the model's target tokenizer and fed to the decoder (end-of-sentence appended),
the model input exactly what translation gave it, no logits processor, no length penalty
(CTranslate2's ``Translator.score_batch``). The two agree where the output's re-tokenization
equals its decoded pieces and it ended by itself. An engine that can score later
(``DeferredScoring``: CTranslate2) does that separate pass over the decoded pieces instead: asked
to (``translate_unscored``), it returns penalised outputs with ``Output.unscored`` in place of a
confidence, and ``score_unscored`` gives the very value the decode would have given, for the
outputs the caller keeps (the translate stage: the retry outputs it takes).

It is the model's certainty about its own output, not a quality estimate: a model can be
confidently wrong (a fluent hallucination, a wrong name), and a correct translation with rare
words scores low. A learned quality-estimation model (COMET-QE class) would plug in as another
``Scorer``.

Importing this package never imports torch.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from l10n.errors import UsageError
from l10n.options import ENGINES, OUTPUT_LENGTH_SLACK, QUANTIZATIONS, DecodingOptions, RetryOptions

Piece = tuple[tuple[str, ...], tuple[str, ...], bool]
"""One decoded model-input piece, as scoring it later needs: ``(input tokens, decoded target
tokens without the end token, ended)``, ``ended`` True when the decode produced the end-of-sentence
token (False: it stopped at its length bound). Tokens are the engine's own strings."""


@dataclass(frozen=True)
class Unscored:
    """What the confidence of an output left unscored is computed from (``DeferredScoring``).

    Attributes:
        pieces: one ``Piece`` per model-input piece of the unit, in order (several for a split
            unit, whose confidence is the minimum over them). Plain tuples: it travels to and
            from Ray actors.
    """

    pieces: tuple[Piece, ...]

    @staticmethod
    def join(parts: Sequence[Unscored | None]) -> Unscored | None:
        """The unit's ``Unscored`` from its pieces' (``l10n.mt.common.join_outputs``): None when
        there are none or one piece has none."""
        if not parts or any(part is None for part in parts):
            return None
        return Unscored(tuple(piece for part in parts if part is not None for piece in part.pieces))


@dataclass(frozen=True)
class Output:
    """One unit's engine output.

    Attributes:
        text: the translation (``""`` for a blank input or an empty output).
        at_bound: some piece of the unit stopped at its output length bound instead of ending
            by itself: the output is cut, usually a loop (``l10n.checks.output.loop``).
        confidence: the model's confidence in the output from the decode that produced it
            (module docstring), in (0, 1]; the minimum over the pieces of a split unit; None
            when the decode did not give it (penalised decoding, an engine that cannot).
            Not part of equality: two outputs with the same text and bound are the same output.
        unscored: set, instead of ``confidence``, by an engine asked to score later
            (``DeferredScoring.translate_unscored``): what ``score_unscored`` needs; else None.
            Not part of equality either.
    """

    text: str
    at_bound: bool = False
    confidence: float | None = field(default=None, compare=False)
    unscored: Unscored | None = field(default=None, compare=False)


@runtime_checkable
class Engine(Protocol):
    """A machine-translation engine.

    Attributes:
        name: engine name written in provenance comments, e.g. ``"marian"``.
        model_id: the model's hub id (``"Helsinki-NLP/opus-mt-en-vi"``) or local directory name.
        revision: the model's commit hash, or ``"local"`` for a directory of unknown origin.
    """

    name: str
    model_id: str
    revision: str

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translate ``texts``; returns one string per input, same order. An output may be empty.

        Raises:
            ModelError: the model cannot be used.
        """
        ...

    def score(self, sources: Sequence[str], outputs: Sequence[str]) -> list[float]:
        """Return the model's confidence in each output as a translation of its source.

        Args:
            sources: the texts as given to ``translate``.
            outputs: what ``translate`` returned for them, same length and order.

        Returns:
            One value in (0, 1] per pair (module docstring: exp of the mean token
            log-probability); for a unit split into pieces, the minimum over the pieces;
            ``nan`` when it cannot be computed (a blank source, or a split unit whose output is
            not this engine's).

        Raises:
            ModelError: the model failed.
        """
        ...


@runtime_checkable
class Scorer(Protocol):
    """Scores translations: the seam for confidence (``l10n.translate.fill`` records it as ``conf:``).

    The default is the engine itself (``Engine.score``: the model's own probability, see the
    module docstring); a quality-estimation model would be another implementation.
    """

    def score(self, sources: Sequence[str], outputs: Sequence[str]) -> list[float]:
        """Return one value in [0, 1] per ``(source, output)`` pair, or ``nan`` when unknown."""
        ...


@runtime_checkable
class DecodingEngine(Engine, Protocol):
    """An engine that also decodes with other options and tells which outputs hit their bound.

    Both real engines are; ``l10n.translate.fill`` retries failed outputs only through this.
    """

    def translate_outputs(self, texts: Sequence[str], options: DecodingOptions | None = None) -> list[Output]:
        """Translate ``texts`` with ``options`` (None: the engine's own); one ``Output`` per input.

        Raises:
            ModelError: the model cannot be used.
            UsageError: nonsensical ``options``.
        """
        ...


@runtime_checkable
class DeferredScoring(Protocol):
    """An engine that can leave the separate scoring pass of penalised decoding for later.

    The CTranslate2 engine is one; an engine that is not scores in its decode, as
    ``DecodingEngine.translate_outputs`` does (module docstring).
    """

    def translate_unscored(
        self, texts: Sequence[str], options: DecodingOptions | None = None
    ) -> list[Output]:
        """``DecodingEngine.translate_outputs``, except that an output whose confidence needs a
        separate scoring pass (``options.plain_scores`` false) carries ``Output.unscored``, and
        no confidence, instead of being scored.

        Raises:
            ModelError: the model cannot be used.
            UsageError: nonsensical ``options``.
        """
        ...

    def score_unscored(self, outputs: Sequence[Output]) -> list[float | None]:
        """One scoring pass over the outputs that carry ``unscored``: for each, the confidence
        ``translate_outputs`` would have given it (exp of the mean log-probability of its
        decoded pieces, end token where produced; the minimum over a split unit's pieces); None
        for an output without ``unscored``. Same length and order as ``outputs``.

        Raises:
            ModelError: the model failed.
        """
        ...


def deferred_confidences(
    outputs: Sequence[Output], piece_means: Callable[[list[Piece]], list[float]]
) -> list[float | None]:
    """``DeferredScoring.score_unscored`` over an engine's scoring pass.

    Args:
        outputs: outputs, some with ``unscored``.
        piece_means: pieces -> the mean log-probability of each (one pass, same order).

    Returns:
        Per output, exp of the mean, the minimum over its pieces (as ``join_outputs`` takes the
        decode's); None for an output without ``unscored``.
    """
    rows = [(i, piece) for i, out in enumerate(outputs) if out.unscored for piece in out.unscored.pieces]
    found: list[float | None] = [None] * len(outputs)
    for (i, _), mean in zip(rows, piece_means([piece for _, piece in rows]) if rows else [], strict=True):
        low = found[i]
        found[i] = math.exp(mean) if low is None else min(low, math.exp(mean))
    return found


def check_quantization(quantization: str) -> None:
    """Raise ``UsageError`` unless ``quantization`` is one of ``QUANTIZATIONS``."""
    if quantization not in QUANTIZATIONS:
        raise UsageError(f"quantization '{quantization}': expected one of {', '.join(QUANTIZATIONS)}")


__all__ = [
    "ENGINES",
    "OUTPUT_LENGTH_SLACK",
    "QUANTIZATIONS",
    "DecodingEngine",
    "DecodingOptions",
    "DeferredScoring",
    "Engine",
    "Output",
    "Piece",
    "RetryOptions",
    "Scorer",
    "Unscored",
    "check_quantization",
    "deferred_confidences",
]
