"""The Whoosh side of searching: a :class:`Plan` run on the last committed state.

Each call sees the last committed state of the index (the searcher is refreshed, cheaply, when
an indexer has committed since), so searching goes on while an indexer runs. What a plan
matches and how its matches rank is :mod:`.ranking`; facets, timelines and date sorts work on
those sets of document numbers with per-state arrays (:mod:`.arrays`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from ...analysis import edit_distance, use_known_stems
from ...errors import IndexNotFoundError
from ...fields import LENGTH_NORMS, TEXT_FIELDS
from ..base import Doc, Page, Plan, Scored
from .arrays import IndexArrays
from .explain import explain_hit
from .internals import stored_documents
from .manifest import INDEX_NAME, disk_size, read_manifest
from .ranking import matches, rank
from .stems import KnownStems


def weighting() -> Any:
    """BM25F with each field's length normalisation (:data:`newsearch.fields.LENGTH_NORMS`)."""
    from whoosh import scoring

    return scoring.BM25F(**{f"{name}_B": b for name, b in LENGTH_NORMS.items()})


def stored_doc(fields: dict[str, Any]) -> Doc:
    """The :class:`Doc` of a document's stored fields."""
    return Doc(
        id=fields["id"],
        path=fields.get("path") or "",
        title=fields.get("title") or "",
        body=fields.get("body") or "",
        date=fields.get("date"),
        source=fields.get("source") or "",
        url=fields.get("url") or "",
        author=fields.get("author") or "",
        people=tuple(fields.get("people") or ()),
        countries=tuple(fields.get("countries") or ()),
        organizations=tuple(fields.get("organizations") or ()),
        section=fields.get("section") or "",
        copy_of=fields.get("copy_of") or "",
        mentions=tuple(fields.get("mentions") or ()),
    )


class WhooshReader:
    """A Whoosh index opened for reading."""

    def __init__(self, location: str) -> None:
        from whoosh import index

        from . import patches

        patches.apply()
        self.location = location
        self._path = Path(location)
        read_manifest(self._path)  # no index, or one of another schema version: say so
        try:
            self._ix = index.open_dir(location, indexname=INDEX_NAME)
        except (OSError, index.EmptyIndexError) as exc:
            raise IndexNotFoundError(f"cannot open the index in {location}: {exc}") from None
        self._stems = KnownStems(self._path)
        use_known_stems(self._stems)  # query words stem without loading NLTK
        self._lock = threading.Lock()
        self._searcher: Any = self._ix.searcher(weighting=weighting())
        self._arrays = IndexArrays(self._searcher.reader(), self._path)

    def _current(self) -> tuple[Any, IndexArrays]:
        """The searcher of the last committed state, and the arrays and caches built for it
        (one pair: a call never mixes one state's searcher with another's caches)."""
        from whoosh.index import EmptyIndexError

        with self._lock:
            try:
                fresh = self._searcher.refresh()
            except (OSError, EmptyIndexError) as exc:  # the folder deleted under a server
                why = exc.strerror if isinstance(exc, OSError) else "its files are gone"
                raise IndexNotFoundError(
                    f"the index in {self.location} cannot be read ({why}): "
                    "build it again with `newsearch index`"
                ) from None
            if fresh is not self._searcher:
                # not closed: Whoosh's refresh reuses its unchanged segment readers
                self._searcher = fresh
                self._arrays = IndexArrays(fresh.reader(), self._path)
            return self._searcher, self._arrays

    def close(self) -> None:
        self._searcher.close()
        self._stems.close()

    def count(self) -> int:
        return int(self._current()[0].doc_count())

    # -- search -----------------------------------------------------------------------------
    def search(self, plan: Plan) -> Page:
        searcher, arrays = self._current()
        m = matches(searcher, arrays, plan)
        docnums, every, counted = m.docnums, m.every, m.counted
        partial = every is not None and not len(every)
        total, others = len(counted), len(docnums) - len(counted)
        first, n = plan.offset, plan.limit
        if not total or not n:  # no page wanted (n == 0): counts and facets only
            ranked: list[tuple[int, float]] = []
        elif plan.sort == "relevance":
            ranked = rank(searcher, plan, m, first + n)
            ranked = ranked[first : first + n]
        else:
            ordered = arrays.sort_by_date(counted, newest=plan.sort == "newest")
            ranked = [(int(d), 0.0) for d in ordered[first : first + n]]
        facets, groups = {}, {}
        if plan.facets or plan.facet_groups:
            mask = arrays.mask(counted)
            facets = {f: arrays.keywords(f).counts(mask, plan.facet_size) for f in plan.facets}
            groups = arrays.group_counts(mask, plan.facet_groups) if plan.facet_groups else {}
        timeline = arrays.timeline(counted) if plan.timeline else []
        hits = tuple(
            Scored(
                stored_doc(searcher.stored_fields(d)),
                score,
                explain_hit(searcher, d, plan, every) if plan.explain else (),
            )
            for d, score in ranked
        )
        return Page(
            hits=hits,
            total=total,
            partial=partial,
            others=others,
            facets=facets,
            timeline=timeline,
            group_counts=groups,
        )

    def scan(self, plan: Plan, batch: int = 1000) -> Iterator[Doc]:
        """Every counted match in date order (newest first for a ``newest`` plan, else oldest
        first), undated last, ties by id; stored fields are read ``batch`` documents at a time
        (in docnum order, which is the order on disk), so memory stays flat however many match.
        The whole scan reads the state that was current when it started."""
        searcher, arrays = self._current()
        counted = matches(searcher, arrays, plan).counted
        ordered = arrays.sort_by_date(counted, newest=plan.sort == "newest")
        # Each segment's stored documents read straight, in docnum order (the per-document
        # overhead of Whoosh's multi-segment reader and schema check is most of a row's cost).
        leaves = [(stored_documents(leaf), base) for leaf, base in searcher.reader().leaf_readers()]
        bases = np.array([base for _, base in leaves], dtype=np.int64)
        for start in range(0, len(ordered), max(1, batch)):
            chunk = ordered[start : start + max(1, batch)]
            docs = np.sort(chunk)
            where = np.searchsorted(bases, docs, side="right") - 1
            stored = {
                int(d): leaves[s][0].stored_fields(int(d - bases[s]))
                for d, s in zip(docs, where, strict=True)
            }
            for docnum in chunk:
                yield stored_doc(stored[int(docnum)])

    def ranked_ids(self, plan: Plan) -> list[tuple[str, float]]:
        searcher, arrays = self._current()
        m = matches(searcher, arrays, plan)
        if not len(m.docnums):
            return []
        ids = arrays.id_column
        ranked = rank(searcher, plan, m, plan.limit)
        return [(ids[docnum], score) for docnum, score in ranked]

    # -- articles ---------------------------------------------------------------------------
    def get(self, article_id: str) -> Doc | None:
        searcher, _ = self._current()
        docnum = searcher.document_number(id=article_id)
        return None if docnum is None else stored_doc(searcher.stored_fields(docnum))

    def similar(self, article_id: str, limit: int) -> list[Scored]:
        searcher, _ = self._current()
        docnum = searcher.document_number(id=article_id)
        if docnum is None:
            return []
        fields = searcher.stored_fields(docnum)
        text = f"{fields.get('title') or ''}\n{fields.get('body') or ''}"
        results = searcher.more_like(docnum, "body", text=text, top=limit)
        return [
            Scored(stored_doc(searcher.stored_fields(h.docnum)), float(h.score)) for h in results
        ]

    # -- vocabulary -------------------------------------------------------------------------
    def exact_value(self, field_name: str, value: str) -> str | None:
        return self._current()[1].names(field_name).get(value.casefold())

    def doc_frequency(self, field_name: str, term: str) -> int:
        reader = self._current()[0].reader()
        if field_name not in reader.schema:
            return 0
        return int(reader.doc_frequency(field_name, term))

    def doc_frequencies(self, field_name: str, terms: Sequence[str]) -> dict[str, int]:
        return {term: self.doc_frequency(field_name, term) for term in terms}

    def terms_within(
        self, field_name: str, term: str, maxdist: int, prefix: int
    ) -> list[tuple[str, int]]:
        reader = self._current()[0].reader()
        if field_name not in reader.schema:
            return []
        # A stemmed field's terms are the stems the index has seen: their file answers a
        # prefix with one range of its index, where Whoosh walks every term of the prefix
        # through each segment (a second a suggestion at 100,000 articles).
        stems = self._stems.stems_from(term[:prefix]) if field_name in TEXT_FIELDS else None
        if stems is not None:
            near = [s for s in stems if edit_distance(s, term, maxdist) <= maxdist]
        else:
            raws = reader.terms_within(field_name, term, maxdist, prefix=prefix)
            near = [raw.decode("utf-8") if isinstance(raw, bytes) else str(raw) for raw in raws]
        out = [(text, int(reader.doc_frequency(field_name, text))) for text in near]
        return [(text, frequency) for text, frequency in out if frequency]

    def generation(self) -> object:
        # the table of contents' number and time: a rebuild in a folder emptied by hand can
        # number its states as an earlier index did, never at the same nanosecond
        number = self._ix.latest_generation()
        try:
            stamp = (self._path / f"_{INDEX_NAME}_{number}.toc").stat().st_mtime_ns
        except OSError:
            stamp = 0
        return (number, stamp)

    def read_side(self, name: str) -> str | None:
        try:
            return (self._path / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except UnicodeDecodeError as exc:
            raise OSError(f"{self._path / name} is not UTF-8 text: {exc}") from None

    def write_side(self, name: str, text: str) -> None:
        path = self._path / name
        # one temporary file per thread: a server's threads may write the same side file
        temporary = path.with_name(f".{name}.{os.getpid()}.{threading.get_ident()}")
        try:
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)

    def surface_forms(self, term: str) -> list[str]:
        return self._stems.words_of(term)

    def stats(self) -> dict[str, Any]:
        manifest = read_manifest(self._path)
        updated = manifest.updated
        return {
            "size_bytes": disk_size(self._path),
            "updated": datetime.fromtimestamp(updated).isoformat(timespec="seconds")
            if updated
            else None,
            "schema_version": manifest.schema_version,
            "files": len(manifest.files),
        }
