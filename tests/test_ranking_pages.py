"""The first page holds the best articles: a short page is the head of a long one.

Whoosh narrows a top-N search as it goes (once N hits are held, parts of the query that can no
longer reach them are dropped). Three of its bugs made that narrowing drop articles that
belonged on the page, or part of their score: the OR of a segment under 5,000 documents
reported too low a best score, a boosted clause compared the minimum at the wrong scale, and
an optional clause (a proximity bonus, a word's title field) could lag behind and not be
added. Real Reuters stories indexed in three runs (several segments, small ones last), asked
for their first few hits and for all of them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsearch

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
REUTERS = SHARED / "corpora" / "reuters21578.jsonl"
QUERIES = (
    "oil prices", "iran iraq war tanker", "reagan tax", "retail sales", "stock split",
    "prime minister resigns", "james baker", "philippines aquino", "shipping strike",
    "industrial production", "persian gulf shipping", "louvre accord currency stability",
    "coffee export quotas", "bank of japan interest rates", "nuclear power plant",
)  # fmt: skip
EVERY = 100_000  # more than can match: nothing to narrow, every match scored in full


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory, nltk_ready: None) -> newsearch.NewsIndex:
    if not REUTERS.exists():
        pytest.skip(f"needs the Reuters corpus at {REUTERS}")
    root = tmp_path_factory.mktemp("pages")
    records = []
    with REUTERS.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("body"):
                keep = ("id", "title", "body", "date")
                records.append({k: record[k] for k in keep if k in record})
            if len(records) == 6000:
                break
    # three runs: the last ones write small segments, as updates do
    for part, (start, end) in enumerate([(0, 5200), (5200, 5700), (5700, 6000)]):
        feed = root / "news" / f"part{part}.jsonl"
        feed.parent.mkdir(exist_ok=True)
        feed.write_text("\n".join(json.dumps(r) for r in records[start:end]) + "\n", "utf-8")
        newsearch.index_corpus(str(root / "news"), index_dir=str(root / "ix"))
    return newsearch.open_index(str(root / "ix"))


@pytest.mark.parametrize("query", QUERIES)
def test_a_short_page_is_the_head_of_the_full_ranking(ix: newsearch.NewsIndex, query: str) -> None:
    full = ix.ranked_ids(query, limit=EVERY)
    assert len(full) > 10, f"{query!r}: too few matches to say anything"
    for n in (3, 10):
        page = ix.search(query, limit=n, all_copies=True)  # as ranked_ids: no copy left out
        assert [h.id for h in page.hits] == [id_ for id_, _ in full[:n]], (
            f"{query!r}: the first {n} hits are not the best {n} of all its matches"
        )
        # and each with its whole score (shown to three decimals)
        assert [h.score for h in page.hits] == pytest.approx([s for _, s in full[:n]], abs=1e-3)
