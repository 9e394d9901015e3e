"""Word patterns of the query language: prefixes (``sanction*``) and fuzzy words (``drone~``).

Fuzzy matching is bounded, so that ``oil~`` does not match hundreds of unrelated short terms:

* a fuzzy word needs :data:`FUZZY_MIN` letters (shorter ones are searched as typed);
* two edits (``~2``) need :data:`FUZZY2_MIN` letters (shorter ones get one edit);
* the first letter (the first two from :data:`FUZZY2_MIN` letters on) must match as typed;
* at most :data:`MAX_EXPANSIONS` index terms, the commonest, are searched per field.

Each bound applied is said in :attr:`~newsearch.query.ParsedQuery.ignored` (shown with the
results), never silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..analysis import fold, index_terms, name_terms, stem
from ..fields import BOOSTS, TEXT_FIELDS
from . import ast
from .ast import Node, any_of
from .lexer import Token

if TYPE_CHECKING:
    from .parser import Parser

FUZZY_MIN = 4
FUZZY2_MIN = 6
MAX_EXPANSIONS = 50


def prefix(
    parser: Parser, token: Token, base: str, fields: tuple[str, ...], neg: bool
) -> Node | None:
    raws = name_terms(base)
    if not raws:
        return None  # "*" alone is punctuation
    parser.syntax = True
    if len(raws) > 1:  # "sanctions-st*": search the words
        if fields[0] not in TEXT_FIELDS:
            return ast.Phrase(fields[0], tuple(raws))
        terms = index_terms(base)
        return any_of(parser.text(fields, terms, neg)) if terms else None
    text = raws[0]
    if len(text) < 2:
        parser.problem(
            f'prefix too short: "{token.text}" at character {token.pos} '
            "needs at least 2 characters before *",
            f'prefix too short: "{token.text}" at character {token.pos} (dropped)',
        )
        return None
    if not neg:
        parser.patterns.append(text + "*")
    # Index terms are stemmed: "happy*" must also find "happi" (happiness).
    variants = sorted({text, stem(text)}) if fields[0] in TEXT_FIELDS else [text]
    boosts = {"title": BOOSTS["title"]}
    return any_of([ast.Prefix(f, v, boost=boosts.get(f, 1.0)) for f in fields for v in variants])


def fuzzy(
    parser: Parser, token: Token, base: str, dist: str, fields: tuple[str, ...], neg: bool
) -> Node | None:
    parser.syntax = True
    maxdist = int(dist or 1)
    where = f'"{token.text}" at character {token.pos}'
    if maxdist > 2:
        parser.problem(
            f"fuzzy distance too large: {where} (use ~1 or ~2)",
            f"fuzzy distance of {where} lowered to 2",
        )
        maxdist = 2
    letters = len(fold(base))
    if letters < FUZZY_MIN:
        parser.problem.ignored.append(
            f"{where}: fuzzy needs {FUZZY_MIN}+ letters, searched as typed"
        )
        terms = index_terms(base) if fields[0] in TEXT_FIELDS else name_terms(base)
        if not terms:
            return None
        if fields[0] in TEXT_FIELDS:
            return any_of(parser.text(fields, terms, neg))
        return ast.Term(fields[0], terms[0])
    if maxdist == 2 and letters < FUZZY2_MIN:
        parser.problem.ignored.append(f"{where}: ~2 needs {FUZZY2_MIN}+ letters, 1 edit allowed")
        maxdist = 1
    term = index_terms(base)[0]
    if not neg:
        parser.patterns.append(fold(base) + "~" + (str(maxdist) if maxdist != 1 else ""))
    if fields[0] not in TEXT_FIELDS:
        term = name_terms(base)[0]
    fixed = 2 if letters >= FUZZY2_MIN else 1
    return any_of(
        [ast.Fuzzy(f, term, maxdist, fixed, BOOSTS.get(f, 1.0), MAX_EXPANSIONS) for f in fields]
    )
