"""Fine-tune a MarianMT model on masked pairs: a plain torch loop with early stopping.

Why a plain loop and not transformers' ``Seq2SeqTrainer``: the Trainer needs ``accelerate``
(not a dependency of l10n), writes checkpoints and logs of its own into an output folder, and
its early stopping is a callback over its own evaluation schedule; the loop below is 40 lines,
writes nothing, and its progress goes to the caller's callback (the CLI's bar).

The loop: AdamW (``learning_rate``), batches of ``batch_size`` pairs drawn from a shuffled
order (``random.Random(seed)``, one pass after another), ``torch.manual_seed(seed)`` for
dropout; every ``eval_every`` steps the mean loss on the held-out pairs is measured, the best
weights are kept, and training stops after ``patience`` evaluations without a better loss or at
``max_steps``. The model ends with the best weights, in eval mode.

Device: training and the held-out loss run where the model's engine runs, ``device`` (``"cpu"``
or ``"cuda"``, the ``[decoding] device`` setting resolved by ``l10n.mt.device.resolve_device``);
each tokenised batch is moved there.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from l10n.adapt.data import Pair
from l10n.config_sections import AdaptOptions


@dataclass(frozen=True)
class Progress:
    """One progress report: ``step`` of at most ``total``, the last batch ``loss``, ``eta`` seconds."""

    step: int
    total: int
    loss: float
    eta: float


@dataclass(frozen=True)
class Trained:
    """What training did: ``steps`` taken, held-out loss before and at best, whether it stopped early."""

    steps: int
    best_step: int
    loss_before: float
    loss_after: float
    stopped_early: bool
    seconds: float


def _inputs(tokenizer: Any, pairs: Sequence[Pair], prefix: str, device: str = "cpu") -> Any:
    """Tokenised batch with labels on ``device`` (pad positions of the labels -100: ignored by the loss)."""
    batch = tokenizer(
        [prefix + p.source for p in pairs],
        text_target=[p.target for p in pairs],
        return_tensors="pt",
        padding=True,
        truncation=True,
        max_length=256,
    )
    labels = batch["labels"]
    labels[labels == tokenizer.pad_token_id] = -100
    return batch if device == "cpu" else batch.to(device)


def held_out_loss(
    model: Any, tokenizer: Any, pairs: Sequence[Pair], prefix: str, size: int, device: str = "cpu"
) -> float:
    """Mean loss of ``model`` (on ``device``) over ``pairs`` (batches of ``size``), without gradients."""
    import torch

    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(pairs), size):
            chunk = pairs[start : start + size]
            total += float(model(**_inputs(tokenizer, chunk, prefix, device)).loss) * len(chunk)
            count += len(chunk)
    return total / max(count, 1)


def fine_tune(
    model: Any,
    tokenizer: Any,
    train: Sequence[Pair],
    held_out: Sequence[Pair],
    opts: AdaptOptions,
    *,
    prefix: str = "",
    device: str = "cpu",
    progress: Callable[[Progress], None] | None = None,
) -> Trained:
    """Fine-tune ``model`` (a ``MarianMTModel``, changed in place) on ``train`` (module docstring).

    Args:
        model, tokenizer: the base model and its ``MarianTokenizer``.
        train, held_out: the split of ``l10n.adapt.data.split``.
        opts: ``[adapt]`` settings (learning rate, steps, batch size, evaluation, seed).
        prefix: the target-language token and a space (``">>vie<< "``) the engine puts first, or "".
        device: ``"cpu"`` or ``"cuda"``, where the model already is (its engine's resolved
            device, ``MarianEngine.device``); batches are moved there.
        progress: called after every step.
    """
    import torch

    torch.manual_seed(opts.seed)
    rng = random.Random(opts.seed)
    started = time.perf_counter()
    optimizer = torch.optim.AdamW(model.parameters(), lr=opts.learning_rate)
    best = before = held_out_loss(model, tokenizer, held_out, prefix, opts.batch_size, device)
    best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    order: list[int] = []
    best_step, waited, step = 0, 0, 0
    while step < opts.max_steps and waited < opts.patience:
        if len(order) < opts.batch_size:
            order += rng.sample(range(len(train)), len(train))
        batch, order = [train[i] for i in order[: opts.batch_size]], order[opts.batch_size :]
        model.train()
        loss = model(**_inputs(tokenizer, batch, prefix, device)).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        step += 1
        if step % opts.eval_every == 0 or step == opts.max_steps:
            current = held_out_loss(model, tokenizer, held_out, prefix, opts.batch_size, device)
            if current < best:
                best, best_step, waited = current, step, 0
                best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            else:
                waited += 1
        if progress is not None:
            spent = time.perf_counter() - started
            progress(Progress(step, opts.max_steps, loss.item(), spent / step * (opts.max_steps - step)))
    model.load_state_dict(best_state)
    model.eval()
    seconds = time.perf_counter() - started
    return Trained(step, best_step, before, best, waited >= opts.patience, seconds)
