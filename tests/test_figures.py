"""Figures keyed by what they measure: short articles written here, and the seeds."""

from __future__ import annotations

from typing import Any

import pytest

import storyline
from storyline import api
from storyline.analyse import nlp
from storyline.analyse.dates import extract_dates
from storyline.analyse.quantities import extract_quantities
from storyline.config import Config
from storyline.context import StoryContext
from storyline.crosscheck import figure_conflicts as figure_conflicts_module
from storyline.crosscheck.figure_conflicts import figure_conflicts
from storyline.crosscheck.figures import article_readings, find_figures
from storyline.ingest.readers import read_inputs
from storyline.model import Figure, FigureValue, Span
from storyline.validate import citation_errors, schema_errors


def _story(*texts: str | tuple[str, str]) -> dict[str, Any]:
    """One story of short articles, each from its own outlet (text or (text, published))."""
    arts = []
    for i, t in enumerate(texts):
        text, published = t if isinstance(t, tuple) else (t, "2024-03-01")
        arts.append({"text": text, "source": f"outlet{i}", "published": published,
                     "title": f"Report {i}"})  # fmt: skip
    out = storyline.brief(arts, cluster="single", dedup="none")
    assert not schema_errors(out) and not citation_errors(out)
    return out["stories"][0]  # type: ignore[no-any-return]


def _figure_conflicts(story: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in story["conflicts"] if c["description"].startswith("Sources ")]


def _values(c: dict[str, Any]) -> list[str]:
    return [s["value"] for s in c["sides"]]


def _rows(story: dict[str, Any]) -> dict[str, list[str]]:
    """The figures table: measure -> its values."""
    return {f["measure"]: [v["value"] for v in f["values"]] for f in story["figures"]}


def test_figures_keyed_by_whose_goods() -> None:
    story = _story(
        "Washington kept a 30% tariff on Chinese goods, while Beijing kept 10% on American "
        "exports.",
        "The United States now charges 10% on goods from China, officials said on Monday.",
    )
    hits = [c for c in story["conflicts"] if {"30%", "10%"} <= set(_values(c))]
    assert len(hits) == 1 and hits[0]["kind"] == "number"
    assert "China" in hits[0]["description"]
    measures = [f["measure"] for f in story["figures"]]
    assert any("goods from China" in m for m in measures)
    assert any("goods from US" in m for m in measures)


def test_figures_count_of_events_meets_ordinal() -> None:
    story = _story(
        "The governor has extended the curfew three times since March, aides said.",
        "It is already the fourth extension of the curfew, the governor said.",
    )
    hits = [c for c in story["conflicts"] if c["kind"] in {"count", "ordinal"}]
    assert hits, story["conflicts"]
    assert {"three times", "fourth extension"} <= set(_values(hits[0]))


def test_figures_durations_and_counts_of_one_noun_told_of_others_are_no_update() -> None:
    """A measure of one noun is often two things in a story followed over weeks: a show's
    two-year run and twelve-year runs in office share no party and no name, so they are
    no update; the extensions both sentences credit to one mayor (a name, no party
    parsed in the second) still disagree."""
    story = _story(
        ("Vidal's cookery show was cancelled after a two-year run, the network said.",
         "2024-03-01"),
        ("Twelve-year runs in the governor's office by a single party are rare, historians "
         "say.", "2024-03-09"),
    )  # fmt: skip
    assert _rows(story).get("run (days)") == ["two-year", "Twelve-year"], story["figures"]
    assert not _figure_conflicts(story), story["conflicts"]
    story = _story(
        ("Mayor Ines Corda has extended the bridge deadline three times since January.",
         "2024-03-01"),
        ("It is already the fourth extension granted by Mayor Ines Corda this year.",
         "2024-03-02"),
    )  # fmt: skip
    hits = [c for c in _figure_conflicts(story) if c["kind"] == "update"]
    assert [_values(c) for c in hits] == [["three times", "fourth extension"]], story["conflicts"]


def test_figures_a_share_by_which_one_thing_exceeds_another_is_no_share() -> None:
    """ "44 percent fewer supporters ... than she did eight years ago" is a difference, not
    her share of support, which the other source gives."""
    story = _story(
        ("Ines Corda wins with 38 percent support in Karvel, the poll found.", "2024-03-01"),
        ("Ines Corda had 44 percent fewer supporters in Karvel than she did eight years ago.",
         "2024-03-04"),
    )  # fmt: skip
    shares = [values for label, values in _rows(story).items() if label.startswith("support")]
    assert shares == [["38 percent"]], story["figures"]
    assert not _figure_conflicts(story), story["conflicts"]


def test_figures_amounts_two_people_want_are_no_update() -> None:
    """Two candidates' minimum wages are one measure by their words, and no update: no
    party, no named thing and no name in common (amounts of one named thing meet:
    `test_figures_amounts_on_one_named_thing_meet`)."""
    story = _story(
        ("Tomas Vidal: 'It Is Not A Radical Idea' To Ask For A $15 Minimum Wage.", "2024-03-01"),
        ("Ines Corda has said that she supports a $12 wage nationally.", "2024-03-09"),
    )
    assert sorted(next(iter(_rows(story).values()))) == ["$12", "$15"], story["figures"]
    assert not _figure_conflicts(story), story["conflicts"]


def test_figures_a_share_of_one_people_is_no_share_of_all() -> None:
    """A candidate's support among one party's voters and his support among everyone
    asked are two measures, no update; the support among one party's voters in two
    polls is one."""
    story = _story(
        ("The latest Karvel Herald poll showed Vidal leading the field with support of 31"
         " percent of Republican voters, followed by Corda at 17 percent.", "2024-03-01"),
        ("When the poll asked about both candidates, Corda was supported by 42 percent,"
         " while Vidal received 38 percent support.", "2024-03-09"),
    )  # fmt: skip
    assert not _figure_conflicts(story), story["conflicts"]
    story = _story(
        ("A poll showed Vidal with support of 31 percent of Republican voters.", "2024-03-01"),
        ("A later poll gave Vidal the support of 38 percent of Republican voters.", "2024-03-09"),
    )
    assert [c["kind"] for c in _figure_conflicts(story)] == ["update"], story["conflicts"]


def test_figures_ordinal_naming_one_day_is_no_count() -> None:
    story = _story(
        "The first day of the summit ended without a deal, delegates said.",
        "The second day of the summit began on Tuesday with talks on trade.",
    )
    assert not [c for c in story["conflicts"] if c["kind"] in {"ordinal", "count"}]


def test_figures_update_in_time_order() -> None:
    story = _story(
        ("The toll from the bomb blast in Jableh rose to 31, officials said on Tuesday.",
         "2024-03-02"),
        ("A bomb blast killed 20 people in the market of Jableh on Monday.", "2024-03-01"),
    )  # fmt: skip
    ups = [c for c in story["conflicts"] if c["kind"] == "update"]
    assert len(ups) == 1, story["conflicts"]
    assert [s["value"] for s in ups[0]["sides"]] == ["20", "31"]


def test_figures_two_values_of_one_sentence_are_two_measures() -> None:
    """ "Vella leading Marsh, 49 percent to 44 percent" gives each one's share, which the
    keys do not tell apart: two rows, not one row of two values as if in dispute. A
    sentence telling one value as the other's earlier figure ("rose from 20 to 31")
    gives one measure over time."""
    story = _story(
        "A Harbour Gazette poll released on Monday shows Vella leading Marsh, 49 percent to "
        "44 percent, in Karvel.",
        "The death toll from the Jableh market blast rose from 20 to 31 on Tuesday, a "
        "monitor said.",
    )
    rows = _rows(story)
    assert ["49 percent"] in rows.values() and ["44 percent"] in rows.values(), rows
    assert ["20", "31"] in rows.values(), rows


def _blast(updated: str) -> dict[str, Any]:
    return _story(
        ("The bomb blast in the market of Jableh killed 20 people on Monday, a monitor "
         "said.\n\nPolice closed the market.", "2024-03-01"),
        ("The bomb blast in the market of Jableh killed at least 31 people on Monday, the "
         "monitor said in an updated toll." + updated, "2024-03-02"),
        ("A bomb blast in the market of Jableh killed at least 24 people on Monday, a "
         "monitor said.", "2024-03-01"),
    )  # fmt: skip


def test_figures_an_updated_toll_is_no_dispute_too() -> None:
    """Tolls the figures read as updated are shown as the update, not also as a
    dispute of the aligned sentences that give them."""
    for updated in ("", "\n\nThe previous death toll was 12."):
        conflicts = _blast(updated)["conflicts"]
        assert [c["kind"] for c in conflicts] == ["update"], conflicts
        values = [s["value"] for s in conflicts[0]["sides"]]
        assert {"20", "at least 24", "at least 31"} <= set(values)
        assert ("12" in values) == bool(updated)


def test_figures_a_toll_larger_than_a_later_one_is_disputed_not_updated() -> None:
    """A count of the dead only grows: a first-day toll larger than a later day's is
    another estimate, disputed, while the tolls that grow over the days are the update
    (not "58 -> 72 -> 100 -> 80", a toll revised down)."""
    story = _story(
        ("A gas attack on the town of Marel killed at least 58 people on Tuesday, a "
         "monitor said.", "2024-03-05"),
        ("The gas attack on Marel killed at least 72 people on Tuesday, the monitor said "
         "later.", "2024-03-05"),
        ("Health officials said the gas attack on Marel killed at least 100 people on "
         "Tuesday.", "2024-03-05"),
        ("The gas attack on Marel on Tuesday killed some 80 people, the ministry said on "
         "Friday.", "2024-03-08"),
    )  # fmt: skip
    kinds = {c["kind"]: _values(c) for c in _figure_conflicts(story)}
    assert kinds.get("update") == ["at least 58", "at least 72", "some 80"], story["conflicts"]
    assert kinds.get("number", [])[:1] == ["at least 100"], story["conflicts"]
    assert set(kinds["number"]) == {"at least 100", "at least 58", "at least 72", "some 80"}


def test_figures_tolls_of_two_attacks_are_no_conflict() -> None:
    story = _story(
        "An air strike killed 12 people in Idlib on Tuesday, a monitor said.",
        "A car bomb killed 7 people in Azaz on Friday, a monitor said.",
    )
    assert not _figure_conflicts(story)


def test_figures_a_toll_of_one_attack_is_no_dispute_with_one_of_two() -> None:
    """A toll of one explosion is part of a toll of two: "an explosion outside St Mark's
    church killed 13" beside "two explosions at churches left at least 40 dead" is no
    dispute (a NeuS story had raised it); two tolls of an explosion each still are."""
    whole = (
        "Two explosions at churches in Tanta and Alexandria on Sunday left at least 40 people dead."
    )
    part = "In Alexandria, an explosion outside St Mark's church killed 13 people on Sunday."
    assert not _figure_conflicts(_story(whole, part))
    story = _story(part, part.replace("13", "17"))
    assert [sorted(_values(c)) for c in _figure_conflicts(story)] == [["13", "17"]]


@pytest.mark.parametrize(
    "total",
    [
        "The city has been battered by the five-year civil war which has killed more than "
        "300000 people.",
        "A research group has put the death toll from the five-year conflict at as high as 470000.",
        "A rights group said that 12679 people died in custody from March 2019 to June 2024.",
        "At least 545 people have been killed and hundreds more injured in the bombing "
        "campaign on the province since Tuesday.",
        "The province bore the brunt of the raids, with 374 people recorded killed in the "
        "city and countryside during the past week.",
    ],
)
def test_figures_a_war_total_is_no_toll_of_the_attack(total: str) -> None:
    """A toll of the whole war, told in a relative clause, as a toll "from the conflict",
    over a span of years, or a toll since a day or over the past week (wherever the parse
    hangs it in the toll's clause) is a running total: not a value of the attack's toll."""
    story = _story(
        ("An air strike killed 38 people in the market of Idlib on Sunday. " + total,
         "2024-07-01"),
        ("An air strike on the market of Idlib on Sunday killed 38 people, a monitor said.",
         "2024-07-01"),
    )  # fmt: skip
    rows = _rows(story)
    (attack,) = [m for m, values in rows.items() if "38" in values]
    assert rows[attack] == ["38"], rows
    (war,) = [m for m, values in rows.items() if m.startswith("people killed") and m != attack]
    assert "running total" in war or "over a " in war, rows
    assert not story["conflicts"]


def test_figures_a_weekday_that_lost_its_apostrophe_still_dates_a_toll() -> None:
    """Text stripped of apostrophes ("Saturdays convoy attack") still names the day: the
    126 of Saturday's attack is no value of Wednesday's toll of six."""
    story = _story(
        ("A bomb killed six people in Aleppo on Wednesday. Saturdays convoy attack killed "
         "126 people, a monitor said.", "2024-04-19"),
        ("A bomb blast killed six people in Aleppo on Wednesday, state television said.",
         "2024-04-19"),
    )  # fmt: skip
    rows = _rows(story)
    (six,) = [m for m, values in rows.items() if "six" in values]
    assert rows[six] == ["six"], rows
    assert not story["conflicts"]


def test_figures_amounts_of_other_holders_are_no_dispute() -> None:
    """An amount is disputed only between sources naming one holder, or none: "Ruiz's plan
    would raise $1.1 billion" and "his plan would dole out $4 billion" may be two plans."""
    plans = _story(
        "Budget analysts estimate that Ruiz's port plan would raise $1.1 billion over a decade.",
        "Though his plan would dole out $4 billion in fee cuts, one study found shippers "
        "would pay more.",
    )
    assert not _figure_conflicts(plans)
    same = _story(
        "Budget analysts estimate that Ruiz's port plan would raise $1.1 billion over a decade.",
        "Budget analysts say Ruiz's port plan would raise $4 billion over a decade.",
    )
    assert _figure_conflicts(same) or same["conflicts"]


def test_figures_a_total_in_another_clause_leaves_the_attack_toll_alone() -> None:
    """ "killed 12 ..., bringing the toll since Tuesday to 40": the 40 is the running
    total, the 12 the attack's toll, which the other source gives too."""
    story = _story(
        ("An air strike killed 12 people in Idlib on Monday, bringing the toll of the raids "
         "since Tuesday to 40.", "2024-07-01"),
        ("An air strike on Idlib killed 12 people on Monday, a monitor said.", "2024-07-01"),
    )  # fmt: skip
    rows = _rows(story)
    (attack,) = [m for m, values in rows.items() if "12" in values]
    assert "running total" not in attack, rows
    (total,) = [m for m, values in rows.items() if "40" in values]
    assert "running total" in total, rows
    assert not story["conflicts"]


@pytest.mark.parametrize(
    "said",
    [
        "A car bomb killed 40 people in Azaz on Friday, the deadliest attack in the town in the "
        "past year, a monitor said.",
        "Friday car bomb in Azaz kills at least 40, including 7-year-old girl.",
    ],
)
def test_figures_a_year_that_is_no_span_leaves_the_toll_alone(said: str) -> None:
    """A span that scopes a superlative ("the deadliest attack ... in the past year") or a
    child's age ("7-year-old", after an "at least" that is no superlative) makes no
    running total of the attack's toll."""
    story = _story(
        (said, "2024-07-05"),
        ("A car bomb in Azaz killed 40 people on Friday, a monitor said.", "2024-07-05"),
    )
    rows = _rows(story)
    (toll,) = [m for m in rows if m.startswith("people killed")]
    assert "over a" not in toll and "running total" not in toll, rows


def test_figures_an_age_is_no_count() -> None:
    story = _story(
        "The monitor verified the deaths of 1456 people, 110 of them under the age of 18.",
        "The monitor said it had verified 1456 deaths, including 110 under the age of 18.",
    )
    values = {v["value"] for f in story["figures"] for v in f["values"]}
    assert "18" not in values and "1456" in values


def test_figures_an_age_is_no_duration() -> None:
    """Outlets giving "an 11-year-old boy" and "a 15-year-old boy" give two ages (two
    boys, or one outlet wrong), not a time that grew from 11 years to 15: no "boy
    (days)" row and no update; a time that passed stays a duration."""
    story = _story(
        "An 11-year-old boy and a 90-year-old woman were hurt when the shelter collapsed on"
        " Monday. The boy, who is 11 years old, was taken to hospital. The shelter had stood"
        " for 40 years.",
        "A 15-year-old boy was hurt when the shelter collapsed on Monday. The shelter had"
        " stood for 40 years, and a 90-year-old woman was also hurt.",
    )
    values = {v["value"] for f in story["figures"] for v in f["values"]}
    assert "40 years" in values
    assert not values & {"11-year", "15-year", "90-year", "11 years", "11"}, values
    assert not [
        c for c in story["conflicts"] if c["kind"] == "update" or "(days)" in c["description"]
    ]
    quantities = {(q["text"], q["kind"]) for q in story["quantities"]}
    assert ("40 years", "duration") in quantities
    assert not any(q[0] in {"11-year", "15-year", "90-year", "11 years", "11"} for q in quantities)


def test_figures_outlets_giving_two_ages_of_one_person_disagree() -> None:
    """An age is compared with an age: "The 11-year-old boy was hurt ..." and "The
    15-year-old boy was hurt ..." are one claim told with two ages, a conflict, and no
    statement of two sources."""
    said = " boy was hurt when the old shelter in Karvel collapsed on Monday, officials said."
    story = _story("The 11-year-old" + said, "The 15-year-old" + said)
    ages = [sorted(_values(c)) for c in story["conflicts"]]
    assert ["11-year-old", "15-year-old"] in ages, story["conflicts"]
    assert all(st["support"] == 1 for st in story["statements"] if "boy" in st["text"])


def test_figures_the_aim_of_a_change_is_planned() -> None:
    """ "Called for the wage, now $7.25, to be raised to $15" and "supports raising it to
    $15" give the wage now and the one sought: two measures, not an update from $7.25 to
    $15 (the articles a day apart); the wage the change starts from is the wage now, and
    a change made ("raised $25 million", "forced it to cut 300 jobs") is no aim."""
    story = _story(
        ("Sanders has called for the national minimum wage, now $7.25 an hour, to be raised"
         " to $15 by 2020. His campaign raised $25 million in March.", "2016-03-29"),
        ("Clinton favors a smaller rise. Sanders supports raising the minimum wage from the"
         " current $7.25 to $15 by 2020. The slump forced the mill to cut 300 jobs.",
         "2016-03-30"),
    )  # fmt: skip
    rows = _rows(story)
    assert rows["wage (USD)"] == ["$7.25"], rows
    assert rows["wage (USD) (planned)"] == ["$15"], rows
    assert not _figure_conflicts(story) and not [
        c for c in story["conflicts"] if c["kind"] == "update"
    ]
    planned = {v for m, vs in rows.items() if "(planned)" in m for v in vs}
    assert "$25 million" not in planned and "300 jobs" not in planned, rows


def test_figures_a_measure_someone_backs_is_planned() -> None:
    """ "Backing a minimum wage of $15" gives the wage sought, not the wage: no update from
    the wage now ($7.25, a day earlier) to $15; a count of whom someone backs ("endorsed
    eight candidates") is no plan, nor a share of voters who back someone."""
    story = _story(
        ("The national minimum wage is now $7.25 an hour. Ruiz endorsed eight candidates on"
         " Monday.", "2016-03-29"),
        ("The two senators differ on backing a minimum wage of $15 an hour. Ruiz endorsed"
         " eight candidates on Monday, and 45 percent of voters back her.", "2016-03-30"),
    )  # fmt: skip
    rows = _rows(story)
    assert rows["wage (USD)"] == ["$7.25"], rows
    assert rows["wage (USD) (planned)"] == ["$15"], rows
    assert not [c for c in story["conflicts"] if c["kind"] == "update"], story["conflicts"]
    planned = {v for m, vs in rows.items() if "(planned)" in m for v in vs}
    assert not planned & {"eight candidates", "45 percent"}, rows


def test_figures_a_rank_and_a_ranked_group_measure_nothing() -> None:
    """A rank ("enemy No. 1", "the No. 2 official") and a group of people by rank ("the
    top 1 percent", "the bottom 40 percent of earners") are no figure, nor a dispute
    between 1 and 2 or 1 percent and 40; "the top 39.6 percent rate" is a rate."""
    story = _story(
        "Rubio's enemy No. 1 is Bush. The top 1 percent would pay more under the plan, and"
        " the top 39.6 percent rate would stay.",
        "Bush is the No. 2 official in the race. The bottom 40 percent of earners would pay"
        " less, and the top 35 percent rate would stay.",
    )
    values = {v["value"] for f in story["figures"] for v in f["values"]}
    assert not values & {"1", "2", "1 percent", "40 percent"}, values
    assert {"39.6 percent", "35 percent"} <= values, values


def test_figures_a_count_shows_what_it_counts_and_an_hour_is_none() -> None:
    """A count is shown with the words of what it counts ("1,200 temporary permits", not
    "1,200"), so a row reads without its sentence; an hour on the clock ("at 5 p.m.") is
    no figure."""
    story = _story(
        "The harbour office issued 1,200 temporary permits before the vote at 5 p.m. Friday.",
        "The office issued 1,500 temporary permits, the mayor said at 9 p.m. on Friday.",
    )
    values = {v["value"] for f in story["figures"] for v in f["values"]}
    assert {"1,200 temporary permits", "1,500 temporary permits"} <= values, values
    assert not any("p.m." in v or v in {"5", "9"} for v in values), values


def test_figures_hedged_values_fold() -> None:
    story = _story(
        "At least 30 people were killed in the earthquake in Herat on Saturday.",
        "The earthquake in Herat on Saturday killed 31 people, officials said.",
    )
    tolls = [f for f in story["figures"] if f["measure"].startswith("people killed")]
    assert tolls and len(tolls[0]["values"]) == 1
    assert not _figure_conflicts(story)


def test_figures_plans_are_another_measure() -> None:
    story = _story(
        "Washington plans to raise tariffs to 55% on Chinese goods next year.",
        "For now duties stand at 30% on Chinese goods, officials said.",
    )
    assert not _figure_conflicts(story)
    assert any("(planned)" in f["measure"] for f in story["figures"])


def test_figures_model_round_trip() -> None:
    f = Figure("people killed", (FigureValue("at least 24", (Span("a", 0, 5),)),))
    assert Figure.from_dict(f.to_dict()) == f


@pytest.fixture(scope="module")
def seeds_story(seeds_brief: dict) -> dict:
    assert not schema_errors(seeds_brief) and not citation_errors(seeds_brief)
    return seeds_brief["stories"][0]  # type: ignore[no-any-return]


def _path_of(brief: dict, aid: str) -> str:
    return next(a["path"] for a in brief["articles"] if a["id"] == aid)


def test_figures_seeds_tariffs_keyed_by_whose_goods(seeds_brief: dict, seeds_story: dict) -> None:
    found = []
    for c in seeds_story["conflicts"]:
        vals = {s["value"].replace(" percent", "%"): s for s in c["sides"]}
        if {"30%", "10%"} <= set(vals):
            files = {
                v: {
                    _path_of(seeds_brief, x["article"]).rsplit("/", 1)[-1][:3]
                    for x in side["citations"]
                }  # fmt: skip
                for v, side in vals.items()
            }
            found.append(files)
    # 001 and 004 disagree on both sides' rates: two conflicts, one per whose goods
    assert len(found) == 2, seeds_story["conflicts"]
    for files in found:
        assert files["30%"] | files["10%"] == {"001", "004"}
        assert files["30%"] != files["10%"]


def test_figures_seeds_extensions_count_vs_ordinal(seeds_brief: dict, seeds_story: dict) -> None:
    hits = [
        c
        for c in seeds_story["conflicts"]
        if c["kind"] in {"count", "ordinal"} and "extension" in c["description"]
    ]
    assert len(hits) == 1, seeds_story["conflicts"]
    files = {
        _path_of(seeds_brief, x["article"]).rsplit("/", 1)[-1][:3]
        for s in hits[0]["sides"]
        for x in s["citations"]
    }
    assert files == {"003", "004"}
    assert {s["value"] for s in hits[0]["sides"]} == {"three times", "fourth extension"}


def _holds(story: dict[str, Any], *values: str) -> bool:
    """Some conflict of the story shows every one of `values` among its sides."""
    return any(set(values) <= {s["value"] for s in c["sides"]} for c in story["conflicts"])


def test_figures_coordinated_toll_shares_modifiers() -> None:
    story = _story(
        "Six people were killed and 20 were injured in a bomb blast in Jableh on Friday.",
        "A bomb blast killed nine people in Jableh on Friday, a monitor said.",
    )
    assert _holds(story, "Six", "nine"), story["conflicts"]


def test_figures_a_toll_is_told_by_the_word_beside_it() -> None:
    """Headlines run tolls together without commas, and the parse goes astray: "kill 10
    civilians injure 16" had read 10 as wounded, "Nine persons killed 12 injured" 12 as
    killed. The word beside a count tells its toll; two joined ("dead and wounded") tell
    none of their own."""
    story = _story(
        "Rocket attacks on Salem district in Korvel kill 10 civilians injure 16.",
        "Nine persons killed 12 injured in rocket attacks on Korvel city.",
        "The militia, which has lost over 6,000 dead and wounded in the war, held the town.",
    )
    rows = {m: set(v) for m, v in _rows(story).items()}
    killed = set().union(*(v for m, v in rows.items() if m.startswith("people killed")))
    wounded = set().union(*(v for m, v in rows.items() if m.startswith("people wounded")))
    assert {"10", "Nine"} <= killed and not killed & {"16", "12", "over 6,000"}, rows
    assert {"16", "12"} <= wounded and "10" not in wounded, rows


def test_figures_whose_the_dead_were_is_no_toll() -> None:
    """ "Five civilians of one family" counts five dead, not one: the count after "of" on
    a counted noun says whose they were. A count so placed that is no toll stays."""
    story = _story(
        "Five civilians of one family were killed in air strikes on Korvel on Monday.",
        "Air strikes on Korvel killed five civilians on Monday, a monitor said.",
        "About 3000 residents of two villages left Korvel on Monday in buses.",
    )
    rows = _rows(story)
    tolls = [v.lower() for m, vs in rows.items() if m.startswith("people killed") for v in vs]
    assert "five" in tolls and "one" not in tolls, rows
    assert any(v.startswith("two") for vs in rows.values() for v in vs), rows


def test_figures_toll_in_relative_clause_takes_the_sentence_attack() -> None:
    story = _story(
        "The claims muddy the debate about a gas attack on Wednesday that activists say killed "
        "more than 130 people.",
        "Opponents said government forces killed 1300 people when they unleashed chemical "
        "weapons in the attacks on Wednesday.",
    )
    assert _holds(story, "more than 130", "1300"), story["conflicts"]


def test_figures_bare_toll_inherits_the_attack_told_before() -> None:
    story = _story(
        "A car bomb hit a convoy of buses outside the city. The monitor said the death toll was "
        "at least 24.",
        "At least 43 people were killed in a car bomb attack on the buses, the monitor said.",
    )
    assert _holds(story, "at least 24", "At least 43"), story["conflicts"]


def test_figures_death_tolls_do_not_fold_on_hedges() -> None:
    story = _story(
        "A gas attack killed at least 72 people in Khan Sheikhun, a monitor said.",
        "The gas attack in Khan Sheikhun killed some 80 people, officials said.",
    )
    assert _holds(story, "at least 72", "some 80"), story["conflicts"]


def test_figures_dateline_dates_a_toll_without_a_day() -> None:
    story = _story(
        ("AFP Friday 28 Oct 2016 Rebels fired rockets into the west of the city killing at "
         "least 15 people, a monitor said.", "2016-10-07"),
        ("Rocket shelling killed 11 people in the west of the city on Friday, a monitor said.",
         "2016-10-07"),
    )  # fmt: skip
    # neither as figures nor as the values of two aligned sentences
    assert not [c for c in story["conflicts"] if c["kind"] in {"number", "count"}], story[
        "conflicts"
    ]


def test_figures_a_toll_conflict_is_labelled_by_what_the_figures_measure() -> None:
    """Where aligned sentences disagree on a toll that the figures table measures too, the
    conflict reads as the figure's ("people killed (bombing; ...)"), once."""
    story = _story(
        "A suicide bomber struck a wedding hall in Tall Keppel on Monday, killing 32 people.",
        "At least 20 people were killed when a suicide bomber struck a wedding hall in Tall "
        "Keppel on Monday, a monitor reported.",
    )
    tolls = [c for c in story["conflicts"] if c["kind"] in {"number", "count"}]
    assert len(tolls) == 1, story["conflicts"]
    assert "killed (bombing" in tolls[0]["description"], tolls[0]["description"]


def test_figures_a_toll_on_a_day_in_dispute_stays_in_dispute() -> None:
    """Tolls the figures table keeps apart by their days are still one dispute where the
    sources dispute the day itself."""
    story = _story(
        "A magnitude 5.8 earthquake struck the hill town of Tarn on Sunday, killing 14 people.",
        "An earthquake of magnitude 5.8 shook the hill town of Tarn on Saturday, leaving 17 "
        "people dead.",
    )
    kinds = {c["kind"] for c in story["conflicts"]}
    assert any({"14", "17"} <= set(_values(c)) for c in story["conflicts"]), story["conflicts"]
    assert "date" in kinds, story["conflicts"]


def test_figures_since_the_war_is_a_running_total() -> None:
    story = _story(
        "A car bomb killed at least 100 people in Rashidin. More than 400000 people have been "
        "killed and millions more displaced since the conflict erupted.",
        "A car bomb in Rashidin killed 60 people, a monitor said.",
    )
    assert not _holds(story, "More than 400000", "60"), story["conflicts"]
    assert _holds(story, "at least 100", "60"), story["conflicts"]


def _context(*texts: str) -> StoryContext:
    """The context of one story of short articles, with quantities and dates read."""
    cfg = Config(cluster="single", dedup="none")
    arts, _ = read_inputs(
        [
            {"text": t, "source": f"outlet{i}", "published": "2024-03-01"}
            for i, t in enumerate(texts)
        ],
        cfg,
    )
    ctx = StoryContext("s", arts, nlp.annotate(arts), api.source_keys(arts), date="2024-03-01")
    ctx.quantities = extract_quantities(ctx, cfg)
    ctx.dates = extract_dates(ctx, cfg)
    return ctx


def test_figure_conflicts_reuse_the_figures_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = _context(
        "A bomb blast killed 20 people in the market of Jableh on Monday.",
        "A bomb blast in Jableh on Monday killed 31 people, officials said.",
    )
    fresh = figure_conflicts(ctx)  # ctx.figures empty: the figures are read here
    assert len(fresh) == 1
    ctx.figures = find_figures(ctx, Config())

    def read_again(ctx: StoryContext) -> None:
        raise AssertionError("the figures stage's measures were not reused")

    with monkeypatch.context() as m:
        m.setattr(figure_conflicts_module, "measures", read_again)
        assert figure_conflicts(ctx) == fresh
    ctx.articles = ctx.articles[:1]  # other articles: read again, not reused
    assert figure_conflicts(ctx) == []


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # the tagger reads the monitor as a place; the towns the dead came from are not
        # where they died
        ("British-based monitor the Syrian Observatory for Human Rights counted 24 dead and "
         "dozens more wounded.", set()),
        ("The Syrian Observatory for Human Rights said that 98 evacuees from the towns of Fuaa "
         "and Kafraya were killed when a vehicle hit their buses.", set()),
        ("A car bomb killed 12 people in the town of Azaz on Tuesday.", {"azaz"}),
        ("Air strikes killed eight civilians in Taduf near Aleppo.", {"taduf", "aleppo"}),
    ],
)  # fmt: skip
def test_figures_places_only_where_something_happened(text: str, places: set[str]) -> None:
    ctx = _context(text)
    (reading,) = article_readings(ctx, ctx.articles[0].id)
    assert set(reading.key.places) == places


def test_figures_toll_credited_to_another_source_is_stated() -> None:
    story = _story(
        "A car bomb hit the buses near the city. State media said the bomb killed at least 22 "
        "people. The Observatory said the death toll was at least 24.",
        "At least 43 people were killed in the car bomb attack on the buses, the Observatory said.",
    )
    assert _holds(story, "at least 24", "At least 43"), story["conflicts"]


def test_figures_later_toll_of_no_source_is_no_claim() -> None:
    story = _story(
        "Air strikes killed 13 civilians in Aleppo province on Wednesday, a monitoring group "
        "said. In the west eight civilians were killed when warplanes struck the village of "
        "Daret Izza.",
        "Air strikes killed 13 civilians in Aleppo province on Wednesday, a monitor said.",
    )
    assert not _figure_conflicts(story)


def test_figures_attack_risen_to_is_its_toll() -> None:
    story = _story(
        "A source told reporters that a suicide blast targeting the convoy has risen to 70.",
        "A suicide blast on the convoy killed at least 100 people on Saturday.",
    )
    assert _holds(story, "70", "at least 100"), story["conflicts"]


def test_figures_war_monitor_and_superlative_scope_are_no_period() -> None:
    story = _story(
        "The death toll from the bomb attack on the convoy reached 126, the deadliest such "
        "incident in almost a year, a war monitor said.",
        "The death toll from the bomb attack on the convoy reached 112, a monitor said.",
    )
    assert _holds(story, "126", "112"), story["conflicts"]
    assert not any("over a" in f["measure"] for f in story["figures"])


def test_figures_number_of_the_dead_is_a_part() -> None:
    story = _story(
        "A car bomb killed 126 people in Rashidin. At least 109 of the dead were evacuees, the "
        "monitor said.",
        "A car bomb killed 126 people in Rashidin, officials said.",
    )
    parts = [f for f in story["figures"] if "part of a toll" in f["measure"]]
    assert [v["value"] for f in parts for v in f["values"]] == ["At least 109"], story["figures"]


def test_figures_amounts_on_one_named_thing_meet() -> None:
    story = _story(
        "In 2008 he used the money for a $5,587.75 vacation at the Martha’s Vineyard Holistic "
        "Retreat, the document said.",
        "UPDATE 2:52 p.m. -- Records revealed that his expenses included $5,687.75 on Martha's "
        "Vineyard Holistic Retreat.",
    )
    hits = [c for c in story["conflicts"] if {"$5,587.75", "$5,687.75"} <= set(_values(c))]
    assert len(hits) == 1 and hits[0]["kind"] == "number", story["conflicts"]
    assert "Martha's Vineyard Holistic Retreat" in hits[0]["description"]


def test_figures_amounts_on_two_named_things_are_apart() -> None:
    story = _story(
        "Records revealed that his expenses included $2,306.08 at Walt Disney World.",
        "Records revealed that his expenses included $3,544.00 at Best Buy.",
    )
    measures = _rows(story)
    assert measures == {
        "expense on Walt Disney World (USD)": ["$2,306.08"],
        "expense on Best Buy (USD)": ["$3,544.00"],
    }
    # (the conflicts stage may still compare the two sentences; the figures keep them apart)
    assert not [
        c for c in story["conflicts"] if c["description"].startswith("Sources differ on exp")
    ]


def test_figures_a_title_is_no_party() -> None:
    story = _story(
        "Mr. Jackson spent $5,500 on the Harbor Grill last year, records show.",
        "Jackson spent $5,900 on the Harbor Grill last year, the filing said.",
    )
    measures = [f["measure"] for f in story["figures"] if "Harbor Grill" in f["measure"]]
    assert measures and all("SET BY MR" not in m.upper() for m in measures)


def test_figures_a_toll_in_a_past_year_is_another_attack() -> None:
    story = _story(
        ("The school shooting in which 26 people were killed shook the town.", "2013-04-02"),
        ("He cited a 1997 case in which a gunman had killed two students.", "2013-04-02"),
    )
    assert not _figure_conflicts(story)


def test_figures_a_toll_of_last_year_is_another_attack() -> None:
    """A year told in words ("last year") dates a recalled toll as a number does ("in
    1997"): it is no value of the story's attack, nor a dispute of its toll."""
    story = _story(
        ("A car bomb killed 14 people at the market in Halvik on Tuesday.", "2024-03-06"),
        (
            "The car bomb in Halvik on Tuesday killed 14 people, police said. Attacks on "
            "the city's markets last year killed at least nine civilians.",
            "2024-03-06",
        ),
    )
    rows = _rows(story)
    (today,) = [m for m, vs in rows.items() if "14" in vs]
    assert "at least nine" not in rows[today]
    assert any("in 2023" in m for m, vs in rows.items() if "at least nine" in vs)
    assert not _figure_conflicts(story)


def test_figures_an_age_or_a_parent_s_children_are_no_toll() -> None:
    """ "The death of Brooks, 43, a father of seven, ...": his age and his children are
    no count of the dead, nor a dispute of the toll another source gives."""
    story = _story(
        "The death of Kevin Brooks, 43, a father of seven, has turned Halvik into the center "
        "of a debate on policing.",
        "Police shot and killed one man in Halvik on Friday, officials said.",
    )
    values = {v for vs in _rows(story).values() for v in vs}
    assert not {"43", "seven"} & values
    assert not _figure_conflicts(story)


def test_figures_money_raised_is_no_money_spent() -> None:
    """Amounts are keyed by what was done with them where the amount is the verb's own
    object: "raised $4 million" and "spent $23.5 million" are two rows, labelled so, and
    no dispute; "raised" against "raised" is one."""
    story = _story(
        "The Harbour Fund raised $4 million in February, its treasurer said.",
        "The Harbour Fund has spent more than $23.5 million on television ads.",
    )
    rows = _rows(story)
    assert rows.get("figure raised (set by Harbour Fund) (USD)") == ["$4 million"], rows
    assert rows.get("figure spent (set by Harbour Fund) (USD)") == ["more than $23.5 million"]
    assert not _figure_conflicts(story)
    story = _story(
        "The Harbour Fund raised $4 million in February, its treasurer said.",
        "The Harbour Fund raised $6 million in February, the filing showed.",
    )
    assert [_values(c) for c in _figure_conflicts(story)] == [["$4 million", "$6 million"]]


def test_figures_durations_of_other_things_or_times_ago_are_no_conflict() -> None:
    story = _story(
        "The deal includes a 13-month extension of unemployment insurance, aides said.",
        "Critics attacked the two-year extension of tax cuts in the deal.",
    )
    assert not _figure_conflicts(story)
    story = _story(
        "It was their first meeting since a session three weeks ago.",
        "It was the second meeting in a week between the two leaders.",
    )
    assert not _figure_conflicts(story)


def test_figures_skip_only_sentences_without_a_number(seeds_dir: Any) -> None:
    """`may_give_numbers` is a cheap test before the values of a sentence are worked out:
    every sentence it passes over gives no value but dates (checked on the seeds and on
    sentences written for it), and it passes over sentences with no number at all."""
    from storyline.analyse.doc_index import sentence_spans
    from storyline.crosscheck.facts import may_give_numbers, story_values

    texts = [p.read_text("utf-8") for p in sorted(seeds_dir.iterdir())]
    texts.append(
        "Talks ended on Monday without a deal.\n\nTwice the envoys walked out, and a "
        "third round was set.\n\nCosts rose to \u20ac4m.\n\nSomeone phoned the office "
        "at noon."
    )
    ctx = _context(*texts)
    skipped = 0
    for art in ctx.articles:
        q = ctx.quantities.get(art.id, [])
        for s, e in sentence_spans(art, ctx.docs[art.id]):
            if may_give_numbers(art.text, s, e, q):
                continue
            skipped += 1
            kinds = {v.kind for v in story_values(ctx, art.id, s, e)}
            assert kinds <= {"date", "bound"}, (art.text[s:e], kinds)
    assert skipped >= 10
    last = ctx.articles[-1]
    flags = [may_give_numbers(last.text, s, e, ctx.quantities.get(last.id, []))
             for s, e in sentence_spans(last, ctx.docs[last.id])]  # fmt: skip
    assert flags == [False, True, True, False]


def test_figures_a_bound_holds_its_side() -> None:
    """ "At least 40 dead" is no toll of 37: the table shows the two apart (and a toll of
    41 beside "at least 40" as one value), so no citation of "37" opens a sentence that
    says at least 40."""
    from storyline.crosscheck.facts import Value
    from storyline.crosscheck.figure_conflicts import agree

    exact = Value("count", "37", 0, 2, 37.0, 0.5)
    hedged = Value("count", "40", 0, 2, 40.0, 4.0)
    over = Value("count", "41", 0, 2, 41.0, 0.5)
    assert not agree(exact, hedged, toll=True, hedges=("", "at least"))
    assert agree(over, hedged, toll=True, hedges=("", "at least"))
    assert agree(exact, hedged, toll=True, hedges=("", "about"))
    assert not agree(over, hedged, toll=True, hedges=("", "nearly"))
    arts = [
        {"source": "A", "text": "Two bombs at churches in Tarsk on Sunday killed 37 people.\n"},
        {"source": "B", "text": "Two bombs at churches in Tarsk on Sunday killed at least 40 "
         "people.\n"},
    ]  # fmt: skip
    out = storyline.brief(arts, cluster="single", dedup="none")
    (toll,) = [f for f in out["stories"][0]["figures"] if f["measure"].startswith("people killed")]
    assert sorted(v["value"] for v in toll["values"]) == ["37", "at least 40"]


def test_figures_a_toll_counting_the_attacker_is_another_measure() -> None:
    """ "3 dead, including the gunman" and "two men were killed" are no disagreement: the
    one counts the gunman, the other his victims."""
    arts = [
        {"source": "A", "text": "Two men were killed when a gunman opened fire at a church in "
         "Tarsk on Sunday.\n"},
        {"source": "B", "text": "A gunman opened fire at a church in Tarsk on Sunday; three "
         "people were killed, including the gunman.\n"},
        {"source": "C", "text": "A gunman opened fire at a church in Tarsk on Sunday; four "
         "people were killed.\n"},
    ]  # fmt: skip
    out = storyline.brief(arts, cluster="single", dedup="none")
    tolls = {m: v for m, v in _rows(out["stories"][0]).items() if "killed" in m}
    counted = [m for m in tolls if "attacker counted" in m]
    assert [tolls[m] for m in counted] == [["three"]]
    assert sorted(v for m, vs in tolls.items() if m not in counted for v in vs) == ["Two", "four"]
    conflicts = out["stories"][0]["conflicts"]
    assert not any("three" in s["value"] for c in conflicts for s in c["sides"])


def test_figures_a_toll_of_any_trade_is_one_measure() -> None:
    """ "Two firefighters were injured" and "Three firefighters have been hurt" count the
    same people whatever the word for their trade: one measure with both values (no list
    of people's nouns holds every trade); a number the parse hung on the wrong noun
    ("30 regime and allied fighters") makes no toll of that noun."""
    story = _story(
        "Two firefighters were injured battling the Korvel blaze on Tuesday, the county said.",
        "Three firefighters have been hurt in the Korvel blaze, the county said on Tuesday.",
    )
    rows = {f["measure"]: [v["value"] for v in f["values"]] for f in story["figures"]}
    assert rows.get("firefighters wounded") == ["Two", "Three"] or rows.get(
        "firefighters wounded"
    ) == ["Three", "Two"], rows
    story = _story(
        "Fighting has also killed 30 regime and allied fighters near Korvel, the monitor said.",
        "The monitor said 30 fighters were killed near Korvel.",
    )
    assert not any(f["measure"].startswith("regimes killed") for f in story["figures"])


def _together(story: dict[str, Any], *values: str) -> bool:
    """Does one row of the figures table hold all of `values`?"""
    return any(set(values) <= set(v) for v in _rows(story).values())


def test_figures_a_share_of_people_is_of_what_they_do() -> None:
    """A percent of people measures what they do or say: support of a plan is no
    opposition to it, a favourable view no "don't know", and "said yes" tells no question."""
    support = _story(
        "A new statewide poll found that 52 percent of voters support the harbour plan.",
        "Dock workers marched on Monday. The harbour plan is opposed by 40 percent of voters.",
    )
    assert not _together(support, "52 percent", "40 percent")
    same = _story(
        "A new statewide poll found that 52 percent of voters support the harbour plan.",
        "Dock workers marched on Monday. Only 45 percent of voters support the harbour plan.",
    )
    assert _together(same, "52 percent", "45 percent")
    assert any({"52 percent", "45 percent"} <= set(_values(c)) for c in _figure_conflicts(same))
    views = _story(
        "Seventy-four percent of registered voters say they have a favorable view of Ruiz.",
        "Dock workers marched on Monday. Some 16 percent of registered voters say they do not "
        "know enough about Ruiz.",
    )
    assert not _together(views, "Seventy-four percent", "16 percent")
    asked = _story("Asked if Ruiz is realistic enough to lead, 72 percent of voters said yes.")
    assert not any("72 percent" in v for v in _rows(asked).values())


def test_figures_a_name_tagged_as_a_noun_is_not_what_a_rate_measures() -> None:
    """The tagger takes "Sanders" at a sentence's start for a common noun; the article
    names Sanders elsewhere, so the rate is not "sander (%)" and joins no other rate."""
    story = _story(
        "Governor Dana Sanders spoke in Ferris on Monday. Sanders is up from 37 percent in "
        "January, the poll found.",
        "Governor Dana Sanders spoke in Ferris on Monday. Sanders is viewed as honest by 64 "
        "percent of voters, the poll found.",
    )
    assert not any("sander" in m for m in _rows(story))
    assert not _together(story, "37 percent", "64 percent")


def test_figures_a_range_is_one_figure() -> None:
    """ "Between 20 and 30 people" is one figure: a source's 25 agrees with it, 45 does not,
    and the table shows the range (as two numbers, 25 had disputed the 20)."""
    for count in ("21", "25", "30"):
        inside = _story(
            "Between 20 and 30 people were killed in the blast in Ferris on Monday.",
            f"A blast in Ferris killed {count} people on Monday, officials said.",
        )
        assert not inside["conflicts"], count
    outside = _story(
        "Between 20 and 30 people were killed in the blast in Ferris on Monday.",
        "A blast in Ferris killed 45 people on Monday, officials said.",
    )
    hits = _figure_conflicts(outside)
    assert [sorted(_values(c)) for c in hits] == [["45", "Between 20 and 30"]]
    money = _story(
        "The storm caused between $2 million and $5 million in damage to the harbour.",
        "The storm caused about $3 million in damage to the harbour, officials said.",
    )
    assert not money["conflicts"]
    ranges = _story("Ruiz owns between $15,000 and $50,000 in harbour bonds, filings show.")
    assert any("between $15,000 and $50,000" in v for v in _rows(ranges).values())


@pytest.mark.parametrize(
    ("ranged", "inside", "outside"),
    [
        ("Between two and three million people fled the coast, officials said on Monday.",
         "Some 2.5 million people fled the coast, officials said on Monday.",
         "Some 200 people fled the coast, officials said on Monday."),
        ("Officials said 20 to 30 people were killed in the blast in Ferris on Monday.",
         "A blast in Ferris killed 24 people on Monday, officials said.",
         "A blast in Ferris killed 45 people on Monday, officials said."),
    ],
)  # fmt: skip
def test_figures_a_range_takes_its_scale_and_may_read_x_to_y(
    ranged: str, inside: str, outside: str
) -> None:
    """The first number of a range takes the second's scale ("two and three million" is no
    range from 2), and "20 to 30 people" is a range as "between" ones are."""
    assert not _story(ranged, inside)["conflicts"]
    assert _figure_conflicts(_story(ranged, outside))


@pytest.mark.parametrize(
    "text",
    [
        "The council voted 52 to 48 to pass the harbour bill on Monday.",  # a tally
        "The harbour toll rose from 20 to 30 ships on Monday.",  # a change
    ],
)
def test_figures_a_tally_or_a_change_is_no_range(text: str) -> None:
    rows = _rows(_story(text))
    assert not any(" to " in v for vs in rows.values() for v in vs), rows


def test_figures_deaths_added_to_a_toll_are_no_toll() -> None:
    """ "Three more people had died", "Two more civilians were killed": a figure added
    to a toll told elsewhere is no value of the toll, nor a side of its dispute or
    update; "another 40 wounded" after the dead is the toll of the wounded."""
    story = _story(
        (
            "Shelling killed 15 people in Karvel on Monday, a monitor said. The monitor "
            "later updated its toll of 15, saying three more people had died of their "
            "injuries.",
            "2024-03-05",
        ),
        ("At least 18 people were killed in the shelling of Karvel on Monday.", "2024-03-05"),
        (
            "Two more civilians were killed in the shelling of Karvel on Monday, a "
            "doctor said. The shelling killed 18 people and wounded another 40.",
            "2024-03-05",
        ),
        ("The shelling of Karvel on Monday killed 18 people and wounded 40.", "2024-03-05"),
    )
    values = {v for vs in _rows(story).values() for v in vs}
    assert not {"three", "Two"} & values, _rows(story)
    assert {"15", "18", "40"} <= values, _rows(story)
    described = " ".join(c["description"] for c in story["conflicts"])
    assert "three" not in described and "Two" not in described
    wounded = [vs for m, vs in _rows(story).items() if m.startswith("people wounded")]
    assert wounded == [["40"]], _rows(story)


def test_figures_a_count_is_named_by_what_it_counts_and_what_was_done() -> None:
    """A count's row reads as the counted things and what was done with them ("arrests
    made", not "arrest make", which reads as a noun: "lady judge"); a number the parse hung
    on a singular noun ("30 regime and allied fighters", "the 9 March rally") counts no
    such thing and makes no row."""
    story = _story(
        "Police made 47 arrests in Karvel on Sunday, the mayor said.",
        "Officers made 47 arrests in Karvel over the weekend. Fighting killed 30 regime and "
        "allied fighters near the town. The police had 12 vans and bought two more.",
    )
    rows = _rows(story)
    assert rows.get("arrests made in karvel") == ["47 arrests"], rows
    assert not any("regime" in m or "30" in vs for m, vs in rows.items()), rows
    assert not any("more" in m for m in rows), rows  # "two more": of vans, added


def test_figures_a_round_number_is_no_rounding_of_one_far_from_it() -> None:
    """ "About 100 people were wounded" and "55 wounded" are two counts of the wounded, not
    one (a round number is read as rounded by at most a quarter of it): the row shows both,
    and no value cites a sentence that gives another number."""
    story = _story(
        "A bomb struck a wedding in Hasakah on Monday, killing 32 people. "
        "About 100 people were wounded, a medical source said.",
        "A bomb struck a wedding in Hasakah on Monday. At least 32 people were killed and "
        "55 wounded, a monitor said.",
    )
    rows = _rows(story)
    wounded = next(v for k, v in rows.items() if "wounded" in k)
    assert sorted(wounded) == ["55", "About 100"]
    # a number within its rounding still agrees: "about 2,000" and "1,900"
    story = _story(
        "About 2,000 dockworkers joined the strike in Halvik on Monday.",
        "In Halvik, 1,900 dockworkers joined the strike on Monday.",
    )
    assert all(len(v) == 1 for v in _rows(story).values()), _rows(story)


def test_figures_one_distinctive_figure_told_with_other_verbs_is_one_row() -> None:
    """Three outlets give one amount, each with its own verb ("spent", "used", "had to
    forfeit"): one row of the table, citing all three, where the keys alone made three
    rows of one source each. A value a sentence gives by chance ("$600"), or the same
    amount in sentences that share nothing else, stays in rows of its own."""
    story = _story(
        "Former Rep. Dana Whitlock pleaded guilty on Tuesday to charges that he spent "
        "$640,000 in campaign money on personal items.",
        "Whitlock admitted he used $640,000 of campaign money for personal items, "
        "prosecutors said.",
        "Under the plea deal Whitlock must forfeit $640,000 in campaign money he took for "
        "personal items.",
    )
    rows = [f for f in story["figures"] if any(v["value"] == "$640,000" for v in f["values"])]
    assert len(rows) == 1, _rows(story)
    cited = {c["article"] for v in rows[0]["values"] for c in v["citations"]}
    assert len(cited) == 3
    story = _story(
        "In the spring $1.5 million was spent on television ads in Halvik.",
        "Last year $1.5 million was spent on a new roof for the Rovers' stadium.",
    )
    assert len([f for f in story["figures"] if f["values"][0]["value"] == "$1.5 million"]) == 2
    story = _story(
        "Each family gets a check of $600 under the relief bill, aides said.",
        "The relief bill pays each worker $600 a week in benefits, aides said.",
    )
    assert len([f for f in story["figures"] if f["values"][0]["value"] == "$600"]) == 2


def test_figures_a_party_named_by_surname_is_the_one_named_in_full() -> None:
    """ "Jackson spent" and "Jesse L. Jackson Jr. spent" set one amount: the outlets' two
    sums on one named thing are a dispute, as they are where both write the surname."""
    story = _story(
        "Jesse L. Jackson Jr. spent $5,500 on the Harbor Grill last year, records show.",
        "Jackson spent $5,900 on the Harbor Grill last year, the filing said.",
    )
    hits = [c for c in _figure_conflicts(story) if {"$5,500", "$5,900"} <= set(_values(c))]
    assert len(hits) == 1, story["conflicts"]


def test_figures_the_possessive_of_a_common_noun_is_no_part_of_a_name() -> None:
    """ "a men's Rolex watch" is spent on a Rolex, as "a Rolex watch" is: one row, whose
    label names the Rolex (it had read "watch on 's Rolex", apart from the other)."""
    story = _story(
        "Prosecutors say he bought a $43,350 gold-plated men's Rolex watch with the money.",
        "The money bought a $43,350 Rolex watch, prosecutors said.",
    )
    rows = _rows(story)
    assert rows.get("watch on Rolex (USD)") == ["$43,350"], rows
    assert len(rows) == 1, rows


def test_figures_a_count_in_another_nouns_phrase_is_not_the_verbs() -> None:
    """ "killed 50 people in an attack on two villages": the villages were attacked, not
    killed, so the row of the villages carries no "killed" (it read "villages killed");
    "a convoy of 11 buses arrived" still says what the buses did."""
    story = _story(
        "Gunmen killed 50 people in an attack on two villages near the river on Thursday.",
        "Gunmen killed 50 people on Thursday in an attack on two villages, officials said.",
        "A convoy of 11 buses arrived in the town on Friday, officials said.",
    )
    rows = _rows(story)
    assert rows.get("villages") == ["two villages"], rows
    assert not any("villages killed" in label for label in rows), rows
    assert rows.get("buses arrived") == ["11 buses"], rows


def test_figures_the_nth_time_counts_what_its_clause_tells() -> None:
    """ "extended the deadline for the third time" counts extensions, as "the fourth
    extension" does: the two disagree; "for the first time" of two other acts is no one
    figure (a row "time (how many)" had joined a backlash faced and a stir caused); a
    pronoun is no party of a count ("shoot of he")."""
    story = _story(
        "The council extended the deadline for the third time on Monday.",
        "It is the fourth extension of the deadline this year, officials said.",
    )
    hits = [
        c for c in _figure_conflicts(story) if {"third time", "fourth extension"} <= set(_values(c))
    ]
    assert len(hits) == 1, story["conflicts"]
    story = _story(
        "The magazine faced a backlash for the first time on Monday.",
        "The cover caused a stir for the first time, editors said on Monday.",
        "The officer shot him twice, the lawyer said.",
    )
    rows = _rows(story)
    assert not any(label.startswith("time") for label in rows), rows
    assert not any(len(values) > 1 or " he " in f" {label} " for label, values in rows.items()), (
        rows
    )
    # a common act counted twice in one story is seldom one act: no "update" of how
    # often someone said something (a 300-article story had shown "five times -> third time")
    story = _story(
        ("The senator said it five times on CNN, aides said.", "2024-03-01"),
        ("The senator said it for the third time on CNN.", "2024-03-04"),
    )
    assert not _figure_conflicts(story), story["conflicts"]


def test_figures_a_number_in_a_name_or_a_score_is_no_figure() -> None:
    """A film's title ("13 Hours", title case in a sentence that is not) and a vote's
    score ("a 5-to-4 decision", read as 5 of "to-4") are no figures: PolNeAR's stories
    had shown rows "movie (days): 13 Hours" and "to-4: 5"; "13 hours" of a strike is."""
    story = _story(
        "The court ruled in a 5-to-4 decision on Monday that the law stands.",
        'Trump watched the film "13 Hours" with supporters on Friday.',
        "The strike lasted 13 hours on Friday, officials said.",
    )
    rows = _rows(story)
    assert rows == {"strike (days)": ["13 hours"]}, rows


def test_figures_a_mark_of_a_pages_table_names_no_measure() -> None:
    """ "Jon Vik | 85% | 1 tackle (1 combined)." (a scraped table's row): the count's
    thing was read as "|", and the figures table showed a row named "|"."""
    story = _story(
        "Kelmouth Rovers beat Wexby 3-1 on Saturday.\n\nJon Vik | 85% | 1 tackle (1"
        " combined).\n\nThe Rovers play again next week."
    )
    assert all(any(c.isalpha() for c in f["measure"]) for f in story["figures"])


@pytest.mark.parametrize(
    ("verb", "done"),
    [
        ("raise", "raised"),
        ("spend", "spent"),
        ("plan", "planned"),
        ("carry", "carried"),
        # the rule had named rows "meetings beated", "ounces drinked", "leaders sidesteped"
        ("beat", "beaten"),
        ("drink", "drunk"),
        ("sidestep", "sidestepped"),
        ("rebuild", "rebuilt"),
        # the American spelling where the tables give the British first
        ("equal", "equaled"),
        ("lean", "leaned"),
        ("pay", "paid"),
        ("occur", "occurred"),
        ("get", "got"),
    ],
)
def test_figures_a_measures_verb_is_named_in_its_past_participle(verb: str, done: str) -> None:
    from storyline.crosscheck.figure_conflicts import participle

    assert participle(verb) == done
