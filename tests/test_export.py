"""Export (issue 15): every match as JSON Lines or CSV — the API, the command, the page's link."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import write_news

import newsearch
from newsearch.cli import cli
from newsearch.query import SearchRequest

TRICKY_TITLE = 'Oil, gas and "quotes"'
TRICKY_BODY = "First line, with a comma.\nSecond line after a newline; the harbour story ends."


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory, nltk_ready: None) -> Path:
    """The news folder plus 60 long harbour stories (half undated): ~300 KB of export."""
    root = tmp_path_factory.mktemp("export")
    folder = write_news(root / "news")
    rows = [{"id": "tricky", "title": TRICKY_TITLE, "body": TRICKY_BODY, "date": "2021-03-04"}]
    for i in range(60):
        row = {"id": f"harbour-{i:02d}", "title": f"Harbour report {i}"}
        row["body"] = f"The harbour handled cargo number {i} today. " * 120
        if i % 2:
            row["date"] = f"2020-01-{i % 28 + 1:02d}"
        rows.append(row)
    (folder / "harbour.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    index = root / "index"
    report = newsearch.index_corpus(str(folder), index_dir=str(index), workers=1)
    assert report.added == 8 + 61, report
    return index


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


REQUESTS = [
    {},
    {"query": "harbour"},
    {"query": "grain exports"},
    {"query": "", "since": "2020-01-10"},
    {"query": "harbour", "until": "2020-01-15", "sort": "newest"},
    {"query": "", "people": ["Erdoğan"]},
]


@pytest.mark.parametrize("options", REQUESTS)
def test_export_has_exactly_the_matches_query_counts(index_dir: Path, options: Any) -> None:
    request = SearchRequest.make(**{"limit": 1000, **options})
    with newsearch.open_index(index_dir) as ix:
        results = ix.run(request)
        exported = [a.id for a in ix.export(request)]
    assert results.total and len(exported) == results.total
    assert set(exported) == {hit.id for hit in results.hits}


def test_export_is_in_date_order_undated_last(index_dir: Path) -> None:
    with newsearch.open_index(index_dir) as ix:
        oldest = list(ix.export(SearchRequest.make("harbour")))
        newest = list(ix.export(SearchRequest.make("harbour", sort="newest")))
    dated = [a.date for a in oldest if a.date]
    assert dated == sorted(dated) and len(dated) == 31  # 30 dated harbour stories + "tricky"
    assert all(a.date is None for a in oldest[31:])
    assert [a.id for a in oldest[31:]] == sorted(a.id for a in oldest[31:])  # ties by id
    assert [a.date for a in newest if a.date] == dated[::-1]
    assert newest[-1].date is None


def test_an_index_of_many_segments_exports_each_article_once_in_order(
    tmp_path: Path, nltk_ready: None
) -> None:
    """Rows are read segment by segment: three runs (three segments) and a deletion."""
    folder = tmp_path / "news"
    folder.mkdir()
    for run_no in range(3):
        rows = [
            {"id": f"r{run_no}-{i}", "title": f"Port story {run_no} {i}", "body": "Port news.",
             "date": f"2020-0{1 + i % 9}-{10 + run_no}"}
            for i in range(7)
        ]  # fmt: skip
        (folder / f"run{run_no}.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
        newsearch.index_corpus(str(folder), index_dir=str(tmp_path / "ix"), workers=1)
    (folder / "run1.jsonl").unlink()
    newsearch.index_corpus(str(folder), index_dir=str(tmp_path / "ix"), workers=1)
    with newsearch.open_index(tmp_path / "ix") as ix:
        out = [(a.date, a.id, a.title) for a in ix.export(SearchRequest.make("port"))]
    assert len(out) == 14 and out == sorted(out)
    assert all(title == f"Port story {i[1]} {i[3]}" for _, i, title in out)
    assert {i[:2] for _, i, _ in out} == {"r0", "r2"}


def test_cli_jsonl_rows_and_fields(index_dir: Path) -> None:
    code, out, err = run("query", "harbour", "--index", str(index_dir), "--json")
    total = json.loads(out)["total"]
    code, out, err = run("export", "harbour", "--index", str(index_dir), "--fields", "id,date")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == total == 61
    assert all(set(row) == {"id", "date"} for row in rows)


def test_cli_csv_quotes_commas_quotes_and_newlines(index_dir: Path) -> None:
    code, out, err = run("export", "comma", "--index", str(index_dir), "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == 1
    assert rows[0]["title"] == TRICKY_TITLE and rows[0]["body"] == TRICKY_BODY
    assert rows[0]["date"] == "2021-03-04"
    code, out, _ = run("export", "Ankara", "--index", str(index_dir), "--format", "csv")
    (row,) = csv.DictReader(io.StringIO(out, newline=""))
    assert row["people"] == "Recep Tayyip Erdoğan" and row["countries"] == "Turkey; United States"


def test_cli_unknown_field_is_one_line_usage_error(index_dir: Path) -> None:
    code, out, err = run("export", "--index", str(index_dir), "--fields", "id,score")
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        "newsearch: error: unknown field 'score': use some of id, title, body, path, date, "
        "source, url, author, people, countries, organizations, section, copy_of, copies"
    ]


def test_cli_output_file(index_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    code, out, err = run("export", "harbour", "--index", str(index_dir), "--format", "csv",
                         "-o", str(target))  # fmt: skip
    assert code == 0 and out == ""
    assert f"exported 61 articles to {target}" in err
    assert len(list(csv.DictReader(target.open(newline="")))) == 61
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left


def test_broken_pipe_exits_quietly(index_dir: Path) -> None:
    env = {**os.environ, "PYTHONWARNINGS": "default"}
    cmd = [sys.executable, "-m", "newsearch", "export", "--index", str(index_dir)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # like `| head -1`: one line read, then the pipe closes
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert json.loads(first)["id"] and err == ""


def test_page_links_to_the_download_and_it_streams_the_matches(index_dir: Path) -> None:
    pytest.importorskip("flask")
    from newsearch.web import create_app

    app = create_app(str(index_dir))
    client = app.test_client()
    page = client.get("/?q=harbour&since=2020-01-01").get_data(as_text=True)
    assert 'href="/export?q=harbour&amp;since=2020-01-01&amp;format=csv"' in page
    response = client.get("/export?q=harbour&since=2020-01-01&format=csv&fields=id,title")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))
    assert len(rows) == 31 and set(rows[0]) == {"id", "title"}
    lines = client.get("/export?q=harbour").get_data(as_text=True).splitlines()
    assert len(lines) == 61
    assert client.get("/export?q=harbour&format=xml").status_code == 400
