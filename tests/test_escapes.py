"""Escape sequences in PO strings are read as GNU msgfmt reads them (oracle: ``msgfmt -c``).

Invalid ones (``\\q``, ``\\?``, ``\\'``...) are one error ``path:line: invalid escape sequence``
(exit 2) instead of reaching the .mo literally; octal and hex escapes are decoded.
"""

from __future__ import annotations

import gettext
import subprocess
from pathlib import Path

import pytest
from conftest import require_gettext
from typer.testing import CliRunner

from l10n.catalog import pofile
from l10n.cli import app
from l10n.errors import CatalogError

require_gettext()  # the oracle: fails, never skips, when GNU gettext is missing

HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: x\\n"\n"Language: vi\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n\n'
)


def catalog_text(msgstr: str) -> str:
    return HEADER + f'msgid "a"\nmsgstr "{msgstr}"\n'


def msgfmt(text: str, tmp_path: Path) -> str | None:
    """The msgstr GNU msgfmt compiles, or None when ``msgfmt -c`` rejects the file."""
    (tmp_path / "t.po").write_text(text, encoding="utf-8")
    proc = subprocess.run(
        ["msgfmt", "-c", "-o", str(tmp_path / "t.mo"), str(tmp_path / "t.po")], capture_output=True
    )
    if proc.returncode != 0:
        return None
    with (tmp_path / "t.mo").open("rb") as mo:
        return gettext.GNUTranslations(mo).gettext("a")


@pytest.mark.parametrize(
    "msgstr",
    [
        r"Căng \q thẳng",  # the tester's case
        r"a\?b",
        r"a\'b",
        r"\e[0m",
        r"\u00e9",
        r"\8",
        r"\xg",
        r"tab\tand\\back\"quote",
        r"\a\b\f\v\r\n.",  # (msgfmt -c: a msgstr may not end in \n when the msgid does not)
        r"\101\x42-",
        r"\303\251t\xc3\xa9",  # UTF-8 bytes spelled as escapes
        r"\033[0m",
        r"a\\101",  # an escaped backslash, then digits
    ],
)
def test_escapes_as_msgfmt_reads_them(msgstr: str, tmp_path: Path) -> None:
    text = catalog_text(msgstr)
    expected = msgfmt(text, tmp_path)
    if expected is None:
        with pytest.raises(CatalogError) as info:
            pofile.parse(text, "x.po")
        assert info.value.line == text.count("\n")
        assert "invalid escape sequence \\" in info.value.message
    else:
        (message,) = pofile.parse(text, "x.po").active()
        assert message.msgstr == expected
        # what we write back is read the same, by us and by msgfmt
        written = pofile.render(pofile.parse(text, "x.po"))
        assert msgfmt(written, tmp_path) == expected
        assert pofile.parse(written).active()[0].msgstr == expected


def test_check_and_compile_reject_an_invalid_escape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "talks.txt").write_text("Tensions ease.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "demo"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["extract"]).exit_code == 0
    assert runner.invoke(app, ["update"]).exit_code == 0
    po = tmp_path / "locales/vi/LC_MESSAGES/talks.po"
    text = po.read_text(encoding="utf-8")
    text = text.rstrip("\n").removesuffix('msgstr ""') + 'msgstr "Căng \\q thẳng"\n'
    po.write_text(text, encoding="utf-8")
    line = text.count("\n")
    for command in ("check", "compile"):
        result = runner.invoke(app, [command])
        assert result.exit_code == 2, (command, result.output)
        assert f"locales/vi/LC_MESSAGES/talks.po:{line}: invalid escape sequence \\q" in result.output
    assert not (tmp_path / "locales/vi/LC_MESSAGES/talks.mo").exists()
