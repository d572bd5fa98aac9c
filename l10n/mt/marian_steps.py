"""Inside ``model.generate`` for the MarianMT engine: one logits processor, and the confidence it logs.

``StepLog`` is the MarianMT engine's logits processor (``l10n.mt.marian``). The engine takes
``bad_words_ids`` out of the model's generation config when it loads the model and applies it
here, so in a plain decode (no repetition controls) nothing touches the model's scores before
``StepLog`` sees them except transformers' ``ForcedEOSTokenLogitsProcessor`` at the last step
(``max_length - 1``), where every running row is at its bound. At each step it:

1. logs what the confidence (``l10n.mt``) needs from the model's own distribution, before anything
   changes it: every row's end-of-sentence log-probability, and the log-probability of the token
   each row chose at the previous step, under each candidate parent beam of its unit;
2. bans the model's ``bad_words_ids`` as transformers' ``NoBadWordsLogitsProcessor`` does (the
   padding token of opus-mt models: ``-inf``);
3. forces the end of sentence on a row that has its bound of tokens: every other token ``-inf``,
   the end of sentence ``0`` (log 1), what ``ForcedEOSTokenLogitsProcessor`` gives the rows at
   the call's ``max_length``. The same for every row whatever its neighbours' bounds, so a unit's
   output does not depend on its batch: when the forced end kept the model's log-probability
   below the longest bound and got 0 at it, beam search ranked a unit's hypotheses at its bound
   otherwise alone than beside a unit with a longer bound.

After ``generate``, ``StepLog.outputs`` reads each output's pieces and the mean log-probability
of those pieces (the end of sentence counted when the model produced it before its bound).

The rule, from transformers 5.24's ``generation/utils.py``:

- greedy (``GenerationMixin._sample``): the processors get the logits of the last position as a
  float32 copy, the next token is ``argmax`` of what they return, and a finished row gets the pad
  token. The log-probabilities are ``log_softmax`` of the logits, taken here before the ban and
  the bound touch the row.
- beam search (``GenerationMixin._beam_search``): the processors get ``log_softmax`` of the logits;
  ``beam_indices[i, t]`` (returned with ``return_dict_in_generate``, no ``output_scores`` needed) is
  the flat row (unit * num_beams + beam) of step ``t`` whose continuation gave token ``t`` of output
  ``i``, and that output's prefix is the running row ``beam_indices[i, t + 1]`` at step ``t + 1``.
- neither the ban nor the bound changes the value of a token a running row can choose (a banned
  token is never chosen; the bound and the forced end change only rows at their bound, whose end
  of sentence is not counted), so a logged value is the model's log-probability, as a
  teacher-forced forward pass over the same pieces computes it.

``sequences_scores`` is not used: transformers 5.24 returns it only with ``output_scores=True``,
which keeps every step's full-vocabulary scores, and it would count the forced end of sentence.
Memory: one step's log-probabilities (rows x vocabulary; greedy: a ``log_softmax`` of the logits)
stay referenced until the next step; the log itself is a few floats per row and step.

torch is imported only inside ``StepLog``'s constructor (an engine is running), never on import.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class StepLog:
    """A logits processor for one ``model.generate`` call over one batch (``LogitsProcessorList`` item).

    Args:
        bounds: per unit of the batch, in row order, the most tokens before the end of sentence.
        beams: ``num_beams`` of the call (1: greedy).
        eos_id: the end-of-sentence token id.
        ban: token-id sequences the model must never produce (its ``bad_words_ids``), or None.
        log: False to skip the logging (a penalised decode: its scores are not the model's).
    """

    def __init__(
        self, bounds: Sequence[int], beams: int, eos_id: int, ban: list[list[int]] | None, log: bool = True
    ) -> None:
        import torch
        from transformers import NoBadWordsLogitsProcessor

        self._bounds = list(bounds)
        self._limits = torch.tensor(self._bounds, dtype=torch.long).repeat_interleave(beams)
        self._beams = beams
        self._eos_id = eos_id
        ban = [seq for seq in ban or [] if seq != [eos_id]]  # as NoBadWordsLogitsProcessor
        single = all(len(seq) == 1 for seq in ban)
        self._banned = torch.tensor([seq[0] for seq in ban], dtype=torch.long) if ban and single else None
        self._ban = NoBadWordsLogitsProcessor(ban, eos_id) if ban and not single else None
        self._log = log
        self._prev: Any = None  # the previous step's log-probabilities (rows x vocabulary)
        self._chosen: list[Any] = []  # step t + 1: (units, parent, row) log-probs of the tokens of step t
        self._ends: list[Any] = []  # step t: (rows,) end-of-sentence log-probabilities

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        """One step: log, ban, bound (module docstring); returns the processed scores (rows x vocabulary).

        Single-token bans (opus-mt's padding token) are set to ``-inf`` in place, what
        ``NoBadWordsLogitsProcessor`` computes with two full-size temporaries.
        """
        if self._log:
            self._record(input_ids, scores)
        if self._banned is not None:
            scores[:, self._banned.to(scores.device)] = float("-inf")
        elif self._ban is not None:
            scores = self._ban(input_ids, scores)
        generated = input_ids.shape[1] - 1  # minus the decoder start token
        done = self._limits.to(scores.device) <= generated
        if bool(done.any()):
            scores[done] = float("-inf")
            scores[done, self._eos_id] = 0.0
        return scores

    def _record(self, input_ids: Any, scores: Any) -> None:
        """Log step ``t``'s end-of-sentence values and step ``t - 1``'s chosen tokens (module docstring).

        Greedy: ``log_softmax`` of the logits (one fused pass, 2-3 times faster than
        ``logsumexp`` on the CPU), kept for the next step. Beam search: the scores are already
        log-probabilities; the ban and the bound later change them in place, but never at a
        token a running row chooses.
        """
        log_probs = scores.log_softmax(-1) if self._beams == 1 else scores
        if self._prev is not None:
            units = scores.shape[0] // self._beams
            tokens = input_ids[:, -1].view(units, 1, self._beams).expand(units, self._beams, self._beams)
            self._chosen.append(self._prev.reshape(units, self._beams, -1).gather(2, tokens).cpu())
        self._ends.append(log_probs[:, self._eos_id].clone().cpu())
        self._prev = log_probs

    def outputs(self, sequences: Any, beam_indices: Any = None) -> list[tuple[list[int], bool, float | None]]:
        """Each output's pieces, whether the model ended it, and their mean log-probability.

        Args:
            sequences: ``generate``'s sequences (units x (1 + steps)), decoder start token first.
            beam_indices: ``generate``'s ``beam_indices`` (units x steps), None for greedy.

        Returns:
            Per unit: the token ids before the end of sentence, True when the model produced the
            end of sentence before the unit's bound, and the mean natural-log probability of the
            ids (and of the end of sentence when True), None when not logged.
        """
        chosen = [step.tolist() for step in self._chosen]
        ends = [step.tolist() for step in self._ends]
        paths = beam_indices.tolist() if beam_indices is not None else None
        found: list[tuple[list[int], bool, float | None]] = []
        for unit, row in enumerate(sequences[:, 1:].tolist()):
            n = row.index(self._eos_id) if self._eos_id in row else len(row)
            ended = n < self._bounds[unit]
            if not self._log:
                found.append((row[:n], ended, None))
                continue
            path = paths[unit] if paths is not None else [unit * self._beams] * (n + 1)
            base = unit * self._beams
            values = [chosen[t][unit][path[t] - base][path[t + 1] - base] for t in range(n)]
            if ended:
                values.append(ends[n][path[n]])
            found.append((row[:n], ended, sum(values) / len(values) if values else None))
        return found


def token_log_probs(model: Any, hidden: Any, labels: Any, chunk: int = 256) -> Any:
    """Log-probability of each label under a MarianMT model, from its decoder's last hidden states.

    What ``MarianMTModel.forward`` computes (``lm_head(hidden) + final_logits_bias``, transformers
    5.24 ``models/marian/modeling_marian.py``), then ``log_softmax`` read at the labels, ``chunk``
    positions at a time, so at most ``chunk`` x vocabulary floats exist at once.

    Args:
        model: the ``MarianMTModel``.
        hidden: decoder output (rows x length x d_model).
        labels: token ids (rows x length).

    Returns:
        A float32 tensor (rows x length), on ``hidden``'s device.
    """
    import torch

    flat = hidden.reshape(-1, hidden.shape[-1])
    ids = labels.reshape(-1, 1).to(hidden.device)
    parts = []
    for start in range(0, flat.shape[0], chunk):
        logits = (model.lm_head(flat[start : start + chunk]) + model.final_logits_bias).float()
        parts.append(logits.gather(-1, ids[start : start + chunk])[:, 0] - logits.logsumexp(-1))
    return torch.cat(parts).view(labels.shape)


__all__ = ["StepLog", "token_log_probs"]
