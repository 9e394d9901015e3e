"""Entity extraction reads text exactly as NLTK's own models and lists would: sentences and
words as punkt and NLTK's word tokenizer split them (their patterns run on stdlib ``re``, not
NLTK's timed ``regex``), common words as NLTK ``words`` with plurals (not stored)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsearch.entities import nltk_models

pytestmark = pytest.mark.usefixtures("nltk_ready")

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
TRICKY = [
    "\"I can't,\" he said -- and didn't. 'Gimme', she'd say (roughly 3,36 euros).",
    "He said: \u201cWe won\u2019t.\u201d \u00abNon!\u00bb \u2014 then left\u2026",
    "U.S. Inc. at 5 p.m. -- the end.",
    "Mr. J.R. Smith, of Smith & Co., bought 1.5 mln shares at $3.88... [sic] {ok} <tag>",
    "WHAT'S UP?! Cannot, gonna, wanna... 'Tis 'twas. End.'\" Next one.",
]


def texts() -> list[str]:
    found = list(TRICKY)
    reuters = CORPORA / "reuters21578.jsonl"
    if reuters.is_file():
        with reuters.open(encoding="utf-8") as lines:
            for _, line in zip(range(200), lines, strict=False):
                record = json.loads(line)
                found.append(f"{record.get('title', '')}\n\n{record.get('body', '')}")
    bbc = CORPORA / "bbc" / "politics"
    if bbc.is_dir():
        found += [p.read_text(encoding="latin-1") for p in sorted(bbc.glob("*.txt"))[:60]]
    return found


def test_sentences_and_tokens_are_nltks() -> None:
    from nltk.tokenize import PunktTokenizer
    from nltk.tokenize.destructive import NLTKWordTokenizer

    punkt, words, _tagger = nltk_models()
    stock_punkt, stock_words = PunktTokenizer("english"), NLTKWordTokenizer()
    assert type(words) is not NLTKWordTokenizer  # the plain-re one is in use
    checked = 0
    for text in texts():
        for block in text.split("\n\n"):
            ours = punkt.tokenize(block)
            assert ours == stock_punkt.tokenize(block)
            for sentence in ours:
                assert words.tokenize(sentence) == stock_words.tokenize(sentence)
                checked += 1
    assert checked > 20


def test_common_words_are_nltks_words_with_plurals() -> None:
    from nltk.corpus import stopwords, words

    from newsearch.entities.wordlists import common_words

    vocabulary = {w for w in words.words("en") if w.islower()}
    stops = set(stopwords.words("english"))
    expected = vocabulary | {w + "s" for w in vocabulary} | stops
    ours = common_words()
    assert all(w in ours for w in expected)
    others = {w + "s" for w in expected} | {w + "es" for w in stops} | {"Oil", "oils.", "", "s"}
    assert all((w in ours) == (w in expected) for w in others)
