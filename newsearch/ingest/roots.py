"""The folders (and files) given to ``index``, and the paths an index stores for them.

An index remembers each path it was given, absolute, under a short *label*: its name
(``/data/news/corpus`` -> ``corpus``). An article's path, and the id of a file-per-article
text, is the label joined with the path inside it, so
``newsearch index /data/news/corpus`` stores ``corpus/business/001.txt`` and ``newsearch index
/data/feed.jsonl`` stores ``feed.jsonl`` (``feed.jsonl#7`` for its 7th record), whatever the
working folder: the same files keep the same ids when the next run starts elsewhere, is given
a relative path, or is given a folder inside one indexed before (``corpus/business`` maps
onto ``corpus``'s label, never a new one). A path that holds folders indexed before keeps
their labels for the files inside them.

A second folder with a name already used gets its parent's name in front (``b/news`` beside
``news``), and a label never lies inside another, so a run's removals stay within the paths
it was given. The labels live in the index's manifest (``roots``); an index written before
they existed has none (``None``) and keeps storing paths as they were given, until
``--rebuild``.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Sequence

from .records import under


def _absolute(path: str) -> str:
    return os.path.abspath(path).replace(os.sep, "/")


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def _label_for(absolute: str, roots: dict[str, str]) -> str:
    """A label for a new root: its name, with as many parent names in front as it takes to
    be unused and neither inside nor around another label."""
    parts = [p for p in absolute.split("/") if p] or ["root"]
    for depth in range(1, len(parts) + 1):
        label = "/".join(parts[-depth:])
        if not any(under(label, [other]) or under(other, [label]) for other in roots):
            return label
    number = 2
    while any(under(f"{parts[-1]}~{number}", [o]) for o in roots):
        number += 1
    return f"{parts[-1]}~{number}"


def stored(absolute: str, roots: dict[str, str]) -> str | None:
    """The path an index stores for the file or folder at ``absolute`` (an absolute path with
    "/" separators): its deepest root's label joined with the rest; None outside every root."""
    best = max(
        (item for item in roots.items() if _within(absolute, item[1])),
        key=lambda r: len(r[1]),
        default=None,
    )
    if best is None:
        return None
    label, root = best
    return label if absolute == root else f"{label}/{absolute[len(root.rstrip('/')) + 1 :]}"


class Roots:
    """Maps the paths of one indexing run to the paths the index stores (see the module)."""

    def __init__(self, given: Sequence[str], roots: dict[str, str] | None) -> None:
        """``roots`` (label -> absolute path) is the manifest's table, updated in place with
        the paths given that lie in no root yet (None: an index from before labels)."""
        self.roots = roots
        if roots is None:
            return
        for path in sorted({_absolute(g) for g in given}, key=len):  # parents before children
            if stored(path, roots) is None:
                roots[_label_for(path, roots)] = path

    def path(self, shown: str, absolute: str | None = None) -> str:
        """The stored form of a path found by this run (``shown``: as the user's path led
        to it; ``absolute``: where it is, when known)."""
        if self.roots is None:
            return shown
        return stored(absolute or _absolute(shown), self.roots) or shown

    def bases(self, given: Sequence[str]) -> list[str]:
        """What an article's source and section are read from (:mod:`.sources`): the labels,
        so a file gets the same ones whichever path inside its root was given."""
        return list(given) if self.roots is None else list(self.roots)

    def scope(self, given: Sequence[str]) -> list[str]:
        """The stored paths the given paths cover, roots indexed before inside them included
        (what a run may find gone)."""
        if self.roots is None:
            return [posixpath.normpath(g.replace(os.sep, "/")) for g in given]
        covered: list[str] = []
        for g in given:
            absolute = _absolute(g)
            covered.append(self.path(g, absolute))
            covered += [label for label, root in self.roots.items() if _within(root, absolute)]
        return sorted(set(covered))
