"""Posting lists and field lengths read as arrays, kept for one reader generation.

Match sets (:mod:`.matchsets`) and numpy scoring (:mod:`.vectorscore`) read the same terms for
one query (its total, its all-words check, its ranking): each segment's posting list is decoded
once here, ids and weights together, for that query only (:class:`Postings`). Field lengths
are read once per reader generation (:class:`FieldLengths`, held by its arrays).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .internals import leaf_postings, length_bytes

#: (sorted document numbers, float64 values) within one segment
EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


class FieldLengths:
    """Each segment's field lengths as Whoosh scores them (the stored byte decoded), float64 by
    segment document number; read once per reader generation."""

    def __init__(self) -> None:
        self._table = length_table()
        self._lengths: dict[tuple[str, str], np.ndarray] = {}

    def of(self, segment: Any, fieldname: str) -> np.ndarray:
        key = (segment.segment().segment_id(), fieldname)
        found = self._lengths.get(key)
        if found is None:
            found = self._lengths[key] = self._table[length_bytes(segment, fieldname)]
        return found


class Postings:
    """The posting lists one query reads, each decoded once (ids and weights together), and
    the field lengths of its reader generation."""

    def __init__(self, lengths: FieldLengths) -> None:
        self.lengths = lengths
        self._lists: dict[tuple[str, str, bytes], tuple[np.ndarray, np.ndarray]] = {}
        self._frequencies: dict[tuple[str, str, bytes], int] = {}

    def frequency(self, segment: Any, fieldname: str, text: Any) -> int:
        """``segment.doc_frequency`` of one term (deleted documents included), as Whoosh's
        ``Term.estimate_size`` gives it: 0 for a field the schema lacks."""
        schema = segment.schema
        if fieldname not in schema:
            return 0
        try:
            btext = schema[fieldname].to_bytes(text)
        except ValueError:
            return 0
        key = (segment.segment().segment_id(), fieldname, btext)
        found = self._frequencies.get(key)
        if found is None:
            found = self._frequencies[key] = int(segment.doc_frequency(fieldname, btext))
        return found

    def of(self, segment: Any, fieldname: str, text: bytes) -> tuple[np.ndarray, np.ndarray]:
        """(live document numbers, weights) of one term in one segment reader."""
        key = (segment.segment().segment_id(), fieldname, text)
        found = self._lists.get(key)
        if found is None:
            if not self.frequency(segment, fieldname, text):
                return EMPTY
            ids, weights = leaf_postings(segment.postings(fieldname, text))
            assert weights is not None
            found = self._lists[key] = (ids, weights)
        return found


def length_table() -> np.ndarray:
    """Whoosh's ``byte_to_length`` as a 256-entry float64 table."""
    import numpy as np
    from whoosh.util.numeric import byte_to_length

    return np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
