"""The article page and what helps read it: arriving from a search (its state in the URL, and
``hit=N``, the article's rank there), the query's words are marked in the whole text, and the
page links back to the same results page and to the previous and next hits."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from ..errors import QueryError, UsageError
from ..query import parse_query
from ..snippets import mark_all, segments_html
from .state import MAX_PAGE, SearchState, _int, article_url, paragraphs

if TYPE_CHECKING:
    from threading import Lock

    from flask import Flask

    from ..search import NewsIndex

SIMILAR = 6
MAX_RANK = 100_000


def hit_url(state: SearchState | None, article_id: str, rank: int) -> str:
    """An article's URL from a results page: the search's state and its rank ride along."""
    if state is None or not (state.q or state.filtered):
        return article_url(article_id)
    pairs = [(k, v) for k, v in state.params() if k != "page"] + [("hit", str(rank))]
    return article_url(article_id) + "?" + urlencode(pairs)


@dataclass(frozen=True)
class Reading:
    """Where an article was reached from: the search and the article's rank in it."""

    state: SearchState
    rank: int
    back: str  # the results page holding this hit
    prev: tuple[str, str] | None = None  # (url, title) of the hit ranked just above
    next: tuple[str, str] | None = None


def marked(text: str, state: SearchState | None) -> list[str]:
    """The paragraphs of ``text`` as HTML, the words of ``state``'s query marked."""
    parsed = None
    if state is not None and state.q:
        try:
            parsed = parse_query(state.q, strict=False)
        except QueryError:
            parsed = None
    out = []
    for para in paragraphs(text):
        if parsed is None:
            out.append(segments_html([(para, False)]))
            continue
        segments = mark_all(
            para,
            parsed.highlight_terms,
            phrases=parsed.phrases,
            patterns=parsed.highlight_patterns,
        )
        out.append(segments_html(segments))
    return out


def add_article_routes(app: Flask, ix: NewsIndex, lock: Lock) -> None:
    from flask import render_template, request

    def neighbour(state: SearchState, rank: int) -> tuple[str, str] | None:
        if rank < 1 or rank > MAX_PAGE * state.limit:
            return None
        one = replace(state.request, page=rank, limit=1, facets=False, timeline=False)
        with lock:
            hits = ix.run(one).hits
        return (hit_url(state, hits[0].id, rank), hits[0].title or hits[0].id) if hits else None

    def reading() -> Reading | None:
        if "hit" not in request.args:
            return None
        state = SearchState.from_args(request.args)
        if not (state.q or state.filtered):
            return None
        rank = _int(request.args, "hit", 1, MAX_RANK)
        page = min((rank - 1) // state.limit + 1, MAX_PAGE)
        return Reading(
            state=state,
            rank=rank,
            back=state.url(page=page) + f"#hit-{rank}",
            prev=neighbour(state, rank - 1),
            next=neighbour(state, rank + 1),
        )

    @app.get("/article/<id:article_id>")
    def article_page(article_id: str) -> Any:
        with lock:
            article = ix.get(article_id)
            similar = ix.similar(article_id, limit=SIMILAR)
        try:
            came = reading()
        except UsageError:  # a mangled search in the URL: the article all the same
            came = None
        state = came.state if came else None
        return render_template(
            "article.html",
            article=article,
            similar=similar,
            state=state,
            reading=came,
            title_html="".join(marked(article.title or article.id, state)),
            body_html=marked(article.body, state),
        )
