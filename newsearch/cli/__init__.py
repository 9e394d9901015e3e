"""The ``newsearch`` command: a thin click layer over the Python API.

:mod:`.app` holds the group and what commands share; each other module holds a few commands and
lists them in ``COMMANDS``; :data:`WHERE` is the one place a command is registered. A command's
module is imported when the command runs (or ``--help`` lists them all), so ``newsearch query``
loads neither the indexing nor the export side. Text rendering is in :mod:`.render`.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from importlib import import_module

import click

from .app import cli, main

#: command name -> the module of this package that defines it
WHERE = {
    "index": "indexing",
    "query": "searching",
    "show": "searching",
    "similar": "searching",
    "info": "searching",
    "export": "export",
    "watch": "watching",
    "entities": "names",
    "entity": "entity",
    "eval": "tools",
    "serve": "tools",
    "opensearch": "opensearch",
}


class Commands(MutableMapping[str, click.Command]):
    """The group's commands, each module imported on the first look-up of one of its commands;
    iterating (``--help``) imports them all."""

    def __init__(self) -> None:
        self._loaded: dict[str, click.Command] = {}

    def _load(self, module: str) -> None:
        for command in import_module(f".{module}", __name__).COMMANDS:
            self._loaded.setdefault(command.name or "", command)

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded and name in WHERE:
            self._load(WHERE[name])
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        for module in dict.fromkeys(WHERE.values()):
            self._load(module)
        return iter(self._loaded)

    def __len__(self) -> int:
        return len(set(WHERE) | set(self._loaded))


cli.commands = Commands()

__all__ = ["WHERE", "cli", "main"]
