"""Where an OpenSearch index lives, and the client that talks to it.

A location is the cluster's URL with the index name as its path
(``http://127.0.0.1:9200/newsearch``; the CLI builds it from ``--url`` and ``--index``).
Credentials never appear in it: they come from ``NEWSEARCH_USER`` and ``NEWSEARCH_PASSWORD``
(HTTP basic) and are never printed. TLS certificates are verified unless
``NEWSEARCH_VERIFY_CERTS=0``; ``NEWSEARCH_CA_CERTS`` names a CA bundle.

Every call goes through :func:`calling`, which turns the client's exceptions into one-line
:class:`~newsearch.errors.NewsearchError` messages naming the cluster (never its credentials).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ...errors import IndexNotFoundError, NewsearchError, UsageError


class ClusterError(NewsearchError):
    """The cluster cannot be reached, refused a request, or answered with an error."""


#: OpenSearch's rules for index names, less the dots and capitals we never need.
_INDEX_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,200}$")
#: the index holding an index's manifest and run lock (see :mod:`.writer`)
META_SUFFIX = "-newsearch-meta"


@dataclass(frozen=True)
class Location:
    url: str  # scheme://host:port, no path, no credentials
    index: str

    @property
    def meta(self) -> str:
        return self.index + META_SUFFIX

    def __str__(self) -> str:
        return f"{self.url}/{self.index}"


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def parse_location(location: str) -> Location:
    """``http(s)://host[:port]/INDEX`` -> its parts (UsageError for anything else)."""
    if not is_url(location):
        raise UsageError(f"not an OpenSearch location (URL/INDEX): {location!r}")
    parts = urlsplit(location)
    if parts.username or parts.password:
        raise UsageError(
            "credentials in the URL are not accepted: set NEWSEARCH_USER and NEWSEARCH_PASSWORD"
        )
    name = parts.path.strip("/")
    if not _INDEX_NAME.match(name):
        raise UsageError(
            f"bad OpenSearch index name {name!r}: use lowercase letters, digits, - and _"
        )
    return Location(urlunsplit((parts.scheme, parts.netloc, "", "", "")), name)


def connect(location: Location) -> Any:
    """A client of the cluster (nothing is sent yet)."""
    from opensearchpy import OpenSearch

    # the client logs every failed request as a warning (a 404 is an answer here): our
    # errors are the one line of :func:`calling`, not Python's last-resort log handler
    logging.getLogger("opensearch").addHandler(logging.NullHandler())
    kwargs: dict[str, Any] = {"timeout": 60, "max_retries": 2, "retry_on_timeout": True}
    user, password = os.environ.get("NEWSEARCH_USER"), os.environ.get("NEWSEARCH_PASSWORD")
    if user:
        kwargs["http_auth"] = (user, password or "")
    if location.url.startswith("https://"):
        kwargs["use_ssl"] = True
        kwargs["verify_certs"] = os.environ.get("NEWSEARCH_VERIFY_CERTS", "1") != "0"
        if os.environ.get("NEWSEARCH_CA_CERTS"):
            kwargs["ca_certs"] = os.environ["NEWSEARCH_CA_CERTS"]
    return OpenSearch(hosts=[location.url], **kwargs)


@contextlib.contextmanager
def calling(location: Location) -> Iterator[None]:
    """Client exceptions -> one line naming the cluster and index (never credentials)."""
    from opensearchpy import exceptions as ex

    try:
        yield
    except ex.NotFoundError as exc:
        raise IndexNotFoundError(
            f"no index {location.index!r} at {location.url} ({_reason(exc)}): build one with "
            f"`newsearch index PATH --url {location.url} --index {location.index}`"
        ) from None
    except ex.AuthenticationException:
        raise ClusterError(
            f"{location.url} refused the credentials (NEWSEARCH_USER, NEWSEARCH_PASSWORD)"
        ) from None
    except ex.AuthorizationException as exc:
        raise ClusterError(f"{location.url}: not allowed: {_reason(exc)}") from None
    except ex.ConnectionTimeout:
        raise ClusterError(f"cannot reach OpenSearch at {location.url}: timed out") from None
    except ex.SSLError as exc:
        raise ClusterError(f"TLS failed with {location.url}: {_first_line(exc)}") from None
    except ex.ConnectionError:
        raise ClusterError(
            f"cannot reach OpenSearch at {location.url} (is it running? "
            "`newsearch opensearch start` starts a local node)"
        ) from None
    except ex.TransportError as exc:
        raise ClusterError(f"OpenSearch at {location.url}: {_reason(exc)}") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:300]


def _reason(exc: Any) -> str:
    """The readable part of an OpenSearch error response."""
    info = getattr(exc, "info", None)
    if isinstance(info, dict):
        error = info.get("error")
        if isinstance(error, dict):
            return str(error.get("reason") or error.get("type") or error)[:300]
        if error:
            return str(error)[:300]
    return str(getattr(exc, "error", "") or _first_line(exc))[:300]
