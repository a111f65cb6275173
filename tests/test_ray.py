"""storyline brief --ray: the same JSON, byte for byte, as a run without Ray.

A Ray head is started on 127.0.0.1 with 2 CPUs for the module (`ray start
--head --block`, stopped after), and `storyline brief ... --ray ADDRESS` runs
through the command line against it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.errors import StorylineError
from storyline.scale.ray_runner import check_address

ray = pytest.importorskip(
    "ray", reason="ray is not installed (pip install 'storyline[ray]'; dev installs it)"
)

# the head and the runs that connect to it share a token of their own (~/.ray is left alone)
ENV = {
    **os.environ,
    "RAY_USAGE_STATS_ENABLED": "0",
    "RAY_AUTH_MODE": "token",
    "RAY_AUTH_TOKEN": secrets.token_hex(16),
    "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",  # the head and its drivers on 127.0.0.1 alone
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def ray_head() -> Iterator[str]:
    """HOST:PORT of a Ray head on 127.0.0.1 with 2 CPUs, stopped after the module."""
    port = _free_port()
    ray_cli = Path(sys.executable).with_name("ray")
    cmd = [
        str(ray_cli),
        "start",
        "--head",
        "--block",
        "--node-ip-address=127.0.0.1",
        f"--port={port}",
        "--num-cpus=2",
        "--include-dashboard=false",
        "--disable-usage-stats",
        "--object-store-memory=300000000",
    ]
    head = subprocess.Popen(
        cmd,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its processes form one group, stopped together
    )
    address = f"127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while not _up(port):
            if head.poll() is not None:
                out = head.stdout.read() if head.stdout else ""
                pytest.fail(f"ray start --head exited with {head.returncode}:\n{out[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail("the Ray head did not listen within 90 s")
            time.sleep(0.5)
        yield address
    finally:
        head.terminate()  # --block: the head stops the processes it started, in about 30 s
        with contextlib.suppress(subprocess.TimeoutExpired):
            head.wait(5)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(head.pid, signal.SIGKILL)  # whatever of the group is left
        head.wait(10)


def _up(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def brief_cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    """`storyline brief ARGS --format json -q` in a process of its own."""
    cmd = [sys.executable, "-m", "storyline.cli", "brief", *args, "--format", "json", "-q"]
    return subprocess.run(cmd, env=ENV, capture_output=True, timeout=300)


def assert_same_on_ray(paths: list[str], address: str) -> bytes:
    local = brief_cli(*paths)
    assert local.returncode == 0, local.stderr.decode()
    on_ray = brief_cli(*paths, "--ray", address)
    assert on_ray.returncode == 0, on_ray.stderr.decode()[-3000:]
    assert on_ray.stdout == local.stdout
    return on_ray.stdout


def test_ray_seeds_byte_identical(ray_head: str, seeds_dir: Path) -> None:
    out = assert_same_on_ray([str(seeds_dir)], ray_head)
    assert b'"stories"' in out


HARBOUR = [
    "Dockworkers at the Port of Halvik walked off the job on Monday, halting container "
    "traffic. Union leader Marta Lindqvist said the strike would last 48 hours. The port "
    "authority offered a raise of 4 percent over two years.",
    "About 2,400 dockworkers began a 48-hour strike at the Port of Halvik on Monday. "
    '"We have waited two years for a fair deal," union leader Marta Lindqvist said. '
    "The port authority said its offer of 4 percent was fair.",
    "The strike at the Port of Halvik left 40 ships waiting to unload on Monday. Marta "
    "Lindqvist, the union leader, said the walkout was the third this year. The port "
    "authority offered 3 percent.",
]
FIRE = [
    "A wildfire near the town of Brenna burned 1,200 hectares on Tuesday, fire chief Ola "
    "Hagen said. About 300 residents were evacuated from the valley overnight.",
    "Fire crews fought a wildfire that spread over 1,500 hectares near Brenna on Tuesday. "
    '"The wind turned in the night," fire chief Ola Hagen said. About 300 people left '
    "their homes.",
]


@pytest.fixture
def two_stories(tmp_path: Path) -> list[str]:
    """Two events in five short articles, a copy of one, a JSON Lines pair and a bad file."""
    folder = tmp_path / "news"
    folder.mkdir()
    for n, text in enumerate(HARBOUR[:2]):
        (folder / f"harbour-{n}.txt").write_text(f"Halvik strike\n\n{text}\n")
    (folder / "harbour-copy.txt").write_text(f"Halvik strike\n\n{HARBOUR[0]}\n")  # E013
    (folder / "fire-0.txt").write_text(f"Brenna wildfire\n\n{FIRE[0]}\n")
    import json

    records = [
        {"text": HARBOUR[2], "source": "Coast Post", "published": "2026-03-10"},
        {"text": FIRE[1], "source": "Valley News", "published": "2026-07-14"},
    ]
    (folder / "more.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")  # E009
    return [str(folder)]


def test_ray_two_stories_byte_identical(ray_head: str, two_stories: list[str]) -> None:
    import json

    out = json.loads(assert_same_on_ray(two_stories, ray_head))
    assert len(out["stories"]) == 2
    assert {r["code"] for r in out["rejected"]} == {"E009", "E013"}
    assert len(out["articles"]) == 5


def test_ray_address_that_is_a_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorylineError, match="is a path"):
        check_address(str(tmp_path))
    with pytest.raises(StorylineError, match="not a Ray address"):
        check_address("no address here")
    for good in ("127.0.0.1:6379", "ray://head.example:10001", "auto", "local"):
        check_address(good)


def test_ray_cli_path_taken_for_address(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Some words of an article that is long enough to read.\n")
    got = brief_cli(str(tmp_path / "a.txt"), "--ray", str(tmp_path))
    assert got.returncode == 2
    assert b"is a path" in got.stderr


def test_ray_with_db_is_refused_before_any_work(tmp_path: Path) -> None:
    import storyline

    db = tmp_path / "store.db"
    with pytest.raises(StorylineError, match=r"\[E103\] --ray does not work with --db"):
        storyline.brief([{"text": "An article about nothing much."}], ray="local", db=str(db))
    assert not db.exists()
