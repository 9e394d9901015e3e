"""Facets and timeline as OpenSearch aggregations, and their results as newsearch's models.

Facets are ``terms`` aggregations (by count, then value, as the Whoosh backend orders them);
the timeline is a ``date_histogram`` by day, regrouped here into days, months or years by the
span of the matches — the same rule as the Whoosh backend: up to 62 days a bucket a day, up to
five years a bucket a month, else a year.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ...fields import MENTIONS
from ...models import FacetCount, TimelineBucket

#: values each shard reports per facet (exact counts on one shard; near exact on several)
SHARD_SIZE = 1000


def facet_aggs(fields: tuple[str, ...], size: int) -> dict[str, Any]:
    order = [{"_count": "desc"}, {"_key": "asc"}]
    spec = {"size": size, "shard_size": max(SHARD_SIZE, size), "order": order}
    return {f"facet_{f}": {"terms": {"field": f, **spec}} for f in fields}


def group_aggs(groups: tuple[tuple[tuple[str, str], ...], ...], which: list[int]) -> dict[str, Any]:
    """A ``filters`` aggregation counting, per group ``which`` names, the articles with any
    of its (field, value) names: each article once."""
    buckets = {
        str(i): {
            "bool": {
                "should": [{"term": {f: v}} for f, v in groups[i]],
                "minimum_should_match": 1,
            }
        }
        for i in which
    }
    return {"groups": {"filters": {"filters": buckets}}}


def group_counts_of(result: dict[str, Any]) -> dict[int, int]:
    buckets = (result.get("aggregations") or {}).get("groups", {}).get("buckets", {})
    return {int(k): int(b["doc_count"]) for k, b in buckets.items() if b["doc_count"]}


def present_groups(
    groups: tuple[tuple[tuple[str, str], ...], ...], facets: dict[str, list[FacetCount]] | None
) -> list[int]:
    """The groups worth counting: two or more of their names among the facet values found, a
    mention (never a facet of its own) counting as found (every group when no facet was asked
    for)."""
    if facets is None:
        return list(range(len(groups)))
    found = {(f, c.value) for f, counts in facets.items() for c in counts}
    return [
        i
        for i, group in enumerate(groups)
        if any(key in found for key in group)
        and sum(key in found or key[0] == MENTIONS for key in group) >= 2
    ]


def timeline_aggs() -> dict[str, Any]:
    return {
        "timeline": {
            "date_histogram": {
                "field": "date",
                "calendar_interval": "day",
                "min_doc_count": 1,
                "format": "yyyy-MM-dd",
            }
        }
    }


def facets_of(result: dict[str, Any], fields: tuple[str, ...]) -> dict[str, list[FacetCount]]:
    return {
        f: [FacetCount(str(b["key"]), int(b["doc_count"])) for b in result[f"facet_{f}"]["buckets"]]
        for f in fields
    }


def _month_end(day: date) -> date:
    first_next = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def timeline_of(result: dict[str, Any]) -> list[TimelineBucket]:
    days = {
        date.fromisoformat(b["key_as_string"]): int(b["doc_count"])
        for b in result["timeline"]["buckets"]
        if b["doc_count"]
    }
    if not days:
        return []
    first, last = min(days), max(days)
    span = (last - first).days
    counts: dict[date, int] = {}
    if span <= 62:
        starts = [first + timedelta(days=i) for i in range(span + 1)]
        counts = days
        out = [TimelineBucket(str(s), str(s), str(s), counts.get(s, 0)) for s in starts]
        return out
    if span <= 366 * 5:
        for day, n in days.items():
            key = day.replace(day=1)
            counts[key] = counts.get(key, 0) + n
        out = []
        start = first.replace(day=1)
        while start <= last:
            end = _month_end(start)
            out.append(TimelineBucket(str(start)[:7], str(start), str(end), counts.get(start, 0)))
            start = end + timedelta(days=1)
        return out
    for day, n in days.items():
        key = date(day.year, 1, 1)
        counts[key] = counts.get(key, 0) + n
    return [
        TimelineBucket(str(y), f"{y}-01-01", f"{y}-12-31", counts.get(date(y, 1, 1), 0))
        for y in range(first.year, last.year + 1)
    ]
