"""``newsearch opensearch start|stop``: a local OpenSearch node (or cluster) to index into.

``start`` builds the launcher (Java and Maven; the first build downloads OpenSearch from Maven
Central, later ones are offline), starts the nodes, prints the URL on stdout and stays in the
foreground until Ctrl-C — or, with ``--detach``, leaves them running and records them in a
state file that ``stop`` reads.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from .app import echo, err, json_option

DEFAULT_STATE = "running.json"


def _state_path(state: str | None) -> Path:
    from ..backend.opensearch.node import home

    return Path(state) if state else home() / DEFAULT_STATE


@click.group("opensearch")
def opensearch_cmd() -> None:
    """A local OpenSearch node or cluster, for `--url` (needs Java 17+ and Maven)."""


@opensearch_cmd.command("start")
@click.option("--nodes", default=1, show_default=True, type=click.IntRange(1, 9))
@click.option("--port", default=9200, show_default=True, type=click.IntRange(1024, 65000),
              help="HTTP port of the first node (the next free one if busy).")  # fmt: skip
@click.option("--data", metavar="DIR", help="Keep the data here (default: a fresh folder, "
              "removed when the nodes stop).")  # fmt: skip
@click.option("--detach", is_flag=True, help="Leave the nodes running; `stop` stops them.")
@click.option("--state", metavar="FILE", help="State file of --detach (default in the cache).")
@json_option
def start_cmd(
    nodes: int, port: int, data: str | None, detach: bool, state: str | None, as_json: bool
) -> None:
    """Start OpenSearch and print its URL (`newsearch index PATH --url URL`)."""
    import json

    from ..backend.opensearch import node

    path = _state_path(state)
    if detach and path.exists():
        running = node.Cluster.load(path)
        if any(node.alive(pid) for pid in running.pids):
            raise node.NodeError(
                f"nodes started earlier are still running at {running.url} "
                f"(`newsearch opensearch stop{' --state ' + state if state else ''}`)"
            )
    err(f"starting {nodes} OpenSearch node{'s' if nodes > 1 else ''}...")
    cluster = node.start(nodes=nodes, port=port, data=data)
    try:
        echo(json.dumps({"url": cluster.url, "nodes": cluster.http}) if as_json else cluster.url)
        if detach:
            path.parent.mkdir(parents=True, exist_ok=True)
            cluster.save(path)
            return
        err("running; Ctrl-C stops it")
        while all(node.alive(pid) for pid in cluster.pids):
            time.sleep(1)
        err("a node exited: stopping the others")
    except BaseException:
        node.stop(cluster)
        raise
    node.stop(cluster)


@opensearch_cmd.command("stop")
@click.option("--state", metavar="FILE", help="State file written by `start --detach`.")
def stop_cmd(state: str | None) -> None:
    """Stop the nodes `start --detach` left running."""
    from ..backend.opensearch import node

    path = _state_path(state)
    if not path.exists():
        raise node.NodeError(f"no nodes recorded in {path}: nothing to stop")
    node.stop(node.Cluster.load(path))
    path.unlink()
    err("stopped")


COMMANDS = [opensearch_cmd]
