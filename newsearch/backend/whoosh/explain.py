"""Explanations: what each part of a query added to one hit's score (``Plan.explain``).

Every leaf of the query (a term, phrase, prefix or fuzzy word in one field) and every proximity
clause is scored on the hit's document with the searcher's own weighting (BM25F), boosts
included; the parts of an Or or an And add up, so the parts sum to the hit's score, times the
all-words factor when the article has every word of a bag (reported as its own part).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ...query import ast
from ...query.parse import ALL_WORDS_BOOST
from ..base import Plan, ScorePart
from .compile import compile_node

_KINDS = {ast.Term: "term", ast.Phrase: "phrase", ast.Prefix: "prefix", ast.Fuzzy: "fuzzy"}


def _leaf_score(searcher: Any, query: Any, docnum: int) -> float:
    matcher = query.matcher(searcher)
    if not matcher.is_active():
        return 0.0
    matcher.skip_to(docnum)
    if not matcher.is_active() or matcher.id() != docnum:
        return 0.0
    return float(matcher.score())


def _text(node: ast.Node) -> str:
    if isinstance(node, ast.Phrase):
        slop = f"~{node.slop}" if node.slop != 1 else ""
        return f'"{" ".join(node.terms)}"{slop}'
    if isinstance(node, ast.Prefix):
        return node.text + "*"
    if isinstance(node, ast.Fuzzy):
        return f"{node.text}~{node.maxdist}"
    return getattr(node, "text", "")


def explain_hit(
    searcher: Any, docnum: int, plan: Plan, every: np.ndarray | None
) -> tuple[ScorePart, ...]:
    """The score parts of document ``docnum`` for ``plan``."""
    root = plan.any_words if plan.any_words is not None else plan.query
    parts: list[ScorePart] = []
    leaves = [(n, "") for n in ast.walk(root) if type(n) in _KINDS]
    leaves += [(n, "proximity") for n in plan.proximity]
    for node, kind in leaves:
        score = _leaf_score(searcher, compile_node(node), docnum)
        if score:
            field = getattr(node, "field", "")
            parts.append(ScorePart(kind or _KINDS[type(node)], field, _text(node), round(score, 4)))
    if plan.any_words is not None and every is not None:
        position = np.searchsorted(every, docnum)
        if position < len(every) and every[position] == docnum:
            parts.append(ScorePart("all words", "", "", ALL_WORDS_BOOST + 1))
    return tuple(parts)
