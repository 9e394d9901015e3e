"""Issue 19: crash-consistent and quiet under faults.

A killed run never leaves a state the next run trusts as current; workers die with their
parent; a dying run says one line; one bad name or value never stops the rest. Real
subprocesses, signals and files; no mocks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsearch.errors import NLTKDataError
from newsearch.nltkdata import ensure

try:
    ensure()
except NLTKDataError as exc:  # pragma: no cover - depends on the machine
    pytest.skip(f"NLTK data missing: {exc}", allow_module_level=True)

SHARED = Path(__file__).resolve().parents[2] / "shared"
REUTERS = SHARED / "corpora" / "reuters21578.jsonl"


def env(**extra: str) -> dict[str, str]:
    out = dict(os.environ)
    out.setdefault("NLTK_DATA", str(SHARED / "nltk_data"))
    out.pop("NEWSEARCH_FAULT", None)
    out.update(extra)
    return out


def newsearch(*args: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsearch", *args],
        cwd=cwd,
        env=env(**extra),
        capture_output=True,
        text=True,
        timeout=300,
    )


def feed_and_texts(folder: Path, word: str, drop: tuple[int, ...] = ()) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps({"id": f"feed-{i}", "title": f"Feed story {i}", "body": f"The {i} wire."})
        for i in range(30)
        if i not in drop
    ]
    (folder / "0feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for i in range(60):
        (folder / f"t{i:03d}.txt").write_text(
            f"Text {i} about {word}\n\nThe {word} number {i} was filed in Paris.\n",
            encoding="utf-8",
        )


def test_a_run_killed_after_a_batch_commit_never_brings_removed_records_back(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "news"
    feed_and_texts(corpus, "alpaca")
    assert newsearch("index", "news", "--index", "ix", cwd=tmp_path).returncode == 0
    time.sleep(0.01)
    feed_and_texts(corpus, "okapi", drop=(3, 17))  # two records leave, every text changes
    killed = newsearch(
        "index", "news", "--index", "ix", cwd=tmp_path,
        NEWSEARCH_BATCH="5", NEWSEARCH_FAULT="after-commit:1",
    )  # fmt: skip
    assert killed.returncode == 137, killed.stderr
    again = newsearch("index", "news", "--index", "ix", "--json", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["updated"] + report["unchanged"] == 88, report
    for gone in ("feed-3", "feed-17"):
        shown = newsearch("show", gone, "--index", "ix", cwd=tmp_path)
        assert shown.returncode == 1, shown.stdout
    info = json.loads(newsearch("info", "--index", "ix", "--json", cwd=tmp_path).stdout)
    assert info["articles"] == 88
    last = json.loads(newsearch("index", "news", "--index", "ix", "--json", cwd=tmp_path).stdout)
    assert (last["unchanged"], last["updated"], last["removed"]) == (88, 0, 0)
