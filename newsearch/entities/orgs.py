"""Organisations: which spans name a company, institution, party, club or newspaper.

Evidence inside one article (:func:`organization`), strongest first:

* an organisation word in the run ("Texaco Inc", "Bank of England", "Labour Party", "Merrill
  Lynch Capital Markets"): :data:`~.wordlists.ORG_HEADS`; company suffixes are left out of the
  name (:data:`~.wordlists.ORG_SUFFIXES`: "Texaco Inc" -> "Texaco");
* "and Co" / "& Co" / "and Sons" after it ("Goldman Sachs and Co");
* the words around it: "analyst at X", "economist with X", "lead manager X", "managed by X",
  "X analyst", "X shares";
* an acronym ("OPEC", "NATO") that is not a country or an English word.

A name with such evidence anywhere in an article is an organisation all through it, never a
person. Weaker evidence (:func:`weak_organization`) counts only for a name the article never
writes with a given name or a title: "a spokesman for X", "X said in a statement", "the
newspaper X", "X newspaper" (people have spokesmen and make statements too). Across the
archive, :mod:`newsearch.names` moves to the organisations a name that is filed as a person
in some articles and as an organisation in others (a fifth of them or more).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .places import canonical_country
from .spans import Span
from .wordlists import COMPASS, NOT_NAMES, ORG_HEADS, ORG_SUFFIXES, common_words


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: lower-case words before "at"/"with" that say an organisation follows ("analyst at X")
_WORKS_AT = _set(
    """analyst analysts economist economists strategist strategists dealer dealers trader
    traders official officials executive executives director president chairman partner
    banker bankers"""
)
#: lower-case words right after a name that say it is an organisation ("X analyst")
_AFTER = _set("analyst analysts economist economists shares stock unit subsidiary")
_MANAGERS = _set("manager co-manager managers co-managers underwriter underwriters")
_MANAGER_KINDS = _set("lead sole joint co-lead")
_BY = _set("managed co-managed underwritten")
#: words right before or after a name that say, weakly, it is an organisation
_KINDS = _set("newspaper daily agency magazine weekly bank banks firm brokerage insurer airline")
_WEAK_AFTER = _KINDS | _set("spokesman spokeswoman spokesmen spokesperson")
_SPOKES = _set("spokesman spokeswoman spokesmen spokesperson")
_STATEMENT = ("said", "in", "a", "statement")
_ACRONYM = re.compile(r"(?:[A-Z][A-Z&]{1,5}|(?:[A-Z]\.){2,4})\Z")
_ROMAN = re.compile(r"[IVXLC]+\Z")


def org_name(words: Sequence[str]) -> str | None:
    """The name of an organisation written ``words``: company suffixes and a trailing "and"
    left out ("Texaco Inc" -> "Texaco"); None when nothing but an organisation word is left."""
    kept = list(words)
    based = [i for i, w in enumerate(kept) if w.endswith("-based")]  # "Boston-based X Inc"
    if based:
        kept = kept[based[-1] + 1 :]
    while kept and (kept[-1].lower() in ORG_SUFFIXES or kept[-1] in ("&", "and", ",", "of")):
        kept.pop()
    if not kept or (len(kept) == 1 and kept[0].lower() in ORG_HEADS):
        return None
    if kept[0].lower() in COMPASS or (len(kept) > 1 and all(w.isupper() for w in kept)):
        return None  # "West Bank"; "PRESS DIGEST" (a headline)
    return " ".join(kept)


def _by_context(tokens: Sequence[str], start: int, end: int) -> bool:
    prev1 = tokens[start - 1].lower() if start >= 1 else ""
    prev2 = tokens[start - 2].lower() if start >= 2 else ""
    if prev1 in ("at", "with") and prev2 in _WORKS_AT:
        return True
    if prev1 in _MANAGERS and (prev2 in _MANAGER_KINDS or prev1.startswith("under")):
        return True
    if prev1 == "by" and prev2 in _BY:
        return True
    after = tokens[end] if end < len(tokens) else ""
    return end - start >= 2 and after in _AFTER


def weak_organization(tokens: Sequence[str], start: int, end: int) -> bool:
    """Words around ``tokens[start:end]`` that say, weakly, it is an organisation."""
    prev1 = tokens[start - 1].lower() if start >= 1 else ""
    prev2 = tokens[start - 2].lower() if start >= 2 else ""
    if (prev1 == "for" and prev2 in _SPOKES) or prev1 in _KINDS:
        return True
    after = tokens[end].lower() if end < len(tokens) else ""
    return after in _WEAK_AFTER or tuple(t.lower() for t in tokens[end : end + 4]) == _STATEMENT


def acronym(word: str) -> bool:
    """An organisation's acronym: capitals, not a country ("U.S."), an English word or a
    roman numeral."""
    if not _ACRONYM.match(word) or _ROMAN.match(word):
        return False
    low = word.lower()
    return low not in NOT_NAMES and low not in common_words() and not canonical_country(word)


def organization(tokens: Sequence[str], span: Span) -> str | None:
    """The organisation ``span`` (a candidate of sentence ``tokens``) names, or None."""
    if span.country:
        return None
    start, end = span.run
    if span.prefix and span.start == span.end:
        return None  # "U.S. Rose"
    if any(w.lower() in ORG_HEADS for w in span.words):  # not in a title: "Press Secretary X"
        return org_name(tokens[start:end])
    if span.org:
        return org_name(span.words)
    if span.words and _by_context(tokens, span.start, span.end):
        return org_name(span.words)
    if len(span.words) == 1 and not span.strict and acronym(span.words[0]):
        return span.words[0]
    return None
