"""The map from stored names to the entities a reader sees: registry, then curation.

Every stored value of a name field (``("people", "Reagan")``) belongs to one entity, a
(field, name) pair (``("people", "Ronald Reagan")``), or to none when the user ignores it. A
search goes through the map, the same for every backend:

* a filter on an entity matches any of its stored values (an OR of exact terms):
  ``--person Reagan`` is ``--person "Ronald Reagan"`` when the archive says they are one;
* facets count an entity once, under its name and field: the articles holding any of its
  stored values, each article once (the backend counts the groups of :meth:`NameMap.groups`;
  the stored values' counts are summed only where it did not, which is exact there);
* the names shown with a hit are the entities' names, in their fields.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..errors import CurationError
from ..fields import BY_NAME, MENTIONS
from ..models import FacetCount
from .curation import Change
from .registry import Counts, Frequency, Key, build


@dataclass
class NameMap:
    """Stored (field, value) -> entity; built by :func:`name_map`."""

    counts: Mapping[str, Mapping[str, int]]
    entity: dict[Key, Key | None] = field(default_factory=dict)  # only values not their own
    members: dict[Key, list[Key]] = field(default_factory=dict)  # entities of several values
    skipped: list[str] = field(default_factory=list)  # curation lines the index has no name for
    #: group index (:meth:`groups`) -> articles of the whole archive with any of its names
    archive: dict[int, int] = field(default_factory=dict)
    _groups: tuple[tuple[Key, ...], ...] | None = None

    def groups(self) -> tuple[tuple[Key, ...], ...]:
        """The stored values of every entity that has two or more, an entity a group: what a
        backend counts once per article (``Plan.facet_groups``)."""
        if self._groups is None:
            self._groups = tuple(
                tuple(values) for values in self.members.values() if len(values) >= 2
            )
        return self._groups

    def regroup(self) -> None:
        """Forget the groups (after a change of ``members``)."""
        self._groups = None

    def of(self, field_name: str, value: str) -> Key | None:
        """The entity of a stored value (None when ignored, and for a mention no one has)."""
        key = (field_name, value)
        return self.entity.get(key, None if field_name == MENTIONS else key)

    def values_of(self, key: Key) -> list[Key]:
        """The stored values of an entity."""
        return self.members.get(key) or ([key] if self.of(*key) == key else [])

    def find(self, field_name: str, text: str, stored: str | None = None) -> Key | None:
        """The entity a user means by ``text`` in ``field_name``: a stored value's entity
        (``stored``, when the caller looked it up), or an entity's own name
        (case-insensitively); None when the index has neither."""
        values = self.counts.get(field_name, {})
        if stored is None and text in values:
            stored = text
        if stored is None:
            folded = text.casefold()
            stored = next((v for v in values if v.casefold() == folded), None)
        if stored is not None:
            return self.of(field_name, stored)
        folded = text.casefold()
        for key in self.members:
            if key[0] == field_name and key[1].casefold() == folded:
                return key
        owner = self.entity.get((MENTIONS, folded))  # "Reagan": only ever in headlines
        return owner if owner is not None and owner[0] == field_name else None

    def shown(self, names: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
        """The entities' names of a hit's stored names, field by field, in first-seen order."""
        out: dict[str, dict[str, None]] = {f: {} for f in names}
        for field_name, values in names.items():
            for value in values:
                key = self.of(field_name, value)
                if key is not None:
                    out.setdefault(key[0], {})[key[1]] = None
        return {f: list(v) for f, v in out.items()}

    def facets(
        self,
        raw: Mapping[str, Sequence[FacetCount]],
        size: int,
        total: int,
        grouped: Mapping[int, int] | None = None,
    ) -> dict[str, list[FacetCount]]:
        """Facet counts by entity: each entity once, in its own field. ``grouped`` (a
        backend's ``Page.group_counts`` for :meth:`groups`) counts the articles of an entity
        of several stored values; any other entity's values are summed."""
        summed: dict[str, dict[str, int]] = {f: defaultdict(int) for f in raw}
        for field_name, counts in raw.items():
            for count in counts:
                key = self.of(field_name, count.value)
                if key is not None:
                    summed.setdefault(key[0], defaultdict(int))[key[1]] += count.count
        groups = self.groups()
        for i, n in (grouped or {}).items():
            key = self.of(*groups[i][0]) if i < len(groups) else None
            if key is not None and key[0] in raw:
                summed.setdefault(key[0], defaultdict(int))[key[1]] = n
        return {
            f: [
                FacetCount(name, min(n, total))
                for name, n in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:size]
            ]
            for f, values in summed.items()
            if f in raw
        }

    def top(self, field_name: str, limit: int) -> list[tuple[str, int, list[str]]]:
        """(entity name, articles, its other stored names) of a field, most articles first."""
        raw = {f: [FacetCount(v, n) for v, n in c.items()] for f, c in self.counts.items()}
        total = max((n for c in self.counts.values() for n in c.values()), default=0)
        big = 10**12 if total else 0
        counted = self.facets(raw, limit, big, self.archive).get(field_name, [])
        out = []
        for count in counted:
            key = (field_name, count.value)
            others = [
                f"{v}" if f == field_name else f"{v} ({f})"
                for f, v in self.values_of(key)
                if f != MENTIONS  # words, not names: counted, not listed
            ]
            out.append((count.value, count.count, [o for o in others if o != count.value]))
        return out


def name_map(
    counts: Counts, changes: Iterable[Change] = (), frequency: Frequency | None = None
) -> NameMap:
    """The map of the archive (``counts``: field -> stored value -> articles) after the
    registry's rules and the user's ``changes``. A change the index has no name for (any
    more) is skipped, and listed in ``skipped``. Of the mentions, only those the registry
    files as someone's are kept in its counts (the rest is no one's, whatever the curation:
    a third of the kept map's size on Reuters)."""
    found = build(counts, frequency)
    if MENTIONS in counts:
        kept = {w: n for w, n in counts[MENTIONS].items() if (MENTIONS, w) in found}
        counts = {**counts, MENTIONS: kept}
    names = NameMap(counts)
    members: dict[Key, list[Key]] = defaultdict(list)
    for value, target in found.items():
        if not members[target] and target[1] in counts.get(target[0], {}):
            members[target].append(target)
        members[target].append(value)
        names.entity[value] = target
    names.members = dict(members)
    for change in changes:
        try:
            apply_change(names, change)
        except CurationError as exc:
            names.skipped.append(f"{change.line()}: {exc}")
    return names


def _label(field_name: str) -> str:
    return {"people": "person", "countries": "country", "organizations": "organisation"}.get(
        field_name, BY_NAME[field_name].label
    )


def apply_change(names: NameMap, change: Change) -> None:
    """Apply one change to ``names`` (CurationError, and nothing changed, when it cannot)."""
    key = names.find(change.field, change.name)
    if key is None:
        raise CurationError(f"no {_label(change.field)} named {change.name!r} in the index")
    target: Key | None = None
    if change.action == "move":
        if change.target == key[0]:
            raise CurationError(f"{change.name!r} is already in {change.target}")
        target = (change.target, key[1])
    elif change.action == "rename":
        if change.target == key[1]:
            raise CurationError(f"{change.name!r} is already called {change.target!r}")
        target = (key[0], change.target)
    elif change.action == "merge":
        target = names.find(change.field, change.target)
        if target is None:
            raise CurationError(f"no {_label(change.field)} named {change.target!r} in the index")
        if target == key:
            raise CurationError(f"{change.name!r} and {change.target!r} are already one name")
    values = names.values_of(key)
    old = [] if target is None or target in values else names.values_of(target)
    if target is not None and target not in names.members and names.of(*target) != target:
        old = []  # a new name (rename, move), not an entity of its own yet
    names.members.pop(key, None)
    names.regroup()
    for value in values:
        names.entity[value] = target
    if target is not None:
        names.members[target] = list(dict.fromkeys([*old, *values]))
