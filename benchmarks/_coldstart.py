"""Cold start of the Python API in a fresh process (run by cold.py and scale.py).

    python benchmarks/_coldstart.py INDEX_DIR QUERY              # newsearch
    python benchmarks/_coldstart.py --baseline INDEX_DIR QUERY   # plain Whoosh, the same steps

Prints one JSON line: seconds to import the library, open the index, run the first search (top
5 with snippets; plain Whoosh: top 5 with its highlights) and, for newsearch, the first search
with facets and timeline (plain Whoosh has no counterpart: 0); the modules loaded and whether
NLTK is one of them.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def newsearch_steps(index_dir: str, query: str) -> list[float]:
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
    return [t0, t1, t2, t3, t4]


def baseline_steps(index_dir: str, query: str) -> list[float]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    t0 = time.perf_counter()
    import whoosh.index
    from baseline import BaselineSearcher

    t1 = time.perf_counter()
    searcher = BaselineSearcher(whoosh.index.open_dir(index_dir))
    t2 = time.perf_counter()
    searcher.search(query, 5, highlights=True)
    t3 = time.perf_counter()
    searcher.close()
    return [t0, t1, t2, t3, t3]


def main() -> None:
    args = sys.argv[1:]
    baseline = args[0] == "--baseline"
    index_dir, query = args[1:] if baseline else args
    t = (baseline_steps if baseline else newsearch_steps)(index_dir, query)
    out = {
        "import": t[1] - t[0],
        "open": t[2] - t[1],
        "first_search": t[3] - t[2],
        "first_facets": t[4] - t[3],
        "modules": len(sys.modules),
        "nltk_loaded": "nltk" in sys.modules,
    }
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}))


if __name__ == "__main__":
    main()
