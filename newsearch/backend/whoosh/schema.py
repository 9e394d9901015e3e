"""The Whoosh schema, derived from the field table (:mod:`newsearch.fields`)."""

from __future__ import annotations

from typing import Any

from whoosh import fields as wf

from ...fields import FIELDS, Field
from .analyzers import exact_analyzer, name_analyzer, news_analyzer


def _whoosh_fields(field: Field) -> dict[str, Any]:
    if field.kind == "text":
        return {
            field.name: wf.TEXT(analyzer=news_analyzer(), stored=field.stored, phrase=True),
            field.exact_field: wf.TEXT(analyzer=exact_analyzer(), phrase=True),
        }
    if field.kind == "name":
        return {
            field.name: wf.KEYWORD(stored=field.stored, commas=True, scorable=True),
            field.words_field: wf.TEXT(analyzer=name_analyzer(), phrase=True),
        }
    if field.kind == "mentions":
        return {field.name: wf.KEYWORD(stored=field.stored, commas=True)}
    if field.kind == "date":
        return {field.name: wf.DATETIME(stored=field.stored, sortable=field.sortable)}
    if field.kind == "stored":
        return {field.name: wf.STORED()}
    if field.lowercase:
        return {field.name: wf.KEYWORD(stored=field.stored, lowercase=True, commas=True)}
    return {field.name: wf.ID(stored=field.stored, unique=field.unique, sortable=field.sortable)}


def build_schema() -> wf.Schema:
    """A fresh Whoosh schema for a newsearch index."""
    spec: dict[str, Any] = {}
    for field in FIELDS:
        spec.update(_whoosh_fields(field))
    return wf.Schema(**spec)
