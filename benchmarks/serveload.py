"""The search page under load while the archive changes (issue 19).

    python benchmarks/serveload.py                       # 8 clients, 5,000 requests
    python benchmarks/serveload.py --clients 4 --requests 1000 --articles 1000

Indexes the first N Reuters articles, starts ``newsearch serve`` on a free loopback port and
has C concurrent clients send a fixed mix of requests (search pages, JSON searches with facets
and timeline, articles, similar articles, info) while ``newsearch index`` adds the next A
articles (``--added``, default N/2) to the same index and rewrites K of the first N
(``--changed``: a sentence naming oil added to the body). Reports errors (any status but
200), p50/p95/p99 latency and requests per second, and checks that no answer mixes states:
every search total is the one of the index before the run or after it (a run of one commit
has no state in between). The baseline is the same load with no writer, in the same run.
Needs ../shared/corpora.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
REUTERS = REPO.parent / "shared" / "corpora" / "reuters21578.jsonl"
WORDS = ["oil", "grain", "wheat prices", "bank rates", "coffee", "trade deficit", "gold", "iran"]


def env() -> dict[str, str]:
    out = {**os.environ, "PYTHONPATH": str(REPO)}
    out.setdefault("NLTK_DATA", str(REPO.parent / "shared" / "nltk_data"))
    return out


def newsearch(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "newsearch", *args]
    return subprocess.run(cmd, env=env(), capture_output=True, text=True, check=True)


def write_feed(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")


def get(base: str, url: str) -> tuple[int, float, bytes]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(base + url, timeout=60) as response:
            body, status = response.read(), response.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    except OSError:
        body, status = b"", 0
    return status, time.perf_counter() - started, body


def load(base: str, ids: list[str], clients: int, requests: int, totals: dict[str, set[int]]):
    """Send ``requests`` requests from ``clients`` threads; (latencies, errors, mixed)."""
    rng = random.Random(1)
    plan: list[str] = []
    for _ in range(requests):
        word = quote(rng.choice(WORDS))
        plan.append(
            rng.choice(
                [
                    f"/?q={word}",
                    f"/api/search?q={word}&facets=1&timeline=1",
                    f"/api/search?q={word}",
                    f"/api/article/{quote(rng.choice(ids), safe='')}",
                    f"/article/{quote(rng.choice(ids), safe='')}",
                    f"/api/similar/{quote(rng.choice(ids), safe='')}",
                    "/api/info",
                ]
            )
        )
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []
    mixed: list[str] = []

    def client(part: list[str]) -> None:
        for url in part:
            status, seconds, body = get(base, url)
            with lock:
                latencies.append(seconds)
                if status != 200:
                    errors.append(f"{status} {url}")
                elif url.startswith("/api/search") and totals:
                    total = json.loads(body)["total"]
                    if total not in totals.get(url.split("&")[0], {total}):
                        mixed.append(f"{url}: {total}")

    threads = [threading.Thread(target=client, args=(plan[i::clients],)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(latencies), errors, mixed, time.perf_counter() - started


def pct(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(p * len(values)))] * 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--requests", type=int, default=5000)
    p.add_argument("--articles", type=int, default=2000)
    p.add_argument("--added", type=int, help="articles the index run adds (default: N/2)")
    p.add_argument("--changed", type=int, default=0, help="of the first N, rewritten (0)")
    args = p.parse_args(argv)
    added = args.articles // 2 if args.added is None else args.added
    if not REUTERS.exists():
        print(f"skipped: {REUTERS} is missing", file=sys.stderr)
        return 0
    with open(REUTERS, encoding="utf-8") as f:
        lines = [line for line, _ in zip(f, range(args.articles + added), strict=False)]
    with tempfile.TemporaryDirectory(prefix="newsearch-load-") as tmp:
        first, second = Path(tmp) / "a" / "feed.jsonl", Path(tmp) / "b" / "feed.jsonl"
        ix = str(Path(tmp) / "ix")
        write_feed(first, lines[: args.articles])
        newsearch("index", str(first.parent), "--index", ix)
        port = free_port()
        # to a file: a pipe nobody reads fills with the request log and stalls every request
        log = open(Path(tmp) / "serve.log", "w+", encoding="utf-8")  # noqa: SIM115
        server = subprocess.Popen(
            [sys.executable, "-m", "newsearch", "serve", "--index", ix, "--port", str(port)],
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=log,
            text=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            while get(base, "/api/info")[0] != 200:
                if server.poll() is not None:
                    log.seek(0)
                    sys.exit(f"the server did not start: {log.read()[-2000:]}")
                time.sleep(0.2)
            hits = json.loads(get(base, "/api/search?q=said&limit=200")[2])["hits"]
            ids = [h["id"] for h in hits]

            def search_totals() -> dict[str, int]:
                return {
                    f"/api/search?q={quote(w)}": json.loads(
                        get(base, f"/api/search?q={quote(w)}")[2]
                    )["total"]
                    for w in WORDS
                }

            before = search_totals()
            lat, errs, _, secs = load(base, ids, args.clients, args.requests, {})
            print(f"{args.clients} clients, {args.requests} requests, {args.articles} articles")
            print("| load | errors | p50 ms | p95 ms | p99 ms | req/s |")
            print("|---|---|---|---|---|---|")
            row = "| {} | {} | {:.0f} | {:.0f} | {:.0f} | {:.0f} |"
            print(row.format("no writer", len(errs), pct(lat, 0.5), pct(lat, 0.95), pct(lat, 0.99),
                             len(lat) / secs), flush=True)  # fmt: skip
            write_feed(second, lines[args.articles :])
            changed = lines[: args.articles]
            for i in random.Random(2).sample(range(len(changed)), min(args.changed, len(changed))):
                record = json.loads(changed[i])
                record["body"] += "\nTraders said oil and gold rose on the news."
                changed[i] = json.dumps(record) + "\n"
            write_feed(first, changed)
            # the totals after the run, known in advance: both feeds indexed in a scratch index
            scratch = str(Path(tmp) / "scratch")
            newsearch("index", str(first.parent), str(second.parent), "--index", scratch)
            after = {
                url: json.loads(newsearch("query", url.split("q=")[1].replace("%20", " "),
                                          "--index", scratch, "--json").stdout)["total"]
                for url in before
            }  # fmt: skip
            totals = {url: {before[url], after[url]} for url in before}
            cmd = [sys.executable, "-m", "newsearch", "index", str(first.parent)]
            cmd += [str(second.parent), "--index", ix]
            writer = subprocess.Popen(
                cmd, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            lat, errs, mixed, secs = load(base, ids, args.clients, args.requests, totals)
            writer_done = writer.wait()
            label = f"index run adding {len(lines) - args.articles}, changing {args.changed}"
            print(row.format(label, len(errs), pct(lat, 0.5), pct(lat, 0.95), pct(lat, 0.99),
                             len(lat) / secs))  # fmt: skip
            print(f"answers from a half-written state: {len(mixed)}; index run exit {writer_done}")
            for line in (errs + mixed)[:5]:
                print("  " + line)
            return 1 if errs or mixed or writer_done else 0
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()


if __name__ == "__main__":
    sys.exit(main())
