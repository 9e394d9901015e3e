"""``newsearch index``: build or update the index, with progress on stderr."""

from __future__ import annotations

import sys
import time
from typing import Any

import click

from .app import echo, err, index_option, json_option


class _Progress:
    """A one-line progress display on stderr, only on a terminal and for runs longer than a
    second: files while they are read, then articles as they are written, with rate and ETA."""

    def __init__(self, enabled: bool = True) -> None:
        self.started = time.monotonic()
        self.shown = False
        self.enabled = enabled and sys.stderr.isatty()
        self.first: tuple[float, int] | None = None  # when articles began to come, and how many

    def __call__(self, files_done: int, files_total: int, articles: int) -> None:
        if self.first is None:
            self._show(files_done / max(files_total, 1), f"{files_done:,}/{files_total:,} files")

    def articles(self, written: int, read: int, final: bool) -> None:
        """``written`` of ``read`` articles are done (``final``: no more files to read)."""
        now = time.monotonic()
        if self.first is None:
            self.first = (now, written)
        began, base = self.first
        rate = (written - base) / (now - began) if now > began else 0.0
        more = "" if final else "+"
        text = f"{written:,}/{read:,}{more} articles"
        if rate > 0:
            text += f", {rate:,.0f}/s, ETA {_duration((read - written) / rate)}{more}"
        self._show(written / max(read, 1), text)

    def _show(self, fraction: float, text: str) -> None:
        if not self.enabled or time.monotonic() - self.started < 1.0:
            return
        width = 30
        filled = int(width * min(fraction, 1.0))
        sys.stderr.write(f"\r[{'#' * filled}{'-' * (width - filled)}] {text}\x1b[K")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds} s"


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
@click.option("-v", "--verbose", is_flag=True, help="List every empty or title-only record.")
@click.option(
    "-q", "--quiet", is_flag=True, help="Print only the new matches of the saved searches."
)
@click.option(
    "--source",
    default="",
    metavar="NAME",
    help="The source of articles that name none (default: the folder they are in).",
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
    verbose: bool,
    quiet: bool,
    source: str,
    as_json: bool,
) -> None:
    """Build or update the index from folders and files of articles.

    Reads .txt/.md (title on the first line), .json, .jsonl and .html files. Re-running
    reads only new and changed files and removes articles whose files are gone.
    Near-duplicate stories (wire copies) are found as they come in: searches show one hit
    per story unless --all-copies.
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
        source=source.strip(),
        on_problem=problem,
        on_wait=err,
        on_progress=progress,
        on_articles=progress.articles,
        verbose=verbose,
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

    from ..backend import is_url
    from ..search import open_index
    from ..watch import FILE, Watches

    if not is_url(index_dir) and not (Path(index_dir) / FILE).exists():
        return []
    with open_index(index_dir) as ix:
        watches = Watches(ix)
        return watches.list() if watches.exists() else []


COMMANDS = [index_cmd]
