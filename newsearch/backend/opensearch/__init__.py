"""The OpenSearch backend: an index on a cluster, for archives past one machine.

The only package that imports ``opensearchpy``:

* :mod:`.client` — locations (``URL/INDEX``), the client, errors as one line;
* :mod:`.mapping` — settings and mapping derived from the field table, documents;
* :mod:`.compile` — query AST -> query DSL; :mod:`.aggs` — facets and timeline;
* :mod:`.reader` — searching; :mod:`.writer` and :mod:`.meta` — bulk writes, manifest, lock;
* :mod:`.node` — a local node (or a cluster of them) for tests and trials, run from
  ``launcher/`` (``newsearch opensearch start``).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from ..base import Document, MessageFn

if TYPE_CHECKING:
    from .reader import OpenSearchReader
    from .writer import OpenSearchWriter


class OpenSearchBackend:
    name = "opensearch"

    @classmethod
    def check_target(cls, location: str) -> None:
        from .client import parse_location

        parse_location(location)

    @classmethod
    def open_reader(cls, location: str) -> OpenSearchReader:
        from .reader import OpenSearchReader

        return OpenSearchReader(location)

    @classmethod
    def open_writer(
        cls, location: str, *, rebuild: bool, lock_timeout: float, on_wait: MessageFn
    ) -> AbstractContextManager[OpenSearchWriter]:
        from .writer import open_writer

        return open_writer(location, rebuild, lock_timeout, on_wait)

    @classmethod
    def write_part(cls, target: str, documents: Iterable[Document]) -> Any:
        from .client import parse_location
        from .mapping import actions

        return actions(parse_location(target).index, documents)


__all__ = ["OpenSearchBackend"]
