"""Measuring helpers for the benchmarks: process-tree RSS sampling, timed subprocesses,
percentiles and a plain-text table. Standard library only (Linux /proc for RSS)."""

from __future__ import annotations

import contextlib
import os
import resource
import statistics
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PAGE_KIB = 1024


# -- process-tree RSS --------------------------------------------------------------------------
def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (via /proc/PID/task/*/children, else a scan of /proc)."""
    kids: list[int] = []
    task_dir = Path(f"/proc/{pid}/task")
    try:
        tasks = list(task_dir.iterdir())
    except OSError:
        return kids
    found_file = False
    for task in tasks:
        try:
            text = (task / "children").read_text()
        except OSError:
            continue
        found_file = True
        kids.extend(int(x) for x in text.split())
    if found_file:
        return kids
    for entry in Path("/proc").iterdir():  # kernels without CONFIG_PROC_CHILDREN
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            kids.append(int(entry.name))
    return kids


def tree_pids(root: int) -> list[int]:
    """``root`` and all its descendants that are alive now."""
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(_children(pid))
    return out


def rss_kib(pid: int) -> int:
    """Resident set size of one process in KiB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeRSSSampler:
    """Samples the summed RSS of a process and its descendants every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_kib = 0
        self.peak_procs = 0
        self.max_single_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        sizes = [rss_kib(p) for p in tree_pids(self.pid)]
        sizes = [s for s in sizes if s]
        total = sum(sizes)
        if total > self.peak_kib:
            self.peak_kib = total
            self.peak_procs = len(sizes)
        if sizes:
            self.max_single_kib = max(self.max_single_kib, max(sizes))

    def __enter__(self) -> TreeRSSSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class ProcResult:
    """A finished subprocess: wall time, peak summed RSS of its tree, CPU of the tree."""

    returncode: int
    wall: float
    peak_rss_mib: float
    peak_procs: int
    max_single_rss_mib: float
    cpu_seconds: float
    stdout: str
    stderr: str
    extra: dict[str, float] = field(default_factory=dict)


def run_measured(
    cmd: Sequence[str], *, env: dict[str, str] | None = None, cwd: str | None = None
) -> ProcResult:
    """Run ``cmd`` to completion, sampling the RSS of its process tree every 0.1 s.

    CPU seconds are user+system of the whole tree (descendants count once they are waited
    for, which a multiprocessing pool does when it is closed).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd),
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out_parts: list[str] = []
    err_parts: list[str] = []
    # drain the pipes in threads so a chatty child never blocks on a full pipe
    t_out = threading.Thread(target=lambda: out_parts.append(proc.stdout.read()), daemon=True)  # type: ignore[union-attr]
    t_err = threading.Thread(target=lambda: err_parts.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    t_out.start()
    t_err.start()
    with TreeRSSSampler(proc.pid) as sampler:
        proc.wait()
    wall = time.perf_counter() - started
    t_out.join()
    t_err.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return ProcResult(
        returncode=proc.returncode,
        wall=wall,
        peak_rss_mib=sampler.peak_kib / 1024,
        peak_procs=sampler.peak_procs,
        max_single_rss_mib=sampler.max_single_kib / 1024,
        cpu_seconds=cpu,
        stdout="".join(out_parts),
        stderr="".join(err_parts),
    )


def time_command(cmd: Sequence[str], runs: int, env: dict[str, str] | None = None) -> float:
    """Median wall seconds of ``runs`` runs of a short command (output discarded)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            list(cmd), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# -- statistics and output -------------------------------------------------------------------
def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct``-th percentile (0-100) by linear interpolation between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100.0
    lo = int(rank)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (rank - lo)


def dir_size(path: Path) -> int:
    """Bytes of all files under ``path``."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.path.getsize(os.path.join(root, name))
    return total


def table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    """A plain-text table (markdown pipe syntax, columns padded)."""
    cols = len(header)
    widths = [len(h) for h in header]
    for row in rows:
        for i in range(cols):
            widths[i] = max(widths[i], len(row[i]))

    def line(cells: Sequence[str]) -> str:
        parts = [c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(cells)]
        return "| " + " | ".join(parts) + " |"

    sep = (
        "|"
        + "|".join(
            ("-" * (w + 2)) if i == 0 else ("-" * (w + 1) + ":") for i, w in enumerate(widths)
        )
        + "|"
    )
    return "\n".join([line(header), sep, *(line(r) for r in rows)])
