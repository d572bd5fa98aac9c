"""The transformers engine's confidence from the decode itself (issue 22): one decode, one score.

Each value is checked against an independent teacher-forced forward pass over the pieces the
engine decoded (``piece_reference`` of ``test_confidence``). Two models: ``sharp`` (every output
loops to its bound, so the forced end of sentence is left out) and ``ending`` (its end-of-sentence
bias raised to 8.3, so the model ends every output itself: at once greedy (the end of sentence is
the whole output), after 5 pieces with beam 4 (a path through other beams than the first), and
the end of sentence is counted).
Tolerance 1e-5: batching and padding against one unit alone (measured below 2e-7).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from test_confidence import SOURCES, marian, marian_pieces, piece_reference, sharp_model_dir  # noqa: F401

from l10n.mt import DecodingOptions
from l10n.mt.marian import MarianEngine

PLAIN = DecodingOptions(beam_size=2, batch_size=4, threads=1, max_output_ratio=1.0)
RETRY = DecodingOptions(
    beam_size=2, batch_size=4, threads=1, max_output_ratio=1.0, no_repeat_ngram_size=3, repetition_penalty=1.3
)


@pytest.fixture(scope="module")
def ending_model_dir(sharp_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    import torch
    from transformers import MarianMTModel

    out = tmp_path_factory.mktemp("ending") / "tiny-ending"
    shutil.copytree(sharp_model_dir, out)
    model = MarianMTModel.from_pretrained(str(sharp_model_dir))
    with torch.no_grad():
        model.final_logits_bias[0, model.config.eos_token_id] = 8.3
    model.save_pretrained(str(out))
    return out


def counting_passes(engine: MarianEngine) -> list[int]:
    """Wrap the engine's teacher-forced pass; returns the number of rows of each call, as they come."""
    calls: list[int] = []
    scorer = engine._mean_log_probs

    def spy(pairs: list[Any]) -> list[float]:
        calls.append(len(pairs))
        return scorer(pairs)

    engine._mean_log_probs = spy  # type: ignore[method-assign]
    return calls


@pytest.mark.parametrize(
    ("beam", "ends", "length"), [(1, False, 0), (4, False, 0), (1, True, 0), (4, True, 5)]
)
def test_the_confidence_comes_from_the_decode(
    beam: int,
    ends: bool,
    length: int,
    sharp_model_dir: Path,  # noqa: F811
    ending_model_dir: Path,
) -> None:
    model_dir = ending_model_dir if ends else sharp_model_dir
    engine = marian(model_dir, DecodingOptions(beam_size=beam, batch_size=4, threads=1, max_output_ratio=1.0))
    passes = counting_passes(engine)
    outputs = engine.translate_outputs(SOURCES)
    assert passes == []  # no second pass: the decode gave every value
    pieces = {s: marian_pieces(engine, s) for s in SOURCES}
    reference = piece_reference(model_dir)
    expected = [reference(s, pieces[s]) for s in SOURCES]
    assert [out.confidence for out in outputs] == pytest.approx(expected, abs=1e-5)
    assert all(out.at_bound is not ends for out in outputs)
    assert all((pieces[s][-1] == "</s>") is ends for s in SOURCES)  # counted only when produced
    if ends:  # the model's own end: after `length` pieces
        assert {len(p) - 1 for p in pieces.values()} == {length}
        assert all((out.text == "") is (length == 0) for out in outputs)


def test_a_penalised_decode_is_scored_by_one_pass_over_its_pieces(sharp_model_dir: Path) -> None:  # noqa: F811
    engine = marian(sharp_model_dir, PLAIN)
    passes = counting_passes(engine)
    outputs = engine.translate_outputs(SOURCES, RETRY)
    assert passes == [len(SOURCES)]  # one teacher-forced pass over every output
    pieces = {s: marian_pieces(engine, s, RETRY) for s in SOURCES}
    reference = piece_reference(sharp_model_dir)
    assert [out.confidence for out in outputs] == pytest.approx(
        [reference(s, pieces[s]) for s in SOURCES], abs=1e-5
    )
    # the penalty changed the outputs, so the values are not the plain decode's
    assert [out.text for out in engine.translate_outputs(SOURCES)] != [out.text for out in outputs]


@pytest.fixture(scope="module")
def neighbours_model_dir(tiny_multi_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model with a random ``final_logits_bias`` (scale 1, seed 1).

    With beam 4, one of ``SOURCES`` came out otherwise in a batch with the others than alone
    while the forced end of sentence had two values: 0 for the rows at the batch's longest bound
    (transformers' ``ForcedEOSTokenLogitsProcessor``), the model's log-probability for the rows
    at a shorter bound. Every output here stops at its bound.
    """
    import torch
    from transformers import MarianMTModel

    out = tmp_path_factory.mktemp("neighbours") / "tiny-neighbours"
    shutil.copytree(tiny_multi_model_dir, out)
    model = MarianMTModel.from_pretrained(str(tiny_multi_model_dir))
    with torch.no_grad():
        model.final_logits_bias.copy_(
            torch.randn(model.final_logits_bias.shape, generator=torch.Generator().manual_seed(1))
        )
    model.save_pretrained(str(out))
    return out


@pytest.mark.parametrize("kind", ["neighbours", "ending"])
def test_outputs_and_confidences_do_not_depend_on_batch_neighbours(
    kind: str, neighbours_model_dir: Path, ending_model_dir: Path
) -> None:
    model_dir = neighbours_model_dir if kind == "neighbours" else ending_model_dir
    engine = marian(model_dir, DecodingOptions(beam_size=4, batch_size=6, threads=1, max_output_ratio=1.0))
    mixed = engine.translate_outputs(SOURCES)
    assert len({out.at_bound for out in mixed}) == 1  # every row stops at its bound, or every row ends
    for source, out in zip(SOURCES, mixed, strict=True):
        [alone] = engine.translate_outputs([source])
        assert alone == out
        assert alone.confidence == pytest.approx(out.confidence, abs=1e-6)
