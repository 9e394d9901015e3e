"""Index lifecycle (issue 5): incremental runs, concurrent use, crash safety, bad input.

What a user sees of ``index_corpus`` and ``newsearch index``: summary counts, the stderr line
naming each bad file, exit codes, what stays searchable. Real Whoosh, real NLTK, real
subprocesses, signals, a tmpfs and an unprivileged user; no mocks.

Exit codes: bad input under ``--strict`` is a runtime error about the data (exit 1, like every
:class:`~newsearch.errors.InputError`); 2 is kept for bad arguments and queries.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsearch.cli import cli
from newsearch.errors import IndexLockedError, NLTKDataError
from newsearch.index import index_corpus
from newsearch.nltkdata import ensure
from newsearch.search import open_index

try:
    ensure()
except NLTKDataError as exc:  # pragma: no cover - depends on the machine
    pytest.skip(f"NLTK data missing: {exc}", allow_module_level=True)

SHARED = Path(__file__).resolve().parents[2] / "shared"
BBC_BAD_UTF8 = SHARED / "corpora" / "bbc" / "sport" / "199.txt"


# -- helpers -------------------------------------------------------------------------------
def write_articles(folder: Path, n: int, word: str, start: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (folder / f"a{i:04d}.txt").write_text(
            f"Story {i} about {word}\n\nThe {word} report number {i} was filed in Paris.\n",
            encoding="utf-8",
        )


def total(index_dir: Path, query: str) -> int:
    with open_index(index_dir) as ix:
        return ix.search(query, limit=1).total


def articles(index_dir: Path) -> int:
    with open_index(index_dir) as ix:
        return int(ix.info()["articles"])


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def env(**extra: str) -> dict[str, str]:
    out = dict(os.environ)
    out.setdefault("NLTK_DATA", str(SHARED / "nltk_data"))
    out.update(extra)
    return out


def spawn(*args: str, cwd: Path, **extra: str) -> subprocess.Popen[str]:
    """``newsearch ARGS`` in its own process group."""
    return subprocess.Popen(
        [sys.executable, "-m", "newsearch", *args],
        cwd=cwd,
        env=env(**extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def generations(index_dir: Path) -> list[int]:
    return sorted(int(p.stem.rsplit("_", 1)[1]) for p in index_dir.glob("_MAIN_*.toc"))


def wait_for_commit(proc: subprocess.Popen[str], index_dir: Path, after: int) -> None:
    deadline = time.monotonic() + 60
    while not any(g > after for g in (generations(index_dir) if index_dir.exists() else [])):
        assert proc.poll() is None, f"indexer ended before a batch commit: {proc.communicate()}"
        assert time.monotonic() < deadline, "no batch commit within 60 s"
        time.sleep(0.02)


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_gone(pids: list[int], seconds: float = 15) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := [p for p in pids if alive(p)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


# -- incremental ---------------------------------------------------------------------------
def test_rerun_reads_only_changes_and_removes_gone_articles(tmp_path: Path) -> None:
    corpus, ix = tmp_path / "corpus", tmp_path / "ix"
    write_articles(corpus, 4, "walrus")
    feed = corpus / "feed.jsonl"
    lines = [json.dumps({"title": f"Feed {i}", "body": f"walrus feed item {i}"}) for i in range(3)]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")

    first = index_corpus(corpus, index_dir=ix, workers=1)
    assert (first.added, first.updated, first.removed, first.unchanged) == (7, 0, 0, 0)

    again = index_corpus(corpus, index_dir=ix, workers=1)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 7)

    (corpus / "a0000.txt").write_text("Story zero rewritten\n\nNow about a narwhal.\n")
    (corpus / "a0001.txt").unlink()
    write_articles(corpus, 1, "walrus", start=10)
    feed.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")  # record 3 leaves the file
    third = index_corpus(corpus, index_dir=ix, workers=1)
    assert (third.added, third.updated, third.removed, third.unchanged) == (1, 1, 2, 4)
    assert articles(ix) == 6
    assert total(ix, "narwhal") == 1
    assert total(ix, '"feed 2"') == 0

    code, out, _ = run_cli("index", str(corpus), "--index", str(ix), "--workers", "1")
    assert code == 0
    for word in ("0 added", "0 updated", "0 removed", "6 unchanged", "0 skipped"):
        assert word in out

    rebuilt = index_corpus(corpus, index_dir=ix, workers=1, rebuild=True)
    assert (rebuilt.added, rebuilt.unchanged, rebuilt.removed) == (6, 0, 0)
    assert articles(ix) == 6


def test_folders_share_an_index_and_a_run_only_touches_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ix = tmp_path / "ix"
    write_articles(tmp_path / "a", 3, "gazelle")
    write_articles(tmp_path / "b", 3, "pelican")  # same file names as a/
    monkeypatch.chdir(tmp_path)
    report = index_corpus("a", "b", index_dir=ix, workers=1)
    assert report.added == 6 and articles(ix) == 6

    (tmp_path / "a" / "a0000.txt").unlink()
    report = index_corpus("a", index_dir=ix, workers=1)
    assert (report.removed, report.unchanged) == (1, 2)
    assert total(ix, "pelican") == 3 and total(ix, "gazelle") == 2

    (ix / "newsearch.json").unlink()  # the manifest is a cache: losing it costs time only
    report = index_corpus("a", "b", index_dir=ix, workers=1)
    assert (report.added, report.unchanged, report.removed) == (0, 5, 0)

    report = index_corpus("b", index_dir=ix, workers=1, rebuild=True)  # from scratch
    assert report.added == 3 and articles(ix) == 3 and total(ix, "gazelle") == 0


# -- bad input -----------------------------------------------------------------------------
def bad_corpus(folder: Path) -> None:
    write_articles(folder, 2, "kiwi")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.txt").write_bytes(
        "Caf\xe9 kiwi\n\nA kiwi caf\xe9 quokka.\n".encode("latin-1")
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "huge.txt").write_bytes(b"Huge kiwi\n\n" + b"kiwi " * 230_000)  # 1.1 MB
    records = [
        json.dumps({"title": "Feed one", "body": "kiwi one"}),
        '{"title": "broken", ',
        json.dumps({"title": "Feed three", "body": "kiwi three"}),
        json.dumps({"title": "Too big", "body": "kiwi " * 250_000}),  # over 1 MB
        json.dumps({"title": "Feed five", "body": "kiwi five"}),
    ]
    (folder / "feed.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    (folder / "config.json").write_text('{"colour": "blue"}', encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n")
    (folder / "loop").symlink_to(".")


def test_bad_input_gets_one_line_each_and_the_rest_is_indexed(tmp_path: Path) -> None:
    corpus, ix = tmp_path / "corpus", tmp_path / "ix"
    bad_corpus(corpus)
    good = 7  # a0000, a0001, latin1 (decoded), feed lines 1, 3, 5 ... and the BBC file
    if BBC_BAD_UTF8.exists():
        shutil.copy(BBC_BAD_UTF8, corpus / "bbc199.txt")
    else:
        good -= 1
    code, out, err = run_cli(
        "index", str(corpus), "--index", str(ix), "--workers", "1", "--max-file-size", "1"
    )
    assert code == 0, err
    lines = [line for line in err.splitlines() if line.strip()]
    expected = {
        "binary.txt": "binary",
        "latin1.txt": "UTF-8",
        "empty.txt": "empty",
        "huge.txt": "limit",
        "feed.jsonl:2": "JSON",
        "feed.jsonl:4": "limit",
        "config.json": "article",
        "photo.png": "unsupported",
        "loop": "loop",
    }
    if BBC_BAD_UTF8.exists():
        expected["bbc199.txt"] = "UTF-8"
    for name, what in expected.items():
        hits = [line for line in lines if f"{corpus.name}/{name}:" in line]
        assert len(hits) == 1, (name, lines)
        assert what.lower() in hits[0].lower(), hits[0]
    assert len(lines) == len(expected), lines
    assert "Traceback" not in err
    assert "7 skipped, 1 ignored" in out  # binary, empty, huge, 2 records, config, loop
    assert articles(ix) == good
    assert total(ix, "kiwi") == 6  # the BBC story is about something else
    assert total(ix, "quokka") == 1  # the decodable part of latin1.txt went in


def test_strict_turns_bad_input_into_an_error_and_keeps_the_index(tmp_path: Path) -> None:
    corpus, ix = tmp_path / "corpus", tmp_path / "ix"
    write_articles(corpus, 2, "kiwi")
    index_corpus(corpus, index_dir=ix, workers=1)
    write_articles(corpus, 1, "kiwi", start=5)
    (corpus / "binary.txt").write_bytes(b"\x00\x01" * 100)
    code, _, err = run_cli("index", str(corpus), "--index", str(ix), "--workers", "1", "--strict")
    assert code == 1
    assert err.count("\n") == 1 and "binary.txt" in err and "--strict" in err
    assert articles(ix) == 2


# -- the index folder ----------------------------------------------------------------------
def test_index_folder_checks(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_articles(corpus, 2, "ocelot")

    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    code, _, err = run_cli("index", str(corpus), "--index", str(foreign), "--workers", "1")
    assert code == 1 and "not a newsearch index" in err and err.count("\n") == 1
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]

    code, _, err = run_cli("index", str(corpus), "--index", str(foreign / "notes.txt"))
    assert code == 1 and "not a newsearch index" in err

    repo_like = tmp_path / "index"  # the repository's index/ holds only .gitkeep
    repo_like.mkdir()
    (repo_like / ".gitkeep").touch()
    code, _, err = run_cli("index", str(corpus), "--index", str(repo_like), "--workers", "1")
    assert code == 0, err
    assert articles(repo_like) == 2 and (repo_like / ".gitkeep").exists()

    # what another indexer creating the index has written so far (its lock, its manifest, the
    # first table of contents under Whoosh's temporary name) is not a foreign folder
    starting = tmp_path / "starting"
    starting.mkdir()
    for name in ("MAIN_WRITELOCK", "newsearch.json", "_MAIN_0.toc.1796328448.4537954"):
        (starting / name).write_text("")
    code, _, err = run_cli("index", str(corpus), "--index", str(starting), "--workers", "1")
    assert code == 0, err
    assert articles(starting) == 2

    manifest = repo_like / "newsearch.json"
    data = json.loads(manifest.read_text())
    data["schema_version"] = 0
    manifest.write_text(json.dumps(data))
    before = sorted(p.name for p in repo_like.iterdir())
    for args in (["query", "ocelot"], ["index", str(corpus), "--workers", "1"]):
        code, _, err = run_cli(*args, "--index", str(repo_like))
        assert code == 1 and "--rebuild" in err and err.count("\n") == 1, err
    assert sorted(p.name for p in repo_like.iterdir()) == before
    args = ["index", str(corpus), "--index", str(repo_like), "--workers", "1", "--rebuild"]
    code, out, err = run_cli(*args)
    assert code == 0 and "2 added" in out, err
    assert total(repo_like, "ocelot") == 2


def test_full_disk_keeps_the_last_committed_state(tmp_path: Path) -> None:
    mnt = tmp_path / "small"
    mnt.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        corpus, ix = tmp_path / "corpus", mnt / "ix"
        write_articles(corpus, 5, "heron")
        index_corpus(corpus, index_dir=ix, workers=1)
        filler = mnt / "filler"
        with open(filler, "wb") as out:
            try:
                while True:
                    out.write(b"\0" * 65536)
                    out.flush()
            except OSError:
                pass
        write_articles(corpus, 5, "heron", start=5)
        code, _, err = run_cli("index", str(corpus), "--index", str(ix), "--workers", "1")
        assert code == 1 and "disk full" in err and err.count("\n") == 1, err
        assert articles(ix) == 5 and total(ix, "heron") == 5
        filler.unlink()
        code, out, err = run_cli("index", str(corpus), "--index", str(ix), "--workers", "1")
        assert code == 0 and "5 added" in out and "5 unchanged" in out, err
        assert articles(ix) == 10
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


# -- an unprivileged user (root reads chmod-000 files) ---------------------------------------
@pytest.fixture
def public_dir() -> Iterator[Path]:
    """A folder the user nobody can reach (pytest's tmp_path is private to root)."""
    probe = subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        + [sys.executable, "-c", "import newsearch.cli"],
        capture_output=True,
        cwd="/",
    )
    if probe.returncode != 0:
        reason = probe.stderr.decode().strip().splitlines()[-1:] or ["?"]
        pytest.skip(f"cannot run newsearch as nobody (e.g. a private venv folder): {reason[0]}")
    base = Path(tempfile.mkdtemp(prefix="newsearch-test-"))
    base.chmod(0o777)
    try:
        yield base
    finally:
        for root, dirs, _files in os.walk(base):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(base, ignore_errors=True)


def as_nobody(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        + [sys.executable, "-m", "newsearch", *args],
        cwd=cwd,
        env=env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_unwritable_index_gives_a_clear_message_and_stays_intact(public_dir: Path) -> None:
    corpus, ix = public_dir / "corpus", public_dir / "ix"
    write_articles(corpus, 2, "marmot")
    index_corpus(corpus, index_dir=ix, workers=1)  # owned by root, 0755 / 0644
    before = sorted((p.name, p.stat().st_mtime_ns) for p in ix.iterdir())
    write_articles(corpus, 1, "marmot", start=7)
    done = as_nobody("index", "corpus", "--index", "ix", "--workers", "1", cwd=public_dir)
    assert done.returncode == 1, done
    assert "cannot write to ix" in done.stderr and "ermission denied" in done.stderr
    assert done.stderr.count("\n") == 1
    assert sorted((p.name, p.stat().st_mtime_ns) for p in ix.iterdir()) == before
    query = as_nobody("query", "marmot", "--index", "ix", cwd=public_dir)
    assert query.returncode == 0 and "2 matches" in query.stdout, query


def test_unreadable_files_and_folders_lose_nothing(public_dir: Path) -> None:
    corpus = public_dir / "corpus"
    write_articles(corpus, 2, "lynx")
    write_articles(corpus / "locked", 1, "lynx", start=5)
    first = as_nobody("index", "corpus", "--index", "ix", "--workers", "1", cwd=public_dir)
    assert first.returncode == 0 and "3 added" in first.stdout, first

    secret = corpus / "secret.txt"
    secret.write_text("Secret lynx\n\nHidden.\n")
    secret.chmod(0o000)
    (corpus / "locked").chmod(0o000)
    if os.access(secret, os.R_OK, effective_ids=False) and os.getuid() != 0:
        pytest.skip("chmod 000 does not hide files from this user")
    second = as_nobody("index", "corpus", "--index", "ix", "--workers", "1", cwd=public_dir)
    assert second.returncode == 0, second
    lines = second.stderr.splitlines()
    assert len(lines) == 2, lines
    assert any("corpus/secret.txt:" in x and "unreadable" in x for x in lines), lines
    assert any("corpus/locked:" in x and "unreadable" in x for x in lines), lines
    assert "0 removed" in second.stdout and "2 skipped" in second.stdout
    assert articles(public_dir / "ix") == 3  # the unreadable folder's article is kept


# -- concurrency ---------------------------------------------------------------------------
def test_a_second_indexer_waits_and_never_sees_lockerror(tmp_path: Path) -> None:
    from whoosh.util.filelock import FileLock

    corpus, ix = tmp_path / "corpus", tmp_path / "ix"
    write_articles(corpus, 2, "badger")
    index_corpus(corpus, index_dir=ix, workers=1)
    lock = FileLock(str(ix / "MAIN_WRITELOCK"))
    assert lock.acquire()
    try:
        waits: list[str] = []
        with pytest.raises(IndexLockedError, match="locked by another indexer"):
            index_corpus(corpus, index_dir=ix, workers=1, lock_timeout=0.3, on_wait=waits.append)
        assert len(waits) == 1 and "waiting for another indexer" in waits[0]
        proc = spawn(
            "index", str(corpus), "--index", str(ix), cwd=tmp_path, NEWSEARCH_LOCK_TIMEOUT="1"
        )
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 1
        assert "waiting for another indexer" in err and "MAIN_WRITELOCK" in err
        assert "locked by another indexer" in err
        assert "LockError" not in err and "Traceback" not in err
    finally:
        lock.release()
    assert articles(ix) == 2


def test_two_indexers_started_together_both_complete(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    write_articles(tmp_path / "a", 25, "falcon")
    write_articles(tmp_path / "b", 25, "beaver")
    procs = [spawn("index", name, "--index", "ix", "--workers", "1", cwd=tmp_path) for name in "ab"]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert all("25 added" in out for out, _ in outs), outs
    assert sum("waiting for another indexer" in err for _, err in outs) == 1, outs
    assert total(ix, "falcon") == 25 and total(ix, "beaver") == 25 and articles(ix) == 50


def test_searches_work_while_an_indexer_runs(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    write_articles(tmp_path / "a", 10, "otter")
    index_corpus(tmp_path / "a", index_dir=ix, workers=1)
    write_articles(tmp_path / "b", 120, "mole")
    a, b = str(tmp_path / "a"), str(tmp_path / "b")  # ids are paths as given: give the same
    proc = spawn(
        "index", a, b, "--index", "ix", "--workers", "1", cwd=tmp_path, NEWSEARCH_BATCH="15"
    )
    seen: list[int] = []
    with open_index(ix) as index:  # one long-lived searcher too, refreshed on each search
        while proc.poll() is None:
            assert index.search("otter", limit=1).total == 10
            with open_index(ix) as fresh:
                seen.append(fresh.search("mole", limit=1).total)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert seen and seen == sorted(seen) and seen[-1] <= 120  # committed states only, growing
    assert "120 added" in out and total(ix, "mole") == 120


# -- crash safety --------------------------------------------------------------------------
def test_sigkill_mid_run_then_search_then_a_completing_rerun(tmp_path: Path) -> None:
    corpus, ix = tmp_path / "big", tmp_path / "ix"
    write_articles(corpus, 200, "alpaca")
    index_corpus(corpus, index_dir=ix, workers=1)
    time.sleep(0.01)
    write_articles(corpus, 200, "okapi")  # every file changes
    last = generations(ix)[-1]
    proc = spawn(
        "index", str(corpus), "--index", "ix", "--workers", "2", cwd=tmp_path, NEWSEARCH_BATCH="20"
    )
    wait_for_commit(proc, ix, after=last)
    workers = descendants(proc.pid)
    assert len(workers) >= 2, "the run should have spawned its entity workers"
    os.kill(proc.pid, signal.SIGKILL)  # the parent alone: its workers become orphans
    proc.wait(timeout=10)
    assert wait_gone(workers) == [], "orphaned workers outlived their parent"

    done = articles(ix)
    assert done == 200  # every article is there, old or new version
    updated = total(ix, "okapi")
    assert 20 <= updated < 200 and total(ix, "alpaca") == 200 - updated

    code, out, err = run_cli("index", str(corpus), "--index", str(ix), "--workers", "1")
    assert code == 0 and "waiting" not in err, err  # no orphan holds the lock
    assert f"{200 - updated} updated" in out and f"{updated} unchanged" in out, out
    assert total(ix, "okapi") == 200 and total(ix, "alpaca") == 0 and articles(ix) == 200


def test_ctrl_c_stops_cleanly_with_no_orphans(tmp_path: Path) -> None:
    corpus, ix = tmp_path / "big", tmp_path / "ix"
    write_articles(corpus, 200, "tapir")
    proc = spawn(
        "index", str(corpus), "--index", "ix", "--workers", "2", cwd=tmp_path, NEWSEARCH_BATCH="20"
    )
    wait_for_commit(proc, ix, after=0)
    workers = descendants(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "interrupted" in err, err
    assert "Traceback" not in err, err
    assert wait_gone(workers) == []
    assert 20 <= total(ix, "tapir") < 200
    report = index_corpus(corpus, index_dir=ix, workers=1)
    assert report.added + report.unchanged == 200 and articles(ix) == 200
