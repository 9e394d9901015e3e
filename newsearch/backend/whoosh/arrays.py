"""Facets and timeline: counts over *all* matches, from arrays cached per index generation.

Whoosh's own facets walk every matching document's values through Python objects (140-315 ms
on Reuters). Here each reader generation gets, once, numpy arrays of (document, value) pairs
for people and countries and of each document's date; a query's counts are then one
``bincount`` over the pairs whose document matched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np

from ...fields import BY_NAME
from ...models import FacetCount, TimelineBucket

MISSING = np.int64(-1)
NO_TICKS = np.uint64(2**64 - 1)  # Whoosh's column value for a document without a date
_TICKS_PER_DAY = 86_400_000_000  # Whoosh stores datetimes as microseconds since datetime.min
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class KeywordArrays:
    values: list[str]
    docs: np.ndarray  # docnum of each (doc, value) pair
    terms: np.ndarray  # value index of each pair

    def counts(self, matched: np.ndarray, top: int) -> list[FacetCount]:
        """The ``top`` values by count among documents where ``matched`` (bool mask) is true."""
        if not len(self.docs):
            return []
        hit_terms = self.terms[matched[self.docs]]
        counts = np.bincount(hit_terms, minlength=len(self.values))
        order = sorted(np.flatnonzero(counts), key=lambda i: (-counts[i], self.values[i]))
        return [FacetCount(self.values[i], int(counts[i])) for i in order[:top]]


def keyword_arrays(reader: Any, fieldname: str) -> KeywordArrays:
    """Every (document, value) pair of a keyword field (posting lists leave deleted documents
    out). Most names occur in a few articles: Whoosh's ``all_ids`` beats block reading here.
    A value matched case-insensitively (``source``) is shown as its first article writes it."""
    values: list[str] = []
    docs: list[np.ndarray] = []
    terms: list[np.ndarray] = []
    written = BY_NAME[fieldname].lowercase if fieldname in BY_NAME else False
    for i, term in enumerate(reader.lexicon(fieldname)):
        ids = np.fromiter(reader.postings(fieldname, term).all_ids(), dtype=np.int64)
        value = term.decode("utf-8") if isinstance(term, bytes) else str(term)
        if written and len(ids):
            stored = reader.stored_fields(int(ids[0])).get(fieldname) or ""
            value = stored if stored.lower() == value else value
        values.append(value)
        docs.append(ids)
        terms.append(np.full(len(ids), i, dtype=np.int64))
    if not docs:
        empty = np.zeros(0, dtype=np.int64)
        return KeywordArrays([], empty, empty)
    return KeywordArrays(values, np.concatenate(docs), np.concatenate(terms))


def tick_array(reader: Any) -> np.ndarray:
    """Whoosh's raw date value of every document (:data:`NO_TICKS` when undated)."""
    n = reader.doc_count_all()
    if n == 0 or "date" not in reader.schema or not reader.has_column("date"):
        return np.full(n, NO_TICKS, dtype=np.uint64)
    col = reader.column_reader("date", translate=False)
    return np.fromiter((col[i] for i in range(n)), dtype=np.uint64, count=n)


def day_array(ticks: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of every document's date (:data:`MISSING` when undated)."""
    days = (ticks // np.uint64(_TICKS_PER_DAY)).astype(np.int64) + 1 - _EPOCH_ORDINAL
    days[ticks == NO_TICKS] = MISSING
    return days


class IndexArrays:
    """Everything facets, timelines, date filters and date sorting need, for one reader
    generation; each array is built on first use."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        #: term -> its documents, filled by :mod:`.matchsets` for this reader
        self.terms: dict[Any, np.ndarray] = {}
        self._names: dict[str, dict[str, str]] = {}
        self._keywords: dict[str, KeywordArrays] = {}

    def names(self, fieldname: str) -> dict[str, str]:
        """Every value of a name field, by its case-folded form."""
        if fieldname not in self._names:
            values = (t.decode("utf-8") for t in self._reader.lexicon(fieldname))
            self._names[fieldname] = {value.casefold(): value for value in values}
        return self._names[fieldname]

    def keywords(self, fieldname: str) -> KeywordArrays:
        """The (document, value) pairs of a keyword field, for its facet counts."""
        if fieldname not in self._keywords:
            self._keywords[fieldname] = keyword_arrays(self._reader, fieldname)
        return self._keywords[fieldname]

    @cached_property
    def ticks(self) -> np.ndarray:
        return tick_array(self._reader)

    @cached_property
    def days(self) -> np.ndarray:
        return day_array(self.ticks)

    @cached_property
    def live(self) -> np.ndarray:
        """False for deleted documents."""
        live = np.ones(self._reader.doc_count_all(), dtype=bool)
        if self._reader.has_deletions():
            dead = [d for d in range(len(live)) if self._reader.is_deleted(d)]
            live[dead] = False
        return live

    def date_range(
        self, start: int | None, end: int | None, startexcl: bool, endexcl: bool
    ) -> np.ndarray:
        """Live documents whose date lies in a Whoosh date range (raw values, inclusive
        unless excluded), as sorted docnums."""
        ticks = self.ticks
        keep = (ticks != NO_TICKS) & self.live
        if start is not None:
            keep &= ticks > np.uint64(start) if startexcl else ticks >= np.uint64(start)
        if end is not None:
            keep &= ticks < np.uint64(end) if endexcl else ticks <= np.uint64(end)
        return np.flatnonzero(keep).astype(np.int64)

    def mask(self, docnums: np.ndarray) -> np.ndarray:
        mask = np.zeros(len(self.days), dtype=bool)
        mask[docnums] = True
        return mask

    @cached_property
    def id_ranks(self) -> np.ndarray:
        """Each document's place in the order of article ids (ties of a date sort)."""
        n = self._reader.doc_count_all()
        ranks = np.zeros(n, dtype=np.int64)
        if n and self._reader.has_column("id"):
            col = self._reader.column_reader("id")
            ids = [col[i] for i in range(n)]
            ranks[sorted(range(n), key=ids.__getitem__)] = np.arange(n, dtype=np.int64)
        return ranks

    def sort_by_date(self, docnums: np.ndarray, newest: bool) -> np.ndarray:
        """Docnums by date and time (newest or oldest first), undated last, ties by id."""
        ticks = self.ticks[docnums]
        undated = ticks == NO_TICKS
        key = ~ticks if newest else ticks  # ~ reverses the order of unsigned values
        return docnums[np.lexsort((self.id_ranks[docnums], key, undated))]

    def timeline(self, docnums: np.ndarray) -> list[TimelineBucket]:
        days = self.days[docnums]
        days = days[days != MISSING]
        if not len(days):
            return []
        dates = days.astype("datetime64[D]")
        span = int(days.max() - days.min())
        unit: Any
        if span <= 62:
            unit, width = "D", 10
        elif span <= 366 * 5:
            unit, width = "M", 7
        else:
            unit, width = "Y", 4
        periods = dates.astype(f"datetime64[{unit}]")
        first, last = periods.min(), periods.max()
        buckets = []
        counts = np.bincount((periods - first).astype(np.int64))
        for offset in range(int((last - first).astype(np.int64)) + 1):
            start = first + np.timedelta64(offset, unit)
            end = (start + np.timedelta64(1, unit)).astype("datetime64[D]") - np.timedelta64(1, "D")
            buckets.append(
                TimelineBucket(
                    period=str(start)[:width],
                    start=str(start.astype("datetime64[D]")),
                    end=str(end),
                    count=int(counts[offset]) if offset < len(counts) else 0,
                )
            )
        return buckets
