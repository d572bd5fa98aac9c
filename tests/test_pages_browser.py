"""Built pages in a real browser (Debian's Chromium, headless, driven by Selenium): the axe-core
accessibility check, language switcher links, right-to-left layout, the 360 px width and the
machine-translation marks. axe-core comes from ``node_modules`` (``npm ci``, as ``.ci/run`` does;
package.json pins it); the pages are files under ``tmp_path``, opened as ``file://`` URLs, so
nothing leaves the machine.

``python tests/test_pages_browser.py`` rewrites the screenshots in ``docs/`` (article light and
dark, the index, the article at 360 px) from the same project.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pagesproject import make_pages_project
from test_review_browser import chromium

REPO = Path(__file__).resolve().parent.parent
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ("vi/harbor.html", "ar/harbor.html", "index.html")
WAIT = 30  # seconds for one axe run


def axe_source() -> str:
    """axe-core's script (fails the test, naming the install step, when it is missing)."""
    if not AXE.is_file():  # CI installs it (.ci/run: npm ci) and must run this check
        reason = f"{AXE} missing: run `npm ci` in the repository (.ci/run does it)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


def violations(browser: Any) -> list[tuple[str, str, int]]:
    """axe-core's serious and critical violations of the open page: ``(rule, impact, nodes)``."""
    browser.execute_script(axe_source())
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => [v.id, v.impact, v.nodes.length])))"
        ".catch(e => done([['axe-error', String(e), 0]]));"
    )
    return [tuple(v) for v in found if v[1] in ("serious", "critical") or v[0] == "axe-error"]


def color_scheme(browser: Any, scheme: str) -> None:
    """Emulate ``prefers-color-scheme: scheme`` (Chrome DevTools Protocol)."""
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
    )


def width(browser: Any, px: int | None) -> None:
    """Emulate a viewport ``px`` CSS pixels wide (a phone), or clear the emulation (None)."""
    if px is None:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    else:
        metrics = {"width": px, "height": 780, "deviceScaleFactor": 1, "mobile": True}
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    mp = pytest.MonkeyPatch()
    try:
        yield make_pages_project(tmp_path_factory.mktemp("pages"), mp) / "build"
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    browser: Any = chromium(tmp_path_factory.mktemp("chromium"))
    browser.set_script_timeout(WAIT)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(site: Path, driver: Any, scheme: str) -> None:
    color_scheme(driver, scheme)
    try:
        for page in PAGES:
            driver.get((site / page).as_uri())
            assert violations(driver) == [], f"{page} ({scheme})"
    finally:
        color_scheme(driver, "light")


def test_switcher_links_resolve(site: Path, driver: Any) -> None:
    driver.get((site / "vi/harbor.html").as_uri())
    links = driver.execute_script(
        "return [...document.querySelectorAll('[data-l10n=switcher] a')]"
        ".map(a => [a.href, a.hreflang, a.textContent])"
    )
    assert [(tag, name) for _href, tag, name in links] == [
        ("en", "English"),
        ("vi", "Tiếng Việt"),
        ("ar", "العربية"),
    ]
    for href, tag, _name in links:
        driver.get(href)
        assert driver.execute_script("return document.documentElement.lang") == tag
        assert driver.execute_script("return document.querySelector('h1') !== null")
    driver.get((site / "index.html").as_uri())
    hrefs = driver.execute_script("return [...document.querySelectorAll('a')].map(a => a.href)")
    for href in hrefs:
        driver.get(href)
        assert driver.execute_script("return document.querySelector('article h1') !== null"), href


def test_rtl_page_and_english_notice(site: Path, driver: Any) -> None:
    driver.get((site / "ar/harbor.html").as_uri())
    style = "return getComputedStyle(document.querySelector(arguments[0])).direction"
    assert driver.execute_script(style, "article") == "rtl"
    assert driver.execute_script(style, ".notice") == "ltr"  # the English notice, marked lang=en dir=ltr
    assert driver.execute_script(style, "article span[lang=en]") == "ltr"


def test_machine_text_is_marked_by_a_shape_not_colour_alone(site: Path, driver: Any) -> None:
    driver.get((site / "vi/harbor.html").as_uri())
    marked = driver.execute_script(
        "const s = getComputedStyle(document.querySelector('.mt').closest('p'));"
        "return [s.borderInlineStartStyle, s.borderInlineStartWidth];"
    )
    assert marked[0] == "solid" and float(marked[1].removesuffix("px")) >= 3
    plain = driver.execute_script("return getComputedStyle(document.querySelector('.mt')).backgroundColor")
    assert plain == "rgba(0, 0, 0, 0)"  # no highlighter background
    driver.get((site / "ar/harbor.html").as_uri())
    fallback = driver.execute_script(
        "return getComputedStyle(document.querySelector('span[lang=en]')).textDecorationLine"
    )
    assert fallback == "none"  # English fallback no longer looks like a link


def test_360_px_has_no_horizontal_scroll(site: Path, driver: Any, tmp_path: Path) -> None:
    width(driver, 360)
    try:
        for page in PAGES:
            driver.get((site / page).as_uri())
            inner, scroll = driver.execute_script(
                "return [window.innerWidth, document.documentElement.scrollWidth]"
            )
            assert inner == 360 and scroll <= inner, page
        driver.save_screenshot(str(tmp_path / "index-360.png"))
    finally:
        width(driver, None)


def screenshots(out: Path) -> None:
    """Write the docs' screenshots of the pages project into ``out``."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="l10n-pages-") as tmp:
        mp = pytest.MonkeyPatch()
        site = make_pages_project(Path(tmp) / "project", mp) / "build"
        browser: Any = chromium(Path(tmp) / "chromium")
        try:
            browser.set_window_size(1000, 900)
            for name, page, scheme in (
                ("page-light.png", "vi/harbor.html", "light"),
                ("page-dark.png", "ar/harbor.html", "dark"),
                ("page-index.png", "index.html", "light"),
            ):
                color_scheme(browser, scheme)
                browser.get((site / page).as_uri())
                browser.save_screenshot(str(out / name))
            color_scheme(browser, "light")
            width(browser, 360)
            browser.get((site / "vi/harbor.html").as_uri())
            browser.save_screenshot(str(out / "page-360.png"))
        finally:
            browser.quit()
            mp.undo()


if __name__ == "__main__":  # python tests/test_pages_browser.py: refresh docs/page-*.png
    screenshots(REPO / "docs")
    sys.exit(0)
