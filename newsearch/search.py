"""Searching: the engine-neutral read side — requests in, results with snippets out.

:class:`NewsIndex` is what ``open_index`` returns. A search is a :class:`SearchRequest`
(checked once, here); its query is parsed into an AST, its filters compiled into AST nodes,
and the backend runs the resulting :class:`~newsearch.backend.base.Plan`. The ranking policy
(a bag of words ranks articles with every word first), snippets, "did you mean", the copies
of each hit and the collapsing of copies in ``similar`` are decided here, the same for every
backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .backend import DEFAULT, get_backend
from .backend.base import Doc, Plan, Reader
from .errors import ArticleNotFoundError, QueryError, UsageError
from .fields import FACET_FIELDS
from .models import Article, Hit, SearchResults, iso_date
from .query import ParsedQuery, SearchRequest, ast, parse_query
from .query.request import FACET_SIZE, MAX_LIMIT, filter_nodes


def open_index(index_dir: str | Path = "index", *, backend: str = DEFAULT) -> NewsIndex:
    """Open an existing index for searching."""
    return NewsIndex(index_dir, backend=backend)


class NewsIndex:
    """A newsearch index opened for reading."""

    def __init__(self, index_dir: str | Path = "index", *, backend: str = DEFAULT) -> None:
        if not isinstance(index_dir, (str, Path)):
            raise UsageError(f"the index must be a folder name, not {type(index_dir).__name__}")
        self.index_dir = Path(index_dir)
        self.backend = backend
        self._reader: Reader = get_backend(backend).open_reader(str(index_dir))

    def close(self) -> None:
        self._reader.close()

    def __enter__(self) -> NewsIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return self._reader.count()

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
        sections: Sequence[str] = (),
        since: str | date | None = None,
        until: str | date | None = None,
        sort: str = "relevance",
        facets: bool = False,
        timeline: bool = False,
        facet_size: int = FACET_SIZE,
        any: bool = False,
        all_copies: bool = False,
        strict: bool = True,
    ) -> SearchResults:
        """Search; ``total`` counts the matches (for a bag of words, those with every word
        when some have them, unless ``any``), the hits are page ``page`` of ``limit``.

        The keyword arguments are the fields of :class:`~newsearch.query.SearchRequest`.
        """
        return self.run(
            SearchRequest.make(
                query,
                limit=limit,
                page=page,
                people=people,
                countries=countries,
                sources=sources,
                sections=sections,
                since=since,
                until=until,
                sort=sort,
                facets=facets,
                timeline=timeline,
                facet_size=facet_size,
                any=any,
                all_copies=all_copies,
                strict=strict,
            )
        )

    def run(self, request: SearchRequest) -> SearchResults:
        """Run a :class:`SearchRequest`."""
        filters = tuple(filter_nodes(request, self._reader.exact_value))
        sort = request.sort
        if not request.query.strip():
            # No words: browse every article the filters (if any) allow, newest first.
            parsed = _browse()
            sort = "newest" if sort == "relevance" else sort
        else:
            parsed = parse_query(request.query, strict=request.strict)
        plan = Plan(
            query=parsed.query,
            all_words=parsed.all_words,
            any_words=parsed.any_words,
            filters=filters,
            sort=sort,
            offset=request.offset,
            limit=request.limit,
            facets=FACET_FIELDS if request.facets else (),
            facet_size=request.facet_size,
            timeline=request.timeline,
            any=request.any,
        )
        page = self._reader.search(plan)
        suggestion = None
        if page.total == 0 or page.partial:
            from .suggest import suggest_query

            suggestion = suggest_query(self._reader, parsed.text, parsed.words)
        copies = self._copies([s.doc.id for s in page.hits])
        return SearchResults(
            query=parsed.text,
            hits=[_hit(s.doc, s.score, parsed, copies) for s in page.hits],
            total=page.total,
            page=request.page,
            limit=request.limit,
            partial=page.partial,
            others=page.others,
            sort=sort,
            suggestion=suggestion,
            facets=page.facets,
            timeline=page.timeline,
            ignored=list(parsed.ignored),
        )

    def ranked_ids(self, query: str, *, limit: int = 1000) -> list[tuple[str, float]]:
        """(id, score) of the top ``limit`` matches, no snippets: for evaluation runs."""
        parsed = parse_query(query, strict=False)
        plan = Plan(parsed.query, parsed.all_words, parsed.any_words, limit=limit)
        return self._reader.ranked_ids(plan)

    # -- articles ---------------------------------------------------------------------------
    def get(self, article_id: str) -> Article:
        """The whole article with this id (ArticleNotFoundError when there is none)."""
        doc = self._reader.get(_article_id(article_id))
        if doc is None:
            raise ArticleNotFoundError(f"no article with id {article_id!r} in {self.index_dir}")
        return Article(
            id=doc.id,
            title=doc.title,
            body=doc.body,
            path=doc.path,
            date=iso_date(doc.date),
            source=doc.source,
            url=doc.url,
            author=doc.author,
            people=list(doc.people),
            countries=list(doc.countries),
            section=doc.section,
            copy_of=doc.copy_of,
            copies=self._copies([doc.id]).get(doc.id, []),
        )

    def _copies(self, ids: Sequence[str]) -> dict[str, list[str]]:
        """id -> the ids of its copies (oldest first), for each of ``ids`` that has some."""
        if not ids:
            return {}
        query = ast.any_of([ast.Term("copy_of", i) for i in ids])
        page = self._reader.search(Plan(query=query, sort="oldest", limit=MAX_LIMIT))
        out: dict[str, list[str]] = {}
        for scored in page.hits:
            out.setdefault(scored.doc.copy_of, []).append(scored.doc.id)
        return out

    def similar(self, article_id: str, *, limit: int = 10) -> SearchResults:
        """Stories most like this one (by the key terms of its title and body), never its own
        copies (:mod:`newsearch.duplicates`); copies of another story are shown once."""
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise UsageError(f"limit must be a whole number of at least 1, not {limit!r}")
        doc = self._reader.get(_article_id(article_id))
        if doc is None:
            raise ArticleNotFoundError(f"no article with id {article_id!r} in {self.index_dir}")
        limit = min(limit, MAX_LIMIT)
        seen = {_story(doc)}
        picked = []
        own = len(self._copies([doc.id]).get(doc.id, []))
        for scored in self._reader.similar(doc.id, limit + 10 + own):
            key = _story(scored.doc)
            if key not in seen:
                seen.add(key)
                picked.append(scored)
                if len(picked) == limit:
                    break
        try:
            parsed = parse_query(doc.title, strict=False)
        except QueryError:  # a title of stopwords only: nothing to mark
            parsed = _browse()
        copies = self._copies([s.doc.id for s in picked])
        hits = [_hit(s.doc, s.score, parsed, copies) for s in picked]
        return SearchResults(
            query=f"similar:{article_id}", hits=hits, total=len(hits), page=1, limit=limit
        )

    def info(self) -> dict[str, Any]:
        """Articles, size on disk, last update, schema version and backend."""
        return {
            "index": str(self.index_dir),
            "articles": len(self),
            **self._reader.stats(),
            "backend": self.backend,
        }


def _article_id(article_id: object) -> str:
    if not isinstance(article_id, str):
        raise UsageError(f"an article id is text, not {type(article_id).__name__}")
    return article_id


def _hit(doc: Doc, score: float, parsed: ParsedQuery, copies: dict[str, list[str]]) -> Hit:
    """A hit of ``doc``, its snippet marking what ``parsed`` matches; ``copies``: id -> the ids
    of its copies."""
    from .snippets import make_snippet, render_html

    snippet = make_snippet(
        doc.body,
        parsed.highlight_terms,
        phrases=parsed.phrases,
        patterns=parsed.highlight_patterns,
    )
    return Hit(
        id=doc.id,
        title=doc.title,
        path=doc.path,
        date=iso_date(doc.date),
        source=doc.source,
        url=doc.url,
        score=round(score, 4),
        snippet=render_html(snippet),
        people=list(doc.people),
        countries=list(doc.countries),
        section=doc.section,
        copy_of=doc.copy_of,
        copies=copies.get(doc.id, []),
    )


def _browse() -> ParsedQuery:
    """The parsed form of an empty query with filters: every article."""
    return ParsedQuery("", ast.Every(), None, None, frozenset(), (), (), (), ())


def _story(doc: Doc) -> str:
    """The story an article tells: its own id, or that of the original it is a copy of."""
    return doc.copy_of or doc.id
