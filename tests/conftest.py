"""Shared fixtures: real NLTK data (skip with the reason when absent) and tiny news corpora."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLE = REPO / "corpus" / "000_bed5f04292cb6d2e.txt"


@pytest.fixture(scope="session")
def opensearch_url() -> Iterator[str]:
    """An OpenSearch cluster for the tests: ``NEWSEARCH_TEST_OPENSEARCH_URL`` (set by .ci/run,
    which starts a node; the tests FAIL when it does not answer), else a node started here for
    the session when Java and Maven are installed, else the tests skip, saying why."""
    from urllib.request import urlopen

    from newsearch.backend.opensearch import node

    url = os.environ.get("NEWSEARCH_TEST_OPENSEARCH_URL", "").rstrip("/")
    if url:
        try:
            with urlopen(url, timeout=30) as answer:
                assert answer.status == 200
        except OSError as exc:
            pytest.fail(f"NEWSEARCH_TEST_OPENSEARCH_URL={url} does not answer: {exc}")
        yield url
        return
    missing = node.missing_tools()
    if missing:
        pytest.skip(
            f"OpenSearch tests need Java 17+ and Maven ({', '.join(missing)} not found), "
            "or NEWSEARCH_TEST_OPENSEARCH_URL naming a running cluster"
        )
    cluster = node.start(port=9250)
    try:
        yield cluster.url
    finally:
        node.stop(cluster)


@pytest.fixture(scope="session")
def nltk_ready() -> None:
    from newsearch import nltkdata
    from newsearch.errors import NLTKDataError

    try:
        nltkdata.ensure()
    except NLTKDataError as exc:
        pytest.skip(f"NLTK data unavailable: {exc}")


def write_news(folder: Path) -> Path:
    """A small news folder in every format, with known contents."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sample.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "drone-title.md").write_text(
        "# Drone strike hits depot\n\nA single drone struck a fuel depot near the border on "
        "Monday, officials said.\n",
        encoding="utf-8",
    )
    (folder / "filler.txt").write_text(
        "Markets steady as traders wait\n\n"
        + "Traders waited for figures on Friday and markets barely moved. " * 30
        + "Late in the day a drone was mentioned once.\n",
        encoding="utf-8",
    )
    (folder / "erdogan.json").write_text(
        json.dumps(
            {
                "id": "wire-erdogan-1",
                "title": "Erdoğan hosts talks",
                "text": "Turkish President Recep Tayyip Erdoğan hosted talks in Ankara on grain "
                "exports, the U.S. embassy said.",
                "published": "2022-07-20T09:00:00Z",
                "source": "Wire",
                "url": "https://example.org/erdogan",
            }
        ),
        encoding="utf-8",
    )
    feed = [
        {
            "title": "Bank of England raises rates",
            "body": "The Bank of England raised its main interest rate on Thursday.",
            "date": "2022-08-04",
            "source": "Feed",
        },
        {
            "title": "Sanctions bite",
            "content": "New sanctions on Russia were announced by the European Union.",
            "date": "2022-06-01",
            "source": "Feed",
        },
        {"title": "Title only story"},
    ]
    (folder / "feed.jsonl").write_text(
        "\n".join(json.dumps(r) for r in feed) + "\n", encoding="utf-8"
    )
    (folder / "page.html").write_text(
        "<html><head><title>Grain deal signed</title>"
        '<meta property="article:published_time" content="2022-07-22"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/world'>World news menu</a></nav>"
        "<article><h1>Grain deal signed</h1><p>Ukraine and Russia signed a deal in Istanbul "
        "on Friday to reopen Black Sea ports for grain exports, with Turkey and the United "
        "Nations as guarantors of the agreement that was reached after months of talks.</p>"
        "<p>The deal is expected to ease a global food crisis that has pushed millions of "
        "people towards hunger, officials said at the signing ceremony.</p></article>"
        "<footer>Copyright footer boilerplate</footer></body></html>",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="session")
def news_index(tmp_path_factory: pytest.TempPathFactory, nltk_ready: None) -> Path:
    """An index of :func:`write_news` built once for the session (read-only for tests)."""
    import newsearch

    root = tmp_path_factory.mktemp("news")
    folder = write_news(root / "news")
    index_dir = root / "index"
    report = newsearch.index_corpus(str(folder), index_dir=str(index_dir), workers=1)
    assert report.added == 8, report
    return index_dir


STORIES = [
    {
        "id": "veto",
        "title": "Reagan vetoes highway bill",
        "date": "1987-03-27",
        "body": "President Ronald Reagan vetoed the highway bill on Friday. Reagan said the bill "
        "spent too much, and Reagan told Congress he would veto it again. Aides said Reagan "
        "was firm.",
    },
    {
        "id": "markets",
        "title": "Stocks close higher on trade hopes",
        "date": "1987-04-02",
        "body": "Stocks rose on Thursday after Treasury Secretary James Baker spoke about trade "
        "with Japan. Traders noted that President Ronald Reagan had not commented.",
    },
    {
        "id": "summit",
        "title": "Reagan meets Nakasone on trade",
        "date": "1987-05-01",
        "body": "President Ronald Reagan met Japanese Prime Minister Yasuhiro Nakasone in "
        "Washington to talk about trade with Japan. Reagan called the talks useful.",
    },
    {
        "id": "undated",
        "title": "Farm aid debated",
        "body": "Farm state senators asked President Ronald Reagan for more aid to farmers in "
        "Iowa and Kansas.",
    },
    {
        "id": "oil",
        "title": "Oil prices fall",
        "date": "1987-04-10",
        "body": "Oil prices fell in London as Saudi Arabia raised output, traders said.",
    },
]


@pytest.fixture(scope="session")
def wire_index(tmp_path_factory: pytest.TempPathFactory, nltk_ready: None) -> Path:
    """Five 1987 wire stories, four naming Ronald Reagan (one undated), two Japan: the index
    for the entity pages and the article page's reading aids."""
    import newsearch

    root = tmp_path_factory.mktemp("wire")
    (root / "news").mkdir()
    (root / "news" / "wire.jsonl").write_text(
        "\n".join(json.dumps(s) for s in STORIES) + "\n", encoding="utf-8"
    )
    newsearch.index_corpus(str(root / "news"), index_dir=str(root / "ix"), workers=1)
    return root / "ix"
