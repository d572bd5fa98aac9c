"""The review session without HTTP: a page load looks entries up (no scan of the catalog or the
article per entry) and parses a catalog again only when its bytes on disk changed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reviewproject import MD_PO, TXT_PO, make_project, session_for

from l10n.catalog import pofile
from l10n.catalog.catalog import Catalog
from l10n.review import session as session_module
from l10n.review.text import rich_text


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_project(tmp_path / "p", monkeypatch)


def counting(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, calls: Counter[str]) -> None:
    """Count the calls of ``owner.name`` in ``calls[name]`` (the function still runs)."""
    real: Callable[..., Any] = getattr(owner, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls[name] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, spy)


def test_a_page_load_looks_each_entry_up_once_and_scans_each_catalog_a_fixed_number_of_times(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: Counter[str] = Counter()
    counting(monkeypatch, session_module._Article, "of", calls)
    session = session_for(project)
    assert calls["of"] == 2  # each article indexed once, when the session is made
    for name in ("active", "obsolete", "entries", "get", "neighbours"):
        counting(monkeypatch, Catalog, name, calls)
    _view, entries, errors = session.load()
    assert errors == []
    shown = len(entries)
    assert shown >= 20  # many more entries than the scans allowed below
    assert calls["get"] == shown  # one lookup per entry shown
    # Whole-catalog passes, each one entries() (one active()) per catalog: the checks, the grading
    # as `l10n check` reports them (l10n.checks.findings: reviewed entries, unrenderable), the queue.
    assert (calls["entries"], calls["active"], calls["obsolete"]) == (6, 6, 0)
    assert calls["neighbours"] == 0  # every entry's neighbours come from its article's index
    assert calls["of"] == 2
    calls.clear()
    session.load()  # unchanged files: the checks are not run again, the queue is
    assert (calls["get"], calls["entries"], calls["active"], calls["of"]) == (shown, 2, 2, 0)


def test_neighbours_come_from_the_article_else_from_the_catalog_order(project: Path) -> None:
    session = session_for(project)
    _view, entries, _errors = session.load()
    got = {e.item.msgid: (e.before, e.after) for e in entries if e.item.path == MD_PO}
    assert got["About 2,000 journalists covered the talks."][1] == ""
    assert got["NATO summit in brief"] == ("", got["About 2,000 journalists covered the talks."][0])
    session._articles.clear()  # an article that could not be read: the catalog's order
    _view, entries, _errors = session.load()
    catalog = pofile.parse((project / MD_PO).read_text(encoding="utf-8"))
    msgids = [m.msgid for m in catalog.active()]
    for entry in (e for e in entries if e.item.path == MD_PO):
        at = msgids.index(entry.item.msgid)
        want = (msgids[at - 1] if at else "", msgids[at + 1] if at + 1 < len(msgids) else "")
        assert (entry.before, entry.after) == want


def test_a_catalog_is_parsed_again_only_when_its_bytes_changed(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: Counter[str] = Counter()
    real = pofile.parse

    def spy(text: str, path: str = "", *args: Any, **kwargs: Any) -> Catalog:
        parsed[path] += 1
        return real(text, path, *args, **kwargs)

    monkeypatch.setattr(pofile, "parse", spy)  # the session's catalog store parses through it
    session = session_for(project)
    session.load()
    assert parsed == {TXT_PO: 1, MD_PO: 1}
    session.load()
    session.load()
    assert parsed == {TXT_PO: 1, MD_PO: 1}  # page loads reuse the parse
    path = project / TXT_PO
    data = path.read_bytes()
    path.write_bytes(data)  # written again, same bytes (a new mtime): nothing to parse
    session.load()
    assert parsed == {TXT_PO: 1, MD_PO: 1}
    edited = data.replace(b'msgstr "[vi] ', b'msgstr "[vi]  ', 1)
    assert edited != data
    path.write_bytes(edited)  # changed behind the page: parsed again, that catalog only
    view, entries, _errors = session.load()
    assert parsed == {TXT_PO: 2, MD_PO: 1}
    assert any(e.item.msgstr.startswith("[vi]  ") for e in entries)
    entry = next(e for e in entries if e.item.msgid == "About 2,000 journalists covered the talks.")
    msgstr = "Khoảng 2.000 nhà báo."
    outcome = session.approve(view, MD_PO, entry.item.msgctxt, entry.item.msgid, msgstr, entry.base)
    assert outcome.status == "ok"
    _view, entries, _errors = session.load()  # the approval's own write is known: no parse
    assert parsed == {TXT_PO: 2, MD_PO: 1}
    assert entry.item.msgid not in {e.item.msgid for e in entries}  # reviewed: out of the queue


def test_a_flagged_placeholder_chip_has_a_real_class_attribute() -> None:
    html = str(rich_text("See <1>the page</1> for 13,000.", ["13,000", "<1>"]))
    assert html == (
        'See <span class="ph flagged" contenteditable="false" data-token="&lt;1&gt;">&lt;1&gt;</span>'
        'the page<span class="ph" contenteditable="false" data-token="&lt;/1&gt;">&lt;/1&gt;</span>'
        " for <mark>13,000</mark>."
    )
