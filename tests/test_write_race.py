"""An editor's save racing l10n's write of the same catalog is never lost (issue #11, item 3).

Also: the project lock (writers only; read-only commands work in a read-only checkout).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli import app
from l10n.errors import BusyError, ConflictError
from l10n.project import LOCK_NAME, project_lock, read_snapshot, write_atomic

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "source" / "russia-nato-tensions.txt"


def _catalog(tag: str, n: int = 20000) -> bytes:
    """A large catalog-like file (about 1 MB) whose every version is distinct."""
    return "".join(f'msgid "sentence {i}"\nmsgstr "{tag} {i}"\n\n' for i in range(n)).encode()


def _editor_save(path: Path, data: bytes, how: str) -> None:
    if how == "rename":  # Poedit, vim with backupcopy=no, most editors
        tmp = path.with_name(f"{path.name}~editor")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    else:  # open the path and write (nano, echo >)
        with open(path, "wb") as fh:
            fh.write(data)


@pytest.mark.parametrize("how", ["rename", "open"])
def test_editor_save_at_random_moments_is_never_lost(tmp_path, how):
    path = tmp_path / "x.po"
    old, ours, theirs = _catalog("old"), _catalog("l10n"), _catalog("editor")
    path.write_bytes(old)
    started = time.perf_counter()
    write_atomic(path, ours, expect=read_snapshot(path))
    span = time.perf_counter() - started  # how long one write takes here
    rng = random.Random(11)
    outcomes = {"conflict": 0, "written": 0}
    deadline = time.monotonic() + 1.0
    rounds = 0
    while rounds < 400 and (rounds < 40 or time.monotonic() < deadline):
        rounds += 1
        path.write_bytes(old)
        snap = read_snapshot(path)
        delay = rng.uniform(0, span * 1.3)
        editor = threading.Timer(delay, _editor_save, (path, theirs, how))
        editor.start()
        try:
            write_atomic(path, ours, expect=snap, display="locales/x.po")
            outcomes["written"] += 1
        except ConflictError as exc:
            assert str(exc).startswith("locales/x.po: changed on disk")
            outcomes["conflict"] += 1
        editor.join()
        # The editor saved after l10n read the file: whichever way the race went, its save is on disk.
        assert path.read_bytes() == theirs, f"round {rounds}: the editor's save was lost"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["x.po"]
    assert outcomes["conflict"] and outcomes["written"], outcomes  # both sides of the race were hit


def test_save_between_check_and_rename_is_a_conflict(tmp_path, monkeypatch):
    """The window the old os.replace left open: a save after the check, before the rename."""
    import l10n.project as project

    path = tmp_path / "x.po"
    path.write_text("original\n")
    snap = read_snapshot(path)
    real = project._write_file

    def write_then_editor_saves(dest, fh, raw):
        real(dest, fh, raw)
        path.write_text("saved by Poedit\n")

    monkeypatch.setattr(project, "_write_file", write_then_editor_saves)
    with pytest.raises(ConflictError) as exc:
        write_atomic(path, "ours\n", expect=snap, display="locales/vi/LC_MESSAGES/x.po")
    assert str(exc.value).startswith("locales/vi/LC_MESSAGES/x.po: changed on disk")
    assert path.read_text() == "saved by Poedit\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.po"]


@pytest.mark.parametrize("existed", [True, False])
@pytest.mark.parametrize("how", ["rename", "open"])
def test_editor_recreating_the_file_during_the_swap_wins(tmp_path, monkeypatch, existed, how):
    """The editor saves at the last moment: just before l10n's file takes the path's place
    (the exchange of an existing file; the link of a new one)."""
    import l10n.project as project

    path = tmp_path / "new.po"
    if existed:
        path.write_text("original\n")
    snap = read_snapshot(path)
    real_link, real_exchange = os.link, project._exchange

    def editor_then_link(src, dst, *a, **k):
        if Path(dst) == path:
            _editor_save(path, b"editor made it\n", how)
        return real_link(src, dst, *a, **k)

    def editor_then_exchange(a, b):
        _editor_save(path, b"editor made it\n", how)
        return real_exchange(a, b)

    monkeypatch.setattr(project.os, "link", editor_then_link)
    monkeypatch.setattr(project, "_exchange", editor_then_exchange)
    with pytest.raises(ConflictError):
        write_atomic(path, "ours\n", expect=snap)
    assert path.read_text() == "editor made it\n"
    assert [p.name for p in tmp_path.iterdir()] == ["new.po"]


def test_write_through_descriptor_kept_open_before_the_swap_is_put_back(tmp_path, monkeypatch):
    """An editor that opened the file before the swap and writes while it runs keeps its bytes."""
    import l10n.project as project

    path = tmp_path / "x.po"
    path.write_text("original\n")
    snap = read_snapshot(path)
    held = open(path, "r+b")  # noqa: SIM115 - the editor's descriptor, held across the write
    real_exchange = project._exchange

    def exchange_then_editor_writes(a, b):
        result = real_exchange(a, b)
        held.seek(0)
        held.write(b"late edit\n")
        held.flush()
        return result

    monkeypatch.setattr(project, "_exchange", exchange_then_editor_writes)
    with pytest.raises(ConflictError):
        write_atomic(path, "ours\n", expect=snap)
    held.close()
    assert path.read_text() == "late edit\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.po"]


def test_lock_second_holder_is_told_busy_and_first_release_frees_it(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from l10n.project import project_lock\n"
            "with project_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(30)",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        started = time.monotonic()
        with pytest.raises(BusyError) as exc, project_lock(tmp_path, timeout=0.3):
            pass
        assert 0.25 <= time.monotonic() - started < 5
        assert str(exc.value).startswith(f"{LOCK_NAME}: another l10n run is writing this project")
        assert "retry" in str(exc.value)
    finally:
        holder.kill()  # a killed holder releases the OS lock
        holder.wait()
    with project_lock(tmp_path, timeout=2) as lock:
        assert lock == tmp_path / LOCK_NAME


def test_writing_command_while_locked_exits_1_and_writes_nothing(tmp_path, monkeypatch):
    (tmp_path / "source").mkdir()
    shutil.copy(DEMO, tmp_path / "source" / DEMO.name)
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("l10n.project.LOCK_WAIT", 0.1)
    with project_lock(tmp_path):
        result = CliRunner().invoke(app, ["extract"])
    assert result.exit_code == 1
    assert "error: .l10n.lock: another l10n run is writing this project" in result.output
    assert not (tmp_path / "locales").exists()
    assert CliRunner().invoke(app, ["extract"]).exit_code == 0  # released: works again


def test_read_only_commands_take_no_lock_and_work_read_only(tmp_path, monkeypatch):
    (tmp_path / "source").mkdir()
    shutil.copy(DEMO, tmp_path / "source" / DEMO.name)
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["extract"]).exit_code == 0
    assert runner.invoke(app, ["update"]).exit_code == 0
    (tmp_path / LOCK_NAME).unlink()

    def no_lock(*a, **k):
        raise AssertionError("a read-only command took the project lock")

    monkeypatch.setattr("l10n.project.project_lock", no_lock)
    folders = [p for p in tmp_path.rglob("*") if p.is_dir()] + [tmp_path]
    try:
        for folder in folders:  # a read-only checkout (root ignores this; the no_lock guard does not)
            folder.chmod(0o555)
        status = runner.invoke(app, ["status", "--format", "json"])
        check = runner.invoke(app, ["check"])
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert status.exit_code == 0, status.output
    rows = json.loads(status.output)["catalogs"]
    assert [(r["slug"], r["units"]["untranslated"]) for r in rows] == [("russia-nato-tensions", 19)]
    assert check.exit_code == 0, check.output
    assert not (tmp_path / LOCK_NAME).exists()
