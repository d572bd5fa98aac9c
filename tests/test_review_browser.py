"""The review page in a real browser: Debian's Chromium driven by Selenium, headless.

Approve an entry with the keyboard, edit another (a placeholder chip goes in one keystroke),
then change the file behind the page and see the conflict; after each step the .po is read with
polib and checked with ``msgfmt -c``. Also a screenshot for a person to look at. Needs
``/usr/bin/chromium`` and ``/usr/bin/chromedriver`` (``apt-get install -y chromium
chromium-driver``; ``.ci/run`` does it); never downloads a browser or a driver.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from reviewpage import AR, REPORT, VI, make_page_project, serving_lang
from reviewproject import CAPTION, CHANGED_MSGID, TXT_PO, make_project, serving

from l10n.catalog import pofile
from l10n.review.changes import ENGLISH

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
MD_PO = "locales/vi/LC_MESSAGES/summit-brief.po"
WAIT = 10.0  # seconds for one page reaction


def chromium(profile: Path) -> object:
    """A headless Chromium WebDriver (Selenium Manager never runs: both binaries are given).

    Raises:
        pytest.fail: Chromium or its driver is missing (names the install step).
    """
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        pytest.fail(
            f"{', '.join(missing)} missing: install Debian's browser for the review page tests with "
            "`apt-get install -y chromium chromium-driver` (.ci/run does it)"
        )
    os.environ["SE_AVOID_BROWSER_DOWNLOAD"] = "true"
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,900",
        "--lang=en-US",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    browser = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(WAIT)
    return browser


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One headless Chromium for the module's tests."""
    browser = chromium(tmp_path_factory.mktemp("chromium"))
    try:
        yield browser
    finally:
        browser.quit()  # type: ignore[attr-defined]


def keys(browser: object, *chord: str) -> None:
    """Press ``chord`` (modifiers first, then one key) on the focused element."""
    from selenium.webdriver.common.action_chains import ActionChains

    actions = ActionChains(browser)  # type: ignore[arg-type]
    *mods, key = chord
    for mod in mods:
        actions.key_down(mod)
    actions.send_keys(key)
    for mod in reversed(mods):
        actions.key_up(mod)
    actions.perform()


def current(browser: object) -> object:
    """The current entry (``article.entry.current``), once the page has chosen one."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, WAIT).until(
        lambda b: b.find_element(By.CSS_SELECTOR, "article.entry.current")  # type: ignore[attr-defined]
    )


def wait_for(browser: object, condition: object) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, WAIT).until(condition)  # type: ignore[arg-type]


def approve(browser: object, article: object) -> None:
    """Ctrl+Enter on the current entry ``article``; confirm when the page asks for a second
    confirmation (a failing check), then wait until it is approved."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    keys(browser, Keys.CONTROL, Keys.ENTER)
    confirm = article.find_element(By.CSS_SELECTOR, ".confirm")  # type: ignore[attr-defined]
    classes = lambda: article.get_attribute("class")  # type: ignore[attr-defined]  # noqa: E731
    wait_for(browser, lambda b: "approved" in classes() or confirm.is_displayed())
    if "approved" not in classes():
        confirm.find_element(By.CSS_SELECTOR, '[data-action="confirm"]').click()
    wait_for(browser, lambda b: "approved" in classes())


def entry(po: Path, msgid_start: str) -> polib.POEntry:
    """The entry of ``po`` whose msgid starts with ``msgid_start``, read with polib."""
    return next(e for e in polib.pofile(str(po)) if e.msgid.startswith(msgid_start))


def msgfmt_ok(po: Path) -> None:
    result = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_approve_edit_and_conflict_with_the_keyboard(
    driver: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    root = make_project(tmp_path / "p", monkeypatch)
    txt, md = root / TXT_PO, root / MD_PO
    with serving(root) as server:
        driver.get(server.url)  # type: ignore[attr-defined]
        first = current(driver)
        assert first.get_attribute("data-msgid") == CHANGED_MSGID  # source changed: first (issue 21)  # type: ignore[attr-defined]
        focused = driver.switch_to.active_element  # type: ignore[attr-defined]
        assert "target" in focused.get_attribute("class")
        keys(driver, Keys.ALT, "n")
        assert current(driver).get_attribute("data-msgid") == "Will Russia-NATO tensions ease?"  # type: ignore[attr-defined]

        # 1. skip the headline (Alt+N), approve the next entry as it is (Ctrl+Enter)
        keys(driver, Keys.ALT, "n")
        second = current(driver)
        msgid = second.get_attribute("data-msgid")  # type: ignore[attr-defined]
        assert msgid.startswith("On June 6, NATO began")
        assert entry(txt, msgid).tcomment.startswith("l10n-mt:")
        before = txt.read_bytes()
        keys(driver, Keys.CONTROL, Keys.ENTER)
        # the fake engine's output fails number-mismatch: a second confirmation, nothing written yet
        confirm = second.find_element(By.CSS_SELECTOR, ".confirm")  # type: ignore[attr-defined]
        wait_for(driver, lambda b: confirm.is_displayed())
        assert confirm.find_element(By.CSS_SELECTOR, ".confirm-message").text.startswith(
            "this translation fails number-mismatch; the page will show this translation."
        )
        assert txt.read_bytes() == before
        driver.switch_to.active_element.send_keys(Keys.ENTER)  # focus is on "Approve anyway"  # type: ignore[attr-defined]
        wait_for(driver, lambda b: "approved" in second.get_attribute("class"))  # type: ignore[attr-defined]
        approved = entry(txt, msgid)
        assert (approved.msgstr, approved.fuzzy, approved.tcomment) == (f"[vi] {msgid}", False, "")
        msgfmt_ok(txt)
        assert current(driver).get_attribute("data-msgid") != msgid  # moved on  # type: ignore[attr-defined]

        # 2. go to the Markdown entry with placeholders; one Backspace takes a whole chip
        for _ in range(40):
            if current(driver).get_attribute("data-msgid").startswith("Leaders met"):  # type: ignore[attr-defined]
                break
            keys(driver, Keys.ALT, "n")
        leaders = current(driver)
        original = leaders.get_attribute("data-original")  # type: ignore[attr-defined]
        assert original.endswith("</2>.")
        chips = leaders.find_elements(By.CSS_SELECTOR, ".target .ph")  # type: ignore[attr-defined]
        assert [c.get_attribute("data-token") for c in chips] == ["<1>", "</1>", "<2>", "</2>"]
        editor = driver.switch_to.active_element  # type: ignore[attr-defined]
        editor.send_keys(Keys.END, Keys.BACKSPACE, Keys.BACKSPACE)  # the "." then the chip </2>
        text = driver.execute_script("return window.l10nReview.serialise(arguments[0])", editor)  # type: ignore[attr-defined]
        assert text == original[: -len("</2>.")]  # no half token such as "</2" is left
        editor.send_keys(" nhé")
        approve(driver, leaders)
        edited = entry(md, "Leaders met")
        assert (edited.msgstr, edited.fuzzy, edited.tcomment) == (
            original[: -len("</2>.")] + " nhé",
            False,
            "",
        )
        msgfmt_ok(md)

        # 3. the caption is changed on disk behind the page (an editor saved it): a conflict
        for _ in range(40):
            if current(driver).get_attribute("data-msgid") == CAPTION:  # type: ignore[attr-defined]
                break
            keys(driver, Keys.ALT, "p")
        caption = current(driver)
        theirs = txt.read_text(encoding="utf-8").replace(f'msgstr "[vi] {CAPTION}"', 'msgstr "Ảnh: NATO họp"')
        txt.write_text(theirs, encoding="utf-8")
        saved = txt.read_bytes()
        driver.switch_to.active_element.send_keys(" (sửa)")  # type: ignore[attr-defined]
        keys(driver, Keys.CONTROL, Keys.ENTER)
        box = caption.find_element(By.CSS_SELECTOR, ".conflict")  # type: ignore[attr-defined]
        wait_for(driver, lambda b: box.is_displayed())
        assert box.find_element(By.CSS_SELECTOR, ".theirs").text == "Ảnh: NATO họp"
        assert box.find_element(By.CSS_SELECTOR, ".yours").text == f"[vi] {CAPTION} (sửa)"
        assert "changed on disk" in driver.find_element(By.ID, "status").text  # type: ignore[attr-defined]
        assert txt.read_bytes() == saved  # the other save is kept
        assert entry(txt, CAPTION).msgstr == "Ảnh: NATO họp"
        msgfmt_ok(txt)

        # having seen both, take theirs (Alt+T) and approve it
        keys(driver, Keys.ALT, "t")
        approve(driver, caption)
        final = entry(txt, CAPTION)
        assert (final.msgstr, final.fuzzy, final.tcomment) == ("Ảnh: NATO họp", False, "")
        assert entry(txt, msgid).msgstr == f"[vi] {msgid}"  # the first approval is still there
        msgfmt_ok(txt)


def by_msgid(browser: object, msgid: str) -> object:
    """The page's entry for ``msgid``."""
    from selenium.webdriver.common.by import By

    found = browser.find_elements(By.CSS_SELECTOR, "article.entry")  # type: ignore[attr-defined]
    return next(e for e in found if e.get_attribute("data-msgid") == msgid)


def text_of(browser: object, css: str) -> str:
    from selenium.webdriver.common.by import By

    return str(browser.find_element(By.CSS_SELECTOR, css).text)  # type: ignore[attr-defined]


def test_arabic_is_edited_right_to_left_and_the_page_names_its_language(
    driver: object, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    root = make_page_project(tmp_path / "p", "ar", AR)
    with serving_lang(root, "ar") as server:
        driver.get(server.url)  # type: ignore[attr-defined]
        first = current(driver)
        style = "return getComputedStyle(arguments[0]).direction"
        editor = first.find_element(By.CSS_SELECTOR, ".target")  # type: ignore[attr-defined]
        source = first.find_element(By.CSS_SELECTOR, ".source")  # type: ignore[attr-defined]
        assert driver.execute_script(style, editor) == "rtl"  # type: ignore[attr-defined]
        assert driver.execute_script(style, source) == "ltr"  # type: ignore[attr-defined]
        assert (editor.get_attribute("lang"), source.get_attribute("lang")) == ("ar", "en")
        assert driver.title == "Review — العربية (ar) · l10n"  # type: ignore[attr-defined]
        assert text_of(driver, "h1") == "Review — العربية (ar)"
        labels = text_of(driver, "section.article .columns")
        assert "Source (English)" in labels and "Translation (العربية)" in labels


def test_filters_counts_lines_and_the_new_machine_suggestion(driver: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    root = make_page_project(tmp_path / "p", "vi", VI)
    council = root / "locales" / "vi" / "LC_MESSAGES" / "council.po"
    with serving_lang(root, "vi") as server:
        driver.get(server.url)  # type: ignore[attr-defined]
        first = current(driver)
        assert first.get_attribute("data-msgid") == "The council met on Monday."  # type: ignore[attr-defined]
        assert text_of(driver, "#left") == "5 left"
        assert text_of(driver, '.count[data-reason="machine"] .n') == "3"
        article, reason = (
            Select(driver.find_element(By.ID, "filter-article")),
            Select(  # type: ignore[attr-defined]
                driver.find_element(By.ID, "filter-reason")  # type: ignore[attr-defined]
            ),
        )
        article.select_by_value("harbor")
        assert text_of(driver, "#left") == "2 left"
        shown = [
            e.get_attribute("data-msgid")
            for e in driver.find_elements(By.CSS_SELECTOR, "article.entry")
            if e.is_displayed()
        ]  # type: ignore[attr-defined]
        assert shown == ["The fire started at night.", "Firefighters came quickly."]
        reason.select_by_value("untranslated")
        assert text_of(driver, "#left") == "1 left"
        article.select_by_value("")
        reason.select_by_value("source-changed")
        assert text_of(driver, "#left") == "1 left"
        reason.select_by_value("")

        # the suggestion, not the old human text, is offered; "use it" (Alt+U) takes it
        first.find_element(By.CSS_SELECTOR, ".target").click()  # type: ignore[attr-defined]
        assert "l10n-mt-suggestion" not in first.text  # type: ignore[attr-defined]
        assert first.find_element(By.CSS_SELECTOR, ".suggested").text == VI["suggestion"]  # type: ignore[attr-defined]
        keys(driver, Keys.ALT, "u")
        editor = first.find_element(By.CSS_SELECTOR, ".target")  # type: ignore[attr-defined]
        assert (
            driver.execute_script("return window.l10nReview.serialise(arguments[0])", editor)
            == VI["suggestion"]
        )  # type: ignore[attr-defined]
        mayor = by_msgid(driver, "The mayor spoke first.")
        line_before = int(mayor.find_element(By.CSS_SELECTOR, ".line").text)  # type: ignore[attr-defined]
        approve(driver, first)
        met = entry(council, "The council met")
        assert (met.msgstr, met.fuzzy, met.previous_msgid) == (VI["suggestion"], False, None)
        # the other entries' line numbers follow the file, without a reload
        lines = {m.msgid: m.line for m in pofile.parse(council.read_text(encoding="utf-8")).active()}
        wait_for(
            driver,
            lambda b: (
                mayor.find_element(By.CSS_SELECTOR, ".line").text
                == str(lines[mayor.get_attribute("data-msgid")])
            ),
        )  # type: ignore[attr-defined]
        assert lines["The mayor spoke first."] < line_before
        assert text_of(driver, "#left") == "4 left"
        assert text_of(driver, '.count[data-reason="source-changed"] .n') == "0"


def test_broken_approval_asks_twice_and_says_the_page_shows_english(driver: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    root = make_page_project(tmp_path / "p", "vi", VI)
    council = root / "locales" / "vi" / "LC_MESSAGES" / "council.po"
    with serving_lang(root, "vi") as server:
        driver.get(server.url)  # type: ignore[attr-defined]
        current(driver)
        report = by_msgid(driver, REPORT)
        editor = report.find_element(By.CSS_SELECTOR, ".target")  # type: ignore[attr-defined]
        editor.click()
        editor.send_keys(Keys.CONTROL, "a")
        editor.send_keys(Keys.DELETE, "Đọc báo cáo.")
        before = council.read_bytes()
        keys(driver, Keys.CONTROL, Keys.ENTER)
        confirm = report.find_element(By.CSS_SELECTOR, ".confirm")  # type: ignore[attr-defined]
        wait_for(driver, lambda b: confirm.is_displayed())
        message = confirm.find_element(By.CSS_SELECTOR, ".confirm-message").text
        assert message.startswith("this translation fails placeholder-mismatch; " + ENGLISH)
        assert message.count("placeholder-mismatch") == 1  # each code once
        assert council.read_bytes() == before  # nothing written before the second confirmation
        confirm.find_element(By.CSS_SELECTOR, '[data-action="confirm"]').click()
        wait_for(driver, lambda b: "approved" in report.get_attribute("class"))  # type: ignore[attr-defined]
        shows = report.find_element(By.CSS_SELECTOR, ".shows")  # type: ignore[attr-defined]
        assert shows.is_displayed() and shows.text == ENGLISH
        assert report.get_attribute("data-reason") == "unrenderable"  # type: ignore[attr-defined]
        codes = [c.text for c in report.find_elements(By.CSS_SELECTOR, ".issues code")]  # type: ignore[attr-defined]
        assert codes[:2] == ["placeholder-mismatch", "placeholder-mismatch"]  # <1> and </1> missing
        assert text_of(driver, '.count[data-reason="unrenderable"] .n') == "1"
        saved = entry(council, "Read the")
        assert (saved.msgstr, saved.fuzzy) == ("Đọc báo cáo.", False)
        msgfmt_ok(council)


def save_screenshot(driver: object, root: Path, out: Path, height: int = 900) -> None:
    """Open the review page of the project at ``root`` and save a PNG (1280 x ``height``) at ``out``."""
    with serving(root) as server:
        driver.set_window_size(1280, height)  # type: ignore[attr-defined]
        driver.get(server.url)  # type: ignore[attr-defined]
        current(driver)
        driver.execute_script("window.scrollTo(0, 0)")  # type: ignore[attr-defined]
        assert driver.save_screenshot(str(out))  # type: ignore[attr-defined]


def test_screenshot_for_a_person_to_look_at(
    driver: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path / "p", monkeypatch)
    out = tmp_path / "review.png"
    save_screenshot(driver, root, out)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 900) or width >= 1000
    assert len(data) > 20_000  # a rendered page, not a blank one


if __name__ == "__main__":  # python tests/test_review_browser.py docs/review.png (README's picture)
    import sys
    import tempfile

    out = Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        patch = pytest.MonkeyPatch()
        project = make_project(Path(tmp) / "p", patch, hostile=False)
        browser = chromium(Path(tmp) / "profile")
        try:
            save_screenshot(browser, project, out, height=1300)
        finally:
            browser.quit()  # type: ignore[attr-defined]
            patch.undo()
    print(f"wrote {out}")
