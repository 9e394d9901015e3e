"""Sentences worth reading for names, and the NLTK models that split and tag them.

Curly quotes are straightened; blocks split at blank and indented lines; blocks that are tables
of figures are read line by line (and judged strictly); punkt splits the rest. Non-English text,
ALL-CAPS and Title-Case sentences (headlines) and sentences without a capitalised word past the
first are left out.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from .places import canonical_country
from .wordlists import common_words, foreign_stop_words, stop_words

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\xa0": " "})
_BLOCKS = re.compile(r"\n\s*\n|\n(?=[ \t])")
_CAP_START = re.compile(r"(?:^|[\s(\"'])([A-Z])")


#: The flags stdlib ``re`` shares with the ``regex`` module (same values).
_RE_FLAGS = re.I | re.M | re.S | re.X | re.U | re.A


def _plain(pattern: Any) -> re.Pattern[str]:
    """One of NLTK's own patterns, which it compiles with ``regex`` and runs under a timeout
    (its guard against caller-supplied patterns), compiled by stdlib ``re``: the same tokens
    (a test compares them) in 40% of the time; word tokens were a third of extraction."""
    if isinstance(pattern, re.Pattern):
        return pattern
    return re.compile(pattern.pattern, pattern.flags & _RE_FLAGS)


def _plain_models() -> tuple[Any, Any]:
    """Punkt and NLTK's word tokenizer, their patterns compiled by :func:`_plain`."""
    from nltk.tokenize import PunktTokenizer
    from nltk.tokenize.destructive import NLTKWordTokenizer as Words
    from nltk.tokenize.punkt import PunktLanguageVars

    class PlainWords(Words):
        STARTING_QUOTES = [(_plain(p), sub) for p, sub in Words.STARTING_QUOTES]
        PUNCTUATION = [(_plain(p), sub) for p, sub in Words.PUNCTUATION]
        PARENS_BRACKETS = (_plain(Words.PARENS_BRACKETS[0]), Words.PARENS_BRACKETS[1])
        CONVERT_PARENTHESES = [(_plain(p), sub) for p, sub in Words.CONVERT_PARENTHESES]
        DOUBLE_DASHES = (_plain(Words.DOUBLE_DASHES[0]), Words.DOUBLE_DASHES[1])
        ENDING_QUOTES = [(_plain(p), sub) for p, sub in Words.ENDING_QUOTES]
        CONTRACTIONS2 = [_plain(p) for p in Words.CONTRACTIONS2]
        CONTRACTIONS3 = [_plain(p) for p in Words.CONTRACTIONS3]

    class PlainVars(PunktLanguageVars):
        re_boundary_realignment = _plain(PunktLanguageVars.re_boundary_realignment)

        def __init__(self) -> None:
            super().__init__()
            self._words = _plain(self._word_tokenizer_re())
            self._context = _plain(super().period_context_re())

        def word_tokenize(self, s: str) -> list[str]:
            return self._words.findall(s)

        def period_context_re(self) -> re.Pattern[str]:
            return self._context

    class PlainPunkt(PunktTokenizer):
        def __init__(self) -> None:
            super().__init__("english")
            self._lang_vars = PlainVars()

    punkt = PlainPunkt()
    return punkt, PlainWords()


@cache
def nltk_models() -> tuple[Any, Any, Any]:
    """(punkt sentence splitter, word tokenizer, perceptron tagger), loaded once per process."""
    from nltk.tag.perceptron import PerceptronTagger

    from ..nltkdata import ensure

    ensure()
    return (*_plain_models(), PerceptronTagger())


@cache
def frequent_words() -> frozenset[str]:
    """English words (:func:`common_words`) that news uses often: those the perceptron tagger
    learned a weight for (12,204 words of the Wall Street Journal, folded). "Goran", "Smyth"
    and "Simian" are in NLTK's 236,000 ``words``, not here."""
    weights = nltk_models()[2].model.weights
    known = {key[7:] for key in weights if key.startswith("i word ")}
    common = common_words()
    return frozenset(w for w in known if w in common)


def _english(text: str) -> bool:
    """No more function words of other languages than English ones (NLTK ``stopwords``), give
    or take one: "Ronald Reagan met Mikhail Gorbachev." has the Dutch "met" and no English one."""
    words = re.findall(r"[^\W\d_]+", text[:3000].lower())
    english, foreign = stop_words(), foreign_stop_words()
    return sum(w in english for w in words) + 1 >= sum(w in foreign for w in words)


def _headline(sentence: str) -> bool:
    """ALL-CAPS or Title-Case text: names cannot be told from other words there."""
    upper = len(re.findall(r"[A-Z]", sentence))
    lower = len(re.findall(r"[a-z]", sentence))
    if upper > 2 * lower:
        return True
    titled = re.findall(
        r"\s(In|On|At|Of|The|To|For|And|With|From|By|As|Is|Are|Has|Have)\s", sentence
    )
    return len(titled) >= 2


def is_table(block: str) -> bool:
    """A block of text that is mostly figures (a table)."""
    return len(re.findall(r"\d[\d.,]*", block)) >= 0.25 * max(1, len(block.split()))


def sentences(text: str) -> list[tuple[str, bool]]:
    """(sentence, strict) pairs worth analysing; ``strict`` for lines of tables of figures."""
    return [(s, strict) for s, strict in _all_sentences(text) if worth_reading(s)]


def headlines(text: str) -> list[str]:
    """The headlines (ALL-CAPS or Title-Case sentences) of ``text``, left out of :func:`sentences`.

    Their words cannot be told from names, but the countries they name are read from them.
    """
    return [s for s, strict in _all_sentences(text) if not strict and _headline(s)]


@lru_cache(maxsize=8)  # sentences() and headlines() of one article split it once
def _all_sentences(text: str) -> tuple[tuple[str, bool], ...]:
    if not text or not _english(text):
        return ()
    punkt = nltk_models()[0]
    found: list[tuple[str, bool]] = []
    for block in _BLOCKS.split(text.translate(_QUOTES)):
        if not block.strip():
            continue
        if is_table(block):
            found.extend((line, True) for line in block.splitlines() if line.strip())
        else:
            found.extend((s, False) for s in punkt.tokenize(block))
    return tuple(found)


def worth_reading(sentence: str) -> bool:
    """A sentence that may hold a name: a capitalised word past its start, not a headline."""
    caps = [m.start(1) for m in _CAP_START.finditer(sentence)]
    if not caps or _headline(sentence):
        return False
    if len(caps) == 1 and caps[0] <= 2:
        first = re.match(r"\W*(\w+)", sentence)
        if first is None:
            return False
        word = first.group(1)
        return word.lower() not in common_words() or canonical_country(word) is not None
    return True
