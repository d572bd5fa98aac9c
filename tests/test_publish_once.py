"""One build of one Markdown article in one language reads each fact once (issue 18).

Spies (monkeypatch) count the calls: markdown-it parses the article source at most twice per
page (the safeguard's parse, shared with the title, and the HTML body's own), each unit's
publishing choice is made once (``l10n.publish.policy._choose``), and each entry's provenance
comment is parsed once. Before ``l10n.localized`` the same build parsed the source 17 times,
chose each unit 8 times and parsed a provenance comment 16 times.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import FakeEngine
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from l10n import provenance
from l10n.catalog import pofile
from l10n.cli import app
from l10n.formats.markdown.extract import segment_markdown
from l10n.formats.markdown.parser import markdown_parser
from l10n.model import Segment
from l10n.publish import pages, policy
from l10n.publish.pages import PageContext, PublishPolicy, localize

DATA = Path(__file__).parent / "data" / "markdown"


class Spies:
    """Counters of the spied calls: source text parsed by the rendering parser, choices by
    (language, segment), provenance lines parsed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.parses: Counter[str] = Counter()
        self.choices: Counter[tuple[str | None, int]] = Counter()
        self.provenance: Counter[str] = Counter()
        real_parse, real_choose, real_provenance = (
            MarkdownIt.parse,
            policy._choose,
            provenance.parse_provenance,
        )

        def parse(md: MarkdownIt, src: str, env: Any = None) -> Any:
            if md is markdown_parser():  # the builds' parser (segmenting uses another)
                self.parses[src] += 1
            return real_parse(md, src, env)

        def choose(seg: Segment, entry: Any, pol: PublishPolicy) -> Any:
            self.choices[(pol.lang, id(seg))] += 1
            return real_choose(seg, entry, pol)

        def parse_provenance(comment: str) -> Any:
            self.provenance[comment] += 1
            return real_provenance(comment)

        monkeypatch.setattr(MarkdownIt, "parse", parse)
        monkeypatch.setattr(policy, "_choose", choose)
        monkeypatch.setattr(provenance, "parse_provenance", parse_provenance)


def test_localized_builds_equal_the_one_call_api() -> None:
    source = (DATA / "x.md").read_text(encoding="utf-8")
    doc, _ = segment_markdown(source, path="source/x.md", slug="x")
    entries = {
        (e.msgctxt, e.msgid): e for e in pofile.parse((DATA / "x.vi.po").read_text("utf-8"), "x").entries()
    }
    # what the publish stage does for one article and language
    loc = localize(doc, entries, "vi", PublishPolicy(min_complete=10).for_language("vi"))
    assert loc.publishable()
    assert loc.completion() > 10
    warnings = [*loc.withheld(), *loc.broken()]
    text, markdown = pages.text_of(loc), pages.markdown_of(loc)
    html = pages.html_of(loc, PageContext(["fr"], "https://news.example/"))
    assert 0 < loc.fallback_percent() < 100
    # the same bytes as the one-call API, which decides everything again
    assert text == pages.build_text(doc, entries, "vi", loc.policy)
    assert markdown == pages.build_markdown(doc, entries, "vi", loc.policy)
    assert html == pages.build_html(
        doc, entries, "vi", loc.policy, alternates=["fr"], base_url="https://news.example/"
    )
    assert warnings == [
        *policy.withheld_units(doc, entries, loc.policy),
        *pages.broken_units(doc, entries, loc.policy, "vi"),
    ]


def test_counts_in_one_language_build(monkeypatch: pytest.MonkeyPatch) -> None:
    source = (DATA / "x.md").read_text(encoding="utf-8")
    doc, _ = segment_markdown(source, path="source/x.md", slug="x")
    entries = {
        (e.msgctxt, e.msgid): e for e in pofile.parse((DATA / "x.vi.po").read_text("utf-8"), "x").entries()
    }
    machine = [e for e in entries.values() if e.state == "machine"]
    assert machine  # the provenance check has work to do
    spies = Spies(monkeypatch)
    loc = localize(doc, entries, "vi", PublishPolicy().for_language("vi"))
    loc.publishable(), loc.completion(), loc.withheld(), loc.broken(), loc.fallback_percent()
    pages.text_of(loc), pages.markdown_of(loc), pages.title_of(loc)
    pages.html_of(loc, PageContext(["fr"], "https://news.example/"))
    assert spies.parses[source] <= 2
    assert sorted(spies.choices) == sorted(("vi", id(seg)) for seg in doc.segments)
    assert set(spies.choices.values()) == {1}
    assert len(spies.provenance) >= len(machine)
    assert set(spies.provenance.values()) == {1}


def test_cli_build_chooses_each_unit_once_per_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "source").mkdir()
    source = (DATA / "x.md").read_text(encoding="utf-8")
    (tmp_path / "source" / "x.md").write_text(source, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "demo"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine())
    spies = Spies(monkeypatch)
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "build" / "vi" / "x.html").is_file()
    langs = Counter(lang for lang, _ in spies.choices)
    n = len(segment_markdown(source, path="source/x.md", slug="x")[0].segments)
    assert langs == {"vi": n, "en": n}  # the translated page, and the original's (its title is the index's)
    assert set(spies.choices.values()) == {1}
    assert spies.parses[source] <= 2  # for the whole build: the vi page's safeguard, the original's body


def test_cli_build_parses_each_catalog_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second build after a source edit reads the template and the catalog in every stage
    (extract, update, translate, check, compile, publish): each file is parsed once in the run."""
    (tmp_path / "source").mkdir()
    article = tmp_path / "source" / "x.md"
    article.write_text((DATA / "x.md").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "demo"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine())
    assert CliRunner().invoke(app, ["build"]).exit_code == 0
    article.write_text(article.read_text(encoding="utf-8") + "\nA sentence added later.\n", "utf-8")
    catalogs: Counter[str] = Counter()
    real_parse = pofile.parse

    def parse_catalog(text: str, path: str) -> Any:
        catalogs[path] += 1
        return real_parse(text, path)

    monkeypatch.setattr(pofile, "parse", parse_catalog)
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    assert "A sentence added later." in (tmp_path / "locales" / "x.pot").read_text(encoding="utf-8")
    assert set(catalogs) == {"locales/x.pot", "locales/vi/LC_MESSAGES/x.po"}, catalogs
    assert set(catalogs.values()) == {1}, catalogs
