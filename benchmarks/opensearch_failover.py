"""Failover proof of the OpenSearch backend: one node of three killed during a query loop.

    python benchmarks/opensearch_failover.py [--articles 1000] [--seconds 60]

Starts three OpenSearch JVMs on loopback (``newsearch opensearch start --nodes 3`` in-process),
indexes the first ``--articles`` Reuters stories into an index of 3 shards and 1 replica, then
runs searches with facets in a loop (through node 1, as a client behind a coordinating node)
while another thread samples the cluster health. After a few seconds one node (the elected
cluster manager when that is not node 1) is killed with SIGKILL; when the cluster is yellow it
is started again; the loop goes on until the cluster is green again. Printed: queries answered
and failed before, during and after, health over time, the time back to green, and an indexing
run afterwards (new articles added, nothing lost). Every JVM is stopped at the end.

The baseline in the same run: the queries per second with all three nodes up (the "before"
phase); the "degraded" phase prints its ratio to it.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from queries import QUERIES  # noqa: E402

import newsearch  # noqa: E402
from newsearch.backend.opensearch import node  # noqa: E402
from newsearch.backend.opensearch.client import connect, parse_location  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpora" / "reuters21578.jsonl"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seconds", type=float, default=120.0, help="longest wait for green")
    ap.add_argument("--port", type=int, default=9260)
    args = ap.parse_args()
    os.environ["NEWSEARCH_SHARDS"], os.environ["NEWSEARCH_REPLICAS"] = "3", "1"
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    work = Path(tempfile.mkdtemp(prefix="failover-"))
    corpus = work / "news"
    corpus.mkdir()
    (corpus / "a.jsonl").write_text("\n".join(lines[: args.articles]) + "\n", encoding="utf-8")
    log("starting 3 nodes")
    started = time.monotonic()
    cluster = node.start(nodes=3, port=args.port)
    try:
        log(f"3 nodes up in {time.monotonic() - started:.1f} s: {cluster.http}")
        return run(cluster, corpus, args, lines)
    finally:
        node.stop(cluster)
        log("all JVMs stopped")


def run(cluster: node.Cluster, corpus: Path, args: argparse.Namespace, lines: list[str]) -> int:
    location = f"{cluster.url}/failover"
    client = connect(parse_location(location))
    client.cluster.health(wait_for_nodes="3", request_timeout=120)
    t0 = time.monotonic()
    report = newsearch.index_corpus(str(corpus), index_dir=location, rebuild=True)
    log(f"indexed {report.added} articles in {time.monotonic() - t0:.1f} s")
    client.cluster.health(index="failover", wait_for_status="green", request_timeout=120)
    ix = newsearch.open_index(location)
    before_count = len(ix)
    for q in QUERIES:  # warm up (NLTK's stemmer, the snippets' first words): not measured
        ix.search(q, facets=True, timeline=True)
    counts = {"ok": 0, "failed": 0}
    phases: dict[str, list[int]] = {"before": [0, 0], "degraded": [0, 0], "after": [0, 0]}
    phase = ["before"]
    errors: list[str] = []
    health: list[tuple[float, str]] = []
    stop = threading.Event()

    def query_loop() -> None:
        i = 0
        while not stop.is_set():
            q = QUERIES[i % len(QUERIES)]
            i += 1
            try:
                ix.search(q, facets=True, timeline=True)
                counts["ok"] += 1
                phases[phase[0]][0] += 1
            except newsearch.NewsearchError as exc:
                counts["failed"] += 1
                phases[phase[0]][1] += 1
                errors.append(str(exc))

    def health_loop() -> None:
        last = ""
        while not stop.is_set():
            try:
                status = client.cluster.health(request_timeout=5)["status"]
            except Exception as exc:  # noqa: BLE001 - recorded as such
                status = f"no answer ({type(exc).__name__})"
            if status != last:
                health.append((time.monotonic() - start, status))
                last = status
            time.sleep(0.2)

    start = time.monotonic()
    threads = [threading.Thread(target=f, daemon=True) for f in (query_loop, health_loop)]
    for t in threads:
        t.start()
    time.sleep(10)
    manager = client.cat.cluster_manager(format="json")[0]["node"]
    victim = 2 if manager == "node-1" else int(manager.split("-")[1]) - 1
    log(f"SIGKILL node-{victim + 1} (pid {cluster.pids[victim]}; manager was {manager})")
    killed_at = time.monotonic() - start
    phase[0] = "degraded"
    os.kill(cluster.pids[victim], signal.SIGKILL)
    os.waitpid(cluster.pids[victim], 0)
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline and not any(s == "yellow" for _, s in health):
        time.sleep(0.2)
    time.sleep(5)  # keep querying a degraded cluster
    log(f"restarting node-{victim + 1}")
    restart_at = time.monotonic() - start
    node.restart_node(cluster, victim)
    client.cluster.health(
        index="failover", wait_for_status="green", wait_for_nodes="3", request_timeout=300
    )
    green_at = time.monotonic() - start
    phase[0] = "after"
    time.sleep(5)
    stop.set()
    for t in threads:
        t.join()
    (corpus / "b.jsonl").write_text(
        "\n".join(lines[args.articles : args.articles + 200]) + "\n", encoding="utf-8"
    )
    again = newsearch.index_corpus(str(corpus), index_dir=location)
    after_count = len(ix)
    ix.close()
    qps = max(phases["before"][0], 1) / 10
    degraded_s = green_at - killed_at
    print(f"queries answered {counts['ok']}, failed {counts['failed']}")
    for name, (ok, bad) in phases.items():
        print(f"  {name:9s} ok {ok:5d}  failed {bad}")
    print(
        f"  queries/s before {qps:.1f}, degraded {phases['degraded'][0] / degraded_s:.1f} "
        f"(ratio {phases['degraded'][0] / degraded_s / qps:.2f})"
    )
    print(
        f"killed at {killed_at:.1f} s, restarted at {restart_at:.1f} s, green at {green_at:.1f} s"
    )
    print("health: " + ", ".join(f"{t:.1f}s {s}" for t, s in health))
    print(
        f"index run afterwards: {again.added} added, {again.unchanged} unchanged, "
        f"{again.removed} removed; articles {before_count} -> {after_count}"
    )
    if errors:
        print(f"first error: {errors[0]}")
    fine = after_count == before_count + again.added and again.removed == 0
    print("nothing lost" if fine else "ARTICLES LOST")
    return 0 if fine else 1


if __name__ == "__main__":
    raise SystemExit(main())
