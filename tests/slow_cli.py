"""Test-only entry point: the l10n CLI, with a deliberately slow fake engine when asked.

Used by test_kill.py to kill real ``l10n build`` processes mid-translation. Not part of the
product. ``L10N_TEST_ENGINE=slow`` replaces ``l10n.mt.factory.make_engine`` by an engine that
sleeps ``L10N_TEST_DELAY`` seconds per call (default 0.03) and returns ``XX <source>``; every
call appends a line to ``L10N_TEST_MARK`` (a file) so the test knows translation has begun.
Without ``L10N_TEST_ENGINE`` the configured model (e.g. the tiny test model) is used.
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


def main() -> None:
    if os.environ.get("L10N_TEST_ENGINE") == "slow":
        import l10n.mt.factory

        delay = float(os.environ.get("L10N_TEST_DELAY", "0.03"))
        mark = os.environ.get("L10N_TEST_MARK")
        l10n.mt.factory.make_engine = lambda *a, **k: SlowEngine(delay, mark)  # type: ignore[assignment]
    from l10n.cli import app

    app(prog_name="l10n")


if __name__ == "__main__":
    main()
