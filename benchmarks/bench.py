"""Speed benchmark (issue 6): newsearch beside plain Whoosh, measured in one run.

    python benchmarks/bench.py                      # full Reuters-21578, table on stdout
    python benchmarks/bench.py --quick              # first 3,000 articles: a smoke run
    python benchmarks/bench.py --runs 5 --json      # query medians of 5 runs, JSON on stdout
    python benchmarks/bench.py --scale              # + generated 20k/100k/300k series
    python benchmarks/bench.py --scale --scale-1m   # ... and 1,000,000 articles (about an hour)
    python benchmarks/bench.py --only-extra --scale --scale-sizes 20000,100000
    python benchmarks/bench.py --rss-100k           # + peak RSS indexing 100,000 articles
    python benchmarks/bench.py --cold NS_DIR BL_DIR  # start-up rows of issue 17, built indexes

Both indexes are built in fresh processes, one after the other: newsearch as a user runs it
(``python -m newsearch index CORPUS --index DIR --rebuild``), the baseline through
``benchmarks/_baseline_build.py`` (see ``baseline.py``: title and body as stored TEXT with
StemmingAnalyzer, one process, one commit). Wall time and the peak RSS summed over each process
tree (sampled from /proc every 0.1 s) are measured from outside. Query latencies are measured
in this process, newsearch and baseline alternating query by query so that both see the same
machine noise; each figure is the median over ``--runs`` of the per-run p50 / p95.

The newsearch measured is the source tree this file lives in (``PYTHONPATH`` points at it), so
a copy of the repo benchmarks that copy.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import itertools
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "reuters21578.jsonl"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import cold  # noqa: E402
import scale  # noqa: E402
from _measure import ProcResult, dir_size, percentile, run_measured, table, time_command  # noqa: E402
from queries import QUERIES  # noqa: E402

QUICK_ARTICLES = 3000
RSS_ARTICLES = 100_000
MIB = 2**20


def log(msg: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.setdefault("NLTK_DATA", str(REPO.parent / "shared" / "nltk_data"))
    return env


# -- corpora -----------------------------------------------------------------------------------
def input_bytes(corpus: Path) -> int:
    return corpus.stat().st_size if corpus.is_file() else dir_size(corpus)


def _docs(corpus: Path, passes: int | None) -> Iterator[dict[str, str]]:
    """The articles of ``corpus`` as JSON objects, ``passes`` times over (forever when None),
    with new ids after the first pass; streamed, never holding the corpus."""
    from baseline import read_records

    rep = 0
    while passes is None or rep < passes:
        found = 0
        for rec in read_records(str(corpus)):
            doc = {"id": rec.id if rep == 0 else f"{rec.id}~{rep}", "title": rec.title}
            doc["body"] = rec.body
            if rec.date is not None:
                doc["date"] = rec.date.isoformat()
            for key in ("source", "url", "author"):
                if getattr(rec, key):
                    doc[key] = getattr(rec, key)
            found += 1
            yield doc
        if not found:
            raise SystemExit(f"no articles in {corpus}")
        rep += 1


def write_corpus(corpus: Path, out: Path, articles: int | None, repeat: int | None = 1) -> int:
    """Write ``corpus`` to a .jsonl file, ``repeat`` times over (as often as needed for
    ``articles`` when None), stopping after ``articles`` when given. Returns the count."""
    written = 0
    with out.open("w", encoding="utf-8") as fh:
        for doc in itertools.islice(_docs(corpus, repeat), articles):
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
            written += 1
    return written


# -- builds ------------------------------------------------------------------------------------
def build_newsearch(corpus: Path, index_dir: Path, rebuild: bool = True) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "newsearch", "index", str(corpus), "--index", str(index_dir)]
    if rebuild:
        cmd.append("--rebuild")
    cmd.append("--json")
    res = run_measured(cmd, env=child_env())
    _check(res, "newsearch index")
    report = json.loads(res.stdout)
    return _build_figures(res, report.get("added", 0) + report.get("updated", 0), index_dir) | {
        "report": {k: report.get(k) for k in ("added", "updated", "unchanged", "skipped")},
        "inner_seconds": report.get("seconds"),
    }


def build_baseline_proc(corpus: Path, index_dir: Path) -> dict[str, Any]:
    if index_dir.exists():
        shutil.rmtree(index_dir)
    cmd = [sys.executable, str(HERE / "_baseline_build.py"), str(corpus), str(index_dir)]
    res = run_measured(cmd, env=child_env())
    _check(res, "baseline build")
    out = json.loads(res.stdout.strip().splitlines()[-1])
    return _build_figures(res, out["articles"], index_dir) | {"inner_seconds": out["seconds"]}


def _check(res: ProcResult, what: str) -> None:
    if res.returncode != 0:
        sys.stderr.write(res.stderr[-4000:])
        raise SystemExit(f"{what} failed with exit code {res.returncode}")


def _build_figures(res: ProcResult, articles: int, index_dir: Path) -> dict[str, Any]:
    return {
        "articles": articles,
        "seconds": round(res.wall, 3),
        "cpu_seconds": round(res.cpu_seconds, 2),
        "peak_rss_mib": round(res.peak_rss_mib, 1),
        "peak_procs": res.peak_procs,
        "max_single_rss_mib": round(res.max_single_rss_mib, 1),
        "index_mib": round(dir_size(index_dir) / MIB, 1),
    }


# -- queries -----------------------------------------------------------------------------------
class Engines:
    """Both indexes opened for searching in this process, one callable per measured mode."""

    def __init__(self, ns_dir: Path, bl_dir: Path) -> None:
        import whoosh.index
        from baseline import BaselineSearcher

        import newsearch

        self.ns = newsearch.open_index(ns_dir)
        self.ns_dir = str(ns_dir)
        self._ns_whoosh: Any = None
        self.bl = BaselineSearcher(whoosh.index.open_dir(str(bl_dir)))
        self.has_timeline = "timeline" in inspect.signature(self.ns.search).parameters
        extra = {"timeline": True} if self.has_timeline else {}
        ns, bl = self.ns, self.bl
        self.modes: dict[str, tuple[Callable[[str], Any], Callable[[str], Any]]] = {
            "search": (
                lambda q: ns.ranked_ids(q, limit=10),
                lambda q: bl.search(q, 10, highlights=False),
            ),
            "snippets": (
                lambda q: ns.search(q, limit=10),
                lambda q: bl.search(q, 10, highlights=True),
            ),
            "facets": (
                lambda q: ns.search(q, limit=10, facets=True, **extra),
                lambda q: bl.search(q, 10, highlights=True),
            ),
        }

    def whoosh_facets(self, q: str) -> Any:
        """Whoosh's own overlapping facets on newsearch's index (a reference figure): the index
        opened with plain Whoosh, the query parsed Whoosh's way, ``groupedby`` facets."""
        from whoosh import sorting

        if self._ns_whoosh is None:
            import whoosh.index
            from baseline import BaselineSearcher

            self._ns_whoosh = BaselineSearcher(whoosh.index.open_dir(self.ns_dir, indexname="MAIN"))
        plain = self._ns_whoosh
        facets = {
            "people": sorting.FieldFacet("people", allow_overlap=True),
            "countries": sorting.FieldFacet("countries", allow_overlap=True),
        }
        results = plain.searcher.search(plain.parser.parse(q), limit=10, groupedby=facets)
        return [results.groups(name) for name in facets]

    def close(self) -> None:
        self.ns.close()
        self.bl.close()


def _timed(fn: Callable[[str], Any], q: str) -> float:
    started = time.perf_counter()
    fn(q)
    return (time.perf_counter() - started) * 1000.0


class QueryTimeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise QueryTimeout


def usable_queries(eng: Engines, timeout: int = 20) -> tuple[list[str], list[str]]:
    """The queries that run in every mode on both engines (the warm-up pass); the others are
    reported and left out, a query still running after ``timeout`` seconds too."""
    ok, bad = [], []
    old = signal.signal(signal.SIGALRM, _alarm)
    try:
        for q in QUERIES:
            signal.alarm(timeout)
            try:
                for ns_fn, bl_fn in eng.modes.values():
                    ns_fn(q)
                    bl_fn(q)
                ok.append(q)
            except QueryTimeout:
                bad.append(f"{q!r}: still running after {timeout} s (hang?)")
            except Exception as exc:  # noqa: BLE001 - report and leave the query out
                bad.append(f"{q!r}: {type(exc).__name__}: {exc}")
            finally:
                signal.alarm(0)
    finally:
        signal.signal(signal.SIGALRM, old)
    return ok, bad


def measure_queries(
    ns_dir: Path, bl_dir: Path, runs: int, whoosh_facets: bool = True
) -> dict[str, Any]:
    """p50/p95 (ms) per mode for both engines: the median over ``runs`` of each run's figure."""
    eng = Engines(ns_dir, bl_dir)
    try:
        started = time.perf_counter()
        eng.ns.search(QUERIES[0], limit=10, facets=True)  # first facet query builds the arrays
        first_facets_ms = (time.perf_counter() - started) * 1000
        queries, bad = usable_queries(eng)  # also the warm-up pass
        per_run: dict[str, dict[str, list[tuple[float, float]]]] = {
            mode: {"newsearch": [], "baseline": []} for mode in eng.modes
        }
        for run in range(runs):
            lat: dict[str, dict[str, list[float]]] = {
                mode: {"newsearch": [], "baseline": []} for mode in eng.modes
            }
            for i, q in enumerate(queries):
                for mode, (ns_fn, bl_fn) in eng.modes.items():
                    pair = [("newsearch", ns_fn), ("baseline", bl_fn)]
                    if (i + run) % 2:
                        pair.reverse()
                    for who, fn in pair:
                        lat[mode][who].append(_timed(fn, q))
            for mode in eng.modes:
                for who in ("newsearch", "baseline"):
                    values = lat[mode][who]
                    per_run[mode][who].append((percentile(values, 50), percentile(values, 95)))
        out: dict[str, Any] = {
            "queries": len(queries),
            "failed_queries": bad,
            "runs": runs,
            "timeline": eng.has_timeline,
            "first_facet_query_ms": round(first_facets_ms, 1),
            "mean_matches": round(
                statistics.mean(eng.ns.search(q, limit=10).total for q in queries), 1
            ),
        }
        for mode in eng.modes:
            for who in ("newsearch", "baseline"):
                p50s = [p[0] for p in per_run[mode][who]]
                p95s = [p[1] for p in per_run[mode][who]]
                out[f"{mode}_{who}_p50"] = round(statistics.median(p50s), 2)
                out[f"{mode}_{who}_p95"] = round(statistics.median(p95s), 2)
        if whoosh_facets:
            times = [_timed(eng.whoosh_facets, q) for q in queries]
            out["whoosh_facets_p50"] = round(percentile(times, 50), 1)
            out["whoosh_facets_p95"] = round(percentile(times, 95), 1)
        return out
    finally:
        eng.close()


def measure_p50_snippets(ns_dir: Path, bl_dir: Path, runs: int) -> tuple[float, float]:
    q = measure_queries(ns_dir, bl_dir, runs, whoosh_facets=False)
    return q["snippets_newsearch_p50"], q["snippets_baseline_p50"]


# -- start-up ----------------------------------------------------------------------------------
def measure_startup(runs: int) -> dict[str, float]:
    env = child_env()
    script = Path(sys.executable).parent / "newsearch"
    cmd = [str(script), "--help"] if script.exists() else [sys.executable, "-m", "newsearch"]
    if not script.exists():
        cmd.append("--help")
    time_command(cmd, 1, env)  # warm the page cache
    return {
        "newsearch_help": round(time_command(cmd, runs, env), 3),
        "python_bare": round(time_command([sys.executable, "-c", "pass"], runs, env), 3),
        "import_whoosh": round(
            time_command([sys.executable, "-c", "import whoosh.index"], runs, env), 3
        ),
        "import_nltk": round(time_command([sys.executable, "-c", "import nltk"], runs, env), 3),
    }


# -- output ------------------------------------------------------------------------------------
def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or not b:
        return "-"
    return f"{a / b:.2f}x"


def _fmt(v: Any, unit: str = "", digits: int = 2) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:,.{digits}f}{unit}"
    if isinstance(v, int):
        return f"{v:,}{unit}"
    return str(v)


def header(meta: dict[str, Any]) -> str:
    return "\n".join(
        [
            f"newsearch benchmark  {meta['date']}",
            f"machine: {meta['nproc']} cores ({meta['cpu']}), {meta['mem_gib']} GiB RAM, "
            f"Python {meta['python']}, {meta['platform']}",
            f"newsearch: {meta['source']}  (git {meta['git']})",
            f"corpus: {meta['corpus']}  ("
            + (f"{meta['articles']:,} articles, " if meta["articles"] else "")
            + f"{meta['input_mib']:.1f} MiB)",
        ]
    )


def main_table(r: dict[str, Any]) -> str:
    ns, bl, re_ = r["build_newsearch"], r["build_baseline"], r["reindex_newsearch"]
    q, st = r["queries"], r["startup"]
    mib = r["meta"]["input_mib"]
    rows: list[list[str]] = []

    def row(name: str, a: Any, b: Any, unit: str = "", digits: int = 2, ratio: bool = True):
        rows.append(
            [name, _fmt(a, unit, digits), _fmt(b, unit, digits), _ratio(a, b) if ratio else "-"]
        )

    row("full build: wall seconds", ns["seconds"], bl["seconds"], " s")
    row(
        "full build: articles/s",
        ns["articles"] / ns["seconds"],
        bl["articles"] / bl["seconds"],
        digits=0,
    )
    row("full build: MiB/s (input)", mib / ns["seconds"], mib / bl["seconds"])
    row(
        "full build: CPU seconds (all processes)",
        ns["cpu_seconds"],
        bl["cpu_seconds"],
        " s",
        digits=1,
    )
    row("full build: index size", ns["index_mib"], bl["index_mib"], " MiB", digits=1)
    row(
        "full build: peak RSS (process tree)",
        ns["peak_rss_mib"],
        bl["peak_rss_mib"],
        " MiB",
        digits=0,
    )
    row("re-index unchanged corpus: wall seconds [a]", re_["seconds"], bl["seconds"], " s")
    for mode, label in (
        ("search", "search only (top 10, no snippets)"),
        ("snippets", "search + snippets top 10 [b]"),
        (
            "facets",
            "search + snippets + facets" + (" + timeline" if q["timeline"] else "") + " [c]",
        ),
    ):
        for p in ("p50", "p95"):
            row(f"query {p}: {label}", q[f"{mode}_newsearch_{p}"], q[f"{mode}_baseline_{p}"], " ms")
    if "whoosh_facets_p50" in q:
        row(
            "query p50: facets Whoosh's way (groupedby) [d]",
            q["facets_newsearch_p50"],
            q["whoosh_facets_p50"],
            " ms",
        )
    row(
        "first facet query (builds facet arrays)",
        q["first_facet_query_ms"],
        None,
        " ms",
        ratio=False,
    )
    row("`newsearch --help` start-up [e]", st["newsearch_help"], st["python_bare"], " s", digits=3)
    out = table(rows, ["figure", "newsearch", "baseline", "ratio"])
    notes = [
        "[a] plain Whoosh has no change detection: its re-index is a full rebuild (its build "
        "time is repeated).",
        "[b] baseline: Whoosh's default highlighter on the body of the top 10.",
        "[c] baseline column: the baseline's search with highlights (it has no entities to "
        "facet); target <= 50 ms p50.",
        "[d] Whoosh's own overlapping FieldFacet counts on newsearch's index (people, "
        "countries), top 10 with no snippets; the newsearch column repeats its facets p50.",
        f"[e] baseline column: a bare `python -c pass`; `import whoosh.index` "
        f"{st['import_whoosh']:.3f} s, `import nltk` {st['import_nltk']:.3f} s.",
        f"queries: {q['queries']} of {len(QUERIES)} (mean {q['mean_matches']:,} matches), "
        f"{q['runs']} run(s); figures are medians over runs of each run's p50/p95.",
        f"newsearch build: {ns['report']}, inside the process {ns['inner_seconds']} s; "
        f"peak {ns['peak_procs']} processes, the largest {ns['max_single_rss_mib']:.0f} MiB. "
        f"Re-index: {re_['report']}.",
    ]
    if q["failed_queries"]:
        notes.append("failed queries: " + "; ".join(q["failed_queries"]))
    return out + "\n" + "\n".join(notes)


def rss_table(r: dict[str, Any]) -> str:
    ns, bl = r["newsearch"], r.get("baseline")

    def both(key: str, fmt: str) -> list[str]:
        a = ns.get(key)
        b = bl.get(key) if bl else None
        return [
            format(a, fmt) if a is not None else "-",
            format(b, fmt) if b is not None else "not run",
            _ratio(a, b) if key not in ("articles", "peak_procs") else "-",
        ]

    rows = [
        ["articles", *both("articles", ",")],
        ["peak RSS, summed over the process tree (MiB)", *both("peak_rss_mib", ".0f")],
        ["processes at the peak", *both("peak_procs", "d")],
        ["largest single process (MiB)", *both("max_single_rss_mib", ".0f")],
        ["wall seconds", *both("seconds", ".1f")],
        ["index size (MiB)", *both("index_mib", ".0f")],
    ]
    verdict = "within" if ns["peak_rss_mib"] <= 1024 else "OVER"
    return table(rows, ["100k-article build", "newsearch", "baseline", "ratio"]) + (
        f"\nnewsearch peak RSS {ns['peak_rss_mib']:.0f} MiB: {verdict} the 1 GiB target."
    )


# -- driver ------------------------------------------------------------------------------------
def machine_meta(corpus: Path, articles: int, source_corpus: Path) -> dict[str, Any]:
    cpu = platform.processor() or ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_gib = 0.0
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gib = round(int(line.split()[1]) / 2**20, 1)
    try:
        git = (
            subprocess.run(
                ["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
            or "not a git checkout"
        )
    except OSError:
        git = "git not found"
    shown = str(source_corpus) if corpus == source_corpus else f"{source_corpus} (-> {corpus})"
    return {
        "date": datetime.now().isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "mem_gib": mem_gib,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "source": str(REPO),
        "git": git,
        "corpus": shown,
        "articles": articles,
        "input_mib": round(input_bytes(corpus) / MIB, 2),
    }


def run_main(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    source = Path(args.corpus)
    corpus = source
    if args.quick or args.articles:
        n = args.articles or QUICK_ARTICLES
        corpus = tmp / f"first-{n}.jsonl"
        log(f"writing the first {n:,} articles to {corpus}")
        write_corpus(source, corpus, n)
    results: dict[str, Any] = {}
    log("baseline: full build (fresh process)")
    results["build_baseline"] = bl = build_baseline_proc(corpus, tmp / "ix-baseline")
    log(f"  {bl['seconds']:.2f} s, {bl['articles']:,} articles")
    log("newsearch: full build (fresh process)")
    results["build_newsearch"] = ns = build_newsearch(corpus, tmp / "ix-newsearch")
    log(f"  {ns['seconds']:.2f} s, {ns['articles']:,} articles")
    log("newsearch: re-index of the unchanged corpus")
    results["reindex_newsearch"] = build_newsearch(corpus, tmp / "ix-newsearch", rebuild=False)
    log(f"queries: {len(QUERIES)} x {args.runs} run(s)")
    results["queries"] = measure_queries(tmp / "ix-newsearch", tmp / "ix-baseline", args.runs)
    log("start-up times")
    results["startup"] = measure_startup(args.startup_runs)
    results["meta"] = machine_meta(corpus, bl["articles"], source)
    return results


def run_rss(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    path = tmp / "rss.jsonl"
    n = write_corpus(Path(args.corpus), path, args.rss_articles, repeat=None)
    log(f"rss: {n:,} articles, {path.stat().st_size / MIB:.0f} MiB; newsearch build")
    ns = build_newsearch(path, tmp / "ix-rss-ns")
    log(f"  newsearch {ns['seconds']:.1f} s, peak {ns['peak_rss_mib']:.0f} MiB")
    shutil.rmtree(tmp / "ix-rss-ns", ignore_errors=True)
    out: dict[str, Any] = {"newsearch": ns}
    if args.rss_baseline:
        log("rss: baseline build")
        out["baseline"] = build_baseline_proc(path, tmp / "ix-rss-bl")
        shutil.rmtree(tmp / "ix-rss-bl", ignore_errors=True)
    else:
        out["baseline"] = None
    path.unlink()
    return out


def run_cold(args: argparse.Namespace) -> None:
    ns_dir, bl_dir = (Path(d) for d in args.cold)
    load = os.getloadavg()
    log(f"start-up: {args.startup_runs} alternating runs (load {load[0]:.1f})")
    c = cold.measure(ns_dir, bl_dir, args.startup_runs, child_env())
    log(f"queries: {len(QUERIES)} x {args.runs} run(s)")
    q = measure_queries(ns_dir, bl_dir, args.runs, whoosh_facets=False)
    after = os.getloadavg()
    results = {"cold": c, "queries": q, "load": [load, after]}
    if args.save:
        Path(args.save).write_text(json.dumps(results, indent=2))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    git = subprocess.run(
        ["git", "-C", str(REPO), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    print(f"newsearch start-up  {datetime.now().isoformat(timespec='seconds')}  (git {git})")
    print(f"load average {load[0]:.1f} before, {after[0]:.1f} after; {os.cpu_count()} cores")
    print(cold.cold_table(c, q))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--corpus",
        default=str(DEFAULT_CORPUS),
        help="a corpus file or folder (default: %(default)s)",
    )
    p.add_argument("--runs", type=int, default=3, help="query runs; medians over them (3)")
    p.add_argument("--startup-runs", type=int, default=7, help="start-up runs (7)")
    p.add_argument(
        "--quick",
        action="store_true",
        help=f"only the first {QUICK_ARTICLES:,} articles (a smoke run)",
    )
    p.add_argument("--articles", type=int, help="only the first N articles")
    p.add_argument(
        "--scale",
        action="store_true",
        help="also the scale series on generated corpora of 20k, 100k, 300k articles",
    )
    p.add_argument("--scale-sizes", metavar="N,N,...", help="with --scale: other sizes (articles)")
    p.add_argument(
        "--scale-1m", action="store_true", help="with --scale: also 1,000,000 articles (~1 h)"
    )
    p.add_argument("--seed", type=int, default=1, help="seed of the generated corpora (1)")
    p.add_argument(
        "--only-extra",
        action="store_true",
        help="skip the main comparison (with --scale / --rss-100k)",
    )
    p.add_argument(
        "--rss-100k", action="store_true", help="also the peak RSS of indexing 100,000 articles"
    )
    p.add_argument("--rss-articles", type=int, default=RSS_ARTICLES, help=argparse.SUPPRESS)
    p.add_argument(
        "--no-rss-baseline",
        dest="rss_baseline",
        action="store_false",
        help="with --rss-100k: skip the baseline's 100k build",
    )
    p.add_argument(
        "--cold",
        nargs=2,
        metavar=("NS_DIR", "BL_DIR"),
        help="only the start-up figures (CLI end to end, API cold start, query p50) on a "
        "newsearch index and a plain Whoosh one already built (_baseline_build.py)",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.add_argument("--save", metavar="FILE", help="also write the JSON results to FILE")
    p.add_argument("--tmp", help="folder for the temporary indexes and corpora")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.cold:
        run_cold(args)
        return
    if not Path(args.corpus).exists():
        raise SystemExit(f"no corpus at {args.corpus}")
    tmp = Path(tempfile.mkdtemp(prefix="newsearch-bench-", dir=args.tmp))
    results: dict[str, Any] = {}
    try:
        if not args.only_extra:
            results = run_main(args, tmp)
        if args.scale:
            results["scale"] = scale.run_scale(
                args, tmp, log, build_newsearch, build_baseline_proc, measure_queries, child_env()
            )
        if args.rss_100k:
            results["rss"] = run_rss(args, tmp)
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    if "meta" not in results:
        results["meta"] = machine_meta(Path(args.corpus), 0, Path(args.corpus))
    if args.save:
        Path(args.save).write_text(json.dumps(results, indent=2))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(header(results["meta"]))
    if "build_newsearch" in results:
        print()
        print(main_table(results))
    if "scale" in results:
        print("\nScale (generated corpora):")
        print(scale.scale_table(results["scale"]))
    if "rss" in results:
        print(
            "\nPeak memory, indexing the corpus repeated to "
            f"{results['rss']['newsearch']['articles']:,} articles:"
        )
        print(rss_table(results["rss"]))


if __name__ == "__main__":
    main()
