"""Whoosh imported for searching without the modules it never uses there (``startup``): they
stay importable, and the functions Whoosh took from them still work."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_a_search_process_skips_morph_en_and_urllib_yet_both_still_work() -> None:
    code = (
        "import sys\n"
        "from newsearch.backend.whoosh.startup import import_whoosh\n"
        "import_whoosh()\n"
        "print('whoosh.lang.morph_en' in sys.modules, 'urllib.request' in sys.modules)\n"
        "from whoosh.query.terms import variations\n"
        "print('rendered' in variations('render'))\n"
        "import whoosh.lang.morph_en, urllib.request\n"
        "print(whoosh.lang.morph_en.variations is not variations, bool(urllib.request.urlopen))\n"
    )
    assert _run(code) == ["False", "False", "True", "True", "True"]
