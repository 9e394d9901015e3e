"""The Whoosh side of an indexing run: documents, segments written by workers, commits.

Each batch of new and changed records is split between the worker processes; each writes its
documents as one new Whoosh segment (a ``SegmentWriter`` that never takes the lock and never
commits) and hands the segment back (:meth:`WhooshBackend.write_part`). The parent, which
holds the write lock for the whole run, deletes replaced and vanished articles and commits a
table of contents listing the old segments plus the new ones — what Whoosh's own
``MpWriter(multisegment=True)`` does, minus its forked processes. The parent commits only while
no worker is writing: a commit deletes segment files it does not list.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ...fields import BY_NAME, COUNTED_FIELDS
from ..base import Doc, Document, Manifest, MessageFn
from . import facetfile, storage
from . import stems as stems_file
from .internals import clean_orphans, destroy_temp, finish_segment, segment_reader, segment_writer
from .manifest import INDEX_NAME, write_manifest
from .reader import stored_doc


def whoosh_document(document: Document) -> dict[str, Any]:
    """The fields Whoosh stores and indexes for one article, by the kind of each field."""
    doc: dict[str, Any] = {}
    for name, value in document.values().items():
        field = BY_NAME[name]
        if value is None or (value == "" and field.kind == "keyword"):
            continue
        if field.kind == "name":
            doc[name] = ",".join(v.replace(",", " ") for v in value)
            doc[f"_stored_{name}"] = list(value)
            doc[field.words_field] = "\n".join(value)
        elif field.kind == "mentions":
            doc[name] = ",".join(value)
            doc[f"_stored_{name}"] = list(value)
        elif field.kind == "text":
            doc[name] = doc[field.exact_field] = value
        elif field.kind == "keyword" and field.lowercase:  # a KEYWORD field: commas split
            doc[name] = value.replace(",", " ")
            doc[f"_stored_{name}"] = value
        else:
            doc[name] = value
    return doc


#: Whoosh's posting buffer per worker before it spills a sorted run to disk. Whoosh counts the
#: encoded bytes, the process holds Python objects several times that size: writing 6,000
#: Reuters articles in one segment peaks at 215 MiB with 64, 157 MiB with 16, for the same CPU
#: time (33.7 s against 35.3 s).
WORKER_LIMIT_MB = 16


def write_segment(index_dir: str, documents: Iterable[Document]) -> Any:
    """Write ``documents`` as one new segment of the index; return it (to be committed)."""
    ix = storage.DurableStorage(index_dir).open_index(INDEX_NAME)
    writer = segment_writer(ix, limitmb=WORKER_LIMIT_MB)
    try:
        for document in documents:
            writer.add_document(**whoosh_document(document))
        segment = finish_segment(writer)
    except BaseException:
        writer.cancel()
        raise
    destroy_temp(writer)
    reader = segment_reader(ix, segment)
    try:
        facetfile.write(Path(index_dir), reader, COUNTED_FIELDS)
    finally:
        reader.close()
    return segment


class WhooshWriter:
    """One run's hold on a Whoosh index: created with the write lock held."""

    def __init__(self, ix: Any, index_path: Path, manifest: Manifest, clear: bool) -> None:
        self._ix = ix
        self._path = index_path
        self._clear = clear  # the first commit drops every older segment (a rebuild)
        self.manifest = manifest
        self.target = str(index_path)
        self.state_dir = str(index_path)

    def existing(self) -> tuple[dict[str, tuple[str, str]], dict[str, set[str]]]:
        existing: dict[str, tuple[str, str]] = {}
        by_path: dict[str, set[str]] = {}
        if self._clear:
            return existing, by_path
        reader = self._ix.reader()
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

    def copies(self) -> dict[str, str]:
        if self._clear:
            return {}
        reader = self._ix.reader()
        try:
            if reader.doc_count() == 0:
                return {}
            # segment by segment: one with no copy has no column, which Whoosh's reader of
            # all segments' columns trips over
            found: dict[str, str] = {}
            for leaf, _base in reader.leaf_readers():
                if not leaf.has_column("copy_of"):
                    continue
                ids, copy_of = leaf.column_reader("id"), leaf.column_reader("copy_of")
                found.update((ids[d], copy_of[d]) for d in leaf.all_doc_ids() if copy_of[d])
            return found
        finally:
            reader.close()

    def stored(self, ids: Sequence[str]) -> list[Doc]:
        if self._clear:
            return []
        with self._ix.searcher() as searcher:
            found = (searcher.document_number(id=doc_id) for doc_id in ids)
            return [stored_doc(searcher.stored_fields(d)) for d in found if d is not None]

    def commit(
        self, parts: Sequence[Any], deleted: Sequence[str], stems: Mapping[str, str]
    ) -> None:
        stems_file.save(self._path, stems)  # before the commit: a query may need them at once
        writer = storage.new_writer(self._ix)
        try:
            for doc_id in deleted:
                writer.delete_by_term("id", doc_id)
            if parts or self._clear or deleted:
                storage.commit(writer, self._path, self._clear, parts)
                # a merge makes segments no worker wrote a facet file for
                facetfile.ensure(self._path, self._ix, COUNTED_FIELDS)
            else:  # nothing changed: keep the index files as they are
                storage.cancel(writer)
                clean_orphans(self._ix)  # the files the cancelled writer opened
        except BaseException:
            storage.cancel(writer)
            raise
        self._clear = False

    def save_manifest(self) -> None:
        write_manifest(self._path, self.manifest)


@contextlib.contextmanager
def open_writer(
    location: str, rebuild: bool, lock_timeout: float, on_wait: MessageFn
) -> Iterator[WhooshWriter]:
    path = Path(location)
    with storage.write_lock(path, lock_timeout, on_wait):
        ix, manifest, clear = storage.open_locked(path, rebuild)
        with contextlib.suppress(OSError):  # what a failed run left (a full disk)
            clean_orphans(ix)
        yield WhooshWriter(ix, path, manifest, clear)
