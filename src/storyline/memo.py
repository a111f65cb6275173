"""One thing built from a list (or an object) and kept while the same one is asked about again.

Stages ask for an index of a story's articles or entities once per article or
sentence; building it each time made their cost grow with the square of the
story. The last one built is kept while the very same list, of the same
length, comes back (a list is not hashable, so it is known by identity).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class LastBuilt(Generic[T, R]):
    """`build(items)`, built again only when `items` is another list or changed length."""

    def __init__(self, build: Callable[[list[T]], R]) -> None:
        self.build = build
        self.last: tuple[list[T], int, R] | None = None

    def __call__(self, items: list[T]) -> R:
        last = self.last
        if last is None or last[0] is not items or last[1] != len(items):
            last = (items, len(items), self.build(items))
            self.last = last
        return last[2]


class LastOf(Generic[T, R]):
    """`build(item)`, built again only when another object comes (known by identity; for
    objects that do not change, such as a frozen `Article`)."""

    def __init__(self, build: Callable[[T], R]) -> None:
        self.build = build
        self.last: tuple[T, R] | None = None

    def __call__(self, item: T) -> R:
        last = self.last
        if last is None or last[0] is not item:
            last = (item, self.build(item))
            self.last = last
        return last[1]
