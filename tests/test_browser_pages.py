"""Every page type in a real browser at laptop and phone widths: what it shows, nothing sticking
out sideways, axe-core finding no serious or critical violation, a screenshot of each (kept in
``$NEWSEARCH_SCREENSHOTS``: .ci/run keeps them under .ci/logs/screenshots), and the keyboard.

axe-core comes with the ``axe-playwright-python`` package (its own axe.min.js, nothing fetched).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser import LAPTOP, PHONE, browser  # noqa: F401  (skips without chromium)

axe_module = pytest.importorskip(
    "axe_playwright_python.sync_playwright",
    reason="axe-playwright-python is not installed (pip install axe-playwright-python)",
)

#: page type -> (path, what must be on it)
PAGES = {
    "home": ("/", "#overview .timeline a.bar"),
    "results": ("/?q=reagan+trade", ".hit h3 a"),
    "article": ("/article/summit?q=reagan+trade&hit=2", ".reading a.back"),
    "entity": ("/person/Ronald%20Reagan", "#with-people a.profile"),
    "error": ("/person/Nobody%20At%20All", "#error"),
}
WIDTHS = {"laptop": LAPTOP, "phone": PHONE}
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def base_url(wire_index: Path) -> Iterator[str]:
    from werkzeug.serving import make_server

    from newsearch.web import create_app

    server = make_server("127.0.0.1", 0, create_app(str(wire_index)), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("NEWSEARCH_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_page_type(
    browser: Any,  # noqa: F811
    base_url: str,
    tmp_path: Path,
    kind: str,
    width: str,
) -> None:
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    path, needed = PAGES[kind]
    page.goto(base_url + path)
    assert page.locator(needed).count() > 0, f"{kind}: {needed} missing"
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    found = axe_module.Axe().run(page).response["violations"]
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v["impact"] in SERIOUS
    ]
    assert bad == [], f"{kind} at {width}: axe-core found {bad}"
    target = shots(tmp_path) / f"page-{kind}-{width}.png"  # test_browser.py has its own
    page.screenshot(path=str(target), full_page=True)
    print(f"screenshot: {target}; axe: {len(found)} minor or moderate")
    if kind == "error":  # the page's own 404 status, logged by the browser
        errors = [e for e in errors if "status of 404" not in e]
    assert errors == [], f"console errors (CSP?): {errors}"
    context.close()


def focus_ring(page: Any) -> tuple[str, str]:
    return page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.tagName + ' ' + (document.activeElement.textContent"
        " || '').trim().slice(0, 40), s.outlineStyle + ' ' + s.outlineWidth]; })()"
    )


def test_keyboard_alone_reaches_an_entity_page_and_shows_focus(
    browser: Any,  # noqa: F811
    base_url: str,
) -> None:
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(base_url + "/?q=nakasone")
    seen = []
    for _ in range(60):  # tab through the page until the first person tag of a hit
        page.keyboard.press("Tab")
        element, ring = focus_ring(page)
        seen.append(element)
        assert not ring.startswith("none") and not ring.endswith(" 0px"), f"{element}: {ring}"
        if page.evaluate("document.activeElement.matches('.hit a.tag.person')"):
            break
    else:
        pytest.fail(f"no person tag reached by Tab: {seen}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.inner_text("h1") in ("Ronald Reagan", "Yasuhiro Nakasone")
    for _ in range(40):  # on to a co-occurring name's pair link
        page.keyboard.press("Tab")
        element, ring = focus_ring(page)
        assert not ring.startswith("none"), f"{element}: {ring}"
        if page.evaluate("document.activeElement.closest('.related') !== null"):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.count("person=") == 2
    context.close()
