"""Evidence of places beyond the body's sentences: datelines, headlines, US states.

* **Datelines** ("NEW YORK, March 3 - ") name where a story was filed: a US state or city of
  NLTK ``gazetteers`` (usstates, uscities) is the United States, a country's name is itself.
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

from .places import canonical_country, country_names, demonyms_of, us_places
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
    r"(?:,\s*[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)*)?"  # its state or country: ", Ga.", ", Calif."
    rf",\s+{_MONTHS}\s+\d{{1,2}}\s+-"
)


def dateline_country(text: str) -> str | None:
    """The country a wire dateline at the start of ``text`` names ("NEW YORK, March 3 -").

    A US state or city of the gazetteers is the United States; a country's name is itself.
    """
    match = _DATELINE.match(text)
    if not match:
        return None
    place = match.group(1).strip()
    if is_us_place(place):
        return "United States"
    return canonical_country(place)


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
