"""The OpenSearch side of searching: a :class:`Plan` run as a few search requests.

The first request counts: the matches of the query and, for a bag of words, those with every
word (a ``filter`` aggregation), with the facets and the day histogram computed both over all
matches and over the all-words ones; the rule of :class:`~newsearch.backend.base.Plan` then
picks which is shown. The page is then fetched the way the Whoosh backend ranks it: the
query as it scores (an article with every word of a bag scores ``ALL_WORDS_BOOST + 1`` times
its sum); date sorts order by the full timestamp, undated last, ties by id.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from ...analysis import use_known_stems
from ...query import ast
from ..base import Doc, Page, Plan, Scored
from .aggs import (
    facet_aggs,
    facets_of,
    group_aggs,
    group_counts_of,
    present_groups,
    timeline_aggs,
    timeline_of,
)
from .client import calling, connect, parse_location
from .compile import compile_node, restricted
from .mapping import SHOWN, doc_key, index_field
from .meta import check_version, read_manifest
from .stems import KnownStems

_SOURCE = ["id", "path", "people", "countries", "organizations", "mentions", "copy_of", SHOWN]


def to_doc(hit: dict[str, Any]) -> Doc:
    src = hit["_source"]
    shown = src.get(SHOWN) or {}
    when = shown.get("date")
    return Doc(
        id=src["id"],
        path=src.get("path") or "",
        title=shown.get("title") or "",
        body=shown.get("body") or "",
        date=datetime.fromisoformat(when) if when else None,
        source=shown.get("source") or "",
        url=shown.get("url") or "",
        author=shown.get("author") or "",
        people=tuple(src.get("people") or ()),
        countries=tuple(src.get("countries") or ()),
        organizations=tuple(src.get("organizations") or ()),
        section=shown.get("section") or "",
        copy_of=src.get("copy_of") or "",
        mentions=tuple(src.get("mentions") or ()),
    )


def date_sort(newest: bool) -> list[dict[str, Any]]:
    order = "desc" if newest else "asc"
    return [{"date": {"order": order, "missing": "_last"}}, {"id": {"order": "asc"}}]


class OpenSearchReader:
    """An OpenSearch index opened for searching (each request sees the last refresh)."""

    def __init__(self, location: str) -> None:
        self.location = location
        self._loc = parse_location(location)
        self._client = connect(self._loc)
        with calling(self._loc):
            if not self._client.indices.exists(index=self._loc.index):
                raise self._missing()
        check_version(self._client, self._loc)
        use_known_stems(KnownStems(self._client, self._loc))  # query words stem without NLTK

    def _missing(self) -> Exception:
        from ...errors import IndexNotFoundError

        return IndexNotFoundError(
            f"no index {self._loc.index!r} at {self._loc.url}: build one with `newsearch index "
            f"PATH --url {self._loc.url} --index {self._loc.index}`"
        )

    def _search(self, body: dict[str, Any]) -> dict[str, Any]:
        body.setdefault("track_total_hits", False)
        with calling(self._loc):
            return dict(self._client.search(index=self._loc.index, body=body))

    def close(self) -> None:
        self._client.close()

    def count(self) -> int:
        with calling(self._loc):
            return int(self._client.count(index=self._loc.index)["count"])

    def read_side(self, name: str) -> str | None:
        from .meta import read_side

        return read_side(self._client, self._loc, name)

    def write_side(self, name: str, text: str) -> None:
        from .meta import write_side

        write_side(self._client, self._loc, name, text)

    def surface_forms(self, term: str) -> list[str]:
        return []  # the index keeps no word -> stem table: suggestions show the stem's word

    def generation(self) -> object:
        """The primaries' indexing and deletion counters: any committed write changes them."""
        with calling(self._loc):
            stats = self._client.indices.stats(index=self._loc.index, metric="indexing,docs")
        primaries = stats["_all"]["primaries"]
        indexing = primaries.get("indexing", {})
        return (
            indexing.get("index_total", 0),
            indexing.get("delete_total", 0),
            primaries.get("docs", {}).get("count", 0),
        )

    # -- search -----------------------------------------------------------------------------
    def search(self, plan: Plan) -> Page:
        counted, total, others, partial, aggs = self._counts(plan)
        first, n = plan.offset, plan.limit
        hits: list[Scored] = []
        if not n:  # no page wanted: counts and facets only
            pass
        elif total and plan.sort == "relevance":
            hits = self._ranked(plan, first + n)
            hits = hits[first : first + n]
        elif total:
            found = self._search(
                {
                    "query": restricted(counted, plan.filters),
                    "sort": date_sort(plan.sort == "newest"),
                    "_source": _SOURCE,
                    "from": first,
                    "size": n,
                }
            )
            hits = [Scored(to_doc(h), 0.0) for h in found["hits"]["hits"]]
        facets = facets_of(aggs, plan.facets) if plan.facets else {}
        timeline = timeline_of(aggs) if plan.timeline else []
        which = present_groups(plan.facet_groups, facets if plan.facets else None)
        groups: dict[int, int] = {}
        if total and which:  # one article naming two names of one entity counts once
            spec = {"query": restricted(counted, plan.filters), "size": 0}
            groups = group_counts_of(
                self._search({**spec, "aggs": group_aggs(plan.facet_groups, which)})
            )
        return Page(tuple(hits), total, partial, others, facets, timeline, groups)

    def _counts(self, plan: Plan) -> tuple[ast.Node, int, int, bool, dict[str, Any]]:
        """(the query counted, its total, the others, partial, its aggregation results)."""
        wanted: dict[str, Any] = facet_aggs(plan.facets, plan.facet_size) if plan.facets else {}
        if plan.timeline:
            wanted.update(timeline_aggs())
        aggs: dict[str, Any] = dict(wanted)
        if plan.all_words is not None:
            aggs["every"] = {"filter": compile_node(plan.all_words), "aggs": wanted or None}
            if not wanted:
                del aggs["every"]["aggs"]
        found = self._search(
            {
                "query": restricted(plan.query, plan.filters),
                "size": 0,
                "track_total_hits": True,
                "aggs": aggs,
            }
        )
        matched = int(found["hits"]["total"]["value"])
        results = found.get("aggregations") or {}
        if plan.all_words is None or not matched:
            return plan.query, matched, 0, False, results
        every = int(results["every"]["doc_count"])
        if every and not plan.any:
            return plan.all_words, every, matched - every, False, results["every"]
        return plan.query, matched, 0, not every, results

    def _ranked(self, plan: Plan, n: int) -> list[Scored]:
        """The ``n`` best by relevance: ``plan.query`` as it scores (a bag of words: an article
        with every word scores ``ALL_WORDS_BOOST + 1`` times its sum, as on Whoosh);
        ``plan.proximity`` clauses add to the score of what matches and never decide it."""
        query = restricted(plan.query, plan.filters)
        if plan.proximity:
            near = [compile_node(p) for p in plan.proximity]
            query = {"bool": {"must": [query], "should": near}}
        return self._top(query, n)

    def _top(self, query: dict[str, Any], n: int) -> list[Scored]:
        if n <= 0:
            return []
        found = self._search({"query": query, "size": n, "_source": _SOURCE})
        return [Scored(to_doc(h), float(h["_score"] or 0.0)) for h in found["hits"]["hits"]]

    def ranked_ids(self, plan: Plan) -> list[tuple[str, float]]:
        return [(s.doc.id, s.score) for s in self._ranked(plan, plan.limit)]

    def scan(self, plan: Plan, batch: int = 1000) -> Iterator[Doc]:
        """Every match of ``plan`` (what its total counts) in date order, oldest first unless
        the plan sorts newest first, undated last, ties by id: a point in time and
        ``search_after``, so an export sees one state of the index however long it takes."""
        counted = self._counts(
            Plan(plan.query, plan.all_words, filters=plan.filters, any=plan.any)
        )[0]
        query = restricted(counted, plan.filters)
        with calling(self._loc):
            pit = self._client.create_pit(index=self._loc.index, params={"keep_alive": "5m"})
        pit_id = pit["pit_id"]
        try:
            after: list[Any] | None = None
            while True:
                body: dict[str, Any] = {
                    "query": query,
                    "size": batch,
                    "sort": date_sort(plan.sort == "newest"),
                    "_source": _SOURCE,
                    "pit": {"id": pit_id, "keep_alive": "5m"},
                    "track_total_hits": False,
                }
                if after is not None:
                    body["search_after"] = after
                with calling(self._loc):
                    found = self._client.search(body=body)
                hits = found["hits"]["hits"]
                for hit in hits:
                    yield to_doc(hit)
                if len(hits) < batch:
                    return
                after = hits[-1]["sort"]
        finally:
            with calling(self._loc):
                self._client.delete_pit(body={"pit_id": [pit_id]})

    # -- articles ---------------------------------------------------------------------------
    def get(self, article_id: str) -> Doc | None:
        from opensearchpy import NotFoundError

        try:
            hit = self._client.get(
                index=self._loc.index,
                id=doc_key(article_id),
                params={"_source_includes": ",".join(_SOURCE)},
            )
        except NotFoundError:
            return None
        except Exception:  # noqa: BLE001 - anything else: one line, via calling()
            with calling(self._loc):
                raise
        return to_doc(hit)

    def similar(self, article_id: str, limit: int) -> list[Scored]:
        like = {
            "more_like_this": {
                "fields": ["title", "body"],
                "like": [{"_index": self._loc.index, "_id": doc_key(article_id)}],
                "min_term_freq": 1,
                "min_doc_freq": 1,
                "max_query_terms": 25,
                "minimum_should_match": "1",
            }
        }
        return self._top(like, limit)

    # -- vocabulary -------------------------------------------------------------------------
    def exact_value(self, field_name: str, value: str) -> str | None:
        found = self._search(
            {
                "query": {"term": {f"{field_name}.folded": value.lower()}},
                "size": 1,
                "_source": [field_name],
            }
        )
        for hit in found["hits"]["hits"]:
            for held in hit["_source"].get(field_name) or ():
                if held.casefold() == value.casefold():
                    return str(held)
        return None

    def doc_frequency(self, field_name: str, term: str) -> int:
        with calling(self._loc):
            found = self._client.count(
                index=self._loc.index, body={"query": {"term": {field_name: term}}}
            )
        return int(found["count"])

    def doc_frequencies(self, field_name: str, terms: Sequence[str]) -> dict[str, int]:
        """One search: a ``filters`` aggregation with a bucket per term."""
        if not terms:
            return {}
        field = index_field(field_name)
        buckets = {str(i): {"term": {field: term}} for i, term in enumerate(terms)}
        found = self._search({"size": 0, "aggs": {"df": {"filters": {"filters": buckets}}}})
        counts = found["aggregations"]["df"]["buckets"]
        return {term: int(counts[str(i)]["doc_count"]) for i, term in enumerate(terms)}

    def terms_within(
        self, field_name: str, term: str, maxdist: int, prefix: int
    ) -> list[tuple[str, int]]:
        spec = {
            "field": field_name,
            "analyzer": "verbatim",
            "max_edits": min(max(maxdist, 1), 2),
            "prefix_length": prefix,
            "suggest_mode": "always",
            "min_word_length": 1,
            "size": 25,
            "sort": "score",
        }
        found = self._search({"suggest": {"near": {"text": term, "term": spec}}, "size": 0})
        out = []
        for entry in found.get("suggest", {}).get("near", []):
            out += [(str(o["text"]), int(o["freq"])) for o in entry["options"]]
        return out

    def stats(self) -> dict[str, Any]:
        from .meta import cluster_stats

        manifest = read_manifest(self._client, self._loc)
        updated = manifest.updated if manifest else 0.0
        return {
            **cluster_stats(self._client, self._loc),
            "updated": datetime.fromtimestamp(updated).isoformat(timespec="seconds")
            if updated
            else None,
            "schema_version": manifest.schema_version if manifest else None,
            "files": len(manifest.files) if manifest else 0,
        }
