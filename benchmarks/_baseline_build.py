"""Build the plain-Whoosh baseline index in a fresh process (run by bench.py).

    python benchmarks/_baseline_build.py CORPUS INDEX_DIR

Prints one JSON line: {"articles": N, "seconds": S} (S = reading + indexing + commit, inside
the process; bench.py measures the wall time around it as well).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline import build_baseline, read_records  # noqa: E402


def main() -> None:
    corpus, index_dir = sys.argv[1], Path(sys.argv[2])
    _ix, seconds, articles = build_baseline(read_records(corpus), index_dir)
    print(json.dumps({"articles": articles, "seconds": round(seconds, 3)}))


if __name__ == "__main__":
    main()
