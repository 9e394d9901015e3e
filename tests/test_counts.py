"""Issue 13: queries that mean what they say, counts that can be trusted."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import newsearch
from newsearch.query import parse_query

REPO = Path(__file__).resolve().parent.parent
REUTERS = REPO.parent / "shared" / "corpora" / "reuters21578.jsonl"
_OPERATOR = re.compile(r"\b(AND|OR|NOT)\b")


def _capital_headlines(n: int) -> list[dict[str, str]]:
    out = []
    with REUTERS.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            title = record.get("title") or ""
            if record.get("body") and _OPERATOR.search(title) and not re.search("[a-z]", title):
                out.append(record)
                if len(out) == n:
                    break
    return out


@pytest.fixture(scope="module")
def headlines(tmp_path_factory: pytest.TempPathFactory, nltk_ready: None) -> tuple[Path, list]:
    if not REUTERS.exists():
        pytest.skip(f"{REUTERS} is absent")
    records = _capital_headlines(8)
    root = tmp_path_factory.mktemp("headlines")
    feed = root / "r.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    newsearch.index_corpus(str(feed), index_dir=str(root / "ix"), workers=1)
    return root / "ix", records


def test_headlines_in_capitals_are_words_not_operators(headlines: tuple[Path, list]) -> None:
    index_dir, records = headlines
    assert len(records) == 8
    with newsearch.open_index(index_dir) as ix:
        for record in records:
            title = record["title"]
            assert parse_query(title).all_words is not None, title
            results = ix.search(title)
            assert results.total >= 1, title
            assert record["id"] in [hit.id for hit in results], title


def test_operators_still_work_with_lower_case_words() -> None:
    for text in ("iran AND russia", "Iran OR Turkey", "drones NOT iran"):
        assert parse_query(text).all_words is None, text
    assert parse_query("AGREEMENT BY SAUDI ARABIA AND YEMEN OR TROOPS").all_words is not None


# A small archive: two articles with all of "sugar quota philippines", three with some; two
# on the same day at different times, two at the very same moment (listed out of id order).
ARCHIVE = [
    {
        "id": "c1",
        "title": "Sugar quota for the Philippines",
        "body": "The Philippines sugar quota was raised by Washington.",
        "date": "1987-03-02T09:00:00",
    },
    {
        "id": "c2",
        "title": "Philippines sugar quota cut",
        "body": "The sugar quota of the Philippines was cut again.",
        "date": "1987-03-02T17:30:00",
    },
    {
        "id": "c4",
        "title": "Sugar prices rise",
        "body": "Sugar prices rose in London on Tuesday.",
        "date": "1987-03-03T08:00:00",
    },
    {
        "id": "c3",
        "title": "Steel quota",
        "body": "A quota on steel imports from Japan was agreed.",
        "date": "1987-03-03T08:00:00",
    },
    {
        "id": "c5",
        "title": "Manila votes",
        "body": "Elections were held in the Philippines.",
        "date": "1987-02-20T12:00:00",
    },
]
WORDS = "sugar quota philippines"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, nltk_ready: None) -> Path:
    root = tmp_path_factory.mktemp("archive")
    feed = root / "archive.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in ARCHIVE) + "\n", encoding="utf-8")
    report = newsearch.index_corpus(str(feed), index_dir=str(root / "ix"), workers=1)
    assert report.added == len(ARCHIVE)
    return root / "ix"


def ids(results: newsearch.SearchResults) -> list[str]:
    return [hit.id for hit in results]


def run(*args: str) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from newsearch.cli import cli

    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_counts_facets_and_date_sort_are_over_the_all_words_articles(archive: Path) -> None:
    with newsearch.open_index(archive) as ix:
        results = ix.search(WORDS, facets=True, timeline=True)
        assert results.total == 2 and results.others == 3 and not results.partial
        countries = {f.value: f.count for f in results.facets["countries"]}
        assert countries.get("Philippines") == 2
        assert sum(b.count for b in results.timeline) == 2
        assert ids(ix.search(WORDS, sort="newest")) == ["c2", "c1"]
        assert ids(ix.search(WORDS, sort="oldest")) == ["c1", "c2"]
        # --any: every partial match counted and sorted; relevance ranks the same either way
        every = ix.search(WORDS, any=True, facets=True)
        assert every.total == 5 and every.others == 0
        assert ids(every) == ids(results) and set(ids(results)[:2]) == {"c1", "c2"}
        assert ids(ix.search(WORDS, any=True, sort="newest")) == ["c3", "c4", "c2", "c1", "c5"]


def test_cli_says_how_many_more_have_some_of_the_words(archive: Path) -> None:
    code, out, err = run("query", WORDS, "--index", str(archive))
    assert code == 0, err
    assert out.startswith("2 matches for 'sugar quota philippines'")
    assert (
        "note: 3 more articles have some of the words (ranked after these; --any counts them)"
        in out
    )
    code, out, err = run("query", WORDS, "--index", str(archive), "--sort", "newest")
    assert "note: 3 more articles have some of the words (--any shows them)" in out
    code, out, err = run("query", WORDS, "--index", str(archive), "--any", "--json")
    data = json.loads(out)
    assert (data["total"], data["others"]) == (5, 0)
    code, out, err = run("query", WORDS, "--index", str(archive), "--json")
    assert (json.loads(out)["total"], json.loads(out)["others"]) == (2, 3)


def test_date_sort_uses_the_time_of_day_and_the_id_for_ties(archive: Path) -> None:
    everything = "sugar OR quota OR philippines"
    with newsearch.open_index(archive) as ix:
        newest = ids(ix.search(everything, sort="newest"))
        assert newest == ["c3", "c4", "c2", "c1", "c5"]
        assert ids(ix.search(everything, sort="oldest")) == ["c5", "c1", "c2", "c3", "c4"]
        paged = [
            i for p in (1, 2, 3) for i in ids(ix.search(everything, sort="newest", limit=2, page=p))
        ]
        assert paged == newest


def test_the_empty_query_is_the_archive_overview(archive: Path) -> None:
    code, out, err = run("query", "", "--facets", "--facet-size", "1", "--index", str(archive))
    assert code == 0, err
    assert out.startswith("5 matches (showing 1-5, page 1 of 1)")
    assert out.index("Steel quota") < out.index("Manila votes")  # newest first
    assert "countries:" in out
    with newsearch.open_index(archive) as ix:
        overview = ix.search("", facets=True, facet_size=1)
        assert overview.total == 5 and ids(overview)[-1] == "c5"
        assert all(len(counts) <= 1 for counts in overview.facets.values())
    code, out, err = run("query", "", "--facet-size", "0", "--index", str(archive))
    assert code == 2


def test_a_page_past_the_end_says_so(archive: Path) -> None:
    code, out, err = run("query", "sugar", "--page", "999", "--index", str(archive))
    assert code == 0, err
    assert out.strip() == "3 matches for 'sugar'; page 999 of 1: past the last page"
    code, out, err = run("query", "sugar", "--page", "999", "--json", "--index", str(archive))
    data = json.loads(out)
    assert (data["total"], data["page"], data["pages"], data["hits"]) == (3, 999, 1, [])


def test_relevance_pages_run_on_through_the_partial_matches(archive: Path) -> None:
    """By relevance the articles with some of the words follow those with all of them: the
    pages say so instead of "page 2 of 1"."""
    with newsearch.open_index(archive) as ix:
        second = ix.search(WORDS, limit=2, page=2)
        assert (second.total, second.others, second.pages) == (2, 3, 3)
        assert len(second.hits) == 2 and not set(ids(second)) & {"c1", "c2"}
        assert ix.search(WORDS, limit=2, sort="newest").pages == 1
    code, out, _err = run("query", WORDS, "--index", str(archive), "-n", "2", "--page", "2")
    assert out.startswith("2 matches for 'sugar quota philippines' (showing 3-4, page 2 of 3)")


PASSING = [
    {"id": "p1", "title": "Yuganskneftegaz sold", "body": "Yuganskneftegaz, the main unit of "
     "Yukos, was sold on Sunday. Yuganskneftegaz pumps a million barrels a day."},
    {"id": "p2", "title": "Paintings auction sets a record", "body": "An auction of paintings "
     "set a record in London. The same catalogue listed an old Yuganskneftegaz share."},
    {"id": "p3", "title": "Auction of bonds", "body": "The Treasury auction drew bids."},
    {"id": "p4", "title": "Car auction", "body": "A car auction was held in Leeds."},
    {"id": "p5", "title": "Wine auction", "body": "An auction of wine raised money."},
]  # fmt: skip


def test_every_word_is_a_bonus_not_a_rule(tmp_path: Path, nltk_ready: None) -> None:
    """An article about the rare word of the query outranks one that has every word in
    passing; what is counted is still the articles with every word."""
    feed = tmp_path / "p.jsonl"
    feed.write_text("\n".join(json.dumps(r) for r in PASSING) + "\n", encoding="utf-8")
    newsearch.index_corpus(str(feed), index_dir=str(tmp_path / "ix"), workers=1)
    with newsearch.open_index(tmp_path / "ix") as ix:
        results = ix.search("Yuganskneftegaz auction", explain=True)
        assert ids(results)[:2] == ["p1", "p2"]
        assert (results.total, results.others) == (1, 4)
        for hit in results.hits:  # the parts add up to the score, times the all-words factor
            parts = hit.explain or []
            factor = next((p["score"] for p in parts if p["kind"] == "all words"), 1.0)
            summed = sum(p["score"] for p in parts if p["kind"] != "all words") * factor
            assert summed == pytest.approx(hit.score, rel=1e-3), hit.id
