"""Start-up cost of a search process: Whoosh imported without what it never uses here.

Two Whoosh modules import, for one name each, a module a search never calls:

* ``whoosh.compat`` imports ``urllib.request`` for ``urlretrieve`` (used only by Whoosh's
  word-list downloaders), and with it ``http.client``, ``ssl``, ``email`` and ``socket``: a
  tenth of the modules a query process loads;
* ``whoosh.query.terms`` imports ``whoosh.lang.morph_en`` for ``variations`` (the ``Variations``
  query, which newsearch never builds): compiling its hundreds of regular expressions is the
  most expensive Whoosh module of a query process.

:func:`import_whoosh` imports ``whoosh.compat`` and ``whoosh.query`` with stand-ins for those
modules whose one function loads the real module when called, then removes the stand-ins, so
any later import of them is the real one.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from importlib import import_module
from typing import Any

#: module -> the one name Whoosh takes from it at import
STAND_INS = {"urllib.request": "urlretrieve", "whoosh.lang.morph_en": "variations"}


def _deferred(module: str, name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(import_module(module), name)(*args, **kwargs)

    call.__name__ = name
    return call


def import_whoosh() -> None:
    """Import ``whoosh.compat`` (which every Whoosh module imports) and ``whoosh.query``
    without the modules of :data:`STAND_INS`."""
    if "whoosh.query" in sys.modules:
        return
    placed = {}
    for module, name in STAND_INS.items():
        if module not in sys.modules:
            stand_in = types.ModuleType(module)
            setattr(stand_in, name, _deferred(module, name))
            placed[module] = sys.modules[module] = stand_in
    try:
        import whoosh.compat  # noqa: F401
        import whoosh.query  # noqa: F401
    finally:
        for module, stand_in in placed.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]
