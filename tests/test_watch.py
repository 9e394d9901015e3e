"""Saved searches (issue 15): add, list, show what is new after an index run, remove."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsearch
from newsearch.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def index_dir(news_index: Path, tmp_path: Path) -> Path:
    """A copy of the session's news index that a test may add to."""
    copy = tmp_path / "index"
    shutil.copytree(news_index, copy)
    return copy


def story(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_new_matches_after_an_index_run_then_nothing_new(index_dir: Path, tmp_path: Path) -> None:
    ix = str(index_dir)
    code, out, err = run("watch", "add", "grain", "grain", "--index", ix)
    assert code == 0, err
    assert out.strip() == (
        "watching 'grain': 3 matches now; `newsearch watch show grain` lists what comes in"
    )
    code, out, _ = run("watch", "show", "grain", "--index", ix)
    assert "nothing new since" in out  # what matched when it was added is not new
    more = tmp_path / "more"
    story(more, "odesa.txt", "Grain ship leaves Odesa\n\nA grain ship left Odesa on Monday.\n")
    story(more, "rates.txt", "Rates rise again\n\nThe central bank raised rates on Monday.\n")
    code, out, err = run("index", str(more), "--index", ix, "--workers", "1")
    assert code == 0, err
    assert out.splitlines()[-1] == "watch grain: 1 new (newsearch watch show grain)"
    code, out, _ = run("watch", "list", "--index", ix)
    assert out.startswith("grain  'grain'  1 new of 4 (shown ")
    code, out, _ = run("watch", "show", "grain", "--index", ix, "--json")
    data = json.loads(out)
    assert [a["title"] for a in data["articles"]] == ["Grain ship leaves Odesa"]
    assert data["new"] == 1 and data["total"] == 4
    code, out, _ = run("watch", "show", "grain", "--index", ix)
    assert "nothing new since" in out  # shown once: no longer new
    code, out, _ = run("index", str(more), "--index", ix, "--quiet", "--workers", "1")
    assert out == "watch grain: 0 new\n"  # --quiet: only the saved searches' summary


def test_rebuild_makes_nothing_new_and_a_changed_article_is_new_only_if_it_now_matches(
    index_dir: Path, tmp_path: Path
) -> None:
    ix = str(index_dir)
    more = tmp_path / "more"
    odesa = story(more, "odesa.txt", "Grain ship leaves Odesa\n\nA grain ship left Odesa.\n")
    rates = story(more, "rates.txt", "Rates rise again\n\nThe central bank raised rates.\n")
    run("index", str(more), "--index", ix, "--workers", "1")
    run("watch", "add", "grain", "grain", "--index", ix)
    odesa.write_text("Grain ship leaves Odesa\n\nThe grain ship left Odesa at noon.\n")
    rates.write_text("Rates rise again\n\nThe central bank raised rates; grain rose too.\n")
    code, out, err = run("index", str(more), "--index", ix, "--quiet", "--workers", "1")
    assert out == "watch grain: 1 new (newsearch watch show grain)\n", err
    with newsearch.open_index(ix) as opened:
        news = newsearch.Watches(opened).show("grain", mark=False)
    assert [a.title for a in news.articles] == ["Rates rise again"]  # odesa matched before


def test_filters_are_saved_and_names_are_checked(index_dir: Path) -> None:
    ix = str(index_dir)
    code, out, err = run("watch", "add", "russia", "", "--country", "Russia", "--index", ix,
                         "--since", "2022-01-01", "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["countries"] == ["Russia"] and json.loads(out)["total"] == 2
    code, out, _ = run("watch", "list", "--index", ix)
    assert out.startswith("russia  (every article) country:Russia 2022-01-01..…  0 new of 2")
    code, _, err = run("watch", "add", "russia", "oil", "--index", ix)
    assert code == 2 and "already a watch named 'russia'" in err
    code, _, err = run("watch", "add", "a b", "oil", "--index", ix)
    assert code == 2 and "a watch name is letters" in err
    code, _, err = run("watch", "show", "nope", "--index", ix)
    assert code == 2 and err.strip() == "newsearch: error: no watch named 'nope' (watches: russia)"
    code, out, _ = run("watch", "remove", "russia", "--index", ix)
    assert code == 0 and out.strip() == "removed the watch 'russia'"
    code, out, _ = run("watch", "list", "--index", ix)
    assert out.strip() == "no saved searches (newsearch watch add NAME QUERY)"
    assert json.loads((index_dir / "watches.json").read_text())["watches"] == {}
