"""Start-up cost of a search process: Whoosh imported without what it never uses here.

``whoosh.compat`` imports ``urllib.request`` for one name, ``urlretrieve`` (used only by
Whoosh's word-list downloaders), and with it ``http.client``, ``ssl``, ``email`` and
``socket``: a tenth of the modules a query process loads. :func:`import_whoosh` imports
``whoosh.compat`` with a stand-in ``urllib.request`` whose ``urlretrieve`` loads the real one
when called, then removes the stand-in, so any later ``import urllib.request`` is the real one.
"""

from __future__ import annotations

import sys
import types
from typing import Any


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def import_whoosh() -> None:
    """Import ``whoosh.compat`` (which every Whoosh module imports) without ``urllib.request``."""
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return
    stand_in = types.ModuleType("urllib.request")
    stand_in.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    sys.modules["urllib.request"] = stand_in
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is stand_in:
            del sys.modules["urllib.request"]
