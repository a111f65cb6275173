"""One writer at a time, re-entrant within a thread: the part both stores' locks share."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any

# (thread, lock name) -> (what holds the lock, depth)
_held: dict[tuple[int, Hashable], tuple[Any, int]] = {}


@contextmanager
def held(
    name: Hashable, take: Callable[[], Any], give_back: Callable[[Any], None]
) -> Iterator[None]:
    """Hold the lock `name`: `take()` it unless this thread holds it already, and
    `give_back(what take returned)` when the outermost holder is done.

    Threads of one process each take it on their own, so they take turns too.
    """
    key = (threading.get_ident(), name)
    if key in _held:
        handle, depth = _held[key]
        _held[key] = (handle, depth + 1)
    else:
        _held[key] = (take(), 1)
    try:
        yield
    finally:
        handle, depth = _held[key]
        if depth > 1:
            _held[key] = (handle, depth - 1)
        else:
            del _held[key]
            give_back(handle)
