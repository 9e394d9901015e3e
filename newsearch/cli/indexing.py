"""``newsearch index``: build or update the index, with progress on stderr."""

from __future__ import annotations

import sys
import time

import click

from .app import echo, err, index_option, json_option


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
    from .render import report_text, to_json

    progress = _Progress()

    def problem(message: str) -> None:
        progress.clear()
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
    )
    progress.clear()
    if as_json:
        echo(to_json(report.to_dict()))
    else:
        echo(report_text(report))


COMMANDS = [index_cmd]
