"""Evidence of places beyond the body's sentences: datelines, headlines, US states.

* **Datelines** ("NEW YORK, March 3 - ") name where a story was filed. The region after the
  city says it when there is one (", Calif." a US state, ", Alberta" a Canadian province, ",
  West Germany" a country: NLTK ``gazetteers``); else a country's name is itself; else a city
  of the time-zone database (IANA ``zone.tab``: "Europe/London" is in GB, "Asia/Tokyo" in JP,
  about 400 cities the world over, read from the ``tzdata`` package or the system's zoneinfo)
  is in its zone's country; else a US city of the gazetteers (uscities) is the United States.
  The zone cities come before the US list, which holds Vancouver (Wash.) and Birmingham.
* **Headlines** (ALL-CAPS or Title-Case) are read case-insensitively for country names only:
  "JAPAN TRADE SURPLUS RISES" -> Japan. Their other words cannot be told from names.
* **Countries named like a US state** (Georgia, from the gazetteers) are the state when the
  article says so: "Georgia state", a governor, another US state or city (Atlanta); the country
  when its demonym ("Georgian") is used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from .places import _gazetteer, canonical_country, country_names, demonyms_of, us_places
from .wordlists import stop_words


def is_us_place(text: str) -> bool:
    """A US state or city of the gazetteers ("Georgia", "Atlanta", "New York")."""
    return text.strip().casefold() in us_places()


@cache
def state_countries() -> frozenset[str]:
    """Countries whose name is also a US state's (Georgia): a country only if context says so."""
    return frozenset(c for c in country_names() if is_us_place(c))


_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"\s*([A-Z][A-Z.' -]*[A-Z.])"  # the place, in capitals
    r"(?:,\s*([A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)*))?"  # its region: ", Ga.", ", Alberta"
    rf",\s+{_MONTHS}\s+\d{{1,2}}\s+-"
)
_ZONE_FILES = ("zone.tab", "iso3166.tab")


def _zone_tables() -> tuple[str, str]:
    """The text of ``zone.tab`` and ``iso3166.tab``: the tzdata package's, else the system's
    (empty where neither is installed)."""
    try:
        from importlib.resources import files

        folder = files("tzdata").joinpath("zoneinfo")
        return folder.joinpath("zone.tab").read_text(), folder.joinpath("iso3166.tab").read_text()
    except (ImportError, OSError):
        system = Path("/usr/share/zoneinfo")
        try:
            return tuple(system.joinpath(f).read_text() for f in _ZONE_FILES)  # type: ignore[return-value]
        except OSError:
            return "", ""


def _country_of_iso_name(name: str) -> str | None:
    """The canonical country of an ``iso3166.tab`` name ("Britain (UK)", "Korea (South)")."""
    head, _, tail = name.partition(" (")
    tail = tail.rstrip(")")
    for form in (name, f"{tail} {head}", head):  # not "UK" alone: "Virgin Islands (UK)"
        country = canonical_country(form) if form.strip() else None
        if country:
            return country
    return None


@cache
def zone_cities() -> dict[str, str]:
    """City of a time zone (case-folded, "kuala lumpur") -> its canonical country."""
    zones, codes = _zone_tables()
    names = dict(
        line.split("\t", 1) for line in codes.splitlines() if line and not line.startswith("#")
    )
    out: dict[str, str] = {}
    for line in zones.splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) < 3:
            continue
        country = _country_of_iso_name(names.get(parts[0], "").strip())
        city = parts[2].rsplit("/", 1)[-1].replace("_", " ").casefold()
        if country and city not in out:
            out[city] = country
    return out


@cache
def _regions() -> dict[str, str]:
    """Regions of datelines (case-folded) -> country: US states and their abbreviations,
    Canadian provinces, Mexican states (NLTK ``gazetteers``)."""
    regions = dict.fromkeys(_gazetteer("usstates.txt", "usstateabbrev.txt"), "United States")
    regions.update(dict.fromkeys(_gazetteer("caprovinces.txt"), "Canada"))
    regions.update(dict.fromkeys(_gazetteer("mexstates.txt"), "Mexico"))
    return regions


def dateline_country(text: str) -> str | None:
    """The country a wire dateline at the start of ``text`` names ("NEW YORK, March 3 -",
    "TOKYO, March 3 -", "CALGARY, Alberta, March 3 -"): see the module docstring."""
    match = _DATELINE.match(text)
    if not match:
        return None
    place, region = match.group(1).strip(), (match.group(2) or "").strip()
    if region:
        found = _regions().get(region.casefold()) or _regions().get(f"{region}.".casefold())
        found = found or canonical_country(region)
        if found:
            return found
    if place.title() in state_countries():  # "GEORGIA": the state, as before
        return "United States"
    return (
        canonical_country(place)
        or zone_cities().get(place.casefold())
        or ("United States" if is_us_place(place) else None)
    )


def the_us_state(name: str, sentences: Sequence[Sequence[str]]) -> bool:
    """Does ``name`` (a country that is also a US state: Georgia) stand for the state here?

    The country when the article uses its demonym ("Georgian"); the state when "state" or a
    governor goes with it, or when another US state or city is named (Atlanta).
    """
    demonyms = demonyms_of(name)
    own = name.lower()
    for tokens in sentences:
        lows = [t.lower() for t in tokens]
        if any(low in demonyms for low in lows):
            return False
    for tokens in sentences:
        lows = [t.lower() for t in tokens]
        for j, low in enumerate(lows):
            if low != own:
                continue
            if lows[j + 1 : j + 2] == ["state"] or lows[max(0, j - 1) : j] in (["gov."], ["gov"]):
                return True
            if lows[j + 1 : j + 3] in (["gov", "."], ["governor"]) or lows[j + 1 : j + 2] == [
                "gov."
            ]:
                return True
    for tokens in sentences:
        for j, token in enumerate(tokens):
            if token[:1].isupper() and token.lower() != own and is_us_place(token):
                return True
            if j + 1 < len(tokens) and is_us_place(f"{token} {tokens[j + 1]}"):
                return True
    return False


def dateline_of(text: str) -> str | None:
    """The country of the dateline that starts the body (after the title's block)."""
    blocks = text.lstrip().split("\n\n", 1)
    return dateline_country(blocks[0]) or (dateline_country(blocks[1]) if len(blocks) > 1 else None)


def headline_countries(tokens: Sequence[str]) -> list[str]:
    """Countries a headline names, its words read case-insensitively ("JAPAN TRADE SURPLUS")."""
    found: list[str] = []
    stops, i = stop_words() | {"us"}, 0  # "LET US" in capitals is not the US; "U.S." is
    while i < len(tokens):
        for n in (3, 2, 1):
            words = tokens[i : i + n]
            phrase = " ".join(words)
            if len(words) < n or not words[0][:1].isalpha() or phrase.lower() in stops:
                continue
            country = canonical_country(phrase)
            if country:
                found.append(country)
                i += n - 1
                break
        i += 1
    return found
