"""Where a Whoosh index lives on disk, and the manifest kept beside its files.

A newsearch index folder holds Whoosh's segment files plus ``newsearch.json``: the schema
version, when the index was last updated, and the signature (size and mtime) of every file
whose articles are all committed. That manifest is only a cache that lets a re-run skip
unchanged files: the index's own per-article digests stay the truth, so a manifest lost or
older than the index costs time, never data. It is written atomically, and it only ever claims
a file once a commit covers every article of it (entries are dropped before, added after).

An index folder is in one of four states (:func:`index_state`): missing, empty (nothing but
hidden files and leftovers of an interrupted creation, such as the repository's ``.gitkeep``),
an index (a Whoosh table of contents is there), or foreign (anything else: never written to).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from ...errors import IndexDamagedError, IndexNotFoundError, IndexVersionError, write_error
from ...fields import SCHEMA_VERSION
from ..base import Manifest

MANIFEST = "newsearch.json"
INDEX_NAME = "MAIN"


def manifest_json(manifest: Manifest) -> dict[str, Any]:
    data = {
        "schema_version": manifest.schema_version,
        "updated": manifest.updated,
        "files": manifest.files,
    }
    return data if manifest.roots is None else {**data, "roots": manifest.roots}


#: Files an interrupted creation may leave behind: the lock, the manifest, Whoosh's temp folder.
_LEFTOVERS = {MANIFEST, f"{INDEX_NAME}_WRITELOCK", f"{INDEX_NAME}.tmp", "stems.sqlite"}


def has_index(index_dir: Path) -> bool:
    """True when a Whoosh table of contents (the mark of a committed index) is there."""
    return any(index_dir.glob(f"_{INDEX_NAME}_*.toc"))


def _leftover(name: str) -> bool:
    """A file an index creation, under way or interrupted, leaves: :data:`_LEFTOVERS`, or the
    first table of contents Whoosh writes under a temporary name (``_MAIN_0.toc.<n>.<m>``)
    before renaming it into place."""
    return name in _LEFTOVERS or name.startswith(f"_{INDEX_NAME}_0.toc.")


def is_empty_dir(index_dir: Path) -> bool:
    """True when the folder holds nothing but hidden files (such as ``.gitkeep``) and what an
    index creation, interrupted or under way in another indexer, leaves behind."""
    return all(e.name.startswith(".") or _leftover(e.name) for e in index_dir.iterdir())


def index_state(index_dir: Path) -> str:
    """ "missing", "empty", "index" or "foreign" (see the module docstring)."""
    if not index_dir.exists():
        return "missing"
    if not index_dir.is_dir():
        return "foreign"
    if has_index(index_dir):
        return "index"
    return "empty" if is_empty_dir(index_dir) else "foreign"


def read_manifest(index_dir: Path) -> Manifest:
    """The manifest of an existing index; raises when there is no (compatible) index there."""
    path = index_dir / MANIFEST
    if not index_dir.is_dir():
        raise IndexNotFoundError(
            f"no index at {index_dir}: build one with `newsearch index PATH --index {index_dir}`"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexNotFoundError(
            f"{index_dir} is not a newsearch index: build one with "
            f"`newsearch index PATH --index {index_dir}`"
        ) from None
    except (OSError, ValueError) as exc:
        raise _damaged(path, f"unreadable: {exc}") from None
    if not isinstance(data, dict):
        raise _damaged(path, f"a JSON {type(data).__name__}, not an object")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        if not isinstance(version, int) or isinstance(version, bool):
            raise _damaged(path, f"schema_version is {version!r}")
        raise IndexVersionError(
            f"{index_dir} was built with schema version {version}, this newsearch uses "
            f"{SCHEMA_VERSION}: rebuild it with `newsearch index --rebuild PATH...`"
        )
    updated = data.get("updated") or 0.0
    if not isinstance(updated, (int, float)) or isinstance(updated, bool):
        raise _damaged(path, f"updated is {updated!r}, not a time")
    files = data.get("files", {})
    if not _table(files):
        raise _damaged(path, "files is not a table of file signatures")
    roots = data.get("roots")  # absent in an index written before labels
    if roots is not None and not _table(roots):
        raise _damaged(path, "roots is not a table of paths")
    return Manifest(SCHEMA_VERSION, float(updated), dict(files), roots)


def _table(value: object) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def _damaged(path: Path, what: str) -> IndexDamagedError:
    return IndexDamagedError(
        f"{path} is damaged ({what[:80]}): `newsearch index --rebuild PATH` repairs it"
    )


def write_manifest(index_dir: Path, manifest: Manifest) -> None:
    """Write the manifest atomically (temp file, fsync, rename)."""
    manifest.updated = time.time()
    try:
        fd, tmp = tempfile.mkstemp(prefix=".newsearch-", suffix=".tmp", dir=index_dir)
        try:
            os.fchmod(fd, 0o666 & ~_umask())  # mkstemp's 0600 would hide it from other users
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(manifest_json(manifest), out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, index_dir / MANIFEST)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise write_error(index_dir, exc) from exc


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def disk_size(index_dir: Path) -> int:
    return sum(p.stat().st_size for p in index_dir.iterdir() if p.is_file())
