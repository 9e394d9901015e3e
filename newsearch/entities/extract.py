"""Entities: the people and countries an article mentions, canonical, found fast with NLTK.

Stages (models are loaded once per process, lazily; ``import newsearch.entities`` stays cheap):

1. **Text -> sentences.** Curly quotes are straightened; blocks split at blank and indented lines;
   blocks that are tables of figures are read line by line and judged strictly; punkt splits the
   rest. Non-English text (few English function words), ALL-CAPS and Title-Case sentences
   (headlines) are skipped, and so are sentences without a capitalised word past the first.
2. **Sentence -> candidate spans** (cached per sentence): NLTK word tokens, then runs of
   capitalised words (lower-case particles such as "bin", "van" allowed inside). A capitalised
   English word at a sentence-initial position ("Officials", "Bush") is kept only when the
   averaged-perceptron tagger, run on a window of a few tokens around it, tags it NNP/NNPS: the
   only place a model is spent. Leading countries and demonyms are split off ("Iranian President
   Ebrahim Raisi"), titles stripped ("Supreme Leader Ayatollah Ali Khamenei" -> "Ali Khamenei").
   Runs of proper-noun capitalisation beat the binary NE chunker's spans here (see
   ``benchmarks/entities_conll.py``, which also runs the chunker as its baseline).
3. **Classification** per article, with :mod:`.wordlists` and :mod:`.places`: a span
   is a person when a title or role word goes with it, when it starts with a given name from NLTK
   ``names``, or when it is two to four words none of which is an English word (``words``), or
   none a word news uses often (:func:`.sentences.frequent_words`) and the last none at all
   ("Goran Ivanisevic": NLTK's ``words`` holds "goran", the tagger never met it); never
   when it holds an organisation word, an acronym or a place. Single words and strict (table)
   spans count only when they are a person's surname or full name found elsewhere in the article.
4. **Canonical names**: each mention maps to the fullest name in the article with the same
   surname ("Putin" -> "Vladimir Putin"); countries to :func:`canonical_country`.
5. **Mentions**: what the article alone cannot decide, a headline's words ("REAGAN SAYS") and
   lone capitalised words ("Sumita said"), is kept folded (:func:`mention_words`) for the
   archive's name map, which files the ones it knows as their person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..models import Entities
from .evidence import dateline_of, headline_countries, state_countries, the_us_state
from .orgs import org_name, organization, weak_organization
from .places import canonical_country, country_names, is_place
from .sentences import frequent_words, headlines, nltk_models, sentences
from .spans import Span, spans
from .wordlists import (
    COMPASS,
    NOT_NAMES,
    ORG_WORDS,
    PARTICLES,
    common_words,
    given_names,
    stop_words,
)

__all__ = ["Mention", "Span", "analyse", "canonical_country", "country_names", "extract_entities"]


@dataclass(frozen=True)
class Mention:
    """One found mention: token offsets in sentence ``sentence``; ``kind`` person, country,
    organization, or word (a lone capitalised word the article alone does not make a person:
    one of its :func:`mention_words`)."""

    sentence: int
    start: int
    end: int
    kind: str
    name: str


def _person_score(span: Span) -> int:
    """2: a person; 1: a person only if the article names them fully elsewhere; 0: never."""
    words = span.words
    if not words or len(words) > 5 or span.country or span.org:
        return 0
    lows = [w.lower() for w in words]
    given = given_names()
    if any(low in ORG_WORDS or low in NOT_NAMES for low in lows) or lows[0] in COMPASS:
        return 0
    if any(w.isupper() and len(w) > 1 and "." not in w for w in words):
        return 0
    if is_place(" ".join(words)):
        return 0
    # a word of the name that is a place ("Durham"), unless a given name starts it; particles
    # and two-letter words are not places here ("de", "Mo": Delaware's, Missouri's codes)
    placed = (w for w in words if w not in given and w not in PARTICLES and len(w) > 2)
    if any(is_place(w) for w in placed) and not (len(words) >= 2 and words[0] in given):
        return 0
    if span.titled or (len(words) >= 2 and len(words[0]) == 2 and words[0][1] == "."):
        return 2
    if len(words) >= 2 and words[0] in given and lows[-1] not in PARTICLES:
        return 2
    common = common_words()
    if len(words) >= 2 and not span.strict and all(low not in common for low in lows):
        return 2
    frequent = frequent_words()  # "Goran Ivanisevic": a rare word, then no English word
    if (
        len(words) >= 2
        and not span.strict
        and lows[-1] not in common
        and all(low not in frequent for low in lows[:-1])
    ):
        return 2
    if len(words) == 2 and not span.strict and lows[0] not in common and words[1][1:].islower():
        return 2  # a given name no list has, and a surname that is also a word: "Helmut Kohl"
    return 1


def _weak_orgs(
    sentences: Sequence[Sequence[str]], found: list[tuple[int, Span]], named: list[str | None]
) -> set[tuple[str, ...]]:
    """Names with weak evidence of an organisation (:func:`.orgs.weak_organization`) that the
    article never writes with a given name or a title (nor as the surname of one that is)."""
    weak = {
        span.words
        for (k, span), org in zip(found, named, strict=True)
        if org is None and span.words and not span.country
        and weak_organization(sentences[k], span.start, span.end)
    }  # fmt: skip
    if not weak:
        return weak
    given = given_names()
    people = [
        span.words
        for _, span in found
        if span.words and (span.titled or (len(span.words) >= 2 and span.words[0] in given))
    ]
    surnames = {words[-1] for words in people}
    return {w for w in weak if w not in people and w[-1] not in surnames}


def _org_prefix(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words before the first organisation word, when there are two or more of them."""
    for i, word in enumerate(words):
        if word.lower() in ORG_WORDS:
            return words[:i] if i >= 2 else ()
    return ()


def canonical_people(names: list[tuple[str, ...]]) -> tuple[dict[tuple[str, ...], str], list[str]]:
    """Map each name to the fullest name with the same surname; people in first-mention order."""
    distinct = list(dict.fromkeys(names))
    by_surname: dict[str, list[tuple[str, ...]]] = {}
    for name in distinct:  # only names sharing a surname are compared: linear in the article
        by_surname.setdefault(name[-1], []).append(name)
    mapping: dict[tuple[str, ...], str] = {}
    for name in distinct:
        fuller = [f for f in by_surname[name[-1]] if set(name) <= set(f)]
        fullest: tuple[str, ...] = max(fuller, key=len)
        mapping[name] = " ".join(fullest)
    return mapping, list(dict.fromkeys(mapping[n] for n in names))


def analyse(
    sentences: Sequence[Sequence[str]],
    strict: Sequence[bool] | None = None,
    full_tagging: bool = False,
) -> tuple[list[Mention], list[str], list[str]]:
    """Mentions (people, countries, organisations), canonical people and canonical countries of
    one article's tokenized sentences."""
    found = [
        (k, span)
        for k, tokens in enumerate(sentences)
        for span in _cached_spans(tuple(tokens), bool(strict and strict[k]), full_tagging)
    ]
    scores = [_person_score(span) for _, span in found]
    named = [organization(sentences[k], span) for k, span in found]
    # "Merrill Lynch" (Capital Markets), "Smith Barney" (and Co): organisations all through
    orgs = {span.words if span.org else _org_prefix(span.words) for _, span in found}
    orgs |= {span.words for (_, span), org in zip(found, named, strict=True) if org}
    orgs |= _weak_orgs(sentences, found, named)
    orgs.discard(())
    scores = [
        0 if span.words in orgs else score for (_, span), score in zip(found, scores, strict=True)
    ]
    sure = {span.words for (_, span), score in zip(found, scores, strict=True) if score == 2}
    surnames = {words[-1] for words in sure}
    mentions: list[Mention] = []
    for (k, span), score, org in zip(found, scores, named, strict=True):
        if org is None and span.words in orgs:
            org = org_name(span.words)
        if org:
            mentions.append(Mention(k, span.run[0], span.run[1], "organization", org))
            continue
        if score == 1 and (
            span.words in sure or (len(span.words) == 1 and span.words[0] in surnames)
        ):
            score = 2
        person = score == 2
        if score == 1 and len(span.words) == 1 and not span.prefix:
            mentions.append(Mention(k, span.start, span.end, "word", span.words[0]))
        if span.prefix and (person or span.titled or span.start == span.end):
            mentions.append(Mention(k, span.prefix[0], span.prefix[1], "country", span.prefix[2]))
        if span.country:
            mentions.append(Mention(k, span.start, span.end, "country", span.country))
        elif person:
            mentions.append(Mention(k, span.start, span.end, "person", " ".join(span.words)))
    names = [tuple(m.name.split(" ")) for m in mentions if m.kind == "person"]
    mapping, people = canonical_people(names)
    mentions = [
        m if m.kind != "person" else Mention(m.sentence, m.start, m.end, m.kind, mapping[n])
        for m, n in zip(mentions, _names_iter(mentions, names), strict=True)
    ]
    countries = list(dict.fromkeys(m.name for m in mentions if m.kind == "country"))
    states = state_countries() & set(countries)
    if states:
        drop = {c for c in states if the_us_state(c, sentences)}
        mentions = [m for m in mentions if not (m.kind == "country" and m.name in drop)]
        countries = [c for c in countries if c not in drop]
    return mentions, people, countries


def _names_iter(mentions: list[Mention], names: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    it = iter(names)
    return [next(it) if m.kind == "person" else () for m in mentions]


#: Sentences whose spans and tokens are kept (resent stories come close together): 6% of the
#: sentences of 3,000 Reuters stories were met again, a cache of every sentence held 20 MiB.
_CACHED = 1 << 12


@lru_cache(maxsize=_CACHED)
def _cached_spans(tokens: tuple[str, ...], strict: bool, full_tagging: bool) -> tuple[Span, ...]:
    return tuple(spans(tokens, strict, full_tagging))


@lru_cache(maxsize=_CACHED)
def _tokenize(sentence: str) -> tuple[str, ...]:
    return tuple(nltk_models()[1].tokenize(sentence))


def extract_entities(text: str) -> Entities:
    """People and countries ``text`` mentions: canonical names in order of first mention."""
    pairs = sentences(text)
    titles = headlines(text)
    if not pairs and not titles:
        return Entities([], [], [])
    tokens = [_tokenize(s) for s, _ in pairs]
    mentions, people, countries = analyse(tokens, [strict for _, strict in pairs])
    orgs = list(dict.fromkeys(m.name for m in mentions if m.kind == "organization"))
    evidence = [c for title in titles for c in headline_countries(_tokenize(title))]
    evidence += [c for c in (dateline_of(text),) if c]
    if evidence:
        states = state_countries()
        extra = [c for c in evidence if c not in states]  # headlines do not tell Georgia apart
        countries = list(dict.fromkeys([*extra, *countries]))
    words = [m.name for m in mentions if m.kind == "word"]
    words += [word for title in titles for word in _tokenize(title)]
    return Entities(people, countries, orgs, mention_words(words, people, [*orgs, *countries]))


def mention_words(words: Sequence[str], people: Sequence[str], others: Sequence[str]) -> list[str]:
    """The words of ``words`` that may be a person's surname, folded, each once: alphabetic,
    not a function word, not the surname of a person the article names nor a word of one of
    its organisations and countries ("MCDONNELL DOUGLAS" with *McDonnell Douglas* in the
    body). The archive's name map files the ones it knows as their person
    (:mod:`newsearch.names`)."""
    known = {name.rsplit(" ", 1)[-1].casefold() for name in people}
    known.update(word.casefold() for name in others for word in name.split(" "))
    stop = stop_words()
    out: dict[str, None] = {}
    for word in words:
        folded = word.casefold()
        if folded.isalpha() and len(folded) >= 2 and folded not in stop and folded not in known:
            out[folded] = None
    return list(out)


def clear_caches() -> None:
    """Forget the spans cached per sentence (for timing runs that must start cold)."""
    _cached_spans.cache_clear()
