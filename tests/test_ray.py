"""storyline brief --ray: the same JSON, byte for byte, as a run without Ray.

A Ray head is started on 127.0.0.1 with 2 CPUs for the module (`ray start
--head --block`, stopped after), and `storyline brief ... --ray ADDRESS` runs
through the command line against it.
"""

from __future__ import annotations

import contextlib
import json
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


def write_day_one(folder: Path) -> Path:
    """Two articles on the strike, a copy of one (E013) and one on the fire, in `folder`."""
    folder.mkdir(parents=True)
    for n, text in enumerate(HARBOUR[:2]):
        (folder / f"harbour-{n}.txt").write_text(f"Halvik strike\n\n{text}\n")
    (folder / "harbour-copy.txt").write_text(f"Halvik strike\n\n{HARBOUR[0]}\n")
    (folder / "fire-0.txt").write_text(f"Brenna wildfire\n\n{FIRE[0]}\n")
    return folder


def write_more(folder: Path, days: tuple[str, str] = ("2026-03-10", "2026-07-14")) -> Path:
    """The third article on the strike and the second on the fire, as JSON Lines in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    records = [
        {"text": HARBOUR[2], "source": "Coast Post", "published": days[0]},
        {"text": FIRE[1], "source": "Valley News", "published": days[1]},
    ]
    (folder / "more.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return folder


@pytest.fixture
def two_stories(tmp_path: Path) -> list[str]:
    """Two events in five short articles, a copy of one, a JSON Lines pair and a bad file."""
    folder = write_more(write_day_one(tmp_path / "news"))
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")  # E009
    return [str(folder)]


def test_ray_two_stories_byte_identical(ray_head: str, two_stories: list[str]) -> None:
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


# -- with a store (--db): the driver does the store's steps, as a local run does ------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def two_stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two empty stores of one backend, for the local run and for the run on Ray."""
    if request.param == "sqlite":
        yield str(tmp_path / "local.db"), str(tmp_path / "ray.db")
        return
    from tests.conftest import drop_pg_database, pg_database

    urls = (pg_database(request.node.name + "_l"), pg_database(request.node.name + "_r"))
    try:
        yield urls
    finally:
        for url in urls:
            drop_pg_database(url)


# what a store holds, less the times it was written at (parses: which, not their bytes,
# which spaCy writes in an order of its own)
STORE_ROWS = {
    "articles": "SELECT id, seq, path, url, title, published, source, text FROM articles",
    "rejections": "SELECT path, reason, code, stage FROM rejections",
    "parses": "SELECT article_id, model FROM docs",
    "meta": "SELECT key, value FROM meta",  # remembered builds among them
    "members": "SELECT article_id, story_id FROM story_members",
    "keys": "SELECT term, article_id FROM article_keys",
    "parse_failures": "SELECT article_id, path, reason, code FROM parse_failures",
    "revisions": "SELECT story_id, revision, digest, title, date, article_ids, n_articles,"
    " n_sources, n_statements, n_conflicts, entities, changes FROM story_revisions",
}


def store_rows(db: str) -> dict[str, list[tuple[object, ...]]]:
    from storyline.store.sqlite import open_store

    with open_store(db) as store:
        rows = {
            k: sorted(map(tuple, store.conn.execute(q).fetchall())) for k, q in STORE_ROWS.items()
        }
        rows["stories"] = [
            (sid, rev, json.dumps(store.story_revision(sid, rev), sort_keys=True))
            for sid, rev, *_ in rows["revisions"]
        ]
    assert rows["meta"], f"{db} holds nothing"
    return rows


def _without_times(rows: dict[str, list[tuple[object, ...]]]) -> dict[str, list[object]]:
    """The rows less the times in them: when a revision was made, when a change was seen."""

    def changes(entries: list[dict[str, object]]) -> list[dict[str, object]]:
        return [{k: v for k, v in c.items() if k != "at"} for c in entries]

    out: dict[str, list[object]] = dict(rows)
    out["revisions"] = [(*r[:-1], changes(json.loads(str(r[-1])))) for r in rows["revisions"]]
    out["stories"] = []
    for _, _, revision in rows["stories"]:
        got = json.loads(str(revision))
        del got["updated_at"]
        out["stories"].append({**got, "changes": changes(got["changes"])})
    return out


DAY_TWO = ("2026-03-11", "2026-07-15")


def test_ray_db_same_output_and_store_as_local(
    ray_head: str, two_stores: tuple[str, str], tmp_path: Path
) -> None:
    """Day one, then day two adding to both stories, then day two again: each run on Ray
    writes the JSON and leaves the store that the local run writes and leaves; the warm
    run, on Ray or not, takes every story from the store."""
    local_db, ray_db = two_stores
    for day, paths in enumerate(
        [write_day_one(tmp_path / "day-one"), write_more(tmp_path / "day-two", DAY_TWO)], start=1
    ):
        local = brief_cli(str(paths), "--db", local_db)
        assert local.returncode == 0, local.stderr.decode()[-3000:]
        on_ray = brief_cli(str(paths), "--ray", ray_head, "--db", ray_db)
        assert on_ray.returncode == 0, on_ray.stderr.decode()[-3000:]
        assert on_ray.stdout == local.stdout, f"day {day}"
        assert _without_times(store_rows(ray_db)) == _without_times(store_rows(local_db))
    out = json.loads(on_ray.stdout)
    assert [len(s["articles"]) for s in out["stories"]] == [3, 2]  # day one's articles too
    rows = store_rows(ray_db)
    assert [(sid, rev) for sid, rev, *_ in rows["revisions"]] == [
        (sid, rev) for sid in sorted(s["id"] for s in out["stories"]) for rev in (1, 2)
    ]
    assert {r[0] for r in rows["parses"]} == {a["id"] for a in out["articles"]}
    assert sum(k.startswith("build:") for k, _ in rows["meta"]) == 2

    # day two again: both stories come back from the store, nothing parsed, nothing saved
    from storyline.store.sqlite import open_store

    with open_store(ray_db) as store, store.transaction() as c:
        c.execute("DELETE FROM docs")  # a story built again would parse and store its articles
    before = store_rows(ray_db)
    for where in (["--ray", ray_head], []):  # Ray's builds serve a run without Ray too
        warm = brief_cli(str(paths), *where, "--db", ray_db)
        assert warm.returncode == 0, warm.stderr.decode()[-3000:]
        assert warm.stdout == on_ray.stdout
        assert store_rows(ray_db) == before
    assert before["parses"] == []
