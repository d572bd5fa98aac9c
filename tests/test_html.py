"""HTML articles: segmentation (l10n.formats.html), builds (l10n.publish.html_article) and a golden triple
(harbor.html + harbor.vi.po -> harbor.vi.expect.html/.txt)."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest

from l10n.catalog import pofile
from l10n.formats.html import parse_html, segment_html, serialize
from l10n.formats.source import ARTICLE_SUFFIXES, load_document
from l10n.model import Document, Entry
from l10n.publish.html_head import drop
from l10n.publish.pages import (
    PublishPolicy,
    broken_units,
    build_formats,
    build_html,
    build_markdown,
    build_text,
    completion,
    headline,
)

DATA = Path(__file__).parent / "data" / "html"
Entries = dict[tuple[str | None, str], Entry]


def seg(text: str, unit: str = "sentence") -> tuple[Document, list]:
    return segment_html(text, path="source/t.html", slug="t", unit=unit)


def texts(text: str, unit: str = "sentence") -> list[str]:
    return [s.text for s in seg(text, unit)[0].segments]


def same_tree(a: str, b: str) -> bool:
    """Equal after parsing and serialising both with lxml (the identity the HTML format promises)."""
    return serialize(parse_html(a)) == serialize(parse_html(b))


def golden() -> tuple[Document, Entries]:
    doc, _ = segment_html(
        (DATA / "harbor.html").read_text(encoding="utf-8"), path="source/harbor.html", slug="harbor"
    )
    po = (DATA / "harbor.vi.po").read_text(encoding="utf-8")
    return doc, {(e.msgctxt, e.msgid): e for e in pofile.parse(po, "harbor.vi.po").entries()}


def page(doc: Document, entries: Entries, lang: str = "vi") -> str:
    return build_html(
        doc, entries, lang, PublishPolicy(), alternates=["fr"], base_url="https://news.example/"
    )


def tree(page_text: str) -> ET.Element:
    html5lib.HTMLParser(strict=True).parse(page_text)  # valid HTML5, no parse error
    return html5lib.parse(page_text, namespaceHTMLElements=False)


# --- golden triple -------------------------------------------------------------------------------


def test_golden_html() -> None:
    doc, entries = golden()
    assert page(doc, entries).encode("utf-8") == (DATA / "harbor.vi.expect.html").read_bytes()


def test_golden_text() -> None:
    doc, entries = golden()
    assert build_text(doc, entries, "vi").encode("utf-8") == (DATA / "harbor.vi.expect.txt").read_bytes()


def test_golden_units() -> None:
    doc, _ = golden()
    got = [(s.line, s.role, s.text) for s in doc.segments]
    assert got == [
        (5, "title", "Ports reopen after the storm"),
        (6, "description", "Ships returned to Hai Phong on Monday."),
        (12, "headline", "Ports reopen after the <1>storm</1>"),
        (13, "paragraph", "HAI PHONG, Vietnam (AP) — Ships returned to <1>Hai Phong</1> on Monday."),
        (14, "tooltip", "Full report"),  # the title of a link inside the next sentence
        (14, "paragraph", "Officials said the <1>worst</1> was over."),
        (16, "alt", "Fishing boats in the harbor"),
        (17, "caption", "Boats wait at the pier."),
        (17, "caption", "Photo: Nguyen Van A"),
        (19, "heading", "What comes next"),
        (21, "list-item", "Harbor Foods Inc. reported no damage."),
        (22, "list-item", "Crews will clear the channel by <1>May 3</1>."),
        (22, "list-item", "Ferries resume after that."),
        (24, "quote", "We are ready, said the mayor."),
        (26, "table-cell", "Port"),
        (26, "table-cell", "Status"),
        (27, "table-cell", "Hai Phong"),
        (27, "table-cell", "Open"),
        (29, "paragraph", "Run <1/> to see the list."),
        (31, "paragraph", "A span with"),
        (31, "paragraph", "a block"),
        (31, "paragraph", "inside."),
    ]
    link = doc.segments[5].placeholders
    assert [(p.token, p.kind, p.markup) for p in link] == [
        ("<1>", "a", '<a href="https://example.org/report?id=1&amp;v=2" title="Full report">'),
        ("</1>", "a", "</a>"),
    ]
    assert doc.segments[18].placeholders[0].markup == "<code>check --all</code>"


def test_golden_block_in_inline_is_a_block() -> None:
    """A phrasing element holding flow content (a <div> in a <span>) is a block: its text is offered."""
    text = (DATA / "harbor.html").read_text(encoding="utf-8")
    doc, issues = segment_html(text, path="source/harbor.html", slug="harbor")
    assert issues == []
    assert [s.text for s in doc.segments if s.line == 31] == ["A span with", "a block", "inside."]
    assert "A span with" in build_html(doc, {}, "vi", alternates=[], base_url="")


def test_golden_page_content() -> None:
    root = tree((DATA / "harbor.vi.expect.html").read_text(encoding="utf-8"))
    assert (root.get("lang"), root.get("dir")) == ("vi", "ltr")
    head = root.find("head")
    assert head is not None
    assert head.findtext("title") == "Các cảng mở cửa trở lại sau bão"
    desc = head.find("meta[@name='description']")
    assert desc is not None and desc.get("content") == "Tàu thuyền đã trở lại Hải Phòng hôm thứ Hai."
    links = [(el.get("rel"), el.get("hreflang"), el.get("href")) for el in head.iter("link")]
    assert links == [
        ("canonical", None, "https://news.example/vi/harbor.html"),
        ("alternate", "en", "https://news.example/en/harbor.html"),
        ("alternate", "fr", "https://news.example/fr/harbor.html"),
        ("alternate", "vi", "https://news.example/vi/harbor.html"),
        ("alternate", "x-default", "https://news.example/en/harbor.html"),
    ]
    body = root.find("body")
    assert body is not None
    notices = [p.text for p in body.iter("p") if p.get("class") == "notice"]
    assert notices == [
        "Trang này có bản dịch máy chưa được biên tập viên duyệt.",
        "Một số phần của trang này chưa được dịch và được hiển thị bằng ngôn ngữ gốc.",
    ]
    img = body.find(".//img")
    assert img is not None and img.get("alt") == 'Thuyền đánh cá trong bến cảng "cũ" & mới'
    mt = [("".join(s.itertext())) for s in body.iter("span") if s.get("class") == "mt"]
    assert mt == ["Các quan chức cho biết điều tồi tệ nhất đã qua."]
    english = ["".join(s.itertext()) for s in body.iter("span") if s.get("lang") == "en"]
    assert english == [
        "Photo: Nguyen Van A",
        "Crews will clear the channel by May 3.",  # broken placeholder: English shown
        "Hai Phong",
        "A span with",  # a <div> inside a <span>: its text is offered (no entry in the catalog)
        "a block",
        "inside.",
    ]
    code = "".join(body.find(".//p[code]").itertext())  # type: ignore[union-attr]
    assert code == "Chạy check --all để xem danh sách <script>."
    assert not list(body.iter("script"))[1:]  # only the source's script, no injected one
    assert [s.text for s in body.iter("script")] == ["if (a < b) { go(); }"]


def test_golden_broken_units_and_completion() -> None:
    doc, entries = golden()
    issues = broken_units(doc, entries)
    assert [(i.line, i.code) for i in issues] == [(22, "placeholder-broken")]
    assert issues[0].message.startswith("placeholder </1> missing in translation")
    assert 0 < completion(doc, entries) < 100
    assert headline(doc, entries, "vi") == "Các cảng mở cửa trở lại sau bão"
    assert headline(doc) == "Ports reopen after the storm"


# --- identity and structure ------------------------------------------------------------------------


SAMPLES = [
    (DATA / "harbor.html").read_text(encoding="utf-8"),
    "<p>Loose <b>bold <i>nested</i></b> text. Second sentence.</p>",
    "\ufeff<!doctype html><html lang=en><head><title>T</title></head>"
    "<body>Text in body.<br>Next.</body></html>",
    "<ul><li>Item one<ul><li>Nested item.</li></ul>tail text.</li></ul><!-- end -->",
    "<table><tr><td>a &amp; b</td><td>x&nbsp;y &lt;z&gt;</td></tr></table>",
    '<p title="Tip &quot;here&quot;">Hi <a href="/x" title="inside">there</a>.</p>'
    '<div><img alt="" src="e.png"></div>',
]


@pytest.mark.parametrize("text", SAMPLES)
def test_identity_build_equals_parsed_source(text: str) -> None:
    doc, _ = seg(text)
    assert same_tree(doc.render(lambda s: s.source), text)
    assert doc.render(lambda s: s.source) == serialize(parse_html(text))
    doc, _ = seg(text, unit="paragraph")
    assert same_tree(doc.render(lambda s: s.source), text)


@pytest.mark.parametrize("text", SAMPLES)
def test_original_page_is_the_source_with_lang_and_links(text: str) -> None:
    doc, _ = seg(text)
    built = build_html(doc, {}, "en", alternates=["vi"], base_url="https://news.example/")
    root = parse_html(built)
    assert (root.get("lang"), root.get("dir")) == ("en", "ltr")
    assert 'class="notice"' not in built
    assert built.count("<span") == text.count("<span")  # no marks on the original
    # without what the build adds, the page is the source
    for el in root.xpath("//link[@rel='canonical' or @hreflang] | //head/style[last()] | //*[@data-l10n]"):
        drop(el)  # what the build adds (the switcher: data-l10n), its tail text kept
    source = parse_html(text)
    for r in (root, source):
        r.attrib.pop("lang", None)
        r.attrib.pop("dir", None)
    assert "".join(root.itertext()).split() == "".join(source.itertext()).split()


def test_inline_elements_are_placeholders() -> None:
    doc, _ = seg("<p>See <a href='/x'>the <em>new</em> site</a> now.<br>Then <code>ls -l</code> it.</p>")
    assert [s.text for s in doc.segments] == ["See <1>the <2>new</2> site</1> now.", "Then <1/> it."]
    assert [(p.token, p.kind) for p in doc.segments[0].placeholders] == [
        ("<1>", "a"),
        ("<2>", "em"),
        ("</2>", "em"),
        ("</1>", "a"),
    ]


def test_sentences_never_split_a_pair() -> None:
    assert texts("<p><b>One. Two.</b> Three.</p>") == ["<1>One. Two.</1>", "Three."]
    assert texts("<p>One. <b>Two.</b> Three.</p>") == ["One.", "<1>Two.</1>", "Three."]


def test_whitespace_collapses_in_msgid() -> None:
    assert texts("<p>\n  Ships   returned\n  on Monday.\n</p>") == ["Ships returned on Monday."]


def test_not_translated() -> None:
    text = (
        "<head><style>p{}</style><script>var a = '<p>x</p>';</script></head>"
        "<body><pre>pre text.</pre><code>code block.</code><template><p>tpl.</p></template>"
        "<textarea>ta.</textarea><p>Only this.</p></body>"
    )
    assert texts(text) == ["Only this."]


def test_translated_attributes() -> None:
    text = (
        '<head><meta name="description" content="The summary."><meta name="keywords" content="a, b"></head>'
        '<body><img src="a.png" alt="A boat" title="Boat tip"><p title="Para tip">Text.</p>'
        '<img src="b.png" alt=""></body>'
    )
    doc, _ = seg(text)
    assert [(s.role, s.text) for s in doc.segments] == [
        ("description", "The summary."),
        ("alt", "A boat"),
        ("tooltip", "Boat tip"),
        ("tooltip", "Para tip"),
        ("paragraph", "Text."),
    ]
    entries = {(None, "A boat"): Entry("A boat", 'Một "con" thuyền <b>')}
    built = build_html(doc, entries, "vi", alternates=[], base_url="")
    img = parse_html(built).find(".//img")
    assert img is not None and img.get("alt") == 'Một "con" thuyền <b>'


def test_block_inside_inline_is_repaired_and_offered() -> None:
    """<div> inside <p><a> is repaired as a browser does (the <p> ends, the link is reopened)."""
    doc, issues = seg("<p>Before.</p>\n<p><a href='/x'><div>Inside.</div></a> after.</p>")
    assert [(i.line, i.code) for i in issues] == [(2, "html-repaired")]
    assert [s.text for s in doc.segments] == ["Before.", "<1>Inside.</1>", "after."]


def test_build_formats_and_no_markdown() -> None:
    doc, _ = seg("<p>Hi.</p>")
    assert build_formats(doc) == ("txt", "html")
    with pytest.raises(Exception, match="no Markdown build"):
        build_markdown(doc, {}, "vi")


def test_load_document_dispatches_html(tmp_path: Path) -> None:
    assert ".html" in ARTICLE_SUFFIXES and ".htm" in ARTICLE_SUFFIXES
    file = tmp_path / "a.HTM"
    file.write_text("<p>Hello there. Bye.</p>", encoding="utf-8")
    warnings: list = []
    doc = load_document(file, display_path="source/a.HTM", warnings=warnings)
    assert [s.text for s in doc.segments] == ["Hello there.", "Bye."]
    assert warnings == []


def test_rtl_page_marks_english_ltr() -> None:
    doc, _ = seg("<p>One.</p>")
    built = build_html(doc, {}, "ar", alternates=[], base_url="")
    root = parse_html(built)
    assert (root.get("lang"), root.get("dir")) == ("ar", "rtl")
    span = root.find(".//p/span")
    assert span is not None and (span.get("lang"), span.get("dir")) == ("en", "ltr")


if __name__ == "__main__":  # regenerate the expected builds: python tests/test_html.py
    doc, entries = golden()
    (DATA / "harbor.vi.expect.html").write_bytes(page(doc, entries).encode("utf-8"))
    (DATA / "harbor.vi.expect.txt").write_bytes(build_text(doc, entries, "vi").encode("utf-8"))
    sys.exit(0)


# ---- deep nesting never loses text silently ------------------------------------------------------


def _deep(depth: int) -> str:
    return (
        "<html><body><p>Intro para.</p>"
        + "<div>" * depth
        + "Deep text here."
        + "</div>" * depth
        + "<p>Outro para.</p></body></html>"
    )


def test_nesting_past_libxml2s_default_limit_keeps_all_text() -> None:
    # 300 levels: libxml2 stops at 256 without huge_tree and dropped "Deep" and "Outro"
    doc, issues = seg(_deep(300))
    assert [s.text for s in doc.segments] == ["Intro para.", "Deep text here.", "Outro para."]
    assert issues == []
    assert build_text(doc, {}, "vi").split() == ["Intro", "para.", "Deep", "text", "here.", "Outro", "para."]


@pytest.mark.parametrize("depth", [319, 5000])
def test_nesting_deeper_than_the_limit_is_refused_not_dropped(depth: int) -> None:
    from l10n.errors import SourceError

    with pytest.raises(SourceError, match=r"html-too-deep") as info:
        seg(_deep(depth))
    assert str(info.value).startswith("source/t.html:1: HTML nested deeper than")


def test_a_parse_that_lost_words_is_refused() -> None:
    from l10n.errors import SourceError
    from l10n.formats.html import check_parsed

    text = "<html><body><p>Kept words.</p><p>Lost words &amp; more.</p></body></html>"
    truncated = parse_html("<html><body><p>Kept words.</p></body></html>")
    with pytest.raises(SourceError, match=r"'Lost'"):
        check_parsed(text, truncated, "source/t.html")
    check_parsed(text, parse_html(text), "source/t.html")  # a faithful parse passes


def test_deep_article_on_the_command_line_is_an_error_not_a_silent_loss(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from l10n.cli import app

    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "deep.html").write_text(_deep(5000), encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["extract"], prog_name="l10n")
    assert result.exit_code != 0
    assert "source/deep.html:1: HTML nested deeper than" in result.stderr


# ---- text that looks like a placeholder token ----------------------------------------------------

LITERAL = (
    "<html><head><title>Tokens</title></head><body>"
    "<p>Text with &lt;1&gt; token and {name}.</p>"
    "<p>&lt;2/&gt; opens it. Then <b>bold</b> and &lt;/3 &gt; close.</p>"
    '<img alt="Chart &lt;4&gt; here" src="c.png">'
    "</body></html>"
)


def test_text_like_a_token_is_its_own_placeholder_never_a_bare_token() -> None:
    from l10n.inline import PLACEHOLDER

    doc, issues = seg(LITERAL)
    assert issues == []
    assert [s.text for s in doc.segments] == [
        "Tokens",
        "Text with <1/> token and {name}.",
        "<1/> opens it.",
        "Then <1>bold</1> and <2/> close.",
        "Chart <1/> here",
    ]
    for s in doc.segments:  # every token of a msgid is a placeholder of its unit
        assert {p.token for p in s.placeholders} == set(PLACEHOLDER.findall(s.text))
    assert [p.markup for s in doc.segments for p in s.placeholders if p.kind == "text"] == [
        "&lt;1&gt;",
        "&lt;2/&gt;",
        "&lt;/3 &gt;",
        "&lt;4&gt;",
    ]
    assert same_tree(doc.render(lambda s: s.source), LITERAL)


def test_text_like_a_token_extracts_builds_and_checks_clean(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from l10n.cli import app

    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "t.html").write_text(LITERAL, encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def run(*args: str):
        return CliRunner().invoke(app, list(args), prog_name="l10n")

    assert run("extract").exit_code == 0
    assert run("update").exit_code == 0
    po = tmp_path / "locales" / "vi" / "LC_MESSAGES" / "t.po"
    catalog = pofile.parse(po.read_text(encoding="utf-8"), "t.po")
    for message in catalog.active():  # a faithful "translation": the tokens kept, the text marked
        catalog.set_translation(
            message.msgid, message.msgctxt, "VI " + message.msgid, fuzzy=False, comment=None
        )
    po.write_text(pofile.render(catalog), encoding="utf-8")
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "placeholder" not in result.output
    assert run("build").exit_code == 0
    built = next(tmp_path.glob("**/vi/t.html")).read_text(encoding="utf-8")
    body = parse_html(built).find("body")
    for el in body.xpath(".//*[@data-l10n]"):  # the switcher and notices l10n adds
        drop(el)
    assert (
        "".join(body.itertext())
        .strip()
        .startswith("VI Text with <1> token and {name}.VI <2/> opens it. VI Then bold and </3 > close.")
    )
    assert parse_html(built).find(".//img").get("alt") == "VI Chart <4> here"
