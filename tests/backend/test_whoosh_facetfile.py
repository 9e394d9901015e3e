"""Facet files: the per-segment arrays kept beside the index give the same facets, timelines
and date sorts as arrays built from the index, and a missing, torn, corrupt or foreign file is
never trusted."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

import newsearch
from newsearch.fields import FACET_FIELDS

PEOPLE = ["Vladimir Putin", "Angela Merkel", "Joe Biden", "Emmanuel Macron", "Xi Jinping"]
COUNTRIES = ["Iran", "France", "Germany", "Brazil", "Japan", "Kenya"]
SOURCES = ["Wire", "Feed", "Desk"]


def _article(i: int) -> dict[str, str]:
    person, other = PEOPLE[i % 5], PEOPLE[(i * 3 + 1) % 5]
    country = COUNTRIES[(i * 7) % 6]
    return {
        "id": f"a{i:03d}",
        "title": f"Talks on grain number {i}",
        "text": f"President {person} visited {country} on Monday to discuss grain. "
        f"Later {other} said the talks in {country} went well.",
        "published": f"2021-{1 + i % 12:02d}-{1 + i % 27:02d}T10:00:00Z",
        "source": SOURCES[i % 3],
    }


def _write(folder: Path, first: int, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(first, first + count):
        (folder / f"{i:03d}.json").write_text(json.dumps(_article(i)), encoding="utf-8")


def _expected(ix: newsearch.NewsIndex, query: str) -> dict[str, list[tuple[str, int]]]:
    """Facet counts computed from the articles' stored fields, top 10 as the facets show them."""
    hits = ix.search(query, limit=1000).hits
    counts: dict[str, Counter[str]] = {f: Counter() for f in FACET_FIELDS}
    for hit in hits:
        for field in FACET_FIELDS:
            value = getattr(hit, field)
            values = [value] if isinstance(value, str) else list(value)  # sources as written
            counts[field].update(v for v in values if v)
    return {f: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:10] for f, c in counts.items()}


def _facets(ix: newsearch.NewsIndex, query: str) -> dict[str, list[tuple[str, int]]]:
    result = ix.search(query, facets=True)
    return {f: [(v.value, v.count) for v in result.facets.get(f, [])] for f in FACET_FIELDS}


def _check(index_dir: Path) -> None:
    with newsearch.open_index(index_dir) as ix:
        for query in ["", "grain", "Iran", "talks -France"]:
            assert _facets(ix, query) == _expected(ix, query), query
        oldest = [h.id for h in ix.search("", sort="oldest", limit=1000).hits]
        dates = [h.date for h in ix.search("", sort="oldest", limit=1000).hits]
        assert dates == sorted(dates) and len(oldest) == ix.search("").total
        timeline = ix.search("grain", timeline=True).timeline
        assert sum(b.count for b in timeline) == ix.search("grain").total


def _facet_files(index_dir: Path) -> list[Path]:
    return sorted(index_dir.glob("*.facets"))


def _mapped(index_dir: Path) -> list[bool]:
    """For each segment, whether a search process reads its arrays from its facet file."""
    from newsearch.backend.whoosh.reader import WhooshReader

    reader = WhooshReader(str(index_dir))
    try:
        return [seg.mapped for seg, _ in reader._current()[1].segments]
    finally:
        reader.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, nltk_ready: None) -> Path:
    import newsearch.index

    root = tmp_path_factory.mktemp("facetfiles")
    _write(root / "news", 0, 30)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(newsearch.index, "BATCH", 12)  # several commits, several segments
        newsearch.index_corpus(str(root / "news"), index_dir=str(root / "index"), workers=2)
    return root


@pytest.fixture
def index_dir(built: Path, tmp_path: Path) -> Path:
    """A copy of the built index (and its news folder, in ``tmp_path / "news"``)."""
    import shutil

    shutil.copytree(built / "news", tmp_path / "news")
    shutil.copytree(built / "index", tmp_path / "index")
    return tmp_path / "index"


def test_every_segment_has_its_facet_file_and_facets_match_the_articles(index_dir: Path) -> None:
    mapped = _mapped(index_dir)
    assert len(mapped) >= 2 and all(mapped)
    assert len(_facet_files(index_dir)) == len(mapped)  # merged-away segments' files are gone
    _check(index_dir)


def test_torn_corrupt_and_foreign_files_are_ignored(index_dir: Path) -> None:
    files = _facet_files(index_dir)
    assert len(files) >= 3
    torn, corrupt, foreign = files[0], files[1], files[2]
    whole = torn.read_bytes()
    torn.write_bytes(whole[: len(whole) // 2])
    data = bytearray(corrupt.read_bytes())
    data[-5] ^= 0xFF  # one flipped byte in the arrays: the checksum fails
    corrupt.write_bytes(bytes(data))
    foreign.write_bytes(whole)  # another segment's file, whole
    assert _mapped(index_dir).count(False) == 3
    _check(index_dir)


def test_a_crash_before_the_facet_files_loses_nothing_and_the_next_run_writes_them(
    index_dir: Path, tmp_path: Path
) -> None:
    for path in _facet_files(index_dir):  # as if killed between the commit and the files
        path.unlink()
    assert not any(_mapped(index_dir))
    _check(index_dir)
    _write(tmp_path / "news", 30, 1)
    newsearch.index_corpus(str(tmp_path / "news"), index_dir=str(index_dir), workers=1)
    assert all(_mapped(index_dir))
    _check(index_dir)


def test_incremental_updates_keep_facets_right(index_dir: Path, tmp_path: Path) -> None:
    news = tmp_path / "news"
    with newsearch.open_index(index_dir) as ix:
        before = dict(_facets(ix, "")["people"])
    for i in range(0, 30, 5):  # every article about Putin goes
        (news / f"{i:03d}.json").unlink()
    changed = _article(1) | {"text": "President Xi Jinping visited Kenya on Monday."}
    (news / "001.json").write_text(json.dumps(changed), encoding="utf-8")
    _write(news, 40, 3)
    newsearch.index_corpus(str(news), index_dir=str(index_dir), workers=1)
    with newsearch.open_index(index_dir) as ix:
        after = dict(_facets(ix, "")["people"])
    assert after != before
    _check(index_dir)
