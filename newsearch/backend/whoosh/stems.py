"""The stems an index has seen, kept beside it so a query need not load NLTK's stemmer.

``stems.sqlite`` in the index folder maps every word the indexer stemmed to NLTK's stem of it.
It is only a cache of a pure function: a missing, stale or damaged file costs the query process
an import of NLTK (about 0.7 s), never a wrong term (:func:`newsearch.analysis.stem` falls back
to NLTK for any word it does not find).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

STEMS = "stems.sqlite"


def save(index_dir: Path, pairs: Mapping[str, str]) -> None:
    """Add word -> stem pairs (best effort: the index is correct without them)."""
    if not pairs:
        return
    with contextlib.suppress(sqlite3.Error, OSError):
        db = sqlite3.connect(index_dir / STEMS, timeout=5)
        try:
            with db:
                db.execute(
                    "CREATE TABLE IF NOT EXISTS stems (word TEXT PRIMARY KEY, stem TEXT NOT NULL)"
                    " WITHOUT ROWID"
                )
                # did-you-mean asks which words a stem stands for (words_of): without this
                # index each ask reads the whole table (1.5 ms at 100,000 articles)
                db.execute("CREATE INDEX IF NOT EXISTS stems_by_stem ON stems (stem)")
                db.executemany("INSERT OR IGNORE INTO stems VALUES (?, ?)", pairs.items())
        finally:
            db.close()


class KnownStems:
    """Look-ups in an index's stems file (read-only); None for an unknown word or any error."""

    def __init__(self, index_dir: Path) -> None:
        self._db: sqlite3.Connection | None = None
        path = index_dir / STEMS
        if path.is_file():
            with contextlib.suppress(sqlite3.Error):
                uri = f"{path.resolve().as_uri()}?mode=ro"
                self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)

    def __call__(self, word: str) -> str | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT stem FROM stems WHERE word = ?", (word,)).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else str(row[0])

    def many(self, words: Iterable[str]) -> dict[str, str]:
        """The kept stems of those of ``words`` the index has seen (empty on any error)."""
        if self._db is None:
            return {}
        found: dict[str, str] = {}
        batch = list(words)
        try:
            for i in range(0, len(batch), 500):
                chunk = batch[i : i + 500]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT word, stem FROM stems WHERE word IN ({marks})"  # noqa: S608
                found.update(self._db.execute(query, chunk).fetchall())
        except sqlite3.Error:
            return {}
        return found

    def words_of(self, stem: str, limit: int = 20) -> list[str]:
        """Words seen in the index whose stem is ``stem`` (none on any error)."""
        if self._db is None:
            return []
        try:
            rows = self._db.execute(
                "SELECT word FROM stems WHERE stem = ? LIMIT ?", (stem, limit)
            ).fetchall()
        except sqlite3.Error:
            return []
        return [str(row[0]) for row in rows]

    def stems_from(self, prefix: str) -> list[str] | None:
        """Every stem seen that starts with ``prefix`` (None without a readable file)."""
        if self._db is None:
            return None
        try:
            if prefix:
                end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
                rows = self._db.execute(
                    "SELECT DISTINCT stem FROM stems WHERE stem >= ? AND stem < ?", (prefix, end)
                ).fetchall()
            else:
                rows = self._db.execute("SELECT DISTINCT stem FROM stems").fetchall()
        except sqlite3.Error:
            return None
        return [str(row[0]) for row in rows]

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
