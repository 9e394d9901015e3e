"""Matching a user can steer (issue 13): suggestions, bounded fuzzy words, phrases inside one
sentence, proximity, snippets of filter-only searches, ``--explain``, and real headlines that
never raise."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsearch
from newsearch.cli import cli

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"

STORIES = [
    {"id": "coffee-1", "title": "Coffee harvest falls", "body": "Brazil's coffee harvest fell. "
     "Coffee exporters blamed frost.", "people": []},
    {"id": "coffee-2", "title": "Coffee prices climb", "body": "Coffee futures rose on Monday.",
     "people": []},
    {"id": "cohen", "title": "Cohen speaks", "body": "Ben Cohen spoke to reporters.",
     "people": ["Ben Cohen"]},
    {"id": "oil-near", "title": "Markets", "body": "Oil prices jumped as supplies tightened "
     "on Tuesday, traders said."},
    {"id": "oil-far", "title": "Markets", "body": "Oil was steady in Asia. Traders watched "
     "prices of grain and wheat, and soybean prices, all week."},
    {"id": "pires", "title": "Pires scores", "body": "Robert Pires scored twice for Arsenal.",
     "people": ["Robert Pires"]},
    {"id": "petroleum", "title": "Petroleum exports", "body": "Petroleum exports from Norway "
     "rose in March."},
    {"id": "owl", "title": "Owl returns", "body": "A rare owl nested in the old church."},
    {"id": "title-only", "title": "Putin visits Ankara", "body": ""},
    {"id": "putin", "title": "Summit talks", "body": "Leaders met in Geneva on Monday. "
     "Later, Vladimir Putin said the talks were useful.", "people": ["Vladimir Putin"]},
]  # fmt: skip


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory, nltk_ready: None) -> newsearch.NewsIndex:
    root = tmp_path_factory.mktemp("matching")
    feed = root / "stories.jsonl"
    feed.write_text("\n".join(json.dumps(s) for s in STORIES) + "\n", encoding="utf-8")
    newsearch.index_corpus(str(feed), index_dir=str(root / "ix"), workers=1)
    return newsearch.open_index(str(root / "ix"))


@pytest.mark.parametrize(
    ("typed", "offered"),
    [("cofee", "coffee"), ("oil prces", "oil prices"), ("petroleom", "petroleum")],
)
def test_did_you_mean_prefers_common_words_that_fit_the_query(
    ix: newsearch.NewsIndex, typed: str, offered: str
) -> None:
    assert ix.search(typed).suggestion == offered


def test_fuzzy_short_words_are_searched_as_typed_and_say_so(ix: newsearch.NewsIndex) -> None:
    results = ix.search("oil~")
    assert "owl" not in {h.id for h in results}  # one edit away, and unrelated
    assert any("fuzzy needs 4+ letters" in note for note in results.ignored)
    assert "petroleum" in {h.id for h in ix.search("petroleom~")}


def test_a_phrase_does_not_join_two_sentences(ix: newsearch.NewsIndex) -> None:
    assert ix.search('"harvest fell"').total == 1
    assert ix.search('"fell coffee"').total == 0  # "...harvest fell. Coffee exporters..."
    assert ix.search('"asia traders"').total == 0


def test_person_filter_alone_shows_a_sentence_naming_the_person(
    ix: newsearch.NewsIndex,
) -> None:
    hit = ix.search("", people=["Vladimir Putin"]).hits[0]
    assert hit.id == "putin" and "Later, <mark>Vladimir Putin</mark> said" in hit.snippet


def test_a_record_without_body_shows_its_title(ix: newsearch.NewsIndex) -> None:
    hit = next(h for h in ix.search("ankara") if h.id == "title-only")
    assert "<mark>Ankara</mark>" in hit.snippet


def test_explain_says_which_terms_scored_in_which_fields(ix: newsearch.NewsIndex) -> None:
    hit = ix.search("coffee harvest", explain=True).hits[0]
    assert hit.id == "coffee-1" and hit.explain is not None
    parts = {(p["kind"], p["field"], p["text"]) for p in hit.explain}
    assert {("term", "title", "coffe"), ("term", "body", "harvest")} <= parts
    assert ("all words", "", "") in parts
    assert "explain" not in ix.search("coffee harvest").hits[0].to_dict()


def test_explain_on_the_command_line(ix: newsearch.NewsIndex) -> None:
    where = str(ix.index_dir)
    text = CliRunner().invoke(cli, ["query", "coffee harvest", "--index", where, "--explain"])
    assert text.exit_code == 0 and "score: title:coffe" in text.output
    data = CliRunner().invoke(cli, ["query", "coffee", "--index", where, "--explain", "--json"])
    assert json.loads(data.output)["hits"][0]["explain"][0]["text"] == "coffe"


def _real_lines(limit: int) -> list[str]:
    lines: list[str] = []
    reuters = SHARED / "corpora" / "reuters21578.jsonl"
    with reuters.open(encoding="utf-8") as feed:
        for n, line in enumerate(feed):
            record = json.loads(line)
            if record.get("title"):
                lines.append(record["title"])  # capitals
            body = (record.get("body") or "").split(". ")[0]
            if body and n % 3 == 0:
                lines.append(body[:200].lower())
            if len(lines) >= limit - limit // 3:
                break
    for path in sorted((SHARED / "corpora" / "bbc").glob("*/*.txt"))[: limit // 3]:
        lines.append(path.read_bytes().decode("utf-8", "replace").split("\n", 1)[0])  # Title Case
    return lines[:limit]


@pytest.mark.skipif(
    not (SHARED / "corpora" / "bbc").is_dir(), reason="needs ../shared/corpora (absent here)"
)
def test_a_thousand_real_headlines_and_sentences_never_raise(ix: newsearch.NewsIndex) -> None:
    lines = _real_lines(1000)
    assert len(lines) == 1000
    random.Random(13).shuffle(lines)
    nothing = 0
    for line in lines:
        results = ix.search(line, strict=False)
        nothing += results.total == 0
    assert nothing < len(lines)  # they ran, and some found something
