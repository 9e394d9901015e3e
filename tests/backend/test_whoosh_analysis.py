"""Whoosh's analyzers give the same terms as :mod:`newsearch.analysis` (index time = query time)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsearch.analysis import TOKEN_PATTERN, index_terms, name_terms
from newsearch.backend.whoosh.analyzers import name_analyzer, news_analyzer
from newsearch.snippets.make import _tokens

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
TEXT = (
    "Drones struck an oil depot near the border on Monday, officials said. Iran’s ministry "
    "denied supplying the DRONES. U.S. officials’ 155,221 bags, don't O'Brien Øresund 5.93 the of "
    "Erdoğan's sanctions-starved economy; happiness, running, added."
)


def _corpus_text() -> str:
    """Real news text: 500 Reuters stories when ../shared is there, else the fixed text."""
    path = SHARED / "corpora" / "reuters21578.jsonl"
    if not path.exists():
        return TEXT
    parts = [TEXT]
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n == 500:
                break
            record = json.loads(line)
            parts.append(f"{record.get('title') or ''}\n{record.get('body') or ''}")
    return "\n".join(parts)


def test_snippet_tokens_agree_with_the_analyzer() -> None:
    expected = [
        (t.startchar, t.endchar, t.text) for t in news_analyzer()(TEXT, positions=True, chars=True)
    ]
    assert _tokens(TEXT, 0, len(TEXT)) == expected


@pytest.mark.parametrize("field", ["text", "names"])
def test_index_terms_equal_whoosh_terms_over_a_vocabulary(field: str) -> None:
    text = _corpus_text()
    vocabulary = sorted({m.group(0) for m in TOKEN_PATTERN.finditer(text)})
    assert len(vocabulary) > 50
    analyzer, ours = (
        (news_analyzer(), index_terms) if field == "text" else (name_analyzer(), name_terms)
    )
    for word in vocabulary:
        assert [t.text for t in analyzer(word)] == ours(word), word
    assert [t.text for t in news_analyzer()(TEXT)] == index_terms(TEXT)
    assert index_terms("Drones DRONES drone") == ["drone", "drone", "drone"]
