"""The MarianMT engine, registry and hub, on the tiny model built in conftest (never the network)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from l10n.errors import ModelError, ModelUnavailableError, UsageError
from l10n.mt import DecodingOptions, Engine, Output
from l10n.mt.common import checked_options
from l10n.mt.hub import is_present, plan_pull
from l10n.mt.marian import MarianEngine, split_to_fit
from l10n.mt.registry import (
    METADATA_FILE,
    ModelRef,
    default_model_id,
    resolve_model,
    target_token_candidates,
)

# One torch thread: tiny matrices gain nothing from more, and on a busy CI machine
# thread synchronisation makes generation many times slower.
FAST = DecodingOptions(beam_size=2, batch_size=8, threads=1)
SHORT = "The council will meet after the summit."
LONG_SENTENCE = "Both sides agreed that the talks will take place under the framework of the council, " * 6


def engine_for(model_dir: Path, tag: str = "vi", options: DecodingOptions = FAST) -> MarianEngine:
    return MarianEngine(resolve_model(tag, str(model_dir), model_dir.parent), tag, options)


class GenerateSpy:
    """Wraps ``model.generate`` and records its inputs and output sequences."""

    def __init__(self, engine: MarianEngine) -> None:
        self.inputs: list[Any] = []
        self.outputs: list[Any] = []
        self._generate = engine.model.generate
        engine.model.generate = self  # type: ignore[method-assign]

    def __call__(self, **kwargs: Any) -> Any:
        self.inputs.append(kwargs["input_ids"].clone())
        out = self._generate(**kwargs)
        self.outputs.append(out.sequences)  # the engine asks for return_dict_in_generate
        return out


# ---- registry and hub -------------------------------------------------------------------------


def test_default_models_for_the_demo_languages() -> None:
    assert default_model_id("vi") == "Helsinki-NLP/opus-mt-en-vi"
    assert default_model_id("fr") == "Helsinki-NLP/opus-mt-en-fr"
    assert default_model_id("de") == "Helsinki-NLP/opus-mt-en-de"
    assert default_model_id("es") == "Helsinki-NLP/opus-mt-en-es"
    assert default_model_id("ru") == "Helsinki-NLP/opus-mt-en-ru"
    assert default_model_id("zh-Hans") == "Helsinki-NLP/opus-mt-en-zh"
    assert default_model_id("ja") == "Helsinki-NLP/opus-tatoeba-en-ja"
    assert default_model_id("pt-BR") == "Helsinki-NLP/opus-mt-en-pt"


def test_target_token_candidates() -> None:
    assert target_token_candidates("vi")[0] == ">>vie<<"
    assert target_token_candidates("zh-Hans")[:2] == (">>cmn_Hans<<", ">>zho_Hans<<")
    assert target_token_candidates("ja")[0] == ">>jpn<<"


def test_missing_hub_model_offline_names_the_model_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError) as info:
        resolve_model("vi", None, tmp_path / "models")
    message = str(info.value)
    assert "Helsinki-NLP/opus-mt-en-vi" in message
    assert "l10n models pull --lang vi" in message
    assert "--model" in message
    assert "\n" not in message


def test_missing_override_hub_id_is_named(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError, match="someorg/some-model"):
        resolve_model("vi", "someorg/some-model", tmp_path)


def test_missing_local_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailableError, match="does not exist"):
        resolve_model("vi", str(tmp_path / "no" / "such" / "dir"), tmp_path)


def test_resolve_finds_pulled_model_and_its_revision(tmp_path: Path) -> None:
    folder = tmp_path / "Helsinki-NLP--opus-mt-en-vi"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    meta = {"model_id": "Helsinki-NLP/opus-mt-en-vi", "revision": "abc123", "files": []}
    (folder / METADATA_FILE).write_text(json.dumps(meta))
    ref = resolve_model("vi", None, tmp_path)
    assert ref == ModelRef("Helsinki-NLP/opus-mt-en-vi", folder, "abc123", True)
    assert not is_present(ref)  # no weights, no tokenizer files


def test_resolve_without_must_exist_names_the_download_folder(tmp_path: Path) -> None:
    ref = resolve_model("zh-Hans", None, tmp_path, must_exist=False)
    assert ref.path == tmp_path / "Helsinki-NLP--opus-mt-en-zh"
    assert ref.model_id == "Helsinki-NLP/opus-mt-en-zh"


def test_local_directory_override(tiny_model_dir: Path) -> None:
    ref = resolve_model("vi", str(tiny_model_dir), Path("unused"))
    assert ref.path == tiny_model_dir
    assert (ref.model_id, ref.revision, ref.hub) == ("tiny-model", "local", False)
    assert is_present(ref)


def test_pull_offline_is_model_unavailable() -> None:
    from huggingface_hub import constants

    assert constants.HF_HUB_OFFLINE  # set by conftest before huggingface_hub is imported: no request leaves
    model_id = "Helsinki-NLP/opus-mt-en-vi"
    with pytest.raises(ModelUnavailableError, match=model_id):
        plan_pull(model_id)


def test_non_marian_directory_is_a_model_error(tmp_path: Path, tiny_model_dir: Path) -> None:
    folder = tmp_path / "bert"
    folder.mkdir()
    for name in ("source.spm", "target.spm", "vocab.json", "model.safetensors"):
        (folder / name).write_bytes((tiny_model_dir / name).read_bytes())
    (folder / "config.json").write_text(json.dumps({"model_type": "bert"}))
    with pytest.raises(ModelError, match="not MarianMT"):
        engine_for(folder)


def test_importing_the_engine_module_does_not_import_torch() -> None:
    code = (
        "import sys, l10n.mt.marian, l10n.translate.fill; "
        "print('torch' in sys.modules, 'transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


# ---- splitting ----------------------------------------------------------------------------------


def test_split_to_fit_prefers_sentence_then_clause_boundaries() -> None:
    def words(text: str) -> int:
        return len(text.split())

    text = "One two three. Four five six seven, eight nine ten. Eleven."
    pieces = split_to_fit(text, words, 5)
    assert pieces == ["One two three.", "Four five six seven,", "eight nine ten.", "Eleven."]
    assert all(words(p) <= 5 for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_split_to_fit_cuts_a_single_overlong_word() -> None:
    pieces = split_to_fit("abcdefghij", len, 3)
    assert "".join(pieces) == "abcdefghij"
    assert all(len(p) <= 3 for p in pieces)


# ---- the engine on the tiny model ---------------------------------------------------------------


def test_engine_translates_in_order_and_keeps_blank_inputs_blank(tiny_model_dir: Path) -> None:
    engine = engine_for(tiny_model_dir)
    assert isinstance(engine, Engine)
    assert (engine.name, engine.model_id, engine.revision) == ("marian", "tiny-model", "local")
    assert engine.target_token is None
    out = engine.translate([SHORT, "", "  ", "Poland troops."])
    assert len(out) == 4
    assert out[0] and out[3]
    assert out[1] == "" and out[2] == ""


def test_output_does_not_depend_on_batch_neighbours(tiny_model_dir: Path) -> None:
    engine = engine_for(tiny_model_dir, options=DecodingOptions(beam_size=2, batch_size=4, threads=1))
    alone = engine.translate([SHORT])[0]
    mixed = engine.translate([LONG_SENTENCE, SHORT, LONG_SENTENCE + " Moscow.", "Ties.", SHORT])
    assert mixed[1] == alone
    assert mixed[4] == alone
    assert engine.translate(["Ties."])[0] == mixed[3]


def test_input_longer_than_the_limit_is_split_and_every_piece_translated(tiny_model_dir: Path) -> None:
    engine = engine_for(tiny_model_dir, options=DecodingOptions(beam_size=1, batch_size=16, threads=1))
    spy = GenerateSpy(engine)
    letters = "abcdeghilmnoprstu"  # all in the tiny vocabulary, so decoding gives the text back
    text = " ".join(
        f"The council will meet in Warsaw {letters[i % 17]}{letters[i // 17]}." for i in range(120)
    )
    assert len(engine.tokenizer(text)["input_ids"]) > 1000
    out = engine.translate([text])
    rows = [row for batch in spy.inputs for row in batch.tolist()]
    assert len(rows) >= 3
    pad = engine.tokenizer.pad_token_id
    lengths = [sum(1 for t in row if t != pad) for row in rows]
    assert max(lengths) <= 512
    seen = [engine.tokenizer.decode(row, skip_special_tokens=True, use_source_tokenizer=True) for row in rows]
    assert all(piece in text for piece in seen)
    seen.sort(key=text.index)  # batches are sorted by length; put the pieces back in text order
    assert " ".join(seen).split() == text.split()  # every word reached the model
    assert len(out) == 1 and out[0]


def test_output_length_is_bounded_by_the_input_length(tiny_model_dir: Path) -> None:
    for ratio in (2.0, 0.5):
        options = DecodingOptions(beam_size=1, max_output_ratio=ratio, threads=1)
        engine = engine_for(tiny_model_dir, options=options)
        spy = GenerateSpy(engine)
        engine.translate([SHORT])
        n_in = int((spy.inputs[0][0] != engine.tokenizer.pad_token_id).sum())
        generated = spy.outputs[0].shape[1] - 1  # minus the decoder start token
        assert generated <= options.max_output_tokens(n_in) + 1  # + end of sentence
        if ratio == 0.5:
            assert generated <= n_in // 2 + 11


def test_target_token_is_the_first_input_token(tiny_multi_model_dir: Path) -> None:
    for tag, token in (("vi", ">>vie<<"), ("zh-Hans", ">>cmn_Hans<<")):
        engine = engine_for(tiny_multi_model_dir, tag)
        assert engine.target_token == token
        spy = GenerateSpy(engine)
        engine.translate([SHORT, LONG_SENTENCE])
        token_id = engine.tokenizer.convert_tokens_to_ids(token)
        assert spy.inputs[0][:, 0].tolist() == [token_id, token_id]


def test_model_without_a_code_for_the_language_fails_before_translating(tiny_multi_model_dir: Path) -> None:
    with pytest.raises(ModelError) as info:
        engine_for(tiny_multi_model_dir, "fr")
    assert "'fr'" in str(info.value)
    assert ">>vie<<" in str(info.value)


def test_incomplete_model_directory_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "marian"}))
    with pytest.raises(ModelUnavailableError, match="not a complete MarianMT model folder"):
        MarianEngine(ModelRef("x/y", tmp_path, "local", False), "vi", FAST)


def test_engine_keeps_the_decoding_options_it_is_given(tiny_model_dir: Path) -> None:
    ref = resolve_model("vi", str(tiny_model_dir), tiny_model_dir.parent)
    engine = MarianEngine(ref, "vi", DecodingOptions(beam_size=1, threads=1))
    assert engine.options == DecodingOptions(beam_size=1, threads=1, device="cpu")  # "auto" resolved here
    assert engine.options.max_output_tokens(10) == 30
    assert engine.translate(["Ties."])[0]


def test_damaged_weights_are_a_model_error(tmp_path: Path, tiny_model_dir: Path) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(tiny_model_dir, broken)
    weights = broken / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:1000])
    with pytest.raises(ModelError, match="damaged files"):  # loading happens when the engine is made
        MarianEngine(resolve_model("vi", str(broken), tmp_path), "vi", DecodingOptions(threads=1))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (DecodingOptions(beam_size=0), "beam_size and batch_size must be at least 1"),
        (DecodingOptions(batch_size=0), "beam_size and batch_size must be at least 1"),
        (DecodingOptions(max_input_tokens=7), "max_input_tokens must be at least 8"),
        (DecodingOptions(max_output_ratio=0.0), "max_output_ratio must be positive"),
    ],
)
def test_nonsensical_decoding_options_are_a_usage_error(options: DecodingOptions, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        checked_options(options)
    assert checked_options(None) == DecodingOptions()
    assert checked_options(DecodingOptions(max_input_tokens=8)).max_input_tokens == 8


def test_repetition_controls_reach_generate_and_bounded_rows_are_reported(tiny_model_dir: Path) -> None:
    engine = engine_for(tiny_model_dir, options=DecodingOptions(beam_size=1, threads=1))
    spy = GenerateSpy(engine)
    calls: list[dict[str, Any]] = []
    generate = spy._generate

    def recording(**kwargs: Any) -> Any:
        calls.append(kwargs)
        return generate(**kwargs)

    spy._generate = recording
    free = engine.translate_outputs([SHORT])[0]
    banned_options = DecodingOptions(beam_size=1, threads=1, no_repeat_ngram_size=3, repetition_penalty=1.3)
    banned = engine.translate_outputs([SHORT], banned_options)[0]
    assert (calls[0]["no_repeat_ngram_size"], calls[0]["repetition_penalty"]) == (0, 1.0)
    assert (calls[1]["no_repeat_ngram_size"], calls[1]["repetition_penalty"]) == (3, 1.3)
    ids = spy.outputs[1][0].tolist()
    grams = [tuple(ids[i : i + 3]) for i in range(len(ids) - 2)]
    assert len(grams) == len(set(grams))  # the ban held
    assert free.text != banned.text
    # the random model never ends a sentence: both stopped at their bound, and say so
    n_in = int((spy.inputs[0][0] != engine.tokenizer.pad_token_id).sum())
    generated = spy.outputs[0].shape[1] - 2  # minus the decoder start and the forced end
    assert generated == engine.options.max_output_tokens(n_in) and free.at_bound and banned.at_bound
    assert engine.translate_outputs(["", "  "]) == [Output(""), Output("")]
