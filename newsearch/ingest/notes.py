"""Notes of an indexing run that come by the hundred, summarised: one line per file and kind.

Reuters-21578 has 737 records with neither title nor body and 1,798 with a title alone; a line
for each buried everything else a run had to say. :class:`Notes` holds them back and says,
per file, "skipped 737 empty records ...; --verbose lists them" (``verbose`` lists each one,
as before). Paths are those the index stores (:mod:`.roots`); an absolute one (an index from
before labels) is shown relative to the working folder when it lies under it.
"""

from __future__ import annotations

from collections import Counter

from ..escape import shown_path
from ..models import Problem, Record

_EMPTY = "(no title or body)"


class Notes:
    """Empty and title-only records, counted per file (listed one by one when ``verbose``)."""

    def __init__(self, verbose: bool = False) -> None:
        self.verbose = verbose
        self.empty: Counter[str] = Counter()
        self.title_only: Counter[str] = Counter()
        self.listed: list[str] = []

    def hold(self, problem: Problem) -> bool:
        """True when ``problem`` (an empty record) goes into the summary instead of a line."""
        if problem.kind != "not-article" or not problem.message.endswith(_EMPTY):
            return False
        self.empty[problem.path] += 1
        return not self.verbose

    def record(self, record: Record) -> None:
        """Count a record about to be indexed: one without a body is indexed by its title."""
        if not record.body.strip():
            self.title_only[record.origin] += 1
            if self.verbose:
                where = shown_path(record.origin)
                self.listed.append(f"{where}: {record.id!r} has no body (indexed by its title)")

    def lines(self) -> list[tuple[str, bool]]:
        """The summary, each line with whether it is a problem (skipped records are; records
        indexed by their title are a note): title-only records listed (``verbose``), then a
        line per file and kind."""
        out = [(line, False) for line in self.listed]
        more = "" if self.verbose else "; --verbose lists them"
        for path, n in sorted(self.empty.items()):
            what = "empty record" if n == 1 else "empty records"
            line = f"{shown_path(path)}: skipped {n:,} {what} {_EMPTY}{more}"
            out.append((line, not self.verbose))  # verbose: each was a problem already
        for path, n in sorted(self.title_only.items()):
            what = "record without a body" if n == 1 else "records without a body"
            whose = "its" if n == 1 else "their"
            line = f"{shown_path(path)}: {n:,} {what} indexed by {whose} title alone{more}"
            out.append((line, False))
        return out


def documentation_note(names: list[str]) -> str:
    """The one line for the files skipped as documentation (README.TXT and the like)."""
    shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
    files = "file" if len(names) == 1 else "files"
    return (
        f"skipped {len(names)} {files} named like documentation ({shown}); "
        "--include brings them back"
    )
