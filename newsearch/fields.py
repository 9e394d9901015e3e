"""The fields of a newsearch index: ONE table, from which everything else is derived.

Each backend's schema (Whoosh's ``Schema``, an OpenSearch mapping), the query language's field
names (``people:``, ``person:``...), the facets, the web page's filters and the documentation
are built from :data:`FIELDS`; nothing else spells a field name list.

=================  =========  ===============================================================
field              kind       what it holds
=================  =========  ===============================================================
id                 keyword    the article's stable id (unique): a record's own id, else its
                              path (``corpus/a.txt``, ``feed.jsonl#7``)
path               keyword    the file it came from, from the folder or file given to
                              ``index`` (:mod:`newsearch.ingest.roots`): never absolute
title, body        text       analysed text (:func:`newsearch.analysis.index_terms`): stemmed,
                              stopwords dropped; positions kept for phrases; plus an exact
                              form (``<name>_exact``, folded, not stemmed) for ``=word``
people, countries, name       canonical names, one exact value each (facets, exact filters),
organizations                 plus a word form (``<name>_text``, folded, not stemmed) so
                              ``people:putin`` finds *Vladimir Putin*
mentions           mentions   words that may be a person's surname but that the article alone
                              does not make one: a headline's words (``REAGAN SAYS...``) and
                              lone capitalised words (``Sumita said``), folded. Never shown or
                              faceted as such: the archive's name map
                              (:mod:`newsearch.names.registry`) files the ones it knows as
                              their person (``reagan`` -> *Ronald Reagan*), the rest are unused
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

SCHEMA_VERSION = 7

Kind = Literal["keyword", "text", "name", "mentions", "date", "stored"]


@dataclass(frozen=True)
class Field:
    """One field of the index.

    ``aliases`` are the names a query may use for it (``people:``, ``person:``); ``boost`` the
    weight of a match there when plain words search it (text fields) or a name query does
    (name fields); ``facet`` whether results count its values; ``lowercase`` whether its
    keyword values are matched case-insensitively; ``length_norm`` how much a longer value
    weakens a match (BM25's *b*: 0 none, 1 in proportion to its length).
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
    length_norm: float = 0.75

    @property
    def words_field(self) -> str:
        """The index field holding the words of a name field (``people`` -> ``people_text``)."""
        return f"{self.name}_text" if self.kind == "name" else self.name

    @property
    def exact_field(self) -> str:
        """The index field holding the unstemmed words of a text field (``title`` ->
        ``title_exact``: ``=Yukos`` finds *Yukos*, not *Yuko*); a name field's words are
        unstemmed already (``people_text``)."""
        return f"{self.name}_exact" if self.kind == "text" else self.words_field


#: Field boosts and length normalisation of text fields (BM25F), kept where they measure better
#: on both judged sets (Reuters-topics, 59 queries; benchmarks/bbc, 30 BBC questions), nDCG@10,
#: beside plain Whoosh in the same run (0.744 and 0.841):
#: title boost 2.0 -> 1.0: 0.745 -> 0.753 and 0.801 -> 0.812; then the title's *b* 0.75 -> 0.3
#: (a headline is short whatever its length: a long one is not less about its words):
#: 0.753 -> 0.766 and 0.812 -> 0.817 (title 1.5 with b 0.3: 0.759 / 0.814; b 0.5: 0.760 /
#: 0.813). With the BBC pool widened to the new top 10s (245 judgments): 0.807 -> 0.826, plain
#: Whoosh 0.835. Plain words search title and body only, not the name fields: names are already in
#: the title and body, and matching them twice over-weights them.
FIELDS: tuple[Field, ...] = (
    Field("id", "keyword", aliases=("id",), sortable=True, unique=True),
    Field("path", "keyword", aliases=("path",), sortable=True),
    Field("title", "text", aliases=("title",), boost=1.0, length_norm=0.3),
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
    Field(
        "organizations",
        "name",
        aliases=("organizations", "organization", "orgs", "org"),
        boost=1.5,
        facet=True,
        label="organizations",
    ),
    Field("mentions", "mentions"),
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
#: The field of the words the name map may file as people (``mentions``).
MENTIONS = next(f.name for f in FIELDS if f.kind == "mentions")
#: Fields the name map is built from, every stored value counted: name fields and mentions.
MAP_FIELDS: tuple[str, ...] = (*NAME_FIELDS, MENTIONS)
#: Fields whose values a backend counts per article (facets, the name map's groups).
COUNTED_FIELDS: tuple[str, ...] = (*FACET_FIELDS, MENTIONS)
#: Text field -> the index field of its exact (unstemmed) words.
EXACT_FIELDS: dict[str, str] = {n: BY_NAME[n].exact_field for n in TEXT_FIELDS}
#: Boost of a match in each searchable index field (text fields, their exact forms and name
#: word fields).
BOOSTS: dict[str, float] = {
    **{n: BY_NAME[n].boost for n in TEXT_FIELDS},
    **{EXACT_FIELDS[n]: BY_NAME[n].boost for n in TEXT_FIELDS},
    **{BY_NAME[n].words_field: BY_NAME[n].boost for n in NAME_FIELDS},
}
#: BM25's *b* of each searchable index field.
LENGTH_NORMS: dict[str, float] = {
    **{n: BY_NAME[n].length_norm for n in TEXT_FIELDS},
    **{EXACT_FIELDS[n]: BY_NAME[n].length_norm for n in TEXT_FIELDS},
    **{BY_NAME[n].words_field: BY_NAME[n].length_norm for n in NAME_FIELDS},
}
#: Query field name (``person``) -> the field it names (``people``).
QUERY_FIELDS: dict[str, str] = {alias: f.name for f in FIELDS for alias in f.aliases}


def field_of(query_name: str) -> Field:
    """The field a query's ``name:`` refers to (KeyError when it names none)."""
    return BY_NAME[QUERY_FIELDS[query_name]]
