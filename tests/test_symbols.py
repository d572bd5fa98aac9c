"""Symbols outside the model's vocabulary are masked like placeholders (issue 19).

opus-mt's sentencepiece turns emoji into ``<unk>`` and ``™`` into ``TM`` (NFKC). The model's own
files say which symbols it can write (``l10n.translate.vocab``); the others are masked before
the engine and put back after, and ``symbol-missing`` flags a symbol a translation lost.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import FakeEngine

from l10n.catalog.catalog import init_translation
from l10n.catalog.template import make_template
from l10n.checks.registry import check_pair
from l10n.formats.txt import segment_text
from l10n.translate.fill import translate_catalog
from l10n.translate.protect import mask, symbol_spans, unmask
from l10n.translate.select import Lookahead
from l10n.translate.vocab import vocabulary_of

SOURCE = "Acme™ launches its rocket 🚀 today 👍🏽."


@pytest.fixture(scope="module")
def vocabulary(tiny_multi_model_dir: Path):  # type: ignore[no-untyped-def]
    found = vocabulary_of(tiny_multi_model_dir)
    assert found is not None
    return found


def test_the_tiny_models_vocabulary_says_what_it_can_write(vocabulary, tmp_path: Path) -> None:
    assert [vocabulary.writes(ch) for ch in "™🚀©a"] == [False, False, False, True]
    assert vocabulary_of(tmp_path) is None  # no sentencepiece files: nothing masked


def test_symbols_it_cannot_write_are_masked_and_restored(vocabulary) -> None:
    assert symbol_spans(SOURCE, vocabulary.writes) == [(4, 5), (26, 27), (34, 36)]  # 👍🏽 with its tone
    masked = mask(SOURCE, writes=vocabulary.writes)
    assert masked.text == "Acme ZQ1QZ launches its rocket XQ2QX today JQ3QJ ."
    assert unmask(masked, "Acme ZQ1QZ phóng tên lửa XQ2QX hôm nay JQ3QJ.").text == (
        "Acme™ phóng tên lửa 🚀 hôm nay 👍🏽."
    )
    assert mask(SOURCE).text == SOURCE  # without a vocabulary: as before


def model_like(text: str) -> str:
    """What the model does to what it cannot write: NFKC (™ -> TM), emoji -> <unk>."""
    out = unicodedata.normalize("NFKC", text)
    return "".join("<unk>" if unicodedata.category(ch) == "So" else ch for ch in out)


def test_translate_keeps_the_symbols_the_model_would_lose(vocabulary) -> None:
    now = datetime(2024, 1, 1, tzinfo=UTC)
    doc = segment_text(SOURCE + "\n", path="source/x.txt", slug="x")

    def translated(writes):  # type: ignore[no-untyped-def]
        template = make_template(doc, project_id="t", now=now)
        catalog = init_translation(template, language="vi", plural_forms="nplurals=1; plural=0;", now=now)
        engine = FakeEngine(model_like)
        ahead = Lookahead([catalog], writes=writes)
        translate_catalog(catalog, lambda: engine, lang="vi", check=check_pair, lookahead=ahead)  # type: ignore[arg-type]
        return next(e.msgstr for e in catalog.entries() if e.msgid == SOURCE)

    lost = translated(None)
    assert "TM" in lost and "<unk>" in lost
    assert [i.code for i in check_pair(SOURCE, lost, lang="vi")].count("symbol-missing") == 1
    kept = translated(vocabulary.writes)
    assert "™" in kept and "🚀" in kept and "👍🏽" in kept and "<unk>" not in kept
    assert "symbol-missing" not in [i.code for i in check_pair(SOURCE, kept, lang="vi")]
