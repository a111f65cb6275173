"""Reports: Markdown read top to bottom, one self-contained HTML page, JSON as is."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from storyline.errors import StorylineError
from storyline.model import (
    Article,
    Brief,
    BriefSentence,
    Conflict,
    ConflictSide,
    Json,
    Quote,
    QuoteOccurrence,
    SourceItem,
    SourceView,
    Span,
    Statement,
    Story,
    TimelineEvent,
    article_id,
)
from storyline.report.render import FORMATS, StoryView, date_label, render

# An invented story, written for these tests (one sentence carries markup to be escaped).
TEXTS = [
    "The Lindqvist dam was declared safe on 3 April 2024. "
    'Engineer Mara Holt said: "The <walls> held." Repairs cost 4 million.',
    "The Lindqvist dam was declared safe on 3 April 2024. "
    'Inspectors said repairs cost 5 million. "The walls held," Holt said.',
    "Inspectors cleared the Lindqvist dam on Wednesday. Holt said the walls held.",
]


COSTS = "Repairs cost 4 million."


def span(i: int, phrase: str) -> Span:
    at = TEXTS[i].index(phrase)
    return Span(article_id(TEXTS[i]), at, at + len(phrase))


def build_brief() -> Json:
    arts = tuple(
        Article(
            id=article_id(t),
            text=t,
            title=f"Dam story {i + 1}",
            source=["River Daily", "Lake Times", None][i],
            published="2024-04-03",
            path=f"in/{i}.txt",
        )
        for i, t in enumerate(TEXTS)
    )
    lead = "The Lindqvist dam was declared safe on 3 April 2024."
    cleared = "Inspectors cleared the Lindqvist dam on Wednesday."
    story = Story(
        id="s-dam",
        title="Lindqvist dam declared safe",
        date="2024-04-03",
        articles=tuple(a.id for a in arts),
        statements=(
            Statement(lead, 3, (span(0, lead), span(1, lead), span(2, cleared))),
            Statement("Repairs cost 4 million.", 1, (span(0, "Repairs cost 4 million."),)),
        ),
        conflicts=(
            Conflict(
                "number",
                "Sources differ on the cost | of repairs: 4 million vs 5 million",
                (
                    ConflictSide("4 million", (span(0, "Repairs cost 4 million."),)),
                    ConflictSide(
                        "5 million", (span(1, "Inspectors said repairs cost 5 million."),)
                    ),
                ),
            ),
        ),
        quotes=(
            Quote(
                "The <walls> held.",
                "Mara Holt",
                occurrences=(
                    QuoteOccurrence(span(0, "The <walls> held."), "The <walls> held."),
                    QuoteOccurrence(span(1, "The walls held,"), "The walls held,"),
                ),
                variants=("The walls held,",),
            ),
        ),
        timeline=(
            TimelineEvent(
                "2024-04", "Repairs cost 4 million.", (span(0, "Repairs cost 4 million."),), "month"
            ),
            TimelineEvent("2024-04-03", lead, (span(0, lead), span(1, lead)), "day"),
        ),
        # verbatim in articles 0 and 1; article 2 states it in its own words
        summary=(BriefSentence(lead, (span(0, lead), span(1, lead), span(2, cleared)), 2),),
        per_source={
            arts[0].id: SourceView(unique=(SourceItem(COSTS, (span(0, COSTS),)),), omits=()),
            arts[2].id: SourceView(unique=(), omits=(SourceItem(COSTS, (span(0, COSTS),)),)),
        },
    )
    return Brief(arts, (), (story,)).to_dict()


@pytest.fixture(scope="module")
def result() -> Json:
    return build_brief()


def test_render_json_round_trips(result: Json) -> None:
    assert json.loads(render(result, "json")) == result


def test_render_unknown_format_names_the_choices(result: Json) -> None:
    with pytest.raises(StorylineError) as err:
        render(result, "pdf")
    assert all(f in str(err.value) for f in FORMATS)


def test_render_md_sections_in_reading_order(result: Json) -> None:
    md = render(result, "md")
    heads = [line for line in md.splitlines() if line.startswith("## ")]
    assert heads == [
        "## Summary",
        "## Key statements",
        "## Conflicts between sources",
        "## Figures",
        "## Quotes",
        "## Timeline",
        "## What each source adds or leaves out",
        "## Sources",
    ]
    assert md.startswith("# Lindqvist dam declared safe\n")


def test_render_md_summary_cites_verbatim_and_supporting_sources(result: Json) -> None:
    md = render(result, "md")
    summary = md.split("## Summary", 1)[1].split("##", 1)[0]
    # verbatim in [1][2]; the statement group adds [3], which says it in other words
    assert "declared safe on 3 April 2024. [1][2][3]" in summary


def test_render_md_statements_conflicts_quotes_timeline(result: Json) -> None:
    md = render(result, "md")
    assert "— **3 sources** [1][2][3]" in md
    assert "— **1 source** (single source) [1]" in md
    row = next(line for line in md.splitlines() if line.startswith("| number"))
    assert "cost \\| of repairs" in row  # a pipe in a cell is escaped, the table stays whole
    assert row.count(" | ") == 2
    assert "**4 million** [1]; **5 million** [2]" in row
    assert "### Mara Holt" in md
    assert "— 2 sources; worded differently 1 time [1][2]" in md
    assert "- **2024-04 (month)**: Repairs cost 4 million. [1]" in md
    assert "- **2024-04-03**: The Lindqvist dam" in md


def test_render_md_per_source_and_numbered_sources(result: Json) -> None:
    md = render(result, "md")
    assert "**[1] River Daily**" in md
    assert "- Adds: Repairs cost 4 million. [1]" in md
    # what [3] leaves out, cited where it can be read: in [1]
    assert "**[3] Dam story 3**" in md and "- Leaves out: Repairs cost 4 million. [1]" in md
    assert "1. Dam story 1 · River Daily · 2024-04-03 · `in/0.txt`" in md
    assert "3. Dam story 3 · 2024-04-03 · `in/2.txt`" in md


def test_render_a_source_with_nothing_apart_says_so(result: Json) -> None:
    """A source that adds nothing and leaves nothing out is not a bare heading."""
    story = json.loads(json.dumps(result))
    per = story["stories"][0]["per_source"]
    second = story["articles"][1]["id"]
    per[second] = {"unique": [], "omits": []}
    md = render(story, "md")
    block = md.split("**[2] ", 1)[1].split("**[3]", 1)[0]
    assert "- Adds nothing the other sources do not state" in block, block
    html = render(story, "html")
    assert html.count("Adds nothing the other sources do not state") == 1


def test_render_md_empty_sections_say_none_found(result: Json) -> None:
    bare = json.loads(json.dumps(result))
    story = bare["stories"][0]
    for key in ("statements", "conflicts", "figures", "quotes", "timeline", "summary"):
        story[key] = []
    story["per_source"] = {}
    md = render(bare, "md")
    assert md.count("_None found._") == 7
    assert "## Sources" in md


def test_render_md_no_stories_and_rejections() -> None:
    res = {
        "version": "1",
        "articles": [],
        "rejected": [{"path": "x.pdf", "reason": "not text", "code": "E001", "stage": "read"}],
        "stories": [],
    }
    md = render(res, "md")
    assert "No stories" in md and "`x.pdf`: not text (E001)" in md


def _tips(page: str) -> list[tuple[str, str]]:
    """(source number, cited text) of every citation popup on the page."""
    found = re.findall(
        r'data-source="(\d+)">\[\d+\]<span class="tip"[^>]*><b>.*?</b>“(.*?)”</span>', page
    )
    return [(n, unescape(t)) for n, t in found]


def test_render_html_is_self_contained(result: Json) -> None:
    page = render(result, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page and "<script>" in page
    assert not re.search(r"<link|<img|src=|@import|url\(", page)
    assert not re.search(r'href="https?:', page)


def test_render_html_citation_popups_carry_the_cited_text(result: Json) -> None:
    page = render(result, "html")
    tips = _tips(page)
    assert tips
    texts = [a["text"] for a in result["articles"]]
    for n, cited in tips:
        assert cited in texts[int(n) - 1]
    assert ("3", "Inspectors cleared the Lindqvist dam on Wednesday.") in tips


def test_render_html_escapes_source_text(result: Json) -> None:
    page = render(result, "html")
    assert "<walls>" not in page
    assert "&lt;walls&gt;" in page


def test_render_html_coverage_matrix_matches_statements(result: Json) -> None:
    page = render(result, "html")
    svg = re.search(r'<svg class="coverage-svg".*?</svg>', page, re.S)
    assert svg
    cells = re.findall(r'<rect class="(cell(?: on)?)"', svg.group(0))
    assert len(cells) == 2 * 3  # two statements x three sources
    assert cells.count("cell on") == 3 + 1


def test_render_html_timeline_picture_one_dot_per_date(result: Json) -> None:
    page = render(result, "html")
    svg = re.search(r'<svg class="timeline-svg".*?</svg>', page, re.S)
    assert svg
    assert len(re.findall(r'<circle class="dot (\w+)"', svg.group(0))) == 2
    assert 'class="dot month"' in svg.group(0)
    assert "story date" in svg.group(0)


def test_render_html_empty_story_has_no_pictures(result: Json) -> None:
    bare = json.loads(json.dumps(result))
    for key in ("statements", "timeline", "figures"):
        bare["stories"][0][key] = []
    page = render(bare, "html")
    assert "<svg" not in page and page.count("None found.") == 3


@pytest.mark.parametrize(
    ("date", "gran", "label"),
    [
        ("2024", "year", "2024 (year)"),
        ("2024-04", None, "2024-04 (month)"),
        ("2024-04-03", "day", "2024-04-03"),
    ],
)
def test_render_date_label_shows_granularity(date: str, gran: str | None, label: str) -> None:
    assert date_label(date, gran) == label


def test_render_story_view_numbers_sources_in_story_order(result: Json) -> None:
    view = StoryView.all(result)[0]
    assert [n for n, _ in view.sources()] == [1, 2, 3]
    assert view.label(result["articles"][2]["id"]) == "Dam story 3"


def test_render_seeds_md_and_html(seeds_brief: Json) -> None:
    md = render(seeds_brief, "md")
    page = render(seeds_brief, "html")
    story = seeds_brief["stories"][0]
    assert md.startswith(f"# {story['title']}")
    for s in story["summary"]:
        assert s["text"] in md
    n = len(story["articles"])
    assert all(f"\n{i}. " in md for i in range(1, n + 1))
    texts = {i: a["text"] for i, a in enumerate(seeds_brief["articles"], 1)}
    # a popup shows each passage a source is cited for (several joined by an ellipsis)
    assert all(p in texts[int(k)] for k, cited in _tips(page) for p in cited.split(" … "))


def test_render_disputed_statement_says_which_sources_say_what(result: Json) -> None:
    md = render(result, "md")
    line = next(ln for ln in md.splitlines() if ln.startswith("- Repairs cost 4 million. — **1"))
    assert "disputed: other sources say “5 million” [2]" in line
    assert "disputed" not in next(
        ln for ln in md.splitlines() if "declared safe" in ln and "**" in ln
    )
    page = render(result, "html")
    assert ">disputed</span>" in page and 'other sources say “5 <span class="glue">million”' in page


def test_render_a_value_disputed_in_two_conflicts_is_named_once(result: Json) -> None:
    """A toll in an update and in a dispute of the same figure: the statement that gives
    it says once what the other sources say, each other value once."""
    story = json.loads(json.dumps(result["stories"][0]))
    number = story["conflicts"][0]
    four, five = number["sides"]
    six = {"value": "6 million", "citations": [story["statements"][0]["citations"][2]]}
    update = {"kind": "update", "description": "Sources give the cost as it was updated",
              "sides": [four, five, six]}  # fmt: skip
    shown = _first_story_with(result, conflicts=[number, update])
    line = next(ln for ln in render(shown, "md").splitlines()
                if ln.startswith("- Repairs cost 4 million. — **1"))  # fmt: skip
    assert "disputed: other sources say “5 million” [2]; “6 million” [3];" in line, line
    assert line.count("5 million") == 1 and "for “4 million”" not in line


def test_render_figures_table_every_value_with_markers_escaped(result: Json) -> None:
    story = result["stories"][0]
    one, two = (c for c in story["statements"][0]["citations"][:2])
    assert one["article"] != two["article"]
    figure = {
        "measure": "people <killed> | bombing",
        "values": [
            {"value": "at least 24", "citations": [one]},
            {"value": "43 & more", "citations": [two]},
        ],
    }
    shown = _first_story_with(result, figures=[figure], conflicts=[_conflict_of(figure)])
    md = render(shown, "md")
    marks = [f"[{story['articles'].index(c['article']) + 1}]" for c in (one, two)]
    values = f"**at least 24** {marks[0]}; **43 & more** {marks[1]}"
    assert f"| people &lt;killed&gt; \\| bombing | {values} |" in md
    html = render(shown, "html")
    assert "people &lt;killed&gt; | bombing" in html and "43 &amp; more" in html
    assert "<killed>" not in html


def _first_story_with(result: Json, **fields: object) -> Json:
    """The brief with these fields of its first story replaced."""
    first, *rest = result["stories"]
    return {**result, "stories": [{**first, **fields}, *rest]}


def _figure(measure: str, *values: tuple[str, list[Json]]) -> Json:
    """A figures row as the JSON gives it: (value, citations) pairs."""
    return {"measure": measure, "values": [{"value": v, "citations": c} for v, c in values]}


def test_render_a_conflict_side_and_a_figure_value_give_one_figure() -> None:
    """How a figure's value is matched to a conflict side that cites its sentence: the
    words of one all in the other, or a number in common; "a" is no number there."""
    from storyline.report.render import _same_figure

    assert _same_figure("at least 18", "18") and _same_figure("Sixteen", "16")
    assert _same_figure("fourth", "fourth stoppage")
    assert not _same_figure("15", "at least 18")
    assert not _same_figure("a week", "a month")


def _conflict_of(figure: Json) -> Json:
    """A conflict whose sides are a figure's values (as the conflicts stage raises one)."""
    return {
        "kind": "number",
        "description": f"Sources differ on {figure['measure']}",
        "sides": [{"value": v["value"], "citations": v["citations"]} for v in figure["values"]],
    }


def test_render_figures_values_no_conflict_opposes_are_not_shown_as_one(result: Json) -> None:
    """Values keyed alike that no conflict opposes ("71 delegates" short of the
    nomination, "475 delegates" at stake in one state) are not shown as one figure:
    the reports keep the values two sources or more give and every value of a disputed
    figure; the JSON keeps them all."""
    story = result["stories"][0]
    one, two = (c for c in story["statements"][0]["citations"][:2])
    unrelated = _figure("delegates", ("71 delegates", [one]), ("475 delegates", [two]))
    shared = _figure("courses closed", ("Almost 650", [one, two]), ("158 golf courses", [one]))
    toll = _figure("people killed (bombing)", ("at least 18", [one]), ("15", [two]), ("19", [two]))
    # an update of the toll, as the conflicts stage words its sides ("18" / "at least 18")
    update = {
        "kind": "update",
        "description": "Sources give people killed (bombing) as it was updated: 15 → 18",
        "sides": [{"value": "15", "citations": [two]}, {"value": "18", "citations": [one]}],
    }
    stoppage = _figure("stoppage (how many)", ("third stoppage", [one]), ("fourth stoppage", [two]))
    # an ordinal conflict names the ordinal alone
    ordinal = {
        "kind": "ordinal",
        "description": "Sources differ on which stoppage it is",
        "sides": [{"value": "fourth", "citations": [two]}, {"value": "third", "citations": [one]}],
    }
    figures = [unrelated, shared, toll, stoppage]
    shown = _first_story_with(result, figures=figures, conflicts=[update, ordinal])
    n1, n2 = (f"[{story['articles'].index(c['article']) + 1}]" for c in (one, two))
    for kind in ("md", "html"):
        page = render(shown, kind)
        assert "delegates" not in page
        assert "Almost 650" in page and "158 golf courses" not in page
        assert "at least 18" in page and "fourth stoppage" in page
    md = render(shown, "md")
    assert f"| courses closed | **Almost 650** {''.join(sorted([n1, n2]))} |" in md
    assert f"**at least 18** {n1}; **15** {n2}; **19** {n2}" in md
    data = render(shown, "json")
    assert "71 delegates" in data and "158 golf courses" in data


def test_render_figures_of_one_source_only_stay_in_the_json(result: Json) -> None:
    """Two values one source gives ("46 percent to 41 percent") are no disagreement
    between sources: the reports leave them out, the JSON keeps them."""
    story = result["stories"][0]
    cite = story["statements"][0]["citations"][0]
    figure = {
        "measure": "voter share (%)",
        "values": [
            {"value": "46 percent", "citations": [cite]},
            {"value": "41 percent", "citations": [cite]},
        ],
    }
    shown = {**result, "stories": [{**story, "figures": [figure]}, *result["stories"][1:]]}
    assert "voter share" not in render(shown, "md")
    assert "voter share" not in render(shown, "html")
    assert "voter share" in render(shown, "json")


def test_render_figures_a_one_all_give_is_no_figure(result: Json) -> None:
    """ "changed one word", "one resident waited" in two outlets: "one" is more a
    determiner than a figure, and the reports leave it out; "one" against "two" in a
    conflict is a difference they show, and so is a toll of one."""
    story = result["stories"][0]
    one, two = (c for c in story["statements"][0]["citations"][:2])
    said = {"measure": "word change", "values": [{"value": "one", "citations": [one, two]}]}
    differ = {
        "measure": "gate open",
        "values": [{"value": "One", "citations": [one]}, {"value": "two", "citations": [two]}],
    }
    waited = {
        "measure": "residents waited",
        "values": [{"value": "one resident", "citations": [one, two]}],
    }
    toll = {"measure": "people killed", "values": [{"value": "one man", "citations": [one, two]}]}
    figures = [said, differ, waited, toll]
    shown = _first_story_with(result, figures=figures, conflicts=[_conflict_of(differ)])
    md = render(shown, "md")
    assert "word change" not in md and "gate open" in md
    assert "residents waited" not in md and "people killed" in md  # a toll of one is a toll
    assert "word change" in render(shown, "json")


def test_render_figures_a_first_all_give_is_no_figure(result: Json) -> None:
    """ "for the first time" in two outlets is something new, not a count: the reports
    leave it out; "first" against "second" in a conflict is a difference they show."""
    story = result["stories"][0]
    one, two = (c for c in story["statements"][0]["citations"][:2])
    said = {
        "measure": "time (how many)",
        "values": [{"value": "first time", "citations": [one, two]}],
    }
    differ = {
        "measure": "walkout (how many)",
        "values": [
            {"value": "first walkout", "citations": [one]},
            {"value": "second walkout", "citations": [two]},
        ],
    }
    shown = _first_story_with(result, figures=[said, differ], conflicts=[_conflict_of(differ)])
    for kind in ("md", "html"):
        page = render(shown, kind)
        assert "time (how many)" not in page and "walkout (how many)" in page
    assert "time (how many)" in render(shown, "json")


def test_render_key_statements_leave_out_a_repeat_of_listed_words(result: Json) -> None:
    story = json.loads(json.dumps(result["stories"][0]))
    first = story["statements"][0]
    quote = "The Lindqvist dam was declared safe on 3 April 2024 by the inspectors"
    repeat = dict(first, text=f"{quote}, the council said.", support=2)
    other = dict(first, text="The Lindqvist dam was declared safe by nobody.", support=1)
    story["statements"] = [first, repeat, other]
    listed = [s["text"] for s in StoryView.all({**result, "stories": [story]})[0].key_statements()]
    # the repeat shares 10 words in a row with the first; the other only 6
    assert listed == [first["text"], other["text"]]
    assert len(story["statements"]) == 3  # the JSON keeps every statement


def test_render_disputed_only_where_the_statement_gives_the_value(result: Json) -> None:
    """A statement citing a sentence that also carries a disputed figure is not itself
    disputed unless it gives that figure."""
    story = json.loads(json.dumps(result["stories"][0]))
    conflict = story["conflicts"][0]  # 4 million vs 5 million, side one cites article 0
    other = dict(story["statements"][1], text="Repairs were paid by the council.")
    story["statements"] = [story["statements"][1], other]
    view = StoryView.all({**result, "stories": [story]})[0]
    assert view.disputed(story["statements"][0]) == [
        (conflict["sides"][1]["value"], conflict["sides"][1]["citations"])
    ]
    assert view.disputed(other) == []  # same citation, but it says nothing of the cost


def test_render_a_statement_disputed_on_two_values_says_which_is_which(result: Json) -> None:
    """ "58 killed, including 11 children" against a toll of 72 and a count of nine
    children: each conflict's other values follow the value they dispute, so that "nine"
    is not read as a third toll; one conflict reads as before."""
    story = json.loads(json.dumps(result["stories"][0]))
    first = story["conflicts"][0]  # 4 million vs 5 million, side one cites article 0
    second = json.loads(json.dumps(first))
    second["sides"][0]["value"], second["sides"][1]["value"] = "4", "six"
    story["conflicts"] = [first, second]
    one = {**result, "stories": [story]}
    md = render(one, "md")
    line = next(x for x in md.splitlines() if x.startswith("- Repairs cost 4 million."))
    assert "for “4 million”: “5 million” [2]; for “4”: “six” [2]" in line, line
    html = render(one, "html")
    assert "say for “4 million”: “5 <span" in html and "; for “4”: <span" in html
    story["conflicts"] = [first]
    line = next(x for x in render(one, "md").splitlines() if x.startswith("- Repairs cost"))
    assert "other sources say “5 million” [2]; see the conflicts" in line, line


def test_render_quotes_of_an_unnamed_speaker_under_the_article_words(result: Json) -> None:
    """'a senior official' heads its quotes, as does a name no entity holds ("Harbour
    Watch", a blog); a bare pronoun, a number word, a word that stands for someone as a
    pronoun does ("Another") or a word in capitals ("UPDATE") with no name stays
    Unattributed."""
    import copy

    brief = copy.deepcopy(result)
    story = brief["stories"][0]
    occ = story["quotes"][0]["occurrences"][0]
    for said, heading in [
        ("A senior official", "a senior official"),
        ("the lawsuit", "the lawsuit"),
        ("Harbour Watch", "Harbour Watch"),
        ("he", "Unattributed"),
        ("One", "Unattributed"),
        ("Another", "Unattributed"),  # ("Another reportedly said: ...")
        ("Someone", "Unattributed"),
        ("UPDATE", "Unattributed"),
        (None, "Unattributed"),
    ]:
        story["quotes"] = [
            {"speaker": None, "text": occ["text"], "fragment": False,
             "occurrences": [{**occ, "speaker_text": said}]}
        ]  # fmt: skip
        view = StoryView(story, {a["id"]: a for a in brief["articles"]})
        assert [name for name, _ in view.quotes_by_speaker()] == [heading]
        assert f"### {heading}" in render(brief, "md")


def test_render_a_name_spelt_two_ways_disputes_no_statement(result: Json) -> None:
    """A `name` conflict (one person's name in two spellings) cites the sentences that
    name him, which state other things: no statement citing one is "disputed"."""
    story = json.loads(json.dumps(result))
    (cost,) = story["stories"][0]["conflicts"]
    cost["kind"] = "name"
    md = render(story, "md")
    line = next(x for x in md.splitlines() if x.startswith("- Repairs cost 4 million."))
    assert "disputed" not in line, line
    assert ">disputed</span>" not in render(story, "html")


def _cite(art: str, text: str, phrase: str) -> Json:
    """A citation of `phrase` in article `art` whose text is `text`."""
    at = text.index(phrase)
    return {"article": art, "start": at, "end": at + len(phrase)}


def test_render_a_statement_from_inside_a_quotation_says_whose_words_it_is() -> None:
    """A statement shown in words from the middle of someone's quotation, which do not say
    whose they are, is listed as that person's words, not the outlets' own; one in a
    source's own words, or one that says who speaks, is listed as it is."""
    t1 = (
        "Marta Lindqvist spoke at the gates. “We waited two years. The cranes will stay "
        "still. We are ready,” Lindqvist said. The port offered 4 percent."
    )
    t2 = "“The cranes will stay still.” Lindqvist spoke after the vote. The port offered 4 percent."

    mid = "The cranes will stay still."
    own = "The port offered 4 percent."
    said = "We waited two years. The cranes will stay still. We are ready"
    in_2 = _cite("a2", t2, f"“{mid}”")  # a sentence that is all quotation, marks and all
    story = {
        "id": "s1",
        "title": "Strike",
        "articles": ["a1", "a2"],
        "statements": [
            {"text": mid, "support": 2, "citations": [_cite("a1", t1, mid), in_2]},
            {"text": own, "support": 2, "citations": [_cite("a1", t1, own), _cite("a2", t2, own)]},
        ],
        "quotes": [
            {
                "speaker": "Marta Lindqvist",
                "text": said,
                "fragment": False,
                "occurrences": [_cite("a1", t1, said), _cite("a2", t2, mid)],
            }
        ],
    }
    result = {"version": 1, "articles": [{"id": "a1", "text": t1}, {"id": "a2", "text": t2}],
              "rejected": [], "stories": [story]}  # fmt: skip
    (view,) = StoryView.all(result)
    assert [view.whose_words(st) for st in story["statements"]] == ["Marta Lindqvist", None]
    md = render(result, "md")
    assert "- Marta Lindqvist: “The cranes will stay still.” — **2 sources**" in md
    assert "- The port offered 4 percent. — **2 sources**" in md
    assert "Marta Lindqvist: “The cranes will stay still.”" in unescape(render(result, "html"))


def test_render_who_is_who_lists_a_person_s_descriptions_under_their_name() -> None:
    """A second description statement of one person (what two sources agree on beyond
    the first: "second-term congressman") is listed under that person, not as if of
    someone unnamed; a statement with no `about` (an older JSON) stays a line of its own."""
    t1 = "Rep. Ann Lee (D-Ohio) spoke. The second-term congresswoman left."
    t2 = "Ohio Democratic Rep. Ann Lee spoke. The second-term congresswoman left."

    def described(text: str, about: str | None, *cites: Json) -> Json:
        st = {"text": text, "support": 2, "citations": list(cites), "kind": "description"}
        return {**st, "about": about} if about else st

    first = described("Rep. Ann Lee (D-Ohio)", "Ann Lee",
                      _cite("a1", t1, "Rep. Ann Lee (D-Ohio)"),
                      _cite("a2", t2, "Ohio Democratic Rep. Ann Lee"))  # fmt: skip
    second = described("second-term congresswoman", "Ann Lee",
                       _cite("a1", t1, "second-term congresswoman"),
                       _cite("a2", t2, "second-term congresswoman"))  # fmt: skip
    old = described("Ohio Democratic Rep. Ann Lee", None, _cite("a2", t2, "Ohio Democratic"))
    story = {"id": "s1", "title": "Lee", "articles": ["a1", "a2"],
             "statements": [first, second, old]}  # fmt: skip
    result = {"version": 1, "articles": [{"id": "a1", "text": t1}, {"id": "a2", "text": t2}],
              "rejected": [], "stories": [story]}  # fmt: skip
    md = render(result, "md")
    who = md.split("## Who is who, as the sources describe them", 1)[1]
    assert (
        "- **Ann Lee**, **2 sources**: “Rep. Ann Lee (D-Ohio)” [1]; “Ohio Democratic Rep. Ann "
        "Lee” [2]\n  - and **2 sources**: “second-term congresswoman” [1]; “second-term "
        "congresswoman” [2]\n- **2 sources**: “Ohio Democratic” [2]"
    ) in who
    html = unescape(render(result, "html"))
    assert "<li><b>Ann Lee</b> " in html and "<ul><li>and " in html
