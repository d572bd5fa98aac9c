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

    def __init__(self) -> None:
        self.calls: list[list[Batch]] = []

    def run_batches(self, batches: Sequence[Batch]):  # type: ignore[no-untyped-def]
        from l10n.mt import Output
        from l10n.translate.executor import Scored

        self.calls.append(list(batches))
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
