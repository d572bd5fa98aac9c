"""Build a tiny MarianMT model on the fly, for tests that must never touch the network.

Two sentencepiece models are trained on a few hundred generated English and
Vietnamese-like sentences, a joint ``vocab.json`` is written the way opus-mt
models have it (``</s>`` = 0, ``<unk>`` = 1, ``<pad>`` last), and a MarianMT
model with random weights (fixed seed, d_model 16, one layer each side) is saved
with its tokenizer. Its output is not a translation, only deterministic tokens.

``build_tiny_model(dir, target_tokens=(">>vie<<", ">>cmn_Hans<<"))`` builds the
multilingual-target variant whose vocabulary lists target-language tokens.

``build_marian_model(dir, shape)`` builds any ``ModelShape``: ``TINY`` is the test model
above, ``OPUS_MT_EN_VI`` the shape of Helsinki-NLP/opus-mt-en-vi (6+6 layers, d_model 512,
vocabulary padded to 53,685 entries, one shared sentencepiece model), which
``benchmarks/bench_translate.py`` builds.
"""

from __future__ import annotations

import io
import json
import random
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
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


def _train_spm(sentences: list[str], vocab_size: int, user_symbols: Sequence[str], threads: int) -> bytes:
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
        num_threads=threads,
    )
    return buf.getvalue()


def _pieces(model: bytes) -> list[str]:
    import sentencepiece as spm

    proc = spm.SentencePieceProcessor(model_proto=model)
    return [proc.id_to_piece(i) for i in range(proc.get_piece_size())]


@dataclass(frozen=True)
class ModelShape:
    """What differs between the models built here: architecture, vocabulary and training corpus."""

    d_model: int
    layers: int
    """Encoder layers, and as many decoder layers."""
    heads: int
    """Attention heads, encoder and decoder."""
    ffn: int
    """Feed-forward width, encoder and decoder."""
    spm_vocab_size: int
    """Vocabulary size asked of sentencepiece (a soft limit: small corpora give fewer pieces)."""
    vocab_size: int | None
    """Total ``vocab.json`` entries after padding with untrained pieces; ``None``: no padding."""
    eos_bias: float
    """Final logit bias of ``</s>``: negative makes outputs run to their length bound."""
    corpus_sentences: int
    """Generated sentences per language when no corpus is given."""
    shared_spm: bool
    """One sentencepiece model (trained on the source corpus) for both sides, as opus-mt-en-vi has."""
    spm_threads: int
    """Sentencepiece training threads."""


TINY = ModelShape(
    d_model=16,
    layers=1,
    heads=2,
    ffn=32,
    spm_vocab_size=300,
    vocab_size=None,
    eos_bias=-8.0,  # end of sentence unlikely: outputs run to their bound (tests rely on non-empty output)
    corpus_sentences=400,
    shared_spm=False,
    spm_threads=1,
)
"""The test suite's model: fast to build and to run."""

OPUS_MT_EN_VI = ModelShape(
    d_model=512,
    layers=6,
    heads=8,
    ffn=2048,
    spm_vocab_size=2000,
    vocab_size=53_685,  # Helsinki-NLP/opus-mt-en-vi's vocab_size
    eos_bias=-1e4,  # no end of sentence before the length bound
    corpus_sentences=3000,
    shared_spm=True,
    spm_threads=2,
)
"""The shape of Helsinki-NLP/opus-mt-en-vi (random weights), for benchmarks."""


def build_marian_model(
    out_dir: Path,
    shape: ModelShape,
    target_tokens: Sequence[str] = (),
    *,
    seed: int = 0,
    corpus: Sequence[str] | None = None,
) -> Path:
    """Write a random-weight MarianMT model of ``shape`` and its tokenizer to ``out_dir``; return it.

    Args:
        out_dir: directory to create (parents too).
        shape: architecture, vocabulary and corpus size (``TINY``, ``OPUS_MT_EN_VI``).
        target_tokens: tokens like ``">>vie<<"`` put into the vocabulary (and into the
            sentencepiece models as user-defined symbols); empty for a single-target model.
        seed: seeds the generated corpus and the weights, so two builds are identical.
        corpus: source-side sentences to train sentencepiece on, instead of
            ``shape.corpus_sentences`` generated ones (the target side is generated unless shared).
    """
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    out_dir.mkdir(parents=True, exist_ok=True)
    src_sentences = list(corpus) if corpus is not None else _sentences(_EN_TEXT, shape.corpus_sentences, seed)
    src_model = _train_spm(src_sentences, shape.spm_vocab_size, target_tokens, shape.spm_threads)
    if shape.shared_spm:
        tgt_model = src_model
    else:
        tgt_sentences = _sentences(_VI_TEXT, shape.corpus_sentences, seed + 1)
        tgt_model = _train_spm(tgt_sentences, shape.spm_vocab_size, target_tokens, shape.spm_threads)
    (out_dir / "source.spm").write_bytes(src_model)
    (out_dir / "target.spm").write_bytes(tgt_model)

    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for token in list(target_tokens) + _pieces(src_model) + _pieces(tgt_model):
        if token not in vocab and token not in ("<s>", "<pad>"):
            vocab[token] = len(vocab)
    if shape.vocab_size is not None:
        while len(vocab) < shape.vocab_size - 1:  # untrained pieces the decoder may still emit
            vocab[f"\u2581x{len(vocab)}"] = len(vocab)
    pad_id = len(vocab)
    vocab["<pad>"] = pad_id
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=shape.d_model,
        encoder_layers=shape.layers,
        decoder_layers=shape.layers,
        encoder_attention_heads=shape.heads,
        decoder_attention_heads=shape.heads,
        encoder_ffn_dim=shape.ffn,
        decoder_ffn_dim=shape.ffn,
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
        # Padding stays impossible (bad_words_ids below), as in opus-mt models.
        model.final_logits_bias[0, 0] = shape.eos_bias
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


def build_tiny_model(out_dir: Path, target_tokens: Sequence[str] = (), *, seed: int = 0) -> Path:
    """Write a tiny (``TINY``) MarianMT model and tokenizer to ``out_dir`` and return ``out_dir``.

    Args:
        out_dir: directory to create (parents too).
        target_tokens: tokens like ``">>vie<<"`` put into the vocabulary (and into both
            sentencepiece models as user-defined symbols); empty for a single-target model.
        seed: seeds the corpus and the weights, so two builds are identical.
    """
    return build_marian_model(out_dir, TINY, target_tokens, seed=seed)
