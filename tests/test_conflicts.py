"""Conflicts: incompatible values in aligned statements; rounding, units and granularity are not."""

from __future__ import annotations

import pytest

import storyline
from storyline.crosscheck.facts import Value, compatible
from storyline.crosscheck.quotecheck import meaning_change, words


def _num(kind: str, number: float, tol: float = 0.5, unit: str | None = None) -> Value:
    return Value(kind, str(number), 0, 1, number, tol, unit)


def _day(y: int | None, m: int | None, d: int | None, wd: int | None = None) -> Value:
    return Value("date", "d", 0, 1, day=(y, m, d, wd))


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        (_num("percent", 30.0), _num("percent", 35.0), False),
        (_num("percent", 30.0), _num("percent", 29.6, 0.05), True),  # rounding
        (_num("money", 2.4e9, 0.05e9, "USD"), _num("money", 2.38e9, 0.005e9, "USD"), True),
        (_num("money", 2.4e9, 0.05e9, "USD"), _num("money", 2.4e9, 0.05e9, "EUR"), True),
        (_num("count", 120.0), _num("count", 210.0), False),
        (_day(None, 9, None), _day(2025, 9, 17), True),  # granularity
        (_day(None, 9, 17), _day(None, 9, 18), False),
        (_day(None, None, None, 6), _day(None, None, None, 5), False),  # Sunday vs Saturday
        (_day(2025, 9, 15), _day(None, None, None, 0), True),  # that Monday
        # "dozens" gives a least number only: "more than 100" is dozens too, "12" is not
        (Value("count", "dozens", 0, 1, 24.0, 0.5), _num("count", 100.0, 10.0), True),
        (Value("count", "Dozens", 0, 1, 24.0, 0.5), _num("count", 12.0), False),
    ],
)
def test_conflicts_compatible_values(a: Value, b: Value, ok: bool) -> None:
    assert compatible(a, b) is ok
    assert compatible(b, a) is ok


@pytest.mark.parametrize(
    ("a", "b", "change"),
    [
        ("We are close to a deal", "We are not close to a deal", "negation"),
        ("We cannot accept this offer", "We can't accept this offer", None),
        ("We need them for the next decade", "We need them for the next two years", "word"),
        ("Prices will rise 5 percent", "Prices will rise 7 percent", "number"),
        ("the talks were useful and we will be back", "the talks were useful", None),
        ("We are resolving it", "We resolved it", None),
    ],
)
def test_conflicts_quote_meaning_change(a: str, b: str, change: str | None) -> None:
    assert meaning_change(words(a), words(b)) == change


TARIFF = [
    {
        "title": "Levy on aluminium",
        "source": "Coastal Times",
        "text": "Brazil raised its import tariff on Argentine aluminium to 18% on Monday.\n\n"
        "The higher rate applies to about $640 million of metal a year.\n",
    },
    {
        "title": "Aluminium duty rises",
        "source": "South Ledger",
        "text": "On Monday Brazil lifted the tariff on aluminium imported from Argentina "
        "to 22%.\n\n"
        "The rate covers roughly $645 million worth of metal a year.\n",
    },
    {
        "title": "Brazil aluminium tariff",
        "source": "River Post",
        "text": "Brazil raised its tariff on aluminium from Argentina to 18 percent on Monday.\n\n"
        "Argentina said it would appeal to the trade body.\n",
    },
]


@pytest.fixture(scope="module")
def tariff() -> dict:
    out = storyline.brief(TARIFF, cluster="single", dedup="none")
    out["stories"][0]["_texts"] = {a["id"]: a["text"] for a in out["articles"]}
    return out["stories"][0]


def test_conflicts_find_a_different_rate_with_sides(tariff: dict) -> None:
    numbers = [c for c in tariff["conflicts"] if c["kind"] == "number"]
    assert len(numbers) == 1
    conflict = numbers[0]
    values = [s["value"] for s in conflict["sides"]]
    assert values[1] == "22%" and values[0] in {"18%", "18 percent"}
    assert len(conflict["sides"][0]["citations"]) == 2  # two sources say 18
    assert "18" in conflict["description"] and "22%" in conflict["description"]
    assert "\n" not in conflict["description"]


def test_conflicts_rounding_is_not_a_conflict(tariff: dict) -> None:
    assert not any("640" in c["description"] for c in tariff["conflicts"])


def test_conflicts_citations_are_exact_spans(tariff: dict) -> None:
    texts = tariff["_texts"]
    for c in tariff["conflicts"]:
        for side in c["sides"]:
            for cit in side["citations"]:
                cited = texts[cit["article"]][cit["start"] : cit["end"]]
                assert cited and cited == cited.strip()


def test_conflicts_none_between_unrelated_sentences() -> None:
    arts = [
        {"source": "A", "text": "The museum drew 40,000 visitors in May.\n"},
        {"source": "B", "text": "The city council approved a budget of 12 million euros.\n"},
    ]
    out = storyline.brief(arts, cluster="single", dedup="none")
    assert out["stories"][0]["conflicts"] == []


def test_conflicts_stage_switched_off() -> None:
    out = storyline.brief(TARIFF, cluster="single", dedup="none", conflicts="none")
    assert out["stories"][0]["conflicts"] == []


def _values_of(text: str) -> list[Value]:
    from storyline.analyse import nlp
    from storyline.crosscheck.facts import sentence_values

    doc = nlp.load()(text)
    return sentence_values(doc, text, 0, len(text), [], [], 2025)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("The ministers met in Geneva on Monday.", "The ministers met in Geneva on Tuesday.", True),
        ("Boehner said on Monday that he would stay.",
         "Boehner admitted on Tuesday that he would stay.", True),
        ("In June, Trump extended the deadline by 90 days.",
         "The delegations last met in July, when they agreed to extend the truce.", False),
        ("A staffer apologized on Friday for the post.", "The aide resigned on Monday.", False),
        # a state going on dates no event that began it
        ("Rivermouth closed its main bridge on Tuesday.",
         "The Rivermouth bridge remained closed on Wednesday.", False),
        ("The city closed the bridge on Tuesday.", "The bridge stayed closed on Wednesday.", False),
        ("The city closed the bridge on Tuesday.", "The bridge was still closed on Friday.", False),
        ("The city closed the bridge on Tuesday.", "The city closed the bridge on Wednesday.",
         True),
        # a first word "Still" is "yet": no state going on
        ("The city closed the bridge on Tuesday.",
         "Still, the city closed the bridge on Wednesday.", True),
    ],
)  # fmt: skip
def test_conflicts_dates_compared_only_within_one_event(a: str, b: str, same: bool) -> None:
    assert _compared(a, b, "date") is same


def _compared(a: str, b: str, kind: str) -> bool:
    """Are any two values of `kind` of sentences a and b compared (`facts.comparable`)?"""
    from storyline.crosscheck.facts import comparable

    va = [v for v in _values_of(a) if v.kind == kind]
    vb = [v for v in _values_of(b) if v.kind == kind]
    assert va and vb
    return any(comparable(x, y) for x in va for y in vb)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # "people" and "persons" count the same thing ("29 people" / "8 persons" had been
        # no toll of one attack, so a statement cited both)
        ("At least 29 people were killed in a bombing at the crossing.",
         "Eight persons were killed in rocket attacks on the city.", True),
        # the dead are no count of the shot or the hurt
        ("Police said 13 people were killed in shootings in the city.",
         "At least 80 people were shot across the city during the weekend.", False),
        ("Five people were killed in the crash.", "Twelve people were hurt in the crash.", False),
        # the hurt of one attack are one count, whether the victims are named or not
        ("Rockets hit the market, leaving three killed and 30 wounded.",
         "Shells hit the market, leaving 3 citizens killed and 20 others wounded.", True),
        ("The blast killed six people and injured 32.",
         "The bomb killed six people, wounding 30 others.", True),
        # lives taken and fatalities are a toll of the dead as the killed are
        ("Shells hit the market, claiming the lives of eight people.",
         "Shells hit the market, killing 12 people.", True),
        ("The crash on the coast road caused 12 fatalities.",
         "Five people were killed in the crash on the coast road.", True),
        # (lives saved are none)
        ("The rescue saved the lives of eight people.",
         "Shells hit the market, killing 12 people.", False),
        # so is a death toll a verb puts, raises or holds
        ("The monitor put the death toll at 58 on Tuesday.",
         "The gas attack killed at least 72 people, the monitor said.", True),
        ("The death toll from the blast rose to 112, the monitor said.",
         "The blast killed 126 people.", True),
        ("The injury toll from the blast stood at 30.", "The blast killed 12 people.", False),
    ],
)  # fmt: skip
def test_conflicts_tolls_compared_by_whom_they_count_and_how(a: str, b: str, same: bool) -> None:
    assert _compared(a, b, "count") is same


def test_conflicts_ordinals_counted_in_different_windows_are_not_compared() -> None:
    from storyline.crosscheck.facts import comparable

    first = _values_of("She will be the first woman on the court since Jane Hill retired.")
    second = _values_of("She will be the second woman on the court.")
    third = _values_of("It is the third strike in two years at the plant.")
    fourth = _values_of("It is the fourth strike in two years at the plant.")
    ords = [[v for v in vs if v.kind == "ordinal"] for vs in (first, second, third, fourth)]
    assert all(len(o) == 1 for o in ords)
    assert not comparable(ords[0][0], ords[1][0])
    assert comparable(ords[2][0], ords[3][0]) and not compatible(ords[2][0], ords[3][0])


def test_conflicts_rates_and_other_occasions_are_no_conflict() -> None:
    from storyline.crosscheck.facts import other_occasion

    rate = _values_of("The plan saves them $600 a year on drugs.")
    assert not [v for v in rate if v.kind == "duration"]
    thu = _values_of("The fire was 15% contained by Thursday evening.")
    fri = _values_of("Crews gained ground on Friday, with containment reaching 30%.")
    assert other_occasion(thu, fri)
    assert not other_occasion(thu, _values_of("Containment stood at 15% on Thursday."))


def test_conflicts_figures_on_other_verbs_in_other_units_are_not_compared() -> None:
    from storyline.crosscheck.facts import comparable

    (waited,) = [
        v
        for v in _values_of("The leader said members had waited two years.")
        if v.kind == "duration"
    ]
    (lasts,) = [
        v
        for v in _values_of("The leader said the walkout would last 48 hours.")
        if v.kind == "duration"
    ]
    (longer,) = [
        v
        for v in _values_of("The leader said the walkout would last 72 hours.")
        if v.kind == "duration"
    ]
    assert not comparable(waited, lasts, close=True)
    assert comparable(lasts, longer) and not compatible(lasts, longer)


def test_conflicts_synonym_verbs_in_near_paraphrases_are_compared() -> None:
    from storyline.crosscheck.facts import comparable

    (twice,) = [
        v for v in _values_of("The town has been hit twice this year.") if v.kind == "times"
    ]
    (thrice,) = [
        v
        for v in _values_of("The town has been struck three times this year.")
        if v.kind == "times"
    ]
    assert comparable(twice, thrice, close=True) and not compatible(twice, thrice)


def test_conflicts_bounds_that_fix_one_end_of_a_period_are_compared() -> None:
    from storyline.crosscheck.facts import comparable

    def bound(text: str) -> Value:
        (b,) = [v for v in _values_of(text) if v.kind == "bound"]
        return b

    wed = bound("The operator suspended all sailings until Wednesday.")
    fri = bound("The operator suspended sailings until Friday.")
    assert comparable(wed, fri) and not compatible(wed, fri)
    assert compatible(wed, bound("The operator suspended all sailings until Wednesday."))
    before_wed = bound("The operator suspended sailings before Wednesday.")
    before_fri = bound("The operator suspended sailings before Friday.")
    assert not comparable(before_wed, before_fri)  # both can be true
    assert compatible(wed, bound("The operator has suspended sailings since Friday."))


def test_conflicts_swapped_common_noun_parties_of_one_verb() -> None:
    arts = [
        {"source": "A", "text": "The museum bought the landscape from the Lund family in 1962.\n"},
        {"source": "B", "text": "The Lund family bought the landscape from the museum in 1962.\n"},
    ]
    out = storyline.brief(arts, cluster="single", dedup="none")
    (swap,) = [c for c in out["stories"][0]["conflicts"] if c["kind"] == "direction"]
    assert "museum" in swap["description"] and "Lund" in swap["description"]


def _swaps(a: str, b: str) -> list[str]:
    arts = [{"source": "A", "text": a + "\n"}, {"source": "B", "text": b + "\n"}]
    out = storyline.brief(arts, cluster="single", dedup="none")
    return [c["description"] for c in out["stories"][0]["conflicts"] if c["kind"] == "direction"]


def test_conflicts_one_sale_seen_from_its_two_sides_is_no_swap() -> None:
    sold = "Norlift sold its crane unit to Haskel for $40 million on Monday."
    assert not _swaps(sold, "Haskel bought the crane unit from Norlift for $40 million on Monday.")
    (swap,) = _swaps(sold, "Haskel sold its crane unit to Norlift for $40 million on Monday.")
    assert "Norlift → Haskel" in swap and "Haskel → Norlift" in swap
    beat = "Brenna Ruiz beat Tom Hale in the mayoral runoff on Sunday."
    assert not _swaps(beat, "Tom Hale lost to Brenna Ruiz in the mayoral runoff on Sunday.")
    assert _swaps(beat, "Tom Hale beat Brenna Ruiz in the mayoral runoff on Sunday.")


def test_conflicts_parties_of_two_clauses_are_no_swap() -> None:
    """A run-on wire lead (no full stops) parses one party under another clause's verb:
    "Ardalian militia expelled [...] Al-Kesh counters" has no one acting on whom."""
    run_on = ("17 dead as Al-Kesh attacks Ardal town After Ardalian militia expelled fighters "
              "in Tovo last month Al-Kesh counters by killing 17.")  # fmt: skip
    plain = ("Al-Kesh loyalists attacked a mainly Ardalian town in northern Valmont sparking "
             "fighting in which 17 people were killed.")  # fmt: skip
    assert not _swaps(run_on, plain)


def test_conflicts_no_swap_between_parties_of_different_verbs() -> None:
    arts = [
        {"source": "A", "text": "Some 2,000 shoppers flocked to the market on Saturday, and the "
         "council praised the 40 stalls.\n"},
        {"source": "B", "text": "The 40 stalls drew some 2,000 shoppers to the market on "
         "Saturday.\n"},
    ]  # fmt: skip
    out = storyline.brief(arts, cluster="single", dedup="none")
    assert not [c for c in out["stories"][0]["conflicts"] if c["kind"] == "direction"]


def _second_pass(texts: list[str]) -> list:
    """Conflicts of the value-aligned second pass alone, with no sentence aligned before."""
    from storyline import api
    from storyline.analyse import nlp
    from storyline.config import Config
    from storyline.context import StoryContext
    from storyline.crosscheck.align import sentence_units, similarity
    from storyline.crosscheck.conflicts import _value_aligned_conflicts
    from storyline.crosscheck.statements import DEFAULT
    from storyline.ingest.readers import read_inputs

    cfg = Config(cluster="single", dedup="none")
    arts, _ = read_inputs([{"source": f"S{i}", "text": t} for i, t in enumerate(texts)], cfg)
    ctx = StoryContext("s", arts, nlp.annotate(arts, cfg.spacy_model), api.source_keys(arts))
    units = sentence_units(ctx)
    sim = similarity(units, DEFAULT)
    return _value_aligned_conflicts(ctx, units, sim, [[u.index] for u in units])


def test_conflicts_value_aligned_pair_with_synonym_verbs() -> None:
    found = _second_pass([
        "Storm Elin brought winds of 140 km/h on Tuesday.\n\n"
        "The coastal road has been closed twice since the storm began.\n",
        "Winds reached 140 km/h as Storm Elin hit on Tuesday.\n\n"
        "The coastal road was shut three times since the storm started.\n",
    ])  # fmt: skip
    assert [(c.kind, sorted(s.value for s in c.sides)) for c in found] == [
        ("count", ["three times", "twice"])
    ]


def test_conflicts_value_aligned_pair_needs_one_rare_subject() -> None:
    found = _second_pass([
        "Eleven people died when the ferry sank near the island on Sunday.\n\n"
        "The ferry was built in 1998.\n",
        "Three people were detained on Sunday near the island.\n\n"
        "The ferry was built in 1998.\n",
    ])  # fmt: skip
    assert found == []


def test_conflicts_a_toll_is_compared_only_with_a_toll() -> None:
    """A count of people harmed and a count of people moved are two measures, even in
    near paraphrases; "leaving 17 people dead" is a toll like "killing 14 people"."""
    from storyline.crosscheck.facts import comparable

    def count(text: str) -> Value:
        return next(v for v in _values_of(text) if v.kind == "count")

    moved = count("More than 30000 people will be evacuated from the four towns.")
    killed = count("Six people were killed near the four towns being evacuated.")
    left = count("The quake struck the city, leaving 17 people dead.")
    struck = count("The quake struck the city, killing 14 people.")
    assert not comparable(moved, killed, close=True)
    assert comparable(left, struck, close=True) and not compatible(left, struck)


def _conflicts(*texts: str) -> list[dict]:
    """The conflicts of one story of these texts, each a source of its own."""
    arts = [{"source": f"S{n}", "text": t} for n, t in enumerate(texts)]
    out = storyline.brief(arts, cluster="single", dedup="none")
    return list(out["stories"][0]["conflicts"])


def _conflict_kinds(*texts: str) -> list[str]:
    return [c["kind"] for c in _conflicts(*texts)]


def test_conflicts_a_state_going_on_is_no_other_date_of_its_start() -> None:
    """ "remained closed on Wednesday" is no other date for a closing on Tuesday; a closing
    told on another day is."""
    told = (
        "The Rivermouth bridge was closed on Tuesday after the river rose above its banks, the"
        " city council said. About 300 residents were moved from homes near the water.",
        "Rivermouth closed its main bridge on Tuesday as the river burst its banks, according"
        " to the city council. Around 300 residents left their homes near the river.",
    )
    later = " the city council said. Shops along the quay were sandbagged overnight."
    lasting = "The Rivermouth bridge remained closed on Wednesday," + later
    assert "date" not in _conflict_kinds(*told, lasting)
    moved = "The Rivermouth bridge was closed on Wednesday," + later
    assert "date" in _conflict_kinds(*told, moved)


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        # the year of a month named without one is read from the article's date and its
        # verb's tense, not written by the source: "by December" (2018, in November 2019)
        # is the December of "in December 2016"
        (("by December", (2018, 12, None)), ("December 2016", (2016, 12, None)), True),
        (("July 25", (2019, 7, 25)), ("July 25", (2020, 7, 25)), True),
        (("July 25", (2019, 7, 25)), ("July 26", (2019, 7, 26)), False),
        (("December 2016", (2016, 12, None)), ("Dec. 2018", (2018, 12, None)), False),
        (("Jan. 3, '16", (2016, 1, 3)), ("January 3", (2017, 1, 3)), True),
        # a date of words alone is the day it was told: a year from it is a year
        (("last year", (2018, None, None)), ("this year", (2019, None, None)), False),
    ],
)
def test_conflicts_dates_compared_on_what_the_sources_write(
    a: tuple[str, tuple[int, int, int | None]], b: tuple[str, tuple[int, int, int | None]], ok: bool
) -> None:
    va, vb = (Value("date", text, 0, len(text), day=(*day, None)) for text, day in (a, b))
    assert compatible(va, vb) is ok
    assert compatible(vb, va) is ok


def test_conflicts_one_date_written_alike_is_no_dispute_whatever_the_tense() -> None:
    """ "listened in on the mayor's July 25 call" and "is likely to face questions about the
    mayor's July 25 call", told a day apart in November: one call, one date, though the
    verb that looks ahead had the second read as next July (a reader had seen "July 25 vs
    July 25" as a dispute, and the two sentences as two statements)."""
    arts = [
        {"source": "Harbour Post", "published": "2019-11-19",
         "text": "Dana Whitlock, the harbour commissioner, listened in on Mayor Orsini's July 25"
                 " call with the port's new owners, she told the council on Tuesday. She said"
                 " the call was about the sale of the north quay."},
        {"source": "Coast Herald", "published": "2019-11-20",
         "text": "Whitlock is likely to face questions from the council about Mayor Orsini's"
                 " July 25 call with the port's new owners. The council meets again next week."},
    ]  # fmt: skip
    story = storyline.brief(arts, cluster="single", dedup="none")["stories"][0]
    assert story["conflicts"] == []
    call = [s for s in story["statements"] if "July 25 call" in s["text"]]
    assert [s["support"] for s in call] == [2]


def test_conflicts_the_window_an_ordinal_counts_in_is_no_other_length_of_time() -> None:
    """ "together for the first time in 25 years" measures the time since they last were,
    no age of the band ("To celebrate 40 years since the band's formation"); another such
    window ("the first time in 30 years") is a dispute still."""
    members = "founding members Ida Brandt, Tomas Vik and Lena Holm"
    window = (f"The Harbour Lights will tour with {members} together for the first time in"
              " {} years, the band said on Monday.")  # fmt: skip
    formed = (f"To celebrate 40 years since the band's formation, {members} of the Harbour"
              " Lights will tour together next spring, the band said on Monday.")  # fmt: skip
    assert "number" not in _conflict_kinds(window.format(25), formed)
    assert "number" in _conflict_kinds(window.format(25), window.format(30))


def test_conflicts_a_figure_another_verb_gives_is_no_direction_of_the_change() -> None:
    """ "Hiring jumped as employers added 52,000 jobs": what jumped holds no figure, so the
    jobless rate that fell in another source is no change the other way."""
    a = (
        "Employers in Halvik added 52,000 jobs in March and the jobless rate in Halvik fell "
        "to 4.1%, the statistics office said.\n"
    )
    b = (
        "Hiring in Halvik jumped in March to its highest level in a year as employers "
        "added 52,000 jobs, the statistics office said.\n"
    )
    rose = ("Employers in Halvik added 52,000 jobs in March and the jobless rate in Halvik "
            "rose to 4.1%, the statistics office said.\n")  # fmt: skip
    assert "direction" not in _conflict_kinds(a, b)
    assert "direction" in _conflict_kinds(a, rose)  # the same figure, the other way


def test_conflicts_a_possessor_is_no_party_acted_on() -> None:
    """ "Ruiz makes history as Boston's first mayor": Boston is not acted on, so this is no
    swap of "Boston elects Ruiz"; "Ruiz elects Boston" would be."""
    a = "Boston elects Anna Ruiz as first woman mayor in the city's history.\n"
    b = "Anna Ruiz makes history as Boston's first woman mayor.\n"
    swapped = "Anna Ruiz elects Boston as first woman mayor in the city's history.\n"
    assert "direction" not in _conflict_kinds(a, b)
    assert "direction" in _conflict_kinds(a, swapped)


def test_conflicts_a_nouns_own_phrase_is_no_party_acted_on() -> None:
    """ "founding members Ida Brandt ... of the Harbour Lights will tour": the band says
    whose members they are, as a possessor does, and is not acted on, so this is no swap
    of "The Harbour Lights will tour with founding members Ida Brandt ..." (a reader had
    seen "Harbour Lights → Ida Brandt vs Ida Brandt → Harbour Lights"); the two sentences
    are one statement of two sources."""
    members = "founding members Ida Brandt, Tomas Vik and Lena Holm"
    a = (f"The Harbour Lights will tour with {members} together for the first time in 25"
         " years, the band said on Monday.")  # fmt: skip
    b = (f"To celebrate 40 years since the band's formation, {members} of the Harbour Lights"
         " will tour together next spring, the band said on Monday.")  # fmt: skip
    arts = [{"source": f"S{n}", "text": t} for n, t in enumerate((a, b))]
    story = storyline.brief(arts, cluster="single", dedup="none")["stories"][0]
    assert story["conflicts"] == []
    assert [s["support"] for s in story["statements"]] == [2]


def test_conflicts_the_source_a_report_is_according_to_is_no_party() -> None:
    """ "X closed the bridge, according to the city council" has the council as its source,
    not acted on: no swap of "The city council closed the X bridge"."""
    a = "Rivermouth closed its main bridge on Tuesday, according to the city council.\n"
    b = "The city council closed the Rivermouth bridge on Tuesday.\n"
    assert "direction" not in _conflict_kinds(a, b)
    swapped = "The city council closed Rivermouth on Tuesday, according to the mayor.\n"
    assert "direction" in _conflict_kinds("Rivermouth closed the city council on Tuesday.", swapped)


def test_conflicts_a_count_that_describes_is_not_one_that_tells() -> None:
    """ "Dunmore, a town of about 9,000 people" gives the town's size, not how many were
    in the hall."""
    a = (
        "The gunman opened fire at the Grace Chapel in Dunmore, a town of about 9,000 people "
        "near Kessel.\n"
    )
    b = (
        "About 150 people were inside the Grace Chapel in Dunmore near Kessel when the gunman "
        "opened fire.\n"
    )
    c = ("About 400 people were inside the Grace Chapel in Dunmore near Kessel when the gunman "
         "opened fire.\n")  # fmt: skip
    assert "number" not in _conflict_kinds(a, b)
    assert "number" in _conflict_kinds(b, c)


def test_conflicts_a_day_after_is_a_rough_figure() -> None:
    """ "A day after the vote" is not counted to the hour: "just over 12 hours after" is no
    other figure; "three days after" is."""
    a = "Just over 12 hours after the council approved the budget, the treasurer resigned.\n"
    b = "Just a day after the council approved the budget, the treasurer resigned.\n"
    c = "Three days after the council approved the budget, the treasurer resigned.\n"
    assert "number" not in _conflict_kinds(a, b)
    assert "number" in _conflict_kinds(a, c)


def test_conflicts_a_person_named_like_a_month_gives_no_date() -> None:
    """ "Prime Minister Hazel May" is no date to compare with another source's month."""
    dates = [v.text for v in _values_of("Prime Minister Hazel May resigned in June.")
             if v.kind == "date"]  # fmt: skip
    assert dates == ["June"]


def test_conflicts_one_slip_between_two_spellings() -> None:
    from storyline.crosscheck.names import one_slip

    assert one_slip("preibus", "priebus")  # two neighbours swapped
    assert one_slip("cowan", "cowen") and one_slip("correy", "corey") and one_slip("kim", "kims")
    assert not one_slip("priebus", "priebus") and not one_slip("berg", "bogr")
    assert not one_slip("lindqvist", "lindquest") and not one_slip("ross", "rossini")


def test_conflicts_a_name_spelt_two_ways_by_two_sources() -> None:
    """One outlet misspells the union leader's surname: a `name` conflict cites each
    spelling's mentions, and it splits no statement (the sentences state one fact)."""
    lead = "Dockworkers at the Port of Halvik walked out on Monday over pay.\n\n"
    arts = [
        {"source": "Valley Post", "text": lead + "Union leader Marta Lindqvist said the strike "
         "would last two days.\n"},
        {"source": "Ridge Times", "text": lead + "The strike will last two days, union leader "
         "Marta Lindqvist said.\n"},
        {"source": "County Wire", "text": lead + "Union leader Marta Lindqvsit said the strike "
         "would last two days.\n"},
    ]  # fmt: skip
    out = storyline.brief(arts, cluster="single", dedup="none")
    story = out["stories"][0]
    names = [c for c in story["conflicts"] if c["kind"] == "name"]
    assert len(names) == 1, story["conflicts"]
    texts = {a["id"]: a["text"] for a in out["articles"]}
    sides = [
        {texts[c["article"]][c["start"] : c["end"]] for c in side["citations"]}
        for side in names[0]["sides"]
    ]
    assert sides == [{"Marta Lindqvist"}, {"Marta Lindqvsit"}], sides
    assert "Marta Lindqvist (2 sources) vs Marta Lindqvsit (1 source)" in names[0]["description"]
    strike = [st for st in story["statements"] if "two days" in st["text"]]
    assert [st["support"] for st in strike] == [3], strike
    from storyline.validate import citation_errors, contradiction_errors, schema_errors

    assert schema_errors(out) == citation_errors(out) == contradiction_errors(out) == []


def test_conflicts_a_name_spelt_three_ways_is_one_conflict() -> None:
    """Three spellings, each a slip from the next ("Lindqvist", "Lindqvst", "Lindqst" is
    two from the first), are one name: one conflict with a side per spelling, not one
    per pair."""
    lead = "Dockworkers at the Port of Halvik walked out on Monday over pay.\n\n"
    said = [
        "Union leader Marta Lindqvist said the strike would last two days.",
        "The strike will last two days, union leader Marta Lindqvist said.",
        "Union leader Marta Lindqvst said the strike would last two days.",
        "Union leader Marta Lindqst said the strike would last two days.",
    ]
    arts = [{"source": f"Outlet {n}", "text": lead + s + "\n"} for n, s in enumerate(said)]
    out = storyline.brief(arts, cluster="single", dedup="none")
    names = [c for c in out["stories"][0]["conflicts"] if c["kind"] == "name"]
    assert len(names) == 1, names
    values = [side["value"] for side in names[0]["sides"]]
    assert values[0] == "Marta Lindqvist" and set(values[1:]) == {"Marta Lindqvst", "Marta Lindqst"}
    desc = names[0]["description"]
    assert "Marta Lindqvist (2 sources) vs Marta Lindq" in desc and desc.count(" vs ") == 2


def test_conflicts_a_hyphen_in_a_name_is_no_other_spelling() -> None:
    """ "Abdel-Rahman" and "Abdelrahman" are house styles of one spelling (FA-KES)."""
    kinds = _conflict_kinds(
        "Monitor head Rami Abdel-Rahman said 22 civilians were killed in the raid on Monday.\n",
        "Rami Abdelrahman, who heads the monitor, said the raid on Monday killed 22 civilians.\n",
    )
    assert "name" not in kinds


def test_conflicts_two_people_of_near_names_in_one_article_are_no_misspelling() -> None:
    """An article that names both "Anna Berg" and "Anna Borg" tells two people apart."""
    arts = [
        {"source": "Valley Post", "text": "Councillors Anna Berg and Anna Borg voted against "
         "the harbour plan on Monday.\n"},
        {"source": "Ridge Times", "text": "Anna Borg voted against the harbour plan on "
         "Monday.\n"},
    ]  # fmt: skip
    out = storyline.brief(arts, cluster="single", dedup="none")
    assert not [c for c in out["stories"][0]["conflicts"] if c["kind"] == "name"]


@pytest.mark.parametrize(
    ("first", "second", "differ"),
    [("", "", True), ("", " apiece", False), ("", " each", False), (" each", " apiece", True)],
)
def test_conflicts_a_figure_per_item_meets_only_one_per_item(
    first: str, second: str, differ: bool
) -> None:
    """ "gave 3 million euros or more apiece" is what each donor gave, no total: it
    disputes another outlet's figure per donor, not its total."""
    said = "The harbour campaign got its money from donors who gave {} million euros or more{}, "
    arts = [
        {"source": "Valley Post", "text": said.format(6, first) + "the filing shows.\n"},
        {"source": "Ridge Times", "text": said.format(3, second) + "the filing shows.\n"},
    ]
    out = storyline.brief(arts, cluster="single", dedup="none")
    conflicts = out["stories"][0]["conflicts"]
    assert any("6 million euros" in c["description"] for c in conflicts) is differ, conflicts


def test_conflicts_supporters_of_a_person_are_no_subject_named_by_her() -> None:
    """A noun with a place in its "of" phrase is that place ("the city of Karvel"); with a
    person there it is someone else ("Supporters of Ines Corda"), so a sentence on what
    her supporters did on Wednesday dates nothing she did on Tuesday."""
    from spacy.tokens import Doc

    from storyline.analyse import nlp
    from storyline.crosscheck.frames import _key

    def subject_key(words: list[str], ents: list[str]) -> str | None:
        doc = Doc(
            nlp.load().vocab,
            words=words,
            lemmas=[w.lower().rstrip("s") for w in words],
            heads=[3, 0, 1, 3, 3],
            deps=["nsubj", "prep", "pobj", "ROOT", "punct"],
            pos=["NOUN", "ADP", "PROPN", "VERB", "PUNCT"],
            ents=ents,
        )
        return _key(doc[0])

    assert subject_key(["city", "of", "Karvel", "voted", "."],
                       ["O", "O", "B-GPE", "O", "O"]) == "=karvel"  # fmt: skip
    assert subject_key(["Supporters", "of", "Corda", "voted", "."],
                       ["O", "O", "B-PERSON", "O", "O"]) == "supporter"  # fmt: skip


def test_conflicts_two_people_described_apart_are_no_misspelling() -> None:
    """Surnames one letter apart, each described by its source and with no word of the
    descriptions in common, are two people ("Michael McCaul", "Rep."; "Michael McFaul",
    a former ambassador); described alike, or one not described, a misspelling."""
    chair = "Tomas Berglund, the chairman of the harbour committee, backed the plan on Monday.\n"
    others = {
        "Tomas Berglind, a former ambassador to Norway, criticised the harbour plan on "
        "Monday.\n": False,
        "Tomas Berglind, the harbour committee chairman, backed the plan on Monday.\n": True,
        "Tomas Berglind, who chairs the harbour committee, backed the plan on Monday.\n": True,
    }
    for other, misspelt in others.items():
        arts = [{"source": "Valley Post", "text": chair}, {"source": "Ridge Times", "text": other}]
        out = storyline.brief(arts, cluster="single", dedup="none")
        names = [c for c in out["stories"][0]["conflicts"] if c["kind"] == "name"]
        assert bool(names) is misspelt, (other, names)


def test_conflicts_a_sum_in_or_of_something_measures_it() -> None:
    """ "$2 million in road repairs" measures the repairs, whatever verb it hangs on: two
    sums in road repairs are compared, a sum in repairs and one in fines are not."""
    from storyline.crosscheck.facts import comparable

    def money(text: str) -> list[Value]:
        return [v for v in _values_of(text) if v.kind == "money"]

    asked = money("The mayor said the city should press for $2 million in road repairs.")
    due = money("With the vote due and $1 million in road repairs set to begin, talks resume.")
    fines = money("With the vote due and $1 million in parking fines set to come in, talks resume.")
    assert asked and due and fines
    assert any("repair" in v.anchor for v in asked) and any("repair" in v.anchor for v in due)
    assert any(comparable(a, b) for a in asked for b in due)
    assert not any(comparable(a, b) for a in asked for b in fines)


def test_conflicts_figures_in_two_speakers_quotations_are_no_dispute() -> None:
    """Each source quotes someone else's words: the council's ad says "$716 million", the
    mayor's "$800 million". The sources do not disagree; each speaker is quoted right."""
    quoted = _conflict_kinds(
        "The ad says: “You paid for the harbour for years. Now the council has cut $716 million "
        "from the harbour fund.”\n",
        "The mayor's ad said: “His plan would cut the harbour fund by $800 million, and you "
        "paid for the harbour for years.”\n",
    )
    assert "number" not in quoted
    told = _conflict_kinds(
        "The council has cut $716 million from the harbour fund, the budget office said.\n",
        "The council has cut $800 million from the harbour fund, the budget office said.\n",
    )
    assert "number" in told


def test_conflicts_reports_days_apart_are_no_dispute_on_their_values() -> None:
    """ "has raised $4 million" on Monday and "has raised $6 million" a week later: the
    figure may have grown in between, so the two raise no conflict; printed on the same
    day or the next they do."""
    a = (
        "The Harbour Fund, a group opposing the port expansion, has raised $4 million from "
        "local donors, its treasurer Mira Holt said.\n\n"
        "The group plans television ads in the three coastal districts before the vote.\n"
    )
    b = (
        "The Harbour Fund, a group opposing the port expansion, has raised $6 million from "
        "local donors, its treasurer Mira Holt said.\n\n"
        "Port officials said the expansion would bring 900 jobs to the coast.\n"
    )

    def kinds(day_b: str) -> list[str]:
        arts = [
            {"source": "Coast Post", "published": "2024-03-04", "text": a},
            {"source": "Bay Ledger", "published": day_b, "text": b},
        ]
        out = storyline.brief(arts, cluster="single", dedup="none")
        return [c["kind"] for c in out["stories"][0]["conflicts"]]

    assert kinds("2024-03-05") == ["number"]
    assert kinds("2024-03-06") == ["number"]
    assert kinds("2024-03-11") == []


def test_conflicts_a_headline_in_title_case_disputes_as_its_text_does() -> None:
    """Headlines run into the text ("17-08-2014 Syrian Army Kills 31 Rebel Fighters in
    Korvel Province."): the tagger takes "Kills" for a name, yet it is the verb of the
    toll, so the two headlines are no one statement of two sources; and the dispute they
    tell again (19 against 31) is the one the articles' sentences tell: one conflict."""
    arts = [
        {"source": "Ahram", "published": "2014-08-17", "text": "Sun Aug 17 2014 Syrian air "
         "strikes on rebel-held Korvel kills 19. Air force jets pounded the town of Korvel in "
         "Halvik province on Sunday, killing at least 19 fighters, a monitoring group said."},
        {"source": "Manar", "published": "2014-08-17", "text": "17-08-2014 Syrian Army Kills "
         "31 Rebel Fighters in Korvel Province. Warplanes struck rebel positions in the town "
         "of Korvel in Halvik province on Sunday, killing 31 fighters, a monitoring group "
         "said."},
    ]  # fmt: skip
    out = storyline.brief(arts, cluster="single", dedup="none")
    story = out["stories"][0]
    assert all(s["support"] == 1 for s in story["statements"]), story["statements"]
    disputes = [c for c in story["conflicts"] if c["kind"] in {"number", "count"}]
    assert len(disputes) == 1, [c["description"] for c in story["conflicts"]]
    assert {"31", "at least 19"} <= {s["value"].lower() for s in disputes[0]["sides"]}


def test_conflicts_margins_of_error_of_polls_not_named_as_one() -> None:
    """A margin of error belongs to its poll: two unnamed polls' margins are no dispute; the
    same pollster's are compared."""
    a = "The margin of error of the survey is plus or minus 4 percentage points.\n"
    b = "The margin of error of the survey is plus or minus 5.7 percentage points.\n"
    assert "number" not in _conflict_kinds(a, b)
    named_a = "The margin of error of the Quinlan survey is plus or minus 4 percentage points.\n"
    named_b = "The margin of error of the Quinlan survey is plus or minus 5.7 percentage points.\n"
    assert "number" in _conflict_kinds(named_a, named_b)


def test_conflicts_a_sum_of_several_is_no_share_each_has() -> None:
    """ "collectively collected just 7 percent" is the sum of three; "each near 10 percent" the
    share of one: no dispute. Two shares told alike are compared."""
    each = "Dorn, Vale and Ruiz each won about 10 percent of the vote in the Harlow primary.\n"
    summed = (
        "Dorn, Vale and Ruiz collectively won just 7 percent of the vote in the Harlow primary.\n"
    )
    assert "number" not in _conflict_kinds(each, summed)
    other = "Dorn, Vale and Ruiz each won about 7 percent of the vote in the Harlow primary.\n"
    assert "number" in _conflict_kinds(each, other)


def test_conflicts_a_toll_on_its_verb_is_named_by_what_it_counts() -> None:
    """Two outlets' counts of the wounded of one attack disagree: the conflict shows both
    and names what they count ("the number wounded"), not "the figure in" a sentence."""
    articles = [
        {
            "title": "Rockets hit Damascus market",
            "source": "Levant Wire",
            "text": "Rebels fired rockets at a market in Damascus on Thursday, leaving at least "
            "three killed and 30 wounded, according to local reports.\n",
        },
        {
            "title": "Market shelled in Damascus",
            "source": "Capital Radio",
            "text": "Militants fired rocket shells at a market in Damascus on Thursday, leaving "
            "3 citizens killed and 20 others wounded, the radio's correspondent reported.\n",
        },
    ]
    out = storyline.brief(articles, cluster="single", dedup="none")
    conflicts = out["stories"][0]["conflicts"]
    wounded = [c for c in conflicts if {s["value"] for s in c["sides"]} == {"30", "20"}]
    assert len(wounded) == 1, [c["description"] for c in conflicts]
    assert "the number wounded" in wounded[0]["description"]


def test_conflicts_a_score_of_two_shares_is_no_share_of_another_poll() -> None:
    """ "beating Marsh 45 to 40 percent" gives the winners' share and the loser's: the 40
    percent is no other reading of the 22 percent one of them won among conservatives."""
    a = (
        "Among conservative voters, Anton Vella won out with 22 percent, followed closely by "
        "Ida Reyes with 20 percent.\n"
    )
    b = "The poll shows both Anton Vella and Ida Reyes beating Marsh 45 to 40 percent.\n"
    assert "number" not in _conflict_kinds(a, b)
    c = "Among conservative voters, Anton Vella won out with 31 percent, ahead of Ida Reyes.\n"
    assert "number" in _conflict_kinds(a, c)


def test_conflicts_the_topic_of_a_figure_ends_on_its_noun() -> None:
    """ "at a starting price of $240" / "... of $260": the dispute is on "the starting
    price", not on "the starting price of" (a reader saw the dangling "of")."""
    said = "the ferry company said."
    texts = [
        f"The Harbour season pass goes on sale on Monday at a starting price of ${price}, {said}"
        for price in (240, 260)
    ]
    assert [c["description"] for c in _conflicts(*texts)] == [
        "Sources differ on the starting price: $240 (1 source) vs $260 (1 source)"
    ]


def test_conflicts_a_disputed_count_names_what_it_counts_in_the_plural() -> None:
    """A count written as a measure before its noun ("a 15-inch screen") counts that
    measure: the dispute is on "the number of inches", not "of inch"."""
    a = (
        "The new Harbour Pro laptop comes with a 15-inch screen and a longer battery life, "
        "the company said on Monday."
    )
    b = ("Harbour's latest Pro laptop, unveiled on Monday, has a 16-inch screen and a new "
         "keyboard, according to the company.")  # fmt: skip
    assert [c["description"] for c in _conflicts(a, b)] == [
        "Sources differ on the number of inches: 15 (1 source) vs 16 (1 source)"
    ]


def test_conflicts_a_count_of_deaths_is_a_toll_named_by_what_it_counts() -> None:
    """ "causing more than 50 million deaths" is a death toll as "killed an estimated 25
    million people" is: the two disagree (they had been one statement of two sources),
    and the dispute names what is counted and its harm, no hedge ("an estimated")."""
    a = "The Harbour plague killed an estimated 25 million people in Europe in the 14th century."
    b = "In the 14th century the Harbour plague caused more than 50 million deaths in Europe."
    assert [c["description"] for c in _conflicts(a, b)] == [
        "Sources differ on the number of people killed: 25 million (1 source) vs 50 million "
        "(1 source)"
    ]
