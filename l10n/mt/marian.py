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
- ``score``: the confidence of outputs (``l10n.mt``), one teacher-forced forward pass per batch.

Every row of a batch gets its own bound inside one ``generate`` call (``_row_limits``), so no row
is ever decoded twice.
"""

from __future__ import annotations

import dataclasses
import json
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
        """Run the model over token-id lists; length-sorted batches, order restored."""
        import torch

        order = sorted(range(len(inputs)), key=lambda i: len(inputs[i]), reverse=True)
        results: list[Output] = [Output("")] * len(inputs)
        pad = self.tokenizer.pad_token_id
        eos = self.model.config.eos_token_id
        size = options.batch_size
        for start in range(0, len(order), size):
            batch = order[start : start + size]
            width = max(len(inputs[i]) for i in batch)
            input_ids = torch.full((len(batch), width), pad, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for row, i in enumerate(batch):
                input_ids[row, : len(inputs[i])] = torch.tensor(inputs[i], dtype=torch.long)
                mask[row, : len(inputs[i])] = 1
            bounds = [self._bound(len(inputs[i]), options) for i in batch]
            try:
                with torch.inference_mode():
                    out = self.model.generate(
                        input_ids=input_ids.to(self.device),
                        attention_mask=mask.to(self.device),
                        num_beams=options.beam_size,
                        max_new_tokens=max(bounds) + 1,
                        no_repeat_ngram_size=options.no_repeat_ngram_size,
                        repetition_penalty=options.repetition_penalty,
                        logits_processor=_row_limits(bounds, options.beam_size, eos),
                    )
            except (RuntimeError, ValueError, IndexError) as exc:
                raise ModelError(f"{self.model_id}: generation failed: {exc}".splitlines()[0]) from exc
            texts = self.tokenizer.batch_decode(out, skip_special_tokens=True)
            # generated tokens per row: the decoder start is the pad token in Marian models
            lengths = ((out != pad) & (out != eos)).sum(dim=1).tolist()
            for i, text, length, bound in zip(batch, texts, lengths, bounds, strict=True):
                results[i] = Output(text.strip(), int(length) >= bound)
            self._decoded(len(batch))  # progress (PieceEngine.on_decoded)
        return results

    # ---- scoring -------------------------------------------------------------------------

    def _encode_target(self, text: str) -> list[int]:
        """Token ids of an output as a reference: target sentencepiece pieces and ``</s>``."""
        ids = list(self.tokenizer(text_target=text, add_special_tokens=True)["input_ids"])
        return ids[: self._max_positions]

    def _mean_log_probs(self, pairs: list[tuple[list[int], list[int]]]) -> list[float]:
        """Teacher-forced mean log-probability of each reference, in length-sorted batches.

        The decoder input is the reference shifted right behind ``decoder_start_token_id``
        (what ``MarianMTModel`` does with ``labels``); ``log_softmax`` of the logits is read at
        each reference token and averaged over the reference's length (``</s>`` included);
        ``score`` (``PieceEngine``) takes exp of it.
        """
        import torch

        pad = self.tokenizer.pad_token_id
        start = self.model.config.decoder_start_token_id
        means = [0.0] * len(pairs)
        for batch in length_sorted_batches([len(src) for src, _ in pairs], self.options.batch_size):
            width = max(len(pairs[i][0]) for i in batch)
            length = max(len(pairs[i][1]) for i in batch)
            input_ids = torch.full((len(batch), width), pad, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            labels = torch.full((len(batch), length), pad, dtype=torch.long)
            target_mask = torch.zeros((len(batch), length), dtype=torch.bool)
            for row, i in enumerate(batch):
                src, ref = pairs[i]
                input_ids[row, : len(src)] = torch.tensor(src, dtype=torch.long)
                mask[row, : len(src)] = 1
                labels[row, : len(ref)] = torch.tensor(ref, dtype=torch.long)
                target_mask[row, : len(ref)] = True
            decoder_ids = torch.cat([torch.full((len(batch), 1), start, dtype=torch.long), labels[:, :-1]], 1)
            try:
                with torch.inference_mode():
                    logits = self.model(
                        input_ids=input_ids.to(self.device),
                        attention_mask=mask.to(self.device),
                        decoder_input_ids=decoder_ids.to(self.device),
                    ).logits
            except (RuntimeError, ValueError, IndexError) as exc:
                raise ModelError(f"{self.model_id}: scoring failed: {exc}".splitlines()[0]) from exc
            # log_softmax read at the reference tokens only: no second full-vocabulary tensor
            logits = logits.float()
            token_lp = logits.gather(-1, labels.to(self.device).unsqueeze(-1)).squeeze(-1)
            token_lp = (token_lp - torch.logsumexp(logits, dim=-1)).cpu()
            del logits
            sums = (token_lp * target_mask).sum(dim=1) / target_mask.sum(dim=1)
            for row, i in enumerate(batch):
                means[i] = float(sums[row])
        return means


def _row_limits(bounds: list[int], beams: int, eos_id: int) -> Any:
    """A logits processor that allows only end-of-sentence once row ``i`` has ``bounds[i]`` tokens.

    ``max_new_tokens`` is one per batch; this makes each unit's own bound independent of
    its neighbours, so batching never changes an output.
    """
    import torch
    from transformers import LogitsProcessor, LogitsProcessorList

    limits = torch.tensor(bounds, dtype=torch.long).repeat_interleave(beams)

    class _RowLimits(LogitsProcessor):
        def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
            generated = input_ids.shape[1] - 1  # minus the decoder start token
            done = limits[: scores.shape[0]].to(scores.device) <= generated
            if bool(done.any()):
                keep = scores[done, eos_id].clone()
                scores[done] = float("-inf")
                scores[done, eos_id] = keep
            return scores

    return LogitsProcessorList([_RowLimits()])


__all__ = ["MarianEngine", "split_to_fit"]
