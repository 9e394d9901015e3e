"""Highlighting: the snippet under each hit, cut from the article body around the matches.

This stage runs after the search, once per displayed hit. Whoosh 2.7.4's highlighter and
fragmenters are not used (they split words, lose stemmed variants and mark phrase words one by
one); instead :func:`make_snippet`

1. analyses the body once with :func:`~newsearch.analysis.term_for` (memoized, so cheap) and
   keeps the tokens whose index term is a query term (``drone`` marks *drones*, *DRONES*),
   whose folded text matches a query pattern (``sanction*``, ``irna~``), or that form a query
   phrase at consecutive positions (*Bank of England*, one mark including the stopword). Bodies
   longer than :data:`LONG_TEXT` are analysed in chunks until one holds a match;
2. picks one to ``max_fragments`` windows, in text order and not overlapping, scored by distinct
   query terms (then by matches), about ``max_chars`` characters in all: one strong fragment
   may take the whole budget, otherwise each gets an equal share. Windows start at a sentence
   start and end at a sentence end when one is within reach, otherwise at a word boundary
   (never mid-word). Without any match the snippet is the start of the text, unmarked;
3. returns a :class:`Snippet` (segments of original text, whitespace collapsed) that
   :mod:`.render` turns into HTML (all text escaped, matches in ``<mark>``), plain text or
   terminal text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..analysis import (
    TOKEN_PATTERN,
    edit_distance,
    normalize_token,
    prefetch_terms,
    sentence_break,
    term_for,
)
from .bounds import sentence_bounds, word_end, word_start

#: Bodies longer than this are analysed in chunks of :data:`CHUNK` characters, stopping at the
#: first chunk with a match (Whoosh's highlighter looks at the first 32K characters only).
LONG_TEXT = 50_000
CHUNK = 32_768
#: Ellipsis shown where a fragment is cut out of the text.
ELLIPSIS = "…"
_MAX_MATCHES = 200  # matches considered when choosing fragments (the choice is quadratic:
# 1,000 matches of one word cost 144 ms a snippet, 250 cost 7 ms)
_JOIN_GAP = 30  # fragments closer than this are joined

_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Snippet:
    """Fragments of an article, each a tuple of ``(text, marked)`` segments, in text order.

    ``at_start`` / ``at_end`` say whether the first fragment starts at the text's start and the
    last one ends at its end; the renderings add "…" where they do not.
    """

    fragments: tuple[tuple[tuple[str, bool], ...], ...] = ()
    at_start: bool = True
    at_end: bool = True


class _Match(NamedTuple):
    start: int
    end: int
    key: str  # what counts as one distinct query term: the term, pattern or phrase


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """``(startchar, endchar, term)`` of the tokens of ``text[start:end]``, stopwords left out.

    The same tokenizer pattern and memoized term function as ``news_analyzer()``, without its
    per-token object overhead (a test checks that both agree).
    """
    out: list[tuple[int, int, str]] = []
    append = out.append
    for m in TOKEN_PATTERN.finditer(text, start, end):
        term = term_for(m[0])
        if term:
            append((*m.span(), term))
    return out


def _breaks_between(text: str, token: tuple[int, int, str], start: int) -> bool:
    """Whether a sentence or paragraph ends between ``token`` and the next kept token, starting
    at ``start`` (stopwords between them included), as the index's tokenizer sees it
    (:func:`~newsearch.analysis.sentence_break`): a phrase never matches across such a break."""
    previous, at = text[token[0] : token[1]], token[1]
    for m in TOKEN_PATTERN.finditer(text, at, start):
        if previous and sentence_break(text[at : m.start()], previous):
            return True
        previous, at = m[0], m.end()
    return bool(previous) and sentence_break(text[at:start], previous)


def _within_one(a: str, b: str, dist: int) -> bool:
    """``a`` and ``b`` at most ``dist`` edits apart."""
    return edit_distance(a, b, dist) <= dist


class _Matcher:
    """Finds the matches of terms, patterns and phrases among analysed tokens."""

    def __init__(
        self, terms: Collection[str], phrases: Sequence[Sequence[str]], patterns: Sequence[str]
    ) -> None:
        # index terms already: stemming a stem again can load NLTK's stemmer (a stem such as
        # "natur" is not an indexed word) and only adds other words' stems
        self.terms = {t for t in terms if t}
        self.phrases = []
        for phrase in phrases:
            words = [frozenset({w, term_for(w)}) for w in phrase if w and term_for(w)]
            if words:
                self.phrases.append((words, " ".join(phrase)))
        self.wildcards: list[tuple[re.Pattern[str], str]] = []
        self.fuzzy: list[tuple[str, int, str]] = []
        for pattern in patterns:
            folded = normalize_token(pattern.strip())
            fuzzy = re.fullmatch(r"(.+?)~(\d?)", folded)
            if fuzzy:
                self.fuzzy.append((fuzzy[1], min(int(fuzzy[2] or 1), 2), pattern))
            elif folded.strip("*?"):
                regex = ".*".join(".".join(map(re.escape, p.split("?"))) for p in folded.split("*"))
                self.wildcards.append((re.compile(regex), pattern))
        self.seen: dict[str, str] = {}  # folded token -> pattern key ("" for none)

    def _pattern_key(self, raw: str, term: str) -> str:
        key = self.seen.get(raw)
        if key is None:
            folded, key = normalize_token(raw), ""
            for regex, pattern in self.wildcards:
                if regex.fullmatch(folded):
                    key = pattern
                    break
            else:
                for word, dist, pattern in self.fuzzy:
                    if _within_one(word, folded, dist) or _within_one(word, term, dist):
                        key = pattern
                        break
            self.seen[raw] = key
        return key

    def matches(self, text: str, tokens: list[tuple[int, int, str]]) -> list[_Match]:
        found: list[_Match] = []
        covered: set[int] = set()
        for words, key in self.phrases:
            size = len(words)
            for i in range(len(tokens) - size + 1):
                if (
                    tokens[i][2] in words[0]
                    and all(tokens[i + k][2] in words[k] for k in range(1, size))
                    and not any(
                        _breaks_between(text, tokens[i + k - 1], tokens[i + k][0])
                        for k in range(1, size)
                    )
                ):
                    found.append(_Match(tokens[i][0], tokens[i + size - 1][1], key))
                    covered.update(range(i, i + size))
        found.sort()
        merged: list[_Match] = []
        for m in found:  # overlapping phrase occurrences become one mark
            if merged and m.start < merged[-1].end:
                merged[-1] = merged[-1]._replace(end=max(m.end, merged[-1].end))
            else:
                merged.append(m)
        has_patterns = bool(self.wildcards or self.fuzzy)
        for i, (start, end, term) in enumerate(tokens):
            if i in covered:
                continue
            if term in self.terms:
                merged.append(_Match(start, end, term))
            elif has_patterns:
                key = self._pattern_key(text[start:end], term)
                if key:
                    merged.append(_Match(start, end, key))
        merged.sort()
        return merged


class _Chooser:
    def __init__(self, text: str, matches: list[_Match], bounds: tuple[list[int], list[int]]):
        self.text, self.matches = text, matches
        self.starts, self.ends = bounds
        self.match_ends = [m.end for m in matches]

    def window(self, i: int, budget: int, lo: int, hi: int) -> tuple[int, int, int] | None:
        """Fragment ``(start, end, j)`` holding matches ``i..j-1`` between ``lo`` and ``hi``."""
        text, first = self.text, self.matches[i]
        if first.start < lo or first.end > hi:
            return None
        j = max(i + 1, bisect_right(self.match_ends, min(first.start + budget, hi), i))
        last_end = max(first.end, self.matches[j - 1].end)
        slack = max(0, budget - (last_end - first.start))
        k = bisect_right(self.starts, first.start) - 1
        if k >= 0 and max(lo, first.start - slack) <= self.starts[k]:
            start = self.starts[k]
        else:
            context = min(slack, max(20, budget // 5))
            room_after = min(hi, len(text)) - first.start
            if room_after < budget:  # near the end: use the budget before the match
                context = min(slack, max(context, budget - room_after))
            start = word_start(text, max(lo, first.start - context), first.start)
        limit = max(last_end, min(start + budget, hi))
        k = bisect_right(self.ends, limit) - 1
        if k >= 0 and self.ends[k] >= last_end and self.ends[k] - start >= budget // 2:
            end = self.ends[k]
        else:
            end = word_end(text, limit, last_end)
        return max(start, lo), min(end, hi), j

    def choose(self, budget: int, count: int) -> list[tuple[int, int]]:
        """Greedily pick up to ``count`` windows of ``budget`` chars, best new terms first."""
        chosen: list[tuple[int, int]] = []
        shown: set[str] = set()
        for _ in range(count):
            best: tuple[tuple[int, int, int, int], tuple[int, int], set[str]] | None = None
            for i, m in enumerate(self.matches):
                lo, hi = 0, len(self.text)
                inside = False
                for s, e in chosen:
                    if e <= m.start:
                        lo = max(lo, e + 1)
                    elif s >= m.end:
                        hi = min(hi, s - 1)
                    else:
                        inside = True
                if inside or (win := self.window(i, budget, lo, hi)) is None:
                    continue
                start, end, j = win
                keys = {x.key for x in self.matches[i:j] if x.end <= end}
                score = (len(keys - shown), len(keys), j - i, -i)
                if best is None or score > best[0]:
                    best = (score, (start, end), keys)
            if best is None:
                break
            chosen.append(best[1])
            shown |= best[2]
        return sorted(chosen)


def _segments(
    text: str, start: int, end: int, matches: list[_Match]
) -> tuple[tuple[str, bool], ...]:
    segments: list[tuple[str, bool]] = []
    pos = start
    first = bisect_left([m.end for m in matches], start + 1)
    for m in matches[first:]:
        if m.start >= end:
            break
        s, e = max(m.start, start), min(m.end, end)
        if s > pos:
            segments.append((text[pos:s], False))
        segments.append((text[s:e], True))
        pos = e
    if pos < end:
        segments.append((text[pos:end], False))
    cleaned = [(_WS.sub(" ", seg), marked) for seg, marked in segments]
    if cleaned:
        cleaned[0] = (cleaned[0][0].lstrip(), cleaned[0][1])
        cleaned[-1] = (cleaned[-1][0].rstrip(), cleaned[-1][1])
    return tuple(seg for seg in cleaned if seg[0])


def make_snippet(
    text: str,
    terms: Collection[str],
    *,
    phrases: Sequence[Sequence[str]] = (),
    patterns: Sequence[str] = (),
    max_chars: int = 300,
    max_fragments: int = 3,
) -> Snippet:
    """The best fragments of ``text`` around the matches of ``terms``, ``phrases``, ``patterns``.

    ``terms`` and ``phrases`` hold index terms (as :func:`~newsearch.analysis.term_for` makes
    them); ``patterns`` hold prefix/wildcard patterns (``sanction*``) and fuzzy words (``irna~``).
    """
    stripped = text.strip()
    if not stripped:
        return Snippet()
    max_chars, max_fragments = max(1, max_chars), max(1, max_fragments)
    prefetch_terms(stripped)
    matcher = _Matcher(terms, phrases, patterns)
    matches: list[_Match] = []
    if matcher.terms or matcher.phrases or matcher.wildcards or matcher.fuzzy:
        pos = 0
        while pos < len(text) and not matches:
            end = len(text) if len(text) - pos <= LONG_TEXT else word_end(text, pos + CHUNK, pos)
            end = max(end, pos + 1)
            matches = matcher.matches(text, _tokens(text, pos, end))
            pos = end
    matches = matches[:_MAX_MATCHES]
    spans: list[tuple[int, int]] = []
    if matches:
        lo = max(0, matches[0].start - max_chars)
        bounds = sentence_bounds(text, lo, min(len(text), matches[-1].end + max_chars))
        chooser = _Chooser(text, matches, bounds)
        best = (-1, 0)
        distinct = len({m.key for m in matches})
        for count in range(1, max_fragments + 1):
            chosen = chooser.choose(max_chars // count, count)
            keys = {m.key for m in matches for s, e in chosen if s <= m.start and m.end <= e}
            if chosen and (len(keys), -count) > best:
                best, spans = (len(keys), -count), chosen
            if best[0] == distinct:  # every term shown: more fragments cannot do better
                break
        for i in range(len(spans) - 1, 0, -1):  # fragments a few words apart become one
            if spans[i][0] - spans[i - 1][1] <= _JOIN_GAP:
                spans[i - 1 : i + 1] = [(spans[i - 1][0], spans[i][1])]
    if not spans:
        bounds = sentence_bounds(text, 0, min(len(text), 2 * max_chars))
        start = bounds[0][0]
        k = bisect_right(bounds[1], start + max_chars) - 1
        if k >= 0 and bounds[1][k] - start >= max_chars // 2:
            end = bounds[1][k]
        else:
            end = word_end(text, start + max_chars, start + 1)
        spans = [(start, end)]
    fragments = tuple(_segments(text, s, e, matches) for s, e in spans)
    return Snippet(
        fragments=tuple(f for f in fragments if f),
        at_start=not text[: spans[0][0]].strip(),
        at_end=not text[spans[-1][1] :].strip(),
    )
