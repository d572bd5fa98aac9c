"""Issue 21: ``translate_catalog`` advances the progress once per executor batch of ``size``
units, as each batch's results come back (a bar that moves within a language)."""

from __future__ import annotations

from test_translate import Factory, entry, po

from l10n.translate.fill import SLICE, translate_catalog

SENTENCES = [f"Sentence number {word} is here." for word in "abcdefghij"]


def test_progress_advances_per_batch_of_size_units() -> None:
    catalog, factory, done = po(*(entry(s) for s in SENTENCES)), Factory(), []
    translate_catalog(catalog, factory, lang="vi", progress=done.append, size=4)
    assert done == [4, 4, 2]
    assert [len(texts) for texts in factory.engine.calls] == [4, 4, 2]
    assert [text.split()[2] for texts in factory.engine.calls for text in texts] == list("abcdefghij")
    assert all(e.msgstr == f"[vi] {e.msgid}" for e in catalog.entries())


def test_the_default_size_is_one_slice() -> None:
    factory, done = Factory(), []
    catalog = po(*(entry(f"{s} Part {i}.") for i in range(4) for s in SENTENCES))
    translate_catalog(catalog, factory, lang="vi", progress=done.append)
    assert done == [SLICE, 40 - SLICE]
