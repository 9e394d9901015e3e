"""The entity page's curation form in a real browser: a rename typed on the page is written to
the index's curation, the browser lands on the renamed person's page, facets and the API show
the new name; a bad request says why on the page and changes nothing."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser import LAPTOP, browser  # noqa: F401  (skips without chromium)

import newsearch


@pytest.fixture()
def served(wire_index: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    from werkzeug.serving import make_server

    from newsearch.web import create_app

    index_dir = tmp_path / "ix"
    shutil.copytree(wire_index, index_dir)  # this test writes a curation: its own copy
    server = make_server("127.0.0.1", 0, create_app(str(index_dir)), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", index_dir
    server.shutdown()
    thread.join(timeout=10)


def test_rename_from_the_entity_page(browser: Any, served: tuple[str, Path]) -> None:  # noqa: F811
    url, index_dir = served
    page = browser.new_page(viewport=LAPTOP)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{url}/person/Ronald%20Reagan")
    page.click("details.curate summary")
    page.select_option("#curate-action", "rename")
    page.fill("#curate-target", "President Reagan")
    page.click("#curation button[type=submit]")
    page.wait_for_url(f"{url}/person/President%20Reagan")
    assert page.inner_text("h1") == "President Reagan"
    assert errors == []
    with newsearch.open_index(index_dir) as ix:
        people = [f.value for f in ix.search("", facets=True).facets["people"]]
        assert "President Reagan" in people and "Ronald Reagan" not in people
        assert any("President Reagan" in line for line in ix.info()["curation"]["changes"])
    page.close()


def test_a_refused_change_says_why_and_writes_nothing(
    browser: Any,  # noqa: F811
    served: tuple[str, Path],
) -> None:
    url, index_dir = served
    page = browser.new_page(viewport=LAPTOP)
    page.goto(f"{url}/person/Ronald%20Reagan")
    page.click("details.curate summary")
    page.select_option("#curate-action", "merge")
    page.fill("#curate-target", "Nobody Ever Named")
    page.click("#curation button[type=submit]")
    page.wait_for_function(
        "document.getElementById('curate-status').textContent.startsWith('Not saved')"
    )
    assert page.url == f"{url}/person/Ronald%20Reagan"
    assert not (index_dir / "curation.txt").exists()
    page.close()
