"""Ctrl-C, SIGTERM and SIGKILL while the parser's worker processes run: nothing left behind.

Each test starts a real `storyline brief` on enough articles for the worker
pool (`nlp.POOL_FROM`), waits until the two workers exist, signals the
parent and watches /proc: the run must end within seconds with one line on
stderr and its exit code, write no output file, and leave no worker alive.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="watches processes through /proc (Linux)"
)

WORDS = [
    "council",
    "harbour",
    "bridge",
    "strike",
    "union",
    "workers",
    "minister",
    "budget",
    "vote",
    "court",
    "judge",
    "police",
    "storm",
    "flood",
    "airport",
    "flights",
    "engineers",
    "cracks",
    "tunnel",
    "mayor",
    "election",
    "hospital",
    "school",
    "factory",
    "wages",
    "prices",
    "market",
    "river",
    "village",
    "farmers",
    "harvest",
    "report",
    "inquiry",
]


def _corpus(folder: Path, n: int = 96, sentences: int = 60) -> Path:
    """Articles long enough that parsing takes a few seconds, each its own text."""
    rng = random.Random(7)
    folder.mkdir()
    for i in range(n):
        body = " ".join(
            f"The {rng.choice(WORDS)} of Kelmouth {i} said the {rng.choice(WORDS)} and the "
            f"{rng.choice(WORDS)} met {rng.randint(2, 900)} {rng.choice(WORDS)} on Monday."
            for _ in range(sentences)
        )
        (folder / f"a{i:03}.txt").write_text(f"Report {i} on {rng.choice(WORDS)}\n\n{body}\n")
    return folder


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def _start_parsing(tmp_path: Path) -> tuple[subprocess.Popen[str], list[int], Path]:
    corpus = _corpus(tmp_path / "in")
    out = tmp_path / "out" / "brief.json"
    out.parent.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "storyline.cli", "brief", str(corpus), "-o", str(out), "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as a terminal delivers it, also where the tests run as a background job
        # (`pytest &` in a shell without job control), which starts with SIGINT ignored
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 180
    workers: list[int] = []
    while time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        if len(workers) >= 2:
            break
        time.sleep(0.05)
    if len(workers) < 2:
        proc.kill()
        raise AssertionError(f"no parser workers seen: {proc.communicate()[1][-2000:]}")
    time.sleep(0.5)  # both workers busy on a batch
    return proc, workers, out


def _gone(pids: list[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signals_interrupt_stops_workers_and_exits_at_once(
    tmp_path: Path, signum: int, code: int
) -> None:
    proc, workers, out = _start_parsing(tmp_path)
    sent = time.monotonic()
    os.kill(proc.pid, signum)
    try:
        _, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    took = time.monotonic() - sent
    assert proc.returncode == code, err
    assert took < 3.0, f"took {took:.1f} s to stop"
    assert err.strip().splitlines() == ["storyline: interrupted"], err
    assert _gone(workers, 1.0), "a worker outlived its parent"
    assert list(out.parent.iterdir()) == []  # no output, not even a temporary file


def test_signals_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    proc, workers, _ = _start_parsing(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=10)
    assert _gone(workers, 3.0), "a worker outlived its parent"
