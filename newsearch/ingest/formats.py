"""Formats: turning one article's raw text, JSON object or HTML page into a :class:`Record`.

This is the half of the reading stage that knows nothing about files and folders (that is
:mod:`newsearch.ingest.readers`): text cleanup, UTF-8 decoding that never fails, date parsing, the
field aliases of common scraper exports, and main-text extraction from HTML pages.

Nothing here raises for bad input; problems come back as :class:`Problem` values.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from ..escape import shown
from ..models import Problem, Record

# Control characters other than \t and \n (C0, DEL and C1), dropped from every text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_H = 3600
_TZINFOS = {"UTC": 0, "GMT": 0, "BST": _H, "CET": _H, "CEST": 2 * _H, "EET": 2 * _H}
_TZINFOS.update({"EST": -5 * _H, "EDT": -4 * _H, "CST": -6 * _H, "CDT": -5 * _H})
_TZINFOS.update({"MST": -7 * _H, "MDT": -6 * _H, "PST": -8 * _H, "PDT": -7 * _H})

HTML_MAX_SIZE = 20_000_000  # trafilatura's MAX_FILE_SIZE
TITLE_KEYS = ("title", "headline", "name")
BODY_KEYS = ("body", "text", "content", "article", "description")
#: a wire story's dateline ("NEW YORK, March 3 -"), kept in front of the body as wire copy has it
DATELINE_KEYS = ("dateline",)
ID_KEYS = ("id", "guid", "_id", "uuid")
DATE_KEYS: tuple[str, ...] = ("date", "published", "published_at", "publishedAt", "pubDate")
DATE_KEYS += ("date_published", "datePublished", "created_at", "timestamp")
URL_KEYS = ("url", "link", "href")
SOURCE_KEYS = ("source", "publisher", "site", "site_name", "feed")
AUTHOR_KEYS = ("author", "authors", "byline", "creator")
# Keys under which a nested object keeps its text: {"name": ...}, WordPress {"rendered": ...},
# MongoDB {"$oid": ...}.
_INNER_KEYS = ("name", "rendered", "text", "value", "title", "$oid", "href", "url", "#text")


def clean_text(text: str) -> str:
    """Normalise newlines to ``\\n``, drop NUL and other control characters, NFC-normalise."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return unicodedata.normalize("NFC", text)


def clean_title(text: str) -> str:
    """A title on one line: :func:`clean_text`, then every run of whitespace made one space."""
    return " ".join(clean_text(text).split())


def looks_binary(head: bytes) -> bool:
    """True for data that is not text: a NUL byte, or more than 10% control characters."""
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f\v\x1b")
    return controls / len(head) > 0.1


def human_size(size: int) -> str:
    """``123.4 MB``, ``1 MB``, ``512 bytes``: sizes as the messages print them (1 MB = 2**20)."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def _naive_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def _from_timestamp(seconds: float) -> datetime:
    if abs(seconds) >= 1e14:  # microseconds
        seconds /= 1e6
    elif abs(seconds) >= 1e11:  # milliseconds
        seconds /= 1e3
    try:
        epoch = datetime(1970, 1, 1)
        return epoch + timedelta(seconds=seconds)
    except OverflowError as error:
        raise ValueError(f"timestamp out of range: {seconds}") from error


def parse_date(value: object) -> datetime | None:
    """Parse a date as news data writes it into a naive UTC :class:`datetime`.

    Accepts ISO 8601 (with or without time and offset), RFC 2822 (``Tue, 19 Jul 2022 14:03:00
    GMT``), written dates (``July 19, 2022``, ``19 July 2022``, ``July 2022``, ``2022``), unix
    timestamps as numbers or digit strings (seconds; milliseconds or microseconds when huge),
    and :class:`datetime`/:class:`date` objects. Aware times are converted to UTC.
    None and blank strings give None; anything else raises :class:`ValueError`.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return _naive_utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"not a date: {value!r}")
        return _from_timestamp(float(value))
    text = value.strip()
    if not text:
        return None
    if _NUMBER.fullmatch(text):
        if len(text) == 4:  # a year
            return datetime(int(text), 1, 1)
        if len(text.split(".")[0].lstrip("-")) >= 9:
            return _from_timestamp(float(text))
    try:
        iso = text[:-1] + "+00:00" if text[-1:] in "Zz" else text
        return _naive_utc(datetime.fromisoformat(iso))
    except ValueError:
        pass
    try:
        return _naive_utc(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    return _parse_written_date(text)


def _parse_written_date(text: str) -> datetime:
    from dateutil import parser  # comes with trafilatura

    parsed = []
    # Parse twice with defaults in different years: a text without a year ("July 19",
    # "3 hours") comes out differently and is refused rather than dated this year.
    for default in (datetime(2000, 1, 1), datetime(2001, 1, 1)):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                parsed.append(parser.parse(text, default=default, tzinfos=_TZINFOS))
        except (ValueError, OverflowError, TypeError) as error:
            raise ValueError(f"unrecognised date {text!r}") from error
    if parsed[0] != parsed[1]:
        raise ValueError(f"unrecognised date {text!r} (no year)")
    return _naive_utc(parsed[0])


def _text_of(value: object, sep: str = " ") -> str:
    """The text of a JSON value: strings as they are, numbers printed, lists joined with
    ``sep``, objects by their ``name``/``rendered``/``text``... field; booleans and None empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return sep.join(part for part in (_text_of(item, sep).strip() for item in value) if part)
    if isinstance(value, Mapping):
        for key in _INNER_KEYS:
            if key in value:
                return _text_of(value[key], sep)
    return ""


def _field(obj: Mapping[str, Any], keys: tuple[str, ...], sep: str = " ") -> str:
    """The first non-empty text among the aliases ``keys`` of a JSON object."""
    for key in keys:
        if key in obj:
            text = _text_of(obj[key], sep).strip()
            if text:
                return text
    return ""


def _first_value(obj: Mapping[str, Any], keys: tuple[str, ...]) -> object:
    for key in keys:
        value = obj.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _kind_of(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    names.update({int: "a number", float: "a number", type(None): "null"})
    return names.get(type(value), type(value).__name__)


def record_from_object(
    obj: object, path: str, default_id: str, line: int | None = None
) -> Iterator[Record | Problem]:
    """One JSON object to a Record, understanding the common field aliases.

    Yields the Record (or a ``not-article`` Problem when there is no title or body), and a
    ``bad-date`` Problem when a date is present but unrecognised. ``line`` is the record's
    number in a list or its line in a .jsonl file, used for ``path#N`` ids and problem lines.
    """
    label = f"record {line}" if line is not None else "the JSON object"
    if not isinstance(obj, Mapping):
        message = f"{label} is not an article ({_kind_of(obj)}, not an object)"
        yield Problem(path, message, kind="not-article", line=line)
        return
    title = clean_title(_field(obj, TITLE_KEYS))
    body = clean_text(_field(obj, BODY_KEYS, sep="\n\n")).strip()
    dateline = clean_title(_field(obj, DATELINE_KEYS))
    if dateline and body and not body.startswith(dateline):
        body = f"{dateline} {body}"
    if not title and not body:
        yield Problem(path, f"{label} is not an article (no title or body)", "not-article", line)
        return
    raw_date = _first_value(obj, DATE_KEYS)
    try:
        when = parse_date(raw_date)
    except ValueError:
        when = None
        shown = _text_of(raw_date) or repr(raw_date)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        message = f"unrecognised date {shown!r} (indexed without a date)"
        yield Problem(path, message, kind="bad-date", line=line, skipped=False)
    yield Record(
        id=clean_title(_field(obj, ID_KEYS)) or default_id,
        title=title,
        body=body,
        origin=path,
        date=when,
        source=clean_title(_field(obj, SOURCE_KEYS)),
        url=clean_title(_field(obj, URL_KEYS)),
        author=clean_title(_field(obj, AUTHOR_KEYS, sep=", ")),
    )


def records_from_json(value: object, path: str) -> Iterator[Record | Problem]:
    """The articles of a parsed .json file: one object, a list of objects, or an object
    holding the list under ``articles``, ``items`` or ``data``."""
    if isinstance(value, Mapping):
        for key in ("articles", "items", "data"):
            if isinstance(value.get(key), list):
                value = value[key]
                break
    if isinstance(value, list):
        if not value:
            yield Problem(path, "no articles in the file (empty list)", kind="empty")
        for number, item in enumerate(value, start=1):
            yield from record_from_object(item, path, f"{path}#{number}", line=number)
    elif isinstance(value, Mapping):
        if not any(key in value for key in TITLE_KEYS + BODY_KEYS):
            keys = ", ".join(shown(str(k)) for k in list(value)[:5]) or "none"
            message = f"not an article: an object without title or body fields (keys: {keys})"
            yield Problem(path, message, kind="not-article")
            return
        yield from record_from_object(value, path, path)
    else:
        message = f"not an article: {_kind_of(value)}, expected an object or a list of objects"
        yield Problem(path, message, kind="not-article")


def record_from_html(data: bytes, path: str) -> Iterator[Record | Problem]:
    """An HTML page to a Record: trafilatura's main text (no navigation, footers, comments)
    and metadata (title, date, url, site name, author); the <title> element as a fallback."""
    if len(data) > HTML_MAX_SIZE:  # trafilatura's own limit: larger pages take minutes
        size, limit = human_size(len(data)), human_size(HTML_MAX_SIZE)
        message = f"HTML page is {size}, over the {limit} limit for HTML pages"
        yield Problem(path, message, kind="too-large")
        return
    import trafilatura  # slow to import: only when there is HTML to read
    from trafilatura.settings import set_date_params

    date_params = set_date_params(True)
    date_params["outputformat"] = "%Y-%m-%dT%H:%M:%S"
    try:
        doc = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            date_extraction_params=date_params,
        )
    except Exception as error:  # a third-party parser: any failure is this file's problem
        yield Problem(path, f"could not parse HTML: {error}", kind="malformed")
        return
    meta: dict[str, Any] = {}
    if doc is not None and not isinstance(doc, dict):
        meta = {key: getattr(doc, key, None) for key in ("title", "text", "date", "url")}
        meta.update(sitename=getattr(doc, "sitename", None), author=doc.author)
    elif isinstance(doc, dict):
        meta = doc
    title = clean_title(str(meta.get("title") or "")) or _html_title(data)
    lines = [line.strip() for line in clean_text(str(meta.get("text") or "")).split("\n")]
    lines = [line for line in lines if line]
    if lines and title and clean_title(lines[0]) == title:
        lines = lines[1:]  # the page's <h1>, repeated as the first paragraph
    body = "\n\n".join(lines)
    if not title and not body:
        yield Problem(path, "not an article: no main text or title found", kind="not-article")
        return
    try:
        when = parse_date(meta.get("date"))
    except ValueError:
        when = None
    yield Record(
        id=path,
        title=title,
        body=body,
        origin=path,
        date=when,
        source=clean_title(str(meta.get("sitename") or "")),
        url=clean_title(str(meta.get("url") or "")),
        author=clean_title(str(meta.get("author") or "")).replace("; ", ", "),
    )


def _html_title(data: bytes) -> str:
    """The text of the page's <title> element, or ""."""
    import lxml.html

    try:
        found = lxml.html.fromstring(data).findtext(".//title")
    except (ValueError, lxml.etree.ParserError):
        return ""
    return clean_title(found or "")
