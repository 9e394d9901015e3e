"""A page per person and country: the library (``NewsIndex.entity``), the web page and its JSON
API, and ``newsearch entity``, over a small wire of known stories."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import newsearch
from newsearch.cli import cli
from newsearch.entity_view import kinds
from newsearch.errors import EntityNotFoundError, UsageError


@pytest.fixture(scope="module")
def index_dir(wire_index: Path) -> Path:
    return wire_index


@pytest.fixture(scope="module")
def ix(index_dir: Path) -> Any:
    with newsearch.open_index(index_dir) as index:
        yield index


def test_person_view_counts_timeline_and_company(ix: Any) -> None:
    view = ix.entity("ronald reagan")  # any case: the index's spelling comes back
    assert (view.kind, view.field, view.name) == ("person", "people", "Ronald Reagan")
    assert view.total == 4
    assert [h.id for h in view.latest] == ["summit", "markets", "veto", "undated"]
    assert set(h.id for h in view.relevant[:2]) == {"veto", "summit"}  # Reagan in the headline
    assert sum(b.count for b in view.timeline) == 3  # the undated one is in no bucket
    assert view.timeline[0].start == "1987-03-27" and view.timeline[-1].end == "1987-05-01"
    people = {c.value: c.count for c in view.related["people"]}
    assert people == {"James Baker": 1, "Yasuhiro Nakasone": 1}  # never himself
    assert [(c.value, c.count) for c in view.related["countries"]] == [("Japan", 2)]
    assert "Saudi Arabia" not in str(view.to_dict())
    assert view.aliases == []


def test_kinds_come_from_the_name_fields(ix: Any) -> None:
    assert {"person": "people", "country": "countries"}.items() <= kinds().items()
    japan = ix.entity("JAPAN")
    assert (japan.kind, japan.name, japan.total) == ("country", "Japan", 2)
    assert ix.entity("Japan", "country").related["people"][0].value in {
        "James Baker",
        "Ronald Reagan",
        "Yasuhiro Nakasone",
    }
    with pytest.raises(EntityNotFoundError, match="no article mentions the person 'Japan'"):
        ix.entity("Japan", "person")
    with pytest.raises(UsageError, match="unknown kind 'planet'"):
        ix.entity("Japan", "planet")
    with pytest.raises(EntityNotFoundError):
        ix.entity("Nobody At All")


@pytest.fixture(scope="module")
def client(index_dir: Path) -> Any:
    pytest.importorskip("flask", reason="Flask is not installed (pip install '.[serve]')")
    from newsearch.web import create_app

    app = create_app(str(index_dir))
    app.config["TESTING"] = True
    return app.test_client()


def test_entity_page_links_pairs_and_pages(client: Any, ix: Any) -> None:
    html = client.get("/person/Ronald%20Reagan").get_data(as_text=True)
    assert '<h1 id="entity-name">Ronald Reagan</h1>' in html
    assert re.search(r"<strong>4</strong> articles</a>", html)
    # each co-occurring name: its count links to the pair's articles, its › to its own page
    pair = "/?person=Ronald+Reagan&amp;person=Yasuhiro+Nakasone"
    assert f'href="{pair}"' in html
    assert 'href="/person/Yasuhiro%20Nakasone"' in html
    assert 'href="/?person=Ronald+Reagan&amp;country=Japan"' in html
    both = client.get(pair.replace("&amp;", "&")).get_data(as_text=True)
    assert re.search(r"<strong>1</strong> article\b", both) and "Reagan meets Nakasone" in both
    # the timeline narrows the person's search to a period
    assert 'href="/?person=Ronald+Reagan&amp;since=1987-03-27&amp;until=1987-03-27"' in html
    assert "undated: 1" in html
    latest = html[html.index('id="latest"') :]
    assert latest.index("Reagan meets Nakasone") < latest.index("Reagan vetoes highway bill")
    api = client.get("/api/entity/person/Ronald%20Reagan").get_json()
    assert api == ix.entity("Ronald Reagan", "person").to_dict()
    assert client.get("/country/japan").status_code == 200


def test_names_on_hits_and_facets_link_to_their_pages(client: Any) -> None:
    html = client.get("/?q=trade").get_data(as_text=True)
    assert '<a class="tag person" href="/person/Yasuhiro%20Nakasone">' in html
    assert '<a class="tag country" href="/country/Japan">' in html
    facet = html[html.index('id="facet-people"') :]
    assert 'class="profile" href="/person/Ronald%20Reagan"' in facet
    home = client.get("/").get_data(as_text=True)
    assert 'class="profile" href="/country/Japan"' in home


def test_entity_errors(client: Any) -> None:
    page = client.get("/person/Nobody%20At%20All")
    assert page.status_code == 404
    assert "no article mentions the person" in page.get_data(as_text=True)
    api = client.get("/api/entity/planet/Mars")
    assert api.status_code == 400
    assert api.get_json()["error"].startswith("unknown kind 'planet'")


def test_entity_command(index_dir: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["entity", "ronald reagan", "--index", str(index_dir), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["name"] == "Ronald Reagan" and data["total"] == 4
    assert data["related"]["countries"] == [{"value": "Japan", "count": 2}]
    text = runner.invoke(cli, ["entity", "Japan", "--index", str(index_dir)])
    assert text.stdout.splitlines()[0] == "Japan (country): 2 articles, 1987-04-02 to 1987-05-01"
    missing = runner.invoke(cli, ["entity", "Japan", "--kind", "person", "--index", str(index_dir)])
    assert missing.exit_code == 1
    assert missing.stderr.strip() == "newsearch: error: no article mentions the person 'Japan'"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?q=trade",
        "/article/summit?q=trade&hit=1",
        "/country/Japan",
        "/api/entity/country/Japan",
    ],
)
def test_every_page_type_sends_the_security_headers(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.get_data(as_text=True)  # no inline script to allow
