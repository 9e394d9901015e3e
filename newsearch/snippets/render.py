"""Rendering snippets: HTML (escaped, matches in ``<mark>``), plain text and terminal text."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from typing import TextIO

from .make import ELLIPSIS, Snippet

MARK_ON = "\x1b[1;33m"
MARK_OFF = "\x1b[0m"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_HTML_MARK = re.compile(r"<mark\b[^>]*>(.*?)</mark>", re.DOTALL | re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]*>")
_HTML_PIECES = {False: "{}", True: "<mark>{}</mark>"}


def _render(snippet: Snippet, piece: Callable[[str, bool], str]) -> str:
    if not snippet.fragments:
        return ""
    body = f" {ELLIPSIS} ".join(
        "".join(piece(text, marked) for text, marked in fragment) for fragment in snippet.fragments
    )
    head = "" if snippet.at_start else f"{ELLIPSIS} "
    tail = "" if snippet.at_end else f" {ELLIPSIS}"
    return head + body + tail


def render_html(snippet: Snippet) -> str:
    """HTML: every character of article text escaped, matches in ``<mark>``."""
    return _render(
        snippet, lambda text, marked: _HTML_PIECES[marked].format(html.escape(text, quote=True))
    )


def _clean(text: str) -> str:
    """Article text made safe for a terminal: control characters (escape codes) removed."""
    return _CONTROL.sub("", text)


def render_terminal(snippet: Snippet, *, color: bool) -> str:
    """Terminal text: matches in bold colour when ``color``, else in ``[brackets]``."""
    on, off = (MARK_ON, MARK_OFF) if color else ("[", "]")
    return _render(
        snippet, lambda text, marked: f"{on}{_clean(text)}{off}" if marked else _clean(text)
    )


def render_plain(snippet: Snippet) -> str:
    """Plain text: matches in ``[brackets]``."""
    return render_terminal(snippet, color=False)


def html_to_terminal(html_snippet: str, *, color: bool) -> str:
    """A :func:`render_html` string as terminal text (entities unescaped, marks as ANSI or [])."""
    on, off = (MARK_ON, MARK_OFF) if color else ("[", "]")
    parts = [_clean(html.unescape(_HTML_TAG.sub("", p))) for p in _HTML_MARK.split(html_snippet)]
    return "".join(f"{on}{p}{off}" if i % 2 else p for i, p in enumerate(parts))


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, unless ``NO_COLOR`` is set (no-color.org) or TERM is dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
