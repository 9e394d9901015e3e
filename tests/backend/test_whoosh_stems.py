"""The stems an index keeps: NLTK's own, so a query process stems without loading NLTK."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import newsearch
from newsearch.analysis import STOPWORDS, TOKEN_PATTERN, normalize_token
from newsearch.backend.whoosh.stems import KnownStems

REPO = Path(__file__).resolve().parents[2]


def _table(index_dir: Path) -> dict[str, str]:
    with sqlite3.connect(index_dir / "stems.sqlite") as db:
        return dict(db.execute("SELECT word, stem FROM stems"))


def _search_in_fresh_process(index_dir: Path, query: str) -> str:
    code = (
        "import sys, newsearch\n"
        f"ix = newsearch.open_index({str(index_dir)!r})\n"
        f"r = ix.search({query!r})\n"
        "print('nltk' in sys.modules, r.total, r.hits[0].id if r.hits else '-')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_kept_stems_are_nltks_over_the_whole_vocabulary(news_index: Path) -> None:
    from nltk.stem.snowball import EnglishStemmer

    table = _table(news_index)
    stemmer = EnglishStemmer()
    assert len(table) > 100
    assert all(stemmer.stem(word) == stem for word, stem in table.items())
    with newsearch.open_index(news_index) as ix:
        for hit in ix.search("", sources=["Feed"], limit=100):  # every word of some articles
            article = ix.get(hit.id)
            for match in TOKEN_PATTERN.finditer(f"{article.title} {article.body}"):
                word = normalize_token(match.group(0))
                if word.isalpha() and word not in STOPWORDS:
                    assert word in table, word


def test_a_query_process_does_not_load_nltk(news_index: Path) -> None:
    expected = _search_in_fresh_process(news_index, "drones Iran")
    assert expected.startswith("False ")
    assert expected.split()[1] != "0"


def test_a_damaged_stems_file_only_costs_time(news_index: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "index"
    shutil.copytree(news_index, copy)
    before = _search_in_fresh_process(copy, "drones Iran")
    (copy / "stems.sqlite").write_bytes(b"not a database" * 100)
    after = _search_in_fresh_process(copy, "drones Iran")
    assert after.split()[1:] == before.split()[1:]  # same total, same first hit
    assert after.startswith("True ")  # NLTK was needed this time


@pytest.mark.parametrize("word", ["flummoxing", "zzyzxes"])
def test_an_unseen_word_falls_back_to_nltk(news_index: Path, word: str) -> None:
    out = _search_in_fresh_process(news_index, word)
    assert out.startswith("True 0")


def test_the_words_of_a_stem_are_found_without_reading_the_whole_table(news_index: Path) -> None:
    """Did-you-mean asks which words a stem stands for: an index on the stems answers it (a
    scan of every word seen, per candidate, cost 93 ms a suggestion at 100,000 articles)."""
    with sqlite3.connect(news_index / "stems.sqlite") as db:
        plan = db.execute("EXPLAIN QUERY PLAN SELECT word FROM stems WHERE stem = ?", ("rate",))
        detail = " ".join(str(row[-1]) for row in plan)
    assert "USING INDEX stems_by_stem" in detail or "USING COVERING INDEX stems_by_stem" in detail
    stems = KnownStems(news_index)
    try:
        words = stems.words_of(stems("drones") or "")
    finally:
        stems.close()
    assert "drones" in words


@pytest.mark.parametrize("word", ["drone", "dron", "strke", "depo", "bordr", "fuell", "x"])
def test_near_terms_from_the_stems_file_are_whooshs_own(news_index: Path, word: str) -> None:
    """Did-you-mean's candidates of a stemmed field come from the stems file's index: the same
    terms (with their frequencies) as Whoosh's walk of the field's term list."""
    from newsearch.backend.whoosh.reader import WhooshReader

    reader = WhooshReader(str(news_index))
    try:
        whoosh = reader._current()[0].reader()
        for field in ("title", "body"):
            ours = reader.terms_within(field, word, 2, 1)
            theirs = sorted(
                (t, f)
                for t in whoosh.terms_within(field, word, 2, prefix=1)
                if (f := whoosh.doc_frequency(field, t))
            )
            assert sorted(ours) == theirs, field
    finally:
        reader.close()
