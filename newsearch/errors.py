"""Errors: the small exception hierarchy the CLI maps to one-line messages and exit codes.

Every error a user can cause or meet derives from :class:`NewsearchError`. The CLI prints
``str(error)`` on one line of stderr and exits with ``error.exit_code``: 1 for runtime
errors (no index there, unknown id, index locked), 2 for usage and query errors.
"""

from __future__ import annotations

import errno
from pathlib import Path


class NewsearchError(Exception):
    """Base class of every error newsearch raises on purpose."""

    exit_code = 1


class IndexNotFoundError(NewsearchError):
    """The index folder does not exist or holds no newsearch index."""


class IndexDamagedError(IndexNotFoundError):
    """The index's own bookkeeping (its manifest) is unreadable or holds bad values."""


class IndexVersionError(NewsearchError):
    """The index was written with an incompatible schema version."""


class IndexLockedError(NewsearchError):
    """Another indexer holds the index's write lock for longer than we were willing to wait."""


class IndexWriteError(NewsearchError):
    """The index folder cannot be written (permissions, full disk...)."""


class ArticleNotFoundError(NewsearchError):
    """No article with that id is in the index."""


class EntityNotFoundError(ArticleNotFoundError):
    """No article mentions that person, country... (a 404 on the page, exit 1 on the CLI)."""


class NLTKDataError(NewsearchError):
    """NLTK data packages are missing and could not be downloaded."""


class InputError(NewsearchError):
    """Bad input met under ``--strict`` (the message names the file and line)."""


class UsageError(NewsearchError):
    """Bad arguments: a bad date, an unknown sort order, a negative limit..."""

    exit_code = 2


class QueryError(UsageError):
    """A malformed query: unbalanced quote or parenthesis, unknown field, empty range..."""


def write_error(index_dir: Path | str, exc: OSError) -> IndexWriteError:
    """A one-line message for an OSError met while writing the index."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return IndexWriteError(
            f"disk full while writing {index_dir}; it still holds its last committed state"
        )
    return IndexWriteError(f"cannot write to {index_dir}: {exc.strerror or exc}")


class CurationError(UsageError):
    """A curation that cannot be done (merging a name into itself, a name the index does not
    hold) or a curation file that cannot be read (the message names its line)."""
