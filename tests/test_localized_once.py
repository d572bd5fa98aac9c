"""One ``Localized`` per article, language and run (``Run.localized``): the read-only queries read
its completion instead of recomputing each unit's publishing choice."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from reviewproject import CHANGED_MSGID, TXT_PO, make_project

from l10n import localized as localized_module
from l10n.catalog import pofile
from l10n.config import load_config
from l10n.publish.policy import PublishPolicy, completion
from l10n.stages.context import Run, live
from l10n.stages.queries import status


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_project(tmp_path / "p", monkeypatch)


def counting_decide(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count the calls of ``l10n.localized.decide`` (per article path); it still runs."""
    calls: Counter[str] = Counter()
    real = localized_module.decide

    def spy(doc: Any, *args: Any, **kwargs: Any) -> Any:
        calls[doc.path] += 1
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(localized_module, "decide", spy)
    return calls


def test_status_decides_each_unit_once_per_run_and_again_only_for_a_new_catalog(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = counting_decide(monkeypatch)
    run = Run(load_config(project))
    first = status(run, ["vi"])
    assert len(first) == 2 and sum(calls.values()) == 2  # one decision pass per article
    assert status(run, ["vi"]) == first
    assert sum(calls.values()) == 2  # the second query reads the same Localized values
    # the figure is the publishing policy's completion, as before
    doc = next(d for d in run.documents() if d.slug == "russia-nato-tensions")
    catalog = pofile.parse((project / TXT_PO).read_text(encoding="utf-8"), TXT_PO)
    policy = PublishPolicy().for_language("vi", run.glossary(), "en")
    want = completion(doc, live(catalog.entries()), policy)
    got = next(s for s in first if s.slug == doc.slug)
    assert got.percent_complete == pytest.approx(want) and 0 < want < 100
    # the catalog changes on disk (the fuzzy entry reviewed): the store parses it again, and its
    # Localized is made again in the same run; the other article's is not
    catalog.set_translation(
        CHANGED_MSGID, None, "Đây sẽ là cuộc họp cấp cao đầu tiên.", fuzzy=False, comment=None
    )
    (project / TXT_PO).write_text(pofile.render(catalog), encoding="utf-8")
    again = status(run, ["vi"])
    assert calls == {doc.path: 2, "source/summit-brief.md": 1}
    later = next(s for s in again if s.slug == doc.slug)
    assert later.percent_complete > got.percent_complete


def test_a_localized_is_made_again_for_another_policy_or_catalog(project: Path) -> None:
    run = Run(load_config(project))
    doc = next(d for d in run.documents() if d.slug == "russia-nato-tensions")
    catalog = run.store.catalog(project / TXT_PO, "missing")
    policy = PublishPolicy().for_language("vi")
    loc = run.localized(doc, "vi", catalog, policy)
    assert run.localized(doc, "vi", catalog, PublishPolicy().for_language("vi")) is loc  # an equal policy
    reviewed_only = PublishPolicy(include_machine=False).for_language("vi")
    assert run.localized(doc, "vi", catalog, reviewed_only) is not loc
    other = run.localized(doc, "vi", catalog.copy(), policy)
    assert other is not loc and other.completion() == loc.completion()
