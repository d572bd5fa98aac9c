"""Machine-translation engines behind one small, batch-first interface.

An engine turns a list of source texts into a list of translations of the same
length and order. ``l10n.translate.fill`` is the only caller; it never needs to know
which library does the work. This module holds the interface (``Engine``) and the decoding
settings (``DecodingOptions``). Modules:

- ``registry``: which model translates English into a given language (BCP 47 tag), and where
  it lives on disk.
- ``hub``: download a model from the Hugging Face Hub into ``models/`` and tell if it is there.
- ``factory``: pick and build the engine for a language from the config (``make_engine``),
  locate, pull, describe and convert models (what ``l10n models`` runs).
- ``marian``: the MarianMT engine (transformers + torch + sentencepiece), loaded lazily.
- ``ct2``: the CTranslate2 engine over a converted MarianMT model, and the conversion.
- ``common``: what both engines share: option checks, splitting long units to fit the model,
  output length bounds, the target-language token, joining split outputs, scoring in pieces.

Confidence (``Engine.score``, ``Scorer``): every engine also scores its own outputs. The
confidence of an output is ``exp`` of the mean log-probability the model gives to the output's
tokens, end-of-sentence included, in one teacher-forced pass (the output text is tokenized with
the model's target tokenizer and fed to the decoder as the reference; the model input is exactly
what translation gave it, target-language token included; no logits processor, no length
penalty). It is the geometric mean of the per-token probabilities, in (0, 1]. This is the
"sequence-level model probability" / "softmax-based confidence" of the literature: Fomicheva
et al. 2020, "Unsupervised Quality Estimation for Neural Machine Translation" (TACL 8), whose
indicator TP is this mean log-probability of the output tokens, and what
CTranslate2's ``Translator.score_batch`` returns per token
(https://opennmt.net/CTranslate2/python/ctranslate2.Translator.html#ctranslate2.Translator.score_batch).
Beam search scores are not used: they include length normalisation, penalties and forced tokens.

It is the model's certainty about its own output, not a quality estimate: a model can be
confidently wrong (a fluent hallucination, a wrong name), and a correct translation with rare
words scores low. A learned quality-estimation model (COMET-QE class) would plug in as another
``Scorer``.

Importing this package never imports torch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol, runtime_checkable

from l10n.errors import UsageError

ENGINES = ("auto", "transformers", "ctranslate2")
"""Engine choices (``engine`` in the config, ``--engine``): ``auto`` takes a CTranslate2
conversion of the model when one is in ``models/``, else transformers (``l10n.mt.factory``)."""

QUANTIZATIONS = ("int8", "int8_float32", "int16", "float32", "none")
"""CTranslate2 quantizations for CPU, fastest first (the order converted folders are preferred in).
``"none"`` keeps the weights' own type (float32 for opus-mt)."""

OUTPUT_LENGTH_SLACK = 10
"""Tokens added to ``max_output_ratio * input_tokens`` to bound an output's length."""


@dataclass(frozen=True)
class RetryOptions:
    """The one named retry setting: how an output that failed the loop, length or lost-token
    checks is decoded a second time (``[tool.l10n.decoding.retry]``).

    Attributes:
        enabled: retry at all; False keeps the first output (flagged as it is).
        beam_size: beams of the retry; 0 swaps: greedy (1) after a beam search, 4 after greedy.
        no_repeat_ngram_size: no n-gram of this many target tokens may occur twice (0: off).
        repetition_penalty: divides the score of tokens already generated (1.0: off), as in
            CTRL (Keskar et al. 2019), the rule transformers and CTranslate2 both implement.
    """

    enabled: bool = True
    beam_size: int = 0
    no_repeat_ngram_size: int = 4
    repetition_penalty: float = 1.2


@dataclass(frozen=True)
class DecodingOptions:
    """How an engine decodes. ``l10n.config`` reads ``[tool.l10n.decoding]`` into these fields.

    Attributes:
        beam_size: beams per unit; 1 is greedy decoding.
        batch_size: units (after splitting long ones) per model call.
        max_input_tokens: longest model input in tokens, language token and end-of-sentence
            included; 512 is the opus-mt position limit. Longer units are split, never truncated.
        max_output_ratio: an output may be at most ``max_output_ratio * input_tokens +
            OUTPUT_LENGTH_SLACK`` tokens long (also capped by the model's position limit).
        threads: torch intra-op threads; 0 keeps torch's default.
        no_repeat_ngram_size: first pass: no n-gram of this many target tokens may occur twice;
            0 is off, as opus-mt and CTranslate2 ship it. Otherwise at least 3 (a ban on
            repeated 1- or 2-token sequences blocks ordinary words).
        repetition_penalty: first pass: penalty on tokens already generated; 1.0 is off.
        retry: the second decoding of an output that failed its checks (``RetryOptions``).
    """

    beam_size: int = 4
    batch_size: int = 16
    max_input_tokens: int = 512
    max_output_ratio: float = 2.0
    threads: int = 0
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0
    retry: RetryOptions = field(default_factory=RetryOptions)

    def max_output_tokens(self, input_tokens: int) -> int:
        """Return the output bound in tokens for an input of ``input_tokens`` tokens."""
        return int(self.max_output_ratio * input_tokens) + OUTPUT_LENGTH_SLACK

    def for_retry(self) -> DecodingOptions:
        """Return these options with the retry's beam and repetition controls (``RetryOptions``).

        The beam swaps when ``retry.beam_size`` is 0: 1 after a beam search, 4 after greedy.
        """
        beam = self.retry.beam_size or (1 if self.beam_size > 1 else 4)
        return replace(
            self,
            beam_size=beam,
            no_repeat_ngram_size=self.retry.no_repeat_ngram_size,
            repetition_penalty=self.retry.repetition_penalty,
        )


@dataclass(frozen=True)
class Output:
    """One unit's engine output.

    Attributes:
        text: the translation (``""`` for a blank input or an empty output).
        at_bound: some piece of the unit stopped at its output length bound instead of ending
            by itself: the output is cut, usually a loop (``l10n.checks.output.loop``).
    """

    text: str
    at_bound: bool = False


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
    "Engine",
    "Output",
    "RetryOptions",
    "Scorer",
    "check_quantization",
]
