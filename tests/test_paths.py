"""Paths an index stores and shows (issue 15): from the folder or file given to ``index``, never
absolute, and the same whichever working folder a run starts from (so ids stay stable)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsearch
from newsearch.backend import get_backend
from newsearch.backend.base import Document
from newsearch.cli import cli
from newsearch.ingest.records import digest
from newsearch.models import Entities, Record
from newsearch.query import SearchRequest


def archive(root: Path) -> Path:
    corpus = root / "data" / "corpus"
    for section, title, body in [
        ("business", "Oil prices rise", "Oil rose sharply in trading on Monday."),
        ("sport", "Cup final won", "The team won the cup final on Saturday."),
    ]:
        (corpus / section).mkdir(parents=True)
        (corpus / section / "001.txt").write_text(f"{title}\n{body}\n", encoding="utf-8")
    feed = root / "data" / "feed.jsonl"
    feed.write_text(json.dumps({"title": "Feed story", "body": "Oil in the feed."}) + "\n")
    (root / "elsewhere").mkdir()
    return corpus


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_an_absolute_path_is_stored_from_the_folder_given_on_hits_show_json_and_export(
    tmp_path: Path, nltk_ready: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = archive(tmp_path)
    ix = str(tmp_path / "ix")
    monkeypatch.chdir(tmp_path / "elsewhere")  # not under the corpus: nothing to shorten
    code, out, err = run("index", str(corpus), str(corpus.parent / "feed.jsonl"), "--index", ix)
    assert code == 0, err
    code, out, _ = run("query", "oil", "--index", ix)
    assert "\n   corpus/business/001.txt\n" in out
    assert "\n   feed.jsonl  [feed.jsonl#1]\n" in out
    assert str(tmp_path) not in out
    hits = json.loads(run("query", "oil", "--index", ix, "--json")[1])["hits"]
    assert {(h["id"], h["path"]) for h in hits} == {
        ("corpus/business/001.txt", "corpus/business/001.txt"),
        ("feed.jsonl#1", "feed.jsonl"),
    }
    code, out, _ = run("show", "corpus/business/001.txt", "--index", ix)
    assert code == 0 and "corpus/business/001.txt" in out and str(tmp_path) not in out
    assert json.loads(run("show", "feed.jsonl#1", "--index", ix, "--json")[1])["path"] == (
        "feed.jsonl"
    )
    code, out, _ = run("export", "", "--index", ix, "--fields", "id,path")
    assert [json.loads(line)["path"] for line in out.splitlines()] == [
        "corpus/business/001.txt",
        "corpus/sport/001.txt",
        "feed.jsonl",
    ]
    code, out, _ = run("export", "", "--index", ix, "--format", "csv", "--fields", "path")
    assert str(tmp_path) not in out and "corpus/sport/001.txt" in out


def test_ids_stay_the_same_whatever_the_working_folder_and_path_given(
    tmp_path: Path, nltk_ready: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = archive(tmp_path)
    ix = str(tmp_path / "ix")
    monkeypatch.chdir(tmp_path / "data")
    assert run("index", "corpus", "--index", ix)[0] == 0  # relative, from its parent
    before = newsearch.open_index(ix).run(SearchRequest("", limit=50)).hits
    monkeypatch.chdir(corpus)
    code, out, _ = run("index", ".", "--index", ix)  # the same folder, from inside it
    assert "0 added, 0 updated, 0 removed, 2 unchanged" in out
    monkeypatch.chdir(tmp_path / "elsewhere")
    (corpus / "sport" / "001.txt").unlink()
    (corpus / "sport" / "002.txt").write_text("Late winner\nA late goal won it.\n")
    code, out, _ = run("index", "../data/corpus/sport", "--index", ix)  # inside: same source
    assert "1 added, 0 updated, 1 removed, 0 unchanged" in out, out
    code, out, _ = run("index", str(tmp_path / "data"), "--index", ix)  # a folder around it
    assert "1 added, 0 updated, 0 removed, 2 unchanged" in out, out  # the feed is new
    after = newsearch.open_index(ix).run(SearchRequest("", limit=50)).hits
    assert {h.id for h in before} == {"corpus/business/001.txt", "corpus/sport/001.txt"}
    assert {(h.id, h.source, h.section) for h in after} == {
        ("corpus/business/001.txt", "corpus", "business"),
        ("corpus/sport/002.txt", "corpus", "sport"),
        ("data/feed.jsonl#1", "feed", ""),  # directly under the folder given: its own source
    }


def test_two_folders_of_one_name_get_their_parents_name_and_keep_apart(
    tmp_path: Path, nltk_ready: None
) -> None:
    for parent in ("a", "b"):
        (tmp_path / parent / "news").mkdir(parents=True)
        (tmp_path / parent / "news" / "x.txt").write_text(f"Story from {parent}\nOil news.\n")
    ix = str(tmp_path / "ix")
    newsearch.index_corpus(str(tmp_path / "a" / "news"), index_dir=ix)
    newsearch.index_corpus(str(tmp_path / "b" / "news"), index_dir=ix)
    (tmp_path / "a" / "news" / "x.txt").unlink()
    report = newsearch.index_corpus(str(tmp_path / "a" / "news"), index_dir=ix)
    assert (report.removed, report.unchanged) == (1, 0)  # b's story is not in a's scope
    hits = newsearch.open_index(ix).run(SearchRequest("oil")).hits
    assert [(h.id, h.path) for h in hits] == [("b/news/x.txt", "b/news/x.txt")]


def test_the_page_and_its_api_show_the_stored_path(tmp_path: Path, nltk_ready: None) -> None:
    pytest.importorskip("flask", reason="Flask is not installed (pip install '.[serve]')")
    from newsearch.web import create_app

    corpus = archive(tmp_path)
    ix = str(tmp_path / "ix")
    newsearch.index_corpus(str(corpus), index_dir=ix)
    client = create_app(ix).test_client()
    page = client.get("/?q=oil").get_data(as_text=True)
    assert "corpus/business/001.txt" in page and str(tmp_path) not in page
    hit = client.get("/api/search?q=oil").get_json()["hits"][0]
    assert (hit["id"], hit["path"]) == ("corpus/business/001.txt", "corpus/business/001.txt")
    article = client.get("/api/article/corpus/business/001.txt").get_json()
    assert article["path"] == "corpus/business/001.txt"
    export = client.get("/export?q=oil&format=jsonl").get_data(as_text=True)
    assert str(tmp_path) not in export and '"path": "corpus/business/001.txt"' in export


def test_an_index_from_before_labels_keeps_its_paths_as_given(
    tmp_path: Path, nltk_ready: None
) -> None:
    """An index written before the manifest had roots stored the paths as given: a re-run
    finds its files unchanged instead of adding them again under new ids."""
    corpus = archive(tmp_path)
    file = corpus / "business" / "001.txt"
    text = "Oil rose sharply in trading on Monday."
    old = Record(str(file), "Oil prices rise", text, str(file), source="business")
    engine = get_backend("whoosh")
    ix = str(tmp_path / "ix")
    with engine.open_writer(ix, rebuild=True, lock_timeout=5, on_wait=print) as writer:
        writer.manifest.roots = None  # as an index from before labels reads
        writer.commit(
            [engine.write_part(writer.target, [Document(old, Entities(), digest(old))])], [], {}
        )
        writer.save_manifest()
    assert "roots" not in json.loads((tmp_path / "ix" / "newsearch.json").read_text())
    report = newsearch.index_corpus(str(corpus / "business"), index_dir=ix)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 1)
    assert newsearch.open_index(ix).run(SearchRequest("oil")).hits[0].path == str(file)
