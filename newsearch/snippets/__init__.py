"""Snippets: the text under each hit, cut around the matches (:mod:`.make`) and rendered as
HTML, plain or terminal text (:mod:`.render`)."""

from __future__ import annotations

from .make import Snippet, make_snippet
from .marks import mark_all, segments_html
from .render import (
    MARK_ON,
    html_to_terminal,
    render_html,
    render_plain,
    render_terminal,
    use_color,
)

__all__ = [
    "MARK_ON",
    "Snippet",
    "html_to_terminal",
    "make_snippet",
    "mark_all",
    "render_html",
    "render_plain",
    "render_terminal",
    "segments_html",
    "use_color",
]
