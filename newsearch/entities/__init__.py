"""Entities: the people and countries an article mentions, found with NLTK, canonical.

* :mod:`.extract` finds name spans and classifies them (models loaded once per process);
* :mod:`.wordlists` holds the word lists (titles, roles, organisation words) and NLTK corpora;
* :mod:`.places` knows countries, their demonyms and aliases, and sub-national places.
"""

from __future__ import annotations

from .extract import extract_entities
from .places import canonical_country, country_names

__all__ = ["canonical_country", "country_names", "extract_entities"]
