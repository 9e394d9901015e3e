"""The command line as a user meets it: output, --json shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsearch.cli import cli

REPO = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(cli, list(args), env=env or {})
    return result.exit_code, result.stdout, result.stderr


def test_query_plain_output_marks_words_when_piped(news_index: Path) -> None:
    code, out, err = run("query", "drones Iran", "--index", str(news_index))
    assert code == 0, err
    assert "1. Putin has arrived in Tehran" in out
    assert "[drones]" in out and "[Iran]" in out
    assert "\x1b[" not in out  # not a terminal: no colour codes
    assert "people: Vladimir Putin" in out


def test_query_json_shape(news_index: Path) -> None:
    code, out, _ = run("query", "drones Iran", "--index", str(news_index), "--json", "--facets")
    assert code == 0
    data = json.loads(out)
    assert {"query", "total", "page", "partial", "suggestion", "hits", "facets"} <= set(data)
    hit = data["hits"][0]
    assert set(hit) == {
        "id",
        "title",
        "path",
        "date",
        "source",
        "url",
        "score",
        "snippet",
        "people",
        "countries",
        "organizations",
        "section",
        "copy_of",
        "copies",
    }
    assert "<mark>drones</mark>" in hit["snippet"]
    assert {"value": "Vladimir Putin", "count": 1} in data["facets"]["people"]


def test_index_env_var_is_used(news_index: Path) -> None:
    code, out, _ = run("query", "grain", env={"NEWSEARCH_INDEX": str(news_index)})
    assert code == 0 and "Grain deal signed" in out


def test_zero_hits_is_exit_0(news_index: Path) -> None:
    code, out, _ = run("query", "zeppelinxyz", "--index", str(news_index))
    assert code == 0
    assert out.startswith("0 matches")


def test_missing_index_is_exit_1_with_one_line(tmp_path: Path) -> None:
    code, out, err = run("query", "iran", "--index", str(tmp_path / "none"))
    assert code == 1
    assert err.strip().count("\n") == 0
    assert "no index at" in err and "Traceback" not in err


def test_unknown_id_is_exit_1(news_index: Path) -> None:
    code, _, err = run("show", "nope", "--index", str(news_index))
    assert code == 1
    assert "no article with id 'nope'" in err


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('drones "iran', "quote"),
        ("(iran OR russia", "parenthes"),
        ("nosuchfield:x", "nosuchfield"),
    ],
)
def test_malformed_query_is_exit_2_naming_the_problem(
    news_index: Path, query: str, message: str
) -> None:
    code, _, err = run("query", query, "--index", str(news_index))
    assert code == 2
    assert message in err.lower()
    assert err.strip().count("\n") == 0


def test_bad_date_option_is_exit_2(news_index: Path) -> None:
    code, _, err = run("query", "iran", "--since", "2022-13-45", "--index", str(news_index))
    assert code == 2
    assert "--since" in err


def test_show_prints_article_with_people(news_index: Path) -> None:
    code, out, _ = run("show", "wire-erdogan-1", "--index", str(news_index))
    assert code == 0
    assert "Erdoğan hosts talks" in out
    assert "people: Recep Tayyip Erdoğan" in out
    code, out, _ = run("show", "wire-erdogan-1", "--index", str(news_index), "--json")
    assert json.loads(out)["source"] == "Wire"


def test_info(news_index: Path) -> None:
    code, out, _ = run("info", "--index", str(news_index), "--json")
    assert code == 0
    info = json.loads(out)
    assert info["articles"] == 8 and info["schema_version"] >= 1 and info["size_bytes"] > 0


def test_index_summary_and_json(tmp_path: Path, nltk_ready: None) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("Title A\n\nBody about oil.\n", encoding="utf-8")
    (folder / "b.pdf").write_bytes(b"%PDF-1.4")
    (folder / "c.txt").write_bytes("Caf\xe9 title\n\nBody.\n".encode("latin-1"))
    code, out, err = run("index", str(folder), "--index", str(tmp_path / "ix"), "--workers", "1")
    assert code == 0, err
    assert "2 added" in out and "1 ignored" in out
    assert "2 problems (listed above)" in out
    assert "c.txt: not UTF-8 (byte 3); read as cp1252 (a guess)" in err and "b.pdf" in err
    code, out, _ = run(
        "index", str(folder), "--index", str(tmp_path / "ix"), "--json", "--workers", "1"
    )
    data = json.loads(out)
    assert data["unchanged"] == 2 and data["added"] == 0


def test_entities_command_reads_stdin(nltk_ready: None) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli, ["entities", "-", "--json"], input="Russian President Vladimir Putin spoke."
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["people"] == ["Vladimir Putin"] and "Russia" in data["countries"]


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert command.help, f"{name} has no help"
        assert re.search(rf"newsearch {name}\b", readme), f"{name} missing from README.md"
        code, out, _ = run(name, "--help")
        assert code == 0 and "Usage" in out


def test_python_m_newsearch_works() -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "newsearch", "--help"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and "newsearch" in proc.stdout


def test_documentation_files_skipped_with_one_note(tmp_path: Path, nltk_ready: None) -> None:
    folder = tmp_path / "bbc"
    (folder / "tech").mkdir(parents=True)
    (folder / "tech" / "1.txt").write_text("Chips\n\nA story about chips.\n", encoding="utf-8")
    (folder / "README.TXT").write_text("About this corpus\n\nLicence terms.\n", encoding="utf-8")
    (folder / "tech" / "license.md").write_text("License\n\nMIT.\n", encoding="utf-8")
    (folder / "CHANGELOG.md").write_text("Changes\n\n2.0: more stories.\n", encoding="utf-8")
    ix = str(tmp_path / "ix")
    code, out, err = run("index", str(folder), "--index", ix, "--workers", "1")
    assert code == 0, err
    assert err.count("documentation") == 1
    assert (
        "skipped 3 files named like documentation (CHANGELOG.md, README.TXT, license.md); "
        "--include brings them back"
    ) in err
    assert "1 added" in out and "3 skipped" in out
    code, out, err = run("index", str(folder), "--index", ix, "--include", "README*")
    assert code == 0, err
    assert "1 added" in out and "1 unchanged" in out
    assert "skipped 2 files named like documentation (CHANGELOG.md, license.md)" in err
    code, out, err = run("index", str(folder / "README.TXT"), "--index", str(tmp_path / "i2"))
    assert code == 0 and "1 added" in out and "documentation" not in err  # named: indexed
