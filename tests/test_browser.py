"""The chat app in a real headless Chromium: ask, read the cited answer, open a citation in place, browse."""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
JURISDICTION = "what must Denmark change on jurisdiction?"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WAIT = 60

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(engine):
    """The app served in-process on a free loopback port, around the session's engine."""
    from lanzarote_qa.ui import build_app, launch

    blocks = build_app(engine)
    _, url, _ = launch(blocks, port=free_port(), block=False, quiet=True)
    yield url
    blocks.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium with a fresh profile and no background traffic of its own."""
    if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
        pytest.skip("Chromium not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="chromium-", dir=tmp_path_factory.mktemp("browser"))
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1400,1300",
    ):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    yield driver
    driver.quit()


def wait(driver, condition, timeout: float = WAIT):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def find(driver, css: str):
    from selenium.webdriver.common.by import By

    return wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, css))


def visible_in_box(driver, element, box_css: str) -> bool:
    """The element lies (at least partly) inside the visible part of its scrolling box."""
    return driver.execute_script(
        "const e = arguments[0].getBoundingClientRect(), b = document.querySelector(arguments[1])"
        ".getBoundingClientRect(); return e.bottom > b.top && e.top < b.bottom && e.height > 0;",
        element,
        box_css,
    )


def test_jurisdiction_question_cited_and_opened_in_place(app_url, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(app_url)
    box = find(browser, "#question textarea")
    box.send_keys(JURISDICTION)
    box.send_keys(Keys.ENTER)
    chat = find(browser, "#chat")
    wait(browser, lambda d: "Recommendation IV-9" in chat.text)
    for rec in ("Recommendation IV-1", "Recommendation IV-5", "Recommendation IV-9"):
        assert rec in chat.text
    badges = {b.text for b in chat.find_elements(By.CSS_SELECTOR, ".badge")}
    assert {"Requires", "Requests", "Denmark-specific", "Chapter IV"} <= badges

    option = find(browser, "#cites").find_element(By.XPATH, ".//label[contains(., 'Recommendation IV-9')]")
    option.click()
    mark = find(browser, "#in-place .cited mark")
    assert mark.is_displayed()
    assert "habitual residence" in mark.text
    assert visible_in_box(browser, mark, "#in-place .in-place")
    assert "Recommendation IV-9." in find(browser, "#in-place .cited .footnotes").text

    # the start of the answer in view, for a screenshot a reader can check
    browser.execute_script(
        "const log = document.querySelector('#chat [role=log]'), asked = log.querySelectorAll('.user-row');"
        "log.scrollTop = asked[asked.length - 1].offsetTop - 8;"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "jurisdiction.png"))
    if os.environ.get("UPDATE_SCREENSHOT"):  # refreshes the README picture on demand, never as a side effect
        (ROOT / "docs").mkdir(exist_ok=True)
        browser.save_screenshot(str(ROOT / "docs" / "screenshot.png"))


def test_page_fetches_nothing_from_outside(app_url, browser):
    browser.get(app_url)
    find(browser, "#question textarea")
    hosts = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = urlsplit(message["params"]["request"]["url"])
            if url.scheme in ("http", "https", "ws", "wss"):
                hosts.add(url.hostname)
    assert hosts == {"127.0.0.1"}


def test_export_downloads_the_conversation_then_new_conversation_clears_it(app_url, browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    browser.get(app_url)
    box = find(browser, "#question textarea")
    box.send_keys(JURISDICTION)
    find(browser, "#send").click()
    chat = find(browser, "#chat")
    wait(browser, lambda d: "Recommendation IV-9" in chat.text)
    export = find(browser, "#export")
    wait(browser, lambda d: export.is_enabled())
    export.click()
    wait(browser, lambda d: list(tmp_path.glob("*.md")))
    (saved,) = tmp_path.glob("*.md")
    text = saved.read_text(encoding="utf-8")
    assert f"## 1. {JURISDICTION}" in text
    for rec in ("Recommendation IV-1", "Recommendation IV-5", "Recommendation IV-9"):
        assert rec in text

    assert find(browser, "#cites").is_displayed()
    find(browser, "#new").click()
    wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, "#chat .bot-row"))
    # Gradio 6 takes an invisible component out of the page
    wait(browser, lambda d: not any(e.is_displayed() for e in d.find_elements(By.ID, "cites")))
    assert not find(browser, "#export").is_enabled()


def test_browse_tab_search_and_open_a_row_in_place(app_url, browser):
    from selenium.webdriver.common.by import By

    browser.get(app_url)
    find(browser, "#question textarea")
    browser.find_element(By.XPATH, "//button[@role='tab' and contains(., 'Browse')]").click()
    find(browser, "#browse-search input, #browse-search textarea").send_keys("IV-5")
    wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#browse .virtual-row")) == 1)
    row = browser.find_element(By.CSS_SELECTOR, "#browse .virtual-row")
    assert "IV-5" in row.text
    row.find_elements(By.CSS_SELECTOR, "[role=gridcell]")[4].click()
    mark = find(browser, "#browse-in-place .cited mark")
    assert mark.is_displayed()
    assert "remove the requirement that prosecution" in mark.text
    assert "Recommendation IV-5." in find(browser, "#browse-in-place .cited .footnotes").text
