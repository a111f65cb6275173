"""Timeline stage: dated sentences in calendar order, granularity kept, every citation verbatim."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline import api
from storyline.analyse import nlp
from storyline.config import Config
from storyline.context import StoryContext
from storyline.digest.timeline import TimelineOptions, build_timeline, timeline, valid_date
from storyline.ingest.readers import read_inputs
from storyline.model import Brief, DateRef, Span, TimelineEvent
from storyline.validate import schema_errors

# Invented articles, written for these tests.
SHARED = "The ferry service to Orland island resumed on 4 March 2024."
TEXTS = [
    (
        "The island council met on Friday to plan the summer season.\n\n"
        f"{SHARED}\n\n"
        "The old pier was first built in 1911."
    ),
    (
        "Ferry crossings to Orland are running again.\n\n"
        f"{SHARED}\n\n"
        "Operators expect the new timetable in June 2024."
    ),
]


def _ref(art_text: str, art_id: str, phrase: str, date: str | None, gran: str) -> DateRef:
    at = art_text.index(phrase)
    return DateRef(Span(art_id, at, at + len(phrase)), phrase, date, gran)


def _timeline_of(
    text: str, refs: list[tuple[str, str, str]], published: str | None = None
) -> list[TimelineEvent]:
    """The timeline of one article whose dates are `refs`: (phrase, date, granularity)."""
    cfg = Config(cluster="single")
    arts, _ = read_inputs([{"text": text, "published": published}], cfg)
    (a,) = arts
    ctx = StoryContext("s", arts, nlp.annotate(arts), api.source_keys(arts))
    ctx.dates = {a.id: [_ref(a.text, a.id, *ref) for ref in refs]}
    return build_timeline(ctx, cfg)


@pytest.fixture(scope="module")
def ctx() -> StoryContext:
    cfg = Config(cluster="single")
    arts, _ = read_inputs([{"text": t} for t in TEXTS], cfg)
    a, b = arts
    c = StoryContext("s-t", arts, nlp.annotate(arts), api.source_keys(arts), date="2024-03-08")
    c.dates = {
        a.id: [
            _ref(a.text, a.id, "on Friday", "2024-03-08", "day"),
            _ref(a.text, a.id, "4 March 2024", "2024-03-04", "day"),
            _ref(a.text, a.id, "1911", "1911", "year"),
        ],
        b.id: [
            _ref(b.text, b.id, "4 March 2024", "2024-03-04", "day"),
            _ref(b.text, b.id, "June 2024", "2024-06", "month"),
        ],
    }
    return c


def test_timeline_in_calendar_order(ctx: StoryContext) -> None:
    events = build_timeline(ctx, Config())
    dates = [e.date for e in events]
    assert dates == ["1911", "2024-03-04", "2024-03-08", "2024-06"]


def test_timeline_keeps_granularity(ctx: StoryContext) -> None:
    events = {e.date: e for e in build_timeline(ctx, Config())}
    assert events["1911"].granularity == "year"
    assert events["2024-06"].granularity == "month"
    assert events["2024-03-04"].granularity == "day"


def test_timeline_citations_carry_the_event_text(ctx: StoryContext) -> None:
    by_id = ctx.by_id
    for e in build_timeline(ctx, Config()):
        assert e.citations
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", e.date)
        for c in e.citations[: e.verbatim]:
            assert by_id[c.article].text[c.start : c.end] == e.text


def test_timeline_merges_the_same_sentence_across_articles(ctx: StoryContext) -> None:
    shared = [e for e in build_timeline(ctx, Config()) if e.text == SHARED]
    assert len(shared) == 1
    assert len(shared[0].citations) == 2


def test_timeline_drops_rewordings_of_one_dated_event() -> None:
    texts = [
        "Voters in Dunmere chose a new mayor on 2 May 2023, ending a long campaign.",
        "Voters in Dunmere chose a new mayor on 2 May 2023 after a long campaign.",
    ]
    cfg = Config(cluster="single")
    arts, _ = read_inputs([{"text": t} for t in texts], cfg)
    ctx = StoryContext("s", arts, nlp.annotate(arts), api.source_keys(arts))
    ctx.dates = {a.id: [_ref(a.text, a.id, "2 May 2023", "2023-05-02", "day")] for a in arts}
    (event,) = build_timeline(ctx, cfg)
    # one event citing both outlets: the head's wording verbatim first, then the other's
    assert len(event.citations) == 2 and event.verbatim == 1
    apart = TimelineOptions(max_overlap=1.01, shared_day=99)
    assert len(timeline(ctx, apart)) == 2


def test_timeline_one_entry_per_event_every_source_that_dates_it() -> None:
    texts = [
        "The deadline for the sale of the Orland ferry line is set for 4 March 2024.\n\n"
        "A storm closed the harbour of Vik on 4 March 2024.",
        "Bidders have until Monday to buy the Orland ferry line before the deadline passes.",
        "That deadline falls on Monday, the ferry company said.",
    ]
    cfg = Config(cluster="single")
    arts, _ = read_inputs([{"text": t, "published": "2024-03-01"} for t in texts], cfg)
    ctx = StoryContext("s", arts, nlp.annotate(arts), api.source_keys(arts), date="2024-03-01")
    a, b, c = arts
    ctx.dates = {
        a.id: [
            _ref(a.text, a.id, "4 March 2024", "2024-03-04", "day"),
            DateRef(
                Span(a.id, a.text.rindex("4 March"), len(a.text) - 1),
                "4 March 2024",
                "2024-03-04",
                "day",
            ),
        ],
        b.id: [
            DateRef(
                Span(b.id, b.text.index("Monday"), b.text.index("Monday") + 6),
                "Monday",
                "2024-03-04",
                "day",
                True,
            )
        ],
        c.id: [
            DateRef(
                Span(c.id, c.text.index("Monday"), c.text.index("Monday") + 6),
                "Monday",
                "2024-03-04",
                "day",
                True,
            )
        ],
    }
    events = build_timeline(ctx, cfg)
    deadline = [e for e in events if "deadline" in e.text]
    assert len(deadline) == 1, [e.text for e in events]
    (d,) = deadline
    assert d.text.startswith("The deadline for the sale")  # the written-out date heads it
    assert {sp.article for sp in d.citations} == {a.id, b.id, c.id}
    assert d.verbatim == 1
    storm = [e for e in events if "storm" in e.text]
    assert len(storm) == 1 and len(storm[0].citations) == 1  # another event of that day


def test_timeline_a_date_given_in_passing_is_not_the_events() -> None:
    text = "The president, who has extended the deadline three times since January, said little."
    assert _timeline_of(text, [("since January", "2025-01", "month")]) == []


def test_timeline_a_date_in_a_clause_under_since_is_in_passing() -> None:
    """ "His first interview since being named Saturday" starts a span of time; the
    sentence's event is the interview on Tuesday."""
    text = (
        "Mayor Ada Kern, in her first interview since being named Saturday as the party's "
        "candidate, told the Valley Post on Tuesday that the port would stay open."
    )
    events = _timeline_of(text, [("Saturday", "2025-09-13", "day"),
                                 ("on Tuesday", "2025-09-16", "day")])  # fmt: skip
    assert [e.date for e in events] == ["2025-09-16"]


def test_timeline_a_date_in_a_relative_clause_describes_someone() -> None:
    """ "Senator Ilse Varga, who on Thursday unveiled her own plan, said Friday that ...":
    the sentence's event is what she said on Friday; the Thursday describes her. A
    sentence whose only date is in such a clause on a person is no event at that date
    (the charges were not brought in 2010); a clause on a thing ("which was founded in
    1921") still dates its sentence where it gives no other date."""
    text = (
        "Senator Ilse Varga, who on Thursday unveiled her own pension plan, said Friday that "
        "the union had shifted its position.\n\nThe union, which was founded in 1921, said "
        "little.\n\nThe charges against Mr. Tomas Dorn, a Republican who was first elected "
        "in 2010, were expected to include fraud."
    )
    events = _timeline_of(text, [("on Thursday", "2025-09-11", "day"),
                                 ("Friday", "2025-09-12", "day"),
                                 ("in 1921", "1921", "year"),
                                 ("in 2010", "2010", "year")])  # fmt: skip
    got = {e.date: e.text[:14] for e in events}
    assert got == {"2025-09-12": "Senator Ilse V", "1921": "The union, whi"}


def test_timeline_a_relative_clause_on_someone_within_days_of_the_article_is_news() -> None:
    """ "Ada Voss, who died on Sunday at 94, was remembered ...", written on the Tuesday:
    the clause's date is the news, days from the article, and dates its sentence; her
    husband's term from 1967 does not."""
    text = (
        "Former first lady Ada Voss, who died on Sunday at 94, was remembered by the "
        "council.\n\nHer husband, Governor Piet Voss, who served from 1967, sent flowers."
    )
    refs = [("on Sunday", "2025-09-14", "day"), ("from 1967", "1967", "year")]
    events = _timeline_of(text, refs, published="2025-09-16")
    assert [(e.date, e.text[:15]) for e in events] == [("2025-09-14", "Former first la")]


def test_timeline_skips_unresolved_dates(ctx: StoryContext) -> None:
    a = ctx.articles[0]
    saved = ctx.dates
    ctx.dates = {a.id: [_ref(a.text, a.id, "on Friday", None, "day")]}
    try:
        assert build_timeline(ctx, Config()) == []
    finally:
        ctx.dates = saved


def test_timeline_caps_the_number_of_events(ctx: StoryContext) -> None:
    events = timeline(ctx, TimelineOptions(max_events=1))
    assert len(events) == 1
    assert events[0].text == SHARED  # the best-cited one survives


def test_timeline_empty_without_dates() -> None:
    ctx = StoryContext("s", [], {}, {})
    assert build_timeline(ctx, Config()) == []


@pytest.mark.parametrize(
    ("date", "ok"),
    [("2024", True), ("2024-03", True), ("2024-03-04", True), (None, False), ("March", False)],
)
def test_timeline_valid_date(date: str | None, ok: bool) -> None:
    assert valid_date(date) is ok


def test_timeline_places_a_sentence_once_at_its_first_date() -> None:
    text = "The mayor flew to Oslo on 2 May 2023 and returned on 9 May 2023."
    events = _timeline_of(
        text, [("9 May 2023", "2023-05-09", "day"), ("2 May 2023", "2023-05-02", "day")]
    )
    assert [e.date for e in events] == ["2023-05-02"]


def test_timeline_seeds_one_entry_per_event_dates_as_read(seeds_brief: dict) -> None:
    """Facts about the five seed articles, read by a person (they sit in ../shared/seeds)."""
    arts = {a["id"]: a for a in seeds_brief["articles"]}
    (story,) = seeds_brief["stories"]
    events = story["timeline"]

    def seed(aid: str) -> str:
        return Path(arts[aid]["path"]).name[:3]

    def date_of(fragment: str) -> set[str]:
        found = set()
        for e in events:
            texts = [arts[c["article"]]["text"][c["start"] : c["end"]] for c in e["citations"]]
            if any(fragment in t for t in texts):
                found.add(e["date"])
        return found

    # the news hook: one entry for the 17 September deadline, citing every seed that dates it
    deadline = [e for e in events if e["date"] == "2025-09-17"]
    assert len(deadline) == 1
    assert {seed(c["article"]) for c in deadline[0]["citations"]} == {"001", "002", "003", "004"}
    # the July meeting that extended the truce: one entry, with the seeds that date it
    july = [e for e in events if e["date"] == "2025-07"]
    assert len(july) == 1
    assert {"000", "002", "003"} <= {seed(c["article"]) for c in july[0]["citations"]}
    # the days of the week resolved against the story's date (Monday 15 September 2025)
    assert date_of("began the latest round of discussions on Sunday") == {"2025-09-14"}
    assert date_of("Talks resumed in Madrid on Monday") == {"2025-09-15"}
    assert date_of("scheduled to travel to London on Tuesday") == {"2025-09-16"}
    assert date_of("In mid-June, Trump extended the deadline") == {"2025-06"}
    # "has extended the divestment deadline three times since January" dates no event
    assert date_of("three times since January") == set()
    # one entry per day of the talks: the same day is one event here
    days = [e["date"] for e in events if e["granularity"] == "day"]
    assert len(days) == len(set(days))


BASIL_DATES = {
    # event (basil-dev/articles/YEAR/UUID_*.json): words of a dated sentence -> its date,
    # read in the articles by a person
    "2013/f506aafc-8b43-427a-936e-bbd1ef33e076": {
        "pleaded guilty in a federal courtroom Wednesday": "2013-02-20",
        "issued by his lawyers on Friday": "2013-02-15",
        "set the sentencing for June 28": "2013-06-28",
        "scheduled to sentence Mr. Jackson on June 28": "2013-06-28",
        "After winning re-election in November": "2012-11",
    },
    "2010/6b541575-99b1-40d2-8730-9bb868ee38ed": {
        "posted to YouTube last Friday": "2010-06-11",
        "issued an apology on Monday": "2010-06-14",
    },
    "2011/c21cb217-3e2c-49bd-884d-5c74a165ef10": {
        "sent the offending photo out late Friday": "2011-05-27",
        "first was reported Saturday": "2011-05-28",
        "presided over two testy news briefings": "2011-05-31",
        "broke his silence Wednesday": "2011-06-01",
    },
}


@pytest.mark.parametrize("event", sorted(BASIL_DATES))
def test_timeline_basil_dates_as_read(event: str) -> None:
    from tests.conftest import need_shared

    import storyline

    root = need_shared("data", "basil-dev", "articles")
    paths = sorted(str(p) for p in root.glob(f"{event}_*.json"))
    assert len(paths) == 3
    result = storyline.brief(paths, cluster="single")
    arts = {a["id"]: a["text"] for a in result["articles"]}
    events = result["stories"][0]["timeline"]
    for fragment, day in BASIL_DATES[event].items():
        dates = {
            e["date"]
            for e in events
            for c in e["citations"]
            if fragment in arts[c["article"]][c["start"] : c["end"]]
        }
        assert dates == {day}, (fragment, dates)
    # the day of the news (the articles' own) is one entry per event, not one per
    # sentence, nor one for every event of that day (read by a person: on the day of
    # Etheridge's apology the DNC's statement on the video is another event)
    news_day = min(a["published"][:10] for a in result["articles"])
    told = [e["text"] for e in events if e["date"] == news_day]
    assert len(told) == len(NEWS_DAY[event]), told
    assert all(any(f in t for t in told) for f in NEWS_DAY[event]), told


NEWS_DAY = {
    # event -> words of each entry of the day of the news, read in the articles by a person
    "2013/f506aafc-8b43-427a-936e-bbd1ef33e076": ["pleaded guilty in a federal courtroom"],
    "2010/6b541575-99b1-40d2-8730-9bb868ee38ed": [
        "issued an apology on Monday",
        "addressed the video in a statement Monday",
    ],
    "2011/c21cb217-3e2c-49bd-884d-5c74a165ef10": ["broke his silence"],
}


def test_timeline_today_or_tomorrow_in_someone_s_words_dates_nothing() -> None:
    """ "Tomorrow" in a quotation counts from when its speaker spoke (a Sunday show,
    printed on Monday), not from the article's date: the sentence gets no date from it.
    The reporter's own "today" still dates its sentence."""
    import storyline

    text = (
        "Senator Ann Kay spoke on Sunday's Valley Hour about the harbour strike.\n\n"
        "\u201cThe minister toured the docks last week. Tomorrow he meets the dockers' "
        "union,\u201d she said on the Valley Hour.\n\n"
        "The port authority said today that 40 ships were waiting."
    )
    out = storyline.brief([{"text": text, "published": "2024-03-04"}], cluster="single")
    events = {e["text"][:24]: e["date"] for e in out["stories"][0]["timeline"]}
    assert not any(t.startswith("\u201cThe minister") for t in events), events
    assert events.get("The port authority said ") == "2024-03-04", events


def test_timeline_a_line_that_is_only_a_date_tells_no_event() -> None:
    """A date line closing an item ("Friday, December 4, 2015.") or a caption of a few
    words and no verb is no event of the timeline; the sentence before it is."""
    text = "The harbour board approved the new ferry fees on Friday.\n\nFriday, December 4, 2015."
    events = _timeline_of(text, [("on Friday", "2015-12-04", "day"),
                                 ("Friday, December 4, 2015", "2015-12-04", "day")])  # fmt: skip
    assert [e.text for e in events] == ["The harbour board approved the new ferry fees on Friday."]


def test_timeline_a_date_in_an_apposition_describes_someone() -> None:
    """ "Mayor Ada Kern of Orland, the presumptive party leader next year, said on Tuesday
    ...": the sentence's event is what she said on Tuesday; "next year" tells who she is."""
    text = (
        "Mayor Ada Kern of Orland, the presumptive party leader next year, said on Tuesday "
        "that the port would stay open."
    )
    events = _timeline_of(text, [("next year", "2026", "year"),
                                 ("on Tuesday", "2025-09-16", "day")])  # fmt: skip
    assert [e.date for e in events] == ["2025-09-16"]


def test_timeline_a_date_still_to_come_when_reported_is_marked_so() -> None:
    """A date after the day its sources wrote is set or expected, not a thing that happened
    then ("The judge set the hearing for March 20", written on March 2): the entry says so
    in the JSON (`upcoming`) and in the reports; a date up to the day of writing does not.
    The day of writing is the later of the date at the article's head and its date of
    publication."""
    text = (
        "Dockworkers at the Port of Halvik walked out on Friday over pay.\n\n"
        "The judge set a hearing on the dockworkers' strike for March 20.\n\n"
        "The union says the dockworkers' strike will end in May."
    )
    out = api.brief([{"text": text, "published": "2026-03-02"}], cluster="single")
    (story,) = out["stories"]
    got = [(e["date"], e.get("upcoming", False)) for e in story["timeline"]]
    assert got == [("2026-02-27", False), ("2026-03-20", True), ("2026-05", True)]
    md = api.render(out, "md")
    assert "**2026-03-20** (still to come when reported): The judge set" in md
    assert "(still to come when reported): Dockworkers" not in md
    assert "(still to come when reported)</i> The judge set" in api.render(out, "html")
    assert schema_errors(out) == [] and Brief.from_dict(out).to_dict() == out
    # a copy written on March 21 that keeps its head's date line: the hearing has been held
    copy = {"title": "Halvik strike", "text": "AFP Saturday 21 March 2026 " + text,
            "published": "2026-03-02"}  # fmt: skip
    out = api.brief([copy], cluster="single")
    got = {e["date"]: e.get("upcoming", False) for e in out["stories"][0]["timeline"]}
    assert got["2026-03-20"] is False and got["2026-05"] is True
    # an article with no date of its own is read from the story's date, and so judged
    undated = "The Halvik dockworkers' union set a vote on the strike for March 25."
    out = api.brief([{"text": text, "published": "2026-03-02"}, {"text": undated}],
                    cluster="single", dedup="none")  # fmt: skip
    ((when, ahead, cited),) = [
        (e["date"], e.get("upcoming", False), {c["article"] for c in e["citations"]})
        for e in out["stories"][0]["timeline"]
        if e["text"] == undated
    ]
    assert (when, ahead) == ("2026-03-25", True) and len(cited) == 1


def test_timeline_shows_a_lead_without_the_date_line_and_title_run_into_it() -> None:
    """A scraped text runs its date line and headline into the lead: the entry is still
    dated by the sentence (the date line dates a lead that has no date of its own), but
    shows and cites the lead from its first word, or the headline where that is all the
    sentence holds after the date."""
    from tests.test_statements import RUN_IN

    out = api.brief(RUN_IN, cluster="single", dedup="none")
    texts = {a["id"]: a["text"] for a in out["articles"]}
    entries = out["stories"][0]["timeline"]
    shown = [e["text"] for e in entries]
    assert any(t.startswith("Fire crews put out a blaze") for t in shown), shown
    assert not [t for t in shown if t[:1].isdigit() or t.startswith("Thu ")], shown
    assert all(e["date"] == "2026-03-05" for e in entries if "blaze" in e["text"])
    for e in entries:
        for c in e["citations"]:
            assert texts[c["article"]][c["start"] : c["end"]] == e["text"]


def _monday_entries(valley: str, state: str, coast: str) -> list[set[str]]:
    """The sources each timeline entry of Monday 2024-03-04 cites, for three one-line
    reports of that Monday published the day after (the Valley Post, the State Wire and
    the Coast Daily)."""
    import storyline

    docs = [
        {"text": text, "published": "2024-03-05", "source": source}
        for text, source in ((valley, "Valley Post"), (state, "State Wire"),
                             (coast, "Coast Daily"))
    ]  # fmt: skip
    out = storyline.brief(docs, cluster="single", dedup="none")
    source = {a["id"]: a["source"] for a in out["articles"]}
    return [
        {source[c["article"]] for c in e["citations"]}
        for e in out["stories"][0]["timeline"]
        if e["date"] == "2024-03-04"
    ]


def test_timeline_two_sentences_of_a_day_giving_other_numbers_are_two_entries() -> None:
    """Two sentences of one day that share a word or two but give other numbers of one
    kind ("killed 12 soldiers" / "killed 30 rebels") are two events, or one in dispute:
    one entry would show one number and cite for it the source that gives the other. A
    sentence giving the same number joins its entry."""
    entries = _monday_entries(
        "Rebels killed 12 soldiers near the town of Vik on Monday, activists said.",
        "Army troops killed 30 rebels near Vik on Monday, state media reported.",
        "Rebels killed 12 soldiers in an ambush near Vik on Monday.",
    )
    assert {"State Wire"} in entries, entries
    assert {"Valley Post", "Coast Daily"} in entries, entries


def test_timeline_two_people_doing_things_on_one_day_are_two_entries() -> None:
    """Two sentences of one day whose subjects are other people, neither named in the
    other sentence, tell what each did, though they share the day's words ("talks",
    "union"): two entries. A sentence of one of them doing it again joins its entry."""
    entries = _monday_entries(
        "Mayor Lena Hart walked out of the talks with the union on Monday.",
        "Governor Tomas Reyes joined the talks with the union on Monday.",
        "Lena Hart walked out of the union talks on Monday.",
    )
    assert {"State Wire"} in entries, entries
    assert {"Valley Post", "Coast Daily"} in entries, entries
