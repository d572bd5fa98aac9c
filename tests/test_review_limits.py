"""Issue 19: what one review approval may hold is bounded (``[review] max_text``), and the page
renders a long approved text in time linear in its length."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from reviewproject import TXT_PO, make_project, request, serving
from test_review_server import approval, load_page, token_header

from l10n.config import load_config
from l10n.config_sections import ReviewOptions
from l10n.errors import ConfigError
from l10n.review.text import rich_text


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_project(tmp_path / "p", monkeypatch)


def test_a_msgstr_over_max_text_is_a_one_line_400_po_unchanged(project: Path) -> None:
    with (project / "l10n.toml").open("a", encoding="utf-8") as f:
        f.write("\n[review]\nmax_text = 40\n")
    before = (project / TXT_PO).read_bytes()
    with serving(project) as server:
        page, _ = load_page(server)
        status, body = request(
            server, "POST", "/api/approve", approval(page, "Will Russia", "x" * 41), token_header(server)
        )
        assert status == 400
        assert b"\n" not in body.strip()
        assert json.loads(body) == {
            "status": "invalid",
            "message": "msgstr: 41 characters, more than review.max_text (40)",
        }
        assert (project / TXT_PO).read_bytes() == before
        ok = approval(page, "Will Russia", "Nga có " + "x" * 33)  # 40 characters: at the bound
        status, body = request(server, "POST", "/api/approve", ok, token_header(server))
        assert status == 200, body
        assert json.loads(body)["status"] == "ok"
    assert "x" * 33 in (project / TXT_PO).read_text(encoding="utf-8")


def test_max_text_defaults_to_100000_characters(tmp_path: Path) -> None:
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\n', encoding="utf-8")
    assert load_config(tmp_path).review == ReviewOptions(max_text=100_000)
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\n[review]\nmax_text = 5000\n', encoding="utf-8")
    assert load_config(tmp_path).review.max_text == 5000


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "review.max_text: expected a number from 1 to 1e+06, got 0"),
        ("2000000", "review.max_text: expected a number from 1 to 1e+06, got 2000000"),
        ("1.5", "review.max_text: expected int, got float"),
        ("true", "review.max_text: expected int, got bool"),
        ('"100"', "review.max_text: expected int, got str"),
    ],
)
def test_a_bad_max_text_is_a_config_error_naming_the_line(tmp_path: Path, value: str, message: str) -> None:
    (tmp_path / "l10n.toml").write_text(
        f'languages = ["vi"]\n[review]\nmax_text = {value}\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.message == message
    assert info.value.line == 3


def test_an_unknown_review_key_is_refused(tmp_path: Path) -> None:
    (tmp_path / "l10n.toml").write_text("[review]\nmax_txt = 10\n", encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"review.max_txt: unknown key \(did you mean .max_text.\?\) \(known: max_text\)"
    ):
        load_config(tmp_path)


def _render_seconds(size: int) -> float:
    """Best of five timings of the page's msgstr rendering of ``size`` repetitions of a unit with a
    placeholder, a flagged value and an escaped character."""
    text = "Giá 13,000 <1>đồng</1> & thuế; " * size
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        html = rich_text(text, ["13,000", "<1>"])
        best = min(best, time.perf_counter() - start)
    assert html.count("<mark>13,000</mark>") == size
    assert html.count('class="ph flagged"') == size
    return best


def test_rendering_a_long_approved_text_is_linear() -> None:
    """A text 8 times longer takes about 8 times the work (quadratic would be 64): the ratio is
    measured in one run, so machine speed cancels; 24 leaves room for noise."""
    small, large = _render_seconds(500), _render_seconds(4000)
    assert large / small < 24, (small, large)
