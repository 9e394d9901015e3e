"""The search page's state: a :class:`~newsearch.query.SearchRequest` read from (and written
back to) its URL, with the parameter names the request's own field table gives."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import quote, urlencode

from ..entity_view import kind_of
from ..errors import UsageError
from ..fields import BY_NAME, NAME_FIELDS
from ..query import SearchRequest, parse_day
from ..query.request import MAX_FACET_SIZE, options

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
MAX_PAGE = 1000
MAX_QUERY = 2000
#: Request fields the page decides itself (it always shows facets and the timeline).
_NOT_IN_URL = ("facets", "timeline")
_REQUEST_FIELDS = frozenset(f.name for f in fields(SearchRequest))


def article_url(article_id: str) -> str:
    return "/article/" + quote(article_id, safe="")


def _int(args: Any, name: str, default: int, cap: int) -> int:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise UsageError(f"{name} must be a whole number, not {raw!r}") from None
    return max(1, min(value, cap))


def flag(args: Any, name: str, default: bool) -> bool:
    raw = (args.get(name) or "").strip().lower()
    return default if not raw else raw not in ("0", "false", "no", "off")


def _list(args: Any, name: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in args.getlist(name):
        if value.strip():
            seen.setdefault(value.strip(), None)
    return tuple(seen)


@dataclass(frozen=True)
class SearchState:
    """Everything a search page shows: its request, as read from (and written to) its URL."""

    request: SearchRequest = SearchRequest()

    @classmethod
    def from_args(cls, args: Any) -> SearchState:
        values: dict[str, Any] = {}
        for name, option, default in options():
            if name in _NOT_IN_URL:
                continue
            if name == "query":
                q = (args.get(option.param) or "").strip()
                if len(q) > MAX_QUERY:
                    raise UsageError(f"the query is too long (more than {MAX_QUERY} characters)")
                values[name] = q
            elif option.many:
                values[name] = _list(args, option.param)
            elif name == "page":
                values[name] = _int(args, option.param, default, MAX_PAGE)
            elif name == "facet_size":
                values[name] = _int(args, option.param, default, MAX_FACET_SIZE)
            elif name == "limit":
                values[name] = _int(args, option.param, DEFAULT_LIMIT, MAX_LIMIT)
            elif isinstance(default, bool):
                given = flag(args, option.param, not default if option.inverted else default)
                values[name] = not given if option.inverted else given
            elif name in ("since", "until"):
                values[name] = parse_day((args.get(option.param) or "").strip(), name)
            else:
                values[name] = (args.get(option.param) or "").strip() or default
        return cls(SearchRequest.make(**values))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.request, name)

    @property
    def q(self) -> str:
        return self.request.query

    @property
    def since(self) -> str:
        return self.request.since.isoformat() if self.request.since else ""

    @property
    def until(self) -> str:
        return self.request.until.isoformat() if self.request.until else ""

    def params(self) -> list[tuple[str, str]]:
        pairs: list[tuple[str, str]] = []
        for name, option, default in options():
            value = getattr(self.request, name)
            if name in _NOT_IN_URL or value == default:
                continue
            if name == "limit" and value == DEFAULT_LIMIT:
                continue
            if option.many:
                pairs += [(option.param, v) for v in value]
            elif isinstance(value, bool):
                pairs.append((option.param, "1"))
            elif name in ("since", "until"):
                pairs.append((option.param, value.isoformat()))
            else:
                pairs.append((option.param, str(value)))
        return [(k, v) for k, v in pairs if v]

    def url(self, **changes: Any) -> str:
        """This search's URL with ``changes``; any change but ``page`` goes back to page 1."""
        if "page" not in changes:
            changes["page"] = 1
        for name in ("since", "until"):
            if name in changes:
                changes[name] = parse_day(changes[name], name)
        query = urlencode(SearchState(replace(self.request, **changes)).params())
        return "/?" + query if query else "/"

    def export_url(self, fmt: str) -> str:
        """The download of every match of this search (``/export``), in ``fmt``."""
        pairs = [(k, v) for k, v in self.params() if k not in ("page", "limit")]
        return "/export?" + urlencode([*pairs, ("format", fmt)])

    def add(self, field: str, value: str) -> str:
        values = getattr(self.request, field)
        return self.url(**{field: values if value in values else (*values, value)})

    def remove(self, field: str, value: str) -> str:
        return self.url(**{field: tuple(v for v in getattr(self.request, field) if v != value)})


def entity_url(field: str, name: str) -> str:
    """The page of a name of a name field: ``/person/Vladimir%20Putin``."""
    return f"/{kind_of(field)}/{quote(name, safe='')}"


def names_state(*pairs: tuple[str, str]) -> SearchState:
    """A search for the articles naming every (name field, name) of ``pairs``: the request's
    own filters where it has one for the field (``person=``), a field query where not."""
    filters: dict[str, tuple[str, ...]] = {}
    words = []
    for field, name in pairs:
        if field in _REQUEST_FIELDS:
            filters[field] = (*filters.get(field, ()), name)
        else:
            words.append(f'{BY_NAME[field].aliases[0]}:"{name.replace(chr(34), " ")}"')
    return SearchState(SearchRequest.make(" ".join(words), **filters))


def name_fields() -> list[tuple[str, str, str]]:
    """(field, kind, label) of every name field: ``("people", "person", "people")``."""
    return [(f, kind_of(f), BY_NAME[f].label or f) for f in NAME_FIELDS]


def paragraphs(body: str) -> list[str]:
    """Body text as paragraphs: split at blank lines or indented lines, hard wraps joined."""
    parts = re.split(r"\n\s*\n|\n(?=[ \t]+\S)", body.strip())
    return [
        " ".join(line.strip() for line in part.splitlines()).strip()
        for part in parts
        if part.strip()
    ]


def page_numbers(page: int, pages: int) -> list[int | None]:
    """Page links around ``page`` with the first and last; None marks a gap."""
    pages = min(pages, MAX_PAGE)
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    out: list[int | None] = []
    for number in shown:
        if out and number - (out[-1] or 0) > 1:
            out.append(None)
        out.append(number)
    return out


def safe_link(url: str) -> str | None:
    """An article's own URL only when it is http(s): never a ``javascript:`` link."""
    return url if re.match(r"https?://", url or "", re.IGNORECASE) else None


def axis_ticks(buckets: int, most: int = 5) -> set[int]:
    """The timeline buckets whose dates the axis shows: the first, the last and every few
    between, at most ``most`` and never crowding the last."""
    if buckets <= most:
        return set(range(buckets))
    step = -(-(buckets - 1) // (most - 1))
    ticks = set(range(0, buckets - 1, step))
    ticks = {i for i in ticks if i == 0 or buckets - 1 - i >= step / 2}
    return ticks | {buckets - 1}
