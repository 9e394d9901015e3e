"""What reaches the terminal: names, titles and messages never carry raw control characters.

A file name with a newline must not forge a second ``warning:`` line, and escape codes in a
name or a JSON field must not reach the terminal raw through ``index``, ``query`` or ``show``.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from newsearch.cli import cli as newsearch_cli
from newsearch.cli.render import shown

EVIL = "evil\x1b[2J\x1b]0;owned\x07\u202eboom"


def cli(*args: str) -> SimpleNamespace:
    result = CliRunner().invoke(newsearch_cli, list(args))
    return SimpleNamespace(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


def raw_controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain name", "plain name"),
        ("a\nwarning: b", "a\\nwarning: b"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("right\u202etfel", "right\\u202etfel"),
        ("nul\x00 del\x7f csi\x9b", "nul\\x00 del\\x7f csi\\x9b"),
        ("Café Zürich 東京", "Café Zürich 東京"),
    ],
)
def test_shown_escapes_control_characters_only(text: str, expected: str) -> None:
    assert shown(text) == expected


def test_shown_keeps_the_lines_of_a_body() -> None:
    assert shown("one\n\ttwo\x1b[2J", lines=True) == "one\n\ttwo\\x1b[2J"


def test_names_and_fields_reach_the_terminal_escaped(nltk_ready: None, tmp_path: Path) -> None:
    corpus, ix = tmp_path / "corpus", tmp_path / "ix"
    corpus.mkdir()
    (corpus / f"{EVIL}.txt").write_text("Walrus sighted\n\nA walrus was seen on the pier.\n")
    forged = "bad\nwarning: all is well"
    (corpus / f"{forged}.json").write_text("{not json")
    record = {"id": f"id{EVIL}", "title": "Walrus feed", "body": "Another walrus swam by."}
    record["author"] = f"Ann{EVIL}"
    (corpus / "feed.jsonl").write_text(json.dumps(record) + "\n")

    done = cli("index", str(corpus), "--index", str(ix), "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert "2 added" in done.stdout
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1, done.stderr  # the forged second line is not a line of its own
    assert "bad\\nwarning: all is well.json" in warnings[0]

    query = cli("query", "walrus", "--index", str(ix))
    assert query.returncode == 0, query.stderr
    assert "2 matches" in query.stdout
    assert "evil\\x1b[2J\\x1b]0;owned\\x07\\u202eboom.txt" in query.stdout
    assert not raw_controls(query.stdout) and "\u202e" not in query.stdout

    hits = json.loads(cli("query", "walrus", "--index", str(ix), "--json").stdout)["hits"]
    doc_id = next(h["id"] for h in hits if h["path"].endswith("feed.jsonl"))
    assert "\u202e" in doc_id  # the reader drops control codes from fields, not bidi marks
    show = cli("show", doc_id, "--index", str(ix))
    assert show.returncode == 0, show.stderr
    assert "id: idevil" in show.stdout and "\\u202eboom" in show.stdout
    assert "author: Annevil" in show.stdout
    assert not raw_controls(show.stdout) and "\u202e" not in show.stdout
