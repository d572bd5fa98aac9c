"""``#| msgctxt`` on a carried translation, and the fuzzy boundary, as ``msgmerge --previous``."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import require_gettext

from l10n.catalog import pofile
from l10n.catalog.catalog import Catalog

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
)
OLD = HEADER + 'msgctxt "menu"\nmsgid "Open the file"\nmsgstr "Ouvrir le fichier"\n'
POT = HEADER + 'msgctxt "menu"\nmsgid "Open the files"\nmsgstr ""\n'


def _ours(old: str, pot: str) -> Catalog:
    fr = {"language": "fr", "plural_forms": "nplurals=2; plural=(n > 1);"}
    return pofile.parse(old, "old.po").update(pofile.parse(pot, "t.pot"), **fr)


def _gnu(tmp_path: Path, old: str, pot: str) -> Catalog:
    (tmp_path / "old.po").write_text(old, encoding="utf-8")
    (tmp_path / "t.pot").write_text(pot, encoding="utf-8")
    out = tmp_path / "gnu.po"
    cmd = [
        "msgmerge",
        "--previous",
        "--quiet",
        "-o",
        str(out),
        str(tmp_path / "old.po"),
        str(tmp_path / "t.pot"),
    ]
    subprocess.run(cmd, check=True)
    return pofile.parse(out.read_text(encoding="utf-8"), "gnu.po")


def _previous(catalog: Catalog) -> list[tuple[str | None, str | None, list[str]]]:
    return [(m.previous_msgctxt, m.previous_msgid, m.flags) for m in catalog.active()]


def test_an_unchanged_context_is_still_written_as_previous() -> None:
    merged = _ours(OLD, POT)
    assert _previous(merged) == [("menu", "Open the file", ["fuzzy"])]
    assert '#| msgctxt "menu"\n#| msgid "Open the file"\n' in pofile.render(merged)


@pytest.mark.parametrize(
    ("old", "pot"),
    [
        (OLD, POT),
        (OLD, POT.replace('msgctxt "menu"\n', 'msgctxt "toolbar"\n')),
        (OLD.replace('msgctxt "menu"\n', ""), POT),
        # a context-free old entry beats an equally similar one of another context
        (OLD + '\nmsgid "Open the file"\nmsgstr "Ouvrez le fichier"\n', POT.replace('msgctxt "menu"\n', "")),
    ],
)
def test_previous_lines_as_msgmerge_writes_them(tmp_path: Path, old: str, pot: str) -> None:
    require_gettext()
    ours = _ours(old, pot)
    assert _previous(ours) == _previous(_gnu(tmp_path, old, pot))
    assert [m.msgstr for m in ours.active()] == [m.msgstr for m in _gnu(tmp_path, old, pot).active()]


def test_a_similarity_of_exactly_0_6_is_no_match() -> None:
    # difflib ratio of "abcde" and "abcxy" is 2 * 3 / 10 = 0.6: msgmerge's boundary is strict
    old = HEADER + 'msgid "abcde"\nmsgstr "ABCDE"\n'
    merged = _ours(old, HEADER + 'msgid "abcxy"\nmsgstr ""\n')
    assert [(m.msgstr, m.flags) for m in merged.active()] == [("", [])]
