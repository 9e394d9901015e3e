"""Where an article comes from: its ``source`` (Reuters, BBC) and ``section`` (sport, business).

A record's own source (a JSON ``source``/``publisher`` field) wins; else the ``--source NAME``
given to ``index``; else it is read from the folders under the folder given to ``index``
(the root it is stored under, :mod:`.roots`, whichever path inside it a run was given):

=======================================  ==================  ==========
file (path given: ``corpora``)           source              section
=======================================  ==================  ==========
``corpora/bbc/sport/001.txt``            ``bbc``             ``sport``
``corpora/reuters.jsonl``                ``reuters``         (none)
``corpora/a.txt``                        ``corpora``         (none)
=======================================  ==================  ==========

and with ``bbc`` given (``bbc/sport/001.txt``), one folder deep: the folder given is the
source, its folders the sections. A file of many records (.json, .jsonl) directly under the
path given, or given itself, is a source of its own, named after the file.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePosixPath

from ..models import Record
from .records import under

MANY_RECORDS = (".json", ".jsonl", ".ndjson")


def _root(origin: str, given: Sequence[str]) -> str:
    """The longest path given to ``index`` that holds ``origin``."""
    roots = [os.path.normpath(g).replace(os.sep, "/") for g in given]
    return max((r for r in roots if under(origin, [r])), key=len, default="")


def _name(folder: str) -> str:
    name = PurePosixPath(folder).name
    return name if name not in ("", ".", "..") else os.path.basename(os.path.abspath(folder))


def place(origin: str, given: Sequence[str]) -> tuple[str, str]:
    """(source, section) of a file, read from the folders under the path given."""
    root = _root(origin, given)
    file = PurePosixPath(origin)
    if not root or origin == root:  # a file given itself
        many = file.suffix.lower() in MANY_RECORDS
        return (file.stem if many else _name(str(file.parent)), "")
    inner = origin[len(root) :].lstrip("/") if root != "." else origin
    folders = PurePosixPath(inner).parts[:-1]
    if len(folders) >= 2:
        return folders[0], folders[1]
    if len(folders) == 1:
        return _name(root), folders[0]
    many = file.suffix.lower() in MANY_RECORDS
    return (file.stem if many else _name(root), "")


def with_source(record: Record, given: Sequence[str], source: str = "") -> Record:
    """The record with its source and section filled in (its own source kept)."""
    found, section = place(record.origin, given)
    name = record.source or source or found
    if name == record.source and section == record.section:
        return record
    return replace(record, source=name, section=section)
