"""The OpenSearch backend as a user meets it: the same stems as NLTK over the vocabulary it
indexed, and the command line end to end (index, query, facets, timeline, show, info, errors)
on a real node (see the ``opensearch_url`` fixture: CI starts one; without Java, a skip)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED, write_news

import newsearch
from newsearch.analysis import term_for
from newsearch.backend.opensearch.client import connect, parse_location
from newsearch.backend.opensearch.mapping import text_words
from newsearch.cli import cli

REUTERS = SHARED / "corpora" / "reuters21578.jsonl"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"NEWSEARCH_URL": None})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def news_location(
    opensearch_url: str, tmp_path_factory: pytest.TempPathFactory, nltk_ready: None
) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("os-news")
    folder = write_news(root / "news")
    if REUTERS.is_file():  # 1500 Reuters stories: a real vocabulary
        lines = REUTERS.read_text(encoding="utf-8").splitlines()[:1500]
        (folder / "reuters.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    name = f"cli-{uuid.uuid4().hex[:10]}"
    code, out, err = run("index", str(folder), "--url", opensearch_url, "--index", name)
    assert code == 0, err
    assert " added" in out
    return folder, name


def test_stems_match_nltk_over_the_indexed_vocabulary(
    news_location: tuple[Path, str], opensearch_url: str
) -> None:
    location = f"{opensearch_url}/{news_location[1]}"
    vocabulary: set[str] = set()
    with newsearch.open_index(location) as ix:
        for hit in ix.search("", limit=100).hits:
            assert hit.id  # browsing works
        from newsearch.backend import get_backend
        from newsearch.backend.base import Plan
        from newsearch.query import ast

        reader = get_backend("opensearch").open_reader(location)
        for doc in reader.scan(Plan(ast.Every())):
            vocabulary.update(text_words(f"{doc.title} {doc.body}").split())
        reader.close()
    words = sorted(vocabulary)
    assert len(words) > (5000 if REUTERS.is_file() else 100)
    loc = parse_location(location)
    client = connect(loc)
    differ = {}
    for start in range(0, len(words), 2000):
        chunk = words[start : start + 2000]
        found = client.indices.analyze(index=loc.index, body={"analyzer": "news", "text": chunk})
        stems = [t["token"] for t in found["tokens"]]
        assert len(stems) == len(chunk)
        differ.update(
            {w: (s, term_for(w)) for w, s in zip(chunk, stems, strict=True) if s != term_for(w)}
        )
    client.close()
    assert differ == {}, f"{len(differ)} of {len(words)} words stem differently (Lucene, NLTK)"


def test_a_query_process_stems_with_the_kept_stems_not_nltk(
    news_location: tuple[Path, str], opensearch_url: str
) -> None:
    import subprocess
    import sys

    from newsearch.backend.opensearch.stems import KnownStems

    location = f"{opensearch_url}/{news_location[1]}"
    loc = parse_location(location)
    client = connect(loc)
    kept = KnownStems(client, loc).many(["drones", "strikes", "hosts", "grain", "zzyzxes"])
    client.close()
    assert kept == {w: term_for(w) for w in ("drones", "strikes", "hosts", "grain")}
    code = (
        "import sys, newsearch\n"
        f"ix = newsearch.open_index({location!r})\n"
        "r = ix.search('drones strikes', limit=3)\n"
        "print('nltk' in sys.modules, r.total, r.hits[0].id if r.hits else '-')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, total, _first = out.stdout.split()
    assert loaded == "False" and int(total) >= 1


def test_cli_query_facets_timeline_show_info(
    news_location: tuple[Path, str], opensearch_url: str
) -> None:
    name = news_location[1]
    where = ["--url", opensearch_url, "--index", name]
    code, out, err = run("query", "drone strike", *where)
    assert code == 0, err
    assert "1. Drone strike hits depot" in out and out.startswith("1 match for")
    code, out, err = run("query", "grain", "--facets", "--timeline", "--json", *where)
    assert code == 0, err
    data = json.loads(out)
    people = [f["value"] for f in data["facets"]["people"]]
    assert "Recep Tayyip Erdoğan" in people  # the registry's spelling (the more frequent)
    assert sum(b["count"] for b in data["timeline"]) >= 2
    assert [h["id"] for h in data["hits"]].count("wire-erdogan-1") == 1
    code, out, err = run("show", "wire-erdogan-1", *where)
    assert code == 0, err
    assert "Erdoğan hosts talks" in out and "Recep Tayyip Erdoğan" in out
    code, out, err = run("info", "--json", *where)
    assert code == 0, err
    info = json.loads(out)
    assert info["backend"] == "opensearch" and info["health"] in ("green", "yellow")
    assert info["nodes"] >= 1 and info["shards"] >= 1 and info["articles"] > 8
    # index it again: nothing changed, nothing written
    code, out, err = run("index", str(news_location[0]), *where)
    assert code == 0, err
    assert " 0 added, 0 updated, 0 removed" in out


def test_cli_errors_are_one_line() -> None:
    code, _, err = run("query", "grain", "--url", "http://127.0.0.1:9")
    assert code == 1
    assert err.strip() == (
        "newsearch: error: cannot reach OpenSearch at http://127.0.0.1:9 (is it running? "
        "`newsearch opensearch start` starts a local node)"
    )
    code, _, err = run("query", "grain", "--backend", "opensearch")
    assert code == 2 and "needs --url" in err and len(err.strip().splitlines()) == 1
    code, _, err = run("query", "grain", "--url", "http://127.0.0.1:9", "--index", "Bad/Name")
    assert code == 2 and "bad OpenSearch index name" in err


def test_a_second_indexer_waits_for_the_run_lock(
    opensearch_url: str, tmp_path: Path, nltk_ready: None
) -> None:
    from newsearch.backend import get_backend

    location = f"{opensearch_url}/lock-{uuid.uuid4().hex[:10]}"
    folder = write_news(tmp_path / "news")
    waited: list[str] = []
    engine = get_backend("opensearch")
    held = engine.open_writer(location, rebuild=False, lock_timeout=5, on_wait=waited.append)
    with held, pytest.raises(newsearch.IndexLockedError, match="another indexer is writing"):
        newsearch.index_corpus(str(folder), index_dir=location, lock_timeout=1.5, workers=1)
    report = newsearch.index_corpus(str(folder), index_dir=location, workers=1)
    assert report.added == 8 and waited == []


def test_curation_is_kept_in_the_cluster_and_applies_at_once(
    news_location: tuple[Path, str], opensearch_url: str
) -> None:
    """A merge written through the API lives in the cluster (not in a local folder): another
    process opening the same index sees it, in facets and in filters."""
    location = f"{opensearch_url}/{news_location[1]}"
    with newsearch.open_index(location) as ix:
        people = [f.value for f in ix.search("grain", facets=True, limit=1).facets["people"]]
        assert "Recep Tayyip Erdoğan" in people
        ix.curate("rename", "people", "Recep Tayyip Erdoğan", "President Erdoğan")
    code, out, err = run(
        "query", "grain", "--facets", "--json", "--url", opensearch_url, "--index", news_location[1]
    )
    assert code == 0, err
    shown = [f["value"] for f in json.loads(out)["facets"]["people"]]
    assert "President Erdoğan" in shown and "Recep Tayyip Erdoğan" not in shown
    code, out, err = run("info", "--url", opensearch_url, "--index", news_location[1])
    assert code == 0 and "President Erdoğan" in out, err
    assert not Path("http:").exists()  # nothing written to a local folder named after the URL


def test_saved_searches_live_in_the_cluster(
    news_location: tuple[Path, str], opensearch_url: str, tmp_path: Path
) -> None:
    """watch add / index / watch show on an OpenSearch index: what came in is new once."""
    where = ("--url", opensearch_url, "--index", news_location[1])
    code, out, err = run("watch", "add", "walrus", "walrus sighting", *where)
    assert code == 0, err
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "walrus.txt").write_text(
        "Walrus sighting off Norway\n\nA walrus sighting drew crowds to the harbour on Monday.\n",
        encoding="utf-8",
    )
    code, out, err = run("index", str(extra), *where)
    assert code == 0, err
    assert "watch walrus: 1 new" in out
    code, out, err = run("watch", "show", "walrus", *where)
    assert code == 0 and "Walrus sighting off Norway" in out, err
    code, out, err = run("watch", "show", "walrus", *where)
    assert code == 0 and "nothing new" in out, err
    assert not Path("watches.lock").exists() and not Path("watches.json").exists()
