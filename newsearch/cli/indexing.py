"""``newsearch index``: build or update the index, with progress on stderr."""

from __future__ import annotations

import sys
import time
from typing import Any

import click

from .app import echo, err, index_option, json_option


class _Progress:
    """A one-line progress display on stderr, shown only for runs longer than a second."""

    def __init__(self, enabled: bool = True) -> None:
        self.started = time.monotonic()
        self.shown = False
        self.enabled = enabled and sys.stderr.isatty()

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


@click.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@index_option
@click.option("--rebuild", is_flag=True, help="Start from scratch instead of updating.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Leave matching files out.")
@click.option("--include", multiple=True, metavar="GLOB", help="Index matching README etc.")
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
@click.option(
    "-q", "--quiet", is_flag=True, help="Print only the new matches of the saved searches."
)
@json_option
def index_cmd(
    paths: tuple[str, ...],
    index_dir: str,
    rebuild: bool,
    exclude: tuple[str, ...],
    include: tuple[str, ...],
    strict: bool,
    max_file_size: int,
    workers: int | None,
    quiet: bool,
    as_json: bool,
) -> None:
    """Build or update the index from folders and files of articles.

    Reads .txt/.md (title on the first line), .json, .jsonl and .html files. Re-running
    reads only new and changed files and removes articles whose files are gone.
    """
    from ..index import index_corpus
    from .render import report_text, to_json, watch_summary

    progress = _Progress(enabled=not quiet)

    def problem(message: str) -> None:
        progress.clear()
        if not quiet:
            err(f"warning: {message}")

    report = index_corpus(
        *paths,
        index_dir=index_dir,
        rebuild=rebuild,
        exclude=exclude,
        include=include,
        strict=strict,
        max_file_size=max_file_size * 2**20,
        workers=workers,
        on_problem=problem,
        on_wait=err,
        on_progress=progress,
    )
    progress.clear()
    watches = _watches(index_dir)
    if as_json:
        echo(to_json({**report.to_dict(), "watches": {w.name: w.new for w in watches}}))
        return
    if not quiet:
        echo(report_text(report))
    if watches:
        echo(watch_summary(watches))


def _watches(index_dir: str) -> list[Any]:
    """The saved searches of the index, with their new matches (none saved: no work)."""
    from pathlib import Path

    from ..search import open_index
    from ..watch import FILE, Watches

    if not (Path(index_dir) / FILE).exists():
        return []
    with open_index(index_dir) as ix:
        return Watches(ix).list()


COMMANDS = [index_cmd]
