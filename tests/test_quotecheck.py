"""Quote conflicts: raised for a real misattribution or rewording, not for the
usual ways outlets quote (pronouns, spokesmen, re-quotes, long quotes cut up)."""

from __future__ import annotations

import pytest

from storyline.analyse.entities import extract_entities
from storyline.analyse.quotes import extract_quotes
from storyline.config import Config
from storyline.context import StoryContext
from storyline.crosscheck.quotecheck import (
    alignment,
    change_between,
    quote_conflicts,
    same_quote,
    where_they_differ,
    words,
)
from storyline.model import Article, Conflict

LINE = "We will not close a single rural school while I am governor"


def _conflicts(*texts: str) -> list[Conflict]:
    from storyline.analyse import nlp

    arts = [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]
    docs = nlp.annotate(arts)
    ctx = StoryContext("s", arts, docs, {a.id: a.id for a in arts})
    ctx.entities = extract_entities(ctx, Config())
    ctx.quotes = extract_quotes(ctx, Config())
    return quote_conflicts(ctx)


def _kinds(conflicts: list[Conflict]) -> list[str]:
    return [c.kind for c in conflicts]


BASE = (
    "Governor Laura Benton visited the valley on Monday.\n\n"
    f"“{LINE},” Benton told reporters in Millford.\n\n"
    "The budget will be voted on next week."
)


def test_quotecheck_misattributed_quote_is_a_conflict() -> None:
    other = (
        "The education bill reached the state senate on Monday.\n\n"
        f"“{LINE},” said Senator Paul Okafor.\n\n"
        "The vote is expected next week."
    )
    found = [c for c in _conflicts(BASE, other) if c.kind == "quote_speaker"]
    assert len(found) == 1
    names = {s.value for s in found[0].sides}
    assert any("Benton" in n for n in names) and any("Okafor" in n for n in names)


@pytest.mark.parametrize(
    "other",
    [
        # a pronoun is no named speaker
        "Senator Paul Okafor met teachers on Monday. The governor spoke later.\n\n"
        f"“{LINE},” she said.",
        # a description, not a person
        f"Officials repeated the pledge on Monday. “{LINE},” analysts said.",
        # a spokesman relays his principal's words
        f"“{LINE},” said Mark Hale, a spokesman for Governor Benton.",
        # the other person is the one spoken to
        f"“{LINE},” Paul Okafor told Laura Benton at the hearing.",
        # a quote inherited from the paragraph before, not attributed
        f"“The valley needs roads,” Paul Okafor said on Monday.\n\n“{LINE}.”",
    ],
)
def test_quotecheck_no_speaker_conflict_without_two_direct_names(other: str) -> None:
    assert "quote_speaker" not in _kinds(_conflicts(BASE, other))


def test_quotecheck_requote_is_not_a_misattribution() -> None:
    a = (
        "Mayor Ines Carvalho defended the plan on Monday, calling the critics’ claims "
        "“a betrayal of every promise we ever made to the city.”"
    )
    b = (
        "Councillor Tom Reyes answered in a letter on Tuesday. “Needless to say, the plan "
        "was not ‘a betrayal of every promise we ever made to the city.’ It is a budget,” "
        "Reyes wrote."
    )
    assert "quote_speaker" not in _kinds(_conflicts(a, b))


def test_quotecheck_quote_about_a_person_is_not_his() -> None:
    a = (
        "“Governor Benton has said she is determined to keep every rural school open,” "
        "Paul Okafor said on Sunday."
    )
    b = (
        "“Governor Benton has said she is determined to keep every rural school open,” "
        "Laura Benton said on Sunday, quoting her own campaign."
    )
    assert "quote_speaker" not in _kinds(_conflicts(a, b))


def test_quotecheck_reworded_negation_is_a_conflict() -> None:
    other = (
        "Governor Laura Benton toured the valley.\n\n"
        "“We will close a single rural school while I am governor,” Benton said."
    )
    found = [c for c in _conflicts(BASE, other) if c.kind == "quote_wording"]
    assert len(found) == 1 and "negation" in found[0].description


def test_quotecheck_short_remarks_that_open_alike_are_two_remarks() -> None:
    """A short quotation that shares only its opening with a longer one of the same
    speaker ("It is hard to ...") is another remark, no misquote; two wordings of one
    length that differ in a word still are."""
    said = ", said Marta Lindqvist, a dockworker.\n"
    long_ = "“It is hard to convince them what the harbour looked like before”" + said
    assert not _conflicts(long_, "“It is hard to avoid”" + said)
    city, country = (f"“This is a wound for the whole {w}”" + said for w in ("city", "country"))
    assert _kinds(_conflicts(city, country)) == ["quote_wording"]


def test_quotecheck_description_shows_where_the_wordings_differ() -> None:
    # the two wordings agree for their first fourteen words: a description of their
    # first words would print the same thing twice
    said = "Every family in this county deserves a school within reach of the bus and {}"
    a = (
        "Governor Laura Benton toured the valley.\n\n"
        f"“{said.format('a library that stays open')},” Benton said."
    )
    b = (
        "Governor Laura Benton spoke in Millford.\n\n"
        f"“{said.format('a clinic that stays open')},” Benton told reporters."
    )
    found = [c for c in _conflicts(a, b) if c.kind == "quote_wording"]
    assert len(found) == 1
    desc = found[0].description
    assert "a library that stays open" in desc and "a clinic that stays open" in desc
    assert "Every family" not in desc


@pytest.mark.parametrize(
    ("a", "b", "shown"),
    [
        # a change at the end: a few words before it, an ellipsis where words are left out
        (
            "We have a plan for the harbour and we will present it to the council in June",
            "We have a plan for the harbour and we will present it to the council in July",
            ("…to the council in June", "…to the council in July"),
        ),
        # words one wording alone has before the other begins are no change
        (
            "Well, the harbour stays open for every boat this winter",
            "the harbour stays open for no boat this winter",
            (
                "…harbour stays open for every boat this winter",
                "…harbour stays open for no boat this winter",
            ),
        ),
        # no change in the words: both shown from their start
        ("The port is open.", "the port is open", ("The port is open.", "the port is open")),
    ],
)
def test_quotecheck_where_they_differ(a: str, b: str, shown: tuple[str, str]) -> None:
    assert where_they_differ(a, b) == shown


def test_quotecheck_two_sentences_of_one_long_quote_are_no_rewording() -> None:
    a = (
        "Governor Laura Benton spoke on Monday. “The schools stay open. We have found the "
        "money in the transport budget and the teachers will be paid in full,” Benton said."
    )
    b = (
        "Governor Laura Benton spoke in Millford. “We have found the money in the transport "
        "budget,” Benton said. “And the teachers will be paid in full by the state.”"
    )
    assert "quote_wording" not in _kinds(_conflicts(a, b))


def test_quotecheck_source_printing_both_wordings_is_no_misquote() -> None:
    a = (
        "Governor Laura Benton spoke on Monday. “This will seriously raise the cost of "
        "schooling,” Benton said. Asked again later, she said: “It will sharply raise the "
        "cost of schooling.”"
    )
    b = "Governor Laura Benton spoke. “This will sharply raise the cost of schooling,” she said."
    assert "quote_wording" not in _kinds(_conflicts(a, b))


def test_quotecheck_alignment_is_one_window() -> None:
    short = words("the teachers will be paid in full")
    long_ = words("We found the money and the teachers will be paid in full by May")
    cover, dense, (lo, hi) = alignment(short, long_)
    assert cover == 1.0 and dense == 1.0
    assert long_[lo:hi] == short
    # the same words scattered over a long quote are not one quotation
    scattered = "the rain will be heavy and we are paid to stay in the full hall all day"
    assert not same_quote("the teachers will be paid in full", scattered)


@pytest.mark.parametrize(
    ("a", "b", "change"),
    [
        ("the batteries we need for the next decade", "batteries we need for the next two years",
         "word"),
        ("We are close to a deal. Talks go on", "we are not close to a deal", "negation"),
        ("we are close to a deal", "Well, we are close to a deal, and talks go on", None),
        ("If they [lawmakers] pass it we win", "If they pass it we win", None),
        # the window takes words before the match: only the one next to it is compared
        ("spend millions of euros to keep the schools open",
         "The city council has spent millions of euros to keep the schools open", None),
        ("cut taxes on workers this year", "Lopez said she will raise taxes on workers this year",
         "word"),
    ],
)  # fmt: skip
def test_quotecheck_change_between_windows(a: str, b: str, change: str | None) -> None:
    assert change_between(a, b) == change


def test_quotecheck_one_speakers_reworded_quote_takes_the_side_it_agrees_with() -> None:
    """Two outlets print one admission with the negation, a third without it: the
    shorter, a little reworded ("that should not have been spent") stands beside the
    outlet it agrees with, and a reworded quote alone raises no conflict."""
    a = (
        "Mayor Ada Kern pleaded guilty on Monday.\n\n"
        "“I spent grant money I should not have spent on my own house,” Kern told the judge."
    )
    b = (
        "Mayor Ada Kern admitted the charge in court.\n\n"
        "“I spent grant money that should have been spent on the library,” Kern said."
    )
    c = (
        "Mayor Ada Kern entered a guilty plea.\n\n"
        "Kern said she “spent grant money that should not have been spent.”"
    )
    (found,) = [x for x in _conflicts(a, b, c) if x.kind == "quote_wording"]
    sides = [{cit.article for cit in side.citations} for side in found.sides]
    assert sorted(sides, key=len) == [{"a1"}, {"a0", "a2"}]
    assert "quote_wording" not in _kinds(_conflicts(a, c))
