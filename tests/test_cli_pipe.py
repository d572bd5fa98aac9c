"""A reader that leaves early (``l10n queue | head -1``): every command stops writing and exits 0,
quietly (no traceback, no "Exception ignored ... BrokenPipeError").

The command runs in a fresh interpreter whose stdout is a pipe shrunk to one page (4096 bytes,
``F_SETPIPE_SZ``), so an output longer than that blocks until the test has read its first line
and closed the pipe: the write after that fails with ``EPIPE`` every time, whatever the load.
A short output closed before its first line fails when it is flushed (``status --format json``
is printed into the buffer of a block-buffered stdout).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli import app

REPO = Path(__file__).resolve().parents[1]
PIPE_BYTES = 4096


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo article, vi and fr catalogs made by extract and update: 38 untranslated entries."""
    root = tmp_path_factory.mktemp("pipe")
    (root / "source").mkdir()
    shutil.copy(REPO / "source" / "russia-nato-tensions.txt", root / "source")
    (root / "l10n.toml").write_text('languages = ["vi", "fr"]\n', encoding="utf-8")
    with contextlib.chdir(root):
        for command in ("extract", "update"):
            assert CliRunner().invoke(app, [command, "-q"], prog_name="l10n").exit_code == 0
    return root


def run_cut(args: list[str], cwd: Path, *, lines: int) -> tuple[int, bytes, str]:
    """Run ``l10n <args>`` with stdout a one-page pipe closed after ``lines`` lines were read.

    Returns:
        (exit code, the bytes read, stderr).
    """
    read, write = os.pipe()
    fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    assert fcntl.fcntl(write, fcntl.F_GETPIPE_SZ) == PIPE_BYTES
    # stdout block-buffered, as in a shell: output still buffered meets the closed pipe at exit
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"} | {"PYTHONPATH": str(REPO)}
    code = "from l10n.cli import app; app()"
    with subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=cwd, env=env, stdout=write, stderr=subprocess.PIPE
    ) as proc:
        os.close(write)
        got = b""
        while got.count(b"\n") < lines:
            byte = os.read(read, 1)  # byte by byte: nothing past the line leaves the pipe
            if not byte:
                break
            got += byte
        os.close(read)
        assert proc.stderr is not None
        err = proc.stderr.read().decode()
        return proc.wait(timeout=120), got, err


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["queue"], b"locales/fr/LC_MESSAGES/russia-nato-tensions.po:20  untranslated"),
        (["queue", "--format", "json"], b"{\n"),
    ],
)
def test_output_cut_after_one_line_exits_0_quietly(project: Path, args: list[str], first: bytes) -> None:
    code, got, err = run_cut(args, project, lines=1)
    assert got.startswith(first)
    assert (code, err) == (0, "")


@pytest.mark.parametrize("args", [["status", "--format", "json"], ["--help"]])
def test_output_closed_before_the_first_line_exits_0_quietly(project: Path, args: list[str]) -> None:
    code, got, err = run_cut(args, project, lines=0)
    assert (code, got, err) == (0, b"", "")


def test_whole_output_is_longer_than_the_pipe(project: Path) -> None:
    """The cut test means something: the queue does not fit the pipe, so its writer must block."""
    with contextlib.chdir(project):
        result = CliRunner().invoke(app, ["queue"], prog_name="l10n")
    assert result.exit_code == 0
    first, *_ = result.stdout.splitlines(keepends=True)
    assert len(result.stdout.encode()) > PIPE_BYTES + len(first.encode())
    assert len(result.stdout.splitlines()) == 38
