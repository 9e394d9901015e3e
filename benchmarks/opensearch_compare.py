"""Whoosh beside OpenSearch on the same articles: build time, query latency, memory, ranking.

    python benchmarks/opensearch_compare.py [--articles N] [--runs 3]

Starts one local OpenSearch node (``newsearch opensearch start`` in-process, 512 MiB heap),
builds both indexes of the same Reuters-21578 articles in fresh processes as a user does
(``newsearch index CORPUS --rebuild``, with ``--url`` for OpenSearch), each timed with the peak
RSS of its process tree; the JVM's peak RSS is read from /proc. Then the benchmark queries
(``queries.py``) run with facets and a timeline, alternating engine by engine so both see the
same machine noise (p50 and p95 over ``--runs`` rounds), and the Reuters-topics queries
(``../shared/eval``) are ranked by both: nDCG@10 of each, and how many of the top 10 they
share. Whoosh is the baseline: every figure is printed with the ratio OpenSearch / Whoosh.
The node is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from _measure import percentile, run_measured, table  # noqa: E402
from queries import QUERIES  # noqa: E402

import newsearch  # noqa: E402
from newsearch.backend.opensearch import node  # noqa: E402
from newsearch.evaluate import make_run, measure, read_qrels, read_queries  # noqa: E402

CORPUS = SHARED / "corpora" / "reuters21578.jsonl"
TOPICS = SHARED / "eval" / "reuters-topics"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def jvm_peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=0, help="first N articles (0: all)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--port", type=int, default=9270)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="compare-"))
    corpus = CORPUS
    if args.articles:
        corpus = work / "reuters.jsonl"
        lines = CORPUS.read_text(encoding="utf-8").splitlines()[: args.articles]
        corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cluster = node.start(port=args.port)
    try:
        return compare(cluster, corpus, work, args)
    finally:
        node.stop(cluster)
        log("node stopped")


def compare(cluster: node.Cluster, corpus: Path, work: Path, args: argparse.Namespace) -> int:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cli = [sys.executable, "-m", "newsearch", "index", str(corpus), "--rebuild"]
    whoosh_dir = str(work / "index")
    location = f"{cluster.url}/compare"
    log("building the Whoosh index")
    w = run_measured([*cli, "--index", whoosh_dir], env=env)
    log(f"  {w.wall:.1f} s; building the OpenSearch index")
    o = run_measured([*cli, "--url", cluster.url, "--index", "compare"], env=env)
    log(f"  {o.wall:.1f} s")
    if w.returncode or o.returncode:
        print(w.stderr[-2000:], o.stderr[-2000:], file=sys.stderr)
        return 1
    jvm = jvm_peak_mib(cluster.pids[0])
    ixw, ixo = newsearch.open_index(whoosh_dir), newsearch.open_index(location)
    times: dict[str, list[float]] = {"whoosh": [], "opensearch": []}
    for _ in range(args.runs):
        for q in QUERIES:
            for name, ix in (("whoosh", ixw), ("opensearch", ixo)):
                t = time.perf_counter()
                ix.search(q, facets=True, timeline=True)
                times[name].append(time.perf_counter() - t)
    rows = [
        ["articles", str(len(ixw)), str(len(ixo)), ""],
        ["build wall s", f"{w.wall:.1f}", f"{o.wall:.1f}", f"{o.wall / w.wall:.2f}"],
        ["build peak RSS MiB (Python)", f"{w.peak_rss_mib:.0f}", f"{o.peak_rss_mib:.0f}",
         f"{o.peak_rss_mib / w.peak_rss_mib:.2f}"],
        ["JVM peak RSS MiB", "-", f"{jvm:.0f}", ""],
    ]  # fmt: skip
    for pct in (50, 95):
        pw = percentile(times["whoosh"], pct) * 1000
        po = percentile(times["opensearch"], pct) * 1000
        rows.append(
            [f"query p{pct} ms (facets, timeline)", f"{pw:.1f}", f"{po:.1f}", f"{po / pw:.2f}"]
        )
    if TOPICS.is_dir():
        queries = read_queries(TOPICS / "queries.tsv")
        qrels = read_qrels(TOPICS / "qrels.trec")
        runs = {
            name: make_run(lambda q, ix=ix: ix.ranked_ids(q, limit=100), queries)
            for name, ix in (("whoosh", ixw), ("opensearch", ixo))
        }
        nw, no = measure(runs["whoosh"], qrels), measure(runs["opensearch"], qrels)
        for key in nw:
            rows.append([f"reuters-topics {key}", f"{nw[key]:.4f}", f"{no[key]:.4f}",
                         f"{no[key] / nw[key]:.3f}" if nw[key] else ""])  # fmt: skip
        overlap = []
        for qid in queries:
            top_w = list(runs["whoosh"][qid])[:10]
            top_o = set(list(runs["opensearch"][qid])[:10])
            if top_w:
                overlap.append(len(set(top_w) & top_o) / len(top_w))
        rows.append(["top-10 overlap (mean)", "", f"{sum(overlap) / len(overlap):.3f}", ""])
    print(table(rows, ["", "whoosh", "opensearch", "ratio"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
