"""Cold start of the Python API in a fresh process (run by scale.py).

    python benchmarks/_coldstart.py INDEX_DIR QUERY

Prints one JSON line: seconds to import newsearch, open the index, run the first search
(top 5) and the first search with facets and timeline.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> None:
    index_dir, query = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    import newsearch

    t1 = time.perf_counter()
    ix = newsearch.open_index(index_dir)
    t2 = time.perf_counter()
    ix.search(query, limit=5)
    t3 = time.perf_counter()
    ix.search(query, limit=5, facets=True, timeline=True)
    t4 = time.perf_counter()
    ix.close()
    out = {
        "import": t1 - t0,
        "open": t2 - t1,
        "first_search": t3 - t2,
        "first_facets": t4 - t3,
        "nltk_loaded": "nltk" in sys.modules,
    }
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}))


if __name__ == "__main__":
    main()
