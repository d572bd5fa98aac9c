"""Build a tiny MarianMT model on the fly, for tests that must never touch the network.

Two sentencepiece models are trained on a few hundred generated English and
Vietnamese-like sentences, a joint ``vocab.json`` is written the way opus-mt
models have it (``</s>`` = 0, ``<unk>`` = 1, ``<pad>`` last), and a MarianMT
model with random weights (fixed seed, d_model 16, one layer each side) is saved
with its tokenizer. Its output is not a translation, only deterministic tokens.

``build_tiny_model(dir, target_tokens=(">>vie<<", ">>cmn_Hans<<"))`` builds the
multilingual-target variant whose vocabulary lists target-language tokens.
"""

from __future__ import annotations

import io
import json
import random
import warnings
from collections.abc import Sequence
from pathlib import Path

_EN_TEXT = (
    "the nato russia council will meet after summit talks in warsaw secretary general said on monday "
    "this first high level meeting tensions both sides agreed transparency threat military exercise "
    "poland troops countries drill came just before cooperation forum dialogue moscow increase "
    "predictability expectations are not high annexation crimea march cancelled bilateral civil "
    "remains operational april convened failed narrow differences presence baltic worsened ties "
    "largest ever involved from news article people city government minister president week year"
)
_VI_TEXT = (
    "hội đồng nga nato sẽ họp sau hội nghị thượng đỉnh tại tổng thư ký cho biết vào thứ hai đây là "
    "cuộc gặp cấp cao đầu tiên căng thẳng cả hai bên đồng ý minh bạch mối đe dọa quân sự tập trận "
    "ba lan binh sĩ quốc gia diễn ra ngay trước hợp tác diễn đàn đối thoại tăng khả năng dự đoán kỳ "
    "vọng không cao sáp nhập tháng ba hủy song phương dân sự vẫn hoạt động tháng tư triệu tập thất bại"
)
_EXTRA = ["<1>", "</1>", "<2/>", "13,000", "2016", "http://example.org/a", "a@b.org", "ZQ1QZ", "."]


def _sentences(text: str, count: int, seed: int) -> list[str]:
    words = text.split()
    rng = random.Random(seed)
    out = []
    for i in range(count):
        n = rng.randint(3, 14)
        sent = " ".join(rng.choice(words) for _ in range(n))
        if i % 7 == 0:
            sent += " " + rng.choice(_EXTRA)
        out.append(sent.capitalize() + ("." if i % 3 else ","))
    return out


def _train_spm(sentences: list[str], vocab_size: int, user_symbols: Sequence[str]) -> bytes:
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_writer=buf,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        user_defined_symbols=list(user_symbols),
        unk_id=1,
        eos_id=0,
        bos_id=-1,
        pad_id=-1,
        minloglevel=2,
        num_threads=1,
    )
    return buf.getvalue()


def _pieces(model: bytes) -> list[str]:
    import sentencepiece as spm

    proc = spm.SentencePieceProcessor(model_proto=model)
    return [proc.id_to_piece(i) for i in range(proc.get_piece_size())]


def build_tiny_model(out_dir: Path, target_tokens: Sequence[str] = (), *, seed: int = 0) -> Path:
    """Write a tiny MarianMT model and tokenizer to ``out_dir`` and return ``out_dir``.

    Args:
        out_dir: directory to create (parents too).
        target_tokens: tokens like ``">>vie<<"`` put into the vocabulary (and into both
            sentencepiece models as user-defined symbols); empty for a single-target model.
        seed: seeds the corpus and the weights, so two builds are identical.
    """
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    out_dir.mkdir(parents=True, exist_ok=True)
    src_model = _train_spm(_sentences(_EN_TEXT, 400, seed), 300, target_tokens)
    tgt_model = _train_spm(_sentences(_VI_TEXT, 400, seed + 1), 300, target_tokens)
    (out_dir / "source.spm").write_bytes(src_model)
    (out_dir / "target.spm").write_bytes(tgt_model)

    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for token in list(target_tokens) + _pieces(src_model) + _pieces(tgt_model):
        if token not in vocab and token not in ("<s>", "<pad>"):
            vocab[token] = len(vocab)
    pad_id = len(vocab)
    vocab["<pad>"] = pad_id
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=512,
        pad_token_id=pad_id,
        eos_token_id=0,
        decoder_start_token_id=pad_id,
        forced_eos_token_id=0,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    with torch.no_grad():
        # Make end-of-sentence unlikely, so outputs run to their length bound (tests rely on
        # non-empty output); keep padding impossible as opus-mt models do.
        model.final_logits_bias[0, 0] = -8.0
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad_id]],
        decoder_start_token_id=pad_id,
        eos_token_id=0,
        forced_eos_token_id=0,
        pad_token_id=pad_id,
        max_length=512,
        num_beams=4,
    )
    model.save_pretrained(out_dir)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Recommended: pip install sacremoses"
        tokenizer = MarianTokenizer(
            source_spm=str(out_dir / "source.spm"),
            target_spm=str(out_dir / "target.spm"),
            vocab=str(out_dir / "vocab.json"),
            source_lang="eng",
            target_lang="vie",
        )
    tokenizer.save_pretrained(out_dir)
    return out_dir
