"""Record bookkeeping for incremental indexing: content digests, file signatures, path scopes.

Each article's index document holds a digest of its content, so a re-run can tell unchanged
records from changed ones without trusting the manifest's file signatures.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

from ..models import Record


def digest(record: Record) -> str:
    """Hash of everything of a record that goes into the index."""
    h = hashlib.blake2b(digest_size=12)
    date = record.date.isoformat() if record.date else ""
    for part in (
        record.title,
        record.body,
        date,
        record.source,
        record.url,
        record.author,
        record.section,
    ):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def signature(size: int, mtime_ns: int) -> str:
    return f"{size}:{mtime_ns}"


def under(path: str, given: Sequence[str]) -> bool:
    """True when an article's path lies under one of the paths given to this run."""
    for root in given:
        root = os.path.normpath(root).replace(os.sep, "/")
        if root == "." or path == root or path.startswith(root + "/"):
            return True
    return False
