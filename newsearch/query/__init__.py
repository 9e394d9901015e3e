"""The query language and the search request: what the user asked for, as engine-neutral data.

* :func:`parse_query` turns query text into a :class:`ParsedQuery` (an AST of
  :mod:`newsearch.query.ast` nodes plus what snippets should mark);
* :class:`SearchRequest` is the one definition of a search's parameters (text, filters, sort,
  page, limit, facets, timeline), which the API, the CLI and the web form are built from.
"""

from __future__ import annotations

from . import ast
from .dates import date_bounds, parse_date_range, parse_day
from .parse import ALL_WORDS_BOOST, ParsedQuery, parse_query
from .request import SORTS, SearchRequest

__all__ = [
    "ALL_WORDS_BOOST",
    "SORTS",
    "ParsedQuery",
    "SearchRequest",
    "ast",
    "date_bounds",
    "parse_date_range",
    "parse_day",
    "parse_query",
]
