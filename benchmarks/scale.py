"""The scale series of bench.py (``--scale``): generated corpora of 20k, 100k and 300k articles
(``--scale-1m`` adds 1,000,000; ``--scale-sizes`` chooses others), each built by newsearch and
by plain Whoosh in fresh processes, then queried.

Per size: build wall time, seconds per 1,000 articles, peak RSS summed over the process tree,
index size on disk, query p50/p95 (top 10 without snippets; with snippets, facets and
timeline), the CLI end to end in a fresh process (``newsearch query oil -n 5``, and with
``--facets --timeline``; plain Whoosh: a fresh process that opens its index and prints the top
5 for the same query) and the API's cold start (open, first search, first facets). The corpora
come from :mod:`gencorpus` (deterministic by seed).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _measure import table, time_command

HERE = Path(__file__).resolve().parent
SIZES = (20_000, 100_000, 300_000)
ONE_MILLION = 1_000_000
CLI_QUERY = "oil"
BASELINE_QUERY = (
    "import sys; sys.path.insert(0, {here!r}); import whoosh.index; "
    "from baseline import BaselineSearcher; "
    "s = BaselineSearcher(whoosh.index.open_dir({index!r})); "
    "print('\\n'.join(s.search({query!r}, 5)))"
)


def sizes_of(args: Any) -> list[int]:
    sizes = [int(s) for s in args.scale_sizes.split(",")] if args.scale_sizes else list(SIZES)
    if args.scale_1m:
        sizes.append(ONE_MILLION)
    return sizes


def cli_times(ns_dir: Path, bl_dir: Path, runs: int, env: dict[str, str]) -> dict[str, float]:
    script = Path(sys.executable).parent / "newsearch"
    ns = [str(script)] if script.exists() else [sys.executable, "-m", "newsearch"]
    query = [*ns, "query", CLI_QUERY, "-n", "5", "--index", str(ns_dir)]
    code = BASELINE_QUERY.format(here=str(HERE), index=str(bl_dir), query=CLI_QUERY)
    time_command(query, 1, env)  # warm the page cache
    return {
        "cli_newsearch": round(time_command(query, runs, env), 3),
        "cli_facets_newsearch": round(
            time_command([*query, "--facets", "--timeline"], runs, env), 3
        ),
        "cli_baseline": round(time_command([sys.executable, "-c", code], runs, env), 3),
    }


def cold_start(ns_dir: Path, env: dict[str, str]) -> dict[str, Any]:
    cmd = [sys.executable, str(HERE / "_coldstart.py"), str(ns_dir), CLI_QUERY]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def run_scale(
    args: Any,
    tmp: Path,
    log: Callable[[str], None],
    build_ns: Callable[[Path, Path], dict[str, Any]],
    build_bl: Callable[[Path, Path], dict[str, Any]],
    queries: Callable[..., dict[str, Any]],
    env: dict[str, str],
) -> list[dict[str, Any]]:
    import gencorpus

    out = []
    for n in sizes_of(args):
        path = tmp / f"gen-{n}.jsonl"
        log(f"scale {n:,}: generating the corpus (seed {args.seed})")
        gencorpus.write(path, n, args.seed)
        ns_dir, bl_dir = tmp / f"ix-ns-{n}", tmp / f"ix-bl-{n}"
        bl = build_bl(path, bl_dir)
        log(f"  baseline {bl['seconds']:.1f} s, peak {bl['peak_rss_mib']:.0f} MiB")
        ns = build_ns(path, ns_dir)
        log(f"  newsearch {ns['seconds']:.1f} s, peak {ns['peak_rss_mib']:.0f} MiB")
        row: dict[str, Any] = {"articles": n, "newsearch": ns, "baseline": bl}
        row["cold"] = cold_start(ns_dir, env)
        row["cli"] = cli_times(ns_dir, bl_dir, args.startup_runs, env)
        log(f"  cold start {row['cold']}, CLI {row['cli']}")
        row["queries"] = queries(ns_dir, bl_dir, max(1, min(args.runs, 2)), whoosh_facets=False)
        out.append(row)
        if args.save:  # each size as soon as it is measured: the large ones take long
            Path(f"{args.save}.scale-{n}.json").write_text(json.dumps(row, indent=2))
        path.unlink()
        if not args.keep:
            for d in (ns_dir, bl_dir):
                shutil.rmtree(d, ignore_errors=True)
    return out


def _r(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "-"


def scale_table(rows_in: list[dict[str, Any]]) -> str:
    rows = []
    for s in rows_in:
        ns, bl, q, cli, cold = s["newsearch"], s["baseline"], s["queries"], s["cli"], s["cold"]
        n = s["articles"]

        def pair(a: float, b: float, fmt: str = ".2f") -> str:
            return f"{a:{fmt}} / {b:{fmt}} ({_r(a, b)})"

        rows += [
            [f"{n:,}", "build s", pair(ns["seconds"], bl["seconds"], ".1f")],
            ["", "build s per 1k articles", pair(ns["seconds"] / n * 1e3, bl["seconds"] / n * 1e3)],
            ["", "peak RSS MiB (tree)", pair(ns["peak_rss_mib"], bl["peak_rss_mib"], ".0f")],
            ["", "index MiB", pair(ns["index_mib"], bl["index_mib"], ".1f")],
        ]
        for mode, label in (("search", "no snippets"), ("snippets", "snippets")):
            for p in ("p50", "p95"):
                a, b = q[f"{mode}_newsearch_{p}"], q[f"{mode}_baseline_{p}"]
                rows.append(["", f"query {p} ms, {label}", pair(a, b)])
        for p in ("p50", "p95"):
            a, b = q[f"facets_newsearch_{p}"], q[f"snippets_baseline_{p}"]
            rows.append(["", f"query {p} ms, facets+timeline [a]", pair(a, b)])
        rows += [
            [
                "",
                f"CLI `query {CLI_QUERY} -n 5` s",
                pair(cli["cli_newsearch"], cli["cli_baseline"]),
            ],
            [
                "",
                "CLI + --facets --timeline s [b]",
                pair(cli["cli_facets_newsearch"], cli["cli_baseline"]),
            ],
            [
                "",
                "API open / first search / first facets s",
                f"{cold['open']:.3f} / {cold['first_search']:.3f} / {cold['first_facets']:.3f}",
            ],
        ]
    return (
        table(rows, ["articles", "figure", "newsearch / plain Whoosh (ratio)"])
        + "\n[a] baseline: its search with highlights (no facets). [b] baseline: the same "
        "plain query process (no facets).\nRSS: peak, summed over the process tree. "
        "Corpora: benchmarks/gencorpus.py (seeded)."
    )
