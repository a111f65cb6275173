"""What `storyline fetch/watch` remembers between passes, in the store's own SQLite file.

    >>> with open_feed_state("news.db") as state:           # doctest: +SKIP
    ...     state.seen("https://example.org/feed.xml", ["guid-1", "guid-2"])
    ...     state.failures()

Four tables beside the articles (`store/sqlite.py` owns those):

- `feeds`: each feed or URL list read, its title and when it was last read;
- `http_cache`: the ETag and Last-Modified of each URL, for conditional GET.
  A feed's is saved only once every item of that reading is stored, rejected
  or recorded as a failure, so a run killed half-way reads the whole feed
  again instead of getting a 304 that hides the items it never stored;
- `feed_items`: every item dealt with, by feed and key (guid, else link): the
  article it became and its story, or why it was rejected. An item is only
  marked here after its article is stored, so an item is never marked and lost;
- `fetch_failures`: a feed or page that could not be fetched, with the reason,
  how many times it failed, and when to try again (`retry_at`, doubling per
  failure, at most `MAX_RETRY`). A page's row keeps the feed item, so it is
  retried even when its feed has moved on or answers 304.

Writers hold the store's writer lock (`api.writing`) around these writes, as
for articles.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from storyline.store.sqlite import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT,
    items INTEGER NOT NULL DEFAULT 0,
    checked_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS http_cache (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    saved_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feed_items (
    feed TEXT NOT NULL,
    key TEXT NOT NULL,
    link TEXT,
    title TEXT,
    status TEXT NOT NULL,
    article_id TEXT,
    story_id TEXT,
    code TEXT,
    reason TEXT,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed, key)
);
CREATE INDEX IF NOT EXISTS feed_items_article ON feed_items(article_id);
CREATE TABLE IF NOT EXISTS fetch_failures (
    url TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    feed TEXT,
    item TEXT,
    reason TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    first_failed TEXT NOT NULL,
    last_failed TEXT NOT NULL,
    retry_at TEXT NOT NULL
);
"""
MAX_RETRY = timedelta(days=1)


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def iso(t: datetime) -> str:
    return t.astimezone(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ItemOutcome:
    """What became of one feed item: `status` is "stored" (with its article and story)
    or "rejected" (with the code and reason)."""

    feed: str
    key: str
    link: str | None
    title: str | None
    status: str
    article_id: str | None = None
    story_id: str | None = None
    code: str | None = None
    reason: str | None = None


class FeedState:
    """Feed items seen, conditional-GET validators and failures, on an open `Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn: sqlite3.Connection = store.conn
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
        if not {"feeds", "http_cache", "feed_items", "fetch_failures"} <= tables:
            self.conn.executescript(SCHEMA)

    # items ------------------------------------------------------------------
    def seen(self, feed: str, keys: Sequence[str]) -> set[str]:
        """The keys of `feed`'s items dealt with already (stored or rejected)."""
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = list(keys[i : i + 500])
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT key FROM feed_items WHERE feed = ? AND key IN ({marks})",
                    [feed, *chunk],
                )
            )
        return found

    def mark(self, outcomes: Iterable[ItemOutcome], failed_urls: Iterable[str] = ()) -> None:
        """Record what became of items, and drop the failures of their pages, in one go."""
        stamp = iso(now_utc())
        with self.store.transaction() as c:
            for o in outcomes:
                c.execute(
                    "INSERT OR REPLACE INTO feed_items(feed, key, link, title, status,"
                    " article_id, story_id, code, reason, seen_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (
                        o.feed,
                        o.key,
                        o.link,
                        o.title,
                        o.status,
                        o.article_id,
                        o.story_id,
                        o.code,
                        o.reason,
                        stamp,
                    ),
                )
            c.executemany("DELETE FROM fetch_failures WHERE url = ?", [(u,) for u in failed_urls])

    def items(self, feed: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT * FROM feed_items" + (" WHERE feed = ?" if feed else "")
        return self._rows(sql + " ORDER BY seen_at, feed, key", (feed,) if feed else ())

    # conditional GET ----------------------------------------------------------
    def validators(self, url: str) -> tuple[str | None, str | None]:
        """The stored (ETag, Last-Modified) of `url`."""
        row = self.conn.execute(
            "SELECT etag, last_modified FROM http_cache WHERE url = ?", (url,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def read_feed(
        self,
        url: str,
        kind: str,
        title: str | None,
        items: int,
        etag: str | None,
        last_modified: str | None,
    ) -> None:
        """A feed read through: its title, its validators, and no failure left."""
        stamp = iso(now_utc())
        with self.store.transaction() as c:
            c.execute(
                "INSERT INTO feeds(url, kind, title, items, checked_at) VALUES (?,?,?,?,?)"
                " ON CONFLICT(url) DO UPDATE SET kind = excluded.kind,"
                " title = COALESCE(excluded.title, feeds.title), items = excluded.items,"
                " checked_at = excluded.checked_at",
                (url, kind, title, items, stamp),
            )
            if etag or last_modified:
                c.execute(
                    "INSERT OR REPLACE INTO http_cache(url, etag, last_modified, saved_at)"
                    " VALUES (?,?,?,?)",
                    (url, etag, last_modified, stamp),
                )
            c.execute("DELETE FROM fetch_failures WHERE url = ?", (url,))

    def feeds(self) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT f.*, (SELECT COUNT(*) FROM feed_items i WHERE i.feed = f.url) AS seen"
            " FROM feeds f ORDER BY url"
        )

    # failures -----------------------------------------------------------------
    def fail(
        self,
        url: str,
        kind: str,
        reason: str,
        first_wait: timedelta,
        feed: str | None = None,
        item: dict[str, Any] | None = None,
        when: datetime | None = None,
    ) -> dict[str, Any]:
        """Record a failure; the wait before the next try doubles with each failure in a row."""
        when = when or now_utc()
        stamp = iso(when)
        with self.store.transaction() as c:
            row = c.execute(
                "SELECT attempts, first_failed FROM fetch_failures WHERE url = ?", (url,)
            ).fetchone()
            attempts = (row[0] if row else 0) + 1
            first = row[1] if row else stamp
            wait = min(first_wait * 2 ** (attempts - 1), MAX_RETRY)
            retry_at = iso(when + wait)
            c.execute(
                "INSERT OR REPLACE INTO fetch_failures(url, kind, feed, item, reason, attempts,"
                " first_failed, last_failed, retry_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    url,
                    kind,
                    feed,
                    json.dumps(item) if item is not None else None,
                    reason,
                    attempts,
                    first,
                    stamp,
                    retry_at,
                ),
            )
        return {
            "url": url,
            "kind": kind,
            "feed": feed,
            "reason": reason,
            "attempts": attempts,
            "retry_at": retry_at,
        }

    def failures(self) -> list[dict[str, Any]]:
        """Every recorded failure, soonest retry first; `item` decoded."""
        rows = self._rows("SELECT * FROM fetch_failures ORDER BY retry_at, url")
        for r in rows:
            r["item"] = json.loads(r["item"]) if r["item"] else None
        return rows

    def is_due(self, url: str, when: datetime | None = None) -> tuple[bool, str | None]:
        """Whether `url` may be fetched now: `(True, None)`, or `(False, retry_at)`."""
        row = self.conn.execute(
            "SELECT retry_at FROM fetch_failures WHERE url = ?", (url,)
        ).fetchone()
        if row is None or row[0] <= iso(when or now_utc()):
            return True, None
        return False, row[0]

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


@contextmanager
def open_feed_state(path: str | Path) -> Iterator[FeedState]:
    """The feed state of the store at `path` (created with the store when absent)."""
    store = Store.open(path)
    try:
        yield FeedState(store)
    finally:
        store.close()
