"""Property tests (hypothesis): whatever a user types, the query parser answers with a parsed
query or one documented one-line error, within its bounds."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsearch.errors import QueryError
from newsearch.query import parse_query
from newsearch.query.bounds import MAX_CHARS, MAX_DEPTH

SYNTAX = ["(", ")", '"', "“", "”", "-", "*", "~", "~2", ":", "AND", "OR", "NOT", "title:",
          "people:", "date:", "date:1987..", "nosuch:", "..", "^3", " ", " ", "\x00",
          "\ud800"]  # fmt: skip
WORDS = ["iran", "Drones", "U.S.", "O'Brien", "oil~", "sanction*", "5:00", "and", "the", "é"]

pieces = st.one_of(
    st.sampled_from(SYNTAX),
    st.sampled_from(WORDS),
    st.text(st.characters(blacklist_categories=()), max_size=6),  # any code point, surrogates too
)
queries = st.lists(pieces, max_size=40).map("".join)


def _answer(text: str, strict: bool) -> None:
    try:
        parsed = parse_query(text, strict=strict)
    except QueryError as exc:
        message = str(exc)
        assert message and "\n" not in message
        message.encode("utf-8")  # printable: no lone surrogate echoed back
        return
    str(parsed.query).encode("utf-8")
    assert parsed.query is not None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries, st.booleans())
def test_any_text_parses_or_is_one_usage_error(text: str, strict: bool) -> None:
    _answer(text, strict)


@pytest.mark.parametrize(
    "text",
    [
        "(" * 900 + "oil" + ")" * 900,  # RecursionError before the bound
        "NOT " * 900 + "oil",
        "-(" * 500 + "oil",
        "oil " * 999,
        "x" * 100_000,  # one 100 kB word took 44 s
        '"' + "oil " * 20_000 + '"',
        "oil~" * 2000,
        "oil~9999999",
        "oil\ud800",
        "\x00\x00 iran",
    ],
)
@pytest.mark.parametrize("strict", [True, False])
def test_hostile_queries_are_bounded(text: str, strict: bool) -> None:
    _answer(text, strict)


def test_bounds_name_the_problem() -> None:
    with pytest.raises(QueryError, match="too long"):
        parse_query("x" * (MAX_CHARS + 1))
    with pytest.raises(QueryError, match="nests too deeply"):
        parse_query("(" * (MAX_DEPTH + 1) + "oil" + ")" * (MAX_DEPTH + 1))
    assert str(parse_query("(" * MAX_DEPTH + "oil" + ")" * MAX_DEPTH).query) == (
        "(title:oil OR body:oil)"
    )
    with pytest.raises(QueryError, match="too big"):
        parse_query("oil " * 600)
    with pytest.raises(QueryError, match="fuzzy distance too large"):
        parse_query("oil~9999999")
    with pytest.raises(QueryError, match="lone surrogate"):
        parse_query("oil \ud800")
    assert parse_query("oil \ud800", strict=False).ignored
    assert str(parse_query("NOT NOT NOT iran").query) == "(<_> ANDNOT (title:iran OR body:iran))"
