"""Query parser: recursive descent over :mod:`newsearch.query.lexer` tokens, building the AST.

The syntax and its meaning are documented in :mod:`newsearch.query.parse`, the entry point.
Words are analysed here (:mod:`newsearch.analysis`), so the AST holds index terms.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..analysis import exact_terms, index_terms, name_terms
from ..errors import QueryError
from ..fields import BOOSTS, BY_NAME, EXACT_FIELDS, NAME_WORD_FIELDS, QUERY_FIELDS, TEXT_FIELDS
from . import ast, patterns
from .ast import Node, all_of, any_of
from .bounds import MAX_DEPTH, too_deep
from .dates import parse_date_range
from .lexer import EXACT, FIELD, LPAREN, MINUS, PHRASE, RPAREN, WORD, Problems, Token

#: (name field, the name as typed) -> the query for the archive's entity of that name (its
#: stored names, through the registry and the curation), or None: search the name's words.
NameResolver = Callable[[str, str], "Node | None"]

#: Extra weight of the all-words part of a bag of words (see :mod:`newsearch.query.parse`): an
#: article with every word scores 1.25 times its BM25F sum. Measured (nDCG@10, Reuters-topics /
#: BBC set, plain Whoosh 0.744 / 0.835 in the same runs): 100 (every-word articles always first)
#: 0.766 / 0.826; 0 (no bonus) 0.762 / 0.835; 0.1 0.765 / 0.838; 0.25 0.773 / 0.842; 0.5
#: 0.768 / 0.841; 1 0.766 / 0.828. A coordination factor (score times the share of the query's
#: idf an article covers, squared root) gave 0.777 / 0.837; not kept: neither engine scores it
#: natively, where this is one boost in the query both compile.
ALL_WORDS_BOOST = 0.25
#: Index field -> boost of a match there (BM25F): see :data:`newsearch.fields.FIELDS`.
DEFAULT_FIELDS = BOOSTS
COUNTRY_WORDS = BY_NAME["countries"].words_field

_PREFIX_RE = re.compile(r"(.*?)\*+")
_FUZZY_RE = re.compile(r"(.+?)~(\d*)")


def _target(ctx: str) -> str:
    """The index field a query field name searches (``person`` -> ``people_text``)."""
    return BY_NAME[QUERY_FIELDS[ctx]].words_field


def _seq(field: str, terms: list[str], boost: float = 1.0, slop: int = 1) -> Node:
    """Term or Phrase of ``terms`` (non-empty) in ``field``."""
    if len(terms) == 1:
        return ast.Term(field, terms[0], boost=boost)
    return ast.Phrase(field, tuple(terms), slop=slop, boost=boost)


def canonical_country(name: str) -> str:
    """The canonical country name of ``name`` (``iranian`` -> ``Iran``), else ``name``."""
    from ..entities.places import canonical_country as canonical

    return canonical(name) or name


class Parser:
    """Recursive descent over the tokens; ``ctx`` is the user field name in force (or None)."""

    def __init__(
        self, tokens: list[Token], problem: Problems, resolve: NameResolver | None = None
    ) -> None:
        self.tokens = tokens
        self.resolve = resolve
        self.i = 0
        self.problem = problem
        self.syntax = False  # any operator, field, phrase, group, negation, prefix or fuzzy
        self.plain: list[Node] = []  # clause of each plain word, in order
        self.terms: set[str] = set()
        self.patterns: list[str] = []
        self.phrases: list[tuple[str, ...]] = []
        self.words: list[str] = []
        self.depth = 0  # parentheses open around the current token

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def is_op(self, op: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == WORD and token.text == op

    def starts_operand(self) -> bool:
        token = self.peek()
        if token is None or token.kind == RPAREN:
            return False
        return not (token.kind == WORD and token.text in ("AND", "OR"))

    def dangling(self, token: Token, side: str) -> None:
        what = "nothing to negate" if side == "negated" else f"no {side} operand"
        self.problem(
            f"operator {token.text} at character {token.pos} has {what}",
            f"operator {token.text} at character {token.pos} has {what} (dropped)",
        )

    def parse_or(self, ctx: str | None, neg: bool) -> Node | None:
        parts: list[Node] = []
        while True:
            before = self.i
            left = self.parse_and(ctx, neg)
            if left is not None:
                parts.append(left)
            if not self.is_op("OR"):
                break
            op = self.tokens[self.i]
            self.i += 1
            self.syntax = True
            if self.i - 1 == before:
                self.dangling(op, "left")
            if not self.starts_operand():
                self.dangling(op, "right")
        return any_of(parts) if parts else None

    def parse_and(self, ctx: str | None, neg: bool) -> Node | None:
        positive: list[Node] = []
        negative: list[Node] = []
        seen = False
        while (token := self.peek()) is not None and token.kind != RPAREN:
            if token.kind == WORD and token.text == "OR":
                break
            if token.kind == WORD and token.text == "AND":
                self.i += 1
                self.syntax = True
                if not seen:
                    self.dangling(token, "left")
                if not self.starts_operand():
                    self.dangling(token, "right")
                continue
            seen = True
            clause = self.parse_unary(ctx, neg)
            if clause is not None:
                (negative if clause[1] else positive).append(clause[0])
        if not negative:
            return all_of(positive) if positive else None
        base = all_of(positive) if positive else ast.Every()
        return ast.AndNot(base, any_of(negative))

    def parse_unary(self, ctx: str | None, neg: bool) -> tuple[Node, bool] | None:
        flips = 0  # NOT NOT x: negations counted in a loop, never recursed into
        while (token := self.tokens[self.i]).kind == MINUS or (
            token.kind == WORD and token.text == "NOT"
        ):
            self.i += 1
            self.syntax = True
            if not self.starts_operand():
                self.dangling(token, "negated")
                return None
            flips += 1
        negated = flips % 2 == 1
        result = self.parse_primary(ctx, neg != negated)
        return None if result is None else (result, negated)

    def parse_primary(self, ctx: str | None, neg: bool) -> Node | None:
        token = self.tokens[self.i]
        self.i += 1
        if token.kind == LPAREN:
            self.syntax = True
            if self.peek() is not None and self.tokens[self.i].kind == RPAREN:
                self.problem(
                    f"empty parentheses at character {token.pos}",
                    f"empty parentheses at character {token.pos} (dropped)",
                )
                self.i += 1
                return None
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise too_deep(token.pos)
            result = self.parse_or(ctx, neg)
            self.depth -= 1
            self.i += 1  # the ")": balanced by the lexer
            return result
        if token.kind == FIELD:
            self.syntax = True
            if self.peek() is None or self.tokens[self.i].kind == RPAREN:
                self.problem(
                    f'empty value for field "{token.text}:" at character {token.pos}',
                    f'empty field "{token.text}:" at character {token.pos} (dropped)',
                )
                return None
            value = self.tokens[self.i]
            if value.kind == WORD:  # title:AND is the word "and", not an operator
                self.i += 1
                return self.word(value, token.text, neg)
            unary = self.parse_unary(token.text, neg)
            if unary is None:
                return None
            return ast.AndNot(ast.Every(), unary[0]) if unary[1] else unary[0]
        if token.kind == PHRASE:
            self.syntax = True
            return self.phrase(token, ctx, neg)
        if token.kind == EXACT:
            after = self.peek()
            if after is None or after.kind not in (WORD, PHRASE):  # "=people:x": "=" is moot
                return self.parse_primary(ctx, neg) if after is not None else None
            self.i += 1
            return self.exact_form(after, ctx, neg)
        return self.word(token, ctx, neg)

    def exact_form(self, token: Token, ctx: str | None, neg: bool) -> Node | None:
        """``=word`` / ``="a phrase"``: the words unstemmed, in the exact form of the text
        fields (:data:`newsearch.fields.EXACT_FIELDS`). A name field's words are unstemmed
        anyway, and other fields match whole values: there ``=`` changes nothing. An exact
        word is a plain word of a bag (``=Yukos auction``), an exact phrase is a phrase."""
        field = _target(ctx) if ctx else None
        if field is not None and field not in TEXT_FIELDS:
            return (
                self.phrase(token, ctx, neg) if token.kind == PHRASE else self.word(token, ctx, neg)
            )
        terms = exact_terms(token.text)
        if not terms:
            if token.kind == PHRASE:
                return self.phrase(token, ctx, neg)  # empty: reported there
            return None
        fields = TEXT_FIELDS if field is None else (field,)
        clause = any_of(
            [_seq(EXACT_FIELDS[f], terms, DEFAULT_FIELDS[f], token.slop) for f in fields]
        )
        if token.kind == PHRASE or len(terms) > 1:
            self.syntax = self.syntax or token.kind == PHRASE
            if not neg:
                self.phrases.append(tuple(terms))
        elif not neg:
            self.patterns.append(terms[0])  # marks the word itself, not its stem's other forms
        if token.kind == WORD and field is None:
            self.plain.append(clause)
        return clause

    def guard(self, make: Callable[[], Node]) -> Node | None:
        """``make()``, turning a QueryError into a problem (raised or recorded)."""
        try:
            return make()
        except QueryError as exc:
            self.problem(str(exc), f"{exc} (dropped)")
            return None

    def exact(self, ctx: str, value: str) -> Node | None:
        """Query for a value of a field other than title/body/people/countries."""
        field = BY_NAME[QUERY_FIELDS[ctx]]
        if field.kind == "date":
            return self.guard(lambda: ast.DateRange(field.name, *parse_date_range(value)))
        value = value.strip()
        if not value:
            return None
        return ast.Term(field.name, value.lower() if field.lowercase else value)

    def names(self, ctx: str, value: str, slop: int = 1) -> Node | None:
        """A name field's value: the archive's entity of that name when ``resolve`` knows one
        (``people:Reagan`` = ``--person Reagan``), else the name's words."""
        if self.resolve is not None and value.strip():
            entity = self.resolve(QUERY_FIELDS[ctx], " ".join(value.split()))
            if entity is not None:
                return entity
        if _target(ctx) == COUNTRY_WORDS:
            value = canonical_country(value)
        terms = name_terms(value)
        return _seq(_target(ctx), terms, slop=slop) if terms else None

    def text(
        self, fields: tuple[str, ...], terms: list[str], neg: bool, slop: int = 1
    ) -> list[Node]:
        """Term or Phrase of ``terms`` in each of ``fields``; notes them for highlighting."""
        if not neg:
            if len(terms) == 1:
                self.terms.update(terms)
            else:
                self.phrases.append(tuple(terms))
        return [_seq(f, terms, DEFAULT_FIELDS[f], slop) for f in fields]

    def phrase(self, token: Token, ctx: str | None, neg: bool) -> Node | None:
        if not token.text.strip():
            self.problem(
                f"empty phrase at character {token.pos}",
                f"empty phrase at character {token.pos} (dropped)",
            )
            return None
        if ctx is not None and _target(ctx) not in TEXT_FIELDS:
            if _target(ctx) in NAME_WORD_FIELDS:
                return self.names(ctx, token.text, token.slop)
            return self.exact(ctx, token.text)
        terms = index_terms(token.text)
        if not terms:
            return None
        fields = TEXT_FIELDS if ctx is None else (_target(ctx),)
        return any_of(self.text(fields, terms, neg, token.slop))

    def word(self, token: Token, ctx: str | None, neg: bool) -> Node | None:
        raw = token.text
        field = _target(ctx) if ctx else None
        if field is not None and field not in TEXT_FIELDS and field not in NAME_WORD_FIELDS:
            return self.exact(ctx or "", raw)
        fields = TEXT_FIELDS if field is None else (field,)
        prefix = _PREFIX_RE.fullmatch(raw)
        if prefix:
            return patterns.prefix(self, token, prefix.group(1), fields, neg)
        fuzzy = _FUZZY_RE.fullmatch(raw)
        if fuzzy and len(index_terms(fuzzy.group(1))) == 1:
            return patterns.fuzzy(self, token, fuzzy.group(1), fuzzy.group(2), fields, neg)
        if field in NAME_WORD_FIELDS:
            return self.names(ctx or "", raw)
        terms = index_terms(raw)
        if not terms:
            return None
        if not neg:
            self.words.append(raw.strip(",;:!?'\"‘’[]{}<>"))
        clause = self.text(fields, terms, neg)
        if field is not None:
            return any_of(clause)
        query = any_of(clause)
        self.plain.append(query)
        return query
