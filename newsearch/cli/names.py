"""``newsearch entities``: the names of a text, and the archive's names and their curation.

``newsearch entities FILE`` (or ``entities text FILE``) prints the people, countries and
organisations of a text; ``entities list`` the top names of the index; ``merge``, ``rename``,
``move`` and ``ignore`` change them at once, in the index's curation (``curation.txt`` in
a folder; the meta index on OpenSearch).
"""

from __future__ import annotations

from typing import Any

import click

from .app import echo, index_option, json_option

_FIELD = click.option(
    "--field",
    "field",
    default="people",
    show_default=True,
    help="The name field: people, countries or organizations.",
)


class EntitiesGroup(click.Group):
    """A group whose first argument, when it names no sub-command, is a text file."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["text", *args]
        return super().parse_args(ctx, args)


@click.group("entities", cls=EntitiesGroup)
def entities_group() -> None:
    """Names: of a text file (entities FILE), or of the index and their curation."""


@entities_group.command("text")
@click.argument("source", type=click.File("r", encoding="utf-8", errors="replace"))
@json_option
def text_cmd(source: Any, as_json: bool) -> None:
    """People, countries and organisations mentioned in a text file (- for stdin)."""
    from ..entities import extract_entities
    from .render import entities_text, to_json

    found = extract_entities(source.read())
    echo(to_json(found.to_dict()) if as_json else entities_text(found))


@entities_group.command("list")
@click.argument("field", default="people")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100_000))
@index_option
@json_option
def list_cmd(field: str, limit: int, index_dir: str, as_json: bool) -> None:
    """The top names of a field (people, countries, organizations) with their articles."""
    from ..search import open_index
    from .render import to_json

    with open_index(index_dir) as ix:
        top = ix.names(field, limit=limit)
    if as_json:
        echo(to_json(top))
        return
    for entry in top:
        also = f"  (also {', '.join(entry['also'][:5])})" if entry["also"] else ""
        echo(f"{entry['articles']:>7}  {entry['name']}{also}")


def _curate(index_dir: str, action: str, field: str, name: str, target: str = "") -> None:
    from ..search import open_index
    from .app import err

    with open_index(index_dir) as ix:
        line = ix.curate(action, field, name, target)
    err(f"added to the curation of {index_dir}: {line}")


@entities_group.command("merge")
@click.argument("name")
@click.argument("into")
@_FIELD
@index_option
def merge_cmd(name: str, into: str, field: str, index_dir: str) -> None:
    """Count NAME as INTO from now on ("Reagan" as "Ronald Reagan")."""
    _curate(index_dir, "merge", field, name, into)


@entities_group.command("rename")
@click.argument("name")
@click.argument("new_name")
@_FIELD
@index_option
def rename_cmd(name: str, new_name: str, field: str, index_dir: str) -> None:
    """Show NAME (and every name counted under it) as NEW_NAME."""
    _curate(index_dir, "rename", field, name, new_name)


@entities_group.command("move")
@click.argument("name")
@click.argument("to_field")
@_FIELD
@index_option
def move_cmd(name: str, to_field: str, field: str, index_dir: str) -> None:
    """Move NAME to another field ("Smith Barney" from people to organizations)."""
    _curate(index_dir, "move", field, name, to_field)


@entities_group.command("ignore")
@click.argument("name")
@_FIELD
@index_option
def ignore_cmd(name: str, field: str, index_dir: str) -> None:
    """Leave NAME out of facets and the names shown (not a person, not a name)."""
    _curate(index_dir, "ignore", field, name)


COMMANDS = [entities_group]
