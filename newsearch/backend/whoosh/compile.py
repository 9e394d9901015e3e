"""AST -> Whoosh queries: the query language compiled late, for this engine only."""

from __future__ import annotations

from typing import Any

from whoosh import query as wq

from ...query import ast
from .patches import AndNot, BoundedFuzzy


def compile_node(node: ast.Node) -> Any:
    """The Whoosh query of one AST node."""
    if isinstance(node, ast.Term):
        return wq.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, ast.Phrase):
        return wq.Phrase(node.field, list(node.terms), slop=node.slop, boost=node.boost)
    if isinstance(node, ast.Prefix):
        return wq.Prefix(node.field, node.text, boost=node.boost)
    if isinstance(node, ast.Fuzzy):
        return BoundedFuzzy(
            node.field,
            node.text,
            boost=node.boost,
            maxdist=node.maxdist,
            prefixlength=node.prefix,
            limit=node.limit,
        )
    if isinstance(node, ast.DateRange):
        return wq.DateRange(node.field, node.start, node.end)
    if isinstance(node, ast.Every):
        return wq.Every()
    if isinstance(node, ast.And):
        return wq.And([compile_node(p) for p in node.parts], boost=node.boost)
    if isinstance(node, ast.Or):
        return wq.Or([compile_node(p) for p in node.parts], boost=node.boost)
    if isinstance(node, ast.AndNot):
        return AndNot(compile_node(node.positive), compile_node(node.negative))
    raise TypeError(f"not a query node: {node!r}")


def compile_filters(nodes: tuple[ast.Node, ...]) -> Any | None:
    """One Whoosh query that all the filters must match (None when there are none)."""
    if not nodes:
        return None
    return compile_node(ast.all_of(list(nodes)))


def with_proximity(query: Any, plan: Any) -> Any:
    """``query`` scored with the plan's proximity clauses added where they match (they never
    decide what matches: ``AndMaybe``)."""
    if not plan.proximity:
        return query
    return wq.AndMaybe(query, compile_node(ast.any_of(plan.proximity)))
