"""The search page over HTTP (Flask's test client): every route, JSON shapes, escaping, errors."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytest.importorskip("flask", reason="Flask is not installed (pip install '.[serve]')")

from newsearch import nltkdata  # noqa: E402
from newsearch.errors import IndexNotFoundError, NLTKDataError  # noqa: E402

try:
    nltkdata.ensure()
except NLTKDataError as exc:  # pragma: no cover - depends on the machine
    pytest.skip(f"NLTK data missing: {exc}", allow_module_level=True)

from newsearch.query import SearchRequest  # noqa: E402
from newsearch.web import create_app  # noqa: E402
from newsearch.web.state import MAX_LIMIT, MAX_PAGE, SearchState, axis_ticks  # noqa: E402

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'

TOPICS = [
    "Russian President Vladimir Putin met Supreme Leader Ali Khamenei in Tehran to discuss "
    "drones, gas and the war in Ukraine.",
    "Turkish President Recep Tayyip Erdogan said Turkey would keep talking to Russia about "
    "grain exports while drones flew over the Black Sea.",
    "Iranian officials denied that drones built in Iran were used by Russia in Ukraine, "
    "the foreign ministry said on Monday.",
    "Ukrainian President Volodymyr Zelensky asked Germany for more air defence against "
    "drones after a night of attacks on Kyiv.",
]


def write_corpus(folder: Path) -> Path:
    """Twenty-five small stories over five months, one of them hostile HTML."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "xss.txt").write_text(
        f"Harbour drones {XSS_IMG} report\n\n"
        f"Drones circled the harbour at dawn. {XSS_SCRIPT} The mayor said {XSS_IMG} "
        "nothing was damaged and the harbour reopened by noon.\n",
        encoding="utf-8",
    )
    records = []
    for i in range(24):
        month = 5 + i % 5
        records.append(
            {
                "title": f"Story {i:02d}: {['Putin', 'Erdogan', 'Iran', 'Zelensky'][i % 4]} "
                "and the drones",
                "body": TOPICS[i % 4] + f" Reporters counted {i} flights.",
                "date": f"2022-{month:02d}-{1 + i:02d}",
                "source": "Wire" if i % 2 else "Daily",
                "url": "javascript:alert(1)" if i == 3 else f"https://example.com/story/{i}",
            }
        )
    records[0]["title"] = "Khamenei welcomes Putin as drones talks begin"
    (folder / "feed.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8"
    )
    return folder


def build_index(tmp: Path) -> Path:
    import newsearch

    corpus = write_corpus(tmp / "news")
    index_dir = tmp / "ix"
    newsearch.index_corpus(str(corpus), index_dir=str(index_dir))
    return index_dir


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_index(tmp_path_factory.mktemp("server"))


@pytest.fixture(scope="module")
def client(index_dir: Path) -> Any:
    app = create_app(str(index_dir))
    app.config["TESTING"] = True
    return app.test_client()


@pytest.fixture(scope="module")
def ids(client: Any) -> dict[str, str]:
    hits = client.get("/api/search?q=drones&limit=100").get_json()["hits"]
    by_title = {hit["title"]: hit["id"] for hit in hits}
    xss = next(i for t, i in by_title.items() if t.startswith("Harbour"))
    return {"khamenei": by_title["Khamenei welcomes Putin as drones talks begin"], "xss": xss}


def test_home_page(client: Any) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<form id="searchform"' in html and 'name="q"' in html
    assert "Search 25 articles" in html
    assert page.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert page.headers["X-Content-Type-Options"] == "nosniff"


def test_search_page_results(client: Any) -> None:
    page = client.get("/?q=khamenei")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Khamenei welcomes Putin as drones talks begin" in html
    assert re.search(r"<mark>Khamenei</mark>", html)
    assert 'class="pager"' not in html  # few enough hits for one page
    assert 'value="khamenei"' in html  # the query echoed in the box


def test_search_page_facets_timeline_paging(client: Any) -> None:
    html = client.get("/?q=drones").get_data(as_text=True)
    assert re.search(r"<strong>25</strong> articles · page 1 of 3", html)
    assert 'id="facet-people"' in html and 'id="facet-countries"' in html
    assert "person=Vladimir+Putin" in html and "country=Russia" in html
    assert 'href="/?q=drones&amp;page=2"' in html
    bars = re.findall(r'<a href="([^"]+)" class="bar"', html)
    assert len(bars) == 5  # one a month, May to September
    assert "since=2022-05-01&amp;until=2022-05-31" in bars[0]
    for sort in ("newest", "oldest"):
        assert f"sort={sort}" in html


def test_search_filters_and_removal(client: Any) -> None:
    page = client.get("/?q=drones&person=Vladimir+Putin&since=2022-05-01&until=2022-07-31")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "person: Vladimir Putin" in html
    assert 'href="/?q=drones&amp;since=2022-05-01&amp;until=2022-07-31"' in html  # removes it
    api = client.get("/api/search?q=drones&person=Vladimir+Putin&since=2022-05-01&until=2022-07-31")
    data = api.get_json()
    assert 0 < data["total"] < 25
    assert all("Vladimir Putin" in hit["people"] for hit in data["hits"])
    assert all("2022-05-01" <= hit["date"] <= "2022-07-31" for hit in data["hits"])


def test_sort_and_pages(client: Any) -> None:
    newest = client.get("/api/search?q=drones&sort=newest&limit=5&page=2").get_json()
    assert (newest["page"], newest["limit"], len(newest["hits"])) == (2, 5, 5)
    dates = [hit["date"] for hit in newest["hits"]]
    assert dates == sorted(dates, reverse=True)
    html = client.get("/?q=drones&sort=oldest&page=3").get_data(as_text=True)
    assert 'aria-current="page">3<' in html and 'rel="prev"' in html


def test_api_search_same_shape_as_python_api(client: Any, index_dir: Path) -> None:
    import newsearch

    data = client.get("/api/search?q=drones+iran&country=Iran").get_json()
    with newsearch.open_index(str(index_dir)) as ix:
        expected = ix.search("drones iran", countries=["Iran"], facets=True, timeline=True)
    assert data == json.loads(json.dumps(expected.to_dict()))
    assert set(data) == {
        "query", "total", "page", "limit", "pages", "partial", "others", "sort", "suggestion",
        "hits", "facets", "timeline", "ignored", "undated", "undated_left_out",
    }  # fmt: skip
    bare = client.get("/api/search?q=drones&facets=0&timeline=0").get_json()
    assert bare["facets"] == {} and bare["timeline"] == []


def test_suggestion_link(client: Any) -> None:
    data = client.get("/api/search?q=khamenie").get_json()
    if not data["suggestion"]:
        pytest.skip("the suggester offered nothing for this misspelling")
    html = client.get("/?q=khamenie").get_data(as_text=True)
    assert 'id="suggestion"' in html
    assert f'href="/?q={quote(data["suggestion"], safe="")}"'.replace("%20", "+") in html


def test_article_page_and_api(client: Any, ids: dict[str, str], index_dir: Path) -> None:
    import newsearch

    article_id = ids["khamenei"]
    assert "/" in article_id and "#" in article_id
    url = quote(article_id, safe="")
    api = client.get(f"/api/article/{url}")
    assert api.status_code == 200
    with newsearch.open_index(str(index_dir)) as ix:
        assert api.get_json() == ix.get(article_id).to_dict()
    html = client.get(f"/article/{url}").get_data(as_text=True)
    assert "<h1>Khamenei welcomes Putin as drones talks begin</h1>" in html
    assert 'href="/person/Vladimir%20Putin"' in html
    assert 'aria-label="Similar stories"' in html
    similar = client.get(f"/api/similar/{url}?limit=3").get_json()
    assert 0 < len(similar["hits"]) <= 3
    assert article_id not in [hit["id"] for hit in similar["hits"]]


def test_article_javascript_url_not_linked(client: Any) -> None:
    hits = client.get("/api/search?q=%22counted+3+flights%22").get_json()["hits"]
    assert hits and hits[0]["url"] == "javascript:alert(1)"
    html = client.get("/article/" + quote(hits[0]["id"], safe="")).get_data(as_text=True)
    assert "javascript:" not in html


def test_escaping_of_article_text(client: Any, ids: dict[str, str]) -> None:
    for url in ("/?q=harbour", "/article/" + quote(ids["xss"], safe="")):
        html = client.get(url).get_data(as_text=True)
        assert XSS_SCRIPT not in html and "<img" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&lt;img" in html, url


def test_escaping_of_query_echo(client: Any) -> None:
    evil = '"><script>alert(2)</script>'
    for q in (evil, evil + ' "unbalanced'):
        page = client.get("/", query_string={"q": q})
        html = page.get_data(as_text=True)
        assert "<script>alert(2)" not in html
        assert "&lt;script&gt;alert(2)" in html or "&#34;&gt;&lt;script" in html


def test_malformed_query(client: Any) -> None:
    api = client.get("/api/search", query_string={"q": 'iran "supreme leader'})
    assert api.status_code == 400
    message = api.get_json()["error"]
    assert message
    page = client.get("/", query_string={"q": 'iran "supreme leader'})
    assert page.status_code == 400
    assert 'id="error"' in page.get_data(as_text=True)
    lenient = client.get("/api/search", query_string={"q": 'iran "supreme leader', "lenient": "1"})
    assert lenient.status_code == 200


@pytest.mark.parametrize(
    "query",
    ["q=drones&since=July", "q=drones&sort=best", "q=drones&limit=ten", "q=drones&page=x",
     "q=drones&since=2022-08-01&until=2022-07-01", "q=" + "a" * 2001],
)  # fmt: skip
def test_bad_options_are_400(client: Any, query: str) -> None:
    api = client.get("/api/search?" + query)
    assert api.status_code == 400 and api.get_json()["error"]
    assert client.get("/?" + query).status_code == 400


def test_huge_limit_and_page_are_capped(client: Any) -> None:
    data = client.get("/api/search?q=drones&limit=1000000&page=99999999").get_json()
    assert (data["limit"], data["page"], data["hits"]) == (MAX_LIMIT, MAX_PAGE, [])
    assert client.get("/api/search?q=drones&limit=0").get_json()["limit"] == 1
    html = client.get("/?q=drones&page=99999999").get_data(as_text=True)
    assert "No results on this page" in html


def test_unknown_ids_and_routes_are_404(client: Any) -> None:
    for url in ("/api/article/nope", "/api/similar/nope", "/api/nothing-here"):
        response = client.get(url)
        assert response.status_code == 404 and response.get_json()["error"], url
    for url in ("/article/nope", "/article/corpus%2Fmissing.txt%237", "/nothing-here"):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "url",
    [
        "/article/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/article/%2Fetc%2Fpasswd",
        "/api/article/../../etc/passwd",
        "/static/../server.py",
        "/static/%2e%2e/server.py",
        "/static/..%2fserver.py",
        "/static/%2e%2e%2f%2e%2e%2fsearch.py",
    ],
)
def test_no_path_reads_outside(client: Any, url: str) -> None:
    response = client.get(url)
    body = response.get_data(as_text=True)
    assert response.status_code in (308, 404), url
    assert "root:" not in body and "def create_app" not in body and "import" not in body


def test_static_files(client: Any) -> None:
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/app.js").status_code == 200


def test_api_info(client: Any) -> None:
    info = client.get("/api/info").get_json()
    assert info["articles"] == 25 and "schema_version" in info


def test_read_only(client: Any, index_dir: Path) -> None:
    def snapshot() -> dict[str, tuple[int, int]]:
        return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in index_dir.iterdir()}

    before = snapshot()
    for url in ("/?q=drones", "/api/search?q=iran", "/api/info", "/?q=harbour&sort=newest"):
        client.get(url)
    assert snapshot() == before


def test_state_round_trip() -> None:
    from werkzeug.datastructures import MultiDict

    state = SearchState(SearchRequest.make(
        "drones iran", page=3, limit=20, people=("A B",), countries=("Iran", "Turkey"),
        since="2022-01-01", until="2022-12-31", sort="newest", strict=False,
    ))  # fmt: skip
    assert SearchState.from_args(MultiDict(state.params())) == state
    assert "page=" not in state.url(sort="oldest")  # changing the search goes to page 1
    assert "page=4" in state.url(page=4)
    assert "country=Turkey" not in state.remove("countries", "Turkey")


def test_missing_index(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFoundError):
        create_app(str(tmp_path / "nothing"))


def test_an_index_deleted_under_the_server_is_one_message_and_a_rebuild_is_served(
    index_dir: Path, tmp_path: Path
) -> None:
    import shutil

    copy = tmp_path / "ix"
    shutil.copytree(index_dir, copy)
    client = create_app(str(copy)).test_client()
    assert client.get("/api/search?q=drones").status_code == 200
    shutil.rmtree(copy)
    for url in ("/api/search?q=drones", "/api/info", "/api/similar/feed.jsonl%231"):
        response = client.get(url)
        message = response.get_json()["error"]
        assert response.status_code == 500 and "cannot be read" in message, message
        assert "newsearch index" in message and "\n" not in message
    page = client.get("/?q=drones")
    assert page.status_code == 500 and b"cannot be read" in page.data
    assert b"Traceback" not in page.data
    shutil.copytree(index_dir, copy)  # built again: served again, no restart
    assert client.get("/api/search?q=drones").get_json()["total"] > 0


def test_serve_command(index_dir: Path) -> None:
    code = "from newsearch.cli import main; main()"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--index", str(index_dir), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # Background shells start children with Ctrl-C ignored: let this one hear it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        match = re.match(
            r"Serving newsearch on (http://127\.0\.0\.1:\d+/) \(Ctrl-C to stop\)", line
        )
        assert match, line
        with urllib.request.urlopen(match.group(1) + "api/search?q=drones", timeout=10) as r:
            assert json.load(r)["total"] == 25
        proc.send_signal(signal.SIGINT)  # Ctrl-C: a clean stop
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def test_browse_by_a_filter_alone(client: Any) -> None:
    page = client.get("/?person=Vladimir+Putin")
    assert page.status_code == 200
    assert "person: Vladimir Putin" in page.get_data(as_text=True)
    data = client.get("/api/search?person=Vladimir+Putin").get_json()
    assert data["total"] > 0
    assert all("Vladimir Putin" in hit["people"] for hit in data["hits"])
    dates = [hit["date"] for hit in data["hits"] if hit["date"]]
    assert dates == sorted(dates, reverse=True)  # newest first when there are no words


def test_a_new_query_keeps_the_filters_and_goes_to_page_one(client: Any) -> None:
    html = client.get(
        "/?q=drones&person=Vladimir+Putin&country=Russia&sort=newest&limit=5&page=2"
        "&since=2022-05-01"
    ).get_data(as_text=True)
    form = html[html.index('id="searchform"') : html.index("</form>")]
    for name, value in [("person", "Vladimir Putin"), ("country", "Russia"), ("sort", "newest")]:
        assert f'name="{name}" value="{value}"' in form
    assert 'name="limit" value="5"' in form
    assert 'name="page"' not in form  # a new query starts at page 1
    assert 'name="since"' not in form  # the sidebar's date form carries the dates


def test_empty_query_home_page_and_api_overview(client: Any) -> None:
    assert "Search 25 articles" in client.get("/?q=").get_data(as_text=True)
    data = client.get("/api/search?q=&facet_size=2").get_json()
    assert data["total"] == 25 and len(data["hits"]) == 10
    assert all(len(counts) <= 2 for counts in data["facets"].values())


def test_page_counts_the_all_words_articles_and_links_to_the_others(client: Any) -> None:
    data = client.get("/api/search?q=khamenei+drones").get_json()
    assert data["others"] > 0
    html = client.get("/?q=khamenei+drones").get_data(as_text=True)
    assert f"<strong>{data['total']}</strong>" in html
    assert f"{data['others']} more" in html and "any=1" in html
    every = client.get("/api/search?q=khamenei+drones&any=1").get_json()
    assert every["total"] == data["total"] + data["others"] and every["others"] == 0


@pytest.mark.parametrize(
    "host,ok",
    [("localhost:8123", True), ("127.0.0.1:8123", True), ("[::1]:8123", True),
     ("evil.example", False), ("evil.example:8123", False), ("localhost:9999", False),
     ("127.0.0.1.evil.example:8123", False)],
)  # fmt: skip
def test_other_hosts_are_refused(index_dir: Path, host: str, ok: bool) -> None:
    client = create_app(str(index_dir), host="127.0.0.1", port=8123).test_client()
    for url in ("/", "/api/search?q=drones"):
        response = client.get(url, headers={"Host": host})
        assert response.status_code == (200 if ok else 400), (host, url)
        if not ok:
            assert response.get_data(as_text=True).count("\n") == 1  # one line


def test_serving_on_another_host_accepts_it(index_dir: Path) -> None:
    named = create_app(str(index_dir), host="news.lan", port=80).test_client()
    assert named.get("/", headers={"Host": "news.lan:80"}).status_code == 200
    assert named.get("/", headers={"Host": "evil.example:80"}).status_code == 400
    every = create_app(str(index_dir), host="0.0.0.0", port=8000).test_client()
    assert every.get("/", headers={"Host": "0.0.0.0:8000"}).status_code == 200
    assert every.get("/", headers={"Host": "192.168.1.20:8000"}).status_code == 200
    assert every.get("/", headers={"Host": "evil.example:8000"}).status_code == 400


def test_tags_say_what_they_are(client: Any, ids: dict[str, str]) -> None:
    """People and countries are told apart by a word, not by colour alone."""
    for url in ("/?q=khamenei", "/article/" + quote(ids["khamenei"], safe="")):
        html = client.get(url).get_data(as_text=True)
        tags = re.findall(r'<a class="tag (\w+)"[^>]*>(.*?)</a>', html)
        assert tags, url
        for kind, text in tags:
            label = re.sub(r"<[^>]+>", "", text)
            assert label.startswith({"person": "person: ", "country": "country: "}[kind]), url
        assert ("person", '<span class="kind">person:</span> Vladimir Putin') in tags, url


def test_home_page_shows_the_archive(client: Any) -> None:
    """Before the first query: how many, from when to when, sources, people, countries, time."""
    html = client.get("/").get_data(as_text=True)
    overview = html[html.index('id="overview"') :]
    span = " ".join(re.sub(r"<[^>]+>", " ", overview[: overview.index("</p>")]).split())
    assert re.search(r"25 articles, from 2022-05-01 to 2022-09-20 ; 1 undated", span), span
    # sources as the records write them
    assert '<a href="/?source=Wire"><span class="name">Wire</span><span class="n">12</span>' in html
    people = overview[overview.index('id="top-people"') :]
    assert re.search(r'href="/\?person=Vladimir\+Putin">.*?Vladimir Putin.*?"n">6<', people)
    countries = overview[overview.index('id="top-countries"') :]
    assert re.search(r'href="/\?country=Russia">.*?Russia.*?"n">18<', countries)
    bars = re.findall(r'<a href="([^"]+)" class="bar"', overview)
    assert bars[0] == "/?since=2022-05-01&amp;until=2022-05-31" and len(bars) == 5
    assert client.get("/?source=wire").get_data(as_text=True).count('class="hit"') == 10


def test_timeline_axis_labels_bar_texts_and_undated(client: Any) -> None:
    for url in ("/", "/?q=drones"):
        html = client.get(url).get_data(as_text=True)
        figure = html[html.index('class="timeline"') : html.index("</figure>")]
        ticks = re.findall(r'<li class="tick[^"]*"><span>([^<]+)</span>', figure)
        assert ticks[0] == "2022-05" and ticks[-1] == "2022-09", url
        bars = re.findall(
            r'<a href="[^"]+" class="bar" title="([^"]+)">.*?"sr-only">([^<]+)<', figure
        )
        assert len(bars) == 5, url
        assert bars[0] == ("2022-05 (2022-05-01 to 2022-05-31): 5 articles",) * 2, url
        assert "undated: 1" in figure, url


def test_axis_labels_the_first_the_last_and_every_few() -> None:
    assert axis_ticks(3) == {0, 1, 2}
    for n in (6, 12, 31, 62, 200):
        ticks = sorted(axis_ticks(n))
        assert ticks[0] == 0 and ticks[-1] == n - 1 and 3 <= len(ticks) <= 5, n
