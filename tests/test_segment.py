"""Tests for l10n.formats.txt: plain-text articles -> Document."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pysbd
import pytest

import l10n.formats.sentences as sentences_module
from l10n.errors import SourceError, UsageError
from l10n.formats.source import load_document, read_source
from l10n.formats.txt import segment_text
from l10n.model import Document, Gap, Literal, Unit

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "source" / "russia-nato-tensions.txt"
ARTICLES = Path(__file__).parent / "data" / "articles"


def _texts(doc: Document) -> list[str]:
    return [s.text for s in doc.segments]


def _seg(text: str, **kw) -> Document:
    return segment_text(text, path="source/t.txt", slug="t", **kw)


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / src.name
    shutil.copyfile(src, dst)
    return dst


def _crlf_bom(tmp_path: Path) -> Path:
    """An article with a UTF-8 BOM, CRLF line ends and a trailing CRLF blank line."""
    path = tmp_path / "crlf-bom.txt"
    body = "Headline in CRLF\r\n\r\nFirst sentence here. Second one\u00a0too.\r\nPhoto: AP\r\n\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    return path


def _all_articles(tmp_path: Path) -> list[Path]:
    files = [_copy(p, tmp_path) for p in sorted(ARTICLES.glob("*.txt"))]
    return [*files, _copy(DEMO, tmp_path), _crlf_bom(tmp_path)]


# --- lossless round trip ------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["sentence", "paragraph"])
@pytest.mark.parametrize("wrap", [False, True])
def test_round_trip_is_exact_for_every_article(tmp_path: Path, unit: str, wrap: bool) -> None:
    files = _all_articles(tmp_path)
    assert len(files) >= 6
    for file in files:
        raw = file.read_bytes().decode("utf-8")
        doc = load_document(file, display_path=f"source/{file.name}", unit=unit, wrap=wrap)
        assert doc.render(lambda s: s.source) == raw, file.name
        assert doc.slug == file.stem
        for seg in doc.segments:
            assert seg.source == seg.source.strip(), (file.name, seg.source)
            assert seg.source
            assert seg.context is None
            assert seg.text == unicodedata.normalize("NFC", seg.text)
            # line is where the unit starts: count "\n" before its first occurrence at/after that line
            starts = [i for i, ln in enumerate(raw.split("\n"), 1) if seg.source.split("\n")[0] in ln]
            assert seg.line in starts, (file.name, seg.line, seg.source)


def test_skeleton_whitespace_goes_to_literals_and_gaps() -> None:
    text = "Head\n\n  One. Two.  Three. \n"
    doc = _seg(text)
    assert _texts(doc) == ["Head", "One.", "Two.", "Three."]
    assert doc.skeleton == (
        Unit(0),
        Literal("\n\n  "),
        Unit(1),
        Gap(" "),
        Unit(2),
        Gap("  "),
        Unit(3),
        Literal(" \n"),
    )
    # a build may swap gaps for a joiner; literals stay
    assert doc.render(lambda s: s.text.upper(), joiner="") == "HEAD\n\n  ONE.TWO.THREE. \n"


def test_crlf_and_bom_are_kept_outside_units(tmp_path: Path) -> None:
    file = _crlf_bom(tmp_path)
    text = read_source(file, display_path="source/crlf-bom.txt")
    assert text.startswith("\ufeffHeadline") and "\r\n" in text
    doc = load_document(file, display_path="source/crlf-bom.txt")
    assert doc.skeleton[0] == Literal("\ufeff")
    assert [(s.text, s.line, s.role) for s in doc.segments] == [
        ("Headline in CRLF", 1, "headline"),
        ("First sentence here.", 3, "paragraph"),
        ("Second one\u00a0too.", 3, "paragraph"),
        ("Photo: AP", 4, "credit"),
    ]
    assert all("\r" not in s.source for s in doc.segments)


def test_non_nfc_source_gives_nfc_msgid_and_exact_source(tmp_path: Path) -> None:
    doc = load_document(_copy(ARTICLES / "nfd.txt", tmp_path), display_path="source/nfd.txt")
    head = doc.segments[0]
    assert head.source == "Cafe\u0301 culture returns"
    assert head.text == "Caf\u00e9 culture returns"
    assert _texts(doc)[1:] == ["The caf\u00e9 reopened on Monday.", "Its owner, Ren\u00e9e, was pleased."]


def test_spacing_article_blocks_roles_and_nbsp(tmp_path: Path) -> None:
    doc = load_document(_copy(ARTICLES / "spacing.txt", tmp_path), display_path="source/spacing.txt")
    got = [(s.text, s.line, s.block, s.role) for s in doc.segments]
    assert got == [
        ("Headline with trailing spaces", 1, 0, "headline"),
        ("Indented paragraph with\u00a0a non-breaking space.", 5, 1, "paragraph"),
        ("Two spaces  inside.", 5, 1, "paragraph"),
        ("Photo 1", 7, 2, "caption"),
        ("Image: a crowd in Warsaw", 8, 3, "caption"),
        ("Photo: Reuters/AP", 9, 4, "credit"),
        ("Credit: Jane Doe", 10, 5, "credit"),
        ("Last line without a final newline.", 13, 6, "paragraph"),
    ]
    assert doc.skeleton[-1] == Unit(7)  # no final newline: nothing after the last unit


# --- sentence rules -----------------------------------------------------------------------------


def test_abbreviations_decimals_ellipses_quotes_stay_in_one_sentence(tmp_path: Path) -> None:
    doc = load_document(
        _copy(ARTICLES / "abbreviations.txt", tmp_path), display_path="source/abbreviations.txt"
    )
    assert _texts(doc) == [
        "Officials meet in Brussels as tensions rise",
        "Mr. Stoltenberg met Dr. Jane Doe and Gen. Lee Harris on Jan. 5 in the U.S. capital.",
        "The talks lasted 3.75 hours.",
        "J. R. Smith said the plan was ready... but nobody signed it.",
        "Talks resumed… and ended late.",
        "He said “go.”",
        "She went.",
        "(See below.)",
        "The list follows.",
        "Hon. Mary Brown spoke about No. 10 at length.",
        "Everyone listened.",
    ]
    assert [s.line for s in doc.segments] == [1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Gov. Hon. Smith left. Then rain.", "Gov. Hon. Smith left."),
        ("Amb. Rice spoke. Then rain.", "Amb. Rice spoke."),
        ("See Vol. 3 today. Then rain.", "See Vol. 3 today."),
        ("It is in the U.S. He left.", "It is in the U.S."),  # U.S. may end a sentence
        ("Vitamin C. Then rain.", "Vitamin C. Then rain."),  # pysbd's choice, left alone
    ],
)
def test_abbreviation_post_processing(text: str, first: str) -> None:
    assert _texts(_seg("H\n" + text))[1] == first


def test_headline_without_stop_never_merges_with_next_line() -> None:
    doc = _seg("Talks in Warsaw\nthe talks began today. They ended.\n")
    assert _texts(doc) == ["Talks in Warsaw", "the talks began today.", "They ended."]
    assert [s.block for s in doc.segments] == [0, 1, 1]


def test_no_unit_spans_a_block_boundary() -> None:
    doc = _seg("Head\nno stop here\nnor here\n")
    assert _texts(doc) == ["Head", "no stop here", "nor here"]
    assert [s.role for s in doc.segments] == ["headline", "paragraph", "paragraph"]


def test_repeated_sentences_map_to_their_own_offsets() -> None:
    text = "H\nYes. Yes. Yes.\n"
    doc = _seg(text)
    assert _texts(doc) == ["H", "Yes.", "Yes.", "Yes."]
    assert doc.skeleton[2:7] == (Unit(1), Gap(" "), Unit(2), Gap(" "), Unit(3))


def test_paragraph_unit_gives_one_unit_per_block() -> None:
    text = DEMO.read_bytes().decode("utf-8")
    doc = segment_text(text, path="source/demo.txt", slug="demo", unit="paragraph")
    non_blank = [ln.strip() for ln in text.split("\n") if ln.strip()]
    assert [s.source for s in doc.segments] == non_blank
    assert [s.block for s in doc.segments] == list(range(len(non_blank)))


# --- wrap mode ----------------------------------------------------------------------------------


def test_wrap_mode_joins_lines_in_msgid_and_keeps_them_in_source(tmp_path: Path) -> None:
    doc = load_document(_copy(ARTICLES / "wrapped.txt", tmp_path), display_path="s/w.txt", wrap=True)
    assert [(s.text, s.line, s.block, s.role) for s in doc.segments] == [
        ("Hard-wrapped headline without final punctuation", 1, 0, "headline"),
        ("The first paragraph is wrapped at a short width.", 4, 1, "paragraph"),
        ("It has two sentences that cross line breaks.", 5, 1, "paragraph"),
        ("The second paragraph is indented and has Mr. Smith in it.", 8, 2, "paragraph"),
    ]
    assert doc.segments[3].source == "The second paragraph is indented and has\n  Mr. Smith in it."
    # without wrap every line is its own block
    flat = load_document(ARTICLES / "wrapped.txt", display_path="s/w.txt")
    assert len({s.block for s in flat.segments}) == 7


def test_wrap_mode_newline_between_sentences_is_a_gap() -> None:
    doc = _seg("Head\n\nOne ends here.\nTwo starts here.\n", wrap=True)
    assert _texts(doc) == ["Head", "One ends here.", "Two starts here."]
    assert Gap("\n") in doc.skeleton


# --- the demo article ---------------------------------------------------------------------------


def test_demo_article(tmp_path: Path) -> None:
    file = _copy(DEMO, tmp_path)
    raw = file.read_bytes().decode("utf-8")
    doc = load_document(file, display_path="source/russia-nato-tensions.txt")
    head = doc.segments[0]
    assert (head.text, head.line, head.block, head.role) == (
        "Will Russia-NATO tensions ease?",
        1,
        0,
        "headline",
    )

    caption = [s for s in doc.segments if s.role == "caption"]
    credit = [s for s in doc.segments if s.role == "credit"]
    assert [(s.text, s.line) for s in caption] == [("Will Russia-NATO tensions ease?  - ảnh 1", 5)]
    assert len(credit) == 1 and credit[0].text.endswith("(Photo: EPA/VNA)") and credit[0].line == 6
    assert caption[0].block != credit[0].block

    mr = [s for s in doc.segments if s.text.startswith("Mr. Stoltenberg said NATO continues")]
    assert len(mr) == 1 and mr[0].text.endswith("dialogue with Moscow.") and mr[0].line == 8

    # Independent count: in each paragraph line, a sentence ends at a stop followed by whitespace and
    # a capital letter (or at the line end), except after "Mr."; headline, caption, credit are one each.
    lines = [ln.strip() for ln in raw.split("\n") if ln.strip()]
    stops = re.compile(r"(?<!\bMr)[.?!][”’)]?(?=\s+[A-Z“(]|$)")
    paragraphs = [ln for ln in lines[1:] if "ảnh 1" not in ln and "(Photo:" not in ln]
    assert len(paragraphs) == len(lines) - 3
    expected = 3 + sum(len(stops.findall(ln)) for ln in paragraphs)
    assert len(doc.segments) == expected == 19
    assert "Its Defense Ministry said recently that 3 new divisions will be established on Russia’s " in (
        doc.segments[16].text
    )
    # the two non-breaking spaces sit between sentences, so they are in gaps, not in msgids
    assert raw.count("\u00a0") == 2
    assert sum(p.text.count("\u00a0") for p in doc.skeleton if isinstance(p, Gap)) == 2
    assert not any("\u00a0" in s.text for s in doc.segments)


# --- reading ------------------------------------------------------------------------------------


def test_read_source_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as err:
        read_source(tmp_path / "missing.txt", display_path="source/missing.txt")
    assert str(err.value) == "source/missing.txt: article not found"

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"\xef\xbb\xbf \r\n\n\t\n")
    with pytest.raises(SourceError, match="empty article"):
        read_source(empty, display_path="source/empty.txt")

    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"line one\nline two\nab\x00cd\n")
    with pytest.raises(SourceError) as err:
        read_source(binary, display_path="source/bin.txt")
    assert err.value.line == 3 and str(err.value).startswith("source/bin.txt:3: binary")

    latin = tmp_path / "latin.txt"
    latin.write_bytes("Head\r\n\r\nCaf\u00e9 ok\r\n".encode("latin-1"))
    with pytest.raises(SourceError) as err:
        read_source(latin, display_path="source/latin.txt")
    assert err.value.line == 3 and err.value.path == "source/latin.txt"
    assert "0xe9 at column 4" in err.value.message

    with pytest.raises(SourceError, match="is a directory"):
        read_source(tmp_path, display_path="source")


def test_load_document_rejects_other_formats(tmp_path: Path) -> None:
    rst = tmp_path / "x.rst"
    rst.write_text("Title\n=====\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"unsupported article format '\.rst'") as err:
        load_document(rst, display_path="source/x.rst")
    assert err.value.path == "source/x.rst"


def test_bad_unit_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown unit 'word'"):
        _seg("Head\n", unit="word")


# --- performance --------------------------------------------------------------------------------


def test_long_single_block_is_segmented_whole() -> None:
    """One 2,000-sentence line is segmented in windows (speed: benchmarks/), losing nothing."""
    sentences = [f"Sentence {i} quotes Mr. Smith on {i}.5 percent." for i in range(2000)]
    text = "Head\n" + " ".join(sentences) + "\n"
    doc = _seg(text)
    assert _texts(doc)[1:] == sentences
    assert doc.render(lambda s: s.source) == text


def test_windowed_segmentation_matches_whole_block(monkeypatch: pytest.MonkeyPatch) -> None:
    """Feeding pysbd a long block in small windows gives the same units as one call."""
    raw = DEMO.read_bytes().decode("utf-8")
    paragraphs = [ln.strip() for ln in raw.split("\n")[2:] if ln.strip()]
    long_sentence = "This sentence is long, " + "and it goes on, " * 40 + "until it stops."
    text = "Head\n" + " ".join([*paragraphs, long_sentence, *paragraphs]) + "\n"
    whole = _seg(text)  # under the default window (1500 chars) the block is ~3,900 chars: windowed
    monkeypatch.setattr(sentences_module, "_WINDOW", 10**9)
    reference = _seg(text)
    monkeypatch.setattr(sentences_module, "_WINDOW", 300)
    monkeypatch.setattr(sentences_module, "_MARGIN", 60)
    small = _seg(text)
    assert _texts(whole) == _texts(reference) == _texts(small)
    assert long_sentence in _texts(small)
    assert small.render(lambda s: s.source) == text


@pytest.mark.parametrize(
    ("line", "units"),
    [
        # an inline enumeration from 1: one paragraph, each item a unit with its number (issue 19)
        ("1. The first item 2. The second item", ["1. The first item", "2. The second item"]),
        ("1. The first item. 2. The second item.", ["1. The first item.", "2. The second item."]),
        ("1) Milk 2) Eggs 3) Bread", ["1) Milk", "2) Eggs", "3) Bread"]),
        ("• 9. The first item • 10. The second item", ["• 9. The first item", "• 10. The second item"]),
    ],
)
def test_inline_list_line_is_a_paragraph_of_items(line: str, units: list[str]) -> None:
    doc = _seg(f"Head\n\n{line}\n")
    assert _texts(doc)[1:] == units
    assert {s.role for s in doc.segments[1:]} == {"paragraph"}
    assert doc.render(lambda s: s.source) == f"Head\n\n{line}\n"


@pytest.mark.parametrize(
    ("line", "marker", "units"),
    [
        ("1. Only one item. Two sentences.", "1. ", ["Only one item.", "Two sentences."]),
        ("2. Buy 3) apples", "2. ", ["Buy 3) apples"]),  # no enumeration from 1 on the line
        ("- Dash - inside", "- ", ["Dash - inside"]),  # a dash in running text is no bullet
    ],
)
def test_list_item_line_keeps_its_marker_in_the_skeleton(line: str, marker: str, units: list[str]) -> None:
    doc = _seg(f"Head\n\n{line}\n")
    assert _texts(doc)[1:] == units
    assert {s.role for s in doc.segments[1:]} == {"list-item"}
    assert Literal(f"\n\n{marker}") in doc.skeleton


def test_pysbd_is_fed_each_character_a_bounded_number_of_times(monkeypatch: pytest.MonkeyPatch) -> None:
    """Linear growth (issue 22): a 120 KB sentence goes to pysbd in windows whose total length
    is at most twice the sentence, whatever its length; no timing involved."""
    fed: list[int] = []
    real = pysbd.Segmenter.processor

    def counting(self: pysbd.Segmenter, text: str):  # type: ignore[no-untyped-def]
        fed.append(len(text))
        return real(self, text)

    monkeypatch.setattr(pysbd.Segmenter, "processor", counting)
    clause = "the levy of 3.5 percent, as Mr. Smith of the U.S. branch said (at 9 a.m.), would grow"
    text = "It said " + ", ".join([clause] * 1400) + "."
    assert len(text) > 120_000
    doc = _seg(f"Head\n\n{text}\n")
    assert _texts(doc) == ["Head", text]
    assert max(fed) <= sentences_module._WINDOW
    assert sum(fed) <= 2 * len(text)
