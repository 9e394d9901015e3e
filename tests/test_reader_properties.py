"""Property tests (hypothesis): whatever bytes a file holds, in whatever encoding or JSON shape,
the readers turn it into records or one-line problems naming the file, and never raise."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsearch.ingest import SUPPORTED_SUFFIXES, SourceFile, digest, discover, read_source
from newsearch.models import Problem, Record

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
KEYS = ["id", "guid", "_id", "title", "headline", "name", "body", "text", "content", "article",
        "description", "dateline", "date", "published", "pubDate", "timestamp", "url", "link",
        "source", "author", "authors", "byline", "articles", "rendered", "$oid", "#text",
        "value", "items", "", "\ud800", "x\x00"]  # fmt: skip
ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1", "shift_jis",
             "gb18030", "koi8-r", "iso-8859-7", "utf-8-sig"]  # fmt: skip

any_text = st.text(st.characters(blacklist_categories=()), max_size=40)  # surrogates, NUL too
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    any_text,
    st.sampled_from(["1987-02-26", "26 Feb 1987 15:01", "0000-00-00", "99999999999", "NaN"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), any_text), inner, max_size=5),
    ),
    max_leaves=12,
)
articles = st.dictionaries(st.sampled_from(KEYS), json_values, max_size=8)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="newsearch-props-") as tmp:
        yield Path(tmp)


def read_file(folder: Path, suffix: str, data: bytes) -> list[Record | Problem]:
    """Everything the readers make of one file holding ``data``, checked for shape."""
    path = folder / f"article{suffix}"
    path.write_bytes(data)
    found = [s for s in discover([str(path)]) if isinstance(s, SourceFile)]
    assert len(found) == 1
    src = found[0]
    items = list(read_source(src, max_file_size=2**20, max_record_size=2**16))
    for item in items:
        if isinstance(item, Problem):
            line = str(item)
            assert line.startswith(src.path) and line.count("\n") == 0, line
            assert item.message and "Traceback" not in line
            line.encode("utf-8")  # printable: no lone surrogate reaches the terminal
        else:
            assert isinstance(item, Record), item
            for text in (item.id, item.title, item.body, item.origin, item.author, item.url):
                assert isinstance(text, str)
                text.encode("utf-8")  # the index stores UTF-8: no lone surrogate
            assert item.id and item.origin == src.path
            assert item.date is None or item.date.year >= 1
            digest(item)
    os.unlink(path)
    return items


@SETTINGS
@given(st.sampled_from(sorted(SUPPORTED_SUFFIXES)), st.binary(max_size=600))
def test_any_bytes_become_records_or_one_line_problems(
    folder: Path, suffix: str, data: bytes
) -> None:
    items = read_file(folder, suffix, data)
    assert items or not data.strip()  # something is said about every file that is not blank


@SETTINGS
@given(st.sampled_from([".txt", ".md", ".html"]), any_text, any_text, st.sampled_from(ENCODINGS))
def test_any_text_in_any_encoding_is_read(
    folder: Path, suffix: str, title: str, body: str, encoding: str
) -> None:
    text = f"{title}\n\n{body}" if suffix != ".html" else f"<title>{title}</title><p>{body}</p>"
    data = text.encode(encoding, "replace" if "utf" not in encoding else "surrogatepass")
    read_file(folder, suffix, data)


@SETTINGS
@given(st.one_of(json_values, articles, st.lists(articles, max_size=4)))
def test_any_json_shape_is_read_as_json(folder: Path, value: object) -> None:
    data = json.dumps(value, allow_nan=True).encode()  # \ud800 escapes and NaN included
    read_file(folder, ".json", data)


@SETTINGS
@given(st.lists(st.one_of(articles, json_values, st.binary(max_size=40)), max_size=6))
def test_any_json_lines_are_read_line_by_line(folder: Path, lines: list[object]) -> None:
    rows = [v if isinstance(v, bytes) else json.dumps(v).encode() for v in lines]
    data = b"\n".join(rows)
    items = read_file(folder, ".jsonl", data)
    lines_named = [i.line for i in items if isinstance(i, Problem) and i.line is not None]
    assert all(
        1 <= n <= data.count(b"\n") + 1 for n in lines_named
    )  # a problem names a line of the file
