"""People and countries: canonical names, headlines, tables, odd input, the sample article.

Runs the real NLTK pipeline; skipped as a whole when the NLTK data is not available.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsearch.errors import NLTKDataError
from newsearch.nltkdata import ensure

try:
    ensure()
except NLTKDataError as error:  # pragma: no cover - depends on the machine
    pytest.skip(f"NLTK data unavailable: {error}", allow_module_level=True)

from newsearch.entities import canonical_country, country_names, extract_entities  # noqa: E402
from newsearch.models import Entities  # noqa: E402

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "000_bed5f04292cb6d2e.txt"

SAMPLE_PEOPLE = {
    "Vladimir Putin",
    "Dmitry Peskov",
    "Mohammadrez Pouribrahimi",
    "Levan Dzharyan",
    "Ali Khamenei",
    "Ebrahim Raisi",
    "Recep Tayyip Erdogan",
    "Volodymyr Zelensky",
    "Hossein Amirabadollahian",
}


@pytest.fixture(scope="module")
def sample() -> Entities:
    return extract_entities(SAMPLE.read_text(encoding="utf-8"))


def test_sample_people_exactly(sample: Entities) -> None:
    assert set(sample.people) == SAMPLE_PEOPLE
    assert len(sample.people) == len(SAMPLE_PEOPLE)
    assert sample.people[0] == "Vladimir Putin"  # first mentioned (title line) as "Putin"


def test_sample_countries(sample: Entities) -> None:
    for country in ("Russia", "Iran", "United States", "Ukraine", "Turkey", "Syria"):
        assert country in sample.countries
    assert set(sample.countries) <= set(country_names())
    assert len(sample.countries) == len(set(sample.countries))
    for not_country in ("Persia", "Europe", "Tehran", "Moscow", "Black Sea", "West"):
        assert not_country not in sample.countries
    assert sample.countries[:2] == ["Russia", "Iran"]


def test_surname_only_references_merge_into_the_fullest_name() -> None:
    text = (
        "President Vladimir Putin arrived on Tuesday. Putin said the talks went well, "
        "and later Putin left. Chancellor Olaf Scholz spoke to Mr Scholz's aides."
    )
    assert extract_entities(text).people == ["Vladimir Putin", "Olaf Scholz"]


def test_titles_and_possessives_are_stripped() -> None:
    text = (
        "He will meet Iran\u2019s Supreme Leader Ayatollah Ali Khamenei on Monday. "
        "A message on Khamenei\u2019s account was posted. Foreign Minister Sergei Lavrov "
        "and Dr. Anthony Fauci attended, said spokesman John Kirby."
    )
    people = extract_entities(text).people
    assert people == ["Ali Khamenei", "Sergei Lavrov", "Anthony Fauci", "John Kirby"]


def test_demonyms_map_to_countries() -> None:
    text = (
        "Russian troops moved while Iranian officials met Turkish diplomats. "
        "The talks angered the Syrians."
    )
    assert extract_entities(text).countries == ["Russia", "Iran", "Turkey", "Syria"]


def test_us_and_uk_forms_are_one_country_each() -> None:
    text = (
        "The U.S. economy grew. US officials said America and the United States of America "
        "are one. Britain agreed, and UK ministers said the United Kingdom would follow."
    )
    assert extract_entities(text).countries == ["United States", "United Kingdom"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("iranian", "Iran"),
        ("Iranian", "Iran"),
        ("IRAN", "Iran"),
        ("U.S.", "United States"),
        ("us", "United States"),
        ("america", "United States"),
        ("United States of America", "United States"),
        ("UK", "United Kingdom"),
        ("britain", "United Kingdom"),
        ("Russians", "Russia"),
        ("turkish", "Turkey"),
        ("Persia", "Iran"),
        ("Iran\u2019s", "Iran"),
        ("Tehran", None),
        ("Europe", None),
        ("the Middle East", None),
        ("Kurdish", None),
        ("Hong Kong", None),
        ("", None),
    ],
)
def test_canonical_country(name: str, expected: str | None) -> None:
    assert canonical_country(name) == expected


def test_country_names_are_canonical() -> None:
    names = country_names()
    assert {"Iran", "Russia", "United States", "United Kingdom", "Turkey"} <= set(names)
    assert not {"Europe", "America", "US", "Persia", "Hong Kong", "Tehran"} & set(names)
    assert all(canonical_country(name) == name for name in names)


def test_all_caps_text_gives_only_the_countries_it_names() -> None:
    text = "PUTIN MEETS KHAMENEI IN TEHRAN AS RUSSIA AND IRAN GROW CLOSER\n\nBAHIA COCOA REVIEW"
    found = extract_entities(text)
    assert (found.people, found.countries, found.organizations) == ([], ["Russia", "Iran"], [])
    # the words are kept for the archive's name map to decide; the countries are known already
    assert found.mentions == [
        *("putin", "meets", "khamenei", "tehran", "grow", "closer", "bahia", "cocoa", "review")
    ]
    assert extract_entities("LET US GO TO THE SHOPS").people == []


def test_all_caps_title_does_not_add_junk_to_the_body() -> None:
    text = "U.S. TREASURY SAYS DOLLAR STABLE, BAKER SEES NO CHANGE\n\nJames Baker spoke in Paris."
    entities = extract_entities(text)
    assert entities.people == ["James Baker"]
    assert entities.countries == ["United States"]


def test_a_headline_mention_of_a_country_counts() -> None:
    text = "JAPAN TRADE SURPLUS RISES\n\nThe surplus grew by 12 pct in March, officials said."
    assert extract_entities(text).countries == ["Japan"]
    text = "West German Interest Rates Fall For The Second Month In A Row\n\nRates fell."
    assert extract_entities(text).countries == ["Germany"]


def test_a_country_that_starts_a_sentence_is_found() -> None:
    assert extract_entities("Japan said exports rose.").countries == ["Japan"]
    assert extract_entities("U.S. Rose 5 pct in March.").countries == ["United States"]
    assert extract_entities("Britain and France signed the deal.").countries == [
        "United Kingdom",
        "France",
    ]


def test_georgia_the_us_state_is_not_the_country() -> None:
    state = "Georgia Gov. Joe Frank Harris said the plant near Atlanta would open in May."
    assert "Georgia" not in extract_entities(state).countries
    state = "Farmers in Georgia state expect a smaller peanut crop this year."
    assert "Georgia" not in extract_entities(state).countries
    country = "Georgia and Armenia held talks, and Georgian officials met in Tbilisi."
    assert extract_entities(country).countries == ["Georgia", "Armenia"]


def test_a_dateline_names_the_country() -> None:
    text = "ACME PROFIT UP\n\nNEW YORK, March 3 - Acme Corp said its profit rose 10 pct."
    assert extract_entities(text).countries == ["United States"]
    text = "Acme profit up.\n\nATLANTA, Ga., March 3 - Acme Corp said its profit rose."
    assert extract_entities(text).countries == ["United States"]
    text = "Acme profit up.\n\nLONDON, March 3 - Acme Corp said its profit rose."
    assert extract_entities(text).countries == ["United Kingdom"]


@pytest.mark.parametrize(
    ("dateline", "country"),
    [
        ("TOKYO, March 3 -", "Japan"),  # a city of the time-zone database
        ("KUALA LUMPUR, March 3 -", "Malaysia"),
        ("VANCOUVER, March 3 -", "Canada"),  # not Vancouver, Wash., of the US city list
        ("CALGARY, Alberta, March 3 -", "Canada"),  # a Canadian province
        ("BONN, West Germany, March 3 -", "Germany"),  # the country after the city
        ("SAN JOSE, Calif., March 3 -", "United States"),
        ("SINGAPORE, March 3 -", "Singapore"),
    ],
)
def test_a_foreign_dateline_names_its_country(dateline: str, country: str) -> None:
    text = f"Acme profit up.\n\n{dateline} Acme Corp said its profit rose 10 pct."
    assert extract_entities(text).countries == [country]


def test_a_short_sentence_is_read_though_a_word_is_foreign() -> None:
    # "met" is a Dutch function word, and the sentence has no English one
    people = extract_entities("President Ronald Reagan met Mikhail Gorbachev.").people
    assert people == ["Ronald Reagan", "Mikhail Gorbachev"]


def test_weak_evidence_makes_an_organisation_of_a_name_never_written_as_a_person() -> None:
    text = (
        "Yedioth Ahronoth newspaper said the talks had failed. A spokesman for Lonrho said "
        "Jewellers said it would reopen, and Barrick said in a statement it would sell."
    )
    entities = extract_entities(text)
    assert entities.people == []
    assert {"Yedioth Ahronoth", "Lonrho", "Barrick"} <= set(entities.organizations)
    # a person has spokesmen and makes statements too: named with a given name, a person
    text = "A spokesman for President Ronald Reagan said Reagan said in a statement he agreed."
    assert extract_entities(text).people == ["Ronald Reagan"]


def test_tables_of_figures_give_no_junk() -> None:
    text = (
        "Shr 1.20 dlrs vs 1.15 dlrs\n    Net 5,000,000 vs 4,200,000\n"
        "    Revs 40.1 mln vs 38.7 mln\n    Avg Shrs 4,100,000 vs 3,900,000\n"
        "    Nine Mths Shr 3.10 dlrs vs 2.95 dlrs\n"
    )
    assert extract_entities(text) == Entities([], [])


@pytest.mark.parametrize("text", ["", "   \n\n  ", "123 456", "...", "\u2014"])
def test_empty_input(text: str) -> None:
    assert extract_entities(text) == Entities([], [])


def test_non_english_text_gives_no_junk() -> None:
    german = (
        "Die Bundesregierung hat am Montag in Berlin neue Sanktionen gegen Russland "
        "beschlossen, sagte Regierungssprecher Steffen Hebestreit. Die Europäische Union "
        "prüft weitere Maßnahmen gegen die Zentralbank und die Energiewirtschaft."
    )
    assert extract_entities(german).people == []
    russian = "Президент Владимир Путин прибыл в Тегеран во вторник."
    assert extract_entities(russian) == Entities([], [])


def test_organisations_and_places_are_not_people() -> None:
    text = (
        "The Kremlin and the Economic Committee met at the Central Bank in Tehran. "
        "Officials from the Middle East and Latin America attended, Reuters reported."
    )
    entities = extract_entities(text)
    assert entities.people == []
    assert entities.countries == []


def test_importing_the_module_does_not_load_nltk() -> None:
    code = "import sys, newsearch.entities; print('nltk' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_given_name_no_list_has_before_a_surname_that_is_a_word() -> None:
    text = "The talks between Helmut Kohl and Francois Mitterrand ended on Monday."
    assert extract_entities(text).people == ["Helmut Kohl", "Francois Mitterrand"]


def test_words_a_person_may_own_are_kept_for_the_archive_to_decide(nltk_ready: None) -> None:
    """A headline's words and a lone capitalised word are mentions (the name map files them);
    the words of an organisation the article names are not: "DOUGLAS" is McDonnell Douglas."""
    firm = extract_entities(
        "MCDONNELL DOUGLAS WINS NAVY ORDER.\n\n"
        "McDonnell Douglas Corp said it won a 1.2 billion dlr order from the Navy."
    )
    assert firm.organizations == ["McDonnell Douglas"] and firm.people == []
    assert firm.mentions == ["wins", "navy", "order"]
    lone = extract_entities("Sumita says Bank of Japan will intervene if necessary.")
    assert lone.people == [] and lone.mentions == ["sumita"]
    named = extract_entities("BAKER SAYS DOLLAR STABLE.\n\nTreasury Secretary James Baker spoke.")
    assert named.people == ["James Baker"] and "baker" not in named.mentions


def test_a_given_name_before_a_place_named_surname_is_a_person(nltk_ready: None) -> None:
    """Durham is a city, Ray a given name: "Ray Durham" is a person; a place alone is not."""
    found = extract_entities("In Chicago, Ray Durham and Ozzie Guillen had hits in the second.")
    assert found.people == ["Ray Durham", "Ozzie Guillen"]
    assert extract_entities("Officials in San Jose said the plant would close.").people == []


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # a given name that NLTK's 236,000 words happen to hold, then a surname no word is
        ("The goal came from Goran Koprinovic in the second half.", "Goran Koprinovic"),
        ("A late goal by Anis Ahmed sealed the win.", "Anis Ahmed"),
        ("Police said Tang Shubei arrived in Taipei on Monday.", "Tang Shubei"),
        # after a dash, a rare word is a name's start, not an ordinary word
        ("Seeded second - Goran Ivanisevic lost in the first round.", "Goran Ivanisevic"),
        # "de" is a particle, not Delaware
        ("Spanish Farm Minister Loyola de Palacio met farmers on Monday.", "Loyola de Palacio"),
        # a given name after a dash starts a name
        ("Seeded first - Pete Sampras won in straight sets.", "Pete Sampras"),
    ],
)
def test_names_whose_words_are_rare_english_words(text: str, person: str, nltk_ready: None) -> None:
    assert extract_entities(text).people == [person]


def test_rare_english_words_that_are_not_names_stay_words(nltk_ready: None) -> None:
    assert (
        extract_entities("The Grand Slam title went to a qualifier, officials said.").people == []
    )
    assert extract_entities("Transcendental Meditation classes opened in the town.").people == []
