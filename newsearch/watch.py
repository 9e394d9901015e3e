"""Saved searches that watch the archive: "what is new on this since I last looked?".

A watch is a named :class:`~newsearch.query.SearchRequest` kept in the index folder
(``watches.json``, rewritten atomically under a lock). With it are the ids of the articles it
matched when it was last shown (:meth:`Watches.show`, or when it was added): an article is *new*
when the search matches it now and its id was not among those. So:

- an article indexed since, that matches, is new; re-indexing or ``--rebuild`` makes nothing new;
- an article that changed keeps its id: it is new only if it did not match before the change
  (a story updated with the watched words comes in; a typo fixed in a known one does not);
- an article that is removed and comes back under the same id is not new.

The ids are stored, not index-time sequence numbers, so this holds for every backend.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from .errors import NewsearchError, UsageError
from .models import Article
from .query import SearchRequest
from .search import NewsIndex

FILE = "watches.json"
VERSION = 1
#: Request fields a watch does not keep: it is about which articles match, not how they show.
_NOT_KEPT = ("limit", "page", "facets", "timeline", "facet_size")
_NAME = re.compile(r"^[\w][\w.-]{0,63}$")


@dataclass(frozen=True)
class Watch:
    """A saved search: its name, request, when it was added and last shown, and how many
    articles it matches now that it did not match then (``new``)."""

    name: str
    request: SearchRequest
    added: str
    shown: str | None
    new: int = 0
    total: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            **_request_dict(self.request),
            "added": self.added,
            "shown": self.shown,
            "new": self.new,
            "total": self.total,
        }


@dataclass(frozen=True)
class WatchNews:
    """What :meth:`Watches.show` found: the articles new since ``since`` (oldest first)."""

    watch: Watch
    since: str
    articles: list[Article] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.watch.to_dict(),
            "since": self.since,
            "articles": [a.to_dict() for a in self.articles],
        }


class Watches:
    """The saved searches of one index (``index.watches`` of an open :class:`NewsIndex`)."""

    def __init__(self, index: NewsIndex) -> None:
        self.index = index
        #: an index folder keeps them in a file under a lock; a cluster, in its side texts
        self.local = index.backend == "whoosh"
        self.path = Path(index.index_dir) / FILE if self.local else Path(FILE)

    def exists(self) -> bool:
        """Whether any watch was ever saved for this index."""
        return self.path.exists() if self.local else self.index.read_side(FILE) is not None

    def add(self, name: str, request: SearchRequest) -> Watch:
        """Save ``request`` as ``name``; what it matches now is the baseline (not new)."""
        if not _NAME.match(name):
            raise UsageError(
                f"a watch name is letters, digits, '.', '-' or '_' (at most 64), not {name!r}"
            )
        ids = self._ids(request)  # a bad query fails here, before anything is written
        with self._editing() as saved:
            if name in saved:
                raise UsageError(f"there is already a watch named {name!r} (watch remove it)")
            saved[name] = {"request": _request_dict(request), "added": _now(), "shown": None}
            saved[name]["seen"] = sorted(ids)
            entry = saved[name]
        return Watch(name, request, entry["added"], None, 0, len(ids))

    def remove(self, name: str) -> None:
        with self._editing() as saved:
            if name not in saved:
                raise UsageError(f"no watch named {name!r}{self._known(saved)}")
            del saved[name]

    def list(self) -> list[Watch]:
        """Every watch, by name, with its count of new articles (nothing is marked shown)."""
        return [self._state(name, entry) for name, entry in sorted(self._load().items())]

    def show(self, name: str, *, mark: bool = True) -> WatchNews:
        """The articles ``name`` matches that it did not when last shown; ``mark`` records
        them as shown (the next call lists only what comes in after this one)."""
        with self._editing(write=mark) as saved:
            if name not in saved:
                raise UsageError(f"no watch named {name!r}{self._known(saved)}")
            entry = saved[name]
            request = _request(name, entry.get("request", {}))
            seen = set(entry.get("seen", ()))
            ids: set[str] = set()
            articles = []
            for article in self.index.export(request):  # one pass, oldest first
                ids.add(article.id)
                if article.id not in seen:
                    articles.append(article)
            since = entry["shown"] or entry["added"]
            watch = Watch(name, request, entry["added"], entry["shown"], len(articles), len(ids))
            if mark:
                entry.update(shown=_now(), seen=sorted(ids))
        return WatchNews(watch, since, articles)

    # -- storage ----------------------------------------------------------------------------
    def _ids(self, request: SearchRequest) -> set[str]:
        return {article.id for article in self.index.export(request)}

    def _state(self, name: str, entry: dict[str, Any]) -> Watch:
        request = _request(name, entry.get("request", {}))
        ids = self._ids(request)
        new = len(ids - set(entry.get("seen", ())))
        return Watch(name, request, entry["added"], entry["shown"], new, len(ids))

    def _load(self) -> dict[str, Any]:
        try:
            text = (
                self.path.read_text(encoding="utf-8") if self.local else self.index.read_side(FILE)
            )
            if text is None:
                return {}
            data = json.loads(text)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise NewsearchError(f"cannot read the saved searches in {self.path}: {exc}") from None
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise NewsearchError(f"{self.path} is not a newsearch watch file of version {VERSION}")
        return dict(data.get("watches", {}))

    @contextlib.contextmanager
    def _editing(self, write: bool = True) -> Iterator[dict[str, Any]]:
        """The watches, locked against other writers; written back atomically on success."""
        lock_path = self.path.with_suffix(".lock")
        try:  # a cluster: the last writer wins (one side text, replaced whole)
            lock = (
                os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644) if write and self.local else None
            )
        except OSError as exc:
            raise NewsearchError(f"cannot write to {lock_path.parent}: {exc.strerror}") from None
        try:
            if lock is not None:
                fcntl.flock(lock, fcntl.LOCK_EX)
            saved = self._load()
            yield saved
            if write:
                self._save(saved)
        finally:
            if lock is not None:
                os.close(lock)

    def _save(self, saved: dict[str, Any]) -> None:
        text = json.dumps({"version": VERSION, "watches": saved}, ensure_ascii=False, indent=1)
        if not self.local:
            try:
                self.index.write_side(FILE, text + "\n")
            except OSError as exc:
                raise NewsearchError(f"cannot save the saved searches: {exc}") from None
            return
        try:
            fd, tmp = tempfile.mkstemp(prefix=".watches.", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(tmp)
            raise NewsearchError(f"cannot save {self.path}: {exc.strerror or exc}") from None

    @staticmethod
    def _known(saved: dict[str, Any]) -> str:
        return f" (watches: {', '.join(sorted(saved))})" if saved else " (there are no watches)"


def _request_dict(request: SearchRequest) -> dict[str, Any]:
    """The request's fields that differ from the defaults, as JSON values."""
    out: dict[str, Any] = {}
    for f in fields(SearchRequest):
        value = getattr(request, f.name)
        if f.name in _NOT_KEPT or (value == f.default and f.name != "query"):
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def _request(name: str, stored: dict[str, Any]) -> SearchRequest:
    try:
        return SearchRequest.make(**stored)
    except (UsageError, TypeError) as exc:
        raise NewsearchError(f"the saved search {name!r} cannot run any more: {exc}") from None


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S")
