"""Inputs that used to escape as tracebacks (issue 19): each is a one-line error or a 400.

A deeply nested or huge-integer ``l10n.toml``, an article whose file name is not valid UTF-8
(it stopped the whole build), and the review server's JSON body nested 100,000 deep (was 500)
and request with two ``Host`` headers (was 200).
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from conftest import FakeEngine
from reviewproject import TXT_PO, make_project, request, serving
from typer.testing import CliRunner

from l10n.cli import app
from l10n.stages.context import not_utf8


def _project(root: Path, config: str) -> None:
    (root / "source").mkdir()
    (root / "source" / "a.txt").write_text("Hello there.\n", encoding="utf-8")
    (root / "l10n.toml").write_text(config, encoding="utf-8")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "l10n.toml: invalid TOML: arrays or tables nested too deeply"),
        (
            "{a = " * 100_000 + "1" + "}" * 100_000,
            "l10n.toml: invalid TOML: arrays or tables nested too deeply",
        ),
        ("1" * 4000, "l10n.toml:2: min_complete: integer out of range (TOML integers are 64-bit)"),
        ("-" + "9" * 20, "l10n.toml:2: min_complete: integer out of range (TOML integers are 64-bit)"),
        ("1" * 5000, "l10n.toml: invalid TOML: Exceeds the limit (4300 digits)"),
    ],
)
def test_a_hostile_config_is_one_line_exit_2(tmp_path, monkeypatch, value: str, message: str) -> None:
    _project(tmp_path, f'languages = ["vi"]\nmin_complete = {value}\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["status"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    [line] = result.output.strip().splitlines()
    assert line.startswith(f"error: {message}")


def test_a_64_bit_integer_is_still_read(tmp_path, monkeypatch) -> None:
    _project(tmp_path, 'languages = ["vi"]\n[tool]\nbig = 9223372036854775807\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["status"])
    assert "out of range" not in result.output


def test_an_article_name_that_is_not_utf8_fails_that_article_only(tmp_path, monkeypatch) -> None:
    _project(tmp_path, 'languages = ["vi"]\nproject_id = "t"\n')
    with open(os.path.join(os.fsencode(tmp_path / "source"), b"caf\xe9.txt"), "wb") as f:
        f.write(b"Cafe news.\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine())
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    errors = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert errors == [
        "error: source/caf\\xe9.txt: article name contains a byte that is not UTF-8 (0xe9): "
        "rename the file (catalogs and messages need one-line UTF-8 names)"
    ]
    assert "[vi] Hello there." in (tmp_path / "build/vi/a.txt").read_text(encoding="utf-8")  # the rest built
    assert sorted(p.name for p in (tmp_path / "locales").glob("*.pot")) == ["a.pot"]


def test_not_utf8_names_the_first_bad_byte() -> None:
    assert not_utf8(os.fsdecode(b"caf\xe9-\xff.txt")) == "0xe9"
    assert not_utf8("café.txt") is None


@pytest.fixture
def review_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_project(tmp_path / "p", monkeypatch)


def test_json_nested_100000_deep_is_400(review_project: Path) -> None:
    before = (review_project / TXT_PO).read_bytes()
    with serving(review_project) as server:
        body = b"[" * 100_000 + b"]" * 100_000
        status, answer = request(server, "POST", "/api/approve", body, {"X-L10n-Token": server.token})
        assert status == 400, answer
        status, _ = request(server, "GET", f"/?token={server.token}")
        assert status == 200  # the server still serves
    assert (review_project / TXT_PO).read_bytes() == before


def _raw(port: int, head: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head.encode("ascii"))
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_two_host_headers_are_400(review_project: Path) -> None:
    with serving(review_project) as server:
        good = f"GET /?token={server.token} HTTP/1.1\r\nHost: {server.netloc}\r\nConnection: close\r\n"
        assert _raw(server.port, good + "\r\n").startswith(b"HTTP/1.1 200")
        for second in (f"Host: {server.netloc}", "Host: evil.example:80"):
            answer = _raw(server.port, good + second + "\r\n\r\n")
            assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
            assert b"more than one Host header" in answer
        post = (
            f"POST /api/approve HTTP/1.1\r\nHost: {server.netloc}\r\nHost: {server.netloc}\r\n"
            f"X-L10n-Token: {server.token}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
        )
        assert _raw(server.port, post).startswith(b"HTTP/1.1 400")
