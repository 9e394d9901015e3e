"""Export: every match of a search as JSON Lines or CSV, one line (row) at a time.

:meth:`NewsIndex.export <newsearch.search.NewsIndex.export>` streams the articles;
:func:`export_lines` turns them into text, so memory stays flat however many match. The command
line (``newsearch export``) and the page's download link (``/export``) both write these lines.

Columns are fields of :class:`~newsearch.models.Article`; in CSV the names of ``people`` and
``countries`` are joined with ``"; "``, an undated article has an empty ``date``, and fields
holding commas, quotes or newlines are quoted as RFC 4180 says (Python's ``csv`` module).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields

from .errors import UsageError
from .models import Article

FORMATS = ("jsonl", "csv")
#: Every column, in this order unless ``fields`` says otherwise.
EXPORT_FIELDS = tuple(f.name for f in fields(Article) if f.name != "explain")
MEDIA_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv"}
LIST_SEPARATOR = "; "


def parse_fields(spec: str | Sequence[str] | None) -> tuple[str, ...]:
    """The columns asked for: a comma-separated string or a list of names (None: all)."""
    if spec is None:
        return EXPORT_FIELDS
    names = spec.split(",") if isinstance(spec, str) else list(spec)
    chosen = tuple(dict.fromkeys(n.strip() for n in names if n.strip()))
    if not chosen:
        return EXPORT_FIELDS
    unknown = [n for n in chosen if n not in EXPORT_FIELDS]
    if unknown:
        raise UsageError(f"unknown field {unknown[0]!r}: use some of {', '.join(EXPORT_FIELDS)}")
    return chosen


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return fmt


def export_lines(
    articles: Iterable[Article], fmt: str = "jsonl", columns: Sequence[str] = EXPORT_FIELDS
) -> Iterator[str]:
    """The text of an export, line by line (CSV: a header row first), each ending in a newline
    (CSV rows end in CRLF, as RFC 4180 has them)."""
    check_format(fmt)
    columns = tuple(columns)
    if fmt == "jsonl":
        for article in articles:
            row = {name: getattr(article, name) for name in columns}
            yield json.dumps(row, ensure_ascii=False) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: Sequence[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield line(columns)
    for article in articles:
        yield line([_cell(getattr(article, name)) for name in columns])


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)
