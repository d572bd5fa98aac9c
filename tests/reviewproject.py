"""A project to review (two articles, a glossary, machine output of a fake engine) and a review
server on 127.0.0.1 in a thread; shared by the review page's tests."""

from __future__ import annotations

import http.client
import json
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import FakeEngine

from l10n.catalog import pofile
from l10n.config import load_config
from l10n.glossary import Glossary
from l10n.provenance import format_provenance
from l10n.report import TranslateOptions
from l10n.review.server import ReviewServer
from l10n.review.session import ReviewSession
from l10n.stages.context import Run
from l10n.stages.extract import extract
from l10n.stages.translate import translate
from l10n.stages.update import update

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "source" / "russia-nato-tensions.txt"
TXT_PO = "locales/vi/LC_MESSAGES/russia-nato-tensions.po"
MD_PO = "locales/vi/LC_MESSAGES/summit-brief.po"
BRIEF = """\
# NATO summit in brief

Leaders met in **Warsaw** on July 8 and 9, see [the summit page](https://www.nato.int/).

About 2,000 journalists covered the talks.
"""
HOSTILE = "Căng thẳng Nga-NATO <script>alert(1)</script> <img src=x onerror=alert(2)>"
CAPTION = "Will Russia-NATO tensions ease?  - ảnh 1"
CHANGED_MSGID = "This will be their first high-level meeting in the wake of recent escalating tensions."


def make_project(root: Path, monkeypatch: pytest.MonkeyPatch, *, hostile: bool = True) -> Path:
    """Write the project under ``root`` and machine-translate it with ``FakeEngine`` ("[vi] " + text).

    Then, in the demo's catalog: the headline holds markup to prove escaping, as unreviewed
    machine output with a translator's note (its stray numbers fail a check, an error in machine
    output, so it is first in its article's queue; ``hostile=False``: a plain reviewed headline,
    out of the queue); one entry is fuzzy after a source change (a ``#|`` previous msgid, no
    provenance).
    """
    (root / "source").mkdir(parents=True)
    shutil.copy(DEMO, root / "source" / DEMO.name)
    (root / "source" / "summit-brief.md").write_text(BRIEF, encoding="utf-8")
    shutil.copy(REPO / "glossary.csv", root / "glossary.csv")
    (root / "l10n.toml").write_text('languages = ["vi"]\n', encoding="utf-8")
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine())
    run = Run(load_config(root))
    extract(run)
    update(run, ["vi"])
    translate(run, ["vi"], TranslateOptions())
    assert not run.report.errors, run.report.errors
    path = root / TXT_PO
    catalog = pofile.parse(path.read_text(encoding="utf-8"), TXT_PO)
    headline = catalog.active()[0]
    plain = "Căng thẳng Nga-NATO có dịu bớt?"
    catalog.set_translation(headline.msgid, None, HOSTILE if hostile else plain, fuzzy=hostile, comment=None)
    headline.tcomment = "checked with the desk"
    if hostile:  # machine output: a reviewed entry's number-mismatch is a warning (README "Checks")
        headline.tcomment += "\n" + format_provenance("fake", "fake-model", "", HOSTILE)
    changed = next(m for m in catalog.active() if m.msgid == CHANGED_MSGID)
    catalog.set_translation(CHANGED_MSGID, None, "Đây sẽ là cuộc họp đầu tiên.", fuzzy=True, comment=None)
    changed.previous_msgid = "This will be the first high-level meeting after the recent tensions."
    path.write_text(pofile.render(catalog), encoding="utf-8")
    return root


def session_for(root: Path) -> ReviewSession:
    """The review session of ``root``'s Vietnamese catalogs."""
    cfg = load_config(root)
    docs = Run(cfg).documents()
    return ReviewSession(cfg, "vi", docs, Glossary.load(root / "glossary.csv"))


@contextmanager
def serving(root: Path) -> Iterator[ReviewServer]:
    """A review server for ``root`` on 127.0.0.1 (a free port), running in a thread."""
    with serving_session(session_for(root)) as server:
        yield server


@contextmanager
def serving_session(session: ReviewSession) -> Iterator[ReviewServer]:
    """A review server of ``session`` on 127.0.0.1 (a free port), running in a thread."""
    server = ReviewServer(session, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def request(
    server: ReviewServer, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    """One HTTP request to ``server`` (Host defaults to the bound address); (status, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    sent = {"Host": server.netloc, **(headers or {})}
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        sent.setdefault("Content-Type", "application/json")
    try:
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()
