"""The review server without a browser: security (Host, Origin, token), approval semantics,
conflicts, the busy lock, escaping, and the ``l10n review`` command itself."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from reviewproject import CAPTION, CHANGED_MSGID, HOSTILE, MD_PO, TXT_PO, make_project, request, serving

from l10n.catalog import pofile
from l10n.project import project_lock
from l10n.review.server import ReviewServer, is_loopback
from l10n.review.text import diff_html, rich_text, word_diff

REPO = Path(__file__).resolve().parent.parent


class _Page(HTMLParser):
    """The page's view id, token and entries (the attributes of each ``article.entry``)."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.entries: list[dict[str, str | None]] = []
        self.h2: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("name", "").startswith("l10n-"):  # type: ignore[union-attr]
            self.meta[str(a["name"])] = str(a["content"])
        if tag == "article":
            self.entries.append(a)
        self._in_h2 = tag == "h2"

    def handle_data(self, data: str) -> None:
        if self._in_h2:
            self.h2.append(data)
            self._in_h2 = False


def load_page(server: ReviewServer) -> tuple[_Page, str]:
    status, body = request(server, "GET", f"/?token={server.token}")
    assert status == 200
    page = _Page()
    page.feed(body.decode("utf-8"))
    return page, body.decode("utf-8")


def approval(page: _Page, msgid_start: str, msgstr: str) -> dict[str, Any]:
    entry = next(e for e in page.entries if str(e["data-msgid"]).startswith(msgid_start))
    return {
        "view": page.meta["l10n-view"],
        "path": entry["data-path"],
        "msgctxt": entry.get("data-msgctxt"),
        "msgid": entry["data-msgid"],
        "msgstr": msgstr,
        "base": entry["data-base"],
        "confirm": True,  # these tests are about writing; test_review_page_api tests the confirmation
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_project(tmp_path / "p", monkeypatch)


def token_header(server: ReviewServer) -> dict[str, str]:
    return {"X-L10n-Token": server.token}


def msgfmt_ok(path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# ---- security: each refusal leaves the .po as it was ----------------------------------------


def test_the_page_needs_the_token_and_the_bound_host(project: Path) -> None:
    with serving(project) as server:
        assert request(server, "GET", "/")[0] == 403
        assert request(server, "GET", "/?token=wrong")[0] == 403
        assert request(server, "GET", f"/?token={server.token}", headers={"Host": "evil.example"})[0] == 403
        rebinding = {"Host": f"evil.example:{server.port}"}
        assert request(server, "GET", f"/?token={server.token}", headers=rebinding)[0] == 403
        foreign = {"Origin": "http://evil.example"}
        assert request(server, "GET", f"/?token={server.token}", headers=foreign)[0] == 403
        assert request(server, "GET", f"/?token={server.token}")[0] == 200
        localhost = {"Host": f"localhost:{server.port}"}
        assert request(server, "GET", f"/?token={server.token}", headers=localhost)[0] == 200
        assert request(server, "GET", "/static/review.js")[0] == 200
        assert request(server, "GET", "/static/../server.py")[0] == 404


@pytest.mark.parametrize(
    "bad",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Host": "evil.example"},
        {"X-L10n-Token": ""},
        {"X-L10n-Token": "wrong"},
        {},  # no token at all
    ],
    ids=["foreign-origin", "null-origin", "foreign-host", "empty-token", "wrong-token", "missing-token"],
)
def test_posts_without_a_good_host_origin_and_token_are_refused_po_unchanged(
    project: Path, bad: dict[str, str]
) -> None:
    before = {p: (project / p).read_bytes() for p in (TXT_PO, MD_PO)}
    with serving(project) as server:
        page, _ = load_page(server)
        body = approval(page, "Will Russia", "Nga và NATO")
        headers = {**token_header(server), **bad} if bad else {}  # {}: no token at all
        status, reply = request(server, "POST", "/api/approve", body, headers)
        assert status == 403, reply
        assert json.loads(reply)["status"] == "forbidden"
    assert {p: (project / p).read_bytes() for p in (TXT_PO, MD_PO)} == before


def test_token_in_a_form_field_is_accepted(project: Path) -> None:
    from urllib.parse import urlencode

    with serving(project) as server:
        page, _ = load_page(server)
        fields = {**approval(page, "About 2,000", "Khoảng 2.000 nhà báo."), "token": server.token}
        del fields["msgctxt"]
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        status, reply = request(server, "POST", "/api/approve", urlencode(fields).encode(), form)
        assert status == 200, reply
    assert 'msgstr "Khoảng 2.000 nhà báo."' in (project / MD_PO).read_text(encoding="utf-8")


# ---- approval ------------------------------------------------------------------------------


def test_approve_clears_fuzzy_and_provenance_keeps_translator_comment(project: Path) -> None:
    path = project / TXT_PO
    original = pofile.parse(path.read_text(encoding="utf-8"))
    headline = original.active()[0]
    assert headline.tcomment.startswith("checked with the desk\nl10n-mt: fake")  # a note, then provenance
    with serving(project) as server:
        page, _ = load_page(server)
        status, reply = request(
            server,
            "POST",
            "/api/approve",
            approval(page, "(VOVworld)", "(VOVworld) – NATO sẽ họp."),
            token_header(server),
        )
        assert status == 200, reply
        assert json.loads(reply)["status"] == "ok"
        status, reply = request(
            server,
            "POST",
            "/api/approve",
            approval(page, "This will be", "Đây sẽ là cuộc họp cấp cao đầu tiên."),
            token_header(server),
        )
        assert status == 200, reply
    after = pofile.parse(path.read_text(encoding="utf-8"))
    vov = next(m for m in after.active() if m.msgid.startswith("(VOVworld)"))
    assert (vov.msgstr, vov.flags, vov.tcomment) == ("(VOVworld) – NATO sẽ họp.", [], "")
    changed = next(m for m in after.active() if m.msgid == CHANGED_MSGID)
    assert (changed.msgstr, changed.flags, changed.previous_msgid) == (
        "Đây sẽ là cuộc họp cấp cao đầu tiên.",
        [],
        None,
    )
    assert after.active()[0].tcomment == headline.tcomment  # another entry's note untouched
    untouched = [m for m in after.active() if m.msgid not in (vov.msgid, CHANGED_MSGID)]
    before = {m.msgid: (m.msgstr, m.flags, m.tcomment) for m in original.active()}
    assert all(before[m.msgid] == (m.msgstr, m.flags, m.tcomment) for m in untouched)
    msgfmt_ok(path)


def test_empty_and_malformed_approvals_are_400_po_unchanged(project: Path) -> None:
    before = (project / TXT_PO).read_bytes()
    with serving(project) as server:
        page, _ = load_page(server)
        body = approval(page, "Will Russia", "")
        assert request(server, "POST", "/api/approve", body, token_header(server))[0] == 400
        assert request(server, "POST", "/api/approve", b"{not json", token_header(server))[0] == 400
        assert request(server, "POST", "/api/approve", {"msgid": 3}, token_header(server))[0] == 400
    assert (project / TXT_PO).read_bytes() == before


@pytest.mark.parametrize(
    ("msgstr", "named"),
    [
        ("bad \ud800 surrogate", "a lone surrogate (U+D800)"),
        ("nul \u0000 here", "the control character U+0000"),
        ("escape \x1b[31m red", "the control character U+001B"),
        ("del \x7f and next-line \x85", "the control character U+007F"),
        ("c1 \x9b csi", "the control character U+009B"),
    ],
)
def test_unwritable_characters_are_400_with_a_message_po_unchanged(
    project: Path, msgstr: str, named: str
) -> None:
    before = (project / TXT_PO).read_bytes()
    with serving(project) as server:
        page, _ = load_page(server)
        status, body = request(
            server, "POST", "/api/approve", approval(page, "Will Russia", msgstr), token_header(server)
        )
        assert status == 400, body
        reply = json.loads(body)
        assert reply["status"] == "invalid" and named in reply["message"]
        # the server still answers, and a tab or line feed is a fine translation
        ok = approval(page, "Will Russia", "Căng thẳng\tNga-NATO có dịu bớt?")
        assert request(server, "POST", "/api/approve", ok, token_header(server))[0] == 200
    assert b"\x00" not in (project / TXT_PO).read_bytes()
    assert before != (project / TXT_PO).read_bytes()


def test_an_unexpected_exception_is_a_one_line_500_and_one_stderr_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (project / TXT_PO).read_bytes()
    with serving(project) as server:
        page, _ = load_page(server)

        def boom(*args: object) -> None:
            raise RuntimeError("disk on fire\nsecond line")

        server.session.approve = boom  # type: ignore[method-assign]
        status, body = request(
            server, "POST", "/api/approve", approval(page, "Will Russia", "x"), token_header(server)
        )
        assert status == 500
        reply = json.loads(body)
        assert reply == {"status": "error", "message": "internal error: RuntimeError: disk on fire"}
        server.session.load = boom  # type: ignore[method-assign]
        status, body = request(server, "GET", f"/?token={server.token}")
        assert (status, body) == (500, b"internal error: RuntimeError: disk on fire\n")
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "l10n review: error: POST /api/approve: RuntimeError: disk on fire",
        "l10n review: error: GET /: RuntimeError: disk on fire",
    ]
    assert (project / TXT_PO).read_bytes() == before


def test_a_file_changed_behind_the_page_is_a_conflict_showing_both(project: Path) -> None:
    path = project / TXT_PO
    with serving(project) as server:
        page, _ = load_page(server)
        # Poedit saves the catalog meanwhile: the translator changed this very entry
        text = path.read_text(encoding="utf-8").replace(f'msgstr "[vi] {CAPTION}', 'msgstr "Bản dịch', 1)
        theirs_text = text.replace(f'#, fuzzy\nmsgid "{CAPTION}', f'msgid "{CAPTION}', 1)
        path.write_text(theirs_text, encoding="utf-8")
        saved = path.read_bytes()
        body = approval(page, CAPTION, "Bản của tôi")
        status, reply = request(server, "POST", "/api/approve", body, token_header(server))
        assert status == 409
        doc = json.loads(reply)
        assert doc["status"] == "conflict"
        assert (doc["theirs"], doc["theirs_state"]) == ("Bản dịch", "reviewed")
        assert "changed on disk" in doc["message"]
        assert path.read_bytes() == saved  # their save is kept
        # an entry the other save did not touch is written on top of their save
        other = approval(page, "(VOVworld)", "(VOVworld) – NATO sẽ họp.")
        status, reply = request(server, "POST", "/api/approve", other, token_header(server))
        assert status == 200, reply
        assert 'msgstr "Bản dịch"' in path.read_text(encoding="utf-8")
        # the person saw both versions and approves theirs again: written now
        body["base"] = doc["base"]
        status, reply = request(server, "POST", "/api/approve", body, token_header(server))
        assert status == 200, reply
    final = path.read_text(encoding="utf-8")
    assert 'msgstr "Bản của tôi"' in final and 'msgstr "(VOVworld) – NATO sẽ họp."' in final
    msgfmt_ok(path)


def test_busy_project_lock_is_a_retry_message_po_unchanged(project: Path) -> None:
    before = (project / TXT_PO).read_bytes()
    with serving(project) as server:
        server.session.lock_wait = 0.1
        page, _ = load_page(server)
        with project_lock(project):
            status, reply = request(
                server, "POST", "/api/approve", approval(page, "Will Russia", "X"), token_header(server)
            )
        assert status == 503
        assert json.loads(reply)["message"].startswith(
            "busy: another l10n run is writing this project; retry"
        )
        assert (project / TXT_PO).read_bytes() == before
        status, _ = request(
            server, "POST", "/api/approve", approval(page, "Will Russia", "X"), token_header(server)
        )
        assert status == 200


# ---- the page ---------------------------------------------------------------------------------


def test_page_is_escaped_grouped_by_article_and_shows_context_chips_diff_terms(project: Path) -> None:
    with serving(project) as server:
        page, html = load_page(server)
    assert "<script>alert" not in html and "<img" not in html
    shown = (
        "Nga-NATO &lt;script&gt;alert(<mark>1</mark>)&lt;/script&gt; "
        "&lt;img src=x onerror=alert(<mark>2</mark>)&gt;"
    )
    assert shown in html  # escaped once; the marks of the failing numbers are real elements
    headline = next(e for e in page.entries if e["data-msgid"] == "Will Russia-NATO tensions ease?")
    assert headline["data-original"] == HOSTILE  # the attribute is escaped and reads back as the text
    assert page.h2 == ["russia-nato-tensions", "summit-brief"]  # by the first entry of each in queue order
    reasons = [str(e["class"]).split()[1] for e in page.entries]
    assert reasons[0] == "reason-source-changed"  # issue 21: before failed checks (a page showing English)
    assert reasons[1] == "reason-check-failed"
    assert '<span class="ph" contenteditable="false" data-token="&lt;1&gt;">&lt;1&gt;</span>' in html
    assert "<del>" in html and "<ins>" in html  # the previous msgid's word diff
    assert '<span class="term">NATO</span>' in html
    assert "<mark>2,000</mark>" in html
    assert "Ctrl</kbd>+<kbd>Enter</kbd>" in html


def test_text_helpers() -> None:
    assert word_diff("the first meeting", "their first big meeting") == [
        ("delete", "the"),
        ("insert", "their"),
        ("equal", " first "),
        ("insert", "big "),
        ("equal", "meeting"),
    ]
    assert str(diff_html("a <b>", "a <c>")) == "a <del>&lt;b&gt;</del><ins>&lt;c&gt;</ins>"
    assert str(rich_text("x <1>13,000</1>", ["13,000"])) == (
        'x <span class="ph" contenteditable="false" data-token="&lt;1&gt;">&lt;1&gt;</span>'
        "<mark>13,000</mark>"
        '<span class="ph" contenteditable="false" data-token="&lt;/1&gt;">&lt;/1&gt;</span>'
    )
    assert [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "192.168.1.5")] == [
        True,
        True,
        True,
        False,
        False,
    ]


# ---- the command --------------------------------------------------------------------------------


@contextmanager
def review_command(project: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``l10n review --port 0`` run in ``project``: the process and its first stdout line; then
    stopped with Ctrl+C (SIGINT), waited for."""
    proc = subprocess.Popen(
        [sys.executable, "-c", "from l10n.cli import app; app()", "review", "--port", "0"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        yield proc, proc.stdout.readline()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise


def test_review_command_prints_the_url_serves_and_stops_on_ctrl_c(project: Path) -> None:
    with review_command(project) as (proc, line):
        assert line.startswith("Reviewing vi at http://127.0.0.1:"), line
        url = line.split(" at ")[1].strip()
        import urllib.request

        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
            assert b"russia-nato-tensions" in response.read()
    assert proc.returncode == 0


def test_binding_elsewhere_needs_host_and_warns(project: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    start = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from l10n.cli import app; app()",
            "review",
            "--host",
            "192.0.2.1",
            "--port",
            "0",
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert time.monotonic() - start < 30
    assert result.stderr.startswith("warning: serving on 192.0.2.1: anyone who can reach this address")
    assert "error: cannot serve on 192.0.2.1:0: Cannot assign requested address" in result.stderr
    assert result.returncode == 2


# ---- a catalog in a declared legacy charset ----------------------------------------------------


@pytest.mark.parametrize("charset", ["ISO-8859-1", "KOI8-R"])
def test_a_legacy_charset_catalog_is_read_and_written_back_as_utf8_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, charset: str
) -> None:
    project = make_project(tmp_path / "p", monkeypatch, hostile=False)
    path = project / TXT_PO
    catalog = pofile.parse(path.read_text(encoding="utf-8"), TXT_PO)
    kept = {"ISO-8859-1": "Été à Genève, « ça »", "KOI8-R": "Ослабнет ли напряжённость?"}[charset]
    catalog.set_translation(CHANGED_MSGID, None, kept, fuzzy=True, comment=None)
    catalog.set_header("Content-Type", f"text/plain; charset={charset}")
    # what the charset cannot hold (Vietnamese msgstrs, an en dash in a msgid) becomes "?"
    path.write_bytes(pofile.render(catalog).encode(charset, "replace"))
    with serving(project) as server:
        page, html = load_page(server)
        assert "not valid" not in html and "Will Russia" in html
        assert any(str(e["data-msgid"]).startswith("Will Russia") for e in page.entries)
        status, body = request(
            server, "POST", "/api/approve", approval(page, "Will Russia", "Đã duyệt"), token_header(server)
        )
        assert status == 200, body
        assert f"the catalog was in {charset}: written back as UTF-8" in json.loads(body)["message"]
        # the next approval in the now UTF-8 catalog says nothing of charsets
        page, _ = load_page(server)
        status, body = request(
            server,
            "POST",
            "/api/approve",
            approval(page, "(VOVworld)", "Đã duyệt lại"),  # the approved one is out of the queue
            token_header(server),
        )
        assert status == 200 and "UTF-8" not in json.loads(body)["message"]
    text = path.read_bytes().decode("utf-8")
    assert "charset=UTF-8" in text and kept in text and "Đã duyệt lại" in text
    msgfmt_ok(path)


def test_a_broken_glossary_is_named_as_check_names_it_and_the_page_serves(project: Path) -> None:
    (project / "glossary.csv").write_text("en,vi\nNATO,NATO,extra\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cli = [sys.executable, "-c", "from l10n.cli import app; app()"]
    check = subprocess.run([*cli, "check"], cwd=project, env=env, capture_output=True, text=True, check=False)
    said = "error: glossary.csv:2: row has 3 fields, header has 2"
    assert said in check.stderr.splitlines(), check.stderr
    with review_command(project) as (proc, line):
        assert line.startswith("Reviewing vi at http://127.0.0.1:"), line
    assert proc.stderr is not None
    err = proc.stderr.read()
    assert said in err.splitlines(), err  # the same line, the path relative (it was absolute)
    assert str(project) not in err


def test_approving_the_text_a_catalog_holds_leaves_the_file_as_it_is(project: Path) -> None:
    path = project / MD_PO
    with serving(project) as server:
        page, _ = load_page(server)
        fields = approval(page, "About 2,000", "Khoảng 2.000 nhà báo.")
        status, reply = request(server, "POST", "/api/approve", fields, token_header(server))
        assert (status, json.loads(reply)["status"]) == (200, "ok")
        written = path.read_bytes()
        # the same text again (the entry as it is now): only the revision date would change
        fields["base"] = json.loads(reply)["base"]
        status, reply = request(server, "POST", "/api/approve", fields, token_header(server))
        assert (status, json.loads(reply)["status"]) == (200, "unchanged")
    assert path.read_bytes() == written
