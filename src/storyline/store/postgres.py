"""PostgreSQL as the server store, behind the same `Store` as SQLite.

`--db postgresql://user@host/dbname` (or `postgres://`) selects it; a plain
path stays SQLite. The `Store` methods are written once, in SQLite's SQL
(`store/sqlite.py`); `PgConnection` offers the part of `sqlite3.Connection`
they use and translates each statement once (cached) into PostgreSQL's:

- `?` placeholders become `%s` (and a literal `%` is doubled);
- `INSERT OR IGNORE` becomes `ON CONFLICT DO NOTHING`, `INSERT OR REPLACE`
  an upsert on the table's primary key (read from PostgreSQL's catalog);
- `BEGIN IMMEDIATE` (SQLite's "take the write lock now") becomes `BEGIN` and a
  transaction-scoped advisory lock, so writers take turns as they do in SQLite;
- `BLOB` columns become `BYTEA`; `sqlite_master` and `PRAGMA table_info` read
  `information_schema`; `PRAGMA integrity_check` is PostgreSQL's job and
  answers "ok"; other pragmas are SQLite tuning and do nothing;
- a sub-select in `FROM (...)` gets the alias PostgreSQL requires.

The writer lock of a run (`writer_lock`) is a session advisory lock held on a
connection of its own for the run: it goes with the connection, however the
process ends, as the flock of SQLite's lock file does.

    storyline brief articles/ --db postgresql://localhost/news
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from storyline.errors import StorylineError
from storyline.store.locks import held

SCHEMES = ("postgresql://", "postgres://")
# advisory lock keys: one for a run's writer lock, one for each write transaction
RUN_LOCK = 0x5702_7100
WRITE_LOCK = 0x5702_7101


def is_url(db: object) -> bool:
    """True when `--db` names a PostgreSQL server rather than a SQLite file."""
    return isinstance(db, str) and db.startswith(SCHEMES)


def shown(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"://([^:/@]+):[^@/]*@", r"://\1:***@", url)


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as e:  # pragma: no cover - psycopg is a dependency
        raise StorylineError(
            "E104", "a postgresql:// store needs psycopg: pip install 'psycopg[binary]'"
        ) from e
    return psycopg


def connect(url: str, readonly: bool = False) -> PgConnection:
    """A connection to the server at `url`; a clear E104 when it cannot be reached."""
    psycopg = _psycopg()
    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=10)
        if readonly:
            raw.execute("SET default_transaction_read_only = on")
    except psycopg.Error as e:
        raise StorylineError(
            "E104", f"cannot open database {shown(url)!r}: {str(e).strip()}"
        ) from e
    return PgConnection(raw)


class PgConnection:
    """What `Store` uses of `sqlite3.Connection`, over a psycopg connection in autocommit."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        # rows changed by this connection's statements (sqlite3's total_changes)
        self.total_changes = 0
        self._keys: dict[str, tuple[str, ...]] = {}  # primary key columns by table

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        query = self._query(sql)
        # several statements go by the simple protocol, which takes no parameters
        cur = self.raw.execute(query) if ";" in query else self.raw.execute(query, tuple(params))
        self._count(sql, cur)
        return cur

    def executemany(self, sql: str, rows: Any) -> Any:
        rows = [tuple(r) for r in rows]
        cur = self.raw.cursor()
        if rows:
            cur.executemany(self._query(sql), rows)
            self._count(sql, cur)
        return cur

    def executescript(self, script: str) -> None:
        for statement in (s.strip() for s in script.split(";")):
            if statement:
                self.raw.execute(translate(statement), ())

    def close(self) -> None:
        self.raw.close()

    def _query(self, sql: str) -> str:
        """`translate(sql)`, with the conflict target of an upsert read off the table."""
        query = translate(sql)
        m = _UPSERT.search(query)
        if m is None:
            return query
        table, cols = m.group(1), m.group(2).split(",")
        key = self._primary_key(table)
        rest = [c for c in cols if c not in key]
        update = ", ".join(f"{c} = EXCLUDED.{c}" for c in rest)
        target = f"ON CONFLICT ({', '.join(key)}) " + (
            f"DO UPDATE SET {update}" if update else "DO NOTHING"
        )
        return query[: m.start()] + target + query[m.end() :]

    def _primary_key(self, table: str) -> tuple[str, ...]:
        if table not in self._keys:
            rows = self.raw.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
                " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                " WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum",
                (table,),
            ).fetchall()
            self._keys[table] = tuple(r[0] for r in rows)
        return self._keys[table]

    def _count(self, sql: str, cur: Any) -> None:
        if _WRITES.match(sql) and cur.rowcount and cur.rowcount > 0:
            self.total_changes += cur.rowcount


_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.I)


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """One statement of SQLite's SQL as PostgreSQL's (see the module's docstring)."""
    s = sql.strip()
    up = s.upper()
    if up == "BEGIN IMMEDIATE":
        return f"BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"
    if up.startswith("PRAGMA"):
        m = re.match(r"PRAGMA\s+table_info\((\w+)\)", s, re.I)
        if m:
            return (
                "SELECT ordinal_position, column_name FROM information_schema.columns"
                f" WHERE table_schema = current_schema() AND table_name = '{m.group(1)}'"
                " ORDER BY ordinal_position"
            )
        if re.match(r"PRAGMA\s+integrity_check", s, re.I):
            return "SELECT 'ok'"
        return "SELECT 1 WHERE false"
    s = s.replace("%", "%%").replace("?", "%s")
    s = re.sub(r"\bBLOB\b", "BYTEA", s)
    s = s.replace(
        "sqlite_master",
        "(SELECT table_name AS name, 'table' AS type FROM information_schema.tables"
        " WHERE table_schema = current_schema()) AS sqlite_master",
    )
    s = _alias_subselects(s)
    m = re.match(r"INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*\(([^)]*)\)", s, re.I)
    if m:
        verb, table, cols = m.group(1).upper(), m.group(2), m.group(3)
        s = f"INSERT INTO {table}({cols})" + s[m.end() :]
        if verb == "IGNORE":
            s += " ON CONFLICT DO NOTHING"
        else:  # the conflict target is the table's primary key, read by the connection
            s += f" ON CONFLICT UPSERT {table} ({','.join(c.strip() for c in cols.split(','))})"
    return s


_UPSERT = re.compile(r"ON CONFLICT UPSERT (\w+) \(([^)]*)\)")


def _alias_subselects(s: str) -> str:
    """`FROM (SELECT ...)` with an alias after its closing bracket (PostgreSQL needs one)."""
    out, i, n = [], 0, 0
    for m in re.finditer(r"\bFROM\s*\(\s*SELECT\b", s, re.I):
        if m.start() < i:
            continue
        depth, j = 0, s.index("(", m.start())
        while j < len(s):
            depth += {"(": 1, ")": -1}.get(s[j], 0)
            if depth == 0:
                break
            j += 1
        after = s[j + 1 :].lstrip()
        out.append(s[i : j + 1])
        if not re.match(r"(AS\b|[A-Za-z_]\w*\s*(ON|WHERE|$|,|\)|JOIN|GROUP|ORDER))", after, re.I):
            n += 1
            out.append(f" AS _q{n}")
        i = j + 1
    out.append(s[i:])
    return "".join(out)


@contextmanager
def writer_lock(url: str, notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the store's run lock (a session advisory lock) on a connection of its own."""

    def take() -> PgConnection:
        conn = connect(url)
        try:
            got = conn.raw.execute("SELECT pg_try_advisory_lock(%s)", (RUN_LOCK,)).fetchone()[0]
            if not got:
                if notify:
                    notify(f"waiting for another storyline run on {shown(url)}")
                conn.raw.execute("SELECT pg_advisory_lock(%s)", (RUN_LOCK,))
        except BaseException:
            conn.close()
            raise
        return conn

    # closing the connection ends the session, and the lock with it
    with held(url, take, PgConnection.close):
        yield
