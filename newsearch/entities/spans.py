"""Candidate name spans of one tokenized sentence (stage 2 of :mod:`.extract`).

Runs of capitalised words (lower-case particles such as "bin", "van" allowed inside); a
capitalised English word at a sentence-initial position is kept only when the perceptron tagger,
run on a window of a few tokens around it, tags it NNP/NNPS. Leading countries and demonyms are
split off ("Iranian President Ebrahim Raisi"), titles stripped ("Supreme Leader Ayatollah Ali
Khamenei" -> "Ali Khamenei"). A run ending in an organisation word goes on through "of"
("Bank of England").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .places import canonical_country
from .sentences import frequent_words, nltk_models
from .wordlists import (
    HONORIFICS,
    NOT_NAMES,
    ORG_HEADS,
    ORG_SUFFIXES,
    ORG_WORDS,
    PARTICLES,
    PARTIES,
    ROLES,
    TITLES,
    common_words,
    given_names,
    stop_words,
)

_NAME_WORD = re.compile(r"[^\W\d_]+(?:[-'.][^\W\d_]*)*\Z")
_INITIAL_AFTER = frozenset({"``", "''", '"', "'", "(", "[", ":", ";", "--", "-", "*", "..."})
_NOUN_TAGS = frozenset({"NNP", "NNPS"})


@dataclass(frozen=True)
class Span:
    """A candidate in one sentence: words[start:end] after titles and leading country."""

    start: int
    end: int
    words: tuple[str, ...]
    titled: bool = False
    country: str | None = None
    prefix: tuple[int, int, str] | None = None
    strict: bool = False
    org: bool = False
    run: tuple[int, int] = (0, 0)  # the whole run of capitalised words, titles and all


def _is_name_word(token: str) -> bool:
    return token[:1].isupper() and _NAME_WORD.match(token) is not None


def _is_particle(tokens: Sequence[str], j: int) -> bool:
    token = tokens[j]
    if token.startswith(("al-", "el-")) and token[3:4].isupper():
        return True
    if token not in PARTICLES or j + 1 >= len(tokens):
        return False
    if tokens[j + 1] in PARTICLES:  # "van der", "de la": a name word after the two
        return j + 2 < len(tokens) and _is_name_word(tokens[j + 2])
    return _is_name_word(tokens[j + 1])


def _keep_initial(tokens: Sequence[str], i: int, tags: list[str] | None) -> bool:
    """Is the capitalised word at a sentence-initial position a name, not an ordinary word?"""
    low = tokens[i].lower()
    if canonical_country(tokens[i]) and (low not in stop_words() or tokens[i].isupper()):
        return True  # "Japan said...", "US exports..."
    if low in stop_words():
        return False
    if tokens[i] in given_names() and i + 1 < len(tokens) and _is_name_word(tokens[i + 1]):
        return True  # "1 - Pete Sampras", "Mark Rutherford scored"
    if tags is not None:
        return tags[i] in _NOUN_TAGS
    common = frequent_words()  # "Goran" is in NLTK's words, not in news
    if low not in common and not all(part in common for part in low.split("-")):
        return True
    window = list(tokens[max(0, i - 1) : i + 4])
    tagged = nltk_models()[2].tag(window)
    return tagged[min(i, 1)][1] in _NOUN_TAGS


def _verb_after_country(tokens: Sequence[str], i: int) -> bool:
    """Is the capitalised common word after a country a verb ("U.S. Rose", "Japan Says")?"""
    low = tokens[i].lower()
    if low not in common_words():
        return False
    window = [tokens[i - 1], low, *tokens[i + 1 : i + 3]]
    return nltk_models()[2].tag(window)[1][1].startswith("VB")


def _split_run(tokens: Sequence[str], s: int, e: int, strict: bool) -> Span | None:
    first = s
    while s < e and (tokens[s].lower() in NOT_NAMES or tokens[s] == "May"):
        s += 1  # "May" ends a name ("Theresa May") but starts none
    while s < e and tokens[e - 1].lower() in NOT_NAMES:
        e -= 1
    if s == e:
        return None
    if not all(t.lower() in PARTIES for t in tokens[first:s]):
        first = s
    run = (first, e)  # an organisation's name keeps "Labour" ("Labour Party")
    words = tokens[s:e]
    whole = canonical_country(" ".join(words))
    if whole:
        return Span(s, e, tuple(words), country=whole, strict=strict, run=run)
    given = given_names()
    prefix = None
    for k in range(min(3, e - s - 1), 0, -1):
        country = canonical_country(" ".join(words[:k]))
        if country and not (k == 1 and words[0] in given):
            prefix, s = (s, s + k, country), s + k
            break
    if prefix and e - s == 1 and _verb_after_country(tokens, s):
        return Span(
            s, s, (), prefix=prefix, strict=strict, run=run
        )  # "U.S. Rose 5 Pct", "Japan Says"
    # titles: strip up to the last title word that leaves a name ("EU Farm Commissioner X")
    cut = max((j for j in range(s, e - 1) if tokens[j].lower() in TITLES), default=-1)
    titled = cut >= 0
    if titled:
        s = cut + 1
        while s < e and tokens[s].lower() in TITLES:
            s += 1
    elif tokens[s] not in given:  # "Near Eastern Affairs Robert Pelletreau"
        common = common_words()
        for j in range(s + 1, e - 1):
            if tokens[j] in given and all(t.lower() in common for t in tokens[s:j]):
                s = j
                break
    while s < e and (tokens[e - 1] in PARTICLES or tokens[s] in PARTICLES):
        e, s = (e - 1, s) if tokens[e - 1] in PARTICLES else (e, s + 1)
    before = [t.lower() for t in tokens[max(0, s - 2) : s] if t != ","]
    titled = titled or bool(before and before[-1] in ROLES)
    if titled and e - s == 1 and tokens[s].lower() in common_words():
        lower_role = s > 0 and tokens[s - 1].islower() and not tokens[s].endswith("s")
        titled = lower_role or (
            bool(before) and before[-1] in HONORIFICS
        )  # not "General Agreement"
    after = tokens[e : e + 3]
    listed = len(after) == 3 and after[0] == "(" and after[2] == ")"
    listed = listed and canonical_country(after[1]) is not None  # "Rubens Barrichello ( Brazil )"
    after = list(after)
    org = after[:1] in (["&"], ["and"]) and after[1:2] in (["Co"], ["Co."], ["Sons"], ["Company"])
    words = tokens[s:e]
    strict = strict and not listed
    return Span(s, e, tuple(words), titled, prefix=prefix, strict=strict, org=org, run=run)


def _of_org(tokens: Sequence[str], j: int) -> bool:
    """The "of" of an organisation's name ("Bank of England")."""
    return (
        tokens[j] == "of"
        and tokens[j - 1].lower() in ORG_HEADS
        and tokens[j - 1].lower() not in ORG_SUFFIXES  # not "X Inc of St. Petersburg"
        and j + 1 < len(tokens)
        and _is_name_word(tokens[j + 1])
    )


def spans(tokens: Sequence[str], strict: bool = False, full_tagging: bool = False) -> list[Span]:
    """Candidate spans of one tokenized sentence (see the module docstring, stage 2)."""
    tags = None
    if full_tagging:
        tags = [tag for _, tag in nltk_models()[2].tag(list(tokens))]
    found: list[Span] = []
    n, i = len(tokens), 0
    while i < n:
        if not _is_name_word(tokens[i]):
            i += 1
            continue
        j = i + 1
        while j < n and (_is_name_word(tokens[j]) or _is_particle(tokens, j) or _of_org(tokens, j)):
            j += 1
        s = i
        if (i == 0 or tokens[i - 1] in _INITIAL_AFTER) and not _keep_initial(tokens, i, tags):
            s += 1
            if "of" in tokens[i:j]:
                s = j  # "Bank of England" with "Bank" taken for a common word: not a name
        org_of = i >= 2 and tokens[i - 1] == "of" and tokens[i - 2].lower() in ORG_WORDS
        if s < j and not org_of:
            span = _split_run(tokens, s, j, strict)
            if span is not None:
                found.append(span)
        i = j
    return found
