"""Comment marks without the space after them (``#:a.txt:1``, ``#,fuzzy``, ``#~msgid``), as
hand-edited catalogs and some tools write them: GNU gettext reads them (msgcat, msgfmt -c
accept them), so l10n reads them too instead of a "syntax error"."""

import subprocess
from pathlib import Path

from conftest import require_gettext

from l10n.catalog.pofile import parse

TEXT = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    "\n"
    "#.role: headline\n"
    "#:source/a.txt:1 source/a.txt:3\n"
    "#,fuzzy, python-format\n"
    '#|msgid "Old head"\n'
    'msgid "Head"\n'
    'msgstr "Tiêu đề"\n'
    "\n"
    '#~|msgid "Older"\n'
    '#~msgid "Gone"\n'
    '#~msgstr "Đã mất"\n'
)


def test_marks_without_space_read_as_gettext_reads_them() -> None:
    cat = parse(TEXT, "x.po")
    live, gone = cat.messages
    assert (live.msgid, live.msgstr) == ("Head", "Tiêu đề")
    assert live.occurrences == [("source/a.txt", "1"), ("source/a.txt", "3")]
    assert live.flags == ["fuzzy", "python-format"]
    assert live.previous_msgid == "Old head"
    assert live.comment == "role: headline"
    assert (gone.msgid, gone.msgstr, gone.obsolete) == ("Gone", "Đã mất", True)
    assert gone.previous_msgid == "Older"


def test_gnu_gettext_accepts_the_same_text(tmp_path: Path) -> None:
    require_gettext()
    po = tmp_path / "x.po"
    po.write_text(TEXT, encoding="utf-8")
    out = subprocess.run(["msgcat", str(po)], capture_output=True, text=True, check=True).stdout
    assert "#: source/a.txt:1 source/a.txt:3\n#, fuzzy, python-format\n" in out
