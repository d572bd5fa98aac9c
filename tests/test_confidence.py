"""Confidence of machine output (``Engine.score``, ``conf:`` in provenance), on the tiny model for real.

The tiny model's random weights give every token about the same probability (confidence
~0.002, ``conf:0.00``), which would hide a wrong computation. The ``sharp`` model is the tiny
multilingual model with a random ``final_logits_bias`` (scale 2, seed 0), so its
distributions are peaked and confidences spread over (0, 1). The recorded value is checked
against an independent computation: a plain ``MarianMTModel`` forward pass with the output as
labels, ``log_softmax``, the mean over the label tokens, ``exp``.
"""

from __future__ import annotations

import math
import shutil
import warnings
from pathlib import Path

import pytest
from conftest import FakeEngine

from l10n.catalog import pofile
from l10n.catalog.catalog import Catalog
from l10n.mt import DecodingOptions, Engine, Scorer
from l10n.mt.common import output_bound, split_to_fit
from l10n.mt.ct2 import CT2Engine, convert
from l10n.mt.marian import MarianEngine
from l10n.mt.registry import resolve_model
from l10n.provenance import confidence_field, format_provenance, parse_provenance, provenance_of
from l10n.translate.fill import translate_catalog

SOURCES = [
    "The council will meet after the summit.",
    "Poland troops.",
    "Secretary general said on monday this first high level meeting, tensions.",
    "Both sides agreed.",
    "Ties.",
    "Expectations are not high, the minister said on Monday in Warsaw.",
]
HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n'
    '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
)
OPTIONS = DecodingOptions(beam_size=2, batch_size=4, threads=1, max_output_ratio=1.0)


@pytest.fixture(scope="module")
def sharp_model_dir(tiny_multi_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import torch
    from transformers import MarianMTModel

    out = tmp_path_factory.mktemp("sharp") / "tiny-sharp"
    shutil.copytree(tiny_multi_model_dir, out)
    model = MarianMTModel.from_pretrained(str(tiny_multi_model_dir))
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        bias = torch.randn(model.final_logits_bias.shape, generator=generator) * 2.0
        model.final_logits_bias.copy_(bias)
    model.save_pretrained(str(out))
    return out


@pytest.fixture(scope="module")
def sharp_ct2_dir(sharp_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return convert(sharp_model_dir, tmp_path_factory.mktemp("ct2") / "tiny-sharp-ct2-float32", "float32")


@pytest.fixture(scope="module")
def reference(sharp_model_dir: Path):  # type: ignore[no-untyped-def]
    """exp(mean log p(output tokens + </s>)) by a plain forward pass, one pair at a time."""
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    with warnings.catch_warnings():  # "Recommended: pip install sacremoses": irrelevant here
        warnings.simplefilter("ignore")
        tokenizer = MarianTokenizer.from_pretrained(str(sharp_model_dir))
    model = MarianMTModel.from_pretrained(str(sharp_model_dir)).eval()

    def confidence(source: str, output: str) -> float:
        input_ids = torch.tensor([tokenizer(f">>vie<< {source}")["input_ids"]])
        labels = torch.tensor([tokenizer(text_target=output)["input_ids"]])
        assert int(labels[0, -1]) == tokenizer.eos_token_id  # end of sentence included
        with torch.no_grad():
            logits = model(input_ids=input_ids, labels=labels).logits
        log_probs = torch.log_softmax(logits, dim=-1)[0].gather(-1, labels[0][:, None])[:, 0]
        return math.exp(float(log_probs.mean()))

    return confidence


@pytest.fixture(scope="module")
def reference_pieces(sharp_model_dir: Path):  # type: ignore[no-untyped-def]
    """exp(mean log p(pieces)) by a plain forward pass over given target pieces (``</s>`` if produced)."""
    return piece_reference(sharp_model_dir)


def piece_reference(model_dir: Path):  # type: ignore[no-untyped-def]
    """``reference_pieces`` for the model in ``model_dir``."""
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tokenizer = MarianTokenizer.from_pretrained(str(model_dir))
    model = MarianMTModel.from_pretrained(str(model_dir)).eval()

    def confidence(source: str, pieces: list[str]) -> float:
        input_ids = torch.tensor([tokenizer(f">>vie<< {source}")["input_ids"]])
        labels = torch.tensor([tokenizer.convert_tokens_to_ids(pieces)])
        with torch.no_grad():
            logits = model(input_ids=input_ids, labels=labels).logits
        log_probs = torch.log_softmax(logits, dim=-1)[0].gather(-1, labels[0][:, None])[:, 0]
        return math.exp(float(log_probs.mean()))

    return confidence


def ct2_pieces(engine: CT2Engine, source: str) -> list[str]:
    """The pieces CTranslate2 decoded for ``source`` (end token included when produced)."""
    tokens = engine.encode(source)
    bound = output_bound(engine.options, len(tokens), engine._max_positions)
    [(pieces, _)] = engine._call([tokens], bound, engine.options)
    return pieces


def marian_pieces(engine: MarianEngine, source: str, options: DecodingOptions | None = None) -> list[str]:
    """The pieces the transformers engine decoded for ``source`` alone (end token included when produced)."""
    options = options or engine.options
    tokens = engine._encode(source)
    bound = output_bound(options, len(tokens), engine._max_positions)
    [(ids, ended, _)] = engine._generate([tokens], [bound], options)
    return engine.tokenizer.convert_ids_to_tokens(ids + [engine.model.config.eos_token_id] * ended)


def marian(model_dir: Path, options: DecodingOptions = OPTIONS) -> MarianEngine:
    return MarianEngine(resolve_model("vi", str(model_dir), model_dir.parent), "vi", options)


def catalog() -> Catalog:
    body = "".join(f'msgid "{s}"\nmsgstr ""\n\n' for s in SOURCES)
    return pofile.parse(HEADER + body, "locales/vi/LC_MESSAGES/x.po")


def recorded(engine: Engine) -> dict[str, tuple[str, str]]:
    """Translate SOURCES through the translate stage; msgid -> (msgstr, the conf: value written)."""
    cat = catalog()
    translate_catalog(cat, lambda: engine, lang="vi")
    found = {}
    for entry in cat.entries():
        prov = provenance_of(entry)
        assert prov is not None and prov.engine == engine.name
        fields = dict(prov.fields)
        assert "conf" in fields, entry.tcomment  # on every new machine entry
        found[entry.msgid] = (entry.msgstr, fields["conf"])
    return found


@pytest.mark.parametrize("kind", ["transformers", "ctranslate2"])
def test_recorded_confidence_is_the_mean_token_log_probability(
    kind: str, sharp_model_dir: Path, sharp_ct2_dir: Path, reference, reference_pieces
) -> None:  # type: ignore[no-untyped-def]
    engine: Engine = (
        marian(sharp_model_dir) if kind == "transformers" else CT2Engine(sharp_ct2_dir, "vi", OPTIONS)
    )
    written = recorded(engine)
    assert sorted(written) == sorted(SOURCES)
    # the engine's unrounded scoring pass agrees closely with the plain forward pass (batching, padding)
    direct = engine.score(SOURCES, [written[s][0] for s in SOURCES])
    assert direct == pytest.approx([reference(s, written[s][0]) for s in SOURCES], abs=1e-4)
    # one decode, one score: the decode's own value, over its pieces
    pieces = ct2_pieces if isinstance(engine, CT2Engine) else marian_pieces
    expected = {s: reference_pieces(s, pieces(engine, s)) for s in SOURCES}
    outputs = engine.translate_outputs(SOURCES)
    # tolerance 1e-4: CTranslate2's float32 kernels against torch's, same weights; transformers:
    # batching and padding against one unit alone (measured below 1e-6)
    assert [out.confidence for out in outputs] == pytest.approx([expected[s] for s in SOURCES], abs=1e-4)
    assert {s: conf for s, (_, conf) in written.items()} == {s: f"{v:.2f}" for s, v in expected.items()}
    # a real spread, not a constant: the check above could not pass by accident (the sharp
    # model's outputs all loop to their bound, so their values differ past 2 digits)
    assert len(set(expected.values())) >= 3
    assert all(0.05 < v < 0.95 for v in expected.values()), expected


def test_both_engines_give_the_same_confidence(sharp_model_dir: Path, sharp_ct2_dir: Path) -> None:
    hf, ct2 = marian(sharp_model_dir), CT2Engine(sharp_ct2_dir, "vi", OPTIONS)
    outputs = hf.translate(SOURCES)
    assert ct2.translate(SOURCES) == outputs
    assert ct2.score(SOURCES, outputs) == pytest.approx(hf.score(SOURCES, outputs), abs=1e-4)
    # the value depends on the output scored, not only on the source
    assert hf.score(SOURCES[:1], ["Hội đồng sẽ họp."]) != pytest.approx(hf.score(SOURCES[:1], outputs[:1]))


@pytest.mark.parametrize("kind", ["transformers", "ctranslate2"])
def test_a_split_unit_gets_the_minimum_over_its_pieces(
    kind: str, sharp_model_dir: Path, sharp_ct2_dir: Path, reference
) -> None:  # type: ignore[no-untyped-def]
    options = DecodingOptions(beam_size=2, batch_size=4, threads=1, max_input_tokens=16, max_output_ratio=1.0)
    engine: Engine = (
        marian(sharp_model_dir, options)
        if kind == "transformers"
        else CT2Engine(sharp_ct2_dir, "vi", options)
    )
    long = " ".join(SOURCES[:3])
    [output] = engine.translate([long])
    tokens = engine._encode if isinstance(engine, MarianEngine) else engine.encode
    pieces = split_to_fit(long, lambda t: len(tokens(t)), 16)
    assert len(pieces) >= 2
    piece_outputs = engine.translate(pieces)
    assert " ".join(piece_outputs) == output  # how translation joined them
    [score] = engine.score([long], [output])
    assert score == pytest.approx(
        min(reference(p, o) for p, o in zip(pieces, piece_outputs, strict=True)), abs=1e-4
    )
    # an output that is not the pieces' joined outputs cannot be aligned: no value
    assert math.isnan(engine.score([long], ["Something else entirely."])[0])
    assert math.isnan(engine.score([" "], ["x"])[0])  # a blank source has no model input


def test_fill_records_the_scorer_value_on_the_masked_text() -> None:
    cat = pofile.parse(
        HEADER + 'msgid "See <1>the map</1>."\nmsgstr ""\n\nmsgid "13,000"\nmsgstr ""\n\n',
        "locales/vi/LC_MESSAGES/x.po",
    )
    engine = FakeEngine(confidence=0.8349)
    translate_catalog(cat, lambda: engine, lang="vi")
    first, number = cat.entries()
    assert first.tcomment.endswith(" conf:0.83")
    assert engine.scored == [
        (["See ZQ1QZ the map XQ2QX ."], ["[vi] See ZQ1QZ the map XQ2QX ."])
    ]  # as the model saw it
    assert "conf:" not in number.tcomment  # a copied unit is not machine output


def test_a_separate_scorer_replaces_the_engine_confidence() -> None:
    class Constant:
        def score(self, sources, outputs):  # type: ignore[no-untyped-def]
            return [0.5] * len(sources)

    assert isinstance(Constant(), Scorer)
    cat = pofile.parse(HEADER + 'msgid "Hello there."\nmsgstr ""\n\n', "locales/vi/LC_MESSAGES/x.po")
    translate_catalog(cat, lambda: FakeEngine(confidence=0.9), lang="vi", scorer=Constant())
    assert cat.entries()[0].tcomment.endswith(" conf:0.50")


def test_no_confidence_without_a_value_or_a_score_method() -> None:
    class Plain:
        name, model_id, revision = "plain", "p/m", "r"

        def translate(self, texts):  # type: ignore[no-untyped-def]
            return [f"VI {t}" for t in texts]

    for engine in (FakeEngine(), Plain()):  # nan; no score method at all
        cat = pofile.parse(HEADER + 'msgid "Hello there."\nmsgstr ""\n\n', "locales/vi/LC_MESSAGES/x.po")
        translate_catalog(cat, lambda engine=engine: engine, lang="vi")  # type: ignore[misc]
        assert "conf:" not in cat.entries()[0].tcomment
        assert provenance_of(cat.entries()[0]) is not None


def test_confidence_field_grammar() -> None:
    assert confidence_field(0.8349) == ("conf", "0.83")
    assert confidence_field(1.0) == ("conf", "1.00")
    assert confidence_field(0.004) == ("conf", "0.00")
    for bad in (math.nan, -0.1, 1.2):
        with pytest.raises(ValueError):
            confidence_field(bad)
    line = format_provenance("ctranslate2", "org/m", "abc", "Xin chào", fields=[confidence_field(0.83)])
    assert line == "l10n-mt: ctranslate2 org/m@abc sha1:a5ddbad8 conf:0.83"
    parsed = parse_provenance(line + "; check number")
    assert parsed is not None and parsed.confidence == 0.83 and parsed.notes == ("check number",)
    old = parse_provenance("l10n-mt: marian org/m@abc sha1:a5ddbad8")  # lines without it stay valid
    assert old is not None and old.confidence is None and old.sha1 == "a5ddbad8"
    assert parse_provenance("l10n-mt: marian org/m@abc sha1:a5ddbad8 conf:high").confidence is None  # type: ignore[union-attr]


def test_a_provenance_line_wrapped_by_a_po_writer_is_read_whole() -> None:
    from l10n.model import Entry
    from l10n.provenance import provenance_lines, without_provenance

    comment = "l10n-mt: ctranslate2 org/m@abc sha1:a5ddbad8\nconf:0.83; check number\nNote: keep: the name"
    entry = Entry(msgid="x", msgstr="Xin chào", tcomment=comment)
    assert provenance_lines(entry) == ["l10n-mt: ctranslate2 org/m@abc sha1:a5ddbad8 conf:0.83; check number"]
    found = provenance_of(entry)
    assert found is not None and found.confidence == 0.83 and found.notes == ("check number",)
    assert without_provenance(comment.split("\n")) == ["Note: keep: the name"]  # prose is not a field
