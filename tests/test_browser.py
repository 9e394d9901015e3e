"""The search page in a real browser: Debian's headless Chromium driven by Playwright.

Nothing here downloads a browser: the tests use /usr/bin/chromium (apt-get install chromium)
and skip, saying why, when it or the playwright package is missing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import pytest

CHROMIUM = os.environ.get("NEWSEARCH_CHROMIUM", "/usr/bin/chromium")
if not Path(CHROMIUM).exists():
    pytest.skip(
        f"{CHROMIUM} not found: apt-get install chromium (or set NEWSEARCH_CHROMIUM)",
        allow_module_level=True,
    )
pytest.importorskip("flask", reason="Flask is not installed (pip install '.[serve]')")
pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
)

from playwright.sync_api import Page, sync_playwright  # noqa: E402
from test_server import XSS_SCRIPT, build_index  # noqa: E402  (skips without NLTK data)

from newsearch.web import create_app  # noqa: E402

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from werkzeug.serving import make_server

    index_dir = build_index(tmp_path_factory.mktemp("browser"))
    server = make_server("127.0.0.1", 0, create_app(str(index_dir)), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert not dialogs, f"a script ran: {dialogs}"


def params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def search(page: Page, base_url: str, query: str) -> None:
    page.goto(base_url + "/")
    page.fill("input[name=q]", query)
    with page.expect_navigation():
        page.press("input[name=q]", "Enter")
    page.wait_for_load_state()


def count(page: Page) -> str:
    return page.inner_text("#count")


def test_type_query_first_hit_and_marks(page: Page, base_url: str) -> None:
    search(page, base_url, "khamenei")
    assert params(page)["q"] == ["khamenei"]
    first = page.locator(".hit").first
    assert first.locator("h3").inner_text() == "Khamenei welcomes Putin as drones talks begin"
    marks = [m.lower() for m in first.locator("mark").all_inner_texts()]
    assert "khamenei" in marks


def test_facet_paging_back_button_timeline(page: Page, base_url: str) -> None:
    search(page, base_url, "drones")
    assert "25 articles" in count(page)
    with page.expect_navigation():
        page.click("nav.pager a[rel=next]")
    assert params(page)["page"] == ["2"]
    assert page.inner_text("nav.pager [aria-current=page]") == "2"
    page.go_back()
    assert "page" not in params(page)
    with page.expect_navigation():
        page.click("#facet-people a:has-text('Vladimir Putin')")
    assert params(page)["person"] == ["Vladimir Putin"]
    narrowed = count(page)
    assert "25 articles" not in narrowed
    assert page.locator(".chips a:has-text('person: Vladimir Putin')").count() == 1
    assert page.locator("#facet-people li.on").count() == 1
    with page.expect_navigation():
        page.locator(".timeline a.bar").first.click()
    state = params(page)
    assert state["since"] and state["until"] and state["person"] == ["Vladimir Putin"]
    with page.expect_navigation():
        page.click(".chips a:has-text('person:')")  # remove the person filter
    assert "person" not in params(page) and "since" in params(page)


def test_date_form_keeps_filters_and_short_urls(page: Page, base_url: str) -> None:
    page.goto(base_url + "/?q=drones&country=Russia&sort=newest")
    page.fill("input[name=since]", "2022-06-01")
    with page.expect_navigation():
        page.click(".dates button")
    assert params(page) == {
        "q": ["drones"], "country": ["Russia"], "sort": ["newest"], "since": ["2022-06-01"],
    }  # fmt: skip
    dates = page.locator(".hit time").all_inner_texts()
    assert dates and min(dates) >= "2022-06-01" and dates == sorted(dates, reverse=True)
    page.fill("input[name=q]", "iran")  # a new query keeps the filters, back to page 1
    with page.expect_navigation():
        page.press("input[name=q]", "Enter")
    assert params(page)["q"] == ["iran"] and params(page)["country"] == ["Russia"]


def test_article_person_link_and_similar(page: Page, base_url: str) -> None:
    search(page, base_url, "khamenei")
    with page.expect_navigation():
        page.locator(".hit h3 a").first.click()
    assert page.inner_text("h1") == "Khamenei welcomes Putin as drones talks begin"
    assert "#" in unquote(urlparse(page.url).path)
    assert page.locator(".similar li").count() > 0
    with page.expect_navigation():
        page.click(".article a.tag.person:has-text('Vladimir Putin')")
    assert unquote(urlparse(page.url).path) == "/person/Vladimir Putin"
    assert page.inner_text("h1") == "Vladimir Putin"
    assert page.locator("#latest .hit").count() == 6
    with page.expect_navigation():  # the count beside a co-occurring name: the pair's articles
        page.click("#with-people a:has-text('Ali Khamenei')")
    assert params(page)["person"] == ["Vladimir Putin", "Ali Khamenei"]
    assert "6 articles" in count(page)


def test_hostile_article_stays_inert(page: Page, base_url: str) -> None:
    search(page, base_url, "harbour")
    assert page.locator(".hit img, .snippet script").count() == 0
    with page.expect_navigation():
        page.locator(".hit h3 a").first.click()
    assert page.locator("article img, article script").count() == 0
    assert XSS_SCRIPT in page.inner_text("article .body")  # shown as text, not run


def test_malformed_query_message(page: Page, base_url: str) -> None:
    search(page, base_url, 'iran "supreme leader')
    assert page.locator("#error").inner_text().strip()


@pytest.mark.parametrize("name,viewport", [("laptop", LAPTOP), ("phone", PHONE)])
def test_screenshot(browser: Any, base_url: str, tmp_path: Path, name: str, viewport: Any) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(base_url + "/?q=drones+iran")
    assert page.locator(".hit").count() > 0
    # Nothing may stick out sideways at phone width.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    target = Path(os.environ.get("NEWSEARCH_SCREENSHOTS", tmp_path)) / f"results-{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    top = target.with_name(f"results-{name}-top.png")
    page.screenshot(path=str(top))
    print(f"screenshots: {target} {top}")
    context.close()


def test_timeline_bars_take_the_keyboard(page: Page, base_url: str) -> None:
    page.goto(base_url + "/?q=drones")
    bar = page.locator(".timeline a.bar").first
    bar.focus()
    assert page.evaluate("document.activeElement.classList.contains('bar')")
    assert bar.get_attribute("title") == "2022-05 (2022-05-01 to 2022-05-31): 5 articles"
    assert page.locator(".timeline .axis .tick").first.inner_text() == "2022-05"
    assert page.locator(".timeline .undated").inner_text() == "undated: 1"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert params(page)["since"] == ["2022-05-01"] and params(page)["until"] == ["2022-05-31"]


@pytest.mark.parametrize("name,viewport", [("laptop", LAPTOP), ("phone", PHONE)])
def test_home_screenshot(
    browser: Any, base_url: str, tmp_path: Path, name: str, viewport: Any
) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(base_url + "/")
    assert page.locator("#overview .timeline a.bar").count() == 5
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    target = Path(os.environ.get("NEWSEARCH_SCREENSHOTS", tmp_path)) / f"home-{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    print(f"screenshot: {target}")
    context.close()
