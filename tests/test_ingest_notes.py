"""An indexing run a person can follow (issue 15): empty records summarised, progress by
articles on a terminal, paths from the folder given to ``index``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsearch.cli import cli


def feed(folder: Path, good: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [{"title": f"Story {i}", "body": f"Oil rose on day {i}."} for i in range(good)]
    rows += [{"title": "", "body": ""}, {"title": "Only a title"}, {"body": "  "}]
    path = folder / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_empty_records_are_one_line_per_file_and_verbose_lists_them(
    tmp_path: Path, nltk_ready: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed(tmp_path / "news")
    monkeypatch.chdir(tmp_path)
    args = ["index", str(tmp_path / "news"), "--index", "ix", "--workers", "1"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [  # given as an absolute path: stored from its folder
        "warning: news/feed.jsonl: skipped 2 empty records (no title or body); "
        "--verbose lists them",
        "warning: news/feed.jsonl: 1 record without a body indexed by its title alone; "
        "--verbose lists them",
    ]
    assert "1 added" not in result.stdout and "2 added" in result.stdout
    assert "2 skipped" in result.stdout
    result = CliRunner().invoke(cli, [*args, "--rebuild", "--verbose"])
    lines = result.stderr.splitlines()
    assert "warning: news/feed.jsonl:2: record 2 is not an article (no title or body)" in lines
    assert "warning: news/feed.jsonl:4: record 4 is not an article (no title or body)" in lines
    assert any("feed.jsonl#3' has no body (indexed by its title)" in line for line in lines)
    result = CliRunner().invoke(cli, ["query", "oil", "--index", "ix"])
    assert "   news/feed.jsonl#1" not in result.stdout  # the id is shown as it is
    assert "\n   news/feed.jsonl  [" in result.stdout  # the path: from the folder given


def test_progress_counts_articles_with_rate_and_eta_on_a_terminal(
    tmp_path: Path, nltk_ready: None
) -> None:
    feed(tmp_path / "news", good=4000)
    master, slave = os.openpty()
    cmd = [sys.executable, "-m", "newsearch", "index", str(tmp_path / "news"),
           "--index", str(tmp_path / "ix"), "--workers", "1"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        seen += chunk
    out, _ = proc.communicate(timeout=300)
    os.close(master)
    assert proc.returncode == 0
    text = seen.decode()
    assert "/4,001 articles, " in text and "/s, ETA " in text, text
    assert b"4001 added" in out
