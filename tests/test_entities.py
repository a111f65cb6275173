"""Entities: one referent per person across articles, roles, acronyms, exact spans."""

from __future__ import annotations

import storyline
from storyline.analyse import nlp
from storyline.analyse.entities import acronym, extract_entities, name_key
from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import Article

TEXTS = (
    "Health Minister Anna Berg visited Oslo on Monday. Berg said the plan would work.",
    "Norwegian Health Minister Anna Berg met Lars Dahl, a senior economist at the "
    "Nordic Policy Institute, in the United States. The U.S. hosted the talks.",
)


def _entities() -> tuple[list, dict[str, Article]]:
    arts = [Article(id=f"a{i}", text=t) for i, t in enumerate(TEXTS)]
    ctx = StoryContext("s", arts, nlp.annotate(arts), {a.id: a.id for a in arts})
    return extract_entities(ctx, Config()), {a.id: a for a in arts}


def test_entities_one_person_with_aliases_and_roles() -> None:
    ents, _ = _entities()
    berg = [e for e in ents if "Berg" in e.name]
    assert len(berg) == 1
    e = berg[0]
    assert e.name == "Anna Berg" and e.label == "PERSON"
    assert "Berg" in e.aliases
    assert any(r.endswith("Health Minister") for r in e.roles)
    assert {m.article for m in e.mentions} == {"a0", "a1"}


def test_entities_apposition_role() -> None:
    ents, _ = _entities()
    dahl = next(e for e in ents if e.name == "Lars Dahl")
    assert any(r.startswith("senior economist") for r in dahl.roles)


def test_entities_mentions_exact() -> None:
    ents, arts = _entities()
    for e in ents:
        for m in e.mentions:
            text = arts[m.article].text[m.start : m.end]
            assert name_key(text) in {name_key(e.name)} | {name_key(a) for a in e.aliases}


def test_entities_acronym() -> None:
    assert acronym("United States") == "us"
    assert acronym("the European Union") == "eu"
    assert acronym("Oslo") == ""


def test_entities_a_nickname_is_the_same_person() -> None:
    """ "Chuck Hale" and "Charles Hale" of one story are one person (`same_first_name`);
    "Ted Hale" is not Charles."""
    from storyline.analyse.entities import same_first_name

    assert same_first_name("chuck", "charles") and same_first_name("william", "bill")
    assert not same_first_name("ted", "charles")
    texts = ("Senator Chuck Hale said on Thursday that the vote would come on Monday.",
             "Senator Charles Hale said the vote would come on Monday, not on Friday.",
             "His brother Ted Hale did not comment.")  # fmt: skip
    arts = [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]
    ctx = StoryContext("s", arts, nlp.annotate(arts), {a.id: a.id for a in arts})
    hales = sorted(e.name for e in extract_entities(ctx, Config()) if "Hale" in e.name)
    assert hales == ["Charles Hale", "Ted Hale"]


def test_entities_role_head_leaves_out_another_person_s_office() -> None:
    from storyline.analyse.entities import role_head

    assert role_head("one of ex-Vice President Dick Cheney’s two daughters") == ("two", "daughters")
    assert role_head("chairman of the Wisconsin Republican Party") == ("chairman",)
    assert role_head("a spokesman for Speaker John Boehner") == ("a", "spokesman")
    assert role_head("former Vice President") == ("former", "vice", "president")


def test_entities_a_titled_surname_goes_to_the_one_who_holds_the_title() -> None:
    """ "Senator Alder" is the senator, not her son, whose role names her office
    ("son of Senator Ruth Alder")."""
    texts = (
        "Tom Alder, the son of Senator Ruth Alder, opened a bakery in Millbrook on Monday. "
        "Tom Alder said the shop would hire ten people.",
        "Tom Alder's bakery opened on Monday. Senator Alder praised the new shop on Tuesday.",
    )
    arts = [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]
    ctx = StoryContext("s", arts, nlp.annotate(arts), {a.id: a.id for a in arts})
    ents = extract_entities(ctx, Config())
    titled = texts[1].index("Senator Alder") + len("Senator ")
    owner = next(
        e for e in ents for m in e.mentions if m.article == "a1" and m.start <= titled < m.end
    )
    assert owner.name == "Ruth Alder"


def test_entities_a_nickname_in_quotation_marks_is_part_of_the_mention() -> None:
    """William "Mo" Cowan is William Cowan, the person later called Cowan: the marks
    made spaCy tag `"Mo" Cowan` a title and `William "Mo` a person. The nickname is
    no quotation, and "state Del. Marcia "Cia" Price" speaks the quote before her."""
    from storyline.analyse.quotes import article_quotes

    texts = (
        'LAKESIDE -- The governor on Wednesday named former chief of staff William "Mo" '
        'Cowan to the harbour board. "I am honored," Cowan said.',
        "\u201cThis is a big year for our harbour!\u201d his niece, state Del. Marcia "
        "\u201cCia\u201d Price (D-Lakeside), shouted to the crowd. \u201cThe port is "
        "watching.\u201d",
    )
    arts = [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]
    docs = nlp.annotate(arts)
    ents = extract_entities(StoryContext("s", arts, docs, {a.id: a.id for a in arts}), Config())
    people = {e.name: e for e in ents if e.label == "PERSON"}
    assert "William Cowan" in people and "Marcia Price" in people, sorted(people)
    cowan = people["William Cowan"]
    assert [texts[0][m.start : m.end] for m in cowan.mentions] == ['William "Mo" Cowan', "Cowan"]
    assert not any("Mo" in e.name.split() or '"' in e.name for e in ents)
    said = {h.text: h.speaker for a in arts for h in article_quotes(a, docs[a.id], ents)}
    assert said == {
        "I am honored": "William Cowan",
        "This is a big year for our harbour!": "Marcia Price",
        "The port is watching.": "Marcia Price",
    }


def _people(texts: tuple[str, ...], surname: str) -> list[list[str]]:
    arts = [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]
    ctx = StoryContext("s", arts, nlp.annotate(arts), {a.id: a.id for a in arts})
    ents = extract_entities(ctx, Config())
    found = [e for e in ents if e.label == "PERSON" and surname in e.name]
    return sorted(sorted([e.name, *e.aliases]) for e in found)


def test_entities_a_name_without_its_suffix_is_the_one_person_with_it() -> None:
    """ "Joe Harlan" of one outlet is "Joseph R. Harlan Jr." of another, and "Joe" alone
    is him too; where one article names both a "Jr." and the name without it, they are
    father and son, and stay two in every article."""
    one = _people(("Intelligence director Joseph R. Harlan Jr. defended the program on "
                   "Friday.", "Joe Harlan said the leak was reprehensible. Joe did not say "
                   "more."), "Harlan")  # fmt: skip
    assert len(one) == 1 and {"Joseph R. Harlan Jr.", "Joe Harlan", "Joe"} <= set(one[0]), one
    two = _people(("Congressman Walter K. Harlan Jr. pleaded guilty on Wednesday. His "
                   "father, the Rev. Walter K. Harlan, sat behind him.",
                   "Walter Harlan watched from the second row."), "Harlan")  # fmt: skip
    assert len(two) >= 2 and any("Walter K. Harlan Jr." in p for p in two), two
    assert not any("Walter Harlan" in p and "Walter K. Harlan Jr." in p for p in two), two


def test_entities_a_headline_verb_is_no_part_of_a_name() -> None:
    """In a headline whose words are all capitalised the tagger reads a name on into the
    verb after it ("Ada Kern Slams Harbour Board Over Fees" gave a person "Ada Kern
    Slams"); the mention is the name the story prints elsewhere. A longer name printed
    outside such a line stays whole."""
    texts = (
        "Ada Kern Slams Harbour Board Over Fees.\n\nMayor Ada Kern said on Tuesday that the "
        "harbour board had raised its fees twice this year.\n\nTom Dale Reed, a board member, "
        "defended the fees.\n",
        "Tom Dale Reed Defends Harbour Fees.\n\nTom Dale, the board's treasurer, said the fees "
        "pay for dredging.\n",
        "Dale Heard What The Mayor Just Said About Fees.\n\nThe treasurer, Tom Dale, heard "
        "the mayor on Friday. Mr. Dale said he expects the fees to fall.\n",
    )
    arts = [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]
    ctx = StoryContext("s", arts, nlp.annotate(arts), {a.id: a.id for a in arts})
    people = {e.name: [texts[int(m.article[1])][m.start : m.end] for m in e.mentions]
              for e in extract_entities(ctx, Config()) if e.label == "PERSON"}  # fmt: skip
    assert not [n for n in people if "Slams" in n or "Defends" in n], people
    assert people["Ada Kern"] == ["Ada Kern", "Ada Kern"], people
    assert not [n for n in people if "Heard" in n], people  # a surname goes on too
    assert "Tom Dale Reed" in people, people


def test_entities_what_the_tagger_reads_into_a_name_is_no_part_of_it() -> None:
    """The tagger reads "a" before a name, a count or a spaced dash after it and an editor's
    bracket into a person's name, and takes lowercase words, "pro-" adjectives and photo
    credits for people (PolNeAR: "a Mitt Romney", "Ted Cruz 1, John Kasich 2", "Hillary]
    Clinton", "moron", "pro-Clinton", "John Moore/Getty Images" were each a person)."""
    texts = (
        "Ada Kern won the harbour vote on Tuesday. He would not have done that to a Tom Dale, "
        "Kern said.\n\nThe ranking was Ada Kern 1, Tom Dale 2 and Ann Weir 3.\n\n"
        "\u201cSecretary [Ann] Weir has not answered,\u201d she said. A pro-Kern group paid for "
        "the ads.\n\nLeo Marsh/Getty Images.\n\nLater, Mary-Jo Dale, a board member, agreed.\n",
    )
    arts = [Article(id="a0", text=texts[0])]
    ctx = StoryContext("s", arts, nlp.annotate(arts), {"a0": "a0"})
    people = {e.name for e in extract_entities(ctx, Config()) if e.label == "PERSON"}
    odd = [n for n in people if n[:2] == "a " or any(c.isdigit() or c in "[]/" for c in n)]
    assert not odd and "pro-Kern" not in people, people
    assert {"Ada Kern", "Tom Dale", "Mary-Jo Dale"} <= people, people


def test_entities_a_surname_tagged_as_a_group_is_the_person_named_before() -> None:
    """spaCy tags a surname alone as a group now and then ("said Father Reese": NORP, as
    "Cuban said"); after the article named the person in full it is that person, so
    their quotations stand under one speaker (they had been split between "Thomas J.
    Reese" and "Reese"); a word that describes a noun ("Cuban officials") stays."""
    text = (
        "Mark Cuban, the owner of the Dallas Mavericks, spoke on Sunday. \u201cIt is too "
        "early to tell,\u201d said Cuban. Cuban officials said the trip was off. \u201cWe "
        "will see,\u201d Cuban said."
    )
    story = storyline.brief([{"text": text, "source": "hp", "title": "Cuban interview"}])
    story = story["stories"][0]
    assert {q["speaker"] for q in story["quotes"]} == {"Mark Cuban"}, story["quotes"]
    people = {e["name"]: e for e in story["entities"] if e["label"] == "PERSON"}
    assert len(people["Mark Cuban"]["mentions"]) == 3, people
    assert any(e["name"] == "Cuban" and e["label"] == "NORP" for e in story["entities"])
    # tagged a place (GPE) where it is the subject of a verb of saying
    text = (
        "Stephen Vladeck, a law professor, spoke on Monday. \u201cIt is a close case,\u201d "
        "Vladeck said."
    )
    story = storyline.brief([{"text": text, "source": "hp", "title": "A close case"}])
    assert [q["speaker"] for q in story["stories"][0]["quotes"]] == ["Stephen Vladeck"]


def test_entities_one_name_under_two_labels_is_one_entity() -> None:
    """spaCy reads "the White House" as an organisation where it speaks and as a building
    where people stand outside it: one entity, under the label of most of its mentions,
    with every mention."""
    text = (
        "The White House said on Monday that the harbour talks would resume. Protesters "
        "gathered outside the White House on Tuesday. A White House spokesman declined to "
        "comment."
    )
    art = Article(id="a0", text=text)
    ctx = StoryContext("s", [art], nlp.annotate([art]), {"a0": "a0"})
    house = [e for e in extract_entities(ctx, Config()) if e.name == "White House"]
    assert len(house) == 1, house
    assert house[0].label == "ORG"
    assert len(house[0].mentions) == 3
