"""Wire copies and sources, as a reader sees them: one hit per story with its copies' ids,
``--all-copies`` to see every copy, ``similar`` without the story's own copies, copies found on
later runs and after the original is deleted; the source and section of every article."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsearch import index_corpus, open_index
from newsearch.cli import cli

pytestmark = pytest.mark.usefixtures("nltk_ready")

CHELSEA = (
    "Cole signs new Chelsea deal\n\n"
    "Ashley Cole has signed a new contract with Chelsea that keeps the England defender at "
    "Stamford Bridge until 2009, the club said on Friday after weeks of talks with his agent. "
    "The full-back had been linked with a move to Real Madrid last summer.\n"
)
# the same story, resent with a word changed
CHELSEA_AGAIN = CHELSEA.replace("weeks of talks", "months of talks")
ARSENAL = (
    "Arsenal beat Chelsea in the cup\n\n"
    "Arsenal knocked Chelsea out of the FA Cup on Sunday with two late goals from Thierry "
    "Henry, ending a run of five matches without a win for the north London club.\n"
)
OIL = (
    "Oil prices rise on supply fears\n\n"
    "Crude oil prices rose sharply on Monday as traders worried about supplies from the Middle "
    "East and a cold winter in the United States and Europe pushed demand for heating oil up.\n"
)


def write_bbc(root: Path) -> Path:
    bbc = root / "bbc"
    for section in ("sport", "business"):
        (bbc / section).mkdir(parents=True, exist_ok=True)
    (bbc / "sport" / "001.txt").write_text(CHELSEA, encoding="utf-8")
    (bbc / "sport" / "002.txt").write_text(ARSENAL, encoding="utf-8")
    (bbc / "sport" / "003.txt").write_text(CHELSEA_AGAIN, encoding="utf-8")
    (bbc / "business" / "001.txt").write_text(OIL, encoding="utf-8")
    return bbc


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def query_json(index: Path, *args: str) -> dict[str, Any]:
    code, out, err = run("query", *args, "--index", str(index), "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def bbc_index(tmp_path: Path) -> tuple[Path, Path]:
    bbc = write_bbc(tmp_path / "corpora")
    index = tmp_path / "ix"
    index_corpus(bbc, index_dir=index)
    return bbc, index


def test_a_resent_story_is_one_hit_with_its_copy(bbc_index: tuple[Path, Path]) -> None:
    bbc, index = bbc_index
    code, out, err = run("query", "Ashley Cole contract", "--index", str(index))
    assert code == 0, err
    assert "1 match" in out
    assert "+1 copy: bbc/sport/003.txt" in out
    data = query_json(index, "Ashley Cole contract")
    assert [h["id"] for h in data["hits"]] == ["bbc/sport/001.txt"]
    assert data["hits"][0]["copies"] == ["bbc/sport/003.txt"]
    # facets and the timeline count the story once too
    faceted = query_json(index, "chelsea", "--facets")
    assert faceted["total"] == 2  # the story and the Arsenal match report
    assert {"value": "Ashley Cole", "count": 1} in faceted["facets"]["people"]


def test_export_collapses_copies_as_query_does_and_names_them(
    bbc_index: tuple[Path, Path],
) -> None:
    _bbc, index = bbc_index
    args = ["export", "Ashley Cole contract", "--index", str(index), "--fields", "id,copies"]
    code, out, _ = run(*args)
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == [
        {"id": "bbc/sport/001.txt", "copies": ["bbc/sport/003.txt"]}  # not "copies": []
    ]
    code, out, _ = run(*args, "--all-copies", "--format", "csv")
    assert out.splitlines() == [
        "id,copies",
        "bbc/sport/001.txt,bbc/sport/003.txt",
        "bbc/sport/003.txt,",
    ]


def test_all_copies_shows_every_copy(bbc_index: tuple[Path, Path]) -> None:
    bbc, index = bbc_index
    data = query_json(index, "Ashley Cole contract", "--all-copies")
    by_id = {h["id"]: h for h in data["hits"]}
    assert set(by_id) == {"bbc/sport/001.txt", "bbc/sport/003.txt"}
    assert by_id["bbc/sport/003.txt"]["copy_of"] == "bbc/sport/001.txt"
    code, out, _ = run("query", "Ashley Cole contract", "--all-copies", "--index", str(index))
    assert code == 0 and "copy of bbc/sport/001.txt" in out


def test_similar_never_returns_the_storys_own_copies(bbc_index: tuple[Path, Path]) -> None:
    bbc, index = bbc_index
    with open_index(index) as ix:
        for own in ("001.txt", "003.txt"):
            found = [h.id for h in ix.similar(f"bbc/sport/{own}")]
            assert "bbc/sport/002.txt" in found  # the other Chelsea story
            assert not {"bbc/sport/001.txt", "bbc/sport/003.txt"} & set(found)


def test_sources_and_sections_from_the_folders(bbc_index: tuple[Path, Path]) -> None:
    bbc, index = bbc_index
    data = query_json(index, "", "--section", "Business")
    assert [(h["source"], h["section"]) for h in data["hits"]] == [("bbc", "business")]
    assert query_json(index, "chelsea", "--source", "BBC")["total"] == 2
    assert query_json(index, "chelsea", "--source", "reuters")["total"] == 0
    code, out, _ = run("query", "oil", "--index", str(index))
    assert code == 0 and "bbc/business" in out
    faceted = query_json(index, "", "--facets")
    assert {"value": "sport", "count": 2} in faceted["facets"]["section"]


def test_record_source_shown_as_written_and_index_source_option(tmp_path: Path) -> None:
    feed = tmp_path / "feeds" / "wire.jsonl"
    feed.parent.mkdir()
    records = [
        {"id": "w1", "title": "Rates rise", "body": "The bank raised rates.", "source": "Reuters"},
        {"id": "w2", "title": "Rates fall", "body": "The bank cut rates."},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    index = tmp_path / "ix"
    code, _, err = run("index", str(feed.parent), "--index", str(index), "--source", "AP Wire")
    assert code == 0, err
    data = query_json(index, "rates", "--facets")
    assert {f["value"] for f in data["facets"]["source"]} == {"Reuters", "AP Wire"}
    assert [h["id"] for h in query_json(index, "rates", "--source", "ap wire")["hits"]] == ["w2"]


def test_a_copy_indexed_later_collapses_into_the_story(tmp_path: Path) -> None:
    bbc = write_bbc(tmp_path / "corpora")
    later = bbc / "sport" / "003.txt"
    later.unlink()
    index = tmp_path / "ix"
    index_corpus(bbc, index_dir=index)
    assert query_json(index, "Ashley Cole contract")["hits"][0]["copies"] == []
    later.write_text(CHELSEA_AGAIN, encoding="utf-8")
    (index / "copies.npz").write_bytes(b"torn")  # a torn sketch file is rebuilt from the index
    index_corpus(bbc, index_dir=index)
    data = query_json(index, "Ashley Cole contract")
    assert data["total"] == 1
    assert data["hits"][0]["copies"] == ["bbc/sport/003.txt"]


def test_deleting_the_original_keeps_the_copy_findable(bbc_index: tuple[Path, Path]) -> None:
    bbc, index = bbc_index
    (bbc / "sport" / "001.txt").unlink()
    index_corpus(bbc, index_dir=index)
    data = query_json(index, "Ashley Cole contract")
    assert [(h["id"], h["copy_of"]) for h in data["hits"]] == [("bbc/sport/003.txt", "")]
    # the original comes back: it is now the copy
    (bbc / "sport" / "001.txt").write_text(CHELSEA, encoding="utf-8")
    index_corpus(bbc, index_dir=index)
    data = query_json(index, "Ashley Cole contract")
    assert data["hits"][0]["copies"] == ["bbc/sport/001.txt"]


def test_the_page_shows_copies_and_links_to_all_of_them(bbc_index: tuple[Path, Path]) -> None:
    pytest.importorskip("flask", reason="Flask is not installed (pip install '.[serve]')")
    from newsearch.web import create_app

    bbc, index = bbc_index
    client = create_app(str(index)).test_client()
    html = client.get("/?q=Ashley+Cole+contract").get_data(as_text=True)
    assert "+1 copy" in html and "003.txt" in html and "all_copies=1" in html
    html = client.get("/?q=Ashley+Cole+contract&all_copies=1").get_data(as_text=True)
    assert "copy of" in html
    api = client.get("/api/search?q=oil").get_json()
    assert (api["hits"][0]["source"], api["hits"][0]["section"]) == ("bbc", "business")


def test_copies_of_the_shared_corpora(tmp_path: Path) -> None:
    """BBC News holds stories published twice: each is one hit."""
    bbc = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "bbc" / "tech"
    if not bbc.is_dir():
        pytest.skip("../shared/corpora/bbc is absent")
    mine = tmp_path / "bbc" / "tech"
    shutil.copytree(bbc, mine)
    index = tmp_path / "ix"
    index_corpus(mine.parent, index_dir=index)
    data = query_json(index, '"Millions buy MP3 players"')
    assert data["total"] == 1 and len(data["hits"][0]["copies"]) == 1
