"""Store: where an index lives on disk, and the bookkeeping kept beside Whoosh's files.

A newsearch index folder holds Whoosh's segment files plus ``newsearch.json``: the schema
version, when the index was last updated, and the signature (size and mtime) of every file
whose articles are all committed. That manifest is only a cache that lets a re-run skip
unchanged files: the index's own per-article digests stay the truth, so a manifest lost or
older than the index costs time, never data. It is written atomically after each commit.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import IndexNotFoundError, IndexVersionError, IndexWriteError
from .schema import SCHEMA_VERSION

MANIFEST = "newsearch.json"
INDEX_NAME = "MAIN"


@dataclass
class Manifest:
    schema_version: int = SCHEMA_VERSION
    updated: float = 0.0
    files: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "updated": self.updated,
            "files": self.files,
        }


def has_index(index_dir: Path) -> bool:
    return (index_dir / MANIFEST).exists() or any(index_dir.glob(f"_{INDEX_NAME}_*.toc"))


def is_empty_dir(index_dir: Path) -> bool:
    """True when the folder holds nothing but hidden files (such as ``.gitkeep``)."""
    return all(entry.name.startswith(".") for entry in index_dir.iterdir())


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
        raise IndexNotFoundError(f"{path}: unreadable index manifest ({exc})") from None
    version = data.get("schema_version") if isinstance(data, dict) else None
    if version != SCHEMA_VERSION:
        raise IndexVersionError(
            f"{index_dir} was built with schema version {version}, this newsearch uses "
            f"{SCHEMA_VERSION}: rebuild it with `newsearch index --rebuild PATH...`"
        )
    files = data.get("files")
    return Manifest(
        schema_version=SCHEMA_VERSION,
        updated=float(data.get("updated") or 0.0),
        files=dict(files) if isinstance(files, dict) else {},
    )


def write_manifest(index_dir: Path, manifest: Manifest) -> None:
    """Write the manifest atomically (temp file, fsync, rename)."""
    manifest.updated = time.time()
    try:
        fd, tmp = tempfile.mkstemp(prefix=".newsearch-", suffix=".tmp", dir=index_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(manifest.to_json(), out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, index_dir / MANIFEST)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise IndexWriteError(f"cannot write {index_dir / MANIFEST}: {exc.strerror or exc}") from exc


def disk_size(index_dir: Path) -> int:
    return sum(p.stat().st_size for p in index_dir.iterdir() if p.is_file())
