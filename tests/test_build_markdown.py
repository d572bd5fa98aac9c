"""Building Markdown articles: golden triples (x.md + x.vi.po -> x.vi.expect.md/.html) and unit cases."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from l10n.catalog import pofile
from l10n.formats.markdown.extract import segment_markdown
from l10n.model import Document, Entry, Issue
from l10n.publish.pages import (
    FALLBACK_NOTICES,
    NOTICES,
    PublishPolicy,
    broken_units,
    build_html,
    build_markdown,
    build_text,
    completion,
    headline,
    publishable,
)
from l10n.status import word_count

DATA = Path(__file__).parent / "data" / "markdown"
ARTICLES = sorted(DATA.glob("*.md"))
ARTICLES = [p for p in ARTICLES if ".expect." not in p.name]
Entries = dict[tuple[str | None, str], Entry]


def load(name: str) -> tuple[str, Document]:
    text = (DATA / name).read_text(encoding="utf-8")
    doc, _ = segment_markdown(text, path=f"source/{name}", slug=Path(name).stem)
    return text, doc


def load_po(name: str) -> Entries:
    text = (DATA / name).read_text(encoding="utf-8")
    return {(e.msgctxt, e.msgid): e for e in pofile.parse(text, name).entries()}


def cat(*entries: Entry) -> Entries:
    return {(e.msgctxt, e.msgid): e for e in entries}


def html_page(doc: Document, entries: Entries, lang: str = "vi", policy: PublishPolicy | None = None) -> str:
    return build_html(
        doc, entries, lang, policy or PublishPolicy(), alternates=["fr"], base_url="https://news.example/"
    )


def parse(page: str) -> ET.Element:
    """Parse strictly (raises on any parse error) and return the tree without namespaces."""
    html5lib.HTMLParser(strict=True).parse(page)
    return html5lib.parse(page, namespaceHTMLElements=False)


def text_of(el: ET.Element) -> str:
    return "".join(el.itertext())


def content(art: ET.Element) -> list[ET.Element]:
    """The article's children without what l10n adds (notices, byline: ``data-l10n``)."""
    return [el for el in art if el.get("class") != "notice" and el.get("data-l10n") is None]


def article_html(page: str) -> str:
    """The article's HTML without what l10n adds (notices, byline: ``<p data-l10n>``)."""
    inner = page[page.index("<article>") + len("<article>") : page.index("</article>")]
    return re.sub(r'<p [^>]*data-l10n="[^"]*"[^>]*>.*?</p>\n?', "", inner)


def machine(msgid: str, msgstr: str) -> Entry:
    return Entry(msgid, msgstr, fuzzy=True, machine=True, flags=("fuzzy",))


# --- golden triple -----------------------------------------------------------------------------


def test_golden_markdown() -> None:
    _, doc = load("x.md")
    out = build_markdown(doc, load_po("x.vi.po"), "vi")
    assert out.encode("utf-8") == (DATA / "x.vi.expect.md").read_bytes()


def test_golden_html() -> None:
    _, doc = load("x.md")
    out = html_page(doc, load_po("x.vi.po"))
    assert out.encode("utf-8") == (DATA / "x.vi.expect.html").read_bytes()


def test_golden_html_content() -> None:
    """What the golden page must show, checked on the tree (so a regenerated file is judged too)."""
    page = (DATA / "x.vi.expect.html").read_text(encoding="utf-8")
    root = parse(page)
    assert root.find("head/title").text == 'Các cảng mở cửa trở lại sau "cơn bão"'
    art = root.find("body/main/article")
    assert [el.tag for el in art][:6] == ["p", "p", "h1", "p", "p", "h2"]
    assert art[3].get("data-l10n") == "byline" and text_of(art[3]) == "Jane Doe"  # front matter author
    art.remove(art[3])  # the byline: what follows is the article's own content
    assert art[0].get("class") == "notice" and art[0].text == NOTICES["vi"]
    # Some units are English: the second notice says so, in Vietnamese.
    assert art[1].get("class") == "notice" and art[1].text == FALLBACK_NOTICES["vi"]
    assert art[1].get("lang") is None
    assert text_of(art.find("h1")) == "Các cảng mở cửa trở lại sau cơn bão"
    assert art.find("h1/em").text == "cơn bão"
    para = art[3]
    # Reordered placeholders: the bold moved out of the link, the link kept its URL with its "&".
    assert [el.text for el in para.iter("strong")] == ["Hải Phòng", "bản chính thức"]
    link = para.find("a")
    assert (link.text, link.get("href"), link.get("title")) == (
        "thông báo",
        "http://example.com/notice?a=1&b=2",
        "Notice",
    )
    assert 'href="http://example.com/notice?a=1&amp;b=2"' in page
    assert [s.get("class") for s in para.iter("span")] == ["mt"]
    # Untranslated (quote), fuzzy after a source change (table cell) and broken (bold) units: English.
    english = [text_of(s) for s in art.iter("span") if s.get("lang") == "en"]
    assert english == ["Crews worked through the night.", "Da Nang", "This is bold."]
    items = [text_of(li) for li in art.iter("li")]
    assert items[0] == "Lượng hàng hóa giảm 12% trong tuần & giá tăng."
    assert art.find("ul/li/code").text == "l10n status"
    mail = art.find("ul/li/a")
    assert (mail.get("href"), mail.text) == ("mailto:news@example.com", "news@example.com")
    assert art.find("ol/li/img").get("alt") == "cần cẩu lúc bình minh"
    assert [text_of(td) for td in art.iter("td")] == ["Hải Phòng", "Mở cửa", "Da Nang", "Đóng | một phần"]
    assert art.find("pre/code").text == 'print("not translated")\n'
    assert art.find("div").get("class") == "note"
    assert art[-1].find("a").get("href") == "https://example.com/more"
    assert not re.search(r"</?\d+/?>|&lt;\d", page)  # no placeholder token is left anywhere


def test_golden_markdown_renders_like_the_golden_html() -> None:
    """The .md build and the .html build agree: same text once both are rendered."""
    md_text = (DATA / "x.vi.expect.md").read_text(encoding="utf-8")
    md = MarkdownIt("commonmark").enable(["table"]).use(front_matter_plugin)
    from_md = text_of(parse(f"<!DOCTYPE html><title>t</title>{md.render(md_text)}").find("body"))
    page = (DATA / "x.vi.expect.html").read_text(encoding="utf-8")
    body = parse(page).find("body/main/article")
    for el in [el for el in body if el.get("data-l10n")]:  # notices and byline: not the article's text
        body.remove(el)
    from_html = text_of(body)
    assert from_md.split() == from_html.split()


def test_golden_broken_units() -> None:
    _, doc = load("x.md")
    issues = broken_units(doc, load_po("x.vi.po"))
    assert len(issues) == 1
    issue = issues[0]
    assert (issue.path, issue.line, issue.severity, issue.code) == (
        "source/x.md",
        38,
        "warning",
        "placeholder-broken",
    )
    assert "</2>" in issue.message and "This is <1>bold.</1>" in issue.message


# --- identity ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_no_translations_gives_the_source(path: Path) -> None:
    text, doc = load(path.name)
    assert build_markdown(doc, {}, "vi") == text
    assert build_markdown(doc, {}, "zh-Hans") == text
    # An entry equal to its msgid gives the unit's source back; only gaps after it take the joiner.
    same = cat(*(Entry(s.text, s.text) for s in doc.segments))

    def lines_joined(md: str) -> str:
        return re.sub(r"[ \t]*\n(?:> )?", " ", md)

    assert lines_joined(build_markdown(doc, same, "vi")) == lines_joined(text)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_original_page_is_the_rendered_source(path: Path) -> None:
    text, doc = load(path.name)
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)
    md.use(footnote_plugin)
    page = build_html(doc, {}, "en", alternates=["vi"], base_url="")
    parse(page)
    assert "<span" not in page and 'class="notice"' not in page
    # Same HTML as markdown-it gives for the whole article, up to line breaks inside paragraphs.
    assert article_html(page).split() == md.render(text).split()


# --- unit cases --------------------------------------------------------------------------------


def test_script_in_translation_is_text_in_html() -> None:
    _, doc = load("y.md")
    msgid = "Roads closed: 14"
    out = html_page(doc, cat(Entry(msgid, '<script>alert("x")</script> & <b>đóng</b> &amp; *14* <1>')))
    root = parse(out)
    assert "<script>" not in out and "<b>" not in out
    li = root.find("body/main/article/ul/li")
    assert li.text.startswith('<script>alert("x")</script> & <b>đóng</b> & *14* <1>')
    assert li.find("em") is None
    # The Markdown build reads the msgstr as the HTML build does: escapes and entities kept, the rest text.
    md = build_markdown(doc, cat(Entry(msgid, "Đường đóng: *14* &amp; \\*")), "vi")
    assert "* Đường đóng: \\*14\\* &amp; \\*\n" in md


def test_reordered_sibling_pairs() -> None:
    _, doc = load("y.md")
    seg = doc.segments[2]
    msgstr = (
        "Xem <5>trang <6/></5> và <3>bản đồ <4>trực tiếp</4></3>; mưa lớn <2>thứ Sáu</2> và <1>thứ Năm</1>."
    )
    entries = cat(Entry(seg.text, msgstr))
    md = build_markdown(doc, entries, "vi")
    assert (
        "Xem [trang `forecast`](https://example.com/f) và [bản đồ *trực tiếp*](https://example.com/map?x=1&y=2);"
        " mưa lớn **thứ Sáu** và _thứ Năm_.\n" in md
    )
    root = parse(html_page(doc, entries))
    para = content(root.find("body/main/article"))[1]
    assert [(a.get("href"), text_of(a)) for a in para.iter("a")] == [
        ("https://example.com/f", "trang forecast"),
        ("https://example.com/map?x=1&y=2", "bản đồ trực tiếp"),
    ]
    assert [el.tag for el in para.iter() if el is not para] == ["a", "code", "a", "em", "strong", "em"]


@pytest.mark.parametrize(
    "msgstr",
    [
        "Mưa lớn <1>thứ Năm</1> và thứ Sáu.",  # tokens missing
        "Mưa <2>lớn <1>thứ Năm</2></1> <3><4></4></3> <5><6/></5>.",  # crossed pairs
        "<1></1><1></1><2></2><3><4></4></3><5><6/></5>",  # repeated
        "<1></1><2></2><3><4></4></3><5><6/></5><7/>",  # unknown
    ],
)
def test_broken_tokens_fall_back_to_english(msgstr: str) -> None:
    text, doc = load("y.md")
    seg = doc.segments[2]
    entries = cat(Entry(seg.text, msgstr))
    assert build_markdown(doc, entries, "vi") == text  # the source unit, exactly
    root = parse(html_page(doc, entries))
    span = root.find("body/main/article/p/span")
    assert span.get("lang") == "en" and text_of(span).startswith("Heavy rain fell on Thursday")
    assert [i.line for i in broken_units(doc, entries)] == [seg.line]
    assert broken_units(doc, entries, PublishPolicy()) == broken_units(doc, entries)


def test_broken_units_only_for_shown_translations() -> None:
    _, doc = load("y.md")
    seg = doc.segments[2]
    entries = cat(machine(seg.text, "hỏng <1>"))
    assert len(broken_units(doc, entries)) == 1
    assert broken_units(doc, entries, PublishPolicy(include_machine=False)) == []
    plain = Document("source/p.txt", "p", (), ())
    assert broken_units(plain, entries) == []


def test_inline_html_tags_keep_their_order() -> None:
    text = "A <b>bold</b> word.\n"
    doc, _ = segment_markdown(text, path="source/h.md", slug="h")
    seg = doc.segments[0]
    assert seg.text == "A <1/>bold<2/> word."
    ok = cat(Entry(seg.text, "Một từ <1/>đậm<2/>."))
    assert build_markdown(doc, ok, "vi") == "Một từ <b>đậm</b>.\n"
    assert "<p>Một từ <b>đậm</b>.</p>" in html_page(doc, ok)
    crossed = cat(Entry(seg.text, "Một từ <2/>đậm<1/>."))
    assert build_markdown(doc, crossed, "vi") == text
    parse(html_page(doc, crossed))
    assert [i.code for i in broken_units(doc, crossed)] == ["placeholder-broken"]


def test_reviewed_only_policy() -> None:
    _, doc = load("x.md")
    policy = PublishPolicy(include_machine=False)
    page = html_page(doc, load_po("x.vi.po"), policy=policy)
    root = parse(page)
    # No machine translation shown: only the notice that some text is English.
    assert 'class="mt"' not in page and NOTICES["vi"] not in page
    assert [text_of(p) for p in root.iter("p") if p.get("class") == "notice"] == [FALLBACK_NOTICES["vi"]]
    english = [text_of(s) for s in root.iter("span") if s.get("lang") == "en"]
    assert "Officials said the worst was over." in english and "And this follows." in english
    md = build_markdown(doc, load_po("x.vi.po"), "vi", policy)
    assert "Officials said the *worst* was over." in md and "Và câu này" not in md


def test_translation_never_adds_block_syntax() -> None:
    _, doc = load("y.md")
    entries = cat(
        Entry(
            doc.segments[2].text,
            "1. Mưa <1>thứ Năm</1>, <2>thứ Sáu</2>; <3>bản đồ <4>trực tiếp</4></3>, <5><6/></5>.",
        ),
        Entry(doc.segments[5].text, "# Đường đóng: 14"),
        Entry(doc.segments[4].text, "- Cô ấy rời đi lúc 3 giờ sáng<1/>cùng con chó."),
    )
    md = build_markdown(doc, entries, "vi")
    assert "\n1\\. Mưa _thứ Năm_, **thứ Sáu**; [bản đồ *trực tiếp*](https://example.com/map?x=1&y=2)" in md
    assert "\n* \\# Đường đóng: 14\n" in md
    # After an English unit the translated one joins its line (a Gap never starts a line).
    assert "> A resident said the water rose\n> very fast. - Cô ấy rời đi lúc 3 giờ sáng  \n> cùng" in md
    root = parse(html_page(doc, entries))
    art = root.find("body/main/article")
    assert [el.tag for el in content(art)] == ["h1", "p", "blockquote", "ul", "h2", "p"]
    assert text_of(art.find("ul/li")).startswith("# Đường đóng: 14")
    rendered = MarkdownIt("commonmark").render(md)
    assert "<ol" not in rendered and "<h1>Đường" not in rendered


@pytest.mark.parametrize(
    ("msgstr", "expected"),
    [
        ("- Đường đóng", "\\- Đường đóng"),
        ("+ Đường", "\\+ Đường"),
        ("* Đường", "\\* Đường"),
        ("> Đường", "\\> Đường"),
        ("12) Đường", "12\\) Đường"),
        ("---", "\\---"),
        ("```Đường", "\\`\\`\\`Đường"),
        ("-1 độ", "-1 độ"),
        ("#1 Đường", "\\#1 Đường"),
        ("===", "\\==="),
        ("2024. Đường", "2024\\. Đường"),
    ],
)
def test_block_start_guard(msgstr: str, expected: str) -> None:
    text = "Intro here.\n\n## Heading\n"
    doc, _ = segment_markdown(text, path="source/g.md", slug="g")
    md = build_markdown(doc, cat(Entry("Intro here.", msgstr)), "vi")
    assert md == f"{expected}\n\n## Heading\n"
    rendered = MarkdownIt("commonmark").render(md)
    assert rendered.startswith("<p>") and rendered.count("<p>") == 1


@pytest.mark.parametrize(
    ("msgstr", "expected"),
    [("Số #", "Số \\#"), ("Số 5 ##  ", "Số 5 \\#\\#"), ("#", "\\#"), ("C# và F#", "C\\# và F\\#")],
)
def test_heading_keeps_trailing_hashes(msgstr: str, expected: str) -> None:
    text = "## Heading\n\nSetext\n---\n"
    doc, _ = segment_markdown(text, path="source/g.md", slug="g")
    entries = cat(Entry("Heading", msgstr), Entry("Setext", "Tiêu đề #"))
    md = build_markdown(doc, entries, "vi")
    assert md == f"## {expected}\n\nTiêu đề \\#\n---\n"
    assert f"<h2>{msgstr.strip()}</h2>" in MarkdownIt("commonmark").render(md)


def test_front_matter_title_stays_valid_yaml() -> None:
    import yaml

    _, y = load("y.md")  # title: plain scalar
    for msgstr in ("Bão đổ bộ: bờ biển #1", "'Bão' đổ bộ", 'Bão "lớn"', "Bão đổ bộ"):
        md = build_markdown(y, cat(Entry("Storm hits the coast", msgstr)), "vi")
        front = yaml.safe_load(md.split("---\n")[1])
        assert front["title"] == msgstr
        assert front["date"].isoformat() == "2026-11-29"
    _, x = load("x.md")  # title: double-quoted scalar
    md = build_markdown(x, cat(Entry("Ports reopen after the storm", 'Cảng "mở" lại')), "vi")
    assert yaml.safe_load(md.split("---\n")[1])["title"] == 'Cảng "mở" lại'
    single = "---\ntitle: 'It''s open'\n---\n\nBody.\n"
    doc, _ = segment_markdown(single, path="source/s.md", slug="s")
    assert headline(doc) == "It's open"
    md = build_markdown(doc, cat(Entry(doc.segments[0].text, "Nó 'mở' rồi")), "vi")
    assert yaml.safe_load(md.split("---\n")[1])["title"] == "Nó 'mở' rồi"


def test_title_from_front_matter_or_first_heading() -> None:
    _, x = load("x.md")
    assert headline(x) == "Ports reopen after the storm"
    assert headline(x, load_po("x.vi.po"), "vi") == 'Các cảng mở cửa trở lại sau "cơn bão"'
    text = "Intro with `code`.\n\n## The *big* `storm` ![at dawn](a.png)\n\nBody.\n"
    doc, _ = segment_markdown(text, path="source/h.md", slug="h")
    assert headline(doc) == "The big storm at dawn"
    seg = doc.segments[1]
    assert seg.text == "The <1>big</1> <2/> <3>at dawn</3>"
    entries = cat(machine(seg.text, "<3>Lúc bình minh</3>: <2/> <1>lớn</1> & <b>"))
    assert headline(doc, entries, "vi") == "Lúc bình minh: storm lớn & <b>"
    root = parse(html_page(doc, entries))
    assert root.find("head/title").text == "Lúc bình minh: storm lớn & <b>"
    nothing, _ = segment_markdown("```\ncode\n```\n", path="source/n.md", slug="n")
    assert headline(nothing) == "n"


def test_gaps_join_for_the_language() -> None:
    _, doc = load("y.md")
    a, b = doc.segments[3], doc.segments[4]
    entries = cat(Entry(a.text, "甲。"), Entry(b.text, "乙<1/>丙。"))
    md = build_markdown(doc, entries, "zh-Hans")
    assert "> 甲。乙  \n> 丙。\n" in md
    page = html_page(doc, entries, lang="zh-Hans")
    assert "<p>甲。乙<br />\n丙。</p>" in page
    # English before a translation: the source line break stays in HTML, joined in Markdown.
    _, x = load("x.md")
    entries = cat(Entry(x.segments[4].text, "乙<2>丙</2><1>丁</1>。"))
    assert "was over. 乙**丙**[丁](http" in build_markdown(x, entries, "zh-Hans")
    assert '<span lang="en">Officials said the <em>worst</em> was over.</span>\n乙<strong>' in html_page(
        x, entries, lang="zh-Hans"
    )


def test_fallback_in_quote_keeps_no_prefix_in_html() -> None:
    _, doc = load("y.md")
    page = html_page(doc, cat(Entry("Roads closed: 14", "Đường đóng: 14")))
    root = parse(page)
    quote = text_of(root.find("body/main/article/blockquote"))
    assert ">" not in quote and "water rose very fast." in quote and "3 a.m.\nwith her dog." in quote


def test_entities_and_escapes_in_translation() -> None:
    _, doc = load("y.md")
    seg = doc.segments[6]
    assert seg.text == "Bridges closed: 2 © \\*estimated\\*"  # entities decoded, escapes kept
    entries = cat(Entry(seg.text, "Cầu đóng: 2 &copy; \\*ước tính\\* A&B <x>"))
    md = build_markdown(doc, entries, "vi")
    assert "  * Cầu đóng: 2 &copy; \\*ước tính\\* A\\&B \\<x\\>\n" in md
    root = parse(html_page(doc, entries))
    inner = root.find("body/main/article/ul/li/ul/li")
    assert text_of(inner) == "Cầu đóng: 2 © *ước tính* A&B <x>"


def test_issue_type() -> None:
    _, doc = load("y.md")
    issues = broken_units(doc, cat(Entry(doc.segments[8].text, "Ảnh: báo địa phương.")))
    assert issues and all(isinstance(i, Issue) for i in issues)
    assert str(issues[0]).startswith("source/y.md:22: warning: placeholder-broken: placeholder <1/> missing")


# --- one meaning for translated text in every build --------------------------------------------

TESTER = "# Storm update\n\n- First item here.\n- Second item &amp; more.\n"


@pytest.mark.parametrize(
    ("heading", "item"),
    [
        ("Tiêu đề <script>alert(1)</script> & co", "Mục *một* với [liên kết](http://evil.example)"),
        ("- Tiêu đề _nghiêng_ `mã` ~~gạch~~ | ô |", "# Không phải tiêu đề <b>đậm</b> ![ảnh](x.png)"),
    ],
)
def test_markdown_build_shows_translated_text_as_the_html_does(heading: str, item: str) -> None:
    doc, _ = segment_markdown(TESTER, path="source/t.md", slug="t")
    entries = cat(Entry("Storm update", heading), Entry("First item here.", item))
    md = build_markdown(doc, entries, "vi")
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(md)
    from_md = parse(f"<!DOCTYPE html><title>t</title>{rendered}").find("body")
    assert [el.tag for el in from_md.iter() if el is not from_md] == ["h1", "ul", "li", "li"]
    assert text_of(from_md.find("h1")) == heading and text_of(from_md.find("ul/li")) == item
    page = html_page(doc, entries)
    from_html = parse(page).find("body/main/article")
    shown = text_of(from_html).replace(FALLBACK_NOTICES["vi"], "", 1)
    assert text_of(from_md).split() == shown.split()
    for tree in (from_md, from_html):
        assert not [
            el.tag for el in tree.iter() if el.tag in ("script", "a", "em", "b", "img", "del", "code")
        ]


def test_translator_escapes_and_entities_are_not_escaped_again() -> None:
    doc, _ = segment_markdown(TESTER, path="source/t.md", slug="t")
    entries = cat(Entry("Second item & more.", "Mục hai &amp; \\*thêm\\* &copy; A&B"))
    md = build_markdown(doc, entries, "vi")
    assert "- Mục hai &amp; \\*thêm\\* &copy; A\\&B\n" in md
    rendered = MarkdownIt("commonmark").render(md)
    assert "<li>Mục hai &amp; *thêm* © A&amp;B</li>" in rendered
    assert "<li>Mục hai &amp; *thêm* © A&amp;B</li>" in html_page(doc, entries)


def test_markup_and_translated_text_do_not_combine() -> None:
    text = "See [docs] now.  \nNext line. Wow [link](http://a) end.\n\n[docs]: https://ok.example\n"
    doc, _ = segment_markdown(text, path="source/m.md", slug="m")
    entries = cat(
        Entry(doc.segments[0].text, "Xem <1>docs</1>(http://evil.example) ngay.<2/>- không phải danh sách"),
        Entry(doc.segments[1].text, "Ồ!<1>liên kết</1> hết."),
    )
    md = build_markdown(doc, entries, "vi")
    # The shortcut reference [docs] keeps its label: [translated text][docs].
    start = "Xem [docs][docs]\\(http://evil.example) ngay.  \n\\- không phải danh sách Ồ\\![liên kết]"
    assert md.startswith(start)
    for out in (MarkdownIt("commonmark").render(md), article_html(html_page(doc, entries))):
        assert "evil.example</a>" not in out and 'href="http://evil' not in out
        assert "<ul>" not in out and "<img" not in out
        assert "(http://evil.example) ngay.<br />\n- không phải danh sách" in out
    # No joiner in Chinese: a "!" ending one unit must not turn the next unit's link into an image.
    doc, _ = segment_markdown("First one. [Link](http://a) two.\n", path="source/z.md", slug="z")
    md = build_markdown(doc, cat(Entry("First one.", "好!")), "zh-Hans")
    assert md == "好\\![Link](http://a) two.\n"
    assert "<img" not in MarkdownIt("commonmark").render(md)


def test_text_build_and_completion_follow_the_markdown_decision() -> None:
    _, doc = load("x.md")
    entries = load_po("x.vi.po")
    txt = build_text(doc, entries, "vi")
    assert "This is bold. Và câu này theo sau." in txt  # broken unit: English, as in .md and .html
    assert "</2>" not in txt and "Đây là" not in txt
    # A unit shown in English because of its tokens does not count as translated.
    _, y = load("y.md")
    full = cat(*(Entry(s.text, f"Dịch {i}") for i, s in enumerate(y.segments)))
    broken = [u for u in y.segments if u.placeholders]
    assert broken and len(broken_units(y, full)) == len(broken)
    kept = sum(word_count(s.text) for s in y.segments if not s.placeholders)
    total = sum(word_count(s.text) for s in y.segments)
    assert completion(y, full) == pytest.approx(100 * kept / total)
    assert not publishable(y, full, PublishPolicy(min_complete=100))
    english = [text_of(s) for s in parse(html_page(y, full)).iter("span") if s.get("lang") == "en"]
    assert len(english) == len(broken)


def test_fallback_on_rtl_page_is_marked_ltr() -> None:
    _, doc = load("y.md")
    entries = cat(machine("Roads closed: 14", "الطرق المغلقة: 14"))
    root = parse(html_page(doc, entries, lang="ar"))
    spans = [s for s in root.iter("span") if s.get("lang") == "en"]
    assert spans and all(s.get("dir") == "ltr" for s in spans)
    notice = root.find("body/main/article/p")
    assert notice.get("class") == "notice" and (notice.get("lang"), notice.get("dir")) == ("en", "ltr")
    assert not [s for s in parse(html_page(doc, entries)).iter("span") if s.get("dir")]


# --- the .txt build of a Markdown article is plain text ------------------------------------------

X_PLAIN = """\
Ports reopen after the storm

Ships returned to Hai Phong on Monday. Officials said the worst was over.
Trade groups welcomed the news, see the official notice (http://example.com/notice?a=1&b=2).

What we know

  "We lost three days," a captain said.
  Crews worked through the night.

- Cargo volumes fell 12% in the week & prices rose.
- Run l10n status to check progress.
- Write to news@example.com for details.

1. First, the harbour reopened.
2. Then the crane at dawn (img/crane.jpg) came back.

Port | Status
Hai Phong | Open
Da Nang | Closed | partly

    print("not translated")

    indented code stays too

Raw HTML block.

Line one ends with a hard break
and continues here. This is bold. And this follows.

Read more (https://example.com/more) on our site.
"""


def test_text_build_of_markdown_is_plain_text() -> None:
    _, doc = load("x.md")
    assert build_text(doc, {}, "vi") == X_PLAIN
    txt = build_text(doc, load_po("x.vi.po"), "vi")
    assert txt != build_markdown(doc, load_po("x.vi.po"), "vi")
    assert not re.search(r"^#|\*\*|\]\(|\]\[|^>|<div|&amp;|\\[*_#]", txt, re.MULTILINE)
    assert "xem bản chính thức của thông báo (http://example.com/notice?a=1&b=2)." in txt
    assert "Đọc thêm (https://example.com/more) trên trang" in txt
    assert "\n- Lượng hàng hóa giảm 12% trong tuần & giá tăng.\n" in txt
    # The same words as the HTML page shows (notices aside; image alt text is an attribute
    # there), plus the link and image addresses written out.
    article = parse(html_page(doc, load_po("x.vi.po"))).find("body/main/article")
    html_text = " ".join(text_of(el) for el in content(article))
    html_text += " " + " ".join(img.get("alt") for img in article.iter("img"))
    urls = "http example com notice a 1 b 2 https more img crane jpg"
    assert set(re.findall(r"\w+", txt)) == set(re.findall(r"\w+", html_text + " " + urls))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "A [link](http://a.example/x) and <http://b.example/>.\n",
            "A link (http://a.example/x) and http://b.example/.\n",
        ),
        ("# Title *em*\n\nSetext\n======\n", "Title em\n\nSetext\n"),
        ("- a\n  - b\n    - c\n\n3) x\n4) y\n", "- a\n  - b\n    - c\n\n3. x\n4. y\n"),
        ("> q1\n>\n> > q2 `code` \\*x\\*\n", "  q1\n\n    q2 code *x*\n"),
        ("![](pic.png) <b>bold</b> &copy;\n\n***\n", "pic.png bold ©\n\n-----\n"),
    ],
)
def test_plain_text_cases(source: str, expected: str) -> None:
    doc, _ = segment_markdown(source, path="source/c.md", slug="c")
    assert build_text(doc, {}, "vi") == expected
