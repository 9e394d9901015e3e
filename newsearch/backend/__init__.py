"""Search engines behind one seam (:mod:`newsearch.backend.base`).

Backends are looked up by name and imported on first use, so only the engine in use is loaded.
"""

from __future__ import annotations

import os
from importlib import import_module
from pathlib import Path
from typing import cast

from ..errors import UsageError
from .base import Backend

DEFAULT = "whoosh"
#: backend name -> "module:class"
BACKENDS: dict[str, str] = {
    "whoosh": "newsearch.backend.whoosh:WhooshBackend",
    "opensearch": "newsearch.backend.opensearch:OpenSearchBackend",
}


def is_url(location: str | Path) -> bool:
    return str(location).startswith(("http://", "https://"))


def location_of(index: str | Path) -> str:
    """The location string a backend is given: a folder (normalised) or ``URL/INDEX`` as is."""
    text = os.fspath(index)
    return text if is_url(text) else str(Path(text))


def backend_for(index: str | Path, backend: str | None = None) -> str:
    """The backend named, else the one a location implies: a URL is OpenSearch's."""
    if backend is not None:
        return backend
    return "opensearch" if is_url(index) else DEFAULT


def get_backend(name: str = DEFAULT) -> type[Backend]:
    """The backend class registered under ``name``."""
    try:
        module, attr = BACKENDS[name].split(":")
    except KeyError:
        raise UsageError(f"unknown backend {name!r}: use one of {', '.join(BACKENDS)}") from None
    return cast("type[Backend]", getattr(import_module(module), attr))
