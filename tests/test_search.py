"""Narrowing and ordering: filters, sort orders, facets, timeline, suggestions, similar stories."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

import newsearch

STORIES = [
    {
        "id": "s1",
        "title": "Putin meets Erdogan in Tehran",
        "date": "2022-07-19",
        "source": "Reuters",
        "body": "Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan "
        "in Tehran on Tuesday to discuss grain exports and the war.",
    },
    {
        "id": "s2",
        "title": "Erdogan threatens Syria incursion",
        "date": "2022-06-01",
        "source": "AP",
        "body": "Turkish President Recep Tayyip Erdogan said Turkey would launch a new "
        "military operation in northern Syria against Kurdish militias.",
    },
    {
        "id": "s3",
        "title": "Grain talks in Istanbul",
        "date": "2022-07-22",
        "source": "Reuters",
        "body": "Ukraine and Russia agreed on grain exports in Istanbul, Turkish officials "
        "said. Ukrainian President Volodymyr Zelensky welcomed the grain deal.",
    },
    {
        "id": "s4",
        "title": "Oil prices fall",
        "source": "AP",
        "body": "Oil prices fell on Monday as traders worried about weak demand for fuel.",
    },
    {
        "id": "s5",
        "title": "Nuclear talks stall in Vienna",
        "date": "2021-12-15",
        "source": "Reuters",
        "body": "Iranian negotiators and European diplomats met in Vienna. Foreign Minister "
        "Hossein Amirabdollahian said the nuclear talks with Iran would continue.",
    },
]
EVERYTHING = "Putin OR Erdogan OR grain OR oil OR nuclear"


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory, nltk_ready: None) -> newsearch.NewsIndex:
    root = tmp_path_factory.mktemp("stories")
    feed = root / "stories.jsonl"
    feed.write_text("\n".join(json.dumps(s) for s in STORIES) + "\n", encoding="utf-8")
    report = newsearch.index_corpus(str(feed), index_dir=str(root / "ix"), workers=1)
    assert report.added == 5
    return newsearch.open_index(str(root / "ix"))


def ids(results: newsearch.SearchResults) -> list[str]:
    return [hit.id for hit in results]


def test_sort_newest_and_oldest_put_undated_last(ix: newsearch.NewsIndex) -> None:
    assert ids(ix.search(EVERYTHING, sort="newest")) == ["s3", "s1", "s2", "s5", "s4"]
    assert ids(ix.search(EVERYTHING, sort="oldest")) == ["s5", "s2", "s1", "s3", "s4"]


def test_sort_pages_follow_the_order(ix: newsearch.NewsIndex) -> None:
    page2 = ix.search(EVERYTHING, sort="newest", limit=2, page=2)
    assert ids(page2) == ["s2", "s5"] and page2.total == 5


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"people": ["Recep Tayyip Erdogan"]}, {"s1", "s2"}),
        ({"people": ["erdogan"]}, {"s1", "s2"}),
        ({"people": ["Volodymyr Zelensky", "Recep Tayyip Erdogan"]}, set()),
        ({"countries": ["Turkey"]}, {"s1", "s2", "s3"}),
        ({"countries": ["turkish"]}, {"s1", "s2", "s3"}),
        ({"countries": ["Turkey", "Ukraine"]}, {"s3"}),
        ({"sources": ["AP"]}, {"s2", "s4"}),
        ({"sources": ["reuters"]}, {"s1", "s3", "s5"}),
        ({"since": "2022-07-01"}, {"s1", "s3"}),
        ({"until": "2022-06-01"}, {"s2", "s5"}),
        ({"since": "2022-06-01", "until": "2022-07-19"}, {"s1", "s2"}),
    ],
)
def test_filters(ix: newsearch.NewsIndex, kwargs: dict[str, object], expected: set[str]) -> None:
    results = ix.search(EVERYTHING, limit=100, **kwargs)  # type: ignore[arg-type]
    assert set(ids(results)) == expected
    assert results.total == len(expected)


def test_date_range_in_the_query(ix: newsearch.NewsIndex) -> None:
    assert set(ids(ix.search("date:2022-07"))) == {"s1", "s3"}
    assert set(ids(ix.search("grain date:2022-07-20..2022-07-31"))) == {"s3"}


def test_facets_count_all_matches_not_just_the_page(ix: newsearch.NewsIndex) -> None:
    page = ix.search(EVERYTHING, limit=1, facets=True)
    every = ix.search(EVERYTHING, limit=100)
    by_hand = {
        "people": Counter(p for hit in every for p in hit.people),
        "countries": Counter(c for hit in every for c in hit.countries),
    }
    for name in ("people", "countries"):
        assert {f.value: f.count for f in page.facets[name]} == dict(by_hand[name])
    countries = {f.value: f.count for f in page.facets["countries"]}
    assert countries["Turkey"] == 3 and countries["Russia"] == 2
    people = {f.value: f.count for f in page.facets["people"]}
    assert people["Recep Tayyip Erdogan"] == 2
    # most frequent first
    counts = [f.count for f in page.facets["countries"]]
    assert counts == sorted(counts, reverse=True)


def test_facets_respect_filters(ix: newsearch.NewsIndex) -> None:
    results = ix.search(EVERYTHING, sources=["AP"], facets=True)
    assert {f.value for f in results.facets["people"]} == {"Recep Tayyip Erdogan"}


def test_timeline_counts_dated_matches_per_period(ix: newsearch.NewsIndex) -> None:
    months = ix.search(EVERYTHING, timeline=True).timeline
    assert months[0].period == "2021-12" and months[-1].period == "2022-07"
    assert sum(b.count for b in months) == 4  # s4 is undated
    assert {b.period: b.count for b in months}["2022-07"] == 2
    days = ix.search("grain", timeline=True).timeline
    assert [b.period for b in days if b.count] == ["2022-07-19", "2022-07-22"]


def test_partial_flag_and_suggestion(ix: newsearch.NewsIndex) -> None:
    results = ix.search("grain zeppelin")
    assert results.partial is True and set(ids(results)) == {"s1", "s3"}
    assert ix.search("grain Istanbul").partial is False
    misspelt = ix.search("Erdogn")
    assert misspelt.total == 0
    assert misspelt.suggestion is not None and misspelt.suggestion.lower() == "erdogan"
    assert ix.search("grain").suggestion is None


def test_similar_stories(ix: newsearch.NewsIndex) -> None:
    similar = ix.similar("s1")
    assert "s1" not in ids(similar)
    assert ids(similar)[0] in {"s2", "s3"}
    with pytest.raises(newsearch.ArticleNotFoundError):
        ix.similar("nope")


def test_people_field_search_is_forgiving(ix: newsearch.NewsIndex) -> None:
    assert set(ids(ix.search("people:erdogan"))) == {"s1", "s2"}
    assert set(ids(ix.search('people:"recep tayyip erdogan"'))) == {"s1", "s2"}
    assert set(ids(ix.search("countries:iranian"))) == {"s5"}
    assert set(ids(ix.search("countries:iran"))) == {"s5"}


def test_usage_errors(ix: newsearch.NewsIndex) -> None:
    with pytest.raises(newsearch.UsageError, match="--since"):
        ix.search("grain", since="July")
    with pytest.raises(newsearch.UsageError, match="sort"):
        ix.search("grain", sort="random")
    with pytest.raises(newsearch.UsageError, match="after"):
        ix.search("grain", since="2022-08-01", until="2022-07-01")


def test_similar_shows_a_resent_story_once_and_survives_a_stopword_title(
    tmp_path: Path, nltk_ready: None
) -> None:
    body = "Wheat exports from the port rose sharply as farmers sold the harvest early."
    feed = [
        {"id": "w1", "title": "Wheat exports rise", "body": body, "date": "1987-03-01"},
        {"id": "w2", "title": "WHEAT EXPORTS RISE", "body": body, "date": "1987-03-02"},
        {
            "id": "w3",
            "title": "Wheat harvest sold early",
            "body": "Farmers sold the wheat harvest early and exports from the port rose.",
        },
        {"id": "w4", "title": "The", "body": "Wheat exports and the harvest, again."},
    ]
    path = tmp_path / "wheat.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in feed), encoding="utf-8")
    newsearch.index_corpus(str(path), index_dir=str(tmp_path / "ix"), workers=1)
    with newsearch.open_index(str(tmp_path / "ix")) as wheat:
        assert "w2" not in ids(wheat.similar("w1"))  # the same story, resent
        assert "w3" in ids(wheat.similar("w1"))
        assert wheat.similar("w4").hits  # a title of stopwords only


def test_filters_alone_browse_newest_first(ix: newsearch.NewsIndex) -> None:
    results = ix.search("", countries=["Turkey"], facets=True)
    assert ids(results) == ["s3", "s1", "s2"]
    assert results.total == 3 and results.partial is False
    assert ids(ix.search("  ", sources=["AP"], sort="oldest")) == ["s2", "s4"]
    # no words and no filters: the archive overview, every article, newest first
    overview = ix.search("", facets=True, timeline=True)
    assert ids(overview) == ["s3", "s1", "s2", "s5", "s4"] and overview.total == 5
    assert overview.facets["countries"] and overview.timeline


def test_facets_and_browse_forget_replaced_and_removed_articles(
    tmp_path: Path, nltk_ready: None
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    a, b = folder / "a.txt", folder / "b.txt"
    a.write_text("Talks in Paris\n\nPresident Emmanuel Macron met Olaf Scholz.\n", "utf-8")
    b.write_text("Talks in Rome\n\nGiorgia Meloni met Olaf Scholz in Rome.\n", "utf-8")
    index_dir = str(tmp_path / "ix")
    newsearch.index_corpus(str(folder), index_dir=index_dir, workers=1)
    a.write_text("Talks in Paris\n\nPresident Emmanuel Macron met Pedro Sanchez.\n", "utf-8")
    b.unlink()
    report = newsearch.index_corpus(str(folder), index_dir=index_dir, workers=1)
    assert (report.updated, report.removed) == (1, 1)
    with newsearch.open_index(index_dir) as fresh:
        people = {f.value: f.count for f in fresh.search("talks", facets=True).facets["people"]}
        assert people == {"Emmanuel Macron": 1, "Pedro Sanchez": 1}
        assert fresh.search("", people=["Olaf Scholz"]).total == 0
