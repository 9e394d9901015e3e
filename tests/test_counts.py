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
