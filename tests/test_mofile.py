"""Tests for l10n.catalog.mofile (``compile_catalog``, ``compile_messages``); oracles: GNU msgfmt/msgunfmt."""

from __future__ import annotations

import gettext
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from conftest import require_gettext
from test_catalog import LONG, translated_po, write

from l10n.catalog import mofile, pofile

require_gettext()  # the oracle: fails, never skips, when GNU gettext is missing


def compile_mo(po: str, *, path: str = "", use_fuzzy: bool = False) -> bytes:
    """PO text -> .mo bytes, as ``msgfmt`` does it from a file."""
    return mofile.compile_catalog(pofile.parse(po, path), use_fuzzy=use_fuzzy)


def msgunfmt(tmp_path: Path, mo: bytes, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(mo)
    return subprocess.run(["msgunfmt", str(path)], capture_output=True, text=True, check=True).stdout


def blocks(po: str) -> list[str]:
    """msgunfmt output split into messages, flag lines left out."""
    return ["\n".join(x for x in b.strip().split("\n") if not x.startswith("#,")) for b in po.split("\n\n")]


@pytest.mark.parametrize("use_fuzzy", [False, True])
def test_compile_matches_msgfmt_with_fuzzy_plural_and_context(tmp_path: Path, use_fuzzy: bool) -> None:
    _, po = translated_po()
    po += (
        '\nmsgctxt "ui"\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "một"\n\n'
        'msgid "empty first"\nmsgid_plural "forms"\nmsgstr[0] ""\n'
    )
    path = write(tmp_path, "vi.po", po)
    gnu_path = tmp_path / "gnu.mo"
    subprocess.run(
        ["msgfmt", *(["--use-fuzzy"] if use_fuzzy else []), "-o", str(gnu_path), str(path)], check=True
    )
    ours = compile_mo(po, use_fuzzy=use_fuzzy)
    expected = msgunfmt(tmp_path, gnu_path.read_bytes(), "g.mo")
    assert msgunfmt(tmp_path, ours, "o.mo") == expected
    assert ("Cổ phiếu giảm" in expected) is use_fuzzy  # the MT entry is fuzzy
    runtime = gettext.GNUTranslations(BytesIO(ours))
    assert runtime.pgettext("ui", "one") == "một"
    assert runtime.gettext("Russia and NATO: tensions rise") == "Nga và NATO: căng thẳng gia tăng"
    assert runtime.gettext(LONG) == ("Cổ phiếu giảm 10% vào thứ Hai." if use_fuzzy else LONG)
    assert "Nga và NATO" in expected


def test_compile_messages_works_on_plain_values(tmp_path: Path) -> None:
    header = "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"
    messages = [
        mofile.Message(None, "", None, (header,), fuzzy=True),  # the header goes in even when fuzzy
        mofile.Message(None, "file", "files", ("fichier", "fichiers")),
        mofile.Message("menu", "Open", None, ("Ouvrir",)),
        mofile.Message(None, "draft", None, ("brouillon",), fuzzy=True),
        mofile.Message(None, "untranslated", None, ("",)),
    ]
    data = mofile.compile_messages(messages)
    runtime = gettext.GNUTranslations(BytesIO(data))
    assert runtime.ngettext("file", "files", 2) == "fichiers"
    assert runtime.pgettext("menu", "Open") == "Ouvrir"
    assert runtime.gettext("draft") == "draft"
    assert (
        gettext.GNUTranslations(BytesIO(mofile.compile_messages(messages, use_fuzzy=True))).gettext("draft")
        == "brouillon"
    )
    assert "untranslated" not in msgunfmt(tmp_path, data, "m.mo")
    assert mofile.compile_messages(reversed(messages)) == data  # keys are sorted
    assert "polib" not in Path(mofile.__file__).read_text(encoding="utf-8").split('"""', 2)[2]


def test_compile_catalog_equals_compiling_its_rendered_text() -> None:
    catalog = pofile.parse(translated_po()[1], "vi.po")
    for fuzzy in (False, True):
        mo = mofile.compile_catalog(catalog, use_fuzzy=fuzzy)
        assert mo == compile_mo(pofile.render(catalog), use_fuzzy=fuzzy)
        assert len(mo) > 100


def test_compile_catalog_charset_overrides_the_header_without_changing_the_catalog() -> None:
    po = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n'
        '"POT-Creation-Date: 2026-01-01 00:00+0000\\n"\n\n'
        'msgid "cafe"\nmsgstr "café"\n\n#~ msgid "old"\n#~ msgstr "vieux"\n'
    )
    catalog = pofile.parse(po, "fr.po")
    latin = gettext.GNUTranslations(BytesIO(mofile.compile_catalog(catalog)))
    assert latin.gettext("cafe") == "café"
    assert latin.info()["content-type"] == "text/plain; charset=ISO-8859-1"
    data = mofile.compile_catalog(catalog, charset="UTF-8")
    assert "café".encode() in data and "café".encode("latin-1") not in data
    utf8 = gettext.GNUTranslations(BytesIO(data))
    assert utf8.info()["content-type"] == "text/plain; charset=UTF-8"
    assert "pot-creation-date" not in utf8.info()  # left out, as msgfmt >= 0.20 does
    assert utf8.gettext("old") == "old"  # obsolete entries are not compiled
    assert catalog.header["Content-Type"] == "text/plain; charset=ISO-8859-1"  # catalog unchanged
