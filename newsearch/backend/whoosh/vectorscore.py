"""Relevance of a bag of words in numpy: Whoosh's BM25F scores, a posting list at a time.

Whoosh scores a query by walking its matcher tree one document at a time in Python; for a
query of terms joined by AND and OR (nearly every query typed) the same scores come from the
posting lists as arrays: each term's BM25F over its postings (:func:`_term`), then unions and
intersections that add the scores of their two sides. The trees are Whoosh's own, built per
segment from the same size estimates and in the same order (:func:`_tree`), so every score is
the same floating-point sum as Whoosh's and the ranking is identical (a test compares them).
Anything else (phrases, prefixes, fuzzy terms, negations, ranges) is left to Whoosh:
:func:`scorable` says which.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh import scoring

from .internals import bm25_parameters
from .postings import EMPTY, Postings

#: (sorted document numbers, their scores) within one segment
Vector = tuple[np.ndarray, np.ndarray]
_EMPTY: Vector = EMPTY


def scorable(searcher: Any, query: Any) -> bool:
    """Whether :func:`top_scored` ranks ``query`` as Whoosh would: only terms, ANDs and ORs,
    on fields BM25F scores, under BM25F."""
    if not isinstance(searcher.weighting, scoring.BM25F):
        return False
    kind = type(query)
    if kind is wq.Term:
        schema = searcher.schema
        return query.fieldname not in schema or bool(schema[query.fieldname].scorable)
    if kind in (wq.And, wq.Or):
        return all(scorable(searcher, sub) for sub in query.subqueries)
    return False


def top_scored(
    searcher: Any,
    query: Any,
    n: int,
    postings: Postings,
    allow: np.ndarray | None = None,
    mask: np.ndarray | None = None,
) -> list[tuple[int, float]]:
    """The ``n`` best (docnum, score) of ``query`` among ``allow`` (sorted; None: all) and not
    in ``mask`` (sorted), best first, ties by document number: what Whoosh's top-N collector
    returns for a :func:`scorable` query."""
    return best_of(scores_of(searcher, query, postings), n, allow, mask)


def scores_of(searcher: Any, query: Any, postings: Postings) -> Vector:
    """Every live document a :func:`scorable` query matches (sorted) and its score."""
    ids_parts, score_parts = [], []
    for sub, offset in searcher.leaf_searchers():
        if sub.reader().segment() is None:  # an index with no segment yet
            continue
        ids, scores = _eval(_Segment(searcher, sub, postings), query)
        ids_parts.append(ids + offset)
        score_parts.append(scores)
    if not ids_parts:
        return _EMPTY
    return np.concatenate(ids_parts), np.concatenate(score_parts)


def best_of(
    scored: Vector, n: int, allow: np.ndarray | None = None, mask: np.ndarray | None = None
) -> list[tuple[int, float]]:
    """The ``n`` best of :func:`scores_of`'s documents among ``allow`` and not in ``mask``."""
    ids, scores = scored
    keep = None
    if allow is not None:
        keep = _members(ids, allow)
    if mask is not None and len(mask):
        outside = ~_members(ids, mask)
        keep = outside if keep is None else keep & outside
    if keep is not None:
        ids, scores = ids[keep], scores[keep]
    if n <= 0 or not len(ids):
        return []
    if len(ids) > n:  # only the candidates at or above the n-th best score need sorting
        floor = np.partition(scores, len(scores) - n)[len(scores) - n]
        above = scores >= floor
        ids, scores = ids[above], scores[above]
    order = np.lexsort((ids, -scores))[:n]
    return [(int(ids[i]), float(scores[i])) for i in order]


def _members(ids: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    if not len(sorted_set):
        return np.zeros(len(ids), dtype=bool)
    at = np.searchsorted(sorted_set, ids).clip(max=len(sorted_set) - 1)
    return sorted_set[at] == ids


class _Segment:
    """What scoring one segment needs: the top searcher's statistics, the segment's own."""

    def __init__(self, top: Any, sub: Any, postings: Postings) -> None:
        self.top, self.reader, self.postings = top, sub.reader(), postings
        self._sizes: dict[int, int] = {}

    def size(self, q: Any) -> int:
        """``q.estimate_size(reader)`` for terms, ANDs and ORs, each part asked once."""
        found = self._sizes.get(id(q))
        if found is None:
            kind = type(q)
            if kind is wq.Term:
                found = self.postings.frequency(self.reader, q.fieldname, q.text)
            elif kind is wq.And:
                found = min(self.size(sub) for sub in q.subqueries)
            else:
                total = sum(self.size(sub) for sub in q.subqueries)
                found = min(total, self.reader.doc_count())
            self._sizes[id(q)] = found
        return found


def _eval(seg: _Segment, q: Any) -> Vector:
    kind = type(q)
    if kind is wq.Term:
        found = _term(seg, q)
    else:
        subs = q.subqueries
        if not subs:
            return _EMPTY
        if len(subs) == 1:  # Whoosh's CompoundQuery.matcher: the lone part, its boost unused
            return _eval(seg, subs[0])
        if kind is wq.And:
            found = _tree(seg, subs, _intersection, lambda s: 0 - seg.size(s))
        else:
            found = _tree(seg, subs, _union, seg.size)
    if q.boost != 1.0:
        found = (found[0], found[1] * q.boost)
    return found


def _term(seg: _Segment, q: Any) -> Vector:
    """BM25F of one term over its postings in the segment: ``BM25FScorer`` in arrays."""
    reader, fieldname = seg.reader, q.fieldname
    if fieldname not in reader.schema:
        return _EMPTY
    try:
        text = reader.schema[fieldname].to_bytes(q.text)
    except ValueError:
        return _EMPTY
    ids, weights = seg.postings.of(reader, fieldname, text)
    if not len(ids):
        return _EMPTY
    top = seg.top
    idf = top.idf(fieldname, text)
    avgfl = top.avg_field_length(fieldname) or 1
    B, K1 = bm25_parameters(top.weighting, fieldname)
    fl = seg.postings.lengths.of(reader, fieldname)[ids]
    # scoring.bm25, operation for operation (the same doubles as Whoosh's)
    scores = idf * ((weights * (K1 + 1)) / (weights + K1 * ((1 - B) + B * fl / avgfl)))
    return ids, scores


def _tree(
    seg: _Segment,
    subs: list[Any],
    combine: Callable[[Vector, Vector], Vector],
    weight: Callable[[Any], int],
) -> Vector:
    """``whoosh.util.make_weighted_tree``: the two lightest parts combined first, ties in the
    order given (Whoosh's matchers compare as equal), the result placed after its equals."""
    parts: list[_Weighted] = sorted(
        (_Weighted(weight(sub), _eval(seg, sub)) for sub in subs), key=lambda p: p.weight
    )
    while len(parts) > 1:
        a, b = parts.pop(0), parts.pop(0)
        insort(parts, _Weighted(a.weight + b.weight, combine(a.vector, b.vector)))
    return parts[0].vector


class _Weighted:
    __slots__ = ("weight", "vector")

    def __init__(self, weight: int, vector: Vector) -> None:
        self.weight, self.vector = weight, vector

    def __lt__(self, other: _Weighted) -> bool:
        return self.weight < other.weight


def _union(a: Vector, b: Vector) -> Vector:
    """Every document of either side; where both hold it, a's score plus b's."""
    if not len(a[0]):
        return b
    if not len(b[0]):
        return a
    ids = np.concatenate((a[0], b[0]))
    ids.sort(kind="stable")  # two sorted runs: merged in one pass
    if len(ids) > 1:
        ids = ids[np.concatenate(([True], ids[1:] != ids[:-1]))]
    scores = np.zeros(len(ids), dtype=np.float64)
    scores[np.searchsorted(ids, a[0])] = a[1]
    scores[np.searchsorted(ids, b[0])] += b[1]
    return ids, scores


def _intersection(a: Vector, b: Vector) -> Vector:
    """The documents both sides hold, a's score plus b's."""
    ids, ia, ib = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
    return ids, a[1][ia] + b[1][ib]
