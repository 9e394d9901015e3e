"""Ranking quality of newsearch beside plain Whoosh, on the same articles and queries.

    python benchmarks/eval_compare.py [--corpus ../shared/corpora/reuters21578.jsonl]
        [--queries ../shared/eval/reuters-topics/queries.tsv]
        [--qrels ../shared/eval/reuters-topics/qrels.trec] [--index DIR]

Builds (or reuses, with ``--index``) a newsearch index and builds a baseline index in a temp
folder, runs every query through both (top 1000) and prints MAP, nDCG@10, P@10, Recall@100.

The BBC set judged for this project (``benchmarks/bbc``: 30 questions, qrels over ids relative
to the corpus folder, see its README)::

    python benchmarks/eval_compare.py --corpus ../shared/corpora/bbc \
        --queries benchmarks/bbc/queries.tsv --qrels benchmarks/bbc/qrels.trec
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
    folder = Path(args.corpus)

    def relative(search):  # ids of files of a corpus folder: the path inside it, as judged
        if not folder.is_dir():
            return search
        # the baseline's ids start with the folder as given, newsearch's with its name
        prefixes = (str(folder).rstrip("/") + "/", folder.resolve().name + "/")

        def inside(doc_id: str) -> str:
            for prefix in prefixes:
                if doc_id.startswith(prefix):
                    return doc_id[len(prefix) :]
            return doc_id

        return lambda text: [(inside(d), s) for d, s in search(text)]

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
            "plain Whoosh": measure(make_run(relative(base.ranked_ids), queries), qrels),
            "newsearch": measure(
                make_run(relative(lambda t: ours.ranked_ids(t, limit=1000)), queries), qrels
            ),
        }
        base.close()
        ours.close()
    names = list(next(iter(rows.values())))
    print(f"\n{'':<14}" + "".join(f"{n:>12}" for n in names))
    for label, scores in rows.items():
        print(f"{label:<14}" + "".join(f"{scores[n]:>12.4f}" for n in names))
    ratio = rows["newsearch"]["nDCG@10"] / (rows["plain Whoosh"]["nDCG@10"] or 1)
    print(f"nDCG@10 ratio: {ratio:.3f}x plain Whoosh")
    return 0


if __name__ == "__main__":
    sys.exit(main())
