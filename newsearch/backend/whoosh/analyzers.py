"""Whoosh analyzers over :mod:`newsearch.analysis`: the same terms at index and query time.

Whoosh pickles analyzers into the index, so everything here is a module-level class (moving
or renaming one is a schema change: bump :data:`newsearch.fields.SCHEMA_VERSION`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Analyzer, Filter, Token, Tokenizer

from ...analysis import (
    SENTENCE_GAP,
    TOKEN_PATTERN,
    exact_term_for,
    name_term_for,
    sentence_break,
    term_for,
)


class NewsTokenizer(Tokenizer):
    """Tokenizer yielding raw tokens (see :data:`TOKEN_PATTERN`) with positions and offsets;
    positions jump by :data:`~newsearch.analysis.SENTENCE_GAP` between sentences."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        pos, end, previous = -1, 0, ""
        for match in TOKEN_PATTERN.finditer(value):
            pos += 1
            if previous and sentence_break(value[end : match.start()], previous):
                pos += SENTENCE_GAP
            end, previous = match.end(), match.group(0)
            t.text = match.group(0)
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = t.text
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + match.start()
                t.endchar = start_char + match.end()
            yield t


class NewsFilter(Filter):
    """Lowercase, fold accents, drop stopwords (renumbering positions, keeping the gaps between
    sentences) and stem, memoized."""

    term = staticmethod(term_for)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        pos = raw = None
        for t in tokens:
            term = self.term(t.text)
            if not term:
                if not t.removestops:
                    t.stopped = True
                    yield t
                continue
            t.text = term
            t.stopped = False
            if t.positions:
                if pos is None or raw is None:
                    pos = t.pos
                else:
                    pos += 1 + (SENTENCE_GAP if t.pos - raw > SENTENCE_GAP else 0)
                raw = t.pos
                t.pos = pos
            yield t


class ExactFilter(NewsFilter):
    """:class:`NewsFilter` without stemming: the exact form of a text field (``=word``)."""

    term = staticmethod(exact_term_for)


class NameFilter(Filter):
    """Lowercase and fold the tokens of a person's or country's name."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            t.text = name_term_for(t.text)
            if t.text:
                yield t


def news_analyzer() -> Analyzer:
    """The analyzer of titles and bodies."""
    return NewsTokenizer() | NewsFilter()


def exact_analyzer() -> Analyzer:
    """The analyzer of the exact (unstemmed) form of titles and bodies."""
    return NewsTokenizer() | ExactFilter()


def name_analyzer() -> Analyzer:
    """The analyzer of people's and countries' names."""
    return NewsTokenizer() | NameFilter()
