"""Tests of the query language: parser structure, error messages, and ranking on a real index."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from whoosh import index

from newsearch.backend.whoosh.compile import compile_node
from newsearch.backend.whoosh.schema import build_schema
from newsearch.errors import QueryError
from newsearch.query import ParsedQuery, ast, parse_date_range, parse_query

# id, title, body, people, countries, date, source
DOCS: list[tuple[str, str, str, list[str], list[str], datetime | None, str]] = [
    (
        "both",
        "Iran shows new drones",
        "Iran displayed drones at a parade in Tehran.",
        [],
        ["Iran"],
        datetime(2022, 7, 19, 9, 30),
        "Reuters",
    ),
    (
        "drone-only",
        "Drone drone drone",
        "A drone maker said drones, drones and more drones were sold. Drone prices rose.",
        [],
        [],
        datetime(2022, 7, 1),
        "AP",
    ),
    (
        "iran-only",
        "Iran and Russia hold talks",
        "Iran and Russia discussed Iran's oil. Iran said the talks went well.",
        [],
        ["Iran", "Russia"],
        datetime(2022, 7, 31, 18, 45),
        "Reuters",
    ),
    (
        "leader",
        "A speech",
        "The supreme leader spoke to the nation about sanctions.",
        [],
        [],
        datetime(2022, 8, 1),
        "AP",
    ),
    (
        "court",
        "Court ruling",
        "The supreme court removed its leader after sanctioned deals.",
        [],
        [],
        datetime(2022, 6, 30, 23, 59),
        "AFP",
    ),
    (
        "putin",
        "Kremlin statement",
        "The Kremlin said on Monday that the president would travel.",
        ["Vladimir Putin"],
        ["Russia"],
        datetime(1987, 2, 26),
        "Reuters",
    ),
    ("undated", "Happiness index", "A survey of happiness in the United States.", [], [], None, ""),
]


@pytest.fixture(scope="module")
def ix(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder: Path = tmp_path_factory.mktemp("index")
    ix = index.create_in(str(folder), build_schema())
    writer = ix.writer()
    for doc_id, title, body, people, countries, date, source in DOCS:
        fields: dict[str, Any] = {
            "id": doc_id,
            "path": f"corpus/{doc_id}.txt",
            "title": title,
            "body": body,
            "people": ",".join(people),
            "people_text": " ; ".join(people),
            "countries": ",".join(countries),
            "countries_text": " ; ".join(countries),
        }
        if date is not None:
            fields["date"] = date
        if source:
            fields["source"] = source
        writer.add_document(**fields)
    writer.commit()
    return ix


def ids(ix: Any, text: str, *, strict: bool = True) -> list[str]:
    """Ids of the matches of ``text``, best first."""
    with ix.searcher() as searcher:
        return [
            hit["id"]
            for hit in searcher.search(compile_node(parse_query(text, strict=strict).query))
        ]


def error(text: str) -> str:
    with pytest.raises(QueryError) as info:
        parse_query(text)
    message = str(info.value)
    assert "\n" not in message
    assert info.value.exit_code == 2
    return message


# --- structure -------------------------------------------------------------------------------


def test_plain_word_searches_title_and_body_with_boosts() -> None:
    parsed = parse_query("Drones")
    assert str(parsed.query) == "(title:drone OR body:drone)"
    assert parsed.highlight_terms == {"drone"}
    assert parsed.words == ("Drones",)  # as typed: the suggester tells names from words
    assert parsed.all_words is not None
    assert parsed.ignored == ()


def test_bag_of_words_scores_all_words_higher_and_keeps_partial_matches() -> None:
    from newsearch.query.parse import ALL_WORDS_BOOST

    parsed = parse_query("iran drones")
    assert isinstance(parsed.query, ast.Or)
    all_part, some_part = parsed.query.parts
    assert isinstance(all_part, ast.And) and all_part.boost == ALL_WORDS_BOOST > 0
    assert isinstance(some_part, ast.Or) and len(some_part.parts) == 2
    assert isinstance(parsed.all_words, ast.And) and len(parsed.all_words.parts) == 2
    assert parsed.highlight_terms == {"iran", "drone"}


def test_stopwords_are_dropped_and_hyphenated_words_become_phrases() -> None:
    parsed = parse_query("the sanctions-starved economy")
    assert parsed.phrases == (("sanction", "starv"),)
    assert parsed.highlight_terms == {"economi"}
    assert "the" not in parsed.words
    assert 'title:"sanction starv"' in str(parsed.query)


def test_operators_and_grouping() -> None:
    assert parse_query("iran AND drones").all_words is None
    q = parse_query("iran OR russia drones").query
    assert isinstance(q, ast.Or)  # AND binds tighter than OR
    assert isinstance(q.parts[1], ast.And)
    q = parse_query("(iran OR russia) drones").query
    assert isinstance(q, ast.And) and isinstance(q.parts[0], ast.Or)
    # lowercase and/or are stopwords, lowercase not is a word
    assert parse_query("iran and drones").all_words is not None
    assert "not" in parse_query("iran not drones").words


def test_negation() -> None:
    for text in ("iran -russia", "iran NOT russia", "iran AND NOT russia"):
        parsed = parse_query(text)
        assert isinstance(parsed.query, ast.AndNot), text
        assert parsed.all_words is None
        assert parsed.highlight_terms == {"iran"}  # negated words are not marked
    only = parse_query("-russia").query
    assert isinstance(only, ast.AndNot) and isinstance(only.positive, ast.Every)
    assert isinstance(parse_query("NOT NOT iran").query, ast.Or)


def test_phrases_and_fields() -> None:
    parsed = parse_query('"Supreme Leader"~3')
    assert parsed.phrases == (("suprem", "leader"),)
    assert parsed.highlight_terms == frozenset()
    assert {type(q) for q in parsed.query.parts} == {ast.Phrase}
    assert all(q.slop == 3 for q in parsed.query.parts)
    grouped = parse_query("title:(iran OR russia)").query
    assert str(grouped) == "(title:iran OR title:russia)"
    assert str(parse_query("people:Putin").query) == "people_text:putin"
    assert str(parse_query('person:"Vladimir Putin"').query) == 'people_text:"vladimir putin"'
    assert str(parse_query("countries:iranian").query) == "countries_text:iran"
    assert str(parse_query('country:"U.S."').query) == 'countries_text:"united states"'
    assert str(parse_query("source:Reuters").query) == "source:reuters"
    assert str(parse_query("id:reuters-10").query) == "id:reuters-10"
    assert str(parse_query("Title:iran").query) == "title:iran"


def test_prefix_and_fuzzy() -> None:
    parsed = parse_query("Sanction*")
    assert parsed.highlight_patterns == ("sanction*",)
    assert {(q.field, q.text) for q in parsed.query.parts} == {
        ("title", "sanction"),
        ("body", "sanction"),
    }
    assert "title:happi*" in str(parse_query("happy*").query)  # index terms are stemmed
    fuzzy = parse_query("drones~2")
    assert fuzzy.highlight_patterns == ("drones~2",)
    assert {(q.text, q.maxdist) for q in fuzzy.query.parts} == {("drone", 2)}
    assert parse_query("drone~").highlight_patterns == ("drone~",)


def test_dates() -> None:
    assert parse_date_range("2022-07-01..2022-07-31") == (
        datetime(2022, 7, 1),
        datetime(2022, 7, 31, 23, 59, 59, 999999),
    )
    assert parse_date_range("2022-07-01..") == (datetime(2022, 7, 1), None)
    assert parse_date_range("..2022-02") == (None, datetime(2022, 2, 28, 23, 59, 59, 999999))
    end_1987 = datetime(1987, 12, 31, 23, 59, 59, 999999)
    assert parse_date_range("1987") == (datetime(1987, 1, 1), end_1987)
    assert parse_date_range("2022-07-19")[0] == datetime(2022, 7, 19)
    assert isinstance(parse_query("date:2022-07").query, ast.DateRange)


@pytest.mark.parametrize(
    "text",
    [
        "talks at 5:00",
        "ratio 3:1",
        "http://example.com/x",
        "U.S. sanctions",
        "O'Brien",
        "Putin’s visit",
        "sanctions-starved economy",
        "AT&T / Verizon?",
        "wow! really, yes",
        "iran - russia",
        "iran * russia",
        "Breaking: iran",
        "-5 degrees",
        "don't stop ~ me",
    ],
)
def test_natural_language_punctuation_never_raises(text: str) -> None:
    parsed = parse_query(text)
    assert parsed.ignored == ()
    assert parsed.all_words is not None  # still a plain bag of words


def test_hyphen_negates_only_at_token_start() -> None:
    assert isinstance(parse_query("iran -russia").query, ast.AndNot)
    assert not isinstance(parse_query("sanctions-starved").query, ast.AndNot)


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('drones "iran', 'unbalanced quote: "iran opened at character 8 is never closed'),
        ("(iran OR russia", 'unbalanced parenthesis: "(" at character 1 is never closed'),
        ("iran)", 'unbalanced parenthesis: ")" at character 5 has no matching "("'),
        ("nosuchfield:x", 'unknown field "nosuchfield:" at character 1; known fields: body,'),
        ("iran AND", "operator AND at character 6 has no right operand"),
        ("OR iran", "operator OR at character 1 has no left operand"),
        ("iran (AND x)", "operator AND at character 7 has no left operand"),
        ("iran NOT", "operator NOT at character 6 has nothing to negate"),
        ("title: iran", 'empty value for field "title:" at character 1'),
        ("iran title:", 'empty value for field "title:" at character 6'),
        ("   ", "query has no searchable words"),
        ("the of and", "query has no searchable words"),
        ("s*", 'prefix too short: "s*" at character 1'),
        ("date:2022-13-01..", 'bad date "2022-13-01" in date:2022-13-01..: month must be in 1..12'),
        ("date:2022-02-30", 'bad date "2022-02-30" in date:2022-02-30: day is out of range'),
        ("date:yesterday", 'bad date "yesterday" in date:yesterday: expected YYYY, YYYY-MM'),
        ("date:2022-08..2022-07", "empty date range date:2022-08..2022-07: 2022-08 is after"),
        ("iran ()", "empty parentheses at character 6"),
        ('iran ""', "empty phrase at character 6"),
        ("drone~3", 'fuzzy distance too large: "drone~3"'),
    ],
)
def test_strict_errors_name_the_problem(text: str, expected: str) -> None:
    assert error(text).startswith(expected)


def test_unknown_field_lists_known_fields() -> None:
    message = error("nosuchfield:x")
    for name in ("title", "body", "people", "countries", "source", "date"):
        assert name in message


@pytest.mark.parametrize(
    ("text", "query", "note"),
    [
        ('drones "iran', "(title:iran OR body:iran)", "unclosed quote at character 8"),
        ("iran)", "(title:iran", 'stray ")" at character 5 (dropped)'),
        ("(iran", "(title:iran", 'unclosed "(" at character 1 (closed at the end)'),
        ("nosuchfield:x", "title:nosuchfield", 'unknown field "nosuchfield:" (searched as text)'),
        ("iran AND", "(title:iran", "operator AND at character 6 has no right operand"),
        ("title: iran", "(title:iran", 'empty field "title:" at character 1 (dropped)'),
        ("iran date:2022-13", "(title:iran", 'bad date "2022-13"'),
    ],
)
def test_lenient_fixes_and_reports(text: str, query: str, note: str) -> None:
    parsed = parse_query(text, strict=False)
    assert query in str(parsed.query)
    assert any(item.startswith(note) for item in parsed.ignored), parsed.ignored


def test_lenient_still_raises_for_an_empty_query() -> None:
    with pytest.raises(QueryError, match="no searchable words"):
        parse_query("the", strict=False)
    with pytest.raises(QueryError, match="no searchable words.*bad date"):
        parse_query("date:nope", strict=False)


def test_parsed_query_is_frozen() -> None:
    parsed = parse_query("iran")
    assert isinstance(parsed, ParsedQuery)
    with pytest.raises(AttributeError):
        parsed.text = "x"  # type: ignore[misc]


# --- end to end ------------------------------------------------------------------------------


def test_stemming_finds_inflections(ix: Any) -> None:
    assert set(ids(ix, "drone")) == {"both", "drone-only"}
    assert set(ids(ix, "Drones")) == {"both", "drone-only"}


def test_all_words_outrank_some_words(ix: Any) -> None:
    found = ids(ix, "iran drones")
    assert found[0] == "both"  # despite drone-only's many drones and iran-only's many irans
    assert set(found) == {"both", "drone-only", "iran-only"}


def test_partial_matches_when_no_article_has_all_words(ix: Any) -> None:
    parsed = parse_query("iran zebra")
    with ix.searcher() as searcher:
        assert len(searcher.search(compile_node(parsed.all_words))) == 0
        assert {hit["id"] for hit in searcher.search(compile_node(parsed.query))} == {
            "both",
            "iran-only",
        }


def test_operators_end_to_end(ix: Any) -> None:
    assert ids(ix, "iran -russia") == ["both"]
    assert ids(ix, "iran AND NOT russia") == ["both"]
    assert set(ids(ix, "kremlin OR parade")) == {"putin", "both"}
    assert ids(ix, "iran AND drones") == ["both"]
    assert set(ids(ix, "(kremlin OR tehran) -drones")) == {"putin"}
    assert "both" not in ids(ix, "-drones") and len(ids(ix, "-drones")) == len(DOCS) - 2


def test_phrase_matches_only_adjacent_words(ix: Any) -> None:
    assert ids(ix, '"supreme leader"') == ["leader"]
    assert set(ids(ix, "supreme leader")) == {"leader", "court"}
    assert ids(ix, 'body:"supreme court"') == ["court"]


def test_fields_end_to_end(ix: Any) -> None:
    assert ids(ix, "people:putin") == ["putin"]
    assert ids(ix, 'people:"vladimir putin"') == ["putin"]
    assert set(ids(ix, "countries:iranian")) == {"both", "iran-only"}
    assert ids(ix, "country:russian -countries:iran") == ["putin"]
    assert set(ids(ix, "source:reuters")) == {"both", "iran-only", "putin"}
    assert ids(ix, "title:drone") == ["drone-only", "both"]
    assert ids(ix, "title:talks") == ["iran-only"]
    assert ids(ix, "id:court") == ["court"]


def test_date_ranges_are_inclusive(ix: Any) -> None:
    july = set(ids(ix, "date:2022-07-01..2022-07-31"))
    assert july == {"both", "drone-only", "iran-only"}
    assert set(ids(ix, "date:2022-07")) == july
    assert set(ids(ix, "date:2022-07-31")) == {"iran-only"}
    assert set(ids(ix, "date:..2022-06-30")) == {"court", "putin"}
    assert set(ids(ix, "date:2022-08-01..")) == {"leader"}
    assert ids(ix, "date:1987") == ["putin"]
    assert set(ids(ix, "iran date:2022-07-19..2022-07-30")) == {"both"}


def test_prefix_and_fuzzy_end_to_end(ix: Any) -> None:
    assert set(ids(ix, "sanction*")) == {"leader", "court"}
    assert ids(ix, "happy*") == ["undated"]  # "happiness" is indexed as "happi"
    assert set(ids(ix, "drome~")) == {"both", "drone-only"}
    assert ids(ix, "parode~") == ["both"]
    assert ids(ix, "parode") == []
    assert set(ids(ix, "kremlni~2")) == {"putin"}


def test_all_words_add_a_bonus_not_a_wall(tmp_path: Path) -> None:
    """An article with every word scores ALL_WORDS_BOOST + 1 times its sum: a long article with
    each word once in passing gains, but does not beat short ones full of one of the words."""
    from newsearch.query.parse import ALL_WORDS_BOOST

    ix = index.create_in(str(tmp_path), build_schema())
    writer = ix.writer()
    filler = " ".join(f"filler{i}" for i in range(2000))
    writer.add_document(id="long", title="Annual report", body=f"{filler} zebra {filler} okapi")
    writer.add_document(id="zebra", title="Zebra zebra zebra", body="Zebra zebra zebra zebra.")
    writer.add_document(id="okapi", title="Okapi okapi", body="Okapi okapi okapi okapi.")
    writer.commit()
    assert ids(ix, "zebra okapi")[-1] == "long"
    with ix.searcher() as searcher:

        def score(text: str) -> float:
            hits = searcher.search(compile_node(parse_query(text).query))
            return float(next(h.score for h in hits if h["id"] == "long"))

        assert score("zebra okapi") == pytest.approx(
            (ALL_WORDS_BOOST + 1) * score("zebra OR okapi")
        )
