"""Stage `figures`: the figures the sources give, keyed by what each one measures.

A figure is a number read together with what it measures, from the spaCy
parse of its sentence:

- a death toll ("killed 32 people", "the death toll was at least 24", "left
  11 people dead") or a count of the wounded, with who was counted (people,
  children, women, fighters; civilians counted beside others are a part of a
  toll, not the toll), what struck (air strikes, shelling, a bomb, mines, gas,
  a crash), the day named in its clause ("on Thursday"), and the period a
  running total covers ("during the past week", "since 2011");
- a rate or an amount ("30% on Chinese goods", "China's 10% on American
  exports", "$2 billion for the plant"): the thing it measures ("tariffs",
  "duties") and the parties of its prepositional and possessive arguments,
  demonyms normalised ("Chinese goods" and "goods from China" are one key);
  a share of people by what they do or say ("52 percent of voters support the
  plan", "16 percent say they do not know enough");
- a count of events ("extended the deadline three times") and the ordinal of
  the current one ("it is the fourth extension"): both say how many there
  have been, so they meet (a verb and its noun, "extend" / "extension");
- a count of things ("two investigations") by the counted noun and its verb.

`figure_conflicts` groups the readings into measures (the figures table,
`find_figures`) and turns disagreements into conflicts.

    >>> figures = find_figures(ctx, cfg)          # doctest: +SKIP
    >>> [f.measure for f in figures]               # doctest: +SKIP
    ['people killed (bombing)', 'tariff on US goods (%)', ...]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from storyline.analyse.dates import DATELINE_CHARS, WEEKDAYS, article_dates, dateline, parse_day
from storyline.analyse.doc_index import (
    PARTY_LABELS,
    ents,
    name_words,
    sentence_spans,
    tokens_between,
)
from storyline.analyse.quantities import parse_number
from storyline.analyse.speakers import subject_of
from storyline.config import Config
from storyline.context import StoryContext
from storyline.crosscheck.facts import (
    ADDED,
    DEATHS,
    HARM,
    LIVES,
    Value,
    counts_attacker,
    may_give_numbers,
    story_values,
)
from storyline.crosscheck.frames import SPEECH
from storyline.model import Article, DateRef, Figure, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

# Words of a toll of the dead and of the wounded: the verbs of harm (`facts.HARM`) and the
# nouns and participles that tell the same
DEATH = {v for v, toll in HARM.items() if toll == "dead"} | DEATHS | {
    "dead", "toll", LIVES, "killing"}  # fmt: skip
WOUND = {v for v, toll in HARM.items() if toll == "hurt"} | {"injury", "wounded", "injured"}
TOLL_WORDS = DEATH | WOUND  # either toll
# Who a toll counts. Civilians counted on their own are the toll; beside others, a part.
VICTIMS = {
    "child": "children", "children": "children", "kid": "children", "minor": "children",
    "baby": "children", "boy": "children", "girl": "children",
    "woman": "women", "women": "women",
    "fighter": "fighters", "rebel": "fighters", "soldier": "fighters", "militant": "fighters",
    "troop": "fighters", "jihadist": "fighters", "terrorist": "fighters", "gunman": "fighters",
    "combatant": "fighters", "militiaman": "fighters", "policeman": "fighters",
    "officer": "fighters", "member": "fighters", "insurgent": "fighters",
    "civilian": "civilians",
}  # fmt: skip
# "a father of seven": a number of children, no figure of the story
KIN = {"father", "mother", "parent", "grandfather", "grandmother", "grandparent", "dad", "mom",
       "mum"}  # fmt: skip
# Who else a toll counts as people (a number on another noun is no toll: "two towns").
PERSONS = {"people", "person", "dead", "victim", "resident", "citizen", "villager", "worshipper",
           "passenger", "evacuee", "student", "patient", "civilian", "individual", "family",
           "refugee", "man", "men", "worker", "volunteer", "pilgrim", "casualty", "body",
           "those"}  # fmt: skip
# Words that are no figure: "dozens of people" agrees with any toll over twenty.
VAGUE = {"dozens", "dozen", "hundreds", "scores", "several", "thousands", "tens", "a dozen"}
# A toll of the whole war, not of one attack.
WAR = {"war", "conflict", "uprising", "revolution", "crisis"}
# A toll said to be another one ("another seven people") is not the toll of the attack.
ANOTHER = {"another", "other", "further", "more", "additional"}
# Cause classes one attack can be named by together: gas is dropped or fired.
CAUSE_LINKS = {frozenset({"chemical attack", "air strikes"}),
               frozenset({"chemical attack", "shelling"}),
               frozenset({"crash", "air strikes"})}  # fmt: skip
# What struck: news names one attack with words of one class.
CAUSES = {
    "airstrike": "air strikes", "air": "air strikes", "raid": "air strikes",
    "warplane": "air strikes", "jet": "air strikes", "aircraft": "air strikes",
    "helicopter": "air strikes", "plane": "air strikes", "barrel": "air strikes",
    "aerial": "air strikes", "bombardment": "air strikes",
    "shell": "shelling", "shelling": "shelling", "rocket": "shelling", "mortar": "shelling",
    "artillery": "shelling", "missile": "shelling", "projectile": "shelling",
    "bomb": "bombing", "bombing": "bombing", "blast": "bombing", "explosion": "bombing",
    "explosive": "bombing", "suicide": "bombing", "bomber": "bombing", "ied": "bombing",
    "mine": "mines", "landmine": "mines",
    "gas": "chemical attack", "chemical": "chemical attack", "toxic": "chemical attack",
    "sarin": "chemical attack", "chlorine": "chemical attack",
    "gunfire": "gunfire", "sniper": "gunfire", "shooting": "gunfire",
    "crash": "crash",
}  # fmt: skip
# Words that make a toll a running total over a period, not the toll of one attack.
PERIODS = {"week", "month", "year", "weekend", "decade", "since"}
# Verbs that carry a figure without saying what it measures ("the toll rose to 70").
LIGHT = {"be", "have", "leave", "put", "reach", "hit", "rise", "stand", "climb", "mount",
         "jump", "increase", "remain", "include", "top", "exceed", "pass", "bring", "raise",
         "surpass", "hover", "total", "number", "soar", "grow", "give"}  # fmt: skip
# Acts too common to count as one thing done again ("said it five times", "the third time
# he has said so", "took it twice"): two such counts in a story are seldom of one act
VAGUE_ACTS = SPEECH | {"do", "get", "make", "take", "become", "go", "come", "see", "try"}
UNCOUNTED = LIGHT | VAGUE_ACTS  # acts no count of "times" is kept for
# Light verbs of a figure that are deals of money ("raised $4 million", "gave $5,000").
DEALS = {"raise", "bring", "give", "put"}
# Nouns for an attack besides those that say what struck.
ATTACKS = {"attack", "strike", "assault", "ambush", "massacre"}
# Verbs by which a source gives a figure it counted ("the monitor counted 24 dead").
COUNTING = {"count", "record", "document", "tally", "register", "verify", "confirm", "put"}
TALLY = {"toll", "tally", "figure", "count", "number"}
# Verbs and words that say a figure was revised.
UPDATE_VERBS = {"rise", "climb", "mount", "jump", "increase", "update", "revise", "raise",
                "soar", "grow"}  # fmt: skip
PREVIOUS = {"previous", "earlier", "initial", "preliminary", "old", "prior", "first"}
MODALS = {"will", "would", "could", "may", "might", "should", "can", "shall"}
PLANS = {"plan", "expect", "likely", "threaten", "aim", "seek", "want", "propose", "intend",
         "consider", "hope", "demand", "warn"}  # fmt: skip
# Verbs whose object, a measure with its figure, is what someone stands for, not what is
# ("backing a minimum wage of $15", "favours a cap of 20 percent"); not a count of what
# they back ("endorsed eight candidates"), nor a figure as their subject ("45 percent
# back it").
BACKS = {"back", "support", "favor", "favour", "endorse", "advocate", "champion"}
# What before a number makes it a rank ("No. 1", "number two"), and before a percent a
# group of people ranked by income ("the top 1 percent"), not a figure (`_no_measure`).
RANK = re.compile(r"(?:\bNo\.|\b[Nn]umber)\s*$")  # (not "vote no. One ...")
RANKED_GROUP = re.compile(r"\b(?:top|bottom|richest|poorest|wealthiest)\s*$")
RATE_AFTER = re.compile(r"\s*(?:(?:marginal|income|tax|corporate)\s+)*(?:rate|bracket)", re.I)
# A share by which one thing exceeds another ("44 percent fewer supporters ... than she
# did eight years ago"): a difference, not the share the noun after it has
COMPARED_AFTER = re.compile(
    r"\s+(?:fewer|more|less|higher|lower|greater|larger|smaller|bigger)\b[^.;:]*?\bthan\b", re.I
)
# Verbs of a change someone makes to a figure ("raised the wage to $15"), which an
# infinitive or a gerund tells as an aim instead (`_aimed`); not a report's revision
# ("updating a previous toll of 112") nor a figure that rises by itself.
CHANGES = {"raise", "increase", "cut", "lower", "reduce", "hike", "boost", "double", "triple",
           "halve", "slash", "expand", "extend", "shorten"}  # fmt: skip
# Verbs whose infinitive or gerund happened ("forced HP to slash", "ended up raising") or
# was decided ("agreed to reduce tariffs to 30 percent", "voted to raise").
MADE = {"force", "manage", "end", "help", "begin", "start", "continue", "keep", "finish",
        "succeed", "compel", "oblige", "able", "agree", "decide", "vote", "approve", "opt",
        "choose", "elect", "move"}  # fmt: skip
# Prepositions before a gerund of an aim ("a goal of raising", "a call for cutting").
AIM_PREPS = {"of", "for", "on", "toward", "towards"}
# Clause links a figure's context does not cross downwards (another clause, another claim).
CUT = {"relcl", "advcl", "ccomp", "conj", "parataxis", "csubj", "cc", "punct", "mark", "xcomp"}
# Links a figure's context does not climb upwards: the head is another clause or claim.
CLAUSE_UP = {"ccomp", "parataxis", "conj"}
GOODS = {"good", "goods", "export", "import", "product", "shipment", "commodity", "item"}
SYNONYMS = {"duty": "tariff", "duties": "tariff", "levy": "tariff", "tariffs": "tariff"}
GENERIC = {"%", "percent", "percentage", "point", "number", "total", "figure", "amount", "one",
           "time", "thousand", "million", "billion", "trillion", "dozen", "dozens", "hundred",
           "hundreds", "other", "others", "some", "rate"}  # fmt: skip
# Names of laws: a number in one is part of the name ("Amendment 64", "Section 2"; spaCy's
# WORK_OF_ART is too often a scraped head run into a lead: "... Aleppo SANA One civilian")
TITLED = {"LAW"}
# Nouns of a whole made of what a number counts, which stand for it before its verb ("A
# total of 17 million people watched", "a convoy of 11 buses left").
GATHERED = GENERIC | {"group", "convoy", "series", "crowd", "fleet", "handful", "majority",
                      "average", "batch", "column", "wave", "stockpile", "area"}  # fmt: skip
# A capital names its government in news ("Washington kept a 30% tariff").
CAPITALS = {"washington": "us", "beijing": "china", "moscow": "russia", "london": "uk",
            "paris": "france", "berlin": "germany", "tokyo": "japan", "brussels": "eu",
            "kyiv": "ukraine", "kiev": "ukraine", "tehran": "iran", "ottawa": "canada",
            "new delhi": "india", "delhi": "india", "damascus": "syria", "ankara": "turkey",
            "jerusalem": "israel", "mexico city": "mexico", "seoul": "south korea",
            "pyongyang": "north korea", "taipei": "taiwan"}  # fmt: skip
# Prepositions of what an amount was spent on.
SPENT_ON = {"on", "at", "for", "to"}
# Titles before a name, never a party by themselves.
TITLES = {"mr", "mrs", "ms", "dr", "rep", "sen", "gov", "gen", "col", "prof", "rev", "sir"}
# Prepositions that say where a toll's attack happened.
WHERE = {"in", "near", "at", "outside", "inside", "around", "across", "on", "into"}
PREPS = {"on", "of", "for", "against", "from", "to", "in", "with"}
FIGURE_KINDS = {"percent", "money", "count", "times", "ordinal", "duration"}
# Sentences back a toll that names no attack looks for the attack its article tells of.
INHERIT = 2
# Days before its article's date an attack told without a day may have happened.
REPORT_LAG = 7
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Hedges shown with a value, so that a reader sees "at least 24", not "24".
_HEDGE = re.compile(
    r"(?:at least|at most|more than|less than|fewer than|over|under|about|around|nearly|"
    r"almost|roughly|some|approximately|up to|close to|an estimated|estimated)\s*[$€£]?\s*$",
    re.I,
)


@dataclass(frozen=True)
class Key:
    """What one figure measures; None (or empty) where its sentence does not say.

    `family`: percent, money:<unit>, count, event (counts of events and
    ordinals), duration. `thing`: killed / wounded for tolls, else the noun or
    verb measured. `roles`: (role, party) pairs: ("on goods", "china"),
    ("holder", "us"), ("of", "talk"). `verb`: what a count counts by, what was done
    with an amount, what a share of people does or says (`_share_act`: "support",
    "say: have view"); a share of those who do one thing is no share of those who do
    another. `cause`, `day` (ISO date or weekday
    name), `period`: of a toll. `planned`: a figure stated as a plan.
    `reported`: the day a toll's article was written; a toll told without a
    day is of the week before it.
    """

    family: str
    thing: str | None
    victims: str | None = None
    verb: str | None = None
    roles: frozenset[tuple[str, str]] = frozenset()
    cause: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    day: tuple[str | None, int | None] = (None, None)
    period: str | None = None
    planned: bool = False
    reported: str | None = None  # the day a toll's article was written (ISO)
    named: str | None = None  # the named thing an amount was spent on ("holistic retreat")
    attacks: int | None = None  # how many attacks a toll is of, where its words count them

    @property
    def toll(self) -> bool:
        return self.thing in {"killed", "wounded"}

    def detail(self) -> int:
        """How much the key says (the more specific keys are placed first)."""
        return (
            len(self.roles)
            + len(self.cause)
            + bool(self.places)
            + (self.day != (None, None))
            + (self.verb is not None)
            + (self.thing is not None)
            + (self.named is not None)
        )


@dataclass(frozen=True)
class Reading:
    """One figure in one sentence: the value, what it measures, and the sentence."""

    value: Value
    key: Key
    sentence: Span
    published: str | None
    shown: str
    previous: bool = False  # stated as an earlier figure ("a previous toll of 112")
    revised: bool = False  # its sentence says the figure was revised ("rose to")
    speaker: str | None = None  # who the figure is credited to ("observatory"), if anyone


def find_figures(ctx: StoryContext, cfg: Config) -> list[Figure]:
    """The figures table of the story: every measure with every value and its sources."""
    from storyline.crosscheck.figure_conflicts import (
        figure_table,  # it groups this module's readings
    )

    return figure_table(ctx)


def article_readings(ctx: StoryContext, article_id: str) -> Iterator[Reading]:
    """Every figure of one article with its key."""
    art = ctx.by_id[article_id]
    doc = ctx.docs[article_id]
    dates = ctx.dates.get(article_id, [])
    written = dateline(art, dates)
    redated = written is not None and written != (art.published or "")[:10]
    if redated:
        # "on Friday" is the Friday before the article was written, not before it was filed
        dates = article_dates(art, parse_day(written))
    when = written or art.published
    spans = sentence_spans(art, doc)
    quantities = ctx.quantities.get(article_id, [])
    for n, (s, e) in enumerate(spans):
        if not may_give_numbers(art.text, s, e, quantities):
            continue  # no figure in it (most sentences): its values are not worked out
        for v in story_values(ctx, article_id, s, e, dates if redated else None):
            if v.kind not in FIGURE_KINDS:
                continue
            read = _reading(doc, art.text, v, dates, Span(article_id, s, e), when)
            if read is not None and read.key.thing == "killed" and not names_attack(read.key):
                read = _inherit(read, art, doc, spans[max(0, n - INHERIT) : n])
            if read is not None:
                yield read


def _inherit(r: Reading, art: Article, doc: Doc, before: list[tuple[int, int]]) -> Reading:
    """A death toll that names no attack ("the death toll was at least 24") is of the attack
    its article was just telling of: what struck in the sentences before it, else the title.
    Counts of the wounded are rougher and often of a part; they are left as they are."""
    for s, e in reversed(before):
        cause = _causes(tokens_between(doc, s, e))
        if cause:
            break
    else:
        cause = frozenset(CAUSES[w] for w in re.findall(r"[a-z]+", (art.title or "").lower())
                          if w in CAUSES)  # fmt: skip
    if not _one_attack(cause):
        return r
    return replace(r, key=replace(r.key, cause=cause))


def _reading(
    doc: Doc, text: str, v: Value, dates: list[DateRef], sentence: Span, published: str | None
) -> Reading | None:
    toks = tokens_between(doc, v.start, v.end)
    if not toks or v.text.lower() in VAGUE:
        return None
    inside = {t.i for t in toks}
    root = next((t for t in toks if t.head.i not in inside or t.head.i == t.i), toks[-1])
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_ == "age":
        return None  # "110 of them under the age of 18": an age, not a count
    if root.dep_ == "appos" and root.ent_type_ == "DATE" and root.head.pos_ == "PROPN":
        return None  # "the death of Scott, 43, ...": a person's age (spaCy's DATE)
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in KIN:
        return None  # "a father of seven": his children, no toll
    if v.kind == "count" and _clock(toks[-1]):
        return None  # "at 5 p.m.": a time of day, which no source counts
    if any(t.ent_type_ in TITLED for t in toks) or (
        v.kind == "duration"
        and any(t.is_title and t.i != t.sent.start for t in toks[1:])
        and not _headline(toks[0].sent)
    ):
        return None  # a name's number: "Amendment 64", the film "13 Hours" (title case)
    if _no_measure(text, v):
        return None
    near = _context(root, inside)
    verb = _verb(root)
    planned = _planned(root)
    revised = any(
        t.lemma_.lower() in UPDATE_VERBS and t.pos_ in {"VERB", "AUX", "ADJ"}
        for t in doc[root.sent.start : root.sent.end]
    )  # not a heading's "UPDATE 2:52 p.m."
    previous = _previous(root)
    hedge = _HEDGE.search(text[max(0, v.start - 25) : v.start])
    shown = (hedge.group(0).strip() + " " if hedge else "") + v.text
    counted = _counted(root, inside)
    what = _told_beside(doc, toks, len(hedge.group(0)) if hedge else 0) or next(
        (told for t in near if (told := _toll_of(t)) is not None), None
    )
    if what is None and counted is None and _elided_toll(root):
        what = "killed"
    if (
        what is not None
        and v.kind == "count"
        and (_counts_people(counted) or _harmed(counted, root, v.number))
    ):
        if ADDED in v.anchor or (
            counted is not None and any(c.lower_ in ANOTHER for c in counted.children)
        ):
            return None  # "another seven people", "three more": a toll beside the one in question
        if _of_counted(root):
            return None  # "five civilians of one family": whose they were, no toll
        cause = _causes(near)
        places = _places(near)
        day = _day(near, dates)
        wider = _sentence_context(root, near) if what == "killed" else []
        if not cause and _one_attack(_causes(wider)):
            cause = _causes(wider)
        if day == (None, None) and _one_day(wider, dates):
            day = _day(wider, dates)
        period = (
            _period(near, root, _before(dates, published))
            or _date_range(root, published)
            or _past_year(root, published, dates)
        )
        # how many bombings, only of a toll of bombings (`part_and_whole`)
        attacks = None
        if cause == {"bombing"}:
            attacks = _attacks(near) or (_attacks(wider) if cause == _causes(wider) else None)
        key = Key("count", what, victims=_victims(counted, root), cause=cause,
                  places=frozenset(places), day=day, period=period, planned=planned,
                  reported=published[:10] if published else None,
                  attacks=attacks)  # fmt: skip
        previous = previous or any(
            t.lemma_.lower() in PREVIOUS and t.head.lemma_.lower() in {"toll", "figure", "tally"}
            for t in near
        )
        return Reading(v, key, sentence, published, shown, previous, revised, _speaker(root, near))
    key_ = _generic(v, root, counted, verb, inside, planned)
    if key_ is None:
        return None
    if v.kind == "ordinal" and key_.thing:
        noun = _ordinal_noun(root)  # "third time" as printed; "fourth extension" by its key
        timed = noun.text if noun is not None and noun.lemma_.lower() == "time" else None
        shown = f"{v.text} {timed or key_.thing}"
    elif v.kind == "count":
        shown += _what_counted(doc, toks[-1], counted)
    return Reading(v, key_, sentence, published, shown, previous, revised)


# what follows an hour on the clock
CLOCK = frozenset({"a.m.", "p.m.", "am", "pm", "a.m", "p.m", "o'clock", "o’clock"})


def _of_counted(root: Token) -> bool:
    """Is the count on a noun after "of" that hangs on a noun counted itself ("Five
    civilians of one family", "two members of one household")? Of a toll, it says whose
    they were ("3000 residents of two villages" still counts the villages)."""
    noun = root.head if root.dep_ == "nummod" else None
    if noun is None or noun.dep_ != "pobj" or noun.head.lower_ != "of":
        return False
    counted = noun.head.head
    return counted.pos_ in {"NOUN", "PROPN"} and any(
        c.dep_ == "nummod" and c.i != root.i for c in counted.children
    )


def _toll_of(t: Token) -> str | None:
    """killed / wounded, where the word tells a toll ("killed", "dead", "injure")."""
    for lemma in (t.lemma_.lower(), t.lower_):
        if lemma in DEATH:
            return "killed"
        if lemma in WOUND:
            return "wounded"
    return None


def _told_beside(doc: Doc, toks: list[Token], hedged: int) -> str | None:
    """The toll a count is told with side by side, as a headline runs tolls together
    without commas, where the parse goes astray: a participle right after it, or after
    it and one noun ("Nine persons killed 12 injured", "at least 27 people dead"), else a
    verb right before it, hedge aside ("kill 10 civilians injure 16", "killed at least
    27 people"; `hedged`: the length of the hedge's text before it). None where neither
    stands beside it."""
    first, last = toks[0], toks[-1]
    after = [doc[i] for i in range(last.i + 1, min(last.i + 3, first.sent.end))]
    if len(after) > 1 and after[0].pos_ in {"NOUN", "PROPN"}:
        after = after[1:]
    if after and after[0].tag_ in {"VBN", "JJ"} and (told := _toll_of(after[0])):
        return None if _both_tolls(doc, after[0].i, 1) else told
    end = first.idx - hedged
    before = tokens_between(doc, max(0, end - 40), end)
    if before and before[-1].i >= first.sent.start and before[-1].pos_ == "VERB":
        return None if _both_tolls(doc, before[-1].i, -1) else _toll_of(before[-1])
    return None


def _both_tolls(doc: Doc, i: int, step: int) -> bool:
    """Is the toll word at `i` one of two joined ("dead and wounded", "killed or injured":
    one count of both), looking the way `step` goes?"""
    j, k = i + step, i + 2 * step
    return (
        min(j, k) >= 0
        and max(j, k) < len(doc)
        and doc[j].lower_ in {"and", "or", "&"}
        and _toll_of(doc[k]) not in {None, _toll_of(doc[i])}
    )


def _headline(sent: SpacySpan) -> bool:
    """Is the sentence written in title case, as a headline is ("Trump Announces Six-Month
    Delay")? Half its words or more capitalised."""
    words = [t for t in sent if t.is_alpha]
    return bool(words) and sum(t.is_title for t in words) * 2 >= len(words)


def _clock(last: Token) -> bool:
    """Is the number ending at `last` an hour ("5 p.m.", "9 o'clock")?"""
    nxt = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
    return nxt is not None and nxt.lower_ in CLOCK


def _what_counted(doc: Doc, last: Token, counted: Token | None) -> str:
    """The words of what a number counts, as printed, to show with it ("five" ->
    "five military deferments", "1,000" -> "1,000 adults"): the noun right after the
    number and its modifiers, a few words at most; "" where there is none."""
    if counted is None or not 0 < counted.i - last.i <= 3:
        return ""
    between = doc[last.i + 1 : counted.i]
    if any(t.head.i != counted.i or t.dep_ not in {"amod", "compound", "nmod"} for t in between):
        return ""
    return " " + doc[last.i + 1 : counted.i + 1].text


def _past_year(root: Token, published: str | None, dates: list[DateRef]) -> str | None:
    """ "in 1997" where a toll's sentence names a year before its article's: a past attack
    recalled ("a 1997 case in which a gunman had killed two students", "attacks ... in the
    battle for Aleppo last year that killed at least nine civilians"), not the story's."""
    if not published or not published[:4].isdigit():
        return None
    years = [
        int(m.group(0))
        for t in root.sent
        if t.ent_type_ == "DATE"
        for m in [_YEAR.fullmatch(t.text)]
        if m is not None
    ]
    # a year told in words ("last year", "two years ago"), resolved against the article's
    # date; not a day or month so resolved ("on Saturday" in a 2 January article is of the
    # year before, and of the story)
    s, e = root.sent.start_char, root.sent.end_char
    years += [
        int(d.date[:4])
        for d in dates
        if d.relative and d.granularity == "year" and d.date and s <= d.span.start < e
    ]
    past = [y for y in years if y < int(published[:4])]
    return f"in {max(past)}" if past and len(set(years)) == 1 else None


def _elided_toll(root: Token) -> bool:
    """A bare number an attack "has risen to": only its toll can rise, and news drops the
    word ("a suicide blast targeting the convoy has risen to 70")."""
    if root.dep_ != "pobj" or root.head.lower_ != "to":
        return False
    verb = root.head.head
    if verb.lemma_.lower() not in UPDATE_VERBS:
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj is not None and bool(_causes([subj]) or subj.lemma_.lower() in ATTACKS)


def _speaker(root: Token, near: list[Token]) -> str | None:
    """The source whose count a toll is, by its head word ("the Syrian Observatory for Human
    Rights" / "the Observatory"): the subject of the speech or counting verb over its clause
    ("the Observatory said the death toll was 24", "the monitor counted 24 dead") or of
    "according to". None unless the toll is given as a count (a toll, a verb of counting):
    "media reported that four were killed in shelling" tells of an attack, often another."""
    counting = any(t.lemma_.lower() in COUNTING for t in [root, *root.ancestors][:4])
    if not counting and not any(t.lemma_.lower() in TALLY for t in near):
        return None
    for t in [root, *root.ancestors]:
        if t.pos_ not in {"VERB", "AUX"}:
            continue
        for v in [t] + [c for c in t.children if c.dep_ in {"parataxis", "advcl"}]:
            if v.lemma_.lower() in SPEECH | COUNTING:
                subj = subject_of(v)
                if subj is not None and subj.pos_ in {"NOUN", "PROPN"}:
                    return subj.lemma_.lower()
        for c in t.children:  # "according to the Observatory"
            if c.lower_ == "according":
                obj = next((g for p in c.children for g in p.children if g.dep_ == "pobj"), None)
                if obj is not None and obj.pos_ in {"NOUN", "PROPN"}:
                    return obj.lemma_.lower()
    return None


def _causes(tokens: list[Token]) -> frozenset[str]:
    return frozenset(CAUSES[w] for t in tokens for w in _words(t) if w in CAUSES)


def attack_of(sent: SpacySpan | None) -> frozenset[str] | None:
    """What struck in a sentence that tells of people killed or hurt (`CAUSES` classes),
    where its words name one attack; None for any other sentence."""
    if sent is None or not any(_toll_word(t) for t in sent):
        return None
    causes = _causes(list(sent))
    return causes if _one_attack(causes) else None


def bombings_told(sent: SpacySpan | None) -> int | None:
    """How many bombings a sentence that tells of a toll of bombings counts (`_attacks`):
    "an explosion ... killed 13" one, "two explosions ... left 40 dead" two; None for
    other sentences and where the words do not count them."""
    if attack_of(sent) != {"bombing"}:
        return None
    assert sent is not None
    return _attacks(list(sent))


def part_and_whole(a: tuple[int | None, float], b: tuple[int | None, float]) -> bool:
    """Is one of two tolls of bombings, each (bombings counted, toll), the toll of one
    bombing and part of the other, larger toll of two or more ("In Alexandria, an
    explosion outside St Mark's church killed 13" / "Two explosions at Coptic churches
    ... left at least 40 people dead")? Bombings only: blasts are counted one by one,
    while "two air raids" and "an air strike" often tell one attack."""
    part, whole = sorted((a, b), key=lambda x: x[1])
    return part[0] == 1 and (whole[0] or 0) >= 2 and part[1] < whole[1]


def _attacks(tokens: list[Token]) -> int | None:
    """How many attacks the words count, where they do: "an explosion", "a suicide bombing"
    (one); "two explosions", "twin bombings", "both attacks", "bombings" (two, or at
    least two). None where they do not ("the attack"), or disagree."""
    counts = set()
    for t in tokens:
        if t.pos_ != "NOUN" or not (set(_words(t)) & (CAUSES.keys() | ATTACKS)):
            continue
        said = set()
        for c in t.children:
            if c.dep_ == "nummod" and (n := parse_number(c.text)) is not None:
                said.add(int(n))
            elif c.dep_ == "det" and c.lower_ in {"a", "an"} and t.tag_ == "NN":
                said.add(1)
            elif (c.dep_ == "det" and c.lower_ == "both") or c.lower_ in {"twin", "double"}:
                said.add(2)
        if not said and t.tag_ == "NNS":
            said.add(2)
        counts |= said
    return counts.pop() if len(counts) == 1 else None


def _one_attack(causes: frozenset[str]) -> bool:
    """Cause classes one attack can be named by (a gas attack from the air), not two attacks."""
    return bool(causes) and all(
        a == b or frozenset({a, b}) in CAUSE_LINKS for a in causes for b in causes
    )


def _one_day(tokens: list[Token], dates: list[DateRef]) -> bool:
    """The tokens name exactly one day of the attack."""
    days = {_day([t], dates) for t in tokens if t.lower_ in WEEKDAYS or t.ent_type_ == "DATE"}
    days.discard((None, None))
    return len(days) == 1


def _words(t: Token) -> tuple[str, ...]:
    return (t.lemma_.lower(), t.lower_)


def _context(root: Token, inside: set[int], depth: int = 5) -> list[Token]:
    """Tokens around a figure that say what it measures, nearest first.

    Up the parse from the figure, through light verbs ("the toll rose to 70"),
    and down every link that stays in its clause (not into another clause).
    """
    seen = set(inside)
    out: list[Token] = []
    frontier = [root]
    climbing = True
    for _ in range(depth):
        nxt: list[Token] = []
        for t in frontier:
            # "were killed and 55 wounded in a bombing": coordinated tolls share modifiers
            nbrs = [c for c in t.children if c.dep_ not in CUT or _coordinated_toll(c)]
            head = t.head
            shared = t.dep_ == "conj" and _coordinated_toll(t) and _toll_word(head)
            if shared or (climbing and head.i != t.i and t.dep_ not in CLAUSE_UP):
                nbrs.insert(0, head)
            for n in nbrs:
                if n.i not in seen:
                    seen.add(n.i)
                    nxt.append(n)
        nxt.sort(key=lambda t: abs(t.i - root.i))
        out += nxt
        # climb past a verb only when it is light: its clause is the figure's clause
        climbing = climbing and not any(
            t.pos_ == "VERB" and t.lemma_.lower() not in LIGHT and t.i not in inside
            for t in root.ancestors
            if t in nxt
        )
        frontier = nxt
    return out


def _toll_word(t: Token) -> bool:
    return t.lemma_.lower() in TOLL_WORDS or t.lower_ in TOLL_WORDS


def _coordinated_toll(t: Token) -> bool:
    """A conjunct verb of a toll ("killed and 55 wounded", "killing 12 and injuring 30")."""
    return t.dep_ == "conj" and t.pos_ in {"VERB", "ADJ"} and _toll_word(t)


def _sentence_context(root: Token, near: list[Token]) -> list[Token]:
    """The rest of the sentence, for a toll whose clause names no cause or day: a messy parse
    or a relative clause ("a gas attack on Wednesday that activists say killed 130") hides the
    attack from the clause; the sentence names it when it names one (checked by the caller)."""
    return [t for t in root.sent if t not in near]


def _verb(root: Token) -> Token | None:
    """The content verb a figure hangs on (light verbs skipped where a content one governs)."""
    for t in [root, *root.ancestors]:
        if t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"aux", "auxpass"}:
            return t
    return None


def _no_measure(text: str, v: Value) -> bool:
    """A number that measures nothing: a rank ("enemy No. 1", "the number one thing"), or
    a group of people by their rank ("the top 1 percent of taxpayers", "the bottom 40
    percent of earners"; "the top 33 percent rate" is a rate), which no source counts;
    nor a share by which one thing exceeds another (`COMPARED_AFTER`: "Clinton had 44
    percent fewer supporters in Ohio this time around than she did eight years ago" is
    no share of her support, which "Clinton wins with 38 percent support" gives)."""
    before = text[max(0, v.start - 12) : v.start]
    if RANK.search(before):
        return True
    if v.kind == "percent" and COMPARED_AFTER.match(text, v.end):
        return True
    return (
        v.kind == "percent"
        and RANKED_GROUP.search(before.lower()) is not None
        and RATE_AFTER.match(text, v.end) is None
    )


def _planned(root: Token) -> bool:
    """A figure stated as a plan, a threat or a forecast ("plans to maintain ... 55%"), as
    what someone backs ("backing a minimum wage of $15", `BACKS`), or as the aim of a
    change not made ("called for the minimum wage to be raised to $15", "supports raising
    it to $15", `_aimed`): not a figure that is, or a change that was."""
    below = root
    for t in [root, *root.ancestors]:
        if t.pos_ in {"VERB", "AUX", "ADJ"}:
            if t.lemma_.lower() in PLANS or _aimed(t, below, root):
                return True
            if t.lemma_.lower() in BACKS and _backed_measure(below, root):
                return True
            if any(c.dep_ == "aux" and c.lower_ in MODALS for c in t.children):
                return True
            if t.dep_ not in {"xcomp", "conj", "acomp"} and t.pos_ != "ADJ":
                return False
        below = t
    return False


def _backed_measure(obj: Token, root: Token) -> bool:
    """Is `obj` a verb's object whose figure, under `root`, hangs on it by "of" ("a minimum
    wage of $15")?"""
    if obj.dep_ != "dobj" or obj is root:
        return False
    return any(c.dep_ == "prep" and c.lower_ == "of" and root in c.subtree for c in obj.children)


def _aimed(verb: Token, below: Token, root: Token) -> bool:
    """Is the figure under `below` the aim of a change told as not made? The verb of a
    change ("raise", "cut") as an infinitive ("to raise", "to be raised") or a gerund
    ("supports raising", "favors cutting"), and the figure what it changes to or by
    ("to $15", "by 2 points", "cut 30,000 jobs"); not what it changes from ("the
    minimum wage, now $7.25, to be raised to $15", "reducing the 36 holes to 18"), nor
    a change its verb says was made ("forced HP to slash 30,000 jobs", "ended up
    raising $200,000"; "the toll rose to 70" was made)."""
    if verb.lemma_.lower() not in CHANGES or verb.head.lemma_.lower() in MADE:
        return False
    to = any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children)
    amount = below.dep_ == "dobj" and not to and (root is below or root.head is below)
    if not (below.lower_ in {"to", "by"} or amount):
        return False  # (the rate "of 35 percent" it lowers is the rate now)
    if any(c.dep_ in {"aux", "auxpass"} and c.tag_ == "TO" for c in verb.children):
        return True
    if verb.tag_ != "VBG":
        return False
    # a gerund someone backs ("supports raising") or aims at ("a goal of raising");
    # "after raising $2.5 million" tells what was done
    return verb.dep_ == "xcomp" or (verb.dep_ == "pcomp" and verb.head.lower_ in AIM_PREPS)


def _previous(root: Token) -> bool:
    """Stated as an earlier figure: "a previous toll of 112", "rose from 20 to 32"."""
    for t in [root, *root.ancestors][:4]:
        if t.dep_ == "pobj" and t.head.lower_ == "from":
            return True
        if t.pos_ == "NOUN" and any(c.lower_ in PREVIOUS for c in t.children):
            return True
    return False


def _counted(root: Token, inside: set[int]) -> Token | None:
    """The noun a number counts ("32 people", "112 dead"), if any."""
    if (
        root.dep_ in {"nummod", "quantmod", "amod", "compound"}
        and root.head.i not in inside
        and root.head.pos_ in {"NOUN", "PROPN", "ADJ"}
    ):
        return root.head
    return None


def _victims(counted: Token | None, root: Token) -> str:
    """Who a toll counts; civilians beside other counts ("including", "among") are a part,
    and so is a number of the dead ("at least 109 of the dead were evacuees")."""
    if counted is None:
        if _partitive(root):
            return "part"
        return "people and attacker" if _with_attacker(root, root) else "people"
    lemma = counted.lemma_.lower()
    if not _counts_people(counted):  # a toll of its own noun (`_harmed`): "firefighters"
        return counted.lower_ if counted.tag_ == "NNS" else plural(lemma)
    group = VICTIMS.get(lemma, VICTIMS.get(counted.lower_, "people"))
    if group == "people" and _with_attacker(counted, root):
        return "people and attacker"
    if group != "civilians":
        return group
    for t in [counted, *counted.ancestors][:4]:
        if t.lower_ in {"including", "among"}:
            return "civilians"
        if t.pos_ in {"VERB", "AUX"}:
            if any(c.dep_ == "prep" and c.lower_ == "among" for c in t.children):
                return "civilians"
            break
    beside = [c for c in counted.children if c.dep_ == "conj"]
    beside += [counted.head] if counted.dep_ == "conj" else []
    if any(VICTIMS.get(b.lemma_.lower()) == "fighters" for b in beside):
        return "civilians"
    return "people"


def _with_attacker(counted: Token, root: Token) -> bool:
    """Does the toll count the attacker too (`facts.counts_attacker`), on its noun, its
    number or its verb?"""
    verb = _verb(root)
    return any(counts_attacker(t) for t in (counted, root, verb) if t is not None)


def _partitive(root: Token) -> bool:
    """A number of those counted elsewhere: "109 of the dead", "20 of them"."""
    of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
    return obj is not None and (
        obj.lower_ in {"them", "those", "these"} or bool(_words(obj)[0] in DEATH | PERSONS)
    )


def _day(near: list[Token], dates: list[DateRef]) -> tuple[str | None, int | None]:
    """The day a toll's clause names: a weekday, or a month and day (a dated year is a dateline)."""
    for t in near:
        low = t.lower_
        said = next((h for h in t.ancestors if h.pos_ in {"VERB", "AUX"}), None)
        if said is not None and said.lemma_.lower() in SPEECH:
            continue  # "officials said on Tuesday": the day of the report, not of the attack
        if low in WEEKDAYS or t.ent_type_ == "DATE":
            ref = next((d for d in dates if d.span.start <= t.idx < d.span.end), None)
            if (
                ref is not None
                and ref.span.start <= DATELINE_CHARS
                and _YEAR.search(ref.text)
                and low not in WEEKDAYS
            ):
                continue  # a dated year at the head of an article is its dateline; its
                # weekday, where a wire text without stops runs the dateline into the toll
                # ("Monday 3 June 2024 Nine Killed in Shelling ..."), is the toll's day
            if ref is not None and ref.date and ref.granularity == "day":
                day = date.fromisoformat(ref.date)
                return ref.date, day.weekday()
            if low in WEEKDAYS:
                return None, WEEKDAYS[low]
        if low[:-1] in WEEKDAYS and low.endswith("s") and t.dep_ in {"poss", "compound", "nmod"}:
            return None, WEEKDAYS[low[:-1]]  # "Saturdays convoy attack": the apostrophe lost
    return None, None


def _before(dates: list[DateRef], published: str | None) -> list[DateRef]:
    """The dates of a year or month before the article's ("last year", "in March")."""
    if not published:
        return []
    return [
        d
        for d in dates
        if d.date and d.granularity in {"year", "month"} and d.date < published[: len(d.date)]
    ]


def _period(near: list[Token], root: Token, before: list[DateRef]) -> str | None:
    """The period a running total covers ("during the past week", "since 2011", the war);
    not a year or month before the article's (`before`: "last year" is no span to now,
    "so far this year" is)."""
    for t in near:
        lemma = t.lemma_.lower()
        if t.dep_ == "compound" or _compared(t) or t.head.lower_ == "old":
            continue  # "a war monitor"; "the deadliest attack in almost a year"; "7-year-old"
        if lemma in {"year", "month"} and any(d.span.start <= t.idx < d.span.end for d in before):
            continue  # "last year", "last month": a time before this one, not a span to now
        if lemma in PERIODS:
            return lemma
        if lemma in WAR:
            return "war"
        if lemma == "day" and t.lower_ == "days":
            return "days"
    verb = _verb(root)
    if verb is not None and verb.dep_ == "relcl" and verb.head.lemma_.lower() in WAR:
        return "war"  # "the five-year civil war which has killed more than 300000 people"
    if verb is not None and _tally_of_war(verb):
        return "war"  # "put the death toll from the five-year conflict at 470000"
    span = _span_in_clause(verb) if verb is not None else None
    if span is not None:
        return span
    for c in verb.children if verb is not None else ():
        if c.dep_ == "advcl" and any(m.lower_ == "since" and m.dep_ == "mark" for m in c.children):
            return "since"  # "... have been killed since the conflict began"
    for t in root.sent:  # "killed and millions displaced since the conflict erupted"
        if t.lower_ == "since":
            scope = t.head.subtree if t.dep_ == "mark" else t.subtree
            if any(w.lemma_.lower() in WAR or re.fullmatch(r"(?:19|20)\d\d", w.text)
                   for w in scope):  # fmt: skip
                return "since"
    return None


# Words a span of time ends on ("during the past week", "in the last 24 hours").
SPANS = (PERIODS - {"since"}) | {"day", "hour"}
# Clauses of their own under a toll's verb ("..., bringing the toll since Tuesday to 40").
OWN_CLAUSES = {"advcl", "ccomp", "relcl", "parataxis", "xcomp"}


def _span_in_clause(verb: Token) -> str | None:
    """A span of time anywhere in the toll's own clause, however the parse hangs it:
    "have been killed ... in the bombing campaign ... since Tuesday", "374 people
    recorded killed in the city and countryside during the past week"; not one that
    scopes a superlative ("the deadliest attack in the town in the past year")."""
    stack = [verb]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in OWN_CLAUSES:
                continue
            stack.append(c)
            if c.dep_ != "prep":
                continue
            for o in (o for o in c.children if o.dep_ == "pobj" and not _compared(o)):
                if c.lower_ == "since" and (o.lower_ in WEEKDAYS or o.ent_type_ == "DATE"):
                    return "since"
                recent = any(m.lower_ in {"past", "last", "previous"} for m in o.children)
                if c.lower_ in {"during", "over", "in", "for"} and recent:
                    lemma = o.lemma_.lower()
                    if lemma in SPANS:
                        return "days" if lemma in {"day", "hour"} else lemma
    return None


def _tally_of_war(verb: Token) -> bool:
    """A toll of a war given by the figure's verb: "the toll from the conflict" as its
    object, or its own "from the conflict" beside a toll it puts ("put the death toll
    from the five-year conflict at 470000")."""
    tallies = [c for c in verb.children if c.dep_ in {"dobj", "nsubj", "nsubjpass"}
               and c.lemma_.lower() in TALLY]  # fmt: skip
    if not tallies:
        return False
    for holder in (verb, *tallies):
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"from", "of", "in", "during", "over"}:
                continue
            if any(o.dep_ == "pobj" and o.lemma_.lower() in WAR for o in prep.children):
                return True
    return False


def _date_range(root: Token, published: str | None) -> str | None:
    """ "from March 2011 to June 2016": a total over a span of years that begins before
    the article's year, not the toll of one attack."""
    if not published or not published[:4].isdigit():
        return None
    for ent in root.sent.ents:
        years = [int(y) for y in _YEAR.findall(ent.text)]
        if (
            ent.label_ == "DATE"
            and len(years) >= 2
            and min(years) < int(published[:4])
            and re.search(r"\b(?:to|until|through|and)\b|[-–]", ent.text)
        ):
            return "since"
    return None


def _compared(t: Token) -> bool:
    """A period or war that scopes a superlative before it in the sentence ("the deadliest
    such incident in Syria in almost a year", "the worst attack of the war"), not a total's.
    The "least" of "at least 545" is a hedge on a figure, no superlative."""
    return any(
        (w.tag_ == "JJS" or w.lower_ in {"worst", "deadliest"}) and not _hedge_word(w)
        for w in t.sent
        if w.i < t.i
    )


def _hedge_word(w: Token) -> bool:
    """ "least" / "most" of "at least" / "at most"."""
    return w.lower_ in {"least", "most"} and w.i > 0 and w.doc[w.i - 1].lower_ == "at"


def _counts_people(counted: Token | None) -> bool:
    """A toll counts people: a bare number ("killing at least 100") or a noun for people."""
    if counted is None:
        return True
    lemma = counted.lemma_.lower()
    return lemma in PERSONS or counted.lower_ in PERSONS or lemma in VICTIMS


def _harmed(counted: Token | None, number: Token, value: float) -> bool:
    """Is the number that of a noun a verb of harm itself hurts ("Two firefighters were
    injured", "killed three miners")? Then it is a toll of its own, whatever the noun: no
    list of words for people holds every trade ("firefighters", "miners", "hikers"). Not
    "others" (a toll beside the one in question), nor a name's word, nor a noun that
    does not agree with the number ("killed 30 regime and allied fighters", "bomb blast
    kills six Syrian state TV": a parse that took the wrong noun)."""
    if counted is None or number.dep_ != "nummod" or counted.pos_ != "NOUN":
        return False
    if (counted.tag_ == "NNS") != (value != 1):
        return False
    if counted.dep_ not in HARMED_DEPS or counted.ent_type_ or not counted.is_alpha:
        return False
    if counted.lemma_.lower() in ANOTHER:  # "others"
        return False
    head = counted.head
    return head.pos_ == "VERB" and head.lemma_.lower() in TOLL_WORDS


HARMED_DEPS = {"nsubjpass", "dobj"}


# Plurals no rule makes, of nouns news counts.
IRREGULAR_PLURALS = {"person": "people", "people": "people", "man": "men", "woman": "women",
                     "child": "children", "police": "police", "staff": "staff",
                     "foot": "feet", "series": "series", "species": "species",
                     "news": "news", "crisis": "crises", "analysis": "analyses",
                     "life": "lives", "wife": "wives", "knife": "knives", "half": "halves",
                     "leaf": "leaves", "shelf": "shelves", "self": "selves", "wolf": "wolves",
                     "thief": "thieves", "aircraft": "aircraft", "personnel": "personnel",
                     "equipment": "equipment", "fish": "fish", "sheep": "sheep",
                     "deer": "deer", "data": "data", "media": "media"}  # fmt: skip
NOT_MEN = {"human", "german", "roman", "shaman", "ottoman", "talisman"}  # "-man", not "-men"


def plural(lemma: str) -> str:
    """An English noun's plural, by rule ("firefighter" -> "firefighters")."""
    if lemma in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[lemma]
    if lemma.endswith("man") and len(lemma) > 4 and lemma not in NOT_MEN:
        return lemma[:-3] + "men"  # "congressman", "policeman"
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        return lemma + "es"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "s"


def _places(near: list[Token]) -> set[str]:
    """Places named in a toll's clause where something happened ("in Khan Sheikhun", "near
    the village of Taduf"): the tagger reads names as places ("the Syrian Observatory"), and
    the towns people come from ("evacuees from Foua") are not where they died."""
    out = set()
    for t in near:
        if t.ent_type_ in {"GPE", "LOC", "FAC"} and t.ent_iob_ == "B":
            ent = next((e for e in ents(t.doc) if e.start == t.i), None)
            if ent is not None and _located(ent.root):
                out.add(re.sub(r"[’']s$", "", ent.text.lower()))
    return out


def _located(t: Token) -> bool:
    """A name that says where: the object of a locative preposition, directly or through
    the noun it names ("in the province of Idlib", "in Idlib province", "in Aleppo, Syria")."""
    for _ in range(4):
        if t.dep_ in {"compound", "appos", "conj"} and t.head.i != t.i:
            t = t.head
        elif t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.pos_ == "NOUN":
            t = t.head.head  # "the village of Taduf"
        else:
            break
    return t.dep_ == "pobj" and t.head.lower_ in WHERE


def _party(tok: Token) -> str | None:
    """A party a noun names: itself (a name) or its name, demonym or possessive modifier."""
    from storyline.crosscheck.conflicts import DEMONYMS

    def norm(name: str) -> str:
        low = name.lower().strip()
        low = low[4:] if low.startswith("the ") else low
        low = re.sub(r"[’']s$", "", low).strip()
        low = DEMONYMS.get(low, DEMONYMS.get(low.rstrip("."), low))
        return CAPITALS.get(low, low)

    def full(t: Token) -> str:
        """The whole name a token is part of ("The United States", not "United")."""
        ent = next((e for e in ents(t.doc) if e.start <= t.i < e.end), None)
        return ent.text if ent is not None and ent.label_ in PARTY_LABELS else t.text

    def named(t: Token) -> bool:
        if t.ent_type_ in {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY"}:
            return False
        if t.lower_.rstrip(".") in TITLES:  # "Mr. Jackson": the name, not "Mr."
            return False
        return t.pos_ == "PROPN" or t.ent_type_ in PARTY_LABELS or t.lower_ in DEMONYMS

    for c in tok.children:
        if c.dep_ in {"compound", "amod", "poss", "nmod"} and named(c):
            return norm(full(c))
    if named(tok):
        return norm(full(tok))
    for c in tok.children:  # "goods from China"
        if c.dep_ == "prep" and c.lower_ in {"from", "of"}:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and named(obj):
                return norm(full(obj))
    return None


def _roles(root: Token, verb: Token | None, counted: Token | None) -> set[tuple[str, str]]:
    """Parties of a figure's prepositional and possessive arguments."""
    out: set[tuple[str, str]] = set()
    owners = [x for x in (root, counted) if x is not None]
    preps = [c for o in owners for c in o.children if c.dep_ == "prep" and c.lower_ in PREPS]
    if not preps and verb is not None:  # "imposed 10% on American exports"
        preps = [
            c
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ in PREPS and c.i > root.i and root not in c.subtree
        ][:1]
    for p in preps:
        obj = next((g for g in p.children if g.dep_ == "pobj"), None)
        if obj is None:
            continue
        party = _party(obj)
        if party is not None:
            goods = obj.lemma_.lower() in GOODS or obj.lower_ in GOODS
            out.add((f"{p.lower_} goods" if goods else p.lower_, party))
    for o in owners:
        poss = next((c for c in o.children if c.dep_ == "poss"), None)
        if poss is not None and (party := _party(poss)) is not None:
            out.add(("holder", party))
    return out


def _generic(
    v: Value,
    root: Token,
    counted: Token | None,
    verb: Token | None,
    inside: set[int],
    planned: bool,
) -> Key | None:
    """The key of a figure other than a toll: rates, amounts, counts, ordinals, durations."""
    roles = _roles(root, verb, counted)
    vlemma = verb.lemma_.lower() if verb is not None else None
    if v.kind in {"percent", "money"}:
        thing = _thing(root, verb, counted, inside)
        holder = _holder(verb, thing)
        if holder and not any(r == "holder" for r, _ in roles):
            roles.add(("holder", holder))
        if v.kind == "percent":
            act = _share_act(root, verb)
            if act == "":
                return None  # "72 percent said yes": to what, the clause does not say
            return Key("percent", thing, verb=act, roles=frozenset(roles), planned=planned)
        # what was done with the money, where it is the verb's own object or subject
        # ("raised $4 million", "lost $3 million"; "be", "rise" say nothing, and the verb
        # of "blocked the $447 billion package" is done to the package)
        act = (
            vlemma
            if verb is not None
            and root.head.i == verb.i
            and root.dep_ in {"dobj", "nsubj", "nsubjpass"}
            and vlemma not in LIGHT - DEALS
            and vlemma not in SPEECH
            else None
        )
        return Key(f"money:{v.unit or ''}", thing, verb=act, roles=frozenset(roles),
                   planned=planned, named=_named_thing(root, counted))  # fmt: skip
    if v.kind == "times":
        if verb is None or vlemma in UNCOUNTED or v.text.lower() == "once":
            return None  # "once" says "formerly" or "as soon as" more often than "one time"
        obj = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)
        if obj is not None and obj.pos_ != "PRON":  # (not "he was shot twice": "of he")
            roles.add(("of", obj.lemma_.lower()))
        return Key("event", vlemma, roles=frozenset(roles), planned=planned)
    if v.kind == "ordinal":
        noun = _ordinal_noun(root)
        if noun is None:
            return None
        if noun.lemma_.lower() == "time":
            return _nth_time(noun, roles, planned)
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        if obj is not None:
            roles.add(("of", obj.lemma_.lower()))
        return Key("event", noun.lemma_.lower(), verb="noun", roles=frozenset(roles),
                   planned=planned)  # fmt: skip
    if v.kind == "duration":
        thing = _thing(root, verb, counted, inside)
        if thing is None or _relative_time(root):
            return None
        head = root.head if root.head.pos_ == "NOUN" else None
        of = next((c for c in head.children if c.lower_ == "of"), None) if head else None
        obj = next((g for g in of.children if g.dep_ == "pobj"), None) if of else None
        if obj is not None:  # "a 13-month extension of unemployment insurance"
            roles.add(("of", obj.lemma_.lower()))
        return Key("duration", thing, roles=frozenset(roles), planned=planned)
    if counted is None or counted.lemma_.lower() in GENERIC or counted.pos_ == "PROPN":
        return None
    if any(c.isdigit() for c in counted.text):
        return None  # "a 5-to-4 decision" read as 5 of "to-4"
    if _disagrees(v, counted) or counted.lower_ in ANOTHER:  # "bought two more"
        return None  # "30 regime and allied fighters", "9 March", "32 Medical source"
    noun = _in_noun_phrase(counted, verb)
    if noun is not None:  # what the noun tells of them keeps the count apart, unshown
        vlemma = "~" + noun.lemma_.lower()
    return Key("count", counted.lemma_.lower(), verb=vlemma, roles=frozenset(roles),
               planned=planned)  # fmt: skip


def _in_noun_phrase(counted: Token, verb: Token | None) -> Token | None:
    """The noun between a counted noun and the verb it hangs on, where a preposition ties
    the count to that noun, not the verb ("killed 50 people in an attack on two
    villages": the villages are what was attacked, not killed; "shot after a
    confrontation with two police officers"); None where the count is the verb's own
    argument or its preposition's, or a whole of it that it names ("A total of 17
    million people watched", "a convoy of 11 buses left": `GATHERED`)."""
    t = counted
    while verb is not None and t.i != verb.i and t.head.i != t.i:
        head = t.head
        noun = head.head if t.dep_ == "pobj" and head.dep_ == "prep" else None
        whole = head.lower_ == "of" and noun is not None and noun.lemma_.lower() in GATHERED
        if noun is not None and noun.pos_ in {"NOUN", "PROPN"} and not whole:
            return noun
        t = head
    return None


# Nouns of a group that take a number in the singular ("500 staff", "200 police").
COLLECTIVE = {"staff", "personnel", "police", "crew", "cattle", "livestock", "clergy",
              "infantry", "artillery", "aircraft", "fish", "sheep", "deer"}  # fmt: skip


def _disagrees(v: Value, counted: Token) -> bool:
    """Does a count of several stand before a singular noun, which it then does not count
    (the parse hung it on the wrong word)? Not in a compound of a hyphen ("a 225-page
    report", "a two-hour briefing") nor with a noun of a group ("500 staff")."""
    if v.number <= 1 or counted.tag_ != "NN" or counted.lemma_.lower() in COLLECTIVE:
        return False
    return "-" not in counted.doc.text[v.end : counted.idx]


# What a predicate a share of people states holds besides its verb ("say they have a
# favorable view", "don't know enough").
PREDICATE_DEPS = {"dobj", "acomp", "attr", "xcomp", "neg", "oprd"}


def _share_act(root: Token, verb: Token | None) -> str | None:
    """What a percent that is the share of people doing something measures them doing:
    None where it is no such share, "" where its clause does not say.

    "52 percent of voters support the plan", "the plan is opposed by 40 percent": the
    act is measured as much as its object (support of a plan is no opposition to it). A
    poll's question is in what they say ("say they have a favorable view of Clinton",
    "say they don't yet know enough"); "72 percent said yes" does not tell to what. A
    rate set or charged ("imposed 10% on American exports", "duties stand at 30%") is
    no such share.
    """
    if verb is None or verb.lemma_.lower() in LIGHT:
        return None
    if root.dep_ == "nsubj":
        share = root.head.i == verb.i
    else:
        share = root.dep_ == "pobj" and root.head.dep_ == "agent" and root.head.head.i == verb.i
    if not share:
        return None
    act = verb.lemma_.lower()
    if act not in SPEECH:
        return act
    said = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if said is None:
        return ""
    words = [said.lemma_.lower()] + [
        c.lemma_.lower() for c in said.children if c.dep_ in PREDICATE_DEPS
    ]
    return f"{act}: {' '.join(words)}"


def _relative_time(root: Token) -> bool:
    """ "three weeks ago", "the second time in a week": a when, not a length measured."""
    after = root.doc[root.i + 1 : root.i + 3]
    if any(t.lower_ in {"ago", "earlier", "later", "before", "after"} for t in after):
        return True
    prep = root.head if root.dep_ == "pobj" else None
    return prep is not None and prep.lower_ in {"in", "within"} and prep.head.lemma_ == "time"


def _named_thing(root: Token, counted: Token | None) -> str | None:
    """The named thing an amount was spent on, the proper noun of its prepositional or compound
    argument ("a $5,587.75 vacation at the Martha's Vineyard Holistic Retreat", "$5,687.75 on
    Martha's Vineyard Holistic Retreat", "a $43,350 Rolex watch"): one thing, whatever the
    sentence calls the spending (a vacation, an expense); two named things are two."""
    preps = [c for x in (root, counted) if x is not None for c in x.children if c.dep_ == "prep"]
    if root.dep_ == "dobj":  # "included $4,272.78 on the Navigator of the Seas"
        preps += [c for c in root.head.children if c.dep_ == "prep" and c.i > root.i][:1]
    for p in preps:
        obj = next((g for g in p.children if g.dep_ == "pobj"), None)
        if p.lower_ in SPENT_ON and obj is not None and obj.pos_ == "PROPN":
            return _name_of(obj)
    if counted is not None and any(
        c.dep_ == "compound" and c.pos_ == "PROPN" for c in counted.children
    ):
        return _name_of(counted)
    return None


def _name_of(head: Token) -> str:
    """A proper-noun phrase up to its head, normalised: "the Martha’s Vineyard Retreat"
    and "Martha's Vineyard Retreat" are one name (what follows the head is left out), and
    "a men's Rolex watch" names a Rolex (the possessive of a common noun is no part)."""
    words = [t.lower_.replace("’", "'") for t in head.subtree if t.i <= head.i and (
             t.pos_ == "PROPN" or t.dep_ == "case" and t.head.pos_ == "PROPN")]  # fmt: skip
    return " ".join(words).replace(" 's", "'s")


def _thing(root: Token, verb: Token | None, counted: Token | None, inside: set[int]) -> str | None:
    """What a rate, amount or period is of: "30% tariffs", "duties stand at 30%"."""
    if counted is not None and counted.lemma_.lower() not in GENERIC:
        return _syn(counted.lemma_.lower())
    if (
        root.dep_ in {"nummod", "compound", "amod"}
        and root.head.pos_ == "NOUN"
        and root.head.lemma_.lower() not in GENERIC
    ):
        return _syn(root.head.lemma_.lower())
    if root.dep_ == "pobj" and root.head.head.pos_ == "NOUN":  # "a rate of 30%", "tariffs of 30%"
        head = root.head.head
        if head.lemma_.lower() not in GENERIC:
            return _syn(head.lemma_.lower())
    if verb is None:
        return None
    for c in verb.children:
        lemma = c.lemma_.lower()
        if (
            c.dep_ in {"dobj", "nsubj", "nsubjpass", "attr"}
            and c.i not in inside
            and c.pos_ == "NOUN"
            and lemma not in GENERIC | GOODS
            and not (c.text[:1].isupper() and c.lower_ in name_words(c.doc))
        ):
            # (a name the tagger took for a noun is who, not what: "Sanders is up from
            # 37 percent", where the article names Sanders elsewhere)
            return _syn(lemma)
    return None


def _holder(verb: Token | None, thing: str | None) -> str | None:
    """Who imposes or holds a rate: "China has imposed 10%", "U.S. duties"."""
    if verb is None:
        return None
    for c in verb.children:
        if c.dep_ in {"nsubj", "nsubjpass"}:
            if c.pos_ == "PROPN" or c.ent_type_ in {"GPE", "NORP"}:
                return _party(c)
            if thing and _syn(c.lemma_.lower()) == thing:
                return _party(c)
    return None


def _syn(word: str) -> str:
    return SYNONYMS.get(word, word)


def _nth_time(noun: Token, roles: set[tuple[str, str]], planned: bool) -> Key | None:
    """The key of "for the third time" / "the first time he has spoken": a count of what
    the clause tells happened, keyed by its verb as "extended it three times" is (and
    "the fourth extension" meets it); None where no verb says what ("for the first
    time", "It was the first time": what came first, no count that another could give
    otherwise)."""
    if noun.head.lower_ == "for" and noun.head.head.pos_ in {"VERB", "AUX"}:
        verb: Token | None = noun.head.head
    else:
        verb = next((c for c in noun.children if c.dep_ in {"relcl", "acl"}), None)
    if verb is None or verb.pos_ not in {"VERB", "AUX"} or verb.lemma_.lower() in UNCOUNTED:
        return None
    obj = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    if obj is not None and obj.pos_ != "PRON":
        roles.add(("of", obj.lemma_.lower()))
    return Key("event", verb.lemma_.lower(), verb="noun", roles=frozenset(roles),
               planned=planned)  # fmt: skip


def _ordinal_noun(root: Token) -> Token | None:
    """The noun of an ordinal that says how many there have been, else None.

    "It is the fourth extension", "talks, the fourth round in as many months",
    "for the third time" count what came before; "the first day of talks
    ended" names one of several, which no other ordinal contradicts.
    """
    noun = root.head if root.dep_ in {"amod", "nummod"} and root.head.pos_ == "NOUN" else None
    if noun is None:
        return None
    if noun.lemma_.lower() == "one" or noun.lower_ == "one":
        noun = noun.head.head if noun.head.dep_ == "relcl" else None
        if noun is None:
            return None
    is_current = noun.dep_ in {"attr", "appos"} or (
        noun.lemma_.lower() == "time" and noun.dep_ == "pobj" and noun.head.lower_ == "for"
    )
    return noun if is_current else None


def names_attack(k: Key) -> bool:
    """A toll key that names its attack: what struck, the place or the day."""
    return k.toll and bool(k.cause or k.places or k.day != (None, None))
