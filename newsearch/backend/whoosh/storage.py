"""The Whoosh side of writing an index: the write lock, opening or creating, durable commits.

* One lock for a whole run: :func:`write_lock` waits (up to a timeout, saying what it waits
  for) for Whoosh's own ``MAIN_WRITELOCK`` (an ``flock``), holds it until the run ends, and the
  run's writers are opened without locking again (``_lk=False``), so no other indexer can slip
  in between two batch commits, and Whoosh's ``LockError`` never reaches a user.
* Durable commits: :class:`DurableStorage` fsyncs every file a commit wrote before the new
  table of contents is renamed into place, and the folder after, so a power cut leaves the
  previous or the new committed state, never a table of contents pointing at lost data.
* ``--rebuild`` never destroys the old index before it has something to replace it with: a
  compatible index keeps serving searches until the first batch commit, which clears it
  (:data:`CLEAR`); an incompatible one is replaced by an empty index atomically (a new table of
  contents of a higher generation), as searches cannot use it anyway.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage

from ...errors import (
    IndexDamagedError,
    IndexLockedError,
    IndexNotFoundError,
    IndexVersionError,
    IndexWriteError,
    write_error,
)
from ..base import Manifest
from .internals import commit_with_segments, destroy_temp, latest_generation, unlocked_writer
from .manifest import INDEX_NAME, MANIFEST, index_state, read_manifest, write_manifest
from .schema import build_schema

MessageFn = Callable[[str], None]
LOCK_NAME = f"{INDEX_NAME}_WRITELOCK"


class DurableStorage(FileStorage):
    """A FileStorage whose table-of-contents renames are preceded by an fsync of every file."""

    def rename_file(self, oldname: str, newname: str, safe: bool = False) -> None:
        if newname.endswith(".toc"):
            for name in os.listdir(self.folder):
                path = os.path.join(self.folder, name)
                if name.startswith((f"{INDEX_NAME}_", f"_{INDEX_NAME}_")) and os.path.isfile(path):
                    _fsync(path)
        super().rename_file(oldname, newname, safe=safe)
        _fsync(self.folder)

    def temp_storage(self, name: str | None = None) -> Any:
        """A temporary folder per process: Whoosh names it ``MAIN.tmp`` for every writer (and
        shares it with the writer's column files, all removed when the writer finishes), so
        two processes writing at once (the indexer's workers) would delete each other's runs."""
        return super().temp_storage(f"{INDEX_NAME}-{os.getpid()}.tmp")


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def CLEAR(writer: Any, segments: list[Any]) -> list[Any]:  # noqa: N802 - Whoosh's spelling
    """Merge policy of a rebuild's first commit: drop every older segment."""
    return []


@contextlib.contextmanager
def write_lock(index_path: Path, timeout: float, on_wait: MessageFn | None) -> Iterator[None]:
    """Hold the index's write lock (creating the folder if need be) for the ``with`` block."""
    from whoosh.util.filelock import FileLock

    try:
        index_path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(index_path, exc) from exc
    lock = FileLock(str(index_path / LOCK_NAME))
    deadline = time.monotonic() + timeout
    told = False
    while True:
        try:
            if lock.acquire(blocking=False):
                break
        except OSError as exc:
            raise write_error(index_path, exc) from exc
        if time.monotonic() >= deadline:
            raise IndexLockedError(
                f"{index_path} is locked by another indexer (waited {timeout:.0f} s); "
                "try again when it has finished"
            )
        if not told and on_wait:
            on_wait(
                f"waiting for another indexer to finish writing {index_path} "
                f"(its write lock, {index_path / LOCK_NAME}; up to {timeout:.0f} s) ..."
            )
            told = True
        time.sleep(0.1)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.release()


def check_target(index_path: Path) -> str:
    """The folder's state; refuses (touching nothing) a folder that is not ours."""
    state = index_state(index_path)
    if state == "foreign":
        what = "a file" if index_path.exists() and not index_path.is_dir() else "not empty"
        raise IndexWriteError(
            f"{index_path} is not a newsearch index and is {what}: choose another --index folder"
        )
    return state


def open_locked(index_path: Path, rebuild: bool) -> tuple[Any, Manifest, bool]:
    """Open (or create) the index; call with the write lock held.

    Returns (index, manifest, clear): ``clear`` asks for the first commit to drop every
    segment that was there before (a rebuild of a compatible index).
    """
    state = check_target(index_path)
    storage = DurableStorage(str(index_path))
    _remove_stale_temp(index_path)
    try:
        if state != "index":
            # The manifest first: a table of contents never exists without one.
            write_manifest(index_path, Manifest())
            return storage.create_index(build_schema(), indexname=INDEX_NAME), Manifest(), False
        if not rebuild:
            if not (index_path / MANIFEST).exists():
                return _without_manifest(storage, index_path), Manifest(), False
            try:
                manifest = read_manifest(index_path)
            except IndexDamagedError:  # only a cache: rebuilt from the index by this run
                return _without_manifest(storage, index_path), Manifest(), False
            return _open(storage, index_path), manifest, False
        try:
            read_manifest(index_path)
            ix = _open(storage, index_path)
        except (IndexVersionError, IndexNotFoundError):
            return _replace_with_empty(storage, index_path), Manifest(), False
        # Forget every file signature before any commit (they may claim cleared articles).
        write_manifest(index_path, Manifest())
        return ix, Manifest(), True
    except OSError as exc:
        raise write_error(index_path, exc) from exc


def _remove_stale_temp(index_path: Path) -> None:
    """Temporary folders of writers killed mid-run (we hold the lock: none is alive)."""
    import shutil

    for stale in index_path.glob(f"{INDEX_NAME}-*.tmp"):
        shutil.rmtree(stale, ignore_errors=True)


def _open(storage: FileStorage, index_path: Path) -> Any:
    try:
        return storage.open_index(INDEX_NAME)
    except OSError:
        raise
    except Exception as exc:  # noqa: BLE001 - Whoosh raises many kinds on a damaged index
        raise IndexNotFoundError(
            f"cannot open the index in {index_path} ({type(exc).__name__}: {exc}): "
            "rebuild it with `newsearch index --rebuild PATH...`"
        ) from None


def _without_manifest(storage: FileStorage, index_path: Path) -> Any:
    """The manifest is only a cache: when it is lost, a newsearch index is still usable."""
    ix = _open(storage, index_path)
    if sorted(ix.schema.names()) != sorted(build_schema().names()):
        raise IndexVersionError(
            f"{index_path} holds an index of another schema: "
            "rebuild it with `newsearch index --rebuild PATH...`"
        )
    return ix


def _replace_with_empty(storage: FileStorage, index_path: Path) -> Any:
    """An incompatible index becomes an empty one of today's schema, atomically."""
    from whoosh.index import TOC

    generation = latest_generation(storage, INDEX_NAME)
    TOC(build_schema(), [], generation + 1).write(storage, INDEX_NAME)
    write_manifest(index_path, Manifest())
    return storage.open_index(INDEX_NAME)


def new_writer(ix: Any) -> Any:
    """A writer on an index whose lock :func:`write_lock` already holds."""
    return unlocked_writer(ix, limitmb=128)


def commit(
    writer: Any, index_path: Path, clear: bool = False, segments: Sequence[Any] = ()
) -> None:
    """Commit ``writer`` (its deletions, merges and documents) plus ``segments`` written by
    the workers (:mod:`.writer`), as one new table of contents."""
    try:
        commit_with_segments(writer, CLEAR if clear else None, segments)
    except OSError as exc:
        cancel(writer)
        raise write_error(index_path, exc) from exc


def cancel(writer: Any) -> None:
    """Drop what a writer holds, best effort (we are already failing)."""
    try:
        if not writer.is_closed:
            writer.cancel()
    except Exception:  # noqa: BLE001
        pass
    with contextlib.suppress(Exception):
        destroy_temp(writer)
