"""The review page's language, order, filters' data and approval answers over HTTP (issue 21,
and issue 19's "approves broken output with a green 'approved'"); the browser side is in
``test_review_browser.py``."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from reviewpage import AR, REPORT, VI, make_page_project, serving_lang
from reviewproject import request
from typer.testing import CliRunner

from l10n.catalog import pofile
from l10n.cli import app
from l10n.review.changes import ENGLISH, SHOWN, confirmation
from l10n.review.page import page_language
from l10n.review.server import ReviewServer

COUNCIL = "locales/vi/LC_MESSAGES/council.po"


def page(server: ReviewServer) -> str:
    status, body = request(server, "GET", f"/?token={server.token}")
    assert status == 200
    return body.decode("utf-8")


def entries(html: str) -> list[dict[str, str]]:
    """The ``article.entry`` attributes of the page, in page order."""
    found = []
    for tag in re.findall(r"<article class=\"entry[^>]*>", html):
        found.append({k: unescape(v) for k, v in re.findall(r'(data-[a-z]+)="([^"]*)"', tag)})
    return found


def approve(server: ReviewServer, html: str, msgid: str, msgstr: str, **extra: Any) -> dict[str, Any]:
    view = re.search(r'name="l10n-view" content="([^"]+)"', html)
    assert view is not None
    e = next(e for e in entries(html) if e["data-msgid"] == msgid)
    body = {"view": view.group(1), "path": e["data-path"], "msgctxt": None, "msgid": msgid}
    body |= {"msgstr": msgstr, "base": e["data-base"], **extra}
    status, reply = request(server, "POST", "/api/approve", body, {"X-L10n-Token": server.token})
    assert status == 200, reply
    return dict(json.loads(reply))


def test_language_facts_come_from_cldr() -> None:
    assert page_language("vi") == {
        "lang": "vi",
        "dir": "ltr",
        "lang_name": "Tiếng Việt",
        "title": "Review — Tiếng Việt (vi)",
    }
    assert page_language("ar")["dir"] == "rtl"
    assert page_language("he")["dir"] == "rtl"
    assert page_language("fr")["title"] == "Review — Français (fr)"


def test_page_names_language_labels_columns_and_sets_dir(tmp_path: Path) -> None:
    root = make_page_project(tmp_path / "p", "ar", AR)
    with serving_lang(root, "ar") as server:
        html = page(server)
    assert "<title>Review — العربية (ar) · l10n</title>" in html
    assert html.count('lang="ar" dir="rtl" aria-label="Translation (العربية)"') == 5  # every editor
    assert html.count('class="source" lang="en" dir="ltr"') == 5
    assert html.count("Source (English)</span>") == 2  # one column header per article


def test_page_order_is_the_queue_order_and_offers_the_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_page_project(tmp_path / "p", "vi", VI)
    with serving_lang(root, "vi") as server:
        html = page(server)
    shown = [(e["data-slug"], e["data-reason"], e["data-msgid"]) for e in entries(html)]
    assert shown == [
        ("council", "source-changed", "The council met on Monday."),
        ("council", "machine", "The mayor spoke first."),
        ("council", "machine", REPORT),
        ("harbor", "machine", "The fire started at night."),
        ("harbor", "untranslated", "Firefighters came quickly."),
    ]
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["queue", "--lang", "vi", "--format", "json"])
    assert result.exit_code == 0, result.output
    queued = [
        (i["path"].split("/")[-1][:-3], i["reason"], i["msgid"]) for i in json.loads(result.stdout)["items"]
    ]
    for slug in ("council", "harbor"):  # the page groups by article, each in queue order
        assert [q for q in queued if q[0] == slug] == [s for s in shown if s[0] == slug]
    assert queued[0][1] == "source-changed"  # before every machine entry (issue 21)
    assert f'data-text="{VI["suggestion"]}"' in html and 'data-action="use"' in html
    assert "l10n-mt-suggestion" not in html  # not a raw translator note
    assert '<option value="harbor">harbor</option>' in html
    assert '<option value="source-changed">source changed</option>' in html


def test_confirmation_names_each_failing_code_once() -> None:
    from l10n.checks.registry import check_pair

    issues = check_pair(REPORT, "Đọc ", lang="vi", path="x.po", line=1)
    assert [i.code for i in issues if i.severity == "error"].count("placeholder-mismatch") == 2
    held = confirmation(issues)
    assert held is not None
    assert held["codes"] == ["placeholder-mismatch"]
    assert held["message"] == (
        f"this translation fails placeholder-mismatch; {ENGLISH}. Approve again to save it anyway"
    )
    assert confirmation(check_pair("A.", "B.", lang="vi", path="x.po", line=1)) is None


def test_broken_approval_is_held_then_saved_with_what_the_build_shows(tmp_path: Path) -> None:
    root = make_page_project(tmp_path / "p", "vi", VI)
    path = root / COUNCIL
    with serving_lang(root, "vi") as server:
        html = page(server)
        before = path.read_bytes()
        held = approve(server, html, REPORT, "Đọc ")
        assert (held["status"], held["codes"], held["shows"]) == (
            "confirm",
            ["placeholder-mismatch"],
            ENGLISH,
        )
        assert path.read_bytes() == before  # nothing written
        done = approve(server, html, REPORT, "Đọc ", confirm=True)
    assert (done["status"], done["reason"], done["codes"], done["shows"]) == (
        "ok",
        "unrenderable",
        ["placeholder-mismatch"],
        ENGLISH,
    )
    saved = pofile.parse(path.read_text(encoding="utf-8"))
    lines = {m.msgid: m.line for m in saved.active()}
    assert {msgid: line for _ctxt, msgid, line in done["lines"]} == lines
    assert done["line"] == lines[REPORT]
    assert saved.get(None, REPORT) is not None and saved.get(None, REPORT).msgstr == "Đọc "  # type: ignore[union-attr]


def test_clean_approval_leaves_the_queue_and_moves_the_lines_after_it(tmp_path: Path) -> None:
    root = make_page_project(tmp_path / "p", "vi", VI)
    with serving_lang(root, "vi") as server:
        html = page(server)
        done = approve(server, html, "The council met on Monday.", VI["suggestion"])
    assert (done["status"], done["reason"], done["codes"], done["shows"]) == ("ok", None, [], SHOWN)
    lines = {msgid: line for _ctxt, msgid, line in done["lines"]}
    saved = pofile.parse((root / COUNCIL).read_text(encoding="utf-8"))
    assert lines == {m.msgid: m.line for m in saved.active()}
    assert 'class="line">23<' in html  # the mayor's line as loaded
    assert lines["The mayor spoke first."] == 22  # fuzzy and #| lines gone, PO-Revision-Date added
