"""Stories that evolve: stored revisions, their change logs, `storyline changes / stories`.

Real runs of the pipeline through the api and the CLI over short articles written
here (one flood, told by five outlets over two days): run 1 stores three
articles, run 2 adds two more, one of which gives another number of evacuated
residents and a new quote. The change log of revision 2 is asserted item by item.
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import drop_pg_database, pg_database

from storyline import api
from storyline.cli import main
from storyline.errors import StorylineError
from storyline.model import Brief
from storyline.store.sqlite import open_store, read_store, writer_lock
from storyline.stories import changes as ch

DAY1 = {
    "wire": (
        "Wire",
        "Flood closes Rivermouth bridge",
        "The Rivermouth bridge was closed on Tuesday after the river rose above its banks,"
        " the city council said. About 300 residents were moved from homes near the water."
        " Mayor Elena Varga said the bridge would stay shut until engineers had checked it."
        ' "We will not reopen the bridge until it is safe," Varga said. The river reached'
        " 6.2 metres at the town gauge on Tuesday morning.",
    ),
    "herald": (
        "Herald",
        "Rivermouth bridge shut as river floods",
        "Rivermouth closed its main bridge on Tuesday as the river burst its banks, according"
        " to the city council. Around 300 residents left their homes near the river."
        ' "We will not reopen the bridge until it is safe," Mayor Elena Varga told reporters.'
        " Engineers will inspect the bridge before it opens again, the mayor said. The river"
        " reached 6.2 metres at the town gauge.",
    ),
    "gazette": (
        "Gazette",
        "Residents evacuated in Rivermouth flood",
        "About 300 residents of Rivermouth were evacuated on Tuesday as the river flooded"
        " streets near the bridge. The city council closed the Rivermouth bridge in the"
        " morning. Mayor Elena Varga said engineers would check the bridge before it reopened."
        " Shops along the quay were sandbagged overnight.",
    ),
}
DAY2 = {
    "courier": (
        "Courier",
        "Rivermouth flood: more residents leave",
        "About 450 residents were moved from homes near the river in Rivermouth, the city"
        " council said on Wednesday. The Rivermouth bridge stayed closed after the river rose"
        ' above its banks. "The water is still rising and we ask everyone to stay away from the'
        ' quay," fire chief Tomas Brandt said. Mayor Elena Varga said engineers would check the'
        " bridge before it reopened.",
    ),
    "post": (
        "Post",
        "Rivermouth bridge stays closed",
        "The Rivermouth bridge remained closed on Wednesday, the city council said. Mayor Elena"
        " Varga said the bridge would stay shut until engineers had checked it. The river"
        " reached 6.2 metres at the town gauge on Tuesday morning, the council said. Shops"
        " along the quay were sandbagged overnight.",
    ),
}


def write_articles(folder: Path, articles: dict[str, tuple[str, str, str]], day: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (source, title, text) in articles.items():
        record = {"source": source, "title": title, "published": day, "text": text}
        (folder / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("news")
    return (
        write_articles(root / "day1", DAY1, "2026-04-02"),
        write_articles(root / "day2", DAY2, "2026-04-03"),
    )


@pytest.fixture(scope="module")
def stores(
    news: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[str], dict]]:
    """Stores after run 1 (day 1) and run 2 (both days), one per backend, built once."""
    built: dict[str, dict] = {}

    def followed_on(backend: str) -> dict:
        if backend not in built:
            day1, day2 = news
            if backend == "sqlite":
                db = str(tmp_path_factory.mktemp("store") / "news.db")
            else:
                db = pg_database("test_changes")
            first = api.brief([day1], db=db)
            between = ch.now()
            second = api.brief([day1, day2], db=db)
            built[backend] = {"db": db, "first": first, "second": second, "between": between}
        return built[backend]

    yield followed_on
    if "postgresql" in built:
        drop_pg_database(built["postgresql"]["db"])


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def followed(request: pytest.FixtureRequest, stores: Callable[[str], dict]) -> dict:
    """The two-run store on each backend (PostgreSQL skipped without a test server)."""
    return stores(request.param)


@pytest.fixture(scope="module")
def followed_file(stores: Callable[[str], dict]) -> dict:
    """The two-run store as a SQLite file, for the tests that copy or open the file."""
    return stores("sqlite")


def source_names(change: dict) -> list[str]:
    return [s["source"] for s in change["sources"]]


def test_changes_stored_stories_lists_latest_revision(followed: dict) -> None:
    listed = api.stored_stories(followed["db"])
    (story,) = followed["second"]["stories"]
    assert [s["id"] for s in listed] == [story["id"]]
    (row,) = listed
    assert row["revision"] == 2
    assert row["title"] == story["title"] == "Residents evacuated in Rivermouth flood"
    assert row["date"] == "2026-04-02"
    assert row["articles"] == 5 and row["sources"] == 5
    assert row["statements"] == len(story["statements"])
    assert row["conflicts"] == len(story["conflicts"]) >= 1
    assert row["entities"][:3] == ["Elena Varga", "Rivermouth", "Tomas Brandt"]
    assert len(row["entities"]) == len(set(row["entities"])) <= ch.TOP_ENTITIES
    assert row["updated_at"] > followed["between"]


def test_changes_stored_story_is_the_brief_story_with_its_articles(followed: dict) -> None:
    (story,) = followed["second"]["stories"]
    got = api.stored_story(followed["db"], story["id"])
    assert got is not None
    assert got["revision"] == 2 and got["story"] == story
    by_id = {a["id"]: a for a in followed["second"]["articles"]}
    assert got["articles"] == [by_id[i] for i in story["articles"]]
    first = api.stored_story(followed["db"], story["id"], revision=1)
    assert first is not None
    assert first["story"] == followed["first"]["stories"][0]
    assert [a["source"] for a in first["articles"]] == ["Gazette", "Herald", "Wire"]
    assert first["updated_at"] < followed["between"] < got["updated_at"]
    assert api.stored_story(followed["db"], story["id"], revision=3) is None
    assert api.stored_story(followed["db"], "s-nosuchstory") is None


def test_changes_stored_article(followed: dict) -> None:
    art = followed["second"]["articles"][0]
    (story,) = [s["id"] for s in followed["second"]["stories"] if art["id"] in s["articles"]]
    assert api.stored_article(followed["db"], art["id"]) == {**art, "story": story}
    assert api.stored_article(followed["db"], "0000000000000000") is None


def test_changes_revision_two_records_what_day_two_added(followed: dict) -> None:
    (story,) = followed["second"]["stories"]
    result = api.changes(followed["db"], story["id"])
    assert ch.schema_errors(result) == []
    assert result["since"] is None and result["revision"] == 2
    assert [r["revision"] for r in result["revisions"]] == [1, 2]
    (opened,) = result["revisions"][0]["changes"]
    assert opened["kind"] == "story_opened" and opened["what"] == "story opened with 3 articles"
    assert source_names(opened) == ["Gazette", "Herald", "Wire"]

    rev2 = result["revisions"][1]
    assert rev2["articles"] == 5 and rev2["at"] == result["updated_at"]
    log = rev2["changes"]
    assert all(c["revision"] == 2 and c["at"] == rev2["at"] for c in log)
    seen = {(c["kind"], c["text"]): c for c in log}

    def one(kind: str, text: str) -> dict:
        assert (kind, text) in seen, f"no {kind} {text!r} in {sorted(seen)}"
        return seen[(kind, text)]

    assert source_names(one("article_added", "Rivermouth flood: more residents leave")) == [
        "Courier"
    ]
    assert source_names(one("article_added", "Rivermouth bridge stays closed")) == ["Post"]
    new = one(
        "statement_added",
        "About 450 residents were moved from homes near the river in Rivermouth, the city"
        " council said on Wednesday.",
    )
    assert source_names(new) == ["Courier"] and new["support"] == [0, 1]
    quote = one(
        "quote_added", "The water is still rising and we ask everyone to stay away from the quay"
    )
    assert quote["speaker"] == "Tomas Brandt" and source_names(quote) == ["Courier"]
    shops = one("statement_sources_added", "Shops along the quay were sandbagged overnight.")
    assert source_names(shops) == ["Post"] and shops["support"] == [1, 2]
    gauge = one(
        "statement_sources_added",
        "The river reached 6.2 metres at the town gauge on Tuesday morning.",
    )
    assert source_names(gauge) == ["Post"] and gauge["support"] == [2, 3]
    figure = one("figure_updated", "residents moved")
    assert [v["value"] for v in figure["before"]] == ["About 300 residents"]
    assert [v["value"] for v in figure["after"]] == ["About 450 residents", "About 300 residents"]
    assert source_names(figure) == ["Courier"]
    number = one(
        "conflict_opened",
        "Sources differ on the number of residents: 300 (2 sources) vs 450 (1 source)",
    )
    assert [(s["value"], len(s["sources"])) for s in number["after"]] == [("300", 2), ("450", 1)]
    assert source_names(number) == ["Wire", "Herald", "Courier"]
    # "remained closed on Wednesday" dates no closing: no date conflict with Tuesday's
    assert not [c for c in log if c["kind"] == "conflict_opened" and "date" in c["text"]]
    # nothing was lost on day two: no statement, quote, figure or conflict went away
    kinds = {c["kind"] for c in log}
    assert kinds <= set(ch.KINDS)
    assert not kinds & {"statement_removed", "quote_removed", "figure_removed"}
    assert not kinds & {"conflict_resolved", "article_removed", "revised"}


def test_changes_since_lists_only_later_revisions(followed: dict) -> None:
    sid = followed["second"]["stories"][0]["id"]
    result = api.changes(followed["db"], sid, since=followed["between"])
    assert result["since"] == followed["between"]
    assert [r["revision"] for r in result["revisions"]] == [2]
    assert ch.schema_errors(result) == []
    assert (
        api.changes(followed["db"], sid, since="1w")["revisions"]
        == api.changes(followed["db"], sid)["revisions"]
    )
    assert api.changes(followed["db"], sid, since="2999-01-01")["revisions"] == []
    between = datetime.fromisoformat(followed["between"])
    assert api.changes(followed["db"], sid, since=between) == result
    naive = between.replace(tzinfo=None)  # a naive datetime is UTC
    assert api.changes(followed["db"], sid, since=naive) == result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-10", "2026-03-10T00:00:00.000+00:00"),
        ("2026-03-10T14:00", "2026-03-10T14:00:00.000+00:00"),
        ("2026-03-10T14:00+01:00", "2026-03-10T13:00:00.000+00:00"),
        ("2026-03-10T14:00:05.250Z", "2026-03-10T14:00:05.250+00:00"),
        ("2h", "2026-03-10T10:00:00.000+00:00"),
        ("90s", "2026-03-10T11:58:30.000+00:00"),
        ("3d", "2026-03-07T12:00:00.000+00:00"),
        ("1W", "2026-03-03T12:00:00.000+00:00"),
    ],
)
def test_changes_parse_since(text: str, expected: str) -> None:
    now = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
    assert ch.parse_since(text, now) == expected


@pytest.mark.parametrize("text", ["yesterday", "2h ago", "-3d", "2026-13-01", ""])
def test_changes_parse_since_bad_time_is_a_clear_error(text: str) -> None:
    with pytest.raises(StorylineError) as e:
        ch.parse_since(text)
    assert e.value.code == "E108" and repr(text) in e.value.message


def test_changes_unknown_story_or_store_is_a_clear_error(followed: dict, tmp_path: Path) -> None:
    with pytest.raises(StorylineError) as e:
        api.changes(followed["db"], "s-nosuchstory")
    assert e.value.code == "E109" and "s-nosuchstory" in e.value.message
    with pytest.raises(StorylineError) as e:
        api.stored_stories(str(tmp_path / "absent.db"))
    assert e.value.code == "E104" and not (tmp_path / "absent.db").exists()


def test_changes_cli_stories_and_changes(followed: dict) -> None:
    runner = CliRunner()
    db = followed["db"]
    sid = followed["second"]["stories"][0]["id"]
    listed = runner.invoke(main, ["stories", "--db", db])
    assert listed.exit_code == 0, listed.output
    assert f"| {sid} | Residents evacuated in Rivermouth flood |" in listed.output
    assert "| 2 | 5 | 5 |" in listed.output
    as_json = runner.invoke(main, ["stories", "--db", db, "--format", "json"])
    assert json.loads(as_json.output) == api.stored_stories(db)

    md = runner.invoke(main, ["changes", sid, "--db", db, "--since", followed["between"]])
    assert md.exit_code == 0, md.output
    assert md.output.startswith(f"# Changes since {followed['between']}: ")
    assert "## Revision 2 " in md.output and "## Revision 1 " not in md.output
    assert "- new quote (Tomas Brandt): \u201cThe water is still rising" in md.output
    assert (
        "- figure updated, residents moved: About 300 residents -> About 450 residents; "
        "About 300 residents \u2014 Courier"
    ) in md.output
    out = runner.invoke(main, ["changes", sid, "--db", db, "--format", "json"])
    result = json.loads(out.output)
    assert ch.schema_errors(result) == [] and result == api.changes(db, sid)

    later = runner.invoke(main, ["changes", sid, "--db", db, "--since", "2999-01-01"])
    assert "No changes since 2999-01-01T00:00:00.000+00:00." in later.output

    bad = runner.invoke(main, ["changes", sid, "--db", db, "--since", "last week"])
    assert bad.exit_code == 2 and "[E108] --since 'last week' is not a time" in bad.output
    unknown = runner.invoke(main, ["changes", "s-nosuchstory", "--db", db])
    assert unknown.exit_code == 2 and "[E109] no stored story 's-nosuchstory'" in unknown.output


def test_changes_reading_needs_no_writer_lock(followed: dict) -> None:
    """While a writer holds the lock and an open write transaction, reads answer at once."""
    db = followed["db"]
    expected = api.stored_stories(db)
    got: list = []
    with writer_lock(db), open_store(db) as store, store.transaction() as c:
        c.execute("INSERT INTO meta(key, value) VALUES ('reading-test', 'uncommitted')")
        reader = threading.Thread(target=lambda: got.append(api.stored_stories(db)))
        reader.start()
        reader.join(timeout=10)
        assert not reader.is_alive(), "a read waited for the writer"
        c.execute("DELETE FROM meta WHERE key = 'reading-test'")
    assert got == [expected]


def test_changes_a_run_that_changes_nothing_records_no_revision(
    followed: dict, news: tuple[Path, Path]
) -> None:
    db = followed["db"]
    before = api.stored_stories(db)
    again = api.brief(list(news), db=db)
    assert again["stories"] == followed["second"]["stories"]
    assert api.stored_stories(db) == before
    sid = before[0]["id"]
    assert api.stored_story(db, sid, revision=3) is None
    assert [r["revision"] for r in api.changes(db, sid)["revisions"]] == [1, 2]


def test_changes_outdated_story_is_not_saved(followed_file: dict, tmp_path: Path) -> None:
    """A story that gained articles from another run while this one built it keeps the
    other run's revision: the older build is not saved over it."""
    db = tmp_path / "copy.db"
    shutil.copy(followed_file["db"], db)
    brief = Brief.from_dict(followed_file["second"])
    story = brief.stories[0]
    changed = replace(brief, stories=(replace(story, title="A newer title"),))
    with open_store(db) as store:
        store.add_story_members({"ffffffffffffffff": story.id}, {})
        saved, outdated = ch.record_revisions(store, changed, {})
    assert (saved, outdated) == ([], [story.id])
    assert api.stored_story(str(db), story.id)["revision"] == 2  # type: ignore[index]


def test_changes_old_store_gains_the_revisions_table(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with open_store(db) as store:
        store.conn.execute("DROP TABLE story_revisions")
    assert api.stored_stories(str(db)) == []  # read-only: nothing is changed
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "story_revisions" not in tables
    with open_store(db):
        pass
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "story_revisions" in tables


def cite(article: str, start: int, end: int) -> dict:
    return {"article": article, "start": start, "end": end}


OLD = {
    "id": "s-x",
    "title": "Pay talks",
    "articles": ["a", "b"],
    "statements": [
        {"text": "Talks resume Thursday.", "support": 2, "citations": [cite("a", 0, 22)]},
        {"text": "The union wants 6%.", "support": 1, "citations": [cite("b", 30, 49)]},
    ],
    "quotes": [
        {
            "text": "We will not move",
            "speaker": "Lindqvist",
            "occurrences": [{**cite("a", 40, 56), "text": "We will not move"}],
        }
    ],
    "figures": [
        {"measure": "raise (%)", "values": [{"value": "4%", "citations": [cite("a", 60, 62)]}]}
    ],
    "conflicts": [
        {
            "kind": "number",
            "description": "Sources differ on the raise: 4% vs 5%",
            "sides": [
                {"value": "4%", "citations": [cite("a", 60, 62)]},
                {"value": "5%", "citations": [cite("b", 70, 72)]},
            ],
        }
    ],
}


def test_changes_diff_matches_by_content_not_position() -> None:
    shuffled = {k: list(reversed(v)) if isinstance(v, list) else v for k, v in OLD.items()}
    # the same items in another order: nothing added or lost, only the order is new
    assert [c["kind"] for c in ch.diff(OLD, shuffled, revision=2, at="t")] == ["revised"]
    assert ch.diff(OLD, OLD, revision=2, at="t") == []


def test_changes_diff_each_kind() -> None:
    new = {
        **OLD,
        "articles": ["a", "b", "c"],
        "statements": [
            # the same statement, worded by another article now, with c as a new source
            {
                "text": "Talks will resume on Thursday.",
                "support": 3,
                "citations": [cite("c", 0, 30), cite("a", 0, 22)],
            },
            {"text": "A mediator was named.", "support": 1, "citations": [cite("c", 31, 52)]},
        ],
        "quotes": [
            {
                "text": "We will not move an inch",
                "speaker": "Lindqvist",
                "occurrences": [
                    {**cite("a", 40, 56), "text": "We will not move"},
                    {**cite("c", 60, 84), "text": "We will not move an inch"},
                ],
            }
        ],
        "figures": [
            {
                "measure": "raise (%)",
                "values": [
                    {"value": "4.5%", "citations": [cite("c", 90, 94)]},
                    {"value": "4%", "citations": [cite("a", 60, 62)]},
                ],
            },
            {
                "measure": "ships waiting",
                "values": [{"value": "40", "citations": [cite("c", 99, 101)]}],
            },
        ],
        "conflicts": [],
    }
    meta = {"c": {"id": "c", "source": "Courier", "title": "Mediator named"}}
    log = ch.diff(OLD, new, revision=3, at="2026-03-11T08:00:00.000+00:00", articles=meta)
    got = [(c["kind"], c["text"], [s["article"] for s in c["sources"]]) for c in log]
    assert got == [
        ("article_added", "Mediator named", ["c"]),
        ("statement_sources_added", "Talks will resume on Thursday.", ["c"]),
        ("statement_added", "A mediator was named.", ["c"]),
        ("statement_removed", "The union wants 6%.", ["b"]),
        ("quote_sources_added", "We will not move an inch", ["c"]),
        ("figure_updated", "raise (%)", ["c"]),
        ("figure_added", "ships waiting", ["c"]),
        ("conflict_resolved", "Sources differ on the raise: 4% vs 5%", ["a", "b"]),
    ]
    assert log[0]["sources"] == [{"article": "c", "source": "Courier", "title": "Mediator named"}]
    assert log[1]["support"] == [2, 3]
    assert log[5]["before"] == [{"value": "4%", "sources": ["a"]}]
    assert log[5]["after"] == [
        {"value": "4.5%", "sources": ["c"]},
        {"value": "4%", "sources": ["a"]},
    ]
    assert log[7]["before"][1] == {"value": "5%", "sources": ["b"]}
    wrapped = {
        "id": "s-x",
        "title": "Pay talks",
        "revision": 3,
        "updated_at": "2026-03-11T08:00:00.000+00:00",
        "since": None,
        "revisions": [
            {"revision": 3, "at": log[0]["at"], "title": "Pay talks", "articles": 3, "changes": log}
        ],
    }
    assert ch.schema_errors(wrapped) == []
    back = ch.diff(new, OLD, revision=4, at="t")
    assert [(c["kind"], c["text"]) for c in back] == [
        ("article_removed", "c"),  # named by its id: no article JSON was given
        ("statement_added", "The union wants 6%."),
        ("statement_removed", "A mediator was named."),
        # the quote and the statement kept their other sources: not removed
        ("figure_updated", "raise (%)"),
        ("figure_removed", "ships waiting"),
        ("conflict_opened", "Sources differ on the raise: 4% vs 5%"),
    ]


def test_changes_diff_reports_a_rebuilt_story_with_nothing_tracked_changed() -> None:
    (log,) = ch.diff(OLD, {**OLD, "summary": [{"text": "Other words."}]}, revision=2, at="t")
    assert log["kind"] == "revised" and log["sources"] == []


CMD = [sys.executable, "-m", "storyline.cli", "brief", "--format", "json", "-q"]


def run_brief(db: Path, *paths: Path) -> subprocess.CompletedProcess[str]:
    args = [*CMD, "--db", str(db), *map(str, paths)]
    return subprocess.run(args, capture_output=True, text=True, timeout=600, check=False)


def consistent_revisions(db: Path) -> dict[str, int]:
    """Check every stored story's revisions and return `{story: latest revision}`.

    Revisions are numbered 1..n without a gap, no two in a row are alike, and
    each one's change log is exactly the diff from the one before.
    """
    with read_store(db) as store:
        sids = [r[0] for r in store.conn.execute("SELECT DISTINCT story_id FROM story_revisions")]
        heads = store.story_heads(sids)
        meta = {a.id: a.to_dict() for a in store.articles()}
        for sid in sids:
            previous = None
            for n in range(1, heads[sid][0] + 1):
                rev = store.story_revision(sid, n)
                assert rev is not None, f"{sid}: revision {n} is missing"
                assert previous is None or ch.digest(previous) != ch.digest(rev["story"])
                assert rev["changes"] == ch.diff(previous, rev["story"], n, rev["updated_at"], meta)
                previous = rev["story"]
    return {sid: head[0] for sid, head in heads.items()}


@pytest.mark.slow
def test_changes_kill_9_leaves_revisions_consistent(
    news: tuple[Path, Path], tmp_path: Path
) -> None:
    day1, day2 = news
    start = tmp_path / "day1.db"
    api.brief([day1], db=str(start))
    clean = tmp_path / "clean.db"
    shutil.copy(start, clean)
    t0 = time.monotonic()
    done = subprocess.run(
        [*CMD, "--db", str(clean), str(day1), str(day2)],
        capture_output=True,
        text=True,
        check=False,
    )
    took = time.monotonic() - t0
    assert done.returncode == 0, done.stderr[-2000:]
    expected = json.loads(done.stdout)["stories"]

    db = tmp_path / "news.db"
    shutil.copy(start, db)
    rng = random.Random(12)
    for moment in sorted(rng.uniform(0.5, 1.0) * took for _ in range(2)):
        proc = subprocess.Popen(
            [*CMD, "--db", str(db), str(day1), str(day2)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(moment)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert set(consistent_revisions(db).values()) <= {1, 2}
    done = run_brief(db, day1, day2)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["stories"] == expected
    (sid,) = [s["id"] for s in expected]
    assert consistent_revisions(db) == consistent_revisions(clean) == {sid: 2}
    stored = api.stored_story(str(db), sid)
    assert stored is not None and stored["story"] == expected[0]


def test_changes_revisions_are_saved_all_or_none(followed_file: dict, tmp_path: Path) -> None:
    """One transaction for a run's revisions: a failing row leaves none of them."""
    db = tmp_path / "copy.db"
    shutil.copy(followed_file["db"], db)
    story = followed_file["second"]["stories"][0]
    row = {
        "story_id": "s-other",
        "revision": 1,
        "created_at": ch.now(),
        "digest": ch.digest(story),
        "title": "Other",
        "date": None,
        "article_ids": story["articles"],
        "n_articles": 5,
        "n_sources": 5,
        "n_statements": 0,
        "n_conflicts": 0,
        "entities": [],
        "story": story,
        "changes": [],
    }
    clash = {**row, "story_id": story["id"], "revision": 2}  # revision 2 is stored already
    with open_store(db) as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.add_story_revisions([row, clash])
        assert store.story_revision("s-other") is None
        store.add_story_revisions([row])
        assert store.story_head("s-other") == {
            "id": "s-other",
            "revision": 1,
            "updated_at": row["created_at"],
            "title": "Other",
        }


def test_changes_cluster_alone_saves_no_revision(news: tuple[Path, Path], tmp_path: Path) -> None:
    """`cluster` builds no story content: the store holds stories but no revision to list."""
    db = str(tmp_path / "news.db")
    clustered = api.cluster([news[0]], db=db)
    assert len(clustered["stories"]) == 1
    runner = CliRunner()
    listed = runner.invoke(main, ["stories", "--db", db])
    assert listed.exit_code == 0 and listed.output == "No stored stories.\n"
    assert json.loads(runner.invoke(main, ["stories", "--db", db, "--format", "json"]).output) == []
    sid = clustered["stories"][0]["id"]
    unknown = runner.invoke(main, ["changes", sid, "--db", db])
    assert unknown.exit_code == 2 and f"[E109] no stored story {sid!r}" in unknown.output


@pytest.mark.slow
def test_changes_two_runs_at_once_leave_one_history(
    news: tuple[Path, Path], tmp_path: Path
) -> None:
    """Day one and both days briefed at the same moment on one store: whichever builds
    last, the latest revision is the story of all five articles, and the history is
    whole (a build outdated by the other run's articles is not saved)."""
    day1, day2 = news
    db = tmp_path / "news.db"
    runs = [
        subprocess.Popen(
            [*[c for c in CMD if c != "-q"], "--db", str(db), *map(str, paths)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for paths in ([day1], [day1, day2])
    ]
    for proc in runs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-2000:]
    ((sid, latest),) = consistent_revisions(db).items()
    first = api.stored_story(str(db), sid, revision=1)
    assert first is not None
    if latest == 2:  # day one saved first: three articles, then five
        assert len(first["story"]["articles"]) == 3
    else:  # both days saved first; day one's build was outdated, or held all five too
        assert len(first["story"]["articles"]) == 5
    stored = api.stored_story(str(db), sid)
    assert stored is not None and len(stored["story"]["articles"]) == 5
    again = run_brief(db, day1, day2)
    assert again.returncode == 0, again.stderr[-2000:]
    assert json.loads(again.stdout)["stories"] == [stored["story"]]
    assert consistent_revisions(db) == {sid: latest}  # nothing new to record


def test_changes_story_json_is_stored_compressed(followed_file: dict) -> None:
    """A revision keeps its story zlib-compressed, and reads back equal to the brief's."""
    story = followed_file["second"]["stories"][0]
    with read_store(followed_file["db"]) as store:
        (packed,) = store.conn.execute(
            "SELECT story FROM story_revisions WHERE story_id = ? AND revision = 2", (story["id"],)
        ).fetchone()
        assert isinstance(packed, bytes)
        assert len(packed) * 4 < len(json.dumps(story, ensure_ascii=False).encode("utf-8"))
        rev = store.story_revision(story["id"], 2)
    assert rev is not None and rev["story"] == story


def test_changes_a_statement_split_names_the_sources_no_longer_cited_for_it() -> None:
    """A statement that gains one source and keeps one of three says which it lost: "(3 -> 2)"
    alone reads as sources dropped for nothing."""
    old = {**OLD, "articles": ["a", "b", "c"], "statements": [
        {"text": "The council closed the bridge.", "support": 3,
         "citations": [cite("a", 0, 30), cite("b", 0, 30), cite("c", 0, 30)]},
    ]}  # fmt: skip
    new = {**old, "articles": ["a", "b", "c", "d"], "statements": [
        {"text": "The council closed the bridge.", "support": 2,
         "citations": [cite("a", 0, 30), cite("d", 0, 30)]},
        {"text": "The bridge was closed on Tuesday.", "support": 2,
         "citations": [cite("b", 0, 30), cite("c", 0, 30)]},
    ]}  # fmt: skip
    outlets = ["Wire", "Herald", "Gazette", "Post"]
    meta = {k: {"id": k, "source": name} for k, name in zip("abcd", outlets, strict=True)}
    log = ch.diff(old, new, revision=2, at="t", articles=meta)
    (grown,) = [c for c in log if c["kind"] == "statement_sources_added"]
    assert grown["what"].startswith("new source for a statement (3 -> 2): The council closed")
    assert grown["what"].endswith("; no longer cited for it: Herald, Gazette")
    assert [s["source"] for s in grown["sources"]] == ["Post"]
    kept = ch.diff(OLD, {**OLD, "articles": ["a", "b", "c"], "statements": [
        {**OLD["statements"][0], "support": 3, "citations": [cite("a", 0, 22), cite("c", 0, 9)]},
        OLD["statements"][1],
    ]}, revision=2, at="t")  # fmt: skip
    assert "no longer cited" not in kept[1]["what"]
