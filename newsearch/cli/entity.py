"""``newsearch entity NAME``: what the archive holds about one person, country or organisation
(the data of the search page's ``/person/NAME``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .app import echo, index_option, json_option

if TYPE_CHECKING:
    from ..entity_view import EntityView


@click.command("entity")
@click.argument("name")
@click.option(
    "--kind",
    default=None,
    metavar="KIND",
    help="What NAME is: person, country... (default: the first kind that has it).",
)
@index_option
@json_option
def entity_cmd(name: str, kind: str | None, index_dir: str, as_json: bool) -> None:
    """Articles naming NAME over time, the names most often with it, latest and most relevant."""
    from ..search import open_index
    from .render import to_json

    with open_index(index_dir) as ix:
        view = ix.entity(name, kind)
    echo(to_json(view.to_dict()) if as_json else entity_text(view))


def entity_text(view: EntityView) -> str:
    span = f", {view.timeline[0].start} to {view.timeline[-1].end}" if view.timeline else ""
    noun = "article" if view.total == 1 else "articles"
    lines = [f"{view.name} ({view.kind}): {view.total} {noun}{span}"]
    if view.timeline:
        busy = [f"{b.period} {b.count}" for b in view.timeline if b.count]
        lines.append("timeline: " + ", ".join(busy))
    for field, counts in view.related.items():
        lines.append(f"with {field}: " + ", ".join(f"{c.value} ({c.count})" for c in counts))
    for title, hits in (("latest", view.latest), ("most relevant", view.relevant)):
        lines += ["", f"{title}:"]
        lines += [f"  {(h.date or '')[:10]:<10}  {h.title or h.id}  [{h.id}]" for h in hits]
    return "\n".join(lines)


COMMANDS = [entity_cmd]
