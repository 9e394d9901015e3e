"""Start-up figures of issue 17 on two existing indexes (``bench.py --cold NS_DIR BL_DIR``).

Each row beside plain Whoosh doing the same, measured in the same run, fresh processes
alternating run by run so that both see the same machine noise:

* the CLI end to end: ``python -m newsearch query oil -n 5`` (and with ``--facets
  --timeline``) against a Python process that opens the plain Whoosh index, searches and
  prints the top 5 with Whoosh's highlights;
* the API: import + open + first search (top 5 with snippets) against the same steps in plain
  Whoosh, and the first facets-and-timeline call (no counterpart).

Wall seconds and CPU seconds (user + system of the process) are medians over ``runs``; on a
loaded machine CPU seconds are the steadier figure.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _measure import table

HERE = Path(__file__).resolve().parent
QUERY = "oil"
#: plain Whoosh's CLI counterpart: open the index, search, print the top 5 with highlights
BASELINE_QUERY = (
    "import sys; sys.path.insert(0, {here!r}); import whoosh.index; "
    "from baseline import BaselineSearcher; "
    "s = BaselineSearcher(whoosh.index.open_dir({index!r})); "
    "print('\\n'.join(s.search({query!r}, 5, highlights=True)))"
)
#: issue 17's targets (seconds), by row
TARGETS = {"cli": 0.30, "cli_facets": 0.45, "api_first_search": 0.15, "api_first_facets": 0.10}


def baseline_cli(bl_dir: Path, query: str = QUERY) -> list[str]:
    code = BASELINE_QUERY.format(here=str(HERE), index=str(bl_dir), query=query)
    return [sys.executable, "-c", code]


def newsearch_cli(ns_dir: Path, query: str = QUERY) -> list[str]:
    return [sys.executable, "-m", "newsearch", "query", query, "-n", "5", "--index", str(ns_dir)]


def _run(cmd: Sequence[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds and stdout of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run(list(cmd), env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out.stdout


def measure(ns_dir: Path, bl_dir: Path, runs: int, env: dict[str, str]) -> dict[str, Any]:
    """Medians of every figure over ``runs`` alternating rounds (after one warm-up round)."""
    # the warm-up round writes the .pyc files an installed package has (plain Whoosh has its)
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cli = newsearch_cli(ns_dir)
    commands = {
        "cli": cli,
        "cli_facets": [*cli, "--facets", "--timeline"],
        "cli_baseline": baseline_cli(bl_dir),
        "api": [sys.executable, str(HERE / "_coldstart.py"), str(ns_dir), QUERY],
        "api_baseline": [sys.executable, str(HERE / "_coldstart.py"), "--baseline", str(bl_dir)]
        + [QUERY],
    }
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
    order = list(commands)
    for round_ in range(runs + 1):
        for name in order[round_ % len(order) :] + order[: round_ % len(order)]:
            wall, cpu, stdout = _run(commands[name], env)
            if not round_:
                continue  # warm-up: page cache, .pyc files
            sample = {"wall": wall, "cpu": cpu}
            if name.startswith("api"):
                sample |= json.loads(stdout.strip().splitlines()[-1])
            samples[name].append(sample)
    out: dict[str, Any] = {"runs": runs}
    for name, rows in samples.items():
        for key in rows[0]:
            values = [float(r[key]) for r in rows]
            out[f"{name}_{key}"] = round(statistics.median(values), 4)
    return out


def _r(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "-"


def cold_table(c: dict[str, Any], q: dict[str, Any] | None = None) -> str:
    """The rows of issue 17's table: newsearch, plain Whoosh, ratio, target."""

    def pair(name: str, a: float, b: float | None, target: float | None) -> list[str]:
        shown_b = f"{b:.3f}" if b is not None else "-"
        ratio = _r(a, b) if b else "-"
        return [name, f"{a:.3f}", shown_b, ratio, f"<= {target}" if target else ""]

    ns_first = c["api_import"] + c["api_open"] + c["api_first_search"]
    bl_first = c["api_baseline_import"] + c["api_baseline_open"] + c["api_baseline_first_search"]
    rows = [
        pair(f"CLI `query {QUERY} -n 5`, wall s", c["cli_wall"], c["cli_baseline_wall"], 0.30),
        pair("  the same, CPU s", c["cli_cpu"], c["cli_baseline_cpu"], None),
        pair(
            "CLI + --facets --timeline, wall s", c["cli_facets_wall"], c["cli_baseline_wall"], 0.45
        ),
        pair("  the same, CPU s", c["cli_facets_cpu"], c["cli_baseline_cpu"], None),
        pair("API import, s", c["api_import"], c["api_baseline_import"], None),
        pair("API open, s", c["api_open"], c["api_baseline_open"], None),
        pair(
            "API first search (top 5, snippets), s",
            c["api_first_search"],
            c["api_baseline_first_search"],
            None,
        ),
        pair(
            "API open + first search, s",
            c["api_open"] + c["api_first_search"],
            c["api_baseline_open"] + c["api_baseline_first_search"],
            0.15,
        ),
        pair("API import + open + first search, s", ns_first, bl_first, None),
        pair("API first facets + timeline call, s", c["api_first_facets"], None, 0.10),
        pair(
            "modules loaded by the API process", c["api_modules"], c["api_baseline_modules"], None
        ),
    ]
    if q is not None:
        rows.append(
            pair(
                "query p50 top 10 with snippets, ms",
                q["snippets_newsearch_p50"],
                q["snippets_baseline_p50"],
                None,
            )
        )
        rows[-1][4] = "<= 0.8x"
    notes = (
        f"\nmedians of {c['runs']} alternating runs. NLTK loaded by the API process: "
        f"{bool(c['api_nltk_loaded'])}. Plain Whoosh: a process that opens its index, searches "
        "and prints the top 5 with highlights (no facets: the same process is the baseline of "
        "the --facets row)."
    )
    return table(rows, ["figure", "newsearch", "plain Whoosh", "ratio", "target"]) + notes
