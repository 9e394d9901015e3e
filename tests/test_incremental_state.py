"""Stateful property test (hypothesis): any sequence of adding, changing and removing text files
and feed records, complete runs of ``index`` and runs stopped part-way (Ctrl-C after a commit)
leaves, after each complete run, an index that holds exactly what is on disk, each article
once with its latest text, and nothing removed."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

import newsearch
import newsearch.index

WORDS = ["grain", "oil", "talks", "rates", "harvest", "tariffs", "strike", "merger"]


class Stop(KeyboardInterrupt):
    """What Ctrl-C raises, from the progress callback part-way through a run."""


class IncrementalIndexing(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="newsearch-state-"))
        self.corpus, self.ix = self.tmp / "corpus", self.tmp / "ix"
        self.corpus.mkdir()
        self.files: dict[str, str] = {}  # file name -> body (title: the name)
        self.feed: dict[str, str] = {}  # record id -> body
        self.serial = 0
        self.indexed = False  # the index was brought up to date since the last change
        self.batch = newsearch.index.BATCH
        newsearch.index.BATCH = 2  # NEWSEARCH_BATCH=2: a commit every two articles

    def teardown(self) -> None:
        newsearch.index.BATCH = self.batch
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _text(self, words: list[str]) -> str:
        self.serial += 1
        return f"The walrus report v{self.serial} on {' '.join(words)}."

    def _write_feed(self) -> None:
        rows = [
            json.dumps({"id": i, "title": f"Feed {i}", "body": b}) for i, b in self.feed.items()
        ]
        (self.corpus / "feed.jsonl").write_text("".join(r + "\n" for r in rows))
        self.indexed = False

    @rule(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
    def add_file(self, words: list[str]) -> None:
        name = f"a{self.serial}"
        self.files[name] = self._text(words)
        (self.corpus / f"{name}.txt").write_text(f"{name}\n\n{self.files[name]}\n")
        self.indexed = False

    @precondition(lambda self: self.files)
    @rule(data=st.data(), words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
    def change_file(self, data: st.DataObject, words: list[str]) -> None:
        name = data.draw(st.sampled_from(sorted(self.files)))
        self.files[name] = self._text(words)
        (self.corpus / f"{name}.txt").write_text(f"{name}\n\n{self.files[name]}\n")
        self.indexed = False

    @precondition(lambda self: self.files)
    @rule(data=st.data())
    def remove_file(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(self.files)))
        del self.files[name]
        (self.corpus / f"{name}.txt").unlink()
        self.indexed = False

    @rule(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
    def add_record(self, words: list[str]) -> None:
        self.feed[f"r{self.serial}"] = self._text(words)
        self._write_feed()

    @precondition(lambda self: self.feed)
    @rule(data=st.data(), words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
    def change_record(self, data: st.DataObject, words: list[str]) -> None:
        self.feed[data.draw(st.sampled_from(sorted(self.feed)))] = self._text(words)
        self._write_feed()

    @precondition(lambda self: self.feed)
    @rule(data=st.data())
    def remove_record(self, data: st.DataObject) -> None:
        del self.feed[data.draw(st.sampled_from(sorted(self.feed)))]
        self._write_feed()

    @rule()
    def index(self) -> None:
        report = newsearch.index_corpus(self.corpus, index_dir=self.ix, workers=1)
        assert report.problems == []
        self.indexed = True

    @rule(after=st.integers(min_value=1, max_value=4))
    def index_stopped_part_way(self, after: int) -> None:
        def progress(done: int, total: int, written: int) -> None:
            if done >= after:
                raise Stop

        try:
            newsearch.index_corpus(self.corpus, index_dir=self.ix, workers=1, on_progress=progress)
        except Stop:
            self.indexed = False
        else:
            self.indexed = True
        if self.ix.exists():  # whatever was committed answers queries
            with newsearch.open_index(self.ix) as ix:
                ix.search("walrus")

    def expected(self) -> dict[str, str]:
        want = {f"corpus/{name}.txt": body for name, body in self.files.items()}
        want.update(self.feed)
        return want

    @invariant()
    def the_index_is_the_files(self) -> None:
        want = self.expected()
        if not self.indexed or not want:
            return
        with newsearch.open_index(self.ix) as ix:
            ids = [doc_id for doc_id, _score in ix.ranked_ids("walrus", limit=1000)]
            assert len(ids) == len(set(ids)), "an article twice"
            assert set(ids) - set(want) == set(), "resurrected"
            assert set(want) - set(ids) == set(), "lost"
            for doc_id in ids:
                assert ix.get(doc_id).body == want[doc_id], f"stale text of {doc_id}"


IncrementalIndexing.TestCase.settings = settings(
    max_examples=12,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.usefixtures("nltk_ready")
class TestIncrementalIndexing(IncrementalIndexing.TestCase):  # type: ignore[misc,valid-type]
    pass
