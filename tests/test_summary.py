"""Summary stage: verbatim, cited, corroborated first, no repetition, within budget."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import story_context

import storyline
from storyline.analyse.quotes import extract_quotes
from storyline.config import Config
from storyline.context import StoryContext
from storyline.digest.summary import (
    SummaryOptions,
    balanced_quotes,
    candidates,
    complete,
    concept_weights,
    select,
    summarize,
)
from storyline.model import Span, Statement

# Three short articles about an invented event, written for these tests.
SHARED = "The Harlow river bridge reopened to traffic on Tuesday after two years of repairs."
ARTICLES = [
    {
        "title": "Bridge reopens",
        "source": "Valley Post",
        "text": (
            f"{SHARED}\n\n"
            "Mayor Ines Corda cut a ribbon at the northern end of the span before the first cars "
            "crossed.\n\n"
            "Local bakers handed out free bread rolls to drivers waiting in the queue."
        ),
    },
    {
        "title": "Harlow bridge open again",
        "source": "Harlow Herald",
        "text": (
            f"{SHARED}\n\n"
            "The repairs cost the county 14 million euros, twice the first estimate.\n\n"
            "Mayor Ines Corda cut a ribbon before the first cars crossed the bridge."
        ),
    },
    {
        "title": "Traffic returns to Harlow bridge",
        "source": "County Wire",
        "text": (
            "Traffic returned to the Harlow river bridge on Tuesday after two years of repairs.\n\n"
            "The repairs cost the county 14 million euros, according to the county budget.\n\n"
            "A cyclist said the new surface felt smooth."
        ),
    },
]


def _context(articles: list[dict[str, Any]]) -> StoryContext:
    return story_context(articles)


@pytest.fixture(scope="module")
def ctx() -> StoryContext:
    return _context(ARTICLES)


def _check_verbatim(ctx: StoryContext, sentences: list[Any]) -> None:
    by_id = ctx.by_id
    for s in sentences:
        assert s.citations, f"uncited summary sentence {s.text!r}"
        for c in s.citations:
            assert by_id[c.article].text[c.start : c.end] == s.text


def test_summary_sentences_are_verbatim_and_cited(ctx: StoryContext) -> None:
    out = summarize(ctx, Config(summary_sentences=4))
    assert out
    _check_verbatim(ctx, out)


def test_summary_cites_every_article_carrying_the_sentence(ctx: StoryContext) -> None:
    out = summarize(ctx, Config(summary_sentences=3))
    shared = [s for s in out if s.text == SHARED]
    assert shared, "the sentence two outlets carry word for word should lead the summary"
    assert len({c.article for c in shared[0].citations}) == 2


def test_summary_prefers_corroborated_over_single_source(ctx: StoryContext) -> None:
    out = summarize(ctx, Config(summary_sentences=3))
    texts = " ".join(s.text for s in out)
    assert "bread rolls" not in texts
    assert "cyclist" not in texts


def test_summary_does_not_repeat_itself(ctx: StoryContext) -> None:
    out = summarize(ctx, Config(summary_sentences=10))
    texts = [s.text for s in out]
    assert len(texts) == len(set(texts))
    # the two wordings of the ribbon-cutting say the same thing: at most one of them
    assert sum("ribbon" in t for t in texts) <= 1
    assert sum("Harlow river bridge" in t for t in texts) <= 1


@pytest.mark.parametrize("n", [1, 2, 3])
def test_summary_sentence_count(ctx: StoryContext, n: int) -> None:
    assert len(summarize(ctx, Config(summary_sentences=n))) == n


@pytest.mark.parametrize("budget", [15, 30, 45])
def test_summary_word_budget_is_not_exceeded(ctx: StoryContext, budget: int) -> None:
    out = summarize(ctx, Config(summary_words=budget))
    assert out
    assert sum(len(s.text.split()) for s in out) <= budget


def test_summary_overlong_first_sentence_when_nothing_fits(ctx: StoryContext) -> None:
    out = summarize(ctx, Config(summary_words=3))
    assert len(out) == 1


def test_summary_statement_support_lifts_a_sentence(ctx: StoryContext) -> None:
    """A sentence that the cross-checking stage found in every source outranks the rest."""
    art = next(a for a in ctx.articles if "cyclist" in a.text)
    start = art.text.index("A cyclist")
    end = art.text.index("smooth.") + len("smooth.")
    opts = SummaryOptions(statement_weight=50.0)
    assert art.text[start:end] not in [s.text for s in select(ctx, 2, None, opts)]
    ctx.statements = [Statement(art.text[start:end], 3, (Span(art.id, start, end),))]
    try:
        assert art.text[start:end] in [s.text for s in select(ctx, 2, None, opts)]
    finally:
        ctx.statements = []


def test_summary_single_article_takes_its_lead() -> None:
    ctx = _context(ARTICLES[:1])
    out = summarize(ctx, Config(summary_sentences=1))
    assert out[0].text == SHARED


def test_summary_empty_story() -> None:
    ctx = StoryContext("s-empty", [], {}, {})
    assert summarize(ctx, Config()) == []


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("He said, \u201cwe will go.\u201d", True),
        ("He said, \u201cwe will go.", False),
        ('He said "no" twice.', True),
        ('He said "no twice.', False),
    ],
)
def test_summary_balanced_quotes(text: str, ok: bool) -> None:
    assert balanced_quotes(text) is ok


def test_summary_brief_options_reach_the_stage() -> None:
    res = storyline.brief(ARTICLES, cluster="single", summary_sentences=2)
    assert len(res["stories"][0]["summary"]) == 2
    res = storyline.brief(ARTICLES, cluster="single", summary_words=20)
    assert sum(len(s["text"].split()) for s in res["stories"][0]["summary"]) <= 20


def test_summary_seeds_every_sentence_verbatim_in_each_cited_article(seeds_brief: dict) -> None:
    texts = {a["id"]: a["text"] for a in seeds_brief["articles"]}
    for story in seeds_brief["stories"]:
        assert story["summary"]
        for s in story["summary"]:
            assert 1 <= s["verbatim"] <= len(s["citations"])
            for c in s["citations"][: s["verbatim"]]:
                assert texts[c["article"]][c["start"] : c["end"]] == s["text"]
            # the others are sentences of the statement the sentence belongs to
            others = s["citations"][s["verbatim"] :]
            held = [c for st in story["statements"] for c in st["citations"]]
            assert all(c in held for c in others)


def test_summary_json_cites_what_the_reports_show(seeds_brief: dict) -> None:
    from storyline.report.render import StoryView

    for view in StoryView.all(seeds_brief):
        for s, cites in view.summary():
            assert cites == s["citations"]
    assert any(s["verbatim"] < len(s["citations"]) for s in seeds_brief["stories"][0]["summary"])


def test_summary_support_leaves_out_the_other_side_of_a_conflict() -> None:
    from storyline.digest.summary import with_support
    from storyline.model import BriefSentence, Conflict, ConflictSide, Span, Statement

    costly, other, third = Span("a", 0, 23), Span("b", 10, 50), Span("c", 0, 30)
    statement = Statement("Repairs cost 4 million.", 3, (costly, other, third))
    sentence = BriefSentence("Repairs cost 4 million.", (costly,))
    conflict = Conflict(
        "number", "cost", (ConflictSide("4", (costly,)), ConflictSide("5", (other,)))
    )
    (got,) = with_support([sentence], [statement], [conflict])
    assert got.citations == (costly, third) and got.verbatim == 1
    (got,) = with_support([sentence], [statement], [])
    assert got.citations == (costly, other, third)
    (got,) = with_support([sentence], [], [])
    assert got == sentence and got.to_dict()["verbatim"] == 1


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("The vote passed.", True),
        ("\u201cWe won,\u201d she said.", True),
        ("The court ruled that the Constitution\u2019s", False),
        ("Bridge Reopens After Two Years", False),
        ("in next year's Republican primary.", False),  # the tail of a sentence cut in two
        ("3 people were hurt.", True),
    ],
)
def test_summary_complete_sentences_only(text: str, ok: bool) -> None:
    assert complete(text) is ok


@pytest.mark.parametrize(
    "dateline",
    [
        "HARLOW (Wire) \u2014 ",
        "HARLOW, Vt. -- ",
        "HARLOW\u2014",
        "NEW HARLOW, N.H. \u2013 ",
        "Harlow (AP) \u2013 ",
        "New Harlow, Vt. (Reuters) - ",
    ],
)
def test_summary_trims_the_dateline_and_still_cites_verbatim(dateline: str) -> None:
    arts = [
        {"text": f"{dateline}The county council voted to rebuild the old ferry pier."},
        {"text": "The county council voted to rebuild the old ferry pier on Monday night."},
    ]
    ctx = _context(arts)
    out = summarize(ctx, Config(summary_sentences=1))
    assert out[0].text.startswith("The county council voted")
    _check_verbatim(ctx, out)


def test_summary_avoids_sentences_leaning_on_the_one_before() -> None:
    fact = "approved the harbour budget of two million euros for new lights"
    texts = [
        f"The council met in the old town hall.\n\nIt {fact} on Monday.",
        f"Rain fell all day.\n\nThe harbour board {fact} and a wall.",
        f"Fog closed the port.\n\nCouncillors {fact} late on Monday.",
    ]
    ctx = _context([{"text": t} for t in texts])
    # not even unpenalised: without the sentence it leans on, "It" would point to nothing
    for opts in (SummaryOptions(), SummaryOptions(dangling_factor=1.0)):
        for n in (1, 2, 3):
            chosen = [s.text for s in select(ctx, n, None, opts)]
            for i, text in enumerate(chosen):
                if text.startswith("It "):
                    assert "The council met in the old town hall." in chosen[:i]


POINTS_BACK = [
    "He conveyed a sense of mutual respect.",
    "That extension is set to expire on Wednesday.",
    "In the talks, both countries agreed to extend the deadline.",
    "\u201cBut there's a one-in-three chance we could lose,\u201d Boehner said.",
    # connectives that go on from the sentence before, with their comma
    "Moreover, the deal could hinge on other issues.",
    "Still, the council did not vote.",
    "In addition to this, further talks on tariffs took place.",
    "Since then, the mayor has been dogged by questions.",
    "As a result, the port stayed closed.",
    # a short sentence that leaves its verb phrase to the sentence before
    "Turned out it wasn't.",
    "The mayor said he would.",
    # a pronoun subject after an opening phrase, or a pronoun that speaks a quotation
    "From 1997 to 2009, he practiced law in Boston.",
    "On Wednesday, though, she said the vote would wait.",
    "Noting that he was a sailor himself, he said the port must open.",
    "\u201cWhat is this? A circus?\u201d he said, drawing laughter.",
    # a connective set off after the subject
    "Kerr, though, did call for a training program.",
    "The rules, however, would not apply to civil unions.",
    "Sen. Ann Kerr, R-Iowa, too, said the port must open.",
]
READS_ALONE = [
    "In Madrid, both countries agreed to extend the deadline.",
    "The talks resumed in Madrid on Monday.",
    "Since January, the port has been closed three times.",
    "In addition to wages, the union wants shorter shifts.",
    "Nobody knows who she is.",
    "The union has work to do.",
    "The vote is in May.",
    "The harbour stayed closed for a week, longer than the council did.",
    "Mayor Ruiz said in a statement that if elected, she would reopen it.",
    "Since she took office, Gov. Kerr has vetoed two bills.",
    "\u201cWe will reopen the port,\u201d Kerr said.",
    "Kerr, a former mayor, said the port would stay open though the strike goes on.",
]


@pytest.mark.parametrize(
    ("text", "leans"), [(t, True) for t in POINTS_BACK] + [(t, False) for t in READS_ALONE]
)
def test_summary_points_back(text: str, leans: bool) -> None:
    from storyline.digest.summary import points_back

    assert points_back(text) is leans


# The same official quote copied word for word by three outlets, and the news
# itself told by each in its own words.
QUOTE = (
    "\u201cWe have the situation under control and nobody in the valley needs to leave "
    "their home tonight,\u201d said regional director Petra Vold."
)
QUOTED_STORY = [
    {
        "source": "Orsa Daily",
        "text": f"{QUOTE}\n\nThe Orsa dam opened its spillway gates on Friday after three days "
        "of heavy rain raised the reservoir.",
    },
    {
        "source": "Valley Radio",
        "text": f"{QUOTE}\n\nEngineers opened the spillway gates of the Orsa dam on Friday after "
        "heavy rain raised the reservoir to a record.",
    },
    {
        "source": "North Wire",
        "text": f"{QUOTE}\n\nOn Friday the Orsa dam opened its spillway gates, as the reservoir "
        "rose after heavy rain.",
    },
]


def test_summary_words_inside_repeated_quotations_are_not_corroboration() -> None:
    ctx = _context(QUOTED_STORY)
    ctx.quotes = extract_quotes(ctx, Config())
    weights = concept_weights(ctx, 3)
    assert ("spillway", "gate") in weights
    assert ("situation", "under") not in weights  # only ever inside the copied quotation
    assert ("regional", "director") in weights  # the attribution is the outlets' own words


def test_summary_leads_with_the_news_not_the_copied_quote() -> None:
    out = storyline.brief(QUOTED_STORY, cluster="single", summary_sentences=1)
    (first,) = out["stories"][0]["summary"]
    assert "spillway" in first["text"]
    assert "\u201c" not in first["text"]


def test_summary_leaves_questions_out() -> None:
    """A question states no fact: not even one that three outlets print word for word."""
    question = "Will the Harlow river bridge close again before the winter storms?"
    arts = [{"source": a["source"], "text": f"{question}\n\n{a['text']}"} for a in ARTICLES]
    ctx = _context(arts)
    for n in (1, 3, 6):
        assert question not in [s.text for s in summarize(ctx, Config(summary_sentences=n))]


# One fact in three wordings (a headline-like line in two outlets, a lead, a
# shorter report of it) and two more facts; written for these tests.
RESTATED = [
    {
        "source": "Valley Post",
        "text": "Mayor Ines Corda quits Harlow harbour board.\n\n"
        "Mayor Ines Corda announced on Tuesday that she is stepping down as head of the "
        "Harlow harbour board, after most of its members opposed her plan for a new ferry "
        "pier.\n\nThe board will choose a new head in May, its secretary said.",
    },
    {
        "source": "Harlow Herald",
        "text": "Ines Corda, the mayor, said Tuesday she was leaving the harbour board of "
        "Harlow.\n\nThe board will choose a new head in May.\n\n"
        "The ferry pier plan would have cost 14 million euros.",
    },
    {
        "source": "County Wire",
        "text": "Mayor Ines Corda quits Harlow harbour board.\n\nMembers of the board had "
        "opposed the ferry pier plan, which would have cost 14 million euros.",
    },
]
HEADLINE = "Mayor Ines Corda quits Harlow harbour board."


def _said_twice(texts: list[str]) -> list[tuple[str, str]]:
    """Pairs of sentences sharing 60% of the smaller one's words of four letters or more."""
    words = [_words(t) for t in texts]
    twice = []
    for i, a in enumerate(words):
        for j in range(i + 1, len(words)):
            b = words[j]
            if a and b and len(a & b) >= 0.6 * min(len(a), len(b)):
                twice.append((texts[i], texts[j]))
    return twice


@pytest.mark.parametrize(
    ("sentences", "words"), [(2, None), (3, None), (5, None), (None, 25), (None, 40), (None, 60)]
)
def test_summary_fact_once_tells_each_fact_once(sentences: int | None, words: int | None) -> None:
    ctx = _context(RESTATED)
    out = [s.text for s in select(ctx, sentences, words, SummaryOptions(fact_once=0.6))]
    assert out
    assert _said_twice(out) == []
    assert sum("Corda" in t for t in out) == 1  # the news is in, once
    if words is not None:
        assert sum(len(t.split()) for t in out) <= words
    else:
        assert len(out) <= sentences


def test_summary_without_fact_once_may_tell_a_fact_twice() -> None:
    """What fact_once (the default) is for: without it, two wordings of the mayor's exit."""
    ctx = _context(RESTATED)
    assert not _said_twice([s.text for s in select(ctx, 5, None, SummaryOptions())])
    out = [s.text for s in select(ctx, 5, None, SummaryOptions(fact_once=None))]
    assert _said_twice(out)


def test_summary_fact_once_keeps_the_fuller_wording() -> None:
    """The headline-like line is dense and chosen first; a wording that says it and
    when takes its place, and what budget is left goes to the next fact."""
    ctx = _context(RESTATED)
    for words in (25, 60):
        out = [s.text for s in select(ctx, None, words, SummaryOptions(fact_once=0.6))]
        assert HEADLINE not in out
        assert any("Tuesday" in t and "Corda" in t for t in out)
        assert any("May" in t for t in out)
    assert HEADLINE in [s.text for s in select(ctx, None, 25, SummaryOptions(fact_once=None))]


def test_summary_says_nothing_its_title_says() -> None:
    """The title stands above the summary: a sentence of whose words most are in the
    title is no summary sentence (another outlet's headline); a lead that restates the
    title and tells when and why is. A title cut short ("...") removes nothing."""
    ctx = _context(RESTATED)
    ctx.title = "Ines Corda quits as head of the Harlow harbour board"
    for n in (1, 2, 3):
        out = [s.text for s in select(ctx, n, None, SummaryOptions())]
        assert HEADLINE not in out and out
    out = [s.text for s in select(ctx, 3, None, SummaryOptions())]
    assert any("Tuesday" in t and "Corda" in t for t in out)
    assert HEADLINE in [c.text for c in candidates(ctx, SummaryOptions(title_share=None))]
    ctx.title = "Ines Corda quits as head of the Harlow\u2026"
    assert HEADLINE in [c.text for c in candidates(ctx, SummaryOptions())]


def test_summary_under_the_title_of_a_brief() -> None:
    """In a brief, the story's title is the earliest article's headline line, and the
    summary under it does not say it again."""
    story = storyline.brief(RESTATED, cluster="single", summary_sentences=3)["stories"][0]
    assert story["title"] == HEADLINE.rstrip(".")
    texts = [s["text"] for s in story["summary"]]
    assert HEADLINE not in texts and len(texts) == 3
    assert any("Tuesday" in t for t in texts)


# Jobs figures in three outlets' words (written for these tests): the cross-check groups
# the first outlet's headline line with the third's lead, though they share few words.
JOBS = [
    {"source": "Valley Post", "text": "Employers add 266,000 jobs as unemployment falls to "
     "3.5%.\n\nThe Labor Department reported the figures on Friday, beating forecasts of "
     "180,000 jobs.\n\nWage growth slowed to 3.1% over the year."},
    {"source": "Ridge Times", "text": "U.S. economy gains a robust 266,000 jobs; unemployment "
     "rate drops to 3.5%.\n\nHiring was strongest in health care, the Labor Department said "
     "on Friday."},
    {"source": "County Wire", "text": "Hiring jumped in November with 266,000 new jobs, and "
     "the unemployment rate dropped to 3.5%, the Labor Department said Friday.\n\n"
     "Economists had expected 180,000 jobs."},
]  # fmt: skip


def test_summary_two_sentences_of_one_statement_are_one_fact() -> None:
    from storyline.crosscheck.statements import group_statements

    ctx = _context(JOBS)
    ctx.statements = group_statements(ctx, Config())

    def of_one_statement(out: list[str]) -> bool:
        return any(
            sum(st_text in out for st_text in [c.text(ctx.by_id) for c in st.citations]) > 1
            for st in ctx.statements
        )

    for n in (2, 3):
        assert not of_one_statement([s.text for s in select(ctx, n, None, SummaryOptions())])
    # without it (nor the words test: "Employers add 266,000 jobs ..." shares two of its four
    # words with the lead) the headline line and the lead both come in
    out = [s.text for s in select(ctx, 2, None, SummaryOptions(fact_once=None))]
    assert of_one_statement(out)


def _fact_once_stage() -> str:
    """The name of the summary stage that tells each fact once."""
    return "fact-once"


def test_summary_fact_once_stage() -> None:
    _fact_once_stage()
    out = storyline.brief(RESTATED, cluster="single", summary="fact-once", summary_sentences=3)
    texts = [s["text"] for s in out["stories"][0]["summary"]]
    assert len(texts) == 3 and _said_twice(texts) == []


MAYOR_QUOTE = (
    "\u201cThe bridge is open again and the whole valley can breathe,\u201d "
    "Mayor Ines Corda said on Tuesday."
)
QUOTE_OR_NEWS = [
    {
        "source": "Valley Post",
        "text": f"{MAYOR_QUOTE}\n\nThe Harlow river bridge reopened to traffic on Tuesday after "
        "two years of repairs costing 14 million euros.",
    },
    {
        "source": "Harlow Herald",
        "text": "Traffic crossed the Harlow river bridge again on Tuesday, after repairs that "
        "cost 14 million euros.\n\nMayor Ines Corda cut a ribbon on Tuesday.",
    },
    {
        "source": "County Wire",
        "text": "The Harlow river bridge is open again after two years of repairs, the county "
        "said on Tuesday.\n\nThe repairs cost 14 million euros.",
    },
]


def test_summary_quote_only_where_it_carries_the_news() -> None:
    """One outlet's quote that opens its article gives way to a reported fact; with room
    for more, it comes back."""
    ctx = _context(QUOTE_OR_NEWS)
    ctx.quotes = extract_quotes(ctx, Config())
    two = [s.text for s in select(ctx, 2, None, SummaryOptions())]
    assert MAYOR_QUOTE not in two and "Mayor Ines Corda cut a ribbon on Tuesday." in two
    # each fact once, the quote (of the ribbon sentence's words, mostly names and the
    # day) is no fuller wording of it; the quote factor alone:
    alone = SummaryOptions(fact_once=None)
    assert MAYOR_QUOTE in [s.text for s in select(ctx, 3, None, alone)]
    # without the discount the lead prior of the quote's place wins
    no_discount = SummaryOptions(fact_once=None, quote_factor=1)
    assert MAYOR_QUOTE in [s.text for s in select(ctx, 2, None, no_discount)]


def test_summary_news_before_a_quotation_that_opens_articles() -> None:
    """Reading order would open on the quote that opens every article: the news leads."""
    out = [s.text for s in summarize(_context(QUOTED_STORY), Config(summary_sentences=2))]
    assert QUOTE in out
    assert "spillway" in out[0]


def test_summary_news_first_keeps_what_a_sentence_leans_on_before_it() -> None:
    from storyline.digest.summary import Candidate, news_first

    def cand(text: str, dangling: bool = False) -> Candidate:
        return Candidate(text, [], 0, dangling, 0, len(text.split()))

    quote, leaning = cand("\u201cWe won,\u201d she said."), cand("It was close.", True)
    news = cand("The vote passed on Monday.")
    assert news_first([quote, leaning, news]) == [news, quote, leaning]
    assert news_first([quote, leaning]) == [quote, leaning]
    assert news_first([news, quote]) == [news, quote]
    assert news_first([]) == []


def _summaries_read_alone(result: dict, twice: bool = False) -> list[str]:
    """Problems a reader meets in the summaries: a sentence pointing back to one that is
    not before it, and (`twice`) two sentences sharing most of their words, two of one
    statement, or one that says no more than the story's title above it."""
    from storyline.digest.summary import points_back

    texts = {a["id"]: a["text"] for a in result["articles"]}
    problems = []
    for story in result["stories"]:
        shown = [s["text"] for s in story["summary"]]
        for i, s in enumerate(story["summary"]):
            if points_back(s["text"]):
                c = s["citations"][0]
                before = texts[c["article"]][: c["start"]].rstrip()
                if not any(before.endswith(t) for t in shown[:i]):
                    problems.append(f"points back to nothing: {s['text'][:80]!r}")
        if twice:
            problems += [f"said twice: {a[:60]!r} / {b[:60]!r}" for a, b in _said_twice(shown)]
            pairs = _one_statement(story)
            problems += [f"one statement: {a[:60]!r} / {b[:60]!r}" for a, b in pairs]
            title = _words(story["title"]) if not story["title"].endswith("\u2026") else set()
            problems += [f"says the title again: {t[:60]!r}" for t in shown
                         if title and len(_words(t) & title) >= 0.7 * len(_words(t))]  # fmt: skip
    return problems


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{4,}", text.lower()))


def _one_statement(story: dict) -> list[tuple[str, str]]:
    """Pairs of summary sentences whose own (verbatim) citations are in one statement of
    several sentences: the cross-check found that they state one thing. (A description
    of a person cites words inside sentences that state other things: two sentences
    that describe one person alike are no fact told twice.)"""

    def overlap(a: dict, b: dict) -> bool:
        return a["article"] == b["article"] and a["start"] < b["end"] and b["start"] < a["end"]

    several = [
        st
        for st in story["statements"]
        if len(st["citations"]) > 1 and st.get("kind", "sentence") == "sentence"
    ]
    of = []
    for s in story["summary"]:
        own = s["citations"][: s.get("verbatim")]
        of.append({k for k, st in enumerate(several)
                   if any(overlap(c, x) for c in own for x in st["citations"])})  # fmt: skip
    summary = story["summary"]
    return [(summary[i]["text"], summary[j]["text"])
            for i in range(len(of)) for j in range(i + 1, len(of)) if of[i] & of[j]]  # fmt: skip


@pytest.fixture(scope="module")
def basil_brief() -> dict:
    from tests.conftest import need_shared

    root = need_shared("data", "basil-dev", "articles")
    return storyline.brief(sorted(str(p) for p in root.glob("*/*.json")))


@pytest.mark.slow
def test_summary_basil_sentences_read_alone(basil_brief: dict) -> None:
    assert len(basil_brief["stories"]) >= 40
    assert _summaries_read_alone(basil_brief) == []


@pytest.mark.slow
def test_summary_basil_no_fact_twice(basil_brief: dict) -> None:
    """No BASIL summary tells a fact twice (two outlets' full ledes of one event, two
    sentences of one statement) or says its title again; 8 of 50 did once."""
    twice = [p for p in _summaries_read_alone(basil_brief, twice=True) if "points back" not in p]
    assert twice == []


@pytest.fixture(scope="module")
def neus_briefs() -> list[dict]:
    """Each neus-dev cluster's brief at 60 words."""
    import json

    from tests.conftest import need_shared

    path = need_shared("data", "neus-dev", "clusters.json")
    out = []
    for c in json.loads(path.read_text("utf-8")):
        arts = [{"text": a} for a in c["articles"]]
        out.append(storyline.brief(arts, cluster="single", summary_words=60))
    return out


@pytest.mark.slow
def test_summary_neus_no_fact_twice(neus_briefs: list[dict]) -> None:
    """No neus-dev summary tells a fact twice or says its title again: 43 of 100 gave a
    headline line and the lead restating it (often a second outlet's headline too) when
    the summary was held to the references alone; the title now stands above it."""
    problems = [p for result in neus_briefs for p in _summaries_read_alone(result, twice=True)]
    assert problems == []


LEDES = [
    {"source": "Valley Post", "text": "The Harlow council voted on Monday to close the Old Mill "
     "school at the end of the summer term, citing falling pupil numbers.\n\nParents "
     "plan a protest outside the town hall on Friday.\n"},
    {"source": "Ridge Times", "text": "Falling pupil numbers led the council of Harlow to vote "
     "on Monday for closing the Old Mill school when the summer term ends.\n\nThe "
     "building may become a library, the mayor said.\n"},
]  # fmt: skip


def test_summary_two_full_ledes_of_one_fact_are_told_once() -> None:
    """Two outlets' full sentences sharing most words tell one fact: the default tells it
    once and spends the budget on the next one."""
    out = [s.text for s in select(_context(LEDES), 2, None, SummaryOptions())]
    assert len(out) == 2 and _said_twice(out) == [], out
    assert sum("Old Mill" in t for t in out) == 1


@pytest.mark.slow
def test_summary_neus_sentences_read_alone(neus_briefs: list[dict]) -> None:
    assert all(result["stories"][0]["summary"] for result in neus_briefs)
    assert [p for result in neus_briefs for p in _summaries_read_alone(result)] == []


def test_summary_fact_once_from_the_command_line(tmp_path: Path) -> None:
    """`storyline brief --summary fact-once` runs the stage; an unknown name is refused."""
    from click.testing import CliRunner

    from storyline.cli import main

    for n, art in enumerate(RESTATED):
        (tmp_path / f"{n}.json").write_text(json.dumps(art), "utf-8")
    args = ["brief", str(tmp_path), "--cluster", "single", "--summary-sentences", "3", "-q"]
    res = CliRunner().invoke(main, [*args, "--summary", "fact-once"])
    assert res.exit_code == 0, res.output
    texts = [s["text"] for s in json.loads(res.stdout)["stories"][0]["summary"]]
    assert len(texts) == 3 and _said_twice(texts) == []
    res = CliRunner().invoke(main, [*args, "--summary", "no-such-stage"])
    assert res.exit_code != 0 and "no-such-stage" in res.output


OBITUARY = [
    {
        "source": "Kessel Courier",
        "text": "Kessel mill owner Aldo Brenn dies at 91.\n\n"
        "Aldo Brenn, who ran the Kessel paper mill for forty years and built its harbour "
        "quay, has died.\n\nThe mill employs 300 people.",
    },
    {
        "source": "River Times",
        "text": "Aldo Brenn, who ran the Kessel paper mill for forty years, has died.\n\n"
        "His funeral will be held on Friday in Kessel.",
    },
    {
        "source": "Valley Wire",
        "text": "Kessel mill owner Aldo Brenn dies at 91.\n\n"
        "The mill employs 300 people, its manager said.",
    },
]


@pytest.mark.parametrize("words", [20, 30])
def test_summary_fact_once_fuller_wording_keeps_the_numbers(words: int) -> None:
    """A longer wording of a chosen fact replaces it only if it gives its numbers too:
    "has died" does not take the place of "dies at 91"."""
    ctx = _context(OBITUARY)
    out = [s.text for s in select(ctx, None, words, SummaryOptions(fact_once=0.6))]
    assert any("91" in t for t in out), out
    assert _said_twice(out) == []


def test_summary_takes_no_line_of_a_list_nor_a_sentence_inside_a_quotation() -> None:
    """A sentence of someone's quotation that does not say whose words it is reads alone
    as the outlet's own ("''We will get used to it,'' Mr. Sanders said. ''I'm not going to
    get beaten up. ...''": the second sentence); a line of a ranked list ("1. Ada Kern
    (Last week: 2.)") states nothing. Neither is a summary sentence; the quotation with
    its speaker's name is."""
    articles = [
        {
            "source": "Valley Post",
            "text": "Mayor Ada Kern defended the harbour plan on Tuesday against its critics on "
            "the council.\n\n\u201cWe will get it built,\u201d Ms. Kern said. \u201cI am not going "
            "to be pushed around by the council. We will fight back. We have the votes.\u201d\n\n"
            "The council votes on the plan next month.\n\nWEEK 13.\n\n"
            "1. Ada Kern (Last week: 2.)\n\n2. Tom Dale (1.)\n\n3. Ann Weir (3.)\n",
        },
        {
            "source": "Ridge Times",
            "text": "Mayor Ada Kern defended the harbour plan on Tuesday.\n\nThe council votes "
            "on the plan next month, and two members have said they will vote against it.\n",
        },
    ]
    ctx = _context(articles)
    ctx.quotes = extract_quotes(ctx, Config())
    texts = [c.text for c in candidates(ctx, SummaryOptions())]
    assert not [t for t in texts if "pushed around" in t or "Last week" in t], texts
    assert "\u201cWe will get it built,\u201d Ms. Kern said." in texts, texts
    assert "The council votes on the plan next month." in texts, texts


def test_summary_leaves_out_a_date_line_and_a_title_run_into_the_lead() -> None:
    """A scraped text runs its date line and headline into the lead ("Thu Mar 5 2026 Dock
    workers strike over pay in Rotterdam. Container ships ..."): the summary shows the
    lead from its own first word, cited by those characters, and no date line."""
    from tests.test_statements import RUN_IN

    out = storyline.brief(RUN_IN, cluster="single", dedup="none", summary_sentences=6)
    texts = {a["id"]: a["text"] for a in out["articles"]}
    summary = out["stories"][0]["summary"]
    shown = [s["text"] for s in summary]
    assert any(t.startswith("Fire crews put out a blaze") for t in shown), shown
    assert not [t for t in shown if t[:1].isdigit() or t.startswith("Thu ")], shown
    assert not [t for t in shown if "AFP Thursday" in t], shown
    for s in summary:
        for c in s["citations"]:
            assert texts[c["article"]][c["start"] : c["end"]] == s["text"]
