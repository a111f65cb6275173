"""A progress bar on stderr for long runs; silent when quiet or stderr is not a terminal."""

from __future__ import annotations

import sys
import time


class Progress:
    """Counts work done and redraws one stderr line at most 10 times a second."""

    def __init__(self, label: str, quiet: bool = True, stream=None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = not quiet and self.stream.isatty()
        self.total = 0
        self.done = 0
        self._last = 0.0

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        self._draw(force=True)

    def advance(self, n: int = 1) -> None:
        self.done += n
        self._draw(force=self.done >= self.total)

    def finish(self) -> None:
        if self.enabled and self.total:
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, force: bool = False) -> None:
        if not self.enabled or not self.total:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        width = 30
        filled = int(width * self.done / self.total)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.label:<8} [{bar}] {self.done}/{self.total}")
        self.stream.flush()
