"""Searching: the engine-neutral read side — requests in, results with snippets out.

:class:`NewsIndex` is what ``open_index`` returns. A search is a :class:`SearchRequest`
(checked once, here); its query is parsed into an AST, its filters compiled into AST nodes,
and the backend runs the resulting :class:`~newsearch.backend.base.Plan`. The ranking policy
(a bag of words scores articles with every word higher), snippets, "did you mean", the copies
of each hit and the collapsing of copies in ``similar`` are decided here, the same for every
backend.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .backend import backend_for, get_backend, location_of
from .backend.base import Plan, Reader
from .errors import ArticleNotFoundError, EntityNotFoundError, QueryError, UsageError
from .fields import FACET_FIELDS
from .hits import article_of, copy_key, hit_of, marking_filters, story_of, undated_of
from .models import Article, SearchResults
from .names.live import LiveNames
from .query import ParsedQuery, SearchRequest, ast, parse_query
from .query.request import FACET_SIZE, MAX_LIMIT, filter_nodes, name_resolver

if TYPE_CHECKING:
    from .entity_view import EntityView


def open_index(index_dir: str | Path = "index", *, backend: str | None = None) -> NewsIndex:
    """Open an existing index for searching: a folder, or ``URL/INDEX`` of an OpenSearch
    cluster (a URL implies ``backend="opensearch"``)."""
    return NewsIndex(index_dir, backend=backend)


class NewsIndex:
    """A newsearch index opened for reading."""

    def __init__(self, index_dir: str | Path = "index", *, backend: str | None = None) -> None:
        if not isinstance(index_dir, (str, Path)):
            raise UsageError(f"the index must be a folder name, not {type(index_dir).__name__}")
        self.index_dir = Path(index_dir)
        self.location = location_of(index_dir)
        self.backend = backend_for(self.location, backend)
        self._reader: Reader = get_backend(self.backend).open_reader(self.location)
        self._names = LiveNames(self._reader)

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
        organizations: Sequence[str] = (),
        sources: Sequence[str] = (),
        sections: Sequence[str] = (),
        since: str | date | None = None,
        until: str | date | None = None,
        sort: str = "relevance",
        facets: bool = False,
        timeline: bool = False,
        facet_size: int = FACET_SIZE,
        any: bool = False,
        explain: bool = False,
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
                organizations=organizations,
                sources=sources,
                sections=sections,
                since=since,
                until=until,
                sort=sort,
                facets=facets,
                timeline=timeline,
                facet_size=facet_size,
                any=any,
                explain=explain,
                all_copies=all_copies,
                strict=strict,
            )
        )

    def _plan(self, request: SearchRequest) -> tuple[ParsedQuery, Plan]:
        """The request parsed, and the backend's plan for it (filters compiled once, here)."""
        names = self._names.current()
        filters = tuple(filter_nodes(request, self._reader.exact_value, names))
        sort = request.sort
        if not request.query.strip():
            # No words: browse every article the filters (if any) allow, newest first.
            parsed = _browse()
            sort = "newest" if sort == "relevance" else sort
        else:
            # names typed in the query (people:Reagan) mean what the filters' names mean
            resolve = name_resolver(self._reader.exact_value, names)
            parsed = parse_query(request.query, strict=request.strict, names=resolve)
        plan = Plan(
            query=parsed.query,
            all_words=parsed.all_words,
            any_words=parsed.any_words,
            filters=filters,
            sort=sort,
            offset=request.offset,
            limit=request.limit,
            facets=FACET_FIELDS if request.facets else (),
            facet_size=max(4 * request.facet_size, 100),  # values of one entity summed below
            timeline=request.timeline,
            any=request.any,
            proximity=parsed.proximity,
            explain=request.explain,
            facet_groups=names.groups() if request.facets else (),
        )
        return parsed, plan

    def run(self, request: SearchRequest) -> SearchResults:
        """Run a :class:`SearchRequest`."""
        names = self._names.current()
        parsed, plan = self._plan(request)
        page = self._reader.search(plan)
        if not request.query.strip() and (request.people or request.countries):
            parsed = marking_filters(parsed, request)
        suggestion = None
        if page.total == 0 or page.partial:
            from .suggest import suggest_query

            suggestion = suggest_query(self._reader, parsed.text, parsed.words)
        copies = self._copies([s.doc.id for s in page.hits])
        return SearchResults(
            query=parsed.text,
            hits=[
                hit_of(s.doc, s.score, parsed, names, s.parts if request.explain else None, copies)
                for s in page.hits
            ],
            total=page.total,
            page=request.page,
            limit=request.limit,
            partial=page.partial,
            others=page.others,
            sort=plan.sort,
            suggestion=suggestion,
            facets=names.facets(page.facets, request.facet_size, page.total, page.group_counts),
            timeline=page.timeline,
            ignored=list(parsed.ignored),
            undated=undated_of(page) if request.timeline else None,
            undated_left_out=self._undated_left_out(request, plan),
        )

    def _undated_left_out(self, request: SearchRequest, plan: Plan) -> int:
        """How many undated articles match but were left out by ``since``/``until``."""
        if request.since is None and request.until is None:
            return 0
        undated = replace(request, since=None, until=None)
        filters = tuple(filter_nodes(undated, self._reader.exact_value, self._names.current()))
        every = replace(plan, filters=filters, sort="oldest", offset=0, limit=0, facets=())
        return undated_of(self._reader.search(replace(every, timeline=True)))

    def export(self, request: SearchRequest, *, batch: int = 1000) -> Iterator[Article]:
        """Every article the request matches (all of what ``run`` counts in ``total``; page
        and limit are ignored), streamed in date order: newest first for ``sort="newest"``,
        else oldest first; undated articles last, ties by id."""
        _parsed, plan = self._plan(request)
        plan = replace(plan, sort="newest" if request.sort == "newest" else "oldest")
        names, copies = self._names.current(), self._copies(None)  # rows list their copies
        for doc in self._reader.scan(plan, batch=batch):
            yield article_of(doc, names, copies)

    def ranked_ids(self, query: str, *, limit: int = 1000) -> list[tuple[str, float]]:
        """(id, score) of the top ``limit`` matches, no snippets: for evaluation runs."""
        parsed = parse_query(query, strict=False)
        plan = Plan(
            parsed.query,
            parsed.all_words,
            parsed.any_words,
            limit=limit,
            proximity=parsed.proximity,
        )
        return self._reader.ranked_ids(plan)

    # -- articles ---------------------------------------------------------------------------
    def get(self, article_id: str) -> Article:
        """The whole article with this id (ArticleNotFoundError when there is none)."""
        doc = self._reader.get(_article_id(article_id))
        if doc is None:
            raise ArticleNotFoundError(f"no article with id {article_id!r} in {self.location}")
        return article_of(doc, self._names.current(), self._copies([doc.id]))

    def _copies(self, ids: Sequence[str] | None) -> dict[str, list[str]]:
        """id -> the ids of its copies (oldest first), for each of ``ids`` (None: all) with some."""
        if ids is None:  # every copy in the index, read once (a few percent of an archive)
            docs = self._reader.scan(Plan(query=ast.Term("primary", "no"), sort="oldest"))
        elif not ids:
            return {}
        else:
            query = ast.any_of([ast.Term("copy_of", i) for i in ids])
            page = self._reader.search(Plan(query=query, sort="oldest", limit=MAX_LIMIT))
            docs = (scored.doc for scored in page.hits)
        out: dict[str, list[str]] = {}
        for doc in docs:
            out.setdefault(doc.copy_of, []).append(doc.id)
        return out

    def similar(self, article_id: str, *, limit: int = 10) -> SearchResults:
        """Stories most like this one (by the key terms of its title and body), never its own
        copies (:mod:`newsearch.duplicates`); copies of another story are shown once."""
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise UsageError(f"limit must be a whole number of at least 1, not {limit!r}")
        doc = self._reader.get(_article_id(article_id))
        if doc is None:
            raise ArticleNotFoundError(f"no article with id {article_id!r} in {self.location}")
        limit = min(limit, MAX_LIMIT)
        seen = {story_of(doc), copy_key(doc)}
        picked = []
        own = len(self._copies([doc.id]).get(doc.id, []))
        for scored in self._reader.similar(doc.id, limit + 10 + own):
            keys = {story_of(scored.doc), copy_key(scored.doc)}
            if not keys & seen:  # a copy by the sketches, or the same title and body
                seen |= keys
                picked.append(scored)
                if len(picked) == limit:
                    break
        try:
            parsed = parse_query(doc.title, strict=False)
        except QueryError:  # a title of stopwords only: nothing to mark
            parsed = _browse()
        names = self._names.current()
        copies = self._copies([s.doc.id for s in picked])
        hits = [hit_of(s.doc, s.score, parsed, names, None, copies) for s in picked]
        return SearchResults(
            query=f"similar:{article_id}", hits=hits, total=len(hits), page=1, limit=limit
        )

    def entity(self, name: str, kind: str | None = None) -> EntityView:
        """What the archive holds about one person, country (or any name field's value): the
        articles naming it over time, the names most often with it, the latest and the most
        relevant articles. ``kind`` (``person``, ``country``...) None: the first that fits."""
        from .entity_view import entity_view, find_kind, kinds

        if kind is None and isinstance(name, str):
            kind = find_kind(self._reader, name)
            names = self._names.current()
            for other, field_name in kinds().items() if kind is None else ():
                if names.find(field_name, name.strip()) is not None:  # a merged name
                    kind = other
                    break
            if kind is None:
                raise EntityNotFoundError(f"no article mentions {str(name).strip()!r}")
        names = self._names.current()
        return entity_view(
            self._reader, kind, name, lambda s, p: hit_of(s.doc, s.score, p, names), names=names
        )

    def info(self) -> dict[str, Any]:
        """Articles, size on disk, last update, schema version, backend, and the curation."""
        names = self._names.current()
        curation: dict[str, Any] = {"changes": [c.line() for c in self._names.changes]}
        if self._names.error:
            curation["error"] = self._names.error
        if names.skipped:
            curation["skipped"] = names.skipped
        return {
            "index": self.location,
            "articles": len(self),
            **self._reader.stats(),
            "backend": self.backend,
            "curation": curation,
        }

    # -- names ------------------------------------------------------------------------------
    def names(self, field: str = "people", *, limit: int = 20) -> list[dict[str, Any]]:
        """The top names of a name field (registry and curation applied): name, articles,
        and the other stored names counted under it."""
        from .names.curation import name_field

        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise UsageError(f"limit must be a whole number of at least 1, not {limit!r}")
        top = self._names.current().top(name_field(field), limit)
        return [{"name": n, "articles": c, "also": also} for n, c, also in top]

    def read_side(self, name: str) -> str | None:
        """A small text kept with the index (saved searches...), None when there is none."""
        return self._reader.read_side(name)

    def write_side(self, name: str, text: str) -> None:
        self._reader.write_side(name, text)

    def curate(self, action: str, field: str, name: str, target: str = "") -> str:
        """Merge, rename, move or ignore a name (``action``), at once and for good: checked
        against the index (CurationError, and nothing changed, when it cannot be done), then
        added to the index's curation (a folder's ``curation.txt``). Returns the line written."""
        from .names import make_change

        change = make_change(action, field, name, target)
        self._names.curate(change)
        return change.line()


def _article_id(article_id: object) -> str:
    if not isinstance(article_id, str):
        raise UsageError(f"an article id is text, not {type(article_id).__name__}")
    return article_id


def _browse() -> ParsedQuery:
    """The parsed form of an empty query with filters: every article."""
    return ParsedQuery("", ast.Every(), None, None, frozenset(), (), (), (), ())
