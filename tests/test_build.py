"""Tests for l10n.publish.pages: choosing units, text/Markdown/HTML output, policy, index."""

from __future__ import annotations

import dataclasses
import html
import xml.etree.ElementTree as ET
from pathlib import Path

import html5lib
import pytest
from markdown_it import MarkdownIt

from l10n.errors import ConfigError, UsageError
from l10n.model import Document, Entry, Gap, Literal, Placeholder, Segment, Unit
from l10n.publish.pages import (
    FALLBACK_NOTICES,
    NOTICES,
    Choice,
    IndexRow,
    PublishPolicy,
    build_html,
    build_index,
    build_markdown,
    build_text,
    choose,
    completion,
    escape_markdown,
    headline,
    publishable,
    sentence_joiner,
)

SOURCE = "Headline here\n\nFirst sentence. Second sentence.\n\nA caption - photo 1\nCredit line (Photo: X)\n"


def make_doc(path: str = "source/demo.txt") -> Document:
    segs = (
        Segment("Headline here", "Headline here", 1, 0, "headline"),
        Segment("First sentence.", "First sentence.", 3, 1, "paragraph"),
        Segment("Second sentence.", "Second sentence.", 3, 1, "paragraph"),
        Segment("A caption - photo 1", "A caption - photo 1", 5, 2, "caption"),
        Segment("Credit line (Photo: X)", "Credit line (Photo: X)", 6, 3, "credit"),
    )
    skeleton = (
        Unit(0),
        Literal("\n\n"),
        Unit(1),
        Gap(" "),
        Unit(2),
        Literal("\n\n"),
        Unit(3),
        Literal("\n"),
        Unit(4),
        Literal("\n"),
    )
    return Document(path=path, slug="demo", skeleton=skeleton, segments=segs)


def cat(*entries: Entry) -> dict[tuple[str | None, str], Entry]:
    return {(e.msgctxt, e.msgid): e for e in entries}


REVIEWED = Entry("Headline here", "Tiêu đề")
MACHINE = Entry("First sentence.", "Câu một.", fuzzy=True, machine=True, flags=("fuzzy",))
UNTRANSLATED = Entry("Second sentence.", "")
FUZZY = Entry(
    "A caption - photo 1", "Chú thích cũ", fuzzy=True, previous_msgid="Old caption", flags=("fuzzy",)
)
MIXED = cat(REVIEWED, MACHINE, UNTRANSLATED, FUZZY)


def all_reviewed(doc: Document, fmt: str) -> dict[tuple[str | None, str], Entry]:
    return cat(*(Entry(s.text, fmt.format(i=i)) for i, s in enumerate(doc.segments)))


def parse(page: str) -> ET.Element:
    """Parse strictly (raises on any parse error) and return the tree without namespaces."""
    html5lib.HTMLParser(strict=True).parse(page)
    return html5lib.parse(page, namespaceHTMLElements=False)


def text_of(el: ET.Element) -> str:
    return "".join(el.itertext())


# --- choose / completion / policy --------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "policy", "expected"),
    [
        (REVIEWED, PublishPolicy(), Choice("Tiêu đề", "reviewed")),
        (MACHINE, PublishPolicy(), Choice("Câu một.", "machine")),
        (MACHINE, PublishPolicy(include_machine=False), Choice("First sentence.", "fallback")),
        (FUZZY, PublishPolicy(), Choice("A caption - photo 1", "fallback")),
        (FUZZY, PublishPolicy(include_fuzzy=True), Choice("Chú thích cũ", "fuzzy")),
        (UNTRANSLATED, PublishPolicy(), Choice("Second sentence.", "fallback")),
        (Entry("Headline here", "Cũ", obsolete=True), PublishPolicy(), Choice("Headline here", "fallback")),
        (None, PublishPolicy(), Choice("Headline here", "fallback")),
    ],
)
def test_choose(entry: Entry | None, policy: PublishPolicy, expected: Choice) -> None:
    seg = next(s for s in make_doc().segments if entry is None or s.text == entry.msgid)
    assert choose(seg, entry, policy) == expected


def test_choose_fallback_keeps_exact_source_characters() -> None:
    seg = Segment("Cafe\u0301 x", "Cafe\u0301  x", 1, 0, "paragraph")  # source not normalised
    assert choose(seg, None).text == "Cafe\u0301  x"


def test_completion_counts_source_words() -> None:
    doc = make_doc()  # words: 2 + 2 + 2 + 5 + 4 = 15
    assert completion(doc, MIXED) == pytest.approx(100 * 4 / 15)
    assert completion(doc, MIXED, PublishPolicy(count_machine=False)) == pytest.approx(100 * 2 / 15)
    assert completion(doc, MIXED, PublishPolicy(include_machine=False)) == pytest.approx(100 * 2 / 15)
    assert completion(doc, MIXED, PublishPolicy(include_fuzzy=True)) == pytest.approx(100 * 9 / 15)
    assert completion(doc, {}) == 0.0
    assert completion(Document("source/e.txt", "e", (), ()), {}) == 100.0


def test_publishable_min_complete() -> None:
    doc = make_doc()
    assert publishable(doc, {}, PublishPolicy())
    assert not publishable(doc, {}, PublishPolicy(min_complete=1))
    assert publishable(doc, MIXED, PublishPolicy(min_complete=26))
    assert not publishable(doc, MIXED, PublishPolicy(min_complete=27))
    assert not publishable(doc, MIXED, PublishPolicy(min_complete=26, count_machine=False))
    assert publishable(doc, all_reviewed(doc, "t{i}"), PublishPolicy(min_complete=100))


@pytest.mark.parametrize("bad", [-1.0, 100.5])
def test_policy_rejects_bad_min_complete(bad: float) -> None:
    with pytest.raises(UsageError, match="min_complete"):
        PublishPolicy(min_complete=bad)


@pytest.mark.parametrize(("tag", "joiner"), [("vi", " "), ("fr", " "), ("zh-Hans", ""), ("ja", "")])
def test_sentence_joiner(tag: str, joiner: str) -> None:
    assert sentence_joiner(tag) == joiner


# --- text --------------------------------------------------------------------------------------


def test_build_text_exact() -> None:
    assert build_text(make_doc(), MIXED, "vi") == (
        "Tiêu đề\n\nCâu một. Second sentence.\n\nA caption - photo 1\nCredit line (Photo: X)\n"
    )


def test_build_text_without_translations_is_the_source() -> None:
    assert build_text(make_doc(), {}, "zh-Hans") == SOURCE


def test_build_text_reviewed_only() -> None:
    out = build_text(make_doc(), MIXED, "vi", PublishPolicy(include_machine=False))
    assert (
        out == "Tiêu đề\n\nFirst sentence. Second sentence.\n\nA caption - photo 1\nCredit line (Photo: X)\n"
    )


def test_build_text_include_fuzzy() -> None:
    out = build_text(make_doc(), MIXED, "vi", PublishPolicy(include_fuzzy=True))
    assert "\n\nChú thích cũ\n" in out


def test_joiner_zh_hans_and_fallback_gap() -> None:
    doc = make_doc()
    full = all_reviewed(doc, "句{i}。")
    assert build_text(doc, full, "zh-Hans") == "句0。\n\n句1。句2。\n\n句3。\n句4。\n"
    # An English fallback keeps the source space after it; a translated unit takes the joiner.
    first_only = cat(Entry("First sentence.", "第一句。"))
    assert "第一句。Second sentence." in build_text(doc, first_only, "zh-Hans")
    second_only = cat(Entry("Second sentence.", "第二句。"))
    assert "First sentence. 第二句。" in build_text(doc, second_only, "zh-Hans")


def test_two_english_fallbacks_keep_source_gap() -> None:
    doc = Document(
        "source/g.txt",
        "g",
        (Unit(0), Gap("  "), Unit(1), Gap(" "), Unit(2)),
        tuple(Segment(t, t, 1, 0, "paragraph") for t in ("A a.", "B b.", "C c.")),
    )
    assert build_text(doc, cat(Entry("C c.", "丙。")), "ja") == "A a.  B b. 丙。"
    assert build_text(doc, cat(Entry("A a.", "甲。")), "ja") == "甲。B b. C c."


def test_placeholders_go_back_to_markup_in_text() -> None:
    ph = (Placeholder("<1>", "**", "strong"), Placeholder("</1>", "**", "strong"))
    seg = Segment("A <1>bold</1> word.", "A **bold** word.", 1, 0, "paragraph", placeholders=ph)
    doc = Document("source/p.md", "p", (Unit(0), Literal("\n")), (seg,), format="markdown")
    entries = cat(Entry(seg.text, "Một từ <1>đậm*</1>."))
    # The .txt build is plain text: the bold is dropped, the translator's "*" is text.
    assert build_text(doc, entries, "vi") == "Một từ đậm*.\n"
    # A Markdown msgstr is Markdown already: the translator's escape is kept, nothing is added.
    md_entries = cat(Entry(seg.text, "Một từ <1>đậm\\*</1>."))
    assert build_markdown(doc, md_entries, "vi") == "Một từ **đậm\\***.\n"


# --- Markdown ----------------------------------------------------------------------------------


def test_build_markdown_plain_article() -> None:
    doc = make_doc()
    entries = cat(
        Entry("Headline here", "*Tiêu* #1"),
        Entry("First sentence.", "# Không phải tiêu đề"),
        Entry("A caption - photo 1", "1. ảnh [x] `y` <b>"),
    )
    assert build_markdown(doc, entries, "vi") == (
        "# \\*Tiêu\\* \\#1\n\n"
        "\\# Không phải tiêu đề Second sentence.\n\n"
        "1\\. ảnh \\[x\\] \\`y\\` \\<b\\>\n\n"
        "Credit line (Photo: X)\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        "*a* _b_ **c** # d",
        "# heading",
        "1. item",
        "2) item",
        "- dash",
        "+ plus",
        "> quote",
        "[link](http://x) ![img](y)",
        "`code` <b>tag</b> &amp; &copy;",
        "back\\slash \\* ~~s~~ | t |",
        "a\n===",
        "line one\n- two\n3. three",
    ],
)
def test_escape_markdown_renders_as_plain_text(text: str) -> None:
    rendered = MarkdownIt("commonmark").render(escape_markdown(text))
    lines = text.split("\n")
    assert rendered == "<p>" + "\n".join(html.escape(line, quote=False) for line in lines) + "</p>\n"


# --- HTML --------------------------------------------------------------------------------------


def page(entries, lang="vi", policy=PublishPolicy(), **kw) -> str:  # noqa: B008
    kw.setdefault("alternates", ["fr", "zh-Hans"])
    kw.setdefault("base_url", "https://news.example/")
    return build_html(make_doc(), entries, lang, policy, **kw)


def test_html_structure_and_head() -> None:
    root = parse(page(MIXED))
    assert root.get("lang") == "vi" and root.get("dir") == "ltr"
    head = root.find("head")
    assert head.find("meta").get("charset") == "utf-8"
    assert head.find("title").text == "Tiêu đề"
    canonical = [link.get("href") for link in head.iter("link") if link.get("rel") == "canonical"]
    assert canonical == ["https://news.example/vi/demo.html"]
    alternates = {
        link.get("hreflang"): link.get("href") for link in head.iter("link") if link.get("hreflang")
    }
    assert alternates == {
        "en": "https://news.example/en/demo.html",
        "fr": "https://news.example/fr/demo.html",
        "zh-Hans": "https://news.example/zh-Hans/demo.html",
        "vi": "https://news.example/vi/demo.html",
        "x-default": "https://news.example/en/demo.html",
    }
    body = root.find("body/main/article")
    assert [(el.tag, el.get("class")) for el in body] == [
        ("p", "notice"),
        ("p", "notice"),
        ("h1", None),
        ("p", None),
        ("p", "caption"),
        ("p", "credit"),
    ]
    assert text_of(body[3]) == "Câu một. Second sentence."


def test_html_fallback_and_mt_wrapping() -> None:
    root = parse(page(MIXED))
    article = root.find("body/main/article")
    para = article[3]
    assert [(s.get("class"), s.get("lang"), s.text) for s in para.iter("span")] == [
        ("mt", None, "Câu một."),
        (None, "en", "Second sentence."),
    ]
    assert article.find("h1").text == "Tiêu đề" and not list(article.find("h1"))
    notice = article[0]
    assert notice.text == NOTICES["vi"] and notice.get("lang") is None
    assert article[1].text == FALLBACK_NOTICES["vi"] and article[1].get("lang") is None


def test_html_no_notice_without_machine_translation() -> None:
    doc = make_doc()
    out = page(all_reviewed(doc, "Dịch {i}"))
    root = parse(out)
    assert 'class="notice"' not in out and 'class="mt"' not in out and "<span" not in out
    assert [el.tag for el in root.find("body/main/article")] == ["h1", "p", "p", "p"]
    # Reviewed-only turns machine units into English fallback: the machine notice goes, the
    # fallback notice stays.
    out = page(MIXED, policy=PublishPolicy(include_machine=False))
    assert 'class="mt"' not in out and NOTICES["vi"] not in out
    notices = [p for p in parse(out).iter("p") if p.get("class") == "notice"]
    assert [p.text for p in notices] == [FALLBACK_NOTICES["vi"]]
    assert '<span lang="en">First sentence.</span>' in out


def test_html_fuzzy_shown_is_marked_and_noticed() -> None:
    out = page(cat(FUZZY), policy=PublishPolicy(include_fuzzy=True))
    assert '<p class="caption"><span class="fuzzy">Chú thích cũ</span></p>' in out
    assert 'class="notice"' in out


def test_html_escapes_translations() -> None:
    out = page(cat(Entry("First sentence.", '<script>alert("x")</script> & <1>')))
    assert "<script>" not in out
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;1&gt;" in out
    root = parse(out)
    assert text_of(root.find("body/main/article")[2]) == '<script>alert("x")</script> & <1> Second sentence.'


def test_html_rtl_and_english_notice_for_unknown_notice_language() -> None:
    out = page(cat(dataclasses.replace(MACHINE, msgstr="الجملة الأولى.")), lang="ar")
    root = parse(out)
    assert root.get("lang") == "ar" and root.get("dir") == "rtl"
    notice = root.find("body/main/article/p")
    assert notice.get("class") == "notice" and notice.get("lang") == "en" and notice.text == NOTICES["en"]
    # English on a right-to-left page keeps its own direction (neutral punctuation stays with it).
    assert notice.get("dir") == "ltr"
    spans = [s for s in root.iter("span") if s.get("lang") == "en"]
    assert spans and all(s.get("dir") == "ltr" for s in spans)
    assert '<span lang="en" dir="ltr">Second sentence.</span>' in out
    # Same direction: no dir attribute.
    assert 'dir="ltr"' not in page(cat(MACHINE), lang="vi").split("<body>")[1]
    assert 'dir="ltr"' not in page(cat(MACHINE), lang="sw").split("<body>")[1]


def test_html_original_page_without_base_url_has_no_canonical_or_hreflang() -> None:
    out = page({}, lang="en", alternates=["vi"], base_url="")
    root = parse(out)
    assert "<span" not in out  # the original's own text is not marked as a foreign fallback
    assert root.find("head/title").text == "Headline here"
    # canonical and hreflang links must be absolute: a local build (no base_url) has none,
    # so nothing on the page points off the disk.
    assert list(root.iter("link")) == []
    assert "example.org" not in out and "http" not in out.split("<body>")[0].replace("http-equiv", "")
    translated = parse(page(MIXED, lang="vi", alternates=["fr", "en"], base_url=""))
    assert [link.get("rel") for link in translated.iter("link")] == []


def test_html_unknown_language_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="xx"):
        page({}, lang="xx")


def test_html_zh_hans_joiner() -> None:
    out = page(all_reviewed(make_doc(), "句{i}。"), lang="zh-Hans")
    assert "<p>句1。句2。</p>" in out


DEMO = Path(__file__).resolve().parents[1] / "source" / "russia-nato-tensions.txt"


def test_demo_article_builds_and_parses_strictly() -> None:
    from l10n.formats import txt as segment

    text = DEMO.read_text(encoding="utf-8")
    doc = segment.segment_text(text, path="source/russia-nato-tensions.txt", slug="russia-nato-tensions")
    assert build_text(doc, {}, "vi") == text
    entries = cat(
        *(
            Entry(s.text, "<b>x</b> & “dịch”", fuzzy=i % 2 == 0, machine=True)
            for i, s in enumerate(doc.segments)
            if i % 3
        )
    )
    for lang in ("vi", "zh-Hans", "ar", "en"):
        root = parse(build_html(doc, entries, lang, alternates=["fr"], base_url="https://n.example"))
        assert root.find("body/main/article/h1") is not None
    md = build_markdown(doc, entries, "vi")
    assert md.startswith("# ") and "\\<b\\>" in md


# --- index -------------------------------------------------------------------------------------


def test_build_index() -> None:
    rows = [
        IndexRow("demo", "Headline <here>", {"vi": 99.7, "fr": None}),
        IndexRow("other", "Other", {"zh-Hans": 50.0}),
    ]
    out = build_index(rows, base_url="")
    root = parse(out)
    assert root.get("lang") == "en"
    heads = ["Article", "vi Tiếng Việt", "fr Français", "zh-Hans 中文 (简体)"]  # tag and own name
    assert [text_of(th) for th in root.iter("th")][:4] == heads
    trs = root.findall("body/main/table/tbody/tr")
    assert [(a.get("href"), a.text) for a in trs[0].iter("a")] == [
        ("en/demo.html", "Headline <here>"),
        ("vi/demo.html", "99%"),
    ]
    assert [text_of(td) for td in trs[0].iter("td")] == ["99%", "—", "—"]
    assert [text_of(td) for td in trs[1].iter("td")] == ["—", "—", "50%"]
    assert "https://n.example/vi/demo.html" in build_index(rows, base_url="https://n.example/")


def test_headline() -> None:
    doc = make_doc()
    assert headline(doc) == "Headline here"
    assert headline(doc, MIXED, "vi") == "Tiêu đề"
    assert headline(Document("source/n.txt", "n", (Unit(0),), (Segment("x", "x", 1, 0, "paragraph"),))) == "n"


def test_notice_falls_back_to_the_language_subtag() -> None:
    from l10n.publish.site import notice

    assert notice("vi-VN", "en") == (NOTICES["vi"], None)
    assert notice("fr-CA", "en") == (NOTICES["fr"], None)
    assert notice("sw", "en") == (NOTICES["en"], "en")


def test_urls_are_percent_encoded() -> None:
    slug = "Breaking News 2024!"
    doc = make_doc()
    doc = Document(doc.path, slug, doc.skeleton, doc.segments)
    out = build_html(doc, MIXED, "vi", alternates=["zh-Hans"], base_url="https://news.example/")
    root = parse(out)
    hrefs = {link.get("hreflang") or link.get("rel"): link.get("href") for link in root.iter("link")}
    assert hrefs == {
        "canonical": "https://news.example/vi/Breaking%20News%202024%21.html",
        "en": "https://news.example/en/Breaking%20News%202024%21.html",
        "zh-Hans": "https://news.example/zh-Hans/Breaking%20News%202024%21.html",
        "vi": "https://news.example/vi/Breaking%20News%202024%21.html",
        "x-default": "https://news.example/en/Breaking%20News%202024%21.html",
    }
    assert "Breaking News" not in out.split("<style>")[0]
    relative = parse(build_html(doc, {}, "vi", alternates=[], base_url=""))
    assert relative.find("head/link") is None
    rows = [IndexRow(slug, "Breaking", {"vi": 50.0}), IndexRow("tin-bão/#1?", "Bão", {"vi": 10.0})]
    for base, prefix in (("", ""), ("https://news.example", "https://news.example/")):
        index = parse(build_index(rows, base_url=base))
        links = [a.get("href") for a in index.iter("a")]
        assert links == [
            f"{prefix}en/Breaking%20News%202024%21.html",
            f"{prefix}vi/Breaking%20News%202024%21.html",
            f"{prefix}en/tin-b%C3%A3o%2F%231%3F.html",
            f"{prefix}vi/tin-b%C3%A3o%2F%231%3F.html",
        ]


# --- English fallback: notice, style, index share -------------------------------------------------


def notices_of(root: ET.Element) -> list[tuple[str | None, str | None]]:
    return [(p.text, p.get("lang")) for p in root.iter("p") if p.get("class") == "notice"]


def test_all_english_page_says_so_in_the_page_language() -> None:
    root = parse(page({}, lang="vi"))
    assert root.get("lang") == "vi"
    assert notices_of(root) == [(FALLBACK_NOTICES["vi"], None)]  # no machine notice: no MT shown
    spans = [s for s in root.iter("span") if s.get("lang") == "en"]
    assert [s.text for s in spans] == [seg.text for seg in make_doc().segments]  # every unit
    style = root.find("head/style").text
    assert 'article span[lang="en"] {' in style  # fallback runs have their own style
    # A language without its own notice text gets the English one, marked as English.
    root = parse(page({}, lang="sw"))
    assert notices_of(root) == [(FALLBACK_NOTICES["en"], "en")]
    # zh-Hans and a regional tag use their language's text.
    assert notices_of(parse(page({}, lang="zh-Hans"))) == [(FALLBACK_NOTICES["zh-Hans"], None)]
    assert notices_of(parse(page({}, lang="fr-CA"))) == [(FALLBACK_NOTICES["fr"], None)]


def test_fallback_notice_only_where_a_unit_is_english() -> None:
    doc = make_doc()
    assert notices_of(parse(page(all_reviewed(doc, "Dịch {i}")))) == []
    # One unit missing is enough.
    entries = all_reviewed(doc, "Dịch {i}")
    del entries[(None, "Credit line (Photo: X)")]
    assert notices_of(parse(page(entries))) == [(FALLBACK_NOTICES["vi"], None)]
    # The original page is English by definition: no notice.
    assert notices_of(parse(page({}, lang="en"))) == []
    # Every notice language has both texts.
    assert set(FALLBACK_NOTICES) == set(NOTICES)


def test_index_shows_the_english_share_of_each_page() -> None:
    rows = [
        IndexRow("demo", "Demo", {"vi": 77.0, "fr": 100.0, "de": 40.0}, {"vi": 23.0, "fr": 0.0, "de": 0.2}),
        IndexRow("off", "Offline", {"vi": 0.0}, {"vi": 100.0}),
    ]
    root = parse(build_index(rows, base_url=""))
    cells = [
        [(text_of(td), [s.text for s in td.iter("small")]) for td in tr.iter("td")] for tr in root.iter("tr")
    ]
    assert cells[1] == [("77%23% English", ["23% English"]), ("100%", []), ("40%1% English", ["1% English"])]
    assert cells[2] == [("0%100% English", ["100% English"]), ("—", []), ("—", [])]
    assert all(s.get("class") == "fallback" for s in root.iter("small"))
