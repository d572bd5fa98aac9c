import pytest

from l10n.config import load_config
from l10n.errors import ConflictError, SourceError, WriteError
from l10n.project import Layout, read_snapshot, write_atomic


def test_write_atomic_writes_and_skips_identical(tmp_path):
    path = tmp_path / "a" / "b.po"
    assert write_atomic(path, "one\n") is True
    mtime = path.stat().st_mtime_ns
    assert write_atomic(path, "one\n") is False
    assert path.stat().st_mtime_ns == mtime
    assert write_atomic(path, "two\n") is True
    assert path.read_text() == "two\n"
    assert [p.name for p in path.parent.iterdir()] == ["b.po"]  # no temp file left


def test_conflict_when_file_changed_since_read(tmp_path):
    path = tmp_path / "x.po"
    path.write_text("original\n")
    snap = read_snapshot(path)
    path.write_text("saved by Poedit\n")
    with pytest.raises(ConflictError) as exc:
        write_atomic(path, "ours\n", expect=snap, display="locales/x.po")
    assert str(exc.value).startswith("locales/x.po: changed on disk")
    assert path.read_text() == "saved by Poedit\n"


def test_conflict_when_file_appeared(tmp_path):
    path = tmp_path / "new.po"
    snap = read_snapshot(path)
    assert not snap.exists and snap.text is None
    path.write_text("someone else\n")
    with pytest.raises(ConflictError):
        write_atomic(path, "ours\n", expect=snap)


def test_write_error_when_parent_is_a_file(tmp_path):
    (tmp_path / "locales").write_text("not a folder")
    with pytest.raises(WriteError) as exc:
        write_atomic(tmp_path / "locales" / "x.pot", "data", display="locales/x.pot")
    assert str(exc.value).startswith("locales/x.pot: a folder on this path is a file")


def test_layout_paths_use_gettext_form(tmp_path):
    (tmp_path / "l10n.toml").write_text("")
    cfg = load_config(tmp_path)
    lay = Layout(cfg)
    assert (
        lay.po("zh-Hans", "story").relative_to(cfg.root).as_posix() == "locales/zh_Hans/LC_MESSAGES/story.po"
    )
    assert lay.mo("vi", "story").name == "story.mo"
    assert (
        lay.build("zh-Hans", "story", "html").relative_to(cfg.root).as_posix() == "build/zh-Hans/story.html"
    )


def test_articles_missing_folder_and_empty_folder(tmp_path):
    (tmp_path / "l10n.toml").write_text("")
    lay = Layout(load_config(tmp_path))
    with pytest.raises(SourceError, match="source folder not found"):
        lay.articles()
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "notes.doc").write_text("x")
    with pytest.raises(SourceError, match="no articles"):
        lay.articles()
    (tmp_path / "source" / "b.txt").write_text("B")
    (tmp_path / "source" / "a.md").write_text("A")
    assert [p.name for p in lay.articles()] == ["a.md", "b.txt"]


def test_hidden_files_are_not_articles(tmp_path, monkeypatch):
    """``source/._a.txt`` (macOS AppleDouble, binary) and ``source/.hidden.txt`` are skipped
    silently: no error, no template, no page."""
    from conftest import FakeEngine
    from typer.testing import CliRunner

    from l10n.cli import app

    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "demo"\n')
    src = tmp_path / "source"
    src.mkdir()
    (src / "a.txt").write_text("Talks ended on Monday.\n")
    (src / "._a.txt").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \xff\xfe")
    (src / ".hidden.txt").write_text("A draft nobody should see.\n")
    (src / ".notes.md").write_text("# Draft\n")
    lay = Layout(load_config(tmp_path))
    assert [p.name for p in lay.articles()] == ["a.txt"]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine())
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    assert "hidden" not in result.output and "._a" not in result.output
    published = sorted(
        p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.name.startswith(".")
    )
    assert [p for p in published if p.startswith(("build/", "locales/"))] == []
    assert (tmp_path / "build" / "vi" / "a.html").exists()
    # only hidden files: the folder holds no article
    (src / "a.txt").unlink()
    with pytest.raises(SourceError, match="no articles"):
        lay.articles()
