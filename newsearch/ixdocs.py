"""Documents: what the indexer writes for each article, and what it reads back to compare.

Each article's index document holds a digest of its content, so a re-run can tell unchanged
records from changed ones without the manifest; :func:`existing` reads every (id, path,
digest) back in one pass per column.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from typing import Any

from .models import Entities, Record


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


def document(record: Record, entities: Entities) -> dict[str, Any]:
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


def under(path: str, given: Sequence[str]) -> bool:
    """True when an article's path lies under one of the paths given to this run."""
    for root in given:
        root = os.path.normpath(root).replace(os.sep, "/")
        if root == "." or path == root or path.startswith(root + "/"):
            return True
    return False


def existing(ix: Any, clear: bool) -> tuple[dict[str, tuple[str, str]], dict[str, set[str]]]:
    """id -> (path, digest), and path -> ids, of every article in the index (none when the
    index is to be cleared)."""
    existing: dict[str, tuple[str, str]] = {}
    by_path: dict[str, set[str]] = {}
    if clear:
        return existing, by_path
    reader = ix.reader()
    try:
        if reader.doc_count() == 0:
            return existing, by_path
        # Whole columns in one pass each (reading them doc by doc costs 30 times as much).
        ids, paths, digests = (list(reader.column_reader(f)) for f in ("id", "path", "digest"))
        live = reader.all_doc_ids() if reader.has_deletions() else range(len(ids))
        for docnum in live:
            doc_id, path = ids[docnum], paths[docnum]
            existing[doc_id] = (path, digests[docnum])
            by_path.setdefault(path, set()).add(doc_id)
    finally:
        reader.close()
    return existing, by_path
