"""Ingest: from the paths a user gives to article Records.

* :mod:`.readers` discovers files (:func:`discover`) and reads each into Records or Problems
  (:func:`read_source`), whatever its format;
* :mod:`.formats` knows the formats: text cleanup, decoding, dates, JSON field aliases, HTML;
* :mod:`.records` holds the bookkeeping of incremental indexing: digests, signatures, scopes.
"""

from __future__ import annotations

from .readers import SUPPORTED_SUFFIXES, SourceFile, discover, parse_date, read_source
from .records import digest, signature, under

__all__ = [
    "SUPPORTED_SUFFIXES",
    "SourceFile",
    "digest",
    "discover",
    "parse_date",
    "read_source",
    "signature",
    "under",
]
