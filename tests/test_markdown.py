"""Tests for l10n.formats.markdown.extract: Markdown -> Document, placeholders, lossless round trips."""

from __future__ import annotations

import random
import shutil
import unicodedata
from pathlib import Path

import pytest

from l10n.catalog import pofile
from l10n.catalog.template import make_template
from l10n.errors import SourceError, UsageError
from l10n.formats.markdown.extract import TOKEN_RE, render_unit, segment_markdown
from l10n.formats.sentences import sentence_spans
from l10n.formats.source import load_document
from l10n.model import Document, Gap, Issue, Literal, Placeholder, Segment, is_front_matter

DATA = Path(__file__).parent / "data" / "markdown"
X_MD = DATA / "x.md"


def _seg(text: str, **kw) -> tuple[Document, list[Issue]]:
    return segment_markdown(text, path="source/t.md", slug="t", **kw)


def _texts(text: str, **kw) -> list[str]:
    return [s.text for s in _seg(text, **kw)[0].segments]


def _x() -> tuple[str, Document, list[Issue]]:
    text = X_MD.read_bytes().decode("utf-8")
    doc, issues = segment_markdown(text, path="source/x.md", slug="x")
    return text, doc, issues


def _by_text(doc: Document, start: str) -> Segment:
    (seg,) = [s for s in doc.segments if s.text.startswith(start)]
    return seg


# --- golden article -----------------------------------------------------------------------------

X_UNITS = [
    (2, "title", "Ports reopen after the storm"),
    (7, "headline", "Ports reopen after the <1>storm</1>"),
    (9, "paragraph", "Ships returned to <1>Hai Phong</1> on Monday."),
    (9, "paragraph", "Officials said the <1>worst</1> was over."),
    (10, "paragraph", "Trade groups welcomed the news, see <1>the <2>official</2> notice</1>."),
    (12, "heading", "What we know"),
    (14, "quote", '"We lost <1>three days</1>," a captain said.'),
    (15, "quote", "Crews worked through the night."),
    (17, "list-item", "Cargo volumes fell 12% in the week & prices rose."),
    (18, "list-item", "Run <1/> to check progress."),
    (19, "list-item", "Write to <1/> for details."),
    (21, "list-item", "First, the harbour reopened."),
    (22, "list-item", "Then the <1>crane at dawn</1> came back."),
    (24, "table-cell", "Port"),
    (24, "table-cell", "Status"),
    (26, "table-cell", "Hai Phong"),
    (26, "table-cell", "<1>Open</1>"),
    (27, "table-cell", "Da Nang"),
    (27, "table-cell", "Closed \\| partly"),
    (37, "paragraph", "Line one ends with a hard break<1/>and continues here."),
    (38, "paragraph", "This is <1>bold.</1>"),
    (38, "paragraph", "And this follows."),
    (40, "paragraph", "<1>Read more</1> on our site."),
]


def test_golden_units_of_x_md() -> None:
    _, doc, issues = _x()
    assert [(s.line, s.role, s.text) for s in doc.segments] == X_UNITS
    # The HTML block is the only thing kept untranslated with text in it.
    assert [(i.line, i.code) for i in issues] == [(35, "markdown-html-block")]
    assert all(i.path == "source/x.md" and i.severity == "warning" for i in issues)


def test_golden_placeholders_of_x_md() -> None:
    _, doc, _ = _x()
    link = _by_text(doc, "Trade groups")
    assert link.placeholders == (
        Placeholder("<1>", "[", "link"),
        Placeholder("<2>", "**", "strong"),
        Placeholder("</2>", "**", "strong"),
        Placeholder("</1>", '](http://example.com/notice?a=1&b=2 "Notice")', "link"),
    )
    assert _by_text(doc, "Ships").placeholders == (
        Placeholder("<1>", "**", "strong"),
        Placeholder("</1>", "**", "strong"),
    )
    assert _by_text(doc, "Run").placeholders == (Placeholder("<1/>", "`l10n status`", "code"),)
    assert _by_text(doc, "Write to").placeholders == (Placeholder("<1/>", "<news@example.com>", "autolink"),)
    assert _by_text(doc, "Then the").placeholders == (
        Placeholder("<1>", "![", "image"),
        Placeholder("</1>", '](img/crane.jpg "Crane")', "image"),
    )
    assert _by_text(doc, "Line one").placeholders == (Placeholder("<1/>", "  \n", "line-break"),)
    assert _by_text(doc, "<1>Read").placeholders[1] == Placeholder("</1>", "][ref]", "link")


def test_link_targets_image_paths_and_code_never_in_msgids() -> None:
    _, doc, _ = _x()
    msgids = "\n".join(s.text for s in doc.segments)
    for hidden in ("example.com", "img/crane.jpg", "l10n status", "news@", "print(", "indented code", "ref]"):
        assert hidden not in msgids
    # ... and front matter keys other than title, code blocks and HTML blocks are literal.
    literal = "".join(p.text for p in doc.skeleton if isinstance(p, Literal))
    assert "author: Jane Doe" in literal and 'print("not translated")' in literal
    assert '<div class="note">Raw HTML block.</div>' in literal


def test_units_of_one_block_are_joined_by_gaps() -> None:
    _, doc, _ = _x()
    gaps = [p.text for p in doc.skeleton if isinstance(p, Gap)]
    assert gaps == [" ", "\n", "\n> ", " ", " "]
    quote = [s for s in doc.segments if s.role == "quote"]
    assert quote[0].block == quote[1].block


def test_numbering_restarts_in_every_unit() -> None:
    _, doc, _ = _x()
    for seg in doc.segments:
        numbers = sorted({int(n) for n in TOKEN_RE.findall(seg.text) for n in [n.strip("</>")]})
        assert numbers == list(range(1, len(numbers) + 1)), seg.text
        assert [p.token for p in seg.placeholders] == TOKEN_RE.findall(seg.text)


def test_placeholders_reach_the_template_as_extracted_comments() -> None:
    _, doc, _ = _x()
    pot = pofile.render(make_template(doc, project_id="t"))
    assert '#. placeholder </1>: link ](http://example.com/notice?a=1&b=2 "Notice")' in pot
    assert "#. placeholder <1/>: code `l10n status`" in pot
    assert 'msgid "Cargo volumes fell 12% in the week & prices rose."' in pot


# --- round trips --------------------------------------------------------------------------------

EDGE_CASES = [
    "\ufeff# BOM title\r\n\r\nCRLF para. Second **one**.\r\n> quote\r\n> more\r\n",
    "Old\rMac\rline ends.\r",
    "- item\n\n  second para in item\n  continues.\n- > quoted in list\n  > more *em\n  > across* lines\n",
    "> - list in quote\n>   continued\n> > nested *quote*\n\nlazy\n> continuation.\n",
    "A `code\nspan` across lines and [link\ntext](http://u\n'title') end.\n",
    "Literal <1> and </2> in text with **bold**, and \\<3> escaped.\n",
    "Image ![](empty.png) and ![alt][ref] and ![x](<a b.png>).\n\n[ref]: /r.png\n",
    '[bad](javascript:alert(1)) link and [ok](</a b>) and [t](u "ti\\"tle").\n',
    "Tab\tinside and\n\tindented continuation.\n\n-\tfoo\n\n\tbar\n",
    "***both*** and ___both___ and *a **b** c* ~~gone~~.\n",
    "Escapes \\*x\\* \\[y\\] \\\\ and &copy; &#35; &#x22;.\n",
    "Hard\\\nbreak and  \nanother.  \n  Indented.\n",
    "Setext Title #1\n===\n\nSetext\ntwo lines\n---\n\n# \n\n## Closed ##\n",
    "---\ntitle: 'It''s here'  # comment\nsummary: >\n  folded\n---\nBody.\n",
    "1. | a | b |\n   |---|---|\n   | c | d |\n\n> | q | r |\n> |---|---|\n> | s \\| t | u |\n",
    "|a|b|\n|-|-|\n|`x\\|y`|**z**|\n| \u00a0x | y | extra |\n",
    "Word&nbsp;joined, cafe\u0301 in NFD.\n\n\u00a0\nNBSP line above.\n",
    "Ends with tab\t\nnext line. <http://auto.link/x?y=1> <b>bold</b>.\n",
    "He said **stop.** Then left. Is it **true? Yes** it is. A ![img](x.png). **B x.**\n",
]


def _check_round_trips(text: str, doc: Document) -> None:
    assert doc.render(lambda s: s.source) == text
    assert doc.render(lambda s: render_unit(s, s.text)) == text
    for seg in doc.segments:
        assert seg.text == seg.text.strip() and seg.source == seg.source.strip()
        assert TOKEN_RE.sub("", seg.text).strip(), seg  # some text besides placeholders
        assert [p.token for p in seg.placeholders] == TOKEN_RE.findall(seg.text)
        single_line = "\n" not in seg.source and "\r" not in seg.source
        plain = not is_front_matter(seg.role) and "&" not in seg.source  # msgid = source text
        if single_line and plain and unicodedata.is_normalized("NFC", seg.source):
            # A changed translation takes the substitution path: markup comes back exactly.
            assert render_unit(seg, seg.text + " !") == seg.source + " !"


@pytest.mark.parametrize("unit", ["sentence", "paragraph"])
def test_round_trips_of_x_md(unit: str) -> None:
    text = X_MD.read_bytes().decode("utf-8")
    doc, _ = segment_markdown(text, path="source/x.md", slug="x", unit=unit)
    _check_round_trips(text, doc)


@pytest.mark.parametrize("unit", ["sentence", "paragraph"])
@pytest.mark.parametrize("text", EDGE_CASES)
def test_round_trips_of_edge_cases(text: str, unit: str) -> None:
    doc, issues = _seg(text, unit=unit)
    _check_round_trips(text, doc)
    assert not [i for i in issues if i.code == "markdown-unmapped"]


def test_round_trips_of_random_markdown() -> None:
    """Property check: random mixes of Markdown syntax never break the round trips."""
    pieces = ["*", "**", "_", "`", "[", "]", "(", ")", "!", "<", ">", "&amp;", "\\", "|", "-", "#", "\n",
              "\n\n", " ", "  ", "\t", "a", "Word. ", "Next one. ", "http://x?a=1&b=2", "~~", "1.", "> ",
              "- ", '"', ":", "---", "<b>", "</b>", "<1>", "e\u0301", "\r\n", "![", "](", "[r]: /u\n",
              "    ", "```", "|---|", "\u00a0"]  # fmt: skip
    rng = random.Random(7)
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        doc, _ = _seg(text)
        assert doc.render(lambda s: s.source) == text, text
        assert doc.render(lambda s: render_unit(s, s.text)) == text, text


def test_source_is_exact_and_msgid_is_nfc() -> None:
    doc, _ = _seg("Cafe\u0301 *ouvert*.\n")
    (seg,) = doc.segments
    assert seg.source == "Cafe\u0301 *ouvert*."
    assert seg.text == "Café <1>ouvert</1>."


# --- msgid rules ----------------------------------------------------------------------------------


def test_soft_breaks_become_one_space_and_prefixes_stay_out() -> None:
    doc, _ = _seg("> A long *quoted\n> sentence* here.\n")
    (seg,) = doc.segments
    assert seg.text == "A long <1>quoted sentence</1> here."
    assert seg.source == "A long *quoted\n> sentence* here."
    assert render_unit(seg, "Một <1>câu trích</1> dài.") == "Một *câu trích* dài."


def test_sentences_never_split_inside_a_pair() -> None:
    assert _texts("He said **stop.** Then left.\n") == ["He said <1>stop.</1>", "Then left."]
    assert _texts("Is it **true? Yes** it is. Done.\n") == ["Is it <1>true? Yes</1> it is.", "Done."]
    assert _texts("Line one.  \nLine two.\n") == ["Line one.<1/>Line two."]  # no split at a hard break
    assert _texts("**First one. Second one.**\n") == ["<1>First one. Second one.</1>"]


def test_paragraph_unit_keeps_each_block_whole() -> None:
    assert _texts("One *a*. Two [b](u).\n\n- Three. Four.\n", unit="paragraph") == [
        "One <1>a</1>. Two <2>b</2>.",
        "Three. Four.",
    ]


def test_entities_are_decoded_and_escapes_stay_as_written() -> None:
    assert _texts("Tom &amp; Jerry \\*not em\\* &copy;\n") == ["Tom & Jerry \\*not em\\* ©"]
    assert _texts("Salt &amp; pepper at the caf&eacute; &mdash; see &lt;menu&gt;\n") == [
        "Salt & pepper at the café — see <menu>"
    ]


@pytest.mark.parametrize(
    ("source", "msgid"),
    [
        ("A&nbsp;B &#10; C.\n", "A&nbsp;B &#10; C."),  # whitespace and control characters stay
        ("Literal &amp;copy; here.\n", "Literal &amp;copy; here."),  # would read as &copy;
        ("Token &lt;1&gt; and &lt;/2> here.\n", "Token &lt;1> and &lt;/2> here."),  # would read as <1>
        ("Slash &#92;* here.\n", "Slash &#92;* here."),  # a backslash would escape the *
        ("Bad &#0; number.\n", "Bad &#0; number."),  # U+FFFD
        ("AT&T &amp; co &#x41;&#66;.\n", "AT&T & co AB."),
        ("`&amp;` in code, &amp; out.\n", "<1/> in code, & out."),
    ],
)
def test_entity_references_that_stay_as_written(source: str, msgid: str) -> None:
    assert _texts(source) == [msgid]


def test_literal_token_text_becomes_a_placeholder() -> None:
    (seg,) = _seg("Press <1> then **go**.\n")[0].segments
    assert seg.text == "Press <1/> then <2>go</2>."
    assert seg.placeholders[0] == Placeholder("<1/>", "<1>", "text")
    assert render_unit(seg, "Bấm <1/> rồi <2>đi</2>.") == "Bấm <1> rồi **đi**."


def test_image_with_empty_alt_is_atomic_and_bare_markup_is_no_unit() -> None:
    doc, _ = _seg("![](photo.jpg)\n\nSee ![](x.png) here.\n")
    assert [s.text for s in doc.segments] == ["See <1/> here."]
    assert doc.segments[0].placeholders == (Placeholder("<1/>", "![](x.png)", "image"),)


def test_roles_headline_heading_and_containers() -> None:
    doc, _ = _seg("Intro\n===\n\n# Second h1\n\n> - item in quote\n>\n> quoted\n")
    assert [(s.role, s.text) for s in doc.segments] == [
        ("headline", "Intro"),
        ("heading", "Second h1"),
        ("list-item", "item in quote"),
        ("quote", "quoted"),
    ]


def test_front_matter_keys() -> None:
    text = '---\ntitle: "A \\"quoted\\" title"\nsummary: Short one\nslug: x\n---\nBody.\n'
    doc, _ = _seg(text, front_matter_keys=("title", "summary"))
    assert [(s.line, s.role, s.text) for s in doc.segments] == [
        (2, "title", 'A "quoted" title'),
        (3, "front-matter:summary", "Short one"),
        (6, "paragraph", "Body."),
    ]
    assert doc.render(lambda s: s.source) == text
    assert _texts(text) == ['A "quoted" title', "Body."]


# --- bad input: never lose text, warn with file:line ------------------------------------------


def test_unclosed_emphasis_stays_raw_with_a_warning() -> None:
    text = "Fine.\n\nA **oops here. And more.\n"
    doc, issues = _seg(text)
    assert [s.text for s in doc.segments] == ["Fine.", "A **oops here.", "And more."]
    assert [str(i) for i in issues] == [
        "source/t.md:3: warning: markdown-raw-markup: "
        "unmatched inline markup (e.g. '**', '`') left in the text"
    ]
    assert doc.render(lambda s: s.source) == text


def test_extra_table_cells_are_kept_with_a_warning() -> None:
    text = "| a | b |\n|---|---|\n| c | d | lost? |\n"
    doc, issues = _seg(text)
    assert [s.text for s in doc.segments] == ["a", "b", "c", "d"]
    assert [(i.line, i.code) for i in issues] == [(3, "markdown-table-extra-cells")]
    assert doc.render(lambda s: s.source) == text


def test_broken_table_is_a_paragraph() -> None:
    doc, _ = _seg("| a | b |\n|---|\n| c |\n")
    assert [s.text for s in doc.segments] == ["| a | b | |---| | c |"]


def test_stray_html_block_warns() -> None:
    text = "<div>\nUntranslated words\n\nAfter.\n"
    doc, issues = _seg(text)
    assert [s.text for s in doc.segments] == ["After."]
    assert [(i.line, i.code) for i in issues] == [(1, "markdown-html-block")]


def test_front_matter_block_value_is_read_and_a_list_warns() -> None:
    doc, issues = _seg("---\ntitle: >\n  folded\n  text\n---\nBody.\n")
    assert [s.text for s in doc.segments] == ["folded text", "Body."]
    assert not issues
    text = "---\ntitle: [a, b]\nsummary: 2024\n---\nBody.\n"
    doc, issues = _seg(text, front_matter_keys=("title", "summary"))
    assert [s.text for s in doc.segments] == ["Body."]
    assert [(i.line, i.code) for i in issues] == [(2, "markdown-front-matter"), (3, "markdown-front-matter")]
    doc, issues = _seg("---\ntitle: [a\n---\nBody.\n")
    assert [s.text for s in doc.segments] == ["Body."]
    assert [(i.line, i.code) for i in issues] == [(1, "markdown-front-matter")]


def test_unmappable_block_becomes_one_raw_unit() -> None:
    # markdown-it turns NUL into U+FFFD, so the content no longer matches the source.
    text = "# Title\n\nSome *text* with a \x00 NUL.\n  and more\n"
    doc, issues = _seg(text)
    assert [(i.line, i.code) for i in issues] == [(3, "markdown-unmapped")]
    raw = doc.segments[1]
    assert raw.source == "Some *text* with a \x00 NUL.\n  and more"
    assert raw.text == "Some *text* with a \x00 NUL. and more" and raw.placeholders == ()
    assert doc.render(lambda s: s.source) == text
    assert doc.render(lambda s: render_unit(s, s.text)) == text


def test_bad_unit_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown unit"):
        _seg("x\n", unit="word")


# --- render_unit ------------------------------------------------------------------------------


def _link_seg() -> Segment:
    (seg,) = _seg("See [the **official** notice](http://x?a=1&b=2).\n")[0].segments
    assert seg.text == "See <1>the <2>official</2> notice</1>."
    return seg


def test_render_unit_allows_reordered_tokens() -> None:
    out = render_unit(_link_seg(), "<1>Thông báo <2>chính thức</2></1>, xem.")
    assert out == "[Thông báo **chính thức**](http://x?a=1&b=2), xem."


@pytest.mark.parametrize(
    ("translation", "message"),
    [
        ("Xem <1>thông báo</1>.", "placeholder <2> missing"),
        ("Xem <1><2>a</2><2>b</2></1>.", "placeholder <2> repeated"),
        ("Xem <1><2>a</2></1><3/>.", "unknown placeholder <3/>"),
        ("Xem <1><2>a</1></2>.", "closes out of order"),
        ("Xem </1><2>a</2><1>.", "closes out of order"),
    ],
)
def test_render_unit_rejects_bad_tokens(translation: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render_unit(_link_seg(), translation)


def test_render_unit_line_breaks_and_table_pipes() -> None:
    (cell,) = [s for s in _seg("| h |\n|---|\n| a \\| b |\n")[0].segments if s.text != "h"]
    assert render_unit(cell, "x | y\nz") == "x \\| y z"
    assert render_unit(cell, cell.text) == "a \\| b"
    (para,) = _seg("Plain.\n")[0].segments
    assert render_unit(para, "Dòng\n  hai.") == "Dòng hai."


# --- formats/source.py hooks ------------------------------------------------------------------


def test_sentence_spans_helper() -> None:
    text = "  Mr. Smith came. He left.  "
    assert [text[s:e] for s, e in sentence_spans(text)] == ["Mr. Smith came.", "He left."]
    assert sentence_spans(" \n ") == []


def test_load_document_dispatches_markdown(tmp_path: Path) -> None:
    src = tmp_path / "x.md"
    shutil.copyfile(X_MD, src)
    warnings: list[Issue] = []
    doc = load_document(src, display_path="source/x.md", warnings=warnings)
    assert (doc.path, doc.slug) == ("source/x.md", "x")
    assert [s.text for s in doc.segments] == [t for _, _, t in X_UNITS]
    assert [w.code for w in warnings] == ["markdown-html-block"]
    assert (
        load_document(src, display_path="source/x.md", unit="paragraph")
        .segments[2]
        .text.startswith(
            "Ships returned to <1>Hai Phong</1> on Monday. Officials said the <2>worst</2> was over."
        )
    )
    txt = tmp_path / "y.txt"
    txt.write_text("Head **not markdown**\n", encoding="utf-8")
    assert [s.text for s in load_document(txt, display_path="source/y.txt").segments] == [
        "Head **not markdown**"
    ]


def test_load_document_still_rejects_other_formats(tmp_path: Path) -> None:
    rst = tmp_path / "x.rst"
    rst.write_text("Title\n=====\n", encoding="utf-8")
    expected = r"unsupported article format '\.rst' \(expected \.txt, \.md, \.markdown, \.html or \.htm\)"
    with pytest.raises(SourceError, match=expected):
        load_document(rst, display_path="source/x.rst")
