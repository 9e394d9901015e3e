"""Text that is not UTF-8: guess its encoding (charset-normalizer) rather than write U+FFFD.

Archives written before UTF-8 won are often Windows-1252 or Latin-1; decoding them as UTF-8
with replacement characters loses every accent and curly quote. When the bytes are not valid
UTF-8, :func:`decode_text` asks charset-normalizer for candidate encodings and says cp1252 (the
usual encoding of Western news text, whose printable characters include Latin-1's) when it is
a candidate or reads the bytes as the best guess does, else the best guess; when nothing fits
it decodes as UTF-8 with replacement characters, as before.
"""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from ..models import Problem

PREFERRED = "cp1252"


def guess_encoding(data: bytes) -> str | None:
    """The encoding ``data`` most likely uses (a guess), or None when nothing fits."""
    matches = from_bytes(data)
    if PREFERRED in [match.encoding for match in matches]:
        return PREFERRED
    best = matches.best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return None
    try:  # short texts: cp1250 or cp1252 often read "Café" alike; say the common one
        if data.decode(PREFERRED) == str(best):
            return PREFERRED
    except UnicodeDecodeError:
        pass
    return best.encoding


def decode_text(data: bytes) -> tuple[str, int | None, str | None]:
    """``(text, offset of the first bad UTF-8 byte, encoding guessed)``, never failing.

    The offset is None when the bytes were valid UTF-8 (with or without a BOM). Otherwise the
    text is decoded with the guessed encoding, or, when there is no guess (None), as UTF-8 with
    U+FFFD for the bad bytes.
    """
    try:
        return data.decode("utf-8-sig"), None, None
    except UnicodeDecodeError as error:
        offset = error.start
    encoding = guess_encoding(data)
    if encoding is not None:
        try:
            return data.decode(encoding), offset, encoding
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("utf-8-sig", errors="replace"), offset, None


def decoding_problem(
    path: str, offset: int, encoding: str | None, line: int | None = None
) -> Problem:
    """The one line saying how a file (or record) that is not UTF-8 was read."""
    if encoding is None:
        message = f"invalid UTF-8 at byte {offset}; decoded with replacement characters"
    else:
        message = f"not UTF-8 (byte {offset}); read as {encoding} (a guess)"
    return Problem(path, message, kind="encoding", line=line, skipped=False)


#: a JSON escape of a lone surrogate (``\\ud800``), which no UTF-8 text can hold
LONE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub_surrogates(value: object) -> tuple[object, bool]:
    """``value`` with every surrogate in its strings (a lone ``\\ud800`` escape, which no
    UTF-8 text can hold) replaced by U+FFFD, and whether there was one."""
    if isinstance(value, str):
        fixed = _SURROGATE.sub("\ufffd", value)
        return fixed, fixed != value
    if isinstance(value, list):
        pairs = [scrub_surrogates(v) for v in value]
        return [v for v, _ in pairs], any(f for _, f in pairs)
    if isinstance(value, dict):
        items = [(scrub_surrogates(k), scrub_surrogates(v)) for k, v in value.items()]
        return {k: v for (k, _), (v, _) in items}, any(a or b for (_, a), (_, b) in items)
    return value, False
