"""Entities: the people and countries an article mentions, found with NLTK, canonical.

* :mod:`.extract` finds name spans and classifies them (models loaded once per process);
* :mod:`.wordlists` holds the word lists (titles, roles, organisation words) and NLTK corpora;
* :mod:`.places` knows countries, their demonyms and aliases, and sub-national places;
* :mod:`.sentences` picks the sentences worth reading and loads the NLTK models.

:func:`analyse` (tokenized sentences -> mentions and names) and the helpers beside it are
public for the entity benchmark, which feeds CoNLL's own tokens.
"""

from __future__ import annotations

from .extract import Mention, analyse, canonical_people, clear_caches, extract_entities
from .places import canonical_country, country_names
from .sentences import is_table, nltk_models, worth_reading

__all__ = [
    "Mention",
    "analyse",
    "canonical_country",
    "canonical_people",
    "clear_caches",
    "country_names",
    "extract_entities",
    "is_table",
    "nltk_models",
    "worth_reading",
]
