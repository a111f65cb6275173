"""The store under faults: `kill -9` at any moment of a `--db` run leaves a store that a
rerun completes exactly as an uninterrupted run would.

Real BASIL articles from ../shared (15 of them, 5 events), real subprocesses of
the `storyline` command, real SQLite files. The moments of the kills are drawn
from a seeded generator over the length of a full run, so each seed strikes a
different stage (reading, storing, clustering, parsing, the per-story stages).
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import need_shared

pytestmark = pytest.mark.slow

CMD = [sys.executable, "-m", "storyline.cli", "brief", "--format", "json", "-q"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = need_shared("data", "basil-dev", "articles")
    events: dict[str, list[str]] = {}
    for p in sorted(root.glob("*/*.json")):
        events.setdefault(p.name.rsplit("_", 1)[0], []).append(str(p))
    return [p for paths in list(events.values())[:5] for p in paths]


def brief(paths: list[str], db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CMD, "--db", str(db), *paths], capture_output=True, text=True, timeout=600, check=False
    )


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


@pytest.fixture(scope="module")
def clean_run(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> tuple[str, float]:
    db = tmp_path_factory.mktemp("clean") / "news.db"
    t0 = time.monotonic()
    done = brief(corpus, db)
    took = time.monotonic() - t0
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, took


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_store_kill_9_then_rerun_completes_identically(
    seed: int, corpus: list[str], clean_run: tuple[str, float], tmp_path: Path
) -> None:
    expected, took = clean_run
    db = tmp_path / "news.db"
    rng = random.Random(seed)
    # the first run killed early, a second one killed later: the store must survive both
    for moment in sorted(rng.uniform(0.3, 0.95) * took for _ in range(2)):
        proc = subprocess.Popen(
            [*CMD, "--db", str(db), *corpus],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(moment)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        if db.exists():
            assert integrity(db) == "ok"
    done = brief(corpus, db)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == json.loads(expected)
    assert integrity(db) == "ok"
