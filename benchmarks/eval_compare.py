"""Ranking quality of newsearch beside plain Whoosh, on the same articles and queries.

    python benchmarks/eval_compare.py [--corpus ../shared/corpora/reuters21578.jsonl]
        [--queries ../shared/eval/reuters-topics/queries.tsv]
        [--qrels ../shared/eval/reuters-topics/qrels.trec] [--index DIR]

Builds (or reuses, with ``--index``) a newsearch index and builds a baseline index in a temp
folder, runs every query through both (top 1000) and prints MAP, nDCG@10, P@10, Recall@100.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from baseline import SHARED, BaselineSearcher, build_baseline, read_records


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(SHARED / "corpora" / "reuters21578.jsonl"))
    ap.add_argument("--queries", default=str(SHARED / "eval" / "reuters-topics" / "queries.tsv"))
    ap.add_argument("--qrels", default=str(SHARED / "eval" / "reuters-topics" / "qrels.trec"))
    ap.add_argument("--index", help="an existing newsearch index of the corpus (else built)")
    args = ap.parse_args()
    for path in (args.corpus, args.queries, args.qrels):
        if not Path(path).exists():
            print(f"skipped: {path} not found (it lives in ../shared)", file=sys.stderr)
            return 0

    import newsearch
    from newsearch.evaluate import make_run, measure, read_qrels, read_queries

    queries, qrels = read_queries(args.queries), read_qrels(args.qrels)
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = args.index or str(Path(tmp) / "newsearch")
        if not args.index:
            report = newsearch.index_corpus(args.corpus, index_dir=index_dir)
            print(f"newsearch index: {report.added} articles in {report.seconds:.1f} s")
        ix, seconds, n = build_baseline(read_records(args.corpus), Path(tmp) / "baseline")
        print(f"baseline index: {n} articles in {seconds:.1f} s")
        base = BaselineSearcher(ix)
        ours = newsearch.open_index(index_dir)
        rows = {
            "plain Whoosh": measure(make_run(base.ranked_ids, queries), qrels),
            "newsearch": measure(
                make_run(lambda t: ours.ranked_ids(t, limit=1000), queries), qrels
            ),
        }
        base.close()
        ours.close()
    names = list(next(iter(rows.values())))
    print(f"\n{'':<14}" + "".join(f"{n:>12}" for n in names))
    for label, scores in rows.items():
        print(f"{label:<14}" + "".join(f"{scores[n]:>12.4f}" for n in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
