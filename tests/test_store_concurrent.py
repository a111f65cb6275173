"""Two `storyline cluster --db` processes on one store give the stories of one run after the other.

Without a lock, both read the store before either writes, and each opens its
own story for an event the other also has: one event split in two for good.
Under `store.writer_lock` the second waits (and says so) and then clusters
against the first one's stories.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from tests.test_store import HARBOUR

from storyline.store.sqlite import Store, writer_lock

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="watches the runs' open files through /proc"
)

EVENTS = {
    "harbour": HARBOUR,  # the same event as the store tests
    "airline": [
        "Skyvale grounds fleet after software fault.\n\nSkyvale Airways cancelled forty flights "
        "on Friday when a software fault grounded its planes at Brennor airport.",
        "Software fault grounds Skyvale Airways planes.\n\nForty Skyvale flights were cancelled "
        "at Brennor airport on Friday after a software fault grounded the fleet.",
        "Skyvale Airways cancels forty flights.\n\nA software fault kept Skyvale planes on the "
        "ground at Brennor airport on Friday, and forty flights were cancelled.",
    ],
    "harvest": [
        "Early grape harvest in Dorvane valley.\n\nDorvane growers began picking grapes two "
        "weeks early after a hot summer, expecting a small but fine vintage.",
        "Dorvane vineyards start harvest early.\n\nA hot dry summer ripened Dorvane grapes two "
        "weeks ahead of schedule and growers began picking this week, expecting a fine vintage.",
        "Dorvane growers pick grapes two weeks early.\n\nAfter a hot summer the Dorvane valley "
        "harvest began early, and growers expect a small, fine vintage.",
    ],
    "museum": [
        "Fire damages Oldbury museum roof.\n\nA fire broke out in the roof of the Oldbury "
        "Maritime Museum on Sunday night; firefighters saved the ship models below.",
        "Oldbury Maritime Museum roof burns.\n\nFirefighters fought a Sunday night fire in the "
        "roof of the Oldbury Maritime Museum and saved its ship models.",
        "Ship models saved as Oldbury museum roof catches fire.\n\nThe roof of the Oldbury "
        "Maritime Museum burned on Sunday night, but firefighters kept the fire from the models.",
    ],
}


def _halves(tmp_path: Path) -> tuple[Path, Path]:
    """The corpus split in two: every event has articles in both halves."""
    a, b = tmp_path / "half-a", tmp_path / "half-b"
    a.mkdir()
    b.mkdir()
    for event, texts in EVENTS.items():
        for i, text in enumerate(texts):
            half = a if i < 2 - (event in ("harvest", "museum")) else b
            (half / f"{event}-{i}.txt").write_text(text)
    return a, b


def _cluster(folder: Path, db: Path, quiet: bool = True) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "storyline.cli", "cluster", str(folder), "--db", str(db)]
    return subprocess.Popen(
        [*args, "-q"] if quiet else args,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(proc: subprocess.Popen[str]) -> str:
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return err


def _partition(db: Path | str) -> set[frozenset[str]]:
    """The stored stories as sets of article paths (ids of stories may differ by order)."""
    from storyline.store.sqlite import open_store

    with open_store(db) as store:
        rows = store.conn.execute(
            "SELECT m.story_id, a.path FROM story_members m JOIN articles a ON a.id = m.article_id"
        ).fetchall()
        stored = store.count_articles()
    assert len(rows) == stored, "an article in no story"
    stories: dict[str, set[str]] = {}
    for sid, path in rows:
        stories.setdefault(sid, set()).add(Path(path).stem)
    return {frozenset(s) for s in stories.values()}


def _sequential(a: Path, b: Path, db: Path) -> set[frozenset[str]]:
    for half in (a, b):
        _finish(_cluster(half, db))
    return _partition(db)


def _rounds(tmp_path: Path, n: int, both_orders: bool = True) -> None:
    a, b = _halves(tmp_path)
    expected = _sequential(a, b, tmp_path / "ab.db")
    assert expected == {frozenset(f"{e}-{i}" for i in range(3)) for e in EVENTS}
    if both_orders:  # whichever process takes the lock first, the stories are the same
        assert _sequential(b, a, tmp_path / "ba.db") == expected
    for r in range(n):
        db = tmp_path / f"round-{r}.db"
        with _held_until_both_arrive(db) as arrive:
            first, second = _cluster(a, db), _cluster(b, db)
            arrive(first, second)
        _finish(first)
        _finish(second)
        assert _partition(db) == expected, f"round {r}"


@contextmanager
def _held_until_both_arrive(db: Path) -> Iterator[Callable[..., None]]:
    """Start both runs at the store at once: SQLite's write lock is held until both have
    opened the store (or wait on its writer lock), so that neither gets ahead by starting
    faster; without the writer lock both would then read the store before either wrote."""
    Store.open(db).close()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")

    def arrive(*procs: subprocess.Popen[str]) -> None:
        wanted = {str(db), f"{db}.lock"}
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if all(_opened(p.pid) & wanted for p in procs):
                return
            time.sleep(0.02)
        raise AssertionError("the runs never reached the store")

    try:
        yield arrive
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def _opened(pid: int) -> set[str]:
    out = set()
    for fd in Path(f"/proc/{pid}/fd").glob("*"):
        with suppress(OSError):
            out.add(os.readlink(fd))
    return out


def test_store_concurrent_writers_match_a_sequential_run(tmp_path: Path) -> None:
    _rounds(tmp_path, 1, both_orders=False)  # each process start costs seconds of imports


@pytest.mark.slow
def test_store_concurrent_writers_match_a_sequential_run_20_rounds(tmp_path: Path) -> None:
    _rounds(tmp_path, 20)


def test_store_concurrent_writer_waits_and_says_so(tmp_path: Path) -> None:
    a, b = _halves(tmp_path)
    db = tmp_path / "news.db"
    with writer_lock(db):
        proc = _cluster(a, db, quiet=False)
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert line.strip() == f"storyline: waiting for another storyline run on {db}"
        time.sleep(0.5)
        assert proc.poll() is None  # still waiting
    _finish(proc)
    assert len(_partition(db)) == 4
