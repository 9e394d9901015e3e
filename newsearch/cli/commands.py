"""The ``newsearch`` command: a thin click layer over the Python API.

Data goes to stdout (``--json`` on every command that prints data), progress and diagnostics
to stderr. Errors are one line on stderr, no traceback; exit codes: 0 ok (zero hits included),
1 runtime error, 2 usage or query error; SIGINT and SIGTERM stop a command with one line
(exit 130, 143).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..errors import NewsearchError
from ..evaluate import DEPTH
from ..query.request import MAX_FACET_SIZE, MAX_LIMIT, SORTS, options

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_INDEX = "index"


def index_option(func: F) -> F:
    return click.option(
        "--index",
        "index_dir",
        envvar="NEWSEARCH_INDEX",
        default=DEFAULT_INDEX,
        show_default=True,
        metavar="DIR",
        help="Index folder (or set NEWSEARCH_INDEX).",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(func)


def _stdout_color() -> bool:
    from ..snippets import use_color

    return use_color(sys.stdout)


def _echo(text: str) -> None:
    click.echo(text)


def _err(text: str) -> None:
    """A diagnostic line on stderr; a closed stderr (``2>&1 | head -1``) never stops the work."""
    with contextlib.suppress(OSError):  # BrokenPipeError too: the reader is gone, the run goes on
        click.echo(text, err=True)


class NewsearchGroup(click.Group):
    """Maps our exceptions to one line on stderr and the right exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsearchError as exc:
            _err(f"newsearch: error: {exc}")
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt as exc:
            signum = getattr(exc, "signum", signal.SIGINT)
            _err("newsearch: " + ("interrupted" if signum == signal.SIGINT else "terminated"))
            ctx.exit(128 + signum)


@click.group(cls=NewsearchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsearch")
def cli() -> None:
    """Search engine for news archives: index a folder of articles, then search it.

    \b
      newsearch index corpus/          build or update the index (default ./index)
      newsearch query "drones Iran"    ranked hits with highlighted snippets
    """


class _Progress:
    """A one-line progress display on stderr, shown only for runs longer than a second."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = False
        self.enabled = sys.stderr.isatty()

    def __call__(self, files_done: int, files_total: int, articles: int) -> None:
        if not self.enabled or time.monotonic() - self.started < 1.0:
            return
        width = 30
        filled = int(width * files_done / max(files_total, 1))
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {files_done}/{files_total} files, {articles} articles")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


@cli.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@index_option
@click.option("--rebuild", is_flag=True, help="Start from scratch instead of updating.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Leave matching files out.")
@click.option("--strict", is_flag=True, help="Stop at the first bad file instead of skipping it.")
@click.option(
    "--max-file-size",
    default=100,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="MB",
    help="Skip files larger than this (a .jsonl is limited per record, 1 MB).",
)
@click.option("--workers", type=click.IntRange(min=1), help="Processes for entity extraction.")
@json_option
def index_cmd(
    paths: tuple[str, ...],
    index_dir: str,
    rebuild: bool,
    exclude: tuple[str, ...],
    strict: bool,
    max_file_size: int,
    workers: int | None,
    as_json: bool,
) -> None:
    """Build or update the index from folders and files of articles.

    Reads .txt/.md (title on the first line), .json, .jsonl and .html files. Re-running
    reads only new and changed files and removes articles whose files are gone.
    """
    from ..index import index_corpus
    from .render import report_text, to_json

    progress = _Progress()

    def problem(message: str) -> None:
        progress.clear()
        _err(f"warning: {message}")

    report = index_corpus(
        *paths,
        index_dir=index_dir,
        rebuild=rebuild,
        exclude=exclude,
        strict=strict,
        max_file_size=max_file_size * 2**20,
        workers=workers,
        on_problem=problem,
        on_wait=_err,
        on_progress=progress,
    )
    progress.clear()
    if as_json:
        _echo(to_json(report.to_dict()))
    else:
        _echo(report_text(report))


def request_options(func: F) -> F:
    """The options of a search, one per field of :class:`~newsearch.query.SearchRequest`
    (the query text itself is the command's argument)."""
    types: dict[str, Any] = {
        "limit": click.IntRange(1, MAX_LIMIT),
        "page": click.IntRange(min=1),
        "sort": click.Choice(SORTS),
        "facet_size": click.IntRange(1, MAX_FACET_SIZE),
    }
    short = {"limit": ["-n"]}
    for name, option, default in reversed(options()):
        if not option.flag:
            continue
        decls = [*short.get(name, []), option.flag, name]
        kwargs: dict[str, Any] = {"help": option.help}
        if option.metavar:
            kwargs["metavar"] = option.metavar
        if option.many:
            kwargs["multiple"] = True
        elif isinstance(default, bool):
            kwargs.update(is_flag=True, flag_value=not default, default=default)
        elif default is not None:
            kwargs.update(default=default, show_default=True, type=types.get(name))
        func = click.option(*decls, **kwargs)(func)
    return func


@cli.command("query")
@click.argument("query")
@index_option
@request_options
@json_option
def query_cmd(query: str, index_dir: str, as_json: bool, **request: Any) -> None:
    """Search the index: ranked hits with highlighted snippets.

    \b
    Query language: words (all preferred), AND OR NOT -word ( ) "exact phrase"
    prefix* word~ and fields title: body: people: countries: source: date:
    (date:2022-07-01..2022-07-31, date:2022-07, date:1987..).
    """
    from ..query import SearchRequest
    from ..search import open_index
    from .render import results_text, to_json

    search = SearchRequest.make(query, **request)
    with open_index(index_dir) as ix:
        results = ix.run(search)
    if as_json:
        _echo(to_json(results.to_dict()))
    else:
        _echo(results_text(results, color=_stdout_color(), show_facets=search.facets))


@cli.command("show")
@click.argument("article_id")
@index_option
@json_option
def show_cmd(article_id: str, index_dir: str, as_json: bool) -> None:
    """Print a whole article with its people and countries."""
    from ..search import open_index
    from .render import article_text, to_json

    with open_index(index_dir) as ix:
        article = ix.get(article_id)
    _echo(to_json(article.to_dict()) if as_json else article_text(article, color=_stdout_color()))


@cli.command("similar")
@click.argument("article_id")
@index_option
@click.option("-n", "--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@json_option
def similar_cmd(article_id: str, index_dir: str, limit: int, as_json: bool) -> None:
    """Stories like the one with this id."""
    from ..search import open_index
    from .render import results_text, to_json

    with open_index(index_dir) as ix:
        results = ix.similar(article_id, limit=limit)
    if as_json:
        _echo(to_json(results.to_dict()))
    else:
        _echo(results_text(results, color=_stdout_color()))


@cli.command("info")
@index_option
@json_option
def info_cmd(index_dir: str, as_json: bool) -> None:
    """Articles, size, last update and schema version of the index."""
    from ..search import open_index
    from .render import info_text, to_json

    with open_index(index_dir) as ix:
        info = ix.info()
    _echo(to_json(info) if as_json else info_text(info))


@cli.command("entities")
@click.argument("source", type=click.File("r", encoding="utf-8", errors="replace"))
@json_option
def entities_cmd(source: Any, as_json: bool) -> None:
    """People and countries mentioned in a text file (- for stdin)."""
    from ..entities import extract_entities
    from .render import entities_text, to_json

    found = extract_entities(source.read())
    _echo(to_json(found.to_dict()) if as_json else entities_text(found))


@cli.command("eval")
@click.option("--queries", "queries_path", required=True, type=click.Path(dir_okay=False))
@click.option("--qrels", "qrels_path", required=True, type=click.Path(dir_okay=False))
@index_option
@click.option(
    "--depth",
    default=DEPTH,
    show_default=True,
    type=click.IntRange(1, 10000),
    help="Ranked articles per query.",
)
@json_option
def eval_cmd(queries_path: str, qrels_path: str, index_dir: str, depth: int, as_json: bool) -> None:
    """Rank quality on TREC queries (id<TAB>text) and qrels: MAP, nDCG@10, P@10, Recall@100."""
    from ..evaluate import make_run, measure, read_qrels, read_queries
    from ..search import open_index
    from .render import to_json

    queries, qrels = read_queries(queries_path), read_qrels(qrels_path)
    with open_index(index_dir) as ix:
        run = make_run(lambda text: ix.ranked_ids(text, limit=depth), queries)
    scores = measure(run, qrels)
    if as_json:
        _echo(to_json({"queries": len(queries), **scores}))
    else:
        _echo(f"{len(queries)} queries, {len(qrels)} judged")
        for name, value in scores.items():
            _echo(f"{name:<11} {value:.4f}")


@cli.command("serve")
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
def serve_cmd(index_dir: str, host: str, port: int) -> None:
    """A local search page (and JSON API) over the index, in your browser."""
    from ..web import serve

    serve(index_dir, host, port)


class Stopped(KeyboardInterrupt):
    """SIGINT or SIGTERM: the run unwinds (workers terminated, lock released) and says so."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, _frame: object) -> None:
    """The first SIGINT or SIGTERM stops the command; a second one ends it at once, silently."""
    for each in (signal.SIGINT, signal.SIGTERM):
        signal.signal(each, lambda n, _f: os._exit(128 + n))
    raise Stopped(signum)


def main() -> None:
    """Console-script entry point."""
    for each in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(each) is not signal.SIG_IGN:  # nohup and friends: keep ignoring
            signal.signal(each, _stop)
    if sys.argv[1:2] != ["eval"]:  # ir-measures needs scipy; no other command does
        from ..nltkdata import skip_unused_imports

        skip_unused_imports()
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    cli(prog_name="newsearch")
