"""Dates: absolute and relative, resolved against the article's or the story's date."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.analyse.dates import article_dates, extract_dates
from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import Article

TEXT = (
    "Ministers met on Monday and will meet again on Friday. The truce agreed in July "
    "expires on September 30, 2025. Prices have risen since January, and a summit is "
    "planned in November. Earlier this year the bank cut rates; in 2023 it raised them. "
    "The report of 17 March was cited."
)


@pytest.mark.parametrize(
    "text, value, granularity, relative",
    [
        ("Monday", "2025-09-15", "day", True),
        ("Friday", "2025-09-19", "day", True),
        ("in July", "2025-07", "month", True),
        ("September 30, 2025", "2025-09-30", "day", False),
        ("since January", "2025-01", "month", True),
        ("in November", "2025-11", "month", True),
        ("Earlier this year", "2025", "year", True),
        ("in 2023", "2023", "year", False),
        ("17 March", "2025-03-17", "day", True),
    ],
)
def test_dates_resolved_against_published(
    text: str, value: str, granularity: str, relative: bool
) -> None:
    art = Article(id="d", text=TEXT, published="2025-09-16")  # a Tuesday
    found = {d.text: d for d in article_dates(art, date(2025, 9, 16))}
    assert text in found
    d = found[text]
    assert (d.date, d.granularity, d.relative) == (value, granularity, relative)
    assert TEXT[d.span.start : d.span.end] == d.text


def test_dates_story_date_when_article_has_none() -> None:
    a = Article(id="a", text="Talks began on Monday.", published="2025-09-17")
    b = Article(id="b", text="Talks began on Monday.")
    ctx = StoryContext("s", [a, b], {}, {}, date="2025-09-17")
    out = extract_dates(ctx, Config())
    assert out["a"][0].date == out["b"][0].date == "2025-09-15"


def test_dates_unresolved_without_reference() -> None:
    a = Article(id="a", text="Talks began on Monday, after a pause since June 3, 2024.")
    found = {d.text: d for d in article_dates(a, None)}
    assert found["Monday"].date is None
    assert found["June 3, 2024"].date == "2024-06-03"


@pytest.mark.parametrize(
    ("text", "phrase", "published", "value"),
    [
        # a Monday article: "to be shown on Tuesday" is tomorrow, "was shown on Tuesday" last week
        ("The video is to be shown on Tuesday, aides said.", "Tuesday", "2010-06-14", "2010-06-15"),
        ("The video was shown on Tuesday, aides said.", "Tuesday", "2010-06-14", "2010-06-08"),
        ("The truce is set to expire on Wednesday.", "Wednesday", "2025-09-15", "2025-09-17"),
        ("Ministers met on Friday in Oslo.", "Friday", "2025-09-15", "2025-09-12"),
        ("Talks are continuing on Friday.", "Friday", "2025-09-15", "2025-09-19"),
        # a modal before a bare verb looks ahead; "could have" looks back
        ("The bill could come to a vote on Friday.", "Friday", "2010-12-01", "2010-12-03"),
        ("The court may rule on Monday.", "Monday", "2010-12-01", "2010-12-06"),
        ("The bill could have passed on Friday.", "Friday", "2010-12-01", "2010-11-26"),
        ("A vote is possible as soon as Friday.", "Friday", "2010-12-01", "2010-12-03"),
        ("The primary would be held on April 30.", "April 30", "2013-01-30", "2013-04-30"),
        # no past verb to read: words before the date that look ahead point a month or weekday
        (
            "The ruling, expected by June, is the biggest of the term.",
            "by June",
            "2011-03-29",
            "2011-06",
        ),
        (
            "In an interview with Fox News, to be shown on Tuesday, Mr. Boehner gave a warning.",
            "Tuesday",
            "2012-04-23",
            "2012-04-24",
        ),
        # "the first ... to": which one, not what is to come
        (
            "It is the broadest change to come out of the ruling in June.",
            "in June",
            "2013-08-29",
            "2013-06",
        ),
        ("The vote to be held in June will be close.", "in June", "2013-08-29", "2014-06"),
        # "look forward to" looks ahead
        (
            "\u201cI look forward to talking to you Monday evening,\u201d she wrote.",
            "Monday",
            "2010-12-12",
            "2010-12-13",
        ),
        # a present tense under "until" in a clause of a future verb looks ahead
        (
            "The wording won't be released until the national board of directors approves "
            "the resolution during its meeting in October.",
            "in October",
            "2010-07-13",
            "2010-10",
        ),
        # after a perfect: since a past moment, the nearest December
        (
            "Democrats, who have been fighting to tighten gun laws after the shooting at the "
            "school in December, spoke.",
            "in December",
            "2013-04-02",
            "2012-12",
        ),
        # ahead of a past moment, which may be past now: the nearest day, as before
        (
            "They were hoping that the vote on Thursday would help.",
            "Thursday",
            "2014-06-14",
            "2014-06-12",
        ),
        # a month without its year: the verb says which June
        ("Jackson will be sentenced on June 28.", "June 28", "2013-02-20", "2013-06-28"),
        ("Jackson was sentenced on June 28.", "June 28", "2013-02-20", "2012-06-28"),
        ("The judge set the sentencing for June 28.", "June 28", "2013-02-20", "2013-06-28"),
        ("The truce will end in March.", "in March", "2025-09-15", "2026-03"),
        ("The envoys met in November.", "in November", "2025-09-15", "2024-11"),
        ("In mid-June, Trump extended the deadline.", "In mid-June", "2025-09-15", "2025-06"),
        ("In July the envoys met again.", "In July", "2025-09-15", "2025-07"),
        # a present "is" gives a thing its time to come (2014-06-13 was a Friday)
        ("The harbour vote is Thursday, leaving little time.", "Thursday", "2014-06-13",
         "2014-06-19"),
        ("The mayor is up for re-election in November.", "in November", "2016-03-02",
         "2016-11"),
        # ... not the time of what a figure rose from, nor a time it counts from
        ("Support is up from 37 percent in January.", "in January", "2016-03-02", "2016-01"),
        ("Any hope is a step forward from Friday, when talks broke off.", "Friday",
         "2014-06-13", "2014-06-13"),
        ("Any hope is a step forward from Thursday, when talks broke off.", "Thursday",
         "2014-06-13", "2014-06-12"),
        # what a thing was done ahead of is the nearer of its two days, past tense or not
        ("The group sent a letter to the mayor in advance of her appearance on the campus "
         "on Thursday morning to give the lecture.", "Thursday", "2012-04-24", "2012-04-26"),
        ("The union bought air time ahead of the Jan. 3 vote.", "Jan. 3",
         "2011-12-29", "2012-01-03"),
        ("Ahead of Friday's meeting, the two unions unveiled a joint plan.", "Friday",
         "2016-09-18", "2016-09-16"),
        # what is being done ahead of it looks ahead with its verb
        ("She is campaigning ahead of Saturday's straw poll.", "Saturday",
         "2011-08-08", "2011-08-13"),
        # so is a day a thing was done before (Sunday and Monday articles); "before a
        # panel" is in front of it, and a bare month keeps its verb's way
        ("His debate performance just days before Tuesday's primary emboldened them.",
         "Tuesday", "2016-02-07", "2016-02-09"),
        ("The debate came 15 days before the caucuses on Feb. 1, a key test.", "Feb. 1",
         "2016-01-18", "2016-02-01"),
        ("The aide, who spoke before a congressional panel in September, is cooperating.",
         "in September", "2016-03-03", "2015-09"),
        ("The law was set to take effect the day before the mayor's inauguration on "
         "January 20.", "January 20", "2025-09-15", "2025-01-20"),
        # an infinitive under a past progressive: ahead of a past moment, the nearest day
        # (a Tuesday article)
        ("About 40 ships were waiting to unload on Monday evening, the port said.", "Monday",
         "2026-03-10", "2026-03-09"),
        # an infinitive after an adjective of a past "was" tells of the past (Monday and
        # Thursday articles); of a present "is", of what is to come
        ("A couple were surprised to see the sign on Friday night.", "Friday",
         "2015-12-28", "2015-12-25"),
        ("He was able to vote on Tuesday.", "Tuesday", "2016-03-17", "2016-03-15"),
        ("He is happy to meet them on Friday.", "Friday", "2016-03-14", "2016-03-18"),
        # a bare month, the verb saying neither way: the nearest, up to four months ahead
        ("The party needs a win in November.", "in November", "2016-07-20", "2016-11"),
        ("Support is 44 percent, from 54 percent in July.", "in July", "2016-01-19",
         "2015-07"),
        # a date in what someone is called takes no tense from the verb; a date's own
        # parts ("Friday, Sept. 14") do
        ("Jane Doe, a candidate in the Senate primary on June 3, announced her plan.",
         "June 3", "2014-03-25", "2014-06-03"),
        ("On Friday, Sept. 14, the aide sent an e-mail.", "Friday, Sept. 14", "2013-05-15",
         "2012-09-14"),
        # a past participle with no auxiliary tells what was done to its noun: past (a
        # Wednesday article for "Monday"); one of setting a time, or of a condition, not so
        ("In her last check-up -- carried out in February -- the mayor weighed 70 kilos.",
         "in February", "2019-11-18", "2019-02"),
        ("The harbour plan rejected on Monday was much like the last one.", "Monday",
         "2016-06-22", "2016-06-20"),
        ("When asked about the levy in an interview in October, the mayor said it was "
         "under review.", "in October", "2016-08-09", "2015-10"),
        ("Most of the air time reserved in December comes from outside groups.",
         "in December", "2015-11-27", "2015-12"),
        ("If elected in November, she will serve four years.", "in November", "2016-08-09",
         "2016-11"),
        ("The plan will be reviewed and approved in March.", "in March", "2016-01-10",
         "2016-03"),
        # "this November" is of the year of telling, whatever the verb says
        ("The party faces a daunting map this November.", "this November", "2016-03-24",
         "2016-11"),
    ],
)  # fmt: skip
def test_dates_tense_of_the_verb_points_the_way(
    text: str, phrase: str, published: str, value: str
) -> None:
    from storyline.analyse import nlp

    art = Article(id="t", text=text, published=published)
    doc = nlp.annotate([art])["t"]
    found = {d.text: d for d in article_dates(art, date.fromisoformat(published), doc=doc)}
    assert found[phrase].date == value


@pytest.mark.parametrize(
    ("text", "phrase", "published", "value"),
    [
        # the tense is the clause's; the day is near at hand, before the telling
        ("The mayor will campaign on the strength of her Nov. 14 speech in Karvel.",
         "Nov. 14", "2025-11-21", "2025-11-14"),
        ("Corda is highlighting her win over Vidal on Feb. 1 as she urges unity.",
         "Feb. 1", "2026-02-20", "2026-02-01"),
        ("About 9,000 ballots are still to be counted as of June 30.",
         "June 30", "2026-07-02", "2026-06-30"),
        # ... or after it
        ("Both campaigns stepped up their visits in anticipation of the June 7 primary.",
         "June 7", "2026-05-27", "2026-06-07"),
        # farther off, the verb decides: a tour's dates told in November are the next year's
        ("The band will play a hometown show on Sept. 12.", "Sept. 12", "2025-11-19",
         "2026-09-12"),
    ],
)  # fmt: skip
def test_dates_a_day_within_a_month_of_the_telling_is_that_day(
    text: str, phrase: str, published: str, value: str
) -> None:
    """A month's day without its year that falls within a month of the telling, before or
    after it, is that day whatever way the clause's verb points (`dates.MONTH_DAYS`); one
    farther off is read as the verb says."""
    assert _dates_in(text, published)[phrase] == value


def test_dates_looking_ahead_from_a_past_moment_keeps_the_nearest_month() -> None:
    from storyline.analyse import nlp

    text = "A federal law was set to take effect on January 20, the day before."
    art = Article(id="t", text=text, published="2025-09-15")
    doc = nlp.annotate([art])["t"]
    found = {d.text: d for d in article_dates(art, date(2025, 9, 15), doc=doc)}
    assert found["January 20"].date == "2025-01-20"


def test_dates_scheduled_from_a_past_moment_weekday_still_ahead() -> None:
    from storyline.analyse import nlp

    text = "After the talks, the minister was scheduled to travel to London on Tuesday."
    art = Article(id="t", text=text, published="2025-09-15")  # a Monday
    doc = nlp.annotate([art])["t"]
    found = {d.text: d for d in article_dates(art, date(2025, 9, 15), doc=doc)}
    assert found["Tuesday"].date == "2025-09-16"


def test_dates_a_person_named_like_a_month_is_no_date() -> None:
    """ "Prime Minister Hazel May", "From May's office" (in an article naming her) are the
    person, not the month; "In May the cabinet met" is a month."""
    text = (
        "Prime Minister Hazel May announced on Wednesday that the cabinet had agreed. "
        "From May's office, aides said the vote would come soon. In May the cabinet met."
    )
    assert _dates_in(text, "2018-11-15") == {"Wednesday": "2018-11-14", "In May": "2018-05"}


def _dates_in(text: str, published: str) -> dict[str, str | None]:
    """Each date of a one-article text as printed, resolved with its parse."""
    from storyline.analyse import nlp

    art = Article(id="t", text=text, published=published)
    doc = nlp.annotate([art])["t"]
    return {d.text: d.date for d in article_dates(art, date.fromisoformat(published), doc=doc)}


def test_dates_a_date_in_a_name_or_a_habit_is_no_date() -> None:
    """ "the 17 February Brigade" (a militia) and "the March 3 Commission" are names, not
    dates, "every Sunday" and "on Saturday nights" are habits, "the Harbour Safety Act
    of 1993" a law's name; "the March 15 deadline" and "a Friday radio interview" are
    dates."""
    text = (
        "The cable warned that the 17 February Brigade, the group guarding the port, was "
        "compromised. He missed the March 15 deadline and said so in a Friday radio "
        "interview. The panel, the March 3 Commission, met again. She goes to church "
        "every Sunday and each Monday. The party schedules its debates on Saturday nights "
        "and its rallies on Sunday mornings. The court held that the rules break the Harbour "
        "Safety Act of 1993."
    )
    assert _dates_in(text, "2013-05-15") == {"March 15": "2013-03-15", "Friday": "2013-05-10"}


def test_dates_a_date_with_its_year_is_in_no_name() -> None:
    """A wire dateline before a capitalised word ("AFP Friday 28 Oct 2016 Rebels fired")
    is the day the report was filed: a date with its year names no militia or panel."""
    text = "AFP Friday 28 Oct 2016 Rebels fired rockets into the west of the city at dawn."
    assert _dates_in(text, "2016-10-30").get("Friday 28 Oct 2016") == "2016-10-28"


def test_dates_the_last_year_is_a_span_to_now_not_a_date() -> None:
    """ "last year" is the year before; "in the last year", "over the past month" or "in
    the next month" is the time up to (or from) now, which dates nothing; nor does "his
    last year in office" (his final one)."""
    text = (
        "Prices rose last year and fell last month. Rents have doubled in the last year, "
        "and a decision is due in the next month. Sales will recover next year. He hosted "
        "25 parties in 2008, his last year in office."
    )
    art = Article(id="d", text=text, published="2025-09-16")
    dates = article_dates(art, date(2025, 9, 16))
    found = {d.text: d.date for d in dates}
    assert found == {"last year": "2024", "last month": "2025-08", "next year": "2026",
                     "in 2008": "2008"}  # fmt: skip
    assert [d.span.start for d in dates if d.text == "last year"] == [text.index("last year")]


def test_dates_a_weekday_before_the_date_written_out_is_that_date() -> None:
    """ "Friday, December 4, 2015" is one date: the one written out, its span from the
    weekday. Read apart, the weekday was the last Friday before the article's date (a
    closing date line had been dated 20 November); a weekday followed by anything else
    is still a weekday of its own."""
    text = (
        "The fund met its target. Friday, December 4, 2015.\n\nAFP Monday 3 Oct 2016 "
        "Rebels shelled the road. The board met last Friday, January 29. Talks ended on "
        "Friday. May 5 is the next deadline."
    )
    found = _dates_in(text, "2016-02-03")
    assert found == {
        "Friday, December 4, 2015": "2015-12-04",
        "Monday 3 Oct 2016": "2016-10-03",
        "last Friday, January 29": "2016-01-29",
        "Friday": "2016-01-29",
        "May 5": "2016-05-05",
    }
