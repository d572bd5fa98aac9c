"""Plain-text lists and hard line breaks: golden triple (lists.txt + lists.vi.po -> lists.vi.expect.*)."""

from __future__ import annotations

import sys
from pathlib import Path

import html5lib
import pytest

from l10n.catalog import pofile
from l10n.formats.txt import segment_text
from l10n.model import Document, Entry, Literal, Unit
from l10n.publish.pages import build_html, build_markdown, build_text

DATA = Path(__file__).parent / "data" / "txt"
Entries = dict[tuple[str | None, str], Entry]


def _doc(text: str, wrap: bool = True) -> Document:
    return segment_text(text, path="source/lists.txt", slug="lists", wrap=wrap)


def _golden() -> tuple[Document, Entries]:
    doc = _doc((DATA / "lists.txt").read_text(encoding="utf-8"))
    po = (DATA / "lists.vi.po").read_text(encoding="utf-8")
    return doc, {(e.msgctxt, e.msgid): e for e in pofile.parse(po, "lists.vi.po").entries()}


def _builds(doc: Document, entries: Entries) -> dict[str, str]:
    return {
        "txt": build_text(doc, entries, "vi"),
        "md": build_markdown(doc, entries, "vi"),
        "html": build_html(doc, entries, "vi", alternates=[], base_url="https://news.example/"),
    }


@pytest.mark.parametrize("ext", ["txt", "md", "html"])
def test_golden_builds(ext: str) -> None:
    out = _builds(*_golden())[ext]
    assert out.encode("utf-8") == (DATA / f"lists.vi.expect.{ext}").read_bytes()


def test_golden_units() -> None:
    doc, _ = _golden()
    items = [(s.text, s.line) for s in doc.segments if s.role == "list-item"]
    assert items == [
        ("Buy permits for the dredging", 7),
        ("Hire crews for the whole site, including the north pier and the old ferry landing", 8),
        ("Remove the old fuel tanks", 10),
        ("Join the volunteer day on May 3.", 18),
        ("Report oil on the water to the harbor office.", 19),
    ]
    # lines meant as lines are units of their own
    texts = [s.text for s in doc.segments]
    assert texts[texts.index("Ingredients of the fish stew served at the vote:") + 1 :][:3] == [
        "2 cups clams",
        "1 onion",
        "4 potatoes, diced",
    ]


def test_golden_html_lists() -> None:
    page = (DATA / "lists.vi.expect.html").read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(page)
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    lists = [
        (el.tag, el.get("start"), ["".join(li.itertext()) for li in el])
        for el in tree.find("body/main").iter()  # not the language switcher's list
        if el.tag in ("ul", "ol")
    ]
    assert lists == [
        (
            "ul",
            None,
            [
                "Mua giấy phép nạo vét",
                "Thuê đội thi công cho toàn bộ khu vực, kể cả cầu tàu phía bắc và bến phà cũ",
                "Remove the old fuel tanks",
            ],
        ),
        ("ol", None, ["Tham gia ngày tình nguyện vào ngày 3 tháng 5."]),
        ("ol", "2", ["Báo cáo dầu trên mặt nước cho văn phòng cảng."]),
    ]


def test_marker_is_skeleton() -> None:
    doc = _doc("Head\n\n- One thing\n*  Two\n• Three\n12) Four\n3. Five\n", wrap=False)
    assert [(s.text, s.role) for s in doc.segments][1:] == [
        ("One thing", "list-item"),
        ("Two", "list-item"),
        ("Three", "list-item"),
        ("Four", "list-item"),
        ("Five", "list-item"),
    ]
    assert (
        Literal("\n\n- ") in doc.skeleton
        and Literal("\n*  ") in doc.skeleton
        and Literal("\n12) ") in doc.skeleton
    )
    assert doc.render(lambda s: s.source) == "Head\n\n- One thing\n*  Two\n• Three\n12) Four\n3. Five\n"


@pytest.mark.parametrize(
    "line",
    ["-5 degrees tonight", "1984 was a year.", "2021. A year", "*bold* claim", "a) not a marker"],
)
def test_not_markers(line: str) -> None:
    doc = _doc(f"Head\n\n{line}\n", wrap=False)
    assert doc.segments[1].role == "paragraph"
    assert doc.segments[1].source.startswith(line.split()[0])


def test_wrap_items_do_not_merge() -> None:
    doc = _doc(
        "Head\n\nThe plan is long enough to wrap here and it\ncontinues on the next line.\n"
        "- Buy permits\n- Hire crews\n"
    )
    assert [s.text for s in doc.segments] == [
        "Head",
        "The plan is long enough to wrap here and it continues on the next line.",
        "Buy permits",
        "Hire crews",
    ]
    assert all(isinstance(p, (Literal, Unit)) for p in doc.skeleton)


def test_hard_breaks_follow_the_wrap_width() -> None:
    text = (
        "Head\n\n"
        "The recipe that won the county fair this year comes from a family that has\n"
        "fished the harbor for four generations.\n\n"
        "Ingredients:\n2 cups clams\n1 onion\n"
    )
    assert [s.text for s in _doc(text).segments][2:] == ["Ingredients:", "2 cups clams", "1 onion"]
    # one very long word (a URL) does not widen the wrap width
    url = "https://example.org/" + "a" * 60
    text = f"Head\n\nSee {url}\nfor the full plan and the\nmap of the site.\n"
    assert [s.text for s in _doc(text).segments][1:] == [
        f"See {url} for the full plan and the map of the site."
    ]


def test_items_build_as_lists() -> None:
    doc = _doc("Head\n\nIntro:\n* a b\n• c d\n\n5) e f\n6) g h\n\nEnd.\n")
    assert build_markdown(doc, {}, "vi") == "# Head\n\nIntro:\n\n- a b\n- c d\n\n5) e f\n6) g h\n\nEnd.\n"
    page = build_html(doc, {}, "en", alternates=[], base_url="")
    assert (
        '<ul>\n<li>a b</li>\n<li>c d</li>\n</ul>\n<ol start="5">\n<li>e f</li>\n<li>g h</li>\n</ol>' in page
    )


if __name__ == "__main__":  # regenerate the expected builds: python tests/test_txt_lists.py
    for ext, text in _builds(*_golden()).items():
        (DATA / f"lists.vi.expect.{ext}").write_bytes(text.encode("utf-8"))
    sys.exit(0)
