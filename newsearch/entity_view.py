"""A page about one person, country or organisation: what the archive says about a name.

:func:`entity_view` asks the backend (through the seam only: :class:`Plan` with a filter node
on the name field, facets and a timeline) for the articles that mention the name, when they
were written, who and what appears most often with it, and the latest and most relevant of
them. It is generic over the name fields of the field table (:data:`newsearch.fields.
NAME_FIELDS`): a new name field gets its pages, API and CLI kind by itself; :data:`ROUTES`
only says how a field's pages are spelled in URLs (``/person/...``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from .backend.base import Plan, Reader, Scored
from .errors import EntityNotFoundError, QueryError, UsageError
from .fields import BY_NAME, NAME_FIELDS
from .models import FacetCount, Hit, TimelineBucket
from .query import ParsedQuery, ast, parse_query
from .query.request import NameMap

#: Name field -> the word its pages, API and ``--kind`` use. A name field missing here is
#: spelled by its last query alias (``Field.aliases``).
ROUTES = {"people": "person", "countries": "country", "organizations": "org"}
#: Co-occurring names shown per field, and articles per list.
RELATED = 12
ARTICLES = 8


def kinds() -> dict[str, str]:
    """Kind (``person``) -> name field (``people``), for every name field of the table."""
    return {ROUTES.get(name, BY_NAME[name].aliases[-1]): name for name in NAME_FIELDS}


def kind_of(field_name: str) -> str:
    return {f: k for k, f in kinds().items()}[field_name]


def field_of_kind(kind: str) -> str:
    """The name field of ``kind`` (UsageError naming the kinds there are)."""
    known = kinds()
    if kind not in known:
        raise UsageError(f"unknown kind {kind!r}: use one of {', '.join(known)}")
    return known[kind]


@dataclass(frozen=True)
class EntityView:
    """One name's page: the articles mentioning ``name`` (the index's canonical spelling) in
    name field ``field``, counted, over time, the names met with it, latest and best."""

    kind: str
    field: str
    name: str
    total: int
    timeline: list[TimelineBucket]
    #: name field -> the names most often in the same articles (this one left out), counted
    related: dict[str, list[FacetCount]]
    latest: list[Hit]
    relevant: list[Hit]
    #: The other stored names of this entity (the archive's registry and the curation).
    aliases: list[str] = dataclasses.field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["related"] = {
            name: [{"value": f.value, "count": f.count} for f in counts]
            for name, counts in self.related.items()
        }
        return data


def resolve(reader: Reader, field_name: str, name: str) -> str | None:
    """The canonical value the index holds for ``name`` in ``field_name``, or None (the
    registry and curation, :class:`newsearch.names.NameMap`, are applied after it)."""
    found = reader.exact_value(field_name, name.strip())
    if found is None and field_name == "countries":
        from .entities.places import canonical_country

        country = canonical_country(name)
        found = reader.exact_value(field_name, country) if country else None
    return found


def find_kind(reader: Reader, name: str) -> str | None:
    """The first kind (in field table order) whose field holds ``name``."""
    for kind, field_name in kinds().items():
        if resolve(reader, field_name, name) is not None:
            return kind
    return None


ToHit = Callable[[Scored, ParsedQuery], Hit]


def entity_view(
    reader: Reader,
    kind: str,
    name: str,
    to_hit: ToHit,
    *,
    names: NameMap | None = None,
    related: int = RELATED,
    articles: int = ARTICLES,
) -> EntityView:
    """The page of ``name`` as a ``kind`` (EntityNotFoundError when no article names it)."""
    field_name = field_of_kind(kind)
    if not isinstance(name, str) or not name.strip():
        raise UsageError("an entity name is needed")
    canonical = resolve(reader, field_name, name)
    key = names.find(field_name, name.strip(), canonical) if names is not None else None
    values: list[tuple[str, str]] = []
    if key is not None and names is not None:  # the archive's entity: all its stored names
        values = names.values_of(key)
        field_name, canonical = key
        kind = kind_of(field_name)
    elif canonical is not None:
        values = [(field_name, canonical)]
    if not values or canonical is None:
        raise EntityNotFoundError(f"no article mentions the {kind} {name.strip()!r}")
    terms = tuple(ast.Term(f, v) for f, v in values)
    only = (terms[0] if len(terms) == 1 else ast.Or(terms),)
    every = ast.Every()
    latest = reader.search(
        Plan(
            every,
            filters=only,
            sort="newest",
            limit=articles,
            facets=NAME_FIELDS,
            facet_size=related + 1,
            timeline=True,
            facet_groups=names.groups() if names is not None else (),
        )
    )
    words = _words_query(canonical)
    relevant = latest.hits
    if words is not None:
        plan = Plan(words.query, words.all_words, words.any_words, filters=only, limit=articles)
        relevant = reader.search(plan).hits
    facets = latest.facets
    if names is not None:
        facets = names.facets(facets, related + 1, latest.total, latest.group_counts)
    shown = {
        f: [c for c in counts if not (f == field_name and c.value == canonical)][:related]
        for f, counts in facets.items()
    }
    marks = words or _NOTHING
    return EntityView(
        kind=kind,
        field=field_name,
        name=canonical,
        total=latest.total,
        timeline=latest.timeline,
        related={f: counts for f, counts in shown.items() if counts},
        latest=[to_hit(s, marks) for s in latest.hits],
        relevant=[to_hit(s, marks) for s in relevant],
        aliases=[v for f, v in values if (f, v) != (field_name, canonical)],
    )


_NOTHING = ParsedQuery("", ast.Every(), None, None, frozenset(), (), (), (), ())


def _words_query(name: str) -> ParsedQuery | None:
    """The name's words as plain words of title and body (lower case: never an operator), so
    articles that say the name most, and in the headline, rank first."""
    text = re.sub(r"[^\w\s]", " ", name).lower()
    try:
        return parse_query(text, strict=False)
    except QueryError:  # only stopwords ("The Who"): rank by date instead
        return None
