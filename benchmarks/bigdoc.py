"""Cost of one large article (issue 19): CPU seconds per MB must not grow with the size.

    python benchmarks/bigdoc.py                 # 1, 2, 5 and 10 MB
    python benchmarks/bigdoc.py --sizes 0.5 1 2

Each document is real prose: BBC bodies, then Reuters bodies, joined by blank lines, cut at
the size (one .txt file: a title line, a blank line, the text). ``newsearch index`` (one
worker) and the plain-Whoosh baseline (``_baseline_build.py``, same document) each run in a
fresh process; the table gives their CPU seconds (user + system, children included), CPU-s
per MB, peak RSS, and the ratio to the baseline. Needs ../shared/corpora.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared" / "corpora"


def prose(limit: int) -> str:
    parts: list[str] = []
    size = 0
    for path in sorted((SHARED / "bbc").rglob("*.txt")):
        body = path.read_bytes().decode("utf-8", "replace").split("\n", 2)[-1].strip()
        parts.append(body)
        size += len(body) + 2
        if size > limit:
            return "\n\n".join(parts)[:limit]
    with open(SHARED / "reuters21578.jsonl", encoding="utf-8") as feed:
        for line in feed:
            body = (json.loads(line).get("body") or "").strip()
            if body:
                parts.append(body)
                size += len(body) + 2
                if size > limit:
                    break
    return "\n\n".join(parts)[:limit]


def timed(cmd: list[str]) -> tuple[float, int]:
    """CPU seconds and peak RSS (MB) of a command run to completion."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.setdefault("NLTK_DATA", str(REPO.parent / "shared" / "nltk_data"))
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"failed: {' '.join(cmd)}\n{done.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu, after.ru_maxrss // 1024


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 5, 10], help="MB")
    args = p.parse_args(argv)
    if not (SHARED / "bbc").is_dir():
        print(f"skipped: {SHARED} is missing", file=sys.stderr)
        return 0
    print("| size | newsearch CPU-s | CPU-s/MB | peak RSS | Whoosh CPU-s | ratio |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="newsearch-bigdoc-") as tmp:
        for mb in args.sizes:
            folder = Path(tmp) / f"doc{mb}"
            folder.mkdir()
            text = prose(int(mb * 2**20))
            (folder / "big.txt").write_text("A long article of real prose\n\n" + text)
            ns = [sys.executable, "-m", "newsearch", "index", str(folder), "--workers", "1"]
            cpu, rss = timed([*ns, "--index", str(Path(tmp) / f"ix{mb}")])
            base = [sys.executable, str(HERE / "_baseline_build.py"), str(folder)]
            base_cpu, _ = timed([*base, str(Path(tmp) / f"bl{mb}")])
            print(
                f"| {mb:g} MB | {cpu:.1f} | {cpu / mb:.1f} | {rss} MB | {base_cpu:.1f} "
                f"| {cpu / base_cpu:.1f}x |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
