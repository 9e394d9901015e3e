"""Workers: entity extraction for the indexer, on every core.

The indexer's parent process reads files and writes the index; ``extract_entities`` (the
costliest stage) runs in a pool of *spawned* processes, each loading the NLTK models once.
Spawn, not fork: a forked child would inherit Whoosh's write lock (an ``flock`` on an open
file descriptor) and, orphaned, keep the index locked after its parent died.

Small jobs are done in-process when the number of workers is not given: starting a worker and
loading its models costs about a second. The pool is terminated (and joined) however the run
ends, error and Ctrl-C included; if the parent is killed outright, the workers see their task
pipe close and exit.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator
from typing import Any

from .models import Entities, Record

#: Below this many bytes of input, extraction runs in the indexing process itself.
POOL_THRESHOLD_BYTES = 2 * 2**20
CHUNK = 32


def entity_text(record: Record) -> str:
    """The text entities are looked for in: the title as a sentence of its own, then the body."""
    title = record.title.strip()
    if title and title[-1] not in ".?!:;\"'”’":
        title += "."
    return f"{title}\n\n{record.body}" if record.body else title


def extract_batch(texts: list[str]) -> list[tuple[list[str], list[str]]]:
    """Entities of each text (runs in a worker process)."""
    from .entities import extract_entities

    out = []
    for text in texts:
        found = extract_entities(text)
        out.append((list(found.people), list(found.countries)))
    return out


def _init_worker() -> None:
    # Ctrl-C reaches the whole process group: the parent handles it (and terminates us), so a
    # worker must not die printing a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Load the models once, before the first real batch arrives.
    extract_batch(["President Vladimir Putin visited Iran."])


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


class EntityPool:
    """Maps records to (record, Entities), in order, in-process or on a pool of workers."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: Any = None
        if workers > 1:
            ctx = multiprocessing.get_context("spawn")
            self._pool = ctx.Pool(processes=workers, initializer=_init_worker)

    def map(self, records: Iterable[Record]) -> Iterator[tuple[Record, Entities]]:
        chunks = _chunked(records, CHUNK)
        if self._pool is None:
            for chunk in chunks:
                yield from _pair(chunk, extract_batch([entity_text(r) for r in chunk]))
            return
        pending = ((chunk, [entity_text(r) for r in chunk]) for chunk in chunks)
        # imap keeps order; a bounded look-ahead keeps memory flat however large the corpus.
        for chunk, result in _bounded_imap(self._pool, pending, ahead=self.workers * 4):
            yield from _pair(chunk, result)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> EntityPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _pair(
    chunk: list[Record], result: list[tuple[list[str], list[str]]]
) -> Iterator[tuple[Record, Entities]]:
    for record, (people, countries) in zip(chunk, result, strict=True):
        yield record, Entities(people=people, countries=countries)


def _chunked(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _bounded_imap(
    pool: Any, items: Iterator[tuple[list[Record], list[str]]], ahead: int
) -> Iterator[tuple[list[Record], list[tuple[list[str], list[str]]]]]:
    from collections import deque

    queue: deque[tuple[list[Record], Any]] = deque()
    for chunk, texts in items:
        queue.append((chunk, pool.apply_async(extract_batch, (texts,))))
        while len(queue) > ahead or (queue and queue[0][1].ready()):
            head, async_result = queue.popleft()
            yield head, async_result.get()
    while queue:
        head, async_result = queue.popleft()
        yield head, async_result.get()
