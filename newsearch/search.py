"""Searching: the read side of an index — queries, filters, sorting, facets, snippets.

:class:`NewsIndex` is what ``open_index`` returns. Each call sees the last committed state of
the index (the searcher is refreshed, cheaply, when an indexer has committed since), so
searching goes on while an indexer runs. Whoosh objects stay inside this module.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ArticleNotFoundError, IndexNotFoundError, UsageError
from .facets import IndexArrays
from .models import SORTS, Article, Hit, SearchResults, iso_date
from .store import INDEX_NAME, disk_size, read_manifest

MAX_LIMIT = 1000
MAX_PAGE = 10_000
FACET_TOP = 20


def open_index(index_dir: str | Path = "index") -> NewsIndex:
    """Open an existing index for searching."""
    return NewsIndex(index_dir)


def parse_day(value: str | date | datetime | None, name: str) -> date | None:
    """A ``YYYY-MM-DD`` option value as a date (UsageError naming the option when bad)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UsageError(f"bad {name} date {value!r}: expected YYYY-MM-DD") from None


class NewsIndex:
    """A newsearch index opened for reading."""

    def __init__(self, index_dir: str | Path = "index") -> None:
        from whoosh import index

        from . import whooshfix

        whooshfix.apply()
        self.index_dir = Path(index_dir)
        read_manifest(self.index_dir)  # no index, or one of another schema version: say so
        try:
            self._ix = index.open_dir(str(self.index_dir), indexname=INDEX_NAME)
        except (OSError, index.EmptyIndexError) as exc:
            raise IndexNotFoundError(f"cannot open the index in {self.index_dir}: {exc}") from None
        self._lock = threading.Lock()
        self._searcher: Any = self._ix.searcher()
        self._arrays = IndexArrays(self._searcher.reader())

    # -- plumbing ---------------------------------------------------------------------------
    def _current(self) -> tuple[Any, IndexArrays]:
        """The searcher of the last committed state, and the arrays and caches built for it
        (one pair: a call never mixes one state's searcher with another's caches)."""
        with self._lock:
            fresh = self._searcher.refresh()
            if fresh is not self._searcher:
                # not closed: Whoosh's refresh reuses its unchanged segment readers
                self._searcher = fresh
                self._arrays = IndexArrays(fresh.reader())
            return self._searcher, self._arrays

    def close(self) -> None:
        self._searcher.close()

    def __enter__(self) -> NewsIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return int(self._current()[0].doc_count())

    # -- search -----------------------------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        page: int = 1,
        people: Sequence[str] = (),
        countries: Sequence[str] = (),
        sources: Sequence[str] = (),
        since: str | date | None = None,
        until: str | date | None = None,
        sort: str = "relevance",
        facets: bool = False,
        timeline: bool = False,
        strict: bool = True,
    ) -> SearchResults:
        """Search; ``total`` counts all matches, the hits are page ``page`` of ``limit``."""
        from .query import parse_query

        if sort not in SORTS:
            raise UsageError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
        if limit < 1 or page < 1:
            raise UsageError("limit and page must be at least 1")
        limit, page = min(limit, MAX_LIMIT), min(page, MAX_PAGE)
        searcher, arrays = self._current()
        filt = self._filter(arrays, people, countries, sources, since, until)
        if not query.strip() and filt is not None:
            # No words, only filters: browse every article they allow, newest first.
            parsed = _browse()
            sort = "newest" if sort == "relevance" else sort
        else:
            parsed = parse_query(query, strict=strict)
        return self._run(searcher, arrays, parsed, filt, limit, page, sort, facets, timeline)

    def ranked_ids(self, query: str, *, limit: int = 1000) -> list[tuple[str, float]]:
        """(id, score) of the top ``limit`` matches, no snippets: for evaluation runs."""
        from .docsets import docset
        from .query import parse_query

        parsed = parse_query(query, strict=False)
        searcher, arrays = self._current()
        docnums = docset(searcher, parsed.query, arrays.terms, arrays)
        if not len(docnums):
            return []
        every = None
        if parsed.all_words is not None:
            every = docset(searcher, parsed.all_words, arrays.terms, arrays)
        ids = searcher.reader().column_reader("id")
        ranked = self._ranked(searcher, parsed, limit, None, docnums, every)
        return [(ids[docnum], score) for docnum, score in ranked]

    def _run(
        self,
        searcher: Any,
        arrays: IndexArrays,
        parsed: Any,
        filt: Any,
        limit: int,
        page: int,
        sort: str,
        want_facets: bool,
        want_timeline: bool,
    ) -> SearchResults:
        from .docsets import docset

        first = (page - 1) * limit
        # The filters become a set of allowed documents, given to Whoosh as such: cheaper than
        # matching them as query clauses (a date range is thousands of terms to Whoosh).
        allowed = None if filt is None else docset(searcher, filt, arrays.terms, arrays)

        def matching(query: Any) -> Any:
            found = docset(searcher, query, arrays.terms, arrays)
            return found if allowed is None else np.intersect1d(found, allowed, True)

        docnums = matching(parsed.query)
        total = len(docnums)
        every = matching(parsed.all_words) if parsed.all_words is not None and total else None
        partial = every is not None and not len(every)
        if not total:
            ranked: list[tuple[int, float]] = []
        elif sort == "relevance":
            ranked = self._ranked(searcher, parsed, first + limit, allowed, docnums, every)
            ranked = ranked[first : first + limit]
        else:
            ordered = arrays.sort_by_date(docnums, newest=sort == "newest")
            ranked = [(int(d), 0.0) for d in ordered[first : first + limit]]
        facet_counts: dict[str, Any] = {}
        buckets: list[Any] = []
        if want_facets:
            mask = arrays.mask(docnums)
            facet_counts = {
                "people": arrays.people.counts(mask, FACET_TOP),
                "countries": arrays.countries.counts(mask, FACET_TOP),
            }
        if want_timeline:
            buckets = arrays.timeline(docnums)
        hits = [_hit(searcher.stored_fields(docnum), score, parsed) for docnum, score in ranked]
        return SearchResults(
            query=parsed.text,
            hits=hits,
            total=total,
            page=page,
            limit=limit,
            partial=partial,
            suggestion=self._suggest(searcher, parsed) if total == 0 or partial else None,
            facets=facet_counts,
            timeline=buckets,
            ignored=list(parsed.ignored),
        )

    @staticmethod
    def _ranked(
        searcher: Any,
        parsed: Any,
        n: int,
        allowed: np.ndarray | None,
        docnums: np.ndarray,
        every: np.ndarray | None,
    ) -> list[tuple[int, float]]:
        """The ``n`` best (docnum, score) by relevance.

        A bag of words ranks the articles with every word first: they are the top of the AND
        query, then the OR query fills the page with the others (masked out of it). Scores are
        those of ``Or([And(words)^K, Or(words)])``, which ranks the same, but two small
        searches cost less than that one: its AND part is scored for every OR match.
        """
        from .query import ALL_WORDS_BOOST

        allow = None if allowed is None else set(allowed.tolist())
        if parsed.any_words is None or every is None:
            # Date ranges ANDed at the top of the query only filter (they score a constant):
            # give Whoosh the matching set instead of the range.
            scored = _without_date_ranges(parsed.query)
            if scored is not parsed.query:
                allow = set(docnums.tolist())
            hits = searcher.search(scored, limit=n, filter=allow)
            return [(hit.docnum, float(hit.score)) for hit in hits]
        out: list[tuple[int, float]] = []
        if len(every):
            top = searcher.search(parsed.all_words, limit=n, filter=allow)
            out = [(hit.docnum, float(hit.score) * (ALL_WORDS_BOOST + 1)) for hit in top]
        if len(out) < n:
            mask = set(every.tolist()) if len(every) else None
            rest = searcher.search(parsed.any_words, limit=n - len(out), filter=allow, mask=mask)
            out += [(hit.docnum, float(hit.score)) for hit in rest]
        return out

    # -- filters ----------------------------------------------------------------------------
    def _filter(
        self,
        arrays: IndexArrays,
        people: Sequence[str],
        countries: Sequence[str],
        sources: Sequence[str],
        since: str | date | None,
        until: str | date | None,
    ) -> Any:
        from whoosh import query as q

        from .qlexer import date_bounds
        from .qparser import canonical_country

        clauses: list[Any] = []
        for person in _values(people):
            clauses.append(_person_clause(arrays, person))
        for country in _values(countries):
            clauses.append(q.Term("countries", canonical_country(country)))
        for source in _values(sources):
            clauses.append(q.Term("source", source.lower()))
        start, end = parse_day(since, "--since"), parse_day(until, "--until")
        if start and end and start > end:
            raise UsageError(f"--since {start} is after --until {end}")
        if start or end:
            first = date_bounds(start.isoformat())[0] if start else None
            last = date_bounds(end.isoformat())[1] if end else None
            clauses.append(q.DateRange("date", first, last))
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else q.And(clauses)

    def _suggest(self, searcher: Any, parsed: Any) -> str | None:
        from .suggest import suggest_query

        return suggest_query(searcher, parsed)

    # -- articles ---------------------------------------------------------------------------
    def get(self, article_id: str) -> Article:
        """The whole article with this id (ArticleNotFoundError when there is none)."""
        searcher, _ = self._current()
        docnum = searcher.document_number(id=article_id)
        if docnum is None:
            raise ArticleNotFoundError(f"no article with id {article_id!r} in {self.index_dir}")
        fields = searcher.stored_fields(docnum)
        return Article(
            id=fields["id"],
            title=fields.get("title") or "",
            body=fields.get("body") or "",
            path=fields.get("path") or "",
            date=iso_date(fields.get("date")),
            source=fields.get("source") or "",
            url=fields.get("url") or "",
            author=fields.get("author") or "",
            people=list(fields.get("people") or []),
            countries=list(fields.get("countries") or []),
        )

    def similar(self, article_id: str, *, limit: int = 10) -> SearchResults:
        """Stories most like this one (by the key terms of its title and body); copies of it or
        of each other (the same title and body: wires resend stories) are shown once."""
        from .errors import QueryError
        from .query import parse_query

        searcher, _ = self._current()
        docnum = searcher.document_number(id=article_id)
        if docnum is None:
            raise ArticleNotFoundError(f"no article with id {article_id!r} in {self.index_dir}")
        fields = searcher.stored_fields(docnum)
        text = f"{fields.get('title') or ''}\n{fields.get('body') or ''}"
        limit = min(limit, MAX_LIMIT)
        results = searcher.more_like(docnum, "body", text=text, top=limit + 10)
        seen = {_copy_key(fields)}
        picked: list[tuple[Any, dict[str, Any]]] = []
        for hit in results:
            stored = searcher.stored_fields(hit.docnum)
            key = _copy_key(stored)
            if key not in seen:
                seen.add(key)
                picked.append((hit, stored))
                if len(picked) == limit:
                    break
        try:
            parsed = parse_query(fields.get("title") or "", strict=False)
        except QueryError:  # a title of stopwords only: nothing to mark
            parsed = _browse()
        hits = [_hit(stored, float(hit.score), parsed) for hit, stored in picked]
        return SearchResults(
            query=f"similar:{article_id}", hits=hits, total=len(hits), page=1, limit=limit
        )

    def info(self) -> dict[str, Any]:
        """Articles, size on disk, last update and schema version."""
        manifest = read_manifest(self.index_dir)
        return {
            "index": str(self.index_dir),
            "articles": len(self),
            "size_bytes": disk_size(self.index_dir),
            "updated": datetime.fromtimestamp(manifest.updated).isoformat(timespec="seconds")
            if manifest.updated
            else None,
            "schema_version": manifest.schema_version,
            "files": len(manifest.files),
        }


def _person_clause(arrays: IndexArrays, person: str) -> Any:
    """An exact canonical name filters exactly; any other text matches parts of names."""
    from whoosh import query as q

    from .analysis import name_analyzer

    exact = arrays.people_names.get(person.casefold())
    if exact is not None:
        return q.Term("people", exact)
    words = [t.text for t in name_analyzer()(person)]
    if not words:
        raise UsageError(f"--person {person!r} has no name in it")
    return q.Term("people_text", words[0]) if len(words) == 1 else q.Phrase("people_text", words)


def _hit(fields: dict[str, Any], score: float, parsed: Any) -> Hit:
    """A hit of stored ``fields``, its snippet marking what ``parsed`` matches."""
    from .highlight import make_snippet, render_html

    snippet = make_snippet(
        fields.get("body") or "",
        parsed.highlight_terms,
        phrases=parsed.phrases,
        patterns=parsed.highlight_patterns,
    )
    return Hit(
        id=fields["id"],
        title=fields.get("title") or "",
        path=fields.get("path") or "",
        date=iso_date(fields.get("date")),
        source=fields.get("source") or "",
        url=fields.get("url") or "",
        score=round(score, 4),
        snippet=render_html(snippet),
        people=list(fields.get("people") or []),
        countries=list(fields.get("countries") or []),
    )


def _browse() -> Any:
    """The parsed form of an empty query with filters: every article."""
    from whoosh import query as q

    from .query import ParsedQuery

    return ParsedQuery("", q.Every(), None, None, frozenset(), (), (), (), ())


def _copy_key(fields: dict[str, Any]) -> tuple[str, str]:
    return ((fields.get("title") or "").casefold(), " ".join((fields.get("body") or "").split()))


def _without_date_ranges(query: Any) -> Any:
    """``query`` without the date ranges ANDed at its top (the same object when it has none)."""
    from whoosh import query as q

    if isinstance(query, q.NumericRange):
        return q.Every()
    if type(query) is q.And:
        rest = [sub for sub in query.subqueries if not isinstance(sub, q.NumericRange)]
        if len(rest) < len(query.subqueries):
            return q.Every() if not rest else rest[0] if len(rest) == 1 else q.And(rest)
    return query


def _values(values: Iterable[str] | str) -> list[str]:
    if isinstance(values, str):
        values = [values]
    return [v.strip() for v in values if v and v.strip()]
