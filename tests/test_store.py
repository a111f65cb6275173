"""The SQLite store: idempotent ingestion, WAL, parsed docs kept, bad files named."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import storyline
from storyline.errors import StorylineError
from storyline.model import Article, Rejection
from storyline.store import open_store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbour-strike"


def test_store_same_article_twice_is_stored_once(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    a = Article("a1", "Some text of an article.", title="T")
    with open_store(db) as s:
        assert s.add_articles([a]) == 1
        assert s.add_articles([a]) == 0
        assert s.articles() == [a]


def test_store_uses_wal(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_failed_transaction_leaves_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s:
        with pytest.raises(sqlite3.IntegrityError), s.transaction() as c:
            c.execute("INSERT INTO meta(key, value) VALUES ('k', 'v')")
            c.execute("INSERT INTO meta(key, value) VALUES ('k', 'again')")
        assert s.conn.execute("SELECT COUNT(*) FROM meta WHERE key='k'").fetchone()[0] == 0


def test_store_rejections_kept(tmp_path: Path) -> None:
    r = Rejection("x.txt", "file is empty", "E001")
    with open_store(tmp_path / "s.db") as s:
        s.add_rejections([r, r])
        assert s.rejections() == [r]


def test_store_brief_twice_with_db_is_idempotent_and_reuses_parses(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    first = storyline.brief([EXAMPLE], db=db)
    with open_store(db) as s:
        n_articles = s.count_articles()
        n_docs = s.conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0]
    second = storyline.brief([EXAMPLE], db=db)
    with open_store(db) as s:
        assert s.count_articles() == n_articles == len(first["articles"]) == 4
        assert s.conn.execute("SELECT COUNT(*) FROM docs").fetchone()[0] == n_docs == 4
    assert first["stories"] == second["stories"]


def test_store_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("this is not sqlite " * 100)
    with pytest.raises(StorylineError, match="bad.db"):
        open_store(bad).__enter__()
