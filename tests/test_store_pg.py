"""PostgreSQL behind the same store: the same stories, revisions and changes as SQLite,
writers that take turns, and a clear message when the server is not there.

The tests that every store must pass run on both backends in test_store.py
(fixture `store_db`); these are the ones that compare the two or that only a
server has.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.test_store import AIRLINE, HARBOUR
from tests.test_store_concurrent import EVENTS, _partition

import storyline
from storyline.errors import StorylineError
from storyline.store.postgres import shown, translate
from storyline.store.sqlite import open_store

CLI = [sys.executable, "-m", "storyline.cli"]


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> object:
    from tests.conftest import drop_pg_database, pg_database

    url = pg_database(request.node.name)
    yield url
    drop_pg_database(url)


def _two_days(db: str) -> tuple[dict, dict, dict]:
    """Day one: the bridge closure from two outlets; day two: a third outlet and an airline."""
    day_one = [{"text": t, "source": f"outlet{i}"} for i, t in enumerate(HARBOUR[:2])]
    first = storyline.brief(day_one, db=db)
    second = storyline.brief(
        [{"text": HARBOUR[2], "source": "outlet2"}, *({"text": t} for t in AIRLINE)], db=db
    )
    (bridge,) = [s for s in second["stories"] if len(s["articles"]) == 3]
    return first, second, storyline.api.changes(db, bridge["id"])


def test_store_pg_gives_the_stories_revisions_and_changes_sqlite_gives(
    tmp_path: Path, pg_url: str
) -> None:
    lite = _two_days(str(tmp_path / "news.db"))
    pg = _two_days(pg_url)
    assert pg[0] == lite[0] and pg[1] == lite[1]  # both briefs, byte for byte as JSON
    strip = _timeless(lite[2]["revisions"])
    assert _timeless(pg[2]["revisions"]) == strip  # the same revisions, made at other times
    assert len(strip) == 2 and strip[1]["changes"]  # type: ignore[index]  # day two changed the bridge story
    assert [s["id"] for s in storyline.api.stored_stories(pg_url)] == [
        s["id"] for s in storyline.api.stored_stories(str(tmp_path / "news.db"))
    ]


def _timeless(x: object) -> object:
    """`x` without the times things were recorded at."""
    if isinstance(x, dict):
        return {k: _timeless(v) for k, v in x.items() if k not in ("at", "updated_at")}
    if isinstance(x, list):
        return [_timeless(v) for v in x]
    return x


def _write_events(folder: Path, which: slice) -> Path:
    folder.mkdir()
    for event, texts in EVENTS.items():
        for i, text in list(enumerate(texts))[which]:
            (folder / f"{event}-{i}.txt").write_text(text)
    return folder


def test_store_pg_two_writers_at_once_give_the_stories_of_one_after_the_other(
    tmp_path: Path, pg_url: str
) -> None:
    a = _write_events(tmp_path / "a", slice(0, 2))
    b = _write_events(tmp_path / "b", slice(2, None))
    runs = [
        subprocess.Popen([*CLI, "cluster", str(half), "--db", pg_url], text=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for half in (a, b)
    ]  # fmt: skip
    errs = [p.communicate(timeout=300)[1] for p in runs]
    assert [p.returncode for p in runs] == [0, 0], errs
    expected = {frozenset(f"{e}-{i}" for i in range(len(t))) for e, t in EVENTS.items()}
    assert _partition(pg_url) == expected  # every event one story, none split in two
    assert storyline.api.store_check(pg_url)["ok"]


def test_store_pg_server_not_there_is_a_clear_error_without_the_password() -> None:
    url = "postgresql://reader:s3cret@127.0.0.1:1/news"
    with pytest.raises(StorylineError) as e:
        storyline.brief([{"text": HARBOUR[0]}], db=url)
    assert e.value.code == "E104" and "127.0.0.1:1" in str(e.value)
    assert "s3cret" not in str(e.value) and "reader:***@" in str(e.value)
    done = subprocess.run([*CLI, "brief", "-", "--db", url, "-q"], input=HARBOUR[0],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2 and "E104" in done.stderr and "s3cret" not in done.stderr


def test_store_pg_translation_of_sqlite_statements(pg_url: str) -> None:
    assert translate("SELECT id FROM articles WHERE id = ? OR path = ?") == (
        "SELECT id FROM articles WHERE id = %s OR path = %s"
    )
    assert translate("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)") == (
        "INSERT INTO meta(key, value) VALUES (%s, %s) ON CONFLICT DO NOTHING"
    )
    with open_store(pg_url) as s:  # the conflict target is read off the table
        assert s.conn._query(  # type: ignore[attr-defined]
            "INSERT OR REPLACE INTO docs(article_id, model, data) VALUES (?,?,?)"
        ) == (
            "INSERT INTO docs(article_id, model, data) VALUES (%s,%s,%s)"
            " ON CONFLICT (article_id, model) DO UPDATE SET data = EXCLUDED.data"
        )
    assert translate("SELECT COUNT(*) FROM (SELECT a FROM t WHERE b LIKE '%x')") == (
        "SELECT COUNT(*) FROM (SELECT a FROM t WHERE b LIKE '%%x') AS _q1"
    )
    assert translate("PRAGMA journal_mode=WAL") == "SELECT 1 WHERE false"
    assert translate("PRAGMA integrity_check") == "SELECT 'ok'"
    assert shown("postgresql://u:pw@h/db") == "postgresql://u:***@h/db"
    assert shown("/tmp/news.db") == "/tmp/news.db"


def test_store_pg_served_by_the_web_app(pg_url: str) -> None:
    import httpx
    from tests.test_serve import free_port, start_server

    made = storyline.brief([{"text": t, "source": f"outlet{i}"} for i, t in enumerate(HARBOUR)],
                           db=pg_url)  # fmt: skip
    (story,) = made["stories"]
    port = free_port()
    server = start_server(pg_url, port)  # type: ignore[arg-type]
    try:
        base = f"http://127.0.0.1:{port}"
        listed = httpx.get(f"{base}/api/stories", timeout=30).json()
        assert [s["id"] for s in listed] == [story["id"]]
        page = httpx.get(f"{base}/stories/{story['id']}", timeout=30)
        assert page.status_code == 200 and story["title"] in page.text
        got = httpx.get(f"{base}/api/stories/{story['id']}", timeout=30).json()
        assert got["story"] == story
        storyline.brief([{"text": t} for t in AIRLINE], db=pg_url)  # a run while it serves
        deadline = time.monotonic() + 30
        while len(httpx.get(f"{base}/api/stories", timeout=30).json()) < 2:
            assert time.monotonic() < deadline, "the new story never showed"
            time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(10)
