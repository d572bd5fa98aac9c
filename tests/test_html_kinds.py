"""HTML articles as real CMSs export them (issue 20): one test per kind of failure, with the
issue's example and cases of our own."""

from __future__ import annotations

import json

import html5lib

from l10n.formats.html import segment_html
from l10n.model import Document, Entry
from l10n.publish.html_urls import asset_base, rebase_srcset, rebase_url
from l10n.publish.pages import PublishPolicy, build_html


def seg(text: str) -> Document:
    return segment_html(text, path="source/t.html", slug="t")[0]


def texts(text: str) -> list[tuple[str, str]]:
    return [(s.role, s.text) for s in seg(text).segments]


def build(text: str, translations: dict[str, str], lang: str = "vi", alternates: tuple[str, ...] = ()) -> str:
    doc = seg(text)
    entries = {(None, k): Entry(msgid=k, msgstr=v) for k, v in translations.items()}
    return build_html(
        doc, entries, lang, PublishPolicy(), alternates=list(alternates), base_url="https://n.example/"
    )


def tree(page: str):
    return html5lib.parse(page, namespaceHTMLElements=False)


# --- repaired, not refused -------------------------------------------------------------------------


def test_markup_browsers_repair_is_repaired_not_refused() -> None:
    text = (
        '<p><a title="a > b" href="/x">Gt in title.</a></p>\n'
        '<script>var s = "&eacute;&amp;";</script>\n'
        "<p>Line one</br>line two.</p>\n"
        "<p><b><i>Both</b> styles</i> here.</p>\n"
    )
    doc, issues = segment_html(text, path="source/t.html", slug="t")
    assert (doc.segments[0].role, doc.segments[0].text) == ("tooltip", "a > b")
    assert doc.segments[1].placeholders[0].markup == '<a title="a &gt; b" href="/x">'
    assert [s.text for s in doc.segments[1:]] == [
        "<1>Gt in title.</1>",
        "Line one<1/>line two.",
        "<1><2>Both</2></1><3> styles</3> here.",
    ]
    assert [(i.code, i.line) for i in issues] == [("html-repaired", 3)]
    page = doc.render(lambda s: s.source)
    assert "<b><i>Both</i></b><i> styles</i>" in page  # the italics kept, as the adoption agency does
    assert "Line one<br>line two." in page
    assert '"&eacute;&amp;"' in page  # script content raw


def test_lines_come_from_the_source() -> None:
    text = "<html>\n<body>\n<p>First.</p>\n\n<p>Second\nsentence. <img alt='Cat'> Third.</p>\n</body></html>"
    got = [(s.line, s.text) for s in seg(text).segments]
    assert got == [(3, "First."), (5, "Second sentence."), (6, "Cat"), (6, "Third.")]


def test_deep_nesting_is_kept() -> None:
    text = "<div>" * 300 + "<p>Deep text.</p>" + "</div>" * 300
    assert [s.text for s in seg(text).segments] == ["Deep text."]


# --- phrasing content -------------------------------------------------------------------------------


def test_link_around_image_and_text_is_translated_and_alt_offered() -> None:
    text = '<p><a href="/x"><img src="a.jpg" alt="Crowd"> Read more</a></p>'
    assert texts(text) == [("alt", "Crowd"), ("paragraph", "<1><2/> Read more</1>")]
    page = build(text, {"Crowd": "Đám đông", "<1><2/> Read more</1>": "<1><2/> Đọc thêm</1>"})
    a = tree(page).find(".//p/a")  # not the language switcher's links
    assert a is not None and a.get("href") == "/x"
    img = a.find("img")
    assert img is not None and img.get("alt") == "Đám đông" and img.get("src") == "../../source/a.jpg"
    assert "".join(a.itertext()).strip() == "Đọc thêm"


def test_inline_elements_do_not_cut_a_sentence() -> None:
    for tag in ("strike", "big", "acronym", "nobr", "button", "del", "ins", "time", "data", "bdi", "x-ref"):
        assert texts(f"<p>One <{tag}>two</{tag}> three.</p>") == [("paragraph", "One <1>two</1> three.")], tag
    for solo in (
        "<wbr>",
        "<svg><path d='M0'/></svg>",
        "<ruby>漢<rt>kan</rt></ruby>",
        "<picture><img src=p.jpg></picture>",
    ):
        assert texts(f"<p>One {solo} two.</p>") == [("paragraph", "One <1/> two.")], solo


def test_every_alt_with_a_letter_is_offered() -> None:
    text = (
        "<figure><img alt='Map of the port'><figcaption>A map.</figcaption></figure>"
        "<p><img alt='2024'> <img alt=''></p>"
    )
    assert texts(text) == [("alt", "Map of the port"), ("caption", "A map.")]


# --- the page ---------------------------------------------------------------------------------------


def test_every_page_is_html5_with_utf8_charset_first() -> None:
    text = (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN"><html><head><title>T</title>'
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        "</head><body><p>Hi.</p></body></html>"
    )
    for page in (build(text, {}), build("<p>Fragment.</p>", {}, lang="en")):
        assert page.startswith("<!DOCTYPE html>\n")
        head = tree(page).find("head")
        assert head is not None and head[0].tag == "meta" and head[0].attrib == {"charset": "utf-8"}
        assert "http-equiv" not in page and "charset=iso" not in page


def test_translated_elements_carry_the_page_language() -> None:
    text = (
        '<article xml:lang="en" lang="en-US"><p lang="en">Hello.</p><p>Untranslated.</p>'
        '<p lang="fr">Bonjour.</p></article>'
    )
    page = build(text, {"Hello.": "Xin chào."})
    root = tree(page)
    article = root.find(".//article")
    assert (
        article is not None
        and article.get("lang") == "vi"
        and "xml:lang" not in page.replace('xml:lang="vi"', "")
    )
    langs = [(p.get("lang"), "".join(p.itertext())) for p in root.iter("p") if p.get("class") != "notice"]
    assert langs == [("vi", "Xin chào."), (None, "Untranslated."), ("fr", "Bonjour.")]
    fallback = [s.get("lang") for s in root.iter("span") if "".join(s.itertext()) == "Untranslated."]
    assert fallback == ["en"]


def test_relative_asset_urls_are_rebased_absolute_and_data_kept() -> None:
    data = "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg'> </svg>"
    text = (
        '<link rel="stylesheet" href="css/a.css"><p>Hi.</p>'
        '<img src="images/fire.jpg" srcset="a.jpg 1x, b.jpg 2x">'
        f'<img src="https://cdn.example/x.jpg"><img src="{data}"><video poster="p.png" src="/v.mp4"></video>'
        '<picture><source srcset="//cdn.example/s.webp"></picture>'
    )
    root = tree(build(text, {}))
    assert [i.get("src") for i in root.iter("img")] == [
        "../../source/images/fire.jpg",
        "https://cdn.example/x.jpg",
        data,
    ]
    assert root.find(".//img").get("srcset") == "../../source/a.jpg 1x, ../../source/b.jpg 2x"
    assert root.find(".//video").attrib == {"poster": "../../source/p.png", "src": "/v.mp4"}
    assert root.find(".//source").get("srcset") == "//cdn.example/s.webp"
    assert [el.get("href") for el in root.iter("link") if el.get("rel") == "stylesheet"] == [
        "../../source/css/a.css"
    ]


def test_url_rebasing_rules() -> None:
    assert asset_base("source/x.html", "build/vi") == "../../source/"
    assert rebase_url("./a/../b.png?x=1#f", "../../source/") == "../../source/b.png?x=1#f"
    assert rebase_url("mailto:a@b.c", "../../source/") == "mailto:a@b.c"
    assert rebase_srcset("data:image/png;base64,AA, x.png 2x", "../") == "data:image/png;base64,AA, x.png 2x"


def test_metadata_is_translated_and_localised() -> None:
    ld = {
        "@type": "NewsArticle",
        "headline": "Ports reopen",
        "description": 'Ships "return"',
        "inLanguage": "en-US",
        "alternativeHeadline": "Storm over",
    }
    text = (
        '<html><head><title>Ports reopen</title><meta property="og:title" content="Ports reopen">'
        '<meta property="og:description" content="Ships return.">'
        '<meta property="og:image:alt" content="A pier">'
        '<meta name="twitter:title" content="Ports reopen">'
        '<meta name="twitter:description" content="Ships return.">'
        '<meta property="og:locale" content="en_US"><meta property="og:locale:alternate" content="de_DE">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head><body><p>Body.</p></body></html>'
    )
    roles = {(s.role, s.text) for s in seg(text).segments}
    assert {
        ("meta-og-title", "Ports reopen"),
        ("meta-og-description", "Ships return."),
        ("meta-og-image-alt", "A pier"),
        ("meta-twitter-title", "Ports reopen"),
        ("meta-twitter-description", "Ships return."),
        ("jsonld-headline", "Ports reopen"),
        ("jsonld-description", 'Ships "return"'),
        ("jsonld-alternativeHeadline", "Storm over"),
    } <= roles
    vi = {
        "Ports reopen": "Cảng mở lại",
        "Ships return.": "Tàu trở về.",
        'Ships "return"': 'Tàu "về" </script>',
        "A pier": "Bến",
    }
    head = tree(build(text, vi, alternates=("en", "fr", "zh-Hans"))).find("head")
    assert head is not None
    meta = [
        (m.get("property") or m.get("name"), m.get("content")) for m in head.iter("meta") if m.get("content")
    ]
    assert meta == [
        ("og:title", "Cảng mở lại"),
        ("og:description", "Tàu trở về."),
        ("og:image:alt", "Bến"),
        ("twitter:title", "Cảng mở lại"),
        ("twitter:description", "Tàu trở về."),
        ("og:locale", "vi_VN"),
        ("og:locale:alternate", "en_US"),
        ("og:locale:alternate", "fr_FR"),
        ("og:locale:alternate", "zh_CN"),
    ]
    data = json.loads(head.find("script").text)
    assert data["headline"] == "Cảng mở lại" and data["inLanguage"] == "vi"
    assert data["description"] == 'Tàu "về" </script>' and data["alternativeHeadline"] == "Storm over"


def test_title_of_a_link_inside_a_sentence_is_its_own_unit() -> None:
    text = (
        '<p>See <a href="/r" title="Full report">the report</a> now. '
        '<abbr title="World Health">WHO</abbr> said.</p>'
    )
    assert texts(text) == [
        ("tooltip", "Full report"),
        ("paragraph", "See <1>the report</1> now."),
        ("tooltip", "World Health"),
        ("paragraph", "<1>WHO</1> said."),
    ]
    page = build(
        text, {"Full report": "Báo cáo đầy đủ", "See <1>the report</1> now.": "Xem <1>báo cáo</1> ngay."}
    )
    a = tree(page).find(".//p/a")  # not the language switcher's links
    assert a is not None and (a.get("title"), a.text) == ("Báo cáo đầy đủ", "báo cáo")
    abbr = tree(page).find(".//abbr")
    assert (
        abbr is not None and abbr.get("title") == "World Health"
    )  # fallback: the English sentence as written
