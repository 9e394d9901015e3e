"""The name map of one committed state, kept beside the index so that a new process reuses it.

Building the map costs a facet over every article, the registry's rules and a count of the
groups over every article again: a third of a second on Reuters, paid by every ``newsearch
query`` process. The first process to see a state writes its map to :data:`FILE_NAME` (JSON,
written whole and renamed into place), keyed by a digest of that state (the backend's
generation) and of the curation file's text; a later process whose key matches reads it back
instead. A file of another state, torn, hand-edited or of another format is never trusted: the
map is built again and the file replaced. A folder we may not write to only costs the time.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .namemap import NameMap

FILE_NAME = "names.cache.json"
FORMAT = 2  # 2: mentions


def state_key(state: tuple[Any, ...]) -> str:
    """A digest of a state (``repr`` of the backend's generation and the curation text)."""
    return hashlib.sha256(repr(state).encode("utf-8", "surrogatepass")).hexdigest()


def dump(names: NameMap, key: str) -> str:
    """``names`` as JSON text, under ``key``."""
    return json.dumps(
        {
            "format": FORMAT,
            "key": key,
            "counts": names.counts,
            "entity": [[f, v, *(t or (None, None))] for (f, v), t in names.entity.items()],
            "members": [[f, v, [list(m) for m in ms]] for (f, v), ms in names.members.items()],
            "skipped": names.skipped,
            "archive": sorted(names.archive.items()),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def load(text: str | None, key: str) -> NameMap | None:
    """The map in ``text`` when it is one of this format under ``key``; else None."""
    if not text:
        return None
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
            return None
        counts = {str(f): {str(v): int(n) for v, n in c.items()} for f, c in data["counts"].items()}
        names = NameMap(counts)
        names.entity = {
            (str(f), str(v)): None if tf is None else (str(tf), str(tv))
            for f, v, tf, tv in data["entity"]
        }
        names.members = {
            (str(f), str(v)): [(str(mf), str(mv)) for mf, mv in ms] for f, v, ms in data["members"]
        }
        names.skipped = [str(s) for s in data["skipped"]]
        names.archive = {int(i): int(n) for i, n in data["archive"]}
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return names
