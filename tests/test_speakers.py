"""Speakers: namesakes, the one who asks, words said about a person, on real coverage
(BASIL events in ../shared, read as the cross-checking gold reads them) and on short
articles written here."""

from __future__ import annotations

import json

import pytest

from conftest import need_shared
from storyline.analyse.entities import extract_entities, name_parts
from storyline.analyse.quotes import QuoteHit, article_quotes
from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import Article

JACKSON = "f506aafc-8b43-427a-936e-bbd1ef33e076"  # Jesse Jackson Jr.'s plea, 2013
ETHERIDGE = "6b541575-99b1-40d2-8730-9bb868ee38ed"  # Bob Etheridge and the student, 2010


def _hits(*articles: Article) -> dict[str, list[QuoteHit]]:
    """Quote hits of each article, entities folded over all of them as one story."""
    from storyline.analyse import nlp

    docs = nlp.annotate(list(articles))
    ctx = StoryContext("s", list(articles), docs, {a.id: a.id for a in articles})
    ents = extract_entities(ctx, Config())
    return {a.id: article_quotes(a, docs[a.id], ents) for a in articles}


def _event(uuid: str) -> tuple[dict, dict[str, list[QuoteHit]]]:
    """The gold of one BASIL event and the quote hits of its three articles (by letter)."""
    root = need_shared("data", "basil-dev")
    gold = json.loads((root / "crosscheck-gold" / f"{uuid}.json").read_text())
    arts = []
    for letter, rel in gold["articles"].items():
        raw = json.loads((root / rel).read_text())
        text = "\n\n".join(" ".join(p) for p in raw["body-paragraphs"])
        arts.append(Article(id=letter, text=text, title=raw.get("title"), source=raw["source"]))
    return gold, _hits(*arts)


def _speaker_of(hits: list[QuoteHit], text: str) -> QuoteHit | None:
    return next((h for h in hits if text.strip(" ,.") in h.text or h.text in text), None)


def _said_by(text: str, quote: str) -> str | None:
    """The speaker of the quote holding `quote` in a one-article story of `text` (the
    quote must be found)."""
    hit = _speaker_of(_hits(Article(id="a", text=text))["a"], quote)
    assert hit is not None, quote
    return hit.speaker


def test_speakers_namesakes_jackson_plea_is_jackson_jr() -> None:
    """A bare "Jackson" is Jesse Jackson Jr., whom the articles are about, never his
    wife Sandra Jackson or his father, both named in full in the same articles."""
    gold, hits = _event(JACKSON)
    checked = 0
    for q in gold["quotes"]:
        for letter, text in q["articles"].items():
            hit = _speaker_of(hits[letter], text)
            if hit is None:
                continue
            checked += 1
            assert hit.speaker is not None, (letter, text)
            want = name_parts(q["speaker"])
            assert name_parts(hit.speaker)[1:] == want[1:], (letter, text, hit.speaker)
    assert checked >= 12


def test_speakers_the_question_is_the_askers_not_the_one_asked() -> None:
    """In the Etheridge video the student asks "Do you fully support the Obama agenda?":
    in no outlet is the question, or the words of a Republican spokesman about him,
    credited to Etheridge, while his own words are."""
    _, hits = _event(ETHERIDGE)
    asked = ("Obama agenda", "Do you fully support", "Hi, Congressman")
    about_him = ("His conduct is unbecoming", "Bob Etheridge has lost it")
    for letter, found in hits.items():
        for h in found:
            if any(s in h.text for s in asked + about_him):
                assert h.speaker is None or "Etheridge" not in h.speaker, (letter, h.text)
    spokesman = [h for h in hits["A"] if h.text.startswith(about_him)]
    assert spokesman and all(h.speaker == "Jon Thompson" for h in spokesman)
    own = _speaker_of(hits["B"], "Who are you!")  # "... the seven-term congressman demands."
    assert own is not None and own.speaker == "Bob Etheridge"
    assert own.speaker_text == "the seven-term congressman"


def test_speakers_a_profile_s_he_said_goes_back_to_its_one_naming() -> None:
    """A profile names its subject once and quotes him with "he said" for twenty
    paragraphs: every quotation is his, however far down (the chain of pronouns once
    stopped after twelve and left the rest unattributed)."""
    topics = ["the harbour", "the ferries", "the budget", "the school", "the bridge",
              "the market", "the tunnel", "the library", "the station", "the park",
              "the port", "the hospital", "the museum", "the stadium", "the airport",
              "the canal", "the pier", "the depot", "the clinic", "the square"]  # fmt: skip
    paras = ["Mayor Tomas Ekholm spoke to a packed hall in Halvik on Saturday night."]
    paras += [f"“We will fix {t} before winter,” he said." for t in topics]
    art = Article(id="p", text="\n\n".join(paras), source="Halvik Ledger")
    hits = _hits(art)["p"]
    said = [h for h in hits if h.text.startswith("We will fix")]
    assert len(said) == len(topics)
    assert {h.speaker for h in said} == {"Tomas Ekholm"}, [(h.text, h.speaker) for h in said]


def test_speakers_a_document_speaks_for_its_author() -> None:
    """ "the report, by White House Counsel Robert Bauer, concluded that "..."" is Bauer's."""
    gold = "38f7cbb7-5d6a-4c89-bcbd-8e164144172a"
    _, hits = _event(gold)
    hit = _speaker_of(hits["B"], "allegations of improper conduct rest on factual errors")
    assert hit is not None and hit.speaker is not None and "Bauer" in hit.speaker


HUSBAND_AND_WIFE = (
    "Former Rep. John Carver Jr. pleaded guilty on Wednesday to spending campaign money "
    "on himself.\n\n"
    "His wife, Mary Carver, a city council member, pleaded guilty to a tax charge on the "
    "same day. Mary Carver resigned from the council last month.\n\n"
    "“I take full responsibility for what I did,” Carver said in court.\n\n"
    "Mrs. Carver told the judge, “I made mistakes and I am sorry for them.”\n\n"
    "The judge said Carver's father, the Rev. Paul Carver, had written to the court."
)


@pytest.mark.parametrize(
    ("quote", "speaker"),
    [
        ("I take full", "John Carver Jr."),  # the one the article is about
        ("I made mistakes", "Mary Carver"),  # "Mrs." rules out the men
    ],
)
def test_speakers_surname_alone_goes_to_the_subject_not_a_namesake(
    quote: str, speaker: str
) -> None:
    hits = _hits(Article(id="a", text=HUSBAND_AND_WIFE))["a"]
    hit = next(h for h in hits if h.text.startswith(quote))
    assert hit.speaker == speaker


def test_speakers_surname_alone_goes_to_the_last_named_when_neither_is_the_subject() -> None:
    text = (
        "The city opened its new harbour bridge on Monday after six years of work, three "
        "years late and forty million euros over budget, with a brass band, school choirs "
        "and several thousand residents who had waited since dawn along both banks of the "
        "river to be among the first to cross it on foot before the cars.\n\n"
        "The mayor, Ann Lopez, cut the ribbon. Engineers thanked the crews who built it.\n\n"
        "Later in the day the former governor, Frank Webb, spoke at the harbour. Traffic "
        "was heavy all afternoon.\n\n"
        "His daughter, Laura Webb, who runs the port authority, walked across with the "
        "first visitors. “This bridge will carry our trade for a century,” Webb said."
    )
    hits = _hits(Article(id="a", text=text))["a"]
    hit = next(h for h in hits if h.text.startswith("This bridge"))
    assert hit.speaker == "Laura Webb"


def test_speakers_a_quote_about_the_last_speaker_is_not_theirs() -> None:
    """A paragraph that is only a quote, speaking of "he" and never as "I", after a quote
    of a man: words said about him, not his."""
    text = (
        "“I regret my reaction,” Senator Tom Hale said on Monday.\n\n"
        "“His conduct is unbecoming of a senator. He has lost the trust of his voters.”\n\n"
        "“We expect an apology,” a party spokesman said."
    )
    hits = _hits(Article(id="a", text=text))["a"]
    about = next(h for h in hits if h.text.startswith("His conduct"))
    assert about.speaker is None
    own = next(h for h in hits if h.text.startswith("I regret"))
    assert own.speaker == "Tom Hale"


def test_speakers_same_paragraph_continuation_is_still_inherited() -> None:
    text = (
        "“The valley needs roads,” Paul Okafor said on Monday. "
        "“He who builds them will be remembered, and I will build them.”"
    )
    hits = _hits(Article(id="a", text=text))["a"]
    assert [h.speaker for h in hits] == ["Paul Okafor", "Paul Okafor"]


def test_speakers_entities_keep_generational_suffixes_apart() -> None:
    text = (
        "Jesse Carver Jr. met reporters on Friday. His father, Jesse Carver, a pastor, "
        "stood beside him. Carver said little."
    )
    from storyline.analyse import nlp

    art = Article(id="a", text=text)
    docs = nlp.annotate([art])
    ents = extract_entities(StoryContext("s", [art], docs, {"a": "a"}), Config())
    names = {e.name for e in ents if e.label == "PERSON"}
    assert {"Jesse Carver Jr.", "Jesse Carver"} <= names
    assert name_parts("Jesse L. Jackson Jr.") == ("jesse", "jackson", "jr")


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # "according to" names who reports it when someone else "said"
        ("“I want to see the certificate,” said Donald Trump in an interview on NBC's "
         "“Today” show, according to TIME. “How come nobody knows where he was born?”",
         "How come", "Donald Trump"),
        # a paragraph without its final period runs into the next one in the parse
        ("The statement came from former Sens. John Ashcroft, Kit Bond and Jim Talent\n\n"
         "Mitt Romney released a statement late Tuesday saying: “His comments were "
         "offensive and wrong.”", "His comments", "Mitt Romney"),
        # a date is never the speaker
        ("“We will achieve justice in this case,” Tulsa police Chief Chuck Jordan said "
         "Monday.", "We will achieve", "Chuck Jordan"),
        # a report speaks for its author
        ("The inquiry ended on Friday. But the report, by White House Counsel Robert Bauer, "
         "concluded that “the allegations rest on factual errors.”", "the allegations",
         "Robert Bauer"),
        # a past verb the parse coordinated with a present one goes with the past one
        ("Speaking in Oslo, Obama said analysts expect more harbour jobs in 2027 and 2028 "
         "if the council passes the budget and urged members to read the plan and “vote "
         "for it.”", "vote for it", "Obama"),
        # a report named by its publisher speaks for it
        ("The harbour inquiry ended on Friday. The Washington Post report said that “the "
         "pier was never inspected.”", "the pier", "Washington Post"),
        # the parse takes the name for what a clause before it "is"
        ("Asked on the radio how serious his bid is, Obama, who would have to give up his "
         "family firm in order to run the state, said, “I take it seriously.”", "I take",
         "Obama"),
        # a relative clause's speech verb is by the name the clause tells of
        ("The harbour plan was criticised on Monday by Senator Alan Pike, who said it was “a "
         "gift to the developers and nothing else.”", "a gift", "Alan Pike"),
        # ... or by the name the noun it tells of describes
        ("The plan was denounced by the Harbour Workers Union, a dockworkers' group, which "
         "said it was “wrong for the mayor to ignore the port.”", "wrong for",
         "Harbour Workers Union"),
        # a quotation outside the relative clause is not by the clause's name
        ("Mayor Ruth Ames said on Monday that the pier was “a disgrace,” words condemned by "
         "Senator Alan Pike, who called for her resignation.", "a disgrace", "Ruth Ames"),
    ],
)  # fmt: skip
def test_speakers_attribution_around_the_parse(text: str, quote: str, speaker: str) -> None:
    hits = _hits(Article(id="a", text=text))["a"]
    hit = next(h for h in hits if h.text.startswith(quote))
    assert hit.speaker == speaker, (hit.speaker, hit.speaker_text, hit.how)


def test_speakers_a_name_the_parse_hung_on_an_earlier_noun_still_speaks() -> None:
    """ "In another appeal to Iowa farmers, Joni Ernst, a candidate ..., announced in an ad
    that she grew up “castrating hogs on an Iowa farm.”" (NYT): Ernst, not Braley named
    in the paragraph before."""
    _, hits = _event("22b6e900-4826-4b09-a9f8-5d7afe46e78b")
    hit = _speaker_of(hits["A"], "castrating hogs on an Iowa farm.")
    assert hit is not None and hit.speaker == "Joni Ernst"


@pytest.mark.parametrize(
    ("asked", "speaker"),
    [
        ("Etheridge was asked, “Do you fully support the Obama agenda?”", None),
        ("Etheridge was asked by Tom Reyes, a student, “Do you fully support the Obama agenda?”",
         "Tom Reyes"),
        ("A student asked Etheridge, “Do you fully support the Obama agenda?”", None),
    ],
)  # fmt: skip
def test_speakers_a_question_is_never_the_one_asked(asked: str, speaker: str | None) -> None:
    text = "Rep. Bob Etheridge was in Washington on Friday. " + asked
    hits = _hits(Article(id="a", text=text))["a"]
    hit = next(h for h in hits if h.text.startswith("Do you"))
    assert hit.speaker == speaker, (hit.speaker_text, hit.how)


def test_speakers_a_description_is_not_the_one_whose_role_names_it() -> None:
    """ "the former vice president said" is the former vice president, not his daughter
    introduced as "the daughter of the former vice president" (another person's office
    inside a role is not this person's)."""
    text = (
        "Former Vice President Dick Hale spoke in Denver on Monday.\n\n"
        "Mary Hale, the daughter of the former vice president, runs a charity there.\n\n"
        "\u201cWe will keep going,\u201d the former vice president said."
    )
    assert _said_by(text, "We will keep going") == "Dick Hale"


@pytest.mark.parametrize("other", ["Vice President Tom Reyes", "former President Tom Reyes"])
def test_speakers_the_president_is_not_the_vice_president_nor_a_former_one(other: str) -> None:
    """ "the president said" is not the one article's only "Vice President" (nor its only
    "former President"): another office, or a past one, is not the office named."""
    text = (
        f"President Ana Kerr met {other} at the harbour on Monday.\n\n"
        "\u201cWe will rebuild the pier,\u201d the president said."
    )
    assert _said_by(text, "We will rebuild the pier") != "Tom Reyes"


def test_speakers_a_surname_misspelt_once_is_the_one_person_it_is_a_slip_from() -> None:
    """ "said Mr. Hutchison" in an article that names Dale Hutchinson is his quote: a bare
    surname that fits no one, one letter off the surname of the one person named in full."""
    text = (
        "Former harbour chief Dale Hutchinson presented the report on Monday.\n\n"
        "\u201cWe will rebuild the pier by spring,\u201d said Mr. Hutchison, who led the review."
    )
    assert _said_by(text, "We will rebuild the pier") == "Dale Hutchinson"


def test_speakers_he_of_a_profile_is_the_one_named_at_its_top() -> None:
    """A profile names its subject once and says "he" for paragraphs after: the last
    "he said" is still his, through the chain of "he"s before it."""
    paras = ["Harbour chief Tom Reyes spoke to the dockworkers on Saturday."] + [
        f"\u201cWe will fix pier {n} before winter,\u201d he said." for n in range(1, 8)
    ]
    hits = _hits(Article(id="a", text="\n\n".join(paras)))["a"]
    for n in (1, 7):
        hit = _speaker_of(hits, f"We will fix pier {n} before")
        assert hit is not None and hit.speaker == "Tom Reyes", n


def test_speakers_holds_an_office_named_by_its_last_words() -> None:
    """A role holds the office its last words name, unless the words before make it
    another office or a past one."""
    from storyline.analyse.speakers import _holds

    assert _holds("Treasury Secretary", "secretary")
    assert _holds("former Vice President", "former vice president")
    assert not _holds("former Vice President", "vice president")
    assert not _holds("Vice President", "president")
    assert not _holds("former President", "president")
    assert not _holds("ex-Vice President", "president")


@pytest.mark.parametrize(
    "dateline", ["LAKESIDE \u2014", "PORT ELLIS, Ore. \u2014", "LAKESIDE (AP) --"]
)
def test_speakers_the_place_a_story_was_filed_from_is_no_speaker(dateline: str) -> None:
    """A dateline ("WASHINGTON --") is often parsed as the lead's subject: no speaker."""
    said = "The harbour board on Monday called the strike \u201creckless and costly.\u201d"
    text = f"{dateline} {said}"
    hits = _hits(Article(id="a", text=text))["a"]
    hit = _speaker_of(hits, "reckless and costly")
    assert hit is not None and not (hit.speaker_text or "").isupper()  # not the place


def test_speakers_she_is_the_one_known_to_be_a_woman_of_two_as_likely() -> None:
    """Of two persons named alike before "she" (neither the subject), the one known to be
    a woman ("Ms. Ruiz"), not the later one whose gender nothing tells."""
    text = (
        "Reporters saw Ms. Ana Ruiz with Kim Lee at the harbour on Monday.\n\n"
        "\u201cThe workers were never asked,\u201d she said."
    )
    assert _said_by(text, "The workers were never asked") == "Ana Ruiz"


def test_speakers_a_question_said_by_one_named_after_it() -> None:
    """ "“... wouldn't be?” said the pilot, Captain Maria Lopez.": the parse makes the
    question the content of "said", and it is still what she says; a verb whose
    content is the next quote ("Then the board concludes: “...”") keeps it."""
    text = (
        "The harbour board invited a pilot from Lakeside to its office on Friday.\n\n"
        "\u201cOf course I was surprised, who wouldn\u2019t be?\u201d said the pilot, "
        "Captain Maria Lopez. \u201cI am honored to meet them.\u201d\n\n"
        "\u201cWe will wait for what?\u201d Ms. Lopez asked.\n\n"
        "Ms. Lopez went on. \u201cWait until when?\u201d Then the board chairman, Tom Hale, "
        "concludes: \u201cThe port needs its pilots.\u201d"
    )
    assert _said_by(text, "who wouldn\u2019t be") == "Maria Lopez"
    assert _said_by(text, "I am honored") == "Maria Lopez"
    assert _said_by(text, "wait for what") == "Maria Lopez"
    hits = _hits(Article(id="a", text=text))["a"]
    until = _speaker_of(hits, "Wait until when")  # a short quote without a speaker: not listed
    assert until is None or until.speaker != "Tom Hale"
    assert _said_by(text, "The port needs its pilots") == "Tom Hale"


def test_speakers_a_description_may_be_the_person_named_earlier_in_its_sentence() -> None:
    """ "a photo of Sarah Vale in running shorts, which the former governor called
    “sexist.”": a description names the one its sentence spoke of, though not as a
    subject (a pronoun does not: "After meeting Ann Ruiz, she said")."""
    text = (
        "Representative Nora Hale spoke in Ames on Monday.\n\n"
        "In 2009, the editors chose a photo of Sarah Vale in running shorts, which the "
        "former governor called \u201csexist and cheap.\u201d"
    )
    assert _said_by(text, "sexist and cheap") == "Sarah Vale"


MET = "Mayor Ruth Ames and Senator Alan Pike met in Portland on Monday. "


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # of two subjects the parse hung on one verb, the one next to it
        ("Speaking at a town hall in Salem, New Hampshire, Ames went after Pike, calling him "
         "“a total stiff.”", "a total stiff", "Ruth Ames"),
        # "continue to be" says nothing: the quote is what "said" reports
        ("Ames said she is sure Pike will continue to be “a friend of the harbour.”",
         "a friend", "Ruth Ames"),
        # an earlier quote of the sentence stands between the quote and its verb
        ("Ames said that the plan was a “new” idea and that we should “give it a chance.”",
         "give it", "Ruth Ames"),
        # the name after the verb is the subject of what it says, not its speaker
        ("Ames says voters may not like the answer, but insists Pike is running a “phony "
         "campaign.”", "phony", "Ruth Ames"),
        # a verb of a clause of time set before the speaker's own clause
        ("After Pike criticized the plan during a debate, Ames shot back, “The senator has "
         "never seen the pier.”", "The senator", "Ruth Ames"),
        # ... "when" parsed as the clause's adverb, not its marker, and no speech verb of
        # the speaker's own ("fired back" and a colon)
        ("When Pike said the port could sue the city for the delay, Ames fired back "
         "forcefully: “If they sue us in a court in Bangor, they will lose.”", "If they sue",
         "Ruth Ames"),
        # a name standing alone before a colon labels what follows, as a transcript does
        ("Ames and Pike both reject the plan. Senator Pike: “Our goal is to keep the pier "
         "open.” Mayor Ames: “The pier must not close.”", "Our goal", "Alan Pike"),
        ("Ames and Pike both reject the plan. Senator Pike: “Our goal is to keep the pier "
         "open.” Mayor Ames: “The pier must not close.”", "The pier must", "Ruth Ames"),
        # "question" is a speech verb
        ("Ames is questioning whether Pike would have come to the meeting “if it were held "
         "in Bangor.”", "if it were", "Ruth Ames"),
        # a document's clause that does not hold the quote is not its words
        ("She says Pike's tweets accusing the council of fraud are “lies and nonsense.”",
         "lies", "Ruth Ames"),
        # one's apology is one's words
        ("Pike’s apology noted his own years “working on the docks as a boy.”", "working on",
         "Alan Pike"),
        # the parse took the one who speaks for the object of "reports"
        ("The Herald reports Ruth Ames on Friday first set out her position on the pier, "
         "saying it should be for voters to decide and not a matter for “judges.”", "judges",
         "Ruth Ames"),
        # someone close to a person is not that person
        ("A Pike campaign source said the senator was “furious” about the vote.", "furious",
         None),
        ("One Pike supporter said the mayor was “out of touch.”", "out of touch", None),
    ],
)  # fmt: skip
def test_speakers_who_says_the_words_of_a_clause(
    text: str, quote: str, speaker: str | None
) -> None:
    """Where the speech verb nearest a quotation, or the name nearest its verb, is not who
    says it (each case as PolNeAR's reporting has it, in words written here)."""
    hits = _hits(Article(id="a", text=MET + text))["a"]
    hit = next(h for h in hits if h.text.startswith(quote))
    assert hit.speaker == speaker, (hit.speaker, hit.speaker_text, hit.how)


def test_speakers_a_document_speaks_for_the_one_who_put_it_out() -> None:
    """ "Ames released a new radio ad calling the plan ...": the ad's "calling" is Ames's."""
    from storyline.analyse import nlp
    from storyline.analyse.speakers import subject_of

    text = "Ames released a new radio ad calling the plan “a gift to the developers.”"
    doc = nlp.annotate([Article(id="a", text=text)])["a"]
    calling = next(t for t in doc if t.text == "calling")
    assert calling.dep_ == "acl"  # the parse this test is about
    subj = subject_of(calling)
    assert subj is not None and subj.text == "Ames"
    # not the one who reads or receives it
    text = "Ames read a new radio ad calling the plan “a gift to the developers.”"
    doc = nlp.annotate([Article(id="b", text=text)])["b"]
    calling = next(t for t in doc if t.text == "calling")
    assert subject_of(calling) is None


@pytest.mark.parametrize(
    ("about", "speaker"),
    [
        # the sentence before says who speaks: not the speaker of the paragraph before
        ("On the radio, Brooks called the plan one of the reasons voters should trust the "
         "council. “The port is the heart of this city and it needs the money.”",
         "Alan Brooks"),
        # ... unless the quote speaks of that person: someone else's words about them
        ("Brooks announced his plans in a letter from his lawyer to the committee. “He has "
         "done nothing wrong and he will answer every question.”", None),
    ],
)  # fmt: skip
def test_speakers_a_quote_after_a_sentence_about_someone(about: str, speaker: str | None) -> None:
    text = (
        "Mayor Ruth Ames and Senator Alan Brooks met in Portland on Monday. “We will fund "
        "the pier,” Ames said on Monday.\n\n" + about
    )
    hits = _hits(Article(id="a", text=text))["a"]
    hit = next(h for h in hits if h.text.startswith(("The port", "He has")))
    assert hit.speaker == speaker, (hit.speaker, hit.speaker_text, hit.how)


def test_speakers_a_surname_the_tagger_read_as_a_place_is_the_person() -> None:
    """ "... added Claure, who is also an executive at SoftBank": spaCy read the surname as
    a place (a GPE entity of its own) though the story names Marcelo Claure, "Claure"
    among his aliases; the quote is his, not a second speaker's "Claure"."""
    from storyline.analyse import nlp
    from storyline.model import Entity, Span

    text = (
        "Job cuts will be announced this week, said the port's new executive chair Harriet"
        ' Kingston in an email to staff. "We are going to scale back certain functions,"'
        " added Kingston, who is also an executive at the port's owner."
    )
    art = Article(id="a", text=text)
    doc = nlp.annotate([art])["a"]
    first = text.index("Harriet Kingston")
    second = text.index("Kingston,")
    entities = [
        Entity("Harriet Kingston", "PERSON", aliases=("Kingston",),
               mentions=(Span("a", first, first + len("Harriet Kingston")),)),
        Entity("Kingston", "GPE", mentions=(Span("a", second, second + len("Kingston")),)),
    ]  # fmt: skip
    hit = _speaker_of(article_quotes(art, doc, entities), "scale back certain functions")
    assert hit is not None and hit.speaker == "Harriet Kingston"


def test_speakers_she_is_the_one_whose_things_the_sentence_before_is_about() -> None:
    """A pronoun after a sentence whose subject is someone's things ("Mara Quinn's first
    three albums were released through ...") is that person's before a name further down
    the clauses ("... a company owned by the manager Tobias Brandt"), whose gender nothing
    tells either."""
    text = (
        "Mara Quinn's first three albums were released through Harbour Records, which was "
        "bought last year by a company owned by the manager Tobias Brandt.\n\nIn a blog post "
        "at the time she described the sale as the “worst case scenario” and accused him of "
        "years of “quiet bullying”."
    )
    hits = _hits(Article(id="a", text=text))["a"]
    assert hits and {h.speaker for h in hits} == {"Mara Quinn"}, [(h.text, h.speaker) for h in hits]
