"""The translate stage: which entries are filled, flags, provenance, masks, failures."""

from __future__ import annotations

import re
from pathlib import Path

import babel
from conftest import FakeEngine

from l10n.catalog import pofile
from l10n.catalog.catalog import Catalog
from l10n.checks.output import find_loop
from l10n.glossary import Glossary
from l10n.model import Entry, Issue
from l10n.mt import DecodingOptions
from l10n.translate.fill import is_untouched_machine, short_hash, translate_catalog

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n'
    '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
)


def po(*entries: str) -> Catalog:
    return pofile.parse(HEADER + "\n".join(entries), "locales/vi/LC_MESSAGES/x.po")


def entry(
    msgid: str, msgstr: str = "", *, comment: str = "", fuzzy: bool = False, obsolete: bool = False
) -> str:
    lines = [f"# {comment}"] if comment else []
    if fuzzy:
        lines.append("#, fuzzy")
    prefix = "#~ " if obsolete else ""
    lines += [f'{prefix}msgid "{msgid}"', f'{prefix}msgstr "{msgstr}"', ""]
    return "\n".join(lines)


def machine_comment(msgstr: str) -> str:
    return f"l10n-mt: marian old/model@r0 sha1:{short_hash(msgstr)}"


class Factory:
    def __init__(self, engine: FakeEngine | None = None) -> None:
        self.engine = engine or FakeEngine()
        self.calls = 0

    def __call__(self) -> FakeEngine:
        self.calls += 1
        return self.engine


def by_msgid(catalog: Catalog) -> dict[str, Entry]:
    return {e.msgid: e for e in catalog.entries()}


def mt_lines(e: Entry) -> list[str]:
    return [line for line in e.tcomment.split("\n") if line.startswith("l10n-mt:")]


MIXED = (
    entry("The council will meet."),
    entry("13,000"),
    entry("2016"),
    entry("Reviewed sentence.", "Câu đã duyệt."),
    entry("Old fuzzy.", "Cũ.", fuzzy=True),
    entry("Machine untouched.", "Máy.", comment=machine_comment("Máy."), fuzzy=True),
    entry("Machine edited.", "Người sửa.", comment=machine_comment("Máy."), fuzzy=True),
    entry("Gone.", obsolete=True),
)


def test_only_empty_entries_are_filled_and_flagged_with_provenance() -> None:
    catalog = po(*MIXED)
    before = by_msgid(catalog)
    factory = Factory()
    stats = translate_catalog(catalog, factory, lang="vi")
    after = by_msgid(catalog)

    assert factory.calls == 1
    assert factory.engine.calls == [["The council will meet."]]
    filled = after["The council will meet."]
    assert filled.msgstr == "[vi] The council will meet."
    assert filled.fuzzy and filled.machine and filled.state == "machine"
    assert mt_lines(filled) == [
        f"l10n-mt: fake fake/model@rev1 sha1:{short_hash(filled.msgstr)} src:{short_hash(filled.msgid)}"
    ]
    for msgid in ("Reviewed sentence.", "Old fuzzy.", "Machine untouched.", "Machine edited."):
        assert after[msgid] == before[msgid]
    assert "Gone." not in after
    assert (stats.translated, stats.copied, stats.flagged, stats.skipped, stats.failed) == (1, 2, 0, 4, 0)


def test_units_without_letters_get_localised_numbers_without_the_model() -> None:
    catalog = po(entry("13,000"), entry("2016"), entry("3.5%"), entry("<1>2016</1>"))
    factory = Factory()
    stats = translate_catalog(catalog, factory, lang="vi")
    after = by_msgid(catalog)
    assert factory.calls == 0
    assert after["13,000"].msgstr == "13.000"
    assert after["2016"].msgstr == "2016"
    assert after["<1>2016</1>"].msgstr == "<1>2016</1>"
    assert after["13,000"].fuzzy
    assert mt_lines(after["13,000"]) == [
        f"l10n-mt: copy babel@{babel.__version__} sha1:{short_hash('13.000')} src:{short_hash('13,000')}"
    ]
    assert stats.copied == 4 and stats.translated == 0


def test_engine_factory_is_not_called_when_nothing_needs_the_model() -> None:
    def boom() -> FakeEngine:
        raise AssertionError("engine built for nothing")

    catalog = po(entry("Reviewed sentence.", "Câu."), entry("42"))
    stats = translate_catalog(catalog, boom, lang="vi")
    assert stats.skipped == 1 and stats.copied == 1


def test_retranslate_machine_redoes_only_untouched_machine_output() -> None:
    catalog = po(*MIXED)
    assert is_untouched_machine(by_msgid(catalog)["Machine untouched."])
    assert not is_untouched_machine(by_msgid(catalog)["Machine edited."])
    factory = Factory()
    translate_catalog(catalog, factory, lang="vi", retranslate_machine=True)
    after = by_msgid(catalog)
    assert sorted(factory.engine.calls[0]) == ["Machine untouched.", "The council will meet."]
    redone = after["Machine untouched."]
    assert redone.msgstr == "[vi] Machine untouched."
    assert mt_lines(redone) == [
        f"l10n-mt: fake fake/model@rev1 sha1:{short_hash(redone.msgstr)} src:{short_hash(redone.msgid)}"
    ]
    assert after["Machine edited."].msgstr == "Người sửa."
    assert after["Reviewed sentence."].msgstr == "Câu đã duyệt."


def test_empty_output_is_a_failure_that_leaves_the_entry_empty() -> None:
    catalog = po(entry("The council will meet."))
    stats = translate_catalog(catalog, Factory(FakeEngine(lambda s: "  ")), lang="vi")
    e = by_msgid(catalog)["The council will meet."]
    assert e.msgstr == "" and not e.fuzzy and e.state == "untranslated"
    assert mt_lines(e) == [f"l10n-mt: fake fake/model@rev1 sha1:{short_hash('')}; empty output"]
    assert (stats.failed, stats.translated) == (1, 0)
    assert [i.code for i in stats.issues] == ["mt-empty"]
    # The next run retries it.
    translate_catalog(catalog, Factory(), lang="vi")
    assert by_msgid(catalog)["The council will meet."].msgstr == "[vi] The council will meet."


def test_looping_output_is_kept_but_flagged() -> None:
    catalog = po(entry("Talks failed."))
    engine = FakeEngine(lambda s: "Đàm phán đàm phán đàm phán đàm phán đàm phán")
    stats = translate_catalog(catalog, Factory(engine), lang="vi")
    e = by_msgid(catalog)["Talks failed."]
    assert e.fuzzy and e.msgstr.startswith("Đàm phán")
    assert mt_lines(e)[0].endswith("; repeats 'đàm phán'; retry failed too")
    assert stats.flagged == 1 and stats.translated == 1 and stats.retried == 1
    assert engine.call_options == [None, engine.options.for_retry()]


def test_repetition_detector() -> None:
    assert find_loop("Ha.", "ha ha ha ha ha") is not None
    assert find_loop("The council will meet.", "Hội đồng sẽ họp.") is None
    assert find_loop("1,000,000,000,000", "1.000.000.000.000") is None


def test_masks_are_restored_at_the_engine_boundary() -> None:
    source = "See <1>Kyiv</1> at https://x.org/a now."
    catalog = po(entry(source))

    def mangle(text: str) -> str:
        assert "<1>" not in text and "https" not in text  # the engine only sees masks
        return (
            text.replace("See", "Xem")
            .replace("ZQ1QZ", "zq 1 qz")
            .replace("ZQ2QZ", "ＺＱ２ＱＺ")
            .replace("ZQ3QZ", "Zq3qZ")
        )

    stats = translate_catalog(catalog, Factory(FakeEngine(mangle)), lang="vi")
    e = by_msgid(catalog)[source]
    assert e.msgstr == "Xem <1>Kyiv</1> at https://x.org/a now."
    assert stats.flagged == 0


def test_lost_mask_is_flagged() -> None:
    catalog = po(entry("See <1>Kyiv</1>."))
    stats = translate_catalog(catalog, Factory(FakeEngine(lambda s: "Xem Kyiv ZQ2QZ.")), lang="vi")
    e = by_msgid(catalog)["See <1>Kyiv</1>."]
    assert e.msgstr == "Xem Kyiv</1>."
    assert "; lost <1>" in mt_lines(e)[0]
    assert stats.flagged == 1


def test_failed_error_check_keeps_the_suggestion_with_a_note() -> None:
    seen: list[tuple[str, str]] = []

    def check_pair(source: str, target: str, *, lang: str, glossary: Glossary | None = None) -> list[Issue]:
        assert lang == "vi"
        seen.append((source, target))
        return [
            Issue("", 0, "error", "number-mismatch", "13,000 missing"),
            Issue("", 0, "warning", "length", "long"),
        ]

    catalog = po(entry("It involved 13,000 troops."))
    stats = translate_catalog(
        catalog, Factory(FakeEngine(lambda s: "Có binh sĩ.")), lang="vi", check=check_pair
    )
    assert seen == [("It involved 13,000 troops.", "Có binh sĩ.")]
    e = by_msgid(catalog)["It involved 13,000 troops."]
    assert e.msgstr == "Có binh sĩ." and e.fuzzy
    assert mt_lines(e) == [
        f"l10n-mt: fake fake/model@rev1 sha1:{short_hash('Có binh sĩ.')} src:{short_hash(e.msgid)}; "
        "check number-mismatch: 13,000 missing"
    ]
    assert stats.flagged == 1


def test_progress_reports_every_finished_entry() -> None:
    msgids = [f"Sentence {i} is here." for i in range(40)] + ["13,000"]
    catalog = po(*(entry(m) for m in msgids))
    done: list[int] = []
    translate_catalog(catalog, Factory(), lang="vi", progress=done.append)
    assert sum(done) == 41
    assert len(done) >= 3  # copies, then two slices of units


def test_tiny_marian_model_end_to_end(tiny_model_dir: Path) -> None:
    from l10n.mt.marian import MarianEngine
    from l10n.mt.registry import resolve_model

    catalog = po(
        entry("The council will meet after the summit."),
        entry("Poland troops."),
        entry("Reviewed.", "Đã duyệt."),
    )
    ref = resolve_model("vi", str(tiny_model_dir), tiny_model_dir.parent)
    stats = translate_catalog(
        catalog, lambda: MarianEngine(ref, "vi", DecodingOptions(beam_size=1, threads=1)), lang="vi"
    )
    assert stats.translated == 2 and stats.skipped == 1 and stats.failed == 0
    reread = pofile.parse(pofile.render(catalog), "x.po")
    for msgid in ("The council will meet after the summit.", "Poland troops."):
        e = by_msgid(reread)[msgid]
        assert e.msgstr and e.fuzzy and e.machine
        line = mt_lines(e)
        assert len(line) == 1
        assert re.fullmatch(
            r"l10n-mt: marian tiny-model@local sha1:[0-9a-f]{8} src:[0-9a-f]{8}( retry:\S+)?"
            r" conf:[01]\.[0-9]{2}(; .*)?",
            line[0],
        )
        assert line[0].split("sha1:")[1][:8] == short_hash(e.msgstr)
    assert by_msgid(reread)["Reviewed."].msgstr == "Đã duyệt."


def test_the_same_text_reaches_the_engine_once() -> None:
    catalog = po(
        'msgctxt "headline"\nmsgid "Talks resume."\nmsgstr ""\n',
        'msgctxt "caption"\nmsgid "Talks resume."\nmsgstr ""\n',
        entry("Other text."),
    )
    factory = Factory()
    stats = translate_catalog(catalog, factory, lang="vi")
    assert sorted(t for call in factory.engine.calls for t in call) == ["Other text.", "Talks resume."]
    assert stats.translated == 3 and stats.reused == 0
    assert all(e.msgstr.startswith("[vi] ") for e in catalog.entries())
