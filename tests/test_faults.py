"""Issue 19: crash-consistent and quiet under faults.

A killed run never leaves a state the next run trusts as current; workers die with their
parent; a dying run says one line; one bad name or value never stops the rest. Real
subprocesses, signals and files; no mocks.
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
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsearch.cli import cli
from newsearch.errors import NLTKDataError
from newsearch.fields import SCHEMA_VERSION
from newsearch.index import index_corpus
from newsearch.nltkdata import ensure
from newsearch.search import open_index

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


def cli_run(*args: str) -> tuple[int, str, str]:
    """``newsearch ARGS`` in-process; an exception that escapes is the test's failure."""
    result = CliRunner().invoke(cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "damage",
    [
        b'{"schema_version": %d, "files": 5}' % SCHEMA_VERSION,
        b'{"schema_version": %d, "updated": "x", "files": {}}' % SCHEMA_VERSION,
        b'{"schema_version": %d, "files": {"news/a.txt": [1, 2]}}' % SCHEMA_VERSION,
        b"[1, 2]",
        bytes(range(256)) * 2,
    ],
)
def test_a_damaged_manifest_is_one_line_and_rebuild_repairs_it(
    tmp_path: Path, damage: bytes
) -> None:
    corpus, ix = tmp_path / "news", tmp_path / "ix"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Drones over Paris\n\nDrones were seen.\n", encoding="utf-8")
    index_corpus(corpus, index_dir=ix, workers=1)
    (ix / "newsearch.json").write_bytes(damage)
    code, _out, err = cli_run("query", "drones", "--index", str(ix))
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert "newsearch.json" in err and "damaged" in err and "--rebuild" in err, err
    code, out, err = cli_run("index", str(corpus), "--index", str(ix), "--rebuild")
    assert code == 0 and "1 added" in out, err
    code, out, err = cli_run("query", "drones", "--index", str(ix))
    assert code == 0 and "Paris" in out, err


def test_a_path_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    code, _out, err = cli_run("index", str(tmp_path / "nope"), "--index", str(tmp_path / "ix"))
    assert code == 1 and len(err.strip().splitlines()) == 1 and "nope" in err, err
    assert not (tmp_path / "ix").exists()


def test_a_name_that_is_not_utf8_or_a_lone_surrogate_is_one_line_and_the_rest_goes_in(
    tmp_path: Path,
) -> None:
    corpus, ix = tmp_path / "news", tmp_path / "ix"
    corpus.mkdir()
    with open(os.fsencode(corpus) + b"/bad\xff\xfename.txt", "w", encoding="utf-8") as out:
        out.write("Badly named\n\nA story from Paris.\n")
    (corpus / "good.txt").write_text("Good\n\nA good story from Paris.\n", encoding="utf-8")
    (corpus / "feed.jsonl").write_text(
        '{"id": "s1", "title": "Odd \\ud800 title", "body": "Paris wire."}\n'
        '{"id": "s2", "title": "Fine", "body": "Paris wire."}\n',
        encoding="utf-8",
    )
    code, out, err = cli_run("index", str(corpus), "--index", str(ix))
    assert code == 0, err
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in err, err
    assert any("bad" in line and "name.txt" in line and "UTF-8" in line for line in lines), err
    assert any("feed.jsonl:1" in line for line in lines), err
    assert "3 added" in out, out
    with open_index(ix) as index:
        assert index.search("paris", limit=10).total == 3
        assert index.get("s1").title == "Odd \ufffd title"


def test_an_id_used_by_two_files_keeps_the_first_and_names_both(tmp_path: Path) -> None:
    corpus, ix = tmp_path / "news", tmp_path / "ix"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Drones over Paris\n\nThe first story.\n", encoding="utf-8")
    taken = "news/a.txt"  # a.txt's id: its path from the folder given
    feed = {"id": taken, "title": "Impostor over Paris", "body": "The second story."}
    other = {"id": "b-1", "title": "Other", "body": "Elsewhere."}
    (corpus / "feed.jsonl").write_text(
        json.dumps(feed) + "\n" + json.dumps(other) + "\n", encoding="utf-8"
    )
    code, out, err = cli_run("index", str(corpus), "--index", str(ix), "--json")
    assert code == 0, err
    warning = [line for line in err.splitlines() if taken in line]
    assert len(warning) == 1 and "feed.jsonl" in warning[0] and "a.txt" in warning[0], err
    for _ in range(2):
        code, out, err = cli_run("index", str(corpus), "--index", str(ix), "--json")
        report = json.loads(out)
        assert (report["updated"], report["added"], report["removed"]) == (0, 0, 0), report
    (corpus / "feed.jsonl").touch()  # re-read: still refused, still stable
    time.sleep(0.01)
    code, out, err = cli_run("index", str(corpus), "--index", str(ix), "--json")
    assert json.loads(out)["updated"] == 0 and "a.txt" in err, err
    with open_index(ix) as index:
        assert index.get(taken).title == "Drones over Paris"
        assert index.info()["articles"] == 2


# -- processes and signals -----------------------------------------------------------------
def reuters_texts(folder: Path, megabytes: float) -> None:
    """Text files of Reuters bodies, ``megabytes`` of them (skips where the corpus is absent)."""
    if not REUTERS.exists():
        pytest.skip(f"{REUTERS} not found")
    folder.mkdir(parents=True)
    size = 0
    with REUTERS.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            record = json.loads(line)
            text = f"{record.get('title') or 'Untitled'}\n\n{record.get('body') or ''}\n"
            (folder / f"r{n:05d}.txt").write_text(text, encoding="utf-8")
            size += len(text)
            if size > megabytes * 2**20:
                return


def children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def spawn_index(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsearch", "index", "big", "--index", "ix", *args],
        cwd=tmp_path,
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_workers(proc: subprocess.Popen[str], settle: float = 3, count: int = 2) -> list[int]:
    deadline = time.monotonic() + 60
    while len(kids := children(proc.pid)) < count + 1:  # the workers and resource tracker
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no workers within 60 s"
        time.sleep(0.02)
    time.sleep(settle)  # 3 s: models loaded, busy with their share of the first batch
    return kids


def test_workers_die_within_a_second_or_two_of_a_killed_parent(tmp_path: Path) -> None:
    reuters_texts(tmp_path / "big", 4)
    proc = spawn_index(tmp_path, "--workers", "2")
    kids = wait_for_workers(proc)
    proc.kill()
    proc.wait(timeout=10)  # the parent alone (its workers hold its pipes until they end)
    time.sleep(2)
    left = [k for k in kids if alive(k)]
    proc.communicate(timeout=120)
    assert left == [], "workers outlived their killed parent"


@pytest.mark.parametrize(
    ("signum", "settle", "said"),
    [(signal.SIGTERM, 3, "terminated"), (signal.SIGINT, 0.1, "interrupted")],
)
def test_a_run_stopped_by_a_signal_says_one_line(
    tmp_path: Path, signum: int, settle: float, said: str
) -> None:
    reuters_texts(tmp_path / "big", 3)
    proc = spawn_index(tmp_path, "--workers", "2")
    kids = wait_for_workers(proc, settle)
    proc.send_signal(signum)  # the indexer alone, as `kill` or a service manager does
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + signum, err
    assert "Traceback" not in err and "leaked" not in err, err
    assert err.strip().splitlines() == [f"newsearch: {said}"], err
    time.sleep(0.5)
    assert [k for k in kids if alive(k)] == []


def test_a_closed_stderr_never_stops_the_run(tmp_path: Path) -> None:
    """``newsearch index ... 2>&1 | head -1``: the reader of the warnings goes away after the
    first one; the run goes on and indexes everything good."""
    corpus = tmp_path / "news"
    corpus.mkdir()
    for n in range(40):
        (corpus / f"empty{n:02}.txt").write_text("", encoding="utf-8")
    for n in range(5):
        (corpus / f"good{n}.txt").write_text(f"Story {n}\n\nGrain talks went on.\n", "utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsearch", "index", "news", "--index", "ix"],
        cwd=tmp_path,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    first = proc.stderr.readline()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 0
    assert b"warning:" in first
    with open_index(tmp_path / "ix") as ix:
        assert len(ix) == 5


def test_a_file_rewritten_within_its_mtime_tick_is_read_again(tmp_path: Path) -> None:
    """Git's "racily clean" file: a rewrite of the same size that keeps the mtime (a coarse
    clock, or a file system counting seconds) is not trusted as unchanged."""
    corpus, ix = tmp_path / "corpus", tmp_path / "ix"
    corpus.mkdir()
    article = corpus / "a.txt"
    article.write_text("Otter report\n\nThe otter swam in Oslo.\n", encoding="utf-8")
    assert index_corpus(corpus, index_dir=ix, workers=1).added == 1
    stamp = article.stat().st_mtime_ns
    article.write_text("Otter report\n\nThe raven swam in Oslo.\n", encoding="utf-8")
    os.utime(article, ns=(stamp, stamp))  # the same size, the same mtime tick
    assert index_corpus(corpus, index_dir=ix, workers=1).updated == 1
    with open_index(ix) as index:
        assert index.search("raven").total == 1 and index.search('"otter swam"').total == 0


def test_an_index_folder_made_unwritable_during_a_run(request: pytest.FixtureRequest) -> None:
    """Between two batch commits of a run by an unprivileged user the index folder becomes
    read-only: one line, the index as the last commit left it, and the next run completes.
    (One worker: here the user nobody cannot spawn processes.)"""
    if subprocess.run(["setpriv", "--reuid=nobody", "true"], capture_output=True).returncode:
        pytest.skip("cannot run as the user nobody here")
    base = Path(tempfile.mkdtemp(prefix="newsearch-test-"))  # pytest's tmp_path is root's
    base.chmod(0o777)
    request.addfinalizer(lambda: shutil.rmtree(base, ignore_errors=True))
    corpus, ix = base / "news", base / "ix"
    feed_and_texts(corpus, "alpaca")
    nobody = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    command = [*nobody, sys.executable, "-m", "newsearch", "index", "news", "--index", "ix"]
    command += ["--workers", "1"]
    assert subprocess.run(command, cwd=base, env=env(), capture_output=True).returncode == 0
    with open_index(ix) as index:
        before = {h.id: h.title for h in index.search("alpaca", limit=100).hits}
    assert len(before) == 60
    time.sleep(0.01)
    feed_and_texts(corpus, "okapi")  # 60 changed texts: 6 commits of 10
    run = subprocess.Popen(
        command,
        cwd=base,
        env=env(NEWSEARCH_BATCH="10", NEWSEARCH_FAULT="stop-after-commit:1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while Path(f"/proc/{run.pid}/stat").read_text().split(") ")[1][0] != "T":
            assert run.poll() is None, run.communicate()
            time.sleep(0.05)
        ix.chmod(0o555)
        os.kill(run.pid, signal.SIGCONT)
        _out, err = run.communicate(timeout=300)
    finally:
        ix.chmod(0o755)
        if run.poll() is None:
            run.kill()
    assert run.returncode == 1, err
    assert err.count("\n") == 1 and "cannot write to ix" in err and "ermission denied" in err
    with open_index(ix) as index:
        okapi = {h.id: h.title for h in index.search("okapi", limit=100).hits}
        alpaca = {h.id: h.title for h in index.search("alpaca", limit=100).hits}
    assert len(okapi) == 10 and len(alpaca) == 50  # the first commit, and what was before
    assert set(okapi) | set(alpaca) == set(before)
    again = subprocess.run(command, cwd=base, env=env(), capture_output=True, text=True)
    assert again.returncode == 0 and "50 updated" in again.stdout, again
    with open_index(ix) as index:
        assert index.search("okapi", limit=100).total == 60
        assert index.search("alpaca").total == 0
