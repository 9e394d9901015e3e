"""Near-duplicate stories (wire copies, resent stories): found at index time, for every backend.

An article's words (case-folded) are cut into overlapping :data:`SHINGLE`-word shingles; a
MinHash of them (:data:`NUM_PERM` permutations, datasketch's "affine32" scheme computed with
numpy) estimates the Jaccard similarity of two articles' shingle sets, and an LSH index over
the MinHashes of every indexed article (:class:`Bands`) finds, for a new one, the few it may be
a copy of. A new article whose best candidate
shares at least :data:`THRESHOLD` of its shingles, and is dated within :data:`DAYS` days of
it (when both are dated: a wire resends a story within hours; the same template a week later,
``FED ADDS RESERVES...``, is another story), is a *copy*: its ``copy_of`` field holds the id
of the group's representative (the first article of the group indexed, never a copy itself),
and ``primary`` says ``no``, so results, facets and timelines collapse copies with one filter
term any backend compiles. Articles of fewer than :data:`MIN_SHINGLES` shingles (a headline
alone, a one-line flash) are never copies.

Removing a representative promotes the oldest remaining copy of its group (the others then
point at it): those copies are written again in the same commit. The MinHashes of the indexed
articles are kept beside the index (:data:`SKETCH_FILE`, with each article's content digest);
the index is the truth: a missing, torn or stale sketch file is recomputed from the stored
text of the articles it lacks, and ``copy_of`` is always read from the index.
"""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from .backend.base import Doc, Writer
from .models import Record

SHINGLE = 3
NUM_PERM = 64
SEED = 1
#: Estimated Jaccard similarity of shingle sets from which an article is a copy.
THRESHOLD = 0.7
#: The LSH's bands and rows: 16 bands of 4 rows find a pair of similarity 0.7 with
#: probability 0.99 (0.5: 0.64, the rest checked against :data:`THRESHOLD`).
LSH_BANDS = (16, 4)
MIN_SHINGLES = 20
#: Most days between a copy and its original (when both are dated).
DAYS = 3
SKETCH_FILE = "copies.npz"

_WORD = re.compile(r"\w+")
_K1, _K2 = np.uint64(0x9E3779B1), np.uint64(0x85EBCA77)
_MASK = np.uint64(0xFFFFFFFF)


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The :data:`NUM_PERM` affine permutations ``a * h + b`` (mod 2**32, ``a`` odd) that
    datasketch's ``MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")`` draws, drawn the
    same way (a test compares them): importing datasketch imports scipy (for its LSH's choice
    of parameters, which :data:`LSH_BANDS` fixes), 3 s and 60 MiB of an indexing run."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


class Bands:
    """The LSH of the sketches (what datasketch's ``MinHashLSH(params=LSH_BANDS)`` finds, in a
    third of its memory): the sketch is cut into bands of rows; two articles are candidates when
    one of their bands is equal. Each band's table maps a band's bytes to the id holding it, or
    to a list of ids when several do (most bands are held by one article)."""

    def __init__(self) -> None:
        self.tables: list[dict[bytes, Any]] = [{} for _ in range(LSH_BANDS[0])]

    @staticmethod
    def keys(values: np.ndarray) -> list[bytes]:
        rows = LSH_BANDS[1]
        return [values[i * rows : (i + 1) * rows].tobytes() for i in range(LSH_BANDS[0])]

    def insert(self, doc_id: str, values: np.ndarray) -> None:
        for table, key in zip(self.tables, self.keys(values), strict=True):
            held = table.setdefault(key, doc_id)
            if held != doc_id:
                table[key] = [*held, doc_id] if isinstance(held, list) else [held, doc_id]

    def query(self, values: np.ndarray) -> set[str]:
        found: set[str] = set()
        for table, key in zip(self.tables, self.keys(values), strict=True):
            held = table.get(key, ())
            found.update((held,) if isinstance(held, str) else held)
        return found

    def remove(self, doc_id: str, values: np.ndarray) -> None:
        for table, key in zip(self.tables, self.keys(values), strict=True):
            held = table.get(key)
            if held == doc_id:
                del table[key]
            elif isinstance(held, list) and doc_id in held:
                held.remove(doc_id)
                if len(held) == 1:
                    table[key] = held[0]


#: word -> its 32-bit hash (most words recur: a lookup costs less than hashing again)
_WORD_HASHES: dict[str, int] = {}


def _word_hashes(words: list[str]) -> np.ndarray:
    known = _WORD_HASHES
    if len(known) > 2_000_000:
        known.clear()
    for word in words:
        if word not in known:
            known[word] = zlib.crc32(word.encode("utf-8", "surrogatepass"))
    return np.fromiter(map(known.__getitem__, words), dtype=np.uint64, count=len(words))


def shingles(title: str, body: str) -> np.ndarray:
    """32-bit hashes of the article's word shingles (repeats kept: MinHash ignores them)."""
    words = _WORD.findall(f"{title}\n{body}".casefold())
    if len(words) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    h = _word_hashes(words)
    return ((h[:-2] * _K1) ^ (h[1:-1] * _K2) ^ h[2:]) & _MASK


def sketch(title: str, body: str) -> np.ndarray | None:
    """The MinHash values of an article (None when it is too short to be anyone's copy).

    What datasketch's ``MinHash.update_batch`` computes in its "affine32" scheme (the same
    permutations; the MurmurHash3 finalizer, then ``a * h + b`` in 32 bits), on the whole
    array at once instead of a Python call per shingle: a fifth of the time."""
    hashes = shingles(title, body)
    if len(hashes) < MIN_SHINGLES:
        return None
    a, b = _permutations()
    h = hashes.astype(np.uint32)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return np.asarray((h[:, None] * a + b).min(axis=0), dtype=np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of two articles' shingle sets."""
    return float(np.mean(a == b))


def _day(when: datetime | None) -> int:
    return when.toordinal() if when is not None else -1


def _near(a: int, b: int) -> bool:
    return a < 0 or b < 0 or abs(a - b) <= DAYS


def _oldest(doc: Doc) -> tuple[bool, datetime, str]:
    return (doc.date is None, doc.date or datetime.min, doc.id)


def as_record(doc: Doc) -> Record:
    """The record a stored article was indexed from (to write it again)."""
    return Record(
        id=doc.id,
        title=doc.title,
        body=doc.body,
        origin=doc.path,
        date=doc.date,
        source=doc.source,
        url=doc.url,
        author=doc.author,
        section=doc.section,
    )


class Copies:
    """The copy groups of an index during one indexing run."""

    def __init__(self, state_dir: str) -> None:
        self._file = Path(state_dir) / SKETCH_FILE
        self._lsh: Bands | None = None  # built on first use: a run that adds nothing never needs it
        self.dirty = False  # the sketch file no longer matches
        self.sketches: dict[str, tuple[str, np.ndarray | None]] = {}  # id -> (digest, values)
        self.days: dict[str, int] = {}  # id -> day number of its date (-1: undated)
        self.copy_of: dict[str, str] = {}  # copy -> its representative
        self.members: dict[str, set[str]] = {}  # representative -> its copies

    # -- state ------------------------------------------------------------------------------
    @classmethod
    def open(cls, writer: Writer, existing: Mapping[str, tuple[str, str]]) -> Copies:
        """The groups of what ``writer``'s index holds (``existing``: id -> (path, digest))."""
        copies = cls(writer.state_dir)
        saved = copies.saved() if existing else {}
        stale = [i for i, (_path, dg) in existing.items() if i not in saved or saved[i][0] != dg]
        for doc in writer.stored(stale):
            saved[doc.id] = (existing[doc.id][1], sketch(doc.title, doc.body), _day(doc.date))
        for doc_id in existing:
            if doc_id in saved:
                copies.add(doc_id, *saved[doc_id])
        copies.dirty = bool(stale) or len(saved) != len(copies.sketches)
        for doc_id, rep in writer.copies().items():
            if doc_id in existing:
                copies.copy_of[doc_id] = rep
                copies.members.setdefault(rep, set()).add(doc_id)
        return copies

    def saved(self) -> dict[str, tuple[str, np.ndarray | None, int]]:
        try:
            with np.load(self._file, allow_pickle=False) as data:
                names = ("ids", "digests", "has", "values", "days")
                ids, digests, has, values, days = (data[k] for k in names)
            if not (len(ids) == len(digests) == len(has) == len(values) == len(days)):
                return {}
            if len(values) and values.shape[1] != NUM_PERM:
                return {}
        except (OSError, ValueError, KeyError, IndexError, EOFError, zlib.error):
            return {}  # missing or torn: recomputed from the index
        return {
            str(i): (str(d), v.copy() if h else None, int(day))
            for i, d, h, v, day in zip(ids, digests, has, values, days, strict=True)
        }

    @property
    def lsh(self) -> Bands:
        """The LSH index of every sketch."""
        if self._lsh is None:
            self._lsh = Bands()
            for doc_id, (_digest, values) in self.sketches.items():
                if values is not None:
                    self._lsh.insert(doc_id, values)
        return self._lsh

    def save(self) -> None:
        """Write the sketches beside the index (atomically: a torn file is never read)."""
        if not self.dirty:
            return
        self.dirty = False
        ids = list(self.sketches)
        empty = np.zeros(NUM_PERM, dtype=np.uint32)
        values = [self.sketches[i][1] for i in ids]
        tmp = self._file.with_name(f"{SKETCH_FILE}.{os.getpid()}.tmp")
        with open(tmp, "wb") as out:
            np.savez(
                out,
                ids=np.array(ids, dtype=str),
                digests=np.array([self.sketches[i][0] for i in ids], dtype=str),
                has=np.array([v is not None for v in values], dtype=bool),
                days=np.array([self.days.get(i, -1) for i in ids], dtype=np.int64),
                values=np.array([empty if v is None else v for v in values], dtype=np.uint32)
                if ids
                else np.zeros((0, NUM_PERM), dtype=np.uint32),
            )
        os.replace(tmp, self._file)

    def add(self, doc_id: str, digest: str, values: np.ndarray | None, day: int) -> None:
        self.sketches[doc_id] = (digest, values)
        self.days[doc_id] = day
        if values is not None and self._lsh is not None:
            self._lsh.insert(doc_id, values)

    # -- changes ----------------------------------------------------------------------------
    def remove(self, ids: Iterable[str], stored: Any) -> dict[str, tuple[Doc, str]]:
        """Forget the articles ``ids``; for each group that loses its representative, promote
        its oldest remaining copy. Returns id -> (article, new ``copy_of``) of the remaining
        articles that changed, to be written again; ``stored`` is ``Writer.stored``."""
        ids = set(ids)
        orphans: list[set[str]] = []
        for doc_id in ids:
            self.dirty = True
            self.days.pop(doc_id, None)
            had = self.sketches.pop(doc_id, ("", None))[1]
            if had is not None and self._lsh is not None:
                self._lsh.remove(doc_id, had)
            rep = self.copy_of.pop(doc_id, None)
            if rep is not None and rep in self.members:
                self.members[rep].discard(doc_id)
            group = self.members.pop(doc_id, set())
            if group:
                orphans.append(group)
        changed: dict[str, tuple[Doc, str]] = {}
        for group in orphans:
            docs = sorted(stored(sorted(group - ids)), key=_oldest)
            if not docs:
                continue
            new_rep = docs[0].id
            changed[new_rep] = (docs[0], "")
            self.copy_of.pop(new_rep, None)
            for doc in docs[1:]:
                changed[doc.id] = (doc, new_rep)
                self.copy_of[doc.id] = new_rep
            if len(docs) > 1:
                self.members[new_rep] = {d.id for d in docs[1:]}
        return changed

    def assign(self, records: Sequence[Record], digests: Sequence[str]) -> dict[str, str]:
        """Find what each new record is a copy of (in the index or earlier in ``records``);
        returns id -> representative for the copies among them."""
        found: dict[str, str] = {}
        for record, dg in zip(records, digests, strict=True):
            values, day = sketch(record.title, record.body), _day(record.date)
            if values is not None:
                best, score = "", THRESHOLD
                for cand in self.lsh.query(values):
                    if not _near(day, self.days[cand]):
                        continue
                    sim = similarity(values, self.sketches[cand][1])  # type: ignore[arg-type]
                    if sim >= score and (sim > score or not best or cand < best):
                        best, score = cand, sim
                if best:
                    rep = self.copy_of.get(best, best)
                    found[record.id] = self.copy_of[record.id] = rep
                    self.members.setdefault(rep, set()).add(record.id)
            self.add(record.id, dg, values, day)
            self.dirty = True
        return found

    def mark(
        self, chunk: list[Record], promoted: Mapping[str, str]
    ) -> tuple[list[Record], dict[str, str]]:
        """``chunk`` of a batch, with id -> ``copy_of`` of its copies: those :func:`forget`
        promoted keep theirs, the others are found (:meth:`assign`), chunk after chunk in the
        batch's order, as the workers write the chunks before (the same copies as at once)."""
        from .ingest.records import digest

        new = [r for r in chunk if r.id not in promoted]
        found = self.assign(new, [digest(r) for r in new])
        kept = {r.id: promoted[r.id] for r in chunk if promoted.get(r.id)}
        return chunk, kept | found


def forget(
    copies: Copies, writer: Writer, batch: dict[str, Record], deleted: list[str]
) -> dict[str, str]:
    """Before a batch is written: forget the ``deleted`` articles, add to ``batch`` (and to
    ``deleted``, their old version) the copies promoted by their removal. Returns id -> new
    ``copy_of`` of the promoted articles ("" for each group's new representative)."""
    copy_of: dict[str, str] = {}
    for doc_id, (doc, rep) in copies.remove(deleted, writer.stored).items():
        batch[doc_id] = as_record(doc)
        deleted.append(doc_id)
        copy_of[doc_id] = rep
    return copy_of
