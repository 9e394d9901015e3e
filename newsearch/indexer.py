"""Indexing: turn folders of articles into an up-to-date index, incrementally and safely.

One run (:func:`index_corpus`):

1. discovers the files under the given paths (:mod:`newsearch.readers`);
2. waits for the index's write lock (another indexer may hold it), then reads what the index
   already holds: each article's id, file and content digest;
3. skips files whose size and mtime are those recorded after their last commit; reads the
   others record by record, skipping records whose digest is unchanged;
4. extracts people and countries from new and changed records on every core
   (:mod:`newsearch.workers`) and writes them, committing every :data:`BATCH` articles so a
   killed run loses at most one batch (Whoosh commits are atomic: a new table of contents
   is renamed into place);
5. removes articles whose file is gone, or whose record left its file, under the given paths.

Bad input never stops a run: each problem becomes one line in the report (``--strict`` turns
the first one into an error).
"""

from __future__ import annotations

import errno
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import IndexLockedError, IndexWriteError, InputError, NewsearchError
from .models import Entities, IndexReport, Problem, Record
from .store import (
    INDEX_NAME,
    Manifest,
    has_index,
    is_empty_dir,
    read_manifest,
    write_manifest,
)

#: Articles per commit.
BATCH = 5000
DEFAULT_LOCK_TIMEOUT = 600.0
DEFAULT_MAX_FILE_SIZE = 100 * 2**20
DEFAULT_MAX_RECORD_SIZE = 2**20

ProgressFn = Callable[[int, int, int], None]
"""Called with (files done, files in all, articles written so far)."""
MessageFn = Callable[[str], None]


def digest(record: Record) -> str:
    """Hash of everything of a record that goes into the index."""
    h = hashlib.blake2b(digest_size=12)
    date = record.date.isoformat() if record.date else ""
    for part in (record.title, record.body, date, record.source, record.url, record.author):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def signature(size: int, mtime_ns: int) -> str:
    return f"{size}:{mtime_ns}"


@dataclass
class _Run:
    """Counters and state of one indexing run."""

    existing: dict[str, tuple[str, str]]  # id -> (path, digest)
    by_path: dict[str, set[str]]
    report: dict[str, int] = field(
        default_factory=lambda: dict(
            added=0, updated=0, removed=0, unchanged=0, skipped=0, ignored=0
        )
    )
    problems: list[str] = field(default_factory=list)
    seen_ids: set[str] = field(default_factory=set)
    seen_paths: set[str] = field(default_factory=set)


def index_corpus(
    *paths: str | Path,
    index_dir: str | Path = "index",
    rebuild: bool = False,
    exclude: Sequence[str] = (),
    strict: bool = False,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    max_record_size: int = DEFAULT_MAX_RECORD_SIZE,
    workers: int | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    on_problem: MessageFn | None = None,
    on_wait: MessageFn | None = None,
    on_progress: ProgressFn | None = None,
) -> IndexReport:
    """Index (or bring up to date) the articles under ``paths`` into ``index_dir``."""
    from .readers import SourceFile, discover, read_source
    from .workers import POOL_THRESHOLD_BYTES, EntityPool, default_workers

    started = time.perf_counter()
    if not paths:
        raise InputError("no paths to index")
    given = [str(p) for p in paths]
    index_path = Path(index_dir)

    def problem(p: Problem, run: _Run) -> None:
        if strict:
            raise InputError(str(p))
        if p.kind == "unsupported":
            run.report["ignored"] += 1
            return
        if p.skipped:
            run.report["skipped"] += 1
        run.problems.append(str(p))
        if on_problem:
            on_problem(str(p))

    sources: list[SourceFile] = []
    pre_problems: list[Problem] = []
    for item in discover(given, exclude=exclude):
        (sources if isinstance(item, SourceFile) else pre_problems).append(item)

    ix, manifest = _open_for_writing(index_path, rebuild, lock_timeout, on_wait)
    todo_bytes = sum(s.size for s in sources if manifest.files.get(s.path) != _sig(s))
    n_workers = workers or default_workers()
    if todo_bytes < POOL_THRESHOLD_BYTES:
        n_workers = 1
    # Start workers before taking the lock (and spawn them: see newsearch.workers).
    with EntityPool(n_workers) as pool:
        writer = _acquire_writer(ix, index_path, lock_timeout, on_wait)
        try:
            manifest = read_manifest(index_path)  # another indexer may have committed meanwhile
            if rebuild:
                manifest.files.clear()
            run = _Run(*_existing(writer))
            for p in pre_problems:
                problem(p, run)

            def records() -> Iterator[Record]:
                for done, src in enumerate(sources, 1):
                    run.seen_paths.add(src.path)
                    if manifest.files.get(src.path) == _sig(src) and src.path in run.by_path:
                        ids = run.by_path[src.path]
                        run.report["unchanged"] += len(ids)
                        run.seen_ids.update(ids)
                    else:
                        manifest.files.pop(src.path, None)
                        yield from _changed_records(src, run, problem, max_file_size,
                                                    max_record_size, read_source)
                        pending_files.append(src)
                    if on_progress:
                        on_progress(done, len(sources), run.report["added"] + run.report["updated"])

            pending_files: list[Any] = []
            writer = _write_all(ix, writer, pool.map(records()), run, manifest, index_path,
                                pending_files, lock_timeout, on_wait)
            _remove_gone(writer, run, given)
            _commit(writer, index_path)
            for src in pending_files:
                manifest.files[src.path] = _sig(src)
            for path in list(manifest.files):
                if _under(path, given) and path not in run.seen_paths:
                    del manifest.files[path]
            write_manifest(index_path, manifest)
        except BaseException:
            _cancel(writer)
            raise
    return IndexReport(
        **run.report,
        problems=run.problems,
        seconds=round(time.perf_counter() - started, 3),
        index_dir=str(index_path),
    )


def _sig(src: Any) -> str:
    return signature(src.size, src.mtime_ns)


def _changed_records(
    src: Any,
    run: _Run,
    problem: Callable[[Problem, _Run], None],
    max_file_size: int,
    max_record_size: int,
    read_source: Callable[..., Iterable[Record | Problem]],
) -> Iterator[Record]:
    """New and changed records of one file; unchanged ones are only counted."""
    for item in read_source(src, max_file_size=max_file_size, max_record_size=max_record_size):
        if isinstance(item, Problem):
            problem(item, run)
            continue
        run.seen_ids.add(item.id)
        old = run.existing.get(item.id)
        if old is not None and old == (item.origin, digest(item)):
            run.report["unchanged"] += 1
            continue
        yield item


def _write_all(
    ix: Any,
    writer: Any,
    pairs: Iterator[tuple[Record, Entities]],
    run: _Run,
    manifest: Manifest,
    index_path: Path,
    pending_files: list[Any],
    lock_timeout: float,
    on_wait: MessageFn | None,
) -> Any:
    """Write every (record, entities), committing each full batch; returns the open writer."""
    batch: dict[str, dict[str, Any]] = {}

    def flush(w: Any) -> None:
        for doc_id, doc in batch.items():
            if doc_id in run.existing:
                w.update_document(**doc)
            else:
                w.add_document(**doc)
            run.existing[doc_id] = (doc["path"], doc["digest"])
        batch.clear()

    for record, entities in pairs:
        doc = _document(record, entities)
        key = "updated" if record.id in run.existing or record.id in batch else "added"
        run.report[key] += 1
        batch[record.id] = doc
        if len(batch) >= BATCH:
            flush(writer)
            _commit(writer, index_path)
            # every file read completely before this commit is now safely in
            complete = pending_files[:-1]
            for src in complete:
                manifest.files[src.path] = _sig(src)
            del pending_files[:-1]
            write_manifest(index_path, manifest)
            writer = _acquire_writer(ix, index_path, lock_timeout, on_wait)
    flush(writer)
    return writer


def _document(record: Record, entities: Entities) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": record.id,
        "path": record.origin,
        "title": record.title,
        "body": record.body,
        "people": ",".join(p.replace(",", " ") for p in entities.people),
        "_stored_people": list(entities.people),
        "countries": ",".join(c.replace(",", " ") for c in entities.countries),
        "_stored_countries": list(entities.countries),
        "people_text": "\n".join(entities.people),
        "countries_text": "\n".join(entities.countries),
        "source": record.source.replace(",", " "),
        "_stored_source": record.source,
        "url": record.url,
        "author": record.author,
        "digest": digest(record),
    }
    if record.date is not None:
        doc["date"] = record.date
    return doc


def _under(path: str, given: Sequence[str]) -> bool:
    """True when an article's path lies under one of the paths given to this run."""
    for root in given:
        root = os.path.normpath(root).replace(os.sep, "/")
        if root == "." or path == root or path.startswith(root + "/"):
            return True
    return False


def _remove_gone(writer: Any, run: _Run, given: Sequence[str]) -> None:
    """Delete articles from the given paths whose file or record is gone."""
    for doc_id, (path, _digest) in list(run.existing.items()):
        if doc_id in run.seen_ids or not _under(path, given):
            continue
        writer.delete_by_term("id", doc_id)
        del run.existing[doc_id]
        run.report["removed"] += 1


def _existing(writer: Any) -> tuple[dict[str, tuple[str, str]], dict[str, set[str]]]:
    """id -> (path, digest), and path -> ids, of every article in the index."""
    existing: dict[str, tuple[str, str]] = {}
    by_path: dict[str, set[str]] = {}
    reader = writer.reader()
    try:
        if reader.doc_count() == 0:
            return existing, by_path
        ids = reader.column_reader("id")
        paths = reader.column_reader("path")
        digests = reader.column_reader("digest")
        for docnum in reader.all_doc_ids():
            doc_id, path = ids[docnum], paths[docnum]
            existing[doc_id] = (path, digests[docnum])
            by_path.setdefault(path, set()).add(doc_id)
    finally:
        reader.close()
    return existing, by_path


def _open_for_writing(
    index_path: Path, rebuild: bool, lock_timeout: float, on_wait: MessageFn | None
) -> tuple[Any, Manifest]:
    from whoosh import index
    from whoosh.filedb.filestore import FileStorage

    from .schema import build_schema

    try:
        if index_path.exists() and not index_path.is_dir():
            raise IndexWriteError(f"{index_path} is a file, not an index folder")
        fresh = not index_path.exists() or is_empty_dir(index_path)
        if not fresh and not has_index(index_path):
            raise IndexWriteError(
                f"{index_path} is not a newsearch index and not empty: "
                "choose another --index folder"
            )
        if fresh or rebuild:
            index_path.mkdir(parents=True, exist_ok=True)
            # Hold the write lock while the old index is cleared: an indexer may be running.
            lock = FileStorage(str(index_path)).lock(f"{INDEX_NAME}_WRITELOCK")
            _wait_for(lock.acquire, index_path, lock_timeout, on_wait)
            try:
                ix = index.create_in(str(index_path), build_schema(), indexname=INDEX_NAME)
                write_manifest(index_path, Manifest())
            finally:
                lock.release()
            return ix, Manifest()
        manifest = read_manifest(index_path)
        return index.open_dir(str(index_path), indexname=INDEX_NAME), manifest
    except NewsearchError:
        raise
    except OSError as exc:
        raise _write_error(index_path, exc) from exc


def _wait_for(
    attempt: Callable[[], Any], index_path: Path, timeout: float, on_wait: MessageFn | None
) -> Any:
    """Call ``attempt`` until it returns a true value (or raises), waiting up to ``timeout``."""
    from whoosh.index import LockError

    deadline = time.monotonic() + timeout
    told = False
    while True:
        try:
            result = attempt()
            if result:
                return result
        except LockError:
            pass
        except OSError as exc:
            raise _write_error(index_path, exc) from exc
        if time.monotonic() >= deadline:
            raise IndexLockedError(
                f"{index_path} is locked by another indexer (waited {timeout:.0f} s); "
                "try again when it has finished"
            )
        if not told and on_wait:
            on_wait(f"waiting for another indexer to finish with {index_path} ...")
            told = True
        time.sleep(0.1)


def _acquire_writer(ix: Any, index_path: Path, timeout: float, on_wait: MessageFn | None) -> Any:
    return _wait_for(
        lambda: ix.writer(timeout=0.2, delay=0.05, limitmb=256), index_path, timeout, on_wait
    )


def _commit(writer: Any, index_path: Path) -> None:
    try:
        writer.commit()
    except OSError as exc:
        _cancel(writer)
        raise _write_error(index_path, exc) from exc


def _cancel(writer: Any) -> None:
    try:
        if not writer.is_closed:
            writer.cancel()
    except Exception:  # noqa: BLE001 - best effort while already failing
        pass


def _write_error(index_path: Path, exc: OSError) -> IndexWriteError:
    if exc.errno == errno.ENOSPC:
        return IndexWriteError(
            f"disk full while writing {index_path}; it still holds its last committed state"
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return IndexWriteError(f"cannot write to {index_path}: {exc.strerror}")
    return IndexWriteError(f"cannot write to {index_path}: {exc.strerror or exc}")
