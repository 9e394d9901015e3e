"""The search page: ``newsearch serve``, a small Flask app over :class:`NewsIndex`.

Server-side rendered HTML (Jinja2, autoescaped) plus a JSON API with the ``--json`` shapes:

    /?q=...&person=...&country=...&source=...&since=...&until=...&sort=...&page=...&limit=...
    /article/ID                 the whole article (ID URL-encoded: ids hold ``/`` and ``#``)
    /api/search?q=...           the same options; ``facets=0`` / ``timeline=0`` leave those out
    /api/article/ID, /api/similar/ID, /api/info
    POST /api/curation          {"action": "merge", "field": "people", "name": ..., "target": ...}
    /export?q=...&format=jsonl|csv&fields=id,title   every match, streamed (a download)

The URL parameters are those of :class:`~newsearch.query.SearchRequest` (see :mod:`.state`).
The index is opened once per process and only searched; the one write is a curation (a JSON
POST, which a page of another site cannot send without the browser asking first), kept in the
index's curation (``curation.txt``, or the cluster's meta index). Flask is imported lazily so
the rest of the command line works without the ``serve`` extra.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import click

from ..errors import ArticleNotFoundError, NewsearchError, UsageError
from ..query import SORTS, SearchRequest
from .entities import add_entity_routes
from .hosts import LOCAL_HOSTS, host_allowed
from .reading import add_article_routes, hit_url
from .state import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_PAGE,
    MAX_QUERY,
    SearchState,
    _int,
    article_url,
    axis_ticks,
    entity_url,
    flag,
    name_fields,
    page_numbers,
    paragraphs,
    safe_link,
)

if TYPE_CHECKING:
    from flask import Flask, Response

    from ..models import Article
    from ..search import NewsIndex

EXPORT_BATCH = 500  # articles read from the index per hold of its lock
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def create_app(
    index_dir: str = "index",
    *,
    index: NewsIndex | None = None,
    host: str = "127.0.0.1",
    port: int | None = None,
) -> Flask:
    """The Flask app over the index in ``index_dir`` (opened once, here, and only read), served
    on ``host``:``port``: requests naming another host are refused (see :mod:`.hosts`).
    ``port`` None accepts any port; :func:`serve` sets ``NEWSEARCH_PORT`` once it listens."""
    from flask import Flask, jsonify, render_template, request
    from werkzeug.exceptions import HTTPException
    from werkzeug.routing import PathConverter

    class IdConverter(PathConverter):
        """Any text, slashes included, even a leading one (ids can be absolute paths)."""

        regex = ".+"
        part_isolating = False

    from ..search import open_index

    ix = index if index is not None else open_index(index_dir)
    lock = threading.Lock()  # one index call at a time: Whoosh readers share file handles
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config["NEWSEARCH_INDEX"] = ix
    app.config["NEWSEARCH_HOST"] = host
    app.config["NEWSEARCH_PORT"] = port
    app.url_map.merge_slashes = False  # article ids may hold "//" or start with "/"
    app.url_map.converters["id"] = IdConverter
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.jinja_env.globals.update(
        article_url=article_url,
        axis_ticks=axis_ticks,
        entity_url=entity_url,
        hit_url=hit_url,
        name_fields=name_fields,
        safe_link=safe_link,
        page_numbers=page_numbers,
        paragraphs=paragraphs,
        SORTS=SORTS,
        MAX_PAGE=MAX_PAGE,
    )

    def run_search(state: SearchState, facets: bool, timeline: bool) -> Any:
        with lock:
            return ix.run(replace(state.request, facets=facets, timeline=timeline))

    @app.before_request
    def check_host() -> Any:
        """DNS rebinding: a Host that is not the address served gets one line and a 400."""
        header = request.headers.get("Host")
        if host_allowed(header, app.config["NEWSEARCH_HOST"], app.config["NEWSEARCH_PORT"]):
            return None
        message = "Bad Host header: this server answers only for the address it serves\n"
        return app.response_class(message, status=400, mimetype="text/plain")

    def overview() -> dict[str, Any]:
        """The whole archive, for the home page: the empty query's counts, facets and timeline,
        and its first and last dates (the first hit oldest and newest first)."""
        with lock:
            every = ix.search("", facets=True, timeline=True, limit=1)
            oldest = ix.search("", sort="oldest", limit=1)
        dates = [r.hits[0].date if r.hits else None for r in (oldest, every)]
        dated = sum(b.count for b in every.timeline)
        return {
            "articles": every.total,
            "overview": every,
            "first": (dates[0] or "")[:10],
            "last": (dates[1] or "")[:10],
            "undated": every.total - dated,
        }

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
                state = SearchState(SearchRequest((request.args.get("q") or "")[:MAX_QUERY]))
        html = render_template("error.html", title=title, message=str(message), state=state)
        return html, status

    @app.get("/")
    def search_page() -> Any:
        state = SearchState.from_args(request.args)
        if not state.q and not state.filtered:
            return render_template("search.html", state=state, results=None, **overview())
        results = run_search(state, facets=True, timeline=True)
        return render_template("search.html", state=state, results=results)

    @app.get("/export")
    def export() -> Any:
        """Every match of the search in the URL, streamed as JSON Lines or CSV (``format``)
        with the columns of ``fields`` (comma-separated; default all)."""
        from ..export import MEDIA_TYPES, check_format, export_lines, parse_fields

        state = SearchState.from_args(request.args)
        fmt = check_format((request.args.get("format") or "jsonl").strip())
        columns = parse_fields(request.args.get("fields"))
        with lock:
            articles = ix.export(state.request)
            first = list(itertools.islice(articles, EXPORT_BATCH))  # errors: before the headers

        def stream() -> Iterator[Article]:
            batch = first
            while batch:
                yield from batch
                with lock:  # the index is read a batch at a time, between other requests
                    batch = list(itertools.islice(articles, EXPORT_BATCH))

        lines = export_lines(stream(), fmt, columns)
        body = ("".join(chunk) for chunk in iter(lambda: list(itertools.islice(lines, 500)), []))
        headers = {"Content-Disposition": f'attachment; filename="newsearch-export.{fmt}"'}
        return app.response_class(body, mimetype=MEDIA_TYPES[fmt], headers=headers)

    @app.get("/api/search")
    def api_search() -> Any:
        state = SearchState.from_args(request.args)
        facets = flag(request.args, "facets", True)
        timeline = flag(request.args, "timeline", True)
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

    @app.post("/api/curation")
    def api_curation() -> Any:
        data = request.get_json(silent=True) if request.is_json else None
        if not isinstance(data, dict):
            raise UsageError('send JSON: {"action", "field", "name", "target"}')
        values = {k: data.get(k, d) for k, d in (("action", ""), ("field", "people"))}
        name, target = data.get("name", ""), data.get("target", "")
        if not all(isinstance(v, str) for v in (*values.values(), name, target)):
            raise UsageError("action, field, name and target are text")
        with lock:
            line = ix.curate(values["action"], values["field"], name, target)
        return jsonify({"added": line, "url": _after_curation(values, name, target)})

    add_entity_routes(app, ix, lock)
    add_article_routes(app, ix, lock)

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

    app = create_app(index_dir, host=host)
    app.config["NEWSEARCH_INDEX"].search("news", facets=True, timeline=True)  # warm up caches
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as exc:
        raise NewsearchError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    app.config["NEWSEARCH_PORT"] = server.server_port
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


def _after_curation(values: dict[str, Any], name: str, target: str) -> str:
    """The page that shows the entity after a curation (home when it was ignored)."""
    from ..names.curation import name_field

    action, field = values["action"], name_field(values["field"])
    if action == "move":
        return entity_url(name_field(target), " ".join(name.split()))
    if action in ("merge", "rename"):
        return entity_url(field, " ".join(target.split()))
    return "/"
