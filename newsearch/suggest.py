"""Suggestions: "did you mean" for query words the index has never seen.

A word is corrected only when no article contains it. Candidates are index terms within two
edits of the folded word (one for words of four letters or fewer), from people's and countries'
names (stored unstemmed: ``khamenie`` -> *khamenei*) and from titles and bodies, whose terms
are stems shown as the English word they stand for when one is found (``offici`` ->
*official*). Every candidate is weighed, noisy-channel style, by

* its distance: each edit costs :data:`EDIT_COST` (a factor of e**3 in likelihood);
* how common it is: ``ln(1 + articles)``;
* the other words of the query: ``ln(1 + articles with the candidate and those words)``, so
  ``oil prces`` -> *oil prices*, not a rarer name that never meets *oil*;
* for a word typed in lower case, a dictionary word (NLTK's ``words``) is preferred to a
  name (:data:`DICTIONARY_BONUS`): ``cofee`` -> *coffee*, not *cohen*.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import cache

from .analysis import edit_distance, fold, term_for
from .backend.base import Plan, Reader
from .fields import NAME_WORD_FIELDS, TEXT_FIELDS
from .query import ast

_SUFFIXES = ("", "e", "s", "y", "al", "es", "ed", "ing", "ion", "ation", "ate", "ent", "er", "ic")
#: Cost of one edit, against ln(frequency) of the candidate.
EDIT_COST = 3.0
#: Weight of a dictionary word for a lower-case typo.
DICTIONARY_BONUS = 2.0
#: Candidates (by distance and frequency) whose co-occurrence with the other words is counted.
CONTEXT_CANDIDATES = 6


@cache
def _english_words() -> frozenset[str]:
    from . import nltkdata

    nltkdata.ensure("words")
    from nltk.corpus import words

    return frozenset(w.lower() for w in words.words())


def _vocabulary() -> frozenset[str]:
    try:
        return _english_words()
    except Exception:  # noqa: BLE001 - without the words corpus no word is preferred
        return frozenset()


def surface_word(stem: str, typed: str = "", seen: Iterable[str] = ()) -> str:
    """A readable word whose stem is ``stem``: of the English words and the words ``seen`` in
    the index with that stem, the closest to ``typed`` (``prces`` -> *prices*, not *price*),
    English words first; the stem itself when none is known."""
    vocabulary = _vocabulary()
    words = [
        stem + suffix
        for suffix in _SUFFIXES
        if stem + suffix in vocabulary and term_for(stem + suffix) == stem
    ]
    words += [w for w in seen if w.isalpha() and w not in words and term_for(w) == stem]
    if not words:
        return stem
    if not typed:
        return words[0]
    return min(words, key=lambda w: (edit_distance(typed, w), w not in vocabulary))


def _known(reader: Reader, word: str) -> bool:
    term = term_for(word)
    if not term:
        return True
    folded = fold(word)
    return any(reader.doc_frequency(f, term) for f in TEXT_FIELDS) or any(
        reader.doc_frequency(f, folded) for f in NAME_WORD_FIELDS
    )


def _clause(word: str) -> ast.Node | None:
    """What an article must hold to contain ``word`` (in its text or names)."""
    term = term_for(word)
    if not term:
        return None
    return ast.any_of([ast.Term(f, term) for f in TEXT_FIELDS])


def _candidates(reader: Reader, word: str) -> dict[str, int]:
    """Shown word -> articles holding it, for index terms near ``word``."""
    folded = fold(word)
    maxdist = 1 if len(folded) <= 4 else 2
    found: dict[str, int] = {}
    for field in NAME_WORD_FIELDS:
        for term, frequency in reader.terms_within(field, folded, maxdist, prefix=1):
            found[term] = max(found.get(term, 0), frequency)
    stem = term_for(word) or folded
    for field in TEXT_FIELDS:
        for term, frequency in reader.terms_within(field, stem, maxdist, prefix=1):
            shown = surface_word(term, folded, reader.surface_forms(term))
            found[shown] = max(found.get(shown, 0), frequency)
    found.pop(folded, None)
    return found


def correct_word(reader: Reader, word: str, context: Iterable[str] = ()) -> str | None:
    """The likeliest known word near ``word``, given the other query words ``context``."""
    folded = fold(word)
    found = _candidates(reader, word)
    if not found:
        return None
    lower = word == word.lower()
    vocabulary = _vocabulary()

    def prior(shown: str) -> float:
        score = math.log1p(found[shown]) - EDIT_COST * edit_distance(folded, shown)
        if lower and shown in vocabulary:
            score += DICTIONARY_BONUS
        return score

    ranked = sorted(found, key=lambda s: (-prior(s), s))
    others = [c for c in (_clause(w) for w in context) if c is not None]
    if not others:
        return ranked[0]
    scores = {}
    for shown in ranked[:CONTEXT_CANDIDATES]:
        clause = _clause(shown)
        together = 0
        if clause is not None:
            plan = Plan(query=ast.And((clause, *others)), limit=1)
            together = reader.search(plan).total
        scores[shown] = prior(shown) + math.log1p(together)
    return max(scores, key=lambda s: (scores[s], -ranked.index(s)))


def suggest_query(reader: Reader, text: str, words: Iterable[str]) -> str | None:
    """``text`` with each unknown word corrected, or None when nothing could be corrected."""
    words = list(dict.fromkeys(words))
    known = [w for w in words if _known(reader, w)]
    changed = False
    for word in words:
        if word in known:
            continue
        fixed = correct_word(reader, word, known)
        if fixed is not None:
            pattern = r"(?<![\w:])" + re.escape(word) + r"(?!\w)"
            text = re.sub(pattern, fixed, text, flags=re.IGNORECASE)
            changed = True
    return text if changed else None
