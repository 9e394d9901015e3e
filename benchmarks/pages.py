"""Server time per page type of the search page (issue 16), beside plain Whoosh, in one run.

    python benchmarks/pages.py --index DIR          # an index of all of Reuters-21578
    python benchmarks/pages.py --index DIR --json   # the figures as JSON on stdout

Each page is requested through Flask's test client (the whole request: routing, the index
calls, rendering the template, the security headers), so the figures are server time without
the network. Page types: home (the archive overview), results (``/?q=`` for each query of
queries.py), article (the top hit of each query, reached from the search: its words marked,
previous and next hit looked up), entity (the pages of the 20 people and 20 countries named
most). The baseline, in the same run on the same documents: plain Whoosh (baseline.py) running
each query with highlights of its top 10, the bare cost of a results page; the ratio column is
each page type's p50 over the baseline's p50. Requests alternate with baseline queries so that
both see the same machine noise. The home page must render in under 300 ms.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from _measure import percentile, table  # noqa: E402
from queries import QUERIES  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "reuters21578.jsonl"
HOME_BUDGET_MS = 300.0


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def urls(client: Any) -> dict[str, list[str]]:
    """The URLs of each page type, from what the index holds."""
    overview = client.get("/api/search?limit=1").get_json()["facets"]
    people = [f["value"] for f in overview.get("people", [])][:20]
    countries = [f["value"] for f in overview.get("countries", [])][:20]
    articles = []
    for query in QUERIES:
        hits = client.get("/api/search?" + urlencode({"q": query, "limit": 1})).get_json()["hits"]
        if hits:
            tail = urlencode({"q": query, "hit": 1})
            articles.append(f"/article/{quote(hits[0]['id'], safe='')}?{tail}")
    return {
        "home": ["/"] * len(QUERIES),
        "results": ["/?" + urlencode({"q": q}) for q in QUERIES],
        "article": articles,
        "entity": [f"/person/{quote(p, safe='')}" for p in people]
        + [f"/country/{quote(c, safe='')}" for c in countries],
    }


def timed(fn: Any) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def get(client: Any, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", required=True, help="a newsearch index of the corpus")
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="for the baseline")
    parser.add_argument("--runs", type=int, default=3, help="passes over every URL")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from baseline import BaselineSearcher, build_baseline, read_records

    from newsearch.web import create_app

    app = create_app(args.index)
    client = app.test_client()
    started = time.perf_counter()
    get(client, "/")
    cold_home = (time.perf_counter() - started) * 1000
    log(f"first home page (arrays and caches built): {cold_home:.0f} ms")
    pages = urls(client)
    with tempfile.TemporaryDirectory(prefix="pages-baseline-") as tmp:
        log("building the plain Whoosh baseline ...")
        ix, seconds, n = build_baseline(read_records(args.corpus), Path(tmp) / "bl")
        log(f"baseline: {n} articles in {seconds:.0f} s")
        bl = BaselineSearcher(ix)
        for url in itertools.chain.from_iterable(pages.values()):  # warm every page once
            get(client, url)
        times: dict[str, list[float]] = {kind: [] for kind in pages}
        base: list[float] = []
        queries = itertools.cycle(QUERIES)
        for _ in range(args.runs):
            for kind, kind_urls in pages.items():
                for url in kind_urls:
                    times[kind].append(timed(lambda u=url: get(client, u)))
                    query = next(queries)
                    base.append(timed(lambda q=query: bl.search(q, 10, highlights=True)))
        bl.close()
    base_p50 = percentile(base, 50)
    figures = {
        kind: {
            "pages": len(pages[kind]),
            "p50_ms": round(percentile(values, 50), 1),
            "p95_ms": round(percentile(values, 95), 1),
            "ratio_p50": round(percentile(values, 50) / base_p50, 2),
        }
        for kind, values in times.items()
    }
    figures["baseline"] = {
        "pages": len(QUERIES),
        "p50_ms": round(base_p50, 1),
        "p95_ms": round(percentile(base, 95), 1),
        "ratio_p50": 1.0,
    }
    home_ok = figures["home"]["p95_ms"] < HOME_BUDGET_MS
    if args.json:
        print(json.dumps({"cold_home_ms": round(cold_home), "pages": figures}, indent=2))
    else:
        rows = [
            [k, str(f["pages"])]
            + [f"{f[x]:.1f}" for x in ("p50_ms", "p95_ms")]
            + [f"{f['ratio_p50']:.2f}"]
            for k, f in figures.items()
        ]
        print(table(rows, ["page type", "URLs", "p50 ms", "p95 ms", "p50 / baseline"]))
        print(f"\nfirst home page after opening the index: {cold_home:.0f} ms")
        print("baseline: plain Whoosh, one query with highlights of its top 10 (baseline.py)")
    print(
        f"home p95 {figures['home']['p95_ms']:.1f} ms: "
        + ("under" if home_ok else "OVER")
        + f" the {HOME_BUDGET_MS:.0f} ms budget",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
