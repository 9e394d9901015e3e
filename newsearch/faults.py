"""Fault injection for the crash harness (``benchmarks/crashtest.py``) and the fault tests."""

from __future__ import annotations

import os

_FAULT = os.environ.get("NEWSEARCH_FAULT", "")
_commits = 0


def fault_point() -> None:
    """``NEWSEARCH_FAULT=after-commit:N``: die like a killed process after the N-th commit."""
    global _commits
    _commits += 1
    if _FAULT.partition(":")[::2] == ("after-commit", str(_commits)):
        os._exit(137)
