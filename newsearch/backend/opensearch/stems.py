"""The stems an index has seen, kept in its meta index so a query need not load NLTK's stemmer.

The Whoosh backend keeps ``stems.sqlite`` beside its segments; here each word the indexer
stemmed is a document ``stem:<word>`` of ``<index>-newsearch-meta`` holding NLTK's stem of it,
written at every commit. A query fetches the stems of its words in one ``mget`` (a snippet's
article words in another). It is only a cache of a pure function: a word never seen, or a
cluster that does not answer, falls back to NLTK (:func:`newsearch.analysis.stem`), never to a
wrong term; stems left from an index dropped and rebuilt stay right.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .client import Location, calling

PREFIX = "stem:"
#: words per ``mget`` and stems per bulk request
BATCH = 1000


def save(client: Any, loc: Location, pairs: Mapping[str, str]) -> None:
    """Add word -> stem pairs to the meta index (the caller holds the run lock)."""
    from opensearchpy.helpers import streaming_bulk

    from .meta import ensure_meta

    if not pairs:
        return
    ensure_meta(client, loc)
    actions: Iterator[dict[str, Any]] = (
        {"_op_type": "index", "_index": loc.meta, "_id": PREFIX + word, "s": stem}
        for word, stem in pairs.items()
    )
    with calling(loc):
        for _ok, _item in streaming_bulk(
            client, actions, chunk_size=BATCH, raise_on_error=False, max_retries=3
        ):
            pass  # a stem not kept only costs a later query the stemmer's import


class KnownStems:
    """Look-ups in an index's kept stems; None (or no entry) for an unknown word or any error."""

    def __init__(self, client: Any, loc: Location) -> None:
        self._client, self._loc = client, loc

    def __call__(self, word: str) -> str | None:
        return self.many([word]).get(word)

    def many(self, words: Iterable[str]) -> dict[str, str]:
        """The kept stems of those of ``words`` the index has seen (empty on any error)."""
        batch = list(dict.fromkeys(words))
        found: dict[str, str] = {}
        try:
            for i in range(0, len(batch), BATCH):
                ids = [PREFIX + w for w in batch[i : i + BATCH]]
                docs = self._client.mget(index=self._loc.meta, body={"ids": ids})["docs"]
                for doc in docs:
                    if doc.get("found"):
                        found[doc["_id"][len(PREFIX) :]] = str(doc["_source"]["s"])
        except Exception:  # noqa: BLE001 - any failure: NLTK stems the word instead
            return {}
        return found
