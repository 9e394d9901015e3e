"""The article page reached from a search: the query's words marked in the whole text, the way
back to the same results page, the previous and next hits, the names as links."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("flask", reason="Flask is not installed (pip install '.[serve]')")

from newsearch.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(wire_index: Path) -> Any:
    app = create_app(str(wire_index))
    app.config["TESTING"] = True
    return app.test_client()


def hit_links(client: Any, url: str) -> dict[str, str]:
    html = client.get(url).get_data(as_text=True)
    links = re.findall(r'<h3><a href="(/article/[^"]+)">([^<]+)</a>', html)
    return {title: unescape(href) for href, title in links}


def marks(html: str, where: str) -> list[str]:
    part = re.search(rf"<{where}[^>]*>(.*?)</{where.split()[0]}>", html, re.S)
    assert part, where
    return re.findall(r"<mark>(.*?)</mark>", part.group(1))


def test_words_marked_in_the_whole_text_from_a_search(client: Any) -> None:
    links = hit_links(client, "/?q=reagan+trade&sort=oldest")
    assert list(links) == ["Stocks close higher on trade hopes", "Reagan meets Nakasone on trade"]
    summit = links["Reagan meets Nakasone on trade"]
    assert summit.endswith("?q=reagan+trade&sort=oldest&hit=2")
    html = client.get(summit).get_data(as_text=True)
    assert marks(html, 'div class="body"') == ["Reagan", "trade", "Reagan"]
    assert marks(html, "h1") == ["Reagan", "trade"]
    assert 'value="reagan trade"' in html  # the search box keeps the search
    plain = client.get(summit.split("?")[0]).get_data(as_text=True)
    assert "<mark>" not in plain and 'class="reading"' not in plain


def test_back_previous_and_next(client: Any) -> None:
    links = hit_links(client, "/?q=reagan&limit=2")
    assert len(links) == 2
    second = client.get(list(links.values())[1]).get_data(as_text=True)
    back = re.search(r'<a class="back" href="([^"]+)"', second)
    assert back and unescape(back.group(1)) == "/?q=reagan&limit=2#hit-2"
    nxt = re.search(r'<a class="next" rel="next" href="([^"]+)"', second)
    assert nxt and unescape(nxt.group(1)).endswith("?q=reagan&limit=2&hit=3")
    third = client.get(unescape(nxt.group(1))).get_data(as_text=True)
    back = re.search(r'<a class="back" href="([^"]+)"', third)
    assert back and unescape(back.group(1)) == "/?q=reagan&limit=2&page=2#hit-3"
    page2 = client.get("/?q=reagan&limit=2&page=2").get_data(as_text=True)
    assert 'id="hit-3"' in page2
    prev = re.search(r'<a class="prev" rel="prev" href="([^"]+)"', third)
    assert prev and unescape(prev.group(1)) == list(links.values())[1]
    first = client.get(list(links.values())[0]).get_data(as_text=True)
    assert 'class="prev"' not in first and 'class="next"' in first
    last = client.get(unescape(nxt.group(1)).replace("hit=3", "hit=4")).get_data(as_text=True)
    assert 'class="next"' not in last  # four articles name Reagan


def test_names_link_to_their_pages_and_a_mangled_search_is_ignored(client: Any) -> None:
    links = hit_links(client, "/?q=nakasone")
    html = client.get(links["Reagan meets Nakasone on trade"]).get_data(as_text=True)
    assert '<a class="tag person" href="/person/Yasuhiro%20Nakasone">' in html
    assert '<a class="tag country" href="/country/Japan">' in html
    bad = client.get("/article/summit?q=trade&since=not-a-date&hit=1")
    assert bad.status_code == 200 and 'class="reading"' not in bad.get_data(as_text=True)
