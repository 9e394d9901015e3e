"""The ``newsearch`` command: a thin click layer over the Python API (:mod:`.commands`), with
text rendering in :mod:`.render`."""

from __future__ import annotations

from .commands import cli, main

__all__ = ["cli", "main"]
