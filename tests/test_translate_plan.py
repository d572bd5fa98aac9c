"""The translate stage's plan (``l10n.translate.select.plan_catalog``): a value, decided before
anything is written, whose batches are exactly the engine calls the stage then makes."""

from __future__ import annotations

from collections.abc import Sequence

from l10n.catalog import pofile
from l10n.catalog.catalog import Catalog
from l10n.translate.executor import Batch
from l10n.translate.fill import translate_catalog
from l10n.translate.select import plan_catalog
from l10n.translate.tm import TranslationMemory

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n'
    '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
)
PATH = "locales/vi/LC_MESSAGES/x.po"


def _catalog() -> Catalog:
    entries = [
        ("2016", ""),  # no letters: copied
        ("Hello.", ""),  # known to the memory: reused
        ("The council met on Monday.", ""),
        ("Visit http://example.org now.", ""),
        ("Visit http://example.org/b now.", ""),  # same masked text as the one above
        ("Done.", "Xong."),  # reviewed: skipped
        ("BREAKING NEWS", ""),  # all capitals: sent sentence-cased
    ]
    text = "".join(f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n' for msgid, msgstr in entries)
    return pofile.parse(HEADER + text, PATH)


def _memory() -> TranslationMemory:
    other = pofile.parse(HEADER + 'msgid "Hello."\nmsgstr "Xin chào."\n', "locales/vi/LC_MESSAGES/y.po")
    return TranslationMemory.build([("locales/vi/LC_MESSAGES/y.po", other.entries())])


def test_the_plan_selects_copies_reuses_and_length_sorted_batches_of_distinct_masked_texts() -> None:
    catalog = _catalog()
    plan = plan_catalog(catalog.entries(), path=PATH, size=2, memory=_memory())
    assert plan.skipped == 1
    assert [e.msgid for e in plan.copies] == ["2016"]
    assert [(e.msgid, m.msgstr) for e, m in plan.reuses] == [("Hello.", "Xin chào.")]
    assert [b.texts for b in plan.batches] == [
        ("Breaking news", "Visit ZQ1QZ now."),
        ("The council met on Monday.",),
    ]
    assert all(b.options is None for b in plan.batches)  # first pass: the engine's own decoding
    assert [i.entry.msgid for i in plan.groups["Visit ZQ1QZ now."]] == [
        "Visit http://example.org now.",
        "Visit http://example.org/b now.",
    ]
    assert plan_catalog(catalog.entries(), path=PATH, size=2, memory=_memory()) == plan  # nothing changed


class Recorder:
    """An executor double: records the batches it is handed, answers each text with itself."""

    name, model_id, revision = "rec", "rec/model", "r1"
    retry = None

    def __init__(self, ahead: int = 0) -> None:
        self.calls: list[list[Batch]] = []
        self.events: list[str] = []
        self.ahead = ahead

    def run_batches(self, batches: Sequence[Batch], *, first: bool = False):  # type: ignore[no-untyped-def]
        from l10n.mt import Output
        from l10n.translate.executor import Scored

        self.calls.append(list(batches))
        self.events += [f"run {b.texts[0]}" for b in batches]
        return iter(Scored(tuple(Output(t) for t in b.texts), (0.5,) * len(b.texts)) for b in batches)

    def close(self) -> list[object]:
        return []


def test_the_executor_gets_the_plans_batches_in_one_call() -> None:
    catalog = _catalog()
    plan = plan_catalog(catalog.entries(), path=PATH, size=2, memory=_memory())
    recorder = Recorder()
    stats = translate_catalog(catalog, lambda: recorder, lang="vi", memory=_memory())
    assert recorder.calls == [[Batch(tuple(t for b in plan.batches for t in b.texts))]]  # SLICE is 32
    assert (stats.copied, stats.reused, stats.translated, stats.skipped) == (1, 1, 4, 1)
    written = {e.msgid: e for e in catalog.entries()}
    assert written["Visit http://example.org/b now."].msgstr == "Visit http://example.org/b now."
    assert written["BREAKING NEWS"].msgstr == "BREAKING NEWS"
    assert " conf:0.50" in written["The council met on Monday."].tcomment


def _catalogs() -> list[Catalog]:
    def po(name: str, *msgids: str) -> Catalog:
        text = "".join(f'msgid "{m}"\nmsgstr ""\n\n' for m in msgids)
        return pofile.parse(HEADER + text, f"locales/vi/LC_MESSAGES/{name}.po")

    return [
        po("a", "The council met.", "Ships sailed."),
        po("b", "The bridge opened."),  # shares nothing with a: planned early
        po("c", "Ships sailed.", "Rain fell."),  # a's output decides its reuse: planned in its turn
        po("d", "Snow fell."),
    ]


def test_the_next_catalogs_batches_go_early_unless_a_pending_output_can_change_their_plan() -> None:
    from l10n.translate.select import Lookahead

    def run(ahead: int) -> tuple[list[list[Batch]], list[bytes], list[str]]:
        catalogs = _catalogs()
        memory = TranslationMemory.build([])
        lookahead = Lookahead(catalogs, memory=memory) if ahead else None
        recorder = Recorder(ahead)
        for catalog in catalogs:
            applied = f"applied {catalog.path[-4:]}"
            translate_catalog(
                catalog,
                lambda: recorder,
                lang="vi",
                memory=memory,
                lookahead=lookahead,
                progress=lambda _n, applied=applied: recorder.events.append(applied),
            )
        return recorder.calls, [pofile.render(c).encode("utf-8") for c in catalogs], recorder.events

    alone, written, _events = run(0)
    early, written_early, events = run(10)
    assert written_early == written  # same bytes
    assert [b.texts for call in alone for b in call] == [
        ("Ships sailed.", "The council met."),
        ("The bridge opened.",),
        ("Rain fell.",),  # "Ships sailed." came from the memory
        ("Snow fell.",),
    ]
    assert [[b.texts for b in call] for call in early] == [
        [("Ships sailed.", "The council met.")],
        [("The bridge opened.",)],  # handed over while a was still being applied
        [("Rain fell.",)],
        [("Snow fell.",)],
    ]
    assert events == [
        "run Ships sailed.",
        "run The bridge opened.",  # b's batch starts before a's output is applied
        "applied a.po",
        "run Rain fell.",  # c waited for a's output ("Ships sailed." is reused from it)
        "run Snow fell.",
        "applied b.po",
        "applied c.po",  # the memory reuse
        "applied c.po",
        "applied d.po",
    ]
