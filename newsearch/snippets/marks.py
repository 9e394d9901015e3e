"""A whole text with the query's matches marked (the article page, arriving from a search):
the matching of :mod:`.make` over all of the text instead of the best fragments."""

from __future__ import annotations

import html
from collections.abc import Collection, Iterable, Sequence

from .make import _Match, _Matcher, _segments, _tokens


def mark_all(
    text: str,
    terms: Collection[str],
    *,
    phrases: Sequence[Sequence[str]] = (),
    patterns: Sequence[str] = (),
) -> tuple[tuple[str, bool], ...]:
    """All of ``text`` as ``(text, marked)`` segments, every match of ``terms``, ``phrases``
    and ``patterns`` marked (as :func:`~.make.make_snippet` marks them); runs of white space
    become one space."""
    matcher = _Matcher(terms, phrases, patterns)
    matches: list[_Match] = []
    if matcher.terms or matcher.phrases or matcher.wildcards or matcher.fuzzy:
        matches = matcher.matches(text, _tokens(text, 0, len(text)))
    return _segments(text, 0, len(text), matches)


def segments_html(segments: Iterable[tuple[str, bool]]) -> str:
    """``(text, marked)`` segments as HTML: every character escaped, the marked in ``<mark>``."""
    return "".join(
        f"<mark>{html.escape(t, quote=True)}</mark>" if m else html.escape(t, quote=True)
        for t, m in segments
    )
