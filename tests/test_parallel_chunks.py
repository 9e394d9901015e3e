"""Indexing workers are fed a batch chunk by chunk, as they write it: the records handed out and
not yet written stay a few chunks whatever the size of the batch (bounded memory), and the
whole batch is written, entities and copies included, as one part per worker."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsearch import index_corpus, open_index
from newsearch.models import Record
from newsearch.parallel import CHUNK_RECORDS, IN_FLIGHT, Chunk, WorkerPool, chunks

pytestmark = pytest.mark.usefixtures("nltk_ready")

WORKERS = 2


def story(i: int) -> Record:
    body = (
        f"Oil output in field {i} rose by {i} barrels a day, President Vladimir Putin said "
        f"on Monday in Moscow, where Texaco Inc and Saudi Aramco met for talk number {i}."
    )
    return Record(id=f"s{i}", title=f"Oil field {i} output rises", body=body, origin="f.jsonl")


def test_workers_get_a_batch_a_few_chunks_at_a_time(tmp_path: Path) -> None:
    seed = tmp_path / "seed.jsonl"
    seed.write_text('{"id": "seed", "title": "Seed", "body": "A seed story."}\n')
    target = tmp_path / "ix"
    index_corpus(seed, index_dir=target, workers=1)
    records = [story(i) for i in range(12 * CHUNK_RECORDS)]
    done = [0]
    ahead: list[int] = []

    def parts() -> Iterator[Chunk]:
        handed = 0
        for chunk in chunks(records):
            ahead.append(handed - done[0])  # handed out, not yet written
            handed += len(chunk)
            yield chunk, {}

    def on_done(n: int) -> None:
        done[0] = n

    with WorkerPool(WORKERS, "whoosh") as pool:
        written, _stems = pool.write(str(target), len(records), parts(), on_done)
    assert len(written) == WORKERS and done[0] == len(records)
    assert max(ahead) <= WORKERS * IN_FLIGHT * CHUNK_RECORDS
    assert max(ahead) < len(records) // 2


def test_two_workers_index_what_one_does(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {"id": r.id, "title": r.title, "body": r.body, "date": f"1987-03-{i % 28 + 1:02d}"}
        )
        for i, r in enumerate(story(i) for i in range(3 * CHUNK_RECORDS))
    ]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n")
    found = []
    for workers in (1, WORKERS):
        ix = tmp_path / f"ix{workers}"
        index_corpus(feed, index_dir=ix, workers=workers)
        with open_index(ix) as news:
            hits = news.search("putin", limit=1000, all_copies=True).hits
            found.append(sorted((h.id, tuple(h.people), h.copy_of) for h in hits))
    assert found[0] == found[1] and len(found[0]) == 3 * CHUNK_RECORDS
