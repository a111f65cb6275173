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
- a count of events ("extended the deadline three times") and the ordinal of
  the current one ("it is the fourth extension"): both say how many there
  have been, so they meet (a verb and its noun, "extend" / "extension");
- a count of things ("two investigations") by the counted noun and its verb.

Two figures measure the same thing when nothing in their keys contradicts
(a key part one sentence leaves unsaid is no contradiction); a figure that fits
several measures equally is kept apart rather than guessed. Values of one
measure that agree after rounding and hedges (`facts.compatible`) fold into
one value. Figures stated as plans ("plans to maintain tariffs of up to 55%")
are another measure than those in force.

`figure_conflicts` turns each measure on which independent sources give
different values into a `Conflict`: kind `update` when the sources say the
figure was revised ("rose to", "updated", "a previous toll of 112") or were
published on different days, its sides in time order; else the kind of the
values (number, count, ordinal).

    >>> figures = find_figures(ctx, cfg)          # doctest: +SKIP
    >>> [f.measure for f in figures]               # doctest: +SKIP
    ['people killed (bombing)', 'tariff on US goods (%)', ...]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from storyline.config import Config
from storyline.context import StoryContext
from storyline.dates import WEEKDAYS, article_dates, parse_day
from storyline.facts import Value, compatible, sentence_values
from storyline.frames import SPEECH
from storyline.model import (
    Article,
    Conflict,
    ConflictSide,
    DateRef,
    Figure,
    FigureValue,
    Span,
)
from storyline.nlp import sentence_spans

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

DEATH = {"kill", "die", "dead", "death", "toll", "fatality", "life", "perish", "massacre",
         "slay", "murder", "execute", "behead", "killing"}  # fmt: skip
WOUND = {"wound", "injure", "injury", "hurt", "wounded", "injured"}
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
# Verbs and words that say a figure was revised.
UPDATE_VERBS = {"rise", "climb", "mount", "jump", "increase", "update", "revise", "raise",
                "soar", "grow"}  # fmt: skip
PREVIOUS = {"previous", "earlier", "initial", "preliminary", "old", "prior", "first"}
MODALS = {"will", "would", "could", "may", "might", "should", "can", "shall"}
PLANS = {"plan", "expect", "likely", "threaten", "aim", "seek", "want", "propose", "intend",
         "consider", "hope", "demand", "warn"}  # fmt: skip
# Clause links a figure's context does not cross downwards (another clause, another claim).
CUT = {"relcl", "advcl", "ccomp", "conj", "parataxis", "csubj", "cc", "punct", "mark", "xcomp"}
# Links a figure's context does not climb upwards: the head is another clause or claim.
CLAUSE_UP = {"ccomp", "parataxis", "conj"}
GOODS = {"good", "goods", "export", "import", "product", "shipment", "commodity", "item"}
SYNONYMS = {"duty": "tariff", "duties": "tariff", "levy": "tariff", "tariffs": "tariff"}
GENERIC = {"%", "percent", "percentage", "point", "number", "total", "figure", "amount", "one",
           "time", "thousand", "million", "billion", "trillion", "dozen", "dozens", "hundred",
           "hundreds", "other", "others", "some", "rate"}  # fmt: skip
PARTY_TYPES = {"GPE", "NORP", "ORG", "PERSON"}
# A capital names its government in news ("Washington kept a 30% tariff").
CAPITALS = {"washington": "us", "beijing": "china", "moscow": "russia", "london": "uk",
            "paris": "france", "berlin": "germany", "tokyo": "japan", "brussels": "eu",
            "kyiv": "ukraine", "kiev": "ukraine", "tehran": "iran", "ottawa": "canada",
            "new delhi": "india", "delhi": "india", "damascus": "syria", "ankara": "turkey",
            "jerusalem": "israel", "mexico city": "mexico", "seoul": "south korea",
            "pyongyang": "north korea", "taipei": "taiwan"}  # fmt: skip
PREPS = {"on", "of", "for", "against", "from", "to", "in", "with"}
FIGURE_KINDS = {"percent", "money", "count", "times", "ordinal", "duration"}
# Sentences back a toll that names no attack looks for the attack its article tells of.
INHERIT = 2
# How far into an article its dateline may sit (after the title, a byline, an agency).
DATELINE_CHARS = 300
# Days before its article's date an attack told without a day may have happened.
REPORT_LAG = 7
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
    ("holder", "us"), ("of", "talk"). `cause`, `day` (ISO date or weekday
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


@dataclass
class Measure:
    """Readings of one measure, their values folded where they agree."""

    readings: list[Reading] = field(default_factory=list)

    def values(self) -> list[list[Reading]]:
        """Readings grouped by value: agreeing values (rounding, hedges) fold into one."""
        groups: list[list[Reading]] = []
        toll = bool(self.readings) and self.readings[0].key.thing == "killed"
        for r in sorted(self.readings, key=lambda r: (r.value.tol, r.sentence)):
            home = next((g for g in groups if agree(g[0].value, r.value, toll)), None)
            if home is None:
                groups.append([r])
            else:
                home.append(r)
        return groups


def agree(a: Value, b: Value, toll: bool = False) -> bool:
    """Two values of one measure that can both be right (rounding, hedges, units).

    A count of events and an ordinal agree when they give one number: "three
    times" and "the third extension". Death tolls agree on one number, or a
    hedged one and an exact one close to it ("at least 30", "31"): "at least 100"
    and "some 80" are two counts of the dead, not one count rounded.
    """
    if toll:
        exact = [v for v in (a, b) if v.tol <= 0.5]
        if len(exact) != 1:  # two exact counts, or two hedged ones: one number or two claims
            return a.number == b.number
        # "at least 30" and "31": the hedge covers a count close to it
        return abs(a.number - b.number) <= 0.1 * max(a.number, b.number)
    if {a.kind, b.kind} == {"times", "ordinal"}:
        return abs(a.number - b.number) <= max(a.tol, b.tol) + 1e-9
    return compatible(a, b)


def find_figures(ctx: StoryContext, cfg: Config) -> list[Figure]:
    """The figures table of the story: every measure with every value and its sources."""
    return [_figure(m, label) for m, label in _labelled(measures(ctx))]


def measures(ctx: StoryContext) -> list[Measure]:
    """Readings of the story grouped by what they measure, most-cited first."""
    readings = sorted(
        (r for a in ctx.articles for r in article_readings(ctx, a.id)),
        key=lambda r: (-r.key.detail(), r.sentence, r.value.start),
    )
    links = _place_links(readings)
    groups: list[Measure] = []
    for r in readings:
        fits = [g for g in groups if all(same_measure(r.key, x.key, links) for x in g.readings)]
        if r.key.toll and len(fits) > 1:
            # a toll that fits several: the attack it shares most evidence with, else the
            # attack most sources report, where it dominates
            shared = sorted(((_shared(r.key, g), i) for i, g in enumerate(fits)), reverse=True)
            size = sorted(((_sources(ctx, g), i) for i, g in enumerate(fits)), reverse=True)
            if shared[0][0] > shared[1][0]:
                fits = [fits[shared[0][1]]]
            elif size[0][0] >= 2 * size[1][0]:
                fits = [fits[size[0][1]]]
        if len(fits) == 1:
            fits[0].readings.append(r)
        else:  # no measure, or several it could belong to: its own
            groups.append(Measure([r]))
    order = {id(g): i for i, g in enumerate(groups)}
    return sorted(
        groups,
        key=lambda g: (-ctx.support({r.sentence.article for r in g.readings}), order[id(g)]),
    )


def _shared(k: Key, m: Measure) -> int:
    """How many kinds of evidence (what struck, the day, the place) a toll shares with a measure."""
    return sum(
        (
            any(k.cause & x.key.cause for x in m.readings),
            any(k.places & x.key.places for x in m.readings),
            k.day != (None, None) and any(_same_day_named(k, x.key) for x in m.readings),
        )
    )


def _same_day_named(a: Key, b: Key) -> bool:
    return bool(a.day[0] and a.day[0] == b.day[0]) or (
        a.day[1] is not None and a.day[1] == b.day[1]
    )


def _sources(ctx: StoryContext, m: Measure) -> int:
    return ctx.support({r.sentence.article for r in m.readings})


def _place_links(readings: list[Reading]) -> set[frozenset[str]]:
    """Places named together in one clause somewhere in the story ("X in Y province")."""
    out: set[frozenset[str]] = set()
    for r in readings:
        for a in r.key.places:
            for b in r.key.places:
                if a != b:
                    out.add(frozenset({a, b}))
    return out


def same_measure(a: Key, b: Key, links: set[frozenset[str]] | None = None) -> bool:
    """True when nothing in two keys contradicts and they name one thing measured.

    `links`: pairs of places the story names together (one inside the other).
    """
    if a.family != b.family or a.planned != b.planned or a.period != b.period:
        return False
    if a.victims != b.victims:
        return False
    roles_a, roles_b = dict(a.roles), dict(b.roles)
    if any(roles_b.get(k, v) != v for k, v in roles_a.items()):
        return False
    linked = links or set()
    if (
        a.cause
        and b.cause
        and not a.cause & b.cause
        and not any(frozenset({x, y}) in CAUSE_LINKS for x in a.cause for y in b.cause)
    ):
        return False
    if (
        a.places
        and b.places
        and not a.places & b.places
        and not any(frozenset({x, y}) in linked for x in a.places for y in b.places)
    ):
        return False
    if not _same_day(a.day, b.day) or not _same_week(a, b):
        return False
    if a.thing is not None and b.thing is not None:
        if not _derived(a.thing, b.thing):
            return False
    elif a.family not in {"percent"} or not set(roles_a) & set(roles_b) - {"holder"}:
        return False  # a rate without its thing is keyed by whose goods it is on
    return not (a.family == "count" and not a.toll and a.verb != b.verb)


def _derived(a: str, b: str) -> bool:
    """One word or a derivation of it: "extend" / "extension", "kill" / "killing"."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 5 and n >= 0.8 * min(len(a), len(b))


def _same_week(a: Key, b: Key) -> bool:
    """Tolls told without a day are of the week before their article: an attack a
    month earlier, named by its day, or one told in an article a month apart, is another."""
    days = []
    for k in (a, b):
        when = k.day[0] or k.reported
        if when is None:
            return True
        days.append(date.fromisoformat(when))
    gap = abs((days[0] - days[1]).days)
    return gap <= REPORT_LAG or (a.day[0] is not None and b.day[0] is not None)


def _same_day(a: tuple[str | None, int | None], b: tuple[str | None, int | None]) -> bool:
    if a[0] and b[0]:
        return a[0] == b[0]
    if a[1] is not None and b[1] is not None:
        return a[1] == b[1]
    return True


def article_readings(ctx: StoryContext, article_id: str) -> Iterator[Reading]:
    """Every figure of one article with its key."""
    art = ctx.by_id[article_id]
    doc = ctx.docs[article_id]
    year = int(art.published[:4]) if art.published and art.published[:4].isdigit() else None
    quantities = ctx.quantities.get(article_id, [])
    dates = ctx.dates.get(article_id, [])
    written = dateline(art, dates)
    if written is not None and written != (art.published or "")[:10]:
        # "on Friday" is the Friday before the article was written, not before it was filed
        dates = article_dates(art, parse_day(written))
    when = written or art.published
    spans = sentence_spans(art, doc)
    for n, (s, e) in enumerate(spans):
        for v in sentence_values(doc, art.text, s, e, quantities, dates, year):
            if v.kind not in FIGURE_KINDS:
                continue
            read = _reading(doc, art.text, v, dates, Span(article_id, s, e), when)
            if read is not None and read.key.thing == "killed" and not _named(read.key):
                read = _inherit(read, art, doc, spans[max(0, n - INHERIT) : n])
            if read is not None:
                yield read


def _inherit(r: Reading, art: Article, doc: Doc, before: list[tuple[int, int]]) -> Reading:
    """A death toll that names no attack ("the death toll was at least 24") is of the attack
    its article was just telling of: what struck in the sentences before it, else the title.
    Counts of the wounded are rougher and often of a part; they are left as they are."""
    for s, e in reversed(before):
        cause = _causes([t for t in doc if s <= t.idx < e])
        if cause:
            break
    else:
        cause = frozenset(CAUSES[w] for w in re.findall(r"[a-z]+", (art.title or "").lower())
                          if w in CAUSES)  # fmt: skip
    if not _one_attack(cause):
        return r
    return replace(r, key=replace(r.key, cause=cause))


def dateline(art: Article, dates: list[DateRef]) -> str | None:
    """The day an article says it was written: a full date at its head ("AFP Friday 28 Oct 2016").

    Re-published or archived copies keep their dateline while the metadata
    gives the day they were filed; the dateline says when the figures were given.
    """
    for d in dates:
        if d.span.start > DATELINE_CHARS:
            break
        if d.granularity == "day" and not d.relative and d.date:
            return d.date
    return None


def _reading(
    doc: Doc, text: str, v: Value, dates: list[DateRef], sentence: Span, published: str | None
) -> Reading | None:
    toks = [t for t in doc if v.start <= t.idx < v.end]
    if not toks or v.text.lower() in VAGUE:
        return None
    inside = {t.i for t in toks}
    root = next((t for t in toks if t.head.i not in inside or t.head is t), toks[-1])
    near = _context(root, inside)
    verb = _verb(root)
    planned = _planned(root)
    revised = any(t.lemma_.lower() in UPDATE_VERBS for t in doc[root.sent.start : root.sent.end])
    previous = _previous(root)
    hedge = _HEDGE.search(text[max(0, v.start - 25) : v.start])
    shown = (hedge.group(0).strip() + " " if hedge else "") + v.text
    counted = _counted(root, inside)
    what = next(
        (
            ("killed" if lemma in DEATH else "wounded")
            for t in near
            for lemma in (t.lemma_.lower(), t.lower_)
            if lemma in DEATH or lemma in WOUND
        ),
        None,
    )
    if what is not None and v.kind == "count" and _counts_people(counted):
        if counted is not None and any(c.lower_ in ANOTHER for c in counted.children):
            return None  # "another seven people": a toll beside the one in question
        cause = _causes(near)
        places = _places(near)
        day = _day(near, dates)
        wider = _sentence_context(root, near) if what == "killed" else []
        if not cause and _one_attack(_causes(wider)):
            cause = _causes(wider)
        if day == (None, None) and _one_day(wider, dates):
            day = _day(wider, dates)
        key = Key(
            "count",
            what,
            victims=_victims(counted, root),
            cause=cause,
            places=frozenset(places),
            day=day,
            period=_period(near, root),
            planned=planned,
            reported=published[:10] if published else None,
        )
        previous = previous or any(
            t.lemma_.lower() in PREVIOUS and t.head.lemma_.lower() in {"toll", "figure", "tally"}
            for t in near
        )
        return Reading(v, key, sentence, published, shown, previous, revised)
    key_ = _generic(v, root, counted, verb, inside, planned)
    if key_ is None:
        return None
    if v.kind == "ordinal" and key_.thing:
        shown = f"{v.text} {key_.thing}"
    return Reading(v, key_, sentence, published, shown, previous, revised)


def _causes(tokens: list[Token]) -> frozenset[str]:
    return frozenset(CAUSES[w] for t in tokens for w in _words(t) if w in CAUSES)


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
            if shared or (climbing and head is not t and t.dep_ not in CLAUSE_UP):
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
    return t.lemma_.lower() in DEATH | WOUND or t.lower_ in DEATH | WOUND


def _coordinated_toll(t: Token) -> bool:
    """A conjunct verb of a toll ("killed and 55 wounded", "killing 12 and injuring 30")."""
    return t.dep_ == "conj" and t.pos_ in {"VERB", "ADJ"} and _toll_word(t)


def _sentence_context(root: Token, near: list[Token]) -> list[Token]:
    """The whole sentence, for a toll whose clause names no cause, day or place.

    A messy parse or a relative clause ("a gas attack on Wednesday that
    activists say killed 130") hides the attack from the toll's clause; the
    sentence names it when it names one attack only (checked by the caller).
    """
    sent = root.sent
    return [t for t in sent if t not in near]


def _verb(root: Token) -> Token | None:
    """The content verb a figure hangs on (light verbs skipped where a content one governs)."""
    for t in [root, *root.ancestors]:
        if t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"aux", "auxpass"}:
            return t
    return None


def _planned(root: Token) -> bool:
    """A figure stated as a plan, a threat or a forecast ("plans to maintain ... 55%")."""
    for t in [root, *root.ancestors]:
        if t.pos_ in {"VERB", "AUX", "ADJ"}:
            if t.lemma_.lower() in PLANS:
                return True
            if any(c.dep_ == "aux" and c.lower_ in MODALS for c in t.children):
                return True
            if t.dep_ not in {"xcomp", "conj", "acomp"} and t.pos_ != "ADJ":
                return False
    return False


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
    """Who a toll counts; civilians beside other counts ("including", "among") are a part."""
    if counted is None:
        return "people"
    group = VICTIMS.get(counted.lemma_.lower(), VICTIMS.get(counted.lower_, "people"))
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
                and re.search(r"\b(?:19|20)\d\d\b", ref.text)
            ):
                continue  # a dated year at the head of an article is its dateline
            if ref is not None and ref.date and ref.granularity == "day":
                day = date.fromisoformat(ref.date)
                return ref.date, day.weekday()
            if low in WEEKDAYS:
                return None, WEEKDAYS[low]
    return None, None


def _period(near: list[Token], root: Token) -> str | None:
    """The period a running total covers ("during the past week", "since 2011", the war)."""
    for t in near:
        lemma = t.lemma_.lower()
        if lemma in PERIODS:
            return lemma
        if lemma in WAR:
            return "war"
        if lemma == "day" and t.lower_ == "days":
            return "days"
    verb = _verb(root)
    for c in verb.children if verb is not None else ():
        if c.dep_ == "advcl" and any(m.lower_ == "since" for m in c.children):
            return "since"  # "... have been killed since the conflict began"
    for t in root.sent:  # "killed and millions displaced since the conflict erupted"
        if t.lower_ == "since":
            scope = t.head.subtree if t.dep_ == "mark" else t.subtree
            if any(w.lemma_.lower() in WAR or re.fullmatch(r"(?:19|20)\d\d", w.text)
                   for w in scope):  # fmt: skip
                return "since"
    return None


def _counts_people(counted: Token | None) -> bool:
    """A toll counts people: a bare number ("killing at least 100") or a noun for people."""
    if counted is None:
        return True
    lemma = counted.lemma_.lower()
    return lemma in PERSONS or counted.lower_ in PERSONS or lemma in VICTIMS


def _places(near: list[Token]) -> set[str]:
    """Places named in a toll's clause ("in Khan Sheikhun", "the village of Taduf")."""
    out = set()
    for t in near:
        if t.ent_type_ in {"GPE", "LOC", "FAC"} and t.ent_iob_ == "B":
            ent = next((e for e in t.doc.ents if e.start == t.i), None)
            if ent is not None:
                out.add(re.sub(r"[’']s$", "", ent.text.lower()))
    return out


def _party(tok: Token) -> str | None:
    """A party a noun names: itself (a name) or its name, demonym or possessive modifier."""
    from storyline.conflicts import DEMONYMS

    def norm(name: str) -> str:
        low = name.lower().strip()
        low = low[4:] if low.startswith("the ") else low
        low = re.sub(r"[’']s$", "", low).strip()
        low = DEMONYMS.get(low, DEMONYMS.get(low.rstrip("."), low))
        return CAPITALS.get(low, low)

    def full(t: Token) -> str:
        """The whole name a token is part of ("The United States", not "United")."""
        ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
        return ent.text if ent is not None and ent.label_ in PARTY_TYPES else t.text

    def named(t: Token) -> bool:
        if t.ent_type_ in {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY"}:
            return False
        return t.pos_ == "PROPN" or t.ent_type_ in PARTY_TYPES or t.lower_ in DEMONYMS

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
        fam = "percent" if v.kind == "percent" else f"money:{v.unit or ''}"
        return Key(fam, thing, roles=frozenset(roles), planned=planned)
    if v.kind == "times":
        if verb is None or vlemma in LIGHT or v.text.lower() == "once":
            return None  # "once" says "formerly" or "as soon as" more often than "one time"
        obj = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)
        if obj is not None:
            roles.add(("of", obj.lemma_.lower()))
        return Key("event", vlemma, roles=frozenset(roles), planned=planned)
    if v.kind == "ordinal":
        noun = _ordinal_noun(root)
        if noun is None:
            return None
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        if obj is not None:
            roles.add(("of", obj.lemma_.lower()))
        return Key("event", noun.lemma_.lower(), verb="noun", roles=frozenset(roles),
                   planned=planned)  # fmt: skip
    if v.kind == "duration":
        thing = _thing(root, verb, counted, inside)
        if thing is None:
            return None
        return Key("duration", thing, roles=frozenset(roles), planned=planned)
    if counted is None or counted.lemma_.lower() in GENERIC or counted.pos_ == "PROPN":
        return None
    return Key("count", counted.lemma_.lower(), verb=vlemma, roles=frozenset(roles),
               planned=planned)  # fmt: skip


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
        ):
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


def figure_values(m: Measure) -> list[FigureValue]:
    return [FigureValue(g[0].shown, _cites(g)) for g in m.values()]


def _cites(readings: Sequence[Reading]) -> tuple[Span, ...]:
    return tuple(sorted({r.sentence for r in readings}))


def _figure(m: Measure, label: str) -> Figure:
    return Figure(label, tuple(figure_values(m)))


def _labelled(ms: list[Measure]) -> list[tuple[Measure, str]]:
    out: list[tuple[Measure, str]] = []
    seen: dict[str, int] = {}
    for m in ms:
        label = measure_label(m)
        seen[label] = seen.get(label, 0) + 1
        out.append((m, label if seen[label] == 1 else f"{label} ({seen[label]})"))
    return out


def measure_label(m: Measure) -> str:
    """A short name of what a measure measures, from the most specific of its keys."""
    keys = [r.key for r in m.readings]
    k = max(keys, key=lambda x: x.detail())
    causes = sorted({c for x in keys for c in x.cause})
    day = next((x.day for x in keys if x.day != (None, None)), (None, None))
    roles = dict(sorted({r for x in keys for r in x.roles}))
    if k.toll:
        bits = [", ".join(causes)] if causes else []
        if day[0]:
            bits.append(day[0])
        elif day[1] is not None:
            bits.append(next(w for w, n in WEEKDAYS.items() if n == day[1]).title())
        if k.period:
            bits.append(f"over a {k.period}" if k.period != "since" else "running total")
        what = f"{k.victims or 'people'} {k.thing}"
        if k.victims == "civilians":
            what += " (part of a toll)"
        label = what + (f" ({'; '.join(bits)})" if bits else "")
    else:
        nouns = [x.thing for x in keys if x.thing and x.family == "event" and x.verb == "noun"]
        thing = next(iter(nouns), None) or next((x.thing for x in keys if x.thing), "figure")
        parts = [thing]
        if k.family == "count" and k.verb and k.verb not in LIGHT:
            parts.append(k.verb)
        holder = None
        for role, party in roles.items():
            name = party.upper() if len(party) <= 3 else party.title()
            if role == "holder":
                holder = name
            elif role.endswith(" goods"):
                parts.append(f"{role.split()[0]} goods from {name}")
            else:
                parts.append(f"{role} {party}")
        if holder:
            parts.append(f"(set by {holder})")
        unit = {"percent": " (%)", "event": " (how many)", "duration": " (days)"}.get(k.family)
        if k.family.startswith("money:"):
            unit = f" ({k.family.split(':', 1)[1] or 'money'})"
        label = " ".join(parts) + (unit or "")
    return label + (" (planned)" if k.planned else "")


# --- conflicts -------------------------------------------------------------------------


def figure_conflicts(ctx: StoryContext, existing: Sequence[Conflict] = ()) -> list[Conflict]:
    """Measures on which independent sources give different values, as conflicts.

    A measure whose values all sit on the sides of one `existing` conflict is
    left to it (the same disagreement twice would read as two).
    """
    out: list[Conflict] = []
    labelled = _labelled(measures(ctx))
    for m, label in labelled:
        if ctx.support({r.sentence.article for r in m.readings}) < 2:
            continue
        stated = Measure(_stated(m.readings)).values()
        disputing = _disputed(ctx, stated) if len(stated) >= 2 else set()
        if not disputing:
            continue
        # a reader sees the values in dispute, not every part or place an article adds
        groups = Measure([r for g in stated for r in g if id(r) in disputing]).values()
        conflict = _conflict(ctx, label, groups)
        if not any(_covers(c, conflict) for c in existing):
            out.append(conflict)
    return out


def _stated(readings: list[Reading]) -> list[Reading]:
    """The values each article states as its figure for a measure, and revisions of it.

    An article's figure is the first it gives (news leads with it); later ones
    in the same article are more often the figure of a part, a place, or an
    earlier attack than another claim about the same thing, unless they are
    marked as revised ("rose to") or earlier ("a previous toll of 112").
    """
    first: dict[str, Reading] = {}
    # a toll that names its attack (cause, day or place) before one that does not
    for r in sorted(readings, key=lambda r: (not _named(r.key), r.sentence.start, r.value.start)):
        if not r.previous:
            first.setdefault(r.sentence.article, r)
    keep = {id(r) for r in first.values()}
    return [r for r in readings if id(r) in keep or r.previous or r.revised]


def _named(k: Key) -> bool:
    return k.toll and bool(k.cause or k.places or k.day != (None, None))


def _disputed(ctx: StoryContext, groups: list[list[Reading]]) -> set[int]:
    """Readings (by id) of two values of the measure that two independent sources give
    about one thing.

    Tolls must also share evidence that they count one attack (what struck, the
    day or the place), not only lack a contradiction: a story of several
    attacks gives several tolls that no source disputes. Counts of other things
    ("500 people", "3000 people") must share a party or place.
    """
    out: set[int] = set()
    for i, gi in enumerate(groups):
        for gj in groups[i + 1 :]:
            for a in gi:
                for b in gj:
                    if _key(ctx, a) == _key(ctx, b):
                        continue
                    if a.key.toll and not _evidence(a.key, b.key):
                        continue
                    if a.key.family == "count" and not a.key.toll and not a.key.roles & b.key.roles:
                        continue  # counts of things: only where both name whose or where
                    out |= {id(a), id(b)}
    return out


def _key(ctx: StoryContext, r: Reading) -> str:
    return ctx.source_of.get(r.sentence.article, r.sentence.article)


def _evidence(a: Key, b: Key) -> bool:
    """Two toll keys name one attack: what struck, the day or the place."""
    return bool(a.cause & b.cause or a.places & b.places or _same_day_named(a, b))


def _conflict(ctx: StoryContext, label: str, groups: list[list[Reading]]) -> Conflict:
    days = {r.published[:10] for g in groups for r in g if r.published}
    update = len(days) > 1 or any(r.previous or r.revised for g in groups for r in g)
    toll = groups[0][0].key.toll
    if update:
        # a count of the dead only grows as it is updated: on one day, the larger is later
        def when(g: list[Reading]) -> tuple[str, int, float]:
            day = min((r.published or "9999") for r in g)
            rank = min(0 if r.previous else 2 if r.revised else 1 for r in g)
            return (day, 0 if toll else rank, g[0].value.number)

        groups = sorted(groups, key=when)
        kind = "update"
    else:
        groups = sorted(groups, key=lambda g: -ctx.support({r.sentence.article for r in g}))
        kind = {"event": "count", "count": "number"}.get(groups[0][0].key.family, "number")
        if groups[0][0].key.family == "event":
            fams = {r.value.kind for g in groups for r in g}
            kind = "ordinal" if fams == {"ordinal"} else "count"
    sides = tuple(ConflictSide(g[0].shown, _cites(g)) for g in groups)
    labels = []
    for g in groups:
        n = ctx.support({r.sentence.article for r in g})
        labels.append(f"{g[0].shown} ({n} source{'s' if n != 1 else ''})")
    if update:
        desc = f"Sources give {label} as it was updated: {' → '.join(labels)}"
    else:
        desc = f"Sources differ on {label}: {' vs '.join(labels)}"
    return Conflict(kind, desc, sides)


def _covers(old: Conflict, new: Conflict) -> bool:
    """Every side of `new` is cited on a side of `old`, on at least two of its sides."""
    hit: set[int] = set()
    for side in new.sides:
        where = {
            i
            for i, o in enumerate(old.sides)
            if any(_overlap(a, b) for a in side.citations for b in o.citations)
        }
        if not where:
            return False
        hit |= where
    return len(hit) >= 2


def _overlap(a: Span, b: Span) -> bool:
    return a.article == b.article and a.start < b.end and b.start < a.end
