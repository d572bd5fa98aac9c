"""The CTranslate2 engine: a converted MarianMT model, translated by ``ctranslate2.Translator`` (CPU).

Same results as ``l10n.mt.marian.MarianEngine`` on the same weights (exactly with
``quantization="float32"``, up to rounding with ``int8``), several times faster and in a
fraction of the memory, because CTranslate2 runs quantized matrix products without torch.
ctranslate2 is imported when an engine is built or a model converted, never on import.

A converted model is a folder ``models/<org>--<name>-ct2-<quantization>/`` (see
``converted_dir_name``) holding what the converter writes (``model.bin``, ``config.json``,
``shared_vocabulary.json``), the Marian tokenizer files copied from the source model
(``source.spm``, ``target.spm``, ``vocab.json``) and ``l10n-ct2.json``::

    {"model_id": "Helsinki-NLP/opus-mt-en-vi", "revision": "<commit of the source model>",
     "quantization": "int8", "max_position_embeddings": 512, "ctranslate2": "4.8.5"}

What the engine shares with the transformers engine (``l10n.mt.common``): the target-language
token first in every input, sentencepiece tokenization with the model's own ``source.spm``,
splitting of overlong inputs, the per-unit output bound ``max_output_ratio * input + 10``, the
repetition controls (``no_repeat_ngram_size``, ``repetition_penalty`` of ``translate_batch``) and
``Output.at_bound``. CTranslate2 takes one length limit per call, so rows are grouped by their
bound and each group is one call (CTranslate2 cuts it into ``batch_size`` batches): every row is
decoded once, with exactly its own bound, and its output never depends on its batch neighbours.

``score`` gives the confidence of outputs (``l10n.mt``) from ``Translator.score_batch``: the
log-probability of each target token and of the end of sentence, teacher-forced, no decoding
options applied (https://opennmt.net/CTranslate2/python/ctranslate2.Translator.html); so does
``score_unscored``, later, for the decoded pieces of penalised outputs (``l10n.mt.DeferredScoring``).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import shutil
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from l10n.errors import ModelError, ModelUnavailableError, WriteError
from l10n.locale import sentence_joiner
from l10n.mt import DecodingOptions, Output, Piece, Unscored, check_quantization, deferred_confidences
from l10n.mt.common import (
    PieceEngine,
    checked_options,
    output_bound,
    pick_target_token,
    token_budget_batches,
)
from l10n.mt.device import ct2_compute_type, resolve_device
from l10n.mt.registry import ModelRef, model_dir_name, read_metadata

CT2_METADATA = "l10n-ct2.json"
"""File written by ``convert`` into a converted model folder (see the module docstring)."""

TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json")
"""Marian tokenizer files copied beside the converted weights; all three are required."""

_OPTIONAL_FILES = ("tokenizer_config.json", "special_tokens_map.json", "generation_config.json")
_SPECIALS = ("</s>", "<unk>", "<pad>")

MAX_BATCH_SIZE = 32
"""Examples per CTranslate2 decoding batch (``max_batch_size``, ``batch_type="examples"``); the
translate stage hands 32 units per call (``l10n.translate.fill.SLICE``). Measured (issue 22, 2
shared cores): 32 examples beat 16 at every thread count and beam size tried, and beat batching
by tokens. Independent of ``decoding.batch_size`` (the transformers engine's batch)."""


SCORE_BATCH_TOKENS = 128
"""Padded target tokens (pieces and ``</s>``) per ``score_batch`` call (``token_budget_batches``).
A scoring pass materialises the log-probabilities of the whole vocabulary at every target
position of its batch (tokens x vocabulary x 4 bytes: 128 x 53,685 is 27 MB for opus-mt-en-vi,
and CTranslate2 counts a ``tokens`` batch by source length only, so the cap is ours, on the
target). Measured (issue 22, 1 thread, 32-piece outputs): 64 to 128 tokens cost 15% less CPU
than 256 to 1,024 and add no peak memory; 1,024 added 190 MiB."""


def converted_dir_name(model_id: str, quantization: str) -> str:
    """Return the folder name of a converted model under ``models/``.

    >>> converted_dir_name("Helsinki-NLP/opus-mt-en-vi", "int8")
    'Helsinki-NLP--opus-mt-en-vi-ct2-int8'
    """
    return f"{model_dir_name(model_id)}-ct2-{quantization}"


def is_converted(path: Path) -> bool:
    """Return True when ``path`` holds a complete converted model (weights, tokenizer, metadata)."""
    needed = ("model.bin", "config.json", CT2_METADATA, *TOKENIZER_FILES)
    return all((path / name).is_file() for name in needed)


def _marian_config(src_dir: Path) -> dict[str, Any]:
    """The ``config.json`` of the MarianMT model in ``src_dir``, once its needed files are there.

    Raises:
        ModelUnavailableError: a file the conversion needs is missing.
        ModelError: the config is unreadable, or the model is not MarianMT.
    """
    missing = [n for n in ("config.json", *TOKENIZER_FILES) if not (src_dir / n).is_file()]
    if missing:
        raise ModelUnavailableError(
            f"{src_dir}: cannot convert, missing {', '.join(missing)}", reason="incomplete"
        )
    try:
        config: dict[str, Any] = json.loads((src_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{src_dir / 'config.json'}: unreadable model config ({exc})") from exc
    if config.get("model_type") != "marian":
        raise ModelError(f"{src_dir} is a '{config.get('model_type')}' model, not MarianMT")
    return config


def convert(src_dir: Path, out_dir: Path, quantization: str = "int8") -> Path:
    """Convert the MarianMT model in ``src_dir`` into a CTranslate2 model folder ``out_dir``.

    Uses CTranslate2's own ``TransformersConverter``. The conversion is written into a
    temporary folder beside ``out_dir`` and renamed into place, so ``out_dir`` is either the
    previous complete model or the new complete one, never half written. An existing
    ``out_dir`` is replaced.

    Args:
        src_dir: a MarianMT model folder (``config.json``, weights, ``source.spm``,
            ``target.spm``, ``vocab.json``), e.g. ``models/Helsinki-NLP--opus-mt-en-vi``.
        out_dir: the folder to create, conventionally ``models/<converted_dir_name(...)>``.
        quantization: one of ``l10n.mt.QUANTIZATIONS``; ``int8`` makes the weights about 4 times smaller.

    Returns:
        ``out_dir``.

    Raises:
        UsageError: unknown ``quantization``.
        ModelUnavailableError: ``src_dir`` lacks a file the conversion needs, or ctranslate2
            is not installed.
        ModelError: the converter failed (not a MarianMT model, unreadable weights).
        WriteError: ``out_dir`` cannot be written.
    """
    check_quantization(quantization)
    config = _marian_config(src_dir)
    ctranslate2 = _import_ct2()
    from ctranslate2.converters import TransformersConverter

    meta = read_metadata(src_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        copy = [n for n in (*TOKENIZER_FILES, *_OPTIONAL_FILES) if (src_dir / n).is_file()]
        converter = TransformersConverter(str(src_dir), copy_files=copy)
        with _quiet():
            converter.convert(
                str(tmp), quantization=None if quantization == "none" else quantization, force=True
            )
        info = {
            "model_id": str(meta.get("model_id") or src_dir.name),
            "revision": str(meta.get("revision") or "local"),
            "quantization": quantization,
            "max_position_embeddings": int(config.get("max_position_embeddings") or 512),
            "ctranslate2": ctranslate2.__version__,
            "source": str(src_dir),
        }
        (tmp / CT2_METADATA).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
        _replace_dir(tmp, out_dir)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise WriteError(f"cannot write the converted model: {exc}", path=out_dir) from exc
    except Exception as exc:  # the converter raises many types (ValueError, KeyError, RuntimeError)
        shutil.rmtree(tmp, ignore_errors=True)
        raise ModelError(f"cannot convert {src_dir}: {exc}".splitlines()[0]) from exc
    return out_dir


def _replace_dir(new: Path, target: Path) -> None:
    """Put folder ``new`` at ``target``; an old ``target`` is moved aside first, then removed."""
    if not target.exists():
        os.replace(new, target)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.replace(target, old)
    try:
        os.replace(new, target)
    except OSError:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


class _quiet:
    """Silence the converter's progress bars and library warnings (core code never prints)."""

    def __enter__(self) -> None:
        from transformers.utils import logging as hf_logging

        self._bars = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()
        self._warnings = warnings.catch_warnings()
        self._warnings.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc: Any) -> None:
        from transformers.utils import logging as hf_logging

        self._warnings.__exit__(*exc)
        if self._bars:
            hf_logging.enable_progress_bar()


def _import_ct2() -> Any:
    try:
        import ctranslate2
    except ImportError as exc:
        raise ModelUnavailableError(
            "the ctranslate2 engine needs the ctranslate2 package: pip install ctranslate2",
            reason="not-installed",
        ) from exc
    return ctranslate2


class CT2Engine(PieceEngine[list[str]]):
    """Translate with a converted MarianMT model through CTranslate2 (on the CPU or a CUDA GPU).

    Args:
        ref_or_dir: the converted model folder, as a ``ModelRef`` or a path.
        target_tag: BCP 47 target tag; picks the target-language token and the joiner of split pieces.
        options: how to decode (``Config.decoding``); ``threads`` is CTranslate2's
            ``intra_threads`` (0: its default); None for the defaults.

    Attributes:
        name: ``"ctranslate2"``.
        model_id: the source model's hub id (from ``l10n-ct2.json``), else the folder name.
        revision: the source model's revision, else ``"local"``.
        quantization: the weights' type as converted (``"int8"``, ``"float32"``, ...).
        target_token: the ``>>xxx<<`` token put first in every input, or None.
        device: ``"cpu"`` or ``"cuda"``, ``options.device`` resolved (``l10n.mt.device``) and
            written back into ``options``.
        compute_type: CTranslate2's compute type there (``ct2_compute_type``).

    Raises:
        ModelUnavailableError: the folder is not a complete converted model, or ctranslate2
            is not installed.
        ModelError: the model cannot be loaded, or its vocabulary lists target-language tokens
            and none means ``target_tag``.
        UsageError: nonsensical decoding options, or ``cuda`` without a usable GPU.
    """

    name = "ctranslate2"
    _deferring = False  # within translate_unscored

    def __init__(
        self, ref_or_dir: ModelRef | Path | str, target_tag: str, options: DecodingOptions | None = None
    ) -> None:
        self.options = checked_options(options)
        path = ref_or_dir.path if isinstance(ref_or_dir, ModelRef) else Path(ref_or_dir)
        if not is_converted(path):
            raise ModelUnavailableError(
                f"{path} is not a converted CTranslate2 model (needs model.bin, config.json, "
                f"{', '.join(TOKENIZER_FILES)}, {CT2_METADATA}): "
                f"run `l10n models convert --lang {target_tag}`",
                reason="not-converted",
            )
        try:
            info = json.loads((path / CT2_METADATA).read_text(encoding="utf-8"))
            vocab = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"{path}: unreadable model metadata ({exc})") from exc
        self.path = path
        self.model_id = str(info.get("model_id") or path.name)
        self.revision = str(info.get("revision") or "local")
        self.quantization = str(info.get("quantization") or "unknown")
        self.target_tag = target_tag
        self._vocab = frozenset(vocab)
        codes = [t for t in vocab if t.startswith(">>") and t.endswith("<<")]
        self.target_token = pick_target_token(codes, self.model_id, target_tag)
        max_positions = int(info.get("max_position_embeddings") or 512)
        self._max_positions = max_positions
        self._input_limit = min(self.options.max_input_tokens, max_positions)
        self._joiner = sentence_joiner(target_tag)
        self._source_spm, self._target_spm = _load_spm(path)
        ctranslate2 = _import_ct2()
        self.device = resolve_device(self.options.device, "ctranslate2")
        self.options = dataclasses.replace(self.options, device=self.device)  # where it runs, not "auto"
        self.compute_type = ct2_compute_type(self.device, self.quantization)
        try:
            self.translator = ctranslate2.Translator(
                str(path),
                device=self.device,
                compute_type=self.compute_type,
                intra_threads=self.options.threads,
            )
        except Exception as exc:  # CTranslate2 raises several types for damaged files
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
            raise ModelError(f"cannot load {path} with CTranslate2 (damaged files?): {reason}") from exc

    def encode(self, text: str) -> list[str]:
        """Return the model input tokens of ``text``: target token, sentencepiece pieces, ``</s>``.

        Pieces the vocabulary lacks become ``<unk>`` (as ``MarianTokenizer`` maps them).
        """
        code: list[str] = []
        if text.startswith(">>") and (end := text.find("<<")) != -1:  # as MarianTokenizer does
            code, text = [text[: end + 2]], text[end + 2 :]
        pieces = code + self._source_spm.encode(text, out_type=str)
        pieces = [p if p in self._vocab else "<unk>" for p in pieces]
        tokens = [*pieces, "</s>"]
        return [self.target_token, *tokens] if self.target_token is not None else tokens

    _encode = encode  # what ``PieceEngine`` translates and scores with

    def _decode(self, inputs: list[list[str]], options: DecodingOptions) -> list[Output]:
        """Translate token lists: one ``translate_batch`` call per distinct output bound.

        Rows with equal bounds share a call, so each row is decoded once and exactly as alone (the
        bound is the only per-call setting that differs between rows); CTranslate2 sorts a call's
        rows by length into ``MAX_BATCH_SIZE`` batches. Each output carries its confidence
        (``l10n.mt``). With ``options.plain_scores`` it comes from this decode: CTranslate2's
        hypothesis score with length penalty 1 is the sum of the pieces' log-probabilities (end
        token included when produced) divided by their number. Otherwise (penalised decoding) one
        ``score_batch`` pass over the decoded pieces follows (``_piece_means``): no detokenizing
        and re-encoding, the same pieces and end token; within ``translate_unscored`` the pieces go
        into ``Output.unscored`` instead, for ``score_unscored``.
        """
        bounds = [output_bound(options, len(tokens), self._max_positions) for tokens in inputs]
        groups: dict[int, list[int]] = {}
        for i in sorted(range(len(inputs)), key=lambda i: len(inputs[i]), reverse=True):
            groups.setdefault(bounds[i], []).append(i)
        decoded: list[tuple[Piece, float]] = [(((), (), False), 0.0)] * len(inputs)
        for bound, rows in groups.items():
            for i, (tokens, mean) in zip(
                rows, self._call([inputs[i] for i in rows], bound, options), strict=True
            ):
                end = bool(tokens) and tokens[-1] == "</s>"
                decoded[i] = ((tuple(inputs[i]), tuple(tokens[:-1] if end else tokens), end), mean)
            self._decoded(len(rows))  # progress (PieceEngine.on_decoded)
        later = self._deferring and not options.plain_scores  # scored in score_unscored, if at all
        if options.plain_scores or later:
            means = [mean for _, mean in decoded]
        else:
            means = self._piece_means([piece for piece, _ in decoded])
        return [
            Output(
                self._detokenize(piece[1]),
                len(piece[1]) >= bound,
                None if later else math.exp(mean),
                Unscored((piece,)) if later else None,
            )
            for (piece, _), bound, mean in zip(decoded, bounds, means, strict=True)
        ]

    def translate_unscored(
        self, texts: Sequence[str], options: DecodingOptions | None = None
    ) -> list[Output]:
        """``translate_outputs``, penalised outputs left unscored (``l10n.mt.DeferredScoring``)."""
        self._deferring = True
        try:
            return self.translate_outputs(texts, options)
        finally:
            self._deferring = False

    def score_unscored(self, outputs: Sequence[Output]) -> list[float | None]:
        """What ``_decode`` gives the outputs left unscored, in one pass (``l10n.mt.DeferredScoring``)."""
        return deferred_confidences(outputs, self._piece_means)

    def _piece_means(self, rows: Sequence[Piece]) -> list[float]:
        """Mean log-probability of decoded pieces, the end token counted only where it was produced.

        ``score_batch`` appends ``</s>`` and returns its log-probability last; it is dropped for
        an output that stopped at its bound.
        """
        found = self._log_probs([(list(src), list(out)) for src, out, _ in rows])
        means = []
        for (_, _, ended), log_probs in zip(rows, found, strict=True):
            kept = log_probs if ended or len(log_probs) < 2 else log_probs[:-1]
            means.append(sum(kept) / len(kept))
        return means

    def _call(
        self, batch: list[list[str]], limit: int, options: DecodingOptions
    ) -> list[tuple[list[str], float]]:
        """One CTranslate2 call: each input's best hypothesis (at most ``limit`` tokens, then the
        end token when the model produced it) and its mean log-probability (see ``_decode``)."""
        try:
            found = self.translator.translate_batch(
                batch,
                beam_size=options.beam_size,
                max_batch_size=MAX_BATCH_SIZE,
                batch_type="examples",
                max_decoding_length=limit,
                max_input_length=0,  # inputs are already within the limit
                no_repeat_ngram_size=options.no_repeat_ngram_size,
                repetition_penalty=options.repetition_penalty,
                length_penalty=1.0,  # the default, and what makes the score a mean
                return_scores=True,
                return_end_token=True,
            )
        except (RuntimeError, ValueError) as exc:
            raise ModelError(f"{self.model_id}: translation failed: {exc}".splitlines()[0]) from exc
        return [(list(result.hypotheses[0]), float(result.scores[0])) for result in found]

    def _encode_target(self, text: str) -> list[str]:
        """Target pieces of an output (``<unk>`` if not in the vocabulary); ``score_batch`` adds ``</s>``."""
        pieces = [p if p in self._vocab else "<unk>" for p in self._target_spm.encode(text, out_type=str)]
        return pieces[: self._max_positions - 1]

    def _mean_log_probs(self, pairs: list[tuple[list[str], list[str]]]) -> list[float]:
        """Mean log-probability of each target, end of sentence included (``_log_probs``), for ``score``."""
        return [sum(found) / len(found) for found in self._log_probs(pairs)]

    def _log_probs(self, pairs: list[tuple[list[str], list[str]]]) -> list[list[float]]:
        """Per-token log-probabilities of each target and ``</s>`` (``Translator.score_batch``).

        Batches of at most ``SCORE_BATCH_TOKENS`` padded target tokens, sorted by target then
        source length (``token_budget_batches``), one call each, so the full-vocabulary
        log-probabilities CTranslate2 computes for a batch stay bounded and the encoder pads little.
        """
        result: list[list[float]] = [[] for _ in pairs]
        targets, sources = [len(tgt) + 1 for _, tgt in pairs], [len(src) for src, _ in pairs]
        for batch in token_budget_batches(targets, SCORE_BATCH_TOKENS, sources):
            try:
                found = self.translator.score_batch(
                    [pairs[i][0] for i in batch],
                    [pairs[i][1] for i in batch],
                    max_input_length=0,  # inputs are already within the limit
                )
            except (RuntimeError, ValueError) as exc:
                raise ModelError(f"{self.model_id}: scoring failed: {exc}".splitlines()[0]) from exc
            for i, one in zip(batch, found, strict=True):
                result[i] = list(one.log_probs)
        return result

    def _detokenize(self, tokens: Sequence[str]) -> str:
        kept = [t for t in tokens if t not in _SPECIALS]
        text: str = self._target_spm.decode_pieces(kept)
        return text.replace("\u2581", " ").strip()


def _load_spm(path: Path) -> tuple[Any, Any]:
    import sentencepiece as spm  # engine runtime, loaded with the model

    try:
        return (
            spm.SentencePieceProcessor(model_file=str(path / "source.spm")),
            spm.SentencePieceProcessor(model_file=str(path / "target.spm")),
        )
    except (OSError, RuntimeError) as exc:
        raise ModelError(f"{path}: unreadable sentencepiece model ({exc})") from exc


__all__ = ["CT2_METADATA", "CT2Engine", "convert", "converted_dir_name", "is_converted"]
