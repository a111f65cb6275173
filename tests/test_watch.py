"""`storyline watch` against a feed server that publishes items over time.

The watcher runs as its own process, is killed with SIGKILL mid-run, started
again and stopped with SIGTERM; every published item must then be stored
exactly once, in the story of its event. The articles are made here from a
few templates per event (each item's numbers differ, so no two texts are the
same). The default size is small; the 1,000-item run is marked slow:

    python -m pytest -q -m slow tests/test_watch.py -s    # prints its figures
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from tests.test_feeds import FeedServer, atom, page, rss

EVENTS = [
    [
        "Some {a} dockworkers at the Port of Halvik walked off the job on Monday, the Harbour"
        " Workers Union said.",
        "Union leader Marta Lindqvist said the strike at Halvik would last {b} hours unless the"
        " port improved its pay offer.",
        "Port chief executive Jonas Berg said an offer of {c} percent over two years was fair.",
        "About {d} container ships were waiting outside the Port of Halvik by the evening.",
        "Lindqvist told reporters at the main gate that Harbour Workers Union members had"
        " waited long enough.",
        "Shipping agents said the stoppage at Halvik would delay deliveries for days.",
        "Berg said the Port of Halvik would meet the union again on Thursday.",
        "It is the third walkout at the Halvik docks since January, the union said.",
    ],
    [
        "The River Tessel flooded {a} homes in Marrow overnight, Mayor Ilse Varga said on Tuesday.",
        "Rescue crews took {b} residents of Marrow from their homes by boat before dawn.",
        "The Tessel rose {c} centimetres above its normal level after rain over the Orrin hills.",
        "Varga said the Marrow county hospital had been evacuated and no patient was harmed.",
        "The Red Cross said {d} people spent the night in shelters in Marrow.",
        "The regional water board warned that the Tessel could crest again on Thursday.",
        "Schools in Marrow stayed closed and the Tessel bridge was shut to traffic.",
        "Farmers in the Orrin hills moved livestock to higher ground as the water rose.",
    ],
    [
        "Brenmoor city council passed its budget by {a} votes on Monday after a long debate.",
        "Council leader Tomas Brandt said the Brenmoor plan funds {b} new library places.",
        "Property tax in Brenmoor rises by {c} percent from January under the budget.",
        "Councillor Petra Lund said the Brenmoor tax rise would hurt pensioners.",
        "Lund's amendment to freeze the tax failed by {d} votes.",
        "Brandt said road repairs in Brenmoor would be delayed to pay for longer pool hours.",
        "Business groups in Brenmoor criticised the cut to road repairs.",
        "The first new library is due to open in north Brenmoor in June, Brandt said.",
    ],
    [
        "A tunnel collapsed at the Kestrel Ridge copper mine near Oskar Falls, trapping {a}"
        " miners, Dalvik Mining said.",
        "Rescue chief Anton Mirek said his teams had drilled {b} metres towards the trapped men.",
        "Dalvik Mining said air and water were reaching the Kestrel Ridge shaft through a pipe.",
        "Families gathered at the Oskar Falls community hall waiting for news from Kestrel Ridge.",
        "Mirek said the rescue at Kestrel Ridge could take {c} more hours.",
        "Inspectors will examine why the Kestrel Ridge tunnel gave way, Dalvik Mining said.",
        "The mine employs {d} people in Oskar Falls, most of them on rotating shifts.",
        "Mirek praised the miners of Kestrel Ridge for staying calm underground.",
    ],
    [
        "The Velmar express derailed near Tolbury on Sunday, injuring {a} passengers, the rail"
        " operator Nordline said.",
        "Investigator Hanna Cole said the Velmar train was travelling at {b} kilometres an hour.",
        "Nordline said {c} carriages left the track on a curve south of Tolbury.",
        "Cole said her team would examine the Tolbury signals and the track.",
        "Hospitals in Tolbury treated {d} people, most of them for cuts and bruises.",
        "Nordline suspended all Velmar services while the line near Tolbury was inspected.",
        "Passengers described being thrown from their seats as the Velmar express braked.",
        "Cole said a first report on the Tolbury derailment would come within a month.",
    ],
]
OUTLETS = [  # (path, title, how the feed carries the article)
    ("/wire/atom.xml", "Northern Wire", "full"),
    ("/courier/rss.xml", "Valley Courier", "teaser"),
    ("/gazette/rss.xml", "Coast Gazette", "mixed"),
]


def article(event: int, n: int) -> str:
    """Item n of an event: the lead with n's numbers, then the other sentences in an order
    that turns with n (no two items share a text)."""
    pool = EVENTS[event]
    nums = {"a": 200 + n, "b": 10 + n % 40, "c": 2 + n % 9, "d": 30 + n % 50}
    rest = pool[1:]
    turn = n % len(rest)
    order = rest[turn:] + rest[:turn]
    return " ".join(s.format(**nums) for s in [pool[0], *order])


@dataclass
class Publisher:
    """Publishes `count` items round robin over outlets and events: a third at once, the
    rest over `seconds` once `gate()` says the watcher has stored something (so that a
    slow-starting watcher still meets a feed that grows)."""

    server: FeedServer
    count: int
    seconds: float
    events: int
    gate: Any = None
    items: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        for path, title, _ in OUTLETS:
            self.server.routes[path] = self._feed(path, title)
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        pause = self.seconds / (self.count - self.count // 3)
        for n in range(self.count):
            if n == self.count // 3 and self.gate is not None:
                wait_for(self.gate, 300, "the watcher's first stored item")
            outlet = n % len(OUTLETS)
            event = (n // len(OUTLETS)) % self.events
            path = f"/{OUTLETS[outlet][0].split('/')[1]}/{n}-e{event}.html"
            text = article(event, n)
            item = {
                "n": n,
                "outlet": outlet,
                "event": event,
                "link": self.server.url(path),
                "title": text.split(",")[0][:70],
                "day": f"2026-03-{10 + event:02d}",
                "full": text,
                "summary": " ".join(text.split()[:20]) + " \u2026",
            }
            self.server.routes[path] = page(item["title"], text, OUTLETS[outlet][1])
            with self.lock:
                self.items.append(item)
            if n >= self.count // 3:
                time.sleep(pause)

    def _feed(self, path: str, title: str) -> Any:
        outlet = [p for p, _, _ in OUTLETS].index(path)
        style = OUTLETS[outlet][2]

        def handle(headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
            with self.lock:
                mine = [dict(i) for i in self.items if i["outlet"] == outlet]
            etag = f'"{len(mine)}"'
            if headers.get("if-none-match") == etag:
                return 304, {"ETag": etag}, b""
            for i in mine:
                if style == "teaser" or (style == "mixed" and i["n"] % 2):
                    i.pop("full")
            mine.reverse()  # newest first, as feeds list them
            if style == "full":
                body, kind = atom(title, mine), "application/atom+xml"
            else:
                body, kind = rss(title, mine), "application/rss+xml"
            return 200, {"ETag": etag, "Content-Type": kind}, body

        return handle

    @property
    def done(self) -> bool:
        with self.lock:
            return len(self.items) == self.count


def count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as c:
            return int(c.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # the watcher has not made the table yet
        return 0


def start_watch(
    server: FeedServer, db: Path, out: Path, err: Path, analyse: bool = False
) -> subprocess.Popen[bytes]:
    urls = [server.url(p) for p, _, _ in OUTLETS]
    args = ["--db", str(db), "--every", "0.3s", "--delay", "0", "--retry-after", "0s"]
    with out.open("ab") as o, err.open("ab") as e:
        return subprocess.Popen(
            [sys.executable, "-m", "storyline.cli", "watch", *urls, *args]
            + ["--analyse" if analyse else "--no-analyse", "--format", "json", "--timeout", "10"],
            stdout=o,
            stderr=e,
        )


def wait_for(condition: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.05)


def watch_with_kill(
    tmp_path: Path, items: int, seconds: float, events: int, analyse: bool = False
) -> dict[str, Any]:
    """Publish `items`, watch, SIGKILL the watcher after a third is stored, watch again
    until all are, SIGTERM it; returns the store's contents and the figures."""
    db, out, err = tmp_path / "watch.db", tmp_path / "out.jsonl", tmp_path / "err.txt"
    marked = "SELECT COUNT(*) FROM feed_items"
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with FeedServer() as server:
        server.routes["/robots.txt"] = b"User-agent: *\nDisallow: /private/\n"
        publisher = Publisher(server, items, seconds, events, lambda: count(db, marked) > 0)
        publisher.start()
        first = start_watch(server, db, out, err, analyse)
        wait_for(lambda: count(db, marked) >= items // 3, 60 + seconds, "a third of the items")
        time.sleep(0.2)  # into the next batch or pass
        first.send_signal(signal.SIGKILL)
        first.wait()
        at_kill = count(db, marked)
        second = start_watch(server, db, out, err, analyse)
        wait_for(
            lambda: publisher.done and count(db, marked) >= items, 120 + 2 * seconds, "every item"
        )
        second.send_signal(signal.SIGTERM)
        rc = second.wait(timeout=60)
        published = list(publisher.items)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    with sqlite3.connect(db) as c:
        rows = c.execute(
            "SELECT i.link, i.status, i.article_id, m.story_id, i.reason FROM feed_items i"
            " LEFT JOIN story_members m ON m.article_id = i.article_id"
        ).fetchall()
        articles = c.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM articles").fetchone()
        failures = c.execute("SELECT url, reason FROM fetch_failures").fetchall()
    return {
        "db": db,
        "rc": rc,
        "first_rc": first.returncode,
        "at_kill": at_kill,
        "rows": rows,
        "articles": articles,
        "failures": failures,
        "published": published,
        "stdout": out.read_text(),
        "stderr": err.read_text(),
        "wall": wall,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
    }


def check_exactly_once(got: dict[str, Any], items: int, events: int) -> None:
    assert got["first_rc"] == -signal.SIGKILL
    assert 0 < got["at_kill"] < items, "the kill did not land mid-run"
    assert got["rc"] == 143, got["stderr"][-2000:]
    assert "storyline: interrupted" in got["stderr"]
    assert got["failures"] == []
    event_of = {p["link"]: p["event"] for p in got["published"]}
    rows = got["rows"]
    assert len(rows) == items  # every item marked once (the key is the primary key)
    assert {r[0] for r in rows} == set(event_of)
    assert [r for r in rows if r[1] != "stored"] == []
    ids = [r[2] for r in rows]
    assert len(set(ids)) == items  # each item its own article ...
    assert got["articles"] == (items, items)  # ... stored once, and nothing else stored
    stories: dict[str, set[int]] = defaultdict(set)
    story_of_event: dict[int, set[str]] = defaultdict(set)
    for link, _, _, story, _ in rows:
        assert story is not None, f"{link} is in no story"
        stories[story].add(event_of[link])
        story_of_event[event_of[link]].add(story)
    assert all(len(e) == 1 for e in stories.values()), "a story mixes events"
    assert all(len(s) == 1 for s in story_of_event.values()), "an event is split"
    assert len(stories) == events
    for line in got["stdout"].splitlines():  # one JSON report per pass
        assert "items" in json.loads(line)


def test_watch_killed_mid_run_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    items, events = 60, 4
    got = watch_with_kill(tmp_path, items, seconds=4, events=events)
    check_exactly_once(got, items, events)


def check_change_log(got: dict[str, Any]) -> None:
    """Each story's revisions add each of its articles exactly once, remove none, and the
    latest revision holds exactly the story's articles."""
    from storyline import api

    members: dict[str, set[str]] = defaultdict(set)
    for _, _, article_id, story, _ in got["rows"]:
        members[story].add(article_id)
    for story, ids in members.items():
        log = api.changes(str(got["db"]), story)
        added: list[str] = []
        for rev in log["revisions"]:
            for change in rev["changes"]:
                if change["kind"] in ("story_opened", "article_added"):
                    added += [s["article"] for s in change["sources"]]
                assert change["kind"] != "article_removed", change
        assert sorted(added) == sorted(ids), f"change log of {story}"
        assert set(api.stored_story(str(got["db"]), story)["story"]["articles"]) == ids


@pytest.mark.slow  # 20-40 s: two spaCy loads and a brief per pass
def test_watch_with_analysis_keeps_a_change_log_without_gaps_or_repeats(tmp_path: Path) -> None:
    """Briefed as `brief --db` does, across the kill (`check_change_log`)."""
    items, events = 12, 3
    got = watch_with_kill(tmp_path, items, seconds=2, events=events, analyse=True)
    check_exactly_once(got, items, events)
    check_change_log(got)


@pytest.mark.slow
def test_watch_1000_items_killed_mid_run(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if "slow" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("about 70 s: run it with -m slow")
    items, events = 1000, 5
    got = watch_with_kill(tmp_path, items, seconds=60, events=events)
    check_exactly_once(got, items, events)
    passes = len(got["stdout"].splitlines())
    print(
        f"\nwatch: {items} items, {events} events, 3 feeds, published over 60 s; killed at"
        f" {got['at_kill']} marked; {passes} passes reported; wall {got['wall']:.1f} s,"
        f" watcher CPU {got['cpu']:.1f} s"
    )


def test_article_texts_differ() -> None:
    texts = {article(e, n) for e in range(5) for n in range(300)}
    assert len(texts) == 1500
    assert min(len(t.split()) for t in texts) >= 100


def slow_page(body: bytes, seconds: float) -> Any:
    def handle(headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        time.sleep(seconds)
        return 200, {"Content-Type": "text/html; charset=utf-8"}, body

    return handle


def test_watch_stops_between_items_on_a_signal(tmp_path: Path) -> None:
    """Ctrl-C mid-pass ends the watcher after the item it is fetching (exit 130), unstored
    items are fetched again by the next run; SIGTERM between passes ends it at once (143)."""
    db, out, err = tmp_path / "w.db", tmp_path / "out.jsonl", tmp_path / "err.txt"
    with FeedServer() as server:
        items = []
        for n in range(8):
            path = f"/slow/{n}.html"
            text = article(n % 2, n)
            server.routes[path] = slow_page(page(f"Item {n}", text), 0.25)
            items.append({"title": f"Item {n}", "link": server.url(path), "day": "2026-03-10"})
        server.routes["/feed.xml"] = rss("Slow Times", items)
        args = [sys.executable, "-m", "storyline.cli", "watch", server.url("/feed.xml")]
        args += ["--db", str(db), "--every", "1h", "--delay", "0", "--no-analyse"]
        with out.open("wb") as o, err.open("wb") as e:
            proc = subprocess.Popen(args, stdout=o, stderr=e)
        wait_for(lambda: len(server.hits("/slow/1.html")) > 0, 30, "the second page")
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 130
        assert time.monotonic() - sent < 5  # the page being fetched (0.25 s), not the other six
        assert "interrupted" in err.read_text()
        assert len(server.log) < 10  # robots, the feed and a few pages, not all eight
        assert count(db, "SELECT COUNT(*) FROM feed_items") == 0  # nothing half-marked
        # the next run reads all eight; a signal while it waits for the next pass ends it
        with out.open("wb") as o, err.open("wb") as e:
            proc = subprocess.Popen(args, stdout=o, stderr=e)
        wait_for(lambda: count(db, "SELECT COUNT(*) FROM feed_items") == 8, 60, "all items")
        time.sleep(0.3)
        sent = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 143
        assert time.monotonic() - sent < 5
    assert count(db, "SELECT COUNT(*) FROM articles") == 8


def test_watch_stop_set_by_a_signal_never_waits_on_the_thread_it_interrupted() -> None:
    """A signal handler that sets a `threading.Event` while the main thread is inside
    `Event.wait` waits for a lock its own thread holds: the watcher hung after SIGTERM
    (`cli.SignalledStop`). Forked children wait on the stop in a tight loop and are
    signalled at once; each must end."""
    from storyline.cli import SignalledStop

    hung = 0
    for n in range(40):
        pid = os.fork()
        if pid == 0:  # the child: a watcher's stop, its handler, its waits between passes
            try:
                stop = SignalledStop()
                signal.signal(signal.SIGTERM, lambda signum, frame, stop=stop: stop.set())
                while not stop.is_set():
                    stop.wait(0)
            finally:
                os._exit(0)
        time.sleep(0.001 + 0.004 * (n % 5) / 4)
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                hung += 1
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                break
            time.sleep(0.01)
    assert hung == 0, f"{hung} of 40 did not end after SIGTERM"
