"""Masking of placeholders, URLs and e-mail addresses around the MT engine."""

from __future__ import annotations

from l10n.translate.protect import mask, unmask, unprotected_text

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
    assert masked.text == "See ZQ1QZ Kyiv ZQ2QZ at ZQ3QZ . Mail ZQ4QZ , now ZQ5QZ"
    assert "<" not in masked.text and "@" not in masked.text and "http" not in masked.text


def test_unmask_of_unchanged_output_gives_the_source_back() -> None:
    masked = mask(SOURCE)
    restored = unmask(masked, masked.text)
    assert restored.text == SOURCE
    assert restored.missing == ()


def test_unmask_tolerates_spacing_case_and_full_width() -> None:
    masked = mask(SOURCE)
    output = "Xem zq 1 qz Kyiv ＺＱ２ＱＺ tại Zq3Qz. Thư ZQ 4 QZ , giờ zq５qz"
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
    restored = unmask(masked, "Đi ZQ1QZ x ZQ2QZ ZQ9QZ")
    assert restored.text == "Đi <1>x</1> ZQ9QZ"


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
