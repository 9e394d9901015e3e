"""Snippets as a reader sees them: the right words marked, whole words, safe HTML and terminals."""

from __future__ import annotations

import io
import os
import re

import pytest

from newsearch import nltkdata
from newsearch.errors import NLTKDataError
from newsearch.snippets import (
    MARK_ON,
    Snippet,
    html_to_terminal,
    make_snippet,
    render_html,
    render_plain,
    render_terminal,
    use_color,
)

try:
    nltkdata.ensure()
except NLTKDataError as exc:  # pragma: no cover - depends on the machine
    pytest.skip(f"NLTK data missing: {exc}", allow_module_level=True)

STORY = (
    "Drones struck an oil depot near the border on Monday, officials said. "
    "Iran’s foreign ministry denied supplying the DRONES. "
    + "Markets were calm and traders watched the currency closely all week long. "
    * 6
    + "The Bank of England kept rates on hold. A bank in Leeds said England's housing market "
    "was cooling. "
    + "Analysts expected little change in the coming months across the region. " * 6
    + "A spokesman for Recep Tayyip Erdoğan said Turkey would mediate on drone exports."
)


def marked(snippet: Snippet) -> list[str]:
    return [text for fragment in snippet.fragments for text, is_marked in fragment if is_marked]


def fragment_texts(snippet: Snippet) -> list[str]:
    return ["".join(text for text, _ in fragment) for fragment in snippet.fragments]


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_stemmed_variants_are_marked_whatever_their_case() -> None:
    words = marked(make_snippet(STORY, {"drone"}))
    assert "Drones" in words
    assert "DRONES" in words
    assert all(w.lower().startswith("drone") for w in words)


def test_possessive_with_curly_apostrophe_is_marked() -> None:
    assert "Iran’s" in marked(make_snippet(STORY, {"iran"}))


def test_accented_name_is_marked_by_folded_term() -> None:
    assert marked(make_snippet(STORY, {"erdogan"})) == ["Erdoğan"]


def test_phrase_is_one_mark_with_its_stopword_and_stray_words_are_not_marked() -> None:
    snippet = make_snippet(STORY, set(), phrases=[["bank", "england"]])
    assert marked(snippet) == ["Bank of England"]
    html = render_html(snippet)
    assert html.count("<mark>") == 1
    assert "<mark>Bank of England</mark>" in html
    assert "England&#x27;s" in html and "<mark>England" not in html  # stray word, not marked
    assert "A bank in Leeds" in html


def test_phrase_words_also_given_as_terms_are_marked_alone_too() -> None:
    snippet = make_snippet(STORY, {"bank"}, phrases=[["bank", "england"]], max_fragments=1)
    assert marked(snippet) == ["Bank of England", "bank"]


def test_at_most_three_fragments_of_about_300_chars_in_text_order() -> None:
    snippet = make_snippet(STORY, {"drone", "bank", "erdogan"})
    texts = fragment_texts(snippet)
    assert 1 <= len(texts) <= 3
    assert sum(len(t) for t in texts) <= 330
    flat = collapse(STORY)
    positions = [flat.index(t) for t in texts]
    assert positions == sorted(positions)
    for fragment in snippet.fragments:
        assert any(is_marked for _, is_marked in fragment)
    # three terms far apart: one fragment each
    words = {w.lower() for w in marked(snippet)}
    assert {"bank", "erdoğan"} <= words and words & {"drone", "drones"}


def test_one_strong_passage_may_use_the_whole_budget() -> None:
    snippet = make_snippet(STORY, {"drone", "iran"}, max_chars=300)
    texts = fragment_texts(snippet)
    assert len(texts) == 1
    assert 150 < len(texts[0]) <= 330


@pytest.mark.parametrize("max_chars", [60, 120, 300])
def test_fragments_are_cut_at_word_boundaries(max_chars: int) -> None:
    flat = collapse(STORY)
    snippet = make_snippet(STORY, {"market", "chang", "erdogan"}, max_chars=max_chars)
    for text in fragment_texts(snippet):
        at = flat.index(text)
        assert at == 0 or flat[at - 1] == " ", text
        end = at + len(text)
        assert end == len(flat) or flat[end] == " ", text


def test_ellipses_show_where_the_text_was_cut() -> None:
    snippet = make_snippet(STORY, {"erdogan"})
    plain = render_plain(snippet)
    assert plain.startswith("… ")
    assert plain.endswith("exports.")  # the story's last sentence: no trailing ellipsis
    first = make_snippet(STORY, {"drone"}, max_fragments=1)
    assert render_plain(first).startswith("[Drones] struck")
    assert render_plain(first).endswith(" …")


def test_whitespace_is_collapsed() -> None:
    snippet = make_snippet("Drone  strikes\n\n  hit\tthe  port.", {"drone"})
    assert render_plain(snippet) == "[Drone] strikes hit the port."


def test_html_is_inert() -> None:
    body = (
        'Officials said <script>alert(1)</script> the drone was "found". '
        'Then "><img src=x onerror=alert(1)> appeared near the Bank "of" England.'
    )
    html = render_html(
        make_snippet(body, {"drone", "script", "img"}, phrases=[["bank", "england"]])
    )
    assert "<script" not in html and "<img" not in html
    assert "&lt;<mark>script</mark>&gt;" in html
    assert "&quot;&gt;&lt;<mark>img</mark>" in html
    assert "<mark>Bank &quot;of&quot; England</mark>" in html
    assert re.sub(r"</?mark>", "", html).count("<") == 0


def test_no_match_falls_back_to_the_start_of_the_text_unmarked() -> None:
    snippet = make_snippet(STORY, {"zeppelin"})
    assert marked(snippet) == []
    assert snippet.at_start
    plain = render_plain(snippet)
    assert plain.startswith("Drones struck an oil depot")
    assert len(plain) <= 310
    assert plain.endswith(".") or plain.endswith(" …")
    assert render_plain(make_snippet("", {"drone"})) == ""


def test_patterns_prefix_and_fuzzy() -> None:
    body = "Sanctions were sanctioned. The IRNA agency and irma reported; Iraq did not."
    words = marked(make_snippet(body, set(), patterns=["sanction*", "irna~"]))
    assert words == ["Sanctions", "sanctioned", "IRNA", "irma"]
    assert marked(make_snippet("A drome, a dome, a dune.", set(), patterns=["drone~2"])) == [
        "drome",
        "dome",
        "dune",
    ]
    assert marked(make_snippet("A drome, a dome.", set(), patterns=["drone~"])) == ["drome"]


def test_long_body_still_finds_a_late_match() -> None:
    body = "Nothing to see here today. " * 4000 + "Then a drone appeared over the harbour."
    assert len(body) > 100_000
    snippet = make_snippet(body, {"drone"})
    assert marked(snippet) == ["drone"]


def test_terminal_rendering_and_color_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    snippet = make_snippet("A drone fell.\x1b[2J Nobody was hurt.", {"drone"})
    plain = render_terminal(snippet, color=False)
    assert plain == render_plain(snippet) == "A [drone] fell.[2J Nobody was hurt."
    colored = render_terminal(snippet, color=True)
    assert f"{MARK_ON}drone\x1b[0m" in colored
    assert colored.count("\x1b") == 2  # the article's own escape code is removed

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert not use_color(io.StringIO())  # not a TTY
    master, slave = os.openpty()
    try:
        with open(slave, "w", closefd=False) as tty:
            assert use_color(tty)
            monkeypatch.setenv("NO_COLOR", "1")
            assert not use_color(tty)
            monkeypatch.delenv("NO_COLOR")
            monkeypatch.setenv("TERM", "dumb")
            assert not use_color(tty)
    finally:
        os.close(master)
        os.close(slave)


@pytest.mark.parametrize("color", [False, True])
def test_html_to_terminal_round_trip(color: bool) -> None:
    body = 'The "drone" <b>R&D</b> unit & the Bank of England\x1b[2J said drones were 5 < 6.'
    snippet = make_snippet(body, {"drone"}, phrases=[["bank", "england"]])
    back = html_to_terminal(render_html(snippet), color=color)
    assert back == render_terminal(snippet, color=color)
    if not color:
        assert back == (
            'The "[drone]" <b>R&D</b> unit & the [Bank of England][2J said [drones] were 5 < 6.'
        )


def test_phrase_is_not_marked_across_a_sentence_or_paragraph_break() -> None:
    # the index keeps phrases inside one sentence (issue 13): the marks must agree
    body = (
        "Shares rose at the Bank. England won the cup. The Bank of England held rates.\n\n"
        "A report from the central bank\n\nEngland's housing market cooled. Mr. Bank England "
        "spoke."
    )
    snippet = make_snippet(body, set(), phrases=[["bank", "england"]], max_chars=400)
    assert marked(snippet) == ["Bank of England", "Bank England"]
