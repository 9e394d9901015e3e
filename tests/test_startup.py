"""What a search process loads: the query path stays off NLTK and off the indexing side, so
``newsearch query`` answers at once (issue 17); every command is still there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from newsearch import cli as cli_package
from newsearch.cli import WHERE, cli

REPO = Path(__file__).resolve().parent.parent
#: modules a search never needs: NLTK, the readers of corpus files and what they import, the
#: indexing and export commands
NOT_ON_THE_QUERY_PATH = (
    "nltk",
    "newsearch.ingest",
    "newsearch.index",
    "newsearch.cli.indexing",
    "newsearch.cli.export",
    "charset_normalizer",
)


def _loaded_by_query(index_dir: Path, *args: str, shows: str = "drone") -> dict[str, bool]:
    """Run ``newsearch query`` in a fresh process; which modules of the list it loaded."""
    code = (
        "import json, sys, runpy\n"
        f"sys.argv = ['newsearch', 'query', *{list(args)!r}, '--index', {str(index_dir)!r}]\n"
        "try:\n"
        "    runpy.run_module('newsearch', run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        f"print(json.dumps({{m: m in sys.modules for m in {list(NOT_ON_THE_QUERY_PATH)!r}}}))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    lines = out.stdout.strip().splitlines()
    assert any(shows in line.lower() for line in lines[:-1])  # the hits were printed
    return dict(json.loads(lines[-1]))


def test_a_query_process_loads_neither_nltk_nor_the_indexing_side(news_index: Path) -> None:
    loaded = _loaded_by_query(news_index, "drones Iran", "-n", "5", "--facets", "--timeline")
    assert [m for m, yes in loaded.items() if yes] == []


def test_a_word_whose_stem_is_no_indexed_word_does_not_load_nltk(news_index: Path) -> None:
    """ "minister" stems to "minist", which is no word of the index: its snippet must not
    stem the stem again (that loaded NLTK's stemmer, 0.7 s, for a third of real queries)."""
    loaded = _loaded_by_query(news_index, "minister", "-n", "5", shows="minister")
    assert [m for m, yes in loaded.items() if yes] == []


def test_every_command_is_registered_under_its_module() -> None:
    from importlib import import_module

    found = {}
    for module in set(WHERE.values()):
        for command in import_module(f"{cli_package.__name__}.{module}").COMMANDS:
            found[command.name] = module
    assert found == WHERE


def test_help_lists_every_command_and_a_typo_is_told_apart() -> None:
    runner = CliRunner()
    shown = runner.invoke(cli, ["--help"]).output
    for name in WHERE:
        assert f"  {name} " in shown
    typo = runner.invoke(cli, ["quer", "oil"])
    assert typo.exit_code == 2
    assert "Did you mean 'query'?" in typo.output
