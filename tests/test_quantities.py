"""Quantities: values, kinds, units and what they measure, with exact spans."""

from __future__ import annotations

import pytest

from storyline.analyse.quantities import QuantityConfig, article_quantities, parse_number
from storyline.model import Article

TEXT = (
    "The government raised tariffs to 30% on imported steel and to 25 percent on cars. "
    "It set aside $1.5 billion for farmers and €200 million for ports. "
    "Talks lasted six hours; this was the fourth round in 4 months, after a 90-day pause. "
    "The deadline has been extended three times, and 12 ministers attended."
)


@pytest.fixture(scope="module")
def quantities() -> dict[str, tuple]:
    art = Article(id="q", text=TEXT)
    qs = article_quantities(art, None, QuantityConfig())
    for q in qs:
        assert TEXT[q.span.start : q.span.end] == q.text
    return {q.text: (q.value, q.kind, q.unit, q.measures) for q in qs}


@pytest.mark.parametrize(
    "text, value, kind, unit",
    [
        ("30%", 30, "percent", "%"),
        ("25 percent", 25, "percent", "%"),
        ("$1.5 billion", 1.5e9, "money", "USD"),
        ("€200 million", 2e8, "money", "EUR"),
        ("six hours", 6, "duration", "hour"),
        ("4 months", 4, "duration", "month"),
        ("90-day", 90, "duration", "day"),
        ("fourth", 4, "ordinal", None),
        ("three times", 3, "count", "times"),
        ("12", 12, "count", None),
    ],
)
def test_quantities_values_and_kinds(
    quantities: dict, text: str, value: float, kind: str, unit: str | None
) -> None:
    assert text in quantities
    v, k, u, _ = quantities[text]
    assert (v, k, u) == (value, kind, unit)


def test_quantities_measures(quantities: dict) -> None:
    assert quantities["30%"][3] == "on imported steel"
    assert quantities["fourth"][3] == "round"
    assert quantities["12"][3] == "ministers"


def test_quantities_parse_number() -> None:
    assert parse_number("1,200") == 1200
    assert parse_number("twenty-five") == 25
    assert parse_number("banana") is None


def test_quantities_odds_are_one_ratio_not_two_counts() -> None:
    """'a two-in-three chance' is one value (2/3), not a count of two and another of three;
    a year after 'in' stays a year."""
    text = (
        "The mayor gave the plan a two-in-three chance. Polls found 1 in 4 voters undecided "
        "and nine out of 10 residents opposed. The club won 3 in 2016."
    )
    art = Article(id="r", text=text)
    got = {q.text: (round(q.value, 3), q.kind, q.measures) for q in article_quantities(
        art, None, QuantityConfig())}  # fmt: skip
    assert got["two-in-three"] == (0.667, "ratio", "chance")
    assert got["1 in 4"] == (0.25, "ratio", "voters")
    assert got["nine out of 10"] == (0.9, "ratio", "residents")
    assert not any(q == "two" or q.startswith("three") for q in got)
    assert "3 in 2016" not in got  # a count and a year, not three in 2,016
    rain = Article(id="d", text="It rained 3 in 5 days.")
    spans = article_quantities(rain, None, QuantityConfig())
    assert [(q.text, q.kind) for q in spans if q.kind == "ratio"] == []
    assert ("5 days", "duration") in [(q.text, q.kind) for q in spans]


def test_quantities_odds_are_no_figure_in_dispute() -> None:
    """Two outlets giving a win chance and a loss chance ("two-in-three chance that we win",
    "1 in 3 chance that we could lose") show no figure on which they differ."""
    import storyline

    arts = [
        {"source": "Post", "text": "The speaker said there is a two-in-three chance that his "
         "party wins the House, and a one-in-three chance that it could lose."},
        {"source": "Wire", "text": "The speaker said there is a 1 in 3 chance that his party "
         "could lose the House."},
    ]  # fmt: skip
    story = storyline.brief(arts, cluster="single")["stories"][0]
    assert [q["kind"] for q in story["quantities"]] == ["ratio"] * 3
    assert story["figures"] == [] and story["conflicts"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He will seek a second term as chairman.", [("second", "ordinal", 2.0)]),
        ("The blast lasted a second, witnesses said.", [("a second", "duration", 1.0)]),
        ("Two seconds later the wall fell.", [("Two seconds", "duration", 2.0)]),
    ],
)
def test_quantities_a_second_term_is_an_ordinal(text: str, expected: list) -> None:
    """'a second term' is the second, not a second of time (a figure 'term (days)')."""
    got = article_quantities(Article(id="s", text=text), None, QuantityConfig())
    assert [(q.text, q.kind, q.value) for q in got] == expected


@pytest.mark.parametrize(
    ("text", "number"),
    [("nearly two-dozen people died", 24.0), ("twenty-five people died", 25.0),
     ("two dozen people died", 24.0), ("two hundred fifty people died", 250.0)],
)  # fmt: skip
def test_quantities_number_words_in_compounds(text: str, number: float) -> None:
    """ "two dozen" multiplies ("twenty-five" adds), in the quantities stage and in the
    values the cross-check reads where that stage found none."""
    from storyline.analyse import nlp
    from storyline.analyse.quantities import parse_number
    from storyline.crosscheck.facts import sentence_values

    words = text.removeprefix("nearly ").rsplit(" people", 1)[0]
    assert parse_number(words) == number
    doc = nlp.load()(text)
    (v,) = [v for v in sentence_values(doc, text, 0, len(text), [], [], 2025) if v.kind == "count"]
    assert v.number == number and v.text == words


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("Police seized an average of 2,763 pounds a year.", None),
        ("The club paid 50 million pounds for the striker.", "50 million pounds"),
        ("He was fined 2,000 pounds sterling.", "2,000 pounds sterling"),
        ("The ticket cost \u00a32,000.", "\u00a32,000"),
    ],
)
def test_quantities_pounds_alone_are_a_weight(text: str, money: str | None) -> None:
    """ "2,763 pounds" of marijuana seized is a weight, not sterling (it was a figure
    "average (GBP)"): pounds are money after "£", with a scale, or with "sterling", in the
    quantities stage and in the values the cross-check reads."""
    from storyline.crosscheck.facts import _parse_numbers

    expected = [money.removesuffix(" sterling")] if money else []
    got = article_quantities(Article(id="s", text=text), None, QuantityConfig())
    assert [q.text for q in got if q.kind == "money"] == expected
    values = _parse_numbers(text, 0, len(text))
    assert [v.text for v in values if v.kind == "money"] == expected


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("17-08-2013 17 Killed as Rebels Attack Border Town.", ["17"]),
        ("On 2013/08/17 at dawn 40 people died in the raid.", ["40"]),
        ("05.02.2015 Shells hit the old market, killing 3 and wounding 20.", ["3", "20"]),
        ("Between 10-12 people were hurt, and the vote was 5-4-1.", ["10", "12", "5", "4", "1"]),
    ],
)
def test_quantities_a_date_in_numbers_is_no_count(text: str, counts: list[str]) -> None:
    """A dateline written in numbers ("17-08-2013") gave FA-KES figures rows a toll of
    "08" and a wounded count of "02"; a range or a tally of three numbers still counts."""
    from storyline.crosscheck.facts import _parse_numbers

    assert [v.text for v in _parse_numbers(text, 0, len(text)) if v.kind == "count"] == counts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Both beat Marsh 45 to 40 percent in the poll.", ["45", "40 percent"]),
        ("Vella led 52-48 percent among men.", ["52", "48 percent"]),
        ("Support stood at 90 to 95 percent.", ["95 percent"]),  # a range
        ("Support fell from 45 to 40 percent.", ["40 percent"]),  # a change
        ("Cut emissions by 2030 to 32 percent below 2005 levels.", ["32 percent"]),  # a year
    ],
)
def test_quantities_a_score_of_two_shares_is_two_percents(text: str, expected: list) -> None:
    """ "beating Marsh 45 to 40 percent" tells two shares, the winner's and the loser's: the
    first number is a percent too, not read as none (the 40 percent alone had been
    compared with another poll's 22 percent as one figure)."""
    got = article_quantities(Article(id="p", text=text), None, QuantityConfig())
    assert [q.text for q in got if q.kind == "percent"] == expected
