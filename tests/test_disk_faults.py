"""The disk fills up part-way through a run that commits batch after batch (10 articles a
commit, room for one): one line, every article committed before stays intact and found, and
once space is freed the next run completes the index, leaving no half-written segment behind."""

from __future__ import annotations

import random
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsearch
import newsearch.index
from newsearch.cli import cli


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


_VOCABULARY = [
    "".join(random.Random(i).choices("abcdefghijklmnopqrstuvwxyz", k=7)) for i in range(3000)
]


def write_articles(folder: Path, n: int, start: int = 0) -> dict[str, str]:
    """``n`` articles of about 1 kB of words that compress badly; path -> body."""
    rng = random.Random(start)
    folder.mkdir(parents=True, exist_ok=True)
    bodies = {}
    for i in range(start, start + n):
        words = rng.choices(_VOCABULARY, k=150)
        body = f"The heron report {i}: " + " ".join(words) + "."
        path = folder / f"a{i:04d}.txt"
        path.write_text(f"Heron story {i}\n\n{body}\n", encoding="utf-8")
        bodies[f"{folder.name}/{path.name}"] = body  # stored from the folder given
    return bodies


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "small"
    mnt.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill ``disk``, then free ``leave`` bytes of it."""
    filler = disk / "filler"
    with open(filler, "wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    with open(filler, "r+b") as out:
        out.truncate(max(0, filler.stat().st_size - leave))
    return filler


def unlisted(ix_dir: Path) -> set[str]:
    """Segment files in the folder that the index's table of contents does not list."""
    from whoosh.index import open_dir

    listed = {s.segment_id() for s in open_dir(str(ix_dir), indexname="MAIN")._segments()}
    names = (p.name for p in ix_dir.iterdir() if p.name.startswith("MAIN_") and "." in p.name)
    return {n for n in names if n.split(".")[0] not in listed}


def found(ix_dir: Path) -> dict[str, str]:
    with newsearch.open_index(ix_dir) as ix:
        ids = [doc_id for doc_id, _ in ix.ranked_ids("heron", limit=1000)]
        return {doc_id: ix.get(doc_id).body for doc_id in ids}


def test_a_disk_that_fills_during_the_commits_keeps_what_was_committed(
    nltk_ready: None, tmp_path: Path, small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, ix = tmp_path / "corpus", small_disk / "ix"
    first = write_articles(corpus, 5)
    assert run_cli("index", str(corpus), "--index", str(ix), "--workers", "1")[0] == 0
    monkeypatch.setattr(newsearch.index, "BATCH", 10)  # NEWSEARCH_BATCH=10
    filler = fill(small_disk, leave=1_100_000)  # the exact forms made batches larger
    more = write_articles(corpus, 60, start=5)  # six commits

    code, _, err = run_cli("index", str(corpus), "--index", str(ix), "--workers", "1")
    assert code == 1 and "disk full" in err and err.count("\n") == 1, err
    assert "Traceback" not in err
    kept = found(ix)
    assert first.items() <= kept.items()  # what was there before the run: all, intact
    assert len(kept) > len(first), "no batch of this run was committed before the disk filled"
    assert all(more[doc_id] == body for doc_id, body in kept.items() if doc_id in more)

    assert unlisted(ix), "the full disk left no half-written segment: nothing tested below"

    filler.unlink()
    code, out, err = run_cli("index", str(corpus), "--index", str(ix), "--workers", "1")
    assert code == 0, err
    assert found(ix) == {**first, **more}
    assert unlisted(ix) == set()


def test_a_run_with_nothing_to_do_leaves_no_file_behind(nltk_ready: None, tmp_path: Path) -> None:
    corpus, ix = tmp_path / "corpus", tmp_path / "ix"
    write_articles(corpus, 5)
    assert run_cli("index", str(corpus), "--index", str(ix), "--workers", "1")[0] == 0
    files = sorted(p.name for p in ix.iterdir())
    for _ in range(2):
        code, out, err = run_cli("index", str(corpus), "--index", str(ix), "--workers", "1")
        assert code == 0 and "5 unchanged" in out, err
    assert sorted(p.name for p in ix.iterdir()) == files
    assert unlisted(ix) == set()
