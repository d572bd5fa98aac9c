"""Engine choice (auto | transformers | ctranslate2) and model conversion, on the tiny model."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from l10n.config import Config, ModelSpec
from l10n.errors import ModelUnavailableError, UsageError
from l10n.mt import DecodingOptions
from l10n.mt.ct2 import CT2_METADATA
from l10n.mt.factory import convert_model, describe, find_converted, locate, make_engine

FAST = DecodingOptions(beam_size=1, threads=1)


def config(root: Path, model_dir: Path, engine: str = "auto") -> Config:
    return Config(
        root=root,
        models_dir=root / "models",
        engine=engine,
        models={"vi": ModelSpec(str(model_dir))},
        decoding=FAST,
    )


@pytest.fixture(scope="module")
def converted(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Config:
    """A project whose vi model (the tiny one) has an int8 conversion in models/."""
    cfg = config(tmp_path_factory.mktemp("project"), tiny_model_dir)
    convert_model(cfg, "vi", "int8")
    return cfg


def _converted_folder(cfg: Config) -> Path:
    (folder,) = cfg.models_dir.glob("tiny-model-*-ct2-int8")
    return folder


def test_convert_model_writes_the_documented_folder(converted: Config) -> None:
    folder = _converted_folder(converted)
    # a local folder's copy is named after it plus 8 hex of its path: two "model" folders never collide
    assert re.fullmatch(r"tiny-model-[0-9a-f]{8}-ct2-int8", folder.name)
    assert find_converted(converted, "vi") == folder
    assert json.loads((folder / CT2_METADATA).read_text())["quantization"] == "int8"
    assert describe(converted, "vi").converted == folder


def test_auto_takes_the_converted_model(converted: Config) -> None:
    engine = make_engine(converted, "vi")
    assert engine.name == "ctranslate2"
    assert engine.model_id == "tiny-model"
    assert engine.translate(["Poland troops."])[0]


def test_transformers_choice_and_flag_override_config(converted: Config) -> None:
    assert make_engine(converted, "vi", engine="transformers").name == "marian"
    cfg = config(converted.root, Path(str(converted.models["vi"].id)), engine="transformers")
    assert make_engine(cfg, "vi").name == "marian"
    assert make_engine(cfg, "vi", engine="ctranslate2").name == "ctranslate2"


def test_auto_without_conversion_is_transformers(tmp_path: Path, tiny_model_dir: Path) -> None:
    cfg = config(tmp_path, tiny_model_dir)
    assert find_converted(cfg, "vi") is None
    assert make_engine(cfg, "vi").name == "marian"


def test_ctranslate2_without_conversion_names_the_command(tmp_path: Path, tiny_model_dir: Path) -> None:
    cfg = config(tmp_path, tiny_model_dir, engine="ctranslate2")
    with pytest.raises(ModelUnavailableError, match="l10n models convert --lang vi"):
        make_engine(cfg, "vi")


def test_model_flag_may_name_a_converted_folder(converted: Config, tmp_path: Path) -> None:
    folder = _converted_folder(converted)
    cfg = Config(root=tmp_path, models_dir=tmp_path / "models", decoding=FAST)
    engine = make_engine(cfg, "vi", model=str(folder))
    assert engine.name == "ctranslate2"


def test_stale_conversion_is_skipped_by_auto(tmp_path: Path, tiny_model_dir: Path) -> None:
    cfg = config(tmp_path, tiny_model_dir)
    folder = convert_model(cfg, "vi", "int8")
    meta = json.loads((folder / CT2_METADATA).read_text())
    meta["revision"] = "an-older-revision"
    (folder / CT2_METADATA).write_text(json.dumps(meta))
    assert find_converted(cfg, "vi") is None
    assert make_engine(cfg, "vi").name == "marian"


def test_bad_choices_are_usage_errors(tmp_path: Path, tiny_model_dir: Path) -> None:
    cfg = config(tmp_path, tiny_model_dir)
    with pytest.raises(UsageError, match="engine"):
        make_engine(cfg, "vi", engine="fastest")
    with pytest.raises(UsageError, match="quantization"):
        convert_model(cfg, "vi", "int4")


def test_two_local_models_with_one_name_get_their_own_converted_copies(
    tmp_path: Path, tiny_model_dir: Path, tiny_multi_model_dir: Path
) -> None:
    one = tmp_path / "a" / "model"
    two = tmp_path / "b" / "model"
    shutil.copytree(tiny_model_dir, one)
    shutil.copytree(tiny_multi_model_dir, two)
    cfg = config(tmp_path / "project", one)
    first = convert_model(cfg, "vi", "int8", model=str(one))
    second = convert_model(cfg, "vi", "int8", model=str(two))
    assert first != second and first.is_dir() and second.is_dir()
    assert find_converted(cfg, "vi", model=str(one)) == first
    assert find_converted(cfg, "vi", model=str(two)) == second


# ---- why a model is unavailable -----------------------------------------------------------------


def test_missing_hub_model_offline_says_so_in_reason_and_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelUnavailableError) as info:
        locate(Config(root=tmp_path, models_dir=tmp_path / "models"), "vi")
    assert info.value.reason == "offline"
    assert str(info.value) == (
        "model Helsinki-NLP/opus-mt-en-vi is not in models/Helsinki-NLP--opus-mt-en-vi, offline "
        "(HF_HUB_OFFLINE is set): with a network, run `l10n models pull --lang vi`; "
        "or pass --model /path/to/local/dir"
    )


@pytest.mark.parametrize(
    ("failure", "shown"),
    [
        (
            ModelUnavailableError("cannot reach (hub)", reason="no-network", cause="ConnectionError"),
            "ConnectionError",
        ),
        # A message with a word in parentheses is not read for a cause: only the field counts.
        (ModelUnavailableError("download of x failed: (Errno)", reason="no-network"), "download failed"),
    ],
)
def test_failed_download_names_the_network_error_from_the_cause_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: ModelUnavailableError, shown: str
) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE")

    def pull(*args: object, **kwargs: object) -> None:
        raise failure

    monkeypatch.setattr("l10n.mt.hub.pull", pull)
    with pytest.raises(ModelUnavailableError) as info:
        locate(Config(root=tmp_path, models_dir=tmp_path / "models"), "vi")
    assert info.value.reason == "no-network"
    assert str(info.value) == (
        "model Helsinki-NLP/opus-mt-en-vi is not in models/Helsinki-NLP--opus-mt-en-vi and cannot be "
        f"downloaded (no network: {shown}); with a network, run `l10n models pull --lang vi`; "
        "or pass --model /path/to/local/dir"
    )


def test_reasons_of_a_bad_model_flag_and_a_missing_conversion(tmp_path: Path, tiny_model_dir: Path) -> None:
    cfg = config(tmp_path, tiny_model_dir, engine="ctranslate2")
    with pytest.raises(ModelUnavailableError) as info:
        make_engine(cfg, "vi")
    assert info.value.reason == "not-converted"
    with pytest.raises(ModelUnavailableError) as info:
        make_engine(cfg, "vi", model=str(tmp_path / "nowhere"), engine="transformers")
    assert info.value.reason == "bad-path"
    assert str(info.value).startswith(f"model directory '{tmp_path / 'nowhere'}' does not exist")
