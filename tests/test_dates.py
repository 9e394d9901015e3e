"""Undated articles (issue 15): timelines count them; date filters say what they left out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsearch
from newsearch.cli import cli

# The news folder: 4 of its 8 articles are dated (2022-06-01 to 2022-08-04, 3 from July on);
# 4 are not.


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_api_timeline_counts_the_undated(news_index: Path) -> None:
    with newsearch.open_index(news_index) as ix:
        every = ix.search("", timeline=True)
        assert every.total == 8 and every.undated == 4
        assert sum(b.count for b in every.timeline) == 4
        assert ix.search("", timeline=False).undated is None  # no timeline asked: not counted
        dated = ix.search("", since="2022-07-01", timeline=True)
        assert dated.total == 3 and dated.undated == 0 and dated.undated_left_out == 4
        assert ix.search("drone", until="2022-12-31").undated_left_out == 3
        assert ix.search("drone").undated_left_out == 0


def test_cli_timeline_and_date_filter_notes(news_index: Path) -> None:
    code, out, err = run("query", "", "--timeline", "--index", str(news_index))
    assert code == 0, err
    assert out.rstrip().splitlines()[-1] == "  undated: 4"
    code, out, _ = run("query", "drone", "--until", "2022-12-31", "--index", str(news_index))
    assert "note: 3 undated articles match but are left out by --since/--until" in out
    code, out, _ = run("query", "", "--since", "2022-07-01", "--json", "--index", str(news_index))
    data = json.loads(out)
    assert (data["total"], data["undated"], data["undated_left_out"]) == (3, None, 4)


def test_page_says_how_many_undated_the_dates_left_out(news_index: Path) -> None:
    pytest.importorskip("flask")
    from newsearch.web import create_app

    client = create_app(str(news_index)).test_client()
    page = client.get("/?q=&since=2022-07-01").get_data(as_text=True)
    assert "4 undated articles match but are left out by the dates." in page
    assert "undated: 0" in page
    data = client.get("/api/search?q=drone&until=2022-12-31").get_json()
    assert data["undated_left_out"] == 3 and data["undated"] == 0
