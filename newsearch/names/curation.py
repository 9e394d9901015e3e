"""The user's curation of names: a small text file in the index folder, applied at query time.

``curation.txt`` beside the index holds one change per line, applied in order after the
archive's own registry (:mod:`.registry`); ``#`` starts a comment. Names are quoted when they
hold spaces; the field is ``people``, ``countries`` or ``organizations`` (or an alias of one:
``person``, ``org``)::

    merge people "Reagan" "Ronald Reagan"        # one person: counted once, under the second
    rename people "Ronald Reagan" "Ronald W. Reagan"
    move people "Smith Barney" organizations     # not a person: an organisation
    ignore people "Will"                         # not a name at all: left out of facets

Nothing in the index is rewritten: filters, facets and the names shown with a hit go through
the map the registry and this file make, so a change is seen at once, survives indexing runs,
and is undone by deleting its line.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

from ..errors import CurationError
from ..fields import NAME_FIELDS, QUERY_FIELDS

FILE_NAME = "curation.txt"
ACTIONS = {"merge": 2, "rename": 2, "move": 2, "ignore": 1}  # action -> names after the field
HEADER = """\
# newsearch curation: changes to the names the archive found, applied in order at query time.
#   merge FIELD "NAME" "INTO NAME" | rename FIELD "NAME" "NEW NAME"
#   move FIELD "NAME" OTHER-FIELD  | ignore FIELD "NAME"
# FIELD is people, countries or organizations. Delete a line to undo it.
"""


@dataclass(frozen=True)
class Change:
    """One curation: ``action`` on ``name`` of ``field``; ``target`` the other name or field."""

    action: str
    field: str
    name: str
    target: str = ""

    def line(self) -> str:
        target = self.target if self.action == "move" else _quote(self.target)
        parts = [self.action, self.field, _quote(self.name)]
        return " ".join([*parts, target] if self.action != "ignore" else parts)


def _quote(name: str) -> str:
    """``name`` in double quotes, as :func:`shlex.split` reads it back."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def name_field(text: str) -> str:
    """The name field ``text`` names (``person`` -> ``people``); CurationError otherwise."""
    field = QUERY_FIELDS.get(text.strip().lower())
    if field not in NAME_FIELDS:
        raise CurationError(f"{text!r} is not a name field: use one of {', '.join(NAME_FIELDS)}")
    return field


def make_change(action: str, field: str, name: str, target: str = "") -> Change:
    """A checked :class:`Change` (its field normalised; CurationError when malformed)."""
    if action not in ACTIONS:
        raise CurationError(f"unknown curation {action!r}: use one of {', '.join(ACTIONS)}")
    field = name_field(field)
    name, target = " ".join(name.split()), " ".join(target.split())
    if not name:
        raise CurationError(f"{action} needs a name")
    if action == "move":
        target = name_field(target)
    elif action != "ignore" and not target:
        raise CurationError(f"{action} needs a second name")
    return Change(action, field, name, target)


def parse(text: str, path: str = FILE_NAME) -> list[Change]:
    """The changes of a curation file; CurationError naming the line of the first bad one."""
    changes: list[Change] = []
    for number, line in enumerate(text.splitlines(), 1):
        try:
            words = shlex.split(line, comments=True)
            if not words:
                continue
            action = words[0].lower()
            if action not in ACTIONS:
                raise CurationError(f"unknown curation {words[0]!r}")
            if len(words) != 2 + ACTIONS[action]:
                raise CurationError(f"{action} takes a field and {ACTIONS[action]} name(s)")
            changes.append(make_change(action, *words[1:]))
        except (ValueError, CurationError) as exc:
            raise CurationError(f"{path}, line {number}: {exc}") from None
    return changes


def read(reader: Any) -> list[Change]:
    """The changes in the index's curation (none when there is none)."""
    label = f"{reader.location}/{FILE_NAME}"
    try:
        text = reader.read_side(FILE_NAME)
    except OSError as exc:
        raise CurationError(f"cannot read {label}: {exc}") from None
    return parse(text, label) if text is not None else []


def append(reader: Any, change: Change) -> None:
    """Add ``change`` to the curation (the whole text written anew, atomically)."""
    label = f"{reader.location}/{FILE_NAME}"
    try:
        old = reader.read_side(FILE_NAME) or HEADER
        new = old + ("" if old.endswith("\n") else "\n") + change.line() + "\n"
        reader.write_side(FILE_NAME, new)
    except OSError as exc:
        raise CurationError(
            f"cannot write {label}: {getattr(exc, 'strerror', None) or exc}"
        ) from None
