"""The guarded write never leaves a catalog missing, and a leftover aside never loses work (issue 19).

The kills are aimed, not timed: the writer runs in a child process whose swap step
(``l10n.project._exchange``) is wrapped to create a marker file and stop itself (SIGSTOP)
just before or just after the swap; the test waits for the marker, looks at the catalog
while the writer is frozen there, then kills it (SIGKILL).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from l10n.cli import app
from l10n.leftovers import clean_leftovers, superseded
from l10n.project import read_snapshot, write_atomic

REPO = Path(__file__).resolve().parent.parent

CHILD = """
import os, signal, sys
from pathlib import Path
import l10n.project as project

marker, when, path, new = sys.argv[1:5]
real = project._exchange

def stop_here():
    Path(marker).write_text(str(os.getpid()))
    os.kill(os.getpid(), signal.SIGSTOP)

def exchange(a, b):
    if when == "before":
        stop_here()
    done = real(a, b)
    if when == "after":
        stop_here()
    return done

project._exchange = exchange
target = Path(path)
project.write_atomic(target, Path(new).read_bytes(), expect=project.read_snapshot(target))
"""


def _catalog(reviewed: int, machine: int) -> bytes:
    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    body = [f'msgid "Sentence {i}."\nmsgstr "Câu {i}."\n\n' for i in range(reviewed)]
    body += [f'#, fuzzy\nmsgid "Machine {i}."\nmsgstr "Máy {i}."\n\n' for i in range(machine)]
    return (head + "".join(body)).encode()


def _stopped(marker: Path, proc: subprocess.Popen[bytes]) -> bool:
    """Whether the child wrote its marker (the whole of it) and has stopped itself (SIGSTOP)."""
    try:
        if not marker.read_text():
            return False
        state = Path(f"/proc/{proc.pid}/stat").read_text().rpartition(")")[2].split()[0]
    except FileNotFoundError:
        return False
    return state == "T"


def _wait_for(marker: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60.0  # a bound for a broken child, not a timing of the event
    while not _stopped(marker, proc):
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "child ended"
        assert time.monotonic() < deadline, "the writer never reached the swap"
        time.sleep(0.005)


@pytest.mark.parametrize("when", ["before", "after"])
def test_kill_at_the_swap_leaves_old_or_new_and_loses_no_reviewed_entry(tmp_path: Path, when: str) -> None:
    folder = tmp_path / "locales" / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "x.po"
    old, new = _catalog(15, 0), _catalog(15, 2000)  # 15 approvals; the write adds machine output
    po.write_bytes(old)
    (tmp_path / "new.po").write_bytes(new)
    marker = tmp_path / "stopped"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(marker), when, str(po), str(tmp_path / "new.po")],
        env=env,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(marker, proc)
        # frozen inside the window: the catalog is there, whole, old or new
        assert po.read_bytes() == (old if when == "before" else new)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    leftovers = sorted(p.name for p in folder.iterdir() if p.name != "x.po")
    assert any(name.endswith(".aside") for name in leftovers), leftovers
    warned: list[tuple[Path, str]] = []
    clean_leftovers(tmp_path / "locales", lambda p, m: warned.append((p, m)))
    assert [p.name for p in folder.iterdir()] == ["x.po"]  # superseded aside and temp file removed
    assert warned == []
    text = po.read_text(encoding="utf-8")
    assert all(f'msgid "Sentence {i}."\nmsgstr "Câu {i}."' in text for i in range(15))


def _project(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-article project (vi) with its template and catalog, the working folder."""
    (root / "source").mkdir()
    (root / "source" / "x.txt").write_text("Talks ended on Monday.\n")
    (root / "l10n.toml").write_text('languages = ["vi"]\n')
    monkeypatch.chdir(root)
    assert CliRunner().invoke(app, ["extract"]).exit_code == 0
    assert CliRunner().invoke(app, ["update"]).exit_code == 0


def test_aside_holding_entries_its_target_lacks_is_kept_and_reported(tmp_path: Path, monkeypatch) -> None:
    """A catalog restored from git after a kill must not make the next run delete the newer aside."""
    _project(tmp_path, monkeypatch)
    po = tmp_path / "locales/vi/LC_MESSAGES/x.po"
    from_git = po.read_bytes()
    approved = 'msgstr "Cuộc đàm phán kết thúc."'.encode()
    reviewed = from_git.replace(
        b'"Talks ended on Monday."\nmsgstr ""', b'"Talks ended on Monday."\n' + approved
    )
    assert reviewed != from_git
    aside = po.with_name(".x.po.0a1b2c3d.aside")
    aside.write_bytes(reviewed)
    assert not superseded(aside, po)
    result = CliRunner().invoke(app, ["update"])
    assert result.exit_code == 0, result.output
    assert aside.read_bytes() == reviewed  # kept
    lines = [ln for ln in result.output.splitlines() if ".x.po.0a1b2c3d.aside" in ln]
    assert len(lines) == 1 and "kept" in lines[0], result.output
    po.write_bytes(reviewed)  # the person restores the newer version: the aside is superseded
    assert CliRunner().invoke(app, ["update"]).exit_code == 0
    assert not aside.exists()


def test_without_an_exchange_a_late_descriptor_write_is_still_put_back(tmp_path: Path, monkeypatch) -> None:
    """Where renameat2 is missing the temp file is renamed over the path; a late write through
    a descriptor opened before it is still caught and put back."""
    import l10n.project as project

    path = tmp_path / "x.po"
    path.write_text("original\n")
    snap = read_snapshot(path)
    held = open(path, "r+b")  # noqa: SIM115 - the editor's descriptor
    real_replace = project.os.replace

    def replace_then_editor_writes(a, b):
        real_replace(a, b)
        held.seek(0)
        held.write(b"late edit\n")
        held.flush()

    monkeypatch.setattr(project, "_exchange", lambda a, b: False)
    monkeypatch.setattr(project.os, "replace", replace_then_editor_writes)
    with pytest.raises(Exception, match="changed on disk"):
        write_atomic(path, "ours\n", expect=snap)
    held.close()
    monkeypatch.undo()
    assert path.read_text() == "late edit\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.po"]
    assert write_atomic(path, "ours\n", expect=read_snapshot(path))  # and an ordinary write works
    assert path.read_text() == "ours\n"


PAGE_CHILD = """
import os, signal, sys
from pathlib import Path
import l10n.project as project
from l10n.cli import app

marker = sys.argv[1]
real = project._write_file

def write_file(path, fh, raw):
    real(path, fh, raw)
    if "build" in Path(path).parts and Path(path).suffix == ".html":  # a page's temp file, written
        Path(marker).write_text(str(path))
        os.kill(os.getpid(), signal.SIGSTOP)

project._write_file = write_file
app(["compile"])
"""


def test_a_killed_page_write_leaves_no_temp_file_in_the_build_folder(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, monkeypatch)
    marker = tmp_path / "stopped"
    proc = subprocess.Popen(
        [sys.executable, "-c", PAGE_CHILD, str(marker)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(marker, proc)
        page = Path(marker.read_text())  # stopped while writing this page (the first one written)
        assert page.parent.parent == tmp_path / "build" and page.suffix == ".html"
        temps = list((tmp_path / ".l10n" / "tmp").iterdir())  # its temp file: outside build/
        assert len(temps) == 1 and temps[0].name.startswith(".x.html.")
        temp = temps[0]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert not [p for p in (tmp_path / "build").rglob("*") if p.name.startswith(".")]
    assert temp.exists()
    assert CliRunner().invoke(app, ["compile"]).exit_code == 0  # the next writing command cleans up
    assert not temp.exists()


def test_the_review_server_deals_with_leftovers_at_start(tmp_path: Path, monkeypatch) -> None:
    _project(tmp_path, monkeypatch)
    po = tmp_path / "locales/vi/LC_MESSAGES/x.po"
    approved = 'msgstr "Cuộc đàm phán kết thúc."'.encode()
    aside = po.with_name(".x.po.0a1b2c3d.aside")
    aside.write_bytes(po.read_bytes().replace(b'Monday."\nmsgstr ""', b'Monday."\n' + approved))
    (tmp_path / "build" / "vi").mkdir(parents=True)
    temp = tmp_path / "build" / "vi" / ".x.html.abcd1234.tmp"
    temp.write_text("half a page")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from l10n.cli import app; app()", "review", "--port", "0"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # printed once the server is ready: the start is over
        assert line.startswith("Reviewing vi at "), line
        assert not temp.exists()
        assert aside.exists()  # it holds an approval the catalog lacks
    finally:
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=30)
    lines = [ln for ln in err.splitlines() if ".x.po.0a1b2c3d.aside" in ln]
    assert len(lines) == 1 and lines[0].startswith("warning: ") and "kept" in lines[0], err


CLI_CHILD = """
import os, signal, sys
from pathlib import Path
import l10n.project as project
from l10n.cli import app

marker, when = sys.argv[1:3]
real = project._exchange

def exchange(a, b):
    if Path(b).suffix != ".po":
        return real(a, b)
    if when == "before":
        Path(marker).write_text(str(b))
        os.kill(os.getpid(), signal.SIGSTOP)
    done = real(a, b)
    if when == "after":
        Path(marker).write_text(str(b))
        os.kill(os.getpid(), signal.SIGSTOP)
    return done

project._exchange = exchange
app(["update"])
"""


@pytest.mark.parametrize("when", ["before", "after"])
def test_kill_of_a_command_at_the_swap_loses_no_reviewed_entry(
    tmp_path: Path, monkeypatch, when: str
) -> None:
    _project(tmp_path, monkeypatch)
    src = tmp_path / "source" / "x.txt"
    src.write_text("".join(f"Sentence number {i} is here.\n" for i in range(15)))
    assert CliRunner().invoke(app, ["extract"]).exit_code == 0
    assert CliRunner().invoke(app, ["update"]).exit_code == 0
    po = tmp_path / "locales/vi/LC_MESSAGES/x.po"
    text = po.read_text(encoding="utf-8")
    for i in range(15):  # a reviewer translates every entry
        text = text.replace(
            f'"Sentence number {i} is here."\nmsgstr ""', f'"Sentence number {i} is here."\nmsgstr "Câu {i}."'
        )
    po.write_text(text, encoding="utf-8")
    src.write_text(src.read_text() + "A new sentence.\n")  # the next update rewrites the catalog
    assert CliRunner().invoke(app, ["extract"]).exit_code == 0
    marker = tmp_path / "stopped"
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI_CHILD, str(marker), when],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(marker, proc)
        assert Path(marker.read_text()) == po
        during = po.read_text(encoding="utf-8")  # frozen at the swap: the catalog is there
        assert ("A new sentence." in during) == (when == "after")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    result = CliRunner().invoke(app, ["update"])  # the next writing command
    assert result.exit_code == 0, result.output
    assert "leftover" not in result.output
    assert sorted(p.name for p in po.parent.iterdir()) == ["x.po"]
    final = po.read_text(encoding="utf-8")
    assert all(f'msgstr "Câu {i}."' in final for i in range(15)) and "A new sentence." in final
