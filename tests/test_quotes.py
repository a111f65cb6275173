"""Quotes: marks, split quotes, speakers, pronouns, grouping across articles."""

from __future__ import annotations

import pytest

import storyline
from storyline.analyse.entities import extract_entities
from storyline.analyse.quotes import article_quotes, extract_quotes, find_quote_marks
from storyline.api import render
from storyline.config import Config
from storyline.context import StoryContext
from storyline.crosscheck.quote_match import containment, mark_differences, words
from storyline.model import Article, Brief, Quote
from storyline.validate import citation_errors, schema_errors

A1 = (
    "Finance Minister Maria Lopez met union leaders in Lisbon on Tuesday.\n\n"
    "“We will not raise taxes on workers this year,” Lopez told reporters. "
    "“The budget is balanced, and we intend to keep it that way.”\n\n"
    'The unions were unconvinced. "This plan hurts families," said Pedro Alves, '
    "a spokesman for the General Workers Union.\n\n"
    "“We are ready to talk,” he added."
)
A2 = (
    "Portugal's finance minister, Maria Lopez, spoke after the meeting.\n\n"
    'Lopez said: "We won\'t raise taxes on workers this year."\n\n'
    "She called the talks “constructive” and left."
)


def _ctx(*texts: str) -> StoryContext:
    from storyline.analyse import nlp

    arts = [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]
    docs = nlp.annotate(arts)
    ctx = StoryContext("s", arts, docs, {a.id: a.id for a in arts})
    ctx.entities = extract_entities(ctx, Config())
    return ctx


@pytest.fixture(scope="module")
def ctx() -> StoryContext:
    return _ctx(A1, A2)


def _spans_exact(q: Quote, ctx: StoryContext) -> None:
    by_id = ctx.by_id
    for o in q.occurrences:
        text = by_id[o.span.article].text
        assert text[o.span.start : o.span.end] == o.text
        if o.speaker_span is not None:
            assert text[o.speaker_span.start : o.speaker_span.end] == o.speaker_text


def test_quotes_find_marks_curly_straight_and_doubled() -> None:
    text = 'He said, “"It works." Then "it broke," she said.'
    marks = find_quote_marks(Article(id="x", text=text))
    inner = [text[s:e] for s, e in marks]
    assert inner == ['“"It works."', '"it broke,"']


def test_quotes_continue_over_paragraphs() -> None:
    text = "“First part of it.\n\n“Second part,” Ana Costa said."
    marks = find_quote_marks(Article(id="x", text=text))
    assert len(marks) == 1 and text[marks[0][0] : marks[0][1]].endswith("part,”")


def test_quotes_speakers_and_offsets(ctx: StoryContext) -> None:
    hits = article_quotes(ctx.articles[0], ctx.docs["a0"], ctx.entities)

    def speaker(prefix: str) -> str | None:
        return next(h.speaker for h in hits if h.text.startswith(prefix))

    assert speaker("We will not") == "Maria Lopez"
    # the second sentence after the attribution continues the same speaker
    assert speaker("The budget") == "Maria Lopez"
    assert speaker("This plan") == "Pedro Alves"
    # "he added" goes to the last person named as a subject
    assert speaker("We are ready") == "Pedro Alves"
    for h in hits:
        assert ctx.articles[0].text[h.start : h.end] == h.text


def test_quotes_same_quote_two_articles_one_quote(ctx: StoryContext) -> None:
    quotes = extract_quotes(ctx, Config())
    taxes = [q for q in quotes if "raise taxes" in q.text]
    assert len(taxes) == 1
    q = taxes[0]
    assert {o.span.article for o in q.occurrences} == {"a0", "a1"}
    assert q.speaker == "Maria Lopez"
    assert q.variants  # the two outlets word it differently
    _spans_exact(q, ctx)
    for quote in quotes:
        _spans_exact(quote, ctx)


def test_quotes_fragment_marked(ctx: StoryContext) -> None:
    quotes = extract_quotes(ctx, Config())
    frag = [q for q in quotes if q.text == "constructive"]
    assert frag and frag[0].fragment


def test_quotes_split_by_attribution_share_speaker() -> None:
    c = _ctx("“The deal is done,” Carla Mendes said, “and we are proud of it.”")
    hits = article_quotes(c.articles[0], c.docs["a0"], c.entities)
    assert len(hits) == 2
    assert {h.speaker for h in hits} == {"Carla Mendes"}
    assert hits[0].chain == hits[1].chain
    quotes = extract_quotes(c, Config())
    assert len(quotes) == 1 and len(quotes[0].occurrences) == 2
    # the quote's text is one piece as printed, never the pieces stitched together;
    # `passage` keeps the pieces of the quotation in order, for the reports to show whole
    assert quotes[0].text == "and we are proud of it."
    assert quotes[0].variants == ()
    assert quotes[0].passage == ("The deal is done", "and we are proud of it.")


@pytest.mark.parametrize(
    "text",
    [
        # a title after "said on the program": no second piece of the quotation
        "“The deal is done for good,” Carla Mendes said on the program “Morning Talk.”",
        # two quotes of one sentence with the writer's words between them
        "Mendes called it “a deal done for good” and added that the port “will grow again.”",
        # a scare-quoted word is no piece of a quotation
        "“The deal is done for good,” Carla Mendes said, “honest.”",
    ],
)
def test_quotes_passage_only_across_an_attribution(text: str) -> None:
    c = _ctx(text)
    assert all(q.passage == () for q in extract_quotes(c, Config()))


def test_quotes_passage_shown_whole_in_the_report() -> None:
    from storyline.report.render import quote_words

    art = "“The deal is done,” Carla Mendes said, “and we are proud of it.”\n"
    out = storyline.brief([{"text": art}], cluster="single")
    (q,) = out["stories"][0]["quotes"]
    assert quote_words(q) == "The deal is done \u2026 and we are proud of it."
    md = render(out, "md")
    assert "“The deal is done \u2026 and we are proud of it.”" in md
    assert citation_errors(out) == [] and schema_errors(out) == []
    assert Brief.from_dict(out).to_dict() == out  # the JSON reads back into the model


def test_quotes_text_and_variants_are_printed_words() -> None:
    c = _ctx(
        "“We will sign the treaty,” Ana Costa said. “Nobody should doubt that.”",
        "Costa said: “We will sign the treaty. Nobody should doubt that.”",
        "“We will sign this treaty,” Ana Costa said on Monday.",
    )
    quotes = extract_quotes(c, Config())
    treaty = [q for q in quotes if "treaty" in q.text]
    assert len(treaty) == 1
    q = treaty[0]
    printed = {o.text for o in q.occurrences}
    assert q.text in printed and set(q.variants) <= printed
    # the words all three outlets print; the longer passage stays an occurrence
    assert q.text == "We will sign the treaty"
    # pieces and the longer passage holding it are no other wording; "this" is
    assert q.variants == ("We will sign this treaty",)


def test_quotes_a_passage_that_holds_every_piece_is_shown_whole() -> None:
    """Two outlets print pieces of a mayor's statement, one its first lines, one its last;
    a third prints it whole, over two paragraphs. The quote shows that printing, on one
    line, so that no piece the outlets print is hidden behind another."""
    from storyline.report.render import quote_words

    c = _ctx(
        "\u201cWe will keep the harbour open all winter,\u201d Mayor Ana Costa said.\n\n"
        "Costa added: \u201cEvery ferry will run on time and no crew will be laid off.\u201d",
        "\u201cEvery ferry will run on time and no crew will be laid off,\u201d Ana Costa "
        "said on Monday.",
        "Ana Costa wrote: \u201cWe will keep the harbour open all winter.\n\n\u201cEvery "
        "ferry will run on time and no crew will be laid off.\u201d",
    )
    (q,) = [q for q in extract_quotes(c, Config()) if "ferry" in q.text]
    assert "harbour open" in q.text and len({o.span.article for o in q.occurrences}) == 3
    assert quote_words(q.to_dict()) == (
        "We will keep the harbour open all winter. Every ferry will run on time and no "
        "crew will be laid off."
    )


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        # the writer left a quotation unclosed before the next one's attribution
        (
            "Mr. Hale said the board had \u201cgiven me a list of steps that can be taken. "
            "He added: \u201cMy starting point is what works.\u201d",
            ["given me a list of steps that can be taken.", "My starting point is what works."],
        ),
        # a closing mark printed the wrong way round, against the word before it
        (
            "She called for an \u201cexpedited review\u201c of the pipes and said the city needs "
            "\u201ca full audit of every pipe.\u201d",
            ["expedited review", "a full audit of every pipe."],
        ),
        # an opening mark printed the wrong way round, against the word after it
        (
            "Readers wrote in.\n\n\u201dThe ferry is the only way to the mainland for us.\u201d "
            "\u2015 Ana Ruiz.\n\nThe council meets on Friday.",
            ["The ferry is the only way to the mainland for us."],
        ),
        # a height's inches are no quotation mark
        (
            'The letter says Vella is 6\'3" tall and weighs 200 pounds.\n\n"I feel fine," '
            "Vella said.",
            ["I feel fine"],
        ),
        # a quotation inside a quotation stays inside it
        (
            "\u201cThey asked him about the \u201cport plan\u201d and he left,\u201d "
            "Ana Ruiz said.",
            ["They asked him about the \u201cport plan"],
        ),
    ],
)
def test_quotes_marks_left_open_or_turned_round(text: str, quoted: list[str]) -> None:
    ctx = _ctx(text)
    art = ctx.articles[0]
    hits = article_quotes(art, ctx.docs[art.id], ctx.entities)
    assert [h.text for h in hits] == quoted


def test_quotes_containment_and_marks() -> None:
    a = words("We are not willing to sacrifice security for an app")
    b = words("we are not willing to sacrifice security")
    assert containment(a, b) == 1.0
    assert containment(a, words("Something else entirely here")) == 0.0
    marked = mark_differences("we may let it die", "we may let it go")
    assert "[-die-]" in marked and "[+go+]" in marked


def _speakers(text: str) -> list[tuple[str, str | None, str]]:
    ctx = _ctx(text)
    art = ctx.articles[0]
    return [(h.text, h.speaker, h.how) for h in article_quotes(art, ctx.docs[art.id], ctx.entities)]


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # the one who speaks, not the interviewer spoken to
        ("Mayor Ines Carvalho met the press. Carvalho told interviewer Tom Reyes, "
         "“The budget is balanced and the port will stay open.”", "The budget", "Carvalho"),
        # "he" after a sentence whose speaker is named, not the man talked about
        ("Paul Okafor first told a story about Mark Hale helping a family after a flood. "
         "And he then added: “That is the kind of neighbour we need in the senate.”",
         "That is the kind", "Okafor"),
        # "he told the vice president": not the vice president
        ("Vice President Ana Ruiz kept interrupting Paul Okafor. Okafor showed his "
         "irritation when Ruiz kept interrupting. “I know you are under a lot of pressure "
         "tonight,” he told the vice president.", "I know you", "Okafor"),
        # an answer goes to the person asked
        ("Host Ana Ruiz asked Tom Reyes, “Have you seen the report yourself?” His response: "
         "“Well, I have people who have been studying it for months.”", "Well, I have",
         "Reyes"),
        # "X said: “...”" and the next sentence says something of its own
        ("Donald Fisk has spoken about the deadline, saying: “We may let it lapse, or we may "
         "not. It depends on the buyers.” Analysts note the political risk: voters like the "
         "app.", "We may let", "Fisk"),
        # a person named inside the quote is not its speaker
        ("Laura Benton spoke after the debate. “Governor Hale has said that he wants to cut "
         "the school budget again,” she said on Sunday.", "Governor Hale", "Benton"),
        # a paragraph's first word is no part of the speaker's name ("Added Gibbs:")
        ("Press secretary Robert Gibbs spoke to reporters on Monday.\n\nAdded Gibbs: “I "
         "think you would really have to ask somebody else about that fight.”",
         "I think you", "Gibbs"),
        # a surname the parser takes for a common noun ("Sellers said") is still a name
        ("The lawyer Joseph Sellers argued for the women on Tuesday.\n\n“The decisions are "
         "informed by the values the company provides,” Sellers said.", "The decisions",
         "Sellers"),
        # the quote parsed as a second subject of "said"
        ("“The campaign is in panic mode. Full panic mode,” said Leslie Wimes, a local "
         "organiser.", "The campaign", "Wimes"),
        # what was announced is no speaker: the one who said it before the quote is
        ("At the harbour, Mayor Ines Carvalho said that “the crews have earned every cent "
         "of it” after the pay deal was announced on Monday.", "the crews", "Carvalho"),
    ],
)  # fmt: skip
def test_quotes_speaker_is_who_speaks(text: str, quote: str, speaker: str) -> None:
    found = [(sp, how) for t, sp, how in _speakers(text) if t.startswith(quote)]
    assert found, _speakers(text)
    sp, how = found[0]
    assert sp is not None and speaker in sp, (sp, how)


@pytest.mark.parametrize(
    "text",
    [
        "Governor Mitt Romney spoke in Ohio on Monday. A Romney campaign aide, though, said "
        "“that is a distinction without a difference” for voters.",
        "Governor Mitt Romney spoke in Ohio on Monday. “That is a distinction without a "
        "difference,” Romney's spokesman said.",
        "Governor Mitt Romney spoke in Ohio on Monday. The Romney campaign, arguing that it "
        "was “a distinction without a difference,” asked for a recount.",
        "President Mitt Romney spoke in Ohio on Monday. The Romney administration tried on "
        "Saturday to explain, arguing that it was “a distinction without a difference.”",
    ],
)
def test_quotes_a_spokesman_or_aide_is_not_the_person_named_before(text: str) -> None:
    """Words of someone who speaks for a person are not that person's."""
    found = [sp for t, sp, _ in _speakers(text) if "distinction" in t]
    assert found and found[0] != "Mitt Romney", _speakers(text)


def test_quotes_how_marks_direct_and_inherited() -> None:
    text = (
        "“The valley needs roads,” Paul Okafor said on Monday.\n\n"
        "“And it needs them before the winter comes.”\n\n"
        "Laura Benton said: “We will build them in the spring.”"
    )
    how = {t.split()[0]: h for t, _, h in _speakers(text)}
    assert how == {"The": "verb", "And": "inherited", "We": "colon"}


def test_quotes_variants_reword_the_text_not_other_pieces() -> None:
    from storyline.analyse.quotes import QuoteHit
    from storyline.crosscheck.quote_match import group_quotes

    ask, ports = "Our rivals came with a very aggressive ask", "We will not give up our ports"
    hits = [  # article a quotes two pieces of one quotation, b and c the second only
        QuoteHit("a", 0, 42, ask, False, chain=0),
        QuoteHit("a", 60, 89, ports, False, chain=0),
        QuoteHit("b", 0, 29, ports, False, chain=0),
        QuoteHit("c", 0, 31, "We will not give up our harbours", False, chain=0),
    ]
    (q,) = group_quotes(hits, ["a", "b", "c"])
    assert q.text == ports  # the wording most outlets print
    # the other piece of a's quotation is no rewording of it; c's wording is
    assert q.variants == ("We will not give up our harbours",)


def test_quotes_a_phrase_meets_the_quote_a_longer_phrase_of_it_joined() -> None:
    """Three outlets print one person's remark whole, as "a very aggressive ask" and as
    "aggressive ask": both phrases are that quote's, the shorter too, though when it was
    read the longer phrase had not joined the quote yet."""
    from storyline.analyse.quotes import QuoteHit
    from storyline.crosscheck.quote_match import group_quotes

    whole = "Our rivals came with a very aggressive ask. We will not give up our ports"
    hits = [
        QuoteHit("a", 0, len(whole), whole, False, speaker="Ida Lund", chain=0),
        QuoteHit("b", 0, 21, "a very aggressive ask", True, speaker="Ida Lund", chain=0),
        QuoteHit("c", 0, 14, "aggressive ask", True, speaker="Ida Lund", chain=0),
    ]
    (q,) = group_quotes(hits, ["a", "b", "c"])
    assert {o.span.article for o in q.occurrences} == {"a", "b", "c"}


def test_quotes_a_full_name_the_story_knows_by_surname_is_that_person() -> None:
    """A BASIL article (NYT, 2013) names "Rahm Emanuel, the mayor of Chicago" where the
    parser finds no person, while the story knows "Emanuel": his quote is his."""
    from tests.conftest import need_shared

    path = need_shared("data", "basil-dev", "articles", "2013",
                       "526cabb7-02a3-4adb-8e90-ec781c40c498_1.json")  # fmt: skip
    out = storyline.brief([str(path)], cluster="single")
    (quote,) = [q for q in out["stories"][0]["quotes"] if q["text"] == "clear the table"]
    assert quote["speaker"] is not None and "Emanuel" in quote["speaker"]


def test_quotes_one_speaker_reworded_a_little_is_one_quote() -> None:
    """An outlet that words the tail of one person's remark otherwise prints the same
    quote (`QuoteConfig.same_speaker_threshold`); another remark of that person sharing
    a phrase, or the same words given to someone else, stays apart."""
    from storyline.analyse.quotes import QuoteConfig, QuoteHit
    from storyline.crosscheck.quote_match import group_quotes

    conf = QuoteConfig()
    low = (conf.same_speaker_threshold, conf.same_speaker_min_words)
    full = "I spent grant money I should not have spent on my own house"
    tail = "spent grant money that should not have been spent"
    other = "I am not going to spend any more time on my own house"

    def hit(art: str, text: str, speaker: str) -> QuoteHit:
        return QuoteHit(art, 0, len(text), text, False, speaker=speaker)

    def groups(*hits: QuoteHit) -> list[int]:
        order = [h.article for h in hits]
        return sorted(len(q.occurrences) for q in group_quotes(list(hits), order, 0.8, low))

    # 6 of the tail's 8 words in order: under the 0.8 of two unrelated passages
    assert containment(words(tail), words(full)) < conf.match_threshold
    assert groups(hit("a", full, "Ada Kern"), hit("b", tail, "Ada Kern")) == [2]
    assert groups(hit("a", full, "Ada Kern"), hit("b", tail, "Tom Ruiz")) == [1, 1]
    assert groups(hit("a", other, "Ada Kern"), hit("b", tail, "Ada Kern")) == [1, 1]
    # without the option, as before
    hits = [hit("a", full, "Ada Kern"), hit("b", tail, "Ada Kern")]
    assert len(group_quotes(hits, ["a", "b"])) == 2


def test_quotes_one_article_printing_the_same_words_twice_is_one_quote() -> None:
    """A lede's "profoundly" and the body's, both the congressman's: one entry with two
    occurrences, not two entries of one source; the same words given to someone else in
    that article, or other words of his, stay apart."""
    from storyline.analyse.quotes import QuoteHit
    from storyline.crosscheck.quote_match import group_quotes

    def hit(start: int, text: str, speaker: str | None, chain: int) -> QuoteHit:
        return QuoteHit("a", start, start + len(text), text, True, speaker=speaker, chain=chain)

    hits = [
        hit(10, "profoundly", "Bob Etheridge", 0),
        hit(300, "profoundly", "Bob Etheridge", 1),
        hit(500, "profoundly", "Renee Ellmers", 2),
        hit(700, "deeply", "Bob Etheridge", 3),
    ]
    quotes = group_quotes(hits, ["a"])
    assert sorted((q.text, q.speaker, len(q.occurrences)) for q in quotes) == [
        ("deeply", "Bob Etheridge", 1),
        ("profoundly", "Bob Etheridge", 2),
        ("profoundly", "Renee Ellmers", 1),
    ]


def test_quotes_two_outlets_printing_one_speaker_s_same_short_words_is_one_quote() -> None:
    """ "phony theology" in two outlets, both the candidate's, is one quote of two sources,
    not two entries of one source each, and one with his longer quote that holds them;
    those words given to someone else in a third outlet, and unattributed ones, stay
    apart."""
    from storyline.analyse.quotes import QuoteConfig, QuoteHit
    from storyline.crosscheck.quote_match import group_quotes

    def hit(art: str, text: str, speaker: str | None) -> QuoteHit:
        return QuoteHit(art, 0, len(text), text, True, speaker=speaker)

    hits = [
        hit("a", "phony theology", "Rick Santorum"),
        hit("b", "phony theology", "Rick Santorum"),
        hit("c", "phony theology", "Robert Gibbs"),
        hit("d", "phony theology", None),
        hit("e", "phony theology", None),
        hit("f", "some phony ideal, some phony theology", "Rick Santorum"),
    ]
    conf = QuoteConfig()
    low = (conf.same_speaker_threshold, conf.same_speaker_min_words)
    quotes = group_quotes(hits, ["a", "b", "c", "d", "e", "f"], conf.match_threshold, low)
    assert sorted((q.text, q.speaker or "", len(q.occurrences)) for q in quotes) == [
        ("phony theology", "", 1),
        ("phony theology", "", 1),
        ("phony theology", "Rick Santorum", 3),  # shown as most outlets print it
        ("phony theology", "Robert Gibbs", 1),
    ]


def test_quotes_a_short_phrase_is_another_quote_only_word_for_word_and_same_speaker() -> None:
    """ "We the people", read out by the Speaker, is not a columnist's passage that uses
    those words, nor a congressman's "We fail to show the American people" (the three
    words, apart); where the longer quote is the same person's, or has no speaker, and
    holds the phrase word for word, it is one quote."""
    from storyline.analyse.quotes import QuoteConfig, QuoteHit
    from storyline.crosscheck.quote_match import group_quotes

    conf = QuoteConfig()
    low = (conf.same_speaker_threshold, conf.same_speaker_min_words)
    phrase = "We the people"
    column = "When the chamber sits idle, we the people still have to pay for it"
    apart = "We fail to show the American people that imperfection is not to be feared"

    def hit(art: str, text: str, speaker: str | None) -> QuoteHit:
        return QuoteHit(art, 0, len(text), text, True, speaker=speaker)

    def sizes(*hits: QuoteHit) -> list[int]:
        order = [h.article for h in hits]
        return sorted(len(q.occurrences) for q in group_quotes(list(hits), order, 0.8, low))

    speaker = hit("a", phrase, "John Boehner")
    assert sizes(speaker, hit("b", column, "Peter Keating")) == [1, 1]
    assert sizes(speaker, hit("b", apart, "John Boehner")) == [1, 1]
    assert sizes(speaker, hit("b", apart, None)) == [1, 1]
    assert sizes(speaker, hit("b", column, "John Boehner")) == [2]
    assert sizes(speaker, hit("b", column, None)) == [2]


def test_quotes_a_word_of_one_person_goes_to_the_one_quote_of_theirs_that_holds_it() -> None:
    """A justice's "whipsawed" in one outlet is his "I'm getting whipsawed here" in another:
    one quote of two sources, however short. "in Vietnam", which two other remarks of one
    senator hold, goes to neither (it would make them one); nor does a word of someone's
    that no speaker backs."""
    from storyline.analyse.quotes import QuoteConfig, QuoteHit
    from storyline.crosscheck.quote_match import group_quotes

    conf = QuoteConfig()
    low = (conf.same_speaker_threshold, conf.same_speaker_min_words)

    def hit(art: str, text: str, speaker: str | None) -> QuoteHit:
        return QuoteHit(art, 0, len(text), text, True, speaker=speaker)

    def sizes(*hits: QuoteHit) -> list[int]:
        order = sorted({h.article for h in hits})
        return sorted(len(q.occurrences) for q in group_quotes(list(hits), order, 0.8, low))

    whole = "I'm getting whipsawed here"
    assert sizes(hit("a", whole, "Antonin Scalia"), hit("b", "whipsawed", "Antonin Scalia")) == [2]
    assert sizes(hit("a", whole, "Antonin Scalia"), hit("b", "whipsawed", None)) == [1, 1]
    served = "We have learned something since the days that I served in Vietnam"
    respect = "out of respect to the veterans who served in Vietnam, I will say more"
    senator = "Ray Blum"
    assert sizes(
        hit("a", served, senator), hit("b", respect, senator), hit("c", "in Vietnam", senator)
    ) == [1, 1, 1]


def test_quotes_two_people_of_one_article_are_two_quotes_across_outlets() -> None:
    """An outlet prints a mayor's "Freedom means freedom for everyone" and, apart, her
    father's "I think that freedom means freedom for everyone": two quotes, though
    another outlet's printing of her words is inside his. Two printings of one
    columnist's line join before his line joins the phrase it quotes, so the line and
    the phrase it quotes are a quote each, of 2 sources."""
    from storyline.analyse.quotes import QuoteConfig, QuoteHit
    from storyline.crosscheck.quote_match import group_quotes

    conf = QuoteConfig()
    low = (conf.same_speaker_threshold, conf.same_speaker_min_words)

    def hit(art: str, chain: int, text: str, speaker: str | None) -> QuoteHit:
        return QuoteHit(art, 100 * chain, 100 * chain + len(text), text, True, speaker=speaker,
                        chain=chain)  # fmt: skip

    def grouped(*hits: QuoteHit) -> list[tuple[str | None, int]]:
        order = sorted({h.article for h in hits})
        quotes = group_quotes(list(hits), order, 0.8, low)
        return sorted((q.speaker, len(q.occurrences)) for q in quotes)

    hers = "Freedom means freedom for everyone"
    his = "I think that freedom means freedom for everyone"
    assert grouped(
        hit("a", 0, hers, "Ana Hale"), hit("b", 0, hers, "Ana Hale"), hit("b", 1, his, "Ed Hale")
    ) == [("Ana Hale", 2), ("Ed Hale", 1)]
    line = "Needless to say, the strike was not a strike of the union's choosing at all"
    phrase = "a strike of the union's choosing"
    assert grouped(
        hit("a", 0, phrase, "Ed Hale"),
        hit("a", 1, line, "Bo Kim"),
        hit("b", 0, phrase, "Ed Hale"),
        hit("c", 0, line, "Bo Kim"),
    ) == [("Bo Kim", 2), ("Ed Hale", 2)]


def test_quotes_a_word_or_two_inside_a_split_passage_ties_nothing_to_it() -> None:
    """A columnist's passage quoting "Obama agenda" is not one quote with a reporter's
    question holding those two words; a longer line of the passage quoted elsewhere is."""
    from storyline.analyse.quotes import QuoteHit
    from storyline.crosscheck.quote_match import group_quotes

    passage = (
        "Now, his actions are only partially defensible. He need not have gotten physical "
        "with the students who asked him about the Obama agenda"
    )

    def hit(art: str, text: str, chain: int = 0, start: int = 0) -> QuoteHit:
        return QuoteHit(art, start, start + len(text), text, False, chain=chain)

    hits = [
        hit("a", "Obama agenda."),
        hit("b", "journalism", start=0),
        hit("b", passage, start=40),  # one quotation split by its attribution
        hit("c", "Hi, Congressman. Do you fully support the Obama agenda?"),
        hit("d", "He need not have gotten physical with the students"),
    ]
    groups = sorted(
        sorted({o.span.article for o in q.occurrences}) for q in group_quotes(hits, list("abcd"))
    )
    assert groups == [["a"], ["b", "d"], ["c"]]


def test_quotes_a_title_in_quotation_marks_is_no_quotation() -> None:
    """A programme's name in quotation marks is no one's words, and the quotation after
    it in the sentence still finds its speaker."""
    found = _speakers(
        "Senator Maria Lopez said on CBS's \u201cFace the Nation\u201d on Sunday that the "
        "new port rules were \u201cbadly written.\u201d"
    )
    assert [q for q, _, _ in found] == ["badly written."]
    assert "Lopez" in (found[0][1] or "")


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        # titles by their capitals after "on", "titled", "the headline", "NBC's", where
        # the tagger names no work of art
        ("Senator Maria Lopez told reporters after her interview on NBC's \u201cMeet the "
         "Press.\u201d The column ran under the headline \u201cHarbour Board Puts Pier Plan "
         "on Hold.\u201d", []),
        ("Mayor Ruth Ames sent a memo titled \u201cThe Facts on Where the Pier Stands.\u201d "
         "\u201cWe are ready,\u201d she said.", ["We are ready,"]),
        # a quotation of names is someone's words
        ("\u201cThat\u2019s Ruth Ames and Maria Lopez,\u201d said Tom Reyes, a union "
         "leader.", ["That\u2019s Ruth Ames and Maria Lopez,"]),
    ],
)  # fmt: skip
def test_quotes_a_title_known_by_its_capitals_is_no_quotation(text: str, quotes: list[str]) -> None:
    assert [q for q, _, _ in _speakers(text)] == [q.rstrip(",") for q in quotes]


def test_quotes_of_speakers_given_as_often_the_one_of_the_words_shown_speaks() -> None:
    """A columnist's sentence quoting a party chairman's words, printed by two outlets, and
    the chairman's words alone in a third: one quote, shown in the columnist's words, so
    his, not the chairman's (each is given once); where more outlets give the chairman,
    his."""
    from storyline.analyse.quotes import QuoteConfig, QuoteHit
    from storyline.crosscheck.quote_match import group_quotes

    conf = QuoteConfig()
    low = (conf.same_speaker_threshold, conf.same_speaker_min_words)
    short = "a war of the president's choosing"
    long_ = "Needless to say, the war in the north was not a war of the president's choosing"

    def hit(art: str, text: str, speaker: str | None) -> QuoteHit:
        return QuoteHit(art, 0, len(text), text, False, speaker=speaker)

    def shown(*hits: QuoteHit) -> list[tuple[str, str | None]]:
        order = [h.article for h in hits]
        return [(q.text, q.speaker) for q in group_quotes(list(hits), order, 0.8, low)]

    chair, columnist = "Mel Stone", "Bo Kane"
    assert shown(hit("a", short, chair), hit("b", long_, columnist), hit("c", long_, None)) == [
        (long_, columnist)
    ]
    assert shown(hit("a", short, chair), hit("b", long_, columnist), hit("c", long_, chair)) == [
        (long_, chair)
    ]


def test_quotes_an_unnamed_speaker_is_described_as_introduced() -> None:
    """A speaker no name is given for is shown as the article describes them, with whom
    they speak for ("A spokesperson for Harbourline"), and "the spokesperson" met again
    further on is that one, not a speaker of its own."""
    text = (
        "A spokesperson for Harbourline says the company is \u201cfully committed\u201d to "
        "its passengers.\n\n"
        "\u201cWe share data with the port in accordance with the law,\u201d the "
        "spokesperson said.\n\n"
        "\u201cEvery request is reviewed by our lawyers,\u201d the spokesperson added."
    )
    ctx = _ctx(text)
    hits = article_quotes(ctx.articles[0], ctx.docs["a0"], ctx.entities)
    shown = {h.text.split()[0]: h.speaker_text for h in hits}
    assert shown == {w: "A spokesperson for Harbourline" for w in ("fully", "We", "Every")}, shown
    for h in hits:
        assert text[h.speaker_start : h.speaker_end] == h.speaker_text


def test_quotes_one_article_printing_words_again_inside_a_longer_quotation_is_one_quote() -> None:
    """An article gives "Don't shoot him" in its lead and the whole "Don't shoot him. He
    has no weapon. ..." below, both Rae Holt's: one quote, listed once. A phrase two of
    her quotations hold ("no weapon") goes to neither, and another speaker's words that
    stand in hers stay theirs."""
    from storyline.analyse.quotes import QuoteHit
    from storyline.crosscheck.quote_match import group_quotes

    whole = "Don't shoot him. He has no weapon. He has no weapon. Don't shoot him."
    other = "They said he had no weapon and they shot anyway"

    def hit(start: int, text: str, speaker: str | None, chain: int) -> QuoteHit:
        return QuoteHit("a", start, start + len(text), text, False, speaker=speaker, chain=chain)

    def sizes(*hits: QuoteHit) -> list[int]:
        return sorted(len(q.occurrences) for q in group_quotes(list(hits), ["a"]))

    lead = hit(0, "Don't shoot him", "Rae Holt", 0)
    assert sizes(lead, hit(100, whole, "Rae Holt", 1)) == [2]
    assert sizes(lead, hit(100, whole, "Ian Holt", 1)) == [1, 1]
    # the same words printed again with no speaker (a pull quote) are hers; given to
    # someone else, they stay apart
    assert sizes(hit(0, whole, "Rae Holt", 0), hit(200, whole, None, 1)) == [2]
    assert sizes(hit(0, whole, "Rae Holt", 0), hit(200, whole, "Ian Holt", 1)) == [1, 1]
    phrase = hit(0, "no weapon", "Rae Holt", 0)
    assert sizes(phrase, hit(100, whole, "Rae Holt", 1), hit(300, other, "Rae Holt", 2)) == [
        1,
        1,
        1,
    ]


def test_quotes_a_phrase_held_by_two_quotations_goes_to_its_own_article_s() -> None:
    """A lede's "very close" (Rae Holt's), where her own article prints "We are very close
    to a deal" and another outlet her "we are very close or it is done": the phrase is
    the quotation its own article prints, and the other outlet's stays that outlet's."""
    from storyline.analyse.quotes import QuoteHit
    from storyline.crosscheck.quote_match import group_quotes

    def hit(art: str, start: int, text: str, chain: int) -> QuoteHit:
        return QuoteHit(art, start, start + len(text), text, False, speaker="Rae Holt", chain=chain)

    quotes = group_quotes(
        [
            hit("a", 0, "very close", 0),
            hit("a", 100, "We are very close to a deal", 1),
            hit("b", 0, "we are very close or it is done, she said, and more", 0),
        ],
        ["a", "b"],
    )
    arts = sorted(tuple(sorted({o.span.article for o in q.occurrences})) for q in quotes)
    sizes = {q.text: len(q.occurrences) for q in quotes}
    assert arts == [("a",), ("b",)] and sizes["We are very close to a deal"] == 2


def _mentions_by_quote(text: str) -> dict[str, str | None]:
    """Each quote's first 12 characters -> the mention of its speaker, of one article."""
    ctx = _ctx(text)
    hits = article_quotes(ctx.articles[0], ctx.docs["a0"], ctx.entities)
    return {h.text[:12]: h.speaker_text for h in hits}


def test_quotes_a_quotation_signed_with_a_dash_and_a_name_is_theirs() -> None:
    """Readers' words printed as a list, each signed with a dash and a name ("” ― Nora
    Quist"), are those people's, whatever verb the words hold ("whatever he says"); a dash
    that goes on with the sentence ("” — and Mayor Tom Reyes repeated it") signs nothing."""
    text = (
        "Readers told us what they think of the harbour plan.\n\n"
        "“The mayor never listens to us. He makes simple promises about a quay he knows "
        "nothing about.”\u2015 Nora Quist\u00a0\n"
        "“I would rather keep the old mess than believe whatever he says about it.” "
        "\u2015 Ivo Lund\n"
        "“He is someone no sane voter would want as mayor.”\u00a0\u2015 Ana Berg.\n\n"
        "“We will build it by 2027,” the council wrote in March \u2014 and Mayor Tom Reyes "
        "repeated it on Monday.\n"
    )
    speakers = _mentions_by_quote(text)
    assert speakers["The mayor ne"] == "Nora Quist", speakers
    assert speakers["I would rath"] == "Ivo Lund", speakers
    assert speakers["He is someon"] == "Ana Berg", speakers
    assert speakers["We will buil"] != "Tom Reyes", speakers


def test_quotes_a_signature_on_a_line_below_the_quotation_is_its_speakers() -> None:
    """A list of quoted lines may sign each on a line of its own under it, with a hyphen
    and the name, a title or a description after a comma allowed ("- Mayor Jo Ruiz.",
    "-Tom Quill, Harbour Road."); the name is the mention, without the dash. A line under
    a quotation that goes on with a verb of its own ("- Ivo Lund won the vote ...") signs
    nothing, nor does a line under a quotation that has its own attribution."""
    text = (
        "The harbour debate, in the candidates' words.\n\n"
        "“We will have the quay rebuilt before the storms come back.”\n\n"
        "- Mayor Jo Ruiz.\n\n"
        "“The council never asked the families who live on the water.”\n\n"
        "-Tom Quill, Harbour Road.\n\n"
        "“Nobody on this board has read the engineers' report.”\n\n"
        "- Ivo Lund won the vote on the board by 40 votes to 12.\n\n"
        "“The cranes are older than I am,” said Ana Berg, a docker.\n\n"
        "- Nora Quist.\n"
    )
    speakers = _mentions_by_quote(text)
    assert speakers["We will have"] == "Mayor Jo Ruiz", speakers
    assert speakers["The council "] == "Tom Quill", speakers
    assert speakers["Nobody on th"] != "Ivo Lund", speakers
    assert speakers["The cranes a"] == "Ana Berg", speakers


def test_quotes_words_one_verb_quotes_apart_are_quotes_of_their_own() -> None:
    """Quoted words that one verb introduces are one quotation only where the attribution
    alone splits them; else each is a quote of its own, shown, not hidden behind the other
    (the report shows a quote's text and its passage, nothing of other occurrences)."""
    c = _ctx(
        "The mayor, Jo Ruiz, criticized the harbour board for what she called a "
        "“reckless gamble” that she said was “deeply unfair to the families of the port.”"
    )
    quotes = extract_quotes(c, Config())
    assert sorted(q.text for q in quotes) == [
        "deeply unfair to the families of the port.",
        "reckless gamble",
    ]
    assert {q.speaker for q in quotes} == {"Jo Ruiz"}
    # an attribution closed by a full stop, with abbreviations in it, splits one quotation
    c = _ctx(
        "“The harbour will reopen on Monday,” said Rep. Ann Lee, D-N.Y. “But the cranes need "
        "their checks first.”\n\n“Is it true,” Chief Justice Amy Cole asked Mr. Diaz, “that "
        "the port lost money every year?”"
    )
    quotes = extract_quotes(c, Config())
    assert [q.passage for q in quotes] == [
        ("The harbour will reopen on Monday", "But the cranes need their checks first."),
        ("Is it true", "that the port lost money every year?"),
    ]
    assert [q.speaker for q in quotes] == ["Ann Lee", "Amy Cole"]


def test_quotes_a_programme_named_in_quotation_marks_is_no_quote() -> None:
    """A name of one or two words in quotation marks after a word that names a programme,
    or after its owner's "'s", is a title; the quotation after it is still the speaker's
    ("N.A.A.C.P." does not end her sentence)."""
    quotes = _speakers(
        "Sarah Mills, the former governor, defended the dockers on Monday. On Harbour TV's "
        "“Nightline,” she called on the board to rebuke the N.A.A.C.P. and “set the "
        "record straight.”\n\nAsked on the station's program “This Week,” Mills said "
        "nothing more."
    )
    assert quotes == [("set the record straight.", "Sarah Mills", "verb")]
    # nor does a title stand between a speech verb and the words it introduces
    quotes = _speakers(
        "Port chief Dana Holt spoke after the fire.\n\nHolt tells Harbour TV's “Good Day” on "
        "Friday that “exactly who started it” remains under investigation."
    )
    assert quotes == [("exactly who started it", "Dana Holt", "verb")]


def test_quotes_a_party_member_named_as_a_common_noun_is_no_name() -> None:
    """ "said a New Hampshire Republican" names no one: the quote is shown under those
    words, not given to a "person" called Republican; "the Wisconsin Republican" is the
    person the text was last about, as "the congressman" is; "Republicans said" stays the
    group."""
    said = _speakers(
        "“He will not collapse in a week,” said a New Hampshire Republican. “The polls "
        "are misleading,” one senior Democrat said."
    )
    assert [(q, s) for q, s, _ in said] == [
        ("He will not collapse in a week", None),
        ("The polls are misleading", None),
    ]
    ctx = _ctx("“The polls are misleading,” said a New Hampshire Republican.")
    (hit,) = article_quotes(ctx.articles[0], ctx.docs["a0"], ctx.entities)
    assert hit.speaker_text == "a New Hampshire Republican"
    assert _speakers(
        "Paul Ryan toured the port on Thursday. In an interview, the Wisconsin Republican "
        "said the plan was “a disaster for families.”"
    ) == [("a disaster for families.", "Paul Ryan", "verb")]
    assert _speakers("“We will win in the fall,” Republicans said.") == [
        ("We will win in the fall", "Republicans", "verb")
    ]
    # "The" capitalised inside a sentence is a name's own ("The Federalist", an outlet)
    said = _speakers(
        "Hillary Clinton toured Iowa. According to The Federalist, the men wore shirts "
        "that read “Settle for Hillary.”"
    )
    assert [s for _, s, _ in said] != ["Hillary Clinton"]


def _mentions(text: str) -> list[tuple[str, str | None]]:
    ctx = _ctx(text)
    art = ctx.articles[0]
    return [(h.text, h.speaker_text) for h in article_quotes(art, ctx.docs[art.id], ctx.entities)]


def test_quotes_the_speaker_after_an_inverted_attribution_or_a_sentence_opener() -> None:
    """ "“...,” added a Harbour Democrat": the parse makes the speaker the verb's object,
    yet it speaks; a participle after the quote ("promising the Friends of the Port will
    return") is no attribution of it; and a capitalised preposition the parse made the
    subject ("Of Korvel, ...") is no speaker."""
    got = _mentions(
        "“Look, Marsh needed to win the first two primaries,” added a Harbour Republican. "
        "“He has done that.”"
    )
    assert [m for _, m in got] == ["a Harbour Republican"] * 2, got
    got = _mentions(
        "Anton Vella said the members will still meet, but said, “It is time we change how "
        "we do it,” promising the Friends of the Port will return to its roots."
    )
    assert got and got[0][1] == "Anton Vella", got
    got = _mentions(
        "Of Korvel, Levine, who has given money to the mayor, said, “He is flat-out scary. "
        "I think he is a wonderful man.”"
    )
    assert got and got[0][1] != "Of", got
