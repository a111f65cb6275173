"""The store: SQLite by default (one file, WAL, one transaction per write).

Idempotent by content: an article's id is the hash of its cleaned text, so the
same article ingested twice is stored once. Parsed spaCy docs are kept per
(article, model) so that parsing happens once per article, ever.

    >>> with open_store("news.db") as store:          # doctest: +SKIP
    ...     store.add_articles(articles)
    ...     store.count_articles()

A server store (PostgreSQL) implements the same methods (see `Store`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from storyline.errors import StorylineError
from storyline.model import Article, Rejection

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    path TEXT,
    url TEXT,
    title TEXT,
    published TEXT,
    source TEXT,
    text TEXT NOT NULL,
    headings TEXT NOT NULL DEFAULT '[]',
    duplicate_of TEXT,
    added_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rejections (
    path TEXT NOT NULL,
    reason TEXT NOT NULL,
    code TEXT NOT NULL,
    stage TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (path, code)
);
CREATE TABLE IF NOT EXISTS docs (
    article_id TEXT NOT NULL,
    model TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (article_id, model)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS story_members (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS story_members_story ON story_members(story_id);
CREATE TABLE IF NOT EXISTS article_keys (
    term TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (term, article_id)
);
"""
SCHEMA_VERSION = "1"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """Articles, rejections and parsed docs in one SQLite file."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @classmethod
    def open(cls, path: str | Path) -> Store:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.executescript(SCHEMA)
            conn.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                (SCHEMA_VERSION,),
            )
        except sqlite3.DatabaseError as e:
            raise StorylineError(
                "E104", f"cannot open database {str(path)!r}: {e}; is it a storyline SQLite file?"
            ) from e
        return cls(conn)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # articles -------------------------------------------------------------
    def add_articles(self, articles: Sequence[Article]) -> int:
        """Store articles not stored yet; returns how many were new."""
        with self.transaction() as c:
            (seq,) = c.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()
            before = c.total_changes
            for a in articles:
                seq += 1
                c.execute(
                    "INSERT OR IGNORE INTO articles(id, seq, path, url, title, published, source,"
                    " text, headings, duplicate_of, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        a.id,
                        seq,
                        a.path,
                        a.url,
                        a.title,
                        a.published,
                        a.source,
                        a.text,
                        json.dumps([list(h) for h in a.headings]),
                        a.duplicate_of,
                        _now(),
                    ),
                )
            return c.total_changes - before

    def set_duplicates(self, copies: dict[str, str]) -> None:
        with self.transaction() as c:
            c.executemany(
                "UPDATE articles SET duplicate_of = ? WHERE id = ?",
                [(orig, copy) for copy, orig in copies.items()],
            )

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """Stored articles in the order they were first stored."""
        cols = "id, text, title, published, source, path, url, headings, duplicate_of"
        if ids is None:
            rows = self.conn.execute(f"SELECT {cols} FROM articles ORDER BY seq").fetchall()
        else:
            wanted = list(ids)
            rows = []
            for chunk in _chunks(wanted, 500):
                marks = ",".join("?" * len(chunk))
                rows += self.conn.execute(
                    f"SELECT {cols} FROM articles WHERE id IN ({marks})", chunk
                ).fetchall()
            order = {i: n for n, i in enumerate(wanted)}
            rows.sort(key=lambda r: order[r[0]])
        return [
            Article(
                id=r[0],
                text=r[1],
                title=r[2],
                published=r[3],
                source=r[4],
                path=r[5],
                url=r[6],
                headings=tuple(tuple(h) for h in json.loads(r[7])),
                duplicate_of=r[8],
            )
            for r in rows
        ]

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    # rejections -----------------------------------------------------------
    def add_rejections(self, rejections: Sequence[Rejection]) -> None:
        with self.transaction() as c:
            c.executemany(
                "INSERT OR REPLACE INTO rejections(path, reason, code, stage, added_at)"
                " VALUES (?,?,?,?,?)",
                [(r.path, r.reason, r.code, r.stage, _now()) for r in rejections],
            )

    def rejections(self) -> list[Rejection]:
        rows = self.conn.execute(
            "SELECT path, reason, code, stage FROM rejections ORDER BY added_at, path"
        ).fetchall()
        return [Rejection(*r) for r in rows]

    # parsed docs ----------------------------------------------------------
    def get_docs(self, ids: Sequence[str], model: str, vocab: Vocab) -> dict[str, Doc]:
        from spacy.tokens import DocBin

        out: dict[str, Doc] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT article_id, data FROM docs WHERE model = ? AND article_id IN ({marks})",
                [model, *chunk],
            ).fetchall()
            for aid, data in rows:
                (doc,) = DocBin(store_user_data=False).from_bytes(data).get_docs(vocab)
                out[aid] = doc
        return out

    def put_docs(self, docs: dict[str, Doc], model: str) -> None:
        from spacy.tokens import DocBin

        rows = []
        for aid, doc in docs.items():
            bin_ = DocBin(store_user_data=False)
            bin_.add(doc)
            rows.append((aid, model, bin_.to_bytes()))
        with self.transaction() as c:
            c.executemany(
                "INSERT OR REPLACE INTO docs(article_id, model, data) VALUES (?,?,?)", rows
            )

    # stories (incremental clustering) -------------------------------------
    def stories_of(self, ids: Sequence[str]) -> dict[str, str]:
        """`{article_id: story_id}` for the given articles that already have a story."""
        out: dict[str, str] = {}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            out.update(
                self.conn.execute(
                    f"SELECT article_id, story_id FROM story_members WHERE article_id IN ({marks})",
                    chunk,
                ).fetchall()
            )
        return out

    def story_members(self, story_ids: Sequence[str]) -> dict[str, list[str]]:
        """Article ids of each story, in the order the articles were first stored."""
        out: dict[str, list[str]] = {s: [] for s in story_ids}
        for chunk in _chunks(list(story_ids), 500):
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                "SELECT m.story_id, m.article_id FROM story_members m"
                " LEFT JOIN articles a ON a.id = m.article_id"
                f" WHERE m.story_id IN ({marks}) ORDER BY a.seq, m.article_id",
                chunk,
            ).fetchall()
            for sid, aid in rows:
                out[sid].append(aid)
        return out

    def add_story_members(self, members: dict[str, str], keys: dict[str, list[str]]) -> None:
        """Record `{article_id: story_id}` (existing rows kept) and each article's key terms."""
        with self.transaction() as c:
            now = _now()
            c.executemany(
                "INSERT OR IGNORE INTO story_members(article_id, story_id, added_at)"
                " VALUES (?,?,?)",
                [(a, s, now) for a, s in members.items()],
            )
            c.executemany(
                "INSERT OR IGNORE INTO article_keys(term, article_id) VALUES (?,?)",
                [(t, a) for a, terms in keys.items() for t in terms],
            )

    def articles_with_keys(self, terms: Sequence[str], per_term: int) -> dict[str, int]:
        """Stored articles sharing key terms: `{article_id: terms shared}`.

        Only the `per_term` most recently stored articles of each term count,
        so a common term costs a bounded amount however large the store grows.
        """
        shared: dict[str, int] = {}
        for term in sorted(set(terms)):
            rows = self.conn.execute(
                "SELECT k.article_id FROM article_keys k JOIN articles a ON a.id = k.article_id"
                " WHERE k.term = ? ORDER BY a.seq DESC LIMIT ?",
                (term, per_term),
            ).fetchall()
            for (aid,) in rows:
                shared[aid] = shared.get(aid, 0) + 1
        return shared

    def move_story_members(self, members: dict[str, str]) -> None:
        """Move stored articles to other stories: `{article_id: story_id}`."""
        with self.transaction() as c:
            c.executemany(
                "UPDATE story_members SET story_id = ? WHERE article_id = ?",
                [(s, a) for a, s in members.items()],
            )


def _chunks(items: list[str], n: int) -> Iterator[list[str]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


@contextmanager
def open_store(path: str | Path) -> Iterator[Store]:
    store = Store.open(path)
    try:
        yield store
    finally:
        store.close()
