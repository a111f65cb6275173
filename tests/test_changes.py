"""Stories that evolve: stored revisions, their change logs, `storyline changes / stories`.

Real runs of the pipeline through the api and the CLI over short articles written
here (one flood, told by five outlets over two days): run 1 stores three
articles, run 2 adds two more, one of which gives another number of evacuated
residents and a new quote. The change log of revision 2 is asserted item by item.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline import api
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
def followed(news: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A store after run 1 (day 1) and run 2 (both days), with the times between."""
    day1, day2 = news
    db = str(tmp_path_factory.mktemp("store") / "news.db")
    first = api.brief([day1], db=db)
    between = ch.now()
    second = api.brief([day1, day2], db=db)
    return {"db": db, "first": first, "second": second, "between": between}


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
    assert api.stored_article(followed["db"], art["id"]) == art
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
    figure = one("figure_updated", "resident move")
    assert [v["value"] for v in figure["before"]] == ["About 300"]
    assert [v["value"] for v in figure["after"]] == ["About 450", "About 300"]
    assert source_names(figure) == ["Courier"]
    number = one(
        "conflict_opened",
        "Sources differ on the number of residents: 300 (2 sources) vs 450 (1 source)",
    )
    assert [(s["value"], len(s["sources"])) for s in number["after"]] == [("300", 2), ("450", 1)]
    assert source_names(number) == ["Wire", "Herald", "Courier"]
    # nothing was lost on day two: no statement, quote, figure or conflict went away
    kinds = {c["kind"] for c in log}
    assert kinds <= set(ch.KINDS)
    assert not kinds & {"statement_removed", "quote_removed", "figure_removed"}
    assert not kinds & {"conflict_resolved", "article_removed", "revised"}
