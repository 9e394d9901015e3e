"""The backend seam: what the engine-neutral core asks of a search engine, and gets back.

A backend is a class with the classmethods of :class:`Backend`; it hands out a
:class:`Reader` (searching) and a :class:`Writer` (one indexing run, holding the index's write
lock). Only the frozen dataclasses below cross the seam — AST nodes in, :class:`Doc` and
:class:`Page` out — never an engine object. The contract tests in ``tests/backend/`` run the
same assertions against every backend.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ..fields import FIELDS, SCHEMA_VERSION
from ..models import Entities, FacetCount, Record, TimelineBucket
from ..query.ast import Node

MessageFn = Any  # Callable[[str], None]; kept loose for Protocol variance


@dataclass(frozen=True)
class Doc:
    """One stored article, as a backend returns it."""

    id: str
    path: str
    title: str
    body: str
    date: datetime | None
    source: str
    url: str
    author: str
    people: tuple[str, ...]
    countries: tuple[str, ...]
    organizations: tuple[str, ...] = ()
    section: str = ""
    copy_of: str = ""  # the id of the story this one is a copy of; empty for originals
    mentions: tuple[str, ...] = ()  # words the name map may file as people


@dataclass(frozen=True)
class ScorePart:
    """One part of a hit's score (``Plan.explain``): what matched, where, and what it added.

    ``kind`` is ``term``, ``phrase``, ``prefix``, ``fuzzy``, ``proximity`` (a
    :attr:`Plan.proximity` clause) or ``all words`` (the factor every part is multiplied by
    when the article has every word of a bag; ``score`` is then that factor).
    """

    kind: str
    field: str
    text: str
    score: float


@dataclass(frozen=True)
class Scored:
    doc: Doc
    score: float
    parts: tuple[ScorePart, ...] = ()


@dataclass(frozen=True)
class Document:
    """What a backend writes for one article: the record, its entities, its digest and the
    id of the story it is a copy of (empty for originals, :mod:`newsearch.duplicates`)."""

    record: Record
    entities: Entities
    digest: str
    copy_of: str = ""

    def values(self) -> dict[str, Any]:
        """The value of every field of the table (:data:`newsearch.fields.FIELDS`): text,
        a list of names, a datetime or None."""
        record = self.record
        entities = self.entities
        names = {
            "people": list(entities.people),
            "countries": list(entities.countries),
            "organizations": list(entities.organizations),
            "mentions": list(entities.mentions),
        }
        special = {
            "path": record.origin,
            "digest": self.digest,
            "copy_of": self.copy_of,
            "primary": "no" if self.copy_of else "yes",
            **names,
        }
        return {f.name: special.get(f.name, getattr(record, f.name, None)) for f in FIELDS}


@dataclass(frozen=True)
class Plan:
    """One search, in the backend's terms.

    ``query`` is what matches; when the query is a bag of plain words, ``all_words`` is the
    strict AND of them and ``any_words`` their OR, and articles with every word score more
    (the whole bag scores as ``query``, an OR of the boosted AND and the plain OR). Filters
    restrict and never score. ``sort`` is one of :data:`newsearch.query.SORTS`; ``facets``
    names fields of :data:`newsearch.fields.FACET_FIELDS` to count over all matches.

    What is counted (``Page.total``, facets, timeline, and the order of a date sort) is the
    articles with every word when a bag of words has some, else every match; ``any`` counts
    every match always. Relevance ranks the same either way (``query`` as it scores).

    ``proximity`` holds scoring-only clauses: phrases of adjacent query words with some slop
    (:data:`newsearch.query.parse.PROXIMITY_SLOP`). They add to the score of an article that
    ``query`` matches when the words stand near each other (in one sentence: positions jump
    between sentences), and never decide what matches or what is counted; a backend adds them
    as optional clauses (Whoosh ``AndMaybe``, OpenSearch ``bool.should`` beside a ``must``).
    ``explain`` asks for the :class:`ScorePart` of every hit.

    ``facet_groups`` are sets of stored names that are one entity (``("people", "Reagan")``
    with ``("people", "Ronald Reagan")``, the archive's name map): the backend counts, per
    group, the counted articles holding any of its names (:attr:`Page.group_counts`), so that
    an article naming two of them is counted once. A backend may leave out a group that has
    fewer than two of its names among the facet values it found (its sum is then exact).
    """

    query: Node
    all_words: Node | None = None
    any_words: Node | None = None
    filters: tuple[Node, ...] = ()
    sort: str = "relevance"
    offset: int = 0
    limit: int = 10  # 0: no hits, only the counts, facets and timeline
    facets: tuple[str, ...] = ()
    facet_size: int = 20
    timeline: bool = False
    any: bool = False
    proximity: tuple[Node, ...] = ()
    explain: bool = False
    facet_groups: tuple[tuple[tuple[str, str], ...], ...] = ()


@dataclass(frozen=True)
class Page:
    """What a backend found for a :class:`Plan`."""

    hits: tuple[Scored, ...]
    total: int
    partial: bool = False  # a bag of words that no article has all of
    others: int = 0  # articles with only some of the words, not in ``total``
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    timeline: list[TimelineBucket] = field(default_factory=list)
    #: index in ``Plan.facet_groups`` -> counted articles with any name of that group
    group_counts: dict[int, int] = field(default_factory=dict)


@dataclass
class Manifest:
    """Bookkeeping kept beside the index: the signature (size and mtime) of every file whose
    articles are all committed (only a cache that lets a re-run skip unchanged files), and the
    paths given to ``index`` by label (:mod:`newsearch.ingest.roots`; None in an index written
    before labels, which stores paths as given)."""

    schema_version: int = SCHEMA_VERSION
    updated: float = 0.0
    files: dict[str, str] = field(default_factory=dict)
    roots: dict[str, str] | None = field(default_factory=dict)


class Reader(Protocol):
    """An index opened for searching; each call sees the last committed state."""

    location: str

    def search(self, plan: Plan) -> Page: ...

    def scan(self, plan: Plan, batch: int = 1000) -> Iterator[Doc]:
        """Every match of ``plan`` (what ``Page.total`` counts; offset and limit ignored), in
        date order — newest first when ``plan.sort`` is ``newest``, else oldest first —
        undated last, ties by id; streamed ``batch`` articles at a time."""
        ...

    def ranked_ids(self, plan: Plan) -> list[tuple[str, float]]: ...

    def get(self, article_id: str) -> Doc | None: ...

    def similar(self, article_id: str, limit: int) -> list[Scored]: ...

    def count(self) -> int: ...

    def generation(self) -> object:
        """A value that changes whenever another committed state becomes visible (cheap: it is
        asked on every search, to know when the archive's name registry must be rebuilt)."""
        ...

    def exact_value(self, field_name: str, value: str) -> str | None:
        """The value of a name field the index holds for ``value``, case-insensitively."""
        ...

    def read_side(self, name: str) -> str | None:
        """A small text the index keeps beside its articles under ``name`` (the curation,
        saved searches), or None when there is none; OSError when it cannot be read."""
        ...

    def write_side(self, name: str, text: str) -> None:
        """Replace the side text ``name``, atomically (OSError when it cannot be written)."""
        ...

    def doc_frequency(self, field_name: str, term: str) -> int: ...

    def doc_frequencies(self, field_name: str, terms: Sequence[str]) -> dict[str, int]:
        """The documents of each of ``terms`` in a field (one request where it matters)."""
        ...

    def terms_within(
        self, field_name: str, term: str, maxdist: int, prefix: int
    ) -> list[tuple[str, int]]:
        """(term, document frequency) of the field's terms within ``maxdist`` edits."""
        ...

    def surface_forms(self, term: str) -> list[str]:
        """Words (folded) the index has seen whose index term is ``term`` (``price`` ->
        *prices*, *price*...), for showing a suggestion as a word; [] when unknown."""
        ...

    def stats(self) -> dict[str, Any]: ...

    def close(self) -> None: ...


class Writer(Protocol):
    """One indexing run's hold on the index (its write lock is held while it lives)."""

    target: str  # what a worker process passes to ``Backend.write_part``
    manifest: Manifest
    #: a local folder for caches the core can always rebuild from the index (the copy sketches)
    state_dir: str

    def existing(self) -> tuple[dict[str, tuple[str, str]], dict[str, set[str]]]:
        """id -> (path, digest), and path -> ids, of every article in the index."""
        ...

    def copies(self) -> dict[str, str]:
        """id -> ``copy_of`` of every article of the index that is a copy of another."""
        ...

    def stored(self, ids: Sequence[str]) -> list[Doc]:
        """The stored articles with these ids (those the index holds)."""
        ...

    def commit(
        self, parts: Sequence[Any], deleted: Sequence[str], stems: Mapping[str, str]
    ) -> None:
        """Make ``parts`` (from ``write_part``) and the deletion of ``deleted`` ids visible,
        atomically; the first commit of a rebuild also drops everything that was there.
        ``stems`` (word -> NLTK stem, new in this batch) are kept for query processes."""
        ...

    def save_manifest(self) -> None: ...


class Backend(Protocol):
    name: str

    @classmethod
    def check_target(cls, location: str) -> None:
        """Refuse, touching nothing, a location that is not (and cannot become) our index."""
        ...

    @classmethod
    def open_reader(cls, location: str) -> Reader: ...

    @classmethod
    def open_writer(
        cls, location: str, *, rebuild: bool, lock_timeout: float, on_wait: MessageFn
    ) -> AbstractContextManager[Writer]: ...

    @classmethod
    def write_part(cls, target: str, documents: Iterable[Document]) -> Any:
        """Write ``documents`` where a later ``Writer.commit`` can pick them up (runs in a
        worker process: the result must pickle)."""
        ...
