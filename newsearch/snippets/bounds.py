"""Where a snippet may start and end: sentence starts and ends, else word boundaries."""

from __future__ import annotations

import re

_WORD_SEARCH = 40  # how far to look for a word boundary before giving up
_SENTENCE_GAP = re.compile(r"[.?!][\"”’')\]]*(\s+)|\s*\n[ \t]*\n\s*")  # blank line: paragraph
_ABBREVIATIONS = re.compile(
    r"mr|mrs|ms|dr|st|gen|sen|rep|gov|lt|col|sgt|jr|sr|prof|inc|corp|co|ltd|no|vs"
)


def sentence_bounds(text: str, lo: int, hi: int) -> tuple[list[int], list[int]]:
    """Sentence starts and ends in ``text[lo:hi]`` (text start and end included)."""
    starts, ends = [len(text) - len(text.lstrip())], [len(text.rstrip())]
    for m in _SENTENCE_GAP.finditer(text, lo, hi):
        if m.group(1) is None:
            end, start = m.start(), m.end()
        else:
            end, start = m.start(1), m.end()
            if m.group(1).count("\n") < 2:  # not a paragraph break
                nxt = text[start : start + 2]
                if not nxt or not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in "\"“‘'("):
                    continue
                word = text[text.rfind(" ", 0, m.start()) + 1 : m.start()].lower()
                if len(word) == 1 or "." in word or _ABBREVIATIONS.fullmatch(word):
                    continue
        starts.append(start)
        ends.append(end)
    return sorted(set(starts)), sorted(set(ends))


def word_start(text: str, p: int, limit: int) -> int:
    """A word start at or after ``p`` (not past ``limit``), else the one before ``p``."""
    if p <= 0:
        return 0
    q = p
    while q < limit and q - p < _WORD_SEARCH and not text[q - 1].isspace():
        q += 1
    if not text[q - 1].isspace():
        q = p
        while q > 0 and p - q < _WORD_SEARCH and not text[q - 1].isspace():
            q -= 1
    while q < limit and text[q].isspace():
        q += 1
    return q


def word_end(text: str, p: int, floor: int) -> int:
    """A word end at or before ``p`` (not before ``floor``), else the one after ``p``."""
    n = len(text)
    if p >= n:
        return n
    q = p
    while q > floor and p - q < _WORD_SEARCH and not text[q].isspace():
        q -= 1
    if not text[q].isspace():
        q = p
        while q < n and q - p < _WORD_SEARCH and not text[q].isspace():
            q += 1
    while q > floor and text[q - 1].isspace():
        q -= 1
    return q
