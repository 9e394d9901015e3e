"""The copy sketches are datasketch's: the same MinHash values and the same LSH candidates,
computed without importing datasketch (and the scipy it imports) in an indexing run."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from newsearch import duplicates

datasketch = pytest.importorskip("datasketch")

TEXT = (
    "oil prices rose sharply on monday as traders worried about supplies from the middle east "
    "and a cold winter in the united states and europe pushed demand for heating oil up while "
    "the dollar fell against the yen and the mark in quiet trading ahead of the holiday"
)
WORDS = TEXT.split(" ")


def texts(n: int, seed: int) -> list[str]:
    """``n`` articles: random texts, each also resent with one, three or eight words changed."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        words = list(rng.choice(WORDS, size=60))
        out.append(" ".join(words))
        for changes in (1, 3, 8):
            edited = list(words)
            for i in rng.choice(len(words), size=changes, replace=False):
                edited[i] = str(rng.choice(WORDS))
            out.append(" ".join(edited))
    return out


def reference(text: str) -> np.ndarray:
    m = datasketch.MinHash(
        num_perm=duplicates.NUM_PERM, seed=duplicates.SEED, scheme="affine32", hashfunc=int
    )
    m.update_batch([int(h) for h in duplicates.shingles("", text)])
    return np.asarray(m.hashvalues, dtype=np.uint32)


def test_sketches_are_datasketchs_minhash() -> None:
    for text in texts(5, seed=1):
        ours = duplicates.sketch("", text)
        assert ours is not None
        assert np.array_equal(ours, reference(text))


def test_lsh_candidates_are_datasketchs() -> None:
    corpus = texts(40, seed=2)
    sketches = [duplicates.sketch("", t) for t in corpus]
    ours = duplicates.Bands()
    lsh = datasketch.MinHashLSH(num_perm=duplicates.NUM_PERM, params=duplicates.LSH_BANDS)
    for i, values in enumerate(sketches):
        assert values is not None
        lean = datasketch.LeanMinHash(seed=duplicates.SEED, hashvalues=values, scheme="affine32")
        assert ours.query(values) == set(lsh.query(lean))
        ours.insert(str(i), values)
        lsh.insert(str(i), lean)
    for i in range(0, len(sketches), 3):  # removals too
        values = sketches[i]
        assert values is not None
        ours.remove(str(i), values)
        lsh.remove(str(i))
    for values in sketches:
        assert values is not None
        lean = datasketch.LeanMinHash(seed=duplicates.SEED, hashvalues=values, scheme="affine32")
        assert ours.query(values) == set(lsh.query(lean))
    assert sum(len(ours.query(v)) > 1 for v in sketches if v is not None) >= 20  # resends meet


def test_indexing_does_not_import_scipy(tmp_path: object) -> None:
    code = (
        "import sys\n"
        "from newsearch import duplicates\n"
        "duplicates.Copies(sys.argv[1]).assign([], [])\n"
        "values = duplicates.sketch('t', ' '.join(['w%d' % i for i in range(40)]))\n"
        "duplicates.Bands().query(values)\n"
        "print('scipy' in sys.modules, 'datasketch' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]
