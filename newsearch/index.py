"""Indexing: turn folders of articles into an up-to-date index, incrementally and safely.

One run (:func:`index_corpus`): discovers the files under the given paths
(:mod:`newsearch.ingest`); waits for the index's write lock, then reads what the index holds
(each article's id, file and content digest); skips files whose size and mtime are those
recorded after their last commit (recorded only for a file older than that run's start by
:data:`RACY_NS`: one rewritten in the same mtime tick, "racily clean" as git says, is read
again), and records whose digest is unchanged; extracts entities from the rest on every core
(:mod:`newsearch.parallel`) for the backend to write, committing every :data:`BATCH` articles;
removes articles whose file is gone, or whose record left its file, under the given paths.

The lock is held to the end; the manifest claims a file only once the commit that covers its
last record, and deletes its vanished records, is done: a run killed at any moment is
completed by the next one. Bad input never stops a run: each problem is one line of the
report (``--strict`` turns the first into an error). A run that changed the index builds the
name map of the new state for the next query (:mod:`.names.cache`). Environment:
``NEWSEARCH_BATCH`` (articles per commit, 20000), ``NEWSEARCH_LOCK_TIMEOUT`` (seconds to wait
for another indexer, 600), ``NEWSEARCH_FAULT`` for crash tests (:mod:`.faults`).
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .backend import backend_for, get_backend, location_of
from .backend.base import Manifest, Writer
from .duplicates import Copies, forget
from .errors import InputError, write_error
from .faults import fault_point
from .ingest.records import digest, signature, under
from .ingest.roots import Roots
from .ingest.sources import with_source
from .models import IndexReport, Problem, Record
from .names.live import keep_map


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


#: Articles per commit (``NEWSEARCH_BATCH``).
BATCH = int(_env_number("NEWSEARCH_BATCH", 20000))
DEFAULT_LOCK_TIMEOUT = _env_number("NEWSEARCH_LOCK_TIMEOUT", 600.0)
DEFAULT_MAX_FILE_SIZE = 100 * 2**20
DEFAULT_MAX_RECORD_SIZE = 2**20
#: A file modified this close to a run's start (or after) may change again unseen in the same
#: mtime tick (coarse clocks, 1-2 s on some file systems): the next run reads it again.
RACY_NS = 2 * 10**9

ProgressFn = Callable[[int, int, int], None]
"""Called with (files done, files in all, articles written so far)."""
ArticlesFn = Callable[[int, int, bool], None]
"""Called as articles are written: (written, read so far, whether every file has been read)."""
MessageFn = Callable[[str], None]
CHANGES = ("added", "updated", "removed")  # the report's counts of a run that changed the index
REPORT_KEYS = (*CHANGES, "unchanged", "skipped", "ignored")


@dataclass
class _Run:
    """Counters and state of one indexing run."""

    existing: dict[str, tuple[str, str]]  # id -> (path, digest)
    by_path: dict[str, set[str]]
    manifest: Manifest
    report: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REPORT_KEYS, 0))
    problems: list[str] = field(default_factory=list)
    seen_ids: dict[str, str] = field(default_factory=dict)  # id -> the file it was seen in
    seen_paths: set[str] = field(default_factory=set)
    yielded: int = 0  # records handed to extraction so far
    written: int = 0  # records added to the writer so far
    # files read completely, with the number of records yielded when they were done and the
    # ids of the records that left them (deleted by the commit that settles the file)
    pending: deque[tuple[Any, int, list[str]]] = field(default_factory=deque)
    unreadable: set[str] = field(default_factory=set)
    trust_before: int = 0  # the mtime (ns) a file must be older than to be claimed (RACY_NS)

    def keep(self, path: str) -> None:
        """An unreadable file or folder is not gone: keep its articles, re-read it next time."""
        self.unreadable.add(path)
        for doc_id, (doc_path, _digest) in self.existing.items():
            if under(doc_path, [path]):
                self.seen_ids.setdefault(doc_id, doc_path)

    def vanished(self, written: int) -> list[str]:
        """Before a commit covering ``written`` records: the ids that left the files it settles
        (an id seen since, in another file, has moved and stays)."""
        gone: list[str] = []
        for _src, count, ids in self.pending:
            if count > written:
                break
            gone += [i for i in ids if i in self.existing and i not in self.seen_ids]
        for doc_id in gone:
            del self.existing[doc_id]
        self.report["removed"] += len(gone)
        return gone

    def settle(self) -> None:
        """After a commit: claim in the manifest every file whose records are all written."""
        while self.pending and self.pending[0][1] <= self.written:
            src, _, _ = self.pending.popleft()
            if src.mtime_ns < self.trust_before:
                self.manifest.files[src.path] = _sig(src)


def index_corpus(
    *paths: str | Path,
    index_dir: str | Path = "index",
    rebuild: bool = False,
    exclude: Sequence[str] = (),
    include: Sequence[str] = (),
    strict: bool = False,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    max_record_size: int = DEFAULT_MAX_RECORD_SIZE,
    workers: int | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    on_problem: MessageFn | None = None,
    on_wait: MessageFn | None = None,
    on_progress: ProgressFn | None = None,
    on_articles: ArticlesFn | None = None,
    verbose: bool = False,
    backend: str | None = None,
    source: str = "",
) -> IndexReport:
    """Index (or bring up to date) the articles under ``paths`` into ``index_dir`` (a folder,
    or ``URL/INDEX`` of an OpenSearch cluster: a URL implies ``backend="opensearch"``). Empty
    and title-only records are summarised per file (:mod:`.ingest.notes`) unless ``verbose``;
    ``source`` names the source of articles that do not name their own."""
    from .ingest.notes import Notes, documentation_note
    from .ingest.readers import SourceFile, discover, read_source
    from .parallel import POOL_THRESHOLD_BYTES, WorkerPool, default_workers

    started, trust_before = time.perf_counter(), time.time_ns() - RACY_NS
    if not paths:
        raise InputError("no paths to index")
    given = [str(p) for p in paths]
    location = location_of(index_dir)

    def problem(p: Problem, run: _Run) -> None:
        if strict:
            raise InputError(f"{p} (--strict)")
        if p.kind == "unreadable":
            run.keep(p.path)
        if p.kind == "unsupported":
            run.report["ignored"] += 1
        elif p.skipped:
            run.report["skipped"] += 1
        if notes.hold(p):
            return
        run.problems.append(str(p))
        if on_problem:
            on_problem(str(p))

    notes = Notes(verbose)
    engine = get_backend(backend_for(location, backend))
    engine.check_target(location)  # before anything is written there
    sources: list[SourceFile] = []
    pre_problems: list[Problem] = []
    documentation: list[str] = []
    for item in discover(given, exclude=exclude, include=include):
        if isinstance(item, SourceFile):
            sources.append(item)
        elif item.kind == "documentation":
            documentation.append(item.path.rsplit("/", 1)[-1])
        elif item.kind == "missing" and item.path in given:
            raise InputError(f"{item.path}: no such file or folder (nothing indexed)")
        else:
            pre_problems.append(item)
    total_bytes = sum(s.size for s in sources)
    n_workers = workers or (default_workers() if total_bytes >= POOL_THRESHOLD_BYTES else 1)

    # Workers are spawned, not forked (and Python's descriptors are not inheritable): no
    # worker holds the write lock, whenever it starts.
    with (
        WorkerPool(n_workers, engine.name) as pool,
        engine.open_writer(
            location, rebuild=rebuild, lock_timeout=lock_timeout, on_wait=on_wait
        ) as writer,
    ):
        manifest = writer.manifest
        roots = Roots(given, manifest.roots)  # the paths this index stores, whatever the cwd
        sources = [replace(s, path=roots.path(s.path, s.abspath)) for s in sources]
        pre_problems = [replace(p, path=roots.path(p.path)) for p in pre_problems]
        given, bases = roots.scope(given), roots.bases(given)
        try:
            run = _Run(*writer.existing(), manifest=manifest, trust_before=trust_before)
            for p in pre_problems:
                problem(p, run)
            if documentation:
                run.report["skipped"] += len(documentation)
                run.problems.append(documentation_note(documentation))
                if on_problem:
                    on_problem(run.problems[-1])

            def records() -> Iterator[Record]:
                for done, src in enumerate(sources, 1):
                    run.seen_paths.add(src.path)
                    if manifest.files.get(src.path) == _sig(src) and src.path in run.by_path:
                        ids = run.by_path[src.path]
                        run.report["unchanged"] += len(ids)
                        for doc_id in ids:
                            run.seen_ids.setdefault(doc_id, src.path)
                    else:
                        manifest.files.pop(src.path, None)
                        for record in _changed_records(
                            src, run, problem, (max_file_size, max_record_size), read_source, place
                        ):
                            run.yielded += 1
                            notes.record(record)
                            yield record
                        if src.path not in run.unreadable:
                            old = run.by_path.get(src.path, set())
                            left = sorted(i for i in old if i not in run.seen_ids)
                            run.pending.append((src, run.yielded, left))
                    if on_progress:
                        on_progress(done, len(sources), run.report["added"] + run.report["updated"])

            def place(record: Record) -> Record:
                return with_source(record, bases, source)

            copies = Copies.open(writer, run.existing)
            _write_all(writer, pool, records(), run, given, copies, on_articles)
            for line, counted in notes.lines():
                run.problems += [line] if counted else []
                if on_problem:
                    on_problem(line)
            for path in list(manifest.files):
                if under(path, given) and path not in run.seen_paths:
                    del manifest.files[path]
            writer.save_manifest()
        except OSError as exc:
            raise write_error(location, exc) from exc
    if any(run.report[k] for k in CHANGES):
        keep_map(engine, location)
    return IndexReport(
        **run.report,
        problems=run.problems,
        seconds=round(time.perf_counter() - started, 3),
        index_dir=location,
    )


def _sig(src: Any) -> str:
    return signature(src.size, src.mtime_ns)


def _changed_records(
    src: Any,
    run: _Run,
    problem: Callable[[Problem, _Run], None],
    limits: tuple[int, int],
    read_source: Callable[..., Iterable[Record | Problem]],
    place: Callable[[Record], Record],
) -> Iterator[Record]:
    """New and changed records of one file (with their source); unchanged ones are counted."""
    for item in read_source(src, max_file_size=limits[0], max_record_size=limits[1]):
        if isinstance(item, Problem):
            problem(item, run)
            continue
        item = place(item)
        first = run.seen_ids.setdefault(item.id, src.path)
        if first != src.path:  # the first file seen keeps its id, whatever the index held
            message = f"id {item.id!r} is already used by {first} (record skipped)"
            problem(Problem(src.path, message, kind="duplicate-id"), run)
            continue
        old = run.existing.get(item.id)
        if old is not None and old == (item.origin, digest(item)):
            run.report["unchanged"] += 1
            continue
        yield item


def _write_all(
    writer: Writer,
    pool: Any,
    records: Iterator[Record],
    run: _Run,
    given: Sequence[str],
    copies: Copies,
    on_articles: ArticlesFn | None = None,
) -> None:
    """Write every record, one commit per :data:`BATCH`; the last commit also removes the
    articles that are gone. The copies of each chunk of a batch are found as the workers write
    the chunks before it; copies whose original is deleted are written again, promoted, in the
    same commit."""
    from .parallel import CHUNK_RECORDS, chunks

    batch: dict[str, Record] = {}  # a record id seen again in a batch replaces the earlier one
    received = 0
    final = False
    while not final:
        for record in records:
            key = "updated" if record.id in run.existing or record.id in batch else "added"
            run.report[key] += 1
            batch[record.id] = record
            received += 1
            if len(batch) == CHUNK_RECORDS:  # the workers load their models while we read on
                pool.warm(len(batch))
            if len(batch) >= BATCH:
                break
        else:
            final = True
        deleted = [doc_id for doc_id in batch if doc_id in run.existing]
        deleted += run.vanished(run.written + received)
        if final:
            deleted += _gone(run, given)
        pool.warm(len(batch))
        promoted = forget(copies, writer, batch, deleted)
        parts_of = (copies.mark(chunk, promoted) for chunk in chunks(batch.values()))

        # Workers write the batch (as new segments); only then may the parent commit.
        def done(n: int, read: int = run.written + received, final: bool = final) -> None:
            if on_articles:
                on_articles(run.written + n, read, final)

        parts, stems = pool.write(writer.target, len(batch), parts_of, done)
        writer.commit(parts, deleted, stems)
        copies.save()
        for record in batch.values():
            run.existing[record.id] = (record.origin, digest(record))
        run.written += received
        received = 0
        batch.clear()
        run.settle()
        if not final:
            writer.save_manifest()
        fault_point()


def _gone(run: _Run, given: Sequence[str]) -> list[str]:
    """Articles from the given paths whose file or record is gone (forgotten by ``run``)."""
    gone = [
        doc_id
        for doc_id, (path, _digest) in run.existing.items()
        if doc_id not in run.seen_ids and under(path, given)
    ]
    for doc_id in gone:
        del run.existing[doc_id]
    run.report["removed"] += len(gone)
    return gone
