"""The cache of segmented articles (``l10n.cache``): an unchanged article is not segmented again,
and a stale or corrupt entry is never trusted (issue 22)."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.cache import CACHE_DIR
from l10n.config import load_config
from l10n.model import Document
from l10n.stages.context import Run

TEXT = "Budget vote\n\nThe council met on Monday. It approved the budget.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "vote.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "source" / "other.txt").write_text("Other\n\nNothing changed here.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "demo"\n', encoding="utf-8")
    return tmp_path


def spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the file name of every article ``load_document`` segments."""
    import l10n.formats.source as source

    calls: list[str] = []
    real = source.load_document

    def counting(file: Path, **kwargs: object) -> Document:
        calls.append(file.name)
        return real(file, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(source, "load_document", counting)
    return calls


def documents(root: Path) -> dict[str, Document]:
    return {doc.slug: doc for doc in Run(load_config(root)).documents()}


def test_second_run_does_not_segment_an_unchanged_article(project: Path, monkeypatch) -> None:
    calls = spy(monkeypatch)
    first = documents(project)
    assert sorted(calls) == ["other.txt", "vote.txt"]
    second = documents(project)
    assert sorted(calls) == ["other.txt", "vote.txt"]  # nothing segmented again
    assert second == first
    texts = [s.text for s in second["vote"].segments]
    assert texts == ["Budget vote", "The council met on Monday.", "It approved the budget."]


def test_a_changed_article_is_segmented_again_and_only_it(project: Path, monkeypatch) -> None:
    calls = spy(monkeypatch)
    documents(project)
    (project / "source" / "vote.txt").write_text(TEXT.replace("Monday", "Tuesday"), encoding="utf-8")
    calls.clear()
    docs = documents(project)
    assert calls == ["vote.txt"]  # stale entry not trusted; the unchanged article comes from the cache
    assert any("Tuesday" in s.text for s in docs["vote"].segments)
    assert not any("Monday" in s.text for s in docs["vote"].segments)


def test_a_changed_setting_is_not_served_from_the_cache(project: Path, monkeypatch) -> None:
    calls = spy(monkeypatch)
    by_sentence = documents(project)
    toml = project / "l10n.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + 'unit = "paragraph"\n', encoding="utf-8")
    calls.clear()
    by_paragraph = documents(project)
    assert sorted(calls) == ["other.txt", "vote.txt"]
    assert len(by_sentence["vote"].segments) == 3
    assert len(by_paragraph["vote"].segments) == 2


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05N."])
def test_a_corrupt_entry_is_ignored_and_rewritten(project: Path, monkeypatch, garbage: bytes) -> None:
    first = documents(project)
    entries = sorted((project / CACHE_DIR / "documents").glob("*.pickle"))
    assert len(entries) == 2
    for entry in entries:
        entry.write_bytes(garbage)
    calls = spy(monkeypatch)
    assert documents(project) == first
    assert sorted(calls) == ["other.txt", "vote.txt"]  # both segmented again
    calls.clear()
    assert documents(project) == first
    assert calls == []  # and the rewritten entries are used


def test_an_entry_stored_under_another_key_is_not_trusted(project: Path, monkeypatch) -> None:
    documents(project)
    folder = project / CACHE_DIR / "documents"
    a, b = sorted(folder.glob("*.pickle"))
    a_bytes = a.read_bytes()
    a.write_bytes(b.read_bytes())  # entry of another article under this key
    b.write_bytes(a_bytes)
    calls = spy(monkeypatch)
    docs = documents(project)
    assert sorted(calls) == ["other.txt", "vote.txt"]
    assert docs["vote"].segments[0].text == "Budget vote"


def test_deleting_the_cache_is_safe(project: Path, monkeypatch) -> None:
    import shutil

    first = documents(project)
    shutil.rmtree(project / CACHE_DIR)
    assert documents(project) == first


def stages(root: Path) -> Run:
    from l10n.stages.extract import extract
    from l10n.stages.update import update

    run = Run(load_config(root))
    extract(run)
    update(run, ["vi"])
    assert not run.report.errors, run.report.errors
    return run


def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the name of every catalog file parsed."""
    from l10n.catalog import pofile

    names: list[str] = []
    real = pofile.parse

    def counting(text: str, path: str = "", *args: object, **kwargs: object) -> object:
        names.append(Path(path).name)
        return real(text, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pofile, "parse", counting)
    return names


def test_after_one_change_only_that_article_s_catalogs_are_parsed(project: Path, monkeypatch) -> None:
    first = stages(project)
    assert len(first.report.written) == 4  # two templates, two catalogs
    (project / "source" / "vote.txt").write_text(TEXT.replace("Monday", "Tuesday"), encoding="utf-8")
    names = parses(monkeypatch)
    second = stages(project)
    assert set(names) == {"vote.pot", "vote.po"}  # other.pot and other.po: known unchanged, not parsed
    assert sorted(second.report.written) == ["locales/vi/LC_MESSAGES/vote.po", "locales/vote.pot"]
    assert sorted(second.report.unchanged) == ["locales/other.pot", "locales/vi/LC_MESSAGES/other.po"]


def test_a_catalog_edited_by_hand_is_merged_again(project: Path, monkeypatch) -> None:
    stages(project)
    po = project / "locales" / "vi" / "LC_MESSAGES" / "other.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "Other"\nmsgstr ""', 'msgid "Other"\nmsgstr "Khác"'), encoding="utf-8")
    names = parses(monkeypatch)
    stages(project)
    assert "other.po" in names  # its bytes changed: the remembered key no longer matches
    assert 'msgstr "Khác"' in po.read_text(encoding="utf-8")
    (project / "locales" / "other.pot").unlink()  # a deleted template is made again
    assert "locales/other.pot" in stages(project).report.written
