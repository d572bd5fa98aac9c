"""Glossary applied during translation: dnt terms masked and kept, fixed forms injected (issue 23)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FakeEngine

from l10n.catalog import pofile
from l10n.catalog.catalog import Catalog
from l10n.checks.registry import check_pair
from l10n.config import load_config
from l10n.config_sections import GlossaryOptions
from l10n.glossary import Glossary
from l10n.model import Entry
from l10n.mt import DecodingOptions
from l10n.provenance import FIELD_GLOSSARY, provenance_of
from l10n.translate.fill import translate_catalog
from l10n.translate.protect import mask, unmask

GLOSSARY = Glossary.parse(
    "en,dnt,vi,de\n"
    "NATO,yes,,\n"
    "Russia-NATO Council,,Hội đồng Nga-NATO,NATO-Russland-Rat\n"
    "secretary general,,Tổng Thư ký,Generalsekretär\n"
)
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n\n'


def po(*msgids: str) -> Catalog:
    body = "".join(f'msgid "{m}"\nmsgstr ""\n\n' for m in msgids)
    return pofile.parse(HEADER + body, "locales/vi/LC_MESSAGES/x.po")


def by_msgid(catalog: Catalog) -> dict[str, Entry]:
    return {e.msgid: e for e in catalog.entries()}


def test_mask_numbers_placeholders_and_terms_in_text_order() -> None:
    rules = GLOSSARY.masked_for("vi")
    masked = mask("The Russia-NATO Council met <1>NATO</1> at https://x.org today.", rules)
    assert (
        masked.text == "The ZQ1QZ met XQ2QX  JQ3QJ  KQ4QK at VQ5QV today."
    )  # touching spans: a space each side
    assert [(s.original, s.glossary) for s in masked.spans] == [
        ("Hội đồng Nga-NATO", "inject"),
        ("<1>", ""),
        ("NATO", "dnt"),
        ("</1>", ""),
        ("https://x.org", ""),
    ]
    # without rules the numbering is that of the placeholders alone (as before)
    assert (
        mask("The Russia-NATO Council met <1>NATO</1>.").text
        == "The Russia-NATO Council met ZQ1QZ NATO XQ2QX ."
    )
    back = unmask(masked, "Hôm nay ZQ1QZ họp XQ2QX JQ3QJ KQ4QK tại VQ5QV.")
    assert back.text == "Hôm nay Hội đồng Nga-NATO họp <1>NATO</1> tại https://x.org." and not back.missing


def test_terms_match_whole_words_only_and_the_longer_term_wins() -> None:
    rules = GLOSSARY.masked_for("vi")
    assert mask("Senato and NATOs", rules).spans == ()
    masked = mask("Secretary General of NATO", rules)  # all-lower-case term: any case
    assert [s.original for s in masked.spans] == ["Tổng Thư ký", "NATO"]
    assert masked.text == "ZQ1QZ of XQ2QX"


def test_fake_engine_sees_masks_and_target_forms_come_back() -> None:
    engine = FakeEngine(lambda s: s.replace("met", "đã họp").replace("The ", "").replace("today", "hôm nay"))
    catalog = po("The Russia-NATO Council met today.", "NATO met.", "Nothing to mask.")
    stats = translate_catalog(
        catalog,
        lambda: engine,
        lang="vi",
        glossary=GLOSSARY,
        check=check_pair,
        terms=GLOSSARY.masked_for("vi"),
    )
    assert stats.translated == 3 and stats.flagged == 0
    seen = sorted(t for call in engine.calls for t in call)
    assert seen == ["Nothing to mask.", "The ZQ1QZ met today.", "ZQ1QZ met."]
    got = by_msgid(catalog)
    assert got["The Russia-NATO Council met today."].msgstr == "Hội đồng Nga-NATO đã họp hôm nay."
    assert got["NATO met."].msgstr == "NATO đã họp."
    prov = provenance_of(got["The Russia-NATO Council met today."])
    assert prov is not None and prov.field(FIELD_GLOSSARY) == "1"
    plain = provenance_of(got["Nothing to mask."])
    assert plain is not None and plain.field(FIELD_GLOSSARY) is None
    # the glossary check passes by construction on injected output
    for e in catalog.entries()[:2]:
        assert [i.code for i in check_pair(e.msgid, e.msgstr, lang="vi", glossary=GLOSSARY)] == []


def test_spacing_kept_where_the_term_touches_punctuation() -> None:
    engine = FakeEngine(lambda s: s)
    catalog = po("(NATO) said: Secretary General, in short.")
    translate_catalog(catalog, lambda: engine, lang="vi", terms=GLOSSARY.masked_for("vi"))
    assert engine.calls == [["( ZQ1QZ ) said: XQ2QX , in short."]]
    assert (
        by_msgid(catalog)["(NATO) said: Secretary General, in short."].msgstr
        == "(NATO) said: Tổng Thư ký, in short."
    )


def test_injection_off_leaves_fixed_terms_to_the_model_but_keeps_dnt() -> None:
    rules = GLOSSARY.masked_for("de", inject=False)
    assert [r.term for r in rules] == ["NATO"]
    # the fixed term is left to the model; NATO inside it is a whole word (the checks' rule) and kept
    masked = mask("The Russia-NATO Council", rules)
    assert masked.text == "The Russia- ZQ1QZ Council"
    assert unmask(masked, "Der Russland- ZQ1QZ-Rat").text == "Der Russland-NATO-Rat"
    assert mask("NATO met", rules).text == "ZQ1QZ met"


def test_config_glossary_table(tmp_path: Path) -> None:
    (tmp_path / "glossary.csv").write_text("en,dnt,vi\nNATO,yes,\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text(
        'languages = ["vi", "de"]\n[glossary]\nfile = "glossary.csv"\nmodel_decides = ["de"]\n',
        encoding="utf-8",
    )
    cfg = load_config(tmp_path)
    assert cfg.glossary == tmp_path / "glossary.csv"
    assert cfg.glossary_options == GlossaryOptions(True, ("de",))
    assert cfg.glossary_options.injects("vi") and not cfg.glossary_options.injects("de")
    (tmp_path / "l10n.toml").write_text("[glossary]\ninject = false\n", encoding="utf-8")
    assert not load_config(tmp_path).glossary_options.injects("vi")
    (tmp_path / "l10n.toml").write_text('[glossary]\ninject = "no"\n', encoding="utf-8")
    try:
        load_config(tmp_path)
    except Exception as exc:
        assert re.search(r"l10n\.toml:2.*glossary\.inject: expected bool", str(exc))
    else:
        raise AssertionError("bad inject value accepted")


def test_tiny_model_carries_glossary_masks(tiny_model_dir: Path) -> None:
    from l10n.mt.marian import MarianEngine
    from l10n.mt.registry import resolve_model

    catalog = po("The Russia-NATO Council will meet after the summit.")
    ref = resolve_model("vi", str(tiny_model_dir), tiny_model_dir.parent)
    engine = MarianEngine(ref, "vi", DecodingOptions(beam_size=1, threads=1))
    sent: list[str] = []

    class Spy:
        def __call__(self) -> MarianEngine:
            return engine

    original = engine.translate_outputs

    def spy(texts, options=None):  # type: ignore[no-untyped-def]
        sent.extend(texts)
        return original(texts, options)

    engine.translate_outputs = spy  # type: ignore[method-assign]
    translate_catalog(catalog, Spy(), lang="vi", terms=GLOSSARY.masked_for("vi"))
    assert sent[0] == "The ZQ1QZ will meet after the summit."
    e = by_msgid(catalog)["The Russia-NATO Council will meet after the summit."]
    prov = provenance_of(e)
    assert prov is not None and prov.field(FIELD_GLOSSARY) == "1"
    # random weights: the mask may or may not survive; either it was injected or it is reported lost
    assert "Hội đồng Nga-NATO" in e.msgstr or "lost Hội đồng Nga-NATO" in (e.tcomment or "")
