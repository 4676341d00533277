"""The best mix of offers that use up several pieces at once (buy X get Y, bundles), as a small integer search.

Each offer, applied `k` times, uses `k` times its pieces of each product and is worth `k` times its gain (its
saving less what the pieces would have saved under their best single-piece offer). The search tries every count
of every offer within what the cart holds, offers that share no product apart, and remembers each state it has
solved, so a cart with a handful of overlapping offers is solved exactly in well under a millisecond. Past
`MAX_STATES` states it gives up and says so; the caller then applies the offers in priority order.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Generic, TypeVar

MAX_STATES: Final = 20_000


K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Candidate(Generic[K]):
    """One multi-piece offer: the pieces one application uses, per product key, and what it gains."""

    uses: Mapping[K, int]
    gain: int


class TooMany(Exception):
    """More combinations than the search may try."""


def _components(candidates: Sequence[Candidate[K]]) -> list[list[int]]:
    """Indexes of the candidates, grouped so that no two groups share a product."""
    parent = list(range(len(candidates)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[K, int] = {}
    for i, candidate in enumerate(candidates):
        for key in candidate.uses:
            if key in owner:
                parent[root(i)] = root(owner[key])
            else:
                owner[key] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(candidates)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


class _Search(Generic[K]):
    """The exhaustive search over one group of offers that share products, remembering solved states."""

    def __init__(self, offers: Sequence[Candidate[K]], keys: Sequence[K], budget: int) -> None:
        self.offers = offers
        self.needs = [[offer.uses.get(key, 0) for key in keys] for offer in offers]
        self.memo: dict[tuple[int, tuple[int, ...]], tuple[int, tuple[int, ...]]] = {}
        self.budget = budget

    def solve(self, pos: int, left: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
        """The best total gain of offers `pos`... within `left` pieces, and their counts."""
        if pos == len(self.offers):
            return 0, ()
        hit = self.memo.get((pos, left))
        if hit is not None:
            return hit
        if len(self.memo) >= self.budget:
            raise TooMany
        offer, need = self.offers[pos], self.needs[pos]
        most = min((have // n for have, n in zip(left, need, strict=True) if n), default=0)
        if offer.gain <= 0:
            most = 0  # never worth it; taking none also keeps the search small
        best: tuple[int, tuple[int, ...]] = (-1, ())
        for k in range(most, -1, -1):
            gain, tail = self.solve(pos + 1, tuple(have - k * n for have, n in zip(left, need, strict=True)))
            if gain + k * offer.gain > best[0]:
                best = (gain + k * offer.gain, (k, *tail))
        self.memo[(pos, left)] = best
        return best


def best_counts(candidates: Sequence[Candidate[K]], stock: Mapping[K, int]) -> list[int]:
    """How many times to apply each candidate for the largest total gain within `stock` pieces.

    Ties go to applying earlier candidates more often (the caller orders them by priority). Raises `TooMany`
    past `MAX_STATES` remembered states in all."""
    counts = [0] * len(candidates)
    budget = MAX_STATES
    for group in _components(candidates):
        keys = list(dict.fromkeys(key for i in group for key in candidates[i].uses))  # first seen, first
        search = _Search([candidates[i] for i in group], keys, budget)
        _total, chosen = search.solve(0, tuple(stock.get(key, 0) for key in keys))
        budget -= len(search.memo)
        for i, k in zip(group, chosen, strict=True):
            counts[i] = k
    return counts


def greedy_counts(candidates: Sequence[Candidate[K]], stock: Mapping[K, int]) -> list[int]:
    """Each candidate in turn takes as many applications as the pieces left allow."""
    left = dict(stock)
    counts = []
    for candidate in candidates:
        k = min((left.get(key, 0) // n for key, n in candidate.uses.items() if n), default=0)
        for key, n in candidate.uses.items():
            left[key] = left.get(key, 0) - k * n
        counts.append(k)
    return counts
