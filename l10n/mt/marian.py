"""The MarianMT engine: opus-mt models through transformers (``MarianMTModel``, ``MarianTokenizer``).

torch and transformers are imported when an engine is built, not when this module is
imported, so commands that need no model stay fast.

What the engine adds to ``model.generate``:

- the target-language token (``>>vie<<``) as the first input token when the model's
  vocabulary lists such tokens (a ``ModelError`` before anything is translated when it
  lists tokens but none for the language);
- length-sorted batches with attention masks and a per-unit output bound enforced per row,
  so a unit's output does not depend on which units share its batch;
- inputs longer than ``max_input_tokens`` split at sentence, clause or word boundaries
  and every piece translated (never truncated);
- outputs at most ``max_output_ratio * input_tokens + 10`` tokens long, and which rows stopped
  at that bound (``translate_outputs``: ``Output.at_bound``);
- the repetition controls ``no_repeat_ngram_size`` and ``repetition_penalty`` of ``generate``,
  per call (``translate_outputs(texts, options)``: the retry uses its own);
- each output's confidence (``l10n.mt``, ``Output.confidence``) from the decode that produced it
  (``l10n.mt.marian_steps.StepLog``: the log-probabilities of the decoded pieces, logged inside
  ``generate``), or, for a decode with repetition controls, from one teacher-forced pass over the
  same pieces;
- ``score``: the confidence of other outputs, one teacher-forced forward pass per batch.

Every row of a batch gets its own bound inside one ``generate`` call (``StepLog``), so no row
is ever decoded twice.
"""

from __future__ import annotations

import dataclasses
import json
import math
import warnings
from typing import Any

from l10n.errors import ModelError, ModelUnavailableError
from l10n.locale import sentence_joiner
from l10n.mt import DecodingOptions, Output
from l10n.mt.common import (
    PieceEngine,
    checked_options,
    length_sorted_batches,
    output_bound,
    pick_target_token,
    split_to_fit,
)
from l10n.mt.device import resolve_device
from l10n.mt.hub import is_present
from l10n.mt.marian_steps import StepLog, token_log_probs
from l10n.mt.registry import ModelRef


class MarianEngine(PieceEngine[list[int]]):
    """Translate with a MarianMT model on disk (on the CPU or a CUDA GPU, through torch).

    Args:
        ref: where the model is (``l10n.mt.registry.resolve_model``).
        target_tag: BCP 47 target tag; picks the target-language token and the joiner of split pieces.
        options: how to decode (``Config.decoding``); None for the defaults.

    Attributes:
        name: ``"marian"``.
        model_id: ``ref.model_id``.
        revision: ``ref.revision``.
        target_token: the ``>>xxx<<`` token put first in every input, or None.
        device: ``"cpu"`` or ``"cuda"``, ``options.device`` resolved (``l10n.mt.device``) and
            written back into ``options``.

    Raises:
        ModelUnavailableError: the files are not there.
        ModelError: the files are not a loadable MarianMT model, or the model's vocabulary
            lists target-language tokens and none means ``target_tag``.
        UsageError: nonsensical decoding options, or ``cuda`` where torch sees no usable GPU.
    """

    name = "marian"

    def __init__(self, ref: ModelRef, target_tag: str, options: DecodingOptions | None = None) -> None:
        self.options = checked_options(options)
        self.model_id = ref.model_id
        self.revision = ref.revision
        self.target_tag = target_tag
        self._ref = ref
        self._joiner = sentence_joiner(target_tag)
        self.device = resolve_device(self.options.device, "transformers")
        self.options = dataclasses.replace(self.options, device=self.device)  # where it runs, not "auto"
        self.model, self.tokenizer = self._load()
        self._banned, self._exact = _take_step_rules(self.model.generation_config)
        self.target_token = self._pick_target_token()
        self._target_id = (
            self.tokenizer.convert_tokens_to_ids(self.target_token) if self.target_token is not None else None
        )
        self._max_positions = int(getattr(self.model.config, "max_position_embeddings", 512))
        self._input_limit = min(self.options.max_input_tokens, self._max_positions)

    # ---- loading -------------------------------------------------------------------------

    def _load(self) -> tuple[Any, Any]:
        path = self._ref.path
        if not is_present(self._ref):
            need = "config.json, weights, source.spm, target.spm, vocab.json"
            if not self._ref.hub:
                raise ModelUnavailableError(
                    f"{path} is not a complete MarianMT model folder (needs {need})", reason="incomplete"
                )
            raise ModelUnavailableError(
                f"model {self.model_id} is not complete in {path} (needs {need}): "
                f"run `l10n models pull --lang {self.target_tag}` or pass --model /path/to/local/dir",
                reason="incomplete",
            )
        try:
            model_type = json.loads((path / "config.json").read_text(encoding="utf-8")).get("model_type")
        except (OSError, ValueError) as exc:
            raise ModelError(f"{path / 'config.json'}: unreadable model config ({exc})") from exc
        if model_type != "marian":
            raise ModelError(f"{self.model_id} is a '{model_type}' model, not MarianMT ({path})")
        import torch
        from transformers import MarianMTModel, MarianTokenizer

        if self.options.threads > 0:
            torch.set_num_threads(self.options.threads)
        from transformers.utils import logging as hf_logging

        bars = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()  # core code never prints
        try:
            with warnings.catch_warnings():
                # MarianTokenizer recommends sacremoses for punctuation normalisation; opus-mt
                # inputs here are already clean Unicode text, so the notice is noise.
                warnings.simplefilter("ignore")
                tokenizer = MarianTokenizer.from_pretrained(str(path), local_files_only=True)
                model = MarianMTModel.from_pretrained(
                    str(path),
                    local_files_only=True,
                    use_safetensors=True if (path / "model.safetensors").is_file() else None,
                )
        except Exception as exc:  # safetensors, tokenizers and torch each raise their own error types
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
            raise ModelError(f"cannot load {self.model_id} from {path} (damaged files?): {reason}") from exc
        finally:
            if bars:
                hf_logging.enable_progress_bar()
        model.eval()
        if self.device != "cpu":  # the loaded weights are on the CPU
            model.to(self.device)  # type: ignore[arg-type]  # transformers types .to as a wrapper
        # Every call passes its own max_new_tokens; a stored max_length would only compete with it.
        model.generation_config.max_length = None
        # We split long inputs ourselves; the tokenizer's length warning would be noise.
        tokenizer.model_max_length = 1 << 30
        return model, tokenizer

    def _pick_target_token(self) -> str | None:
        codes = list(getattr(self.tokenizer, "supported_language_codes", None) or [])
        if not codes:
            codes = [t for t in self.tokenizer.get_vocab() if t.startswith(">>") and t.endswith("<<")]
        return pick_target_token(codes, self.model_id, self.target_tag)

    # ---- translating ---------------------------------------------------------------------

    def _encode(self, text: str) -> list[int]:
        """Token ids of a source text: the target-language token, then the tokenizer's ids (``</s>`` last)."""
        ids = list(self.tokenizer(text, add_special_tokens=True)["input_ids"])
        return [self._target_id, *ids] if self._target_id is not None else ids

    def _bound(self, input_len: int, options: DecodingOptions) -> int:
        return output_bound(options, input_len, self._max_positions)

    def _decode(self, inputs: list[list[int]], options: DecodingOptions) -> list[Output]:
        """Run the model over token-id lists; length-sorted batches, order restored.

        Each output carries its confidence (``l10n.mt``). Where ``options.plain_scores`` it comes
        from the decode itself (``l10n.mt.marian_steps.StepLog``: the log-probabilities of the
        decoded pieces, the end of sentence when the model produced it); otherwise (a retry's
        repetition penalty or n-gram ban change the scores) one teacher-forced pass over the same
        pieces follows (``_mean_log_probs``): no detokenizing and re-encoding.
        """
        bounds = [self._bound(len(tokens), options) for tokens in inputs]
        decoded: list[tuple[list[int], bool, float | None]] = [([], False, None)] * len(inputs)
        for batch in length_sorted_batches([len(tokens) for tokens in inputs], options.batch_size):
            found = self._generate([inputs[i] for i in batch], [bounds[i] for i in batch], options)
            for i, one in zip(batch, found, strict=True):
                decoded[i] = one
            self._decoded(len(batch))  # progress (PieceEngine.on_decoded)
        means = [mean for _, _, mean in decoded]
        if not self._plain(options):
            eos = self.model.config.eos_token_id
            pairs = [(src, ids + [eos] * ended) for src, (ids, ended, _) in zip(inputs, decoded, strict=True)]
            means = list(self._mean_log_probs(pairs))
        texts = self.tokenizer.batch_decode([ids for ids, _, _ in decoded], skip_special_tokens=True)
        return [
            Output(text.strip(), len(ids) >= bound, None if mean is None else math.exp(mean))
            for text, (ids, _, _), bound, mean in zip(texts, decoded, bounds, means, strict=True)
        ]

    def _plain(self, options: DecodingOptions) -> bool:
        """True when a decode with ``options`` sees the model's own log-probabilities (``StepLog``)."""
        return options.plain_scores and self._exact

    def _generate(
        self, inputs: list[list[int]], bounds: list[int], options: DecodingOptions
    ) -> list[tuple[list[int], bool, float | None]]:
        """One ``generate`` call over one batch: per row, its ids, whether it ended, its mean log-prob.

        The mean is None unless the decode is plain (``_plain``; ``StepLog.outputs``).
        """
        import torch
        from transformers import LogitsProcessorList

        input_ids, mask = self._padded(inputs)
        eos = self.model.config.eos_token_id
        steps = StepLog(bounds, options.beam_size, eos, self._banned, log=self._plain(options))
        try:
            with torch.inference_mode():
                out = self.model.generate(
                    input_ids=input_ids.to(self.device),
                    attention_mask=mask.to(self.device),
                    num_beams=options.beam_size,
                    max_new_tokens=max(bounds) + 1,
                    no_repeat_ngram_size=options.no_repeat_ngram_size,
                    repetition_penalty=options.repetition_penalty,
                    logits_processor=LogitsProcessorList([steps]),
                    return_dict_in_generate=True,
                )
        except (RuntimeError, ValueError, IndexError) as exc:
            raise ModelError(f"{self.model_id}: generation failed: {exc}".splitlines()[0]) from exc
        return steps.outputs(out.sequences, getattr(out, "beam_indices", None))

    def _padded(self, inputs: list[list[int]]) -> tuple[Any, Any]:
        """Token-id lists as one right-padded batch: ``(input_ids, attention_mask)``, rows x longest."""
        import torch

        width = max(len(tokens) for tokens in inputs)
        input_ids = torch.full((len(inputs), width), self.tokenizer.pad_token_id, dtype=torch.long)
        mask = torch.zeros((len(inputs), width), dtype=torch.long)
        for row, tokens in enumerate(inputs):
            input_ids[row, : len(tokens)] = torch.tensor(tokens, dtype=torch.long)
            mask[row, : len(tokens)] = 1
        return input_ids, mask

    # ---- scoring -------------------------------------------------------------------------

    def _encode_target(self, text: str) -> list[int]:
        """Token ids of an output as a reference: target sentencepiece pieces and ``</s>``."""
        ids = list(self.tokenizer(text_target=text, add_special_tokens=True)["input_ids"])
        return ids[: self._max_positions]

    def _mean_log_probs(self, pairs: list[tuple[list[int], list[int]]]) -> list[float]:
        """Teacher-forced mean log-probability of each reference, in length-sorted batches.

        The decoder input is the reference shifted right behind ``decoder_start_token_id``
        (what ``MarianMTModel`` does with ``labels``); ``log_softmax`` of the logits is read at
        each reference token (``token_log_probs``: a few hundred positions' logits at a time)
        and averaged over the reference's length (``</s>`` included when the reference has it);
        ``score`` (``PieceEngine``) takes exp of it.
        """
        import torch

        start = self.model.config.decoder_start_token_id
        means = [0.0] * len(pairs)
        for batch in length_sorted_batches([len(src) for src, _ in pairs], self.options.batch_size):
            input_ids, mask = self._padded([pairs[i][0] for i in batch])
            labels, target_mask = self._padded([pairs[i][1] for i in batch])
            decoder_ids = torch.cat([torch.full((len(batch), 1), start, dtype=torch.long), labels[:, :-1]], 1)
            try:
                with torch.inference_mode():
                    hidden = self.model.model(
                        input_ids=input_ids.to(self.device),
                        attention_mask=mask.to(self.device),
                        decoder_input_ids=decoder_ids.to(self.device),
                    ).last_hidden_state
                    token_lp = token_log_probs(self.model, hidden, labels).cpu()
            except (RuntimeError, ValueError, IndexError) as exc:
                raise ModelError(f"{self.model_id}: scoring failed: {exc}".splitlines()[0]) from exc
            sums = (token_lp * target_mask).sum(dim=1) / target_mask.sum(dim=1)
            for row, i in enumerate(batch):
                means[i] = float(sums[row])
        return means


_ALTERING = ("renormalize_logits", "sequence_bias", "exponential_decay_length_penalty", "do_sample")
"""Generation-config settings under which the scores a logits processor sees are not the model's."""


def _take_step_rules(config: Any) -> tuple[list[list[int]] | None, bool]:
    """Take ``bad_words_ids`` out of a model's ``GenerationConfig``.

    ``StepLog`` applies it after logging the model's scores (``l10n.mt.marian_steps``). Returns the banned
    token sequences and whether a decode's logged log-probabilities are the model's: False when
    the config alters the scores in ways ``generate`` applies before ``StepLog`` (``_ALTERING``,
    an encoder repetition penalty), which sends every output to the teacher-forced pass.
    """
    banned = config.bad_words_ids
    config.bad_words_ids = None
    exact = not any(getattr(config, name, None) for name in _ALTERING)
    return banned, exact and getattr(config, "encoder_repetition_penalty", None) in (None, 1.0)


__all__ = ["MarianEngine", "split_to_fit"]
