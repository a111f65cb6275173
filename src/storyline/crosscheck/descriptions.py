"""Stage `descriptions`: who a person is, as the sources describe them, counted per source.

Outlets describe the people of a story in the words around their names: "Sen.
Chuck Grassley (R-Iowa)", "Senator Charles E. Grassley, Republican of Iowa",
"Iowa Democratic Rep. Bruce Braley". Those are statements the sources make
("Grassley is a Republican senator from Iowa"), yet the sentences around them
say other things, so sentence alignment never counts them. Here each person's
descriptions (the title words before the name, an apposition after it, a
party-and-state tag) are read into attributes (party, state, office and the
other content words) and compared across sources: the sources whose
descriptions share attributes make one statement of kind "description", citing
the words of each source's description that agrees most.

    >>> [s.text for s in describe_people(ctx, cfg)]        # doctest: +SKIP
    ['Senator Charles E. Grassley, Republican of Iowa', ...]

A description says more than a title: "President Obama", "Sen. Grassley" and
"Treasury Secretary Jacob Lew" are how a name is written, not a statement
about the person. A description gives words after the name, a party or a
state, and a statement is made of descriptions with `MIN_ATTRIBUTES`
attributes of their own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from storyline.analyse.entities import (
    OFFICE_WORDS,
    TITLE_WORDS,
    appositive_ranges,
    prenominal_start,
)
from storyline.analyse.quotes import QuoteConfig
from storyline.analyse.speakers import DOCUMENTS, OFFICES, Resolver
from storyline.config import Config
from storyline.context import StoryContext
from storyline.crosscheck.names import n_sources
from storyline.model import Conflict, ConflictSide, Entity, Span, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# Tokens an apposition may run to; longer ones are clauses about something else.
MAX_TOKENS = 16
# Attributes a description needs of its own (a bare title is one).
MIN_ATTRIBUTES = 2
# Words before a name that describe the person without a party or a state: an office
# with what it is of ("U.S. District Judge", "Senate Majority Leader", "French Foreign
# Minister"); two are mostly a title the name is written with ("House Speaker Paul
# Ryan", "Chief Justice John Roberts", "President Daniel Okafor").
OFFICE_BEFORE = 3
# A mark after a name that opens what the person says, not who they are (a quotation
# mark may open scare quotes: "Richard Spencer, 'alt-right' leader").
SAYING_MARK = ":"
LABELS = frozenset({"PERSON", "ORG"})
# Entity types of an apposition that is itself a name, not a description.
NAMES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"})
PARTIES = frozenset({"republican", "democrat", "independent"})
# Words that describe no one alone ("former" is shared by every former official, and
# "candidate" by everyone in a race: "the famously shoot-from-the-lip candidate" and
# "the leading Republican candidate" say two things of Trump).
WEAK = frozenset(
    ["former", "current", "then", "new", "longtime", "top", "recently", "retire", "retired",
     "candidate"]
)  # fmt: skip
HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "dr", "sir", "madam"])
# The words before an office or party that make it a description ("the second-term
# congressman", "the Illinois Democrat", "the former representative").
EPITHET_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "nummod", "poss"})
# An abbreviation spelt with full stops ("f.b.i", "u.s"), read without them.
ACRONYM = re.compile(r"(?:[a-z]\.)+[a-z]")
# Words that make another office of the one they stand before ("lieutenant governor").
OFFICE_PARTS = frozenset(
    ["lieutenant", "deputy", "assistant", "associate", "under", "majority", "minority", "acting"]
)
OTHER_OFFICE = TITLE_WORDS | OFFICE_WORDS | OFFICE_PARTS
LOOKBACK = QuoteConfig().pronoun_lookback_chars
# Spellings of one office or party, as attributes.
SAME = {
    "sen": "senator",
    "rep": "representative",
    "congressman": "representative",
    "congresswoman": "representative",
    "gov": "governor",
    "gop": "republican",
    "r": "republican",
    "democratic": "democrat",
    "d": "democrat",
    "i": "independent",
    "chairwoman": "chairman",
    "chair": "chairman",
    "attorney": "lawyer",
}
# US states: name, then the newsroom (AP) abbreviations that stand for it.
_STATES = """
Alabama: Ala. AL|Alaska: AK|Arizona: Ariz. AZ|Arkansas: Ark. AR|California: Calif. Cal. CA|
Colorado: Colo. CO|Connecticut: Conn. CT|Delaware: Del. DE|Florida: Fla. FL|Georgia: Ga. GA|
Hawaii: HI|Idaho: ID|Illinois: Ill. IL|Indiana: Ind. IN|Iowa: IA|Kansas: Kan. Kans. KS|
Kentucky: Ky. KY|Louisiana: La. LA|Maine: ME|Maryland: Md. MD|Massachusetts: Mass. MA|
Michigan: Mich. MI|Minnesota: Minn. MN|Mississippi: Miss. MS|Missouri: Mo. MO|
Montana: Mont. MT|Nebraska: Neb. Nebr. NE|Nevada: Nev. NV|New Hampshire: N.H. NH|
New Jersey: N.J. NJ|New Mexico: N.M. N.Mex. NM|New York: N.Y. NY|North Carolina: N.C. NC|
North Dakota: N.D. N.Dak. ND|Ohio: OH|Oklahoma: Okla. OK|Oregon: Ore. Oreg. OR|
Pennsylvania: Pa. Penn. Penna. PA|Rhode Island: R.I. RI|South Carolina: S.C. SC|
South Dakota: S.D. S.Dak. SD|Tennessee: Tenn. TN|Texas: Tex. TX|Utah: UT|Vermont: Vt. VT|
Virginia: Va. VA|Washington: Wash. WA|West Virginia: W.Va. W.V. WV|Wisconsin: Wis. Wisc. WI|
Wyoming: Wyo. WY
"""
STATE_OF: dict[str, str] = {}
for _row in _STATES.replace("\n", "").split("|"):
    _name, _abbrs = _row.split(":")
    for _form in [_name, *_abbrs.split()]:
        STATE_OF[_form.lower()] = _name.lower()
# A party tag: "R-" before a state ("(R-Iowa)", ", D-N.Y.,", "R-Calif."), or "(R)".
_TAG = re.compile(r"\(([RDI])\)|\(?\b([RDI])-\s?")
# The state a tag gives, by any of its forms, longest first ("n.y." before "ny").
_TAG_STATE = re.compile(
    "|".join(re.escape(f) for f in sorted(STATE_OF, key=len, reverse=True)) + r"(?![\w])",
    re.IGNORECASE,
)
# A state in running text, by name or abbreviation with its dot ("Washington" is left
# out: it is more often the capital than the state).
_STATE_WORDS = sorted(
    (f for f in STATE_OF if f != "washington" and (len(f) > 2 or "." in f)), key=len, reverse=True
)
_STATE = re.compile(r"(?<![\w.])(" + "|".join(re.escape(f) for f in _STATE_WORDS) + r")(?![\w])",
                    re.IGNORECASE)  # fmt: skip


@dataclass(frozen=True)
class Description:
    """The words around one mention of a person that say who they are."""

    article: str
    start: int
    end: int
    attributes: frozenset[str]
    tagged: str | None = None  # the party of a tag right after the name ("(R-Iowa)")


def describe_people(ctx: StoryContext, cfg: Config) -> list[Statement]:
    """Statements of kind "description": each person's description that two or more
    sources agree on, the best supported first."""
    made: list[tuple[int, int, Statement]] = []
    for rank, found in sorted(described(ctx).items()):
        who = ctx.entities[rank].name
        made += [(st.support, rank, replace(st, about=who)) for st in _agreed(ctx, found)]
    made.sort(key=lambda m: (-m[0], m[1]))
    return [m[2] for m in made]


def described(ctx: StoryContext) -> dict[int, list[Description]]:
    """The descriptions of each person and organisation of the story that has any, by the
    entity's index in `ctx.entities`; read once per story (the conflicts stage asks
    first, for parties, then this stage)."""
    if ctx.described is None:
        ctx.described = {}
        for n, entity in enumerate(ctx.entities):
            if entity.label in LABELS:
                found = [d for m in entity.mentions if (d := _describe(ctx, m, entity.label))]
                if found:
                    ctx.described[n] = found
        for n, d in _epithets(ctx, ctx.described):
            ctx.described.setdefault(n, []).append(d)
    return ctx.described


def _epithets(
    ctx: StoryContext, named: dict[int, list[Description]]
) -> list[tuple[int, Description]]:
    """Descriptions a writer gives in place of a name ("the second-term congressman",
    "The Illinois Democrat"), each with the index of the person it stands for.

    Whom it stands for: `_stands_for`. Only a description that says more than the
    office or party (a word before it) is one: "the congressman" is how a writer names
    him again.
    """
    index = {id(e): n for n, e in enumerate(ctx.entities)}
    # what each person's descriptions by name say (their party and state among it)
    known = {n: frozenset().union(*(d.attributes for d in ds)) for n, ds in named.items()}
    out: list[tuple[int, Description]] = []
    for article in ctx.articles:
        doc = ctx.docs.get(article.id)
        if doc is None:
            continue
        resolver: Resolver | None = None
        for tok in doc:
            word = tok.lower_
            office = tok.pos_ == "NOUN" and tok.lemma_.lower() in OFFICES
            party = word in {"democrat", "republican"}
            if not (office or party) or tok.ent_type_ == "PERSON":
                continue
            if tok.tag_ in {"NNS", "NNPS"}:
                continue  # "the two presidential candidates" are not one person
            kids = list(tok.lefts)
            if not kids or kids[0].dep_ != "det" or kids[0].lower_ != "the":
                continue
            words = {t.lower_.strip(".") for k in kids[1:] for t in k.subtree}
            if words & OTHER_OFFICE:
                continue  # "the vice president", "the lieutenant governor": another office
            if not [k for k in kids[1:] if k.dep_ in EPITHET_DEPS and not k.is_punct]:
                continue  # "the congressman": a name again, no description
            if tok.i + 1 < len(doc) and doc[tok.i + 1].ent_type_ == "PERSON":
                continue  # "the Illinois Democrat Jesse Jackson": a title before a name
            if tok.dep_ == "appos" and tok.head.pos_ == "PROPN":
                continue  # "Sepp Blatter, the embattled president of FIFA": that name's
            if tok.dep_ == "oprd":
                continue  # "Rubio, who he dubbed “the little senator”": said of an object
            if resolver is None:
                # how far back the person may be named: as for a pronoun
                resolver = Resolver(article, doc, ctx.entities, LOOKBACK)
            who, guessed = _stands_for(resolver, tok, office)
            n = index.get(id(who[2])) if who is not None else None
            if n is None:
                continue
            start, end = kids[1].left_edge.idx, tok.idx + len(tok)
            attributes = _attributes(doc, article.text, start, end, (start, start), None)
            if guessed and not _fits(attributes, known.get(n, frozenset())):
                continue  # "the Republican nominee" is not the Democrat named last, nor
                # "the Florida senator" the senator from Texas
            if len(attributes - WEAK) >= MIN_ATTRIBUTES:
                out.append((n, Description(article.id, start, end, attributes)))
    return out


def _stands_for(
    resolver: Resolver, tok: Token, office: bool
) -> tuple[tuple[int, int, Entity] | None, bool]:
    """The person a description in place of a name (headed by `tok`) stands for, and
    whether that is a guess, to be held against what is known of them (`_fits`).

    Named with it, no guess: a name set after it by a comma ("the previous Republican
    presidential nominee, Mitt Romney,"; not "called the senator “the next X”"), or the
    subject of the verb it is said with ("Mr. Cruz is the sole remaining candidate",
    `_subject`). Else an office (`speakers.OFFICES`) stands for the person last named who
    holds it, and a party for the person the text was last about.
    """
    doc = tok.doc
    for c in tok.children:
        if c.dep_ == "appos" and c.ent_type_ == "PERSON" and doc[c.left_edge.i - 1].text == ",":
            return resolver.person_at(c), False
    if tok.dep_ == "attr":
        return _subject(resolver, tok), False
    if office:
        return resolver.described(tok, by_role_only=True), True
    return resolver.antecedent(tok.idx, tok.text, any_gender=True), True


def _fits(attributes: frozenset[str], known: frozenset[str]) -> bool:
    """Can a description be of a person whose descriptions by name say `known`: its party
    one of theirs, and its state theirs where they give a state ("the Florida senator"
    is not "Sen. Ted Cruz (R-Texas)")?"""
    if not attributes & PARTIES <= known:
        return False
    said = {a for a in attributes if a.startswith("state:")}
    states = {a for a in known if a.startswith("state:")}
    return not (said and states and not said & states)


def _subject(resolver: Resolver, tok: Token) -> tuple[int, int, Entity] | None:
    """The person a predicative description is said of ("Mr. Cruz is the sole remaining
    candidate", "since Trump became the presumptive nominee"): the subject of its verb,
    where that is a name and the verb says it is so, not that it may or will be.

    None where the verb has no subject of its own ("To be the GOP's nominee, you must
    ...", "stop Trump from becoming the GOP nominee"), which describes no one in
    particular; where it is a pronoun ("Kasich's team thinks he is the establishment
    candidate" went to the wrong man as often as not); or under a condition, a modal or
    a negation ("if Trump is the GOP nominee", "Trump will be the nominee", "Sessions is
    not the only well-known Republican ...").
    """
    verb = tok.head
    if any(
        c.tag_ == "MD" or c.dep_ == "neg" or (c.dep_ == "mark" and c.lower_ in CONDITIONS)
        for c in verb.children
    ):
        return None
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subject is not None and subject.lower_ == "who" and verb.dep_ == "relcl":
        subject = verb.head  # "Kevin McCarthy, who is the third-ranking Republican"
    return resolver.person_at(subject) if subject is not None and subject.pos_ == "PROPN" else None


# Words that make a clause a condition ("if Trump is the nominee").
CONDITIONS = frozenset({"if", "unless", "whether"})


def party_conflicts(ctx: StoryContext) -> list[Conflict]:
    """Sources that give one person different parties ("Rep. Bruce Braley (D-Iowa)" /
    "Republican Rep. Bruce Braley"): one conflict per person, each side citing the
    descriptions that give its party.

    A source that gives the person two parties (one switched, or a description that
    names both) takes no side; a party word inside a name ("chairman of the Wisconsin
    Republican Party") is the organisation's, not the person's.
    """
    out: list[Conflict] = []
    order = {a.id: n for n, a in enumerate(ctx.articles)}
    for n, found in sorted(described(ctx).items()):
        if ctx.entities[n].label != "PERSON":
            continue
        by_source: dict[str, dict[str, list[Description]]] = defaultdict(dict)
        for d in found:
            party = _own_party(ctx, d)
            if party is not None:
                key = ctx.source_of.get(d.article, d.article)
                by_source[key].setdefault(party, []).append(d)
        sides: dict[str, list[Description]] = defaultdict(list)
        for parties in by_source.values():
            if len(parties) == 1:
                for party, ds in parties.items():
                    sides[party] += ds
        if len(sides) < 2:
            continue
        support = {party: ctx.support({d.article for d in ds}) for party, ds in sides.items()}
        ranked = sorted(
            sides.items(),
            key=lambda p: (-support[p[0]], min(order[d.article] for d in p[1])),
        )
        shown = " vs ".join(f"{party.title()} ({n_sources(support[party])})" for party, _ in ranked)
        out.append(
            Conflict(
                "party",
                f"Sources differ on {ctx.entities[n].name}'s party: {shown}",
                tuple(
                    ConflictSide(
                        party.title(),
                        tuple(
                            Span(d.article, d.start, d.end)
                            for d in sorted(ds, key=lambda d: (order[d.article], d.start))
                        ),
                    )
                    for party, ds in ranked
                ),
            )
        )
    return out


# Words that put a party or an office in the past ("a former Democrat", "Former
# Democratic Sen. Joe Lieberman").
FORMER = frozenset({"former", "onetime", "ex", "erstwhile", "then"})
# Nouns a party word may qualify and still be the person's party: offices and titles.
PARTY_HOLDERS = OFFICE_WORDS | {"lawmaker", "legislator"}


def _own_party(ctx: StoryContext, d: Description) -> str | None:
    """The one party a description says its person belongs to now, if it says one: the
    tag after the name, or a party word that is the description itself ("a Democrat",
    "Republican of Iowa") or qualifies the person's office ("Democratic Rep.").

    Not a candidacy ("presumptive Republican nominee Donald Trump", "a Democratic
    rival": Sanders ran as a Democrat and sits as an independent), nor a past party ("a
    former Democrat", "for years a registered Democrat"), nor a word of someone else
    the words around the name hold ("among Democrat voters", "the Republican Party").
    """
    parties = d.attributes & PARTIES
    if len(parties) != 1:
        return None
    (party,) = parties
    if d.tagged is not None:
        return party if d.tagged == party else None
    doc = ctx.docs.get(d.article)
    span = doc.char_span(d.start, d.end, alignment_mode="expand") if doc is not None else None
    for t in span if span is not None else ():
        if SAME.get(t.lower_, t.lower_) != party or t.ent_type_ in {"ORG", "PERSON"}:
            continue
        if party == "independent" and not t.text[:1].isupper():
            continue  # "an independent investigator"
        head = t.head
        if any(c.lower_.strip(".-") in FORMER for c in (*t.children, *head.children)):
            continue
        if t.dep_ == "appos" or head.lower_.strip(".") in PARTY_HOLDERS:
            return party
    return None


def _agreed(ctx: StoryContext, found: list[Description]) -> list[Statement]:
    """The statements of the descriptions of one person that sources share.

    An attribute is agreed when two sources give it. Each article is cited by its
    first description that gives one, where the writer introduces the person. What
    the sources agree on beyond those is a statement of its own, of the first
    descriptions that give it ("Massachusetts Gov. Deval Patrick (D)" introduces him
    in one article, which later calls him "the state's first African-American
    governor", as another does where it introduces him); a party or a state given
    again makes none.
    """
    sources: dict[str, set[str]] = defaultdict(set)
    for d in found:
        for a in d.attributes - WEAK:
            sources[a].add(ctx.source_of.get(d.article, d.article))
    agreed = {a for a, s in sources.items() if len(s) >= 2}
    out: list[Statement] = []
    while agreed:
        statement, said = _statement(ctx, found, agreed, shown=bool(out))
        if not said:
            break
        if statement is not None:
            out.append(statement)
        agreed -= said
    return out


def _statement(
    ctx: StoryContext, found: list[Description], agreed: set[str], shown: bool = False
) -> tuple[Statement | None, set[str]]:
    """One statement of the first description of each article that gives an agreed
    attribute, and the agreed attributes it states (given by two of its sources).

    `shown`: a statement of this person is made already; this one is shown in the
    words that give most of what it adds."""
    first: dict[str, Description] = {}
    for d in sorted(found, key=lambda d: (d.article, d.start)):
        if len(d.attributes - WEAK) >= MIN_ATTRIBUTES and d.attributes & agreed:
            first.setdefault(d.article, d)
    _off_both_sides(ctx, first)
    by: dict[str, set[str]] = defaultdict(set)
    for d in first.values():
        for a in d.attributes & agreed:
            by[a].add(ctx.source_of.get(d.article, d.article))
    said = {a for a, s in by.items() if len(s) >= 2}
    if shown and all(a in PARTIES or a.startswith("state:") for a in said):
        return None, said  # a party and a state are the first statement's to give
    # each cited description says some of it: a source is cited for what it says
    first = {art: d for art, d in first.items() if d.attributes & said}
    support = ctx.support(set(first))
    if not said or support < 2:
        return None, set()
    order = {a.id: i for i, a in enumerate(ctx.articles)}
    cited = sorted(first.values(), key=lambda d: (order.get(d.article, 0), d.start))
    # the words shown: the description most of whose attributes others give too
    best = said if shown else agreed

    def gives(d: Description) -> tuple[int, float]:
        return len(d.attributes & best), len(d.attributes & best) / len(d.attributes)

    lead = max(cited, key=gives)
    text = ctx.by_id[lead.article].text[lead.start : lead.end]
    spans = tuple(Span(d.article, d.start, d.end) for d in cited)
    return Statement(text, support, spans, kind="description"), said


def _off_both_sides(ctx: StoryContext, first: dict[str, Description]) -> None:
    """Leave out the descriptions that would cite two sides of one conflict.

    A description lies inside a sentence, and sentences are what conflicts cite:
    "Speaker John A. Boehner of Ohio said on Monday ..." against "House Speaker John
    Boehner (R-Ohio) admitted ... in an interview ... Tuesday". No statement cites two
    sides of one conflict, so the descriptions on the side fewer sources take go.
    """
    for conflict in ctx.conflicts:
        if not conflict.of_claims:
            continue
        on: dict[int, list[str]] = defaultdict(list)
        for article, d in first.items():
            span = Span(d.article, d.start, d.end)
            for n, side in enumerate(conflict.sides):
                if any(span.overlaps(c) for c in side.citations):
                    on[n].append(article)
        if len(on) < 2:
            continue
        keep = max(on, key=lambda n: (ctx.support(on[n]), -n))
        for n, articles in on.items():
            if n != keep:
                for article in articles:
                    first.pop(article, None)


def _describe(ctx: StoryContext, mention: Span, label: str) -> Description | None:
    """The description at one mention, where it says who they are: words after the name
    (an apposition, a party-and-state tag), or, for a person, a party or state before it
    or an office of `OFFICE_BEFORE` words ("U.S. District Judge")."""
    doc = ctx.docs.get(mention.article)
    if doc is None:
        return None
    name = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if name is None or not len(name):
        return None
    first = _office_of(doc, prenominal_start(doc, name.start))
    while first > 0 and doc[first - 1].lower_ in TITLE_WORDS and not doc[first - 1].is_sent_end:
        first -= 1  # a title the entity holds ("Representative Bruce Braley")
    # an apposition that is itself a name ("Microsoft, Yahoo, Google ...") describes nobody
    # nor does a relative clause the parse took for one ("Mark Mattioli, whose 6-year-old
    # son, James, was killed" would read "whose 6-year-old son, James")
    # nor a written thing ("has sent Ryan, R-Wis., a letter saying ..." is parsed with the
    # letter as Ryan's apposition)
    # nor what follows a colon: what they said ("HHS Secretary Becerra: 'Absolutely the
    # government's business' to know ...", a headline)
    after = [_to_punctuation(doc, s, e) for s, e in appositive_ranges(name, MAX_TOKENS)
             if s >= name.end and doc[s:e].root.ent_type_ not in NAMES
             and doc[s].tag_ not in {"WP", "WP$", "WDT"}
             and doc[s:e].root.lemma_.lower() not in DOCUMENTS
             and not any(t.text == SAYING_MARK for t in doc[name.end : s + 1])]  # fmt: skip
    after += _of_place(doc, name)
    if label != "PERSON" and not after:
        return None  # an organisation's words before its name are mostly its name
    last = max([name.end, *after])
    while last > name.end and doc[last - 1].is_punct and doc[last - 1].text != ")":
        last -= 1
    start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1])
    text = ctx.by_id[mention.article].text  # the doc's text (doc.text joins every token)
    tag = party_tag(text, after_bracket(text, mention.end))
    if tag is not None:
        end = max(end, tag[2])
    close = text.find(")", end, end + 3)
    if text.count("(", start, end) > text.count(")", start, end) and close >= 0:
        end = close + 1
    if (start, end) == (mention.start, mention.end):
        return None
    attributes = _attributes(doc, text, start, end, (mention.start, mention.end), tag)
    said_after = end > mention.end
    if not attributes - WEAK:
        return None
    if not (
        said_after
        or attributes & PARTIES
        or _has_state(attributes)
        or len(attributes - WEAK) >= OFFICE_BEFORE
    ):
        return None
    return Description(mention.article, start, end, attributes, tag[0] if tag else None)


def _office_of(doc: Doc, first: int) -> int:
    """Title words before a name that are the tail of "Speaker of the House" start at the
    office ("Speaker of the House John Boehner", not "House John Boehner")."""
    i = first - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    office = doc[i - 1] if i >= 1 and doc[i].lower_ == "of" else None
    if office is not None and office.is_title and office.lower_ in TITLE_WORDS:
        return i - 1 if office.sent.start == doc[first].sent.start else first
    return first


def _to_punctuation(doc: Doc, start: int, end: int) -> int:
    """The end of an apposition from token `start` that the parse ended at `end`: there,
    or, where the phrase runs on, at the next punctuation of its sentence.

    A parse that breaks a noun phrase ends the apposition inside it: "a senior trade
    adviser at Washington think tank the Center for ..." parsed with "tank" as a verb
    gives "a senior trade adviser at Washington", and "executive director of the
    Coalition to Stop Gun Violence" gives "... of the Coalition". A verb right after
    it is the clause's own ("Harry Reid, Senate majority leader and a Democrat facing
    ..."; "his mother and sisters accompanied him"): the apposition ends there.
    """
    if end >= len(doc) or doc[end].is_punct or doc[end].is_space or doc[end].is_sent_start:
        return end
    if doc[end].pos_ in {"VERB", "AUX"}:
        return end
    stop = doc[end].sent.end
    k = end
    while k < stop and not (doc[k].is_punct or doc[k].is_space):
        k += 1
    return k if k - start <= MAX_TOKENS else end


def _of_place(doc: Doc, name: SpacySpan) -> list[int]:
    """The end of "of Ohio" right after a name ("Speaker John A. Boehner of Ohio")."""
    if name.end >= len(doc) or doc[name.end].lower_ != "of" or doc[name.end].head.i != name.root.i:
        return []
    objs = [t for t in doc[name.end].children if t.dep_ == "pobj" and t.ent_type_ == "GPE"]
    return [objs[0].right_edge.i + 1] if objs else []


def party_tag(text: str, i: int) -> tuple[str, str | None, int] | None:
    """(party, state or None, end) of a party tag at `i`: "R-Iowa", "D-N.Y.", "(R)"."""
    m = _TAG.match(text, i)
    if m is None:
        return None
    party = SAME[(m.group(1) or m.group(2)).lower()]
    if m.group(1):
        return party, None, m.end()
    state = _TAG_STATE.match(text, m.end())
    if state is None:
        return None
    return party, STATE_OF[state.group(0).lower()], state.end()


def _has_state(attributes: frozenset[str]) -> bool:
    return any(a.startswith("state:") for a in attributes)


def after_bracket(text: str, i: int) -> int:
    """Where a tag may start after the name ending at `i`: past ", " or " " (a bracket
    is the tag's own)."""
    j = i
    while j < len(text) and j - i < 2 and text[j] in " ,":
        j += 1
    return j


def _attributes(
    doc: Doc,
    text: str,
    start: int,
    end: int,
    name: tuple[int, int],
    tag: tuple[str, str | None, int] | None,
) -> frozenset[str]:
    """What a description says: party, state ("state:iowa"), and its content words.

    Only the tag right after the name is its party; another tag in the words
    ("communications director for Rep. X (R-Tenn.)") is someone else's, and so are
    other people's names.
    """
    out: set[str] = set()
    taken: list[tuple[int, int]] = [name]
    if tag is not None:
        out.add(tag[0])
        if tag[1]:
            out.add("state:" + tag[1])
        taken.append((name[1], tag[2]))
    for m in _TAG.finditer(text, start, end):
        other = party_tag(text, m.start())
        if other is not None:
            taken.append((m.start(), other[2]))
    for m in _STATE.finditer(text, start, end):
        if not any(s <= m.start() < e for s, e in taken):
            out.add("state:" + STATE_OF[m.group(1).lower()])
            taken.append(m.span())
    span = doc.char_span(start, end, alignment_mode="expand")
    for t in span if span is not None else ():
        if any(s <= t.idx < e for s, e in taken) or t.is_punct or t.is_space:
            continue
        if t.ent_type_ == "PERSON":
            continue
        word = (t.lemma_ or t.text).lower().strip(".")
        if ACRONYM.fullmatch(word):
            word = word.replace(".", "")  # "F.B.I." and "FBI" are one word
        if not word or t.is_stop or word in HONORIFICS or not any(c.isalnum() for c in word):
            continue
        out.add(SAME.get(word, word))
    return frozenset(out)
