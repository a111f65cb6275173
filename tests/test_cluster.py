"""Story clustering: every article in one story, copies with their original, stable ids."""

from __future__ import annotations

from pathlib import Path

import storyline
from storyline.clustering import names

HARBOUR = [
    "Harbour bridge in Kelmouth closed after cracks found. The Kelmouth council shut the "
    "harbour bridge on Tuesday after engineers found cracks in its steel supports, and "
    "traffic goes through the Northgate tunnel.",
    "Kelmouth shuts harbour bridge for repairs. Engineers reported cracked steel supports on "
    "the Kelmouth harbour bridge, and the council closed it on Tuesday; drivers must use the "
    "Northgate tunnel.",
    "Cracked supports close Kelmouth's harbour bridge. The council of Kelmouth closed the "
    "harbour bridge after cracks in the steel supports; the Northgate tunnel takes the traffic.",
]
AIRLINE = [
    "Skyvale grounds fleet after software fault. Skyvale Airways cancelled forty flights on "
    "Friday when a software fault grounded its planes at Brennor airport.",
    "Software fault grounds Skyvale Airways planes. Forty Skyvale flights were cancelled at "
    "Brennor airport on Friday after a software fault grounded the fleet.",
    "Skyvale Airways cancels forty flights. A software fault kept Skyvale planes on the ground "
    "at Brennor airport on Friday, and forty flights were cancelled.",
]
HARVEST = [
    "Early grape harvest in Dorvane valley. Dorvane growers began picking grapes two weeks "
    "early after a hot summer, expecting a small but fine vintage.",
    "Dorvane vineyards start harvest early. A hot dry summer ripened Dorvane grapes two weeks "
    "ahead of schedule and growers began picking this week, expecting a fine vintage.",
]


def _stories(out: dict) -> dict[str, str]:
    return {a: s["id"] for s in out["stories"] for a in s["articles"]}


def test_cluster_recovers_events_and_covers_every_article() -> None:
    texts = [HARBOUR[0], AIRLINE[0], HARVEST[0], HARBOUR[1], AIRLINE[1], HARVEST[1], HARBOUR[2]]
    out = storyline.cluster([{"text": t} for t in texts])
    ids = [a["id"] for a in out["articles"]]
    member = [a for s in out["stories"] for a in s["articles"]]
    assert sorted(member) == sorted(ids)  # every article in exactly one story
    story = _stories(out)
    assert len(out["stories"]) == 3
    assert story[ids[0]] == story[ids[3]] == story[ids[6]]
    assert story[ids[1]] == story[ids[4]] and story[ids[2]] == story[ids[5]]
    assert story[ids[0]] == "s-" + ids[0]


def test_cluster_copy_lands_in_its_originals_story() -> None:
    extra = "\n\nA Skyvale spokesperson declined to comment on the fault."
    texts = [HARBOUR[0], AIRLINE[0], AIRLINE[0] + extra, HARVEST[0]]
    out = storyline.cluster([{"text": t} for t in texts])
    arts = out["articles"]
    assert arts[2]["duplicate_of"] == arts[1]["id"]
    story = _stories(out)
    assert story[arts[2]["id"]] == story[arts[1]["id"]]


def test_cluster_far_apart_dates_split_a_story() -> None:
    texts = [HARBOUR[0], HARBOUR[1]]
    out = storyline.cluster(
        [
            {"text": texts[0], "published": "2021-03-01"},
            {"text": texts[1], "published": "2024-06-01"},
        ]
    )
    assert len(out["stories"]) == 2


def test_cluster_names_finds_proper_nouns() -> None:
    found = names("The council of Kelmouth met Mary Ann Lee on Tuesday at the NATO office.")
    assert "kelmouth" in found and "mary ann lee" in found and "nato" in found
    assert "tuesday" not in found and "the" not in found


def test_cluster_incremental_joins_stored_stories_with_stable_ids(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    first = storyline.cluster([{"text": HARBOUR[0]}, {"text": AIRLINE[0]}], db=db)
    assert len(first["stories"]) == 2
    ids_before = {s["id"] for s in first["stories"]}
    second = storyline.cluster(
        [{"text": t} for t in (HARBOUR[1], AIRLINE[1], HARVEST[0], HARVEST[1])], db=db
    )
    story = _stories(second)
    h0 = first["stories"][0]["articles"][0]
    assert set(ids_before) <= {s["id"] for s in second["stories"]}
    by_id = {s["id"]: s for s in second["stories"]}
    harbour_story = next(s for s in first["stories"] if h0 in s["articles"])["id"]
    assert len(by_id[harbour_story]["articles"]) == 2  # the new harbour article joined
    new_ids = [a["id"] for a in second["articles"][:4]]
    assert story[new_ids[2]] == story[new_ids[3]] == "s-" + new_ids[2]  # a new story opened
    again = storyline.cluster([{"text": t} for t in (*HARBOUR, *AIRLINE, *HARVEST)], db=db)
    assert {s["id"] for s in again["stories"]} == {s["id"] for s in second["stories"]}
    assert len(again["stories"]) == 3


def test_cluster_seeds_form_one_story_without_copies(seeds_dir: Path) -> None:
    out = storyline.cluster([seeds_dir])
    assert len(out["articles"]) == 5
    assert len(out["stories"]) == 1
    assert all(a["duplicate_of"] is None for a in out["articles"])
