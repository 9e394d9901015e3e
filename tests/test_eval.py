"""`newsearch eval`: TREC queries and qrels in, the standard measures out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsearch
from newsearch.cli import cli

pytest.importorskip("ir_measures", reason="ir-measures is the eval extra: pip install '.[eval]'")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory, nltk_ready: None) -> Path:
    root = tmp_path_factory.mktemp("eval")
    docs = [
        {"id": "d1", "title": "Grain exports resume", "body": "Grain ships left the port."},
        {"id": "d2", "title": "Oil prices fall", "body": "Crude fell as demand weakened."},
        {"id": "d3", "title": "Wheat harvest", "body": "Farmers expect a record grain crop."},
    ]
    (root / "docs.jsonl").write_text("\n".join(json.dumps(d) for d in docs), encoding="utf-8")
    newsearch.index_corpus(str(root / "docs.jsonl"), index_dir=str(root / "ix"), workers=1)
    return root / "ix"


def run_eval(index_dir: Path, tmp_path: Path, queries: str, qrels: str) -> tuple[int, str, str]:
    (tmp_path / "q.tsv").write_text(queries, encoding="utf-8")
    (tmp_path / "qrels.trec").write_text(qrels, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["eval", "--queries", str(tmp_path / "q.tsv"), "--qrels", str(tmp_path / "qrels.trec")]
        + ["--index", str(index_dir), "--json"],
    )
    return result.exit_code, result.stdout, result.stderr


def test_perfect_and_failed_topics(index_dir: Path, tmp_path: Path) -> None:
    queries = "1\tgrain exports\n2\tthe of and\n"  # topic 2 is stopwords only: it finds nothing
    qrels = "1 0 d1 1\n2 0 d2 1\n"
    code, out, err = run_eval(index_dir, tmp_path, queries, qrels)
    assert code == 0, err
    scores = json.loads(out)
    assert scores["queries"] == 2
    # topic 1: d1 first (AP 1, nDCG 1, P@10 0.1, recall 1); topic 2: all zero
    assert scores["MAP"] == pytest.approx(0.5)
    assert scores["nDCG@10"] == pytest.approx(0.5)
    assert scores["P@10"] == pytest.approx(0.05)
    assert scores["Recall@100"] == pytest.approx(0.5)


def test_bad_files_are_usage_errors(index_dir: Path, tmp_path: Path) -> None:
    code, _, err = run_eval(index_dir, tmp_path, "1 grain\n", "1 0 d1 1\n")
    assert code == 2 and "expected 'id<TAB>query'" in err
    code, _, err = run_eval(index_dir, tmp_path, "1\tgrain\n", "1 d1 1\n")
    assert code == 2 and "expected 'qid 0 docid relevance'" in err
    (tmp_path / "bad.tsv").write_bytes(b"\xff\xfe1\tgrain\n")
    result = CliRunner().invoke(
        cli,
        ["eval", "--queries", str(tmp_path / "bad.tsv"), "--qrels", str(tmp_path / "qrels.trec")]
        + ["--index", str(index_dir)],
    )
    assert result.exit_code == 2 and "not UTF-8" in result.stderr
