"""Known Whoosh 2.7.4 bugs fixed in our layer: a search must never hang."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest
from whoosh.matching import mcore
from whoosh.matching.binary import AndMaybeMatcher, UnionMatcher

from newsearch.backend.whoosh import patches as whooshfix


class StuckMatcher(mcore.Matcher):
    """Postings whose block quality sits a hair above what they are asked to skip to, so
    ``skip_to_quality`` skips nothing: the floating-point case of whoosh issues #446/#461."""

    def __init__(self, ids: list[int], quality: float) -> None:
        self.ids, self.i, self.quality = ids, 0, quality

    def is_active(self) -> bool:
        return self.i < len(self.ids)

    def id(self) -> int:
        return self.ids[self.i]

    def next(self) -> None:
        self.i += 1

    def block_quality(self) -> float:
        return self.quality

    def skip_to_quality(self, minquality: float) -> int:
        return 0  # its quality is (just) enough: nothing to skip

    def supports_block_quality(self) -> bool:
        return True


@pytest.fixture
def deadline() -> Iterator[None]:
    def hung(*_: object) -> None:
        raise TimeoutError("skip_to_quality did not return: the Whoosh loop is back")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("cls", [UnionMatcher, AndMaybeMatcher])
def test_skip_to_quality_always_makes_progress(cls: type, deadline: None) -> None:
    whooshfix.apply()
    a, b = StuckMatcher([1, 3, 5], 0.6), StuckMatcher([2, 4, 6], 0.6)
    cls(a, b).skip_to_quality(1.2)  # 0.6 + 0.6 <= 1.2: nothing here can reach the minimum
    assert not a.is_active() or not b.is_active()


def test_union_reports_its_new_position_after_a_skip() -> None:
    whooshfix.apply()
    a, b = StuckMatcher([1, 5, 9], 0.5), StuckMatcher([7, 8], 0.7)
    union = UnionMatcher(a, b)
    assert union.id() == 1
    union.skip_to_quality(1.2)  # the weaker a is passed over, posting by posting
    assert not a.is_active() and union.id() == 7


def test_and_maybe_adds_the_optional_part_after_a_skip() -> None:
    """A skip lands the required matcher on 9 and the optional one on 5, short of it: the
    optional part's score at 9 must still be added (a proximity bonus, a word's title field)."""
    from whoosh.matching import ListMatcher

    whooshfix.apply()
    m = AndMaybeMatcher(
        ListMatcher([1, 9], all_weights=2.0), ListMatcher([3, 5, 9], all_weights=1.0)
    )
    m.skip_to(4)
    assert (m.id(), m.score()) == (9, 3.0)
