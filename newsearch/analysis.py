"""Analysis: the one text pipeline used at index time and at query time.

:func:`index_terms` turns text into index terms in one pass (each backend wraps these
functions in its own analyzer objects; nothing here knows an index):

1. **tokenize** with a news-aware pattern: dotted abbreviations stay whole (``U.S.`` -> ``us``,
   so ``U.S.`` and ``US`` find each other; Whoosh's default tokenizer makes ``u`` + ``s``),
   numbers keep their decimal point (``5.93``) and lose thousands separators
   (``155,221`` -> ``155221``), and possessives lose their ``'s`` (``Putin’s`` -> ``putin``);
2. **lowercase** and **fold accents** (``Erdoğan`` -> ``erdogan``, ``Øresund`` -> ``oresund``);
3. **drop stopwords** from a deliberately short list, :data:`STOPWORDS`. NLTK's 198-word
   English list also drops *who*, *it*, *us*, *may*, *will*, *can*, *no*, which in news are the
   WHO, IT, the US, the month of May, a will, a can...; the short list keeps those and drops only
   function words whose document frequency in Reuters-21578 is above 10% and which never carry
   meaning alone (see ``benchmarks/stopwords.py``). Positions are renumbered, as Whoosh does,
   so the phrase ``"Bank of England"`` matches the text *Bank of England*;
4. **stem** with NLTK's Snowball English stemmer (``drones`` -> ``drone``).

Steps 2-4 are memoized per distinct token (a dict lookup per token after the first sight), which
makes the whole pipeline cheaper than Whoosh's chain of separate filters.

:func:`name_terms` is the same without stopwords and stemming, for people and country names
(``people:putin`` finds *Vladimir Putin*).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from typing import Any

#: Short English stopword list (see the module docstring for how it was chosen).
STOPWORDS: frozenset[str] = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had",
        "has", "have", "he", "her", "his", "i", "in", "is", "its", "of", "on", "or", "she",
        "than", "that", "the", "their", "there", "they", "this", "to", "was", "were", "which",
        "with",
    }
)  # fmt: skip

TOKEN_PATTERN = re.compile(
    r"""
    (?:[^\W\d_]\.){2,}(?![^\W\d_])      # dotted abbreviations: U.S., U.K., U.S.A.
    | \d+(?:[.,]\d+)*                   # numbers: 5.93, 155,221, 2022
    | [^\W_]+(?:['’][^\W_]+)*           # words, with inner apostrophes: don't, O'Brien
    """,
    re.VERBOSE,
)

#: Positions skipped between two sentences or paragraphs, so that a phrase (or a proximity
#: boost) never joins the last word of one sentence to the first of the next.
SENTENCE_GAP = 1000
_SENTENCE_END = re.compile(r"[.!?]|\n\s*\n")
#: Words a full stop follows without ending the sentence (Mr. Smith, Jan. 5, Corp. said).
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "inc", "corp", "co", "ltd", "plc",
        "no", "nos", "vs", "gen", "gov", "sen", "rep", "lt", "col", "sgt", "capt", "jan", "feb",
        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft",
    }
)  # fmt: skip


def sentence_break(gap: str, previous: str) -> bool:
    """Whether the text ``gap`` between the token ``previous`` and the next one ends a
    sentence or a paragraph (a full stop after an abbreviation or an initial does not)."""
    found = _SENTENCE_END.search(gap)
    if found is None:
        return False
    if found.group(0) == "." and "\n" not in gap:
        word = previous.lower()
        return not (len(word) == 1 or word in _ABBREVIATIONS)
    return True


_SPECIAL_FOLDS = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
        "’": "'",
    }
)


def fold(text: str) -> str:
    """Lowercase and strip accents: ``Erdoğan`` -> ``erdogan``."""
    text = text.lower().translate(_SPECIAL_FOLDS)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_token(raw: str) -> str:
    """The folded form of one raw token, before stopping and stemming."""
    text = fold(raw)
    if "." in text and not text[0].isdigit():
        return text.replace(".", "")  # abbreviation
    if "," in text:
        return text.replace(",", "")  # 155,221
    if "'" in text:
        if text.endswith("'s"):
            text = text[:-2]
        text = text.replace("'", "")
    return text


_stemmer: Any = None
#: stems computed before (an index's vocabulary, see :func:`use_known_stems`)
_known_stems: Callable[[str], str | None] | None = None


def use_known_stems(lookup: Callable[[str], str | None] | None) -> None:
    """Consult ``lookup`` (word -> its stem, or None when never seen) before NLTK's stemmer.

    An index keeps the stems of every word it has analysed, so a query process stems the
    words it knows without importing NLTK (0.7 s); a word never seen falls back to NLTK.
    The stems are NLTK's own, so both ways give the same terms.
    """
    global _known_stems
    _known_stems = lookup


#: stems fetched in bulk from the index's table (:func:`prefetch_terms`)
_PREFETCHED: dict[str, str] = {}


def prefetch_terms(text: str) -> None:
    """Fetch in one look-up the kept stems of every word of ``text`` not memoized yet (a
    snippet stems a whole article: one query instead of one a word). Without an index's
    stems, or once NLTK's stemmer is loaded, it does nothing."""
    many = getattr(_known_stems, "many", None)
    if _stemmer is not None or many is None:
        return
    words = set()
    for m in TOKEN_PATTERN.finditer(text):
        if m[0] not in _TERMS:
            word = normalize_token(m[0])
            if word.isalpha() and word not in STOPWORDS and word not in _PREFETCHED:
                words.add(word)
    if words:
        if len(_PREFETCHED) > _CACHE_LIMIT:
            _PREFETCHED.clear()
        _PREFETCHED.update(many(words))


def stem(word: str) -> str:
    """Snowball English stem of a folded word (the caller memoizes)."""
    global _stemmer
    if not word.isalpha():
        return word
    if _stemmer is None:
        known = _PREFETCHED.get(word)
        if known is not None:
            return known
        if _known_stems is not None:
            known = _known_stems(word)
            if known is not None:
                return known
        from nltk.stem.snowball import EnglishStemmer

        _stemmer = EnglishStemmer()
    return str(_stemmer.stem(word))


# raw token -> index term ("" for a stopword); shared by every analyzer in the process.
_TERMS: dict[str, str] = {}
_NAMES: dict[str, str] = {}
_CACHE_LIMIT = 500_000
_generation = 0  # bumped when _TERMS is cleared
#: key (an index) -> (generation, entries of _TERMS already handed to it)
_handed: dict[str, tuple[int, int]] = {}


def term_for(raw: str) -> str:
    """Index term of one raw token, ``""`` when it is a stopword (memoized)."""
    term = _TERMS.get(raw)
    if term is None:
        word = normalize_token(raw)
        term = "" if word in STOPWORDS or not word else stem(word)
        if len(_TERMS) >= _CACHE_LIMIT:
            global _generation
            _TERMS.clear()
            _generation += 1
        _TERMS[raw] = term
    return term


def take_new_stems(key: str) -> dict[str, str]:
    """word -> stem of every word this process analysed since it last handed stems to ``key``
    (an index), for the index to keep (see :func:`use_known_stems`)."""
    generation, done = _handed.get(key, (_generation, 0))
    if generation != _generation:
        done = 0
    pairs: dict[str, str] = {}
    for raw, term in itertools.islice(_TERMS.items(), done, None):
        if term:
            word = normalize_token(raw)
            if word.isalpha():
                pairs[word] = term
    _handed[key] = (_generation, len(_TERMS))
    return pairs


def name_term_for(raw: str) -> str:
    """Index term of one raw token of a name: folded, not stemmed, not stopped."""
    term = _NAMES.get(raw)
    if term is None:
        term = normalize_token(raw)
        if len(_NAMES) >= _CACHE_LIMIT:
            _NAMES.clear()
        _NAMES[raw] = term
    return term


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Damerau-Levenshtein distance (an adjacent transposition is one edit).

    With ``limit``, stops early and returns ``limit + 1`` once the distance must exceed it.
    """
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if limit is not None and min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def exact_term_for(raw: str) -> str:
    """Exact index term of one raw token (``=word``): folded, not stemmed, ``""`` for a
    stopword (so positions agree with :func:`term_for`'s)."""
    word = normalize_token(raw)
    return "" if word in STOPWORDS else word


def exact_terms(text: str) -> list[str]:
    """Exact (unstemmed) index terms of a text, in order, stopwords dropped."""
    terms = (exact_term_for(m.group(0)) for m in TOKEN_PATTERN.finditer(text))
    return [t for t in terms if t]


def index_terms(text: str) -> list[str]:
    """Index terms of a text (title, body, free-text query words), in order, stopwords dropped."""
    terms = (term_for(m.group(0)) for m in TOKEN_PATTERN.finditer(text))
    return [t for t in terms if t]


def name_terms(text: str) -> list[str]:
    """Index terms of a person's or country's name: folded, not stemmed, not stopped."""
    terms = (name_term_for(m.group(0)) for m in TOKEN_PATTERN.finditer(text))
    return [t for t in terms if t]


#: Index terms of a text, in order: the name tests and query helpers use.
tokenize = index_terms
