"""Statements: sentences of different articles that state the same thing, and support counts."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from spacy.tokens import Doc
from tests.conftest import story_context

import storyline
from storyline.context import StoryContext
from storyline.crosscheck.align import AlignConfig, Similarity, Unit, align_units
from storyline.crosscheck.statements import DEFAULT

ARTICLES = [
    {
        "title": "Port strike ends",
        "source": "Harbour Daily",
        "text": "Dock workers in Rotterdam ended a nine-day strike on Wednesday after a pay "
        "deal.\n\n"
        "The union said members would return to work on Thursday morning.\n\n"
        "Shipping lines had diverted dozens of vessels to Antwerp during the stoppage.\n",
    },
    {
        "title": "Rotterdam strike over",
        "source": "Freight Journal",
        "text": "A pay agreement on Wednesday brought the nine-day strike by Rotterdam "
        "dock workers "
        "to an end.\n\n"
        "Union members go back to work on Thursday morning, the union said.\n\n"
        "The port authority expects the backlog to clear within a week.\n",
    },
    {
        "title": "Dockers back at work",
        "source": "Harbour Daily",
        "text": "Rotterdam's dock workers have ended their nine-day strike after reaching a pay "
        "deal on Wednesday.\n\n"
        "Container rates in northern Europe rose during the strike.\n",
    },
]


@pytest.fixture(scope="module")
def story() -> dict:
    out = storyline.brief(ARTICLES, cluster="single", dedup="none")
    out["stories"][0]["_texts"] = {a["id"]: a["text"] for a in out["articles"]}
    return out["stories"][0]


def _cited(story: dict, st: dict) -> list[str]:
    return [story["_texts"][c["article"]][c["start"] : c["end"]] for c in st["citations"]]


def test_statements_group_paraphrases_across_articles(story: dict) -> None:
    strike = next(s for s in story["statements"] if "strike" in s["text"] and "nine" in s["text"])
    cited = _cited(story, strike)
    assert len(cited) == 3
    assert any("pay agreement" in c for c in cited)
    back = next(s for s in story["statements"] if "Thursday morning" in s["text"])
    assert len(back["citations"]) == 2


def test_statements_support_counts_outlets_once(story: dict) -> None:
    strike = next(s for s in story["statements"] if "nine-day" in s["text"])
    # three articles, but two are from one outlet: two independent sources
    assert strike["support"] == 2 and not strike["single_source"]


def test_statements_cite_exact_sentences_and_text_is_verbatim(story: dict) -> None:
    for st in story["statements"]:
        cited = _cited(story, st)
        assert st["text"] in cited
        assert all(c and c == c.strip() for c in cited)


def test_statements_unrelated_sentences_stay_single_source(story: dict) -> None:
    lone = [s for s in story["statements"] if s["single_source"]]
    texts = " ".join(s["text"] for s in lone)
    assert "Antwerp" in texts and "backlog" in texts and "Container rates" in texts
    assert all(len(s["citations"]) == 1 for s in lone)


def test_statements_sorted_by_support(story: dict) -> None:
    supports = [s["support"] for s in story["statements"]]
    assert supports == sorted(supports, reverse=True)


def test_statements_per_source_unique_and_omits(story: dict) -> None:
    ids = story["articles"]
    view = story["per_source"]
    second = view[ids[1]]
    assert any("backlog" in u["text"] for u in second["unique"])
    # what an article alone says is cited in it
    assert all({c["article"] for c in u["citations"]} == {ids[1]} for u in second["unique"])
    third = view[ids[2]]
    assert any("Thursday morning" in o["text"] for o in third["omits"])
    assert not any("nine-day" in o["text"] for o in third["omits"])
    # what it leaves out is cited in the sources that say it, never in itself
    assert all(
        o["citations"] and ids[2] not in {c["article"] for c in o["citations"]}
        for o in third["omits"]
    )


def _first_source_adds(text: str) -> list[str]:
    """What the first of two outlets adds, in the order listed: `text` against a short
    report of the same strike."""
    arts = [
        {"source": "Harbour Daily", "text": text},
        {"source": "Freight Journal", "text": "A pay agreement on Wednesday brought the "
         "nine-day strike by Rotterdam dock workers to an end.\n"},
    ]  # fmt: skip
    story = storyline.brief(arts, cluster="single", dedup="none")["stories"][0]
    return [u["text"] for u in story["per_source"][story["articles"][0]]["unique"]]


def test_statements_what_a_source_adds_lists_what_can_be_checked_first() -> None:
    """A source's own items name someone or something, or give a number or a date, before
    those a reader cannot check ("The mood was hardly festive." / "But it was calm."),
    whatever their order in the article; the reports show the first few."""
    texts = _first_source_adds(
        "Dock workers in Rotterdam ended a nine-day strike on Wednesday after a pay deal."
        "\n\nThe mood was hardly festive.\n\nBut it was calm.\n\nShipping lines had "
        "diverted 40 vessels to Antwerp during the stoppage.\n"
    )
    assert texts[0].startswith("Shipping lines"), texts
    assert {"The mood was hardly festive.", "But it was calm."} <= set(texts[1:]), texts


def test_statements_what_a_source_adds_lists_a_quotation_without_its_speaker_last() -> None:
    """A sentence from the middle of someone's quotation does not say whose words it is
    ("“We stopped the port for nine days,” Ada Kern said. “Rotterdam lost 40 ships to
    Antwerp. ...”": the second quotation reads alone as the outlet's own); a source's
    items that do say whose they are, or are its own, are listed first."""
    texts = _first_source_adds(
        "Dock workers in Rotterdam ended a nine-day strike on Wednesday after a pay deal."
        "\n\n“We stopped the port for nine days,” union leader Ada Kern said. “Rotterdam "
        "lost 40 ships to Antwerp. We will not stop again.”\n\nShipping lines had "
        "diverted 40 vessels to Antwerp during the stoppage, the port said.\n"
    )
    inside = [n for n, t in enumerate(texts) if "Rotterdam lost 40 ships" in t]
    shipping = [n for n, t in enumerate(texts) if t.startswith("Shipping lines")]
    assert inside and shipping and shipping[0] < inside[0], texts


def test_statements_empty_story_gives_nothing() -> None:
    from storyline.config import Config
    from storyline.context import StoryContext
    from storyline.crosscheck.statements import group_statements, per_source_view

    ctx = StoryContext("s", [], {}, {})
    assert group_statements(ctx, Config()) == []
    assert per_source_view(ctx, Config()) == {}


RESTATED = [
    {
        "source": "Valley Post",
        "text": "The county closed the Old Mill bridge on Tuesday.\n\n"
        "Engineers found cracks in two of the bridge's support beams during a routine "
        "inspection, county officials said.\n",
    },
    {
        "source": "Ridge Times",
        "text": "Old Mill bridge was closed by the county on Tuesday.\n\n"
        "A routine inspection found cracks in two support beams, engineers said.\n",
    },
    {
        "source": "Daily Courier",
        "text": "The county shut the Old Mill bridge on Tuesday after a routine inspection found "
        "cracks in two support beams.\n\n"
        "The bridge carries about 9,000 cars a day.\n",
    },
    {
        "source": "County Wire",
        "text": "The county shut the Old Mill bridge on Tuesday.\n\n"
        "Drivers face a detour of about 12 miles.\n",
    },
]


def test_statements_leaves_out_only_what_the_source_does_not_say() -> None:
    """The Courier states the cracks inside its sentence on the closure: it is cited for
    the cracks too (a sentence of two claims) and does not "leave them out"; the wire,
    which says nothing like it, does."""
    out = storyline.brief(RESTATED, cluster="single", dedup="none")
    story = out["stories"][0]
    ids = [a["id"] for a in out["articles"]]
    cracks = next(s for s in story["statements"] if s["support"] >= 2 and "cracks" in s["text"])
    cited = {c["article"] for c in cracks["citations"]}
    assert ids[2] in cited and ids[3] not in cited
    assert cracks["text"] in [o["text"] for o in story["per_source"][ids[3]]["omits"]]
    assert cracks["text"] not in [o["text"] for o in story["per_source"][ids[2]]["omits"]]


def test_statements_a_close_sentence_not_aligned_is_not_left_out(monkeypatch) -> None:
    """Where alignment keeps the Courier's sentence in one statement only, the per-source
    view still does not call the other statement "left out" (OMIT_FLOOR)."""
    from dataclasses import replace

    from storyline.crosscheck import statements

    no_second = replace(statements.DEFAULT, secondary_threshold=2.0, secondary_every=2.0)
    monkeypatch.setattr(statements, "DEFAULT", no_second)
    out = storyline.brief(RESTATED, cluster="single", dedup="none")
    story = out["stories"][0]
    ids = [a["id"] for a in out["articles"]]
    cracks = next(s for s in story["statements"] if s["support"] >= 2 and "cracks" in s["text"])
    assert ids[2] not in {c["article"] for c in cracks["citations"]}
    assert cracks["text"] not in [o["text"] for o in story["per_source"][ids[2]]["omits"]]
    assert cracks["text"] in [o["text"] for o in story["per_source"][ids[3]]["omits"]]


def test_statements_sharing_only_the_story_names_and_words_are_discounted() -> None:
    """Two sentences that share only names and words found all over the story are about
    the story, not one fact; sharing two rarer words keeps their full similarity."""
    from storyline.crosscheck.align import AlignConfig, Unit, similarity

    common = ("ent:marta lindqvist", "union", "port", "halvik")
    lemmas = [
        ("a", (*common, "meet", "manager", "monday")),
        ("b", (*common, "vote", "strike", "tuesday")),  # only the story's words shared with 0
        ("b", (*common, "meet", "manager", "friday")),  # "meet", "manager" shared with 0
        ("c", (*common, "offer", "raise", "percent")),
        ("c", (*common, "ship", "wait", "anchor")),
        ("a", (*common, "crane", "idle", "dock")),
        *((art, (*common, f"word{n}", f"other{n}")) for n, art in enumerate("abcabc")),
    ]
    units = [Unit(i, art, 0, 1, "", lem) for i, (art, lem) in enumerate(lemmas)]
    cfg = AlignConfig()
    sim = similarity(units, cfg)
    raw = similarity(units, cfg, distinctive=False)
    assert sim[0, 1] == pytest.approx(cfg.common_penalty * raw[0, 1])
    assert sim[0, 2] == pytest.approx(raw[0, 2]) and sim[0, 2] > sim[0, 1]


def test_statements_differing_ordinals_never_support_one_statement() -> None:
    """ "The third walkout this year" and "the fourth stoppage since January" count from
    other starts, too unsure for a conflict, but one statement cannot carry both."""
    arts = [
        {"source": "Quay Post", "text": "Dockers at Halvik began their third walkout at the "
         "harbour this year on Monday, halting container traffic.\n"},
        {"source": "Sea Times", "text": "Dockers at Halvik began the fourth stoppage at the "
         "harbour since January on Monday, halting container traffic.\n"},
        {"source": "Wire", "text": "Dockers at Halvik began a walkout at the harbour on "
         "Monday, halting container traffic.\n"},
    ]  # fmt: skip
    out = storyline.brief(arts, cluster="single", dedup="none")
    texts = {a["id"]: a["text"] for a in out["articles"]}
    for st in out["stories"][0]["statements"]:
        cited = " ".join(texts[c["article"]][c["start"] : c["end"]] for c in st["citations"])
        assert not ("third" in cited and "fourth" in cited), st
    assert max(s["support"] for s in out["stories"][0]["statements"]) >= 2


def test_statements_a_persons_tenure_is_no_ordinal_of_the_statement() -> None:
    """ "The second-term councillor" says who Vella is, "his first campaign" when he
    signed: the two sentences state one inquiry. (The ordinals of one count still split,
    above.)"""
    arts = _dockside(
        "The inquiry into the second-term councillor Anton Vella began in March over harbour "
        "contracts.",
        "The inquiry into Anton Vella began in March over harbour contracts signed during his "
        "first campaign.",
    )
    shared = _two_source(arts)
    assert any("inquiry" in s for s in shared), shared


@pytest.mark.parametrize("first", ["kills 14", "kills 14 soldiers", "leaves 14 dead"])
def test_statements_a_toll_naming_no_victims_and_one_naming_them_are_one_count(first: str) -> None:
    """ "Shelling on Korvel kills 14" and "shelling on Korvel kills 9 soldiers" count the
    dead of one attack (the sentences are dated too: "on Monday", a value of another
    kind, is no agreement on the toll), as "kills 14 soldiers" and "leaves 14
    dead" do beside "kills 9 soldiers": a statement cannot cite both, and a sentence of
    the same words still groups."""
    arts = [
        {"source": "Quay Post", "text": f"Artillery shelling on the hill town of Korvel {first}, "
         "officials said on Monday. The shells struck the market square before dawn.\n"},
        {"source": "Sea Times", "text": "Artillery shelling on the hill town of Korvel kills 9 "
         "soldiers, officials said on Monday. The shells struck the market square before "
         "dawn.\n"},
    ]  # fmt: skip
    together = _cited_together(arts)
    assert not any("14" in t and "9 soldiers" in t for t in together), together
    assert any(t.count("market square") == 2 for t in together), together


def test_statements_civilians_among_those_killed_are_a_toll() -> None:
    """ "Six civilians were among at least 22 people killed" and "one civilian was among
    those killed ... and 10 were wounded" count the civilian dead (the verb is "be"; the
    harm is in "among those killed", and "10 were wounded" is another clause's): one
    statement cannot cite both."""
    arts = [
        {"source": "Quay Post", "text": "Six civilians including a child were among at least 22 "
         "people killed in air strikes on Korvel, a monitor said.\n"},
        {"source": "Sea Times", "text": "A militant page said one civilian was among those "
         "killed in air strikes on Korvel and 10 were wounded, a monitor said.\n"},
    ]  # fmt: skip
    together = _cited_together(arts)
    assert not any("Six civilians" in t and "one civilian" in t for t in together), together


def _cited_per_statement(arts: list[dict]) -> list[list[str]]:
    """Per statement of one story of these articles, the sentences it cites."""
    out = storyline.brief(arts, cluster="single", dedup="none")
    texts = {a["id"]: a["text"] for a in out["articles"]}
    return [
        [texts[c["article"]][c["start"] : c["end"]] for c in st["citations"]]
        for st in out["stories"][0]["statements"]
    ]


def _cited_together(arts: list[dict]) -> list[str]:
    """Per statement of one story of these articles, its cited sentences joined."""
    return [" ".join(cs) for cs in _cited_per_statement(arts)]


def test_statements_two_speakers_quoted_in_other_words_are_two_claims() -> None:
    """Sentences that are mostly quotations of different people, in other words, share
    the topic's words and the attribution's shape; each states only what its speaker
    said, so no statement cites both. The same words quoted by two outlets still meet."""
    arts = [
        {"source": "Valley Post", "text": "The council voted on Monday to close the Old Mill "
         "school in Harlow.\n\n\u201cThe money saved on the Old Mill school will buy new "
         "buses for the children of Harlow,\u201d said Mayor Ines Corda.\n"},
        {"source": "Ridge Times", "text": "The council voted on Monday to close the Old Mill "
         "school in Harlow.\n\n\u201cThe children of Harlow need the Old Mill school more "
         "than new buses bought with its money,\u201d said the teacher Aldo Brenn.\n"},
        {"source": "County Wire", "text": "Harlow's council will close the Old Mill school.\n\n"
         "\u201cThe money saved on the Old Mill school will buy new buses for the children of "
         "Harlow,\u201d Mayor Ines Corda told reporters.\n"},
    ]  # fmt: skip
    cited = _cited_together(arts)
    assert not any("will buy" in c and "need" in c for c in cited), cited
    assert any(c.count("will buy") == 2 for c in cited), cited


FIVE_OUTLETS = [
    {"source": "Valley Post", "text": "The county closed the Old Mill bridge on Tuesday.\n\n"
     "The ferry across the river will run every hour until the bridge reopens.\n"},
    {"source": "Ridge Times", "text": "Old Mill bridge was closed by the county on Tuesday.\n\n"
     "An hourly ferry across the river will replace the bridge until it reopens.\n"},
    {"source": "Daily Courier", "text": "The county shut the Old Mill bridge on Tuesday.\n\n"
     "Shops near the bridge expect fewer customers this month.\n"},
    {"source": "County Wire", "text": "Traders by the river expect a quiet month.\n\n"
     "The mayor will visit the site on Friday.\n"},
    {"source": "Evening Star", "text": "The mayor plans to visit the bridge site on Friday.\n\n"
     "Local schools changed their bus routes.\n"},
]  # fmt: skip


def test_statements_leaves_out_only_what_half_the_sources_state() -> None:
    """Among five outlets, the closure (three of them) is left out by the other two; the
    ferry (two of five) is no omission of anyone's."""
    from storyline.crosscheck.statements import widely_reported

    out = storyline.brief(FIVE_OUTLETS, cluster="single", dedup="none")
    story = out["stories"][0]
    ids = [a["id"] for a in out["articles"]]
    closed = next(s for s in story["statements"] if "closed" in s["text"])
    ferry = next(s for s in story["statements"] if "ferry" in s["text"].lower())
    assert (closed["support"], ferry["support"]) == (3, 2)
    omitted = {a: [o["text"] for o in story["per_source"][a]["omits"]] for a in ids}
    assert [a for a in ids if closed["text"] in omitted[a]] == ids[3:]
    assert not any(ferry["text"] in texts for texts in omitted.values())
    ctx = story_context(FIVE_OUTLETS)
    assert widely_reported(ctx) == 3
    assert widely_reported(story_context(FIVE_OUTLETS[:3])) == 2


def test_statements_text_stands_alone_where_a_source_says_it_so(seeds_brief: dict) -> None:
    """A statement is shown in the words of a sentence that does not point back ("He
    conveyed ...", "In the talks, ...") wherever one of its sentences does not: on the
    seeds, before, "He conveyed a sense of mutual respect ..." stood for three sources."""
    from storyline.digest.summary import points_back

    texts = {a["id"]: a["text"] for a in seeds_brief["articles"]}
    checked = 0
    for story in seeds_brief["stories"]:
        for st in story["statements"]:
            if st["support"] < 2:
                continue
            cited = [texts[c["article"]][c["start"] : c["end"]] for c in st["citations"]]
            if any(not points_back(t) for t in cited):
                checked += 1
                assert not points_back(st["text"]), st["text"]
    assert checked >= 10


def test_statements_never_show_one_sentence_twice() -> None:
    """A sentence in two statements leads only the better supported; one left alone that
    another statement cites, or printed twice by its article, is not listed again."""
    from storyline.crosscheck.statements import distinct_texts
    from storyline.model import Span, Statement

    both = "“We are surprised,” Mr. Lund said. “We will appeal the ruling.”"
    other = "“We will appeal,” Lund said of the ruling on Tuesday."
    third = "Lund said he was surprised by the ruling."
    again = "Mr. Lund spoke outside the court."
    a_text = f"{both}\n\n{again}\n\n{again}\n"
    arts = [{"text": a_text, "source": "A"}, {"text": other + "\n", "source": "B"},
            {"text": third + "\n", "source": "C"}]  # fmt: skip
    ctx = story_context(arts)
    a, b, c = (x.id for x in ctx.articles)
    s_both, s_other, s_third = Span(a, 0, len(both)), Span(b, 0, len(other)), Span(c, 0, len(third))
    at = [a_text.index(again), a_text.rindex(again)]
    statements = [
        Statement(both, 2, (s_both, s_other)),
        Statement(both, 2, (s_both, s_third)),  # the same words, another claim of them
        Statement(both, 1, (s_both,)),  # a statement above cites it already
        Statement(again, 1, (Span(a, at[0], at[0] + len(again)),)),
        Statement(again, 1, (Span(a, at[1], at[1] + len(again)),)),  # printed twice
    ]
    out = distinct_texts(ctx, statements)
    assert [s.text for s in out] == [both, third, again]
    assert [s.citations for s in out[:2]] == [(s_both, s_other), (s_both, s_third)]


def test_statements_notes_that_other_people_gave_no_comment_are_not_one_claim() -> None:
    """ "The Halvik campaign did not respond to requests for comment" and "The Marsh
    campaign did not respond ..." are the reporters' calls to two people, not one
    statement of two sources; two outlets' notes on one person are."""
    story = "Senator Ada Kern proposed a port tax on Monday. "
    arts = [
        {"source": "A", "text": story + "The Halvik campaign did not immediately respond to "
         "requests for comment."},
        {"source": "B", "text": story + "The Marsh campaign did not immediately respond to "
         "requests for comment."},
        {"source": "C", "text": story + "The Marsh campaign did not respond to a request for "
         "comment on Monday."},
    ]  # fmt: skip
    out = storyline.brief(arts, cluster="single", dedup="none")
    notes = {st["text"]: st["support"] for st in out["stories"][0]["statements"]
             if "comment" in st["text"]}  # fmt: skip
    halvik = [n for t, n in notes.items() if "Halvik" in t]
    marsh = [n for t, n in notes.items() if "Marsh" in t]
    assert halvik == [1] and marsh == [2], notes


def test_statements_a_claim_one_source_denies_as_a_noun_is_two_claims() -> None:
    """ "There was no immediate claim of responsibility for the bombing" denies what "The
    Harbour Front group claimed responsibility for the bombing" tells, though no verb is
    negated: the noun "claim" under "no" is the deed not done. One statement cannot cite
    both; two sources that agree still make one."""
    lead = (
        "A car bomb struck the bus station in Korvel on Sunday, killing four people. "
        "Ambulances carried the wounded to the city hospital.\n\n"
    )
    arts = [
        {"source": "Quay Post", "text": lead + "There was no immediate claim of responsibility "
         "for the car bombing at the bus station.\n"},
        {"source": "Sea Times", "text": lead + "The Harbour Front group claimed responsibility "
         "for the car bombing at the bus station.\n"},
    ]  # fmt: skip
    together = _cited_together(arts)
    assert not any("no immediate claim" in t and "claimed" in t for t in together), together
    assert any(t.count("car bomb struck") == 2 for t in together), together


def test_statements_two_tolls_of_other_people_are_two_claims() -> None:
    """ "At least 14 civilians were killed by air strikes near the dam" and "Militia
    fighters killed 35 militants near the dam" count other people, so they are no
    disagreement on one toll, but they are two tolls: one statement cannot cite both. A
    toll both give ("31 militants" / "31 fighters") still makes one."""
    arts = [
        {"source": "Quay Post", "text": "At least 14 civilians were killed by air strikes near "
         "the Korvel dam in the north on Sunday, a local channel reported.\n\nAir strikes near "
         "the Korvel dam killed 31 militants on Saturday.\n"},
        {"source": "Sea Times", "text": "Militia fighters killed 35 militants near the Korvel "
         "dam in the north on Sunday, local media reported.\n\nAir strikes near the Korvel dam "
         "killed 31 fighters on Saturday.\n"},
    ]  # fmt: skip
    together = _cited_together(arts)
    assert not any("14 civilians" in t and "35 militants" in t for t in together), together
    assert any("31 militants" in t and "31 fighters" in t for t in together), together


def _grouped_with_quote(report: str) -> list[str]:
    """The sentences of the statement that cites the mayor's quotation, with `report` as
    one outlet's sentence beside the quotation and an outlet's named account of it."""
    story = "The Harlow council voted on Monday to close the Old Mill school.\n\n"
    arts = [
        {"source": "Valley Post", "text": story + report + "\n"},
        {"source": "Ridge Times", "text": story + "\u201cThe council has answered one question "
         "about the school's future, and it raises many more questions,\u201d said Mayor Ines "
         "Corda.\n"},
        {"source": "County Wire", "text": story + "Mayor Ines Corda said the council had "
         "answered one question and raised many more.\n"},
    ]  # fmt: skip
    out = storyline.brief(arts, cluster="single", dedup="none")
    texts = {a["id"]: a["text"] for a in out["articles"]}
    for st in out["stories"][0]["statements"]:
        cited = [texts[c["article"]][c["start"] : c["end"]] for c in st["citations"]]
        if any("raises many more" in c for c in cited):
            return cited
    raise AssertionError("the quotation is in no statement")


def test_statements_a_quotation_and_a_report_not_naming_its_speaker_are_two_claims() -> None:
    """A sentence that is mostly the mayor's words and a reporter's sentence sharing its
    topic words but neither naming the mayor nor repeating her words state two things;
    the outlet that says the mayor said it states the same one."""
    parents = (
        "Since February the school's parents have waited for months while the council "
        "refused to answer questions on its future."
    )
    cited = _grouped_with_quote(parents)
    assert parents not in cited and len(cited) == 2, cited
    assert any(c.startswith("Mayor Ines Corda said") for c in cited)
    # a report of a speaker named before ("the mayor said") may be the quotation's
    unnamed = (
        "Since February parents have waited while the council answered just one of their "
        "questions on the school's future, the mayor said."
    )
    assert unnamed in _grouped_with_quote(unnamed)


def test_statements_a_report_names_the_quoted_speaker_by_surname() -> None:
    from storyline.crosscheck.statements import _names_any

    assert _names_any("Mr. Jackson told the judge he understood.", {"Jesse L. Jackson Jr."})
    assert _names_any("Bauer\u2019s office began investigating.", {"Robert F. Bauer"})
    assert not _names_any("The Jacksonville office said nothing.", {"Jesse L. Jackson Jr."})


def test_statements_an_article_printing_the_quotation_does_not_leave_it_out() -> None:
    """Two outlets state the mayor's pledge in a long sentence; the third prints only her
    words. Matched as one quotation by the quotes stage, the third does not "leave out" the
    statement; without that match it is said to."""
    from dataclasses import replace

    from storyline.config import Config
    from storyline.context import StoryContext
    from storyline.crosscheck.statements import per_source_view
    from storyline.model import Article, Quote, QuoteOccurrence, Span, Statement

    words = "We will not let one storm close this port for a season."
    texts = {
        "a": f"Mayor Ines Corda promised on Tuesday to reopen the harbour, saying: “{words}”",
        "b": f"The harbour reopens soon, Mayor Ines Corda said on Tuesday: “{words}”",
        "c": f"“{words}” the mayor told dock workers.",
    }
    arts = [Article(id=k, text=t, source=f"Outlet {k}") for k, t in texts.items()]
    ctx = StoryContext("s", arts, {}, {k: f"outlet:{k}" for k in texts})
    whole = tuple(Span(k, 0, len(texts[k])) for k in ("a", "b"))
    ctx.statements = [Statement(texts["a"], 2, whole)]

    def at(k: str) -> QuoteOccurrence:
        start = texts[k].index(words)
        return QuoteOccurrence(Span(k, start, start + len(words)), words)

    alone = per_source_view(ctx, Config())
    assert [o.text for o in alone["c"].omits] == [texts["a"]]
    ctx.quotes = [Quote(words, "Ines Corda", occurrences=(at("a"), at("b"), at("c")))]
    assert per_source_view(ctx, Config())["c"].omits == ()
    # a quotation only one other article prints says nothing of the third
    ctx.quotes = [replace(ctx.quotes[0], occurrences=(at("a"), at("b")))]
    assert len(per_source_view(ctx, Config())["c"].omits) == 1


def _one_sentence_each(
    texts: dict[str, str],
    lemmas: dict[str, tuple[str, ...]],
    verbs: dict[str, set[str]],
    sim: list[list[float]],
) -> StoryContext:
    """A story of one-sentence articles, each its own outlet, with the sentences'
    lemmas, verbs and similarity given (what the per-source view reads)."""
    from storyline.model import Article

    arts = [Article(id=k, text=t, source=f"Outlet {k}") for k, t in texts.items()]
    ctx = StoryContext("s", arts, {}, {k: f"outlet:{k}" for k in texts})
    ctx.units = [
        Unit(n, k, 0, len(t), t, lemmas[k], frozenset(verbs[k]))
        for n, (k, t) in enumerate(texts.items())
    ]
    ctx.similarity = Similarity.from_dense(np.array(sim))
    return ctx


def test_statements_a_sentence_telling_the_action_and_four_words_does_not_leave_it_out() -> None:
    """Under OMIT_FLOOR, an article whose sentence shares the statement's content verb and
    four content words states it among other things (not "left out"); one that shares the
    words but tells no such action does leave it out."""
    from storyline.config import Config
    from storyline.crosscheck.statements import per_source_view
    from storyline.model import Span, Statement

    texts = {
        "a": "The council approved the harbour budget of 4 million on Monday.",
        "b": "Councillors approved a harbour budget of 4 million on Monday.",
        "c": "After a debate on parking fees that ran past midnight, the council approved the "
        "harbour budget, and the mayor thanked the volunteers.",
        "d": "The harbour budget debate drew a large council crowd on Monday.",
    }
    lemmas = {
        "a": ("counci", "approv", "harbou", "budget", "4", "millio", "monday"),
        "b": ("counci", "approv", "harbou", "budget", "4", "millio", "monday"),
        "c": ("debate", "parkin", "fee", "run", "midnig", "counci", "approv", "harbou",
              "budget", "mayor", "thank", "volunt"),
        "d": ("harbou", "budget", "debate", "draw", "large", "counci", "crowd", "monday"),
    }  # fmt: skip
    verbs = {"a": {"approve"}, "b": {"approve"}, "c": {"run", "approve", "thank"}, "d": {"draw"}}
    low = [[0, 0.9, 0.18, 0.18], [0.9, 0, 0.17, 0.16], [0.18, 0.17, 0, 0.14], [0.18, 0.16, 0.14, 0]]
    ctx = _one_sentence_each(texts, lemmas, verbs, low)
    ctx.statements = [Statement(texts["a"], 2, (Span("a", 0, len(texts["a"])),
                                                Span("b", 0, len(texts["b"]))))]  # fmt: skip
    view = per_source_view(ctx, Config())
    assert view["c"].omits == ()
    assert [o.text for o in view["d"].omits] == [texts["a"]]
    # the long sentence without the shared action leaves it out too
    ctx.units[2] = replace(ctx.units[2], verbs=frozenset({"run", "thank"}))
    assert [o.text for o in per_source_view(ctx, Config())["c"].omits] == [texts["a"]]


def test_statements_what_another_source_says_in_other_words_is_no_source_s_alone() -> None:
    """A statement of one source is listed as what that source adds only where no other
    source has a sentence close to it: at ECHO_FLOOR (under the floor of "leaves out",
    OMIT_FLOOR), or telling its action with four of its content words; a sentence of
    the same source does not count."""
    from storyline.config import Config
    from storyline.crosscheck.statements import per_source_view
    from storyline.model import Span, Statement

    texts = {
        "a": "The ferry operator cancelled the evening crossings to the island on Friday.",
        "b": "Storm warnings were posted along the coast, and the ferry operator cancelled the "
        "evening crossings, stranding dozens of island commuters.",
        "c": "The island school will stay closed until Monday.",
    }
    lemmas = {
        "a": ("ferry", "operat", "cancel", "evenin", "crossi", "island", "friday"),
        "b": ("storm", "warnin", "post", "coast", "ferry", "operat", "cancel", "evenin",
              "crossi", "strand", "dozen", "island", "commut"),
        "c": ("island", "school", "stay", "close", "monday"),
    }  # fmt: skip
    verbs = {"a": {"cancel"}, "b": {"post", "cancel", "strand"}, "c": {"stay", "close"}}
    ctx = _one_sentence_each(texts, lemmas, verbs, [[0, 0.14, 0.13], [0.14, 0, 0.13],
                                                   [0.13, 0.13, 0]])  # fmt: skip
    ctx.statements = [
        Statement(t, 1, (Span(k, 0, len(t)),)) for k, t in texts.items()
    ]  # alignment kept them apart (a long sentence of other claims scores low)
    view = per_source_view(ctx, Config())
    assert view["a"].unique == () and view["b"].unique == ()
    assert [u.text for u in view["c"].unique] == [texts["c"]]
    # without the shared action, each is its source's alone
    ctx.units[1] = replace(ctx.units[1], verbs=frozenset({"post", "strand"}))
    view = per_source_view(ctx, Config())
    assert [[u.text for u in view[k].unique] for k in texts] == [[t] for t in texts.values()]
    # a second article of outlet a saying it is no other source
    ctx.source_of["b"] = "outlet:a"
    ctx.units[1] = replace(ctx.units[1], verbs=frozenset({"post", "cancel", "strand"}))
    ctx.statements[1] = Statement(texts["b"], 1, ctx.statements[1].citations)
    assert [u.text for u in per_source_view(ctx, Config())["a"].unique] == [texts["a"]]


# Two outlets tell the ferry's cancelled crossings; a third article's sentence is on the
# island's Friday too, and scores `to_c` against each of them.
FERRY = {
    "a": "The ferry operator cancelled the evening crossings to the island on Friday.",
    "b": "Ferry crossings to the island were cancelled on Friday evening.",
}
FERRY_LEMMAS = {
    "a": ("ferry", "operat", "cancel", "evenin", "crossi", "island", "friday"),
    "b": ("ferry", "crossi", "island", "cancel", "friday", "evenin"),
}


def _ferry_story(c: str, c_lemmas: tuple[str, ...], c_verb: str, to_c: float) -> StoryContext:
    """The ferry statement of a and b, and c's sentence as a statement of its own."""
    from storyline.model import Span, Statement

    texts = {**FERRY, "c": c}
    lemmas = {**FERRY_LEMMAS, "c": c_lemmas}
    verbs = {"a": {"cancel"}, "b": {"cancel"}, "c": {c_verb}}
    ctx = _one_sentence_each(texts, lemmas, verbs, [[0, 0.6, to_c], [0.6, 0, to_c],
                                                   [to_c, to_c, 0]])  # fmt: skip
    ab = (Span("a", 0, len(texts["a"])), Span("b", 0, len(texts["b"])))
    ctx.statements = [Statement(texts["a"], 2, ab), Statement(c, 1, (Span("c", 0, len(c)),))]
    return ctx


def test_statements_a_sentence_close_enough_to_echo_is_not_close_enough_to_state() -> None:
    """Between ECHO_FLOOR and OMIT_FLOOR, another source's sentence (no shared action)
    keeps a statement from being its source's alone, yet does not state it: a statement
    of two sources is still left out by that article."""
    from storyline.config import Config
    from storyline.crosscheck.statements import ECHO_FLOOR, OMIT_FLOOR, per_source_view

    c = "Island commuters waited for news of the ferry on Friday."
    lemmas = ("island", "commut", "wait", "news", "ferry", "friday")
    ctx = _ferry_story(c, lemmas, "wait", (ECHO_FLOOR + OMIT_FLOOR) / 2)
    view = per_source_view(ctx, Config())
    assert view["c"].unique == ()
    assert [o.text for o in view["c"].omits] == [FERRY["a"]]


def test_statements_sentence_embeddings_say_what_an_article_states_in_other_words() -> None:
    """With sentence embeddings (`--embeddings`), an article whose sentence the model puts
    close to a statement's (`AlignConfig.embed_gate`) does not leave it out: the per-source
    view reads the alignment the statements were made with."""
    from storyline.config import Config
    from storyline.crosscheck.statements import DEFAULT, ECHO_FLOOR, per_source_view

    c = "No boat left for the island on Friday night, commuters were told."
    lemmas = ("boat", "leave", "island", "friday", "night", "commut", "tell")
    ctx = _ferry_story(c, lemmas, "leave", ECHO_FLOOR / 2 + 0.1)
    assert [o.text for o in per_source_view(ctx, Config())["c"].omits] == [FERRY["a"]]
    g = DEFAULT.embed_gate
    ctx.vectors = np.array([[1.0, 0.0], [1.0, 0.0], [g, float(np.sqrt(1 - g**2))]])
    assert per_source_view(ctx, Config())["c"].omits == ()
    ctx.vectors = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])  # far apart
    assert [o.text for o in per_source_view(ctx, Config())["c"].omits] == [FERRY["a"]]


def _loose_case(verbs_b: frozenset[str], shared: int, quoted: frozenset[int] = frozenset(),
                cfg: AlignConfig = DEFAULT) -> list[list[int]]:  # fmt: skip
    """Two sentences of two articles at similarity 0.24 (under the threshold, above the
    loose threshold), sharing `shared` content lemmas; the first says "indict"."""
    words = ["grimm", "expect", "indict", "federa", "charge", "friday"]
    a = Unit(0, "a", 0, 1, "", tuple(words), frozenset({"expect", "indict"}))
    b = Unit(1, "b", 0, 1, "", (*words[:shared], "lawyer", "brookl"), verbs_b)
    sim = Similarity.from_dense(np.array([[0.0, 0.24], [0.24, 0.0]]))
    assert DEFAULT.loose_threshold is not None
    assert DEFAULT.loose_threshold <= 0.24 < cfg.threshold
    return align_units([a, b], cfg, sim, quoted=quoted)


def test_statements_a_loose_pair_aligns_on_one_action_and_four_words() -> None:
    """A long sentence that states several things scores low against another outlet's
    sentence stating one of them: under the threshold, the two still align where they
    share a content verb and four content words, and neither is mostly a quotation."""
    both = [[0, 1]]
    apart = [[0], [1]]
    assert _loose_case(frozenset({"indict"}), shared=4) == both
    assert _loose_case(frozenset({"indict"}), shared=3) == apart  # too few words shared
    assert _loose_case(frozenset({"arrest"}), shared=6) == apart  # another action
    assert _loose_case(frozenset({"indict"}), shared=6, quoted=frozenset({1})) == apart
    off = replace(DEFAULT, loose_threshold=None)
    assert _loose_case(frozenset({"indict"}), shared=6, cfg=off) == apart


def test_statements_sentence_embeddings_admit_a_pair_under_the_threshold() -> None:
    """With sentence embeddings, two sentences that share words but too few to align (no
    shared action: not a loose pair) align where the model puts them close, and only
    then; a pair under the loose threshold stays apart whatever the model says."""
    gate = DEFAULT.embed_gate
    close = np.array([[1.0, 0.0], [gate, float(np.sqrt(1 - gate**2))]])  # cosine = gate
    far = np.array([[1.0, 0.0], [gate - 0.1, float(np.sqrt(1 - (gate - 0.1) ** 2))]])
    a = Unit(0, "a", 0, 1, "", ("united", "china", "near", "deal", "tiktok"), frozenset({"near"}))
    b = Unit(1, "b", 0, 1, "", ("united", "china", "close", "deal", "tiktok"), frozenset())
    at = Similarity.from_dense(np.array([[0.0, 0.24], [0.24, 0.0]]))
    assert DEFAULT.loose_threshold is not None and DEFAULT.loose_threshold <= 0.24
    assert align_units([a, b], DEFAULT, at) == [[0], [1]]  # no shared verb: not loose
    assert align_units([a, b], DEFAULT, at, vectors=close) == [[0, 1]]
    assert align_units([a, b], DEFAULT, at, vectors=far) == [[0], [1]]
    under = Similarity.from_dense(np.array([[0.0, 0.15], [0.15, 0.0]]))
    assert align_units([a, b], DEFAULT, under, vectors=close) == [[0], [1]]


def test_statements_content_verbs_leave_out_speech_and_stop_verbs() -> None:
    from storyline.analyse import nlp
    from storyline.crosscheck.align import content_verbs

    doc = nlp.load()("Prosecutors said they would indict the mayor, who made no comment and "
              "resigned on Friday, his lawyer told reporters.")  # fmt: skip
    assert content_verbs(doc[:]) == {"indict", "resign"}


def test_statements_content_verbs_leave_out_a_wars_toll_told_as_background() -> None:
    """ "The six-year war which has killed hundreds of thousands" tells the war's toll, not
    what happened (two sentences on other things had aligned loosely on "kill"); a verb
    of a relative clause on anything else still counts."""
    from storyline.analyse import nlp
    from storyline.crosscheck.align import content_verbs

    load = nlp.load()
    war = load("Damascus has repeatedly denied using such weapons during the six-year war "
               "which has killed hundreds of thousands.")  # fmt: skip
    assert "kill" not in content_verbs(war[:])
    gunman = load("Police arrested the gunman who killed two guards during the war.")
    assert {"arrest", "kill"} <= content_verbs(gunman[:])
    bill = load("Setting the tone for a Congress in which every bill must cite the "
                "Constitution, the House voted on Friday.")  # fmt: skip
    assert "cite" in content_verbs(bill[:])


def test_statements_a_question_is_not_what_a_statement_says() -> None:
    """A question in the writer's words states nothing: a statement is shown in the words
    of a member that states it; a quoted question is someone's words and may lead."""
    from storyline.crosscheck.statements import _standing_alone, reads_alone

    texts = [
        "A double dip recession?",
        "Adviser Lena Moss warned that failure would raise the risk of a double-dip recession.",
        "He added that the risk was real.",
    ]
    units = [Unit(i, f"a{i}", 0, len(t), t, ()) for i, t in enumerate(texts)]
    assert _standing_alone([0, 1, 2], units) == [1]
    assert _standing_alone([0, 2], units) == [0, 2]  # none reads alone: any may lead
    assert reads_alone("\u201cWell, which is it?\u201d the judge asked.")
    assert not reads_alone("Will the port close?")


def test_statements_a_bare_attribution_joins_no_quotations() -> None:
    """ "Ortiz said." split off a quotation that ends in "?" states nothing: it does not
    join other outlets' quotations of Ortiz into one statement, and is no source's own
    addition."""
    texts = (
        "“Why should the harbour wait another year?” Ortiz said.",
        "“Can anyone tell me where the money went?” Ortiz said.",
        "“The dockworkers deserve better than this,” Ortiz said.",
    )
    arts = [
        {"title": f"Harbour {n}", "source": f"Outlet {n}", "text": f"The council met.\n\n{t}"}
        for n, t in enumerate(texts)
    ]
    story = storyline.brief(arts, cluster="single", dedup="none")["stories"][0]
    assert all(s["support"] == 1 for s in story["statements"] if "Ortiz" in s["text"])
    added = [u["text"] for v in story["per_source"].values() for u in v["unique"]]
    assert "Ortiz said." not in added


def test_statements_leave_out_the_place_a_story_was_filed_from() -> None:
    """A lead's dateline ("HARLOW, Vt. --") is where the story was filed, not what it says:
    the statement's text and citations start at the news, as the summary's do."""
    lead = "The county council voted on Monday to rebuild the old ferry pier by spring."
    arts = [
        {"title": "Pier", "source": "Outlet A", "text": f"HARLOW, Vt. -- {lead}"},
        {"title": "Pier", "source": "Outlet B", "text": f"HARLOW \u2014 {lead}"},
    ]
    out = storyline.brief(arts, cluster="single", dedup="none")
    texts = {a["id"]: a["text"] for a in out["articles"]}
    st = next(s for s in out["stories"][0]["statements"] if "ferry pier" in s["text"])
    assert st["text"] == lead and st["support"] == 2
    assert all(texts[c["article"]][c["start"] : c["end"]] == lead for c in st["citations"])


def test_statements_a_pronoun_quoting_someone_else_reports_no_other_speaker() -> None:
    """A reporter's sentence whose "she" the quotes stage reads as one speaker (its few
    quoted words are hers) is no report of another speaker's quotation, though both
    share the topic's words and a speech verb with a pronoun subject; a report that
    names the quoted speaker still meets the quotation."""
    arts = [
        {"source": "Valley Post", "text": "Senator Rhea Voss questioned the minister for two "
         "hours on Tuesday.\n\nShe argued that losing the gas inspection reports for Alder "
         "Street \u201cput every family on that street at risk.\u201d\n"},
        {"source": "Ridge Times", "text": "Minister Paul Dane answered questions from senators "
         "on Tuesday.\n\n\u201cThe gas inspection reports for Alder Street were handled by the "
         "safety office, you know. I never saw them,\u201d Dane said.\n"},
        {"source": "County Wire", "text": "Dane told senators that the gas inspection reports "
         "for Alder Street were handled by the safety office.\n"},
    ]  # fmt: skip
    cited = _cited_together(arts)
    assert not any("at risk" in c and "handled" in c for c in cited), cited
    assert any(c.count("handled by the safety office") == 2 for c in cited), cited


def test_statements_a_sentence_inside_a_longer_quotation_is_quoted() -> None:
    """A quotation of more sentences than `nlp.sentence_spans` joins into one unit
    (`MAX_QUOTE_JOIN`) makes each of its sentences someone's words: `_quoted` gives
    each the quoted words it holds and the speaker."""
    from storyline.analyse.entities import extract_entities
    from storyline.analyse.quotes import extract_quotes
    from storyline.config import Config
    from storyline.crosscheck.align import sentence_units
    from storyline.crosscheck.statements import _quoted

    ctx = story_context([
        {"source": "Ridge Times", "text": "Minister Paul Dane spoke to senators on Tuesday.\n\n"
         "\u201cI answer for the whole ministry,\u201d Dane told the committee. \u201cBut the "
         "specific inspection reports about the gas pipes on Alder Street, as it happens, "
         "were checked by the engineers in the safety office. I never read those reports. "
         "Nobody sent them to my desk. I signed none of them. I turned none of them "
         "down.\u201d\n"},
    ])  # fmt: skip
    ctx.entities = extract_entities(ctx, Config())
    extract_quotes(ctx, Config())
    units = sentence_units(ctx)
    inner = [u for u in units if "reports" in u.text or "signed" in u.text]
    assert inner and all("Dane" not in u.text for u in inner), [u.text for u in units]
    for u in inner:
        said = _quoted(ctx, u)
        assert said is not None and said[1] == {"Paul Dane"}, (u.text, said)


def test_statements_a_quotation_the_parse_hangs_under_its_speaker_keeps_its_words() -> None:
    """ "'...,' guild steward Anna Perrault said." is parsed with the quotation under the
    speaker ("guild" taken for a verb): the sentence is no bare attribution ("Obama said.")
    and keeps its words, so it states what the same quotation states elsewhere."""
    said = (
        "\u201cWe have carried this island through floods and fires, and we are paid as if it "
        "were 2019,\u201d"
    )
    brief = storyline.brief(
        [
            {"source": "Millbrook Courier", "text": "Ferry crews walked off the job on Tuesday.\n\n"
             f"{said} said guild steward Anna Perrault.\n"},
            {"source": "Coast Gazette", "text": "Crossings to Keel Island stopped on Tuesday.\n\n"
             f"{said} guild steward Anna Perrault said.\n"},
        ],
        cluster="single",
    )  # fmt: skip
    st = next(s for s in brief["stories"][0]["statements"] if "floods" in s["text"])
    assert st["support"] == 2, brief["stories"][0]["statements"]


def test_statements_a_line_that_states_nothing_is_no_statement() -> None:
    """A credit, a live blog's time, a section label or a bare attribution is no statement
    of its source's, nor something it adds: "--Reuters" had led a FA-KES story's single-
    source statements."""
    lines = ["--Reuters", "2:35 p.m.", "FULL TEXT.", "(Harbour Wire and agencies)", "Ruiz said."]
    # a reader's signature after a quotation ("― Ana Ruiz": the tagger takes the dash for a verb)
    signed = "“The harbour must stay open. Nobody wins a long strike.” ― Ana Ruiz"
    arts = [
        {"source": "Harbour Daily", "text": "Dock workers in Rotterdam ended a nine-day strike "
         "on Wednesday after a pay deal.\n\n" + "\n\n".join(lines) + "\n\n" + signed +
         "\n\nShipping lines had diverted dozens of vessels to Antwerp.\n"},
        {"source": "Freight Journal", "text": "A pay deal on Wednesday ended the nine-day "
         "strike by Rotterdam dock workers.\n\nThe port expects the backlog to clear soon.\n"},
    ]  # fmt: skip
    story = storyline.brief(arts, cluster="single", dedup="none")["stories"][0]
    texts = [st["text"] for st in story["statements"]]
    assert not set(lines) & set(texts) and "― Ana Ruiz" not in texts, texts
    assert "Shipping lines had diverted dozens of vessels to Antwerp." in texts
    adds = [item["text"] for view in story["per_source"].values() for item in view["unique"]]
    assert not set(lines) & set(adds) and adds


def test_statements_by_quotation_the_same_words_not_parts_of_one_quotation() -> None:
    """`_by_quotation`: sentences whose passages of one quotation hold the same words
    make a group (a group of some of them grows to all); a line of the quotation against
    the whole, or two different parts of it, do not."""
    from storyline.crosscheck.statements import _by_quotation
    from storyline.model import Article, Quote, QuoteOccurrence, Span

    whole = (
        "we will not let one storm close this port, the ships will come back and so will "
        "the work, and every family on this shore will see its wages paid in full"
    )
    texts = {
        "a": f"Reyes said: “{whole}.”",
        "b": f"“{whole},” Reyes told reporters.",
        "c": "Reyes said “we will not let one storm close this port” on Tuesday.",
        "d": "He added: “the ships will come back and so will the work.”",
    }
    arts = [Article(id=k, text=t, source=f"Outlet {k}") for k, t in texts.items()]
    ctx = StoryContext("s", arts, {}, {k: f"outlet:{k}" for k in texts})
    units = [Unit(n, k, 0, len(t), t, ("x",)) for n, (k, t) in enumerate(texts.items())]

    def at(k: str, words: str) -> QuoteOccurrence:
        start = texts[k].index(words)
        return QuoteOccurrence(Span(k, start, start + len(words)), words)

    ctx.quotes = [
        Quote(
            whole,
            "Tomas Reyes",
            occurrences=(
                at("a", whole),
                at("b", whole),
                at("c", "we will not let one storm close this port"),
                at("d", "the ships will come back and so will the work"),
            ),
        )
    ]
    singles = [[0], [1], [2], [3]]
    assert _by_quotation(ctx, singles, units) == [[0, 1], [1], [2], [3]]
    # "a" and "b" are held together already: nothing new
    assert _by_quotation(ctx, [[0, 1], [2], [3]], units) == [[0, 1], [2], [3]]


def test_statements_an_act_and_the_state_it_left_going_on_are_two_claims() -> None:
    """ "The council closed the bridge in the morning" says who closed it and when; "the
    bridge remained closed on Wednesday, the council said" says only that it stayed shut:
    no statement cites both. The same state told twice still meets."""
    arts = [
        {"source": "Gazette", "text": "The city council closed the Rivermouth bridge in the "
         "morning.\n\nShops along the quay were sandbagged overnight.\n"},
        {"source": "Post", "text": "The Rivermouth bridge remained closed on Wednesday, the "
         "city council said.\n\nShops along the quay were sandbagged overnight.\n"},
        {"source": "Courier", "text": "The Rivermouth bridge remained closed on Wednesday, "
         "the council said.\n\nShops by the quay were sandbagged overnight.\n"},
    ]  # fmt: skip
    cited = _cited_together(arts)
    assert not any("in the morning" in c and "remained" in c for c in cited), cited
    assert any(c.count("remained closed") == 2 for c in cited), cited


def _dockside(first: str, second: str) -> list[dict[str, str]]:
    """Two outlets' reports of the Karvel strike, each with these words between a lead and
    a line of its own (`first` in the Harbour Daily, `second` in the Freight Journal)."""
    return [
        {"source": "Harbour Daily", "text": "Karvel port workers went on strike on Monday.\n\n"
         f"{first}\n\nCranes stood idle all day.\n"},
        {"source": "Freight Journal", "text": "Dockers at Karvel stopped work on Monday.\n\n"
         f"{second}\n\nTrucks queued at the gates.\n"},
    ]  # fmt: skip


def _two_source(arts: list[dict[str, str]]) -> list[str]:
    """The texts of the statements of two sources in the brief of these articles, as one
    story: those of sentences (what sources agree to call a person is a statement of kind
    "description" of its own, `test_descriptions.py`)."""
    story = storyline.brief(arts, cluster="single", dedup="none")["stories"][0]
    return [s["text"] for s in story["statements"] if s["support"] == 2 and s["kind"] == "sentence"]


def test_statements_two_words_in_common_need_a_phrase_to_start_a_statement() -> None:
    """Two lone sentences that share only two content words ("affect", "old") state
    different things unless the words stand side by side in both ("rise to the
    occasion"); such a pair may still join a sentence to a statement other pairs made."""
    arts = [
        {"source": "Harbour Daily", "text": "Karvel port workers went on strike on Monday.\n\n"
         "Older workers would not be affected.\n\nThe mayor told the crews to rise to the "
         "occasion.\n"},
        {"source": "Freight Journal", "text": "The new levy will affect some older trucks in "
         "the north, officials said.\n\nThe mayor's advice to the port crews was to rise to "
         "the occasion on Sunday.\n"},
    ]  # fmt: skip
    shared = _two_source(arts)
    assert not any("affected" in s or "levy" in s for s in shared), shared
    assert any("occasion" in s for s in shared), shared


def test_statements_a_name_and_a_word_beside_the_same_name_are_no_phrase() -> None:
    """ "The Harbour Authority's report was stronger than last year's" and "Container
    traffic fell 4% in March, the Harbour Authority reported" share the name and "report"
    and, side by side, "the harbour": a name's word beside a stop word is the name
    again, no phrase they say alike, so the two start no statement (a NeuS story's
    "The Labor Department's report was much stronger than the one last month ..." had
    joined "The unemployment rate declined to 3.5% ..., the Labor Department reported
    Friday.")."""
    from storyline.crosscheck.align import _chance

    arts = _dockside(
        "The Harbour Authority's report was much stronger than last year's, helped by the "
        "end of the crane dispute.",
        "Container traffic fell 4% in March, the Harbour Authority reported on Friday.",
    )
    shared = _two_source(arts)
    assert not any("Harbour Authority" in s for s in shared), shared
    name = ("harbou", "author", "ent:harbour authority")
    a = Unit(0, "a", 0, 1, "the Harbour Authority's report was stronger",
             (*name, "report", "strong"))  # fmt: skip
    b = Unit(1, "b", 0, 1, "traffic fell, the Harbour Authority reported",
             ("traffi", "fall", *name, "report"))  # fmt: skip
    assert _chance(a, b, DEFAULT)
    # the same line printed twice shares its words side by side, names or not
    c = Unit(2, "c", 0, 1, "He said no to the Harbour Authority.", ("say", *name))
    assert not _chance(c, replace(c, index=3, article="d"), DEFAULT)


def test_statements_a_noun_of_two_words_is_one_word_in_common() -> None:
    """A noun of two words ("tear gas") that two lone sentences share and nothing else is
    one thing in common, not a phrase they say alike: they start no statement. A phrase
    that says something ("rise to the occasion") still does."""
    from storyline.crosscheck.align import _chance

    arts = _dockside(
        "Officers held back, refraining from using tear gas.",
        "The union chief insists no talks began, as clashes saw tear gas fired.",
    )
    shared = _two_source(arts)
    assert not any("tear gas" in s for s in shared), shared
    gas = ("tear", "gas")
    a = Unit(
        0, "a", 0, 1, "refraining from using tear gas", ("refrai", *gas), things=frozenset({gas})
    )
    b = Unit(1, "b", 0, 1, "saw tear gas fired", ("fire", *gas), things=frozenset({gas}))
    assert _chance(a, b, DEFAULT)
    c = Unit(2, "c", 0, 1, "the mayor said rise to the occasion", ("rise", "occasi"))
    d = Unit(3, "d", 0, 1, "crews should rise to the occasion", ("rise", "occasi"))
    assert not _chance(c, d, DEFAULT)


def test_statements_what_other_people_did_is_no_one_statement() -> None:
    """Two sentences whose main verbs have other people for subjects, neither named in the
    other sentence, tell what each did, though both met Ida Reyes at the harbour; told of
    one person, they state one thing."""
    arts = _dockside(
        "Anton Vella spent Tuesday at the harbour, meeting with union leader Ida Reyes and the "
        "crews.",
        "After meeting with union leader Ida Reyes at the harbour on Tuesday, Mayor Tom Hardy "
        "proposed new rules for the crews.",
    )
    assert not any("Reyes" in s for s in _two_source(arts))
    arts[1]["text"] = arts[1]["text"].replace("Mayor Tom Hardy", "Vella")
    assert any("Reyes" in s for s in _two_source(arts))


def test_statements_a_name_of_several_words_is_one_thing_in_common() -> None:
    """Two lone sentences that share only "Governor Helena Marsh" (the name, its words and
    a title) state different things; the same two that also share what she did state one."""
    from storyline.crosscheck.align import _chance, _only_who

    arts = _dockside(
        "The toll bridge opened in 1998 under Governor Helena Marsh.",
        "A ferry subsidy was cut last month by Governor Helena Marsh.",
    )
    shared = _two_source(arts)
    assert not any("Marsh" in s for s in shared), shared
    name = frozenset({"govern", "helena", "marsh", "ent:helena marsh"})
    a = Unit(0, "a", 0, 1, "Governor Helena Marsh opened the toll bridge", (*name, "bridge"))
    assert _only_who(name, a, a)
    assert not _only_who(name | {"bridge"}, a, a)
    words = Unit(5, "f", 0, 1, "Helena Marsh cut it", ("helena", "marsh", "cut"))
    assert not _only_who(frozenset({"helena", "marsh"}), words, words)  # no name read
    # a name's words, where one sentence reads them as the name and the other does not
    board = ("ent:harbour board", "harbou", "board")
    b = Unit(6, "g", 0, 1, "Marsh and the Harbour Board cut it", ("helena", "marsh", *board, "cut"))
    assert _only_who(frozenset({"helena", "marsh", *board}), a, b)
    assert _chance(Unit(7, "h", 0, 1, "", (*name, *board, "bridge")), b, DEFAULT)
    b = Unit(1, "b", 0, 1, "Governor Helena Marsh opened a bridge", (*name, "bridge", "open"))
    assert not _chance(a, b, DEFAULT)
    c = Unit(2, "c", 0, 1, "Governor Helena Marsh cut the subsidy", (*name, "subsid"))
    assert _chance(a, c, DEFAULT)
    # a line printed twice says nothing but the name: the name is what it shares
    d = Unit(3, "d", 0, 1, "Governor Helena Marsh", tuple(name))
    assert not _chance(d, Unit(4, "e", 0, 1, "Governor Helena Marsh", tuple(name)), DEFAULT)


def test_statements_two_sentences_sharing_only_who_speaks_start_no_statement() -> None:
    """Two lone sentences that share only the speaker, their title and "said" report two
    things one person said; the same speaker's one claim, told by both, is a statement."""
    from storyline.crosscheck.align import Unit, _chance

    arts = _dockside(
        "“Nobody wants a long dispute,” said a port spokesman, Anton Vella.\n\nThe ferries "
        "will keep sailing, port spokesman Anton Vella said.",
        "Port spokesman Anton Vella said the union had turned down the final offer.\n\nVella "
        "said the ferries would keep sailing through the week.",
    )
    shared = _two_source(arts)
    assert not any("dispute" in s or "offer" in s for s in shared), shared
    assert any("ferries" in s for s in shared), shared
    who = frozenset({"port", "spokes", "anton", "vella", "ent:anton vella", "say"})
    a = Unit(0, "a", 0, 1, "", (*who, "dispute", "long"), who=who)
    b = Unit(1, "b", 0, 1, "", (*who, "union", "offer"), who=who)
    assert _chance(a, b, DEFAULT)
    # the same words where one sentence does not say who speaks: no speaker shared
    assert not _chance(a, Unit(2, "c", 0, 1, "", (*who, "offer")), DEFAULT)


def test_statements_two_sentences_sharing_only_a_person_start_no_statement() -> None:
    """Two lone sentences whose shared words are all one person's name and what it says of
    them ("Veteran crane operator Marta Lindqvist") say two things of that person; the
    same person doing one thing in both, named two ways, is a statement."""
    arts = _dockside(
        "Veteran crane operator Marta Lindqvist has worked the docks for thirty years.\n\n"
        "Union steward Piet Olsen led the first picket line at dawn.",
        "Veteran crane operator Marta Lindqvist said the talks had stalled.\n\n"
        "Piet Olsen, a union steward, led the first picket line before dawn.",
    )
    shared = _two_source(arts)
    assert not any("Lindqvist" in s for s in shared), shared
    assert any("picket" in s for s in shared), shared


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (  # a name in a list, inside a larger phrase
            "Idaho Sen. Ines Corda also has 17 delegates.",
            "The mayor slipped in the polls behind rivals such as shipping magnate Piet Olsen "
            "and Idaho Sen. Ines Corda, who call themselves outsiders.",
        ),
        (  # a party tag after the name
            "Sen. Ines Corda, R-Idaho, was at 10 percent.",
            "In the poll, the mayor would beat Piet Olsen but lose to Sen. Ines Corda, R-Idaho.",
        ),
    ],
)
def test_statements_two_sentences_sharing_only_a_person_as_written_start_no_statement(
    first: str, second: str
) -> None:
    """Two lone sentences whose shared words are all one person's name and the words
    written right around it that call them (a title and a place before it, a party tag
    after it) say two things of that person, wherever the parse puts the name: in a
    list, or inside a larger phrase (`align.people_words`, `_name_run`). (Where both call
    her a senator of one state, that is a description statement of its own.)"""
    shared = _two_source(_dockside(first, second))
    assert not {first, second} & set(shared), shared


def test_statements_a_line_printed_twice_makes_one_statement() -> None:
    """A live blog that prints one line at two hours, and another outlet's sentence that
    states it: one statement of two sources, shown once (`statements.distinct_texts`),
    the second copy differing only in its spaces."""
    blog = (
        "9:10 p.m.\n\nMayor Ines Corda has won the Karvel and Tarn primaries.\n\n"
        "Turnout was high in the port wards.\n\n10:45 p.m.\n\n"
        "Mayor Ines Corda has  won the Karvel and Tarn primaries.\n\n"
        "Counting goes on in the hill towns.\n"
    )
    report = "Mayor Ines Corda won the primaries in Tarn and in her home town of Karvel.\n"
    docs = [{"source": "Live Desk", "text": blog}, {"source": "Harbour Daily", "text": report}]
    story = storyline.brief(docs, cluster="single", dedup="none")["stories"][0]
    won = [s for s in story["statements"] if "primaries" in s["text"]]
    assert len(won) == 1, [(s["text"], s["support"]) for s in won]
    assert won[0]["support"] == 2


def test_statements_shown_in_words_near_another_statements_take_other_words() -> None:
    """Two statements led by one sentence that two outlets print with a name spelt two
    ways ("Hasakah" / "Hasakeh"), or by a quotation that another statement's text holds
    run on, read as one to a reader: the second is shown in another sentence it cites
    (`statements.distinct_texts`). A statement of one sentence that says more than one
    shown before stays, in its own words."""
    from storyline.crosscheck.statements import distinct_texts
    from storyline.model import Article, Span, Statement

    bomb = (
        '"A suicide bomber on a motorbike blew himself up in the crowded central market of '
        'Hasak{} city," said Omar Haddad'
    )
    texts = {
        "a": bomb.format("ah") + ", head of the monitor, adding that 15 were hurt.",
        "b": bomb.format("eh") + ", head of the monitor, adding that 15 were hurt.",
        "c": bomb.format("eh") + ".",
        "d": "“We will rebuild the market with all the traders. It will open again by spring.”",
        "e": "“We will rebuild the market with all the traders. It will open again by spring. "
        "And it will be bigger than before,” the mayor said.",
        "f": "The mayor added that the new market would be bigger than the old one.",
        "g": "“We will rebuild the market with all the traders. It will open again by spring,” "
        "the mayor said.",
    }
    arts = [Article(id=k, text=t) for k, t in texts.items()]
    ctx = StoryContext("s", arts, {}, {a.id: a.id for a in arts})

    def cite(*ids: str) -> tuple[Span, ...]:
        return tuple(Span(i, 0, len(texts[i])) for i in ids)

    shown = distinct_texts(ctx, [
        Statement(texts["a"], 3, cite("a", "b", "c")),
        Statement(texts["b"], 2, cite("b", "c")),
        Statement(texts["d"], 2, cite("d")),
        Statement(texts["e"], 2, cite("e", "f")),
        Statement(texts["g"], 1, cite("g")),
    ])  # fmt: skip
    assert [st.text for st in shown] == [texts[k] for k in "acdfg"]


def test_statements_copies_of_one_sentence_are_one_sentence_to_join() -> None:
    """A sentence that shares too little with another to start a statement with it (two
    words, no phrase) does not join it either where that sentence is printed twice: the
    copies are one sentence, not two that each share its words."""
    from storyline.crosscheck.align import align_units, attach_secondary

    copy = ("popula", "balloo", "thousa", "fighte", "civili", "shuttl", "aleppo", "month")
    printed = "Its population ballooned with thousands of fighters and civilians"
    rows = [("a", "Thousands more civilians killed.", ("thousa", "civili", "kill")),
            ("b", printed, copy), ("c", printed, copy)]  # fmt: skip
    units = [Unit(i, art, 0, len(t), t, lem) for i, (art, t, lem) in enumerate(rows)]
    sims = np.array([[0.0, 0.51, 0.51], [0.51, 0.0, 1.0], [0.51, 1.0, 0.0]])
    sim = Similarity.from_dense(sims)
    groups = align_units(units, DEFAULT, sim)
    assert groups == [[0], [1, 2]]
    assert attach_secondary(groups, units, DEFAULT, sim) == [[0], [1, 2]]


@pytest.mark.parametrize(("apart", "joined"), [(0.05, [0, 1, 2]), (0.30, [0, 1, 2, 3])])
def test_statements_sentences_joining_a_statement_are_close_to_each_other(
    apart: float, joined: list[int]
) -> None:
    """Two sentences of other outlets, each close to every sentence of a statement, join
    it together only where they are close to each other too, as two groups must be to
    merge: each close to the statement does not make them one claim."""
    from storyline.crosscheck.align import attach_secondary

    words = ("harbour", "strike", "ferry", "karvel")
    rows = [("a", (*words, "pilot")), ("b", (*words, "pilot", "union")),
            ("c", (*words, "toll", "bridge")), ("d", (*words, "fish", "quota"))]  # fmt: skip
    units = [Unit(i, art, 0, 1, "", lem) for i, (art, lem) in enumerate(rows)]
    sims = np.array([[0.0, 0.60, 0.40, 0.40], [0.60, 0.0, 0.40, 0.40],
                     [0.40, 0.40, 0.0, apart], [0.40, 0.40, apart, 0.0]])  # fmt: skip
    groups = attach_secondary([[0, 1], [2], [3]], units, DEFAULT, Similarity.from_dense(sims))
    assert groups[0] == joined, groups


def test_statements_a_sentence_sharing_only_a_name_with_a_statement_does_not_join_it() -> None:
    """A sentence that shares no more than a name with each sentence of a statement (who,
    `_only_who`) says something else of that person and joins none of it, however close
    the name makes them; one that shares what the statement says joins."""
    from storyline.crosscheck.align import align_units

    name = ("anton", "vella", "ent:anton vella")
    rows = [("a", (*name, "grow", "karvel", "harbour")),
            ("b", (*name, "ferry", "sail", "keep")),
            ("c", (*name, "ferry", "sail", "keep", "week")),
            ("d", (*name, "ferry", "sail", "strike"))]  # fmt: skip
    units = [Unit(i, art, 0, 1, "", lem) for i, (art, lem) in enumerate(rows)]
    sims = np.array([[0.0, 0.40, 0.35, 0.30],
                     [0.40, 0.0, 0.80, 0.45],
                     [0.35, 0.80, 0.0, 0.42],
                     [0.30, 0.45, 0.42, 0.0]])  # fmt: skip
    groups = align_units(units, DEFAULT, Similarity.from_dense(sims))
    assert groups == [[0], [1, 2, 3]], groups


def test_statements_a_weak_pair_joins_a_sentence_to_a_statement() -> None:
    """ "Corvan's stock rose 18 percent" shares two words with each other report of the
    shares and no phrase, but the two others share more: it joins the statement they
    make (the pairs' floors hold), where two lone sentences so alike start none."""
    from storyline.crosscheck.align import AlignConfig, Unit, similarity

    rows = [
        ("a", "Corvan shares jumped 18% on the news", ("corvan", "share", "jump", "18", "news")),
        ("b", "Corvan's stock rose 18 percent", ("corvan", "stock", "rise", "18", "percen")),
        ("c", "Shares in Corvan climbed about 18%", ("share", "corvan", "climb", "18")),
        *((art, f"filler {n}", (f"word{n}", f"other{n}")) for n, art in enumerate("abcabc")),
    ]
    units = [Unit(i, art, 0, len(t), t, lem) for i, (art, t, lem) in enumerate(rows)]
    cfg = AlignConfig(threshold=0.2, loose_threshold=None)
    sim = similarity(units, cfg)
    assert sim[0, 1] >= cfg.threshold and sim[1, 2] >= cfg.threshold
    groups = align_units(units, cfg, sim)
    assert [0, 1, 2] in groups, groups
    two = [Unit(i, art, 0, len(t), t, lem) for i, (art, t, lem) in enumerate(rows[:2] + rows[3:])]
    alone = align_units(two, cfg, similarity(two, cfg))
    assert [0, 1] not in alone, alone


def test_statements_sentences_days_apart_need_more_in_common() -> None:
    """Articles published days apart tell a story that moved on: their sentences align
    only at `apart_threshold`; the same pair a day apart, or with no dates, aligns at the
    threshold."""
    from storyline.crosscheck.align import AlignConfig, Unit, similarity

    rows = [
        ("a", ("mayor", "hart", "praise", "harbour", "plan", "council")),
        ("b", ("mayor", "hart", "harbour", "budget", "council", "vote", "delay")),
        *((art, (f"word{n}", f"other{n}")) for n, art in enumerate("abab")),
    ]
    units = [Unit(i, art, 0, 1, "x y", lem) for i, (art, lem) in enumerate(rows)]
    sim = similarity(units, AlignConfig())
    value = sim[0, 1]
    cfg = AlignConfig(threshold=value - 0.05, apart_threshold=value + 0.05)
    week = {"a": "2024-03-01", "b": "2024-03-08"}
    assert [0, 1] not in align_units(units, cfg, sim, published=week)
    assert [0, 1] in align_units(units, cfg, sim, published={"a": "2024-03-01", "b": "2024-03-02"})
    assert [0, 1] in align_units(units, cfg, sim, published={"a": "2024-03-01", "b": None})
    closer = AlignConfig(threshold=value - 0.05, apart_threshold=value - 0.01)
    assert [0, 1] in align_units(units, closer, sim, published=week)


# Scraped texts that run a date line and the headline into the first sentence.
RUN_IN = [
    {
        "title": "Dock workers strike over pay in Rotterdam",
        "source": "Harbour Daily",
        "text": "Thu Mar 5 2026 Dock workers strike over pay in Rotterdam. Container ships "
        "queued outside the port as the union kept its members off the quays for a third day.",
    },
    {
        "title": "Council backs cruise terminal",
        "source": "City News",
        "text": "5 March 2026 The city council approved the budget for the new cruise terminal. "
        "Work on the quay is to start in the autumn, the council said. The terminal is to "
        "take ships of up to 300 metres from 2028.",
    },
    {
        "title": "Rotterdam dock workers strike over pay",
        "source": "Port Wire",
        "text": "Rotterdam dock workers strike over pay AFP Thursday 5 Mar 2026 Ships waited "
        "at anchor while the union's walkout went into its third day.",
    },
    {
        "title": "Warehouse fire at the port",
        "source": "Evening Post",
        "text": "Thu 5 Mar 2026 Fire crews put out a blaze in a grain warehouse near the "
        "ferry terminal. Nobody was hurt, the fire service said. The warehouse had stood "
        "empty since the grain trade moved to Amsterdam.",
    },
]


def test_statements_leave_out_a_date_line_and_cut_off_a_title_run_into_the_text() -> None:
    """A date line at the head of a text is no part of its first sentence's statement
    (two leads of one day met on its words: "Thu Mar 5 2026 Dock workers strike ..." and
    "Thu 5 Mar 2026 Fire crews put out a blaze ..."), and a title the text repeats at its
    head, run into the first sentence, is a unit of its own, cited by its own characters
    (`readers.head_of`)."""
    cited = _cited_per_statement(RUN_IN)
    every = [c for cs in cited for c in cs]
    # no citation opens with a date line, nor runs a title into the report after it
    assert not [c for c in every if c[:1].isdigit() or c.startswith("Thu ")]
    assert not [c for c in every if "AFP Thursday" in c]
    # the fire and the strike are two things, whatever day they share (the fire's lead
    # had been a third source of the strike's headline, on the date's words and "Thu")
    fire = next(cs for cs in cited if any(c.startswith("Fire crews") for c in cs))
    assert len(fire) == 1, fire
    # the titles stand as the units they are: the strike titles of two outlets agree
    titles = next(cs for cs in cited if "Dock workers strike over pay in Rotterdam" in cs)
    assert "Rotterdam dock workers strike over pay" in titles
    # and the lead after a run-in title is its own sentence, cited from its first word
    assert any(c.startswith("Ships waited at anchor") for c in every)


SPELT_TWO_WAYS = [
    {
        "title": "Ruiz backs the dam",
        "source": "Valley Post",
        "published": "2026-03-02",
        "text": "Senator Ann Ruiz wants the Pine Flat dam rebuilt before the summer.\n\n"
        "Ruiz spoke about the dam at a fund-raiser in Fresno, Calif., on Monday.\n\n"
        "Engineers say the dam could fail in a strong earthquake.\n\n"
        "Ruiz has asked the state for the money twice.\n",
    },
    {
        "title": "Dam money",
        "source": "Coast Ledger",
        "published": "2026-03-02",
        "text": "Ruiz says the old dam must be rebuilt soon.\n\n"
        "The senator raised the dam at a fundraiser in California on Monday night.\n\n"
        "Farmers downstream depend on the dam for water.\n\n"
        "The dam was built in 1954.\n",
    },
]


def test_statements_a_word_spelt_two_ways_is_one_word() -> None:
    """Outlets spell some words by their own style: a state abbreviated or in full ("in
    Fresno, Calif." / "in California"), a compound with a hyphen or without
    ("fund-raiser" / "fundraiser"). The two sentences of the fund-raiser share the story's
    name and the dam with every other sentence, and had stood apart, the state and the
    compound read as no word and as two others."""
    out = storyline.brief(SPELT_TWO_WAYS, cluster="single", dedup="none")
    texts = {a["id"]: a["text"] for a in out["articles"]}
    story = out["stories"][0]
    fundraiser = next(s for s in story["statements"] if "fund-raiser" in s["text"])
    cited = [texts[c["article"]][c["start"] : c["end"]] for c in fundraiser["citations"]]
    assert fundraiser["support"] == 2
    assert cited[1] == "The senator raised the dam at a fundraiser in California on Monday night."


@pytest.mark.parametrize(
    ("sentence", "solid", "has", "lacks"),
    [
        # a state's abbreviation after a place is the state's name
        ("He spoke in Corpus Christi, Tex., on Monday.", (), ["texas"], []),
        ("The storm hit Wilmington, N.C., on Friday.", (), ["north", "ent:north carolina"], []),
        # not a person's tag, which says who they are
        ("Rep. Darrell Issa, R-Calif., said so.", (), [], ["califo"]),
        ("Rep. Bob Etheridge (D-N.C.) apologized.", (), [], ["north"]),
        # not a title, a noun or a verb that looks like one
        ("Miss Smith said the mass of the wash was small.", (), [], ["missis", "massac"]),
        # a compound with a hyphen is one word where the story also writes it as one
        ("She sent an e-mail to the fund-raiser.", ("email", "fundraiser"), ["email", "fundra"],
         ["mail", "fund", "raiser"]),
        # and two words where it does not ("gaffe-prone" in two outlets shares both)
        ("His gaffe-prone tenure ended.", ("email",), ["gaffe", "prone"], ["gaffep"]),
        # a name keeps its hyphen ("al-Qaeda" is also "Al Qaeda")
        ("Leaders of al-Qaeda met.", ("alqaeda",), [], ["alqaed"]),
        # capitals with full stops are the letters others write without ("F.B.I.", "FBI");
        # two are mostly a place written everywhere, no word of the sentence
        ("The F.B.I. and the N.A.A.C.P. met in Washington, D.C., on Monday.", (),
         ["fbi", "naacp"], ["dc", "d.c."]),
        ("The FBI and the NAACP met on Monday.", (), ["fbi", "naacp"], []),
    ],
)  # fmt: skip
def test_statements_content_words_of_words_spelt_two_ways(
    sentence: str, solid: tuple[str, ...], has: list[str], lacks: list[str]
) -> None:
    from storyline.analyse import nlp
    from storyline.crosscheck.align import content_lemmas

    doc = nlp.load()(sentence)
    lemmas = content_lemmas(doc[:], frozenset(solid))
    assert all(x in lemmas for x in has), lemmas
    assert not any(x in lemmas for x in lacks), lemmas


def test_statements_a_question_the_writer_asks_is_no_source() -> None:
    """A question the writer asks ("So did the ferry company break the law?") states
    nothing: it is no source of the statement that the company broke the law, nor a
    statement of its own, while a question someone asked is a report of their words."""
    articles = [
        {
            "title": "Ferry company fined",
            "source": "Harbour Daily",
            "text": "The ferry company broke the safety law on the night crossing, the port "
            "inspector ruled on Monday.\n\nThe inspector asked, “Why were the lifeboats "
            "locked on the night crossing?”\n",
        },
        {
            "title": "Fine for ferry firm",
            "source": "Coast Ledger",
            "text": "So did the ferry company break the safety law on the night crossing?\n\n"
            "“Why were the lifeboats locked on the night crossing?” the inspector asked.\n",
        },
    ]
    cited = _cited_per_statement(articles)
    law = next(cs for cs in cited if any("broke the safety law" in c for c in cs))
    assert law == [
        "The ferry company broke the safety law on the night crossing, the port inspector "
        "ruled on Monday."
    ]
    assert not [cs for cs in cited if any(c.startswith("So did") for c in cs)]
    lifeboats = next(cs for cs in cited if any("lifeboats" in c for c in cs))
    assert len(lifeboats) == 2


def test_statements_tolls_of_two_attacks_by_what_struck_are_two_claims() -> None:
    """Two sentences telling of the killed and the wounded by what struck, land mines in one
    and a suicide bombing in the other, tell of two incidents, whatever words of harm and
    counting they share; a bombing and a bombardment may be one attack told two ways."""
    articles = [
        {
            "title": "Mines in the town",
            "source": "Levant Wire",
            "text": "Land mines left by the militants killed and wounded dozens of people in the "
            "town on Thursday.\n\nSince Thursday bombing has killed 44 civilians in the "
            "province.\n",
        },
        {
            "title": "Border blast",
            "source": "Capital Radio",
            "text": "At least 29 people were killed and dozens wounded in a suicide bombing at "
            "the border crossing on Thursday.\n\nSince Thursday bombardment has killed 44 "
            "civilians in the province.\n",
        },
    ]
    cited = _cited_per_statement(articles)
    mines = next(cs for cs in cited if any(c.startswith("Land mines") for c in cs))
    assert len(mines) == 1, mines
    since = next(cs for cs in cited if any(c.startswith("Since Thursday bombing") for c in cs))
    assert len(since) == 2, since


def test_statements_a_photo_caption_run_into_the_text_is_no_statement() -> None:
    """A caption closed by its photo's credit, which a scraped text runs in among its
    sentences, tells what a picture shows: no statement, no "adds", no timeline event
    (it had been a one-source statement and the timeline's entry for the photo's day)."""
    caption = (
        "A rescue worker runs near an ambulance after an air strike in the town of Meles "
        "Syria August 6 2026 (TRT World and Agencies)"
    )
    arts = [
        {"text": "An air strike hit a hospital in Meles on Saturday, killing four people. "
                 + caption + " The hospital had been hit before, rescuers said.",
         "source": "trt", "published": "2026-08-07"},
        {"text": "Four people were killed when an air strike hit a hospital in Meles on "
                 "Saturday, a monitor said.", "source": "wire", "published": "2026-08-07"},
    ]  # fmt: skip
    story = storyline.brief(arts, cluster="single", dedup="none")["stories"][0]
    texts = [st["text"] for st in story["statements"]]
    texts += [e["text"] for e in story["timeline"]]
    texts += [i["text"] for v in story["per_source"].values() for i in v["unique"]]
    assert texts and not any("TRT World" in t for t in texts), texts


def test_statements_a_sentence_close_to_every_member_also_joins_that_statement() -> None:
    """A sentence already in one statement (it states two things) also joins another of
    two or more sentences of other articles where it is close to every one of them
    (`AlignConfig.secondary_every`), though to none as close as `secondary_threshold`; a
    lone sentence still needs that, and a statement takes none that one member is far
    from, that shares too little with one (a name alone), or whose article is days apart
    from one of its articles."""
    from storyline.crosscheck.align import attach_secondary

    words = ("ent:ana ruiz", "ana", "ruiz", "harbour", "strike", "vote", "union")
    units = [Unit(i, art, 0, 1, "", words) for i, art in enumerate("abcdc")]
    sims = np.zeros((5, 5))
    for i, j, v in [(0, 1, 0.6), (2, 0, 0.36), (2, 1, 0.34), (2, 3, 0.5), (4, 3, 0.38)]:
        sims[i, j] = sims[j, i] = v
    groups = [[0, 1], [2, 3], [4]]
    cfg = DEFAULT
    assert cfg.secondary_every <= 0.34 < cfg.secondary_threshold

    def joined(sims: np.ndarray, units: list[Unit], published: dict | None = None) -> list:
        return attach_secondary(groups, units, cfg, Similarity.from_dense(sims), published)

    out = joined(sims, units)
    assert out[0] == [0, 1, 2]  # close to both, 0.36 and 0.34
    assert out[2] == [4]  # a lone sentence: 0.38 is under the threshold for one
    day = {"a": "2024-03-04", "b": "2024-03-04", "c": "2024-03-04", "d": "2024-03-04"}
    assert joined(sims, units, day)[0] == [0, 1, 2]
    assert joined(sims, units, {**day, "c": "2024-03-09"})[0] == [0, 1]  # days apart
    name = [replace(u, lemmas=("ent:ana ruiz", "ana", "ruiz", "pay")) if u.index == 2 else u
            for u in units]  # fmt: skip
    assert joined(sims, name)[0] == [0, 1]  # shares a name alone
    far = sims.copy()
    far[2, 1] = far[1, 2] = 0.2
    assert joined(far, units)[0] == [0, 1]  # one member far


def test_statements_a_headline_run_into_the_text_and_its_lead_are_one_statement() -> None:
    """Texts that run their headline into the report (scraped pages, "title. body" data
    sets) state the main fact twice. Alignment takes one sentence of an article per
    group, so the headlines of some outlets met the leads of others and the rest made a
    second statement: two key statements of one fact, each of all three sources. They
    are one statement citing both sentences of each article, shown by a lead."""
    arts = [
        {"text": "Harbour workers end strike after pay deal. Dock workers at the port of "
                 "Elsby ended their three-week strike on Friday after accepting a pay offer, "
                 "the union said. The port had been shut since May.", "source": "Coast Times"},
        {"text": "Elsby dock strike ends as workers accept pay offer. Harbour workers in "
                 "Elsby returned to work on Friday, ending a strike over pay after the union "
                 "accepted a deal. Shipping firms welcomed the news.", "source": "Daily Wire"},
        {"text": "Port strike over: Elsby workers back after pay deal. The three-week strike "
                 "at Elsby port ended Friday when dock workers voted to accept the pay offer. "
                 "Talks had lasted four days.", "source": "Evening Post"},
    ]  # fmt: skip
    out = storyline.brief(arts, cluster="single", dedup="none")
    text = {a["id"]: a["text"] for a in out["articles"]}
    statements = out["stories"][0]["statements"]
    strike = [st for st in statements if "strike" in st["text"].lower()]
    assert len(strike) == 1, [st["text"] for st in statements]
    cited = [text[c["article"]][c["start"] : c["end"]] for c in strike[0]["citations"]]
    assert strike[0]["support"] == 3
    assert len(cited) == 6 and sum("strike" in c.lower() for c in cited) == 6, cited
    assert strike[0]["text"].endswith("the union said."), strike[0]["text"]  # a lead
    # the HTML report's popup for a source shows both of its cited sentences
    html = storyline.api.render(out, "html")
    assert "“Harbour workers end strike after pay deal. … Dock workers at the port" in html


def test_statements_join_heads_asks_two_articles_restating_their_first_sentence() -> None:
    """`join_heads` joins two groups where two or more articles, and half the smaller
    group's, have one of their two first sentences in each, those two close
    (`group_floor`), and the groups' sentences of different articles close on average
    (`link_floor`); one such article, two whose two first sentences say other things,
    or two among five articles of each group join nothing."""
    from storyline.crosscheck.align import join_heads

    words = ("harbour", "strike", "pay")
    # a0 a1 | b0 b1 | c0 c1: each article's headline then its lead; b2: b's third sentence
    units = [Unit(i, art, i, i + 1, "", words) for i, art in enumerate("aabbccb")]
    groups = [[0, 3, 4], [1, 2, 5], [6]]  # headlines of a and c with b's lead, and the rest

    def sims(own: float, cross: float) -> Similarity:
        m = np.full((7, 7), cross)
        for i in (0, 2, 4):
            m[i, i + 1] = m[i + 1, i] = own
        np.fill_diagonal(m, 0.0)
        return Similarity.from_dense(m)

    cfg = DEFAULT
    assert join_heads(groups, units, cfg, sims(0.5, 0.3)) == [[0, 1, 2, 3, 4, 5], [6]]
    assert join_heads(groups, units, cfg, sims(cfg.group_floor - 0.05, 0.3)) == groups
    assert join_heads(groups, units, cfg, sims(0.5, cfg.link_floor - 0.05)) == groups
    one = [[0, 2, 4], [1, 6], [3], [5]]  # only a's two first sentences are in the two
    assert join_heads(one, units, cfg, sims(0.5, 0.3)) == one
    # two restating articles among five in each statement: no twins (one story of many
    # articles, a name in common); among three, twins
    units = [Unit(i, art, i, i + 1, "", words) for i, art in enumerate("aabbcdefgh")]
    m = np.full((10, 10), 0.3)
    np.fill_diagonal(m, 0.0)
    many = [[0, 3, 4, 5, 6], [1, 2, 7, 8, 9]]
    assert join_heads(many, units, cfg, Similarity.from_dense(m)) == many
    few = [[0, 3, 4, 5, 6], [1, 2, 7], [8], [9]]
    assert join_heads(few, units, cfg, Similarity.from_dense(m))[0] == [0, 1, 2, 3, 4, 5, 6, 7]


def test_statements_an_articles_headline_and_the_lead_restating_it_are_one_statement() -> None:
    """An article whose headline runs into its report, where no other article states
    either, gives one statement of its headline and lead (it had been two one-source
    statements, each listed as what the source adds); not where the two give values at
    odds (a toll and the toll of a part), nor two sentences that say other things."""
    arts = [
        {"text": "Harbour workers end strike after pay deal. Harbour workers in Elsby ended "
                 "their strike on Friday after a pay deal. The port had been shut since May.",
         "source": "Coast Times"},
        {"text": "Nine people killed in ferry fire near Tarn Island. Six people were killed in "
                 "a ferry fire near Tarn Island last night. Divers searched the bay.",
         "source": "Daily Wire"},
    ]  # fmt: skip
    out = storyline.brief(arts, cluster="single", dedup="none")
    text = {a["id"]: a["text"] for a in out["articles"]}
    cited = [
        [text[c["article"]][c["start"] : c["end"]] for c in st["citations"]]
        for st in out["stories"][0]["statements"]
    ]
    assert [
        "Harbour workers end strike after pay deal.",
        "Harbour workers in Elsby ended their strike on Friday after a pay deal.",
    ] in cited, cited
    assert ["Nine people killed in ferry fire near Tarn Island."] in cited, cited  # 9 / 6
    assert ["The port had been shut since May."] in cited, cited
    adds = [i["text"] for v in out["stories"][0]["per_source"].values() for i in v["unique"]]
    assert not any(t.startswith("Harbour workers end strike") for t in adds), adds


def test_statements_a_list_of_figures_supports_each_item_another_outlet_tells() -> None:
    """A sentence listing several sums ("... $4,210.50 on a cruise, $2,380 at the Lakeview
    Lodge, more than $11,000 at Harbor Electronics and $310 at Toy Barn Workshop") states
    each item, which another outlet tells in a sentence of its own: that sentence and the
    list are one statement, where the list's words are too many for the two to be alike
    (`align.attach_items`). A sentence that
    names none of an item's amount or shop ("Mr. Dale's wife also spent campaign money")
    joins none of them, nor do two of an item's words that are a person's name."""
    listing = (
        "Records filed on Thursday show that the campaign's charges included $4,210.50 on "
        "a Caribbean cruise, $2,380 at the Lakeview Lodge, more than $11,000 at Harbor "
        "Electronics, and $310 at Toy Barn Workshop."
    )
    arts = [
        {"source": "Valley Post", "text": "Former senator Owen Dale admitted on Thursday "
         f"that he spent campaign money on himself.\n\n{listing}\n\nHe will be sentenced in "
         "June.\n"},
        {"source": "Ridge Times", "text": "Owen Dale, a former senator, pleaded guilty on "
         "Thursday to spending campaign funds on personal items.\n\nFrom 2009 to 2012, Mr. "
         "Dale bought $11,240.10 worth of televisions and speakers at Harbor Electronics, "
         "prosecutors said.\n\nMr. Dale's wife also spent campaign money, the filing "
         "says.\n"},
    ]  # fmt: skip
    cited = _cited_per_statement(arts)
    together = [cs for cs in cited if listing in cs and len(cs) > 1]
    assert any(any("Harbor Electronics, prosecutors" in c for c in cs) for cs in together), cited
    assert not any(any("wife also spent" in c for c in cs) for cs in together), cited

    # a person's name is no mark of an item (the people of a list of poll figures are in
    # every item of it), and an item about a person is told only of that person (half
    # the words of its proper nouns)
    from storyline.crosscheck.align import Item, _item_match

    marsh = frozenset({"ada", "marsh"})
    item = Item(marsh | {"ent:ada marsh", "41", "%"}, frozenset({"41"}), (), marsh)
    assert _item_match(marsh | {"ent:ada marsh", "lead", "poll"}, item) is None
    assert _item_match(frozenset({"ivo", "brandt", "41", "%", "poll"}), item) is None
    assert _item_match(marsh | {"41", "%", "poll"}, item) is not None
    # an amount and its sign are one thing: "$25,000" alone is no item told
    bare = Item(frozenset({"25000", "$"}), frozenset({"25000"}), ())
    assert _item_match(frozenset({"25000", "$", "charity", "law"}), bare) is None


def test_statements_sentences_days_apart_sharing_only_the_cast_start_no_statement() -> None:
    """In a story followed over days the same people recur: two sentences of articles a
    week apart that share only names, the words that call their people ("candidate
    Ines Corda") and one word more ("race") tell two things, however close their words
    make them (`AlignConfig.apart_shared`); on one day they may still be one statement,
    and a week apart two that share what happened too are one."""
    from storyline.crosscheck.align import align_units

    corda = ("ines", "corda", "ent:ines corda", "candid")
    rows = [("a", (*corda, "unfortun", "race")), ("b", (*corda, "late", "endors", "race")),
            ("c", (*corda, "ferry", "open", "karvel")),
            ("d", (*corda, "ferry", "open", "harlow"))]  # fmt: skip
    people = (frozenset(corda[:2]) | {"candid"},)
    units = [Unit(i, art, 0, 1, "", lem, people=people) for i, (art, lem) in enumerate(rows)]
    sims = np.array([[0.0, 0.6, 0.1, 0.1],
                     [0.6, 0.0, 0.1, 0.1],
                     [0.1, 0.1, 0.0, 0.6],
                     [0.1, 0.1, 0.6, 0.0]])  # fmt: skip
    sim = Similarity.from_dense(sims)
    week = {"a": "2026-03-02", "b": "2026-03-09", "c": "2026-03-02", "d": "2026-03-09"}
    assert align_units(units, DEFAULT, sim, published=week) == [[0], [1], [2, 3]]
    day = dict.fromkeys(week, "2026-03-02")
    assert align_units(units, DEFAULT, sim, published=day) == [[0, 1], [2, 3]]


def test_statements_a_persons_words_are_read_inside_the_sentence() -> None:
    """A parse may hang a word of the line before on a name ("9:50 p.m." of a live blog's
    timestamp, as the nummod of "Cruz"): the person is still read from the sentence's
    own words ("Texas Sen. Ted Cruz"), so that two sentences sharing only them say two
    things of him (`align.people_words`, `_only_who`)."""
    from storyline.crosscheck.align import content_lemmas, people_words

    words = ["9:50", "p.m.", "Texas", "Sen.", "Ted", "Cruz", "has", "17", "."]
    doc = _parsed(
        words=words,
        heads=[5, 0, 3, 5, 5, 6, 6, 6, 6],
        deps=["nummod", "quantmod", "compound", "compound", "compound", "nsubj", "ROOT",
              "dobj", "punct"],
        pos=["NUM", "NOUN", "PROPN", "PROPN", "PROPN", "PROPN", "VERB", "NUM", "PUNCT"],
        ents=["O", "O", "B-GPE", "O", "B-PERSON", "I-PERSON", "O", "B-CARDINAL", "O"],
        lemmas=[*words[:6], "have", "17", "."],
    )  # fmt: skip
    sent = doc[2:]
    assert people_words(sent, content_lemmas(sent)) == (
        frozenset({"texas", "ted", "cruz", "ent:ted cruz"}),
    )


def _one_statement_only(apart: list[str], together: list[str]) -> None:
    """The two sentences of `apart` are two statements; those of `together` one."""
    for pair, one in ((apart, False), (together, True)):
        cited = _cited_sets(pair)
        assert (set(pair) in cited) is one, cited


def _parsed(**parse: list[str] | list[int]) -> Doc:
    """A parse given by hand (words, heads, deps, pos, ents, lemmas): what spaCy may
    give, without depending on the model's choices."""
    from storyline.analyse import nlp

    return Doc(nlp.load().vocab, **parse)  # type: ignore[arg-type]


def _cited_sets(sentences: list[str]) -> list[set[str]]:
    """Each statement's cited sentences, where each sentence is one outlet's article."""
    docs = [{"source": f"Outlet {n}", "text": t + "\n"} for n, t in enumerate(sentences)]
    out = storyline.brief(docs, cluster="single", dedup="none")
    texts = {a["id"]: a["text"] for a in out["articles"]}
    return [
        {texts[c["article"]][c["start"] : c["end"]] for c in st["citations"]}
        for st in out["stories"][0]["statements"]
    ]


@pytest.mark.parametrize(
    "not_done",
    [
        "While Governor Ines Corda has yet to endorse the re-election bid of Mayor Tomas "
        "Vidal of Karvel, her deputy has thrown his support behind Vidal.",
        "Governor Ines Corda on Friday declined to endorse the re-election of Mayor Tomas "
        "Vidal of Karvel.",
        "Governor Ines Corda has not endorsed the re-election of Mayor Tomas Vidal of Karvel.",
    ],
)
def test_statements_done_and_not_done_are_two_claims(not_done: str) -> None:
    """One outlet tells that someone did a thing, another that the same person refused,
    has yet to or did not do it: a contradiction (or an update), never one statement,
    however many words they share; the outlets that agree stay one."""
    done = [
        "Governor Ines Corda on Friday endorsed the re-election of Mayor Tomas Vidal of Karvel.",
        "Governor Ines Corda endorsed the re-election of Mayor Tomas Vidal of Karvel on Friday.",
    ]
    cited = _cited_sets([*done, not_done])
    assert set(done) in cited
    assert {not_done} in cited


def test_statements_could_do_more_and_not_doing_enough_are_one_claim() -> None:
    """Only a plain verb that is done meets one that is not: "could do more" (a modal, a
    light verb) and "is not doing enough" say the same of the council."""
    said = [
        "Most residents say the Karvel council could do more to stop the river flooding.",
        "Most residents say the Karvel council is not doing enough to stop the river flooding.",
    ]
    assert set(said) in _cited_sets(said)


def test_statements_two_things_one_speaker_said_are_two_statements() -> None:
    """Two outlets report one thing an official said and two others another; every
    sentence names her, her title and the verb of speech, and the two things share one
    word ("bridge"). The name's words make the four close, yet they are two statements
    of two sources each, neither citing the other's sentences."""
    said = {
        "A": "Karvel's deputy mayor Ines Corda said the council had set aside 12 million "
        "euros for the new bridge.",
        "B": "The council set aside 12 million euros for the new bridge, deputy mayor Ines "
        "Corda said.",
        "C": "Deputy mayor Ines Corda said the bridge was safe.",
        "D": 'Deputy mayor Ines Corda called the bridge "safe and sound".',
    }
    docs = [{"source": s, "text": t + "\n"} for s, t in said.items()]
    out = storyline.brief(docs, cluster="single", dedup="none")
    source = {a["id"]: a["source"] for a in out["articles"]}
    outlets = sorted(
        "".join(sorted(source[c["article"]] for c in st["citations"]))
        for st in out["stories"][0]["statements"]
    )
    assert outlets == ["AB", "CD"]


def test_statements_a_name_and_one_word_start_no_statement() -> None:
    """Two outlets' sentences that share a person's name of two words and one word besides
    ("arrest") tell two things about him; a name counts once among the words two sentences
    share. Two more words in common make them one statement."""
    lone = [
        "The questions raised by Tomas Vidal's arrest, the governor said, have troubled the "
        "whole valley.",
        "As the crowd thinned, attention turned to the inquiry into the arrest of Tomas Vidal.",
    ]
    one = [
        "Police arrested Tomas Vidal at his Karvel home on Tuesday morning.",
        "Tomas Vidal was arrested at home in Karvel on Tuesday, police said.",
    ]
    _one_statement_only(lone, one)


def test_statements_sentences_a_statement_turns_away_are_no_statement_by_that_alone() -> None:
    """A sentence of two claims meets one outlet on each, and each disagrees with it on a
    figure: the two it turns away share no word and make two statements, not one."""
    from storyline.crosscheck.align import discount_common, similarity
    from storyline.crosscheck.statements import DEFAULT, sentence_units, split_by_values

    texts = [
        "The council approved the harbour budget of 12 million euros, and the port authority "
        "hired 40 new pilots.",
        "The council approved the harbour budget of 15 million euros.",
        "The port authority hired 35 new pilots.",
    ]
    ctx = story_context([{"source": f"Outlet {n}", "text": t + "\n"} for n, t in enumerate(texts)])
    units = sentence_units(ctx)
    sim = discount_common(similarity(units, DEFAULT, distinctive=False), units, DEFAULT)
    parts = split_by_values(ctx, [u.index for u in units], units, sim, {})
    assert sorted(len(p) for p in parts) == [1, 1, 1], [[units[i].text for i in p] for p in parts]


def test_statements_he_said_and_going_to_are_no_phrase_in_common() -> None:
    """Two things one person said, sharing the verb of speech, "going to" and nothing
    else, are two statements: a stop word beside a verb of speech or a light verb ("he
    said", "going to") is no phrase two sentences say alike. A phrase of their own
    ("win the harbour back") still makes them one."""
    lone = [
        '"We are going to win the harbour back," he said.',
        '"We are just going to keep on walking," he said.',
    ]
    one = [
        '"We are going to win the harbour back," he said.',
        '"We will win the harbour back," the union leader said.',
    ]
    _one_statement_only(lone, one)


def test_statements_the_words_of_two_dates_are_nothing_in_common() -> None:
    """Two sentences that share the words of two dates ("Forty years ago" / "years ago")
    and one word tell two things of two times: "years ago" is neither a word nor a phrase
    they share, though spaCy runs a noun into the date ("boiler years ago"). The same
    date written in both ("a week ago") is something they share."""
    for apart in (
        [
            "Forty years ago, a flood in the valley changed the course of the river.",
            "If the old roof was changed years ago, a new survey may be needed.",
        ],
        [
            "Sixty years ago, a fire at the mill changed the life of the town.",
            "If you changed your boiler years ago, a new one may pay for itself.",
        ],
    ):
        _one_statement_only(
            apart,
            [
                "Vidal did one thing Corda did not a week ago.",
                "But unlike Corda a week ago, Vidal let few points go unchallenged.",
            ],
        )


def test_statements_a_sentence_that_shares_too_little_with_each_joins_no_statement() -> None:
    """A sentence that shares too little with each sentence of a statement to start one
    with any of them (`_chance`: the name and one word, no phrase) does not join it,
    however close its similarity makes it; one that tells the same visit does, and one
    that gives the same figure in other words (`_only_chance`)."""
    others = [
        "The weather stayed cold all week.",
        "Schools reopened after the holiday.",
        "Rail fares rose in January.",
        "The museum hired a new director.",
    ]
    pair = [
        "Corda toured harbours this week.",
        "Corda toured the harbours on Tuesday this week, aides said.",
    ]
    promise = "Several weeks ago, Corda promised harbours would reopen in a few weeks."
    cited = _cited_sets([*pair, promise, *others])
    assert set(pair) in cited and {promise} in cited, cited
    visit = "On Tuesday, Corda toured harbours in the north."
    assert {*pair, visit} in _cited_sets([*pair, visit, *others])
    # a figure they all give is more than chance, though the words differ
    figure = [
        "Marlow shares jumped 12% on the news.",
        "Shares in Marlow climbed about 12% on Monday.",
        "Marlow's stock rose 12 percent after the announcement.",
    ]
    assert set(figure) in _cited_sets([*figure, *others])


def test_statements_a_subject_named_as_the_story_names_a_person_is_that_person() -> None:
    """spaCy misses a surname that another sentence of the story names as a person's (here
    "Vidal" parsed as a verb, no entity): the subject of "Vidal himself has failed to
    win ..." is still a person, so that two sentences whose subjects are other people
    ("Ines Corda has won the Karvel primary ...") say two things (`_other_people`)."""
    from storyline.analyse.actors import other_people, person_subject

    words = ["Vidal", "himself", "has", "failed", "to", "win", "Karvel", "."]
    doc = _parsed(
        words=words,
        heads=[3, 0, 3, 3, 5, 3, 5, 3],
        deps=["nsubj", "appos", "aux", "ROOT", "aux", "xcomp", "dobj", "punct"],
        pos=["VERB", "PRON", "AUX", "VERB", "PART", "VERB", "PROPN", "PUNCT"],
        ents=["O", "O", "O", "O", "O", "O", "B-GPE", "O"],
    )  # fmt: skip
    corda = _parsed(
        words=["Ines", "Corda", "has", "won", "Karvel", "."],
        heads=[1, 3, 3, 3, 3, 3],
        deps=["compound", "nsubj", "aux", "ROOT", "dobj", "punct"],
        pos=["PROPN", "PROPN", "AUX", "VERB", "PROPN", "PUNCT"],
        ents=["B-PERSON", "I-PERSON", "O", "O", "B-GPE", "O"],
    )  # fmt: skip
    assert person_subject(doc[:]) is None
    vidal = person_subject(doc[:], frozenset({"vidal", "tomas", "ines", "corda"}))
    assert vidal is not None and vidal[0] == {"vidal"}
    assert other_people(vidal, person_subject(corda[:]))


def test_statements_the_subject_is_read_inside_the_sentence_as_we_cut_it() -> None:
    """spaCy's sentence may run over our cut, and its tree with it: a dateline parsed as a
    subject of the lead's verb, or a name closing the paragraph before ("... who knows
    that? Tomas Vidal." then "Corda closed the bank.") parsed as a second subject of the
    next sentence's verb. The subject of our sentence is the one inside it."""
    from storyline.analyse.actors import main_subject, person_subject

    lead = _parsed(
        words=["KARVEL", "--", "Ines", "Corda", "won", "the", "primary", "."],
        heads=[4, 4, 3, 4, 4, 6, 4, 4],
        deps=["nsubj", "punct", "compound", "nsubj", "ROOT", "det", "dobj", "punct"],
        pos=["PROPN", "PUNCT", "PROPN", "PROPN", "VERB", "DET", "NOUN", "PUNCT"],
        ents=["B-GPE", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O"],
    )  # fmt: skip
    sent = lead[2:]  # (the dateline is no part of the sentence)
    assert (
        getattr(main_subject(sent.root), "text", None) == "KARVEL"
    )  # (the parse as spaCy gives it)
    assert getattr(main_subject(sent.root, sent), "text", None) == "Corda"
    corda = person_subject(sent)
    assert corda is not None and corda[0] == {"ines", "corda"}

    after = _parsed(
        words=["Who", "knows", "?", "Tomas", "Vidal", ".", "Corda", "closed", "the", "bank", "."],
        heads=[1, 1, 1, 4, 7, 4, 7, 7, 9, 7, 7],
        deps=["nsubj", "ROOT", "punct", "compound", "nsubj", "punct", "nsubj", "ROOT", "det",
              "dobj", "punct"],
        pos=["PRON", "VERB", "PUNCT", "PROPN", "PROPN", "PUNCT", "PROPN", "VERB", "DET", "NOUN",
             "PUNCT"],
        ents=["O", "O", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "O", "O", "O", "O"],
    )  # fmt: skip
    sent = after[6:]
    assert getattr(main_subject(sent.root), "text", None) == "Vidal"
    closed = person_subject(sent)
    assert closed is not None and closed[0] == {"corda"}


def test_statements_the_words_of_the_storys_people_leave_titles_out() -> None:
    from storyline.analyse.actors import known_people
    from storyline.model import Entity

    entities = [
        Entity("Sen. Tomas Vidal", "PERSON", aliases=("Vidal",)),
        Entity("Karvel Harbour Board", "ORG"),
    ]
    assert known_people(entities) == {"tomas", "vidal"}
