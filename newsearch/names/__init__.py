"""Names across the archive: the registry of who is who, and the user's curation of it.

* :mod:`.registry` — which stored names are one person, or an organisation, by the archive's
  counts (recomputed whenever the index changes);
* :mod:`.curation` — the user's merges, renames, moves and ignores, in ``curation.txt``;
* :mod:`.namemap` — both together: the map filters, facets and hits go through.
"""

from __future__ import annotations

from .curation import FILE_NAME, Change, make_change
from .namemap import NameMap, name_map

__all__ = ["FILE_NAME", "Change", "NameMap", "make_change", "name_map"]
