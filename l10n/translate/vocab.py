"""Which symbols a MarianMT model can write: read from its own sentencepiece models and vocabulary.

An opus-mt model sees its input through ``source.spm`` (NFKC-normalizing: ``™`` becomes ``TM``,
``①`` becomes ``1``) and writes through ``vocab.json`` and ``target.spm``; a character none of
its pieces covers becomes ``<unk>`` (most emoji). Such a symbol cannot survive translation, so
``l10n.translate.protect.mask`` masks it like a placeholder when given ``Vocabulary.writes``.
A symbol is writable when, on both sides, its pieces are in the vocabulary and decode back to
the same character. Both engines (``marian``, ``ctranslate2``) use these same files.

``vocabulary_of`` reads them (sentencepiece is the engines' own dependency, imported here on
use); a model folder without them gives None (nothing is masked for it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

Writable = Callable[[str], bool]
"""Whether the model can carry one character through translation."""


class Vocabulary:
    """The source and target sentencepiece models of a MarianMT model and its vocabulary.

    Args:
        source, target: ``sentencepiece.SentencePieceProcessor`` of ``source.spm``/``target.spm``.
        pieces: the model vocabulary's pieces (``vocab.json`` keys).
    """

    def __init__(self, source: Any, target: Any, pieces: frozenset[str]) -> None:
        self._source, self._target, self._pieces = source, target, pieces
        self.writes: Writable = lru_cache(maxsize=4096)(self._writes)

    def _writes(self, ch: str) -> bool:
        """True when both sides turn ``ch`` into known pieces that decode back to ``ch``."""
        for sp in (self._source, self._target):
            pieces = sp.encode(ch, out_type=str)
            if not pieces or any(p not in self._pieces for p in pieces):
                return False
            if sp.decode_pieces(pieces) != ch:
                return False
        return True


def vocabulary_of(model_dir: Path) -> Vocabulary | None:
    """The ``Vocabulary`` of the MarianMT model (or converted CTranslate2 model) in ``model_dir``.

    Returns:
        None when ``source.spm``, ``target.spm`` or ``vocab.json`` is missing or unreadable, or
        sentencepiece is not installed: then no symbol is masked (the engine reports the model).
    """
    files = [model_dir / name for name in ("source.spm", "target.spm", "vocab.json")]
    if not all(f.is_file() for f in files):
        return None
    try:
        import sentencepiece as spm  # the engines' dependency, loaded with the model

        source = spm.SentencePieceProcessor(model_file=str(files[0]))
        target = spm.SentencePieceProcessor(model_file=str(files[1]))
        vocab = json.loads(files[2].read_text(encoding="utf-8"))
    except (ImportError, OSError, RuntimeError, ValueError):
        return None
    if not isinstance(vocab, dict):
        return None
    return Vocabulary(source, target, frozenset(vocab))


__all__ = ["Vocabulary", "Writable", "vocabulary_of"]
