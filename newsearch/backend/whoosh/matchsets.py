"""Match sets: which documents a query matches, without scoring them.

Counting all matches (``results.total``), telling whether any article has every word
(``partial``), facets, timelines and date sorting all need the *set* of matching documents, not
their scores. Whoosh gets it by running the full matcher tree document by document; here the
common query shapes are evaluated on posting lists with numpy set operations instead (terms:
one posting list each; Or: union; And: intersection; AndNot/Not: difference), and anything else
(phrases, prefixes, ranges...) falls back to Whoosh's own ``Query.docs``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from whoosh import query as wq

from .internals import leaf_ids

EMPTY = np.zeros(0, dtype=np.int64)

if TYPE_CHECKING:
    from .arrays import IndexArrays
    from .postings import Postings


#: Posting lists kept per searcher (a query's total and its all-words check, and the next page
#: of the same query, read the same terms).
CACHE_TERMS = 256


def match_set(
    searcher: Any,
    query: Any,
    cache: dict[Any, np.ndarray] | None = None,
    arrays: IndexArrays | None = None,
    postings: Postings | None = None,
) -> np.ndarray:
    """Sorted unique document numbers matching ``query`` (deleted documents excluded).

    ``cache`` maps terms to their documents and ``arrays`` holds the documents' dates (date
    ranges are then one vectorised comparison, where Whoosh expands them into many terms);
    both belong to one searcher and must be dropped when it changes. ``postings`` keeps the
    posting lists read, for the query's scoring.
    """
    ctx = _Context(searcher, searcher.reader(), {} if cache is None else cache, arrays, postings)
    return _eval(ctx, query)


class _Context:
    def __init__(
        self,
        searcher: Any,
        reader: Any,
        cache: dict[Any, np.ndarray],
        arrays: Any,
        postings: Postings | None,
    ) -> None:
        self.searcher, self.reader, self.cache, self.arrays = searcher, reader, cache, arrays
        self.postings = postings


def _eval(ctx: _Context, q: Any) -> np.ndarray:
    searcher, reader, cache = ctx.searcher, ctx.reader, ctx.cache
    kind = type(q)
    if isinstance(q, wq.NumericRange) and q.fieldname == "date" and ctx.arrays is not None:
        return ctx.arrays.date_range(q.start, q.end, q.startexcl, q.endexcl)
    if kind is wq.Term:
        key = (q.fieldname, q.text)
        ids = cache.get(key)
        if ids is None:
            ids = term_docs(reader, q.fieldname, q.text, ctx.postings)
            if len(cache) >= CACHE_TERMS:
                cache.clear()
            cache[key] = ids
        return ids
    if kind is wq.Or:
        parts = [_eval(ctx, sub) for sub in q.subqueries]
        return sorted_unique(np.concatenate(parts)) if parts else EMPTY
    if kind is wq.And:
        result: np.ndarray | None = None
        for sub in sorted(q.subqueries, key=_cheap_first):
            ids = _eval(ctx, sub)
            result = ids if result is None else np.intersect1d(result, ids, assume_unique=True)
            if not len(result):
                return EMPTY
        return EMPTY if result is None else result
    if isinstance(q, wq.AndNot):
        positive = _eval(ctx, q.a)
        if not len(positive):
            return EMPTY
        return np.setdiff1d(positive, _eval(ctx, q.b), assume_unique=True)
    if kind is wq.Every and not q.fieldname:
        if ctx.arrays is not None:
            return np.flatnonzero(ctx.arrays.live).astype(np.int64)
        return np.fromiter(reader.all_doc_ids(), dtype=np.int64)
    if kind is wq.NullQuery or q is wq.NullQuery:
        return EMPTY
    ids = np.fromiter(q.docs(searcher), dtype=np.int64)
    return sorted_unique(ids)


def sorted_unique(ids: np.ndarray) -> np.ndarray:
    """``np.unique`` of an integer array, without its check for masked arrays (which imports
    ``numpy.ma``, a tenth of a query process's start-up)."""
    if len(ids) < 2:
        return ids
    ids = np.sort(ids)
    keep = np.empty(len(ids), dtype=bool)
    keep[0] = True
    np.not_equal(ids[1:], ids[:-1], out=keep[1:])
    return ids[keep]


def _cheap_first(q: Any) -> int:
    return 0 if type(q) is wq.Term else 1


def term_docs(
    reader: Any, fieldname: str, text: Any, postings: Postings | None = None
) -> np.ndarray:
    """The live documents holding one term, sorted (each segment's list read through
    ``postings`` when given, which keeps it for scoring too)."""
    if fieldname not in reader.schema or not reader.doc_frequency(fieldname, text):
        return EMPTY
    try:
        parts = []
        for segment, offset in reader.leaf_readers():
            if not segment.doc_frequency(fieldname, text):
                continue
            if postings is not None:
                btext = reader.schema[fieldname].to_bytes(text)
                parts.append(postings.of(segment, fieldname, btext)[0] + offset)
            else:
                parts.append(leaf_ids(segment.postings(fieldname, text)) + offset)
        return np.concatenate(parts) if parts else EMPTY
    except AttributeError:  # another codec: let Whoosh walk the postings
        ids = np.fromiter(reader.postings(fieldname, text).all_ids(), dtype=np.int64)
        return sorted_unique(ids)
