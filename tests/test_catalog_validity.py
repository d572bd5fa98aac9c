"""A catalog GNU ``msgfmt -c`` rejects is an error naming file and line, never an empty entry.

Issue 19: a reviewer's slip (``msgstr`` turned into ``msgstr[0]`` on a singular entry) was read
as an untranslated entry and the next build replaced the reviewed text with machine output.
Each case of the matrix is checked against ``msgfmt -c`` itself: our verdict (CatalogError or
not) must be msgfmt's. Format-string and newline mismatches stay entry-level checks.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import FakeEngine, require_gettext
from typer.testing import CliRunner

from l10n.catalog import pofile
from l10n.cli import app
from l10n.errors import CatalogError

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: {plural}\\n"\n"Language: fr\\n"\n"MIME-Version: 1.0\\n"\n\n'
)
TWO = "nplurals=2; plural=(n > 1);"
PLURAL = 'msgid "a file"\nmsgid_plural "files"\n'
THREE = 'msgstr[0] "f"\nmsgstr[1] "fs"\nmsgstr[2] "x"\n'
CTX = 'msgctxt "x"\nmsgid "a"\nmsgstr "b"\n\n'

# name: (Plural-Forms, entries, msgfmt -c fatal, line we report or 0 when not fatal)
MATRIX: dict[str, tuple[str, str, bool, int]] = {
    "valid singular": (TWO, 'msgid "a"\nmsgstr "b"\n', False, 0),
    "valid plural": (TWO, PLURAL + 'msgstr[0] "f"\nmsgstr[1] "fs"\n', False, 0),
    "plural forms on a singular entry": (TWO, 'msgid "a"\nmsgstr[0] "b"\n', True, 8),
    "same, fuzzy": (TWO, '#, fuzzy\nmsgid "a"\nmsgstr[0] "b"\n', True, 9),
    "same, obsolete": (TWO, '#~ msgid "a"\n#~ msgstr[0] "b"\n', True, 8),
    "msgid_plural without msgstr[N]": (TWO, PLURAL + 'msgstr "f"\n', True, 10),
    "msgid_plural and nothing": (TWO, PLURAL, True, 9),
    "more msgstr[N] than nplurals": (TWO, PLURAL + THREE, True, 8),
    "fewer msgstr[N] than nplurals": (TWO, PLURAL + 'msgstr[0] "f"\n', True, 8),
    "too many but untranslated": (TWO, PLURAL + 'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""\n', False, 0),
    "too many but msgstr[0] empty": (TWO, PLURAL + 'msgstr[0] ""\nmsgstr[1] "x"\nmsgstr[2] ""\n', False, 0),
    "too many but fuzzy": (TWO, "#, fuzzy\n" + PLURAL + THREE, False, 0),
    "too many but obsolete": (TWO, '#~ msgid "a"\n#~ msgid_plural "as"\n#~ msgstr[0] "f"\n', False, 0),
    "plural index gap": (TWO, PLURAL + 'msgstr[0] "f"\nmsgstr[2] "fs"\n', True, 11),
    "plural index not from 0": (TWO, PLURAL + 'msgstr[1] "f"\nmsgstr[0] "fs"\n', True, 10),
    "duplicate msgid": (TWO, 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', True, 11),
    "duplicate msgid, obsolete": (TWO, 'msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n', True, 11),
    "same msgid, other msgctxt": (TWO, CTX + 'msgid "a"\nmsgstr "c"\n', False, 0),
    "msgstr twice": (TWO, 'msgid "a"\nmsgstr "b"\nmsgstr "c"\n', True, 10),
    "no msgstr": (TWO, 'msgid "a"\n', True, 8),
    "Plural-Forms: nplurals not a number": ("nplurals=x; plural=n;", 'msgid "a"\nmsgstr "b"\n', True, 1),
    "Plural-Forms: nplurals=0": ("nplurals=0; plural=0;", 'msgid "a"\nmsgstr "b"\n', True, 1),
    "Plural-Forms: bad expression": ("nplurals=2; plural=n +;", 'msgid "a"\nmsgstr "b"\n', True, 1),
    "Plural-Forms: value out of range": ("nplurals=1; plural=n;", 'msgid "a"\nmsgstr "b"\n', True, 1),
    "Plural-Forms: no final semicolon": ("nplurals=2; plural=(n > 1)", 'msgid "a"\nmsgstr "b"\n', False, 0),
    "c-format mismatch (entry check)": (TWO, '#, c-format\nmsgid "%d a"\nmsgstr "%s b"\n', True, 0),
    "newline mismatch (entry check)": (TWO, 'msgid "a\\n"\nmsgstr "b"\n', True, 0),
}
ENTRY_CHECKS = {"c-format mismatch (entry check)", "newline mismatch (entry check)"}
"""Cases msgfmt -c refuses that stay entry-level check errors (issue 19), not catalog errors."""


def _text(plural: str, entries: str) -> str:
    return HEADER.format(plural=plural) + entries


def _msgfmt_fatal(tmp_path: Path, text: str) -> bool:
    path = tmp_path / "case.po"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    return proc.returncode != 0


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_our_verdict_is_msgfmts(tmp_path: Path, name: str) -> None:
    require_gettext()
    plural, entries, fatal, line = MATRIX[name]
    text = _text(plural, entries)
    assert _msgfmt_fatal(tmp_path, text) is fatal, "the matrix states msgfmt's verdict"
    if fatal and name not in ENTRY_CHECKS:
        with pytest.raises(CatalogError) as info:
            pofile.parse(text, "locales/fr/x.po")
        assert (info.value.path, info.value.line) == ("locales/fr/x.po", line)
        assert str(info.value).startswith(f"locales/fr/x.po:{line}: ")
        assert "\n" not in str(info.value)
    else:
        pofile.parse(text, "locales/fr/x.po")


def test_the_plural_slip_names_msgfmts_reason() -> None:
    plural, entries, _fatal, _line = MATRIX["plural forms on a singular entry"]
    with pytest.raises(CatalogError, match="missing 'msgid_plural' section"):
        pofile.parse(_text(plural, entries), "x.po")


def test_xgettext_placeholder_plural_forms_reads_as_none_in_a_template() -> None:
    text = _text("nplurals=INTEGER; plural=EXPRESSION;", PLURAL + 'msgstr[0] ""\nmsgstr[1] ""\n')
    (message,) = pofile.parse(text, "x.pot").active()
    assert message.msgstr_plural == {0: "", 1: ""}


def test_a_raw_nul_byte_is_an_error_on_its_line() -> None:
    data = _text(TWO, 'msgid "a"\nmsgstr "b\0c"\n').encode()
    with pytest.raises(CatalogError) as info:
        pofile.decode(data, path="x.po")
    assert (info.value.line, "NUL byte" in str(info.value)) == (9, True)


def test_a_catalog_over_the_size_cap_is_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as info:
        pofile.check_size(pofile.MAX_CATALOG_BYTES + 1, path="x.po")
    assert str(info.value) == "x.po: catalog is 32 MiB, over the 32 MiB limit for a catalog file"
    pofile.check_size(pofile.MAX_CATALOG_BYTES, path="x.po")
    with pytest.raises(CatalogError, match="over the 32 MiB limit"):
        pofile.decode(b" " * (pofile.MAX_CATALOG_BYTES + 1), path="x.po")


# ------------------------------------------------------------------------------ the CLI

VI = "locales/vi/LC_MESSAGES/x.po"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "x.txt").write_text("Talks ended on Monday.\n\nBoth sides will meet again.\n")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "demo"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine())
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    return tmp_path


def _review_then_slip(po: Path) -> tuple[bytes, int]:
    """Approve the first entry by hand, then turn its msgstr into msgstr[0]; (bytes, msgid line)."""
    lines = po.read_text(encoding="utf-8").split("\n")
    at = lines.index('msgid "Talks ended on Monday."')
    lines[at + 1] = 'msgstr[0] "Cuộc đàm phán kết thúc hôm thứ Hai."'
    cut = at
    while lines[cut - 1].startswith("#"):  # drop its comments (provenance, fuzzy)
        cut -= 1
    data = "\n".join([*lines[:cut], "#: source/x.txt:1", *lines[at:]]).encode()
    po.write_bytes(data)
    return data, cut + 2


@pytest.mark.parametrize(
    "command", [["build"], ["update"], ["translate"], ["compile"], ["check"], ["status"]]
)
def test_a_reviewed_entry_turned_plural_stops_every_command(project: Path, command: list[str]) -> None:
    po = project / VI
    data, line = _review_then_slip(po)
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 2, result.output
    assert f"{VI}:{line}: missing 'msgid_plural' section" in result.output
    assert po.read_bytes() == data  # left exactly as on disk


def test_a_raw_nul_byte_in_a_catalog_stops_the_build(project: Path) -> None:
    po = project / VI
    data = po.read_bytes().replace(b'msgid "Both sides', b'# note\0\nmsgid "Both sides', 1)
    po.write_bytes(data)
    line = data[: data.index(b"\0")].count(b"\n") + 1
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 2, result.output
    assert f"{VI}:{line}: NUL byte in the file" in result.output
    assert po.read_bytes() == data


def test_a_catalog_over_the_size_cap_is_refused_before_it_is_read(project: Path) -> None:
    po = project / VI
    with po.open("r+b") as fh:  # sparse: the size is what counts
        fh.truncate(pofile.MAX_CATALOG_BYTES + 1)
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 2, result.output
    assert f"{VI}: catalog is 32 MiB, over the 32 MiB limit for a catalog file" in result.output
    assert "Traceback" not in result.output
    assert po.stat().st_size == pofile.MAX_CATALOG_BYTES + 1
