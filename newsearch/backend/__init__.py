"""Search engines behind one seam (:mod:`newsearch.backend.base`).

Backends are looked up by name and imported on first use, so only the engine in use is loaded.
"""

from __future__ import annotations

from importlib import import_module
from typing import cast

from ..errors import UsageError
from .base import Backend

DEFAULT = "whoosh"
#: backend name -> "module:class"
BACKENDS: dict[str, str] = {"whoosh": "newsearch.backend.whoosh:WhooshBackend"}


def get_backend(name: str = DEFAULT) -> type[Backend]:
    """The backend class registered under ``name``."""
    try:
        module, attr = BACKENDS[name].split(":")
    except KeyError:
        raise UsageError(f"unknown backend {name!r}: use one of {', '.join(BACKENDS)}") from None
    return cast("type[Backend]", getattr(import_module(module), attr))
