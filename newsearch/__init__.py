"""newsearch: a local full-text search engine for news archives.

    import newsearch
    report = newsearch.index_corpus("corpus/", index_dir="index")
    ix = newsearch.open_index("index")
    for hit in ix.search("drones Iran", limit=10):
        print(hit.title, hit.snippet)
    newsearch.extract_entities(text)   # Entities(people=[...], countries=[...], organizations=...)

Heavy modules (Whoosh, NLTK) are imported on first use, so ``import newsearch`` is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    ArticleNotFoundError,
    EntityNotFoundError,
    IndexDamagedError,
    IndexLockedError,
    IndexNotFoundError,
    IndexVersionError,
    IndexWriteError,
    InputError,
    NewsearchError,
    NLTKDataError,
    QueryError,
    UsageError,
)
from .models import Article, Entities, FacetCount, Hit, IndexReport, SearchResults, TimelineBucket

if TYPE_CHECKING:
    from .entities import extract_entities
    from .entity_view import EntityView
    from .export import export_lines
    from .index import index_corpus
    from .query import SearchRequest
    from .search import NewsIndex, open_index
    from .watch import Watches

__version__ = "0.1.0"

_LAZY = {
    "index_corpus": ("index", "index_corpus"),
    "SearchRequest": ("query", "SearchRequest"),
    "open_index": ("search", "open_index"),
    "NewsIndex": ("search", "NewsIndex"),
    "EntityView": ("entity_view", "EntityView"),
    "extract_entities": ("entities", "extract_entities"),
    "export_lines": ("export", "export_lines"),
    "Watches": ("watch", "Watches"),
}

__all__ = [
    "Article",
    "ArticleNotFoundError",
    "Entities",
    "EntityNotFoundError",
    "EntityView",
    "FacetCount",
    "Hit",
    "IndexDamagedError",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexReport",
    "IndexVersionError",
    "IndexWriteError",
    "InputError",
    "NLTKDataError",
    "NewsIndex",
    "NewsearchError",
    "QueryError",
    "SearchRequest",
    "SearchResults",
    "TimelineBucket",
    "UsageError",
    "Watches",
    "export_lines",
    "extract_entities",
    "index_corpus",
    "open_index",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        module, attr = _LAZY[name]
        value = getattr(import_module(f".{module}", __name__), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'newsearch' has no attribute {name!r}")
