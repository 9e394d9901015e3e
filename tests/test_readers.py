"""Tests of newsearch.ingest: finding files and reading every article format, bad input too."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from newsearch.ingest import SUPPORTED_SUFFIXES, SourceFile, discover, parse_date, read_source
from newsearch.models import Problem, Record

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
REUTERS = SHARED / "corpora" / "reuters21578.jsonl"
BBC = SHARED / "corpora" / "bbc"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def source(path: Path, display: str | None = None) -> SourceFile:
    found = list(discover([str(path)]))
    assert len(found) == 1 and isinstance(found[0], SourceFile), found
    src = found[0]
    if display is not None:  # as if the user had typed a relative path
        src = SourceFile(display, src.abspath, src.size, src.mtime_ns, src.format)
    return src


def read(path: Path, display: str | None = None, **limits: int) -> list[Any]:
    """Everything read_source yields for one file (Records and Problems)."""
    return list(read_source(source(path, display), **limits))


def records(items: list) -> list[Record]:
    return [item for item in items if isinstance(item, Record)]


def problems(items: list) -> list[Problem]:
    return [item for item in items if isinstance(item, Problem)]


def discovered(paths: list[str], **kwargs) -> tuple[list[str], list[Problem]]:
    found = list(discover(paths, **kwargs))
    return [f.path for f in found if isinstance(f, SourceFile)], problems(found)


@pytest.fixture
def chdir_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- plain text and Markdown ------------------------------------------------------------------


def test_txt_title_body_id_and_paragraphs(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.txt",
        "\ufeff\r\n  Storm  hits coast \r\n\r\nFirst paragraph.\r\nStill first.\r\n\r\nSecond.\r\n",
    )
    [rec] = read(path, "corpus/a.txt")
    assert rec.title == "Storm hits coast"
    assert rec.body == "First paragraph.\nStill first.\n\nSecond."
    assert rec.id == rec.origin == "corpus/a.txt"
    assert rec.date is None


def test_md_heading_marks_stripped(tmp_path: Path) -> None:
    [rec] = read(write(tmp_path / "b.md", "## Markets *rally*\n\nShares rose.\n"))
    assert rec.title == "Markets *rally*"
    assert rec.body == "Shares rose."
    [setext] = read(write(tmp_path / "c.md", "Budget passed\n=============\n\nBody.\n"))
    assert (setext.title, setext.body) == ("Budget passed", "Body.")


def test_title_only_file_is_an_article(tmp_path: Path) -> None:
    [rec] = read(write(tmp_path / "t.txt", "Just a headline\n"))
    assert (rec.title, rec.body) == ("Just a headline", "")


def test_control_characters_dropped_and_nfc(tmp_path: Path) -> None:
    path = write(tmp_path / "c.txt", "Cafe\u0301 news\x07\n\nTab\there\x0b and\x1b done.\n")
    [rec] = read(path)
    assert rec.title == "Caf\u00e9 news"
    assert rec.body == "Tab\there and done."


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    blank: tuple[tuple[str, str | bytes], ...] = (
        ("e.txt", ""),
        ("w.md", " \n\t\n"),
        ("e.json", "  \n"),
        ("bom.jsonl", b"\xef\xbb\xbf"),  # a byte-order mark only: said nothing before
    )
    for name, content in blank:
        [problem] = read(write(tmp_path / name, content))
        assert isinstance(problem, Problem)
        assert problem.kind == "empty" and problem.skipped
        assert "empty" in problem.message


def test_invalid_utf8_decoded_with_a_guessed_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.txt", b"Title\n\nCaf\xe9 society\n")
    items = read(path, "news/bad.txt")
    [problem] = problems(items)
    [rec] = records(items)
    assert rec.body == "Caf\u00e9 society"
    assert problem.kind == "encoding" and not problem.skipped
    assert str(problem) == "news/bad.txt: not UTF-8 (byte 10); read as cp1252 (a guess)"


def test_cp1252_smart_quotes_and_accents(tmp_path: Path) -> None:
    body = "The minister said \u201cno d\u00e9j\u00e0 vu\u201d \u2013 and left."
    text = f"Caf\u00e9 talks\n\n{body}\n"
    items = read(write(tmp_path / "w.txt", text.encode("cp1252")), "corpus/w.txt")
    [problem] = problems(items)
    [rec] = records(items)
    assert rec.title == "Caf\u00e9 talks" and "\ufffd" not in rec.body
    assert rec.body == body
    assert str(problem).startswith("corpus/w.txt: not UTF-8")
    assert str(problem).endswith("read as cp1252 (a guess)")


def test_undetectable_encoding_keeps_replacement_characters() -> None:
    from newsearch.ingest.encodings import decode_text

    data = b"\xff\xfe\xfd\x81\x8d\x8f\x90\x9d" * 4
    text, bad, encoding = decode_text(data)
    assert bad == 0
    if encoding is None:
        assert "\ufffd" in text
    else:
        assert text == data.decode(encoding)


def test_binary_file_skipped(tmp_path: Path) -> None:
    for name, data in (("nul.txt", b"PK\x03\x04\x00\x00abc"), ("ctl.md", bytes(range(1, 32)) * 9)):
        [problem] = read(write(tmp_path / name, data))
        assert isinstance(problem, Problem)
        assert (problem.kind, problem.message) == ("binary", "binary file, not text (skipped)")
    [problem] = read(write(tmp_path / "nul.jsonl", b'{"title": "x"}\n\x00\x00\x00\n'))
    assert isinstance(problem, Problem) and problem.kind == "binary"


def test_too_large_file_not_read(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "Title\n\n" + "x" * 3000)
    [problem] = read(path, "big.txt", max_file_size=1024)
    assert isinstance(problem, Problem) and problem.kind == "too-large"
    assert problem.message == "file is 2.9 KB, over the 1 KB limit (--max-file-size)"
    assert records(read(path, max_file_size=4096))


def test_real_bbc_file_with_bad_byte() -> None:
    path = BBC / "sport" / "199.txt"
    if not path.exists():
        pytest.skip(f"{path} not present (the shared corpora are not in this checkout)")
    items = read(path)
    [problem] = problems(items)
    [rec] = records(items)
    assert problem.kind == "encoding" and not problem.skipped
    assert problem.message == "not UTF-8 (byte 257); read as cp1252 (a guess)"
    assert rec.title and len(rec.body) > 200 and "\ufffd" not in rec.body
    assert "\u00a315.8m" in rec.body


# --- JSON -----------------------------------------------------------------------------------


def test_json_single_object_with_aliases(tmp_path: Path) -> None:
    article = {
        "headline": "Rates rise",
        "content": "The bank raised rates.\n\nMarkets fell.",
        "publishedAt": "2022-07-19T14:03:00Z",
        "link": "https://example.com/rates",
        "source": {"id": "x", "name": "Example News"},
        "authors": ["Ann Lee", "Bo Chan"],
        "_id": 12345,
    }
    [rec] = read(write(tmp_path / "one.json", json.dumps(article)))
    assert rec.title == "Rates rise"
    assert rec.body == "The bank raised rates.\n\nMarkets fell."
    assert rec.date == datetime(2022, 7, 19, 14, 3)
    assert (rec.url, rec.source, rec.author) == (
        "https://example.com/rates",
        "Example News",
        "Ann Lee, Bo Chan",
    )
    assert rec.id == "12345"


def test_json_single_object_without_id_uses_path(tmp_path: Path) -> None:
    [rec] = read(write(tmp_path / "one.json", '{"title": "T", "text": "B"}'), "news/one.json")
    assert rec.id == "news/one.json"


def test_json_list_ids_and_not_article_record(tmp_path: Path) -> None:
    items = [
        {"title": "One", "body": "First."},
        {"id": 42, "title": "Two", "description": "Only a description."},
        {"url": "https://example.com/3", "date": "2022-01-01"},
        {"title": "Four"},
        7,
    ]
    got = read(write(tmp_path / "list.json", json.dumps(items)), "news/list.json")
    recs = records(got)
    assert [r.id for r in recs] == ["news/list.json#1", "42", "news/list.json#4"]
    assert recs[1].body == "Only a description."
    assert recs[2].body == ""
    bad = problems(got)
    assert [(p.kind, p.line) for p in bad] == [("not-article", 3), ("not-article", 5)]
    assert str(bad[0]) == "news/list.json:3: record 3 is not an article (no title or body)"


def test_json_articles_wrapper(tmp_path: Path) -> None:
    for key in ("articles", "items", "data"):
        doc = {"status": "ok", key: [{"title": "A", "body": "a"}, {"name": "B", "article": "b"}]}
        recs = records(read(write(tmp_path / f"{key}.json", json.dumps(doc))))
        assert [(r.title, r.body) for r in recs] == [("A", "a"), ("B", "b")]


def test_json_odd_values_never_crash(tmp_path: Path) -> None:
    doc = {
        "title": ["Part", 1, None, True],
        "body": {"rendered": "Rendered body"},
        "author": {"name": "Dee"},
        "guid": 3.5,
        "date": {"weird": []},
        "url": 17,
    }
    got = read(write(tmp_path / "odd.json", json.dumps(doc)))
    [rec] = records(got)
    assert (rec.title, rec.body, rec.author, rec.id) == ("Part 1", "Rendered body", "Dee", "3.5")
    [problem] = problems(got)
    assert problem.kind == "bad-date" and not problem.skipped


def test_json_not_an_article(tmp_path: Path) -> None:
    for name, content in (("n.json", "42"), ("s.json", '"text"'), ("o.json", '{"foo": 1}')):
        [problem] = read(write(tmp_path / name, content))
        assert isinstance(problem, Problem)
        assert problem.kind == "not-article" and problem.message.startswith("not an article: ")


def test_json_malformed_reports_line(tmp_path: Path) -> None:
    [problem] = read(write(tmp_path / "m.json", '[\n{"title": "a"},\n{"title" "b"}\n]'))
    assert isinstance(problem, Problem)
    assert (problem.kind, problem.line) == ("malformed", 3)
    assert problem.message.startswith("invalid JSON: Expecting ':' delimiter")
    [deep] = read(write(tmp_path / "deep.json", "[" * 100000 + "]" * 100000))
    assert isinstance(deep, Problem) and deep.kind == "malformed"


def test_bad_date_keeps_the_article(tmp_path: Path) -> None:
    got = read(write(tmp_path / "d.json", '{"title": "T", "body": "B", "pubDate": "xyz"}'))
    [rec] = records(got)
    [problem] = problems(got)
    assert rec.date is None
    assert (problem.kind, problem.skipped) == ("bad-date", False)
    assert problem.message == "unrecognised date 'xyz' (indexed without a date)"


# --- JSON Lines -----------------------------------------------------------------------------


def test_jsonl_dateline_is_kept_in_front_of_the_body(tmp_path: Path) -> None:
    line = '{"title": "ACME PROFIT UP", "dateline": "NEW YORK, March 3 -", "body": "Acme rose."}'
    [rec] = records(read(write(tmp_path / "wire.jsonl", line + "\n")))
    assert rec.body == "NEW YORK, March 3 - Acme rose."


def test_jsonl_aliases_ids_blank_lines_and_malformed_line(tmp_path: Path) -> None:
    lines = [
        '{"title": "One", "body": "a", "date": "2022-07-19"}',
        "",
        '{"headline": "Three", "text": "c", "published": "Tue, 19 Jul 2022 14:03:00 GMT"}',
        '{"title": "Four", "body": "d"',
        '{"guid": "g-5", "name": "Five", "content": "e", "timestamp": 1658239380}',
        "   ",
        '{"title": "Seven", "article": "g", "byline": "Al", "site_name": "Wire", "href": "u"}',
    ]
    got = read(write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n"), "news/feed.jsonl")
    recs = records(got)
    assert [r.id for r in recs] == [
        "news/feed.jsonl#1",
        "news/feed.jsonl#3",
        "g-5",
        "news/feed.jsonl#7",
    ]
    assert [r.title for r in recs] == ["One", "Three", "Five", "Seven"]
    assert recs[0].date == datetime(2022, 7, 19)
    assert recs[1].date == datetime(2022, 7, 19, 14, 3)
    assert recs[2].date == datetime(2022, 7, 19, 14, 3)
    assert (recs[3].author, recs[3].source, recs[3].url) == ("Al", "Wire", "u")
    [problem] = problems(got)
    assert (problem.kind, problem.line) == ("malformed", 4)
    assert str(problem).startswith("news/feed.jsonl:4: invalid JSON: ")


def test_jsonl_huge_line_skipped_without_losing_the_next(tmp_path: Path) -> None:
    huge = json.dumps({"title": "Huge", "body": "x" * 200_000})
    content = f'{{"title": "A"}}\n{huge}\n{{"title": "C"}}\n{huge}'  # last one has no newline
    got = read(write(tmp_path / "big.jsonl", content), "big.jsonl", max_record_size=1000)
    assert [r.title for r in records(got)] == ["A", "C"]
    bad = problems(got)
    assert [(p.kind, p.line) for p in bad] == [("too-large", 2), ("too-large", 4)]
    assert bad[0].message == "record is 195.3 KB, over the 1000 bytes limit (--max-record-size)"
    # a line of exactly the limit (newline excluded) is read
    exact = '{"title": "E", "body": "' + "y" * (1000 - 26) + '"}'
    assert len(exact) == 1000
    [rec] = read(write(tmp_path / "exact.jsonl", exact + "\n"), max_record_size=1000)
    assert isinstance(rec, Record) and rec.title == "E"


def test_jsonl_file_size_limit_does_not_apply(tmp_path: Path) -> None:
    content = "".join(json.dumps({"title": f"T{i}", "body": "b" * 50}) + "\n" for i in range(100))
    got = read(write(tmp_path / "many.jsonl", content), max_file_size=100)
    assert len(records(got)) == 100 and not problems(got)


def test_jsonl_invalid_utf8_line(tmp_path: Path) -> None:
    data = b'{"title": "ok"}\n{"title": "Caf\xe9"}\n'
    got = read(write(tmp_path / "u.jsonl", data))
    assert [r.title for r in records(got)] == ["ok", "Caf\u00e9"]
    [problem] = problems(got)
    assert (problem.kind, problem.line, problem.skipped) == ("encoding", 2, False)
    assert "byte 30" in problem.message and "read as cp1252 (a guess)" in problem.message


# --- HTML -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>Storm hits coast | Daily Planet</title>
<meta property="og:site_name" content="Daily Planet">
<meta name="author" content="Lois Lane">
<meta property="article:published_time" content="2022-07-19T14:03:00Z">
<link rel="canonical" href="https://planet.example/storm">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World menu link</a></li>
<li><a href="/sport">Sport section navigation</a></li></ul></nav>
<article><h1>Storm hits coast</h1>
<p>A powerful storm hit the northern coast on Tuesday, cutting power to thousands of homes
and flooding low-lying streets in several towns.</p>
<p>Emergency services said they had rescued dozens of people from cars trapped by rising
water, and warned residents to stay indoors overnight.</p>
</article>
<footer><p>Copyright 2022 Daily Planet. All rights reserved. Privacy policy.</p></footer>
</body></html>
"""


def test_html_main_text_without_boilerplate(tmp_path: Path) -> None:
    [rec] = read(write(tmp_path / "storm.html", PAGE), "web/storm.html")
    assert isinstance(rec, Record)
    assert rec.title == "Storm hits coast"
    assert rec.body.startswith("A powerful storm hit the northern coast")
    assert "\n\nEmergency services said" in rec.body
    for boilerplate in ("World menu link", "navigation", "Copyright", "Privacy policy"):
        assert boilerplate not in rec.body
    assert rec.date == datetime(2022, 7, 19, 14, 3)
    assert (rec.source, rec.author, rec.url) == (
        "Daily Planet",
        "Lois Lane",
        "https://planet.example/storm",
    )
    assert rec.id == "web/storm.html"


def test_html_title_only_and_empty_page(tmp_path: Path) -> None:
    [rec] = read(write(tmp_path / "t.htm", "<html><head><title>Only a title</title></head></html>"))
    assert isinstance(rec, Record) and rec.title == "Only a title"
    [problem] = read(write(tmp_path / "e.html", "<html><body></body></html>"))
    assert isinstance(problem, Problem) and problem.kind == "not-article"


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-07-19", datetime(2022, 7, 19)),
        ("2022-07-19T14:03:00Z", datetime(2022, 7, 19, 14, 3)),
        ("1987-02-26T15:01:01", datetime(1987, 2, 26, 15, 1, 1)),
        ("2022-07-19T16:03:00+02:00", datetime(2022, 7, 19, 14, 3)),
        ("Tue, 19 Jul 2022 14:03:00 GMT", datetime(2022, 7, 19, 14, 3)),
        ("Tue, 19 Jul 2022 10:03:00 -0400", datetime(2022, 7, 19, 14, 3)),
        ("July 19, 2022", datetime(2022, 7, 19)),
        ("19 July 2022", datetime(2022, 7, 19)),
        (1658239380, datetime(2022, 7, 19, 14, 3)),
        (1658239380.5, datetime(2022, 7, 19, 14, 3, 0, 500000)),
        (1658239380000, datetime(2022, 7, 19, 14, 3)),
        ("1658239380", datetime(2022, 7, 19, 14, 3)),
        (None, None),
        ("  ", None),
    ],
)
def test_parse_date(value: object, expected: datetime | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["xyz", "July 19", "32/13/2022", True, [2022], float("nan")])
def test_parse_date_garbage(value: object) -> None:
    with pytest.raises(ValueError):
        parse_date(value)


# --- discovering files ----------------------------------------------------------------------


def make_corpus(root: Path) -> None:
    write(root / "corpus" / "b" / "z.txt", "Z\n")
    write(root / "corpus" / "a.md", "# A\n")
    write(root / "corpus" / "c.json", '{"title": "C"}')
    write(root / "corpus" / ".hidden.txt", "H\n")
    write(root / "corpus" / ".git" / "x.txt", "X\n")
    write(root / "corpus" / "drafts" / "d.txt", "D\n")
    write(root / "corpus" / "report.pdf", b"%PDF-1.4")


def test_discover_sorted_display_paths_hidden_skipped(chdir_tmp: Path) -> None:
    make_corpus(chdir_tmp)
    for given in ("corpus", "corpus/", "./corpus", "./corpus/"):
        paths, probs = discovered([given])
        assert paths == ["corpus/a.md", "corpus/b/z.txt", "corpus/c.json", "corpus/drafts/d.txt"]
        [unsupported] = probs
        assert (unsupported.kind, unsupported.skipped) == ("unsupported", True)
        assert str(unsupported) == "corpus/report.pdf: unsupported file type '.pdf' (ignored)"
    found = [f for f in discover(["corpus"]) if isinstance(f, SourceFile)]
    assert found[0].abspath == str(chdir_tmp / "corpus" / "a.md")
    assert found[0].format == "text" and found[2].format == "json"
    assert found[0].size == 4 and found[0].mtime_ns > 0
    assert discovered(["./corpus/a.md"])[0] == ["./corpus/a.md"]
    assert discovered(["."])[0][0] == "corpus/a.md"


def test_discover_exclude(chdir_tmp: Path) -> None:
    make_corpus(chdir_tmp)
    paths, _ = discovered(["corpus"], exclude=["*.md", "corpus/drafts/*"])
    assert paths == ["corpus/b/z.txt", "corpus/c.json"]
    paths, probs = discovered(["corpus"], exclude=["drafts", "*.pdf"])
    assert paths == ["corpus/a.md", "corpus/b/z.txt", "corpus/c.json"] and not probs
    assert discovered(["corpus/a.md"], exclude=["*.md"]) == ([], [])


def test_discover_missing_and_unsupported_given_paths(chdir_tmp: Path) -> None:
    write(chdir_tmp / "notes.pdf", b"%PDF")
    paths, probs = discovered(["nope", "notes.pdf"])
    assert paths == []
    assert [(p.path, p.kind) for p in probs] == [("nope", "missing"), ("notes.pdf", "unsupported")]
    assert "does not exist" in probs[0].message
    assert {".txt", ".md", ".json", ".jsonl", ".html", ".htm"} <= SUPPORTED_SUFFIXES


def test_discover_follows_symlinks_and_reports_loops(chdir_tmp: Path) -> None:
    write(chdir_tmp / "corpus" / "sub" / "a.txt", "A\n")
    write(chdir_tmp / "elsewhere" / "e.txt", "E\n")
    os.symlink(chdir_tmp / "corpus", chdir_tmp / "corpus" / "sub" / "loop")
    os.symlink(chdir_tmp / "elsewhere", chdir_tmp / "corpus" / "linked")
    os.symlink(chdir_tmp / "elsewhere" / "e.txt", chdir_tmp / "corpus" / "file.txt")
    os.symlink(chdir_tmp / "gone.txt", chdir_tmp / "corpus" / "broken.txt")
    os.symlink("self", chdir_tmp / "corpus" / "self")
    os.mkfifo(chdir_tmp / "corpus" / "pipe.txt")  # opening it would block: never read
    paths, probs = discovered(["corpus"])  # returns: no hang
    assert paths == ["corpus/file.txt", "corpus/linked/e.txt", "corpus/sub/a.txt"]
    kinds = {p.path: p.kind for p in probs}
    assert kinds == {
        "corpus/broken.txt": "missing",
        "corpus/pipe.txt": "unsupported",
        "corpus/self": "symlink-loop",
        "corpus/sub/loop": "symlink-loop",
    }
    loop = next(p for p in probs if p.path == "corpus/sub/loop")
    assert "leads back to 'corpus'" in loop.message


def test_unreadable_file_and_folder_as_unprivileged_user() -> None:
    setpriv = shutil.which("setpriv")
    if setpriv is None or os.name != "posix":
        pytest.skip("setpriv not available: cannot drop root privileges to test permissions")
    if os.geteuid() != 0:
        pytest.skip("not root: setpriv cannot switch user (chmod 000 is tested as root only)")
    root = Path(tempfile.mkdtemp(prefix="newsearch-perm-"))
    try:
        root.chmod(0o755)
        write(root / "c" / "ok.txt", "OK\n")
        write(root / "c" / "secret.txt", "S\n").chmod(0o000)
        write(root / "c" / "locked" / "x.txt", "X\n")
        (root / "c" / "locked").chmod(0o000)
        (root / "c").chmod(0o755)
        (root / "c" / "ok.txt").chmod(0o644)
        script = (
            "import json, sys\n"
            "from newsearch.ingest import discover, read_source, SourceFile\n"
            "out = []\n"
            "for f in discover([sys.argv[1]]):\n"
            "    items = read_source(f) if isinstance(f, SourceFile) else [f]\n"
            "    out += [[type(i).__name__, getattr(i, 'kind', ''), str(i)] for i in items]\n"
            "print(json.dumps(out))\n"
        )
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
        command = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        done = subprocess.run(
            [*command, sys.executable, "-c", script, str(root / "c")],
            capture_output=True,
            text=True,
            env=env,
            cwd=str(root),
            timeout=60,
        )
        if done.returncode != 0 and "setpriv" in done.stderr:
            pytest.skip(f"setpriv cannot switch to nobody here: {done.stderr.strip()}")
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        assert [kind for _, kind, _ in out] == ["unreadable", "", "unreadable"]
        assert out[0][2] == f"{root}/c/locked: unreadable: cannot list folder: permission denied"
        assert out[1][0] == "Record"
        assert out[2][2] == f"{root}/c/secret.txt: unreadable: permission denied"
    finally:
        (root / "c" / "locked").chmod(0o755)
        shutil.rmtree(root)


# --- the real corpora -----------------------------------------------------------------------


def test_reuters_read_fully() -> None:
    if not REUTERS.exists():
        pytest.skip(f"{REUTERS} not present (the shared corpora are not in this checkout)")
    [src] = list(discover([str(REUTERS)]))
    assert isinstance(src, SourceFile) and src.format == "jsonl"
    got = list(read_source(src))
    recs = records(got)
    probs = problems(got)
    # 737 Reuters items have neither title nor body (the "unproc" stories): left out, one
    # line each; every other item is read, 1,798 of them with a title and no body.
    assert len(recs) + len(probs) == 21578
    assert {p.kind for p in probs} == {"not-article"} and len(probs) == 737
    assert sum(1 for r in recs if not r.body) + len(probs) == 2535
    first = recs[0]
    assert (first.id, first.title) == ("reuters-1", "BAHIA COCOA REVIEW")
    assert first.date == datetime(1987, 2, 26, 15, 1, 1)
    assert first.body.startswith("SALVADOR, Feb 26 - Showers continued throughout the week")
    assert sum(1 for r in recs if r.date is None) <= 1  # one item has "date": null


def test_bbc_folder() -> None:
    if not BBC.exists():
        pytest.skip(f"{BBC} not present (the shared corpora are not in this checkout)")
    found = list(discover([str(BBC)], exclude=["README*", "SOURCE*"]))
    sources = [f for f in found if isinstance(f, SourceFile)]
    assert len(sources) == 2225 and not problems(found)
    got = [item for src in sources for item in read_source(src)]
    recs = records(got)
    assert len(recs) == 2225
    assert all(r.title and r.body for r in recs)
    assert [(p.path.rsplit("/", 2)[-2:], p.kind) for p in problems(got)] == [
        (["sport", "199.txt"], "encoding")
    ]


def test_a_json_key_with_a_newline_is_named_on_one_line(tmp_path: Path) -> None:
    """Found by the property test: the keys of a non-article object are shown escaped."""
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"line\nbreak": 1, "x\u2028y": 2}), encoding="utf-8")
    (problem,) = read(path)
    assert isinstance(problem, Problem)
    assert str(problem).count("\n") == 0 and "\u2028" not in str(problem)
    assert "line\\nbreak" in str(problem) and "x\\u2028y" in str(problem)
