"""What the stages keep under ``.l10n/cache`` (issue 22): an unchanged build parses no catalog and
gives the same report as one without the cache; an edited catalog, glossary, article or config is
never served from it; a damaged or deleted cache is recomputed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FakeEngine
from typer.testing import CliRunner

from l10n.cache import CACHE_DIR
from l10n.cli import app
from l10n.config import load_config
from l10n.report import CheckResult, PublishOptions, Report, TranslateOptions
from l10n.stages.build import build
from l10n.stages.check import check
from l10n.stages.context import Run

VOTE = "Budget vote\n\nThe council met in 2024. NATO approved the budget.\n"
OTHER = "Other news\n\nNothing changed here.\n"
GLOSSARY = "en,dnt,vi,note\nNATO,yes,,alliance\n"
MISMATCH = [
    "locales/vi/LC_MESSAGES/vote.po:30: error: number-mismatch: number '2024' missing in translation",
    "locales/vi/LC_MESSAGES/vote.po:30: error: number-mismatch: number '2025' is not in the source",
]


def output(text: str) -> str:
    """The fake engine: changes 2024 (a number-mismatch)."""
    return "[vi] " + text.replace("2024", "2025")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "vote.txt").write_text(VOTE, encoding="utf-8")
    (tmp_path / "source" / "other.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "demo"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def make_engine(*_args: object, **_kwargs: object) -> FakeEngine:
        return FakeEngine(output, model_id="test/fake", revision="0000")

    monkeypatch.setattr("l10n.mt.factory.make_engine", make_engine)
    return tmp_path


def built(root: Path) -> tuple[Report, CheckResult]:
    run = Run(load_config(root))
    result = build(run, ["vi"], TranslateOptions(), PublishOptions())
    return run.report, result.checked


def checked(root: Path) -> CheckResult:
    return check(Run(load_config(root)), ["vi"])


def spy_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the catalog of every ``check_catalog`` call the check stage makes (through
    ``l10n.checks.findings``, the grading it shares with the queue and the review page)."""
    import l10n.checks.findings as stage

    calls: list[str] = []
    real = stage.check_catalog

    def counting(catalog, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs["path"])
        return real(catalog, **kwargs)

    monkeypatch.setattr(stage, "check_catalog", counting)
    return calls


PO = "locales/vi/LC_MESSAGES/vote.po"


def test_unchanged_build_parses_nothing_and_reports_as_without_the_cache(project, monkeypatch) -> None:
    first, _ = built(project)
    assert first.written and not first.errors
    from l10n.catalog import pofile

    real = pofile.parse
    monkeypatch.setattr(pofile, "parse", lambda *_a, **_k: pytest.fail("an unchanged build parsed a catalog"))
    again, again_checked = built(project)
    monkeypatch.setattr(pofile, "parse", real)
    shutil.rmtree(project / CACHE_DIR)
    fresh, fresh_checked = built(project)  # no cache: every stage parses and decides again
    assert again.written == [] and fresh.written == []
    assert again == fresh  # same files kept, same warnings and skips, in the same order
    assert again_checked == fresh_checked
    assert [str(i) for i in again_checked.issues] == MISMATCH  # the cached findings are the real ones


def test_check_command_prints_the_same_with_and_without_the_cache(project) -> None:
    built(project)
    runner = CliRunner()
    cached = runner.invoke(app, ["check"])
    shutil.rmtree(project / CACHE_DIR)
    fresh = runner.invoke(app, ["check"])
    again = runner.invoke(app, ["check"])  # served from the entries the fresh run kept
    assert cached.exit_code == fresh.exit_code == again.exit_code == 1  # errors found
    assert cached.output == fresh.output == again.output
    assert MISMATCH[0] in cached.output


def edit_catalog(root: Path) -> None:
    path = root / PO
    text = path.read_text(encoding="utf-8")
    assert "[vi] The council met in 2025." in text
    path.write_text(text.replace("met in 2025.", "met in 2024."), encoding="utf-8")


def edit_glossary(root: Path) -> None:
    (root / "glossary.csv").write_text(GLOSSARY + "council,,hội đồng,fixed\n", encoding="utf-8")


def edit_article(root: Path) -> None:
    (root / "source" / "vote.txt").write_text(VOTE + "\nA new paragraph.\n", encoding="utf-8")


def edit_config(root: Path) -> None:
    toml = root / "l10n.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + 'base_url = "https://example.org/"\n', encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("edit", "codes"),
    [
        (edit_catalog, []),  # the number is right now
        (edit_glossary, ["glossary-term", "number-mismatch", "number-mismatch"]),  # "hội đồng" missing
        (edit_article, ["number-mismatch", "number-mismatch"]),  # same findings, checked again
        (edit_config, ["number-mismatch", "number-mismatch"]),
    ],
)
def test_an_edited_input_is_checked_again(project, monkeypatch, edit, codes) -> None:
    built(project)
    calls = spy_checks(monkeypatch)
    assert [str(i) for i in checked(project).issues] == MISMATCH
    assert calls == []  # served from the cache
    edit(project)
    after = checked(project)
    assert "locales/vi/LC_MESSAGES/vote.po" in calls  # not trusted: checked again
    assert sorted(i.code for i in after.issues) == codes
    shutil.rmtree(project / CACHE_DIR)
    assert checked(project) == after  # what a run without the cache finds


@pytest.mark.parametrize("garbage", [b"", b"{", b'{"format": 1, "slots": {"x": 1}}'])
def test_damaged_or_deleted_cache_files_are_recomputed(project, garbage: bytes) -> None:
    _report, result = built(project)
    cache = project / CACHE_DIR
    tables = sorted(p.name for p in cache.glob("*.json"))
    assert tables == ["check.json", "publish.json", "translate.json", "unchanged.json"]
    for name in tables:
        (cache / name).write_bytes(garbage)
    shutil.rmtree(cache / "unchanged")
    again, again_checked = built(project)
    assert again_checked == result
    assert again.written == [] and not again.errors
    for name in tables:  # written anew; the next run is served from them
        assert (cache / name).read_bytes() != garbage


def test_damaged_entries_in_a_table_are_ignored(project, monkeypatch) -> None:
    import json

    built(project)
    path = project / CACHE_DIR / "check.json"
    body = json.loads(path.read_text(encoding="utf-8"))
    for slot in body["slots"].values():
        slot[1] = {"issues": [["x", "not a line", "error", "c", "m"]], "count": [1]}
    path.write_text(json.dumps(body), encoding="utf-8")
    calls = spy_checks(monkeypatch)
    assert [str(i) for i in checked(project).issues] == MISMATCH
    assert sorted(calls) == ["locales/vi/LC_MESSAGES/other.po", PO]  # checked again, not trusted


def test_a_changed_catalog_is_translated_published_and_compiled_again(project) -> None:
    built(project)
    page = project / "build" / "vi" / "vote.txt"
    assert "[vi] The council met" not in page.read_text(encoding="utf-8")  # withheld: its number is wrong
    edit_catalog(project)
    path = project / PO
    text = path.read_text(encoding="utf-8")
    assert 'msgstr "[vi] Budget vote"' in text
    path.write_text(text.replace('msgstr "[vi] Budget vote"', 'msgstr ""'), encoding="utf-8")
    report, _ = built(project)
    assert "[vi] The council met in 2024." in page.read_text(encoding="utf-8")
    assert 'msgstr "[vi] Budget vote"' in path.read_text(encoding="utf-8")  # translated again
    assert {PO, "build/vi/vote.txt", "build/index.html"} <= set(report.written)
    assert "locales/vi/LC_MESSAGES/vote.mo" in report.unchanged  # compiled again: machine output is fuzzy
    (project / "locales" / "vi" / "mt-memory.tmx").unlink()
    report, _ = built(project)
    assert report.written == ["locales/vi/mt-memory.tmx"]  # remade: its memo knew a file that is gone


def test_a_template_included_from_a_subfolder_is_an_input_of_every_page(project) -> None:
    folder = project / "templates"
    (folder / "partials").mkdir(parents=True)
    custom = (
        '<!DOCTYPE html>\n<html lang="{{ lang }}">\n<head>\n<meta charset="utf-8">\n'
        "<title>{{ title }}</title>\n</head>\n<body>{% include 'partials/foot.html' %}</body>\n</html>\n"
    )
    (folder / "article.html.j2").write_text(custom, encoding="utf-8")
    (folder / "partials" / "foot.html").write_text("FOOT-ONE", encoding="utf-8")
    built(project)
    page = project / "build" / "vi" / "vote.html"
    assert "FOOT-ONE" in page.read_text(encoding="utf-8")
    (folder / "partials" / "foot.html").write_text("FOOT-TWO", encoding="utf-8")
    report, _ = built(project)
    assert "FOOT-TWO" in page.read_text(encoding="utf-8")
    assert "build/vi/vote.html" in report.written


def test_an_article_edited_while_a_build_runs_is_published_by_the_next_build(project) -> None:
    dated = "---\ntitle: Harbor\nauthor: Ann Lee\ndate: 2026-03-01\n---\n\nThe harbor opened.\n"
    article = project / "source" / "harbor.md"
    article.write_text(dated, encoding="utf-8")
    built(project)
    page = project / "build" / "vi" / "harbor.html"
    assert 'datetime="2026-03-01"' in page.read_text(encoding="utf-8")
    build_stages = __import__("l10n.stages.build", fromlist=["build"])
    real_publish = build_stages.publish

    def edited_then_published(*args, **kwargs):  # type: ignore[no-untyped-def]
        # the date changes after the article was segmented (an editor saves during translate)
        article.write_text(dated.replace("2026-03-01", "2026-03-09"), encoding="utf-8")
        return real_publish(*args, **kwargs)

    build_stages.publish = edited_then_published
    try:
        build(Run(load_config(project)), ["vi"], TranslateOptions(), PublishOptions())
    finally:
        build_stages.publish = real_publish
    assert 'datetime="2026-03-01"' in page.read_text(encoding="utf-8")  # made from what it segmented
    built(project)
    assert 'datetime="2026-03-09"' in page.read_text(encoding="utf-8")  # the next build sees the edit


def test_an_article_edited_while_it_is_segmented_is_segmented_as_keyed(project, monkeypatch) -> None:
    import l10n.formats.source as source

    article = project / "source" / "vote.txt"
    real = source.read_source

    def edited_meanwhile(file, *, display_path, data=None):  # type: ignore[no-untyped-def]
        if file == article:
            file.write_text(VOTE.replace("Budget vote", "EDITED vote"), encoding="utf-8")
        return real(file, display_path=display_path, data=data)

    monkeypatch.setattr(source, "read_source", edited_meanwhile)
    built(project)
    monkeypatch.undo()
    article.write_text(VOTE, encoding="utf-8")  # the editor goes back to what l10n read
    built(project)
    assert "EDITED" not in (project / "locales" / "vote.pot").read_text(encoding="utf-8")


def test_upgrading_a_library_that_shapes_output_changes_every_key(monkeypatch) -> None:
    from importlib import metadata

    from l10n.cache import code_fingerprint

    before = code_fingerprint()
    code_fingerprint.cache_clear()
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "99.0" if name == "babel" else real(name))
    try:
        assert code_fingerprint() != before  # new CLDR data may date or pluralise otherwise
    finally:
        code_fingerprint.cache_clear()
