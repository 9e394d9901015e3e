"""Query lexer: splits a query into tokens for :mod:`newsearch.query.parser`.

Tokens are ``(``, ``)``, ``"phrases"`` (straight or curly double quotes, optionally followed
by ``~N`` for slop), ``field:`` prefixes, a leading ``-`` (negation) and words (runs of anything
else up to whitespace, a parenthesis or a double quote). Operators (``AND``, ``OR``, ``NOT``),
``prefix*`` and ``word~`` are words here; the parser tells them apart.

Only an alphabetic ``name:`` at the start of a token, followed by a value, is a field:

* a known name (see :data:`newsearch.fields.QUERY_FIELDS`, case-insensitive) followed by
  anything but whitespace, ``)`` or the end is a field; followed by nothing it is an
  *empty field value* error;
* an unknown name followed by a letter, digit, quote or ``(`` is an *unknown field* error
  (``nosuchfield:x``); followed by anything else it is plain text (``http://x``,
  ``Breaking: ...``); so are ``5:00`` and ``3:1``, whose names are not alphabetic.

``-`` negates only at the start of a token and before a letter, quote, ``(`` or ``=``
(``-russia``, ``-"supreme leader"``); ``sanctions-starved``, ``-5`` and a lone ``-`` are text.
``=`` at the start of a token and before a letter, digit or quote asks for the exact form of
the word or phrase after it (``=Yukos``, ``="Bank of England"``); elsewhere it is text.

In strict mode problems raise :class:`~newsearch.errors.QueryError`; in lenient mode the lexer
fixes them (closes the quote, drops the stray parenthesis, reads the unknown field as a word)
and appends what it did to the ``ignored`` list it was given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QueryError
from ..escape import shown
from ..fields import QUERY_FIELDS

QUOTES = '"“”'
LPAREN, RPAREN, PHRASE, WORD, FIELD, MINUS = "(", ")", "phrase", "word", "field", "-"
EXACT = "="

_FIELD_RE = re.compile(r"([^\W\d_]+):")
_SLOP_RE = re.compile(r"~(\d*)")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    pos: int  # 1-based character position in the query
    slop: int = 1  # phrases only: "a b"~3


class Problems:
    """Raise (strict) or record (lenient) a problem with the query."""

    def __init__(self, strict: bool, ignored: list[str]) -> None:
        self.strict = strict
        self.ignored = ignored

    def __call__(self, error: str, fixed: str) -> None:
        if self.strict:
            raise QueryError(error)
        self.ignored.append(fixed)


def known_fields() -> str:
    return ", ".join(sorted(QUERY_FIELDS))


def _excerpt(text: str, limit: int = 20) -> str:
    text = text.strip()
    return shown(text if len(text) <= limit else text[:limit] + "...")  # a message stays one line


def _field_token(text: str, i: int, problem: Problems) -> tuple[Token | None, int] | None:
    """Lex ``name:`` at ``i``: (token or None, next index), or None if it is plain text."""
    match = _FIELD_RE.match(text, i)
    if match is None:
        return None
    name, after = match.group(1), match.end()
    nxt = text[after] if after < len(text) else ""
    if name.lower() in QUERY_FIELDS:
        if not nxt or nxt.isspace() or nxt == RPAREN:
            problem(
                f'empty value for field "{name}:" at character {i + 1}',
                f'empty field "{name}:" at character {i + 1} (dropped)',
            )
            return None, after
        return Token(FIELD, name.lower(), i + 1), after
    if nxt and (nxt.isalnum() or nxt in QUOTES or nxt == LPAREN):
        problem(
            f'unknown field "{name}:" at character {i + 1}; known fields: {known_fields()}',
            f'unknown field "{name}:" (searched as text)',
        )
        return Token(WORD, name, i + 1), after
    return None


def _phrase_token(text: str, i: int, problem: Problems) -> tuple[Token, int]:
    """Lex the quoted phrase opening at ``i``: (token, next index)."""
    close = next((j for j in range(i + 1, len(text)) if text[j] in QUOTES), -1)
    if close < 0:
        problem(
            f"unbalanced quote: {_excerpt(text[i:])} opened at character {i + 1} is never closed",
            f"unclosed quote at character {i + 1} (closed at the end)",
        )
        return Token(PHRASE, text[i + 1 :], i + 1), len(text)
    end, slop = close + 1, 1
    match = _SLOP_RE.match(text, end)
    if match:
        end = match.end()
        slop = max(1, int(match.group(1))) if match.group(1) else 1
    return Token(PHRASE, text[i + 1 : close], i + 1, slop), end


def lex(text: str, problem: Problems) -> list[Token]:
    """Tokens of ``text``, with parentheses balanced (see the module docstring)."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in (LPAREN, RPAREN):
            tokens.append(Token(ch, ch, i + 1))
            i += 1
        elif ch in QUOTES:
            token, i = _phrase_token(text, i, problem)
            tokens.append(token)
        elif ch == "-" and i + 1 < n and (text[i + 1].isalpha() or text[i + 1] in QUOTES + "(="):
            tokens.append(Token(MINUS, ch, i + 1))
            i += 1
        elif ch == "=" and i + 1 < n and (text[i + 1].isalnum() or text[i + 1] in QUOTES):
            tokens.append(Token(EXACT, ch, i + 1))
            i += 1
        else:
            field = _field_token(text, i, problem)
            if field is not None:
                if field[0] is not None:
                    tokens.append(field[0])
                i = field[1]
                continue
            j = i
            while j < n and not text[j].isspace() and text[j] not in QUOTES + "()":
                j += 1
            tokens.append(Token(WORD, text[i:j], i + 1))
            i = j
    return _balance(tokens, problem)


def _balance(tokens: list[Token], problem: Problems) -> list[Token]:
    """Check parentheses: drop stray ``)`` and close unclosed ``(`` (lenient) or raise."""
    out: list[Token] = []
    opened: list[Token] = []
    for token in tokens:
        if token.kind == LPAREN:
            opened.append(token)
        elif token.kind == RPAREN:
            if not opened:
                problem(
                    f'unbalanced parenthesis: ")" at character {token.pos} has no matching "("',
                    f'stray ")" at character {token.pos} (dropped)',
                )
                continue
            opened.pop()
        out.append(token)
    for token in opened:
        problem(
            f'unbalanced parenthesis: "(" at character {token.pos} is never closed',
            f'unclosed "(" at character {token.pos} (closed at the end)',
        )
        out.append(Token(RPAREN, RPAREN, 0))
    return out
