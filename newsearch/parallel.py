"""Parallel extraction: entities *and* the backend's writing of a batch, on every core.

Each batch of new and changed records is split between worker processes; each extracts the
people and countries of its records (:func:`prepare`) and has the backend write them
(``Backend.write_part``: for Whoosh, one new segment), handing back what the parent's
``Writer.commit`` needs. The parent, which holds the index's write lock for the whole run,
only reads files, decides what to delete and commits.

Spawn, not fork: a forked child would inherit the write lock (an ``flock`` on an open file
descriptor) and, orphaned, keep the index locked after its parent died. Each worker loads
the NLTK models once. Small jobs are done in-process when the number of workers is not given:
starting a worker and loading its models costs about a second. The workers are killed (and
joined) however the run ends, error and Ctrl-C included. If the parent is killed outright
(SIGKILL), its workers die with it, busy or not: on Linux the kernel sends them SIGKILL
(``prctl(PR_SET_PDEATHSIG)``); elsewhere a watcher thread sees the parent change and exits.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait
from typing import Any

from .analysis import take_new_stems
from .backend import get_backend
from .backend.base import Document
from .errors import NewsearchError
from .ingest.records import digest
from .models import Record


class WorkerError(NewsearchError):
    """A worker process ended without finishing its task."""


#: Below this many bytes of input, extraction runs in the indexing process itself.
POOL_THRESHOLD_BYTES = 2 * 2**20


def entity_text(record: Record) -> str:
    """The text entities are looked for in: the title as a sentence of its own, then the body."""
    title = record.title.strip()
    if title and title[-1] not in ".?!:;\"'”’":
        title += "."
    return f"{title}\n\n{record.body}" if record.body else title


#: Why this worker could not load its models (raised by its first task, see _init_worker).
_START_ERROR: BaseException | None = None


def _die_with(parent: int) -> None:
    """End this worker as soon as ``parent`` (the indexer) dies, whatever it is doing."""

    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.25)
        os._exit(1)

    threading.Thread(target=watch, name="newsearch-parent-watch", daemon=True).start()


def _init_worker(parent: int) -> None:
    global _START_ERROR
    from .nltkdata import skip_unused_imports

    _die_with(parent)

    skip_unused_imports()
    # Ctrl-C reaches the whole process group: the parent handles it (and terminates us), so a
    # worker must not die printing a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:  # load the models once, before the first real batch arrives
        from .entities import extract_entities

        extract_entities("President Vladimir Putin visited Iran.")
    except BaseException as exc:  # noqa: BLE001 - reported through the first task instead
        _START_ERROR = exc


def prepare(record: Record, copy_of: str = "") -> Document:
    """What the backend writes for one record: the record, its entities, its digest, and the
    id of the story it is a copy of (:mod:`newsearch.duplicates`)."""
    from .entities import extract_entities

    return Document(record, extract_entities(entity_text(record)), digest(record), copy_of)


#: A batch goes to the workers in chunks of at most this many records and bytes of text: each
#: worker holds the chunk it writes and one more (its pipe's buffer), never a whole batch.
CHUNK_RECORDS = 64
CHUNK_BYTES = 96 * 2**10
#: Chunks sent to a worker and not yet written by it (the one it writes, the one queued).
IN_FLIGHT = 2

Chunk = tuple[list[Record], dict[str, str]]
"""Records to write, with id -> the story it copies for the copies among them."""


def chunks(records: Iterable[Record]) -> Iterator[list[Record]]:
    """``records`` cut into chunks of :data:`CHUNK_RECORDS` records and :data:`CHUNK_BYTES`."""
    chunk: list[Record] = []
    size = 0
    for record in records:
        chunk.append(record)
        size += len(record.title) + len(record.body)
        if len(chunk) >= CHUNK_RECORDS or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _documents(parts: Iterable[Chunk], tick: Callable[[int], None] | None) -> Iterator[Document]:
    for records, copy_of in parts:
        for record in records:
            yield prepare(record, copy_of.get(record.id, ""))
        if tick is not None:  # the chunk's last document is written: the writer asks for more
            tick(len(records))


def write_part(
    backend: str,
    target: str,
    parts: Iterable[Chunk],
    tick: Callable[[int], None] | None = None,
) -> tuple[Any, dict[str, str]]:
    """Extract the entities of the records of ``parts`` and have the backend write them, as they
    come; return its part and the word -> stem pairs this process computed meanwhile (the index
    keeps them). ``tick`` is told how many records more are written, after each chunk.

    Runs in a worker (or in-process); the caller holds the index's write lock and commits.
    """
    if _START_ERROR is not None:
        raise _START_ERROR
    part = get_backend(backend).write_part(target, _documents(parts, tick))
    return part, take_new_stems(target)


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


#: What the parent sends a worker after a batch's last chunk.
_END = "end"


def _received(conn: Any) -> Iterator[Chunk]:
    """The chunks the parent sends, up to the end of the batch."""
    while True:
        message = conn.recv()
        if message == _END:
            return
        yield message


def _worker(conn: Any, parent: int) -> None:
    """A worker process: load the models, then write each batch sent over ``conn`` (its
    backend and target, its chunks, then :data:`_END`), reporting each chunk written."""
    _init_worker(parent)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        try:
            backend, target = task
            tick = lambda n: conn.send((None, n))  # noqa: E731 - progress to the parent
            conn.send((True, write_part(backend, target, _received(conn), tick=tick)))
        except (EOFError, OSError):
            return
        except BaseException as exc:  # noqa: BLE001 - the parent raises it
            try:
                conn.send((False, exc))
            except Exception:  # noqa: BLE001 - an exception that does not pickle
                conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
            return  # the rest of the batch is still coming: the parent ends the run


_DIED = (
    "a worker process died while indexing (killed, or out of memory?); "
    "nothing of this batch was committed: run the same command again"
)


def _recv(conn: Any) -> tuple[bool | None, Any]:
    try:
        message: tuple[bool | None, Any] = conn.recv()
    except (EOFError, OSError):
        raise WorkerError(_DIED) from None
    return message


def _send(conn: Any, message: object) -> None:
    """Send to a worker; one that has stopped (it failed: its error is waiting) is raised."""
    try:
        conn.send(message)
    except OSError:
        while conn.poll():
            ok, value = _recv(conn)
            if ok is False:
                raise value from None
        raise WorkerError(_DIED) from None


class WorkerPool:
    """Writes batches of records through a backend, in-process or on worker processes
    (started with the first batch worth it: a re-run that changes nothing starts none).

    Each worker has a pipe of its own; a batch is handed out chunk by chunk to whichever
    worker has room (:data:`IN_FLIGHT`), and each worker writes all its chunks of the batch as
    one part. The chunks are made as they are needed (the parent finds their copies meanwhile),
    so neither the pipes nor the workers ever hold more than a few chunks. No queue and no lock
    is shared between processes, so stopping the run (an error, Ctrl-C, SIGTERM) just kills
    the workers and can never hang on a lock a worker held, as ``multiprocessing.Pool``'s
    terminate can; a worker that dies fails the run with one line instead of hanging it."""

    def __init__(self, workers: int, backend: str) -> None:
        self.workers = workers
        self.backend = backend
        self._procs: list[Any] = []
        self._conns: list[Any] = []

    def _start(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        for _ in range(self.workers):
            mine, theirs = ctx.Pipe()
            proc = ctx.Process(target=_worker, args=(theirs, os.getpid()), daemon=True)
            proc.start()
            theirs.close()
            self._procs.append(proc)
            self._conns.append(mine)

    def warm(self, records: int) -> None:
        """Start the workers now if a batch of ``records`` will use them: they load their
        models while the parent reads on."""
        if not self._procs and self.workers >= 2 and records >= self.workers:
            self._start()

    def write(
        self,
        target: str,
        records: int,
        parts: Iterable[Chunk],
        on_done: Callable[[int], None] | None = None,
    ) -> tuple[list[Any], dict[str, str]]:
        """The backend's parts holding the ``records`` records of ``parts`` (one per worker
        that got some), and the stems computed for them; ``on_done`` is told how many records
        are done, as they are."""
        if not records:
            return [], {}
        if self.workers < 2 or records < self.workers:
            done = [0]

            def tick(n: int) -> None:
                done[0] += n
                if on_done is not None:
                    on_done(done[0])

            part, stems = write_part(self.backend, target, parts, tick=tick)
            return [part], stems
        if not self._procs:
            self._start()
        return self._hand_out(target, iter(parts), on_done)

    def _hand_out(
        self, target: str, parts: Iterator[Chunk], on_done: Callable[[int], None] | None
    ) -> tuple[list[Any], dict[str, str]]:
        busy: list[Any] = []  # the workers given a chunk of this batch, in that order
        queued = dict.fromkeys(self._conns, 0)
        results: dict[Any, Any] = {}
        done = 0
        ready = next(parts, None)
        while ready is not None or len(results) < len(busy):
            room = [c for c in self._conns if queued[c] < IN_FLIGHT and c not in results]
            if ready is not None and room:
                conn = min(room, key=lambda c: (queued[c], c not in busy))
                if conn not in busy:
                    busy.append(conn)
                    _send(conn, (self.backend, target))
                _send(conn, ready)
                queued[conn] += 1
                ready = next(parts, None)  # the next chunk's copies, while the workers write
                if ready is None:
                    for conn in busy:
                        _send(conn, _END)
                continue
            for conn in wait([c for c in busy if c not in results]):
                ok, value = _recv(conn)
                if ok is None:  # progress: ``value`` more records of its chunks are written
                    queued[conn] -= 1
                    done += value
                    if on_done is not None:
                        on_done(done)
                elif not ok:
                    raise value
                else:
                    results[conn] = value
        new_stems: dict[str, str] = {}
        for conn in busy:
            new_stems.update(results[conn][1])
        return [results[conn][0] for conn in busy], new_stems

    def close(self) -> None:
        for proc in self._procs:
            if proc.is_alive():
                proc.kill()
        for proc in self._procs:
            proc.join(timeout=10)
        for conn in self._conns:
            conn.close()
        self._procs, self._conns = [], []

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
