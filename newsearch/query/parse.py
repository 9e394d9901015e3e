"""The query language: a small strict parser that turns what the user typed into a query AST.

Syntax (operators are case-sensitive: ``and``/``or``/``not`` in lowercase are plain words;
and upper-case ``AND``/``OR``/``NOT`` are operators only when the query also has a lower-case
letter somewhere: a query written entirely in capitals, like a wire headline
``SAUDI ARABIA AND YEMEN TO WITHDRAW FORCES OR TROOPS``, is plain words, its ``AND``/``OR``/``NOT``
words like any other, stopwords as the analyzer says)::

    iran drones              plain words: articles with all of them score 1.25x (and are
                             what is counted); if none has all, the best partial matches
    iran AND drones          both (also the meaning of juxtaposition once any syntax is used)
    iran OR russia           either; AND binds tighter than OR: a OR b c = a OR (b AND c)
    NOT russia, -russia      without; a query of only negations matches every other article
    (iran OR russia) drones  grouping
    "supreme leader"         exact phrase in title or body; "a b"~3 allows 3 words of slop
    =Yukos  ="Bank of Eng"   the exact form: the words folded, not stemmed (the text fields'
                             exact forms, newsearch.fields.EXACT_FIELDS); =word is a plain
                             word of a bag, ="a phrase" a phrase; on a name field a no-op
    sanction*                prefix (2+ characters) of the indexed, stemmed words; the
                             prefix is also tried stemmed (happy* finds happi = happiness)
    drone~  drone~2          fuzzy: the stemmed word within edit distance 1 (or 2)
    title:x  body:x          one text field; the value may be a word, a "phrase" or a (group)
    people:putin             person (also person:), people:"vladimir putin"
    countries:iranian        country (also country:), through the canonical country name
    source:reuters           the source (lowercased, whole value)
    id:reuters-10  path:x    exact id or path
    date:2022-07-01..2022-07-31   inclusive range; open ends date:2022-07-01.. / date:..2022
    date:2022-07-19  date:2022-07  date:1987   one day, month or year
                             (no spaces inside the value; every article in the range
                             scores the same for it)

A field is an alphabetic ``name:`` (case-insensitive) directly followed by its value; anything
else with a colon is text: ``talks at 5:00``, ``ratio 3:1``, ``http://x``, ``Breaking: x``.
``-`` negates only at the start of a word (``sanctions-starved`` is one hyphenated word).

Plain words go through :func:`newsearch.analysis.index_terms` (stemmed; stopwords dropped;
a word giving several terms, like ``sanctions-starved``, is a phrase of them) and search
:data:`newsearch.fields.BOOSTS` with their boosts (people/countries: names, unstemmed). A bag
of plain words scores ``Or([And(words, boost=ALL_WORDS_BOOST), Or(words)])``, so an article
with every word gets ALL_WORDS_BOOST + 1 (1.25) times its own score: a bonus, not a rule, so
an article about a rarer word of the query may outrank one merely mentioning all of them.
What is counted is still the articles with every word (see ``Plan``).

Malformed queries (unbalanced quote or parenthesis, unknown or empty field, operator without
operand, too-short prefix, bad date, empty phrase or group) raise a one-line
:class:`~newsearch.errors.QueryError` naming the problem and where; with ``strict=False`` the
offending part is fixed or dropped and reported in :attr:`ParsedQuery.ignored`. Punctuation
that is not syntax (``U.S.``, ``O'Brien``, ``5:00``, ``&``, ``?``, a lone ``-``) never raises.
A query with no searchable words raises in both modes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import QueryError
from ..fields import BOOSTS, TEXT_FIELDS
from . import ast
from .ast import Node
from .bounds import MAX_LEAVES, checked_text, too_many
from .lexer import WORD, Problems, Token, lex
from .parser import ALL_WORDS_BOOST, NameResolver, Parser

__all__ = ["ALL_WORDS_BOOST", "PROXIMITY_BOOST", "PROXIMITY_SLOP", "ParsedQuery", "parse_query"]

#: Proximity: two adjacent query words within this many positions of each other (in one
#: sentence) add a phrase score of PROXIMITY_BOOST times their field's boost. Measured, it did
#: not generalise (nDCG@10, Reuters-topics / BBC: off 0.766 / 0.817, boost 0.25 0.764 / 0.807,
#: 0.5 with slop 3 0.763 / 0.799): off (0); the Plan carries the clauses when it is set.
PROXIMITY_SLOP = 5
PROXIMITY_BOOST = 0.0


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query: the AST to run plus what the snippets should mark."""

    text: str
    query: Node  # what the query matches (and, bags of words aside, how it scores)
    all_words: Node | None  # bag of plain words: the strict AND of them; else None
    any_words: Node | None  # bag of 2+ plain words: the OR of them; else None
    highlight_terms: frozenset[str]  # stemmed terms of positive title/body words
    highlight_patterns: tuple[str, ...]  # "sanction*", "drone~", "drone~2" (folded)
    phrases: tuple[tuple[str, ...], ...]  # stemmed term sequences of positive phrases
    words: tuple[str, ...]  # positive plain words as typed
    ignored: tuple[str, ...]  # lenient mode: what was dropped or fixed, and why
    proximity: tuple[Node, ...] = ()  # scoring-only: adjacent plain words near each other


def parse_query(
    text: str, *, strict: bool = True, names: NameResolver | None = None
) -> ParsedQuery:
    """Parse ``text`` (see the module docstring for the syntax).

    ``names`` resolves the values of name fields (``people:Reagan``) to the archive's
    entities, as the filters do (:func:`newsearch.query.request.name_resolver`); without it,
    a name field's value searches the words of the names.

    Raises :class:`QueryError` on a malformed query when ``strict``; otherwise fixes or drops
    the offending part and reports it in ``ignored``. Raises in both modes when nothing
    searchable is left.
    """
    ignored: list[str] = []
    text = checked_text(text, strict, ignored)
    problem = Problems(strict, ignored)
    parser = Parser(_capitals_as_words(lex(text, problem), text), problem, names)
    query = parser.parse_or(None, False)
    while parser.i < len(parser.tokens):  # only after lenient fixes: skip and go on
        parser.i += 1
        more = parser.parse_or(None, False)
        if more is not None:
            query = more if query is None else ast.And((query, more))
    if query is None:
        dropped = f" (ignored: {'; '.join(ignored)})" if ignored else ""
        raise QueryError(f"query has no searchable words{dropped}")
    leaves = sum(1 for node in ast.walk(query) if not isinstance(node, (ast.And, ast.Or)))
    if leaves > MAX_LEAVES:
        raise too_many(leaves)
    all_words = any_words = None
    if not parser.syntax:
        all_words = ast.all_of(parser.plain)
        if len(parser.plain) > 1:
            any_words = ast.Or(tuple(parser.plain))
            query = ast.Or((ast.And(tuple(parser.plain), boost=ALL_WORDS_BOOST), any_words))
    return ParsedQuery(
        text=text,
        query=query,
        all_words=all_words,
        any_words=any_words,
        highlight_terms=frozenset(parser.terms),
        highlight_patterns=tuple(dict.fromkeys(parser.patterns)),
        phrases=tuple(dict.fromkeys(parser.phrases)),
        words=tuple(dict.fromkeys(parser.words)),
        ignored=tuple(ignored),
        proximity=_proximity(parser.plain) if all_words is not None and PROXIMITY_BOOST else (),
    )


def _single_term(node: Node) -> str | None:
    """The one stemmed term a plain word's clause searches (None for a hyphenated phrase)."""
    terms = {n.text for n in ast.walk(node) if isinstance(n, ast.Term)}
    return terms.pop() if len(terms) == 1 else None


def _proximity(plain: list[Node]) -> tuple[Node, ...]:
    """Scoring-only phrases of each two adjacent plain words, ``PROXIMITY_SLOP`` words of play,
    in each text field (weighted like the field): articles where the words of the query stand
    together, in one sentence, rank above those where they are scattered."""
    terms = [_single_term(node) for node in plain]
    out: list[Node] = []
    for a, b in zip(terms, terms[1:], strict=False):
        if a is None or b is None or a == b:
            continue
        for field in TEXT_FIELDS:
            boost = PROXIMITY_BOOST * BOOSTS[field]
            out.append(ast.Phrase(field, (a, b), slop=PROXIMITY_SLOP, boost=boost))
    return tuple(dict.fromkeys(out))


_OPERATORS = ("AND", "OR", "NOT")


def _capitals_as_words(tokens: list[Token], text: str) -> list[Token]:
    """``tokens``, with ``AND``/``OR``/``NOT`` made plain words when ``text`` has no lower-case
    letter (natural-language text in capitals is not written with operators)."""
    if any(ch.islower() for ch in text):
        return tokens
    return [
        Token(WORD, t.text.lower(), t.pos) if t.kind == WORD and t.text in _OPERATORS else t
        for t in tokens
    ]
