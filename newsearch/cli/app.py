"""The ``newsearch`` command group and what its commands share: the ``--index`` and ``--json``
options, stdout/stderr helpers, errors mapped to one line and an exit code, signal handling.

Data goes to stdout (``--json`` on every command that prints data), progress and diagnostics
to stderr. Errors are one line on stderr, no traceback; exit codes: 0 ok (zero hits included),
1 runtime error, 2 usage or query error; SIGINT and SIGTERM stop a command with one line
(exit 130, 143).
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
from collections.abc import Callable
from typing import Any, TypeVar, cast

import click

from ..errors import NewsearchError, UsageError

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_INDEX = "index"
DEFAULT_OPENSEARCH_INDEX = "newsearch"


def index_option(func: F) -> F:
    """``--index`` and the backend it is on (``--backend``, ``--url``), given to the command
    as one location: a folder, or ``URL/INDEX`` of an OpenSearch cluster."""

    @functools.wraps(func)
    def wrapper(*args: Any, index_dir: str, backend: str | None, url: str | None, **kw: Any) -> Any:
        return func(*args, index_dir=index_location(index_dir, backend, url), **kw)

    options = [
        click.option(
            "--index",
            "index_dir",
            envvar="NEWSEARCH_INDEX",
            default=DEFAULT_INDEX,
            show_default=True,
            metavar="DIR|NAME",
            help="Index folder, or the index's name on OpenSearch (default there: "
            f"{DEFAULT_OPENSEARCH_INDEX}); or set NEWSEARCH_INDEX.",
        ),
        click.option(
            "--backend",
            envvar="NEWSEARCH_BACKEND",
            type=click.Choice(["whoosh", "opensearch"]),
            help="Search engine (default whoosh; a --url implies opensearch).",
        ),
        click.option(
            "--url",
            envvar="NEWSEARCH_URL",
            metavar="URL",
            help="OpenSearch cluster, e.g. http://127.0.0.1:9200 (or set NEWSEARCH_URL; "
            "credentials in NEWSEARCH_USER and NEWSEARCH_PASSWORD).",
        ),
    ]
    decorated: Any = wrapper
    for option in reversed(options):
        decorated = option(decorated)
    return cast(F, decorated)


def index_location(index: str, backend: str | None, url: str | None) -> str:
    """The location of the index the options name (UsageError when they disagree)."""
    if backend is None:
        backend = "opensearch" if url else "whoosh"
    if backend == "whoosh":
        if url:
            raise UsageError("--url is for --backend opensearch (unset NEWSEARCH_URL for Whoosh)")
        return index
    if not url:
        raise UsageError("--backend opensearch needs --url URL (or NEWSEARCH_URL)")
    if not url.startswith(("http://", "https://")):
        raise UsageError(f"--url must start with http:// or https://, not {url!r}")
    name = DEFAULT_OPENSEARCH_INDEX if index == DEFAULT_INDEX else index
    return f"{url.rstrip('/')}/{name}"


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(func)


def stdout_color() -> bool:
    from ..snippets import use_color

    return use_color(sys.stdout)


def echo(text: str) -> None:
    click.echo(text)


def err(text: str) -> None:
    """A diagnostic line on stderr, control characters escaped (a file name with a newline
    cannot forge a second line); a closed stderr (``2>&1 | head -1``) never stops the work."""
    from .render import shown

    with contextlib.suppress(OSError):  # BrokenPipeError included: the reader is gone
        click.echo(shown(text), err=True)


class NewsearchGroup(click.Group):
    """Maps our exceptions to one line on stderr and the right exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsearchError as exc:
            err(f"newsearch: error: {exc}")
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt as exc:
            signum = getattr(exc, "signum", signal.SIGINT)
            err("newsearch: " + ("interrupted" if signum == signal.SIGINT else "terminated"))
            ctx.exit(128 + signum)


@click.group(cls=NewsearchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsearch")
def cli() -> None:
    """Search engine for news archives: index a folder of articles, then search it.

    \b
      newsearch index corpus/          build or update the index (default ./index)
      newsearch query "drones Iran"    ranked hits with highlighted snippets
    """


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
    # numpy's OpenBLAS starts a thread per core at import (0.15 s of CPU a query process), for
    # matrix work newsearch never does; the index workers are processes of their own anyway
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    cli(prog_name="newsearch")
