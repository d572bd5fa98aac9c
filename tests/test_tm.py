"""The translation memory: what it keeps, which match wins, and how translate_catalog uses it."""

from __future__ import annotations

from conftest import FakeEngine

from l10n.catalog import pofile
from l10n.catalog.catalog import Catalog
from l10n.model import Entry
from l10n.translate.fill import short_hash, translate_catalog
from l10n.translate.tm import TM_MACHINE, TM_REVIEWED, Match, TranslationMemory

A = "locales/vi/LC_MESSAGES/a.po"
B = "locales/vi/LC_MESSAGES/b.po"
HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n'
    '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
)


def machine_comment(msgstr: str, notes: str = "") -> str:
    return f"l10n-mt: marian m/x@r1 sha1:{short_hash(msgstr)}{notes}"


def reviewed(
    msgid: str, msgstr: str, *, line: int = 1, ctx: str | None = None, obsolete: bool = False
) -> Entry:
    return Entry(msgid=msgid, msgstr=msgstr, msgctxt=ctx, line=line, obsolete=obsolete)


def machine(msgid: str, msgstr: str, *, line: int = 1, notes: str = "") -> Entry:
    return Entry(
        msgid=msgid,
        msgstr=msgstr,
        fuzzy=True,
        machine=True,
        line=line,
        flags=("fuzzy",),
        tcomment=machine_comment(msgstr, notes),
    )


def mt_engine() -> FakeEngine:
    return FakeEngine(lambda t: f"MT {t}")


# ---- the memory ---------------------------------------------------------------------------------


def test_reviewed_beats_machine_whatever_the_order() -> None:
    memory = TranslationMemory.build(
        [(A, [machine("Hello.", "máy")]), (B, [reviewed("Hello.", "người", line=7)])]
    )
    assert memory.lookup("Hello.") == Match("người", B, 7, reviewed=True)
    assert memory.lookup("Hello.").engine == TM_REVIEWED


def test_active_reviewed_beats_obsolete_reviewed_and_first_wins_a_tie() -> None:
    memory = TranslationMemory.build(
        [
            (A, [reviewed("Hi.", "cũ", obsolete=True), reviewed("Hi.", "một")]),
            (B, [reviewed("Hi.", "hai")]),
        ]
    )
    assert memory.lookup("Hi.").msgstr == "một"
    memory = TranslationMemory.build([(A, [reviewed("Hi.", "cũ", obsolete=True)])])
    assert memory.lookup("Hi.").msgstr == "cũ"


def test_context_must_match_exactly() -> None:
    memory = TranslationMemory.build([(A, [reviewed("May", "tháng Năm", ctx="month")])])
    assert memory.lookup("May", "month").msgstr == "tháng Năm"
    assert memory.lookup("May") is None
    assert memory.lookup("May", "verb") is None


def test_unusable_entries_are_left_out() -> None:
    changed = Entry("Ties.", "quan hệ", fuzzy=True, flags=("fuzzy",), previous_msgid="Old ties.")
    memory = TranslationMemory.build(
        [
            (
                A,
                [
                    Entry("Empty.", ""),
                    changed,  # fuzzy after a source change: translates another text
                    machine("Loop.", "lặp lặp", notes="; repeats 'lặp'"),  # flagged machine output
                    Entry("Fuzzy.", "mờ", fuzzy=True, flags=("fuzzy",)),  # fuzzy without provenance
                    Entry(
                        "Gone.",
                        "máy",
                        fuzzy=True,
                        obsolete=True,
                        machine=True,
                        tcomment=machine_comment("máy"),
                    ),
                ],
            )
        ]
    )
    assert len(memory) == 0
    for msgid in ("Empty.", "Ties.", "Loop.", "Fuzzy.", "Gone."):
        assert memory.lookup(msgid) is None


def test_exclude_skips_the_catalog_being_translated() -> None:
    memory = TranslationMemory.build([(A, [machine("X.", "a")]), (B, [machine("X.", "b")])])
    assert memory.lookup("X.").path == A
    assert memory.lookup("X.", exclude=A).path == B
    assert memory.lookup("X.", exclude=B).path == A


def test_provenance_names_the_origin_and_hashes_the_text() -> None:
    match = Match("người", B, 12, reviewed=False)
    assert match.engine == TM_MACHINE
    assert match.provenance() == f"l10n-mt: tm-machine {B}:12 sha1:{short_hash('người')}"


# ---- translate_catalog with a memory ------------------------------------------------------------


def catalog(path: str, *entries: tuple[str, str]) -> Catalog:
    body = "".join(f'msgid "{i}"\nmsgstr "{s}"\n\n' for i, s in entries)
    return pofile.parse(HEADER + body, path)


def test_reused_entries_skip_the_engine_and_are_fuzzy_machine_with_their_origin() -> None:
    done = catalog(A, ("Hello.", "Xin chào."), ("Bye.", ""))
    memory = TranslationMemory.build([(A, done.entries(include_obsolete=True))])
    todo = catalog(B, ("Hello.", ""), ("New text.", ""))
    engine = mt_engine()
    stats = translate_catalog(todo, lambda: engine, lang="vi", memory=memory)
    assert (stats.reused, stats.translated) == (1, 1)
    assert engine.calls == [["New text."]]
    entries = {e.msgid: e for e in todo.entries()}
    hello = entries["Hello."]
    assert hello.msgstr == "Xin chào."
    assert hello.fuzzy and hello.state == "machine"
    line = next(e.line for e in done.entries() if e.msgid == "Hello.")
    assert hello.tcomment == (
        f"l10n-mt: tm-reviewed {A}:{line} sha1:{short_hash('Xin chào.')} src:{short_hash('Hello.')}"
    )


def test_engine_is_not_built_when_the_memory_covers_everything() -> None:
    memory = TranslationMemory.build([(A, [reviewed("Hello.", "Xin chào.")])])
    todo = catalog(B, ("Hello.", ""))

    def factory() -> FakeEngine:
        raise AssertionError("the engine must not be built")

    stats = translate_catalog(todo, factory, lang="vi", memory=memory)
    assert stats.reused == 1


def test_fresh_machine_output_is_remembered_for_the_next_catalog() -> None:
    memory = TranslationMemory()
    engine = mt_engine()
    first = catalog(A, ("Shared sentence.", ""))
    second = catalog(B, ("Shared sentence.", ""))
    translate_catalog(first, lambda: engine, lang="vi", memory=memory)
    stats = translate_catalog(second, lambda: engine, lang="vi", memory=memory)
    assert engine.calls == [["Shared sentence."]]
    assert stats.reused == 1
    entry = second.entries()[0]
    assert entry.msgstr == "MT Shared sentence."
    assert entry.tcomment.startswith(f"l10n-mt: tm-machine {A}:")


def test_reviewed_work_is_never_overwritten_by_the_memory() -> None:
    memory = TranslationMemory.build([(A, [reviewed("Hello.", "Chào.")])])
    todo = catalog(B, ("Hello.", "Xin chào bạn."))
    stats = translate_catalog(todo, mt_engine, lang="vi", memory=memory)
    assert (stats.reused, stats.skipped) == (0, 1)
    assert todo.entries()[0].msgstr == "Xin chào bạn."
