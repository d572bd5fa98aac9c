"""'Reviewed' means one thing in every tool (issue 19): translated and not fuzzy.

An entry edited in Poedit (fuzzy cleared, ``# l10n-mt:`` line left) is reviewed in ``status``,
published by the build whatever its checks say (they are shown in ``l10n check`` and
``l10n queue``), exactly as an approval in the review page. The one exception is a translation
whose placeholders do not fit the article's markup: English in the build, an error in
``l10n check``, first in ``l10n queue``.
"""

from __future__ import annotations

import json

import polib
import pytest
from conftest import FakeEngine
from typer.testing import CliRunner

from l10n.checks.render import unrenderable
from l10n.cli import app
from l10n.formats.markdown.extract import segment_markdown
from l10n.model import Entry
from l10n.translate.protect import mask

ARTICLE = """\
# Council news

The council met **twice** on Monday.

It approved 13,000 new bikes.

Everyone agreed.
"""

PLANTED = {
    "Council news": "Tin hội đồng",
    "The council met <1>twice</1> on Monday.": "Hội đồng đã họp hai lần vào thứ Hai.",  # lost <1>
    "It approved 13,000 new bikes.": "Hội đồng duyệt 12.000 xe đạp mới.",  # wrong number
    "Everyone agreed.": "Mọi người đồng ý.",
}
CATALOG = "locales/vi/LC_MESSAGES/news.po"


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "news.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "t"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def answer(text: str) -> str:
        return next(v for k, v in PLANTED.items() if mask(k).text == text)

    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine(answer))
    assert CliRunner().invoke(app, ["build"]).exit_code == 0
    return tmp_path


def poedit_approve(root, *msgids: str) -> None:
    """What Poedit does on approval: clear the fuzzy flag, leave the translator comment."""
    catalog = polib.pofile(str(root / CATALOG))
    for msgid in msgids:
        entry = catalog.find(msgid)
        entry.flags.remove("fuzzy")
        assert "l10n-mt:" in entry.tcomment
    catalog.save()


def page(root) -> str:
    return (root / "build/vi/news.html").read_text(encoding="utf-8")


def test_an_entry_approved_in_poedit_is_reviewed_and_published(project) -> None:
    assert "Hội đồng duyệt 12.000" not in page(project)  # unreviewed machine output that fails
    poedit_approve(project, "It approved 13,000 new bikes.", "Everyone agreed.")
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    assert "Hội đồng duyệt 12.000 xe đạp mới." in page(project)  # a person approved it: shown
    withheld = [ln for ln in result.output.splitlines() if "mt-withheld" in ln]
    assert len(withheld) == 1 and "twice" in withheld[0]  # only the unreviewed one
    status = json.loads(CliRunner().invoke(app, ["status", "--format", "json"]).output)
    [row] = status["catalogs"]
    assert (row["units"]["reviewed"], row["units"]["machine"]) == (2, 2)
    # the check failure is still shown to reviewers in `l10n check`, as a warning: the queue
    # leaves it out (README "The queue": reviewed entries without an error are not listed)
    checked = CliRunner().invoke(app, ["check", "--format", "json"])
    issues = json.loads(checked.output)["issues"]
    lines = (project / CATALOG).read_text(encoding="utf-8").splitlines()
    reviewed_line = lines.index('msgid "It approved 13,000 new bikes."') + 1
    numbers = [(i["line"], i["severity"]) for i in issues if i["code"] == "number-mismatch"]
    assert numbers and set(numbers) == {(reviewed_line, "warning")}  # shown, not grounds to withhold
    queue = json.loads(CliRunner().invoke(app, ["queue", "--format", "json"]).output)["items"]
    assert "It approved 13,000 new bikes." not in {i["msgid"] for i in queue}


def test_a_translation_that_cannot_be_rendered_is_english_an_error_and_first(project) -> None:
    broken = "The council met <1>twice</1> on Monday."
    poedit_approve(project, broken, "It approved 13,000 new bikes.")
    assert CliRunner().invoke(app, ["build"]).exit_code == 0
    html = page(project)
    assert "Hội đồng đã họp hai lần" not in html and "<strong>twice</strong>" in html  # English
    checked = CliRunner().invoke(app, ["check", "--format", "json"])
    errors = [i for i in json.loads(checked.output)["issues"] if i["code"] == "unrenderable"]
    assert len(errors) == 1 and errors[0]["severity"] == "error"
    assert checked.exit_code != 0
    queue = json.loads(CliRunner().invoke(app, ["queue", "--format", "json"]).output)["items"]
    assert (queue[0]["msgid"], queue[0]["reason"], queue[0]["state"]) == (broken, "unrenderable", "reviewed")
    assert "It approved 13,000 new bikes." not in {i["msgid"] for i in queue}  # a warning only


def test_unrenderable_checks_reviewed_entries_with_tokens() -> None:
    doc, _ = segment_markdown("The council met **twice** on Monday.\n", path="source/x.md", slug="x")
    seg = doc.segments[0]
    ok = Entry(seg.text, "Hội đồng họp <1>hai lần</1> vào thứ Hai.", line=3)
    bad = Entry(seg.text, "Hội đồng họp </1>hai lần<1> vào thứ Hai.", line=3)
    empty = Entry(seg.text, "", line=3)
    fuzzy = Entry(seg.text, bad.msgstr, fuzzy=True, machine=True, line=3)  # machine rule's job
    assert unrenderable(doc, [ok, empty, fuzzy], path="p.po") == []
    [issue] = unrenderable(doc, [bad], path="p.po")
    assert (issue.path, issue.line, issue.severity, issue.code) == ("p.po", 3, "error", "unrenderable")
