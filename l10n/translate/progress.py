"""Progress within a catalog's batches: the translate stage's bar moves while a batch runs.

``l10n.translate.fill`` counts an entry as finished once its output is stored, after its whole
batch (``SLICE`` units: decode, scoring, retry pass) is back; on a CPU that can take a minute.
``BatchProgress`` reports to the same ``progress`` sink as the batch runs, from the steps the
executor tells (``l10n.translate.executor.Watch``; the local executor tells them, a Ray batch
runs remotely and tells nothing):

- while the batch decodes, the count moves to ``entries * done // total`` of the batch's
  ``entries``, short of the last one (which counts once the batch is stored);
- when the batch is stored (``end``), the rest of its entries: over a catalog the counts add
  up to exactly what ``fill`` reports without steps, they never go back, never exceed the
  batch's entries, and checkpoints come at the same points;
- steps that finish no entry go to ``step`` as a label (``"vi: scoring"``, ``"vi: retrying 3
  units"``; the CLI shows a spinner until the next count); the retry pass's decode moves no
  count (its entries are counted as decoded already) but its label (``"vi: retrying 3 units,
  2 decoded"``), and so does its scoring pass (``"vi: retrying 3 units, scoring 1"``: in the
  decode, or after it over the retry outputs kept, ``l10n.translate.executor.LateScoring``).
"""

from __future__ import annotations

from collections.abc import Callable


class BatchProgress:
    """Reports one catalog's batches to the stage's sinks (module docstring).

    Args:
        lang: BCP 47 target tag, the first word of every step label.
        progress: called with the number of entries just finished (or decoded), or None.
        step: called with the label of a step that finishes no entry, or None.
    """

    def __init__(
        self, lang: str, progress: Callable[[int], None] | None, step: Callable[[str], None] | None
    ) -> None:
        self._lang, self._progress, self._step = lang, progress, step
        self._entries = self._shown = 0
        self._retrying = 0  # texts of the retry pass running, or 0

    def begin(self, entries: int) -> None:
        """A batch of ``entries`` catalog entries starts (its result is read next)."""
        self._entries, self._shown, self._retrying = entries, 0, 0

    def watch(self, step: str, done: int, total: int) -> None:
        """The executor's ``Watch`` for the batch running: ``"decode"`` moves the count (the retry
        pass's, its label), ``"score"`` shows a step (the retry pass's, in its label)."""
        if self._retrying:
            if step == "decode" and 0 < done < total:
                self._say(f"{_retrying_label(self._retrying)}, {self._retrying * done // total} decoded")
            elif step == "score":
                self._say(f"{_retrying_label(self._retrying)}, scoring {total}")
            return
        if step == "score":
            self._say("scoring")
        elif total > 0:
            self._move(min(self._entries - 1, self._entries * min(done, total) // total))

    def retrying(self, texts: int) -> None:
        """The retry pass over ``texts`` masked texts begins (shown as a step)."""
        self._retrying = texts
        self._say(_retrying_label(texts))

    def end(self, done: int) -> None:
        """The batch's ``done`` entries are stored: report those not reported yet."""
        self._move(done)
        self._entries = self._shown = self._retrying = 0

    def _move(self, to: int) -> None:
        if to > self._shown and self._progress is not None:
            self._progress(to - self._shown)
            self._shown = to

    def _say(self, what: str) -> None:
        if self._step is not None:
            self._step(f"{self._lang}: {what}")


def _retrying_label(texts: int) -> str:
    return f"retrying {texts} unit{'' if texts == 1 else 's'}"


__all__ = ["BatchProgress"]
