"""structure.innermost fills each span's token range, in order, instead of
walking every token with a stack: the same answer for any spans sorted by
start, outer before inner (nested, touching, overlapping, empty, past the end)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from linter44s.javascript.structure import innermost


@dataclass
class Span:
    start: int
    end: int  # inclusive
    id: int


def by_stack(spans: list[Span], n: int) -> list[int]:
    """The token-by-token walk innermost used to be: the reference."""
    found = [0] * n
    stack: list[Span] = []
    s = 0
    for k in range(n):
        while stack and stack[-1].end < k:
            stack.pop()
        while s < len(spans) and spans[s].start <= k:
            if spans[s].end >= k:
                stack.append(spans[s])
            s += 1
        found[k] = stack[-1].id if stack else 0
    return found


def test_nested_functions() -> None:
    spans = [Span(0, 9, 1), Span(2, 5, 2), Span(3, 4, 3), Span(7, 8, 4)]
    assert innermost(spans, 12) == [1, 1, 2, 3, 3, 2, 1, 4, 4, 1, 0, 0]


def test_random_spans_agree_with_the_walk() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        n = rng.randint(0, 40)
        spans = []
        for i in range(rng.randint(0, 8)):
            start = rng.randint(-2, n + 2)
            spans.append(Span(start, start + rng.randint(-2, 25), i + 1))
        # Outer before inner, as the frontend sorts them; or by start alone, ties in any order.
        spans.sort(key=(lambda s: (s.start, -s.end)) if rng.random() < 0.5 else (lambda s: s.start))
        assert innermost(spans, n) == by_stack(spans, n), spans
