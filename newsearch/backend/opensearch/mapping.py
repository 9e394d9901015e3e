"""The OpenSearch index: settings and mapping derived from the field table, and documents.

Analysis is split where each side is strongest. Python tokenizes (:data:`TOKEN_PATTERN`:
``U.S.`` -> ``us``, ``155,221`` -> ``155221``, possessives, accents folded) and drops the
stopwords, exactly as for Whoosh, and sends the words of each text field separated by spaces;
OpenSearch's ``news`` analyzer then maps curly apostrophes to ``'``, lowercases, drops the
same stopwords and stems with Lucene's ``snowball`` English filter — the Porter2 algorithm
NLTK implements (``tests/backend/test_opensearch.py`` compares the stems over the indexed
vocabulary). Words that are not all letters are marked as keywords, so they are not stemmed,
as :func:`newsearch.analysis.stem` leaves them. Stopwords are dropped before positions are
assigned, so phrases see the positions Whoosh sees (``"Bank of England"``).

Query terms arrive already analysed (the AST holds NLTK's stems): they are compared with
``term`` queries, never re-analysed (stemming a stem again can change it).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from typing import Any

from ...analysis import STOPWORDS, TOKEN_PATTERN, name_terms, normalize_token, term_for
from ...fields import BY_NAME, EXACT_FIELDS, FIELDS, SCHEMA_VERSION, Field
from ..base import Document

#: the subfield of a text field holding its exact (unstemmed) words: the field table's
#: ``title_exact`` is ``title.exact`` here (:func:`index_field`)
EXACT = "exact"
_EXACT_OF = {exact: f"{text}.{EXACT}" for text, exact in EXACT_FIELDS.items()}


def index_field(name: str) -> str:
    """The OpenSearch field of an index field of the table (``title_exact`` -> ``title.exact``)."""
    return _EXACT_OF.get(name, name)


#: the object holding what is shown as it was given (raw title and body, url, author...)
SHOWN = "shown"


def analysis_settings() -> dict[str, Any]:
    return {
        "char_filter": {"apostrophes": {"type": "mapping", "mappings": ["’ => '"]}},
        "filter": {
            "news_stop": {"type": "stop", "stopwords": sorted(STOPWORDS)},
            "news_unstemmed": {"type": "keyword_marker", "keywords_pattern": r".*[^\p{L}].*"},
            "news_stem": {"type": "snowball", "language": "English"},
        },
        "analyzer": {
            "news": {
                "type": "custom",
                "tokenizer": "whitespace",
                "char_filter": ["apostrophes"],
                "filter": ["lowercase", "news_stop", "news_unstemmed", "news_stem"],
            },
            # the exact form of a text field (``=word``): as ``news``, not stemmed
            "news_exact": {
                "type": "custom",
                "tokenizer": "whitespace",
                "char_filter": ["apostrophes"],
                "filter": ["lowercase", "news_stop"],
            },
            "names": {
                "type": "custom",
                "tokenizer": "whitespace",
                "char_filter": ["apostrophes"],
                "filter": ["lowercase"],
            },
            # query terms are index terms already: split on spaces, nothing more
            "verbatim": {"type": "custom", "tokenizer": "whitespace"},
        },
        "normalizer": {"folded": {"type": "custom", "filter": ["lowercase"]}},
    }


def _similarity(b: float) -> str:
    return f"bm25_b{round(b * 100)}"


def similarities() -> dict[str, Any]:
    """BM25 with each field's length normalisation (``Field.length_norm``), as for Whoosh."""
    return {_similarity(f.length_norm): {"type": "BM25", "b": f.length_norm} for f in FIELDS}


def _properties(field: Field) -> dict[str, Any]:
    if field.kind == "text":
        return {
            field.name: {
                "type": "text",
                "analyzer": "news",
                "similarity": _similarity(field.length_norm),
                "fields": {
                    EXACT: {
                        "type": "text",
                        "analyzer": "news_exact",
                        "similarity": _similarity(field.length_norm),
                    }
                },
            }
        }
    if field.kind == "name":
        folded = {"folded": {"type": "keyword", "normalizer": "folded"}}
        return {
            field.name: {"type": "keyword", "fields": folded},
            field.words_field: {"type": "text", "analyzer": "names"},
        }
    if field.kind == "mentions":
        return {field.name: {"type": "keyword"}}
    if field.kind == "date":
        return {field.name: {"type": "date"}}
    if field.kind == "stored":
        return {}  # only in SHOWN
    if field.lowercase:
        return {field.name: {"type": "keyword", "normalizer": "folded"}}
    return {field.name: {"type": "keyword"}}


def index_body() -> dict[str, Any]:
    """Settings and mapping of a new index (shards and replicas from ``NEWSEARCH_SHARDS``
    and ``NEWSEARCH_REPLICAS``; by default 1 shard, and a replica once there is a node for
    it)."""
    properties: dict[str, Any] = {SHOWN: {"type": "object", "enabled": False}}
    for field in FIELDS:
        properties.update(_properties(field))
    settings: dict[str, Any] = {
        "number_of_shards": int(os.environ.get("NEWSEARCH_SHARDS", "1")),
        "analysis": analysis_settings(),
        "similarity": similarities(),
    }
    replicas = os.environ.get("NEWSEARCH_REPLICAS")
    if replicas is None:
        settings["auto_expand_replicas"] = "0-1"
    else:
        settings["number_of_replicas"] = int(replicas)
    return {
        "settings": {"index": settings},
        "mappings": {
            "dynamic": "strict",
            "_meta": {"schema_version": SCHEMA_VERSION},
            "properties": properties,
        },
    }


def text_words(text: str) -> str:
    """The words of a text as OpenSearch is sent them: tokenized, folded, stopwords out."""
    words = (normalize_token(m.group(0)) for m in TOKEN_PATTERN.finditer(text))
    return " ".join(w for w in words if w and w not in STOPWORDS)


def _learn_stems(words: str) -> None:
    """Stem each new word of a text with NLTK (memoized per process), so the commit keeps the
    word -> stem pairs (:mod:`.stems`) and a query process stems without NLTK. Lucene stems
    the indexed text itself; these are the same stems (a test over the vocabulary)."""
    for word in set(words.split()):
        if word.isalpha():
            term_for(word)


def doc_key(article_id: str) -> str:
    """The ``_id`` of an article: its id, hashed when too long for OpenSearch (512 bytes)."""
    if len(article_id.encode("utf-8")) <= 256:
        return article_id
    return "sha256:" + hashlib.sha256(article_id.encode("utf-8")).hexdigest()


def source(document: Document) -> dict[str, Any]:
    """The ``_source`` of one article, field by field of the table."""
    doc: dict[str, Any] = {}
    shown: dict[str, Any] = {}
    for name, value in document.values().items():
        field = BY_NAME[name]
        if value is None:
            continue
        if field.kind == "text":
            doc[name] = text_words(value)
            shown[name] = value
            _learn_stems(doc[name])
        elif field.kind == "name":
            doc[name] = list(value)
            doc[field.words_field] = " ".join(" ".join(name_terms(v)) for v in value)
        elif field.kind == "mentions":
            doc[name] = list(value)
        elif field.kind == "date":
            doc[name] = value.isoformat()
            shown[name] = value.isoformat()
        elif field.kind == "stored":
            shown[name] = value
        elif field.lowercase:
            doc[name] = value.replace(",", " ")
            shown[name] = value
        else:
            doc[name] = value
    doc[SHOWN] = shown
    return doc


def actions(index: str, documents: Iterable[Document]) -> list[dict[str, Any]]:
    """Bulk ``index`` actions for ``documents`` (they pickle: a worker returns them)."""
    return [
        {"_op_type": "index", "_index": index, "_id": doc_key(d.record.id), "_source": source(d)}
        for d in documents
    ]
