"""The archive's name map kept beside the index (``names.cache.json``): a new process reads it
instead of counting every article again, and never trusts one of another state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_names import _facet, _ids, _index

import newsearch
from newsearch.names import cache


def _people(index: Path) -> dict[str, int]:
    with newsearch.open_index(index) as ix:
        return _facet(ix, "people")


@pytest.fixture
def index(tmp_path: Path, nltk_ready: None) -> Path:
    return _index(tmp_path)


def test_an_index_run_keeps_the_map_and_a_new_process_gets_the_same_names(index: Path) -> None:
    kept = index / cache.FILE_NAME
    data = json.loads(kept.read_text(encoding="utf-8"))  # written by the index run
    assert data["counts"]["people"]["Reagan"] == 1  # the stored surname, owned by the full name
    first = _people(index)
    assert first["Ronald Reagan"] == 3 and "Reagan" not in first
    with newsearch.open_index(index) as ix:
        assert _ids(ix, people=["Reagan"]) == _ids(ix, people=["Ronald Reagan"])
    # missing (deleted by hand): the next query process builds it, the same, and keeps it
    kept.unlink()
    assert _people(index) == first
    assert json.loads(kept.read_text(encoding="utf-8")) == data


@pytest.mark.parametrize(
    "damage",
    [
        "",  # emptied
        '{"format": 1, "key": ',  # torn mid-write
        "not json at all",
        '{"format": 1, "key": "0000", "counts": {}, "entity": [], "members": [], '
        '"skipped": [], "archive": []}',  # another state's
    ],
)
def test_a_damaged_or_foreign_file_is_not_trusted(index: Path, damage: str) -> None:
    expected = _people(index)
    (index / cache.FILE_NAME).write_text(damage, encoding="utf-8")
    assert _people(index) == expected
    # and it was replaced by a good one
    assert json.loads((index / cache.FILE_NAME).read_text(encoding="utf-8"))["counts"]


def test_a_file_of_the_state_before_an_update_is_not_trusted(index: Path) -> None:
    assert _people(index)["Ronald Reagan"] == 3
    stale = (index / cache.FILE_NAME).read_text(encoding="utf-8")
    news = index.parent / "news"
    (news / "talks.txt").write_text(
        "Arms talks\n\nPresident Ronald Reagan said the arms talks would go on.", encoding="utf-8"
    )
    newsearch.index_corpus(news, index_dir=index, workers=1)
    assert _people(index)["Ronald Reagan"] == 4
    (index / cache.FILE_NAME).write_text(stale, encoding="utf-8")  # the old state's map put back
    assert _people(index)["Ronald Reagan"] == 4


def test_a_curation_is_seen_by_the_next_process(index: Path) -> None:
    assert "Nancy Reagan" in _people(index)
    with newsearch.open_index(index) as ix:
        ix.curate("ignore", "people", "Nancy Reagan")
    assert "Nancy Reagan" not in _people(index)
    with newsearch.open_index(index) as ix:
        ix.write_side("curation.txt", "")  # the file emptied by hand: the name is back
    assert "Nancy Reagan" in _people(index)
