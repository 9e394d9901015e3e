"""Fault injection for the crash harness (``benchmarks/crashtest.py``) and the fault tests.

``NEWSEARCH_FAULT`` names what happens right after the indexing process's N-th commit:

* ``after-commit:N``: it dies like a killed process (``os._exit(137)``);
* ``stop-after-commit:N``: it stops itself (``SIGSTOP``) until sent ``SIGCONT``, so a test can
  change the world (make the index folder unwritable) at a known moment of a real run.
"""

from __future__ import annotations

import os
import signal

_FAULT = os.environ.get("NEWSEARCH_FAULT", "")
_commits = 0


def fault_point() -> None:
    """Called after each commit (and the manifest update that follows it)."""
    global _commits
    _commits += 1
    what, _, when = _FAULT.partition(":")
    if when != str(_commits):
        return
    if what == "after-commit":
        os._exit(137)
    if what == "stop-after-commit":
        os.kill(os.getpid(), signal.SIGSTOP)
