"""The few Whoosh internals newsearch relies on, each behind a small function; with
:mod:`.patches` (the fixes of Whoosh's bugs), the only code that touches Whoosh's private
attributes.

* :func:`top_hits` is a top-N search told the score its hits must beat (the collector starts
  narrowing there instead of at 0);
* :func:`leaf_ids` and :func:`leaf_postings` read a posting list a decoded block at a time
  (several times faster than ``all_ids``), for match sets and numpy scoring;
  :func:`length_bytes` reads a segment's stored field lengths at once, and
  :func:`bm25_parameters` a BM25F weighting's parameters for one field;
* :func:`commit_with_segments` is ``SegmentWriter.commit`` with segments written by worker
  processes added to the new table of contents; :func:`finish_segment` ends a worker's
  segment without committing; :func:`destroy_temp` removes a writer's temporary folder;
* :func:`latest_generation` is the generation of the newest table of contents;
  :func:`clean_orphans` deletes the files no table of contents lists;
* :func:`stored_documents` reads a segment's stored documents without the schema checks.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from whoosh import collectors
from whoosh.codec.whoosh3 import LENGTHS_COLUMN as _LENGTHS
from whoosh.codec.whoosh3 import _lenfield
from whoosh.matching.wrappers import FilterMatcher

if TYPE_CHECKING:
    import numpy as np


class _TopAbove(collectors.TopCollector):
    """Whoosh's top-N collector with a floor under its minimum score from the start: the parts
    of the query that cannot beat ``floor`` are dropped before the first document."""

    def __init__(self, limit: int, floor: float) -> None:
        super().__init__(limit=limit)
        self._floor = floor

    def prepare(self, top_searcher: Any, q: Any, context: Any) -> None:
        super().prepare(top_searcher, q, context)
        self.minscore = self._floor

    def _collect(self, global_docnum: int, score: float) -> Any:
        key = super()._collect(global_docnum, score)
        self.minscore = max(self.minscore, self._floor)
        return key


def top_hits(
    searcher: Any,
    query: Any,
    limit: int,
    allow: set[int] | None = None,
    mask: set[int] | None = None,
    above: float = 0.0,
) -> list[tuple[int, float]]:
    """The ``limit`` best (docnum, score) of ``query`` among ``allow`` (None: all) and not in
    ``mask``, best first (ties by docnum), of those that may score more than ``above`` (some
    below it may come too)."""
    # a hair under the floor: a document scoring exactly ``above`` is still found
    top = _TopAbove(limit, above * (1 - 1e-9) if above > 0 else 0.0)
    collector = collectors.FilterCollector(top, allow=allow, restrict=mask)
    searcher.search_with_collector(query, collector)
    return [(hit.docnum, float(hit.score)) for hit in collector.results()]


def leaf_ids(matcher: Any) -> np.ndarray:
    """Document numbers of one segment's posting list, a whole block at a time.

    Whoosh's ``all_ids`` yields them one by one through Python calls; reading each block's
    decoded id tuple (``W3LeafMatcher``) is several times faster. Deleted documents, which
    Whoosh filters with a ``FilterMatcher``, are removed here with one ``isin``.
    """
    return leaf_postings(matcher, weights=False)[0]


def leaf_postings(matcher: Any, weights: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
    """(document numbers, weights as float64) of one segment's posting list, block by block as
    :func:`leaf_ids` reads them; the weights are each posting's ``matcher.weight()``."""
    import numpy as np  # here: writing an index never needs numpy

    deleted = None
    if isinstance(matcher, FilterMatcher):
        deleted = np.fromiter(matcher._ids, dtype=np.int64)
        matcher = matcher.child
    blocks, weight_blocks = [], []
    while not matcher._atend:
        # the block's pickled (ids, weights, values) decoded with numpy: its ids are deltas
        # unless ``_byteids``; its weights are None (all 1), one float (all the same, which
        # Whoosh widens through a float32 array) or one float each
        if matcher._data is None:
            matcher._read_data()
        raw_ids, raw_weights = matcher._data[0], matcher._data[1]
        ids = np.array(raw_ids, dtype=np.int64)
        blocks.append(ids if matcher._byteids else np.cumsum(ids))
        if weights:
            count = matcher._blocklength
            if raw_weights is None:
                weight_blocks.append(np.ones(count, dtype=np.float64))
            elif isinstance(raw_weights, float):
                weight_blocks.append(np.full(count, np.float32(raw_weights), dtype=np.float64))
            else:
                weight_blocks.append(np.array(raw_weights, dtype=np.float64))
        matcher._next_block()
    ids = np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.int64)
    w = None
    if weights:
        w = np.concatenate(weight_blocks) if weight_blocks else np.zeros(0, dtype=np.float64)
    if deleted is not None and len(deleted):
        keep = ~np.isin(ids, deleted)
        ids, w = ids[keep], (None if w is None else w[keep])
    return ids, w


def length_bytes(segment: Any, fieldname: str) -> np.ndarray:
    """One segment's stored field lengths, as Whoosh keeps them: a byte per document (0: the
    field is empty), decoded by :func:`length_table`."""
    import numpy as np

    n = segment.doc_count_all()
    out = np.zeros(n, dtype=np.uint8)
    perdoc = getattr(segment, "_perdoc", None)
    column = None if perdoc is None else perdoc._cached_reader(_lenfield(fieldname), _LENGTHS)
    if column is not None and column._count:
        raw = column._dbfile.get(column._basepos, column._count)
        count = min(n, column._count)
        out[:count] = np.frombuffer(raw, dtype=np.uint8, count=count)
    return out


def bm25_parameters(model: Any, fieldname: str) -> tuple[float, float]:
    """(B, K1) of a ``BM25F`` weighting for one field, as its scorer takes them."""
    return float(model._field_B.get(fieldname, model.B)), float(model.K1)


def commit_with_segments(writer: Any, mergetype: Any, segments: Sequence[Any]) -> None:
    """``SegmentWriter.commit``, with ``segments`` added to the final list."""
    final = writer._merge_segments(mergetype, None, None)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    final.extend(segments)
    writer._commit_toc(final)
    writer._finish()


def unlocked_writer(ix: Any, limitmb: int) -> Any:
    """A writer that does not take the index's lock (the run already holds it)."""
    return ix.writer(_lk=False, limitmb=limitmb)


def segment_writer(ix: Any, limitmb: int) -> Any:
    """A bare ``SegmentWriter`` that never locks: a worker writing one segment."""
    from whoosh.writing import SegmentWriter

    return SegmentWriter(ix, _lk=False, limitmb=limitmb)


def segment_reader(ix: Any, segment: Any) -> Any:
    """A reader of one segment (committed or not) of ``ix``."""
    from whoosh.reading import SegmentReader

    return SegmentReader(ix.storage, ix.schema, segment)


def finish_segment(writer: Any) -> Any:
    """End a writer's new segment without committing it (a worker hands it to the parent)."""
    return writer._finalize_segment()


def destroy_temp(writer: Any) -> None:
    writer._tempstorage.destroy()


def latest_generation(storage: Any, indexname: str) -> int:
    from whoosh.index import TOC

    return int(TOC._latest_generation(storage, indexname))


def clean_orphans(ix: Any) -> None:
    """Delete the files of segments the newest table of contents does not list (and older
    tables of contents), as Whoosh does after each commit: a run that failed (a full disk) or
    committed nothing leaves its unlisted segment files behind. Call with the write lock held
    and no worker writing."""
    from whoosh.index import clean_files

    clean_files(ix.storage, ix.indexname, ix.latest_generation(), ix._segments())
    half_written_toc = re.compile(rf"^_{ix.indexname}_[0-9]+\.toc\..")
    for name in list(ix.storage):
        if half_written_toc.match(name):
            with contextlib.suppress(OSError):
                ix.storage.delete_file(name)


def stored_documents(leaf: Any) -> Any:
    """One segment's stored-document reader: ``stored_fields(docnum)`` straight, without the
    schema check :meth:`SegmentReader.stored_fields` makes on every field of every document."""
    return leaf._perdoc
