"""``newsearch export``: every match of a search as JSON Lines or CSV, streamed."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import click

from ..errors import NewsearchError
from .app import err, index_option
from .searching import some_request_options

#: Request fields that make no sense for an export (it has every match, and no counts).
_NOT_EXPORTED = ("limit", "page", "facets", "timeline", "facet_size")


@click.command("export")
@click.argument("query", default="")
@index_option
@some_request_options(skip=_NOT_EXPORTED)
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True
)
@click.option("--fields", metavar="A,B,...", help="Columns to write (default: all).")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
def export_cmd(
    query: str, index_dir: str, fmt: str, fields: str | None, output: str | None, **request: Any
) -> None:
    """Write every article a search matches, oldest first (--sort newest: newest first),
    undated last: one JSON object a line, or CSV with a header row.

    \b
    Same query and filters as `query`; no limit. Columns: id title body path date source
    url author people countries (CSV joins names with "; ").
    """
    from ..export import export_lines, parse_fields
    from ..query import SearchRequest
    from ..search import open_index

    columns = parse_fields(fields)
    search = SearchRequest.make(query, **request)
    started = time.perf_counter()
    with open_index(index_dir) as ix:
        articles = ix.export(search)
        if output is None:
            _to_stdout(export_lines(articles, fmt, columns))
            return
        rows = _to_file(Path(output), export_lines(articles, fmt, columns))
    rows -= fmt == "csv"  # the header row
    seconds = time.perf_counter() - started
    err(f"exported {rows:,} {'article' if rows == 1 else 'articles'} to {output} ({seconds:.1f} s)")


def _to_stdout(lines: Iterable[str]) -> None:
    """Write to stdout; a reader that goes away (``| head``) ends the export quietly, status 0."""
    out = sys.stdout
    try:
        _write(out, lines)
        out.flush()
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at /dev/null so that flush is silent.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)


def _to_file(path: Path, lines: Iterable[str]) -> int:
    """Write to ``path`` atomically (a temporary file beside it, renamed when complete)."""
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            rows = _write(fh, lines)
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _cannot_write(path, exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return rows


def _cannot_write(path: Path, exc: OSError) -> NewsearchError:
    return NewsearchError(f"cannot write {path}: {exc.strerror or exc}")


def _write(out: IO[str], lines: Iterable[str]) -> int:
    rows = 0
    for line in lines:
        out.write(line)
        rows += 1
    return rows


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


COMMANDS = [export_cmd]
