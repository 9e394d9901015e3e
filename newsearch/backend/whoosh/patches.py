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

:func:`apply` is idempotent and is called before the first search.
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.matching import AndNotMatcher

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
