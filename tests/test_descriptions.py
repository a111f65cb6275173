"""Descriptions: who a person is, as two or more sources agree, counted per source."""

from __future__ import annotations

import pytest

import storyline
from storyline.report.render import render

ARTICLES = [
    {
        "title": "Senator blocks port bill",
        "source": "Lakeside Times",
        "text": "Senator Margaret Hollis, Republican of Ohio, blocked the harbour funding bill on "
        "Tuesday.\n\n"
        "President Daniel Okafor said the bill would come back next month.\n\n"
        "Ms. Hollis said the port authority had not answered her letters.\n",
    },
    {
        "title": "Port bill stalls in Senate",
        "source": "Capitol Wire",
        "text": "The harbour funding bill stalled on Tuesday after Sen. Margaret Hollis, R-Ohio, "
        "objected to its cost.\n\n"
        "President Daniel Okafor told reporters the bill would return.\n\n"
        "Hollis has asked the port authority for its accounts since March.\n",
    },
    {
        "title": "Harbour money held up",
        "source": "River Post",
        "text": "Ohio Republican Sen. Margaret Hollis held up the harbour funding bill on "
        "Tuesday.\n\n"
        "Dockworkers union leader Tomas Reyes, a former crane operator, called the delay "
        "a betrayal.\n\n"
        "President Daniel Okafor is expected to sign a new version.\n",
    },
]


@pytest.fixture(scope="module")
def brief() -> dict:
    return storyline.brief(ARTICLES, cluster="single", dedup="none")


def _descriptions(brief: dict) -> list[dict]:
    story = brief["stories"][0]
    return [s for s in story["statements"] if s["kind"] == "description"]


def _printed_by_two(text: str, endings: tuple[str, str]) -> dict:
    """The brief of one sentence printed by two outlets, each with its own ending ({})."""
    return _two_outlets(*(text.format(end) for end in endings))


def _two_outlets(*texts: str) -> dict:
    """The brief, as one story, of two outlets' texts (the Valley Post's, the Ridge
    Times')."""
    arts = [
        {"source": source, "text": text}
        for source, text in zip(("Valley Post", "Ridge Times"), texts, strict=True)
    ]
    return storyline.brief(arts, cluster="single", dedup="none")  # type: ignore[no-any-return]


def _cited(brief: dict, st: dict) -> list[str]:
    texts = {a["id"]: a["text"] for a in brief["articles"]}
    return [texts[c["article"]][c["start"] : c["end"]] for c in st["citations"]]


def test_descriptions_party_and_state_in_three_styles_are_one_statement(brief: dict) -> None:
    hollis = [d for d in _descriptions(brief) if "Hollis" in d["text"]]
    assert len(hollis) == 1
    assert hollis[0]["support"] == 3
    assert sorted(_cited(brief, hollis[0])) == [
        "Ohio Republican Sen. Margaret Hollis",
        "Sen. Margaret Hollis, R-Ohio",
        "Senator Margaret Hollis, Republican of Ohio",
    ]


def test_descriptions_a_bare_title_or_one_source_is_no_description(brief: dict) -> None:
    texts = [d["text"] for d in _descriptions(brief)]
    # "President Daniel Okafor" in every source is how his name is written, and only one
    # source says who Tomas Reyes is
    assert not any("Okafor" in t or "Reyes" in t for t in texts)


def test_descriptions_listed_apart_from_key_statements_in_the_reports(brief: dict) -> None:
    md = render(brief, "md")
    key, _, rest = md.partition("## Who is who, as the sources describe them")
    assert rest, "the Markdown report has no who-is-who section"
    who = rest.split("\n## ", 1)[0]
    assert "“Sen. Margaret Hollis, R-Ohio” [2]" in who and "**3 sources**" in who
    # listed under whom they describe, the JSON's `about`
    assert {d.get("about") for d in _descriptions(brief)} == {"Margaret Hollis"}
    assert "- **Margaret Hollis**, **3 sources**: “" in who
    assert "R-Ohio" not in key.split("## Key statements", 1)[1]
    html = render(brief, "html")
    assert "Who is who" in html and "Ohio Republican Sen. Margaret Hollis" in html


def test_descriptions_switched_off_by_name() -> None:
    out = storyline.brief(ARTICLES, cluster="single", dedup="none", descriptions="none")
    assert not [s for s in out["stories"][0]["statements"] if s["kind"] == "description"]


def test_descriptions_cite_no_two_sides_of_a_conflict() -> None:
    from storyline.validate import contradiction_errors

    day = [
        ("Lakeside Times", "Senator Margaret Hollis, Republican of Ohio, blocked the harbour "
         "funding bill on Tuesday, citing its cost."),
        ("Capitol Wire", "Sen. Margaret Hollis, R-Ohio, blocked the harbour funding bill on "
         "Wednesday, citing its cost."),
        ("River Post", "Ohio Republican Sen. Margaret Hollis blocked the harbour funding bill "
         "on Wednesday, citing its cost."),
    ]  # fmt: skip
    arts = [
        {"title": "Port bill blocked", "source": src, "published": "2026-03-12", "text": text}
        for src, text in day
    ]
    out = storyline.brief(arts, cluster="single", dedup="none")
    story = out["stories"][0]
    assert any(c["kind"] == "date" for c in story["conflicts"]), story["conflicts"]
    assert contradiction_errors(out) == []
    hollis = [d for d in _descriptions(out) if "Hollis" in d["text"]]
    assert len(hollis) == 1 and hollis[0]["support"] == 2
    assert not any("Republican of Ohio" in c for c in _cited(out, hollis[0]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R-Iowa. She said", ("republican", "iowa", 6)),  # a tag that ends the sentence
        ("(D-N.Y.) said", ("democrat", "new york", 7)),
        ("R-Tenn. The bill", ("republican", "tennessee", 7)),  # not "Tenn. The"
        ("R-New York)", ("republican", "new york", 10)),
        ("(R) said", ("republican", None, 3)),
        ("R-Gotham) said", None),  # no state: no tag
    ],
)
def test_descriptions_party_tags(text: str, expected: tuple | None) -> None:
    from storyline.crosscheck.descriptions import party_tag

    assert party_tag(text, 0) == expected


def _parsed(text: str, pos: list[str], heads: list[int], deps: list[str]):  # noqa: ANN202
    """A doc with the parse given (spaCy's own parse of such text varies by model)."""
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=text.split(" "), pos=pos, heads=heads, deps=deps)


def test_descriptions_an_apposition_the_parse_cut_runs_to_its_punctuation() -> None:
    from storyline.crosscheck.descriptions import _to_punctuation

    # "tank" read as a verb ends the apposition of "Ann Lee" at "Washington"
    text = "said Ann Lee , a senior adviser at Washington think tank the Civic Center ."
    pos = ["VERB", "PROPN", "PROPN", "PUNCT", "DET", "ADJ", "NOUN", "ADP", "PROPN", "NOUN",
           "VERB", "DET", "PROPN", "PROPN", "PUNCT"]  # fmt: skip
    heads = [0, 2, 0, 2, 6, 6, 2, 6, 7, 10, 0, 13, 13, 10, 0]
    deps = ["ROOT", "compound", "nsubj", "punct", "det", "amod", "appos", "prep", "pobj",
            "compound", "ccomp", "det", "compound", "dobj", "punct"]  # fmt: skip
    doc = _parsed(text, pos, heads, deps)
    assert doc[4 : _to_punctuation(doc, 4, 9)].text == (
        "a senior adviser at Washington think tank the Civic Center"
    )
    assert _to_punctuation(doc, 4, 14) == 14  # ended at its comma or full stop: as parsed


def test_descriptions_a_verb_after_an_apposition_is_the_clause_s_own() -> None:
    from storyline.crosscheck.descriptions import _to_punctuation

    text = "Ann Lee , the harbour chief facing a vote , spoke ."
    pos = ["PROPN", "PROPN", "PUNCT", "DET", "NOUN", "NOUN", "VERB", "DET", "NOUN", "PUNCT",
           "VERB", "PUNCT"]  # fmt: skip
    heads = [1, 10, 1, 5, 5, 1, 5, 8, 6, 1, 10, 10]
    deps = ["compound", "nsubj", "punct", "det", "compound", "appos", "acl", "det", "dobj",
            "punct", "ROOT", "punct"]  # fmt: skip
    doc = _parsed(text, pos, heads, deps)
    assert _to_punctuation(doc, 3, 6) == 6


def test_descriptions_an_office_of_the_house_is_cited_whole() -> None:
    """ "Speaker of the House Tom Dale (R-Ohio)" is cited from the office on, not as
    "House Tom Dale (R-Ohio)"."""
    arts = [
        {"title": "Bill", "source": "A", "text": "Speaker Tom Dale of Ohio blocked the bill."},
        {
            "title": "Bill",
            "source": "B",
            "text": "The bill stalled, said Speaker of the House Tom Dale (R-Ohio).",
        },
    ]
    out = storyline.brief(arts, cluster="single", dedup="none")
    dale = [d for d in _descriptions(out) if "Dale" in d["text"]]
    assert len(dale) == 1
    assert sorted(_cited(out, dale[0])) == [
        "Speaker Tom Dale of Ohio",
        "Speaker of the House Tom Dale (R-Ohio)",
    ]


def test_descriptions_a_relative_clause_taken_for_an_apposition_is_none() -> None:
    """ "Ann Vale, whose 6-year-old son, Tom, was hurt" reads no description of Ann Vale
    ("whose 6-year-old son, Tom" says nothing whole), however many sources print it."""
    out = _printed_by_two(
        "The ferry inquiry heard parents on Monday. Ann Vale, whose 6-year-old son, Tom, was "
        "hurt on the ferry, spoke {}.\n",
        ("first", "at length"),
    )
    assert not [d for d in _descriptions(out) if d["text"].lower().count("whose")], _descriptions(
        out
    )


def _party_story(*described: tuple[str, str]) -> dict:
    arts = [
        {"title": "Port bill blocked", "source": src, "published": "2026-03-12", "text": text}
        for src, text in described
    ]
    return storyline.brief(arts, cluster="single", dedup="none")  # type: ignore[no-any-return]


def test_descriptions_two_parties_for_one_person_are_a_conflict() -> None:
    """Sources that give one person different parties disagree: a conflict of kind party,
    and no statement (sentence or who-is-who) cites both."""
    from storyline.validate import contradiction_errors, schema_errors

    out = _party_story(
        ("Lakeside Times", "Senator Margaret Hollis, Republican of Ohio, blocked the harbour "
         "funding bill on Tuesday."),
        ("Capitol Wire", "Sen. Margaret Hollis, R-Ohio, blocked the harbour funding bill on "
         "Tuesday."),
        ("River Post", "Ohio Democratic Sen. Margaret Hollis blocked the harbour funding bill "
         "on Tuesday."),
    )  # fmt: skip
    story = out["stories"][0]
    parties = [c for c in story["conflicts"] if c["kind"] == "party"]
    assert len(parties) == 1, story["conflicts"]
    assert [s["value"] for s in parties[0]["sides"]] == ["Republican", "Democrat"]
    assert "Margaret Hollis" in parties[0]["description"]
    assert contradiction_errors(out) == [] and schema_errors(out) == []
    for st in story["statements"]:
        assert not any("Democratic Sen." in c for c in _cited(out, st)) or st["support"] == 1


@pytest.mark.parametrize(
    "other",
    [
        "Democratic presidential candidate Margaret Hollis blocked the harbour funding bill "
        "on Tuesday.",  # a candidacy, not the party she sits with
        "Margaret Hollis, a former Democrat, blocked the harbour funding bill on Tuesday.",
        "Margaret Hollis, ahead 48 percent to 45 percent among Democrat voters, blocked the "
        "harbour funding bill on Tuesday.",  # someone else's party
    ],
)
def test_descriptions_a_candidacy_a_past_party_or_voters_are_no_party(other: str) -> None:
    out = _party_story(
        ("Capitol Wire", "Sen. Margaret Hollis, I-Ohio, blocked the harbour funding bill on "
         "Tuesday."),
        ("River Post", other),
    )  # fmt: skip
    assert not [c for c in out["stories"][0]["conflicts"] if c["kind"] == "party"]


def test_descriptions_what_sources_agree_on_beyond_the_first_is_a_statement_of_its_own() -> None:
    """Two sources introduce the governor by party and state, and later both call her the
    state's first Latina governor: two statements, each citing only the words that say
    it; a party and a state given again make no second statement."""
    arts = [
        {
            "source": "Valley Post",
            "text": "Gov. Ana Ruiz (D-Calif.) signed the harbour bill on Monday.\n\n"
            "Ms. Ruiz, the state's first Latina governor, said the port would reopen.\n",
        },
        {
            "source": "Ridge Times",
            "text": "California Democratic Gov. Ana Ruiz signed the harbour bill on Monday.\n\n"
            "Ms. Ruiz, the first Latina governor of the state, praised the dockworkers.\n\n"
            "Ruiz, D-Calif., also thanked the union.\n",
        },
    ]
    out = storyline.brief(arts, cluster="single", dedup="none")
    ruiz = [_cited(out, d) for d in _descriptions(out) if "Ruiz" in d["text"]]
    assert ruiz == [
        ["Gov. Ana Ruiz (D-Calif.)", "California Democratic Gov. Ana Ruiz"],
        [
            "Ms. Ruiz, the state's first Latina governor",
            "Ms. Ruiz, the first Latina governor of the state",
        ],
    ], ruiz


def test_descriptions_a_written_thing_is_no_apposition_of_a_person() -> None:
    """ "has sent Hollis, R-Ohio, a letter saying ..." is parsed with the letter as her
    apposition: her description ends at her tag."""
    out = _printed_by_two(
        "The dockworkers have sent Sen. Margaret Hollis, R-Ohio, a letter saying she misread "
        "the harbour bill {}.\n",
        ("entirely", "in March"),
    )
    cited = [c for d in _descriptions(out) for c in _cited(out, d)]
    assert cited and not [c for c in cited if "letter" in c], cited


def test_descriptions_what_a_writer_calls_a_person_in_place_of_the_name() -> None:
    """ "The second-term congressman" in two articles is a description of the congressman
    last named (by his office) in each, and "the Ohio Democrat" of the person the text
    is about, whose party it is."""
    arts = [
        {
            "source": "Valley Post",
            "text": "Rep. Tom Dale (R-Ohio) voted against the harbour bill on Monday.\n\n"
            "The second-term congressman said the port could wait.\n\n"
            "Ann Kerr backed the bill. The Ohio Democrat said the port needs dredging.\n",
        },
        {
            "source": "Ridge Times",
            "text": "Ohio Republican Rep. Tom Dale opposed the harbour bill on Monday.\n\n"
            "The second-term congressman represents the lakeshore district.\n\n"
            "Ohio Democratic Sen. Ann Kerr backed it.\n",
        },
    ]
    out = storyline.brief(arts, cluster="single", dedup="none")
    cited = [_cited(out, d) for d in _descriptions(out)]
    assert ["second-term congressman", "second-term congressman"] in cited, cited
    assert ["Ohio Democrat", "Ohio Democratic Sen. Ann Kerr"] in cited, cited


def test_descriptions_an_office_in_apposition_to_a_name_is_that_name_s() -> None:
    """ "Tom Reyes, the embattled president of the harbour board" describes Reyes, never the
    president named elsewhere in the story (PolNeAR: "Sepp Blatter, the embattled
    president of FIFA" stood as a description of "the Russian president, Vladimir V.
    Putin", 2 sources)."""
    from storyline.analyse import nlp
    from storyline.analyse.entities import extract_entities
    from storyline.config import Config
    from storyline.context import StoryContext
    from storyline.crosscheck.descriptions import described
    from storyline.model import Article

    texts = [
        "Ruth Ames met reporters on Monday.\n\nThis year, she rose to the defense of Tom "
        "Reyes, the embattled president of the region's harbour board, Portco, who is under "
        "criminal investigation for bribery.\n",
        "Trump defended his praise of the Westland president, Ruth Ames, on Monday.\n",
    ]
    arts = [Article(id=f"a{i}", text=t, source=f"S{i}") for i, t in enumerate(texts)]
    ctx = StoryContext("s", arts, nlp.annotate(arts), {a.id: a.id for a in arts})
    ctx.entities = extract_entities(ctx, Config())
    ames = next(n for n, e in enumerate(ctx.entities) if e.name == "Ruth Ames")
    said = [texts[int(d.article[1])][d.start : d.end] for d in described(ctx).get(ames, [])]
    assert not [d for d in said if "embattled" in d], said


@pytest.mark.parametrize(
    "other",
    [
        "The lieutenant governor, Ann Kerr, spoke after him.",  # another office
        "The two Republican governors met after that.",  # no one person
        "The Democratic governor of the next state spoke after him.",  # not his party
    ],
)
def test_descriptions_an_office_or_party_of_someone_else_describes_no_one(other: str) -> None:
    """The words that stand for another person are no description of the one named: in
    the second article the governor is named bare, so its first description would be
    cited with the first article's (and another party would be a conflict)."""
    arts = [
        {"source": "Valley Post", "text": "Gov. Chris Dale (R-N.J.) signed the harbour bill.\n"},
        {"source": "Ridge Times", "text": f"Chris Dale signed the harbour bill. {other}\n"},
    ]
    out = storyline.brief(arts, cluster="single", dedup="none")
    words = [c for d in _descriptions(out) for c in _cited(out, d)]
    assert not [c for c in words if "Dale" not in c], words
    assert not out["stories"][0]["conflicts"]  # nor a party of his in dispute


def test_descriptions_who_an_epithet_stands_for() -> None:
    """What a writer calls someone in place of a name stands for the person it says: "the
    Florida senator" is not the senator from Texas named last; "the previous Republican
    nominee, Ruth Ames," is Ames, the name after it; "Ben Ortiz is the sole remaining
    Republican candidate" is Ortiz, the subject of "is", not the last candidate named;
    and "if Dale is the Republican nominee" says no one is. (PolNeAR: "The Montana
    senator" stood as a description of Sen. Chuck Grassley (R-Iowa), 2 sources; "the
    previous Republican presidential nominee, Mitt Romney" and "Mr. Cruz is the sole
    remaining Republican candidate" as descriptions of Trump and of Rubio.)"""
    from storyline.analyse import nlp
    from storyline.analyse.entities import extract_entities
    from storyline.config import Config
    from storyline.context import StoryContext
    from storyline.crosscheck.descriptions import described
    from storyline.model import Article

    text = (
        "Sen. Tom Dale (R-Texas) spoke on Monday. The Florida senator with a grey beard may "
        "be the luckiest man in the chamber.\n\nThe previous Republican presidential nominee, "
        "Ruth Ames, said little. Sen. Carl Weir, a Republican candidate, spoke next.\n\n"
        "Ben Ortiz is the sole remaining Republican candidate with the money to go on.\n\n"
        "If Dale is the Republican nominee, the party will split.\n"
    )
    arts = [Article(id="a0", text=text, source="S0")]
    ctx = StoryContext("s", arts, nlp.annotate(arts), {"a0": "a0"})
    ctx.entities = extract_entities(ctx, Config())
    found = described(ctx)

    def said(name: str) -> list[str]:
        n = next(n for n, e in enumerate(ctx.entities) if e.name == name)
        return [text[d.start : d.end] for d in found.get(n, [])]

    assert not [d for d in said("Tom Dale") if "Florida" in d or "nominee" in d], said("Tom Dale")
    assert "previous Republican presidential nominee" in said("Ruth Ames"), said("Ruth Ames")
    assert "sole remaining Republican candidate" in said("Ben Ortiz"), said("Ben Ortiz")
    assert not [d for d in said("Carl Weir") if "sole" in d], said("Carl Weir")


def test_descriptions_an_office_of_three_words_before_the_name_describes() -> None:
    """Three words or more before a name that say what office the person holds ("Senior
    District Judge", "Harbour Board deputy chair") describe them as a party or a state
    would: two sources that agree on them make a statement. A bare title ("President
    Daniel Okafor", above) is still how the name is written."""
    brief = _two_outlets(
        "The strike case went before Senior District Judge Ines Corda on Monday.\n\n"
        "Dockers marched outside the court.\n",
        "Senior District Judge Ines Corda set the hearing for June 28.\n\n"
        "The union said it would appeal.\n",
    )
    corda = [d for d in _descriptions(brief) if "Corda" in d["text"]]
    assert len(corda) == 1, _descriptions(brief)
    assert corda[0]["support"] == 2
    assert _cited(brief, corda[0]) == ["Senior District Judge Ines Corda"] * 2


def test_descriptions_what_follows_a_colon_after_a_name_is_no_description() -> None:
    """A headline's "Name: 'words'" gives what the person said, not who they are: no
    description of them is read from it, and the sources that call them by their office
    still agree on it."""
    brief = _two_outlets(
        "District Judge Corda: 'Absolutely the court's business' to know who owns the "
        "cranes.\n\nSenior District Judge Ines Corda spoke on Sunday.\n",
        "Senior District Judge Ines Corda said the ledger would be published.\n",
    )
    cited = [_cited(brief, d) for d in _descriptions(brief)]
    assert cited == [["Senior District Judge Ines Corda"] * 2], cited
