"""The query AST: what a query means, as engine-neutral data (frozen dataclasses).

The parser (:mod:`newsearch.query.parser`) builds these from what the user typed, with every
word already analysed into index terms (stemmed for text fields, folded for names); each
backend compiles them late into its own query objects (Whoosh queries, OpenSearch's DSL).
Field names are index field names (:mod:`newsearch.fields`: ``title``, ``people_text``...).

``str(node)`` reads like Whoosh's query syntax (``(title:drone^2.0 OR body:drone)``), for
messages and tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


def _boost(boost: float) -> str:
    return "" if boost == 1.0 else f"^{boost}"


@dataclass(frozen=True)
class Term:
    """One index term in one field."""

    field: str
    text: str
    boost: float = 1.0

    def __str__(self) -> str:
        return f"{self.field}:{self.text}{_boost(self.boost)}"


@dataclass(frozen=True)
class Phrase:
    """Index terms at consecutive positions (``slop`` words of play)."""

    field: str
    terms: tuple[str, ...]
    slop: int = 1
    boost: float = 1.0

    def __str__(self) -> str:
        slop = "" if self.slop == 1 else f"~{self.slop}"
        return f'{self.field}:"{" ".join(self.terms)}"{slop}{_boost(self.boost)}'


@dataclass(frozen=True)
class Prefix:
    """Every index term of the field starting with ``text``."""

    field: str
    text: str
    boost: float = 1.0

    def __str__(self) -> str:
        return f"{self.field}:{self.text}*{_boost(self.boost)}"


@dataclass(frozen=True)
class Fuzzy:
    """Index terms within ``maxdist`` edits of ``text`` (the first ``prefix`` letters fixed),
    at most ``limit`` of them (the commonest)."""

    field: str
    text: str
    maxdist: int = 1
    prefix: int = 1
    boost: float = 1.0
    limit: int = 50

    def __str__(self) -> str:
        return f"{self.field}:{self.text}~{self.maxdist}{_boost(self.boost)}"


@dataclass(frozen=True)
class DateRange:
    """Articles dated from ``start`` to ``end``, both inclusive; None is an open end."""

    field: str
    start: datetime | None
    end: datetime | None

    def __str__(self) -> str:
        start = self.start.isoformat() if self.start else ""
        end = self.end.isoformat() if self.end else ""
        return f"{self.field}:[{start} TO {end}]"


@dataclass(frozen=True)
class Every:
    """Every article."""

    def __str__(self) -> str:
        return "<_>"


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]
    boost: float = 1.0

    def __str__(self) -> str:
        return "(" + " AND ".join(map(str, self.parts)) + ")" + _boost(self.boost)


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]
    boost: float = 1.0

    def __str__(self) -> str:
        return "(" + " OR ".join(map(str, self.parts)) + ")" + _boost(self.boost)


@dataclass(frozen=True)
class AndNot:
    """What ``positive`` matches, less what ``negative`` matches (which never scores)."""

    positive: Node
    negative: Node

    def __str__(self) -> str:
        return f"({self.positive} ANDNOT {self.negative})"


Node = Term | Phrase | Prefix | Fuzzy | DateRange | Every | And | Or | AndNot


def any_of(nodes: list[Node] | tuple[Node, ...]) -> Node:
    return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))


def all_of(nodes: list[Node] | tuple[Node, ...]) -> Node:
    return nodes[0] if len(nodes) == 1 else And(tuple(nodes))


def walk(node: Node) -> list[Node]:
    """``node`` and every node below it, depth first."""
    out: list[Node] = []
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        out.append(current)
        if isinstance(current, (And, Or)):
            stack.extend(reversed(current.parts))
        elif isinstance(current, AndNot):
            stack.extend((current.negative, current.positive))
    return out
