"""Masking of placeholders, URLs and e-mail addresses around the MT engine."""

from __future__ import annotations

from l10n.translate.protect import mask, mask_token, unmask, unprotected_text

SOURCE = "See <1>Kyiv</1> at https://example.org/a-b. Mail a.b@c.org, now<2/>"


def test_mask_replaces_every_protected_span_in_order() -> None:
    masked = mask(SOURCE)
    assert [s.original for s in masked.spans] == [
        "<1>",
        "</1>",
        "https://example.org/a-b",
        "a.b@c.org",
        "<2/>",
    ]
    assert masked.text == "See ZQ1QZ Kyiv XQ2QX at JQ3QJ . Mail KQ4QK , now VQ5QV"
    assert "<" not in masked.text and "@" not in masked.text and "http" not in masked.text


def test_unmask_of_unchanged_output_gives_the_source_back() -> None:
    masked = mask(SOURCE)
    restored = unmask(masked, masked.text)
    assert restored.text == SOURCE
    assert restored.missing == ()


def test_unmask_tolerates_spacing_case_and_full_width() -> None:
    masked = mask(SOURCE)
    output = "Xem zq 1 qz Kyiv ＸＱ２ＱＸ tại Jq3Qj. Thư KQ 4 QK , giờ vq５qv"
    restored = unmask(masked, output)
    assert restored.text == "Xem <1>Kyiv</1> tại https://example.org/a-b. Thư a.b@c.org, giờ<2/>"
    assert restored.missing == ()


def test_unmask_reports_masks_that_did_not_come_back() -> None:
    masked = mask(SOURCE)
    restored = unmask(masked, "Xem ZQ1QZ Kyiv.")
    assert restored.text == "Xem <1>Kyiv."
    assert restored.missing == ("</1>", "https://example.org/a-b", "a.b@c.org", "<2/>")


def test_unmask_leaves_an_invented_mask_alone() -> None:
    masked = mask("Go to <1>x</1>")
    restored = unmask(masked, "Đi ZQ1QZ x XQ2QX GQ9QG")
    assert restored.text == "Đi <1>x</1> GQ9QG"


def test_text_without_protected_spans_is_unchanged() -> None:
    masked = mask("Nothing to protect here: 13,000 troops.")
    assert masked.spans == ()
    assert masked.text == "Nothing to protect here: 13,000 troops."
    assert unmask(masked, "Không có gì").text == "Không có gì"


def test_url_excludes_trailing_sentence_punctuation() -> None:
    masked = mask("Read www.example.com/x?a=1, or (https://x.org/y).")
    assert [s.original for s in masked.spans] == ["www.example.com/x?a=1", "https://x.org/y"]


def test_unprotected_text_drops_spans() -> None:
    assert not any(ch.isalpha() for ch in unprotected_text("<1>2016</1> https://x.org"))
    assert unprotected_text("<1>Kyiv</1>").strip() == "Kyiv"


def test_masks_are_distinct_so_an_ngram_ban_never_blocks_one() -> None:
    """Replay the ideal output (every mask copied) through transformers' n-gram ban, step by step.

    Tokenized by a small sentencepiece model whose vocabulary, like opus-mt's, holds the Latin
    capitals and digits as single pieces, so masks are cut into letters: the hardest case.
    """
    import sentencepiece as spm
    import torch
    from tinymodel import _EN_TEXT, _sentences, _train_spm
    from transformers import NoRepeatNGramLogitsProcessor

    letters = (
        "ZEBRA XRAY JULIET KILO VICTOR WHISKEY YANKEE FOXTROT GOLF HOTEL PAPA QUEBEC 0 1 2 3 4 5 6 7 8 9"
    )
    corpus = [*_sentences(_EN_TEXT, 300, 3), *[letters] * 20]
    sp = spm.SentencePieceProcessor(model_proto=_train_spm(corpus, 300, [], 1))

    def blocked(text: str, n: int) -> list[int]:
        ids = sp.encode(text)
        assert sp.unk_id() not in ids
        ban = NoRepeatNGramLogitsProcessor(n)
        steps = []
        for step in range(1, len(ids)):
            scores = ban(torch.tensor([ids[:step]]), torch.zeros((1, sp.get_piece_size())))
            if scores[0, ids[step]] == float("-inf"):
                steps.append(step)
        return steps

    masked = mask("<1>Kyiv</1> <2/> <3/>, <4/> and <5/> <6/> https://x.org a@b.org").text
    assert masked == "ZQ1QZ Kyiv XQ2QX JQ3QJ KQ4QK , VQ5QV and WQ6QW YQ7QY FQ8QF GQ9QG"
    assert len({mask_token(i) for i in range(1, 21)}) == 20
    for n in (3, 4, 5):
        assert blocked(masked, n) == [], n
    # one shared frame repeats its pieces ("Q Z ▁ Z Q") between neighbouring masks: the ban bites
    assert blocked("ZQ1QZ ZQ2QZ ZQ3QZ", 4) != []


# --- spacing around restored spans (issue 19) ----------------------------------------------------


def test_a_span_the_model_glued_to_a_word_gets_the_source_spacing_back() -> None:
    from l10n.translate.protect import mask, unmask

    masked = mask("%(user)s moved the file.")
    assert unmask(masked, "ZQ1QZđã chuyển tệp.").text == "%(user)s đã chuyển tệp."
    masked = mask("Hello %(user)s, welcome back")
    assert unmask(masked, "Chào mừngZQ1QZ trở lại").text == "Chào mừng %(user)s trở lại"
    assert unmask(masked, "欢迎ZQ1QZ回来").text == "欢迎%(user)s回来"  # no spaces in Han text
    glued = mask("the file%(n)d")  # glued in the source: stays glued, spaces removed
    assert unmask(glued, "tệp ZQ1QZ").text == "tệp%(n)d"
    markup = mask("Read <1>the report</1> now")
    assert unmask(markup, "ĐọcZQ1QZ báo cáo XQ2QXngay").text == "Đọc <1>báo cáo</1> ngay"


def test_check_catches_a_placeholder_glued_to_a_letter() -> None:
    from l10n.checks.registry import check_pair

    [issue] = check_pair("%(user)s moved the file.", "%(user)sđã chuyển tệp.", lang="vi")
    assert (issue.code, issue.severity) == ("placeholder-glued", "warning")
    assert "'%(user)s' is glued to 'đ'" in issue.message
    assert check_pair("%(user)s moved the file.", "%(user)s đã chuyển tệp.", lang="vi") == []
    assert check_pair("Hello %(user)s, welcome", "欢迎%(user)s回来", lang="zh") == []
    assert check_pair("the file%(n)d", "tệp%(n)d", lang="vi") == []  # glued in the source too


def test_check_flags_a_symbol_missing_from_the_target() -> None:
    from l10n.checks.registry import check_pair

    [issue] = check_pair("Brand™ rocks 🚀", "Brand TM tuyệt vời", lang="vi")
    assert (issue.code, issue.severity) == ("symbol-missing", "warning")
    assert issue.message == "symbol ™ (U+2122), 🚀 (U+1F680) missing in translation"
    assert check_pair("Brand™ rocks 🚀", "Brand™ tuyệt vời 🚀", lang="vi") == []
    assert check_pair("Price: 5 €", "Giá: 5 €", lang="vi") == []
