"""Fuzzy matching for merges: which old msgid lends its translation to a changed one.

Why this is our own code: polib's ``POFile.merge`` only matches identical msgids, so a
reworded sentence would lose its translation; GNU msgmerge keeps it as a fuzzy suggestion
and so do we (``l10n.catalog.catalog.Catalog.update``).

The measure is ``difflib.SequenceMatcher.ratio()`` (2 x matching characters / total length);
a candidate needs more than ``THRESHOLD``. Ties go to the earlier old msgid, as in msgmerge.

Kept near-linear for large catalogs (one article has tens of entries, a merged project may have
thousands): when ``len(old) x queries`` is at most ``BRUTE_FORCE_PAIRS`` every old msgid is
compared; above, only old msgids sharing rare words with the new one are (an inverted word
index: words found in more than ``MAX_POSTING`` old msgids nominate nobody, and the
``MAX_CANDIDATES`` old msgids sharing most words are compared). Each comparison first applies
difflib's cheap upper bounds (``real_quick_ratio``, from the lengths, then ``quick_ratio``).

Plain values only (``str`` msgids, indexes), no catalog types.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

THRESHOLD = 0.6
"""``difflib.SequenceMatcher.ratio()`` a changed msgid must exceed (strictly) to inherit an old
translation as fuzzy; 0.6 is GNU msgmerge's ``FUZZY_THRESHOLD`` (for its own similar ``fstrcmp``
measure), and msgmerge's test is strict too (``fuzzy_search_goal_function > FUZZY_THRESHOLD``)."""

CONTEXT_BONUS = 0.00001
"""Added to the ratio of an old entry without msgctxt or with the new entry's msgctxt: of two
equally similar old entries, that one lends its translation (GNU msgmerge,
``fuzzy_search_goal_function``). Unlike msgmerge it never lifts a ratio of exactly
``THRESHOLD`` over it: a match needs a ratio strictly above."""

BRUTE_FORCE_PAIRS = 20_000
"""Below this many (old x new) pairs, every pair is compared."""
MAX_POSTING = 200
"""Words in more old msgids than this do not nominate candidates."""
MAX_CANDIDATES = 20
"""Candidates compared per new msgid (when indexed), by number of shared words."""

_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


class FuzzyMatcher:
    """Find, for a changed msgid, the index of the most similar old msgid.

    Args:
        old: the old msgids (translated entries the merge did not use).
        queries: how many times ``best`` will be called (chooses brute force or the word index).
        plural: for each old msgid, whether its entry has plural forms; a plural entry only
            matches a plural one, a singular only a singular one. None: all singular.
        contexts: for each old msgid, its entry's msgctxt. An old entry without one, or with
            the msgctxt of the new entry, scores ``CONTEXT_BONUS`` more (msgmerge's tie-break
            between equally similar entries). None: all without.

    Raises:
        ValueError: ``plural`` or ``contexts`` has not one value per old msgid.
    """

    def __init__(
        self,
        old: Sequence[str],
        *,
        queries: int = 1,
        plural: Sequence[bool] | None = None,
        contexts: Sequence[str | None] | None = None,
    ) -> None:
        self.old = list(old)
        self.plural = list(plural) if plural is not None else [False] * len(self.old)
        self.contexts = list(contexts) if contexts is not None else [None] * len(self.old)
        if len(self.plural) != len(self.old) or len(self.contexts) != len(self.old):
            raise ValueError("plural and contexts must have one value per old msgid")
        self.brute = len(self.old) * queries <= BRUTE_FORCE_PAIRS
        self.postings: dict[str, list[int]] = defaultdict(list)
        if not self.brute:
            for i, msgid in enumerate(self.old):
                for word in _words(msgid):
                    self.postings[word].append(i)

    def _candidates(self, text: str) -> Iterable[int]:
        """Old msgid indexes to compare, most promising first (most shared rare words)."""
        if self.brute:
            return range(len(self.old))
        counts: Counter[int] = Counter()
        for word in _words(text):
            posting = self.postings.get(word)
            if posting and len(posting) <= MAX_POSTING:
                counts.update(posting)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return [i for i, _ in ranked[:MAX_CANDIDATES]]

    def best(self, msgid: str, *, plural: bool = False, msgctxt: str | None = None) -> int | None:
        """The index of the most similar old msgid with ratio > ``THRESHOLD`` (ties: the
        earlier one), or None.

        Args:
            msgid: the new msgid.
            plural: whether the new entry has plural forms (see the class).
            msgctxt: the new entry's msgctxt (see ``contexts`` in the class).
        """
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(msgid)
        best_i, best_ratio = -1, THRESHOLD
        for i in self._candidates(msgid):
            if self.plural[i] != plural:
                continue
            matcher.set_seq1(self.old[i])
            context = self.contexts[i]
            bonus = CONTEXT_BONUS if context is None or context == msgctxt else 0.0
            # cheap upper bounds first; strict "<" so that an equal ratio can still win a tie
            if matcher.real_quick_ratio() + bonus < best_ratio or matcher.quick_ratio() + bonus < best_ratio:
                continue
            raw = matcher.ratio()
            ratio = raw + bonus
            if raw <= THRESHOLD:  # strictly above, bonus or not
                continue
            if ratio > best_ratio or (ratio == best_ratio and best_i >= 0 and i < best_i):
                best_i, best_ratio = i, ratio
        return best_i if best_i >= 0 else None
