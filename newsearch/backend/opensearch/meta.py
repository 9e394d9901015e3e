"""What an index keeps beside its articles, in an index of its own (``<index>-newsearch-meta``):
the manifest (schema version, last update, file signatures: only a cache, as for Whoosh) and
the run lock that keeps one indexing run's report honest while another runs.

The lock is a document created with ``op_type=create``, which OpenSearch lets only one client
win. It names its owner (host and process); a lock whose owner was on this host and is gone
(a killed run) is taken over, as the Whoosh backend's lock file is.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from typing import Any

from ...errors import IndexLockedError, IndexVersionError
from ...fields import SCHEMA_VERSION
from ..base import Manifest, MessageFn
from .client import Location, calling

MANIFEST_ID = "manifest"
LOCK_ID = "lock"
_META_BODY = {
    "settings": {"index": {"number_of_shards": 1, "auto_expand_replicas": "0-all"}},
    "mappings": {"dynamic": False, "properties": {}},
}


def ensure_meta(client: Any, loc: Location) -> None:
    from opensearchpy import RequestError

    with calling(loc):
        if client.indices.exists(index=loc.meta):
            return
        try:
            client.indices.create(index=loc.meta, body=_META_BODY)
        except RequestError as exc:  # created by another run meanwhile
            if "already_exists" not in str(exc):
                raise


def read_manifest(client: Any, loc: Location) -> Manifest | None:
    from opensearchpy import NotFoundError

    try:
        src = client.get(index=loc.meta, id=MANIFEST_ID)["_source"]
    except NotFoundError:  # no meta index, or no manifest in it yet
        return None
    except Exception:
        with calling(loc):
            raise
    return Manifest(
        schema_version=int(src.get("schema_version", 0)),
        updated=float(src.get("updated", 0.0)),
        files=json.loads(src.get("files_json") or "{}"),
        roots=json.loads(src["roots_json"]) if "roots_json" in src else None,
    )


def write_manifest(client: Any, loc: Location, manifest: Manifest) -> None:
    manifest.updated = time.time()
    body = {
        "schema_version": manifest.schema_version,
        "updated": manifest.updated,
        "files_json": json.dumps(manifest.files),
        "roots_json": json.dumps(manifest.roots),
    }
    with calling(loc):
        client.index(index=loc.meta, id=MANIFEST_ID, body=body, refresh=True)


def read_side(client: Any, loc: Location, name: str) -> str | None:
    """A side text (the curation, saved searches) kept as a document of the meta index."""
    from opensearchpy import NotFoundError

    try:
        src = client.get(index=loc.meta, id=f"side:{name}")["_source"]
    except NotFoundError:
        return None
    except Exception:
        with calling(loc):
            raise
    return str(src.get("text", ""))


def write_side(client: Any, loc: Location, name: str, text: str) -> None:
    ensure_meta(client, loc)
    with calling(loc):
        client.index(index=loc.meta, id=f"side:{name}", body={"text": text}, refresh=True)


def check_version(client: Any, loc: Location) -> None:
    with calling(loc):
        mapping = client.indices.get_mapping(index=loc.index)
    meta = next(iter(mapping.values()))["mappings"].get("_meta") or {}
    version = meta.get("schema_version")
    if version != SCHEMA_VERSION:
        raise IndexVersionError(
            f"the index {loc} was written with schema version {version}, this newsearch uses "
            f"{SCHEMA_VERSION}: rebuild it with `newsearch index PATH --rebuild`"
        )


class RunLock:
    """The run lock of one index (see the module docstring)."""

    def __init__(self, client: Any, loc: Location) -> None:
        self._client, self._loc = client, loc
        self.owner = {"host": socket.gethostname(), "pid": os.getpid(), "token": uuid.uuid4().hex}

    def acquire(self, timeout: float, on_wait: MessageFn) -> None:
        from opensearchpy import ConflictError

        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                self._client.create(index=self._loc.meta, id=LOCK_ID, body=self.owner, refresh=True)
                return
            except ConflictError:
                pass
            except Exception:
                with calling(self._loc):
                    raise
            if self._take_over_stale():
                continue
            if time.monotonic() >= deadline:
                raise IndexLockedError(
                    f"another indexer is writing to {self._loc} (waited {timeout:g} s); "
                    "try again when it has finished"
                )
            if not told and on_wait:
                on_wait(f"waiting for another indexer to finish with {self._loc}...")
                told = True
            time.sleep(0.5)

    def _take_over_stale(self) -> bool:
        from opensearchpy import NotFoundError

        try:
            held = self._client.get(index=self._loc.meta, id=LOCK_ID)
        except NotFoundError:
            return True  # released meanwhile: try again
        src = held["_source"]
        if src.get("host") != self.owner["host"] or _alive(int(src.get("pid", 0))):
            return False
        try:
            self._client.delete(
                index=self._loc.meta,
                id=LOCK_ID,
                if_seq_no=held["_seq_no"],
                if_primary_term=held["_primary_term"],
                refresh=True,
            )
        except Exception:  # noqa: BLE001 - another run took it over first
            return False
        return True

    def release(self) -> None:
        from opensearchpy import NotFoundError

        try:
            held = self._client.get(index=self._loc.meta, id=LOCK_ID)
            if held["_source"].get("token") == self.owner["token"]:
                self._client.delete(index=self._loc.meta, id=LOCK_ID, refresh=True)
        except NotFoundError:
            pass


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def cluster_stats(client: Any, loc: Location) -> dict[str, Any]:
    """Cluster health, nodes, shards and replicas, and the index's size, for ``info``."""
    with calling(loc):
        health = client.cluster.health(index=loc.index)
        settings = client.indices.get_settings(index=loc.index)
        size = client.indices.stats(index=loc.index, metric="store")
    index_settings = next(iter(settings.values()))["settings"]["index"]
    return {
        "cluster": f"{loc.url} ({health['cluster_name']})",
        "health": health["status"],
        "nodes": int(health["number_of_nodes"]),
        "shards": int(index_settings.get("number_of_shards", 0)),
        "replicas": int(index_settings.get("number_of_replicas", 0)),
        "size_bytes": int(size["_all"]["total"]["store"]["size_in_bytes"]),
    }
