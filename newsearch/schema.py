"""Schema: the fields of a newsearch index, and the version stamp that guards them.

=================  ==========================================================================
field              what it holds
=================  ==========================================================================
id                 the article's stable id (unique): a record's own id, else its path
path               the file it came from, as given on the command line (``corpus/a.txt``)
title, body        analysed text (:func:`newsearch.analysis.news_analyzer`), stored; body keeps
                   positions for phrase queries
people, countries  canonical names, stored, one exact term each (facets, exact filters)
people_text,       the same names through :func:`newsearch.analysis.name_analyzer`, so
countries_text     ``people:putin`` finds *Vladimir Putin*
date               sortable date (undated articles have none)
source, url,       as the record gives them; source is one lowercased term for filtering
author
digest             a hash of the record's content, for incremental indexing
=================  ==========================================================================

Bump :data:`SCHEMA_VERSION` whenever the fields or the analysis change: an index written with
another version is refused with a message asking for ``--rebuild``.
"""

from __future__ import annotations

from whoosh import fields

from .analysis import name_analyzer, news_analyzer

SCHEMA_VERSION = 1

#: The analysed text fields, and the fields of people's and countries' names.
TEXT_FIELDS = ("title", "body")
NAME_FIELDS = ("people_text", "countries_text")

#: Fields a query may name, mapped to the index fields they search.
QUERY_FIELDS: dict[str, str] = {
    "title": "title",
    "body": "body",
    "people": "people_text",
    "person": "people_text",
    "countries": "countries_text",
    "country": "countries_text",
    "source": "source",
    "date": "date",
    "id": "id",
    "path": "path",
}


def build_schema() -> fields.Schema:
    """A fresh Whoosh schema for a newsearch index."""
    text = news_analyzer()
    names = name_analyzer()
    return fields.Schema(
        id=fields.ID(unique=True, stored=True, sortable=True),
        path=fields.ID(stored=True, sortable=True),
        title=fields.TEXT(analyzer=text, stored=True, phrase=True),
        body=fields.TEXT(analyzer=text, stored=True, phrase=True),
        people=fields.KEYWORD(stored=True, commas=True, scorable=True),
        countries=fields.KEYWORD(stored=True, commas=True, scorable=True),
        people_text=fields.TEXT(analyzer=names, phrase=True),
        countries_text=fields.TEXT(analyzer=names, phrase=True),
        date=fields.DATETIME(stored=True, sortable=True),
        source=fields.KEYWORD(stored=True, lowercase=True, commas=True),
        url=fields.STORED(),
        author=fields.STORED(),
        digest=fields.ID(sortable=True),
    )
