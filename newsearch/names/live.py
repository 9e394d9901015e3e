"""The name map of an open index, kept in step with it and with its curation file.

Recomputed (from the backend's counts of every stored name, a facet over all articles) when
the index has committed since, or the curation file changed; otherwise reused, within a
process and, through :mod:`.cache`, by the next process to open the same state.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import CurationError, NewsearchError
from ..fields import EXACT_FIELDS, MAP_FIELDS
from ..query import ast
from . import cache, curation
from .curation import Change
from .namemap import NameMap, apply_change, name_map

ALL_VALUES = 1_000_000  # facet size asking a backend for every stored value


def stored_counts(reader: Any) -> dict[str, dict[str, int]]:
    """field -> stored value -> articles, for every name field and the mentions
    (engine-neutral: a facet)."""
    from ..backend.base import Plan

    plan = Plan(ast.Every(), limit=0, facets=MAP_FIELDS, facet_size=ALL_VALUES)  # no hits
    page = reader.search(plan)
    return {f: {c.value: c.count for c in page.facets.get(f, [])} for f in MAP_FIELDS}


def archive_groups(reader: Any, names: NameMap) -> dict[int, int]:
    """Articles of the whole archive per group of :meth:`NameMap.groups` (each once)."""
    from ..backend.base import Plan

    if not names.groups():
        return {}
    plan = Plan(ast.Every(), limit=1, facet_groups=names.groups())
    return dict(reader.search(plan).group_counts)


class LiveNames:
    """The :class:`NameMap` of ``reader``'s last committed state and ``index_dir``'s curation."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._key: tuple[Any, ...] | None = None
        self._map: NameMap | None = None
        self.error: str | None = None  # why the curation file was not applied
        self.changes: list[Change] = []

    def _state(self) -> tuple[Any, ...]:
        try:
            text = self._reader.read_side(curation.FILE_NAME)
        except OSError:
            text = None
        return (self._reader.generation(), text)

    def current(self) -> NameMap:
        state = self._state()
        if self._map is None or state != self._key:
            self.error = None
            try:
                self.changes = curation.read(self._reader)
            except CurationError as exc:
                self.error, self.changes = str(exc), []
            self._map = self._built(state)
            self._key = state
        return self._map

    def _built(self, state: tuple[Any, ...]) -> NameMap:
        """The map of ``state``: the one kept beside the index when it is of this state, else
        built (and kept there, best effort)."""
        key = cache.state_key(state)
        try:
            kept = cache.load(self._reader.read_side(cache.FILE_NAME), key)
        except OSError:
            kept = None
        if kept is not None:
            return kept
        names = name_map(stored_counts(self._reader), self.changes, self._written)
        names.archive = archive_groups(self._reader, names)
        # a folder (or cluster) we may not write to: built again next time
        with contextlib.suppress(OSError, NewsearchError):
            self._reader.write_side(cache.FILE_NAME, cache.dump(names, key))
        return names

    def _written(self, words: Sequence[str]) -> Mapping[str, int]:
        """Articles whose body has each of ``words`` (folded, unstemmed: any case)."""
        return self._reader.doc_frequencies(EXACT_FIELDS["body"], words)

    def curate(self, change: Change) -> NameMap:
        """Check ``change`` against the index and the file's changes, then add it to the file."""
        current = self.current()
        if self.error:
            raise CurationError(f"{self.error}; fix or delete the file first")
        # CurationError: not done
        apply_change(name_map(current.counts, self.changes, self._written), change)
        curation.append(self._reader, change)
        return self.current()


def keep_map(engine: Any, location: str) -> None:
    """Build the name map of the index's state and keep it beside the index, so that the first
    query after an index run does not build it (best effort: an index run never fails for it)."""
    with contextlib.suppress(OSError, NewsearchError):
        reader = engine.open_reader(location)
        try:
            LiveNames(reader).current()
        finally:
            reader.close()
