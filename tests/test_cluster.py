"""Story clustering: every article in one story, copies with their original, stable ids."""

from __future__ import annotations

from pathlib import Path

import storyline
from storyline.stories.clustering import names

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


def test_cluster_articles_without_a_capital_letter() -> None:
    """Lower-cased text (no name anywhere) clusters on its words: it once stopped the run
    ("empty vocabulary" from the name features)."""
    texts = [t.lower() for t in [*HARBOUR, *AIRLINE]]
    out = storyline.cluster([{"text": t} for t in texts])
    stories = _stories(out)
    ids = [a["id"] for a in out["articles"]]
    assert len(ids) == 6 and not out["rejected"]
    assert len({stories[i] for i in ids[:3]}) == 1 and len({stories[i] for i in ids[3:]}) == 1
    assert stories[ids[0]] != stories[ids[3]]


def test_cluster_attach_joins_mutual_nearest_lone_article() -> None:
    import numpy as np
    import scipy.sparse as sp

    from storyline.stories.clustering import ClusterOptions, _attach_small, _Groups

    # rows 0, 1: a story; row 2 close to it; row 3 a lone article far from everything
    x = sp.csr_matrix(
        np.array([[1, 0, 0], [0.9, 0.44, 0], [0.8, 0.6, 0], [0, 0.3, 0.95]], dtype=np.float32)
    )
    groups = _Groups(x)
    groups.union(0, 1)
    pairs = np.array([[0, 2], [1, 2], [1, 3], [2, 3]])
    _attach_small(groups, pairs, ClusterOptions(attach=0.6))
    assert groups.find(2) == groups.find(0)  # mutual nearest, average above `attach`
    assert groups.find(3) not in {groups.find(0), groups.find(2)}  # too far: stays alone
    lone = _Groups(x)
    lone.union(0, 1)
    _attach_small(lone, pairs, ClusterOptions(attach=0.99))
    assert lone.find(2) == 2  # below `attach`: stays alone


def test_cluster_incremental_names_groups_by_overlap_and_never_reuses_ids() -> None:
    from storyline.model import Article
    from storyline.stories.incremental import name_groups

    arts = [Article(id=i, text=i) for i in ("a", "b", "c", "d", "e")]
    stored = {"a": "s-a", "b": "s-a", "c": "s-a", "d": "s-d"}
    # s-a split in two: {a, b} keeps s-a (larger overlap), {c} opens s-c
    names_ = name_groups([[arts[2]], [arts[0], arts[1]], [arts[3], arts[4]]], stored)
    assert names_[1] == "s-a" and names_[2] == "s-d"
    assert names_[0] == "s-c"  # fresh, from its first article
    # a new group whose natural id is taken by a stored story gets another one
    again = name_groups([[arts[0]], [arts[1], arts[2]]], {"a": "s-b", "b": "s-b", "c": "s-b"})
    assert again[1] == "s-b" and again[0] == "s-a"
    clash = name_groups([[arts[1]], [arts[0]]], {"a": "s-b"})
    assert clash[1] == "s-b" and clash[0] not in {"s-b"}


def test_cluster_incremental_revises_an_early_merge(tmp_path: Path) -> None:
    """Two lone articles merged in run 1 are split when their story-mates arrive."""
    from storyline.config import Config
    from storyline.model import Article, article_id
    from storyline.store.sqlite import open_store
    from storyline.stories.incremental import assign_stories

    def art(text: str) -> Article:
        return Article(id=article_id(text), text=text, title=text.split(". ")[0])

    first = [art(HARBOUR[0]), art(AIRLINE[0])]
    later = [art(t) for t in (HARBOUR[1], HARBOUR[2], AIRLINE[1], AIRLINE[2])]
    with open_store(tmp_path / "s.db") as store:
        store.add_articles(first)
        store.add_story_members({a.id: "s-" + first[0].id for a in first}, {})  # a bad merge
        store.add_story_members({}, {a.id: ["skyvale", "kelmouth", "harbour"] for a in first})
        store.add_articles(later)
        out = assign_stories(later, Config(), store)
        final = store.stories_of([a.id for a in first + later])
    assert out[later[0].id] == final[later[0].id]
    harbour = {final[a.id] for a in (first[0], *later[:2])}
    airline = {final[a.id] for a in (first[1], *later[2:])}
    assert len(harbour) == 1 and len(airline) == 1 and harbour != airline
    assert final[first[0].id] == "s-" + first[0].id  # the story keeps its id


def test_cluster_two_lone_articles_of_one_kind_of_event_are_two_stories() -> None:
    """Two stabbings in two cities, each article without a neighbourhood in a day of other
    news: dividing their similarity by a local scale at its floor made the words of the
    kind of event ("stabbed to death", "police said") a story; a pair of such lone
    articles needs the similarity of one event's articles (`ClusterOptions.lone_floor`).
    Two reports of one fire still make one story."""
    FILLER = [
        "Farlow library reopens after roof repairs. The Farlow city library opened its doors "
        "again on Tuesday after six months of roof repairs, with a new reading room for "
        "children.",
        "Dorvane growers expect a small wine harvest. A dry spring has cut the grape crop in "
        "the Dorvane valley by a third, the growers' association said.",
        "Skyvale Airways adds routes to the north. The airline will fly twice a week from "
        "Dunmore to Ardley and Stennis from May, its chief executive said.",
        "Wexby council approves new bus lanes. Buses will get their own lanes on Harbour Road"
        " and Mill Street from June after a council vote on Monday.",
        "Orla Vantreece wins Pelling marathon. The Pelling runner crossed the line in two "
        "hours and nine minutes, a course record, ahead of 4,000 runners.",
        "Northgate tunnel toll to rise. Drivers will pay 30 cents more to use the Northgate "
        "tunnel from April, its operator announced.",
        "Museum in Ostvik shows lost paintings. Twelve paintings by Ida Marrow, missing since"
        " 1970, go on show at the Ostvik art museum this month.",
        "Hallen factory to hire 200 workers. The Pellar glass factory in Hallen will hire 200"
        " workers after winning an order for bottles, the company said.",
    ]
    STABBINGS = [
        "Man stabbed to death on a Kelmouth train. A 31-year-old man was stabbed to death on "
        "a commuter train in Kelmouth on Sunday night, police said; a suspect was arrested at"
        " the next station.",
        "Doctor stabbed to death during a lecture in Brennor. A doctor was stabbed to death "
        "while giving a lecture at a Brennor hospital on Tuesday, police said, and a man was "
        "detained at the scene.",
    ]
    ONE_EVENT = [
        "Fire destroys Talmor grain store. A fire destroyed the Talmor grain cooperative's "
        "main store on Sunday night, and firefighters from three towns fought it until "
        "morning.",
        "Talmor cooperative loses grain store to fire. Firefighters from three towns fought a"
        " fire at the Talmor grain cooperative's store through Sunday night, but the building"
        " was destroyed.",
    ]
    arts = [{"text": t, "published": "2026-03-04", "source": f"S{n}"}
            for n, t in enumerate(FILLER + STABBINGS + ONE_EVENT)]  # fmt: skip
    out = storyline.cluster(arts)
    story = _stories(out)
    ids = [a["id"] for a in out["articles"]]
    stabbings, fire = ids[len(FILLER) : len(FILLER) + 2], ids[len(FILLER) + 2 :]
    assert story[stabbings[0]] != story[stabbings[1]]
    assert story[fire[0]] == story[fire[1]]
    assert len(out["stories"]) == len(arts) - 1
