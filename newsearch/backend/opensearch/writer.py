"""The OpenSearch side of an indexing run: bulk requests, deletes, refresh on commit.

Workers turn each batch of articles into bulk ``index`` actions (:meth:`write_part`: the
tokenizing happens there, on every core) and hand them back; the parent, which holds the run
lock, sends the deletes and the actions with the bulk API and refreshes, so a commit becomes
visible to searches at once. An article's ``_id`` is its id, so an update replaces it.
A rebuild drops the index at its first commit and creates it afresh with today's mapping.

OpenSearch has no multi-document transaction: a commit killed half-way leaves part of a batch
in the index. The manifest then does not claim those files, so the next run re-reads them and
compares digests: nothing is lost or duplicated, as with Whoosh.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ...fields import SCHEMA_VERSION
from ..base import Doc, Manifest, MessageFn
from .client import ClusterError, Location, calling, connect, parse_location
from .mapping import doc_key, index_body
from .meta import RunLock, check_version, ensure_meta, read_manifest, write_manifest

#: actions per bulk request
CHUNK = 500


def create_index(client: Any, loc: Location) -> None:
    with calling(loc):
        client.indices.create(index=loc.index, body=index_body())
        client.cluster.health(index=loc.index, wait_for_status="yellow", request_timeout=70)


class OpenSearchWriter:
    """One run's hold on an OpenSearch index: created with the run lock held."""

    def __init__(self, client: Any, loc: Location, manifest: Manifest, clear: bool) -> None:
        self._client, self._loc = client, loc
        self._clear = clear
        self.manifest = manifest
        self.target = str(loc)
        # caches the core can rebuild from the index (the copy sketches): local to this machine
        key = hashlib.sha256(str(loc).encode("utf-8")).hexdigest()[:16]
        state = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        self.state_dir = str(state / "newsearch" / "opensearch-state" / key)
        Path(self.state_dir).mkdir(parents=True, exist_ok=True)

    def copies(self) -> dict[str, str]:
        from opensearchpy.helpers import scan

        if self._clear:
            return {}
        query = {"query": {"term": {"primary": "no"}}, "_source": ["id", "copy_of"]}
        with calling(self._loc):
            hits = scan(self._client, index=self._loc.index, query=query, size=5000)
            return {h["_source"]["id"]: h["_source"].get("copy_of") or "" for h in hits}

    def stored(self, ids: Sequence[str]) -> list[Doc]:
        from .reader import to_doc

        if self._clear or not ids:
            return []
        keys = [doc_key(i) for i in dict.fromkeys(ids)]
        out: list[Doc] = []
        with calling(self._loc):
            for start in range(0, len(keys), 500):
                found = self._client.mget(
                    index=self._loc.index, body={"ids": keys[start : start + 500]}
                )
                out += [to_doc(d) for d in found["docs"] if d.get("found")]
        return out

    def existing(self) -> tuple[dict[str, tuple[str, str]], dict[str, set[str]]]:
        from opensearchpy.helpers import scan

        existing: dict[str, tuple[str, str]] = {}
        by_path: dict[str, set[str]] = {}
        if self._clear:
            return existing, by_path
        with calling(self._loc):
            for hit in scan(
                self._client,
                index=self._loc.index,
                query={"query": {"match_all": {}}, "_source": ["id", "path", "digest"]},
                size=5000,
                preserve_order=False,
            ):
                src = hit["_source"]
                existing[src["id"]] = (src.get("path", ""), src.get("digest", ""))
                by_path.setdefault(src.get("path", ""), set()).add(src["id"])
        return existing, by_path

    def commit(
        self, parts: Sequence[Any], deleted: Sequence[str], stems: Mapping[str, str]
    ) -> None:
        from opensearchpy.helpers import streaming_bulk

        from .stems import save as save_stems

        if self._clear:
            with calling(self._loc):
                self._client.indices.delete(index=self._loc.index, ignore_unavailable=True)
            create_index(self._client, self._loc)
            self._clear = False
        save_stems(self._client, self._loc, stems)  # before the articles: a query may need them
        written = {action["_id"] for part in parts for action in part}
        deletes = [
            {"_op_type": "delete", "_index": self._loc.index, "_id": key}
            for key in dict.fromkeys(doc_key(d) for d in deleted)
            if key not in written  # replaced by its new version anyway
        ]
        actions = deletes + [action for part in parts for action in part]
        if not actions:
            return
        failed: list[str] = []
        with calling(self._loc):
            for ok, item in streaming_bulk(
                self._client,
                actions,
                chunk_size=CHUNK,
                raise_on_error=False,
                max_retries=3,
                initial_backoff=1,
            ):
                if not ok:
                    op, result = next(iter(item.items()))
                    if not (op == "delete" and result.get("status") == 404):
                        failed.append(f"{result.get('_id')}: {result.get('error')}")
            self._client.indices.refresh(index=self._loc.index)
        if failed:
            raise ClusterError(
                f"{self._loc}: {len(failed)} articles were not written (first: {failed[0]})"
            )

    def save_manifest(self) -> None:
        write_manifest(self._client, self._loc, self.manifest)


@contextlib.contextmanager
def open_writer(
    location: str, rebuild: bool, lock_timeout: float, on_wait: MessageFn
) -> Iterator[OpenSearchWriter]:
    loc = parse_location(location)
    client = connect(loc)
    try:
        ensure_meta(client, loc)
        lock = RunLock(client, loc)
        lock.acquire(lock_timeout, on_wait)
        try:
            with calling(loc):
                exists = bool(client.indices.exists(index=loc.index))
            if exists and not rebuild:
                check_version(client, loc)
            manifest = None if rebuild else read_manifest(client, loc)
            if manifest is None or manifest.schema_version != SCHEMA_VERSION:
                manifest = Manifest()
            if not exists:
                create_index(client, loc)
            yield OpenSearchWriter(client, loc, manifest, clear=rebuild and exists)
        finally:
            with calling(loc):
                lock.release()
    finally:
        client.close()
