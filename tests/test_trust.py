"""Machine translation a newsroom can trust: retries, what a build may show, all-caps units,
and the freshness of machine output after a source edit (issue #12, items 1, 3 and 4)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import polib
import pytest
from conftest import FakeEngine
from typer.testing import CliRunner

from l10n.catalog import pofile
from l10n.catalog.catalog import Catalog, init_translation
from l10n.catalog.template import make_template
from l10n.checks.registry import check_pair
from l10n.cli import app
from l10n.formats.txt import segment_text
from l10n.model import Entry
from l10n.mt import DecodingOptions, RetryOptions
from l10n.provenance import parse_provenance, provenance_lines, provenance_of, short_hash, suggestion_of
from l10n.publish.policy import PublishPolicy, choose, machine_fault
from l10n.translate.case import sentence_case, upper_case
from l10n.translate.fill import translate_catalog
from l10n.translate.protect import mask

NOW = datetime(2024, 1, 1, tzinfo=UTC)


def catalog_of(*msgids: str) -> Catalog:
    """A fresh vi catalog of one article whose units are ``msgids`` (one paragraph each)."""
    return init_translation(
        template_of(*msgids), language="vi", plural_forms="nplurals=1; plural=0;", now=NOW
    )


def template_of(*msgids: str) -> Catalog:
    doc = segment_text("\n\n".join(msgids) + "\n", path="source/x.txt", slug="x")
    return make_template(doc, project_id="t", now=NOW)


def by_msgid(catalog: Catalog) -> dict[str, Entry]:
    return {e.msgid: e for e in catalog.entries()}


def translate(catalog: Catalog, engine: FakeEngine, **kw: object):
    return translate_catalog(catalog, lambda: engine, lang=str(kw.pop("lang", "vi")), check=check_pair, **kw)  # type: ignore[arg-type]


# --- retry --------------------------------------------------------------------------------------


def test_three_masks_survive_the_retry() -> None:
    source = "Read <1>the report</1> at https://example.org/a now."
    masked = mask(source)
    assert [s.mask for s in masked.spans] == ["ZQ1QZ", "XQ2QX", "JQ3QJ"]  # distinct tokens
    # First pass: a mask lost. The retry (other beam, n-gram ban) gives every mask back.
    engine = FakeEngine(
        lambda t: "Đọc ZQ1QZ báo cáo XQ2QX ngay.", retry=lambda t: "Đọc " + t.replace("Read ", "")
    )
    catalog = catalog_of(source)
    stats = translate(catalog, engine)
    e = by_msgid(catalog)[source]
    assert e.msgstr == "Đọc <1>the report</1> at https://example.org/a now."
    prov = parse_provenance(provenance_lines(e)[0])
    assert prov is not None and prov.notes == () and prov.field("retry") == "lost-token"
    assert stats.retried == 1 and stats.flagged == 0
    retry = DecodingOptions().for_retry()
    assert engine.call_options == [None, retry]
    assert (retry.beam_size, retry.no_repeat_ngram_size, retry.repetition_penalty) == (1, 4, 1.2)


def test_retry_settings_swap_the_beam_and_are_configurable() -> None:
    assert DecodingOptions(beam_size=1).for_retry().beam_size == 4
    assert DecodingOptions(beam_size=5).for_retry().beam_size == 1
    custom = DecodingOptions(retry=RetryOptions(beam_size=2, no_repeat_ngram_size=3, repetition_penalty=1.5))
    assert (custom.for_retry().beam_size, custom.for_retry().no_repeat_ngram_size) == (2, 3)
    # retries off: one call, the faulty output kept with its note
    engine = FakeEngine(
        lambda t: "Lặp lặp lặp lặp.", options=DecodingOptions(retry=RetryOptions(enabled=False))
    )
    catalog = catalog_of("Talks failed.")
    translate(catalog, engine)
    assert len(engine.calls) == 1
    assert provenance_lines(by_msgid(catalog)["Talks failed."])[0].endswith("; repeats 'lặp'")


def test_output_at_its_length_bound_is_a_loop_and_is_retried() -> None:
    engine = FakeEngine(
        lambda t: "Đàm phán giữa hai bên", retry=lambda t: "Đàm phán thất bại.", at_bound={"Talks failed."}
    )
    catalog = catalog_of("Talks failed.")
    stats = translate(catalog, engine)
    e = by_msgid(catalog)["Talks failed."]
    assert e.msgstr == "Đàm phán thất bại." and stats.retried == 1
    assert parse_provenance(provenance_lines(e)[0]).field("retry") == "loop"  # type: ignore[union-attr]


def test_a_wrong_number_is_not_retried_but_flagged() -> None:
    engine = FakeEngine(lambda t: "Có 12.000 binh sĩ.")
    catalog = catalog_of("There were 13,000 troops.")
    stats = translate(catalog, engine)
    assert len(engine.calls) == 1 and stats.retried == 0 and stats.flagged == 1
    assert provenance_lines(by_msgid(catalog)["There were 13,000 troops."])[0].endswith(
        "; check number-mismatch: number '13,000' missing in translation"
        " / number '12.000' is not in the source"
    )


# --- publishing ---------------------------------------------------------------------------------

ARTICLE = """\
# Council news

The council met **twice** on Monday.

It approved 13,000 new bikes.

Read more at https://example.org/bikes today.

Talks failed again.

Everyone agreed.
"""

PLANTED = {
    "Council news": "Tin hội đồng",
    "The council met <1>twice</1> on Monday.": "Hội đồng đã họp hai lần vào thứ Hai.",  # lost placeholder
    "It approved 13,000 new bikes.": "Hội đồng duyệt 12.000 xe đạp mới.",  # wrong number
    "Read more at https://example.org/bikes today.": "Đọc thêm hôm nay.",  # dropped URL
    "Talks failed again.": "Đàm phán đàm phán đàm phán thất bại.",  # loop
    "Everyone agreed.": "Mọi người đồng ý.",
}
BAD = [text for msgid, text in PLANTED.items() if msgid not in ("Council news", "Everyone agreed.")]


@pytest.fixture
def planted(tmp_path, monkeypatch):
    """A Markdown article translated by an engine that returns fixed strings (masks restored by fill)."""
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "news.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "t"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    seen: list[str] = []

    def answer(text: str) -> str:
        seen.append(text)
        key = next(k for k in PLANTED if mask(k).text == text)
        return PLANTED[key]

    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine(answer))
    return SimpleNamespace(root=tmp_path, seen=seen)


def test_failed_machine_output_never_reaches_a_build(planted) -> None:
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    builds = {
        ext: (planted.root / "build" / "vi" / f"news.{ext}").read_text(encoding="utf-8")
        for ext in ("txt", "md", "html")
    }
    for ext, text in builds.items():
        for bad in BAD:
            assert bad not in text, (ext, bad)
        assert "Mọi người đồng ý." in text and "Tin hội đồng" in text
        assert "13,000 new bikes" in text and "Talks failed again." in text  # English instead
    assert 'lang="en">Talks failed again.</span>' in builds["html"]  # marked as fallback
    catalog = polib.pofile(str(planted.root / "locales/vi/LC_MESSAGES/news.po"))
    notes = {}
    for e in catalog:
        prov = provenance_of(e)  # a line over 78 columns is written wrapped, read back whole
        assert e.fuzzy and prov is not None
        notes[e.msgid] = "; ".join(prov.notes)
    assert notes["The council met <1>twice</1> on Monday."].startswith("lost <1>, </1>")
    assert notes["It approved 13,000 new bikes."].startswith("check number-mismatch: number '13,000' missing")
    assert notes["Read more at https://example.org/bikes today."].startswith("lost https://example.org/bikes")
    assert notes["Talks failed again."].startswith("repeats 'đàm phán'")
    assert notes["Everyone agreed."] == "" and notes["Council news"] == ""
    assert result.output.count("warning: mt-withheld: vi:") == 4


def test_the_build_rechecks_what_it_publishes(planted) -> None:
    assert CliRunner().invoke(app, ["build"]).exit_code == 0
    path = planted.root / "locales/vi/LC_MESSAGES/news.po"
    catalog = polib.pofile(str(path))
    fixed = catalog.find("It approved 13,000 new bikes.")
    fixed.msgstr = "Hội đồng duyệt 13.000 xe đạp mới."  # a translator fixed it; note and hash are stale
    broken = catalog.find("Everyone agreed.")
    broken.msgstr = "Có 5 người đồng ý."  # an edit that adds a number: no note, but the check fails now
    catalog.save()
    assert CliRunner().invoke(app, ["build"]).exit_code == 0
    text = (planted.root / "build/vi/news.txt").read_text(encoding="utf-8")
    assert "Hội đồng duyệt 13.000 xe đạp mới." in text
    assert "Có 5 người" not in text and "Everyone agreed." in text


def test_policy_trusts_reviewed_entries_and_checks_machine_ones() -> None:
    seg = segment_text("It approved 13,000 new bikes.\n", path="source/x.txt", slug="x").segments[0]
    wrong = "Hội đồng duyệt 12.000 xe đạp mới."
    comment = f"l10n-mt: fake m@r sha1:{short_hash(wrong)}"
    machine = Entry(seg.text, wrong, fuzzy=True, machine=True, flags=("fuzzy",), tcomment=comment)
    reviewed = Entry(seg.text, wrong)
    policy = PublishPolicy().for_language("vi")
    assert machine_fault(machine, policy) == "fails number-mismatch"
    assert choose(seg, machine, policy).kind == "fallback"
    assert choose(seg, reviewed, policy).text == wrong  # a person's translation is trusted
    # a non-fuzzy entry that still carries a provenance line (Poedit clears the flag and leaves
    # the comment) is reviewed: published, as the review page's approval would be
    accepted = Entry(seg.text, wrong, machine=True, tcomment=comment)
    assert accepted.state == "reviewed" and machine_fault(accepted, policy) is None
    assert choose(seg, accepted, policy) == choose(seg, reviewed, policy)
    assert choose(seg, accepted, policy).kind == "reviewed"


# --- all-caps units -----------------------------------------------------------------------------

HEADLINE = "CITY COUNCIL APPROVES NEW BIKE LANES"


def test_all_caps_unit_is_sent_sentence_cased_and_restored() -> None:
    engine = FakeEngine(lambda t: "Hội đồng thành phố phê duyệt làn đường xe đạp mới")
    catalog = catalog_of(HEADLINE, "NATO", "SEE https://Example.org/A NOW")
    translate(catalog, engine)
    assert sorted(engine.calls[0]) == ["City council approves new bike lanes", "NATO", "See ZQ1QZ now"]
    e = by_msgid(catalog)[HEADLINE]
    assert e.msgstr == "HỘI ĐỒNG THÀNH PHỐ PHÊ DUYỆT LÀN ĐƯỜNG XE ĐẠP MỚI"
    assert parse_provenance(provenance_lines(e)[0]).field("case") == "upper"  # type: ignore[union-attr]
    assert parse_provenance(provenance_lines(by_msgid(catalog)["NATO"])[0]).field("case") is None  # type: ignore[union-attr]


def test_upper_case_only_where_the_script_has_case() -> None:
    assert upper_case("市议会批准新自行车道", "zh-Hans") == "市议会批准新自行车道"
    assert upper_case("yeni bisiklet yolları", "tr") == "YENİ BİSİKLET YOLLARI"
    assert upper_case("Новые велодорожки", "ru") == "НОВЫЕ ВЕЛОДОРОЖКИ"
    assert upper_case("xem https://Example.org/a", "vi") == "XEM https://Example.org/a"
    assert sentence_case("SEE <1>HERE</1> AT https://X.org/A") == "See <1>here</1> at https://X.org/A"


def test_untranslated_copy_check_ignores_case() -> None:
    for target in (HEADLINE, HEADLINE.title(), sentence_case(HEADLINE)):
        codes = [i.code for i in check_pair(HEADLINE, target, lang="vi")]
        assert "untranslated-copy" in codes, target
    assert [i.code for i in check_pair("NATO", "NATO", lang="vi")] == []


# --- freshness after a source edit --------------------------------------------------------------

OLD, NEW, NEWER = "Two people were hurt.", "No people were hurt.", "Nobody was hurt."


def edited(catalog: Catalog, *msgids: str) -> Catalog:
    return catalog.update(template_of(*msgids), language="vi", plural_forms="nplurals=1; plural=0;", now=NOW)


def test_stale_machine_output_is_translated_again_and_keeps_the_previous_msgid() -> None:
    catalog = catalog_of(OLD)
    translate(catalog, FakeEngine(lambda t: f"[vi] {t}"))
    catalog = edited(catalog, NEW)
    e = by_msgid(catalog)[NEW]
    assert e.msgstr == f"[vi] {OLD}" and e.previous_msgid == OLD and e.state == "fuzzy"
    engine = FakeEngine(lambda t: f"[vi] {t}")
    translate(catalog, engine)
    e = by_msgid(catalog)[NEW]
    assert engine.calls == [[NEW]]
    assert e.msgstr == f"[vi] {NEW}" and e.previous_msgid == OLD and e.fuzzy
    assert e.state == "machine"  # shown by the default policy again
    assert parse_provenance(provenance_lines(e)[0]).field("src") == short_hash(NEW)  # type: ignore[union-attr]
    text = pofile.render(catalog)
    again = FakeEngine()
    translate(catalog, again)
    assert again.calls == [] and pofile.render(catalog) == text  # re-runs are byte-identical


def test_reviewed_translation_stays_and_gets_one_machine_suggestion() -> None:
    catalog = catalog_of(OLD)
    catalog.set_translation(OLD, None, "Hai người bị thương.", fuzzy=False, comment=None)
    catalog = edited(catalog, NEW)
    translate(catalog, FakeEngine(lambda t: f"[vi] {t}"))
    e = by_msgid(catalog)[NEW]
    assert e.msgstr == "Hai người bị thương." and e.fuzzy and e.previous_msgid == OLD
    assert provenance_lines(e) == [] and not e.machine  # the human translation gets no l10n-mt line
    assert suggestion_of(e) == f"[vi] {NEW}"
    text = pofile.render(catalog)
    assert f"# l10n-mt-suggestion: [vi] {NEW}\n" in text
    idle = FakeEngine()
    translate(catalog, idle)
    assert idle.calls == [] and pofile.render(catalog) == text  # byte-identical, no engine
    translate(catalog, FakeEngine(lambda t: "Không ai bị thương."), retranslate_machine=True)
    e = by_msgid(catalog)[NEW]
    assert e.tcomment.count("l10n-mt-suggestion:") == 1 and suggestion_of(e) == "Không ai bị thương."
    # the source changes again: the old suggestion goes with the old msgid, a new one comes
    catalog = edited(catalog, NEWER)
    assert suggestion_of(by_msgid(catalog)[NEWER]) is None
    translate(catalog, FakeEngine(lambda t: f"[vi] {t}"))
    e = by_msgid(catalog)[NEWER]
    assert e.tcomment.count("l10n-mt-suggestion:") == 1 and suggestion_of(e) == f"[vi] {NEWER}"
    assert e.msgstr == "Hai người bị thương."


def test_accepted_machine_output_counts_as_reviewed_after_a_source_edit() -> None:
    catalog = catalog_of(OLD)
    translate(catalog, FakeEngine(lambda t: f"[vi] {t}"))
    accepted = by_msgid(catalog)[OLD]
    catalog.set_translation(OLD, None, accepted.msgstr, fuzzy=False, comment=provenance_lines(accepted)[0])
    catalog = edited(catalog, NEW)
    e = by_msgid(catalog)[NEW]
    assert provenance_lines(e) == []  # a person confirmed it: the text is theirs now
    translate(catalog, FakeEngine(lambda t: f"[vi] {t}"))
    assert (
        by_msgid(catalog)[NEW].msgstr == f"[vi] {OLD}"
        and suggestion_of(by_msgid(catalog)[NEW]) == f"[vi] {NEW}"
    )


def test_demo_freshness_through_the_cli(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "source").mkdir()
    article = tmp_path / "source" / "a.txt"
    article.write_text("Blast in city\n\nTwo people were hurt.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "t"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine(lambda t: f"VI {t}"))
    assert CliRunner().invoke(app, ["build"]).exit_code == 0
    article.write_text("Blast in city\n\nNo people were hurt.\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["build"]).exit_code == 0
    assert "VI No people were hurt." in (tmp_path / "build/vi/a.txt").read_text(encoding="utf-8")
    po = polib.pofile(str(tmp_path / "locales/vi/LC_MESSAGES/a.po")).find("No people were hurt.")
    assert po.previous_msgid == "Two people were hurt."
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and ".l10n" not in p.parts}
    assert CliRunner().invoke(app, ["build"]).exit_code == 0
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and ".l10n" not in p.parts}
    assert before == after
    shutil.rmtree(tmp_path / "build")


def test_reviewed_entry_gets_its_suggestion_through_the_cli(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "source").mkdir()
    article = tmp_path / "source" / "a.txt"
    article.write_text("Blast in city\n\nTwo people were hurt.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\nproject_id = "t"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("l10n.mt.factory.make_engine", lambda *a, **k: FakeEngine(lambda t: f"VI {t}"))
    assert CliRunner().invoke(app, ["build"]).exit_code == 0
    path = tmp_path / "locales/vi/LC_MESSAGES/a.po"
    po = polib.pofile(str(path))
    hurt = po.find("Two people were hurt.")
    hurt.msgstr, hurt.tcomment = "Hai người bị thương.", ""  # a translator's own translation
    hurt.flags.remove("fuzzy")
    po.save()
    article.write_text("Blast in city\n\nNo people were hurt.\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["build"]).exit_code == 0
    entry = polib.pofile(str(path)).find("No people were hurt.")
    assert entry.msgstr == "Hai người bị thương." and entry.previous_msgid == "Two people were hurt."
    assert entry.tcomment == "l10n-mt-suggestion: VI No people were hurt."
    assert "No people were hurt." in (tmp_path / "build/vi/a.txt").read_text(encoding="utf-8")  # English
