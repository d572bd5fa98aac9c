"""``l10n.catalog.store.CatalogStore``: the one home of the catalog-file protocol.

Parse once per bytes, a legacy charset converted with one warning, bookkeeping-only saves
skipped, checkpoints, and writes refused when the file changed since it was read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from l10n.catalog import pofile
from l10n.catalog.store import CatalogStore
from l10n.errors import CatalogError, ConflictError
from l10n.model import Issue

HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: demo\\n"\n"PO-Revision-Date: 2024-01-01 00:00+0000\\n"\n'
    '"Language: fr\\n"\n"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset={charset}\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n\n'
)
BODY = 'msgid "Summer"\nmsgstr "Été"\n\nmsgid "Talks"\nmsgstr ""\n'


def write_po(path: Path, charset: str = "UTF-8") -> bytes:
    data = (HEADER.format(charset=charset) + BODY).encode("latin-1" if charset != "UTF-8" else "utf-8")
    path.write_bytes(data)
    return data


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = pofile.parse

    def counting(text: str, path: str = "") -> object:
        parsed.append(path)
        return real(text, path)

    monkeypatch.setattr(pofile, "parse", counting)
    return parsed


def make_store(root: Path, warnings: list[Issue] | None = None) -> CatalogStore:
    sink = None if warnings is None else warnings.append
    return CatalogStore(lambda p: p.relative_to(root).as_posix(), sink)


def test_same_bytes_are_parsed_once_and_new_bytes_again(tmp_path: Path, counted: list[str]) -> None:
    path = tmp_path / "fr.po"
    write_po(path)
    store = make_store(tmp_path)
    first, second = store.read(path), store.read(path)
    assert first.catalog is second.catalog and counted == ["fr.po"]
    path.write_bytes(path.read_bytes().replace(b'msgstr ""\n', b'msgstr "Pourparlers"\n'))
    third = store.read(path)
    assert counted == ["fr.po", "fr.po"] and third.catalog is not first.catalog
    assert third.rel == "fr.po" and third.legacy is None
    assert store.read(tmp_path / "missing.po").catalog is None
    with pytest.raises(CatalogError, match=r"missing\.po: run update"):
        store.catalog(tmp_path / "missing.po", "run update")


def test_bookkeeping_only_change_leaves_the_file_as_it_is(tmp_path: Path, counted: list[str]) -> None:
    path = tmp_path / "fr.po"
    data = write_po(path)
    store = make_store(tmp_path)
    loaded = store.read(path)
    assert loaded.catalog is not None
    changed = loaded.catalog.copy()
    changed.set_header("PO-Revision-Date", "2030-01-01 00:00+0000")
    assert store.save(loaded, changed) is False
    assert path.read_bytes() == data
    changed.set_translation("Talks", None, "Pourparlers", fuzzy=False, comment=None)
    assert store.save(loaded, changed) is True
    assert b'msgstr "Pourparlers"' in path.read_bytes()
    again = store.read(path)  # the catalog as written, with its line numbers: not parsed again
    assert counted == ["fr.po"] and again.catalog is not None
    assert [m.msgstr for m in again.catalog.active()] == ["Été", "Pourparlers"]


def test_legacy_charset_is_written_as_utf8_with_one_warning(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    write_po(path, "ISO-8859-1")
    warnings: list[Issue] = []
    store = make_store(tmp_path, warnings)
    loaded = store.read(path)
    assert loaded.legacy == ("ISO-8859-1", 7) and loaded.catalog is not None
    assert store.save(loaded, loaded.catalog.copy()) is True
    text = path.read_bytes().decode("utf-8")
    assert "charset=UTF-8" in text and 'msgstr "Été"' in text
    assert [(w.path, w.line, w.code) for w in warnings] == [("fr.po", 7, "charset-converted")]
    assert "catalog was in ISO-8859-1" in warnings[0].message
    silent = make_store(tmp_path)  # no sink: the conversion still happens, nothing is said
    write_po(path, "ISO-8859-1")
    again = silent.read(path)
    assert again.catalog is not None and silent.save(again, again.catalog.copy()) is True


def test_save_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    write_po(path)
    store = make_store(tmp_path)
    loaded = store.read(path)
    assert loaded.catalog is not None
    theirs = path.read_bytes() + b'\nmsgid "New"\nmsgstr "Nouveau"\n'
    path.write_bytes(theirs)
    changed = loaded.catalog.copy()
    changed.set_translation("Talks", None, "Pourparlers", fuzzy=False, comment=None)
    with pytest.raises(ConflictError):
        store.save(loaded, changed)
    assert path.read_bytes() == theirs  # the editor's save is kept


def test_checkpoint_saves_only_something_new(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    data = write_po(path)
    store = make_store(tmp_path)
    loaded = store.read(path)
    assert loaded.catalog is not None
    working = loaded.catalog.copy()
    assert store.checkpoint(loaded, working, loaded.catalog) is loaded  # nothing new
    assert path.read_bytes() == data
    working.set_translation("Talks", None, "Pourparlers", fuzzy=True, comment=None)
    saved = store.checkpoint(loaded, working, loaded.catalog)
    assert saved is not None and saved is not loaded
    assert saved.snap.data == path.read_bytes() != data
    assert b"PO-Revision-Date: 2024" not in saved.snap.data  # stamped with the time of the save
    assert store.read(path).catalog is saved.catalog
