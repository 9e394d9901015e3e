"""Suggestions: "did you mean" for query words the index has never seen.

A word is corrected only when no article contains it. Candidates are index terms within two
edits of the folded word: first from people's and countries' names (stored unstemmed, so
``khamenie`` -> *khamenei*, ``ukrane`` -> *ukraine*), then from titles and bodies, whose terms
are stems: a stem is shown as the English word it stands for when one is found
(``offici`` -> *official*), else as is. Among candidates the closest wins, then the commonest.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .analysis import edit_distance, fold, term_for
from .schema import NAME_FIELDS, TEXT_FIELDS

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


def _known(reader: Any, word: str) -> bool:
    term = term_for(word)
    if not term:
        return True
    folded = fold(word)
    return any(reader.doc_frequency(f, term) for f in TEXT_FIELDS) or any(
        reader.doc_frequency(f, folded) for f in NAME_FIELDS
    )


def correct_word(reader: Any, word: str) -> str | None:
    """The best known word within two edits of ``word``, or None."""
    folded = fold(word)
    maxdist = 1 if len(folded) <= 4 else 2
    best: tuple[int, int, str] | None = None
    for fields, is_stem in ((NAME_FIELDS, False), (TEXT_FIELDS, True)):
        for field in fields:
            if field not in reader.schema:
                continue
            target = term_for(word) if is_stem else folded
            for raw in reader.terms_within(field, target, maxdist, prefix=1):
                term = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
                shown = surface_word(term) if is_stem else term
                key = (edit_distance(folded, shown), -reader.doc_frequency(field, raw), shown)
                if shown != folded and (best is None or key < best):
                    best = key
        if best is not None:
            break
    return best[2] if best else None


def suggest_query(searcher: Any, parsed: Any) -> str | None:
    """The query with each unknown word corrected, or None when nothing could be corrected."""
    reader = searcher.reader()
    text = parsed.text
    changed = False
    for word in dict.fromkeys(parsed.words):
        if _known(reader, word):
            continue
        fixed = correct_word(reader, word)
        if fixed is not None:
            pattern = r"(?<![\w:])" + re.escape(word) + r"(?!\w)"
            text = re.sub(pattern, fixed, text, flags=re.IGNORECASE)
            changed = True
    return text if changed else None
