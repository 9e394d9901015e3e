"""Places: which words name a country, and the one canonical name each country goes by.

The base is NLTK's ``gazetteers`` corpus (``countries.txt`` and ``nationalities.txt``), cut down
to countries and completed by our own tables:

* **Countries** are sovereign states, plus Taiwan, Palestine and Kosovo, plus the historical
  states news archives still talk about (Soviet Union, Yugoslavia, Czechoslovakia). Dependent
  territories (Hong Kong, Puerto Rico, Greenland...), regions and continents (Europe, the Middle
  East, Latin America...) are not countries.
* **Canonical names**: one per country, however the text says it. Short and official forms,
  old names and constituent countries map to it: "U.S.", "US", "USA", "America", "United States
  of America" -> United States; "Britain", "UK", "England", "Scotland", "Wales" -> United
  Kingdom; "Persia" -> Iran; "Burma" -> Myanmar; "Holland" -> Netherlands; "West Germany" and
  "East Germany" -> Germany.
* **Demonyms and adjectives** name their country: "Russian", "Russians" -> Russia, "Iranian" ->
  Iran, "Turkish", "Turks" -> Turkey, "British", "Briton" -> United Kingdom. "English" is not
  mapped (it is far more often the language than the country).
* **Capital cities are not countries.** "Tehran" does not add Iran: a capital stands for its
  government or is only a place (and "Washington" is also a state and a surname), while an article
  about a country names the country itself. Capitals and large cities are kept in
  :data:`CITIES` only so that the person classifier never takes them for people.

All look-ups are case-insensitive; :func:`canonical_country` also ignores full stops, a leading
"the" and a possessive "'s", so queries such as ``countries:iranian`` or ``countries:u.s`` work.
"""

from __future__ import annotations

import re
from functools import cache
from os.path import commonprefix


def _split(text: str) -> list[str]:
    """Words of a ``|``-separated table written over several lines."""
    return [word.strip() for word in text.split("|") if word.strip()]


#: gazetteer entries that are not countries (territories, parts of countries, ambiguous words)
EXCLUDED = frozenset(
    _split(
        """abkhazia|akrotiri|akrotiri and dhekelia|aland|aland islands|american samoa|anguilla
        |aruba|ascension island|barbuda|bermuda|british virgin islands|caicos islands
        |cayman islands|christmas island|cocos|cocos islands|cook islands|dhekelia
        |falkland islands|faroe islands|french polynesia|futuna islands|gibraltar|greenland
        |grenadines|guam|guernsey|herzegovina|hong kong|hoorn islands|isle of man|jersey
        |keeling islands|korea|macao|macau|mayotte|miquelon|montserrat|nagorno-karabakh republic
        |netherlands antilles|nevis|new caledonia|niue|norfolk island|northern mariana islands
        |pitcairn islands|principe|puerto rico|saint barthelemy|saint barts|saint helena
        |saint kitts|saint martin|saint pierre|saint pierre and miquelon|somaliland|south ossetia
        |svalbard|tibet|tobago|tokelau|transnistria|tristan da cunha|turks and caicos islands
        |turks islands|united states virgin islands|us virgin islands|virgin islands
        |wallis and futuna|wallis islands|western sahara"""
    )
)

#: other names of a country -> canonical name (forms and old names)
ALIASES: dict[str, str] = {
    **dict.fromkeys(
        _split("us|u.s|usa|u.s.a|america|united states|united states of america|the states"),
        "United States",
    ),
    **dict.fromkeys(
        _split("uk|u.k|britain|great britain|england|scotland|wales|northern ireland"),
        "United Kingdom",
    ),
    **dict.fromkeys(
        _split("ussr|u.s.s.r|soviet union|former soviet union|former ussr"), "Soviet Union"
    ),
    **dict.fromkeys(_split("west germany|east germany|federal republic of germany"), "Germany"),
    **dict.fromkeys(_split("people's republic of china|prc|mainland china"), "China"),
    **dict.fromkeys(_split("republic of ireland|eire"), "Ireland"),
    **dict.fromkeys(_split("burma|myanmar"), "Myanmar"),
    **dict.fromkeys(_split("cote d'ivoire|ivory coast"), "Ivory Coast"),
    **dict.fromkeys(
        _split("bosnia|bosnia and herzegovina|bosnia-herzegovina"), "Bosnia and Herzegovina"
    ),
    **dict.fromkeys(
        _split("zaire|democratic republic of congo|dr congo|drc"), "Democratic Republic of Congo"
    ),
    **dict.fromkeys(_split("czechia|czech republic"), "Czech Republic"),
    **dict.fromkeys(_split("macedonia|north macedonia"), "North Macedonia"),
    **dict.fromkeys(_split("palestine|palestinian territory|palestinian territories"), "Palestine"),
    **dict.fromkeys(_split("uae|u.a.e|united arab emirates"), "United Arab Emirates"),
    **dict.fromkeys(_split("east timor|timor-leste"), "East Timor"),
    **dict.fromkeys(_split("vatican|vatican city|holy see"), "Vatican City"),
    "persia": "Iran",
    "holland": "Netherlands",
    "the netherlands": "Netherlands",
    "trinidad": "Trinidad and Tobago",
    "saint vincent": "Saint Vincent and the Grenadines",
    "antigua": "Antigua and Barbuda",
    "sao tome": "Sao Tome and Principe",
    "saint kitts and nevis": "Saint Kitts and Nevis",
    "swaziland": "Eswatini",
    "eswatini": "Eswatini",
    "yugoslavia": "Yugoslavia",
    "czechoslovakia": "Czechoslovakia",
    "kosovo": "Kosovo",
    "taiwan": "Taiwan",
    "south korea": "South Korea",
    "north korea": "North Korea",
}

#: demonyms and adjectives the gazetteer lacks or the prefix rule gets wrong -> canonical name
DEMONYMS: dict[str, str] = {
    **dict.fromkeys(
        _split("american|americans|u.s.-based"),
        "United States",
    ),
    **dict.fromkeys(
        _split("british|briton|britons|brits|scottish|scots|scotsman|welsh|northern irish"),
        "United Kingdom",
    ),
    **dict.fromkeys(_split("dutch|dutchman|dutchwoman|netherlander"), "Netherlands"),
    **dict.fromkeys(_split("west german|east german|germans"), "Germany"),
    **dict.fromkeys(_split("filipino|filipinos|philippine"), "Philippines"),
    **dict.fromkeys(_split("turk|turks|turkish"), "Turkey"),
    "swiss": "Switzerland",
    "danish": "Denmark",
    "dane": "Denmark",
    "danes": "Denmark",
    "finnish": "Finland",
    "finn": "Finland",
    "finns": "Finland",
    "french": "France",
    "frenchman": "France",
    "irish": "Ireland",
    "polish": "Poland",
    "pole": "Poland",
    "poles": "Poland",
    "spanish": "Spain",
    "spaniard": "Spain",
    "spaniards": "Spain",
    "swede": "Sweden",
    "swedes": "Sweden",
    "greeks": "Greece",
    "soviet": "Soviet Union",
    "soviets": "Soviet Union",
    "argentine": "Argentina",
    "argentinian": "Argentina",
    "ecuadorian": "Ecuador",
    "emirian": "United Arab Emirates",
    "emirati": "United Arab Emirates",
    "ivorian": "Ivory Coast",
    "laotian": "Laos",
    "lao": "Laos",
    "malagasy": "Madagascar",
    "salvadoran": "El Salvador",
    "grenadian": "Grenada",
    "batswana": "Botswana",
    "motswana": "Botswana",
    "mosotho": "Lesotho",
    "i-kiribati": "Kiribati",
    "ni-vanuatu": "Vanuatu",
    "trinidadian": "Trinidad and Tobago",
    "burmese": "Myanmar",
    "palestinian": "Palestine",
    "palestinians": "Palestine",
    "yemeni": "Yemen",
    "serb": "Serbia",
    "serbs": "Serbia",
    "croat": "Croatia",
    "croats": "Croatia",
    "azeri": "Azerbaijan",
    "kazakh": "Kazakhstan",
    "uzbek": "Uzbekistan",
    "turkmen": "Turkmenistan",
    "slovak": "Slovakia",
    "slovene": "Slovenia",
    "belorussian": "Belarus",
    "byelorussian": "Belarus",
    "zairean": "Democratic Republic of Congo",
    "yugoslav": "Yugoslavia",
    "czechoslovak": "Czechoslovakia",
    "kosovar": "Kosovo",
    "persian": "Iran",
    "iraqi": "Iraq",
    "israeli": "Israel",
    "saudi": "Saudi Arabia",
    "saudis": "Saudi Arabia",
    "kiwi": "",
    "english": "",
}

#: continents and regions: places that are not countries (never people either)
REGIONS = frozenset(
    _split(
        "europe|asia|africa|oceania|antarctica|arctic|north america|south america|latin america"
        "|central america|middle east|near east|far east|east asia|southeast asia|south asia"
        "|central asia|eastern europe|western europe|central europe|balkans|baltic|baltics"
        "|caucasus|caribbean|scandinavia|gulf|persian gulf|pacific|atlantic|mediterranean|west"
        "|east|north|south|west bank|gaza|gaza strip|sahara|sahel|horn of africa|european"
        "|african|asian|arab|latin|nordic|kurdistan|siberia|black sea|red sea|indian ocean"
    )
)

#: capitals and other big news cities: places, not countries (see the module docstring)
CITIES = frozenset(
    _split(
        """tehran|moscow|washington|london|paris|berlin|bonn|rome|madrid|lisbon|brussels
        |amsterdam|the hague|vienna|bern|geneva|zurich|stockholm|oslo|copenhagen|helsinki|dublin
        |athens|ankara|istanbul|warsaw|prague|budapest|bucharest|sofia|belgrade|zagreb|sarajevo
        |kiev|kyiv|minsk|vilnius|riga|tallinn|tbilisi|yerevan|baku|beijing|peking|shanghai
        |hong kong|tokyo|osaka|seoul|pyongyang|taipei|manila|jakarta|kuala lumpur|bangkok|hanoi
        |saigon|ho chi minh city|new delhi|delhi|bombay|mumbai|calcutta|karachi|islamabad|kabul
        |dhaka|colombo|riyadh|jeddah|kuwait city|baghdad|damascus|beirut|amman|jerusalem
        |tel aviv|cairo|tripoli|tunis|algiers|rabat|casablanca|khartoum|nairobi|addis ababa
        |lagos|abuja|accra|dakar|kinshasa|johannesburg|pretoria|cape town|harare|lusaka|luanda
        |maputo|ottawa|toronto|montreal|vancouver|new york|los angeles|chicago|houston|boston
        |san francisco|detroit|mexico city|havana|caracas|bogota|lima|quito|santiago
        |buenos aires|montevideo|brasilia|rio de janeiro|sao paulo|la paz|asuncion|canberra
        |sydney|melbourne|wellington|auckland|doha|abu dhabi|dubai|muscat|manama|sanaa|aden
        |nicosia|valletta|luxembourg city|monaco city|frankfurt|munich|hamburg|milan|barcelona
        |lyon|marseille|manchester|liverpool|glasgow|edinburgh|st petersburg|leningrad
        |vladivostok|kazan|grozny|chechnya|crimea|gdansk|strasbourg|wall street|city of london"""
    )
)


def _key(name: str) -> str:
    """Look-up key: case-folded, curly apostrophes straightened, no full stops or possessive."""
    key = name.strip().replace("\u2019", "'").casefold()
    key = re.sub(r"'s?$", "", key).strip()
    key = key[4:] if key.startswith("the ") and key[4:] not in ALIASES else key
    return key.replace(".", "")


def _common_prefix(a: str, b: str) -> int:
    return len(commonprefix([a, b]))


@cache
def _tables() -> tuple[dict[str, str], frozenset[str]]:
    """(lookup key -> canonical country, canonical names) built from the gazetteers once."""
    from nltk.corpus import gazetteers

    from ..nltkdata import ensure

    ensure("gazetteers")
    listed = {c.strip() for c in gazetteers.words("countries.txt")}
    countries = sorted(c for c in listed if c and c.lower() not in EXCLUDED)
    table: dict[str, str] = {}
    for country in countries:
        table[country.lower()] = ALIASES.get(country.lower(), country)
    for alias, canonical in ALIASES.items():
        table[_key(alias)] = canonical
    # demonyms: the country sharing the longest prefix (at least 4 letters), unless listed
    lowered = [c for c in countries if c.lower() not in ALIASES or ALIASES[c.lower()] == c]
    for nationality in {n.strip() for n in gazetteers.words("nationalities.txt")}:
        low = nationality.lower()
        if low in DEMONYMS or " or " in low or " and " in low:
            continue
        best = max(lowered, key=lambda c: (_common_prefix(low, c.lower()), -len(c)))
        if _common_prefix(low, best.lower()) >= 4:
            table[low] = table[best.lower()]
    for demonym, canonical in DEMONYMS.items():
        if canonical:
            table[_key(demonym)] = canonical
        else:
            table.pop(demonym, None)
    for key, canonical in list(table.items()):
        if key[-1] in "ni" and key + "s" not in table and key.lower() != canonical.lower():
            table[key + "s"] = canonical  # Russians, Israelis, Iraqis
    for place in REGIONS | CITIES:
        if table.get(place) and place not in ALIASES:
            del table[place]
    return table, frozenset(table.values())


def canonical_country(name: str) -> str | None:
    """Canonical country a name, short form or demonym stands for; None when not a country.

    Case-insensitive: "Iranian", "iranian", "U.S.", "us", "America", "UK" all work.
    """
    if not name or not name.strip():
        return None
    table = _tables()[0]
    key = _key(name)
    return table.get(key) or table.get(key.replace(".", ""))


def country_names() -> list[str]:
    """Every canonical country name, sorted."""
    return sorted(_tables()[1])


@cache
def _gazetteer(*files: str) -> frozenset[str]:
    """The case-folded entries of NLTK ``gazetteers`` files."""
    from nltk.corpus import gazetteers

    from ..nltkdata import ensure

    ensure("gazetteers")
    return frozenset(w.strip().casefold() for f in files for w in gazetteers.words(f))


def us_places() -> frozenset[str]:
    """US states and cities (``gazetteers``: usstates, uscities), case-folded."""
    return _gazetteer("usstates.txt", "uscities.txt")


@cache
def _gazetteer_places() -> frozenset[str]:
    """US states and cities, Canadian provinces and Mexican states from the gazetteers."""
    others = _gazetteer("caprovinces.txt", "mexstates.txt", "usstateabbrev.txt")
    return us_places() | others


def demonyms_of(country: str) -> frozenset[str]:
    """Words other than the country's own name that stand for it ("georgian", "georgians")."""
    own = _key(country)
    return frozenset(k for k, c in _tables()[0].items() if c == country and k != own)


def is_place(text: str) -> bool:
    """True for countries, demonyms, regions, continents, big cities, US states and cities."""
    key = _key(text)
    return (
        key in REGIONS
        or key in CITIES
        or key in _gazetteer_places()
        or canonical_country(text) is not None
    )
