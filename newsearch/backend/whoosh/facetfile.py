"""Facet files: what facets, timelines and date filters need of one segment, kept beside it.

Building the arrays of :mod:`.arrays` from posting lists and columns costs a query process most
of a second on Reuters. So each segment gets, when it is written (by the worker that wrote
it) or when a commit creates it (a merge), a file ``MAIN_<segment>.facets`` holding every
document's raw date and, per facet field, its values and (document, value) pairs. The name
follows Whoosh's segment files, so Whoosh deletes it with its segment.

It is a cache, never trusted blindly. A file is used only when its fixed-size prefix (magic,
total length, CRC-32 of the rest) and its header (format version, segment id, document
count, fields) all match; anything else (missing, torn, corrupt, of another segment or another
field table) is ignored and the segment's arrays are built in memory from the index, and the
next commit writes the file again. A segment never changes once written except for deletions,
which only grow: pairs of documents deleted since the file was written are dropped at read time
by the live mask (:mod:`.arrays`), so a file stays right for its segment whatever the updates.

The writing side needs only the standard library (an indexing worker does not import numpy).
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import zlib
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any

EXT = ".facets"
MAGIC = b"NSFACET1"
VERSION = 1
#: magic, total length of the file, CRC-32 of everything after the prefix, header length
PREFIX = struct.Struct("<8sQII")
NO_TICKS = 2**64 - 1  # Whoosh's column value for a document without a date


def path_of(folder: Path, segment_id: str) -> Path:
    return folder / f"{segment_id}{EXT}"


def _ticks(reader: Any, n: int) -> array:
    if n == 0 or "date" not in reader.schema or not reader.has_column("date"):
        return array("Q", [NO_TICKS]) * n
    col = reader.column_reader("date", translate=False)
    return array("Q", (col[i] for i in range(n)))


def encode(reader: Any, fields: Sequence[str]) -> bytes:
    """The facet file of one segment reader: its dates and its facet fields' pairs (documents
    deleted by then left out, as posting lists leave them out)."""
    n = reader.doc_count_all()
    blobs = [_ticks(reader, n).tobytes()]
    meta: dict[str, Any] = {}
    for name in fields:
        values: list[str] = []
        docs, terms = array("i"), array("i")
        if name in reader.schema:
            for term in reader.lexicon(name):
                ids = list(reader.postings(name, term).all_ids())
                if not ids:
                    continue
                terms.extend([len(values)] * len(ids))
                values.append(term.decode("utf-8") if isinstance(term, bytes) else str(term))
                docs.extend(ids)
        meta[name] = values
        blobs += [docs.tobytes(), terms.tobytes()]
    header = {
        "version": VERSION,
        "segment": reader.segment().segment_id(),
        "docs": n,
        "fields": list(fields),
        "values": meta,
        "sizes": [len(b) for b in blobs],
    }
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    head += b" " * (-(PREFIX.size + len(head)) % 8)  # arrays start 8-aligned
    body = head + b"".join(b + b"\0" * (-len(b) % 8) for b in blobs)
    return PREFIX.pack(MAGIC, PREFIX.size + len(body), zlib.crc32(body), len(head)) + body


def write(folder: Path, reader: Any, fields: Sequence[str]) -> None:
    """Write a segment's facet file atomically (best effort: readers rebuild what is missing)."""
    path = path_of(folder, reader.segment().segment_id())
    tmp = path.with_name(path.name + ".tmp")
    with contextlib.suppress(OSError):
        data = encode(reader, fields)
        with open(tmp, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)


def header(data: Any, segment_id: str, doc_count: int, fields: Sequence[str]) -> Any:
    """The header of a facet file's contents when they are whole and belong to this segment
    (and field table); None otherwise. ``data`` is bytes or an mmap."""
    if len(data) < PREFIX.size:
        return None
    magic, total, crc, head_len = PREFIX.unpack_from(data, 0)
    if magic != MAGIC or total != len(data) or PREFIX.size + head_len > total:
        return None
    if zlib.crc32(memoryview(data)[PREFIX.size :]) != crc:
        return None
    try:
        head = json.loads(bytes(data[PREFIX.size : PREFIX.size + head_len]))
    except ValueError:
        return None
    if not isinstance(head, dict):
        return None
    expected = {
        "version": VERSION,
        "segment": segment_id,
        "docs": doc_count,
        "fields": list(fields),
    }
    if any(head.get(k) != v for k, v in expected.items()):
        return None
    sizes = head.get("sizes")
    if not isinstance(sizes, list) or len(sizes) != 1 + 2 * len(fields):
        return None
    if not all(type(s) is int and s >= 0 for s in sizes) or sizes[0] != 8 * doc_count:
        return None
    if any(
        sizes[1 + 2 * i] != sizes[2 + 2 * i] or sizes[1 + 2 * i] % 4 for i in range(len(fields))
    ):
        return None
    if PREFIX.size + head_len + sum(s + (-s % 8) for s in sizes) != total:
        return None
    head["start"] = PREFIX.size + head_len  # where the arrays begin
    return head


def is_current(folder: Path, segment_id: str, doc_count: int, fields: Sequence[str]) -> bool:
    try:
        data = path_of(folder, segment_id).read_bytes()
    except OSError:
        return False
    return header(data, segment_id, doc_count, fields) is not None


def ensure(folder: Path, ix: Any, fields: Sequence[str]) -> None:
    """After a commit: write the facet file of every committed segment lacking a good one (the
    segments of a merge, or one whose worker's file was lost). Only those segments are opened:
    a reader of every segment after each commit held the pages of all of them (the indexing
    process at 1.9 GiB at the end of 100,000 articles)."""
    from whoosh.index import TOC

    from .internals import segment_reader

    with contextlib.suppress(OSError):
        for segment in TOC.read(ix.storage, ix.indexname).segments:
            segid = segment.segment_id()
            if not is_current(folder, segid, segment.doc_count_all(), fields):
                reader = segment_reader(ix, segment)
                try:
                    write(folder, reader, fields)
                finally:
                    reader.close()
