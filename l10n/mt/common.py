"""Pure helpers every engine shares: options, splitting of long inputs, output bounds, joining.

No model library is imported here. An engine encodes a unit into tokens (ids or strings, any
sequence type), and these functions decide what reaches the model and how outputs are put back:

- ``plan_pieces``: blank units skipped, units longer than the input limit split at sentence,
  clause or word boundaries (``split_to_fit``), never truncated;
- ``output_bound``: the largest number of output tokens a piece may have;
- ``join_outputs``: the pieces' outputs joined per unit with the target's sentence joiner
  (``l10n.locale.sentence_joiner``, the one rule for joining sentences);
- ``translate_in_pieces``: the three steps in order, what every engine's ``translate`` does;
- ``score_in_pieces``: confidence of outputs (``Engine.score``) over the same pieces;
- ``PieceEngine``: ``translate``, ``translate_outputs`` and ``score`` wired onto the two
  functions above, the base of both engines (each keeps its own encoding and decoding).
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from l10n.errors import ModelError, UsageError
from l10n.mt import DecodingOptions, Output, Unscored
from l10n.mt.registry import target_token_candidates

T = TypeVar("T", bound=Sequence[Any])

# Where a too-long input may be cut, tried in this order (the cut keeps the text's own
# punctuation; the whitespace at the cut is dropped and the target joiner put back).
_CUTS = (
    re.compile(r"(?<=[.!?。！？])\s+"),  # sentence ends
    re.compile(r"(?<=[,;:，；：、])\s+|\s+(?=[-–—(])"),  # clauses
    re.compile(r"\s+"),  # words
)


def split_to_fit(text: str, count: Callable[[str], int], limit: int) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` tokens each, as counted by ``count``.

    Cuts at sentence ends first, then clause punctuation, then spaces; a single word
    longer than ``limit`` is cut between characters. Pieces are stripped; joined with
    spaces they give back the text's words in order. Hand-written because the tokenizer
    only truncates and the sentence splitter knows no token budget.

    Args:
        text: the input.
        count: tokens of a piece (as the model will see it, special tokens included).
        limit: largest allowed ``count``; at least 1 token of text must fit.

    Returns:
        ``[text.strip()]`` when it fits, else the pieces in order.
    """
    text = text.strip()
    if count(text) <= limit or len(text) <= 1:
        return [text]
    parts: list[str] = []
    joiner = " "
    for cut in _CUTS:
        parts = [p for p in cut.split(text) if p.strip()]
        if len(parts) > 1:
            break
    else:  # one overlong "word" (e.g. Chinese text without spaces): cut between characters
        half = len(text) // 2
        parts, joiner = [text[:half], text[half:]], ""
    chunks: list[str] = []
    current = ""
    for part in parts:
        candidate = f"{current}{joiner}{part}" if current else part
        if current and count(candidate) > limit:
            chunks.append(current)
            current = part
        else:
            current = candidate
    chunks.append(current)
    if len(chunks) == 1 and len(parts) > 1:  # cannot happen unless count is not monotonic
        chunks = parts
    return [piece for chunk in chunks for piece in split_to_fit(chunk, count, limit)]


def plan_pieces(texts: Sequence[str], encode: Callable[[str], T], limit: int) -> list[tuple[int, T]]:
    """Encode ``texts`` into model inputs of at most ``limit`` tokens each.

    Args:
        texts: the units.
        encode: a stripped text -> its model input (token ids or token strings, special tokens
            included); ``len`` of the result is its length in tokens.
        limit: the longest model input in tokens.

    Returns:
        ``(unit index, encoded piece)`` pairs in unit and piece order; blank units have none.
    """
    pieces: list[tuple[int, T]] = []
    for index, text in enumerate(texts):
        if not text.strip():
            continue
        encoded = encode(text.strip())
        if len(encoded) <= limit:
            pieces.append((index, encoded))
            continue
        for chunk in split_to_fit(text, lambda t: len(encode(t)), limit):
            pieces.append((index, encode(chunk)[:limit]))  # type: ignore[arg-type]  # only a 1-char piece
    return pieces


def join_outputs(
    count: int, pieces: Sequence[tuple[int, Any]], outputs: Sequence[Output], joiner: str
) -> list[Output]:
    """Join the outputs of ``pieces`` (from ``plan_pieces``) into one ``Output`` per unit.

    Args:
        count: number of units.
        pieces: ``(unit index, input)`` pairs, as ``plan_pieces`` returned them.
        outputs: one output per piece, same order.
        joiner: the target language's sentence joiner.

    Returns:
        ``count`` outputs; text ``""`` for a unit with no piece or only empty outputs;
        ``at_bound`` when any piece of the unit stopped at its bound; ``confidence`` the
        minimum over the unit's pieces (its weakest part), None when a piece has none;
        ``unscored`` the pieces' together (``Unscored.join``).
    """
    joined: list[list[str]] = [[] for _ in range(count)]
    bounded = [False] * count
    worst: list[float | None] = [math.inf] * count
    later: list[list[Unscored | None]] = [[] for _ in range(count)]
    for (index, _), out in zip(pieces, outputs, strict=True):
        if out.text:
            joined[index].append(out.text)
        bounded[index] = bounded[index] or out.at_bound
        low = worst[index]
        worst[index] = None if low is None or out.confidence is None else min(low, out.confidence)
        later[index].append(out.unscored)
    return [
        Output(joiner.join(parts), at, None if low is None or math.isinf(low) else low, Unscored.join(un))
        for parts, at, low, un in zip(joined, bounded, worst, later, strict=True)
    ]


def translate_in_pieces(
    texts: Sequence[str],
    encode: Callable[[str], T],
    decode: Callable[[list[T]], list[Output]],
    limit: int,
    joiner: str,
) -> list[Output]:
    """Translate ``texts`` (one unit each): ``plan_pieces``, ``decode`` the pieces, ``join_outputs``.

    Args:
        texts: the units.
        encode: a stripped text -> its model input (see ``plan_pieces``).
        decode: model inputs -> one ``Output`` per input, same order.
        limit: the longest model input in tokens.
        joiner: the target language's sentence joiner (``l10n.locale.sentence_joiner``).

    Returns:
        One output per unit, in order; ``Output("")`` for a blank unit (it never reaches ``decode``).
    """
    pieces = plan_pieces(texts, encode, limit)
    outputs = decode([encoded for _, encoded in pieces])
    return join_outputs(len(texts), pieces, outputs, joiner)


@dataclass(frozen=True)
class PieceScoring(Generic[T]):
    """What ``score_in_pieces`` needs from an engine.

    Attributes:
        encode: a stripped source text -> its model input, exactly as translation encodes it
            (target-language token included).
        encode_target: an output text -> its reference tokens for teacher forcing (the target
            tokenizer's tokens; end-of-sentence handling is ``mean_log_probs``'s).
        decode: model inputs -> one output string each (the engine's decoding), used only to
            recover the pieces' outputs of a split unit.
        mean_log_probs: ``(input, reference)`` pairs -> the mean natural-log probability of each
            reference's tokens, end-of-sentence included, in one teacher-forced pass, same order.
        limit: the longest model input in tokens (as for ``translate_in_pieces``).
        joiner: the target language's sentence joiner.
    """

    encode: Callable[[str], T]
    encode_target: Callable[[str], T]
    decode: Callable[[list[T]], list[str]]
    mean_log_probs: Callable[[list[tuple[T, T]]], list[float]]
    limit: int
    joiner: str


def score_in_pieces(sources: Sequence[str], outputs: Sequence[str], how: PieceScoring[T]) -> list[float]:
    """Return the confidence of each output: exp of the mean token log-probability (``l10n.mt``).

    A source is planned into pieces as ``translate_in_pieces`` plans it. A one-piece unit is
    scored against its whole output. A unit split into pieces is scored piece by piece and gets
    the minimum over its pieces (its weakest part); the pieces' outputs are recovered by decoding
    the pieces again (decoding is deterministic; only units over the input limit pay this) and
    must join back into the given output, else the unit gets ``nan`` (the output is not this
    engine's, so there is nothing to align it with).

    Args:
        sources: the units, as given to ``translate``.
        outputs: one output per unit.
        how: the engine's encoders, decoder and scorer.

    Returns:
        One value in (0, 1] per unit; ``nan`` for a blank source or an unalignable split unit.
    """
    if len(sources) != len(outputs):
        raise ValueError(f"score: {len(sources)} sources but {len(outputs)} outputs")
    by_unit: dict[int, list[T]] = {}
    for index, encoded in plan_pieces(sources, how.encode, how.limit):
        by_unit.setdefault(index, []).append(encoded)
    split = [i for i, pieces in by_unit.items() if len(pieces) > 1]
    decoded = iter(how.decode([piece for i in split for piece in by_unit[i]]) if split else [])
    pairs: list[tuple[int, T, T]] = []
    for index, pieces in by_unit.items():
        if len(pieces) == 1:
            pairs.append((index, pieces[0], how.encode_target(outputs[index].strip())))
            continue
        found = [next(decoded) for _ in pieces]
        if how.joiner.join(out for out in found if out) != outputs[index]:
            continue
        pairs.extend((index, piece, how.encode_target(out)) for piece, out in zip(pieces, found, strict=True))
    means = how.mean_log_probs([(src, ref) for _, src, ref in pairs]) if pairs else []
    worst: dict[int, float] = {}
    for (index, _, _), mean in zip(pairs, means, strict=True):
        worst[index] = min(worst.get(index, math.inf), mean)
    return [math.exp(worst[i]) if i in worst else math.nan for i in range(len(sources))]


class PieceEngine(ABC, Generic[T]):
    """``translate``, ``translate_outputs`` and ``score`` over an engine's own encoding and decoding.

    What both engines share: units planned into pieces, decoded and joined
    (``translate_in_pieces``), and scored over the same pieces (``score_in_pieces``). No model
    library is imported here; a subclass loads its model and provides the token-level steps.

    A subclass sets these attributes in its ``__init__``:

    Attributes:
        options: the engine's decoding options (``checked_options``).
        _input_limit: the longest model input in tokens.
        _joiner: the target language's sentence joiner (``l10n.locale.sentence_joiner``).
        on_decoded: set by a caller showing progress (None: none): during ``translate_outputs``,
            called with ``(done, total)`` model inputs (pieces) of the call, ``done`` rising, after
            each of the engine's own batches (its ``_decode`` calls ``_decoded``), then at the end.
    """

    options: DecodingOptions
    _input_limit: int
    _joiner: str
    on_decoded: Callable[[int, int], None] | None = None
    _tally: list[int] | None = None  # [done, total] of the translate_outputs call decoding now

    @abstractmethod
    def _encode(self, text: str) -> T:
        """A stripped source text -> its model input, target-language token included (``plan_pieces``)."""

    @abstractmethod
    def _decode(self, inputs: list[T], options: DecodingOptions) -> list[Output]:
        """Model inputs -> one ``Output`` per input, same order, decoded with ``options``.

        Raises:
            ModelError: the model failed.
        """

    @abstractmethod
    def _encode_target(self, text: str) -> T:
        """An output text -> its reference tokens for teacher forcing (``PieceScoring.encode_target``)."""

    @abstractmethod
    def _mean_log_probs(self, pairs: list[tuple[T, T]]) -> list[float]:
        """``(input, reference)`` pairs -> mean log-probability of each reference (``PieceScoring``).

        Raises:
            ModelError: the model failed.
        """

    def translate(self, texts: Sequence[str]) -> list[str]:
        """Translate ``texts`` (one unit each); returns one output per input, in order.

        Blank inputs give ``""``; longer inputs are split and rejoined (``translate_in_pieces``).

        Raises:
            ModelError: translation failed.
        """
        return [out.text for out in self.translate_outputs(texts)]

    def translate_outputs(self, texts: Sequence[str], options: DecodingOptions | None = None) -> list[Output]:
        """Translate ``texts`` with ``options`` (None: the engine's own); one ``Output`` per input.

        ``Output.at_bound`` tells a unit some piece of which stopped at its output bound.

        Raises:
            ModelError: translation failed.
            UsageError: nonsensical ``options``.
        """
        opts = self.options if options is None else checked_options(options)
        return translate_in_pieces(
            texts, self._encode, lambda inputs: self._counted(inputs, opts), self._input_limit, self._joiner
        )

    def _counted(self, inputs: list[T], options: DecodingOptions) -> list[Output]:
        """``_decode``, then ``on_decoded(total, total)`` (the batches between: ``_decoded``)."""
        self._tally = [0, len(inputs)]
        try:
            outputs = self._decode(inputs, options)
        finally:
            self._tally = None
        if inputs and self.on_decoded is not None:
            self.on_decoded(len(inputs), len(inputs))
        return outputs

    def _decoded(self, count: int) -> None:
        """A subclass's ``_decode`` calls this after each batch of ``count`` model inputs it decoded.

        Told ``on_decoded`` only within ``translate_outputs`` (not ``score``'s decode of split
        units) and short of the total, which ``_counted`` tells once at the end.
        """
        tally = self._tally
        if tally is None or self.on_decoded is None:
            return
        tally[0] = min(tally[0] + count, tally[1])
        if tally[0] < tally[1]:
            self.on_decoded(tally[0], tally[1])

    def score(self, sources: Sequence[str], outputs: Sequence[str]) -> list[float]:
        """Return the model's confidence in each output (``l10n.mt.Engine.score``).

        exp of the mean token log-probability of the output (``_mean_log_probs``), inputs
        encoded as for translation (``score_in_pieces`` for split units).

        Raises:
            ModelError: scoring failed.
        """
        how = PieceScoring(
            encode=self._encode,
            encode_target=self._encode_target,
            decode=lambda batch: [out.text for out in self._decode(batch, self.options)],
            mean_log_probs=self._mean_log_probs,
            limit=self._input_limit,
            joiner=self._joiner,
        )
        return score_in_pieces(sources, outputs, how)


def length_sorted_batches(lengths: Sequence[int], size: int) -> list[list[int]]:
    """Return the indices ``0..len(lengths)-1`` longest first, cut into batches of ``size``.

    The batching every engine uses for translation and for scoring.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i], reverse=True)
    return [order[start : start + size] for start in range(0, len(order), size)]


def token_budget_batches(
    lengths: Sequence[int], budget: int, ties: Sequence[int] | None = None
) -> list[list[int]]:
    """Return the indices ``0..len(lengths)-1`` longest first, cut into batches of at most
    ``budget`` padded tokens: a batch takes rows while ``rows x its longest length <= budget``.

    A row longer than ``budget`` is a batch alone. Rows of equal length are ordered by ``ties``
    (longest first; e.g. their source lengths, so the inputs padded together are alike). For a
    pass whose memory grows with the padded tokens of a batch (a scoring pass: ``tokens x
    vocabulary`` log-probabilities).
    """
    second = ties if ties is not None else [0] * len(lengths)
    batches: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lambda i: (lengths[i], second[i]), reverse=True):
        if batches and (len(batches[-1]) + 1) * lengths[batches[-1][0]] <= budget:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def output_bound(options: DecodingOptions, input_tokens: int, max_positions: int) -> int:
    """Return the most output tokens (end-of-sentence excluded) allowed for an input.

    ``options.max_output_tokens(input_tokens)``, capped by the model's position limit
    (``max_positions - 1``), at least 1.
    """
    return max(1, min(options.max_output_tokens(input_tokens), max_positions - 1))


def pick_target_token(codes: Sequence[str], model_id: str, target_tag: str) -> str | None:
    """Return the target-language token (``>>vie<<``) a model needs for ``target_tag``.

    Args:
        codes: the ``>>xxx<<`` tokens the model's vocabulary lists (empty for a single-target model).
        model_id: for the error message.
        target_tag: BCP 47 target tag.

    Returns:
        None when ``codes`` is empty, else the best candidate of ``target_token_candidates``.

    Raises:
        ModelError: ``codes`` is not empty and none of them means ``target_tag``.
    """
    if not codes:
        return None
    for candidate in target_token_candidates(target_tag):
        if candidate in codes:
            return candidate
    listed = " ".join(sorted(codes)[:12]) + (" ..." if len(codes) > 12 else "")
    raise ModelError(
        f"{model_id} needs a target-language token and has none for '{target_tag}' "
        f"(it lists {listed}); choose another model with --model"
    )


def checked_options(options: DecodingOptions | None) -> DecodingOptions:
    """Return ``options`` (None: the defaults) after checking the values make sense to an engine.

    Raises:
        UsageError: beam or batch size below 1, input limit below 8 tokens, output ratio not
            positive, an n-gram ban of 1 or 2 tokens or below 0, a repetition penalty not positive.
    """
    result = options or DecodingOptions()
    if result.no_repeat_ngram_size < 0 or result.no_repeat_ngram_size in (1, 2):
        raise UsageError("decoding no_repeat_ngram_size must be 0 (off) or at least 3")
    if result.repetition_penalty <= 0:
        raise UsageError("decoding repetition_penalty must be positive (1.0 is off)")
    if result.beam_size < 1 or result.batch_size < 1:
        raise UsageError("decoding beam_size and batch_size must be at least 1")
    if result.max_input_tokens < 8:
        raise UsageError("decoding max_input_tokens must be at least 8")
    if result.max_output_ratio <= 0:
        raise UsageError("decoding max_output_ratio must be positive")
    return result


__all__ = [
    "PieceEngine",
    "PieceScoring",
    "checked_options",
    "join_outputs",
    "length_sorted_batches",
    "output_bound",
    "pick_target_token",
    "plan_pieces",
    "score_in_pieces",
    "split_to_fit",
    "token_budget_batches",
    "translate_in_pieces",
]
