"""Near-duplicate stories (wire copies) in ../shared/corpora: quality and cost.

1. Quality: ``copies_labels.tsv`` holds candidate pairs from BBC and Reuters (found by an LSH at
   a low threshold, sampled per band of true shingle Jaccard similarity) judged by reading them:
   ``copy`` when one is a version of the other (resent, corrected, cut or extended: the same
   text with edits), ``different`` for separate stories, however alike (templated reports of
   other days, follow-ups). Only ids and labels are stored, never text. Precision and recall of
   newsearch's rule (:mod:`newsearch.duplicates`: estimated Jaccard >= THRESHOLD, dated within
   DAYS days, at least MIN_SHINGLES shingles) on the sample, and weighted by band size.
2. What the indexer finds: the copy groups of each corpus, in indexing order.
3. Cost: a full build of Reuters with copy detection and without it (the same run, the same
   documents; ``--skip-build`` leaves it out), and the ratio.

    python benchmarks/copies.py [--skip-build] [--skip-quality] [--limit N] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPORA = ROOT.parent / "shared" / "corpora"
LABELS = Path(__file__).with_name("copies_labels.tsv")

from newsearch import duplicates, index  # noqa: E402
from newsearch.ingest import SourceFile, digest, discover, read_source  # noqa: E402
from newsearch.models import Record  # noqa: E402


def records(path: Path) -> dict[str, Record]:
    out: dict[str, Record] = {}
    for item in discover([str(path)]):
        if isinstance(item, SourceFile):
            for rec in read_source(item):
                if isinstance(rec, Record):
                    out[rec.id] = rec
    return out


def label_id(corpus: str, raw: str) -> str:
    return str(CORPORA / raw) if corpus == "bbc" else raw


def quality(recs: dict[str, Record]) -> None:
    rows = [line.rstrip("\n").split("\t") for line in LABELS.open() if not line.startswith("#")]
    sampled: dict[tuple[str, str], int] = defaultdict(int)
    for corpus, _a, _b, _label, band, _size in rows:
        sampled[corpus, band] += 1
    cells: dict[str, list[float]] = defaultdict(lambda: [0.0] * 4)  # tp fp fn (weighted x2)
    for corpus, a, b, label, band, size in rows:
        ra, rb = recs[label_id(corpus, a)], recs[label_id(corpus, b)]
        sa, sb = duplicates.sketch(ra.title, ra.body), duplicates.sketch(rb.title, rb.body)
        found = (
            sa is not None
            and sb is not None
            and duplicates.similarity(sa, sb) >= duplicates.THRESHOLD
            and duplicates._near(duplicates._day(ra.date), duplicates._day(rb.date))
        )
        truth = label == "copy"
        weight = int(size) / sampled[corpus, band]
        for key in (corpus, "all"):
            if found or truth:
                col = 0 if found and truth else 1 if found else 2
                cells[key][col] += 1
                cells[key + " (weighted)"][col] += weight
    print(f"labelled pairs: {len(rows)} ({sum(r[3] == 'copy' for r in rows)} copies)")
    for key, (tp, fp, fn, _) in sorted(cells.items()):
        precision, recall = tp / max(tp + fp, 1e-9), tp / max(tp + fn, 1e-9)
        print(f"  {key:<22} precision {precision:.3f}  recall {recall:.3f}")


def groups(name: str, recs: dict[str, Record]) -> None:
    state = duplicates.Copies(tempfile.mkdtemp())
    ordered = list(recs.values())
    t0 = time.perf_counter()
    found = state.assign(ordered, [digest(r) for r in ordered])
    seconds = time.perf_counter() - t0
    reps = set(found.values())
    print(
        f"{name}: {len(ordered)} articles, {len(found)} copies in {len(reps)} groups "
        f"({len(reps) + len(found)} articles in groups); {seconds:.1f} s to find them"
    )
    # exact copies (the same title and body, spacing aside): are they all found?
    first: dict[tuple[str, str], str] = {}
    exact = collapsed = 0
    for rec in ordered:
        key = (rec.title, " ".join(rec.body.split()))
        if rec.body.strip() and key in first:
            exact += 1
            collapsed += found.get(rec.id) == found.get(first[key], first[key])
        first.setdefault(key, rec.id)
    print(f"  exact copies (same title and body): {exact}, found as copies: {collapsed}")


def build(workers: int | None, limit: int) -> None:
    jsonl = CORPORA / "reuters21578.jsonl"
    if limit:  # the first N records (a loaded machine cannot build the whole corpus 4 times)
        part = Path(tempfile.mkdtemp(prefix="copies-part-")) / "reuters.jsonl"
        with jsonl.open(encoding="utf-8") as src:
            head = [line for _, line in zip(range(limit), src, strict=False)]
        part.write_text("".join(head), encoding="utf-8")
        jsonl = part
    real_open, real_mark, real_forget = duplicates.Copies.open, duplicates.Copies.mark, index.forget
    spent = [0.0]

    def mark_timed(self: Any, *args: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return real_mark(self, *args)
        finally:
            spent[0] += time.perf_counter() - t0

    class Off:
        def save(self) -> None:
            pass

        def mark(self, chunk: list[Record], promoted: Any) -> Any:
            return chunk, {}

    def timed(copies: bool) -> float:
        folder = Path(tempfile.mkdtemp(prefix="copies-bench-"))
        if copies:
            index.Copies.open, index.forget = real_open, real_forget  # type: ignore[method-assign]
            duplicates.Copies.mark = mark_timed  # type: ignore[method-assign]
        else:
            index.Copies.open = lambda *a: Off()  # type: ignore[assignment,method-assign]
            index.forget = lambda *a: {}  # type: ignore[assignment]
        t0 = time.perf_counter()
        index.index_corpus(jsonl, index_dir=folder, workers=workers)
        seconds = time.perf_counter() - t0
        shutil.rmtree(folder, ignore_errors=True)
        return seconds

    runs: dict[bool, list[float]] = {False: [], True: []}
    what = f"first {limit} records of Reuters" if limit else "full Reuters"
    for copies in (False, True, True, False):  # ABBA: drift under load cancels out
        runs[copies].append(timed(copies))
        state = "on " if copies else "off"
        print(f"  {what} build, copies {state}: {runs[copies][-1]:.1f} s", flush=True)
    on, off = sum(runs[True]), sum(runs[False])
    print(f"build with copy detection / without: {on / off:.3f} ({(on - off) / 2:+.1f} s a build)")
    print(f"time in copy detection (finding copies) in the builds with it: {spent[0] / on:.1%}")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--limit", type=int, default=0, help="build from the first N records")
    parser.add_argument("--skip-quality", action="store_true")
    args = parser.parse_args()
    if not CORPORA.is_dir():
        sys.exit(f"skipped: {CORPORA} is absent")
    os.environ.setdefault("NLTK_DATA", str(ROOT.parent / "shared" / "nltk_data"))
    if not args.skip_quality:
        bbc, reuters = records(CORPORA / "bbc"), records(CORPORA / "reuters21578.jsonl")
        quality({**bbc, **reuters})
        groups("BBC", bbc)
        groups("Reuters", reuters)
    if not args.skip_build:
        build(args.workers, args.limit)


if __name__ == "__main__":
    main()
