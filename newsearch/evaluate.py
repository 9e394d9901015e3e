"""Evaluation: how well the index ranks, on TREC-format queries and relevance judgments.

``queries.tsv`` holds ``id<TAB>query text`` lines; ``qrels.trec`` holds
``query-id 0 doc-id relevance`` lines. Each query runs through the same search as the CLI
(lenient parsing, top :data:`DEPTH`), and ir-measures (the ``eval`` extra) computes MAP,
nDCG@10, P@10 and Recall@100 over the run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from .errors import NewsearchError, QueryError, UsageError

DEPTH = 1000  # ranked articles per query
MEASURES = ("AP", "nDCG@10", "P@10", "R@100")
LABELS = {"AP": "MAP", "nDCG@10": "nDCG@10", "P@10": "P@10", "R@100": "Recall@100"}

Run = dict[str, dict[str, float]]
Qrels = dict[str, dict[str, int]]


def read_queries(path: str | Path) -> dict[str, str]:
    """``id<TAB>text`` lines (blank lines and ``#`` comments skipped)."""
    queries: dict[str, str] = {}
    for n, line in enumerate(_lines(path), 1):
        if not line.strip() or line.startswith("#"):
            continue
        qid, sep, text = line.partition("\t")
        if not sep or not text.strip():
            raise UsageError(f"{path}:{n}: expected 'id<TAB>query', got {line.strip()!r}")
        queries[qid.strip()] = text.strip()
    return queries


def read_qrels(path: str | Path) -> Qrels:
    """TREC qrels: ``qid iter docid relevance`` per line."""
    qrels: Qrels = {}
    for n, line in enumerate(_lines(path), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 4 or not parts[3].lstrip("-").isdigit():
            raise UsageError(f"{path}:{n}: expected 'qid 0 docid relevance', got {line.strip()!r}")
        qrels.setdefault(parts[0], {})[parts[2]] = int(parts[3])
    return qrels


def _lines(path: str | Path) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def make_run(search: Callable[[str], list[tuple[str, float]]], queries: Mapping[str, str]) -> Run:
    """Ranked (doc id, score) lists of each query, as a TREC run."""
    run: Run = {}
    for qid, text in queries.items():
        try:
            ranked = search(text)
        except QueryError:  # e.g. a topic of stopwords only: it retrieves nothing
            ranked = []
        # ties and boosted scores: give strictly decreasing scores so rank order is kept
        run[qid] = {doc: float(len(ranked) - i) for i, (doc, _score) in enumerate(ranked)}
    return run


def measure(run: Run, qrels: Qrels) -> dict[str, float]:
    """MAP, nDCG@10, P@10 and Recall@100 averaged over the judged queries."""
    try:
        import ir_measures
    except ImportError:
        raise NewsearchError(
            "evaluation needs ir-measures: pip install 'newsearch[eval]'"
        ) from None
    measures = [ir_measures.parse_measure(m) for m in MEASURES]
    judged = {qid: docs for qid, docs in run.items() if qid in qrels}
    for qid in qrels:
        judged.setdefault(qid, {})
    scores = ir_measures.calc_aggregate(measures, qrels, judged)
    return {LABELS[str(m)]: round(float(scores[m]), 4) for m in measures}
