"""The progress bar: drawn on a terminal, silent otherwise or when quiet."""

from __future__ import annotations

import io

from storyline.progress import Progress


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(stream: io.StringIO, quiet: bool) -> str:
    p = Progress("reading", quiet=quiet, stream=stream)
    p.start(3)
    for _ in range(3):
        p.advance()
    p.finish()
    return stream.getvalue()


def test_progress_draws_on_a_terminal() -> None:
    out = run(Tty(), quiet=False)
    assert "reading" in out and "3/3" in out and out.endswith("\n")


def test_progress_silent_when_quiet_or_not_a_terminal() -> None:
    assert run(Tty(), quiet=True) == ""
    assert run(io.StringIO(), quiet=False) == ""
