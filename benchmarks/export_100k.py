"""Export speed and memory (issue 15): 100,000 articles out as JSON Lines and CSV.

    python benchmarks/export_100k.py                 # build a 100k index, export it, table
    python benchmarks/export_100k.py --index DIR     # reuse an index built before
    python benchmarks/export_100k.py --corpus gen.jsonl --index DIR  # build from that file

The index holds Reuters-21578 over and over (new ids each pass) up to ``--articles``, or the
records of ``--corpus`` (``benchmarks/gencorpus.py``'s output, repeated if short); it is
written through the backend seam without entity extraction (export does not depend on it and
the full pipeline takes many minutes for 100,000 articles on this machine). Each export runs in
a fresh process, ``newsearch export "" --format F`` with stdout read by this process (lines
counted); wall time and that process's peak RSS (``wait4``) are reported. The baseline is plain
Whoosh on the same index: every stored document (``searcher.documents()``) as one JSON line.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from baseline import SHARED, read_records

REPO = Path(__file__).resolve().parent.parent
BASELINE = """
import json, sys
from whoosh import index
ix = index.open_dir(sys.argv[1], indexname="MAIN")
out = sys.stdout
with ix.searcher() as s:
    for fields in s.documents():
        fields.pop("date", None)
        out.write(json.dumps(fields, ensure_ascii=False) + "\\n")
"""


def build(index_dir: Path, articles: int, corpus: Path | None = None) -> float:
    from newsearch.backend import get_backend
    from newsearch.backend.base import Document
    from newsearch.ingest.records import digest
    from newsearch.models import Entities, Record

    corpus = corpus or SHARED / "corpora" / "reuters21578.jsonl"

    def records() -> Any:
        for rep in itertools.count():
            for rec in read_records(str(corpus)):
                rid = rec.id if rep == 0 else f"{rec.id}~{rep}"
                yield Record(rid, rec.title, rec.body, str(corpus), rec.date, rec.source)

    engine = get_backend("whoosh")
    started = time.perf_counter()
    stream = itertools.islice(records(), articles)
    with engine.open_writer(str(index_dir), rebuild=True, lock_timeout=60, on_wait=print) as w:
        while batch := list(itertools.islice(stream, 20_000)):
            docs = [Document(r, Entities(), digest(r)) for r in batch]
            w.commit([engine.write_part(w.target, docs)], [], {})
        w.save_manifest()
    return time.perf_counter() - started


def measure(cmd: list[str], repo: Path = REPO) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(repo)}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    lines = 0
    while chunk := proc.stdout.read(1 << 20):
        lines += chunk.count(b"\n")
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(f"{cmd} failed ({proc.returncode})")
    cpu = usage.ru_utime + usage.ru_stime  # what a loaded machine's wall time hides
    rss = round(usage.ru_maxrss / 1024)
    return {"seconds": round(seconds, 2), "cpu": round(cpu, 2), "rss_mib": rss, "lines": lines}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--index", type=Path, help="an index built by an earlier run")
    parser.add_argument("--corpus", type=Path, help="a JSONL file to build from (gencorpus.py)")
    parser.add_argument("--before", type=Path, help="also export with the code of this checkout")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="export100k-"))
    index_dir = args.index or tmp / "index"
    if args.index is None or (args.corpus and not index_dir.exists()):
        print(f"building {args.articles:,} articles in {index_dir} ...", file=sys.stderr)
        seconds = build(index_dir, args.articles, args.corpus)
        print(f"build: {seconds:.1f} s", file=sys.stderr)
    print(f"load average: {os.getloadavg()}", file=sys.stderr)
    ns = [sys.executable, "-m", "newsearch", "export", "", "--index", str(index_dir)]
    rows = {
        "newsearch export --format jsonl": measure([*ns, "--format", "jsonl"]),
        "newsearch export --format csv": measure([*ns, "--format", "csv"]),
        "newsearch export --fields id,date,title": measure([*ns, "--fields", "id,date,title"]),
        "baseline: plain Whoosh documents() as JSON": measure(
            [sys.executable, "-c", BASELINE, str(index_dir)]
        ),
    }
    if args.before:
        for fmt in ("jsonl", "csv"):
            rows[f"before ({args.before}): --format {fmt}"] = measure(
                [*ns, "--format", fmt], args.before
            )
    base = rows["baseline: plain Whoosh documents() as JSON"]["seconds"]
    base_cpu = rows["baseline: plain Whoosh documents() as JSON"]["cpu"]
    print(f"| export of {args.articles:,} articles | wall | CPU | peak RSS | lines | vs baseline |")
    print("|---|---|---|---|---|---|")
    for name, r in rows.items():
        ratio = f"{r['seconds'] / base:.2f}x wall, {r['cpu'] / base_cpu:.2f}x CPU" if base else "-"
        print(
            f"| {name} | {r['seconds']} s | {r['cpu']} s | {r['rss_mib']} MiB | {r['lines']:,} "
            f"| {ratio} |"
        )
    print(json.dumps(rows), file=sys.stderr)


if __name__ == "__main__":
    main()
