"""The fields of a newsearch index: ONE table, from which everything else is derived.

Each backend's schema (Whoosh's ``Schema``, an OpenSearch mapping), the query language's field
names (``people:``, ``person:``...), the facets, the web page's filters and the documentation
are built from :data:`FIELDS`; nothing else spells a field name list.

=================  =========  ===============================================================
field              kind       what it holds
=================  =========  ===============================================================
id                 keyword    the article's stable id (unique): a record's own id, else its
                              path (``corpus/a.txt``, ``feed.jsonl#7``)
path               keyword    the file it came from, as given on the command line
title, body        text       analysed text (:func:`newsearch.analysis.index_terms`): stemmed,
                              stopwords dropped; positions kept for phrases
people, countries  name       canonical names, one exact value each (facets, exact filters),
                              plus a word form (``<name>_text``, folded, not stemmed) so
                              ``people:putin`` finds *Vladimir Putin*
date               date       the article's date and time (undated articles have none)
source             keyword    as the record gives it, else ``index --source NAME``, else the
                              top folder under the path given to ``index`` (shown as written,
                              matched case-insensitively)
section            keyword    the folder under the source's folder (BBC's ``business/``...)
copy_of            keyword    the id of the story this article is a near-duplicate of (wire
                              copies, resent stories): empty for originals
primary            keyword    ``yes`` for originals, ``no`` for copies: results collapse on it
url, author        stored     shown, never searched
digest             keyword    a hash of the record's content, for incremental indexing
=================  =========  ===============================================================

Bump :data:`SCHEMA_VERSION` whenever the fields or the analysis change: an index written with
another version is refused with a message asking for ``--rebuild``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SCHEMA_VERSION = 3

Kind = Literal["keyword", "text", "name", "date", "stored"]


@dataclass(frozen=True)
class Field:
    """One field of the index.

    ``aliases`` are the names a query may use for it (``people:``, ``person:``); ``boost`` the
    weight of a match there when plain words search it (text fields) or a name query does
    (name fields); ``facet`` whether results count its values; ``lowercase`` whether its
    keyword values are matched case-insensitively.
    """

    name: str
    kind: Kind
    stored: bool = True
    aliases: tuple[str, ...] = ()
    boost: float = 1.0
    facet: bool = False
    sortable: bool = False
    unique: bool = False
    lowercase: bool = False
    label: str = ""

    @property
    def words_field(self) -> str:
        """The index field holding the words of a name field (``people`` -> ``people_text``)."""
        return f"{self.name}_text" if self.kind == "name" else self.name


#: Field boosts of text fields (BM25F). Chosen on Reuters-topics (59 queries, nDCG@10): title
#: 1.0 -> 0.751, 1.5 -> 0.743, 2.0 -> 0.743, 3.0 -> 0.737; plain Whoosh 0.739. Title stays
#: weighted above body, as readers expect a headline match first. Plain words search title and
#: body only, not the name fields: names are already in the title and body, and matching them
#: twice over-weights name words (names at boost 1.5 -> 0.735, 0.5 -> 0.740, absent -> 0.743).
FIELDS: tuple[Field, ...] = (
    Field("id", "keyword", aliases=("id",), sortable=True, unique=True),
    Field("path", "keyword", aliases=("path",), sortable=True),
    Field("title", "text", aliases=("title",), boost=2.0),
    Field("body", "text", aliases=("body",), boost=1.0),
    Field("people", "name", aliases=("people", "person"), boost=1.5, facet=True, label="people"),
    Field(
        "countries",
        "name",
        aliases=("countries", "country"),
        boost=1.5,
        facet=True,
        label="countries",
    ),
    Field("date", "date", aliases=("date",), sortable=True),
    Field("source", "keyword", aliases=("source",), facet=True, lowercase=True, label="sources"),
    Field("section", "keyword", aliases=("section",), facet=True, lowercase=True, label="sections"),
    Field("copy_of", "keyword", sortable=True),
    Field("primary", "keyword", stored=False),
    Field("url", "stored"),
    Field("author", "stored"),
    Field("digest", "keyword", stored=False, sortable=True),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}

#: The analysed text fields plain words search.
TEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind == "text")
#: The name fields (people, countries) and the index fields holding their words.
NAME_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind == "name")
NAME_WORD_FIELDS: tuple[str, ...] = tuple(BY_NAME[n].words_field for n in NAME_FIELDS)
#: Fields whose values are counted over all matches.
FACET_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.facet)
#: Boost of a match in each searchable index field (text fields and name word fields).
BOOSTS: dict[str, float] = {
    **{n: BY_NAME[n].boost for n in TEXT_FIELDS},
    **{BY_NAME[n].words_field: BY_NAME[n].boost for n in NAME_FIELDS},
}
#: Query field name (``person``) -> the field it names (``people``).
QUERY_FIELDS: dict[str, str] = {alias: f.name for f in FIELDS for alias in f.aliases}


def field_of(query_name: str) -> Field:
    """The field a query's ``name:`` refers to (KeyError when it names none)."""
    return BY_NAME[QUERY_FIELDS[query_name]]
