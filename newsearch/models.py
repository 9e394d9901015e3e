"""Results and records: the frozen dataclasses every part of newsearch passes around.

These are the public shapes of the API (and, through ``to_dict``, of every ``--json`` output).
No Whoosh or NLTK object ever appears in them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


def iso_date(value: datetime | None) -> str | None:
    """ISO 8601 text of a date: ``2022-07-19`` at midnight, ``1987-02-26T15:01:01`` otherwise."""
    if value is None:
        return None
    if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
        return value.date().isoformat()
    return value.replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Entities:
    """People, countries and organisations an article mentions, canonical names in order of
    first mention."""

    people: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    #: words that may be a person's surname, folded (a headline's, lone capitalised ones):
    #: the archive's name map decides (:data:`newsearch.fields.FIELDS`, ``mentions``); evidence,
    #: not entities: left out of comparisons
    mentions: list[str] = field(default_factory=list, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Record:
    """One article as read from a file, before analysis (see :mod:`newsearch.ingest`).

    ``origin`` is the file it came from (the label of the path given to ``index`` joined with
    the path inside it, :mod:`newsearch.ingest.roots`); ``id`` is the record's own id or
    ``origin`` (``origin#N`` for the N-th record of a .json list or .jsonl file, from 1).
    """

    id: str
    title: str
    body: str
    origin: str
    date: datetime | None = None
    source: str = ""
    url: str = ""
    author: str = ""
    section: str = ""


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input file or record: one line for the user.

    ``skipped`` is False when the article still went in (e.g. invalid UTF-8 decoded with
    replacement characters), True when the file or record was left out.
    """

    path: str
    message: str
    kind: str
    line: int | None = None
    skipped: bool = True

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Article:
    """A whole stored article, as ``NewsIndex.get(id)`` returns it."""

    id: str
    title: str
    body: str
    path: str
    date: str | None
    source: str
    url: str
    author: str
    people: list[str]
    countries: list[str]
    organizations: list[str] = field(default_factory=list)
    #: with ``explain``: the parts of the score (kind, field, text, score), else None
    explain: list[dict[str, Any]] | None = None
    section: str = ""
    copy_of: str = ""  # the id of the story this one is a copy of ("" for an original)
    copies: list[str] = field(default_factory=list)  # ids of this story's copies

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.explain is None:
            del data["explain"]
        return data


@dataclass(frozen=True)
class Hit:
    """One search result. ``snippet`` is HTML-escaped text with matches in ``<mark>``."""

    id: str
    title: str
    path: str
    date: str | None
    source: str
    url: str
    score: float
    snippet: str
    people: list[str]
    countries: list[str]
    organizations: list[str] = field(default_factory=list)
    #: with ``explain``: the parts of the score (kind, field, text, score), else None
    explain: list[dict[str, Any]] | None = None
    section: str = ""
    copy_of: str = ""  # the id of the story this one is a copy of ("" for an original)
    copies: list[str] = field(default_factory=list)  # ids of this story's copies, oldest first

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.explain is None:
            del data["explain"]
        return data


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True)
class TimelineBucket:
    """Matches in one period: ``period`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

    period: str
    start: str
    end: str
    count: int


@dataclass(frozen=True)
class SearchResults:
    """One page of hits, plus what is known about all matches."""

    query: str
    hits: list[Hit]
    total: int
    page: int
    limit: int
    partial: bool = False
    others: int = 0  # articles with only some of the words, not counted in total
    sort: str = "relevance"
    suggestion: str | None = None
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    timeline: list[TimelineBucket] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    #: undated articles among the matches (the timeline leaves them out); None without timeline
    undated: int | None = None
    #: undated articles that match but were left out by ``since``/``until``
    undated_left_out: int = 0

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def __getitem__(self, index: int) -> Hit:
        return self.hits[index]

    @property
    def ranked(self) -> int:
        """How many articles the pages run through: by relevance, the articles with only some
        of the words follow those with all of them; date orders list the counted ones."""
        return self.total + (self.others if self.sort == "relevance" else 0)

    @property
    def pages(self) -> int:
        return max(1, -(-self.ranked // self.limit)) if self.limit else 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "limit": self.limit,
            "pages": self.pages,
            "partial": self.partial,
            "others": self.others,
            "sort": self.sort,
            "suggestion": self.suggestion,
            "hits": [hit.to_dict() for hit in self.hits],
            "facets": {
                name: [{"value": f.value, "count": f.count} for f in counts]
                for name, counts in self.facets.items()
            },
            "timeline": [asdict(bucket) for bucket in self.timeline],
            "ignored": list(self.ignored),
            "undated": self.undated,
            "undated_left_out": self.undated_left_out,
        }


@dataclass(frozen=True)
class IndexReport:
    """What one ``index_corpus`` run did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: int = 0
    ignored: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    index_dir: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
