"""The Whoosh backend: the embedded default, an index in a local folder, nothing to run.

The only package that imports ``whoosh``:

* :mod:`.schema` and :mod:`.analyzers` — the schema derived from the field table, and the
  analyzers (pickled into the index) over :mod:`newsearch.analysis`;
* :mod:`.compile` — query AST -> Whoosh queries; :mod:`.patches` — fixes of Whoosh bugs;
* :mod:`.reader`, :mod:`.matchsets`, :mod:`.arrays` — searching, match sets, per-state arrays;
* :mod:`.writer`, :mod:`.storage`, :mod:`.manifest` — segments, locks, durable commits.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from ..base import Document, MessageFn
from .reader import WhooshReader
from .writer import WhooshWriter, open_writer, write_segment


class WhooshBackend:
    name = "whoosh"

    @classmethod
    def check_target(cls, location: str) -> None:
        from pathlib import Path

        from .storage import check_target

        check_target(Path(location))

    @classmethod
    def open_reader(cls, location: str) -> WhooshReader:
        return WhooshReader(location)

    @classmethod
    def open_writer(
        cls, location: str, *, rebuild: bool, lock_timeout: float, on_wait: MessageFn
    ) -> AbstractContextManager[WhooshWriter]:
        return open_writer(location, rebuild, lock_timeout, on_wait)

    @classmethod
    def write_part(cls, target: str, documents: list[Document]) -> Any:
        return write_segment(target, documents)


__all__ = ["WhooshBackend"]
