"""Suggestions: "did you mean" for query words the index has never seen.

A word is corrected only when no article contains it. Candidates are index terms within two
edits of the folded word: first from people's and countries' names (stored unstemmed, so
``khamenie`` -> *khamenei*, ``ukrane`` -> *ukraine*), then from titles and bodies, whose terms
are stems: a stem is shown as the English word it stands for when one is found
(``offici`` -> *official*), else as is. Among candidates the closest wins, then the commonest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from .analysis import edit_distance, fold, term_for
from .backend.base import Reader
from .fields import NAME_WORD_FIELDS, TEXT_FIELDS

_SUFFIXES = ("", "e", "s", "y", "al", "es", "ed", "ing", "ion", "ation", "ate", "ent", "er", "ic")


@cache
def _english_words() -> frozenset[str]:
    from . import nltkdata

    nltkdata.ensure("words")
    from nltk.corpus import words

    return frozenset(w.lower() for w in words.words())


def surface_word(stem: str) -> str:
    """A readable English word whose stem is ``stem`` (the stem itself when none is known)."""
    try:
        vocabulary = _english_words()
    except Exception:  # noqa: BLE001 - without the words corpus the stem is shown as is
        return stem
    for suffix in _SUFFIXES:
        word = stem + suffix
        if word in vocabulary and term_for(word) == stem:
            return word
    return stem


def _known(reader: Reader, word: str) -> bool:
    term = term_for(word)
    if not term:
        return True
    folded = fold(word)
    return any(reader.doc_frequency(f, term) for f in TEXT_FIELDS) or any(
        reader.doc_frequency(f, folded) for f in NAME_WORD_FIELDS
    )


def correct_word(reader: Reader, word: str) -> str | None:
    """The best known word within two edits of ``word``, or None."""
    folded = fold(word)
    maxdist = 1 if len(folded) <= 4 else 2
    best: tuple[int, int, str] | None = None
    for fields, is_stem in ((NAME_WORD_FIELDS, False), (TEXT_FIELDS, True)):
        for field in fields:
            target = term_for(word) if is_stem else folded
            for term, frequency in reader.terms_within(field, target, maxdist, prefix=1):
                shown = surface_word(term) if is_stem else term
                key = (edit_distance(folded, shown), -frequency, shown)
                if shown != folded and (best is None or key < best):
                    best = key
        if best is not None:
            break
    return best[2] if best else None


def suggest_query(reader: Reader, text: str, words: Iterable[str]) -> str | None:
    """``text`` with each unknown word corrected, or None when nothing could be corrected."""
    changed = False
    for word in dict.fromkeys(words):
        if _known(reader, word):
            continue
        fixed = correct_word(reader, word)
        if fixed is not None:
            pattern = r"(?<![\w:])" + re.escape(word) + r"(?!\w)"
            text = re.sub(pattern, fixed, text, flags=re.IGNORECASE)
            changed = True
    return text if changed else None
