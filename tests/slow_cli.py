"""Test-only entry point: the l10n CLI, with a deliberately slow fake engine when asked.

Used by test_kill.py to kill real ``l10n build`` processes mid-translation. Not part of the
product. ``L10N_TEST_ENGINE=slow`` replaces ``l10n.mt.factory.make_engine`` by an engine that
sleeps ``L10N_TEST_DELAY`` seconds per call (default 0.03) and returns ``XX <source>``; every
call appends a line to ``L10N_TEST_MARK`` (a file) so the test knows translation has begun.
Without ``L10N_TEST_ENGINE`` the configured model (e.g. the tiny test model) is used, its calls
marked the same way.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence


class SlowEngine:
    """A fake MT engine: visibly different output, a fixed delay per call."""

    name = "fake"
    model_id = "test/slow-en-xx"
    revision = "0000"

    def __init__(self, delay: float, mark: str | None) -> None:
        self.delay, self.mark = delay, mark

    def translate(self, texts: Sequence[str]) -> list[str]:
        if self.mark:
            with open(self.mark, "a", encoding="utf-8") as fh:
                fh.write(f"{len(texts)}\n")
        time.sleep(self.delay)
        return [f"XX {t}" for t in texts]


class Marked:
    """Wraps a real engine (the tiny model): each call is appended to the mark file first."""

    def __init__(self, engine, mark: str) -> None:
        self.engine, self.mark = engine, mark
        self.name, self.model_id, self.revision = engine.name, engine.model_id, engine.revision

    def translate(self, texts: Sequence[str]) -> list[str]:
        with open(self.mark, "a", encoding="utf-8") as fh:
            fh.write(f"{len(texts)}\n")
        return self.engine.translate(texts)

    def score(self, sources: Sequence[str], outputs: Sequence[str]) -> list[float]:
        return self.engine.score(sources, outputs)


def main() -> None:
    import l10n.mt.factory

    mark = os.environ.get("L10N_TEST_MARK")
    if os.environ.get("L10N_TEST_ENGINE") == "slow":
        delay = float(os.environ.get("L10N_TEST_DELAY", "0.03"))
        l10n.mt.factory.make_engine = lambda *a, **k: SlowEngine(delay, mark)  # type: ignore[assignment]
    elif mark:
        real = l10n.mt.factory.make_engine
        l10n.mt.factory.make_engine = lambda *a, **k: Marked(real(*a, **k), mark)  # type: ignore[assignment]
    from l10n.cli import app

    app(prog_name="l10n")


if __name__ == "__main__":
    main()
