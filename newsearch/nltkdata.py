"""NLTK data: find the packages newsearch needs, download them on first use, or say how to.

``NLTK_DATA`` wins when set. Otherwise the packages are looked up where NLTK looks, and missing
ones are downloaded once with a message on stderr; offline, :class:`NLTKDataError` names the
packages and the command that fetches them.
"""

from __future__ import annotations

import os
import sys
from functools import cache

from .errors import NLTKDataError

#: package id -> resource path NLTK looks up
PACKAGES: dict[str, str] = {
    "punkt_tab": "tokenizers/punkt_tab/english/",
    "averaged_perceptron_tagger_eng": "taggers/averaged_perceptron_tagger_eng/",
    "maxent_ne_chunker_tab": "chunkers/maxent_ne_chunker_tab/english_ace_binary/",
    "words": "corpora/words/",
    "stopwords": "corpora/stopwords/",
    "names": "corpora/names/",
    "gazetteers": "corpora/gazetteers/",
}
#: What newsearch itself loads (the NE chunker only serves the entity benchmark's baseline).
USED: tuple[str, ...] = (
    "punkt_tab",
    "averaged_perceptron_tagger_eng",
    "words",
    "stopwords",
    "names",
    "gazetteers",
)


#: Heavy optional packages NLTK imports when they are installed, for modules newsearch never uses.
_UNUSED_BY_NLTK = ("scipy", "sklearn", "pandas", "matplotlib")


def skip_unused_imports() -> None:
    """Keep NLTK from importing scipy & co. in newsearch's own processes (the CLI commands and
    the indexer's workers): with scipy installed, ``import nltk`` costs 0.4 s and ~65 MiB more
    per process for nothing the tagger, tokenizers or corpora need. Never call it in a process
    that may want those packages later (a library user's): it makes them unimportable there.
    """
    for name in _UNUSED_BY_NLTK:
        if name not in sys.modules:
            sys.modules[name] = None  # type: ignore[assignment]


def fetch_command(packages: list[str] | None = None) -> str:
    names = " ".join(packages or USED)
    return f"python -m nltk.downloader {names}"


def _missing(nltk_data_find: object, wanted: list[str]) -> list[str]:
    missing = []
    for name in wanted:
        try:
            nltk_data_find(PACKAGES[name])  # type: ignore[operator]
        except LookupError:
            missing.append(name)
    return missing


@cache
def ensure(*packages: str) -> None:
    """Make sure the given NLTK packages (those of :data:`USED` by default) can be loaded."""
    import warnings

    import nltk

    wanted = list(packages or USED)
    env = os.environ.get("NLTK_DATA")
    if env:
        for path in reversed(env.split(os.pathsep)):
            if path and path not in nltk.data.path:
                nltk.data.path.insert(0, path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        missing = _missing(nltk.data.find, wanted)
    if not missing:
        return
    if not env:
        print(
            f"newsearch: downloading NLTK data (first use): {', '.join(missing)}",
            file=sys.stderr,
        )
        for name in missing:
            try:
                nltk.download(name, quiet=True, raise_on_error=True)
            except Exception:  # noqa: BLE001 - any failure means: offline or refused
                break
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            missing = _missing(nltk.data.find, wanted)
        if not missing:
            return
    where = f" in NLTK_DATA={env}" if env else ""
    raise NLTKDataError(
        f"NLTK data missing{where}: {', '.join(missing)}; fetch with: {fetch_command(missing)}"
        " (NLTK also refuses data folders with group/world write bits: chmod -R go-w them)"
    )
