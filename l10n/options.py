"""Option and result value types shared by the config, the stages and the report.

A leaf module: it imports no stage (``l10n.config`` and ``l10n.report`` take their types from
here, so reading a configuration loads no engine or executor code). Homes of the values:

- ``ENGINES``, ``QUANTIZATIONS``, ``RetryOptions``, ``DecodingOptions``: how the engines of
  ``l10n.mt`` decode (``[tool.l10n.decoding]``), re-exported by ``l10n.mt``;
- ``EXECUTORS``, ``RayOptions``: where the engine calls run (``l10n.translate.executor``,
  ``[tool.l10n.ray]``), re-exported there;
- ``TranslateStats``: what the translate stage did to one catalog (``l10n.translate.fill``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from l10n.model import Issue

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
        batch_size: units (after splitting long ones) per model call (the transformers engine's
            ``generate`` call; CTranslate2 batches on its own). 32, the translate stage's slice
            (``l10n.translate.fill.SLICE``): one call per slice, measured faster than 16 and than
            one direct ``generate`` over the same units (``benchmarks/bench_marian.py``).
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
        device: where the model runs, one of ``DEVICES``: ``"cpu"``, ``"cuda"`` (an error
            without a usable GPU), or ``"auto"``: CUDA when the engine's library reports a
            usable GPU, else the CPU (``l10n.mt.device.resolve_device``).
        cpu_isa: the CPU instruction set CTranslate2 must use (``l10n.isa.CPU_ISAS``: ``AVX2``
            ...), for byte-identical output on mixed hardware; ``""`` (default) leaves the
            library's choice. Set in the engine's process before ``ctranslate2`` is loaded.
    """

    beam_size: int = 4
    batch_size: int = 32
    max_input_tokens: int = 512
    max_output_ratio: float = 2.0
    threads: int = 0
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0
    retry: RetryOptions = field(default_factory=RetryOptions)
    device: str = "auto"

    @property
    def plain_scores(self) -> bool:
        """True when these options leave the model's log-probabilities untouched (no repetition
        penalty, no n-gram ban), so a decode's own scores are the output's confidence (``l10n.mt``)."""
        return self.repetition_penalty == 1.0 and self.no_repeat_ngram_size == 0

    cpu_isa: str = ""

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


DEVICES = ("auto", "cpu", "cuda")
"""Device choices (``device`` in ``[tool.l10n.decoding]``, ``--device``)."""

EXECUTORS = ("local", "ray")
"""Executor choices (``executor`` in the config, ``--executor``)."""


@dataclass(frozen=True)
class RayOptions:
    """``[tool.l10n.ray]``: how the ``ray`` executor attaches and sizes its actor pools.

    Attributes:
        address: Ray cluster address (``"10.0.0.1:6379"``, ``"ray://host:10001"``); ``""`` lets
            Ray resolve it: ``RAY_ADDRESS``, else a cluster started on this machine with
            ``ray start``, else a local cluster for the run. ``--ray-address`` overrides it.
        actors: actors (model copies) per pool; 0 means as many as the cluster's CPUs hold
            (``CPUs // cpus_per_actor``). Always capped to what the cluster holds and to the
            number of batches, so no actor waits forever for CPUs.
        cpus_per_actor: CPUs Ray reserves for each actor; also the engine's ``threads`` when
            ``decoding.threads`` is 0. Set ``decoding.threads`` for output identical to a
            local run on any machine (thread counts may change the last bits of a float).
    """

    address: str = ""
    actors: int = 0
    cpus_per_actor: int = 2


@dataclass
class TranslateStats:
    """What ``translate_catalog`` did (counts are entries; ``seconds`` is wall time).

    Attributes:
        translated: entries filled with engine output (flagged ones included).
        copied: entries without letters, copied with numbers localised.
        flagged: engine outputs kept with a note (lost mask, loop, length, failed check).
        skipped: entries left alone because they already had a translation.
        reused: entries filled from the translation memory (never sent to the engine).
        failed: entries the engine returned nothing for (msgstr stays empty).
        retried: entries whose first output failed and was decoded again.
        suggested: reviewed entries of a changed source given an ``l10n-mt-suggestion:`` line.
        seconds: wall time of the whole call.
        issues: one warning per flagged or failed entry (``path`` is the catalog's, if known).
    """

    translated: int = 0
    copied: int = 0
    flagged: int = 0
    skipped: int = 0
    reused: int = 0
    failed: int = 0
    retried: int = 0
    suggested: int = 0
    seconds: float = 0.0
    issues: list[Issue] = field(default_factory=list)


__all__ = [
    "DEVICES",
    "ENGINES",
    "EXECUTORS",
    "OUTPUT_LENGTH_SLACK",
    "QUANTIZATIONS",
    "DecodingOptions",
    "RayOptions",
    "RetryOptions",
    "TranslateStats",
]
