"""What a query may cost: bounds checked before and while parsing, each a one-line error.

A query is at most :data:`MAX_CHARS` characters, compiles to at most :data:`MAX_LEAVES` terms,
phrases and patterns to match (a plain word searches the title and the body: two per word),
nests parentheses at most :data:`MAX_DEPTH` deep, and holds no lone surrogate (control
characters count as spaces). The bounds hold in
lenient mode too: past them there is nothing sensible to search.
"""

from __future__ import annotations

import re

from ..errors import QueryError

MAX_CHARS = 4000
MAX_DEPTH = 32
MAX_LEAVES = 1024

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def checked_text(text: object, strict: bool, ignored: list[str]) -> str:
    """``text`` ready to lex: its type, length and characters checked."""
    if not isinstance(text, str):
        raise QueryError(f"the query must be text, not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise QueryError(f"the query is too long: {len(text):,} characters (at most {MAX_CHARS:,})")
    bad = _SURROGATE.search(text)
    if bad is not None:
        if strict:
            raise QueryError(
                f"the query holds a character that is not text (a lone surrogate, "
                f"U+{ord(bad.group(0)):04X}) at character {bad.start() + 1}"
            )
        ignored.append("characters that are not text (dropped)")
        text = _SURROGATE.sub(" ", text)
    return _CONTROL.sub(" ", text)


def too_deep(pos: int) -> QueryError:
    return QueryError(
        f"the query nests too deeply at character {pos} (more than {MAX_DEPTH} levels of "
        "parentheses)"
    )


def too_many(count: int) -> QueryError:
    return QueryError(
        f"the query is too big: {count:,} terms to match (at most {MAX_LEAVES:,}; each word is "
        "searched in the title and the body)"
    )
