"""The store: SQLite by default (one file, WAL, one transaction per write).

Idempotent by content: an article's id is the hash of its cleaned text, so the
same article ingested twice is stored once. Parsed spaCy docs are kept per
(article, model) so that parsing happens once per article, ever.

    >>> with open_store("news.db") as store:          # doctest: +SKIP
    ...     store.add_articles(articles)
    ...     store.count_articles()

Writers take turns: a run holds `writer_lock` (an flock on "FILE.lock") while
it stores its articles, clusters them against the stored stories and writes
the assignments, so two runs at once give the stories of one after the
other. An article the parser refused is recorded (`parse_failures`) and
kept out of every story; `check()` and `remove_articles()` back the
`storyline store check/remove` commands.

Stories that evolve: after a run, each story it built whose content changed
is saved as the story's next revision (`story_revisions`: the story JSON, its
article ids, counts for a story list and the change log from the revision
before; `stories/changes.py` decides and diffs). `open_readonly` reads them,
and everything else, without the writer lock, also while a run writes.

A server store (PostgreSQL) implements the same methods (see `Store`).
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.errors import StorylineError
from storyline.model import Article, Json, Rejection
from storyline.store import postgres
from storyline.store.locks import held

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
    encoding TEXT,
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
CREATE TABLE IF NOT EXISTS parse_failures (
    article_id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    reason TEXT NOT NULL,
    code TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_revisions (
    story_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    digest TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    article_ids TEXT NOT NULL,
    n_articles INTEGER NOT NULL,
    n_sources INTEGER NOT NULL,
    n_statements INTEGER NOT NULL,
    n_conflicts INTEGER NOT NULL,
    entities TEXT NOT NULL,
    story BLOB NOT NULL,
    changes TEXT NOT NULL,
    PRIMARY KEY (story_id, revision)
);
CREATE INDEX IF NOT EXISTS story_revisions_time ON story_revisions(created_at);
"""
SCHEMA_VERSION = "1"
TABLES = {
    "articles",
    "rejections",
    "docs",
    "meta",
    "story_members",
    "article_keys",
    "parse_failures",
    "story_revisions",
}


def need_folder(db: str | Path) -> None:
    """A database's directory must exist: it is not created behind the user's back."""
    if postgres.is_url(db):
        return
    folder = Path(db).parent
    if not folder.is_dir():
        raise StorylineError(
            "E107",
            f"cannot open database {str(db)!r}: directory {str(folder)!r} does not exist;"
            " create it first or give another --db path",
        )


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """Articles, rejections and parsed docs in one SQLite file."""

    def __init__(self, conn: sqlite3.Connection, path: str = ":memory:") -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | Path) -> Store:
        if postgres.is_url(path):
            return cls._open_server(str(path))
        need_folder(path)
        try:
            conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if not tables >= TABLES:  # an existing store opens without waiting for a writer
                conn.executescript(SCHEMA)
                conn.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                    (SCHEMA_VERSION,),
                )
            columns = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
            if "encoding" not in columns:  # a store written before articles kept it
                conn.execute("ALTER TABLE articles ADD COLUMN encoding TEXT")
        except sqlite3.DatabaseError as e:
            if is_locked(e):
                raise locked_error(path, e) from e
            raise StorylineError(
                "E104", f"cannot open database {str(path)!r}: {e}; is it a storyline SQLite file?"
            ) from e
        return cls(conn, str(path))

    @classmethod
    def open_readonly(cls, path: str | Path) -> Store:
        """A connection that only reads: no schema change, no writer lock.

        SQLite's WAL lets it read the last committed state while a run writes,
        so the web app and `storyline changes` never wait for a writer.
        PostgreSQL readers never wait for writers either.
        """
        if postgres.is_url(path):
            return cls(postgres.connect(str(path), readonly=True), str(path))  # type: ignore[arg-type]
        if not Path(path).is_file():
            raise StorylineError(
                "E104", f"no database at {str(path)!r}; give the --db file a run wrote"
            )
        try:
            uri = Path(path).resolve().as_uri() + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as e:
            raise StorylineError(
                "E104", f"cannot read database {str(path)!r}: {e}; is it a storyline SQLite file?"
            ) from e
        return cls(conn, str(path))

    @classmethod
    def _open_server(cls, url: str) -> Store:
        """A PostgreSQL store: the same tables, made in one transaction if they are missing."""
        conn = postgres.connect(url)
        store = cls(conn, url)  # type: ignore[arg-type]  # what Store uses of sqlite3's
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if not tables >= TABLES:
            with store.transaction() as c:
                c.executescript(SCHEMA)
                c.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)",
                    (SCHEMA_VERSION,),
                )
        return store

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            if is_locked(e):
                raise locked_error(self.path, e) from e
            raise
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as e:
            self.conn.execute("ROLLBACK")
            if is_locked(e):
                raise locked_error(self.path, e) from e
            raise

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
                    " text, headings, duplicate_of, added_at, encoding)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
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
                        a.encoding,
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
        cols = "id, text, title, published, source, path, url, headings, duplicate_of, encoding"
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
                encoding=r[9],
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
        from storyline.analyse.nlp import unpack

        return {aid: unpack(data, vocab) for aid, data in self.get_doc_bytes(ids, model).items()}

    def parsed(self, ids: Sequence[str], model: str) -> set[str]:
        """Those of these articles with a stored parse by `model` (without reading it)."""
        return {aid for (aid,) in self._docs_rows("article_id", ids, model)}

    def get_doc_bytes(self, ids: Sequence[str], model: str) -> dict[str, bytes]:
        """The stored parses of these articles as kept: one spaCy DocBin each (no user data)."""
        return {aid: bytes(data) for aid, data in self._docs_rows("article_id, data", ids, model)}

    def _docs_rows(self, columns: str, ids: Sequence[str], model: str) -> list[Any]:
        """Rows of `columns` of the stored parses by `model` of these articles, 500 at a time."""
        rows: list[Any] = []
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            rows += self.conn.execute(
                f"SELECT {columns} FROM docs WHERE model = ? AND article_id IN ({marks})",
                [model, *chunk],
            ).fetchall()
        return rows

    def put_docs(self, docs: dict[str, Doc], model: str) -> None:
        from storyline.analyse.nlp import pack

        self.put_doc_bytes({aid: pack(doc) for aid, doc in docs.items()}, model)

    def put_doc_bytes(self, docs: dict[str, bytes], model: str) -> None:
        """Keep parses already packed as `get_doc_bytes` gives them (one DocBin each)."""
        rows = [(aid, model, data) for aid, data in docs.items()]
        with self.transaction() as c:
            c.executemany(
                "INSERT OR REPLACE INTO docs(article_id, model, data) VALUES (?,?,?)", rows
            )

    # stories (incremental clustering) -------------------------------------
    def stories_of(self, ids: Sequence[str]) -> dict[str, str]:
        """`{article_id: story_id}` for the given articles that already have a story."""
        return dict(
            self._rows_in("SELECT article_id, story_id FROM story_members", "article_id", ids)
        )

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

    # parse failures ---------------------------------------------------------
    def record_parse_failures(self, failed: dict[str, Rejection]) -> None:
        """Keep articles the parser could not take out of every story, and say why.

        Their membership, key terms and any doc go; the article row stays, so a
        later run that reads it again skips it with the same rejection
        (`parse_failures`) instead of parsing it again.
        """
        ids = list(failed)
        with self.transaction() as c:
            now = _now()
            c.executemany(
                "INSERT OR REPLACE INTO parse_failures(article_id, path, reason, code, added_at)"
                " VALUES (?,?,?,?,?)",
                [(i, r.path, r.reason, r.code, now) for i, r in failed.items()],
            )
            c.executemany(
                "INSERT OR REPLACE INTO rejections(path, reason, code, stage, added_at)"
                " VALUES (?,?,?,?,?)",
                [(r.path, r.reason, r.code, r.stage, now) for r in failed.values()],
            )
            for table in ("story_members", "article_keys", "docs"):
                c.executemany(f"DELETE FROM {table} WHERE article_id = ?", [(i,) for i in ids])

    def parse_failures(self, ids: Sequence[str]) -> dict[str, Rejection]:
        """`{article_id: rejection}` for the given articles that failed to parse before."""
        rows = self._rows_in(
            "SELECT article_id, path, reason, code FROM parse_failures", "article_id", ids
        )
        return {aid: Rejection(path, reason, code, "parse") for aid, path, reason, code in rows}

    # maintenance ------------------------------------------------------------
    def resolve(self, refs: Sequence[str]) -> dict[str, list[str]]:
        """Article ids each reference names: an id, or the path an article was read from."""
        out: dict[str, list[str]] = {}
        for ref in refs:
            rows = self.conn.execute(
                "SELECT id FROM articles WHERE id = ? OR path = ? ORDER BY seq", (ref, ref)
            ).fetchall()
            if not rows:  # an article that failed to parse may have lost its row in old stores
                rows = self.conn.execute(
                    "SELECT article_id FROM parse_failures WHERE article_id = ?", (ref,)
                ).fetchall()
            out[ref] = [r[0] for r in rows]
        return out

    def remove_articles(self, ids: Sequence[str]) -> list[str]:
        """Remove articles with their parse, key terms and membership; returns stories emptied.

        A story is its members, so a story whose last article goes is gone too.
        Copies of a removed article stop naming it as their original.
        """
        ids = list(dict.fromkeys(ids))
        pairs = [(i,) for i in ids]
        with self.transaction() as c:
            stories = {
                sid
                for i in ids
                for (sid,) in c.execute(
                    "SELECT story_id FROM story_members WHERE article_id = ?", (i,)
                )
            }
            for table in ("story_members", "article_keys", "docs", "parse_failures"):
                c.executemany(f"DELETE FROM {table} WHERE article_id = ?", pairs)
            c.executemany("DELETE FROM articles WHERE id = ?", pairs)
            c.executemany("UPDATE articles SET duplicate_of = NULL WHERE duplicate_of = ?", pairs)
            left = {
                sid
                for sid in stories
                if c.execute("SELECT 1 FROM story_members WHERE story_id = ?", (sid,)).fetchone()
            }
        return sorted(stories - left)

    def check(self) -> list[tuple[str, int, str]]:
        """Problems found, as `(kind, count, what it means)`; empty when the store is sound."""
        found: list[tuple[str, int, str]] = []
        rows = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            found.append(("integrity", len(rows), "SQLite integrity_check: " + "; ".join(rows[:5])))
        for kind, sql, what in CHECKS:
            (n,) = self.conn.execute(f"SELECT COUNT(*) FROM ({sql})").fetchone()
            if n:
                found.append((kind, int(n), what))
        return found

    def fix(self) -> dict[str, int]:
        """Delete the rows `check()` finds orphaned: `{kind: rows removed}`.

        Articles without a story are not touched here (they need clustering:
        `api.store_check(fix=True)` assigns them).
        """
        done: dict[str, int] = {}
        with self.transaction() as c:
            for kind, sql, _ in CHECKS:
                table, key = FIXES.get(kind, ("", ""))
                if not table:
                    continue
                before = c.total_changes
                if kind == "dangling_copies":
                    c.execute(
                        "UPDATE articles SET duplicate_of = NULL"
                        f" WHERE id IN (SELECT id FROM ({sql}))"
                    )
                else:
                    c.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM ({sql}))")
                if c.total_changes - before:
                    done[kind] = c.total_changes - before
        return done

    def unassigned(self) -> list[str]:
        """Stored articles in no story that did not fail to parse, in storing order."""
        return [r[0] for r in self.conn.execute(UNASSIGNED + " ORDER BY a.seq")]

    # story revisions ----------------------------------------------------------
    # Each run with a store saves every story it built whose content changed as a new
    # revision (1, 2, ...), with the change log from the one before; see stories/changes.py.
    def _keeps_revisions(self) -> bool:
        """False for a store written before revisions were kept and opened read-only."""
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'story_revisions'"
        ).fetchone()
        return row is not None

    def story_heads(self, story_ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        """`{story_id: (latest revision, its digest)}` for the stories that have one."""
        out: dict[str, tuple[int, str]] = {}
        if not self._keeps_revisions():
            return out
        for chunk in _chunks(list(story_ids), 500):
            marks = ",".join("?" * len(chunk))
            for sid, rev, digest in self.conn.execute(
                "SELECT r.story_id, r.revision, r.digest FROM story_revisions r"
                " JOIN (SELECT story_id, MAX(revision) AS rev FROM story_revisions"
                f" WHERE story_id IN ({marks}) GROUP BY story_id) h"
                " ON h.story_id = r.story_id AND h.rev = r.revision",
                chunk,
            ):
                out[sid] = (int(rev), digest)
        return out

    def add_story_revisions(self, rows: Sequence[Json]) -> None:
        """Store revisions in one transaction: all of a run's stories or none.

        Each row holds the columns of `story_revisions`; `story`, `article_ids`,
        `entities` and `changes` as JSON-able values.
        """
        with self.transaction() as c:
            c.executemany(
                "INSERT INTO story_revisions(story_id, revision, created_at, digest, title, date,"
                " article_ids, n_articles, n_sources, n_statements, n_conflicts, entities, story,"
                " changes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        r["story_id"],
                        r["revision"],
                        r["created_at"],
                        r["digest"],
                        r["title"],
                        r["date"],
                        json.dumps(r["article_ids"]),
                        r["n_articles"],
                        r["n_sources"],
                        r["n_statements"],
                        r["n_conflicts"],
                        json.dumps(r["entities"], ensure_ascii=False),
                        _pack(r["story"]),
                        json.dumps(r["changes"], ensure_ascii=False),
                    )
                    for r in rows
                ],
            )

    def story_revision(self, story_id: str, revision: int | None = None) -> Json | None:
        """One revision of a story (the latest without `revision`), or None.

        `{"id", "revision", "updated_at", "story": <story JSON>, "article_ids", "changes"}`.
        """
        if not self._keeps_revisions():
            return None
        cols = "story_id, revision, created_at, story, article_ids, changes"
        if revision is None:
            row = self.conn.execute(
                f"SELECT {cols} FROM story_revisions WHERE story_id = ?"
                " ORDER BY revision DESC LIMIT 1",
                (story_id,),
            ).fetchone()
        else:
            row = self.conn.execute(
                f"SELECT {cols} FROM story_revisions WHERE story_id = ? AND revision = ?",
                (story_id, revision),
            ).fetchone()
        if row is None:
            return None
        return {
            "id": row[0],
            "revision": int(row[1]),
            "updated_at": row[2],
            "story": _unpack(row[3]),
            "article_ids": json.loads(row[4]),
            "changes": json.loads(row[5]),
        }

    def story_head(self, story_id: str) -> Json | None:
        """The latest revision's `{"id", "revision", "updated_at", "title"}`, or None."""
        if not self._keeps_revisions():
            return None
        row = self.conn.execute(
            "SELECT revision, created_at, title FROM story_revisions WHERE story_id = ?"
            " ORDER BY revision DESC LIMIT 1",
            (story_id,),
        ).fetchone()
        if row is None:
            return None
        return {"id": story_id, "revision": int(row[0]), "updated_at": row[1], "title": row[2]}

    def story_revisions(self, story_id: str, since: str | None = None) -> list[Json]:
        """A story's revisions made after `since` (an ISO time in UTC), oldest first.

        Each `{"revision", "at", "title", "articles": n, "changes": [...]}`.
        """
        if not self._keeps_revisions():
            return []
        rows = self.conn.execute(
            "SELECT revision, created_at, title, n_articles, changes FROM story_revisions"
            " WHERE story_id = ? AND created_at > ? ORDER BY revision",
            (story_id, since or ""),
        ).fetchall()
        return [
            {
                "revision": int(rev),
                "at": at,
                "title": title,
                "articles": int(n),
                "changes": json.loads(changes),
            }
            for rev, at, title, n, changes in rows
        ]

    def latest_stories(self) -> list[Json]:
        """The latest revision of every story that still has articles, newest-updated first.

        `{"id", "title", "date", "updated_at", "revision", "articles", "sources",
        "conflicts", "statements", "entities"}` with counts, read from columns
        (no story JSON is parsed), so a list of thousands stays cheap.
        """
        if not self._keeps_revisions():
            return []
        rows = self.conn.execute(
            "SELECT r.story_id, r.title, r.date, r.created_at, r.revision, r.n_articles,"
            " r.n_sources, r.n_conflicts, r.n_statements, r.entities FROM story_revisions r"
            " JOIN (SELECT story_id, MAX(revision) AS rev FROM story_revisions"
            " GROUP BY story_id) h ON h.story_id = r.story_id AND h.rev = r.revision"
            " WHERE EXISTS (SELECT 1 FROM story_members m WHERE m.story_id = r.story_id)"
            " ORDER BY r.created_at DESC, r.story_id"
        ).fetchall()
        keys = [
            "id",
            "title",
            "date",
            "updated_at",
            "revision",
            "articles",
            "sources",
            "conflicts",
            "statements",
        ]
        return [{**dict(zip(keys, r[:9], strict=True)), "entities": json.loads(r[9])} for r in rows]

    def version(self) -> tuple[object, ...]:
        """Changes when a run adds a revision or moves, adds or removes a story's article."""
        revs = (0, "")
        if self._keeps_revisions():
            revs = self.conn.execute(
                "SELECT COUNT(*), COALESCE(MAX(created_at), '') FROM story_revisions"
            ).fetchone()
        (members,) = self.conn.execute("SELECT COUNT(*) FROM story_members").fetchone()
        return (*revs, members)

    def _rows_in(self, select: str, column: str, values: Iterable[str]) -> list[tuple]:
        """Rows of `select ... WHERE column IN (values)`, asked 500 values at a time."""
        rows: list[tuple] = []
        for chunk in _chunks(list(values), 500):
            marks = ",".join("?" * len(chunk))
            rows += self.conn.execute(f"{select} WHERE {column} IN ({marks})", chunk).fetchall()
        return rows

    # small values by key (the meta table) ------------------------------------------------
    def meta_values(self, keys: Sequence[str]) -> dict[str, str]:
        """`{key: value}` of the meta rows among `keys`."""
        return dict(self._rows_in("SELECT key, value FROM meta", "key", keys))

    def set_meta_values(self, values: dict[str, str]) -> None:
        with self.transaction() as c:
            c.executemany(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?,?)", list(values.items())
            )


UNASSIGNED = (
    "SELECT a.id FROM articles a WHERE a.id NOT IN (SELECT article_id FROM story_members)"
    " AND a.id NOT IN (SELECT article_id FROM parse_failures)"
)
CHECKS = (
    (
        "orphan_docs",
        "SELECT article_id FROM docs WHERE article_id NOT IN (SELECT id FROM articles)",
        "parsed docs of articles that are not stored",
    ),
    (
        "orphan_members",
        "SELECT article_id FROM story_members WHERE article_id NOT IN (SELECT id FROM articles)",
        "story members pointing at articles that are not stored",
    ),
    (
        "orphan_keys",
        "SELECT article_id FROM article_keys WHERE article_id NOT IN (SELECT id FROM articles)",
        "key terms of articles that are not stored",
    ),
    (
        "failed_in_story",
        "SELECT article_id FROM story_members"
        " WHERE article_id IN (SELECT article_id FROM parse_failures)",
        "articles that failed to parse but are still in a story",
    ),
    (
        "dangling_copies",
        "SELECT id FROM articles WHERE duplicate_of IS NOT NULL"
        " AND duplicate_of NOT IN (SELECT id FROM articles)",
        "articles marked as copies of an article that is not stored",
    ),
    ("unassigned", UNASSIGNED, "articles in no story"),
)
FIXES = {
    "orphan_docs": ("docs", "article_id"),
    "orphan_members": ("story_members", "article_id"),
    "orphan_keys": ("article_keys", "article_id"),
    "failed_in_story": ("story_members", "article_id"),
    "dangling_copies": ("articles", "id"),
}


def is_locked(e: BaseException) -> bool:
    return isinstance(e, sqlite3.OperationalError) and ("locked" in str(e) or "busy" in str(e))


def locked_error(path: str | Path, e: BaseException) -> StorylineError:
    return StorylineError(
        "E105",
        f"database {str(path)!r} stayed locked by another process for 30 s ({e});"
        " run again when the other run is done",
    )


@contextmanager
def writer_lock(db: str | Path, notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold `DB.lock` exclusively: one writer at a time reads, assigns and writes stories.

    Two runs that cluster against the same store at once would each see the
    store without the other's articles and split one event into two stories;
    under this lock the second waits (saying so through `notify`) and then
    sees the first one's stories, exactly as if it had run after it. The lock
    goes with the process, however it ends.
    """
    if postgres.is_url(db):
        with postgres.writer_lock(str(db), notify):
            yield
        return
    need_folder(db)
    path = str(Path(f"{db}.lock").resolve())

    def take() -> int:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _lock(fd, db, notify)
        except BaseException:
            os.close(fd)
            raise
        return fd

    with held(path, take, os.close):  # closing the file releases the lock
        yield


def _lock(fd: int, db: str | Path, notify: Callable[[str], None] | None) -> None:
    try:
        import fcntl
    except ImportError:  # not POSIX: SQLite's own locking (busy timeout) is all there is
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if notify:
            notify(f"waiting for another storyline run on {db}")
        fcntl.flock(fd, fcntl.LOCK_EX)


def _pack(story: Json) -> bytes:
    """A revision's story JSON, zlib-compressed: about 7x smaller (BASIL: 66 KB a story)."""
    return zlib.compress(json.dumps(story, ensure_ascii=False).encode("utf-8"), 6)


def _unpack(value: bytes | memoryview | str) -> Json:
    if isinstance(value, str):  # a revision stored as plain JSON text
        return dict(json.loads(value))
    return dict(json.loads(zlib.decompress(bytes(value)).decode("utf-8")))


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


@contextmanager
def read_store(path: str | Path) -> Iterator[Store]:
    """The store opened only to read (`Store.open_readonly`): no lock, no schema change."""
    store = Store.open_readonly(path)
    try:
        yield store
    finally:
        store.close()
