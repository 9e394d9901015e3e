"""Crash harness (issue 19): mutate -> index -> kill -> query -> recover -> verify, many rounds.

    python benchmarks/crashtest.py                      # 20 rounds, 1 and 2 workers alternating
    python benchmarks/crashtest.py --rounds 200 --workers 2 --seed 7
    python benchmarks/crashtest.py --rounds 10 --quick  # the short run CI does

Each round changes, removes and adds articles (one .txt each) and records of a JSONL feed,
then starts ``newsearch index`` (batch sizes drawn from 5 to 20,000) and stops it either at a
named point (``NEWSEARCH_FAULT=after-commit:N``: the process exits right after its N-th
commit) or with SIGKILL at a random moment. It then checks that a query answers, that no
worker outlived the killed indexer, runs ``index`` again to recover, and compares the whole
index with what is on disk: every record present once with its latest text (else *lost* or
*stale*), nothing removed still there (*resurrected*), no ``Traceback`` on any stderr.
Exits 1 when any count is not zero.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORDS = ("grain", "oil", "drones", "talks", "sanctions", "markets", "rates", "election")


def env(**extra: str) -> dict[str, str]:
    out = dict(os.environ)
    out["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), out.get("PYTHONPATH")]))
    out.setdefault("NLTK_DATA", str(REPO.parent / "shared" / "nltk_data"))
    out.pop("NEWSEARCH_FAULT", None)
    out.update(extra)
    return out


class Archive:
    """The articles on disk and what the index must hold: id -> (title, body)."""

    def __init__(self, root: Path, rng: random.Random, articles: int) -> None:
        self.root, self.rng = root, rng
        self.texts = root / "corpus"
        self.texts.mkdir(parents=True)
        self.feed: dict[str, tuple[str, str]] = {}
        self.files: dict[str, tuple[str, str]] = {}
        self.removed: set[str] = set()
        self.serial = 0
        for _ in range(articles):
            self.add_file()
        for _ in range(max(10, articles // 5)):
            self.add_record()
        self.write_feed()

    def text(self) -> tuple[str, str]:
        self.serial += 1
        words = self.rng.sample(WORDS, 3)
        title = f"Story {self.serial} on {words[0]}"
        body = f"Officials discussed {words[1]} and {words[2]} on day {self.serial}. " * 5
        return title, body.strip()

    def add_file(self) -> None:
        self.serial += 1
        name = f"a{self.serial:06}.txt"
        self.write_file(name)

    def write_file(self, name: str) -> None:
        title, body = self.text()
        (self.texts / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        self.files[f"corpus/{name}"] = (title, body)
        self.removed.discard(f"corpus/{name}")

    def add_record(self) -> None:
        self.serial += 1
        self.feed[f"rec-{self.serial}"] = self.text()

    def write_feed(self) -> None:
        lines = [json.dumps({"id": k, "title": t, "body": b}) for k, (t, b) in self.feed.items()]
        (self.texts / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def mutate(self) -> None:
        rng = self.rng
        names = sorted(self.files)
        for doc_id in rng.sample(names, min(len(names), rng.randint(1, 20))):
            self.write_file(doc_id.split("/", 1)[1])  # changed text
        for doc_id in rng.sample(sorted(self.files), min(len(self.files) - 5, rng.randint(0, 5))):
            (self.root / doc_id).unlink()
            del self.files[doc_id]
            self.removed.add(doc_id)
        for _ in range(rng.randint(0, 8)):
            self.add_file()
        keys = sorted(self.feed)
        for key in rng.sample(keys, min(len(keys), rng.randint(0, 5))):
            self.feed[key] = self.text()
        for key in rng.sample(sorted(self.feed), min(len(self.feed) - 5, rng.randint(0, 3))):
            del self.feed[key]
            self.removed.add(key)
        for _ in range(rng.randint(0, 4)):
            self.add_record()
        self.write_feed()

    def expected(self) -> dict[str, tuple[str, str]]:
        return {**self.files, **self.feed}


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (read from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def run_round(archive: Archive, rng: random.Random, workers: int, counts: dict[str, int]) -> str:
    root = archive.root
    archive.mutate()
    batch = str(rng.choice([5, 10, 50, 200, 1000, 20000]))
    fault = rng.random() < 0.5
    extra = {"NEWSEARCH_BATCH": batch}
    if fault:
        extra["NEWSEARCH_FAULT"] = f"after-commit:{rng.randint(1, 3)}"
    cmd = [sys.executable, "-m", "newsearch", "index", "corpus", "--index", "ix"]
    cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(
        cmd, cwd=root, env=env(**extra), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    kids: set[int] = set()
    how = f"batch {batch}, " + (extra.get("NEWSEARCH_FAULT") or "SIGKILL")
    deadline = time.monotonic() + (60 if fault else rng.uniform(0.1, 5.0))
    while proc.poll() is None and time.monotonic() < deadline:
        kids |= children(proc.pid)
        time.sleep(0.05)
    if proc.poll() is None:
        kids |= children(proc.pid)
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    time.sleep(2.0)
    counts["orphans"] += sum(alive(k) for k in kids)
    counts["tracebacks"] += err.count("Traceback")
    if (root / "ix").exists():
        query = subprocess.run(
            [sys.executable, "-m", "newsearch", "query", "officials", "--index", "ix", "--json"],
            cwd=root,
            env=env(),
            capture_output=True,
            text=True,
        )
        counts["failed queries"] += query.returncode not in (0, 1)
        counts["tracebacks"] += query.stderr.count("Traceback")
    recover = subprocess.run(cmd, cwd=root, env=env(), capture_output=True, text=True)
    counts["failed recoveries"] += recover.returncode != 0
    counts["tracebacks"] += recover.stderr.count("Traceback")
    verify(archive, counts)
    return how


def verify(archive: Archive, counts: dict[str, int]) -> None:
    sys.path.insert(0, str(REPO))
    import newsearch

    expected = archive.expected()
    with newsearch.open_index(archive.root / "ix") as ix:
        for doc_id, (title, body) in expected.items():
            try:
                article = ix.get(doc_id)
            except newsearch.ArticleNotFoundError:
                counts["lost"] += 1
                continue
            counts["stale"] += (article.title, article.body.strip()) != (title, body)
        for doc_id in archive.removed - set(expected):
            try:
                ix.get(doc_id)
                counts["resurrected"] += 1
            except newsearch.ArticleNotFoundError:
                pass
        counts["duplicates"] += max(0, len(ix) - len(expected))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--workers", type=int, choices=(1, 2), help="default: 1 and 2 alternating")
    p.add_argument("--articles", type=int, default=600, help="text files at the start (600)")
    p.add_argument("--quick", action="store_true", help="150 articles: the short CI run")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    rng = random.Random(args.seed)
    counts = dict.fromkeys(
        ("lost", "stale", "resurrected", "duplicates", "orphans", "tracebacks"), 0
    )
    counts.update({"failed queries": 0, "failed recoveries": 0})
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="newsearch-crash-") as tmp:
        archive = Archive(Path(tmp), rng, 150 if args.quick else args.articles)
        for n in range(1, args.rounds + 1):
            workers = args.workers or (1 if n % 2 else 2)
            before = dict(counts)
            how = run_round(archive, rng, workers, counts)
            bad = {k: v - before[k] for k, v in counts.items() if v != before[k]}
            print(f"round {n:3}: {workers} worker(s), {how}: {bad or 'ok'}", file=sys.stderr)
    print(
        f"{args.rounds} rounds in {time.monotonic() - started:.0f} s: "
        + ", ".join(f"{v} {k}" for k, v in counts.items())
    )
    return 1 if any(counts.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
