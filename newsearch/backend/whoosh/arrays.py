"""Facets and timeline: counts over *all* matches, from arrays cached per index generation.

Whoosh's own facets walk every matching document's values through Python objects (140-315 ms
on Reuters). Here each reader generation gets, once, numpy arrays of (document, value) pairs
for the facet fields and of each document's date; a query's counts are then one ``bincount``
over the pairs whose document matched. The arrays of each segment come memory-mapped from its
facet file (:mod:`.facetfile`), or are built from the index when that file is missing or not
right; the segments' arrays are joined on first use.
"""

from __future__ import annotations

import mmap
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from ...fields import BY_NAME, COUNTED_FIELDS
from ...models import FacetCount, TimelineBucket
from . import facetfile
from .postings import FieldLengths

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
        present = np.flatnonzero(counts).tolist()
        n, values = counts.tolist(), self.values  # Python ints: a sort key without numpy
        order = sorted(present, key=lambda i: (-n[i], values[i]))
        return [FacetCount(values[i], n[i]) for i in order[:top]]

    @cached_property
    def index(self) -> dict[str, int]:
        """Value -> its index in ``values``."""
        return {value: i for i, value in enumerate(self.values)}


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


def _as_written(reader: Any, fieldname: str, arrays: KeywordArrays) -> KeywordArrays:
    """The values of a field matched case-insensitively (``source``), each shown as the first
    of its articles writes it."""
    if not len(arrays.docs):
        return arrays
    present, first = np.unique(arrays.terms, return_index=True)
    values = list(arrays.values)
    for i, at in zip(present.tolist(), first.tolist(), strict=True):
        stored = reader.stored_fields(int(arrays.docs[at])).get(fieldname) or ""
        if stored.lower() == values[i]:
            values[i] = stored
    return KeywordArrays(values, arrays.docs, arrays.terms)


def day_array(ticks: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of every document's date (:data:`MISSING` when undated)."""
    days = (ticks // np.uint64(_TICKS_PER_DAY)).astype(np.int64) + 1 - _EPOCH_ORDINAL
    days[ticks == NO_TICKS] = MISSING
    return days


@dataclass(frozen=True)
class SegmentFacets:
    """One segment's arrays (segment-local document numbers)."""

    ticks: np.ndarray
    values: dict[str, list[str]]
    pairs: dict[str, tuple[np.ndarray, np.ndarray]]  # field -> (docs, value indexes)
    mapped: bool  # read from the segment's facet file (False: built from the index)


def _mapped(path: Path) -> Any:
    try:
        with open(path, "rb") as fh:
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, unreadable or empty
        return None


def segment_facets(leaf: Any, folder: Path | None) -> SegmentFacets:
    """A segment's arrays from its facet file when that file is whole and its own, else
    built from the segment (the same bytes the indexer would have written)."""
    segid, n = leaf.segment().segment_id(), leaf.doc_count_all()
    data: Any = None if folder is None else _mapped(facetfile.path_of(folder, segid))
    head = None if data is None else facetfile.header(data, segid, n, COUNTED_FIELDS)
    mapped = head is not None
    if head is None:
        data = facetfile.encode(leaf, COUNTED_FIELDS)
        head = facetfile.header(data, segid, n, COUNTED_FIELDS)
    offset = head["start"]
    arrays = []
    for i, size in enumerate(head["sizes"]):
        dtype = np.dtype("<u8" if i == 0 else "<i4")
        arrays.append(np.frombuffer(data, dtype, size // dtype.itemsize, offset))
        offset += size + (-size % 8)
    pairs = {f: (arrays[1 + 2 * i], arrays[2 + 2 * i]) for i, f in enumerate(COUNTED_FIELDS)}
    return SegmentFacets(arrays[0], head["values"], pairs, mapped)


class IndexArrays:
    """Everything facets, timelines, date filters and date sorting need, for one reader
    generation; each array is built on first use. ``folder`` holds the segments' facet files
    (None: build every array from the index)."""

    def __init__(self, reader: Any, folder: Path | None = None) -> None:
        self._reader = reader
        self._folder = folder
        #: term -> its documents, filled by :mod:`.matchsets` for this reader
        self.terms: dict[Any, np.ndarray] = {}
        #: each segment's field lengths, for scoring (:mod:`.vectorscore`)
        self.lengths = FieldLengths()
        self._names: dict[str, dict[str, str]] = {}
        self._keywords: dict[str, KeywordArrays] = {}
        self._groups: tuple[Any, dict[str, np.ndarray]] | None = None

    def names(self, fieldname: str) -> dict[str, str]:
        """Every value of a name field, by its case-folded form."""
        if fieldname not in self._names:
            values = (t.decode("utf-8") for t in self._reader.lexicon(fieldname))
            self._names[fieldname] = {value.casefold(): value for value in values}
        return self._names[fieldname]

    @cached_property
    def segments(self) -> list[tuple[SegmentFacets, int]]:
        """Each segment's arrays and the number of its first document."""
        return [
            (segment_facets(leaf, self._folder), base)
            for leaf, base in self._reader.leaf_readers()
            if leaf.segment() is not None  # an index with no segment yet: an EmptyReader
        ]

    def keywords(self, fieldname: str) -> KeywordArrays:
        """The (document, value) pairs of a keyword field, for its facet counts."""
        if fieldname not in self._keywords:
            if fieldname in COUNTED_FIELDS:
                joined = self._joined(fieldname)
                if BY_NAME[fieldname].lowercase:  # facet files keep the folded terms
                    joined = _as_written(self._reader, fieldname, joined)
                self._keywords[fieldname] = joined
            else:
                self._keywords[fieldname] = keyword_arrays(self._reader, fieldname)
        return self._keywords[fieldname]

    def _joined(self, fieldname: str) -> KeywordArrays:
        """The segments' pairs of a facet field, on one vocabulary, live documents only."""
        segments = self.segments
        if len(segments) == 1 and not self._reader.has_deletions():
            seg = segments[0][0]
            return KeywordArrays(seg.values[fieldname], *seg.pairs[fieldname])
        vocab = sorted(set().union(*(seg.values[fieldname] for seg, _ in segments)))
        index = {value: i for i, value in enumerate(vocab)}
        docs, terms = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        for seg, base in segments:
            seg_docs, seg_terms = seg.pairs[fieldname]
            values = seg.values[fieldname]
            remap = np.fromiter((index[v] for v in values), dtype=np.int64, count=len(values))
            docs.append(seg_docs.astype(np.int64) + base)
            terms.append(remap[seg_terms])
        all_docs, all_terms = np.concatenate(docs), np.concatenate(terms)
        if self._reader.has_deletions():
            keep = self.live[all_docs]
            all_docs, all_terms = all_docs[keep], all_terms[keep]
        return KeywordArrays(vocab, all_docs, all_terms)

    @cached_property
    def ticks(self) -> np.ndarray:
        segments = self.segments
        if len(segments) == 1:
            return segments[0][0].ticks
        if not segments:
            return np.zeros(0, dtype=np.uint64)
        return np.concatenate([seg.ticks for seg, _ in segments])

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

    def group_counts(
        self, mask: np.ndarray, groups: tuple[tuple[tuple[str, str], ...], ...]
    ) -> dict[int, int]:
        """Group index -> documents where ``mask`` holds with any (field, value) of the group
        (each document once, however many of the group's values it has)."""
        n = len(mask)
        found: list[np.ndarray] = []
        for fieldname, gid in self._group_ids(groups).items():
            arrays = self.keywords(fieldname)
            hit = mask[arrays.docs]
            ids = gid[arrays.terms[hit]]
            keep = ids >= 0
            found.append(ids[keep] * n + arrays.docs[hit][keep].astype(np.int64))
        if not found:
            return {}
        counts = np.bincount(np.unique(np.concatenate(found)) // max(n, 1))
        return {int(i): int(counts[i]) for i in np.flatnonzero(counts)}

    def _group_ids(self, groups: tuple[tuple[tuple[str, str], ...], ...]) -> dict[str, np.ndarray]:
        """Field -> the group index of each of its values (-1: none), for ``groups``; kept
        for the last groups asked (a name map hands out the same tuple until it changes)."""
        if self._groups is not None and self._groups[0] is groups:
            return self._groups[1]
        by_field: dict[str, list[tuple[int, str]]] = {}
        for i, group in enumerate(groups):
            for fieldname, value in group:
                by_field.setdefault(fieldname, []).append((i, value))
        ids: dict[str, np.ndarray] = {}
        for fieldname, members in by_field.items():
            if fieldname not in COUNTED_FIELDS or not len(self.keywords(fieldname).docs):
                continue
            arrays = self.keywords(fieldname)
            gid = np.full(len(arrays.values), -1, dtype=np.int64)
            for i, value in members:
                at = arrays.index.get(value)
                if at is not None:
                    gid[at] = i
            ids[fieldname] = gid
        self._groups = (groups, ids)
        return ids

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

    @cached_property
    def id_column(self) -> Any:
        """The article id of each document number (Whoosh's column reader, opened once)."""
        return self._reader.column_reader("id")

    def _ranks_among(self, docnums: np.ndarray) -> np.ndarray:
        """The documents' places in the order of their ids: from :attr:`id_ranks` when built
        or when ``docnums`` are many, else from the ids of these documents alone (the same
        order; a page of copies or hits need not read every id of the index)."""
        n = self._reader.doc_count_all()
        if "id_ranks" in self.__dict__ or 8 * len(docnums) > n or not self._reader.has_column("id"):
            return self.id_ranks[docnums]
        col = self.id_column
        ids = [col[int(d)] for d in docnums]
        ranks = np.zeros(len(ids), dtype=np.int64)
        ranks[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids), dtype=np.int64)
        return ranks

    def sort_by_date(self, docnums: np.ndarray, newest: bool) -> np.ndarray:
        """Docnums by date and time (newest or oldest first), undated last, ties by id."""
        ticks = self.ticks[docnums]
        undated = ticks == NO_TICKS
        key = ~ticks if newest else ticks  # ~ reverses the order of unsigned values
        return docnums[np.lexsort((self._ranks_among(docnums), key, undated))]

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
