"""The chat app in a real headless Chromium: what a reader sees first, citations opened from inside answers,
no internal ids, filters, examples, Browse, export, and nothing fetched from outside."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
JURISDICTION = "what must Denmark change on jurisdiction?"
EXTORTION = "What does the Committee require about sexual extortion?"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WAIT = 60
DESKTOP, MOBILE = (1400, 1000), (400, 860)

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
        f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
    ):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    yield driver
    driver.quit()


def wait(driver, condition, timeout: float = WAIT):
    """Wait for a condition; the chat re-renders its messages, so a stale element just means "try again"."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def citation_link(driver, answer: int, text: str):
    """The link reading `text` in the answer-th answer (0: the first), found afresh."""
    return wait(driver, lambda d: next(
        a for a in d.find_elements("css selector", "#chat .bot-row")[answer].find_elements("css selector", "a")
        if a.text == text
    ))  # fmt: skip


def first_row(driver):
    """The first Browse row that shows anything (the table's rows are virtual)."""
    return next(r for r in driver.find_elements("css selector", "#browse .virtual-row") if r.text)


def act(driver, do, timeout: float = WAIT):
    """Do something with freshly found elements, again if the page re-rendered them meanwhile."""
    return wait(driver, lambda d: do(d) or True, timeout)


def find(driver, css: str):
    from selenium.webdriver.common.by import By

    return wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, css))


def answers(driver) -> int:
    return len(driver.find_elements("css selector", "#chat .bot-row"))


def ask(driver, question: str) -> None:
    """Type a question, send it, and wait for its answer."""
    before = answers(driver)
    box = find(driver, "#question textarea")
    box.send_keys(question)
    find(driver, "#send").click()
    wait(driver, lambda d: answers(d) > before and last_answer(d).text.strip() != "")


def fresh(driver, url: str, size=DESKTOP) -> None:
    driver.set_window_size(*size)
    driver.get(url)
    find(driver, "#question textarea")


def in_view(driver, element, box_css: str) -> bool:
    """The element's top lies inside the visible part of its scrolling box, and of the window."""
    return driver.execute_script(
        "const e = arguments[0].getBoundingClientRect(), b = document.querySelector(arguments[1])"
        ".getBoundingClientRect(); return e.top >= b.top - 1 && e.top < b.bottom && e.height > 0"
        " && e.top >= 0 && e.top < window.innerHeight;",
        element,
        box_css,
    )


def last_answer(driver):
    return driver.find_elements("css selector", "#chat .bot-row")[-1]


@pytest.mark.parametrize("size", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_the_start_of_each_new_answer_is_in_view(app_url, browser, size):
    fresh(browser, app_url, size)
    ask(browser, EXTORTION)
    ask(browser, JURISDICTION)
    wait(browser, lambda d: d.execute_script("return document.querySelector('#chat [role=log]').scrollTop") > 0)
    wait(browser, lambda d: in_view(d, last_answer(d), "#chat [role=log]")
         and in_view(d, last_answer(d).find_element("css selector", "li"), "#chat [role=log]"))  # fmt: skip
    assert last_answer(browser).text.startswith("3 Denmark-specific recommendations on jurisdiction rules")
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"answer-{size[0]}.png"))


def test_a_citation_inside_an_earlier_answer_opens_in_place_by_click_and_keyboard(app_url, browser):
    from selenium.webdriver.common.keys import Keys

    fresh(browser, app_url)
    ask(browser, JURISDICTION)
    ask(browser, EXTORTION)

    def click_iv9(d):
        link = citation_link(d, 0, "Recommendation IV-9")  # in the earlier answer, not the latest
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()

    act(browser, click_iv9)
    wait(browser, lambda d: "habitual residence" in d.find_element("css selector", "#in-place .cited mark").text)
    wait(browser, lambda d: in_view(d, d.find_element("css selector", "#in-place .cited"), "#in-place .in-place"))
    assert "Recommendation IV-9." in find(browser, "#in-place .cited .footnotes").text

    def enter_on_iv5(d):  # keyboard: a citation is a link, focused and opened with Enter
        link = citation_link(d, 0, "Recommendation IV-5")
        d.execute_script("arguments[0].focus()", link)
        link.send_keys(Keys.ENTER)

    act(browser, enter_on_iv5)
    wait(browser, lambda d: "remove the requirement" in d.find_element("css selector", "#in-place .cited mark").text)
    assert len(browser.find_elements("css selector", "#in-place .cited")) == 1  # replaced, not added to
    browser.execute_script(  # the page at its top, the chat at the earlier answer's start, for the picture
        "window.scrollTo(0, 0); const log = document.querySelector('#chat [role=log]');"
        "const asked = log.querySelectorAll('.user-row')[0];"
        "log.scrollTop = asked.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop - 8;"
    )
    browser.save_screenshot(str(ARTIFACTS / "citation-in-place.png"))
    if os.environ.get("UPDATE_SCREENSHOT"):  # refreshes the README pictures on demand, never as a side effect
        (ROOT / "docs").mkdir(exist_ok=True)
        browser.save_screenshot(str(ROOT / "docs" / "screenshot.png"))


def test_no_internal_id_and_plain_message_labels(app_url, browser, engine):
    fresh(browser, app_url)
    ask(browser, JURISDICTION)
    ask(browser, EXTORTION)
    act(browser, lambda d: last_answer(d).find_element("css selector", 'a[href^="#passage-"]').click())
    find(browser, "#in-place .cited")
    text = browser.execute_script("return document.body.innerText")
    ids = [p.id for p in engine.index.passages]
    assert not [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
    labelled = browser.find_elements("css selector", '#chat [aria-label*="\'s message: "]')
    labels = [e.get_attribute("aria-label") for e in labelled]
    assert labels and all(not re.search(r"<\w|\*\*|\]\(", label) for label in labels), labels
    assert any(label.startswith("bot's message: 3 Denmark-specific") for label in labels)


def test_filter_chip_shows_and_clears_and_filters_say_when_nothing_matches(app_url, browser):
    fresh(browser, app_url)
    assert not any(e.is_displayed() for e in browser.find_elements("css selector", "#filter-chip"))
    browser.find_element("xpath", "//button[contains(., 'Filters for the next questions')]").click()
    find(browser, "#f-chapter input").click()
    option = wait(browser, lambda d: next((o for o in d.find_elements("css selector", "[role=option]")
                                           if o.text.startswith("XI ")), None))  # fmt: skip
    option.click()
    chip = wait(
        browser, lambda d: next((e for e in d.find_elements("css selector", "#filter-chip") if e.is_displayed()), None)
    )
    assert "Chapter XI" in chip.text
    ask(browser, "jurisdiction over offences committed abroad")
    assert "Nothing within these filters" in last_answer(browser).text
    browser.save_screenshot(str(ARTIFACTS / "filter-chip.png"))
    find(browser, "#clear-filters").click()
    wait(browser, lambda d: not any(e.is_displayed() for e in d.find_elements("css selector", "#filter-chip")))


def test_an_example_button_asks(app_url, browser):
    fresh(browser, app_url)
    before = answers(browser)
    browser.find_element("xpath", "//button[contains(@class, 'example') and contains(., 'jurisdiction')]").click()
    wait(browser, lambda d: answers(d) > before)
    wait(browser, lambda d: "Recommendation IV-9" in last_answer(d).text)


def test_page_fetches_nothing_from_outside_even_when_a_question_holds_an_image(app_url, browser):
    fresh(browser, app_url)
    browser.get_log("performance")  # from here on
    ask(browser, "training for judges ![x](http://198.51.100.7/a.png) <img src=http://198.51.100.7/b.png>")
    question = browser.find_elements("css selector", "#chat .user-row")[-1]
    assert "![x](http://198.51.100.7/a.png)" in question.text  # shown as typed, as text
    assert not question.find_elements("css selector", "img")
    ask(browser, JURISDICTION)
    hosts = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = urlsplit(message["params"]["request"]["url"])
            if url.scheme in ("http", "https", "ws", "wss"):
                hosts.add(url.hostname)
    assert hosts == {"127.0.0.1"}


def test_export_downloads_the_conversation_then_new_conversation_clears_it(app_url, browser, tmp_path):
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    fresh(browser, app_url)
    ask(browser, JURISDICTION)
    export = find(browser, "#export")
    wait(browser, lambda d: export.is_enabled())
    export.click()
    wait(browser, lambda d: list(tmp_path.glob("*.md")))
    (saved,) = tmp_path.glob("*.md")
    text = saved.read_text(encoding="utf-8")
    assert "## 1. what must Denmark change on jurisdiction?" in text
    assert "- Exported: " in text and "last update 25.05.2023" in text and "Footnote 58: Recommendation IV-5." in text
    find(browser, "#new").click()
    wait(browser, lambda d: not d.find_elements("css selector", "#chat .bot-row"))
    assert not find(browser, "#export").is_enabled()


@pytest.mark.parametrize("size", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_browse_lists_every_passage_with_practices_search_and_nothing_matches(app_url, browser, size):
    from selenium.webdriver.common.keys import Keys

    fresh(browser, app_url, size)
    browser.find_element("xpath", "//button[@role='tab' and contains(., 'Browse')]").click()
    status = find(browser, "#browse-status")
    wait(browser, lambda d: "134 passages" in status.text)
    search = find(browser, "#browse-search input, #browse-search textarea")
    search.send_keys("Folkeskole")  # a term outside every recommendation
    wait(browser, lambda d: re.match(r"\d+ passages?\.", d.find_element("css selector", "#browse-status").text))
    wait(browser, lambda d: "promising practice" in first_row(d).text)
    act(browser, lambda d: first_row(d).find_elements("css selector", "[role=gridcell], td")[-1].click())
    mark = find(browser, "#browse-in-place .cited mark")
    assert "Folkeskole" in mark.text
    browser.save_screenshot(str(ARTIFACTS / f"browse-{size[0]}.png"))
    search.send_keys(" zzqx")
    wait(browser, lambda d: "Nothing matches" in d.find_element("css selector", "#browse-status").text)
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys(Keys.DELETE)
    wait(browser, lambda d: "134 passages" in d.find_element("css selector", "#browse-status").text)
