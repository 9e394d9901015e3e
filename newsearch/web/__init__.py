"""The search page (``newsearch serve``): :mod:`.app` (routes, headers, errors) and
:mod:`.state` (the search request as URL parameters), templates and static files."""

from __future__ import annotations

from .app import create_app, serve

__all__ = ["create_app", "serve"]
