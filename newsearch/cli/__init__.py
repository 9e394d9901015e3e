"""The ``newsearch`` command: a thin click layer over the Python API.

:mod:`.app` holds the group and what commands share; each other module holds a few commands and
lists them in ``COMMANDS``; this list of modules is the one place a command is registered.
Text rendering is in :mod:`.render`.
"""

from __future__ import annotations

from . import entity, export, indexing, names, opensearch, searching, tools, watching
from .app import cli, main

MODULES = (indexing, searching, export, watching, names, entity, tools, opensearch)
COMMANDS = [command for module in MODULES for command in module.COMMANDS]
for _command in COMMANDS:
    cli.add_command(_command)

__all__ = ["cli", "main"]
