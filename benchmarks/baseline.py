"""Plain Whoosh, as the issues define the baseline: the yardstick every benchmark runs beside.

Title and body as stored TEXT fields with StemmingAnalyzer, one process, one commit; queries
through ``MultifieldParser(["title", "body"], group=OrGroup)`` with the default BM25F; highlights
from the body with Whoosh's default highlighter.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))


def baseline_schema() -> Any:
    from whoosh import fields
    from whoosh.analysis import StemmingAnalyzer

    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        title=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
        body=fields.TEXT(analyzer=StemmingAnalyzer(), stored=True),
    )


def build_baseline(records: Iterable[Any], index_dir: Path) -> tuple[Any, float, int]:
    """Index (id, title, body) records; returns (index, seconds, articles)."""
    from whoosh import index

    index_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    ix = index.create_in(str(index_dir), baseline_schema())
    writer = ix.writer()
    n = 0
    for rec in records:
        writer.add_document(id=rec.id, title=rec.title, body=rec.body)
        n += 1
    writer.commit()
    return ix, time.perf_counter() - started, n


class BaselineSearcher:
    """Search a baseline index the plain-Whoosh way."""

    def __init__(self, ix: Any) -> None:
        from whoosh.qparser import MultifieldParser, OrGroup

        self.ix = ix
        self.searcher = ix.searcher()
        self.parser = MultifieldParser(["title", "body"], schema=ix.schema, group=OrGroup)

    def ranked_ids(self, text: str, limit: int = 1000) -> list[tuple[str, float]]:
        results = self.searcher.search(self.parser.parse(text), limit=limit)
        return [(hit["id"], float(hit.score)) for hit in results]

    def search(self, text: str, limit: int = 10, highlights: bool = False) -> list[str]:
        results = self.searcher.search(self.parser.parse(text), limit=limit)
        if highlights:
            return [hit.highlights("body") for hit in results]
        return [hit["id"] for hit in results]

    def close(self) -> None:
        self.searcher.close()


def read_records(corpus: str) -> Iterable[Any]:
    """Articles of a corpus path through newsearch's own readers (same documents for both)."""
    from newsearch.ingest import discover, read_source
    from newsearch.models import Record

    for src in discover([corpus]):
        if hasattr(src, "abspath"):
            for item in read_source(src):
                if isinstance(item, Record):
                    yield item
