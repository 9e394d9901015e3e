"""The search request: the ONE place a search's parameters are defined.

:class:`SearchRequest` holds what a search asks for (query text, filters, sort, page, limit,
facets, timeline, copies, strictness), checked and normalised on construction. Each field's metadata
(:class:`Option`) says how the command line and the web form spell it, so ``newsearch query``'s
options and the search page's URL parameters are built from this table, and a test checks that
``NewsIndex.search``'s keyword arguments are exactly these fields.

:func:`filter_nodes` compiles the filters into AST nodes, once, for every backend.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Protocol

from ..analysis import name_terms
from ..errors import UsageError
from ..fields import BY_NAME
from ..models import FacetCount
from . import ast
from .dates import day_range, parse_day

#: Orders of search results: by relevance, or by date (undated articles last either way).
SORTS = ("relevance", "newest", "oldest")
MAX_LIMIT = 1000
MAX_PAGE = 10_000
FACET_SIZE = 20
MAX_FACET_SIZE = 1000


@dataclass(frozen=True)
class Option:
    """How one request field is spelled outside Python.

    ``flag`` is the command-line option (``--person``), ``param`` the URL parameter of the
    search page (``person``); ``many`` says it may be given several times; ``inverted`` that the
    flag sets the field to False (``--lenient`` -> ``strict=False``).
    """

    flag: str = ""
    param: str = ""
    help: str = ""
    many: bool = False
    inverted: bool = False
    metavar: str = ""


def _opt(default: Any, **option: Any) -> Any:
    return field(default=default, metadata={"option": Option(**option)})


@dataclass(frozen=True)
class SearchRequest:
    """One search. Construct with :meth:`make` to accept strings and lists loosely."""

    query: str = _opt("", param="q")
    limit: int = _opt(10, flag="--limit", param="limit", help="Hits per page.")
    page: int = _opt(1, flag="--page", param="page", help="Page of hits to show.")
    people: tuple[str, ...] = _opt(
        (), flag="--person", param="person", many=True, help="Only articles mentioning this person."
    )
    countries: tuple[str, ...] = _opt(
        (),
        flag="--country",
        param="country",
        many=True,
        help="Only articles mentioning this country.",
    )
    organizations: tuple[str, ...] = _opt(
        (),
        flag="--org",
        param="org",
        many=True,
        help="Only articles mentioning this organisation.",
    )
    sources: tuple[str, ...] = _opt(
        (), flag="--source", param="source", many=True, help="Only articles from this source."
    )
    sections: tuple[str, ...] = _opt(
        (),
        flag="--section",
        param="section",
        many=True,
        help="Only articles from this section (a folder of a source).",
    )
    since: date | None = _opt(
        None,
        flag="--since",
        param="since",
        metavar="YYYY-MM-DD",
        help="Only articles on or after this date.",
    )
    until: date | None = _opt(
        None,
        flag="--until",
        param="until",
        metavar="YYYY-MM-DD",
        help="Only articles on or before this date.",
    )
    sort: str = _opt("relevance", flag="--sort", param="sort", help="Order of the hits.")
    facets: bool = _opt(
        False,
        flag="--facets",
        param="facets",
        help="Count people, countries and organisations over all matches.",
    )
    timeline: bool = _opt(
        False, flag="--timeline", param="timeline", help="Show matches per period over all matches."
    )
    facet_size: int = _opt(
        FACET_SIZE, flag="--facet-size", param="facet_size", help="Values per facet."
    )
    any: bool = _opt(
        False,
        flag="--any",
        param="any",
        help="Count and sort every article with any of the words.",
    )
    explain: bool = _opt(
        False,
        flag="--explain",
        param="explain",
        help="Show, per hit, which words matched in which fields and what each scored.",
    )
    all_copies: bool = _opt(
        False,
        flag="--all-copies",
        param="all_copies",
        help="Show every copy of a story (wire copies, resent stories), not one hit each.",
    )
    strict: bool = _opt(
        True,
        flag="--lenient",
        param="lenient",
        inverted=True,
        help="Ignore query syntax errors instead of failing.",
    )

    def __post_init__(self) -> None:
        if not isinstance(self.query, str):
            raise UsageError(f"the query must be text, not {type(self.query).__name__}")
        if self.sort not in SORTS:
            raise UsageError(f"unknown sort {self.sort!r}: use one of {', '.join(SORTS)}")
        for name in ("limit", "page", "facet_size"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise UsageError(f"{name} must be a whole number, not {value!r}")
        if self.limit < 1 or self.page < 1:
            raise UsageError("limit and page must be at least 1")
        if not 1 <= self.facet_size <= MAX_FACET_SIZE:
            raise UsageError(f"facet_size must be from 1 to {MAX_FACET_SIZE}")
        object.__setattr__(self, "limit", min(self.limit, MAX_LIMIT))
        object.__setattr__(self, "page", min(self.page, MAX_PAGE))
        day_range(self.since, self.until)  # since after until: say so now

    @classmethod
    def make(cls, query: str = "", **options: Any) -> SearchRequest:
        """A request from loosely typed values: a string or any iterable of strings for the
        filters, ``YYYY-MM-DD`` text or dates for ``since``/``until``."""
        unknown = set(options) - {f.name for f in fields(cls)}
        if unknown:
            raise UsageError(f"unknown search option {sorted(unknown)[0]!r}")
        for name in ("people", "countries", "organizations", "sources", "sections"):
            if name in options:
                options[name] = _values(options[name], name)
        for name, flag in (("since", "--since"), ("until", "--until")):
            if name in options:
                options[name] = parse_day(options[name], flag)
        return cls(query=query, **options)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit

    @property
    def filtered(self) -> bool:
        names = self.people or self.countries or self.organizations
        return bool(names or self.sources or self.sections or self.since or self.until)


def options() -> list[tuple[str, Option, Any]]:
    """(field name, its :class:`Option`, default) of every request field."""
    return [(f.name, f.metadata["option"], f.default) for f in fields(SearchRequest)]


def _values(values: Iterable[str] | str | None, name: str) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    out: dict[str, None] = {}
    for value in values:
        if not isinstance(value, str):
            raise UsageError(f"{name} must be names (text), not {type(value).__name__}")
        if value.strip():
            out.setdefault(value.strip(), None)
    return tuple(out)


#: The filter that collapses copies of a story into its original (:mod:`newsearch.duplicates`).
ORIGINALS = ast.Term("primary", "yes")

ExactName = Callable[[str, str], "str | None"]
"""(field, name) -> the canonical value the index holds for ``name``, or None."""

Key = tuple[str, str]


class NameMap(Protocol):
    """The archive's entities (:class:`newsearch.names.NameMap`): who is who, by stored name."""

    def find(self, field_name: str, text: str, stored: str | None = None) -> Key | None: ...

    def values_of(self, key: Key) -> list[Key]: ...

    def groups(self) -> tuple[tuple[Key, ...], ...]: ...

    def facets(
        self,
        raw: Mapping[str, Sequence[FacetCount]],
        size: int,
        total: int,
        grouped: Mapping[int, int] | None = None,
    ) -> dict[str, list[FacetCount]]: ...


def name_resolver(exact: ExactName, names: NameMap | None) -> Callable[[str, str], ast.Node | None]:
    """What a name means, the same in the filters and in the query text: (name field, name as
    typed) -> the query for the archive's entity of that name (any of its stored names), the
    stored value it is when the map has no entity for it (an ignored name), or None (the index
    holds no such name: search its words). ``exact`` answers for the index."""

    def resolve(field_name: str, name: str) -> ast.Node | None:
        if field_name == "countries":
            from ..entities.places import canonical_country  # loads the entity modules

            name = canonical_country(name) or name
        stored = exact(field_name, name)
        node = _entity_filter(names, field_name, name, stored)
        return node or (ast.Term(field_name, stored) if stored is not None else None)

    return resolve


def filter_nodes(
    request: SearchRequest, exact: ExactName, names: NameMap | None = None
) -> list[ast.Node]:
    """The request's filters as AST nodes (they restrict what matches and never score).

    A name of an entity the archive knows (``names``: registry and curation) matches any of
    its stored names (``--person Reagan`` = ``--person "Ronald Reagan"`` when they are one); a
    stored value filters exactly; any other text matches parts of names (``--person putin``
    finds *Vladimir Putin*), and a country its canonical name. ``exact`` answers for the
    index; :func:`name_resolver` is the one rule, which ``people:Reagan`` in the query text
    follows too.
    """
    resolve = name_resolver(exact, names)
    nodes: list[ast.Node] = []
    for field_name, flag in (("people", "--person"), ("organizations", "--org")):
        for name in getattr(request, field_name):
            nodes.append(resolve(field_name, name) or _name_filter(field_name, name, flag))
    if request.countries:  # imported only then: it loads the entity extraction's modules
        from ..entities.places import canonical_country

    for country in request.countries:
        value = canonical_country(country) or country
        nodes.append(resolve("countries", country) or ast.Term("countries", value))
    for source in request.sources:
        nodes.append(ast.Term("source", source.lower()))
    for section in request.sections:
        nodes.append(ast.Term("section", section.lower()))
    if not request.all_copies:
        nodes.append(ORIGINALS)
    if request.since or request.until:
        first, last = day_range(request.since, request.until)
        nodes.append(ast.DateRange("date", first, last))
    return nodes


def _entity_filter(
    names: NameMap | None, field_name: str, name: str, stored: str | None
) -> ast.Node | None:
    """Any stored value of the entity ``name`` is (None: the map knows no such entity)."""
    if names is None:
        return None
    key = names.find(field_name, name, stored)
    if key is None:
        return None
    terms = [ast.Term(f, v) for f, v in names.values_of(key)]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else ast.Or(tuple(terms))


def _name_filter(field_name: str, name: str, flag: str) -> ast.Node:
    words = name_terms(name)
    if not words:
        raise UsageError(f"{flag} {name!r} has no name in it")
    target = BY_NAME[field_name].words_field
    return ast.Term(target, words[0]) if len(words) == 1 else ast.Phrase(target, tuple(words))
