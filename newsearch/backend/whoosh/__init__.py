"""The Whoosh backend: the embedded default, an index in a local folder, nothing to run.

The only package that imports ``whoosh``:

* :mod:`.schema` and :mod:`.analyzers` — the schema derived from the field table, and the
  analyzers (pickled into the index) over :mod:`newsearch.analysis`;
* :mod:`.compile` — query AST -> Whoosh queries; :mod:`.patches` — fixes of Whoosh bugs;
* :mod:`.reader`, :mod:`.matchsets`, :mod:`.arrays` — searching, match sets, per-state arrays;
* :mod:`.writer`, :mod:`.storage`, :mod:`.manifest` — segments, locks, durable commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from ..base import Document, MessageFn

if TYPE_CHECKING:
    from .reader import WhooshReader
    from .writer import WhooshWriter


class WhooshBackend:
    """Modules are imported by the method that needs them: an indexing run never loads the
    search side (numpy, Whoosh's query classes), a search never loads the writing side."""

    name = "whoosh"

    @classmethod
    def check_target(cls, location: str) -> None:
        from pathlib import Path

        from .storage import check_target

        check_target(Path(location))

    @classmethod
    def open_reader(cls, location: str) -> WhooshReader:
        from .startup import import_whoosh

        import_whoosh()
        from .reader import WhooshReader

        return WhooshReader(location)

    @classmethod
    def open_writer(
        cls, location: str, *, rebuild: bool, lock_timeout: float, on_wait: MessageFn
    ) -> AbstractContextManager[WhooshWriter]:
        from .writer import open_writer

        return open_writer(location, rebuild, lock_timeout, on_wait)

    @classmethod
    def write_part(cls, target: str, documents: Iterable[Document]) -> Any:
        from .writer import write_segment

        return write_segment(target, documents)


__all__ = ["WhooshBackend"]
