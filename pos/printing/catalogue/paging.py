"""Sharing products out over pages: shelves (rows) of cards under category headings.

A small category shares a shelf with the one before it when it fits whole in the cells left over, each under
its own heading, so a list of many small categories does not leave half-empty rows. Pure arithmetic on heights:
every sheet (PDF page or picture) pages the same way, and tests need no drawing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Segment(Generic[T]):
    """Products of one category side by side on a shelf, from `column` on."""

    category: str
    items: tuple[T, ...]
    column: int
    heading: bool  # a heading stands above this segment
    continued: bool = False  # the category began on an earlier page, and its heading says so


@dataclass(frozen=True, slots=True)
class Shelf(Generic[T]):
    segments: tuple[Segment[T], ...]

    @property
    def headed(self) -> bool:
        return any(s.heading for s in self.segments)

    @property
    def items(self) -> tuple[T, ...]:
        return tuple(item for s in self.segments for item in s.items)


@dataclass(frozen=True, slots=True)
class Room:
    """Heights on a sheet's body, in layout units."""

    body: float
    heading: float
    row: float
    gap: float  # between shelves


def shelves(sections: Sequence[tuple[str, Sequence[T]]], columns: int) -> list[Shelf[T]]:
    """The shelves of `sections` in order: each category from a new shelf, unless it fits whole beside the last."""
    built: list[list[Segment[T]]] = []
    for category, items in sections:
        if not items:
            continue
        if built:
            used = sum(len(s.items) for s in built[-1])
            if len(items) <= columns - used:
                built[-1].append(Segment(category, tuple(items), used, heading=True))
                continue
        for start in range(0, len(items), columns):
            built.append([Segment(category, tuple(items[start : start + columns]), 0, heading=start == 0)])
    return [Shelf(tuple(segments)) for segments in built]


def paginate(sections: Sequence[tuple[str, Sequence[T]]], columns: int, room: Room) -> list[list[Shelf[T]]]:
    """The pages, each a list of shelves; every page holds at least one shelf.

    A category that goes on over a page break gets its heading again, marked as continued. Raises ValueError
    when not even one shelf with its heading fits the body.
    """
    if room.heading + room.row > room.body:
        raise ValueError("the sheet is too small for one row of products")
    pages: list[list[Shelf[T]]] = []
    page: list[Shelf[T]] = []
    used = 0.0
    for shelf in shelves(sections, columns):
        cost = (room.gap if page else 0.0) + room.row + (room.heading if shelf.headed else 0.0)
        if used + cost > room.body:
            pages.append(page)
            page, used = [], 0.0
        if not page and not shelf.segments[0].heading:
            first = replace(shelf.segments[0], heading=True, continued=True)
            shelf = Shelf((first, *shelf.segments[1:]))
        page.append(shelf)
        used += (room.gap if len(page) > 1 else 0.0) + room.row + (room.heading if shelf.headed else 0.0)
    if page:
        pages.append(page)
    return pages
