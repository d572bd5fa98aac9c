"""One home for each convention: every module that recognises a kind agrees on it.

Placeholders and links (``l10n.inline``), the provenance comment (``l10n.provenance``), the loop
detector, and the lists of article suffixes, engines and quantizations.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from l10n.checks.output import find_loop, repeated_phrase
from l10n.checks.pair import masked
from l10n.checks.registry import check_pair
from l10n.config import load_config
from l10n.errors import ConfigError, UsageError
from l10n.formats.markdown.extract import render_unit, segment_markdown, token_error
from l10n.formats.source import ARTICLE_SUFFIXES, is_article, load_document
from l10n.inline import links, nesting_error, placeholders, protected_spans
from l10n.model import Entry
from l10n.mt import ENGINES, QUANTIZATIONS, check_quantization
from l10n.project import Layout
from l10n.provenance import (
    Provenance,
    format_provenance,
    is_clean,
    is_machine,
    parse_provenance,
    short_hash,
)
from l10n.publish.markdown import translated_markdown
from l10n.publish.pages import build_markdown, build_text
from l10n.publish.policy import is_markdown
from l10n.translate.protect import mask, unmask, unprotected_text
from l10n.translate.tm import TranslationMemory

# --- URLs: what protect masks is what the check compares ----------------------------------------

ODD_URLS = ["ftp://example.org/x", "HTTPS://EXAMPLE.ORG/A", "Www.Example.org/b"]


@pytest.mark.parametrize("url", ODD_URLS)
def test_masked_urls_are_the_checked_urls(url: str) -> None:
    text = f"See {url}, then call."
    masked_text = mask(text)
    assert [s.original for s in masked_text.spans] == [url]  # the comma stays outside
    assert masked_text.text == "See ZQ1QZ , then call."  # spaced off its neighbour for the model
    assert unmask(masked_text, "Xem ZQ1QZ , rồi gọi.").text == f"Xem {url}, rồi gọi."
    assert links(text) == [(url, (4, 4 + len(url)))]
    assert check_pair(text, f"Xem {url}, rồi gọi.", lang="vi") == []
    changed = check_pair(text, f"Xem {url.lower()}/, rồi gọi.", lang="vi")
    assert [i.code for i in changed] == ["url-mismatch", "url-mismatch"]


def test_unprotected_text_drops_ftp_and_upper_case_urls() -> None:
    assert unprotected_text("ftp://example.org/x HTTPS://EXAMPLE.ORG/A").split() == []


def test_overlapping_address_and_url_are_one_span() -> None:
    text = "Write me@www.x.org/a now"
    assert protected_spans(text) == [(6, 20)]
    assert [s.original for s in mask(text).spans] == ["me@www.x.org/a"]


# --- placeholders: <1 /> is <1/> everywhere ---------------------------------------------------


def _md_segment():
    doc, _ = segment_markdown("Line one  \nline two.\n", path="x.md", slug="x")
    (seg,) = doc.segments
    assert seg.text == "Line one<1/>line two."
    return seg


def _token_error(target: str) -> bool:
    return token_error(_md_segment(), target) is None


def _render(target: str) -> bool:
    return render_unit(_md_segment(), target) == "Dòng một  \ndòng hai."


def _publish(target: str) -> bool:
    return translated_markdown(target, {"<1/>": "  \n"}) == "Dòng một  \ndòng hai."


def _check(target: str) -> bool:
    return [i.code for i in check_pair("Line one<1/>line two.", target, lang="vi")] == []


def _mask(target: str) -> bool:
    m = mask(target)
    return [s.original for s in m.spans] == ["<1 />"] and m.text == "Dòng một ZQ1QZ dòng hai."


def _blank(target: str) -> bool:
    return masked(target) == "Dòng một" + " " * len("<1 />") + "dòng hai."


def _inline(target: str) -> bool:
    return placeholders(target) == ["<1/>"]


ACCEPTS = [_token_error, _render, _publish, _check, _mask, _blank, _inline]


@pytest.mark.parametrize("accepts", ACCEPTS, ids=lambda f: f.__name__.strip("_"))
def test_every_module_reads_spaced_self_closing_token_alike(accepts: Callable[[str], bool]) -> None:
    assert accepts("Dòng một<1 />dòng hai.")


def test_spaced_paired_tokens_nest_and_match() -> None:
    assert placeholders("<1 >a</1 > <2 />") == ["<1>", "</1>", "<2/>"]
    assert nesting_error(placeholders("</1 >a<1>")) == "placeholder </1> closes out of order"
    assert [i.code for i in check_pair("<1>Kyiv</1> now.", "<1 >Kyiv</1 > bây giờ.", lang="vi")] == []


def test_source_text_like_a_spaced_token_becomes_a_placeholder() -> None:
    doc, _ = segment_markdown("Type <1 /> here.\n", path="x.md", slug="x")
    (seg,) = doc.segments
    assert seg.text == "Type <1/> here."
    assert [(p.token, p.markup) for p in seg.placeholders] == [("<1/>", "<1 />")]


# --- provenance ---------------------------------------------------------------------------------


def test_provenance_round_trip_with_fields_and_notes() -> None:
    line = format_provenance("ct2", "Helsinki-NLP/opus-mt-en-vi", "abc", "Xin chào", fields=[("q", "int8")])
    assert line == "l10n-mt: ct2 Helsinki-NLP/opus-mt-en-vi@abc sha1:a5ddbad8 q:int8"
    assert parse_provenance(line) == Provenance(
        "ct2", "Helsinki-NLP/opus-mt-en-vi", "abc", "a5ddbad8", (("q", "int8"),), ()
    )
    flagged = format_provenance(
        "m", "org/x", "r1", "", fields=[("a", "1"), ("b", "x:y")], notes=["lost  <1>", "x"]
    )
    assert flagged == f"l10n-mt: m org/x@r1 sha1:{short_hash('')} a:1 b:x:y; lost <1>; x"
    parsed = parse_provenance(flagged)
    assert parsed is not None
    assert parsed.fields == (("a", "1"), ("b", "x:y")) and parsed.notes == ("lost <1>", "x")


def test_old_provenance_lines_still_parse() -> None:
    assert parse_provenance("l10n-mt: marian Helsinki-NLP/opus-mt-en-vi@abc123 sha1:a5ddbad8") == Provenance(
        "marian", "Helsinki-NLP/opus-mt-en-vi", "abc123", "a5ddbad8"
    )
    old_note = parse_provenance("l10n-mt: fake fake/model@rev1 sha1:da39a3ee; empty output")
    assert old_note is not None and old_note.notes == ("empty output",) and old_note.fields == ()
    tm = parse_provenance("l10n-mt: tm-reviewed locales/vi/LC_MESSAGES/a.po:42 sha1:1a2b3c4d")
    assert tm == Provenance("tm-reviewed", "locales/vi/LC_MESSAGES/a.po:42", "", "1a2b3c4d")
    assert parse_provenance("l10n-mt: marian m@r sha1:XYZ") is None
    assert parse_provenance("translator note") is None


def test_bad_field_is_refused() -> None:
    with pytest.raises(ValueError, match="bad provenance field"):
        format_provenance("m", "x", "r", "t", fields=[("Bad Key", "v")])


def _machine(comment: str) -> Entry:
    return Entry("Hello.", "Xin chào.", fuzzy=True, machine=True, flags=("fuzzy",), tcomment=comment)


def test_fields_never_make_an_entry_unclean() -> None:
    plain = f"l10n-mt: marian m/x@r1 sha1:{short_hash('Xin chào.')}"
    with_fields = plain + " q:int8 beam:4"
    with_note = plain + "; check repetition"
    assert is_clean(_machine(plain)) and is_clean(_machine(with_fields))
    assert not is_clean(_machine(with_note))
    assert not is_clean(_machine("l10n-mt: garbage"))
    assert is_machine(_machine("l10n-mt: garbage")) and not is_machine(_machine("just a note"))
    memory = TranslationMemory.build([("a.po", [_machine(with_fields)]), ("b.po", [_machine(with_note)])])
    match = memory.lookup("Hello.")
    assert match is not None and match.path == "a.po" and len(memory) == 1


# --- one loop detector ------------------------------------------------------------------------


def test_translate_uses_the_checks_loop_detector() -> None:
    import l10n.checks.output as output
    import l10n.translate.judge as judge

    assert judge.find_loop is output.find_loop  # the stage imports the check's detector, no copy
    looped = "Hội đồng họp họp họp."
    assert repeated_phrase(looped) == "họp"
    assert find_loop("The council meets.", looped) == "repeats 'họp'"
    assert find_loop("Go go go!", "Đi đi đi!") is None  # the source loops too
    # an n-gram three times back to back; twice is no loop
    assert find_loop("The deal was signed.", "thỏa thuận đã ký thỏa thuận đã ký thỏa thuận đã ký") == (
        "repeats 'thỏa thuận đã ký'"
    )
    assert find_loop("The deal was signed.", "thỏa thuận đã ký thỏa thuận đã ký") is None
    assert find_loop("See <1/> <2/>.", "Xem <1/><1/><1/> <2/>.") is None  # placeholders are blanked
    assert find_loop("1 billion", "1.000.000.000") is None  # digits only: the number check's business
    # an output that stopped at its length bound is a loop even without a visible repetition
    assert find_loop("Ties.", "Quan hệ giữa hai nước", at_bound=True) == "reached its length bound"
    assert find_loop("Ties.", "Quan hệ.", at_bound=False) is None


# --- article suffixes, engines, quantizations ----------------------------------------------------


def test_markdown_suffix_is_an_article_everywhere(tmp_path: Path) -> None:
    assert ARTICLE_SUFFIXES == (".txt", ".md", ".markdown", ".html", ".htm")
    (tmp_path / "l10n.toml").write_text("")
    src = tmp_path / "source"
    src.mkdir()
    for name in ("a.markdown", "b.MD", "c.txt", "d.rst", "e.HTML", "f.htm"):
        (src / name).write_text("# Title\n\nSome *bold* text.\n", encoding="utf-8")
    assert [p.name for p in Layout(load_config(tmp_path)).articles()] == [
        "a.markdown",
        "b.MD",
        "c.txt",
        "e.HTML",
        "f.htm",
    ]
    assert not is_article("d.rst")
    doc = load_document(src / "a.markdown", display_path="source/a.markdown")
    assert [s.text for s in doc.segments] == ["Title", "Some <1>bold</1> text."]
    assert is_markdown(doc)
    entries = {(None, "Some <1>bold</1> text."): Entry("Some <1>bold</1> text.", "Chữ <1 >đậm</1 >.")}
    assert build_markdown(doc, entries, "vi") == "# Title\n\nChữ *đậm*.\n"
    assert build_text(doc, entries, "vi") == "Title\n\nChữ đậm.\n"  # .txt of Markdown is plain text


def test_engine_and_quantization_lists_are_the_ones_validated(tmp_path: Path) -> None:
    assert ENGINES == ("auto", "transformers", "ctranslate2")
    for engine in ENGINES:
        (tmp_path / "l10n.toml").write_text(f'engine = "{engine}"\n')
        assert load_config(tmp_path).engine == engine
    (tmp_path / "l10n.toml").write_text('engine = "marian"\n')
    with pytest.raises(ConfigError, match="expected one of auto, transformers, ctranslate2"):
        load_config(tmp_path)
    for quantization in QUANTIZATIONS:
        check_quantization(quantization)
    with pytest.raises(UsageError, match="expected one of int8, int8_float32, int16, float32, none"):
        check_quantization("int4")
