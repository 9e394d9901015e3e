"""The pages of people, countries and organisations: ``/person/NAME``, ``/country/NAME``...
and ``/api/entity/<kind>/<name>``, one route per kind of :func:`newsearch.entity_view.kinds`
(every name field of the field table gets its pages)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..entity_view import field_of_kind, kinds
from .state import names_state

if TYPE_CHECKING:
    from threading import Lock

    from flask import Flask

    from ..search import NewsIndex


def add_entity_routes(app: Flask, ix: NewsIndex, lock: Lock) -> None:
    from flask import jsonify, render_template

    def page(kind: str, name: str) -> Any:
        with lock:
            view = ix.entity(name, kind)
        field = field_of_kind(kind)
        return render_template(
            "entity.html",
            view=view,
            state=None,
            search=names_state((field, view.name)),
            pair=lambda other, value: names_state((field, view.name), (other, value)).url(),
        )

    for kind in kinds():
        app.add_url_rule(
            f"/{kind}/<id:name>", f"entity_{kind}", lambda name, kind=kind: page(kind, name)
        )

    @app.get("/api/entity/<kind>/<id:name>")
    def api_entity(kind: str, name: str) -> Any:
        with lock:
            return jsonify(ix.entity(name, kind).to_dict())
