"""Fixes, in our layer, for known bugs of Whoosh 2.7.4 that reach newsearch's searches.

* ``UnionMatcher.skip_to_quality`` and ``AndMaybeMatcher.skip_to_quality`` can loop forever
  (whoosh issues #446 and #461): when a sub-matcher's block quality is a hair above what it is
  asked to skip to (floating-point rounding), it skips nothing, the qualities never change and
  the ``while`` spins. The fixed loop advances that sub-matcher by one posting instead, as
  Whoosh's own ``IntersectionMatcher`` does: inside the loop the two blocks' best scores cannot
  reach the minimum together, so no document that could enter the top results is passed over.
* ``AndNot``'s matcher can keep an excluded document: :class:`AndNot` here (used by
  :mod:`.compile` for every negation) always skips the excluded matcher.
* ``ArrayUnionMatcher`` (the OR Whoosh picks in a segment of under 5,000 documents) gives as
  its best possible score the best of its sub-matchers' maxima, not their sum, and 0 once it
  has read them; the collector then takes the OR as unable to reach the top results and turns
  the query around it into an AND: articles in small segments (the last ones an update
  writes) fell out of the top hits. Every OR uses the binary tree of union matchers instead,
  whose maximum is right.
* ``WrappingMatcher.replace`` (a boosted AND or OR) hands its child the minimum score
  unscaled: under a boost above 1 the child drops documents whose boosted score would have
  made the top results. The fixed one divides by the boost, as ``skip_to_quality`` does.
* ``AndMaybeMatcher.skip_to`` moves the optional matcher to the id asked for, not to where the
  required one landed, and its quality skips move the two apart too; the optional part's
  score was then lost for the document the matcher stands on (a proximity bonus, or a word's
  title field once the collector had narrowed a union to "body required, title optional").
  The fixed ``score`` first brings the optional matcher up to the required one.
* ``BufferFile`` (each file inside a memory-mapped segment) copies the whole of it into a
  ``BytesIO`` when opened, though its readers mostly take slices of the mapped buffer: opening
  the index copied its term and posting files, a tenth of a second of a query process on
  Reuters. Here its ``file`` reads the mapped buffer in place (:class:`_View`).
* ``FuzzyTerm`` expands to every term within reach: :class:`BoundedFuzzy` keeps the commonest
  ``limit`` of them.

This is the one module that touches Whoosh's private attributes; besides the fixes, it holds
the few internals newsearch relies on, each behind a small function:

* :func:`top_hits` is a top-N search told the score its hits must beat (the collector starts
  narrowing there instead of at 0);
* :func:`leaf_ids` reads a posting list a decoded block at a time (several times faster than
  ``all_ids``), for match sets;
* :func:`commit_with_segments` is ``SegmentWriter.commit`` with segments written by worker
  processes added to the new table of contents; :func:`finish_segment` ends a worker's
  segment without committing; :func:`destroy_temp` removes a writer's temporary folder;
* :func:`latest_generation` is the generation of the newest table of contents;
  :func:`clean_orphans` deletes the files no table of contents lists.

:func:`apply` is idempotent and is called before the first search.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from whoosh import collectors
from whoosh import query as wq
from whoosh.matching import AndNotMatcher
from whoosh.matching.wrappers import FilterMatcher

if TYPE_CHECKING:
    import numpy as np

_applied = False


class _AndNotMatcher(AndNotMatcher):
    """Whoosh 2.7.4's AndNotMatcher skips the excluded matcher to the first candidate only when
    both start on the same document, so ``a ANDNOT b`` returns a's first match even when b has
    it, if b's first document comes earlier. This one always skips."""

    def _find_first(self) -> None:
        if self.a.is_active() and self.b.is_active():
            self._find_next()


class AndNot(wq.AndNot):
    """``a ANDNOT b`` using :class:`_AndNotMatcher` (see there for the Whoosh bug)."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        scored = self.a.matcher(searcher, context)
        excluded = self.b.matcher(searcher, searcher.boolean_context())
        return _AndNotMatcher(scored, excluded)


class BoundedFuzzy(wq.FuzzyTerm):
    """``FuzzyTerm`` searching at most ``limit`` of its terms: the commonest (ties: first in
    order), so a short word's fuzzy form stays about that word."""

    def __init__(self, *args: Any, limit: int = 50, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit = limit

    def _btexts(self, ixreader: Any) -> list[Any]:
        terms = list(super()._btexts(ixreader))
        if len(terms) <= self.limit:
            return terms
        frequency = {t: ixreader.doc_frequency(self.fieldname, t) for t in terms}
        return sorted(terms, key=lambda t: -frequency[t])[: self.limit]


def _skip_both_to_quality(self: Any, minquality: float) -> int:
    """Skip blocks of ``a`` and ``b`` until together they could score above ``minquality``."""
    from whoosh.matching import mcore

    self._id = None  # UnionMatcher caches its current id: the skip moves it
    a, b = self.a, self.b
    if not a.is_active():
        if self._a_required:
            raise mcore.ReadTooFar
        return int(b.skip_to_quality(minquality))
    if not b.is_active():
        return int(a.skip_to_quality(minquality))
    skipped = 0
    aq, bq = a.block_quality(), b.block_quality()
    while a.is_active() and b.is_active() and aq + bq <= minquality:
        low, other_q = (a, bq) if aq < bq else (b, aq)
        sk = low.skip_to_quality(minquality - other_q)
        if not sk and low.is_active():
            low.next()  # no block skipped: move on by one posting, or we would spin here
        skipped += sk
        aq = a.block_quality() if a.is_active() else 0.0
        bq = b.block_quality() if b.is_active() else 0.0
    return skipped


def _wrapped_replace(self: Any, minquality: float = 0) -> Any:
    """``WrappingMatcher.replace`` with the minimum score brought to the child's scale."""
    child = self.child.replace(minquality / self.boost if self.boost else 0)
    return self if child is self.child else self._replacement(child)


def _and_maybe_score(self: Any) -> float:
    """``AndMaybeMatcher.score`` with the optional matcher first brought up to the current id."""
    a, b = self.a, self.b
    if b.is_active() and b.id() < a.id():
        b.skip_to(a.id())
    if b.is_active() and b.id() == a.id():
        return float(a.score() + b.score())
    return float(a.score())


class _View:
    """A read-only file over a buffer, read in place (what ``BufferFile`` needs of a file)."""

    def __init__(self, buf: Any) -> None:
        self._buf, self._pos, self.closed = buf, 0, False

    def read(self, n: int = -1) -> bytes:
        end = len(self._buf) if n is None or n < 0 else min(len(self._buf), self._pos + n)
        out = bytes(self._buf[self._pos : end])
        self._pos = max(self._pos, end)
        return out

    def readline(self) -> bytes:
        end, size = self._pos, len(self._buf)
        while end < size:  # a block at a time: never the whole rest of the buffer per line
            block = bytes(self._buf[end : end + 4096])
            i = block.find(b"\n")
            if i >= 0:
                end += i + 1
                break
            end += len(block)
        return self.read(end - self._pos)

    def __iter__(self) -> Any:
        while line := self.readline():
            yield line

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._pos, len(self._buf))[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self.closed = True


def _buffer_file_init(self: Any, buf: Any, name: Any = None, onclose: Any = None) -> None:
    """``BufferFile.__init__`` reading ``buf`` in place instead of copying it to a BytesIO."""
    self._buf, self._name, self.onclose = buf, name, onclose
    self.file = _View(buf)
    self.is_real = False
    self.is_closed = False


def _buffer_file_close(self: Any) -> None:
    if self.is_closed:
        raise Exception("This file is already closed")  # as Whoosh's own close
    if self.onclose:
        self.onclose(self)
    self.file.close()
    self.is_closed = True


def apply() -> None:
    """Patch Whoosh's matchers (once per process)."""
    global _applied
    if _applied:
        return
    from whoosh.filedb.structfile import BufferFile
    from whoosh.matching.binary import AndMaybeMatcher, UnionMatcher
    from whoosh.matching.wrappers import WrappingMatcher

    UnionMatcher._a_required = False
    AndMaybeMatcher._a_required = True
    UnionMatcher.skip_to_quality = _skip_both_to_quality
    AndMaybeMatcher.skip_to_quality = _skip_both_to_quality
    wq.Or.matcher_type = wq.Or.DEFAULT_MATCHER
    WrappingMatcher.replace = _wrapped_replace
    AndMaybeMatcher.score = _and_maybe_score
    BufferFile.__init__ = _buffer_file_init
    BufferFile.close = _buffer_file_close
    _applied = True


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
    import numpy as np  # here: writing an index never needs numpy

    deleted = None
    if isinstance(matcher, FilterMatcher):
        deleted = np.fromiter(matcher._ids, dtype=np.int64)
        matcher = matcher.child
    blocks = []
    while not matcher._atend:
        if matcher._ids is None:
            matcher._read_ids()
        blocks.append(np.asarray(matcher._ids, dtype=np.int64))
        matcher._next_block()
    ids = np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.int64)
    if deleted is not None and len(deleted):
        ids = ids[~np.isin(ids, deleted)]
    return ids


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
