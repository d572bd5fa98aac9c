"""Catalog charsets (issue #11, items 10 and 11).

* A catalog in a declared legacy charset (ISO-8859-1, KOI8-R, CP1252) is read as GNU gettext
  reads it; commands that only read leave it as it is; ``update`` writes it back as UTF-8
  (Content-Type updated, the text identical) and says so once, naming the file.
* An undeclared non-UTF-8 or an unknown charset is one clear error naming file and line.
* Every .mo has a charset header, so Python's gettext loads it even from a header-less catalog.

Oracles: GNU msgfmt -c (accepts the legacy catalogs), Python's gettext.
"""

from __future__ import annotations

import gettext
import io
import subprocess
from pathlib import Path

import pytest
from conftest import FakeEngine, require_gettext
from typer.testing import CliRunner

from l10n.catalog import mofile, pofile
from l10n.cli import app
from l10n.errors import CatalogError

SLUG = "talks"
ARTICLE = (
    "Will Russia-NATO tensions ease?\n\nThe talks in Geneva ended on Monday. Both sides will meet again.\n"
)
PO = f"locales/vi/LC_MESSAGES/{SLUG}.po"
MO = f"locales/vi/LC_MESSAGES/{SLUG}.mo"
HEADLINE = "Will Russia-NATO tensions ease?"

require_gettext()  # the oracle: fails, never skips, when GNU gettext is missing

# a translation each charset can hold, and one byte sequence that is not valid UTF-8
TEXTS = {
    "ISO-8859-1": "Les tensions entre la Russie et l'OTAN vont-elles s'apaiser ? Été, « ça »",
    "KOI8-R": "Ослабнет ли напряжённость между Россией и НАТО?",
    "CP1252": "Tensions — «apaisement» € ‘bientôt’",
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / f"{SLUG}.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "demo"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine())
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def legacy_catalog(root: Path, charset: str) -> bytes:
    """Turn the project's vi catalog into one in ``charset``, with a reviewed non-ASCII headline."""
    assert run("extract").exit_code == 0 and run("update").exit_code == 0
    path = root / PO
    catalog = pofile.parse(path.read_text(encoding="utf-8"), PO)
    catalog.set_translation(HEADLINE, None, TEXTS[charset], fuzzy=False, comment=None)
    catalog.set_header("Content-Type", f"text/plain; charset={charset}")
    data = pofile.render(catalog).encode(charset)
    path.write_bytes(data)
    proc = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr  # GNU gettext accepts the catalog as it is
    return data


@pytest.mark.parametrize("charset", sorted(TEXTS))
def test_decode_reads_a_declared_charset(charset: str) -> None:
    text = (
        'msgid ""\nmsgstr ""\n"MIME-Version: 1.0\\n"\n'
        f'"Content-Type: text/plain; charset={charset}\\n"\n\nmsgid "a"\nmsgstr "{TEXTS[charset]}"\n'
    )
    assert pofile.declared_charset(text.encode(charset)) == (charset, 4)
    assert pofile.decode(text.encode(charset), path="x.po") == text
    (message,) = pofile.parse(pofile.decode(text.encode(charset))).active()
    assert message.msgstr == TEXTS[charset]


@pytest.mark.parametrize("charset", sorted(TEXTS))
def test_read_only_commands_leave_a_legacy_catalog_as_it_is(project: Path, charset: str) -> None:
    data = legacy_catalog(project, charset)
    for command in ("check", "status", "compile"):
        result = run(command)
        assert "not valid" not in result.output and "unknown charset" not in result.output, result.output
        assert (project / PO).read_bytes() == data, command
        if command != "check":  # check reports the charset (header-charset): UTF-8 is the project's rule
            assert result.exit_code == 0, result.output
    assert "header-charset" in run("check").output
    # the .mo is UTF-8 and Python's gettext reads the translation from it
    translations = gettext.GNUTranslations(io.BytesIO((project / MO).read_bytes()))
    assert translations.gettext(HEADLINE) == TEXTS[charset]
    assert translations.info()["content-type"] == "text/plain; charset=UTF-8"


@pytest.mark.parametrize("charset", ["ISO-8859-1", "KOI8-R"])
def test_update_converts_a_legacy_catalog_to_utf8_once_with_one_note(project: Path, charset: str) -> None:
    data = legacy_catalog(project, charset)
    before = pofile.parse(data.decode(charset), PO)
    result = run("update")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if "UTF-8" in line and charset in line]
    assert len(notes) == 1 and PO in notes[0], result.output
    written = (project / PO).read_bytes()
    after = pofile.parse(written.decode("utf-8"), PO)
    assert after.header["Content-Type"] == "text/plain; charset=UTF-8"
    assert [m.signature() for m in after.messages] == [m.signature() for m in before.messages]
    assert {k: v for k, v in after.header.items() if k != "Content-Type"} == {
        k: v for k, v in before.header.items() if k != "Content-Type"
    }
    proc = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(project / PO)], capture_output=True)
    assert proc.returncode == 0
    # once: the next update finds a UTF-8 catalog and writes nothing
    again = run("update")
    assert again.exit_code == 0 and charset not in again.output, again.output
    assert (project / PO).read_bytes() == written


def test_build_converts_a_legacy_catalog_and_publishes_its_text(project: Path) -> None:
    legacy_catalog(project, "CP1252")
    result = run("build")
    assert result.exit_code == 0, result.output
    assert result.output.count("CP1252") == 1, result.output
    assert TEXTS["CP1252"] in (project / "build" / "vi" / f"{SLUG}.txt").read_text(encoding="utf-8")
    assert b"charset=UTF-8" in (project / PO).read_bytes()


@pytest.mark.parametrize(
    ("header", "body", "needle", "line"),
    [
        # no charset declared, Latin-1 bytes: read as UTF-8, as GNU does
        ('"Content-Type: text/plain\\n"', "Caf\xe9", "not valid UTF-8", 11),
        # a charset neither Python nor GNU gettext knows
        ('"Content-Type: text/plain; charset=FOO-9\\n"', "Cafe", "unknown charset 'FOO-9'", 4),
        # a charset Python knows but no PO reader can use (not ASCII-compatible)
        ('"Content-Type: text/plain; charset=UTF-16\\n"', "Cafe", "not ASCII-compatible", 4),
        # declared UTF-8, invalid bytes
        ('"Content-Type: text/plain; charset=UTF-8\\n"', "Caf\xe9", "not valid UTF-8", 11),
        # declared CP1252, a byte CP1252 does not define
        ('"Content-Type: text/plain; charset=CP1252\\n"', "Caf\x81", "not valid CP1252", 11),
    ],
)
def test_unreadable_charsets_are_one_error_with_file_and_line(
    project: Path, header: str, body: str, needle: str, line: int
) -> None:
    assert run("extract").exit_code == 0 and run("update").exit_code == 0
    data = (
        f'msgid ""\nmsgstr ""\n"Language: vi\\n"\n{header}\n"MIME-Version: 1.0\\n"\n\n'
        f'msgid "{HEADLINE}"\nmsgstr ""\n\nmsgid "x"\nmsgstr "{body}"\n'
    ).encode("latin-1")
    (project / PO).write_bytes(data)
    with pytest.raises(CatalogError) as info:
        pofile.decode(data, path=PO)
    assert (needle in info.value.message, info.value.line) == (True, line)
    for command in ("status", "update", "check"):
        result = run(command)
        assert result.exit_code != 0
        assert f"{PO}:{line}:" in result.output and needle in result.output, (command, result.output)
        assert (project / PO).read_bytes() == data  # nothing lost


# --------------------------------------------------------------------------- item 11: .mo header


@pytest.mark.parametrize(
    "text",
    [
        'msgid "Hello"\nmsgstr "Xin chào"\n\nmsgid "Tea"\nmsgstr "Trà đá"\n',  # no header entry
        'msgid ""\nmsgstr "Language: vi\\n"\n\n'
        'msgid "Hello"\nmsgstr "Xin chào"\n\nmsgid "Tea"\nmsgstr "Trà đá"\n',
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=CHARSET\\n"\n\n'
        'msgid "Hello"\nmsgstr "Xin chào"\n\nmsgid "Tea"\nmsgstr "Trà đá"\n',
        'msgid ""\nmsgstr ""\n\n'
        'msgctxt "drink"\nmsgid "Tea"\nmsgstr "Trà đá"\n\nmsgid "Hello"\nmsgstr "Xin chào"\n',
    ],
)
def test_catalogs_without_a_charset_compile_to_a_mo_python_gettext_loads(text: str, tmp_path: Path) -> None:
    catalog = pofile.parse(text, "x.po")
    for data in (mofile.compile_catalog(catalog), mofile.compile_catalog(catalog, charset="UTF-8")):
        translations = gettext.GNUTranslations(io.BytesIO(data))
        assert translations.gettext("Hello") == "Xin chào"
        assert "Trà đá" in (translations.gettext("Tea"), translations.pgettext("drink", "Tea"))
        assert translations.info()["content-type"] == "text/plain; charset=UTF-8"
        # GNU's msgunfmt reads the header too
        (tmp_path / "x.mo").write_bytes(data)
        out = subprocess.run(["msgunfmt", str(tmp_path / "x.mo")], capture_output=True, text=True, check=True)
        assert "charset=UTF-8" in out.stdout and "Xin chào" in out.stdout
    assert "Content-Type" not in catalog.header or "CHARSET" in catalog.header["Content-Type"]  # unchanged


def test_compile_command_on_a_header_less_catalog(project: Path) -> None:
    assert run("extract").exit_code == 0 and run("update").exit_code == 0
    text = f'msgid "{HEADLINE}"\nmsgstr "Căng thẳng Nga-NATO sẽ dịu đi?"\n'
    (project / PO).write_text(text, encoding="utf-8")
    result = run("compile")
    assert result.exit_code == 0, result.output
    translations = gettext.GNUTranslations(io.BytesIO((project / MO).read_bytes()))
    assert translations.gettext(HEADLINE) == "Căng thẳng Nga-NATO sẽ dịu đi?"


# --------------------------------------------------------------------------- charset mismatch


@pytest.mark.parametrize(
    ("declared", "translation"),
    [
        ("ISO-8859-1", "Căng thẳng Nga-NATO sẽ dịu đi?"),  # the tester's case: sed on the header
        ("KOI8-R", "Été, « ça » — ½"),  # own case: another legacy charset, Latin text
    ],
)
def test_utf8_catalog_with_a_legacy_charset_header_is_a_mismatch_error(
    project: Path, declared: str, translation: str
) -> None:
    assert run("extract").exit_code == 0 and run("update").exit_code == 0
    path = project / PO
    catalog = pofile.parse(path.read_text(encoding="utf-8"), PO)
    catalog.set_translation(HEADLINE, None, translation, fuzzy=False, comment=None)
    path.write_text(pofile.render(catalog), encoding="utf-8")
    data = path.read_bytes().replace(b"charset=UTF-8", f"charset={declared}".encode())
    path.write_bytes(data)
    (line,) = [n for n, text in enumerate(data.splitlines(), 1) if b"Content-Type" in text]
    with pytest.raises(CatalogError) as info:
        pofile.decode(data, path=PO)
    assert info.value.line == line
    assert f"header says charset={declared} but the file is UTF-8" in info.value.message
    for command in ("update", "build", "check", "status"):
        result = run(command)
        assert result.exit_code == 2, (command, result.output)
        assert f"{PO}:{line}: header says charset={declared} but the file is UTF-8" in result.output
        assert path.read_bytes() == data, command  # nothing garbled, nothing written


def test_latin1_bytes_that_are_not_utf8_still_convert() -> None:
    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "a"\nmsgstr "Été"\n'
    assert pofile.decode(text.encode("latin-1")) == text
    # ASCII-only content in a legacy header is not a mismatch either
    ascii_only = text.replace("Été", "Ete").encode("ascii")
    assert pofile.decode(ascii_only) == ascii_only.decode()
