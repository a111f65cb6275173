"""The SQLite store: idempotent ingestion, WAL, parsed docs kept, bad files named."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import storyline
from storyline.errors import StorylineError
from storyline.model import Article, Rejection
from storyline.store.sqlite import open_store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbour-strike"


def test_store_same_article_twice_is_stored_once(store_db: str) -> None:
    db = store_db
    a = Article("a1", "Some text of an article.", title="T")
    with open_store(db) as s:
        assert s.add_articles([a]) == 1
        assert s.add_articles([a]) == 0
        assert s.articles() == [a]


def test_store_parses_kept_as_docs_or_as_their_bytes(store_db: str) -> None:
    """A parse put as a doc comes back as the same bytes, and bytes put back as a doc:
    Ray's driver passes parses through without unpacking them."""
    from storyline.analyse import nlp

    a = Article("p1", "The council met on Monday. It voted to close the bridge.")
    doc = nlp.annotate([a])["p1"]
    with open_store(store_db) as s:
        s.put_docs({"p1": doc}, "m")
        packed = s.get_doc_bytes(["p1", "absent"], "m")
        assert list(packed) == ["p1"] and isinstance(packed["p1"], bytes)
        s.put_doc_bytes({"p2": packed["p1"]}, "m")
        back = s.get_docs(["p2"], "m", doc.vocab)["p2"]
        assert s.get_doc_bytes(["p2"], "m")["p2"] == packed["p1"]
        assert s.get_doc_bytes(["p1"], "other model") == {}
        assert s.parsed(["p1", "p2", "absent"], "m") == {"p1", "p2"}
        assert s.parsed(["p1"], "other model") == set()
    assert [(t.text, t.lemma_, t.dep_, t.ent_type_) for t in back] == [
        (t.text, t.lemma_, t.dep_, t.ent_type_) for t in doc
    ]


def test_store_uses_wal(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_failed_transaction_leaves_nothing(store_db: str) -> None:
    with open_store(store_db) as s:
        with pytest.raises(_integrity_errors()), s.transaction() as c:
            c.execute("INSERT INTO meta(key, value) VALUES ('k', 'v')")
            c.execute("INSERT INTO meta(key, value) VALUES ('k', 'again')")
        assert s.conn.execute("SELECT COUNT(*) FROM meta WHERE key='k'").fetchone()[0] == 0


def _integrity_errors() -> tuple[type[Exception], ...]:
    """A broken constraint, as each backend's driver raises it."""
    try:
        import psycopg
    except ImportError:
        return (sqlite3.IntegrityError,)
    return (sqlite3.IntegrityError, psycopg.IntegrityError)


def test_store_rejections_kept(store_db: str) -> None:
    r = Rejection("x.txt", "file is empty", "E001")
    with open_store(store_db) as s:
        s.add_rejections([r, r])
        assert s.rejections() == [r]


def test_store_brief_twice_with_db_is_idempotent_and_reuses_parses(store_db: str) -> None:
    db = store_db
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


HARBOUR = [
    "Harbour bridge in Kelmouth closed after cracks found.\n\nThe Kelmouth council shut the "
    "harbour bridge on Tuesday after engineers found cracks in its steel supports, and "
    "traffic goes through the Northgate tunnel.",
    "Kelmouth shuts harbour bridge for repairs.\n\nEngineers reported cracked steel supports "
    "on the Kelmouth harbour bridge, and the council closed it on Tuesday; drivers must use "
    "the Northgate tunnel.",
    "Cracked supports close Kelmouth's harbour bridge.\n\nThe council of Kelmouth closed the "
    "harbour bridge after cracks in the steel supports; the Northgate tunnel takes the traffic.",
]
AIRLINE = [
    "Skyvale grounds fleet after software fault.\n\nSkyvale Airways cancelled forty flights "
    "on Friday when a software fault grounded its planes at Brennor airport.",
    "Software fault grounds Skyvale Airways planes.\n\nForty Skyvale flights were cancelled "
    "at Brennor airport on Friday after a software fault grounded the fleet.",
]
LONG = (
    "Kelmouth harbour bridge stays shut.\n\n"
    + "The Kelmouth council kept the harbour bridge closed after engineers found cracks in "
    "its steel supports, and the Northgate tunnel takes the traffic. " * 12
)


def _write(folder: Path, texts: dict[str, str]) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    out = {}
    for name, text in texts.items():
        out[name] = folder / f"{name}.txt"
        out[name].write_text(text)
    return out


def _members(db: str) -> dict[str, str]:
    with open_store(db) as s:
        return dict(s.conn.execute("SELECT article_id, story_id FROM story_members").fetchall())


def test_store_article_the_parser_refuses_never_poisons_later_runs(
    tmp_path: Path, store_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.analyse import nlp

    files = _write(
        tmp_path / "in",
        {"h0": HARBOUR[0], "h1": HARBOUR[1], "h2": HARBOUR[2], "long": LONG, "a0": AIRLINE[0]},
    )
    db = store_db
    # a store as older versions left it: the long article stored and in the harbour story
    clustered = storyline.cluster(list(files.values()), db=db)
    long_id = next(a["id"] for a in clustered["articles"] if a["path"].endswith("long.txt"))
    assert long_id in _members(db)
    monkeypatch.setattr(nlp.load("en_core_web_sm"), "max_length", 600)  # LONG is 1,700

    # a run that only touches the story pulls the long article in from the store
    out = storyline.brief([files["h0"], files["h1"]], db=db)
    (rej,) = out["rejected"]
    assert (rej["code"], rej["stage"]) == ("E202", "parse") and long_id in rej["reason"]
    assert rej["path"].endswith("long.txt")
    stories = {s["id"]: s["articles"] for s in out["stories"]}
    assert all(long_id not in ids for ids in stories.values())
    assert long_id not in {a["id"] for a in out["articles"]}
    assert long_id not in _members(db)

    # later runs skip it with the same rejection, the others are served as before
    again = storyline.brief(list(files.values()), db=db)
    assert again["rejected"] == [rej]
    assert len(again["stories"]) == 2
    assert sorted(a for s in again["stories"] for a in s["articles"]) == sorted(
        a["id"] for a in again["articles"]
    )
    assert storyline.api.store_check(db)["ok"]


def test_store_remove_takes_article_parse_keys_and_membership(
    tmp_path: Path, store_db: str
) -> None:
    files = _write(tmp_path / "in", {"h0": HARBOUR[0], "h1": HARBOUR[1], "a0": AIRLINE[0]})
    db = store_db
    out = storyline.cluster(list(files.values()), db=db)
    ids = {Path(a["path"]).stem: a["id"] for a in out["articles"]}
    airline_story = _members(db)[ids["a0"]]
    got = storyline.api.store_remove(db, [ids["h0"], str(files["a0"]), "nope"])
    assert got["removed"] == [ids["h0"], ids["a0"]] and got["not_found"] == ["nope"]
    assert got["stories_removed"] == [airline_story]  # its only article went
    with open_store(db) as s:
        assert [a.id for a in s.articles()] == [ids["h1"]]
        for table in ("story_members", "article_keys", "docs"):
            left = s.conn.execute(f"SELECT DISTINCT article_id FROM {table}").fetchall()
            assert left in ([], [(ids["h1"],)])
    assert storyline.api.store_check(db)["ok"]


def test_store_check_finds_and_fixes_orphans_and_articles_in_no_story(
    tmp_path: Path, store_db: str
) -> None:
    files = _write(tmp_path / "in", {"h0": HARBOUR[0], "h1": HARBOUR[1], "a0": AIRLINE[0]})
    db = store_db
    out = storyline.cluster(list(files.values()), db=db)
    ids = [a["id"] for a in out["articles"]]
    with open_store(db) as s, s.transaction() as c:
        c.execute("DELETE FROM articles WHERE id = ?", (ids[0],))  # members and keys orphaned
        c.execute("DELETE FROM story_members WHERE article_id = ?", (ids[2],))  # in no story
        c.execute("INSERT INTO docs VALUES ('ghost', 'm', ?)", (b"\x00",))
    found = storyline.api.store_check(db)
    kinds = {p["kind"]: p["count"] for p in found["problems"]}
    assert not found["ok"]
    assert kinds["orphan_members"] == 1 and kinds["orphan_docs"] == 1 and kinds["unassigned"] == 1
    assert kinds["orphan_keys"] >= 1
    fixed = storyline.api.store_check(db, fix=True)
    assert fixed["ok"] and fixed["left"] == [] and fixed["fixed"]["unassigned"] == 1
    assert ids[2] in _members(db)
    assert storyline.api.store_check(db)["problems"] == []


def test_store_database_in_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StorylineError, match=r"E107.*does not exist"):
        storyline.cluster([{"text": HARBOUR[0]}], db=str(tmp_path / "nope" / "news.db"))
    assert not (tmp_path / "nope").exists()


def test_store_locked_too_long_is_a_retryable_error(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    open_store(db).__enter__().close()
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with open_store(db) as s:
            s.conn.execute("PRAGMA busy_timeout = 50")
            with pytest.raises(StorylineError) as e:
                s.add_rejections([Rejection("x.txt", "file is empty", "E001")])
        assert e.value.code == "E105" and "s.db" in str(e.value)
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.mark.slow
def test_store_article_over_spacys_own_limit_is_rejected_and_stays_out(tmp_path: Path) -> None:
    """The real case, no threshold lowered: an article of over 1,000,000 characters."""
    big = "Kelmouth harbour bridge stays shut.\n\n" + (
        "The Kelmouth council kept the harbour bridge closed after engineers found cracks in "
        "its steel supports. " * 9_800
    )
    db = str(tmp_path / "news.db")
    docs = [{"text": big}, {"text": HARBOUR[0]}, {"text": HARBOUR[1]}]
    out = storyline.brief(docs, db=db, max_chars=2_000_000)
    (rej,) = out["rejected"]
    assert rej["code"] == "E202" and "1,000,000" in rej["reason"]
    assert [len(s["articles"]) for s in out["stories"]] == [2]
    again = storyline.brief(docs[1:], db=db)  # touches the story it was clustered into
    assert [len(s["articles"]) for s in again["stories"]] == [2]
    assert storyline.api.store_check(db)["ok"]


def test_store_writer_lock_makes_threads_take_turns_and_is_reentrant(store_db: str) -> None:
    import threading

    from storyline.store.postgres import shown
    from storyline.store.sqlite import writer_lock

    db = store_db
    said: list[str] = []
    order: list[str] = []
    with writer_lock(db), writer_lock(db):  # the same thread may take it again
        other = threading.Thread(target=lambda: _take(db, said, order))
        other.start()
        other.join(0.5)
        assert other.is_alive() and said == [f"waiting for another storyline run on {shown(db)}"]
        order.append("first done")
    other.join(5)
    assert order == ["first done", "second"]


def _take(db: str, said: list[str], order: list[str]) -> None:
    from storyline.store.sqlite import writer_lock

    with writer_lock(db, said.append):
        order.append("second")


def test_store_keeps_how_an_article_was_decoded_and_opens_older_stores(tmp_path: Path) -> None:
    from storyline.model import Article
    from storyline.store.sqlite import open_store

    db = tmp_path / "old.db"
    with sqlite3.connect(db) as conn:  # a store written before articles kept their encoding
        conn.execute(
            "CREATE TABLE articles (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, path TEXT, "
            "url TEXT, title TEXT, published TEXT, source TEXT, text TEXT NOT NULL, "
            "headings TEXT NOT NULL DEFAULT '[]', duplicate_of TEXT, added_at TEXT NOT NULL)"
        )
        conn.execute(
            "INSERT INTO articles VALUES ('old', 1, NULL, NULL, 'T', NULL, NULL, 'x y z', "
            "'[]', NULL, '2026-01-01')"
        )
    art = Article(id="new", text="a b c", encoding="windows-1252")
    with open_store(db) as store:
        store.add_articles([art])
        got = {a.id: a for a in store.articles()}
    assert got["new"] == art and got["old"].encoding is None


def test_store_remove_builds_the_story_again_without_the_article(store_db: str) -> None:
    docs = [{"text": t, "source": f"outlet{i}"} for i, t in enumerate(HARBOUR)]
    made = storyline.brief(docs, db=store_db)
    (story,) = made["stories"]
    gone = made["articles"][0]["id"]
    got = storyline.api.store_remove(store_db, [gone])
    assert got["stories_rebuilt"] == [story["id"]] and got["stories_removed"] == []
    latest = storyline.api.stored_story(store_db, story["id"])
    assert latest is not None and latest["revision"] == 2
    cited = {c["article"] for s in latest["story"]["statements"] for c in s["citations"]}
    assert gone not in latest["story"]["articles"] and gone not in cited and cited
    (last,) = storyline.api.changes(store_db, story["id"])["revisions"][-1:]
    assert [c["kind"] for c in last["changes"]].count("article_removed") == 1
