"""``newsearch watch``: saved searches, and what came in since each was last shown."""

from __future__ import annotations

from typing import Any

import click

from .app import echo, index_option, json_option, stdout_color
from .searching import some_request_options

_NOT_SAVED = ("limit", "page", "facets", "timeline", "facet_size")


@click.group("watch")
def watch_group() -> None:
    """Saved searches: `index` says how many new articles each matches; `watch show` lists them.

    \b
      newsearch watch add opec "OPEC oil" --since 1987-01-01
      newsearch watch list
      newsearch watch show opec      what came in since `watch show opec` last ran
      newsearch watch remove opec
    """


@watch_group.command("add")
@click.argument("name")
@click.argument("query")
@index_option
@some_request_options(skip=_NOT_SAVED)
@json_option
def add_cmd(name: str, query: str, index_dir: str, as_json: bool, **request: Any) -> None:
    """Save a search as NAME; what it matches now counts as seen."""
    from ..query import SearchRequest
    from ..search import open_index
    from ..watch import Watches
    from .render import to_json

    with open_index(index_dir) as ix:
        watch = Watches(ix).add(name, SearchRequest.make(query, **request))
    if as_json:
        echo(to_json(watch.to_dict()))
    else:
        echo(f"watching {name!r}: {_matches(watch.total)} now; `newsearch watch show {name}` "
             "lists what comes in")  # fmt: skip


@watch_group.command("list")
@index_option
@json_option
def list_cmd(index_dir: str, as_json: bool) -> None:
    """Every saved search, with how many new articles it matches."""
    from ..search import open_index
    from ..watch import Watches
    from .render import to_json, watch_line

    with open_index(index_dir) as ix:
        watches = Watches(ix).list()
    if as_json:
        echo(to_json([w.to_dict() for w in watches]))
    elif not watches:
        echo("no saved searches (newsearch watch add NAME QUERY)")
    else:
        echo("\n".join(watch_line(w) for w in watches))


@watch_group.command("remove")
@click.argument("name")
@index_option
def remove_cmd(name: str, index_dir: str) -> None:
    """Forget the saved search NAME."""
    from ..search import open_index
    from ..watch import Watches

    with open_index(index_dir) as ix:
        Watches(ix).remove(name)
    echo(f"removed the watch {name!r}")


@watch_group.command("show")
@click.argument("name")
@index_option
@click.option("--peek", is_flag=True, help="Do not mark these as shown.")
@json_option
def show_cmd(name: str, index_dir: str, peek: bool, as_json: bool) -> None:
    """The articles NAME matches that came in since it was last shown (oldest first)."""
    from ..search import open_index
    from ..watch import Watches
    from .render import to_json, watch_news_text

    with open_index(index_dir) as ix:
        news = Watches(ix).show(name, mark=not peek)
    echo(to_json(news.to_dict()) if as_json else watch_news_text(news, color=stdout_color()))


def _matches(n: int) -> str:
    return f"{n:,} {'match' if n == 1 else 'matches'}"


COMMANDS = [watch_group]
