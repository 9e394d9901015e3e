"""What a :class:`Plan` matches and how its matches rank, on one Whoosh searcher.

:func:`matches` finds the documents (filters, the query, its all-words part) as sets of
document numbers (:mod:`.matchsets`); for a bag of words ranked by relevance it scores them
at the same time, in numpy (:mod:`.vectorscore`), and those scores are the ranking.
:func:`rank` gives the best ``n``: from those scores, else from Whoosh's own collector
(phrases, prefixes, negations, proximity), with the same scores either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ...query import ALL_WORDS_BOOST
from ..base import Plan
from .arrays import IndexArrays
from .compile import compile_filters, compile_node, with_proximity
from .internals import top_hits
from .matchsets import match_set
from .postings import Postings
from .vectorscore import Vector, best_of, scorable, scores_of, top_scored


@dataclass(frozen=True)
class Matches:
    """What a plan matches: its compiled query, the documents its filters allow (None: all),
    every match, the all-words ones (None: not a bag of words), those counted, and the posting
    lists read on the way (for scoring)."""

    query: Any
    allowed: np.ndarray | None
    docnums: np.ndarray
    every: np.ndarray | None
    counted: np.ndarray
    postings: Postings
    #: the scores of every match of the plan's words (all of them; any of them), when they
    #: were scored in numpy to find the matches (:func:`_scored_words`)
    scores: tuple[Vector, Vector | None] | None = None


def matches(searcher: Any, arrays: IndexArrays, plan: Plan) -> Matches:
    """What ``plan`` matches on ``searcher``'s state (its ``arrays``)."""
    filt = compile_filters(plan.filters)
    # The filters become a set of allowed documents, given to Whoosh as such: cheaper than
    # matching them as query clauses (a date range is thousands of terms to Whoosh).
    postings = Postings(arrays.lengths)
    allowed = None if filt is None else match_set(searcher, filt, arrays.terms, arrays)
    query = compile_node(plan.query)
    all_words = compile_node(plan.all_words) if plan.all_words is not None else None

    def within(found: np.ndarray) -> np.ndarray:
        return found if allowed is None else np.intersect1d(found, allowed, True)

    scores = _scored_words(searcher, plan, postings)
    if scores is not None:  # ranked anyway: the scored documents are the matches
        every = within(scores[0][0])
        docnums = every if scores[1] is None else within(scores[1][0])
    else:
        docnums = within(match_set(searcher, query, arrays.terms, arrays, postings))
        every = None
        if all_words is not None and len(docnums):
            every = within(match_set(searcher, all_words, arrays.terms, arrays, postings))
    # What is counted, faceted and date-sorted: the all-words articles when there are
    # some (unless ``any``); relevance still ranks every match.
    counted = docnums
    if every is not None and len(every) and not plan.any:
        counted = every
    return Matches(query, allowed, docnums, every, counted, postings, scores)


def _scored_words(
    searcher: Any, plan: Plan, postings: Postings
) -> tuple[Vector, Vector | None] | None:
    """For a bag of words ranked by relevance, scored in numpy: (the all-words query as it
    ranks, boosted; the any-word query, or None for one word). None for any other plan."""
    if plan.all_words is None or plan.proximity or plan.sort != "relevance" or not plan.limit:
        return None
    every = compile_node(plan.all_words)
    if plan.any_words is not None:
        every = every.with_boost(ALL_WORDS_BOOST + 1)
    some = None if plan.any_words is None else compile_node(plan.any_words)
    if not scorable(searcher, every) or (some is not None and not scorable(searcher, some)):
        return None
    scored_some = None if some is None else scores_of(searcher, some, postings)
    return scores_of(searcher, every, postings), scored_some


def rank(searcher: Any, plan: Plan, m: Matches, n: int) -> list[tuple[int, float]]:
    """The ``n`` best (docnum, score) by relevance: ``m.query`` as it scores, plus the plan's
    proximity clauses.

    A bag of words scores ``Or([And(words)^ALL_WORDS_BOOST, Or(words)])``: an article with
    every word scores ``ALL_WORDS_BOOST + 1`` times its sum. Whoosh would score the AND
    part for every partial match too; instead the best all-words articles (the AND,
    boosted) and the best of the others (the OR, the all-words ones masked) are taken apart
    and merged, which ranks exactly the same: from the scores :func:`matches` computed when
    it could, else in two searches (the second needing only to beat the n-th all-words
    article).
    """
    allow = m.allowed
    # Date ranges ANDed at the top of the query only filter (they score a constant): give
    # Whoosh the matching set instead of the range.
    scored = _without_date_ranges(m.query)
    if scored is not m.query:
        allow = m.docnums

    def best(q: Any, mask: np.ndarray | None = None, above: float = 0.0) -> list[tuple[int, float]]:
        q = with_proximity(q, plan)
        if scorable(searcher, q):  # terms, ANDs and ORs: scored in numpy, same scores
            return top_scored(searcher, q, n, m.postings, allow, mask)
        allowed = None if allow is None else set(allow.tolist())
        masked = None if mask is None else set(mask.tolist())
        return top_hits(searcher, q, n, allowed, masked, above)

    all_words, any_words, every = plan.all_words, plan.any_words, m.every
    if m.scores is not None:  # the words' scores are known: the best of them
        every_scores, some_scores = m.scores
        ranked = best_of(every_scores, n, m.docnums)
        if some_scores is not None:
            ranked += best_of(some_scores, n, m.docnums, every)
            ranked.sort(key=lambda hit: (-hit[1], hit[0]))
        return ranked[:n]
    if all_words is None or any_words is None or every is None or scored is not m.query:
        return best(scored)
    ranked = []
    if len(every):
        ranked = best(compile_node(all_words).with_boost(ALL_WORDS_BOOST + 1))
    if len(every) < len(m.docnums):
        # the others need only beat the n-th all-words article: Whoosh prunes from there
        floor = ranked[-1][1] if len(ranked) == n else 0.0
        ranked += best(compile_node(any_words), every if len(every) else None, floor)
    ranked.sort(key=lambda hit: (-hit[1], hit[0]))
    return ranked[:n]


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
