"""The backend contract: the same behaviour, asserted once, for every backend.

Each test builds (or reuses) an index of the same small news folder through the public API with
``backend=NAME`` and checks what a user would notice: which article ranks first, what the
counts, facets, timeline and sorts say, what ``get``/``similar``/``info`` return, and that an
incremental run replaces and removes articles. A backend that needs a server skips, saying
why, where none is reachable.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest

import newsearch
from newsearch.backend import BACKENDS

STORIES = [
    {"id": "s1", "title": "Putin meets Erdogan in Tehran", "date": "2022-07-19T10:30:00",
     "source": "Reuters", "body": "Russian President Vladimir Putin met Turkish President "
     "Recep Tayyip Erdogan in Tehran on Tuesday to discuss grain exports and drones."},
    {"id": "s2", "title": "Erdogan threatens Syria incursion", "date": "2022-06-01",
     "source": "AP", "body": "Turkish President Recep Tayyip Erdogan said Turkey would "
     "launch a new military operation in northern Syria against Kurdish militias."},
    {"id": "s3", "title": "Grain talks in Istanbul", "date": "2022-07-22", "source": "Reuters",
     "body": "Ukraine and Russia agreed on grain exports in Istanbul, Turkish officials said. "
     "Ukrainian President Volodymyr Zelensky welcomed the grain deal."},
    {"id": "s4", "title": "Oil prices fall", "source": "AP",
     "body": "Oil prices fell on Monday as traders worried about weak demand for fuel."},
    {"id": "s5", "title": "Drones over Kyiv", "date": "2022-10-17", "source": "AP",
     "body": "Iranian-made drones struck Kyiv on Monday, Ukrainian officials said, and "
     "Iran denied supplying them."},
]  # fmt: skip


@pytest.fixture(scope="module", params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def new_location(backend: str, folder: Path, request: pytest.FixtureRequest) -> str:
    """Where a fresh index of ``backend`` goes: a folder, or a new index on the cluster."""
    if backend != "opensearch":
        return str(folder / "index")
    url = request.getfixturevalue("opensearch_url")
    return f"{url}/contract-{uuid.uuid4().hex[:12]}"


def write_stories(corpus: Path, stories: list[dict[str, str]]) -> None:
    (corpus / "stories.jsonl").write_text(
        "\n".join(json.dumps(s) for s in stories) + "\n", encoding="utf-8"
    )


def index_stories(
    backend: str, folder: Path, request: pytest.FixtureRequest, stories: list[dict[str, str]]
) -> str:
    """A fresh index of ``backend`` holding ``stories`` (written to ``folder/news``)."""
    corpus = folder / "news"
    corpus.mkdir()
    write_stories(corpus, stories)
    location = new_location(backend, folder, request)
    newsearch.index_corpus(str(corpus), index_dir=location, backend=backend)
    return location


@pytest.fixture(scope="module")
def built(
    backend: str,
    tmp_path_factory: pytest.TempPathFactory,
    nltk_ready: None,
    request: pytest.FixtureRequest,
) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp(f"contract-{backend}")
    corpus = root / "news"
    corpus.mkdir()
    write_stories(corpus, STORIES)
    index_dir = new_location(backend, root, request)
    report = newsearch.index_corpus(str(corpus), index_dir=index_dir, backend=backend)
    assert (report.added, report.skipped) == (5, 0)
    return corpus, index_dir


@pytest.fixture(scope="module")
def ix(built: tuple[Path, str], backend: str) -> newsearch.NewsIndex:
    return newsearch.open_index(built[1], backend=backend)


def test_ranking_counts_and_snippets(ix: newsearch.NewsIndex) -> None:
    results = ix.search("drones Iran")
    assert results.hits[0].id == "s5"  # both words, in the title and the body
    # counted: the one article with both words; the other one follows it in the ranking
    assert results.total == 1 and results.others == 1 and not results.partial
    assert len(results.hits) == 2
    every = ix.search("drones Iran", any=True)
    assert every.total == 2 and every.others == 0
    assert [h.id for h in every] == [h.id for h in results]
    assert "<mark>drones</mark>" in results.hits[0].snippet
    assert "<mark>Iran</mark>" in results.hits[0].snippet


def test_partial_matches_and_suggestion(ix: newsearch.NewsIndex) -> None:
    results = ix.search("grain zebra")
    assert results.partial and results.total == 2
    assert ix.search("erdgoan").suggestion == "erdogan"


def test_filters_facets_and_timeline(ix: newsearch.NewsIndex) -> None:
    results = ix.search("", countries=["Turkey"], facets=True, timeline=True)
    assert [h.id for h in results] == ["s3", "s1", "s2"]  # filters alone: newest first
    people = {f.value: f.count for f in results.facets["people"]}
    assert people["Recep Tayyip Erdogan"] == 2
    # a span of 52 days: one bucket a day
    assert [(b.period, b.count) for b in results.timeline if b.count] == [
        ("2022-06-01", 1),
        ("2022-07-19", 1),
        ("2022-07-22", 1),
    ]
    assert len(results.timeline) == 52
    assert [h.id for h in ix.search("grain", people=["Erdogan"])] == ["s1"]
    assert [h.id for h in ix.search("grain", sources=["reuters"], since="2022-07-20")] == ["s3"]


def test_sorts_and_pages(ix: newsearch.NewsIndex) -> None:
    newest = ix.search("Erdogan OR grain OR oil OR drones", sort="newest", limit=2)
    assert newest.total == 5 and [h.id for h in newest] == ["s5", "s3"]
    assert [h.id for h in ix.search("Erdogan OR oil", sort="oldest")] == ["s2", "s1", "s4"]
    second = ix.search("Erdogan OR grain OR oil OR drones", sort="newest", limit=2, page=3)
    assert [h.id for h in second] == ["s4"]  # undated last


def test_export_scans_every_match_in_date_order_undated_last(ix: newsearch.NewsIndex) -> None:
    every = newsearch.SearchRequest.make("Erdogan OR grain OR oil OR drones")
    assert [a.id for a in ix.export(every)] == ["s2", "s1", "s3", "s5", "s4"]
    newest = newsearch.SearchRequest.make("", sort="newest", sources=["ap"])
    assert [a.id for a in ix.export(newest, batch=1)] == ["s5", "s2", "s4"]
    bag = newsearch.SearchRequest.make("grain exports")  # what total counts: all the words
    assert [a.id for a in ix.export(bag)] == sorted(h.id for h in ix.run(bag)) == ["s1", "s3"]


def test_get_similar_and_info(ix: newsearch.NewsIndex, backend: str) -> None:
    article = ix.get("s1")
    assert article.date == "2022-07-19T10:30:00"
    assert "Vladimir Putin" in article.people and "Turkey" in article.countries
    with pytest.raises(newsearch.ArticleNotFoundError):
        ix.get("nope")
    similar = [h.id for h in ix.similar("s3")]
    assert "s3" not in similar and similar[0] == "s1"
    info = ix.info()
    assert info["articles"] == 5 and info["backend"] == backend


def test_incremental_update_replaces_and_removes(
    built: tuple[Path, str], backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    corpus, index_dir = built
    copy = new_location(backend, tmp_path, request)
    if backend == "whoosh":
        shutil.copytree(index_dir, copy)
    else:  # a cluster's index is not a folder to copy: index the same stories again
        newsearch.index_corpus(str(corpus), index_dir=copy, backend=backend)
    changed = [dict(STORIES[0], title="Putin and Erdogan meet again")] + STORIES[2:]
    write_stories(corpus, changed)
    try:
        report = newsearch.index_corpus(str(corpus), index_dir=copy, backend=backend)
    finally:
        write_stories(corpus, STORIES)
    assert (report.updated, report.removed, report.unchanged) == (1, 1, 3)
    with newsearch.open_index(copy, backend=backend) as ix:
        assert len(ix) == 4
        assert ix.get("s1").title == "Putin and Erdogan meet again"
        with pytest.raises(newsearch.ArticleNotFoundError):
            ix.get("s2")


def test_scan_exports_every_match_in_date_order(built: tuple[Path, str], backend: str) -> None:
    from newsearch.backend import get_backend
    from newsearch.backend.base import Plan
    from newsearch.query import parse_query

    parsed = parse_query("Erdogan OR grain OR oil OR drones")
    plan = Plan(parsed.query, parsed.all_words, parsed.any_words)
    reader = get_backend(backend).open_reader(built[1])
    try:
        oldest = [doc.id for doc in reader.scan(plan, batch=2)]  # three batches
        newest = [doc.id for doc in reader.scan(Plan(parsed.query, sort="newest"), batch=10)]
        bag = parse_query("grain zebra")  # counted: the articles with every word, none here
        partial = [d.id for d in reader.scan(Plan(bag.query, bag.all_words, bag.any_words))]
    finally:
        reader.close()
    assert oldest == ["s2", "s1", "s3", "s5", "s4"]  # undated last
    assert newest == ["s5", "s3", "s1", "s2", "s4"]
    assert partial == ["s1", "s3"]


EXACT_STORIES = [
    {"id": "e1", "title": "Yukos auction", "body": "Yukos sold Yuganskneftegaz at auction."},
    {"id": "e2", "title": "Yuko wins the marathon", "body": "Yuko Arimori won in Tokyo."},
    {"id": "e3", "title": "Banks raise rates", "body": "Banks raised rates on Monday."},
    {"id": "e4", "title": "Rates on hold", "body": "The Bank of England held rates. Banking "
     "shares rose."},
]  # fmt: skip


def test_exact_form_skips_stemming(
    backend: str,
    tmp_path: Path,
    nltk_ready: None,
    request: pytest.FixtureRequest,
) -> None:
    location = index_stories(backend, tmp_path, request, EXACT_STORIES)
    with newsearch.open_index(location, backend=backend) as ix:

        def found(query: str) -> set[str]:
            return {h.id for h in ix.search(query, any=True)}

        assert found("Yukos") == {"e1", "e2"}  # stemmed: yukos -> yuko
        assert found("=Yukos") == {"e1"}
        assert found("=Yuko") == {"e2"}
        assert found("banks") == {"e3", "e4"}
        assert found("=banks") == {"e3"}
        assert found("title:=banks") == {"e3"}
        assert found('="bank of england"') == {"e4"}
        assert found('="banks of england"') == set()
        assert found("=Yukos auction") == {"e1"}  # a plain word of a bag
        assert found("=Yukos -auction") == set()
        hit = ix.search("=Yukos").hits[0]
        assert "<mark>Yukos</mark>" in hit.snippet


REAGANS = [
    {"id": "r1", "title": "A school visit", "body": "Ronald Reagan and Nancy Reagan visited "
     "a school in Ohio on Friday."},
    {"id": "r2", "title": "A new library", "body": "Nancy Reagan opened a library in Ohio."},
    {"id": "r3", "title": "Questions", "body": "Ronald Reagan spoke to reporters on Monday."},
    {"id": "r6", "title": "Tax bill", "body": "Ronald Reagan signed the tax bill on Tuesday."},
    {"id": "r4", "title": "Budget veto", "body": "President Reagan vetoed the spending bill."},
    {"id": "r5", "title": "Oil prices fall", "body": "Oil prices fell on Monday."},
]  # fmt: skip


def test_names_in_the_query_text_and_merged_facets_count_articles(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest, nltk_ready: None
) -> None:
    """``people:Reagan`` is the archive's entity, as ``--person Reagan`` is; an entity of two
    stored names that one article both holds counts that article once."""
    where = index_stories(backend, tmp_path, request, REAGANS)
    with newsearch.open_index(where, backend=backend) as ix:

        def found(query: str, **filters: object) -> set[str]:
            return {h.id for h in ix.search(query, limit=50, **filters)}  # type: ignore[arg-type]

        ronald = {"r1", "r3", "r4", "r6"}  # "Reagan" alone is Ronald's: most full mentions
        assert found("people:Reagan") == found("", people=["Reagan"]) == ronald
        assert found('person:"ronald reagan"') == found("", people=["Ronald Reagan"]) == ronald
        ix.curate("merge", "people", "Nancy Reagan", "Ronald Reagan")
        assert found("people:Reagan") == found("", people=["Reagan"]) == ronald | {"r2"}
        people = {c.value: c.count for c in ix.search("", facets=True).facets["people"]}
        assert people["Ronald Reagan"] == 5  # r1 names both, and is one article
        assert ix.names("people")[0] == {
            "name": "Ronald Reagan",
            "articles": 5,
            "also": ["Reagan", "Nancy Reagan"],
        }
        assert ix.entity("Ronald Reagan").total == 5


MENTIONED = [
    {"id": "m1", "title": "Budget sent", "body": "President Ronald Reagan sent the budget to "
     "Congress on Monday."},
    {"id": "m2", "title": "Summit", "body": "President Ronald Reagan met Mikhail Gorbachev in "
     "Geneva."},
    {"id": "m3", "title": "REAGAN SAYS BUDGET DEAL IS NEAR", "body": ""},
    {"id": "m4", "title": "REAGAN VETO EXPECTED", "body": "The White House said a veto of the "
     "farm bill was expected on Friday."},
    {"id": "m5", "title": "Talks in London", "body": "Prime Minister Theresa May spoke in "
     "London."},
    {"id": "m6", "title": "Visit to Paris", "body": "Theresa May visited Paris on Friday."},
    {"id": "m7", "title": "TRADE FIGURES MAY RISE", "body": ""},
    {"id": "m8", "title": "TALKS MAY RESUME", "body": ""},
    {"id": "m9", "title": "RATES MAY FALL", "body": ""},
    {"id": "j1", "title": "New computer", "body": "Apple chief Steve Jobs showed a computer."},
    {"id": "j2", "title": "Keynote", "body": "Steve Jobs spoke in California on Monday."},
    {"id": "j3", "title": "JOBS REPORT DUE", "body": ""},
    {"id": "j4", "title": "Plant to close", "body": "The plant will cut 200 jobs this year."},
    {"id": "j5", "title": "Banks hire", "body": "Banks added 900 jobs in the city."},
    {"id": "j6", "title": "Farm work", "body": "Farms offered seasonal jobs to students."},
]  # fmt: skip


def test_a_headline_in_capitals_names_the_person_the_archive_knows(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest, nltk_ready: None
) -> None:
    """A headline "REAGAN SAYS..." with no body, or a body that does not name him, is Ronald
    Reagan's story: his surname's owner in the archive. "MAY" in more headlines than Theresa May has
    articles is a word, not her; so is "JOBS", a word of more bodies than name Steve Jobs."""
    where = index_stories(backend, tmp_path, request, MENTIONED)
    with newsearch.open_index(where, backend=backend) as ix:

        def found(query: str, **filters: object) -> set[str]:
            return {h.id for h in ix.search(query, limit=50, **filters)}  # type: ignore[arg-type]

        ronald = {"m1", "m2", "m3", "m4"}
        assert found("", people=["Reagan"]) == found("", people=["Ronald Reagan"]) == ronald
        assert found("people:reagan") == ronald
        assert found("", people=["Theresa May"]) == {"m5", "m6"}
        results = ix.search("", facets=True, facet_size=50)
        people = {c.value: c.count for c in results.facets["people"]}
        assert (people["Ronald Reagan"], people["Theresa May"]) == (4, 2)
        assert "reagan" not in people and "may" not in people
        shown = {h.id: h.people for h in ix.search("", limit=50)}
        assert shown["m3"] == shown["m4"] == ["Ronald Reagan"]
        assert shown["m7"] == shown["m8"] == shown["j3"] == []
        assert found("", people=["Steve Jobs"]) == found("people:jobs") == {"j1", "j2"}
        assert ix.names("people")[0] == {"name": "Ronald Reagan", "articles": 4, "also": []}


def test_paths_start_at_the_folder_given_whatever_the_working_folder(
    built: tuple[Path, str],
    backend: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    corpus, index_dir = built  # indexed by its absolute path
    with newsearch.open_index(index_dir, backend=backend) as ix:
        assert ix.get("s4").path == "news/stories.jsonl"
    copy = new_location(backend, tmp_path, request)
    newsearch.index_corpus(str(corpus), index_dir=copy, backend=backend)
    monkeypatch.chdir(corpus)  # the same folder from inside it: the stored manifest maps it
    report = newsearch.index_corpus(".", index_dir=copy, backend=backend)
    assert (report.added, report.removed, report.unchanged) == (0, 0, 5)
    with newsearch.open_index(copy, backend=backend) as ix:
        assert {a.path for a in ix.export(newsearch.SearchRequest(""))} == {"news/stories.jsonl"}
