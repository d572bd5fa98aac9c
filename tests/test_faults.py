"""Faults in one file stay that file's error (issue #11, items 5, 6, 7).

- a failed write (a folder in the way, a full disk) is one error; every other file is still
  written and every error printed; the exit code follows the README's table;
- a FIFO, socket or folder at a catalog or template path is an input error (exit 2) for that
  file, printed once with its relative path, and never opened for reading (no hang);
- a damaged template (invalid UTF-8 or a syntax error) is regenerated, with one warning.
"""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from test_pipeline import DEMO, PO, SLUG, msgfmt_clean, run

REPO = Path(__file__).resolve().parent.parent
SECOND = "second-story"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """The demo article plus a short second one, languages vi and zh-Hans, a fake engine."""
    from test_pipeline import FakeEngine

    (tmp_path / "source").mkdir()
    shutil.copy(DEMO, tmp_path / "source" / DEMO.name)
    (tmp_path / "source" / f"{SECOND}.txt").write_text(
        "A second headline\n\nThe council met on Monday. It voted to build a bridge.\n", encoding="utf-8"
    )
    # untranslated_pages: the all-English zh-Hans pages are built too (issue 21 withholds them by default)
    (tmp_path / "l10n.toml").write_text(
        'languages = ["vi", "zh-Hans"]\npublish.untranslated_pages = true\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine())
    return tmp_path


def errors(output: str) -> list[str]:
    return [ln for ln in output.splitlines() if ln.startswith("error:")]


# ---- 5. one failed write is one error ------------------------------------------------------------


def test_folder_at_a_build_path_is_one_error_and_the_rest_is_built(project):
    (project / f"build/en/{SLUG}.html").mkdir(parents=True)
    result = run("build", "-v")
    assert result.exit_code == 1, result.output  # a write failed: exit 1 (README)
    assert errors(result.output) == [f"error: build/en/{SLUG}.html: cannot write: is a folder, not a file"]
    for rel in (
        "build/index.html",
        f"build/en/{SECOND}.html",
        f"build/vi/{SLUG}.html",
        f"build/zh-Hans/{SLUG}.md",
    ):
        assert (project / rel).is_file(), rel
    assert "wrote build/index.html" in result.output  # the report was rendered
    assert (project / f"build/en/{SLUG}.html").is_dir()


def test_every_error_is_printed_with_input_error_exit_2(project):
    assert run("build").exit_code == 0
    # (the index is not rewritten while a catalog is unreadable: a folder in place of the
    # original's page is the write error here)
    (project / f"build/en/{SLUG}.html").unlink()
    (project / f"build/en/{SLUG}.html").mkdir()
    zh = project / f"locales/zh_Hans/LC_MESSAGES/{SECOND}.po"
    zh.write_text(zh.read_text(encoding="utf-8") + 'msgid "broken\n', encoding="utf-8")
    (project / f"source/{SECOND}.txt").write_text("A changed headline\n", encoding="utf-8")
    result = run("compile")
    assert result.exit_code == 2, result.output  # the malformed catalog is an input error
    found = errors(result.output)
    assert len(found) == 2, found
    assert any(f"locales/zh_Hans/LC_MESSAGES/{SECOND}.po:" in e for e in found)
    assert f"error: build/en/{SLUG}.html: cannot write: is a folder, not a file" in found
    assert "build/index.html: warning: index-kept" in result.output
    assert (project / f"build/vi/{SLUG}.html").is_file()


def test_full_disk_fails_only_the_files_it_hits(project, monkeypatch):
    import l10n.project as proj

    assert run("extract").exit_code == 0
    assert run("update").exit_code == 0
    real = proj._write_file
    hit = {f"build/vi/{SLUG}.md", f"locales/zh_Hans/LC_MESSAGES/{SECOND}.po"}

    def full_disk(path, fh, raw):
        if path.relative_to(project).as_posix() in hit:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, fh, raw)

    monkeypatch.setattr(proj, "_write_file", full_disk)
    before = (project / f"locales/zh_Hans/LC_MESSAGES/{SECOND}.po").read_bytes()
    result = run("build")
    assert result.exit_code == 1, result.output
    assert sorted(errors(result.output)) == sorted(
        f"error: {rel}: cannot write: No space left on device" for rel in hit
    )
    assert (project / f"locales/zh_Hans/LC_MESSAGES/{SECOND}.po").read_bytes() == before  # intact
    assert (project / f"build/vi/{SLUG}.txt").is_file() and (project / f"build/vi/{SLUG}.html").is_file()
    assert not (project / f"build/vi/{SLUG}.md").exists()
    assert not [p for p in project.rglob("*.tmp")]


def test_stale_build_that_cannot_be_removed_is_one_error(project):
    assert run("build").exit_code == 0
    (project / f"source/{SECOND}.txt").unlink()  # its builds become orphans
    (project / f"build/vi/{SECOND}.md").unlink()
    (project / f"build/vi/{SECOND}.md").mkdir()  # ... one of which cannot be removed
    result = run("compile", "-v")
    assert result.exit_code == 1, result.output
    assert len(errors(result.output)) == 1 and f"build/vi/{SECOND}.md: cannot remove" in result.output
    assert f"removed build/vi/{SECOND}.html" in result.output


# ---- 6. FIFOs, sockets and folders where a file should be ----------------------------------------


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run l10n in a subprocess (a hang would be a test failure, not a stuck suite)."""
    return subprocess.run(
        [sys.executable, "-c", "from l10n.cli import app; app()", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_fifo_at_catalog_and_template_paths_is_exit_2_and_never_hangs(project):
    assert run("extract").exit_code == 0
    vi = project / PO
    vi.parent.mkdir(parents=True)
    os.mkfifo(vi)
    pot = project / f"locales/{SECOND}.pot"
    pot.unlink()
    os.mkfifo(pot)
    proc = cli(project, "update")
    assert proc.returncode == 2, proc.stderr
    assert sorted(errors(proc.stderr)) == [
        f"error: locales/{SECOND}.pot: is a FIFO (named pipe), not a file: remove or rename it",
        f"error: {PO}: is a FIFO (named pipe), not a file: remove or rename it",
    ]
    assert (project / f"locales/zh_Hans/LC_MESSAGES/{SLUG}.po").is_file()  # the others were done
    msgfmt_clean(project / f"locales/zh_Hans/LC_MESSAGES/{SLUG}.po")
    proc = cli(project, "check")
    assert proc.returncode == 2
    assert f"error: {PO}: is a FIFO" in proc.stderr
    assert f"locales/zh_Hans/LC_MESSAGES/{SLUG}.po: 0 error(s)" in proc.stdout
    assert Path(vi).is_fifo() and Path(pot).is_fifo()  # not ours to remove


def test_socket_at_a_catalog_path_is_exit_2(project):
    assert run("extract").exit_code == 0
    po = project / f"locales/vi/LC_MESSAGES/{SECOND}.po"
    po.parent.mkdir(parents=True)
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(po))
        result = run("update", "--lang", "vi")
    finally:
        sock.close()
    assert result.exit_code == 2
    assert errors(result.output) == [
        f"error: locales/vi/LC_MESSAGES/{SECOND}.po: is a socket, not a file: remove or rename it"
    ]
    assert (project / PO).is_file()


def test_folder_at_a_catalog_path_is_exit_2_printed_once(project):
    (project / PO).mkdir(parents=True)
    result = run("build")
    assert result.exit_code == 2, result.output
    assert errors(result.output) == [f"error: {PO}: is a folder, not a file: remove or rename it"]
    assert (project / f"build/vi/{SECOND}.html").is_file()
    assert (project / f"build/zh-Hans/{SLUG}.html").is_file()


# ---- 7. a damaged template is regenerated, with a warning ----------------------------------------


@pytest.mark.parametrize(
    "damage, encoding",
    [
        (lambda b: b.replace(b"msgid", b"\xff\xfemsgid", 3), True),  # invalid UTF-8
        (lambda b: b.replace(b"Edit", b"\xc3(", 1), True),  # invalid UTF-8 in a comment
        (lambda b: b + b'msgid "unterminated\n', False),  # syntax error at the end
        (lambda b: b.replace(b'msgstr ""\n', b"msgstr\n", 2), False),  # syntax error in the header
        (lambda b: b[: len(b) // 2], False),  # cut short mid-entry
    ],
)
def test_damaged_template_is_regenerated_with_one_warning(project, damage, encoding):
    assert run("extract").exit_code == 0
    pot = project / f"locales/{SLUG}.pot"
    good = pot.read_bytes()
    bad = damage(good)
    pot.write_bytes(bad)
    result = run("build")
    assert result.exit_code == 0, result.output
    warned = [ln for ln in result.output.splitlines() if "template-regenerated" in ln]
    assert len(warned) == 1, result.output
    assert warned[0].startswith(f"locales/{SLUG}.pot:")
    assert "damaged template" in warned[0] and "regenerated from the article" in warned[0]
    if encoding:  # the line of the first bad byte
        line = bad[: bad.index(next(b for b in (b"\xff", b"\xc3(") if b in bad))].count(b"\n") + 1
        assert warned[0].startswith(f"locales/{SLUG}.pot:{line}: warning: template-regenerated: ")
        assert "(not valid UTF-8)" in warned[0]
    fresh = pot.read_bytes()
    assert [e.msgid for e in polib.pofile(fresh.decode())] == [e.msgid for e in polib.pofile(good.decode())]
    msgfmt_clean(pot)
    assert "template-regenerated" not in run("extract").output  # healthy again: no warning


def test_healthy_changed_template_is_regenerated_silently(project):
    assert run("extract").exit_code == 0
    (project / f"source/{SECOND}.txt").write_text("A new headline\n", encoding="utf-8")
    result = run("extract", "-v")
    assert result.exit_code == 0
    assert f"wrote locales/{SECOND}.pot" in result.output and "warning" not in result.output
