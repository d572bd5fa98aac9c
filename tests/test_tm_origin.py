"""A translation-memory reuse cites its origin by the line the origin file holds (issue 19).

The origin catalog is rewritten earlier in the same run (its machine output gains provenance
comments, so its lines move). An uninterrupted run used to cite the line as read before that
rewrite; a run resumed after a kill reads the rewritten file and cited the new line. Both now
cite the line on disk.
"""

from __future__ import annotations

import polib
from conftest import FakeEngine
from typer.testing import CliRunner

from l10n.cli import app
from l10n.model import Entry
from l10n.translate.tm import TranslationMemory

SHARED = "The council meets on Monday."


def _origin_line(root, slug: str) -> tuple[str, int]:
    entry = polib.pofile(str(root / f"locales/vi/LC_MESSAGES/{slug}.po")).find(SHARED)
    comment = next(c for c in entry.tcomment.split("\n") if c.startswith("l10n-mt: tm-reviewed"))
    path, line = comment.split()[2].rsplit(":", 1)
    return path, int(line)


def _msgid_line(path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines.index(f'msgid "{SHARED}"') + 1


def test_a_reuse_cites_the_line_the_rewritten_origin_holds(tmp_path, monkeypatch) -> None:
    (tmp_path / "source").mkdir()
    (tmp_path / "source/a.txt").write_text(f"First point.\n\nSecond point.\n\n{SHARED}\n", encoding="utf-8")
    (tmp_path / "source/b.txt").write_text(f"{SHARED}\n\nAnother point.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "t"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine())
    assert CliRunner().invoke(app, ["extract"]).exit_code == 0
    assert CliRunner().invoke(app, ["update"]).exit_code == 0
    a_po = tmp_path / "locales/vi/LC_MESSAGES/a.po"
    catalog = polib.pofile(str(a_po))
    catalog.find(SHARED).msgstr = "Hội đồng họp vào thứ Hai."  # reviewed by a person
    catalog.save()
    read_line = _msgid_line(a_po)
    result = CliRunner().invoke(app, ["translate"])
    assert result.exit_code == 0, result.output
    written_line = _msgid_line(a_po)
    assert written_line > read_line  # a.po gained provenance comments above the shared entry
    assert _origin_line(tmp_path, "b") == ("locales/vi/LC_MESSAGES/a.po", written_line)

    # a resumed run: b's reuse undone, a as written; it cites the same line
    b_po = tmp_path / "locales/vi/LC_MESSAGES/b.po"
    uninterrupted = b_po.read_bytes()
    catalog = polib.pofile(str(b_po))
    entry = catalog.find(SHARED)
    entry.msgstr, entry.tcomment, entry.flags = "", "", []
    catalog.save()
    assert CliRunner().invoke(app, ["translate"]).exit_code == 0
    assert _origin_line(tmp_path, "b") == ("locales/vi/LC_MESSAGES/a.po", written_line)
    resumed = b_po.read_bytes()
    strip = lambda data: [ln for ln in data.splitlines() if not ln.startswith(b'"PO-Revision-Date')]  # noqa: E731
    assert strip(resumed) == strip(uninterrupted)


def test_relocate_moves_matches_handed_out_already() -> None:
    memory = TranslationMemory.build([("a.po", [Entry(SHARED, "Họp.", line=7)])])
    match = memory.lookup(SHARED)
    assert match is not None and match.cited_line == 7 and "a.po:7 " in match.provenance()
    memory.relocate("a.po", [Entry(SHARED, "Họp.", line=12), Entry(SHARED, "Cũ.", obsolete=True, line=30)])
    assert match.cited_line == 12 and match.line == 7 and "a.po:12 " in match.provenance()
    assert memory.lookup(SHARED) == match
