"""The search request is the one definition of a search's parameters: the API's keyword
arguments, ``newsearch query``'s options and the search page's URL parameters all match it."""

from __future__ import annotations

import inspect
from dataclasses import fields
from datetime import date

import pytest

import newsearch
from newsearch.cli import cli
from newsearch.errors import UsageError
from newsearch.query import SearchRequest
from newsearch.query.request import options

REQUEST_FIELDS = [f.name for f in fields(SearchRequest)]


def test_api_keywords_are_the_request_fields() -> None:
    params = inspect.signature(newsearch.NewsIndex.search).parameters
    assert [p for p in params if p != "self"] == REQUEST_FIELDS
    for name, _option, default in options():
        if name != "query":  # the query text is required in the API
            many = ("people", "countries", "sources", "sections")
            assert params[name].default == default or name in many


def test_cli_options_are_built_from_the_request() -> None:
    command = cli.commands["query"]
    by_dest = {p.name: p for p in command.params}
    for name, option, _default in options():
        if option.flag:
            assert option.flag in by_dest[name].opts, name  # type: ignore[union-attr]
    assert set(REQUEST_FIELDS) - {"query"} <= set(by_dest)


def test_web_parameters_round_trip_every_field() -> None:
    from werkzeug.datastructures import MultiDict

    from newsearch.web.state import SearchState

    request = SearchRequest.make(
        "drones", people=["A B"], countries="Iran", organizations=["Acme"], sources=("AP",),
        sections=["Sport"], since="2022-01-01", until=date(2022, 12, 31), sort="oldest", page=2,
        limit=20, strict=False, facet_size=5, any=True, explain=True, all_copies=True,
    )  # fmt: skip
    state = SearchState(request)
    params = dict(state.params())
    assert {option.param for _n, option, _d in options() if option.param} - set(params) == {
        "facets",
        "timeline",
    }
    assert SearchState.from_args(MultiDict(state.params())).request == request


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sort": "best"}, "unknown sort 'best'"),
        ({"limit": "10"}, "limit must be a whole number, not '10'"),
        ({"page": 0}, "limit and page must be at least 1"),
        ({"people": [1]}, "people must be names (text), not int"),
        ({"since": "2022-13-01"}, "bad --since date '2022-13-01'"),
        ({"since": "2022-02-01", "until": "2022-01-01"}, "--since 2022-02-01 is after --until"),
        ({"colour": "red"}, "unknown search option 'colour'"),
    ],
)
def test_bad_requests_are_usage_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError) as info:
        SearchRequest.make("oil", **kwargs)
    assert message in str(info.value)


def test_limit_and_page_are_capped() -> None:
    request = SearchRequest.make("oil", limit=5000, page=10**6)
    assert (request.limit, request.page) == (1000, 10_000)
    assert SearchRequest.make("oil", page=3, limit=20).offset == 40
