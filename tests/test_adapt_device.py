"""``l10n models adapt`` trains where ``[decoding] device`` resolves (issue 23 after issue 22).

No GPU here: torch's GPU answers are faked as in test_device.py, moving the model is a no-op, and
the step before training that would run on the GPU (translating the held-out pairs) is stubbed;
the test checks the resolved device reaches ``train.fine_tune`` and that the batches training
and evaluation feed the model are moved to it.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

import pytest
import torch
from test_adapt import make_project
from tinymodel import TINY, build_marian_model
from typer.testing import CliRunner

from l10n.adapt import data, decide, train
from l10n.cli import app
from l10n.model import Entry


class Reached(Exception):
    """Raised by the training spy: the run stops there."""


def test_adapt_trains_on_the_resolved_device(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = build_marian_model(tmp_path / "tiny", TINY)
    root = make_project(tmp_path / "p", model, max_steps=1)
    seen: list[str] = []

    def spy(*args: Any, device: str = "cpu", **kwargs: Any) -> Any:
        seen.append(device)
        raise Reached(device)

    monkeypatch.setattr(train, "fine_tune", spy)
    monkeypatch.setattr(decide, "translate_held_out", lambda engine, pairs: [])
    monkeypatch.chdir(root)
    for gpus, expected in ((0, "cpu"), (1, "cuda")):
        monkeypatch.setattr(torch.cuda, "is_available", lambda gpus=gpus: gpus > 0)
        monkeypatch.setattr(torch.cuda, "device_count", lambda gpus=gpus: gpus)
        monkeypatch.setattr(torch.nn.Module, "to", lambda self, *a, **k: self)  # stays on the CPU
        result = CliRunner().invoke(app, ["models", "adapt", "--lang", "vi"])
        assert isinstance(result.exception, Reached) and str(result.exception) == expected
    assert seen == ["cpu", "cuda"]
    assert not (root / "models").exists()


class Batch(dict[str, Any]):
    """A tokenizer's output that records where it is moved."""

    moved: ClassVar[list[str]] = []

    def to(self, device: str) -> Batch:
        self.moved.append(device)
        return self


def test_training_and_evaluation_batches_go_to_the_device() -> None:
    pad = 0

    def tokenizer(sources: list[str], text_target: list[str], **kw: Any) -> Batch:
        return Batch(input_ids=torch.ones(len(sources), 2), labels=torch.tensor([[5, pad]] * len(sources)))

    tokenizer.pad_token_id = pad  # type: ignore[attr-defined]
    fed: list[Any] = []

    class Model:
        def eval(self) -> None:
            pass

        def __call__(self, **batch: Any) -> Any:
            fed.append(batch["labels"].tolist())
            return SimpleNamespace(loss=torch.tensor(2.0))

    pairs = data.collect([Entry(s, s.upper()) for s in ("One.", "Two.", "Three.")]).pairs
    Batch.moved.clear()
    loss = train.held_out_loss(Model(), tokenizer, pairs, "", 2, "cuda")
    assert loss == 2.0 and Batch.moved == ["cuda", "cuda"]
    assert fed == [[[5, -100], [5, -100]], [[5, -100]]]  # pad labels ignored by the loss
    Batch.moved.clear()
    train.held_out_loss(Model(), tokenizer, pairs, "", 2)
    assert Batch.moved == []  # the CPU: nothing to move
