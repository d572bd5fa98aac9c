"""Killing ``l10n build`` (SIGKILL) at random moments loses at most the work since the last checkpoint.

Issue #11, item 4. Real processes (``tests/slow_cli.py``: the CLI with a slow fake engine, or
the tiny MarianMT model) are killed while they extract, merge and mostly while they translate
a generated catalog of 3,000 entries. After every kill each catalog is the old file, the
finished one, or a checkpoint that passes ``msgfmt -c``; no reviewed entry is lost; no
machine output saved by a checkpoint is lost. The next run resumes (translates only what is
still empty) and leaves no temp file behind, in ``locales/`` or ``build/``.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from l10n.project import project_lock
from l10n.stages.translate import CHECKPOINT_ENTRIES

REPO = Path(__file__).resolve().parent.parent
RUNNER = Path(__file__).with_name("slow_cli.py")
DEMO = REPO / "source" / "russia-nato-tensions.txt"
BIG = "big-report"
WORDS = [
    "council",
    "bridge",
    "river",
    "market",
    "school",
    "minister",
    "report",
    "city",
    "budget",
    "vote",
    "winter",
    "harbour",
    "railway",
]
OURS = re.compile(r"^\..+\.[a-z0-9_]{8}\.(tmp|aside)$")


def _article(n_paragraphs: int = 1000) -> str:
    rng = random.Random(7)
    lines, n = ["A long report on the city"], 0
    for _ in range(n_paragraphs):
        sentences = []
        for _ in range(3):
            n += 1
            a, b, c = (rng.choice(WORDS) for _ in range(3))
            sentences.append(f"The {a} number {n} saw the {b} and the {c} today.")
        lines.append(" ".join(sentences))
    return "\n".join(lines) + "\n"


def _start(root: Path, engine: str, mark: Path, delay: float = 0.01) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "L10N_TEST_MARK": str(mark), "L10N_TEST_DELAY": str(delay)}
    if engine == "slow":
        env["L10N_TEST_ENGINE"] = "slow"
    else:
        env.pop("L10N_TEST_ENGINE", None)
    return subprocess.Popen(
        [sys.executable, str(RUNNER), "build", "-q"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_for(cond, proc: subprocess.Popen[bytes], limit: float = 120.0) -> None:
    """Poll until ``cond()`` holds; the run must still be going. ``limit`` only bounds a hung run."""
    deadline = time.monotonic() + limit
    while not cond():
        assert proc.poll() is None, (
            f"finished before the kill point: {proc.stderr.read() if proc.stderr else ''}"
        )
        assert time.monotonic() < deadline, "kill point never reached"
        time.sleep(0.005)


def _calls(mark: Path) -> int:
    """Engine calls the run has made so far (one line each in the mark file)."""
    try:
        return mark.read_text(encoding="utf-8").count("\n")
    except FileNotFoundError:
        return 0


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used: a clock that machine load does not speed up."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _kill_point(
    event: tuple[str, float], proc: subprocess.Popen[bytes], mark: Path, big: Path, before: bytes
):
    """A condition that holds once the run has reached ``event``: the moment to kill it.

    ``("calls", k)``: the engine has been called ``k`` times. ``("checkpoint", k)``: the big
    catalog on disk changed (a checkpoint of ``CHECKPOINT_ENTRIES`` entries, or the finished
    file) and ``k`` more engine calls followed. ``("cpu", s)``: the run used ``s`` CPU seconds
    or called the engine, whichever comes first (it starts, extracts or merges).
    """
    kind, n = event
    if kind == "calls":
        return lambda: _calls(mark) >= n
    if kind == "cpu":
        return lambda: _calls(mark) > 0 or _cpu_seconds(proc.pid) >= n
    saved_at: list[int] = []

    def checkpoint_then_calls() -> bool:
        if not saved_at:
            try:
                if big.read_bytes() == before:
                    return False
            except FileNotFoundError:
                return False
            saved_at.append(_calls(mark))
        return _calls(mark) >= saved_at[0] + n

    return checkpoint_then_calls


def _msgfmt_ok(path: Path) -> None:
    proc = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, f"{path.name}: {proc.stderr}"


def _filled(path: Path) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.msgstr}


def _leftovers(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if OURS.match(p.name))


def test_sigkill_at_random_moments_loses_at_most_a_checkpoint(tmp_path, tiny_model_dir, monkeypatch):
    from typer.testing import CliRunner

    from l10n.cli import app

    root = tmp_path / "proj"
    (root / "source").mkdir(parents=True)
    (root / "source" / f"{BIG}.txt").write_text(_article(), encoding="utf-8")
    shutil.copy(DEMO, root / "source" / DEMO.name)
    (root / "l10n.toml").write_text(
        f'languages = ["vi"]\nengine = "transformers"\n[models]\nvi = "{tiny_model_dir}"\n'
        "[decoding]\nbeam_size = 1\nthreads = 1\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    for step in ("extract", "update"):
        assert CliRunner().invoke(app, [step]).exit_code == 0
    pos = sorted((root / "locales/vi/LC_MESSAGES").glob("*.po"))
    big = root / f"locales/vi/LC_MESSAGES/{BIG}.po"
    assert len(polib.pofile(str(big))) == 3001
    # A translator's reviewed work (non-fuzzy msgstrs), planted before any machine translation.
    reviewed: dict[Path, dict[str, str]] = {}
    for po_path in pos:
        po = polib.pofile(str(po_path), wrapwidth=79)
        for i, entry in enumerate(po):
            if i % 97 == 5:
                entry.msgstr = f"Đã duyệt {i}"
        po.save()
        reviewed[po_path] = {e.msgid: e.msgstr for e in po if e.msgstr}
        assert reviewed[po_path]
    # Leftovers of an earlier killed run, where they would be published; and a file not ours.
    (root / "build/vi").mkdir(parents=True)
    (root / f"build/vi/.{BIG}.html.k1ll3d_0.tmp").write_text("<html>half", encoding="utf-8")
    (root / f"locales/vi/LC_MESSAGES/.{BIG}.po.abcdefgh.tmp").write_text("half", encoding="utf-8")
    (root / "build/vi/notes.tmp").write_text("someone's file", encoding="utf-8")

    rng = random.Random(2026)
    # (engine, event): each run is killed when it reaches an event (engine calls, a checkpoint on
    # disk, CPU seconds used), drawn at random; never after a wall-clock time, which load stretches.
    # One ``checkpoint`` kill makes sure some checkpoint is on disk whatever the machine's speed.
    plan = [
        ("tiny", ("calls", rng.randint(1, 3))),
        ("slow", ("calls", rng.randint(1, 12))),
        ("slow", ("checkpoint", rng.randint(0, 4))),
        ("slow", ("calls", rng.randint(1, 12))),
        ("slow", ("cpu", rng.randint(200, 1500) / 1000)),  # CPU seconds used, not a sleep
        ("slow", ("checkpoint", rng.randint(0, 4))),
    ]
    mark = tmp_path / "mark"
    saved: dict[Path, dict[str, str]] = {p: dict(reviewed[p]) for p in pos}
    progress = []
    calls = []
    for engine, event in plan:
        before = {p: p.read_bytes() for p in pos}
        mark.unlink(missing_ok=True)
        proc = _start(root, engine, mark)
        try:
            _wait_for(_kill_point(event, proc, mark, big, before[big]), proc)
        finally:
            proc.kill()
            proc.wait()
        calls.append(_calls(mark))
        with project_lock(root, timeout=0):  # a killed run holds no lock
            pass
        for po_path in pos:
            assert po_path.exists(), f"{po_path.name} vanished"
            if po_path.read_bytes() == before[po_path]:
                continue  # the old file
            _msgfmt_ok(po_path)  # the finished file or a checkpoint: a valid catalog either way
            now = _filled(po_path)
            for msgid, msgstr in reviewed[po_path].items():
                assert now.get(msgid) == msgstr, f"reviewed entry lost: {msgid!r}"
            entries = {e.msgid: e for e in polib.pofile(str(po_path))}
            assert all("fuzzy" not in entries[m].flags for m in reviewed[po_path])
            lost = {m for m in saved[po_path] if m not in now}
            assert not lost, f"{len(lost)} entries saved by an earlier checkpoint were lost"
            saved[po_path] = now
        progress.append(sum(len(v) for v in saved.values()))
    assert calls[0] > 0  # the tiny model was killed while translating
    # The kills landed during translation and checkpoints kept the work: the catalogs filled up.
    assert progress[-1] >= len(reviewed[big]) + CHECKPOINT_ENTRIES, progress
    empty = {e.msgid for p in pos for e in polib.pofile(str(p)) if not e.msgstr and not e.obsolete}
    assert empty, "nothing left for the resume check"

    # The next run resumes: only what is still empty goes to the engine; leftovers are gone.
    mark.unlink(missing_ok=True)
    proc = _start(root, "slow", mark, delay=0.0)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    sent = sum(int(n) for n in mark.read_text().split())
    letters = {m for m in empty if any(ch.isalpha() for ch in m)}
    assert sent == len(letters), (sent, len(letters))
    assert _leftovers(root) == []
    assert (root / "build/vi/notes.tmp").read_text(encoding="utf-8") == "someone's file"
    for po_path in pos:
        _msgfmt_ok(po_path)
        final = {e.msgid: e for e in polib.pofile(str(po_path))}
        assert all(e.msgstr for e in final.values())
        for msgid, msgstr in reviewed[po_path].items():
            assert final[msgid].msgstr == msgstr and "fuzzy" not in final[msgid].flags
    html = (root / f"build/vi/{BIG}.html").read_text(encoding="utf-8")
    assert "XX The council" in html or "XX The bridge" in html or "XX The" in html
    assert not [p for p in (root / "build").rglob("*") if ".tmp" in p.name and p.name != "notes.tmp"]


@pytest.mark.parametrize("name", [".x.po.abcdefgh.tmp", ".index.html.a_b_c_d_.tmp"])
def test_next_run_removes_our_temp_files_only(tmp_path, name):
    from l10n.project import clean_leftovers

    (tmp_path / "sub").mkdir()
    ours = tmp_path / "sub" / name
    ours.write_text("half")
    keep = ["x.tmp", ".x.po.tmp", ".x.po.abcdefgh.tmp.bak", ".x.po.ABCDEFGH.tmp", "x.po"]
    for other in keep:
        (tmp_path / "sub" / other).write_text("not ours")
    assert clean_leftovers(tmp_path) == [ours]
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == sorted(keep)


def test_file_renamed_aside_by_a_killed_write_is_put_back(tmp_path):
    from l10n.project import clean_leftovers

    (tmp_path / ".x.po.abcdefgh.aside").write_text("the catalog")  # killed between rename and link
    (tmp_path / "y.po").write_text("new")
    (tmp_path / ".y.po.abcdefgh.aside").write_text("old, superseded")  # killed after the link
    clean_leftovers(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.po", "y.po"]
    assert (tmp_path / "x.po").read_text() == "the catalog"
    assert (tmp_path / "y.po").read_text() == "new"


# ---- checkpoints in-process ------------------------------------------------------------------------


@pytest.fixture
def demo(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from l10n.cli import app

    root = tmp_path / "proj"
    (root / "source").mkdir(parents=True)
    shutil.copy(DEMO, root / "source" / DEMO.name)
    (root / "l10n.toml").write_text('languages = ["vi"]\n', encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr("l10n.translate.fill.SLICE", 4)
    for step in ("extract", "update"):
        assert CliRunner().invoke(app, [step]).exit_code == 0
    return root


def _engine(calls: list[int], on_call=None):
    class Engine:
        name, model_id, revision = "fake", "test/fake", "0000"

        def translate(self, texts):
            calls.append(len(texts))
            if on_call is not None:
                on_call(len(calls))
            return [f"VI {t}" for t in texts]

    return lambda *a, **k: Engine()


@pytest.mark.parametrize("every", [1, 6])
def test_checkpoints_save_progress_and_end_with_the_same_bytes(demo, monkeypatch, every):
    from typer.testing import CliRunner

    from l10n.cli import app

    po = demo / f"locales/vi/LC_MESSAGES/{DEMO.stem}.po"
    plain = demo.parent / "plain"
    shutil.copytree(demo, plain)
    calls: list[int] = []
    monkeypatch.setattr("l10n.mt.factory.make_engine", _engine(calls))
    monkeypatch.chdir(plain)
    assert CliRunner().invoke(app, ["translate"]).exit_code == 0  # no checkpoint: 19 units < 250
    monkeypatch.chdir(demo)
    monkeypatch.setattr("l10n.stages.translate.CHECKPOINT_ENTRIES", every)
    seen: list[int] = []

    def look(n):
        seen.append(len(_filled(po)))  # what is on disk when the engine is called the n-th time

    monkeypatch.setattr("l10n.mt.factory.make_engine", _engine(calls, look))
    result = CliRunner().invoke(app, ["translate", "-v"])
    assert result.exit_code == 0, result.output
    assert f"wrote locales/vi/LC_MESSAGES/{DEMO.stem}.po" in result.output
    assert po.read_bytes() == (plain / po.relative_to(demo)).read_bytes()  # same result as without
    assert seen[0] == 0 and seen[-1] > 0 and seen == sorted(seen)  # saved progressively
    if every == 6:  # a save after 8, 16 entries (every other call of 4)
        assert seen[1] == 0 and seen[2] >= every


def test_translator_save_between_checkpoints_is_kept(demo, monkeypatch):
    from typer.testing import CliRunner

    from l10n.cli import app

    po = demo / f"locales/vi/LC_MESSAGES/{DEMO.stem}.po"
    monkeypatch.setattr("l10n.stages.translate.CHECKPOINT_ENTRIES", 1)
    edited: list[bytes] = []

    def translator_saves(n):
        if n == 3:  # after two checkpoints: Poedit saves the catalog
            text = po.read_text(encoding="utf-8").replace('msgstr ""\n\n', 'msgstr "Bản dịch"\n\n', 1)
            po.write_text(text, encoding="utf-8")
            edited.append(po.read_bytes())

    monkeypatch.setattr("l10n.mt.factory.make_engine", _engine([], translator_saves))
    result = CliRunner().invoke(app, ["translate"])
    assert result.exit_code == 1
    assert f"locales/vi/LC_MESSAGES/{DEMO.stem}.po: changed on disk" in result.output
    assert po.read_bytes() == edited[0]
    assert len(_filled(po)) == 9  # 8 machine entries from the checkpoints + the translator's one
