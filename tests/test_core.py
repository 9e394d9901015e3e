"""The core contract: index a folder, search it from Python, every input format, ranking basics."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsearch
from newsearch.analysis import tokenize


def search(index_dir: Path, query: str, **kwargs: object) -> newsearch.SearchResults:
    with newsearch.open_index(str(index_dir)) as ix:
        return ix.search(query, **kwargs)  # type: ignore[arg-type]


def titles(results: newsearch.SearchResults) -> list[str]:
    return [hit.title for hit in results]


def test_sample_article_found_with_drones_and_iran_marked(news_index: Path) -> None:
    results = search(news_index, "drones Iran")
    first = results.hits[0]
    assert first.title.startswith("Putin has arrived in Tehran")
    assert "<mark>drones</mark>" in first.snippet
    assert "<mark>Iran</mark>" in first.snippet
    assert results.partial is False


def test_sample_article_has_the_obvious_people_and_countries(news_index: Path) -> None:
    hit = search(news_index, "Tehran").hits[0]
    # the archive spells Erdogan two ways; its registry shows him under one (the accented)
    for person in ("Vladimir Putin", "Recep Tayyip Erdoğan", "Ebrahim Raisi"):
        assert person in hit.people
    for country in ("Russia", "Iran", "Turkey", "Syria"):
        assert country in hit.countries


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("drone", "Putin has arrived in Tehran, as Russia and Iran grow closer in their isolation"),
        ("sanction", "Sanctions bite"),
        ("sanctions", "Sanctions bite"),
    ],
)
def test_stemming_both_ways(news_index: Path, query: str, expected: str) -> None:
    assert expected in titles(search(news_index, query))


def test_singular_query_finds_plural_and_plural_finds_singular(news_index: Path) -> None:
    assert "Drone strike hits depot" in titles(search(news_index, "drones"))
    assert tokenize("drones") == tokenize("drone") == ["drone"]


def test_accents_fold_both_ways(news_index: Path) -> None:
    assert titles(search(news_index, "Erdogan hosts"))[0] == "Erdoğan hosts talks"
    assert titles(search(news_index, "Erdoğan hosts"))[0] == "Erdoğan hosts talks"


def test_abbreviations_stay_whole() -> None:
    assert tokenize("U.S. sanctions") == tokenize("US sanctions") == ["us", "sanction"]
    assert "who" in tokenize("the WHO said")
    assert "it" in tokenize("IT stocks")


def test_phrase_query_matches_only_adjacent_words(news_index: Path) -> None:
    found = titles(search(news_index, '"Bank of England"'))
    assert found == ["Bank of England raises rates"]
    assert search(news_index, '"England bank"').total == 0


def test_title_match_outranks_match_deep_in_body(news_index: Path) -> None:
    found = titles(search(news_index, "drone"))
    assert found.index("Drone strike hits depot") < found.index("Markets steady as traders wait")


def test_all_words_rank_above_some_words(news_index: Path) -> None:
    results = search(news_index, "grain Istanbul")
    assert results.hits[0].title == "Grain deal signed"
    assert results.partial is False


def test_partial_matches_when_no_article_has_all_words(news_index: Path) -> None:
    results = search(news_index, "drone zeppelin")
    assert results.total > 0
    assert results.partial is True


def test_each_format_is_indexed(news_index: Path) -> None:
    with newsearch.open_index(str(news_index)) as ix:
        assert len(ix) == 8
        html = ix.search("Black Sea ports").hits[0]
        assert html.title == "Grain deal signed"
        article = ix.get(html.id)
        assert "reopen Black Sea ports" in article.body
        assert "boilerplate" not in article.body and "World news menu" not in article.body
        wire = ix.get("wire-erdogan-1")
        assert wire.date == "2022-07-20T09:00:00" and wire.source == "Wire"
        assert wire.url == "https://example.org/erdogan"
        assert wire.people == ["Recep Tayyip Erdoğan"]
        feed = ix.search('"Title only story"').hits[0]
        assert feed.id.endswith("news/feed.jsonl#3")
        assert ix.get(feed.id).body == ""
        md = ix.search("depot").hits[0]
        assert md.title == "Drone strike hits depot"
        assert md.path.endswith("news/drone-title.md")


def test_ids_are_the_path_as_given(
    tmp_path: Path, nltk_ready: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import write_news

    write_news(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    report = newsearch.index_corpus("corpus/", index_dir="ix", workers=1)
    assert report.added == 8 and report.problems == []
    with newsearch.open_index("ix") as ix:
        assert ix.get("corpus/sample.txt").title.startswith("Putin has arrived")
        assert ix.get("corpus/feed.jsonl#2").title == "Sanctions bite"


def test_results_total_counts_all_matches_not_the_page(news_index: Path) -> None:
    everything = search(news_index, "said OR the OR on", limit=100)
    page = search(news_index, "said OR the OR on", limit=2)
    assert page.total == everything.total > 2
    assert len(page.hits) == 2
    second = search(news_index, "said OR the OR on", limit=2, page=2)
    assert {h.id for h in second}.isdisjoint({h.id for h in page})


def test_hit_fields(news_index: Path) -> None:
    hit = search(news_index, "Bank of England").hits[0]
    assert hit.date == "2022-08-04"
    assert hit.source == "Feed"
    assert isinstance(hit.score, float) and hit.score > 0
    assert hit.path.endswith("feed.jsonl")


def test_unknown_id_and_missing_index_raise_our_errors(news_index: Path, tmp_path: Path) -> None:
    with newsearch.open_index(str(news_index)) as ix, pytest.raises(newsearch.ArticleNotFoundError):
        ix.get("no-such-id")
    with pytest.raises(newsearch.IndexNotFoundError, match="no index at"):
        newsearch.open_index(str(tmp_path / "nothing-here"))


def test_extract_entities_is_public(nltk_ready: None) -> None:
    found = newsearch.extract_entities("President Vladimir Putin arrived in Iran on Tuesday.")
    assert found.people == ["Vladimir Putin"]
    assert "Iran" in found.countries
