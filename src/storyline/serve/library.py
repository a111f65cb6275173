"""What the web app shows, read from the store through `storyline.api` and cached.

A story page is rendered once per (story id, revision): the store gives each
story a new revision when it changes, so a cached page is never stale. The
story list is read again only when the store has changed since the last read
(its files' size and modification time; for a store given as a URL, its
revisions and members, counted at most once a second). Reading never holds
the writer lock, so a watcher can keep writing while the app serves.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from storyline import api
from storyline.model import Json

T = TypeVar("T")
LOG = logging.getLogger("storyline.serve")
WORD = re.compile(r"\w+")
# the parts of a story whose citations a reader follows (entity mentions, figures'
# raw quantities and dates are annotations, not citations)
CITING = ("summary", "statements", "conflicts", "figures", "quotes", "timeline", "per_source")


class LRU(Generic[T]):
    """A thread-safe least-recently-used cache of at most `size` entries."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key: Hashable) -> T | None:
        """The cached value, or None (nothing is built)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: two threads may both build it, both get it right
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


def words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(text)}


class Library:
    """The store `db` as the app reads it: the story list, stories, articles, changes.

    >>> lib = Library("news.db")                      # doctest: +SKIP
    >>> lib.find(q="strike")[0]["title"]              # doctest: +SKIP
    """

    def __init__(self, db: str, pages: int = 4096) -> None:
        self.db = db
        self.pages: LRU[bytes] = LRU(pages)  # rendered pages and feeds, UTF-8
        self.bodies: LRU[str] = LRU(64)  # story sections, for pages with changes shown
        self.json: LRU[bytes] = LRU(512)  # stories as the API sends them
        self._docs: LRU[Json | None] = LRU(64)
        # (story id, revision) -> its search words and names: small, one per revision read
        self._texts: dict[tuple[str, int], tuple[frozenset[str], str]] = {}
        self._index: tuple[Hashable, list[Json], dict[str, Json]] | None = None
        self._stamp: tuple[int, Hashable] | None = None  # (second, version) of a server store
        self._lock = threading.Lock()

    def version(self) -> Hashable:
        """Changes whenever the store may have: its files' (size, mtime); for a server
        store, its revisions and members as counted at most once a second."""
        if "://" in self.db:
            second = int(time.monotonic())
            stamp = self._stamp
            if stamp is None or stamp[0] != second:
                stamp = (second, api.store_version(self.db))
                self._stamp = stamp
            return stamp[1]
        out: list[tuple[int, int] | None] = []
        for path in (self.db, self.db + "-wal"):
            try:
                st = os.stat(path)
                out.append((st.st_size, st.st_mtime_ns))
            except FileNotFoundError:
                out.append(None)
        return tuple(out)

    def current(self) -> bool:
        """Whether the story list in memory is the store's latest (no read needed)."""
        return self._index is not None and self._index[0] == self.version()

    def stories(self) -> list[Json]:
        """Every stored story's latest revision, newest and most-covered first."""
        return self._read_index()[0]

    def summary(self, story_id: str) -> Json | None:
        """The story list's entry for one story (its latest revision), or None."""
        return self._read_index()[1].get(story_id)

    def _read_index(self) -> tuple[list[Json], dict[str, Json]]:
        version = self.version()
        index = self._index
        if index is None or index[0] != version:
            with self._lock:
                index = self._index
                if index is None or index[0] != version:
                    rows = sorted(
                        api.stored_stories(self.db),
                        key=lambda s: (
                            s.get("date") or (s.get("updated_at") or "")[:10],
                            s.get("sources", 0),
                            s.get("articles", 0),
                            s.get("updated_at") or "",
                        ),
                        reverse=True,
                    )
                    index = (version, rows, {s["id"]: s for s in rows})
                    self._index = index
        return index[1], index[2]

    def warm(self, render: Callable[[str, int], bytes], limit: int, stop: threading.Event) -> None:
        """Render the pages of the `limit` newest stories not cached yet, newest first,
        then again whenever the store changes, until `stop` is set.

        Runs in a thread of its own; a request for a page not rendered yet renders
        it itself, so warming only ever saves time.
        """
        seen: Hashable = None
        while not stop.is_set():
            version = self.version()
            if version != seen:
                seen = version
                for row in self.stories()[:limit]:
                    if stop.is_set():
                        return
                    sid, rev = row["id"], row["revision"]
                    key = ("story", sid, rev)
                    if self.pages.peek(key) is None:
                        try:
                            self.pages.get(key, functools.partial(render, sid, rev))
                        except Exception as e:  # a request for the page will fail and say why
                            LOG.warning("rendering story %s revision %s ahead: %s", sid, rev, e)
                        time.sleep(0.001)  # let request threads have the interpreter
            stop.wait(1.0)

    def story(self, story_id: str, revision: int | None = None) -> Json | None:
        """The stored story ({"id", "revision", "updated_at", "story", "articles"}), or None."""
        if revision is None:
            row = self.summary(story_id)
            if row is None:
                return None
            revision = row["revision"]
        return self._docs.get((story_id, revision), lambda: self._load(story_id, revision))

    def _load(self, story_id: str, revision: int | None) -> Json | None:
        doc = api.stored_story(self.db, story_id, revision)
        if doc is not None:  # index its words now: a search then needs no read
            key = (story_id, doc["revision"])
            self._texts[key] = search_text(doc["story"])
        return doc

    def article(self, article_id: str) -> Json | None:
        return api.stored_article(self.db, article_id)

    def changes(self, story_id: str, since: str | None = None) -> Json:
        return api.changes(self.db, story_id, since=since)

    def find(self, q: str = "", entity: str = "") -> list[Json]:
        """Stories whose title, summary or statements hold every word of `q`, and that
        name an entity (name or alias) containing `entity`; newest first."""
        rows = self.stories()
        want = words(q)
        who = " ".join(entity.split()).casefold()  # one line: names are one a line
        if not want and not who:
            return rows
        out = []
        for row in rows:
            have, names = self._search_text(row)
            if want - have:
                continue
            if who and who not in names:
                continue
            out.append(row)
        return out

    def _search_text(self, row: Json) -> tuple[frozenset[str], str]:
        key = (row["id"], row["revision"])
        found = self._texts.get(key)
        if found is None:
            doc = self.story(*key)
            found = self._texts[key] = search_text(doc["story"] if doc else {})
        return found


def search_text(story: Json) -> tuple[frozenset[str], str]:
    """What a search looks in: the words of the title, statements and summary, and the
    entities' names and aliases (casefolded, one a line)."""
    text = [story.get("title") or ""]
    text += [s["text"] for s in story.get("statements", [])]
    text += [s["text"] for s in story.get("summary", [])]
    names = [
        n.casefold()
        for ent in story.get("entities", [])
        for n in (ent.get("name", ""), *ent.get("aliases", []))
    ]
    return frozenset(words(" ".join(text))), "\n".join(names)


def cited_spans(story: Json, article_id: str) -> list[tuple[int, int, str]]:
    """Every (start, end, part) of `article_id` that the story cites, `part` naming
    the section that cites it (summary, statements, quotes, ...)."""
    out: set[tuple[int, int, str]] = set()

    def walk(node: object, part: str) -> None:
        if isinstance(node, dict):
            if node.get("article") == article_id and "start" in node and "end" in node:
                out.add((int(node["start"]), int(node["end"]), part))
            for value in node.values():
                walk(value, part)
        elif isinstance(node, list):
            for value in node:
                walk(value, part)

    for part in CITING:
        walk(story.get(part), part)
    return sorted(out)
