"""Pages readers can use (issue 21), on built files: the published set, the language switcher,
the byline, the index's shares, notice wording and template overrides from the project."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import html5lib
import pytest
from pagesproject import ARABIC, make_pages_project, republish

from l10n.config import load_config
from l10n.errors import ConfigError
from l10n.formats.html import segment_html
from l10n.formats.markdown.extract import segment_markdown
from l10n.publish.byline import byline, source_byline
from l10n.publish.pages import build_html
from l10n.publish.site import NOTICES, own_name


def tree(path: Path):
    page = path.read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(page)  # well-formed HTML5
    return html5lib.parse(page, namespaceHTMLElements=False)


def switcher(root) -> list[tuple[str, str, str | None, str | None]]:
    nav = root.find(".//nav[@data-l10n='switcher']")
    return [(a.text, a.get("href"), a.get("dir"), a.get("aria-current")) for a in nav.iter("a")]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mp = pytest.MonkeyPatch()
    try:
        return make_pages_project(tmp_path_factory.mktemp("pages"), mp)
    finally:
        mp.undo()


def test_only_pages_that_show_translated_text_are_published(site: Path) -> None:
    built = sorted(p.relative_to(site / "build").as_posix() for p in (site / "build").rglob("*.html"))
    assert built == [
        "ar/harbor.html",
        "en/harbor.html",
        "en/quiet.html",
        "index.html",
        "vi/harbor.html",
        "vi/quiet.html",
    ]  # no fr page at all, no ar/quiet: they would show English only
    index = (site / "build/index.html").read_text(encoding="utf-8")
    assert "fr/" not in index and "ar/quiet" not in index
    assert "ar/quiet" not in (site / "build/vi/quiet.html").read_text(encoding="utf-8")


def test_switcher_names_each_published_language_in_itself(site: Path) -> None:
    # The original first, then the configured order (vi, ar) on every page.
    assert switcher(tree(site / "build/vi/harbor.html")) == [
        ("English", "../en/harbor.html", None, None),
        ("Tiếng Việt", "../vi/harbor.html", None, "page"),
        ("العربية", "../ar/harbor.html", "rtl", None),
    ]
    assert switcher(tree(site / "build/ar/harbor.html")) == [
        ("English", "../en/harbor.html", "ltr", None),
        ("Tiếng Việt", "../vi/harbor.html", "ltr", None),
        ("العربية", "../ar/harbor.html", None, "page"),
    ]
    # quiet.txt is published in vi only: its original page lists English and Tiếng Việt.
    assert [name for name, *_ in switcher(tree(site / "build/en/quiet.html"))] == ["English", "Tiếng Việt"]
    assert [own_name(t) for t in ("fr", "vi", "ar", "zh-Hans")] == [
        "Français",
        "Tiếng Việt",
        "العربية",
        "中文 (简体)",
    ]


def test_byline_in_the_page_language(site: Path) -> None:
    def line(lang: str) -> tuple[str, str | None]:
        p = tree(site / f"build/{lang}/harbor.html").find(".//p[@data-l10n='byline']")
        return "".join(p.itertext()), p.find("time").get("datetime")

    assert line("vi") == ("Jane Doe · 1 tháng 3, 2026", "2026-03-01")
    assert line("ar") == ("Jane Doe · 1 مارس 2026", "2026-03-01")
    assert line("en") == ("Jane Doe · March 1, 2026", "2026-03-01")
    article = tree(site / "build/vi/harbor.html").find(".//article")
    assert [el.tag for el in article][:3] == ["p", "h1", "p"]  # notice, headline, then the byline
    assert tree(site / "build/vi/quiet.html").find(".//p[@data-l10n='byline']") is None  # none in the source


def test_byline_sources() -> None:
    md, _ = segment_markdown(
        "---\ndate: '2026-01-31T22:00:00Z'\n---\n\nText.\n", path="source/a.md", slug="a"
    )
    assert source_byline(md) == ("", dt.date(2026, 1, 31))

    html = (
        '<html><head><meta name="Author" content=" Lê  Văn "><meta property="article:published_time"'
        ' content="2025-12-24T08:00:00+07:00"></head><body><h1>T</h1><p>One.</p></body></html>'
    )
    doc, _ = segment_html(html, path="source/h.html", slug="h")
    assert source_byline(doc) == ("Lê Văn", dt.date(2025, 12, 24))
    timed, _ = segment_html(
        '<p>One. <time datetime="2024-05-06">May 6</time></p>', path="source/t.html", slug="t"
    )
    assert byline(timed, "fr") is not None and byline(timed, "fr").shown == "6 mai 2024"  # type: ignore[union-attr]
    page = build_html(doc, {}, "vi", alternates=[], base_url="")
    root = html5lib.parse(page, namespaceHTMLElements=False)
    by = root.find(".//p[@data-l10n='byline']")
    assert "".join(by.itertext()) == "Lê Văn · 24 tháng 12, 2025"
    assert root.find("body/h1") is not None and list(root.find("body")).index(by) == 1 + list(
        root.find("body")
    ).index(root.find("body/h1"))


def test_index_shows_reviewed_beside_shown(site: Path) -> None:
    rows = tree(site / "build/index.html").findall(".//tbody/tr")
    cells = [
        [
            (td.find("a").text, [s.text for s in td.iter("small")]) if td.find("a") is not None else None
            for td in tr.iter("td")
        ]
        for tr in rows
    ]
    assert cells[0] == [("100%", ["51% reviewed"]), ("84%", ["84% reviewed", "16% English"]), None]
    assert cells[1] == [("100%", ["0% reviewed"]), None, None]
    heads = [h.text for h in tree(site / "build/index.html").iter("span") if h.get("class") == "own"]
    assert heads == ["Tiếng Việt", "العربية", "Français"]


def test_english_notice_is_marked_english_on_an_rtl_page(site: Path) -> None:
    notice = tree(site / "build/ar/harbor.html").find(".//p[@class='notice']")
    assert (notice.get("lang"), notice.get("dir"), notice.get("data-notice")) == ("en", "ltr", "fallback")
    assert ARABIC in (site / "build/ar/harbor.html").read_text(encoding="utf-8")


def test_config_words_the_notices_and_may_publish_untranslated_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = (
        "publish.untranslated_pages = true\n"
        '[notices.vi]\nunreviewed = "Máy dịch, chưa duyệt."\n'
        '[notices.ar]\nfallback = "بعض النص بالإنجليزية."\n'
    )
    root = make_pages_project(tmp_path, monkeypatch, config)
    vi = tree(root / "build/vi/harbor.html").find(".//p[@class='notice']")
    assert (vi.text, vi.get("lang")) == ("Máy dịch, chưa duyệt.", None)
    ar = tree(root / "build/ar/harbor.html").find(".//p[@class='notice']")
    assert (ar.text, ar.get("lang"), ar.get("dir")) == ("بعض النص بالإنجليزية.", None, None)
    assert (root / "build/fr/harbor.html").is_file()  # shows no French, published on request
    assert "Français" in (root / "build/vi/harbor.html").read_text(encoding="utf-8")
    assert NOTICES["vi"] not in (root / "build/vi/harbor.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            '[notices.vi]\nwarning = "x"\n',
            "l10n.toml:3: notices.vi.warning: unknown key (expected unreviewed or fallback)",
        ),
        (
            '[notices.vi]\nunreviewed = ""\n',
            "l10n.toml:3: notices.vi.unreviewed: expected a non-empty string",
        ),
        ('[notices.xx-QQ]\nunreviewed = "x"\n', "notices"),
    ],
)
def test_bad_notice_config_is_one_line(tmp_path: Path, table: str, message: str) -> None:
    (tmp_path / "l10n.toml").write_text('languages = ["vi"]\n' + table, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_project_templates_override_and_are_checked(site: Path) -> None:
    folder = site / "templates"
    folder.mkdir(exist_ok=True)
    custom = (
        '<!DOCTYPE html>\n<html lang="{{ lang }}" dir="{{ dir }}">\n<head>\n<meta charset="utf-8">\n'
        "<title>{{ title }} | Harbor Daily</title>\n</head>\n"
        "<body>{{ body if body is not none else '' }}</body>\n</html>\n"
    )
    (folder / "article.html.j2").write_text(custom, encoding="utf-8")
    try:
        run = republish(site)
        assert not run.report.errors
        page = (site / "build/vi/harbor.html").read_text(encoding="utf-8")
        assert "<title>Các cảng mở cửa trở lại sau bão | Harbor Daily</title>" in page
        assert (site / "build/index.html").read_text(encoding="utf-8").count("<table") == 1  # built-in index
        (folder / "article.html.j2").write_text(
            custom.replace('<meta charset="utf-8">\n', ""), encoding="utf-8"
        )
        with pytest.raises(ConfigError) as err:
            republish(site)
        assert str(err.value) == (
            f"{folder / 'article.html.j2'}: template refused: the page must start with <!DOCTYPE html> "
            'and have <meta charset="utf-8"> first in <head>'
        )
        (folder / "article.html.j2").write_text("<!DOCTYPE html>\n{% if %}\n", encoding="utf-8")
        with pytest.raises(ConfigError) as err:
            republish(site)
        assert str(err.value).startswith(f"{folder / 'article.html.j2'}:2: template error:")
    finally:
        (folder / "article.html.j2").unlink()
        folder.rmdir()
        republish(site)
