"""Other tools: ``eval`` (rank quality), ``serve`` (the search page)."""

from __future__ import annotations

import click

from ..evaluate import DEPTH
from .app import echo, index_option, json_option


@click.command("eval")
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
        echo(to_json({"queries": len(queries), **scores}))
    else:
        echo(f"{len(queries)} queries, {len(qrels)} judged")
        for name, value in scores.items():
            echo(f"{name:<11} {value:.4f}")


@click.command("serve")
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
def serve_cmd(index_dir: str, host: str, port: int) -> None:
    """A local search page (and JSON API) over the index, in your browser."""
    from ..web import serve

    serve(index_dir, host, port)


COMMANDS = [eval_cmd, serve_cmd]
