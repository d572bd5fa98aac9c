"""The CTranslate2 engine and converter, on the tiny model built in conftest (never the network)."""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from l10n.errors import ModelError, ModelUnavailableError, UsageError
from l10n.mt import DecodingOptions, Engine
from l10n.mt.ct2 import CT2_METADATA, CT2Engine, convert, converted_dir_name, is_converted
from l10n.mt.marian import MarianEngine
from l10n.mt.registry import resolve_model

SHORT = "The council will meet after the summit."
UNITS = [
    SHORT,
    "Poland troops.",
    "",
    "Both sides agreed that the talks will take place under the framework of the council, " * 8,
    "Secretary general said on monday this first high level meeting, tensions.",
    "Ties.",
]


def options(beam: int, batch: int = 8) -> DecodingOptions:
    return DecodingOptions(beam_size=beam, batch_size=batch, threads=1)


@pytest.fixture(scope="module")
def ct2_float32(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return convert(tiny_model_dir, tmp_path_factory.mktemp("ct2") / "tiny-ct2-float32", "float32")


@pytest.fixture(scope="module")
def ct2_int8(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return convert(tiny_model_dir, tmp_path_factory.mktemp("ct2") / "tiny-ct2-int8", "int8")


@pytest.fixture(scope="module")
def ct2_multi(tiny_multi_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return convert(tiny_multi_model_dir, tmp_path_factory.mktemp("ct2") / "multi-ct2-float32", "float32")


def record_calls(engine: CT2Engine) -> list[tuple[list[list[str]], int, int]]:
    """Spy on the translator: per call (the batch, the length limit asked, the longest output)."""
    calls: list[tuple[list[list[str]], int, int]] = []
    translate_batch = engine.translator.translate_batch

    class Spy:
        def translate_batch(self, batch, **kwargs):  # type: ignore[no-untyped-def]
            results = translate_batch(batch, **kwargs)
            longest = max(len(r.hypotheses[0]) for r in results)
            calls.append((list(batch), kwargs["max_decoding_length"], longest))
            return results

    engine.translator = Spy()  # type: ignore[assignment]
    return calls


def marian(model_dir: Path, tag: str, opts: DecodingOptions) -> MarianEngine:
    return MarianEngine(resolve_model(tag, str(model_dir), model_dir.parent), tag, opts)


def test_converted_folder_has_weights_tokenizer_and_metadata(ct2_float32: Path) -> None:
    assert is_converted(ct2_float32)
    for name in ("model.bin", "config.json", "source.spm", "target.spm", "vocab.json"):
        assert (ct2_float32 / name).is_file(), name
    meta = json.loads((ct2_float32 / CT2_METADATA).read_text(encoding="utf-8"))
    assert meta["model_id"] == "tiny-model"
    assert meta["revision"] == "local"
    assert meta["quantization"] == "float32"
    assert meta["max_position_embeddings"] == 512
    assert not [p for p in ct2_float32.parent.iterdir() if p.name.startswith(".")]  # no temp folder left


def test_converted_dir_name() -> None:
    assert converted_dir_name("Helsinki-NLP/opus-mt-en-vi", "int8") == "Helsinki-NLP--opus-mt-en-vi-ct2-int8"


@pytest.mark.parametrize("beam", [1, 2, 4])
def test_float32_output_equals_the_transformers_engine(
    tiny_model_dir: Path, ct2_float32: Path, beam: int
) -> None:
    # batch_size 1 on the transformers side: padding there may flip near-ties of the random
    # model's scores; CT2 batches only pieces of equal bound and is compared in one call.
    # With beams, the long unit's ~300-token outputs are left out: over that many steps of a
    # random model, float rounding that differs between the libraries can flip a near-tie.
    units = UNITS if beam == 1 else [u for u in UNITS if len(u) < 200]
    reference = marian(tiny_model_dir, "vi", options(beam, batch=1)).translate(units)
    engine = CT2Engine(ct2_float32, "vi", options(beam))
    assert isinstance(engine, Engine)
    assert (engine.name, engine.model_id, engine.revision) == ("ctranslate2", "tiny-model", "local")
    assert engine.translate(units) == reference
    assert reference[0] and reference[2] == ""


def test_multilingual_model_gets_the_target_token_and_equal_output(
    tiny_multi_model_dir: Path, ct2_multi: Path
) -> None:
    for tag, token in (("vi", ">>vie<<"), ("zh-Hans", ">>cmn_Hans<<")):
        engine = CT2Engine(ct2_multi, tag, options(2))
        assert engine.target_token == token
        assert engine.encode(SHORT)[0] == token
        assert engine.encode(SHORT)[-1] == "</s>"
        reference = marian(tiny_multi_model_dir, tag, options(2, batch=1))
        assert engine.translate(UNITS[:3]) == reference.translate(UNITS[:3])


def test_model_without_a_code_for_the_language_fails_before_translating(ct2_multi: Path) -> None:
    with pytest.raises(ModelError, match="'fr'"):
        CT2Engine(ct2_multi, "fr", options(1))


def test_int8_runs_and_returns_one_output_per_input(ct2_int8: Path) -> None:
    engine = CT2Engine(ct2_int8, "vi", options(4))
    assert engine.quantization == "int8"
    out = engine.translate(UNITS)
    assert len(out) == len(UNITS)
    assert all(out[i] for i in (0, 1, 3, 4, 5))
    assert out[2] == ""


def test_output_does_not_depend_on_batch_neighbours(ct2_float32: Path) -> None:
    engine = CT2Engine(ct2_float32, "vi", options(2, batch=4))
    alone = [engine.translate([unit])[0] for unit in UNITS]
    assert engine.translate(UNITS) == alone


def test_long_input_is_split_and_every_piece_fits(ct2_float32: Path) -> None:
    opts = DecodingOptions(beam_size=1, max_input_tokens=16, threads=1)
    engine = CT2Engine(ct2_float32, "vi", opts)
    calls = record_calls(engine)
    out = engine.translate([UNITS[3]])
    seen = [tokens for batch, _, _ in calls for tokens in batch]
    assert len(seen) > 3
    assert all(len(tokens) <= 16 for tokens in seen)
    assert len(out) == 1 and out[0]


def test_output_length_is_bounded_by_the_input_length(ct2_float32: Path) -> None:
    for ratio in (2.0, 0.5):
        opts = DecodingOptions(beam_size=1, max_output_ratio=ratio, threads=1)
        engine = CT2Engine(ct2_float32, "vi", opts)
        calls = record_calls(engine)
        engine.translate([SHORT, "Ties."])
        assert calls  # the tiny model never ends a sentence: rows are redone with their own bound
        for batch, limit, longest in calls:
            assert limit == opts.max_output_tokens(len(batch[0]))
            assert 0 < longest <= limit


def test_not_a_converted_folder_is_unavailable(tiny_model_dir: Path) -> None:
    with pytest.raises(ModelUnavailableError, match="l10n models convert --lang vi"):
        CT2Engine(tiny_model_dir, "vi")


def test_convert_rejects_bad_quantization_and_incomplete_source(tmp_path: Path, tiny_model_dir: Path) -> None:
    with pytest.raises(UsageError, match="quantization"):
        convert(tiny_model_dir, tmp_path / "out", "int3")
    with pytest.raises(ModelUnavailableError, match="missing"):
        convert(tmp_path, tmp_path / "out", "int8")
    assert not (tmp_path / "out").exists()


def test_reconversion_replaces_the_folder_atomically(tiny_model_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "m-ct2"
    convert(tiny_model_dir, out, "int8")
    (out / "stale.txt").write_text("old")
    convert(tiny_model_dir, out, "float32")
    assert not (out / "stale.txt").exists()
    assert json.loads((out / CT2_METADATA).read_text())["quantization"] == "float32"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m-ct2"]


def test_importing_the_module_imports_neither_ctranslate2_nor_torch() -> None:
    code = (
        "import sys, l10n.mt.ct2, l10n.mt.factory, l10n.translate.tm; "
        "print('ctranslate2' in sys.modules, 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def _ngrams(tokens: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def test_every_row_is_decoded_once_with_its_own_bound(ct2_float32: Path) -> None:
    opts = options(2, batch=4)
    engine = CT2Engine(ct2_float32, "vi", opts)
    calls = record_calls(engine)
    units = [u for u in UNITS if u and len(u) < 200] * 3
    outputs = engine.translate_outputs(units)
    rows = [tokens for batch, _, _ in calls for tokens in batch]
    assert len(rows) == len(units)  # each row decoded once, never again alone
    for batch, limit, _ in calls:  # one call per bound: every row of a call has that bound
        assert {opts.max_output_tokens(len(tokens)) for tokens in batch} == {limit}
    # the random tiny model never ends a sentence: every output stops at its bound, and says so
    assert all(out.at_bound for out in outputs)
    assert [out.text for out in outputs] == engine.translate(units)


def test_repetition_controls_reach_ctranslate2_and_equal_the_transformers_engine(
    tiny_model_dir: Path, ct2_float32: Path
) -> None:
    plain = DecodingOptions(beam_size=1, batch_size=8, threads=1)
    engine = CT2Engine(ct2_float32, "vi", plain)
    free = _ngrams(engine._call([engine.encode(SHORT)], 40, plain)[0][0], 3)
    assert len(free) != len(set(free))  # the tiny model repeats itself when let be
    banned = dataclasses.replace(plain, no_repeat_ngram_size=3, repetition_penalty=1.2)
    tokens = engine._call([engine.encode(SHORT)], 40, banned)[0][0]
    grams = _ngrams(tokens, 3)
    assert len(grams) == len(set(grams))  # no 3-gram twice
    retry = DecodingOptions(beam_size=2, threads=1).for_retry()
    reference = marian(tiny_model_dir, "vi", dataclasses.replace(retry, batch_size=1))
    units = [SHORT, "Poland troops.", "Ties."]
    assert engine.translate_outputs(units, retry) == reference.translate_outputs(units)


def test_nonsense_repetition_options_are_refused(ct2_float32: Path) -> None:
    engine = CT2Engine(ct2_float32, "vi", options(1))
    with pytest.raises(UsageError, match="no_repeat_ngram_size"):
        engine.translate_outputs([SHORT], DecodingOptions(no_repeat_ngram_size=2))
    with pytest.raises(UsageError, match="repetition_penalty"):
        engine.translate_outputs([SHORT], DecodingOptions(repetition_penalty=0.0))


class ScoreSpy:
    """The translator, with a record of the targets every ``score_batch`` call was given."""

    def __init__(self, translator: Any) -> None:
        self.translator, self.scored = translator, []  # type: list[list[list[str]]]
        self.translate_batch = translator.translate_batch

    def score_batch(self, source: Any, target: Any, **kwargs: Any) -> Any:
        self.scored.append([list(t) for t in target])
        return self.translator.score_batch(source, target, **kwargs)


def test_one_decode_one_score(ct2_float32: Path) -> None:
    """Plain decoding carries its confidence; penalised decoding one scoring pass over its pieces."""
    from l10n.translate.executor import Batch
    from l10n.translate.executor.local import run_batch

    engine = CT2Engine(ct2_float32, "vi", options(2))
    real = engine.translator
    spy = ScoreSpy(real)
    engine.translator = spy  # type: ignore[assignment]
    units = [SHORT, "Poland troops.", " "]
    plain = engine.translate_outputs(units)
    assert [out.confidence is None for out in plain] == [False, False, True]
    assert all(0.0 < out.confidence <= 1.0 for out in plain[:2])  # type: ignore[operator]
    assert spy.scored == []  # one decode, no scoring pass
    again = dataclasses.replace(engine.options.for_retry(), max_output_ratio=0.5)
    retry = engine.translate_outputs(units, again)
    [targets] = spy.scored  # one scoring pass, over the decoded pieces
    inputs = [engine.encode(u) for u in units[:2]]
    found = real.translate_batch(
        inputs,
        beam_size=again.beam_size,
        max_decoding_length=again.max_output_tokens(len(inputs[0])),
        no_repeat_ngram_size=again.no_repeat_ngram_size,
        repetition_penalty=again.repetition_penalty,
    )
    assert targets[0] == list(found[0].hypotheses[0])
    # every tiny-model output stops at its bound: no end token produced, so its log-prob is left out
    log_probs = real.score_batch(inputs, targets)
    expected = [math.exp(sum(r.log_probs[:-1]) / (len(r.log_probs) - 1)) for r in log_probs]
    assert [out.confidence for out in retry[:2]] == pytest.approx(expected, abs=1e-6)
    engine.score = lambda *_a: pytest.fail("no separate Engine.score call")  # type: ignore[method-assign]
    first = run_batch(engine, Batch(tuple(units)))
    assert (
        first.scores[:2] == pytest.approx([out.confidence for out in plain[:2]]) and first.scores[2] is None
    )
    second = run_batch(engine, Batch(tuple(units), again))
    assert second.scores[:2] == pytest.approx(expected, abs=1e-6)


def test_token_budget_batches_bound_the_padded_tokens() -> None:
    from l10n.mt.common import token_budget_batches

    lengths = [5, 40, 12, 12, 3, 30, 200]
    batches = token_budget_batches(lengths, 40)
    assert batches == [[6], [1], [5], [2, 3, 0], [4]]  # longest first; 200 alone; 3 x 12 <= 40 < 4 x 12
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    assert token_budget_batches([], 40) == []
    assert token_budget_batches([9, 9, 9, 9], 18, ties=[1, 7, 3, 8]) == [[3, 1], [2, 0]]  # alike sources


def test_scoring_calls_stay_within_the_target_token_budget(
    ct2_float32: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each ``score_batch`` call holds at most SCORE_BATCH_TOKENS padded target tokens (or one
    row), counted on the target (pieces and end token); the values do not depend on the batching."""
    import l10n.mt.ct2

    engine = CT2Engine(ct2_float32, "vi", options(1))
    sources = [SHORT, "Poland troops.", UNITS[4], "Ties."]
    outputs = ["Hội đồng sẽ họp sau hội nghị.", "Quân Ba Lan.", "Tổng thư ký nói hôm thứ hai.", "Quan hệ."]
    whole = engine.score(sources, outputs)  # the default budget: one call for these short targets
    spy = ScoreSpy(engine.translator)
    engine.translator = spy  # type: ignore[assignment]
    monkeypatch.setattr(l10n.mt.ct2, "SCORE_BATCH_TOKENS", 12)
    assert engine.score(sources, outputs) == pytest.approx(whole, abs=1e-6)
    assert len(spy.scored) > 1
    for targets in spy.scored:
        assert len(targets) == 1 or len(targets) * (max(map(len, targets)) + 1) <= 12


def test_translate_unscored_leaves_penalised_outputs_for_a_later_pass_of_equal_value(
    ct2_float32: Path,
) -> None:
    """``translate_unscored`` makes no scoring call; ``score_unscored`` then gives each output the
    confidence the in-decode pass gives (a split unit: the minimum over its pieces), only for the
    outputs it is handed, over their decoded pieces."""
    engine = CT2Engine(ct2_float32, "vi", dataclasses.replace(options(2), max_input_tokens=24))
    spy = ScoreSpy(engine.translator)
    engine.translator = spy  # type: ignore[assignment]
    again = dataclasses.replace(engine.options.for_retry(), max_output_ratio=0.5)
    units = [SHORT, " ", UNITS[3][:300], "Poland troops."]  # the third is split into pieces
    eager = engine.translate_outputs(units, again)
    in_decode = list(spy.scored)
    late = engine.translate_unscored(units, again)
    assert spy.scored == in_decode  # no scoring in the decode
    assert late == eager and [out.confidence for out in late] == [None] * 4
    assert [out.unscored is None for out in late] == [False, True, False, False]
    assert len(late[2].unscored.pieces) > 1  # type: ignore[union-attr]
    assert engine.score_unscored(late) == [out.confidence for out in eager]  # the same batches: equal
    assert spy.scored == in_decode * 2
    del spy.scored[:]
    assert engine.score_unscored([late[3], late[1]]) == [pytest.approx(eager[3].confidence, abs=1e-6), None]
    assert spy.scored == [[list(late[3].unscored.pieces[0][1])]]  # type: ignore[union-attr]
    assert engine.score_unscored([late[1]]) == [None] and len(spy.scored) == 1  # nothing to score
    plain = engine.translate_unscored(units)  # the decode gives the confidence: nothing left
    assert all(out.unscored is None for out in plain) and plain[0].confidence is not None


class Eager:
    """An executor over ``inner`` that cannot score later: every retry output is scored in its decode."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.retry, self.ahead = inner, inner.retry, 0
        self.name, self.model_id, self.revision = inner.name, inner.model_id, inner.revision

    def run_batches(self, batches: Any, *, first: bool = False) -> Any:
        return self.inner.run_batches(batches, first=first)

    def close(self) -> list[Any]:
        return []


def test_fill_scores_only_the_retry_outputs_it_keeps(ct2_float32: Path) -> None:
    """Every tiny-model output stops at its bound (a loop fault), so every unit is retried; a check
    that fails two units' first outputs makes their retries the ones kept. Only those two are
    scored, once, announced to the step sink; the catalog is byte-identical to the one written
    with every retry output scored in its decode."""
    from l10n.catalog import pofile
    from l10n.model import Issue
    from l10n.translate.executor.local import LocalExecutor
    from l10n.translate.fill import translate_catalog

    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n\n'
    msgids = [SHORT, "Poland troops.", UNITS[4], "Ties."]
    engine = CT2Engine(ct2_float32, "vi", dataclasses.replace(options(2), max_output_ratio=0.5))
    first = {out.text for out in engine.translate_outputs(msgids)}

    def check(source: str, target: str, *, lang: str, glossary: Any = None) -> list[Issue]:
        failed = source in msgids[:2] and target in first
        return [Issue("x.po", 1, "error", "test", "first output")] if failed else []

    def fill(make: Any, steps: list[str] | None = None) -> bytes:
        body = "".join(f'msgid "{m}"\nmsgstr ""\n\n' for m in msgids)
        catalog = pofile.parse(header + body, "locales/vi/LC_MESSAGES/x.po")
        translate_catalog(catalog, make, lang="vi", check=check, step=steps.append if steps else None)
        return pofile.render(catalog).encode("utf-8")

    spy = ScoreSpy(engine.translator)
    engine.translator = spy  # type: ignore[assignment]
    steps = ["start"]
    late = fill(lambda: engine, steps)
    kept = engine.translate_unscored(msgids[:2], engine.options.for_retry())
    assert spy.scored == [[list(out.unscored.pieces[0][1]) for out in kept]]  # type: ignore[union-attr]
    assert "vi: retrying 4 units, scoring 2" in steps
    assert late.count(b" retry:loop") == 2 and late.count(b"conf:0.") == 4  # tiny model: conf:0.00
    spy.scored.clear()
    assert fill(lambda: Eager(LocalExecutor(engine))) == late
    assert sum(len(targets) for targets in spy.scored) == 4  # every retry output, in the decode
