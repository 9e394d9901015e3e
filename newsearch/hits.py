"""Results from what a backend returns: a :class:`~newsearch.backend.base.Doc` becomes an
:class:`~newsearch.models.Article` or a :class:`~newsearch.models.Hit` (its snippet marking what
the query matched, its names those of the archive's entities, its score explained on request).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TypedDict

from .backend.base import Doc, Page, ScorePart
from .models import Article, Hit, iso_date
from .names import NameMap
from .query import ParsedQuery, SearchRequest


def shown_names(doc: Doc, names: NameMap) -> _Names:
    """The entities' names of a stored article, by field (registry and curation applied)."""
    stored = {
        "people": doc.people,
        "countries": doc.countries,
        "organizations": doc.organizations,
        "mentions": doc.mentions,
    }
    shown = names.shown(stored)
    return _Names(
        people=shown.get("people", []),
        countries=shown.get("countries", []),
        organizations=shown.get("organizations", []),
    )


class _Names(TypedDict):
    people: list[str]
    countries: list[str]
    organizations: list[str]


def article_of(doc: Doc, names: NameMap, copies: dict[str, list[str]] | None = None) -> Article:
    """The whole article of ``doc``; ``copies``: id -> the ids of its copies."""
    return Article(
        id=doc.id,
        title=doc.title,
        body=doc.body,
        path=doc.path,
        date=iso_date(doc.date),
        source=doc.source,
        url=doc.url,
        author=doc.author,
        **shown_names(doc, names),
        section=doc.section,
        copy_of=doc.copy_of,
        copies=(copies or {}).get(doc.id, []),
    )


def undated_of(page: Page) -> int:
    """The undated articles among what a page with a timeline counts."""
    return page.total - sum(bucket.count for bucket in page.timeline)


def hit_of(
    doc: Doc,
    score: float,
    parsed: ParsedQuery,
    names: NameMap,
    parts: tuple[ScorePart, ...] | None = None,
    copies: dict[str, list[str]] | None = None,
) -> Hit:
    """A hit of ``doc``, its snippet marking what ``parsed`` matches (and, when ``parts`` are
    given, the explanation of its score); ``copies``: id -> the ids of its copies."""
    from .snippets import make_snippet, render_html

    # A record with a title and no body shows its title as the snippet, never nothing.
    snippet = make_snippet(
        doc.body if doc.body.strip() else doc.title,
        parsed.highlight_terms,
        phrases=parsed.phrases,
        patterns=parsed.highlight_patterns,
    )
    return Hit(
        id=doc.id,
        title=doc.title,
        path=doc.path,
        date=iso_date(doc.date),
        source=doc.source,
        url=doc.url,
        score=round(score, 4),
        snippet=render_html(snippet),
        **shown_names(doc, names),
        explain=None if parts is None else [asdict(p) for p in parts],
        section=doc.section,
        copy_of=doc.copy_of,
        copies=(copies or {}).get(doc.id, []),
    )


def story_of(doc: Doc) -> str:
    """The story an article tells: its own id, or that of the original it is a copy of."""
    return doc.copy_of or doc.id


def copy_key(doc: Doc) -> str:
    """The same title and body (an exact resend, too short for the copy sketches)."""
    return "\0".join((doc.title.casefold(), " ".join(doc.body.split())))


def marking_filters(parsed: ParsedQuery, request: SearchRequest) -> ParsedQuery:
    """``parsed`` (no words) marking the names of the person and country filters, so that a
    filter-only search shows, per hit, a sentence that mentions them."""
    from dataclasses import replace

    from .analysis import index_terms

    terms: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    for name in (*request.people, *request.countries):
        words = index_terms(name)
        if len(words) == 1:
            terms.update(words)
        elif words:
            phrases.append(tuple(words))
            terms.add(words[-1])  # a surname alone also mentions the person
    return replace(parsed, highlight_terms=frozenset(terms), phrases=tuple(phrases))
