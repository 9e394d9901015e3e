"""AST -> OpenSearch query DSL: the query language compiled late, for this engine only.

Terms are index terms already (stems, folded names), so they become ``term`` queries; phrases
are ``match_phrase`` with the ``verbatim`` analyzer (the words are split, not re-stemmed).
Whoosh's phrase slop counts positions apart (1 = adjacent), Lucene's counts moves (0 =
adjacent): slop ``s`` becomes ``s - 1``. Date ranges score nothing (a ``filter`` clause), as
the Whoosh backend leaves them out of scoring.
"""

from __future__ import annotations

from typing import Any

from ...query import ast
from .mapping import index_field


def _boosted(clause: dict[str, Any], boost: float) -> dict[str, Any]:
    return clause if boost == 1.0 else {**clause, "boost": boost}


def _iso(value: Any) -> str:
    return str(value.isoformat(timespec="milliseconds"))


def compile_node(node: ast.Node) -> dict[str, Any]:
    """The query DSL of one AST node."""
    if isinstance(node, ast.Term):
        return {"term": {index_field(node.field): _boosted({"value": node.text}, node.boost)}}
    if isinstance(node, ast.Phrase):
        spec = {"query": " ".join(node.terms), "slop": max(node.slop - 1, 0)}
        return {
            "match_phrase": {
                index_field(node.field): _boosted({**spec, "analyzer": "verbatim"}, node.boost)
            }
        }
    if isinstance(node, ast.Prefix):
        return {"prefix": {index_field(node.field): _boosted({"value": node.text}, node.boost)}}
    if isinstance(node, ast.Fuzzy):
        spec = {
            "value": node.text,
            "fuzziness": node.maxdist,
            "prefix_length": node.prefix,
            "transpositions": False,
            "max_expansions": node.limit,
        }
        return {"fuzzy": {index_field(node.field): _boosted(spec, node.boost)}}
    if isinstance(node, ast.DateRange):
        bounds: dict[str, Any] = {}
        if node.start is not None:
            bounds["gte"] = _iso(node.start)
        if node.end is not None:
            bounds["lte"] = _iso(node.end)
        if not bounds:
            return {"bool": {"filter": [{"exists": {"field": node.field}}]}}
        return {"bool": {"filter": [{"range": {node.field: bounds}}]}}
    if isinstance(node, ast.Every):
        return {"match_all": {}}
    if isinstance(node, ast.And):
        return {"bool": _boosted({"must": [compile_node(p) for p in node.parts]}, node.boost)}
    if isinstance(node, ast.Or):
        spec = {"should": [compile_node(p) for p in node.parts], "minimum_should_match": 1}
        return {"bool": _boosted(spec, node.boost)}
    if isinstance(node, ast.AndNot):
        return {
            "bool": {
                "must": [compile_node(node.positive)],
                "must_not": [compile_node(node.negative)],
            }
        }
    raise TypeError(f"not a query node: {node!r}")


def restricted(query: ast.Node, filters: tuple[ast.Node, ...]) -> dict[str, Any]:
    """``query``, scored, among the articles all ``filters`` match (never scoring them)."""
    spec: dict[str, Any] = {"must": [compile_node(query)]}
    if filters:
        spec["filter"] = [compile_node(f) for f in filters]
    return {"bool": spec}
