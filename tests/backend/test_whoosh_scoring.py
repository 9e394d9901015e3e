"""Bag-of-words relevance scored in numpy (:mod:`newsearch.backend.whoosh.vectorscore`) must rank
exactly as Whoosh's own collector does: the same articles, in the same order, with the same
floating-point scores, over several segments, deletions, boosts, filters and masks."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh import index

from newsearch.backend.whoosh import internals, patches
from newsearch.backend.whoosh.compile import compile_node
from newsearch.backend.whoosh.postings import FieldLengths, Postings
from newsearch.backend.whoosh.reader import weighting
from newsearch.backend.whoosh.schema import build_schema
from newsearch.backend.whoosh.vectorscore import scorable, top_scored
from newsearch.query import ALL_WORDS_BOOST, ast, parse_query

WORDS = [
    "oil",
    "crude",
    "price",
    "opec",
    "saudi",
    "output",
    "quota",
    "barrel",
    "bank",
    "rate",
    "dollar",
    "yen",
    "trade",
    "deficit",
    "tariff",
    "wheat",
    "grain",
    "export",
    "import",
    "minister",
    "talks",
    "reagan",
    "budget",
    "senate",
    "tax",
    "market",
]
QUERIES = (
    "oil",
    "oil price",
    "crude oil output quota",
    "saudi minister talks",
    "bank rate dollar yen",
    "reagan budget tax senate market",
    "wheat OR grain",
    "tariff AND deficit",
    "(oil OR crude) AND opec",
)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """300 articles of a small vocabulary (many equal scores) in three segments, with some
    rewritten (deleted in their old segment) by the later commits."""
    patches.apply()
    folder: Path = tmp_path_factory.mktemp("scoring")
    ix = index.create_in(str(folder), build_schema())
    rnd = random.Random(7)

    def text(low: int, high: int) -> str:
        return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(low, high)))

    for batch in range(3):
        writer = ix.writer()
        for i in range(100):
            writer.add_document(id=f"a{batch}-{i}", title=text(1, 6), body=text(3, 120))
        for i in range(0, 100, 9 + batch):  # rewrite some of an earlier batch
            if batch:
                writer.update_document(id=f"a0-{i}", title=text(1, 6), body=text(3, 120))
        writer.commit(merge=False)
    s = ix.searcher(weighting=weighting())
    assert len(s.reader().leaf_readers()) == 3 and s.reader().has_deletions()
    yield s
    s.close()


def compiled(searcher: Any) -> list[Any]:
    """Every query the reader ranks with: each plan's query, its all-words part (boosted as
    ranking boosts it), its any-word part, and a term boosted by hand."""
    out = [compile_node(ast.Term("title", "oil", boost=2.5))]
    for text in QUERIES:
        parsed = parse_query(text)
        out.append(compile_node(parsed.query))
        if parsed.all_words is not None:
            out.append(compile_node(parsed.all_words).with_boost(ALL_WORDS_BOOST + 1))
        if parsed.any_words is not None:
            out.append(compile_node(parsed.any_words))
    assert all(scorable(searcher, q) for q in out)
    return out


def whoosh_top(searcher: Any, q: Any, n: int, allow: Any = None, mask: Any = None) -> Any:
    allowed = None if allow is None else set(allow.tolist())
    masked = None if mask is None else set(mask.tolist())
    return internals.top_hits(searcher, q, n, allowed, masked)


@pytest.mark.parametrize("n", [1, 7, 1000])
def test_numpy_scores_rank_exactly_as_whoosh(searcher: Any, n: int) -> None:
    lengths = FieldLengths()
    for q in compiled(searcher):
        ours = top_scored(searcher, q, n, Postings(lengths))
        assert ours == whoosh_top(searcher, q, n), str(q)
        assert ours, str(q)


def test_ties_are_broken_by_document_number_as_whoosh_does(searcher: Any) -> None:
    q = compile_node(parse_query("oil").query)
    ranked = top_scored(searcher, q, 1000, Postings(FieldLengths()))
    scores = [score for _, score in ranked]
    assert len(set(scores)) < len(scores)  # the small vocabulary makes equal scores
    assert ranked == sorted(ranked, key=lambda hit: (-hit[1], hit[0]))


def test_filters_and_masks_keep_whooshs_ranking(searcher: Any) -> None:
    rnd = np.random.default_rng(3)
    total = searcher.doc_count_all()
    allow = np.unique(rnd.choice(total, total // 2))
    mask = np.unique(rnd.choice(total, total // 3))
    lengths = FieldLengths()
    for q in compiled(searcher):
        ours = top_scored(searcher, q, 10, Postings(lengths), allow, mask)
        assert ours == whoosh_top(searcher, q, 10, allow, mask), str(q)


def test_deleted_articles_are_never_scored(searcher: Any) -> None:
    reader = searcher.reader()
    deleted = {
        base + d
        for leaf, base in reader.leaf_readers()
        for d in range(leaf.doc_count_all())
        if leaf.is_deleted(d)
    }
    assert deleted
    ranked = top_scored(
        searcher, compile_node(parse_query("oil").query), 1000, Postings(FieldLengths())
    )
    assert not deleted & {docnum for docnum, _ in ranked}


def test_phrases_and_negations_are_left_to_whoosh(searcher: Any) -> None:
    for text in ('"oil price"', "oil -price", "oil*", "crude~"):
        assert not scorable(searcher, compile_node(parse_query(text).query)), text
