"""Text safe to show on one line of a terminal or in a one-line message."""

from __future__ import annotations

import os
import re

# C0 and C1 controls (escape codes, a newline in a file name), line and paragraph separators,
# and the bidirectional overrides that make a terminal show text in another order
_BIDI = "\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
_UNSAFE_IN_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")


def _escaped(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def shown(text: str, *, lines: bool = False) -> str:
    """``text`` safe to print on a terminal: control characters written as escapes (``\\x1b``,
    ``\\n``), so a name can neither send escape codes nor forge a line; ``lines`` keeps the
    newlines and tabs of an article's body."""
    return (_UNSAFE_IN_TEXT if lines else _UNSAFE).sub(_escaped, text)


def shown_path(path: str) -> str:
    """``path`` relative to the working folder when it lies under it, else as it is."""
    if not os.path.isabs(path):
        return path
    with_suffix = path.partition("#")
    try:
        relative = os.path.relpath(with_suffix[0])
    except ValueError:
        return path
    if relative.startswith(os.pardir):
        return path
    return relative + "".join(with_suffix[1:])
