"""Dates in queries and filters: the one place that says what a day, a month and a range mean.

``date:2022-07``, ``--since 2022-07-01``, the web form's date boxes and every backend's date
filter use these bounds: a range is inclusive, from the first moment of its first day to the
last moment of its last (Reuters dates carry times of day).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from ..errors import QueryError, UsageError

_DATE_RE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
DATE_FORMS = "expected YYYY, YYYY-MM or YYYY-MM-DD"


def date_bounds(text: str) -> tuple[datetime, datetime]:
    """First and last moment of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (ValueError if bad)."""
    match = _DATE_RE.fullmatch(text)
    if match is None:
        raise ValueError(DATE_FORMS)
    year = int(match.group(1))
    month = int(match.group(2) or 0)
    day = int(match.group(3) or 0)
    if not month:
        return datetime(year, 1, 1), datetime(year, 12, 31, 23, 59, 59, 999999)
    if not day:
        if not 1 <= month <= 12:
            raise ValueError("month must be in 1..12")
        import calendar

        last = calendar.monthrange(year, month)[1]
        return datetime(year, month, 1), datetime(year, month, last, 23, 59, 59, 999999)
    start = datetime(year, month, day)
    return start, start.replace(hour=23, minute=59, second=59, microsecond=999999)


def parse_date_range(value: str) -> tuple[datetime | None, datetime | None]:
    """Inclusive bounds of a ``date:`` value: ``A..B``, ``A..``, ``..B`` or a single ``A``.

    Raises :class:`QueryError` naming the bad part.
    """
    value = value.strip()
    start_text, sep, end_text = value.partition("..")
    if not sep:
        end_text = start_text
    if not start_text and not end_text:
        raise QueryError(f'bad date range "date:{value}": {DATE_FORMS} on at least one side')
    bounds: list[tuple[datetime, datetime] | None] = []
    for part in (start_text, end_text):
        try:
            bounds.append(date_bounds(part) if part else None)
        except ValueError as exc:
            raise QueryError(f'bad date "{part}" in date:{value}: {exc}') from None
    start = bounds[0][0] if bounds[0] else None
    end = bounds[1][1] if bounds[1] else None
    if start is not None and end is not None and start > end:
        raise QueryError(f"empty date range date:{value}: {start_text} is after {end_text}")
    return start, end


def parse_day(value: str | date | datetime | None, name: str) -> date | None:
    """A ``YYYY-MM-DD`` option value as a date (UsageError naming the option when bad)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UsageError(f"bad {name} date {value!r}: expected YYYY-MM-DD") from None


def day_range(since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
    """Inclusive bounds of the days ``since`` .. ``until`` (either may be None)."""
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    first = date_bounds(since.isoformat())[0] if since else None
    last = date_bounds(until.isoformat())[1] if until else None
    return first, last
