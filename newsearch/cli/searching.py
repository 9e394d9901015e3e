"""Reading the index: ``query``, ``show``, ``similar``, ``info``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..query.request import MAX_FACET_SIZE, MAX_LIMIT, SORTS, options
from .app import F, echo, index_option, json_option, stdout_color


def request_options(func: F) -> F:
    """The options of a search, one per field of :class:`~newsearch.query.SearchRequest`
    (the query text itself is the command's argument)."""
    return some_request_options()(func)


def some_request_options(skip: tuple[str, ...] = ()) -> Callable[[F], F]:
    """:func:`request_options` without the fields named in ``skip``."""
    types: dict[str, Any] = {
        "limit": click.IntRange(1, MAX_LIMIT),
        "page": click.IntRange(min=1),
        "sort": click.Choice(SORTS),
        "facet_size": click.IntRange(1, MAX_FACET_SIZE),
    }
    short = {"limit": ["-n"]}

    def decorate(func: F) -> F:
        for name, option, default in reversed(options()):
            if not option.flag or name in skip:
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

    return decorate


@click.command("query")
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
        echo(to_json(results.to_dict()))
    else:
        echo(results_text(results, color=stdout_color(), show_facets=search.facets))


@click.command("show")
@click.argument("article_id")
@index_option
@json_option
def show_cmd(article_id: str, index_dir: str, as_json: bool) -> None:
    """Print a whole article with its people and countries."""
    from ..search import open_index
    from .render import article_text, to_json

    with open_index(index_dir) as ix:
        article = ix.get(article_id)
    echo(to_json(article.to_dict()) if as_json else article_text(article, color=stdout_color()))


@click.command("similar")
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
        echo(to_json(results.to_dict()))
    else:
        echo(results_text(results, color=stdout_color()))


@click.command("info")
@index_option
@json_option
def info_cmd(index_dir: str, as_json: bool) -> None:
    """Articles, size, last update and schema version of the index."""
    from ..search import open_index
    from .render import info_text, to_json

    with open_index(index_dir) as ix:
        info = ix.info()
    echo(to_json(info) if as_json else info_text(info))


COMMANDS = [query_cmd, show_cmd, similar_cmd, info_cmd]
