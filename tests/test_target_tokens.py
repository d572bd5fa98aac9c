"""Target-language tokens by CLDR likely subtags (issue #12 item 10): Traditional Chinese gets
``>>cmn_Hant<<`` on both engines, never the Simplified token."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from l10n.errors import ModelError
from l10n.locale import likely_subtags
from l10n.mt import DecodingOptions
from l10n.mt.common import pick_target_token
from l10n.mt.registry import DEFAULT_MODELS, TARGET_CODES, resolve_model, target_token_candidates

HANT = (">>cmn_Hant<<", ">>zho_Hant<<", ">>cmn<<", ">>zho<<")
HANS = (">>cmn_Hans<<", ">>zho_Hans<<", ">>cmn<<", ">>zho<<")

EXPECTED: dict[str, tuple[str, ...]] = {
    # every tag of the model registry (DEFAULT_MODELS, TARGET_CODES)
    "vi": (">>vie<<", ">>vie_Latn<<", ">>vi<<"),
    "fr": (">>fra<<", ">>fra_Latn<<", ">>fr<<"),
    "de": (">>deu<<", ">>deu_Latn<<", ">>de<<"),
    "es": (">>spa<<", ">>spa_Latn<<", ">>es<<"),
    "ru": (">>rus<<", ">>rus_Cyrl<<", ">>ru<<"),
    "zh": (*HANS, ">>zh<<"),
    "zh-Hans": (*HANS, ">>zh_Hans<<", ">>zh<<"),
    "zh-Hant": (*HANT, ">>zh_Hant<<", ">>zh<<"),
    "ja": (">>jpn<<", ">>jpn_Jpan<<", ">>ja<<"),
    "pt": (">>por<<", ">>por_Latn<<", ">>pt<<"),
    "it": (">>ita<<", ">>ita_Latn<<", ">>it<<"),
    "ko": (">>kor<<", ">>kor_Kore<<", ">>ko<<"),
    "uk": (">>ukr<<", ">>ukr_Cyrl<<", ">>uk<<"),
    "ar": (">>ara<<", ">>ara_Arab<<", ">>ar<<"),
    "sr": (">>srp_Cyrl<<", ">>srp<<", ">>sr<<"),
    "sr-Latn": (">>srp_Latn<<", ">>srp<<", ">>sr_Latn<<", ">>sr<<"),
    # regional variants
    "zh-TW": (*HANT, ">>zh_TW<<", ">>zh<<"),
    "zh-HK": (*HANT, ">>zh_HK<<", ">>zh<<"),  # written Standard Chinese in Traditional script
    "zh-MO": (*HANT, ">>zh_MO<<", ">>zh<<"),
    "zh-Hant-HK": (*HANT, ">>zh_Hant_HK<<", ">>zh<<"),
    "zh-SG": (*HANS, ">>zh_SG<<", ">>zh<<"),
    "zh-CN": (*HANS, ">>zh_CN<<", ">>zh<<"),
    "zh-Hans-TW": (*HANS, ">>zh_Hans_TW<<", ">>zh<<"),  # a script given wins over the region
    "pt-BR": (">>por<<", ">>por_Latn<<", ">>pt_BR<<", ">>pt<<"),
    "pt-PT": (">>por<<", ">>por_Latn<<", ">>pt_PT<<", ">>pt<<"),
    "sr-Cyrl": (">>srp_Cyrl<<", ">>srp<<", ">>sr_Cyrl<<", ">>sr<<"),
    "fr-CA": (">>fra<<", ">>fra_Latn<<", ">>fr_CA<<", ">>fr<<"),
    "es-419": (">>spa<<", ">>spa_Latn<<", ">>es_419<<", ">>es<<"),
    "yue": (">>yue_Hant<<", ">>yue<<"),  # Cantonese: a 3-letter subtag is its own code
}


def test_every_registry_tag_is_covered() -> None:
    assert {*DEFAULT_MODELS, *TARGET_CODES} <= set(EXPECTED)


@pytest.mark.parametrize("tag", sorted(EXPECTED))
def test_target_token_candidates(tag: str) -> None:
    assert target_token_candidates(tag) == EXPECTED[tag]


@pytest.mark.parametrize("tag", ["zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-TW"])
def test_traditional_chinese_never_gets_a_simplified_token(tag: str) -> None:
    assert not any("Hans" in token for token in target_token_candidates(tag))
    assert pick_target_token([">>cmn_Hans<<", ">>cmn_Hant<<", ">>yue_Hant<<"], "m", tag) == ">>cmn_Hant<<"
    with pytest.raises(ModelError, match=f"'{tag}'"):
        pick_target_token([">>cmn_Hans<<", ">>vie<<"], "m", tag)


def test_simplified_chinese_and_others_pick_from_a_vocabulary() -> None:
    vocab = [">>cmn_Hans<<", ">>cmn_Hant<<", ">>vie<<", ">>pt_BR<<", ">>srp_Latn<<", ">>srp_Cyrl<<"]
    picks = {tag: pick_target_token(vocab, "m", tag) for tag in ("zh", "zh-CN", "zh-SG", "zh-Hans", "vi")}
    assert picks == {
        "zh": ">>cmn_Hans<<",
        "zh-CN": ">>cmn_Hans<<",
        "zh-SG": ">>cmn_Hans<<",
        "zh-Hans": ">>cmn_Hans<<",
        "vi": ">>vie<<",
    }
    assert pick_target_token(vocab, "m", "pt-BR") == ">>pt_BR<<"
    assert pick_target_token(vocab, "m", "sr-Latn") == ">>srp_Latn<<"
    assert pick_target_token(vocab, "m", "sr") == ">>srp_Cyrl<<"


def test_likely_subtags_from_cldr() -> None:
    assert likely_subtags("zh-TW") == ("zh", "Hant", "TW")
    assert likely_subtags("zh-HK") == ("zh", "Hant", "HK")
    assert likely_subtags("zh-SG") == ("zh", "Hans", "SG")
    assert likely_subtags("zh") == ("zh", "Hans", "CN")
    assert likely_subtags("zh-Hant") == ("zh", "Hant", "TW")
    assert likely_subtags("sr-Latn") == ("sr", "Latn", "RS")
    assert likely_subtags("pt-BR") == ("pt", "Latn", "BR")
    assert likely_subtags("zh_hant_hk") == ("zh", "Hant", "HK")
    assert likely_subtags("qaa") == ("qaa", "", "")  # unknown to CLDR: as written, never raises


@pytest.fixture(scope="module")
def hant_model_dir(tiny_multi_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny multi model with ``>>vie<<`` renamed ``>>cmn_Hant<<`` (same id): both Chinese tokens."""
    out = tmp_path_factory.mktemp("models") / "tiny-hans-hant"
    shutil.copytree(tiny_multi_model_dir, out)
    vocab = json.loads((out / "vocab.json").read_text(encoding="utf-8"))
    vocab[">>cmn_Hant<<"] = vocab.pop(">>vie<<")
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    return out


def test_marian_engine_picks_cmn_hant_for_zh_tw(hant_model_dir: Path) -> None:
    from l10n.mt.marian import MarianEngine

    options = DecodingOptions(beam_size=1, threads=1)
    for tag, token in (("zh-TW", ">>cmn_Hant<<"), ("zh-HK", ">>cmn_Hant<<"), ("zh-CN", ">>cmn_Hans<<")):
        engine = MarianEngine(resolve_model(tag, str(hant_model_dir), hant_model_dir.parent), tag, options)
        assert engine.target_token == token
        ids = engine.tokenizer(token + " the city").input_ids
        assert ids[0] == engine.tokenizer.convert_tokens_to_ids(token)
        assert engine.translate(["the city"])[0]


def test_ct2_engine_picks_cmn_hant_for_zh_tw(hant_model_dir: Path, tmp_path: Path) -> None:
    from l10n.mt.ct2 import CT2Engine, convert

    converted = convert(hant_model_dir, tmp_path / "ct2", "float32")
    options = DecodingOptions(beam_size=1, threads=1)
    for tag, token in (("zh-TW", ">>cmn_Hant<<"), ("zh-MO", ">>cmn_Hant<<"), ("zh-SG", ">>cmn_Hans<<")):
        engine = CT2Engine(converted, tag, options)
        assert engine.target_token == token
        assert engine.encode("the city")[0] == token
