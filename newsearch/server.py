"""The search page: ``newsearch serve``, a small Flask app over :class:`NewsIndex`.

Server-side rendered HTML (Jinja2, autoescaped) plus a JSON API with the ``--json`` shapes:

    /?q=...&person=...&country=...&source=...&since=...&until=...&sort=...&page=...&limit=...
    /article/ID                 the whole article (ID URL-encoded: ids hold ``/`` and ``#``)
    /api/search?q=...           the same options; ``facets=0`` / ``timeline=0`` leave those out
    /api/article/ID, /api/similar/ID, /api/info

Read-only: the index is opened once per process and only searched. Flask is imported lazily so
the rest of the command line works without the ``serve`` extra.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

import click

from .errors import ArticleNotFoundError, NewsearchError, UsageError
from .models import SORTS

if TYPE_CHECKING:
    from flask import Flask, Response

    from .search import NewsIndex

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
MAX_PAGE = 1000
MAX_QUERY = 2000
SIMILAR = 6
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def article_url(article_id: str) -> str:
    return "/article/" + quote(article_id, safe="")


def _int(args: Any, name: str, default: int, cap: int) -> int:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise UsageError(f"{name} must be a whole number, not {raw!r}") from None
    return max(1, min(value, cap))


def _day(args: Any, name: str) -> str:
    """The ``since``/``until`` parameter, checked now so a bad one is a 400 before searching."""
    from .search import parse_day

    raw = (args.get(name) or "").strip()
    parse_day(raw, name)
    return raw


def _list(args: Any, name: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in args.getlist(name):
        if value.strip():
            seen.setdefault(value.strip(), None)
    return tuple(seen)


def _flag(args: Any, name: str, default: bool) -> bool:
    raw = (args.get(name) or "").strip().lower()
    return default if not raw else raw not in ("0", "false", "no", "off")


@dataclass(frozen=True)
class SearchState:
    """Everything a search page shows, as read from (and written back to) its URL."""

    q: str = ""
    page: int = 1
    limit: int = DEFAULT_LIMIT
    people: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    since: str = ""
    until: str = ""
    sort: str = "relevance"
    lenient: bool = False

    @classmethod
    def from_args(cls, args: Any) -> SearchState:
        q = (args.get("q") or "").strip()
        if len(q) > MAX_QUERY:
            raise UsageError(f"the query is too long (more than {MAX_QUERY} characters)")
        sort = (args.get("sort") or "relevance").strip()
        if sort not in SORTS:
            raise UsageError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
        return cls(
            q=q,
            page=_int(args, "page", 1, MAX_PAGE),
            limit=_int(args, "limit", DEFAULT_LIMIT, MAX_LIMIT),
            people=_list(args, "person"),
            countries=_list(args, "country"),
            sources=_list(args, "source"),
            since=_day(args, "since"),
            until=_day(args, "until"),
            sort=sort,
            lenient=_flag(args, "lenient", False),
        )

    @property
    def filtered(self) -> bool:
        return bool(self.people or self.countries or self.sources or self.since or self.until)

    def search_kwargs(self) -> dict[str, Any]:
        return {
            "limit": self.limit,
            "page": self.page,
            "people": self.people,
            "countries": self.countries,
            "sources": self.sources,
            "since": self.since or None,
            "until": self.until or None,
            "sort": self.sort,
            "strict": not self.lenient,
        }

    def params(self) -> list[tuple[str, str]]:
        pairs = [("q", self.q)]
        pairs += [("person", v) for v in self.people]
        pairs += [("country", v) for v in self.countries]
        pairs += [("source", v) for v in self.sources]
        pairs += [("since", self.since), ("until", self.until)]
        if self.sort != "relevance":
            pairs.append(("sort", self.sort))
        if self.limit != DEFAULT_LIMIT:
            pairs.append(("limit", str(self.limit)))
        if self.lenient:
            pairs.append(("lenient", "1"))
        if self.page != 1:
            pairs.append(("page", str(self.page)))
        return [(k, v) for k, v in pairs if v]

    def url(self, **changes: Any) -> str:
        """This search's URL with ``changes``; any change but ``page`` goes back to page 1."""
        if "page" not in changes:
            changes["page"] = 1
        query = urlencode(replace(self, **changes).params())
        return "/?" + query if query else "/"

    def add(self, field: str, value: str) -> str:
        values = getattr(self, field)
        return self.url(**{field: values if value in values else (*values, value)})

    def remove(self, field: str, value: str) -> str:
        return self.url(**{field: tuple(v for v in getattr(self, field) if v != value)})


def field_search_url(field: str, value: str) -> str:
    """A search for articles naming this person or country: ``/?q=people:"Vladimir Putin"``."""
    return SearchState(q=f'{field}:"{value.replace(chr(34), " ")}"').url()


def paragraphs(body: str) -> list[str]:
    """Body text as paragraphs: split at blank lines or indented lines, hard wraps joined."""
    parts = re.split(r"\n\s*\n|\n(?=[ \t]+\S)", body.strip())
    return [
        " ".join(line.strip() for line in part.splitlines()).strip()
        for part in parts
        if part.strip()
    ]


def page_numbers(page: int, pages: int) -> list[int | None]:
    """Page links around ``page`` with the first and last; None marks a gap."""
    pages = min(pages, MAX_PAGE)
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    out: list[int | None] = []
    for number in shown:
        if out and number - (out[-1] or 0) > 1:
            out.append(None)
        out.append(number)
    return out


def safe_link(url: str) -> str | None:
    """An article's own URL only when it is http(s): never a ``javascript:`` link."""
    return url if re.match(r"https?://", url or "", re.IGNORECASE) else None


def create_app(index_dir: str = "index", *, index: NewsIndex | None = None) -> Flask:
    """The Flask app over the index in ``index_dir`` (opened once, here, and only read)."""
    from flask import Flask, jsonify, render_template, request
    from werkzeug.exceptions import HTTPException
    from werkzeug.routing import PathConverter

    class IdConverter(PathConverter):
        """Any text, slashes included, even a leading one (ids can be absolute paths)."""

        regex = ".+"
        part_isolating = False

    from .search import open_index

    ix = index if index is not None else open_index(index_dir)
    lock = threading.Lock()  # one index call at a time: Whoosh readers share file handles
    app = Flask(__name__, static_folder="web/static", template_folder="web/templates")
    app.config["NEWSEARCH_INDEX"] = ix
    app.url_map.merge_slashes = False  # article ids may hold "//" or start with "/"
    app.url_map.converters["id"] = IdConverter
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.jinja_env.globals.update(
        article_url=article_url,
        field_search_url=field_search_url,
        safe_link=safe_link,
        page_numbers=page_numbers,
        paragraphs=paragraphs,
        SORTS=SORTS,
        MAX_PAGE=MAX_PAGE,
    )

    def run_search(state: SearchState, facets: bool, timeline: bool) -> Any:
        with lock:
            return ix.search(state.q, facets=facets, timeline=timeline, **state.search_kwargs())

    @app.after_request
    def headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.errorhandler(NewsearchError)
    def newsearch_error(exc: NewsearchError) -> Any:
        """Bad queries and options are 400, unknown articles 404: JSON under /api/, else a page."""
        status = 404 if isinstance(exc, ArticleNotFoundError) else 400
        status = status if isinstance(exc, (UsageError, ArticleNotFoundError)) else 500
        return error_response(status, "Not found" if status == 404 else "Cannot search that", exc)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        return error_response(exc.code or 500, exc.name, exc.description)

    def error_response(status: int, title: str, message: object) -> Any:
        if request.path.startswith("/api/"):
            return jsonify({"error": str(message), "status": status}), status
        state = None
        if request.path == "/":  # echo the search in the box (escaped, like everything else)
            try:
                state = SearchState.from_args(request.args)
            except UsageError:
                state = SearchState(q=(request.args.get("q") or "")[:MAX_QUERY])
        html = render_template("error.html", title=title, message=str(message), state=state)
        return html, status

    @app.get("/")
    def search_page() -> Any:
        state = SearchState.from_args(request.args)
        if not state.q and not state.filtered:
            with lock:
                count = len(ix)
            return render_template("search.html", state=state, results=None, articles=count)
        results = run_search(state, facets=True, timeline=True)
        return render_template("search.html", state=state, results=results)

    @app.get("/article/<id:article_id>")
    def article_page(article_id: str) -> Any:
        with lock:
            article = ix.get(article_id)
            similar = ix.similar(article_id, limit=SIMILAR)
        return render_template("article.html", article=article, similar=similar, state=None)

    @app.get("/api/search")
    def api_search() -> Any:
        state = SearchState.from_args(request.args)
        facets = _flag(request.args, "facets", True)
        timeline = _flag(request.args, "timeline", True)
        return jsonify(run_search(state, facets=facets, timeline=timeline).to_dict())

    @app.get("/api/article/<id:article_id>")
    def api_article(article_id: str) -> Any:
        with lock:
            return jsonify(ix.get(article_id).to_dict())

    @app.get("/api/similar/<id:article_id>")
    def api_similar(article_id: str) -> Any:
        limit = _int(request.args, "limit", DEFAULT_LIMIT, MAX_LIMIT)
        with lock:
            return jsonify(ix.similar(article_id, limit=limit).to_dict())

    @app.get("/api/info")
    def api_info() -> Any:
        with lock:
            return jsonify(ix.info())

    return app


def serve(index_dir: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the search page over the index at ``index_dir`` until Ctrl-C (``newsearch serve``)."""
    try:
        import flask  # noqa: F401
    except ImportError:
        raise NewsearchError(
            "newsearch serve needs Flask: pip install 'newsearch[serve]'"
        ) from None
    from werkzeug.serving import make_server

    app = create_app(index_dir)
    app.config["NEWSEARCH_INDEX"].search("news", facets=True, timeline=True)  # warm up caches
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as exc:
        raise NewsearchError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"Serving newsearch on http://{shown}:{server.server_port}/ (Ctrl-C to stop)", err=True
    )
    if host not in LOCAL_HOSTS:
        click.echo(f"warning: listening on {host}: others on the network can search it", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
