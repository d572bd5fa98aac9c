"""Every protected-kind pattern of ``l10n.inline`` runs in time linear in its input (issue 19).

The e-mail pattern used to retry every position of a long run of letters and digits without
``@`` (a 20 KB msgstr: 19.6 s in ``compile``). Each case times 10 KB against 100 KB of the same
shape in this process (the best of a few runs each): linear work grows about 10x, quadratic
work 100x. The clock is the thread's CPU time, which other processes on a loaded machine do
not inflate; a ratio under 20 separates linear from quadratic with room for cache effects.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from l10n.inline import EMAIL, inline_tokens, links, protected_spans

SHAPES: dict[str, Callable[[int], str]] = {
    "letters": lambda n: "a" * n,
    "letters and dots": lambda n: "a." * (n // 2),
    "letters and plus": lambda n: "a+" * (n // 2),
    "domain without dot": lambda n: "x@" + "a-" * (n // 2),
    "printf digits": lambda n: "%" + "1" * n,
    "printf open name": lambda n: "%(" + "a" * n,
    "brace open": lambda n: "{" + "a" * n,
    "brace dotted": lambda n: "{a" + ".a" * (n // 2),
    "template open": lambda n: "{{" + "a" * n,
    "placeholder digits": lambda n: "<" + "1" * n,
    "www runs": lambda n: "www." * (n // 4),
    "many printf": lambda n: "%s " * (n // 3),
    "many addresses": lambda n: "a@b.cc " * (n // 7),
}


def best_time(func: Callable[[str], object], text: str, runs: int = 5) -> float:
    """The shortest of ``runs`` timings of ``func(text)``, in seconds of this thread's CPU time."""
    best = float("inf")
    for _ in range(runs):
        start = time.thread_time()
        func(text)
        best = min(best, time.thread_time() - start)
    return best


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_inline_tokens_time_grows_linearly(shape: str) -> None:
    small, large = SHAPES[shape](10_000), SHAPES[shape](100_000)
    inline_tokens(small)  # warm up
    ratio = best_time(inline_tokens, large) / max(best_time(inline_tokens, small), 1e-4)
    assert ratio < 20, f"{shape}: 10x the input took {ratio:.0f}x the time"


def test_email_matches_as_before_on_ordinary_text() -> None:
    text = "Write to desk@example.org, j.doe+news@mail.example.co.uk or me@www.x.org/a."
    assert EMAIL.findall(text) == ["desk@example.org", "j.doe+news@mail.example.co.uk", "me@www.x.org"]
    assert [link for link, _ in links(text)] == [
        "www.x.org/a",
        "desk@example.org",
        "j.doe+news@mail.example.co.uk",
        "me@www.x.org",
    ]
    assert protected_spans("%s and %s and %(n)d") == [(0, 2), (7, 9), (14, 19)]
    assert EMAIL.findall("a" * 50_000) == []  # a long run without @ is not an address
