"""Readers: the first stage of indexing, from the paths a user gives to article Records.

:func:`discover` walks files and folders (sorted, so every run sees the same order), skipping
hidden names and ``--exclude`` globs, following symbolic links but never looping, and yields a
:class:`SourceFile` for every file of a supported type. :func:`read_source` reads one of them
into :class:`~newsearch.models.Record` values, whatever its format: plain text and Markdown,
JSON (one article or a list), JSON Lines (streamed, any size) and HTML pages.

Bad input never stops a run: every unreadable, binary, empty, malformed or oversized file or
record becomes a :class:`~newsearch.models.Problem`, one line for the user, and reading goes
on with the next record or file. The format details (field aliases, dates, text cleanup,
HTML extraction) live in :mod:`newsearch.ingest.formats`.
"""

from __future__ import annotations

import errno
import fnmatch
import json
import os
import posixpath
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..models import Problem, Record
from .encodings import LONE_ESCAPE, decode_text, decoding_problem, scrub_surrogates
from .formats import (
    clean_text,
    human_size,
    looks_binary,
    parse_date,
    record_from_html,
    record_from_object,
    records_from_json,
)

__all__ = ["SUPPORTED_SUFFIXES", "SourceFile", "discover", "parse_date", "read_source"]

FORMATS = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(FORMATS)
BINARY_SNIFF = 8192
DOC_NAMES = frozenset(
    {"readme", "license", "licence", "changes", "changelog", "contributing", "copying"}
    | {"authors", "notice"}
)


@dataclass(frozen=True)
class SourceFile:
    """One file to read, as :func:`discover` found it.

    ``path`` is what the user sees: the path given on the command line joined with the path
    inside the folder, with "/" separators (``corpus/a/b.txt``; indexing maps it onto the
    index's labels, :mod:`.roots`); ``abspath`` is where it is read from; ``format`` is one of
    "text", "json", "jsonl", "html".
    """

    path: str
    abspath: str
    size: int
    mtime_ns: int
    format: str


def _suffix(name: str) -> str:
    return posixpath.splitext(name)[1].lower()


def _reason(error: OSError) -> str:
    text = error.strerror or str(error) or type(error).__name__
    return text[:1].lower() + text[1:]


def _stat_problem(path: str, error: OSError, what: str) -> Problem:
    if isinstance(error, FileNotFoundError):
        return Problem(path, f"{what} does not exist (or is a broken symbolic link)", "missing")
    if error.errno == errno.ELOOP:
        return Problem(path, "symbolic link loop (skipped)", kind="symlink-loop")
    return Problem(path, f"unreadable: {_reason(error)}", kind="unreadable")


def _bad_name(display: str) -> Problem | None:
    """A Problem for a name that is not UTF-8 (its bytes could not go into the index)."""
    try:
        display.encode("utf-8")
    except UnicodeEncodeError:
        shown = display.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return Problem(shown, "file name is not valid UTF-8 (skipped): rename it", "bad-name")
    return None


def _excluded(display: str, name: str, exclude: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(display, g) or fnmatch.fnmatch(name, g) for g in exclude)


def _source(real_path: str, display: str, st: os.stat_result) -> SourceFile | Problem:
    if not stat.S_ISREG(st.st_mode):
        return Problem(display, "not a regular file (ignored)", kind="unsupported")
    suffix = _suffix(display)
    if suffix not in FORMATS:
        what = f"'{suffix}'" if suffix else "(no extension)"
        return Problem(display, f"unsupported file type {what} (ignored)", kind="unsupported")
    abspath = os.path.abspath(real_path)
    return SourceFile(display, abspath, st.st_size, st.st_mtime_ns, FORMATS[suffix])


def discover(
    paths: Sequence[str], *, exclude: Sequence[str] = (), include: Sequence[str] = ()
) -> Iterator[SourceFile | Problem]:
    """Every file to read under ``paths``, in sorted order, and a Problem for each path
    that is missing, unreadable, unsupported or a symbolic link loop.

    Folders are walked recursively; names starting with "." are skipped; ``exclude`` globs
    are matched against the display path and the file or folder name. Files found in a folder
    and named like documentation (README, LICENSE, CHANGES, CHANGELOG, CONTRIBUTING, COPYING,
    AUTHORS, NOTICE, any case)
    become a Problem of kind "documentation" unless an ``include`` glob matches them.
    """
    for item in _discover(paths, exclude):
        name = posixpath.basename(item.path)
        if (
            isinstance(item, SourceFile)
            and posixpath.splitext(name)[0].lower() in DOC_NAMES
            and item.path not in {given.replace(os.sep, "/") for given in paths}
            and not _excluded(item.path, name, include)
        ):
            yield Problem(item.path, "named like documentation (skipped)", "documentation")
        else:
            yield item


def _discover(paths: Sequence[str], exclude: Sequence[str]) -> Iterator[SourceFile | Problem]:
    for given in paths:
        display = posixpath.normpath(given.replace(os.sep, "/")) if given else "."
        if bad := _bad_name(display):
            yield bad
            continue
        try:
            st = os.stat(given)
        except OSError as error:
            yield _stat_problem(given, error, "path")
            continue
        if not stat.S_ISDIR(st.st_mode):
            name = posixpath.basename(display)
            if not _excluded(given, name, exclude) and not _excluded(display, name, exclude):
                yield _source(given, given.replace(os.sep, "/"), st)
            continue
        if _excluded(display, posixpath.basename(display), exclude):
            continue
        yield from _walk(given, display, {os.path.realpath(given): display}, exclude)


def _walk(
    folder: str, display: str, ancestors: dict[str, str], exclude: Sequence[str]
) -> Iterator[SourceFile | Problem]:
    """The files under one folder; ``ancestors`` maps the real paths of the folders being
    walked (this one included) to their display paths, to catch symbolic link loops."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield Problem(display, f"unreadable: cannot list folder: {_reason(error)}", "unreadable")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = entry.name if display == "." else f"{display.rstrip('/')}/{entry.name}"
        if _excluded(child, entry.name, exclude):
            continue
        if bad := _bad_name(child):
            yield bad
            continue
        try:
            st = entry.stat()  # follows symbolic links
        except OSError as error:
            yield _stat_problem(child, error, "link target")
            continue
        if not stat.S_ISDIR(st.st_mode):
            yield _source(entry.path, child, st)
            continue
        real = os.path.realpath(entry.path)
        if real in ancestors:
            message = f"symbolic link loop: leads back to '{ancestors[real]}' (skipped)"
            yield Problem(child, message, kind="symlink-loop")
            continue
        yield from _walk(entry.path, child, {**ancestors, real: child}, exclude)


def read_source(
    src: SourceFile, *, max_file_size: int = 100 * 2**20, max_record_size: int = 2**20
) -> Iterator[Record | Problem]:
    """The articles in one file, and a Problem for everything wrong with it.

    Never raises for bad input. ``max_file_size`` limits .txt, .md, .json and .html files
    (larger ones are not read at all); .jsonl files are streamed whatever their size, and
    ``max_record_size`` limits each of their lines instead.
    """
    try:
        if src.format == "jsonl":
            yield from _read_jsonl(src, max_record_size)
            return
        data = _read_whole(src, max_file_size)
        if isinstance(data, Problem):
            yield data
        elif looks_binary(data[:BINARY_SNIFF]):
            yield Problem(src.path, "binary file, not text (skipped)", kind="binary")
        elif src.format == "html":
            yield from record_from_html(data, src.path)
        elif src.format == "json":
            yield from _read_json(src, data)
        else:
            yield from _read_text(src, data)
    except OSError as error:
        yield Problem(src.path, f"unreadable: {_reason(error)}", kind="unreadable")


def _read_whole(src: SourceFile, limit: int) -> bytes | Problem:
    with open(src.abspath, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        data = file.read(limit + 1) if size <= limit else b""
    if size > limit or len(data) > limit:
        size = max(size, len(data))
        message = (
            f"file is {human_size(size)}, over the {human_size(limit)} limit (--max-file-size)"
        )
        return Problem(src.path, message, kind="too-large")
    return data


def _decode(src: SourceFile, data: bytes) -> tuple[str, list[Problem]]:
    """The file's text ("" when empty) and the problems met decoding it."""
    text, bad, encoding = decode_text(data)
    if not text.strip():
        return "", [Problem(src.path, "empty file (skipped)", kind="empty")]
    return text, [] if bad is None else [decoding_problem(src.path, bad, encoding)]


def _read_text(src: SourceFile, data: bytes) -> Iterator[Record | Problem]:
    text, problems = _decode(src, data)
    yield from problems
    if not text:
        return
    lines = clean_text(text).strip().split("\n")
    title = lines[0].strip()
    rest = lines[1:]
    if _suffix(src.path) in (".md", ".markdown"):
        title = title.lstrip("#").strip()
        if rest and rest[0].strip() and set(rest[0].strip()) <= set("=-"):
            rest = rest[1:]  # a setext heading's underline
    body = "\n".join(rest).strip()
    yield Record(id=src.path, title=" ".join(title.split()), body=body, origin=src.path)


def _json_error(error: ValueError | RecursionError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"invalid JSON: {error.msg} (column {error.colno})"
    if isinstance(error, RecursionError):
        return "invalid JSON: nested too deeply"
    return f"invalid JSON: {error}"


def _read_json(src: SourceFile, data: bytes) -> Iterator[Record | Problem]:
    text, problems = _decode(src, data)
    yield from problems
    if not text:
        return
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as error:
        line = error.lineno if isinstance(error, json.JSONDecodeError) else None
        yield Problem(src.path, _json_error(error), kind="malformed", line=line)
        return
    if LONE_ESCAPE.search(text):
        value, fixed = scrub_surrogates(value)
        if fixed:
            yield _surrogate_problem(src.path)
    yield from records_from_json(value, src.path)


def _read_jsonl(src: SourceFile, limit: int) -> Iterator[Record | Problem]:
    """Stream a JSON Lines file: one record a line, never more than ``limit`` bytes held."""
    with open(src.abspath, "rb") as file:
        if b"\x00" in file.read(BINARY_SNIFF):
            yield Problem(src.path, "binary file, not text (skipped)", kind="binary")
            return
        file.seek(0)
        number = offset = 0
        seen = bom = False  # a line that is not blank; a byte-order mark
        while raw := file.readline(limit + 1):
            number += 1
            start, offset = offset, offset + len(raw)
            if len(raw) > limit and not raw.endswith(b"\n"):
                while (more := file.readline(65536)) and not more.endswith(b"\n"):
                    offset += len(more)
                offset += len(more)
                size = human_size(offset - start)
                message = f"record is {size}, over the {human_size(limit)} limit"
                yield Problem(src.path, message + " (--max-record-size)", "too-large", number)
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw, start, bom = raw[3:], start + 3, True
            if not raw.strip():
                continue
            seen = True
            text, bad, encoding = decode_text(raw)
            if bad is not None:
                yield decoding_problem(src.path, start + bad, encoding, line=number)
            try:
                value = json.loads(text)
            except (ValueError, RecursionError) as error:
                yield Problem(src.path, _json_error(error), kind="malformed", line=number)
                continue
            if LONE_ESCAPE.search(text):
                value, fixed = scrub_surrogates(value)
                if fixed:
                    yield _surrogate_problem(src.path, number)
            yield from record_from_object(value, src.path, f"{src.path}#{number}", line=number)
        if not seen and bom:  # a byte-order mark and nothing else (a feed with no line left
            yield Problem(src.path, "empty file (skipped)", kind="empty")  # is quietly empty)


def _surrogate_problem(path: str, line: int | None = None) -> Problem:
    message = "lone surrogate escape (\\ud800-\\udfff) in a string; replaced with U+FFFD"
    return Problem(path, message, kind="encoding", line=line, skipped=False)
