"""The values a sentence states, in a form two sentences can be compared on.

Conflict detection compares aligned sentences value by value: numbers (with
their kind, unit and what they count), ordinals ("third round"), counts of
events ("twice"), dates, and the direction of a change ("rose" / "fell").

Numbers and dates come from the `quantities` and `dates` stages (`ctx`)
where those found any in the sentence; otherwise from the small parse here,
so that cross-checking does not depend on them being switched on. Either way
each value gets an `anchor` from the spaCy parse (the nouns and the verb it
hangs on), used to decide which values of two sentences talk about the same
thing.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from datetime import date as Date
from typing import TYPE_CHECKING, TypeVar

from storyline.analyse.dates import WEEKDAYS, person_at
from storyline.analyse.doc_index import tokens_between
from storyline.analyse.quantities import (
    AGE,
    ORDINALS,
    SCALE,
    UNITS,
    first_char,
    parse_number,
    weight_in_pounds,
)
from storyline.crosscheck.frames import Frame, contradict, frame_of, same_event
from storyline.memo import LastBuilt
from storyline.model import DateRef, Quantity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from storyline.context import StoryContext

# the quantities stage's number words, less the articles ("a", "an"), which
# count only inside the phrases that stage parses
WORDS = {w: n for w, n in UNITS.items() if w not in {"a", "an", "a dozen"}} | {"dozens": 24}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6}
CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "dollars": "USD", "euros": "EUR", "pounds": "GBP"}
DISTANCE_KM = {"kilomet": 1.0, "km": 1.0, "mile": 1.609, "met": 0.001, "feet": 0.0003048,
               "foot": 0.0003048}  # fmt: skip
DAYS_IN = {"day": 1, "week": 7, "month": 30.4, "year": 365.25, "hour": 1 / 24, "minute": 1 / 1440}
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
SPECIFIC = {"distance", "times", "duration", "money", "percent"}  # kinds a bare count may hide
HEDGES = {"about", "around", "nearly", "almost", "roughly", "some", "approximately", "over",
          "more", "less", "up", "least", "than", "under", "estimated", "just"}  # fmt: skip
UP = {"rise", "raise", "increase", "gain", "grow", "climb", "jump", "surge", "soar", "up",
      "higher", "boost", "hike", "expand", "win", "beat"}  # fmt: skip
DOWN = {"fall", "drop", "decrease", "decline", "lose", "shrink", "cut", "lower", "down",
        "reduce", "plunge", "slip", "slash", "sink", "tumble", "contract", "defeat"}  # fmt: skip
GENERIC = {"%", "percent", "percentage", "point", "$", "dollar", "euro", "pound", "number",
           "total", "figure", "amount", "time", "thousand", "million", "billion",
           "trillion"}  # fmt: skip

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WNUM = "|".join(sorted(WORDS, key=len, reverse=True))
_SCALE = r"(?:\s?(?:thousand|million|billion|trillion|bn)\b)?"
# number words, compounds too: "twenty-five", "two dozen", "two-dozen", "one hundred"
_N = rf"(?:{_NUM}|(?:{_WNUM})(?:[- ](?:{_WNUM})){{0,3}})"
_CUR = r"(?:dollars|euros|pounds)\b"
_DIST = r"(?:km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|feet|foot)"
# each pattern starts with a look-ahead for the first character a match can have
# (`quantities.first_char`: the same matches, found sooner)
_N_FIRST = first_char(r"\d", *WORDS)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("money", re.compile(rf"(?=[$€£\d])(?:[$€£]\s?(?:{_NUM}){_SCALE}|(?:{_NUM}){_SCALE}\s{_CUR})")),
    ("percent", re.compile(
        rf"{_N_FIRST}\b{_N}\s?(?:%|percent\b|per cent\b|percentage points?\b)", re.I
    )),
    ("duration", re.compile(
        rf"{_N_FIRST}\b{_N}[-\s](?:day|week|month|year|hour|minute)s?\b", re.I
    )),
    ("distance", re.compile(rf"{_N_FIRST}\b{_N}[-\s]?{_DIST}\b", re.I)),
    ("times", re.compile(
        first_char("once", "twice", "thrice", r"\d", *WORDS)
        + rf"\b(?:once|twice|thrice|{_N} times)\b", re.I
    )),
    ("ordinal", re.compile(
        first_char(r"\d", *ORDINALS) + rf"\b(?:{'|'.join(ORDINALS)}|\d+(?:st|nd|rd|th))\b", re.I
    )),
    ("count", re.compile(rf"{_N_FIRST}(?<![\w.,:$€£]){_N}{_SCALE}(?![\w%:]|[.,]\d)", re.I)),
]  # fmt: skip
# Per kind, strings one of which every match contains (a cheap test before the pattern).
_DIGITS = tuple("0123456789")
_NEEDS: dict[str, tuple[str, ...]] = {
    "money": ("$", "\u20ac", "\u00a3", "dollars", "euros", "pounds"),
    "percent": ("%", "percent", "per cent", "percentage point"),
    "duration": ("day", "week", "month", "year", "hour", "minute"),
    "distance": ("km", "kilomet", "mile", "metre", "meter", "feet", "foot"),
    "times": ("once", "twice", "thrice", "times"),
    "ordinal": (*ORDINALS, "st", "nd", "rd", "th"),
    "count": (*_DIGITS, *WORDS),
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = re.compile(
    first_char(r"\d", *MONTHS, *WEEKDAYS, "in", "since", "by", "until", "of")
    + rf"(?:\b(?P<m>{_MONTH_RE})\.?(?:\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?)?"
    rf"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b"
    rf"|\b(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH_RE})\.?(?:\s+(?P<y2>(?:19|20)\d\d))?\b"
    rf"|\b(?P<w>{'|'.join(WEEKDAYS)})\b"
    rf"|\b(?:in|since|by|until|of)\s+(?P<y3>(?:19|20)\d\d)\b)",
    re.I,
)


@dataclass(frozen=True)
class Value:
    """One comparable value in a sentence; `start`/`end` are offsets in the article text.

    `kind`: percent, money, count, duration, age, ordinal, times (counts of events), date,
    or bound (a date that bounds a period: "since May", "by Thursday"; it tells
    when, but is never compared as a date of its own).
    `number` holds the numeric value (durations in days); `day` the date as
    (year, month, day, weekday), any part None where the text does not say.
    `frame`: the clause the value hangs on (see `frames.py`). `ranged`: a range
    ("between 20 and 30"), whose `number` is its middle and `tol` its half-width.
    """

    kind: str
    text: str
    start: int
    end: int
    number: float = 0.0
    tol: float = 0.0
    unit: str | None = None
    day: tuple[int | None, int | None, int | None, int | None] = (None, None, None, None)
    anchor: frozenset[str] = frozenset()
    frame: Frame = Frame()
    ranged: bool = False


def family(kind: str) -> str:
    """The conflict kind a value kind reports under."""
    return {"ordinal": "ordinal", "times": "count", "date": "date", "bound": "date"}.get(
        kind, "number"
    )


def compatible(a: Value, b: Value) -> bool:
    """True when two values of one kind can both be right (rounding, units, granularity)."""
    if a.kind != b.kind:
        return True
    if a.kind == "bound" and a.unit != b.unit:
        return True  # "since Monday" and "until Friday" bound two ends
    if a.kind in {"date", "bound"}:
        return same_date(a, b)
    if a.unit and b.unit and a.unit != b.unit:
        return True  # other currency or unit: not comparable, so no conflict
    for x, y in ((a, b), (b, a)):
        if x.text.lower() in LEAST_ONLY:  # "injured dozens" and "more than 100 injured"
            return y.number >= x.number
    return abs(a.number - b.number) <= max(a.tol, b.tol) + 1e-9


# Number words that give no number but a least one (their value in WORDS): "dozens"
# agrees with any count from 24.
LEAST_ONLY = frozenset({"dozens"})


def comparable(a: Value, b: Value, close: bool = False) -> bool:
    """True when two values plausibly measure the same thing (anchors do not contradict).

    Dates must date one event (`frames.same_event`), or, in two sentences that
    are near paraphrases (`close`), both date the main verb itself. Other figures
    must hang on a shared noun or verb or on one event, unless neither names a noun.
    """
    if a.kind != b.kind or a.kind == "ratio" or contradict(a.frame, b.frame):
        return False  # odds are not compared: which chance (of winning, of losing) is not read
    if (ADDED in a.anchor) != (ADDED in b.anchor):
        return False  # "three more people died" is no toll beside "18 people died"
    if (WINDOW in a.anchor) != (WINDOW in b.anchor):
        return False  # "the first time in 25 years" is no age of the band, "50 years"
    if (EACH in a.anchor) != (EACH in b.anchor):
        return False  # "gave $3million or more apiece" is no total beside "$60 million"
    if a.kind == "bound" and (a.unit != b.unit or a.unit not in FIXING):
        return False
    if a.kind in {"date", "bound"}:  # "in 2011" and "on Monday" are two dates, not one in dispute
        if a.kind == "date" and a.frame.lasting != b.frame.lasting:
            return False  # "remained closed on Wednesday" dates no closing on Tuesday
        shape = [x is None for x in a.day[1:]] == [x is None for x in b.day[1:]]
        main = close and all(f.main and not f.nouns for f in (a.frame, b.frame))
        return shape and (main or same_event(a.frame, b.frame))
    na, nb = a.anchor - GENERIC, b.anchor - GENERIC
    nouns_a = {x for x in na if not x.startswith(("v:", "+"))}
    nouns_b = {x for x in nb if not x.startswith(("v:", "+"))}
    if a.kind == "ordinal":  # "third time" vs "fourth round" are not one count
        return a.unit == b.unit and bool(a.anchor & b.anchor - {"v:be"})
    if a.kind == "count":  # bare counts are everywhere: they must count the same thing
        if bool(_harm(na)) != bool(_harm(nb)):  # a toll meets only a toll
            return False  # "30000 people will be evacuated" and "six people were killed"
        if _harm(na) and _harm(nb) and not _harm(na) & _harm(nb):
            return False  # of one toll: "13 people were killed" / "80 people shot"
        if (a.frame.verb is None) != (b.frame.verb is None):
            return False  # "a town of 17,000 people" describes; "250 people were inside" tells
        if (WITH_ATTACKER in na) != (WITH_ATTACKER in nb):
            return False  # "three killed, including the gunman" / "two men were killed"
        if nouns_a & nouns_b:
            return True
        if not nouns_a and not nouns_b:
            return bool(na & nb)
        # a death toll that names no victims ("air strikes kill 19") counts those of its
        # act, as one that names them does ("kill 31 terrorists", "left 11 people dead"):
        # one act, one toll; and so does a count of the hurt ("leaving three killed and
        # 30 wounded" / "3 citizens killed and 20 others wounded": FA-KES, one rocket
        # attack on Damascus told two ways, had been no disagreement)
        return (not nouns_a or not nouns_b) and bool({"dead", "hurt"} & _harm(na) & _harm(nb))
    verbs_a, verbs_b = na - nouns_a, nb - nouns_b
    if (
        a.kind == "money"
        and not close
        and not nouns_a & nouns_b
        and verbs_a
        and verbs_b
        and not verbs_a & verbs_b
    ):
        # money raised is no money spent ("raised $4 million" / "spent $6 million"); in near
        # paraphrases other verbs are synonyms ("paid $5,587.75" / "spent $5,687.75")
        return False
    if na & nb or same_event(a.frame, b.frame):
        return True
    if verbs_a and verbs_b:
        # "waited two years" and "would last 48 hours" measure two things; in near
        # paraphrases other verbs are synonyms ("hit twice", "struck three times"),
        # but a figure on a noun measures that noun ("a $43,000 watch" is no sum spent)
        return close and _unit_word(a) == _unit_word(b) and not (nouns_a or nouns_b)
    return not (nouns_a or nouns_b)


# Verbs of harm, each with the toll a count on it is: deaths, the wounded, or (for
# "shoot") either. A count on one of them is a toll, which no other count measures.
HARM = {"kill": "dead", "die": "dead", "murder": "dead", "slay": "dead", "execute": "dead",
        "massacre": "dead", "perish": "dead", "behead": "dead", "wound": "hurt",
        "injure": "hurt", "hurt": "hurt", "maim": "hurt", "shoot": "shot"}  # fmt: skip
# The verbs of harm as a headline in title case writes them, which the tagger takes for
# proper nouns ("Syrian Army Kills 31 ISIL Terrorists"): form -> lemma
HARM_FORMS = {
    form: verb
    for verb, forms in {
        "kill": "kills killed", "die": "dies died", "murder": "murders murdered",
        "slay": "slays slew slain", "execute": "executes executed",
        "massacre": "massacres massacred", "behead": "beheads beheaded",
        "wound": "wounds wounded", "injure": "injures injured", "maim": "maims maimed",
        "shoot": "shoots",
    }.items()
    for form in (verb, *forms.split())
}  # fmt: skip
# "leaving 17 people dead", "left 37 wounded": the toll of that harm
HARMED = {"dead": "die", "killed": "die", "wounded": "wound", "injured": "wound"}


# Who did the killing: a toll "including the gunman" counts him beside his victims.
ATTACKERS = {"gunman", "attacker", "bomber", "shooter", "assailant", "suspect", "perpetrator",
             "killer", "hijacker"}  # fmt: skip
WITH_ATTACKER = "+attacker"  # in a count's anchor: it counts the attacker too
# In a value's anchor: a figure added to one told elsewhere ("three more people had died",
# "another $5 million", "an additional 500 troops"), which is no total: it meets only
# another such figure. Words after the figure, then before it.
ADDED = "+added"
# A figure per item ("62 individuals ... that gave $3million or more apiece", "17 percent
# each"): no total, so compared only with another per item
EACH = "+each"
EACH_AFTER = {"apiece", "each"}
# A duration an ordinal counts in ("the first time in 25 years", `_windowed`)
WINDOW = "+window"
ADDED_AFTER = {"more", "additional", "further", "other"}
ADDED_BEFORE = {"another", "additional", "further"}


def counts_attacker(head: Token) -> bool:
    """Does `head` take "including the gunman" ("3 dead, including the gunman", "four
    people were killed, including the suspect")? A toll that counts the attacker is no
    other figure than one of his victims."""
    return any(
        c.dep_ == "prep"
        and c.lower_ == "including"
        and any(g.dep_ == "pobj" and g.lemma_.lower() in ATTACKERS for g in c.children)
        for c in head.children
    )


def _harmed_by(verb: Token) -> str | None:
    """The harm a verb's own words count, where it is no verb of harm itself: "leaving 17
    people dead" (deaths), "left 37 wounded" (the hurt), "were among those killed", "was
    among the dead", a death toll it puts, raises or holds (`_toll_verb`). A harm word of
    another clause ("... and 10 were wounded") is not its."""
    for c in verb.children:
        if c.lower_ in HARMED and c.dep_ != "conj":
            return HARMED[c.lower_]
    if verb.lemma_.lower() == "be":
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ != "among":
                continue
            for group in prep.children:
                if group.lower_ in HARMED:
                    return HARMED[group.lower_]  # "among the dead"
                for c in group.children:
                    if c.dep_ in {"acl", "amod", "relcl"} and c.lemma_.lower() in HARM:
                        return c.lemma_.lower()  # "among those killed", "among 22 killed"
    return _toll_verb(verb)


# Words before "toll" that keep it a toll of the dead ("the civilian death toll")
DEATH_TOLL = frozenset({"death", "civilian", "overall", "total", "final"})


def _toll_verb(verb: Token) -> str | None:
    """The harm of the dead ("die") where the verb's subject or object is a death toll
    ("put the death toll at 58", "the death toll rose to 112", "the toll stood at 24");
    a toll of the wounded or of anything else is none."""
    for c in verb.children:
        if c.dep_ in {"nsubj", "nsubjpass", "dobj"} and c.lemma_.lower() == "toll":
            words = {x.lemma_.lower() for x in c.children if x.dep_ in {"compound", "amod"}}
            if words <= DEATH_TOLL:
                return "die"
    return None


def toll_of(v: Value) -> str | None:
    """What a count on a verb of harm counts, as a reader would name it ("killed" for
    "kill 47", "wounded" for "leaving 30 wounded"); None for any other value."""
    harm = _harm(v.anchor) if v.kind == "count" else set()
    return TOLL_NAMES[harm.pop()] if len(harm) == 1 else None


TOLL_NAMES = {"dead": "killed", "hurt": "wounded", "shot": "shot"}


def _harm(anchor: frozenset[str]) -> set[str]:
    """The tolls a count's verbs of harm make it: "kill" and "die" both count the dead."""
    return {HARM[x[2:]] for x in anchor if x.startswith("v:") and x[2:] in HARM}


def _unit_word(v: Value) -> str:
    """The unit a figure is stated in: "hour" for "48 hours", else its kind.

    An outlet that gets a figure wrong repeats its unit ("48 hours" vs "72
    hours"); a figure stated in other units is more likely another measurement.
    """
    if v.kind == "duration":
        words = re.findall(r"[a-z]+", v.text.lower())
        return next((w.rstrip("s") for w in reversed(words) if w.rstrip("s") in DAYS_IN), "day")
    return v.kind


def other_occasion(a: list[Value], b: list[Value]) -> bool:
    """True when two sentences date what they say to different days of different events.

    "15% contained by Thursday" and "30% contained on Friday" are two readings,
    not a dispute; so the other values of such sentences are not compared. Dates
    of one event that disagree are a date conflict instead, and keep the rest
    comparable.
    """
    da = [v for v in a if v.kind in {"date", "bound"}]
    db = [v for v in b if v.kind in {"date", "bound"}]
    if any(same_date(x, y) for x in da for y in db):
        return False
    return any(
        [p is None for p in x.day[1:]] == [p is None for p in y.day[1:]]
        and not (x.kind == y.kind == "date" and same_event(x.frame, y.frame))
        for x in da
        for y in db
    )


def story_values(
    ctx: StoryContext, article_id: str, start: int, end: int, dates: list[DateRef] | None = None
) -> list[Value]:
    """`sentence_values` of a sentence of the story, found once per story and kept in `ctx`
    (the statements, conflicts and figures stages all compare them). `dates`: the
    article's dates read another way than `ctx.dates` (not kept)."""
    key = (article_id, start, end)
    found = ctx.values.get(key) if dates is None else None
    if found is None:
        art = ctx.by_id[article_id]
        year = int(art.published[:4]) if art.published and art.published[:4].isdigit() else None
        found = sentence_values(
            ctx.docs[article_id],
            art.text,
            start,
            end,
            ctx.quantities.get(article_id, []),
            ctx.dates.get(article_id, []) if dates is None else dates,
            year,
        )
        if dates is None:
            ctx.values[key] = found
    return list(found)


# Every number `_parse_numbers` reads holds a digit, a currency sign or one of these words
_DIGIT_OR_SIGN = re.compile("[0-9$\u20ac\u00a3]")
_NUMBER_WORD = re.compile(
    r"\b(?:"
    + "|".join(sorted((*WORDS, *ORDINALS, "once", "twice", "thrice"), key=len, reverse=True))
    + r")\b",
    re.I,
)


def may_give_numbers(text: str, start: int, end: int, quantities: list[Quantity]) -> bool:
    """Whether text[start:end] can hold a value other than a date: a quantity the
    quantities stage found in it, a digit, a currency sign, or a number word. A cheap
    test (a superset) before `story_values`, for a stage that reads only numbers."""
    if _starting_in(_quantity_starts, quantities, start, end):
        return True
    seg = text[start:end]
    return _DIGIT_OR_SIGN.search(seg) is not None or _NUMBER_WORD.search(seg) is not None


def sentence_values(
    doc: Doc,
    text: str,
    start: int,
    end: int,
    quantities: list[Quantity],
    dates: list[DateRef],
    year: int | None,
) -> list[Value]:
    """Values in article text[start:end], from the upstream stages or the local parse."""
    qs = [q for q in _starting_in(_quantity_starts, quantities, start, end) if q.span.end <= end]
    ds = [d for d in _starting_in(_date_starts, dates, start, end) if d.span.end <= end and d.date]
    out = _merge([_from_quantity(q) for q in qs], _parse_numbers(text, start, end))
    # a month name the parser takes for a person ("Theresa May announced") is no date
    local = [v for v in _parse_dates(text, start, end, year) if not person_at(doc, v.start)]
    out += _merge([_from_dateref(d) for d in ds], local)
    out = [_bounded(v, text) for v in out]
    dated = [(v.start, v.end) for v in out if v.kind in {"date", "bound"}]
    out = [
        v for v in out if v.kind in {"date", "bound"} or not any(s <= v.start < e for s, e in dated)
    ]
    out = [_aged(v, text) for v in out]
    out = _ranged([v for v in out if not _relative(v, text, end)], text, doc)
    return _windowed([_anchored(_hedged(v, text), doc) for v in out], text, end)


# Kinds of value a range can be of; a range's first number may give no unit of its own
# ("between 87 and 88 percent", "18 to 24 months").
RANGED = {"count", "money", "percent", "duration"}
_BETWEEN = re.compile(r"\bbetween\s+$", re.I)
_AND = re.compile(r"\s+and\s+")
_TO = re.compile(r"\s+to\s+")
_FROM = re.compile(r"\bfrom\s+$", re.I)
# What gives a number its own unit or scale ("$2 million", "3bn", "two thousand"): a
# currency sign, or a scale word as the quantities stage reads them.
_OWN_SCALE = re.compile(r"[$€£¥%]|" + SCALE, re.I)
_NUMERAL = re.compile(r"\d[\d,]*(?:\.\d+)?|[a-z]+(?:-[a-z]+)?", re.I)


def _ranged(values: list[Value], text: str, doc: Doc) -> list[Value]:
    """A range is one value: its middle, with its half-width as tolerance, so that a
    source's 25 agrees with "between 20 and 30 people" and 45 does not (as two values,
    20 and 30, a 25 elsewhere disputed the 20).

    "between X and Y"; and "X to Y" where Y names what is counted ("18 to 24 months",
    "three to five years", "20 to 30 people", "$2 million to $5 million") and the range
    rises: "voted 52 to 48" is a tally, "from $7.25 to $12" a change, "44 percent to 48
    percent" two figures.
    """
    out: list[Value] = []
    i = 0
    while i < len(values):
        a, b = values[i], values[i + 1] if i + 1 < len(values) else None
        start = _range_start(a, b, text, doc) if b is not None else None
        low = _low_end(a, b) if b is not None and start is not None else None
        if b is not None and start is not None and low is not None and low < b.number:
            half = (b.number - low) / 2
            out.append(replace(b, text=text[start : b.end], start=start, number=low + half,
                               tol=max(a.tol, b.tol) + half, ranged=True))  # fmt: skip
            i += 2
        else:
            out.append(a)
            i += 1
    return out


def _range_start(a: Value, b: Value, text: str, doc: Doc) -> int | None:
    """Where a range of `a` to `b` starts in the text ("between" shown with it), or None
    where the two are no range."""
    if b.kind not in RANGED or a.kind not in {b.kind, "count"} or a.ranged or b.ranged:
        return None
    if a.unit != b.unit and (a.kind == b.kind or a.unit is not None):
        return None
    said = _BETWEEN.search(text, max(0, a.start - 12), a.start)
    if said is not None and _AND.fullmatch(text, a.end, b.start):
        return said.start()
    if not _TO.fullmatch(text, a.end, b.start):
        return None
    if a.unit is not None and a.kind not in {"money", "duration"}:
        return None  # "48 percent to 44 percent": two figures
    if _FROM.search(text, max(0, a.start - 8), a.start):
        return None  # "rose from 20 to 30": a change
    if b.kind == "count":  # the counted noun right after: "20 to 30 people"
        after = tokens_between(doc, b.end, b.end + 40)
        if not after or after[0].pos_ != "NOUN" or after[0].idx > b.end + 1:
            return None
    return a.start


def _low_end(a: Value, b: Value) -> float | None:
    """The number `a` gives as the low end of a range to `b`, in `b`'s unit and scale."""
    if _OWN_SCALE.search(a.text):
        return a.number  # "$2 million and $5 million": each end says its own
    # a bare number takes the unit and scale of the end that names them ("between 2 and
    # 5 million", "two to three million", "between 87 and 88 percent", "18 to 24 months")
    lead = _NUMERAL.search(b.text.lstrip("$€£ "))
    shown = parse_number(lead.group(0)) if lead else None
    return a.number * (b.number / shown) if shown else None


def _span_starts(items: list[Quantity] | list[DateRef]) -> list[int] | None:
    """The items' start offsets where they are in text order (None where they are not)."""
    starts = [x.span.start for x in items]
    return starts if all(a <= b for a, b in zip(starts, starts[1:], strict=False)) else None


T = TypeVar("T", Quantity, DateRef)
# an article's quantities and dates are asked about once per sentence
_quantity_starts: LastBuilt[Quantity, list[int] | None] = LastBuilt(_span_starts)
_date_starts: LastBuilt[DateRef, list[int] | None] = LastBuilt(_span_starts)


def _starting_in(
    starts_of: LastBuilt[T, list[int] | None], items: list[T], start: int, end: int
) -> list[T]:
    """The items whose span starts in [start, end], in their order: by binary search
    where they are in text order, else by a scan."""
    starts = starts_of(items)
    if starts is None:
        return [x for x in items if start <= x.span.start <= end]
    return items[bisect_left(starts, start) : bisect_right(starts, end)]


def _aged(v: Value, text: str) -> Value:
    """A duration that is someone's age ("an 11-year-old boy", "90 years old",
    `quantities.AGE`) as a value of kind "age", its words whole: not a time that passed,
    and compared only with another age ("the 11-year-old boy" / "the 15-year-old boy")."""
    m = AGE.match(text, v.end) if v.kind == "duration" else None
    if m is None:
        return v
    return replace(v, kind="age", end=m.end(), text=text[v.start : m.end()])


def _relative(v: Value, text: str, end: int) -> bool:
    """A rate, not a duration: "$600 a year", "5% per month"; or a when: "three weeks ago"."""
    if v.kind == "duration" and re.match(r"\s+(?:ago|earlier|later)\b", text[v.end : v.end + 12]):
        return True
    if v.kind == "duration":
        return bool(re.match(r"an?\b", v.text, re.I)) and bool(
            re.search(r"[\d%]\s*$|\bper\s*$", text[max(0, v.start - 12) : v.start])
        )
    return False


def _windowed(values: list[Value], text: str, end: int) -> list[Value]:
    """An ordinal counted within a window keeps the window as its unit, and a duration
    that is that window meets only another such (`WINDOW`).

    "the third time in two years" and "the fourth time in two years" disagree;
    "the first black senator since X" and "the second black senator" do not
    (one counts from X, the other from the start), nor do "the second time in a
    week" and "the first time in weeks". "For the first time in 25 years" measures the
    time since that was last done: beside "To celebrate 50 years since the band's
    formation" it had been a dispute on how long.
    """
    out: list[Value] = []
    spans: list[tuple[int, int]] = []
    for v in values:
        m = _WINDOW.match(text, v.end, min(end, v.end + 60)) if v.kind == "ordinal" else None
        if m:
            words = re.findall(r"[\w'’]+", m.group("w").lower())
            v = replace(v, unit=" ".join(words[:3]))
            spans.append((m.start("w"), m.end("w")))
        out.append(v)
    return [
        replace(v, anchor=v.anchor | {WINDOW})
        if v.kind == "duration" and any(s <= v.start and v.end <= e for s, e in spans)
        else v
        for v in out
    ]


_WINDOW = re.compile(
    r"\s*(?:[\w'’-]+\s+){0,4}?(?P<w>since\s+[^,.;]+|in\s+(?:weeks|months|years|decades)\b"
    r"|in\s+(?:a|an|the\s+past|the\s+last|\w+)\s+(?:\w+\s+)?"
    r"(?:day|week|month|year|decade|century|generation)s?\b)",
    re.I,
)


_RANGE = re.compile(r"\b(?P<p>since|until|till|by|before|after|through)\s*$", re.I)
# Bounds stated with these words fix one end of a period: "closed until Wednesday" and
# "closed until Friday" disagree ("before Friday" and "before Thursday" can both be true).
FIXING = {"since", "until", "till", "by", "through"}


def _bounded(v: Value, text: str) -> Value:
    """A date after since / until / by ... is a bound; `unit` keeps the word ("until")."""
    m = _RANGE.search(text[max(0, v.start - 8) : v.start]) if v.kind == "date" else None
    if m is None:
        return v
    word = m.group("p").lower()
    return replace(v, kind="bound", unit="until" if word == "till" else word)


def _merge(upstream: list[Value], local: list[Value]) -> list[Value]:
    """Upstream values first; a local one where it is more specific or upstream has none."""
    out: list[Value] = []
    used: set[int] = set()
    for u in upstream:
        over = [(i, m) for i, m in enumerate(local) if m.start < u.end and u.start < m.end]
        better = next((m for _, m in over if m.kind in SPECIFIC and m.kind != u.kind), None)
        out.append(better or u)
        used.update(i for i, _ in over)
    out += [m for i, m in enumerate(local) if i not in used]
    return sorted(out, key=lambda v: v.start)


def direction(
    doc: Doc, start: int, end: int, values: list[Value]
) -> tuple[str, list[Value]] | None:
    """('up' or 'down', the figures that moved) where the sentence reports a change of
    its figures one way only.

    Only verbs whose own clause holds a figure count ("fell to 5.8%"), not idioms
    ("throwing down the gauntlet"), nor a verb over a clause that gives the figure
    to another verb ("hiring jumped as employers added 266,000 jobs": the figure is
    what was added, not what jumped).
    """
    at = {v.start: v for v in values if v.kind not in {"date", "bound"}}
    up: list[Value] = []
    down: list[Value] = []
    for t in tokens_between(doc, start, end):
        if t.idx in at:
            verb = next((h for h in t.ancestors if h.pos_ == "VERB"), None)
            lemma = verb.lemma_.lower() if verb is not None else ""
            if lemma in UP:
                up.append(at[t.idx])
            elif lemma in DOWN:
                down.append(at[t.idx])
    if up and not down:
        return "up", up
    return ("down", down) if down and not up else None


# quantity kinds kept as value kinds (others read as counts; a count of "times" becomes `times`)
QUANTITY_KINDS = frozenset({"percent", "money", "count", "duration", "ordinal", "ratio"})


def _from_quantity(q: Quantity) -> Value:
    kind = q.kind if q.kind in QUANTITY_KINDS else "count"
    if kind == "duration" and q.unit in DAYS_IN:
        days = q.value * DAYS_IN[q.unit]
        # "a day after", "an hour later": a rough figure, not one counted to the hour
        rough = re.match(r"(?:a|an)\s", q.text, re.I) is not None
        return Value(kind, q.text, q.span.start, q.span.end, days,
                     (0.5 if rough else 0.03) * days, "day")  # fmt: skip
    if kind == "count" and re.search(r"\btimes\b|\btwice\b|\bonce\b", q.text, re.I):
        kind = "times"
    return Value(kind, q.text, q.span.start, q.span.end, q.value, _tolerance(q.text, q.value),
                 q.unit)  # fmt: skip


def _from_dateref(d: DateRef) -> Value:
    parts = [int(p) for p in (d.date or "").split("-") if p.isdigit()]
    y, m, dd = (parts + [None, None, None])[:3]
    wd = next((WEEKDAYS[w] for w in WEEKDAYS if w in d.text.lower()), None)
    return Value("date", d.text, d.span.start, d.span.end, day=(y, m, dd, wd))


def _parse_numbers(text: str, start: int, end: int) -> list[Value]:
    seg = text[start:end]
    taken: list[tuple[int, int]] = []
    out: list[Value] = []
    low = seg.lower()
    for kind, pat in _PATTERNS:
        if not any(w in low for w in _NEEDS[kind]):
            continue  # a word every match of this kind holds is not in the sentence
        for m in pat.finditer(seg):
            s, e = m.start(), m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            surface = m.group(0)
            if kind == "money" and weight_in_pounds(surface, seg, e):
                continue
            parsed = _number(surface, kind)
            if parsed is None:
                continue
            num, unit = parsed
            if kind == "count" and (
                _is_year(surface) or _in_date_or_time(seg, s, e) or surface.lower() == "one"
            ):
                continue
            taken.append((s, e))
            tol = _tolerance(surface, num) if kind not in {"ordinal", "times"} else 0.0
            if kind in {"distance", "duration"}:
                tol = max(tol, 0.03 * num)  # converted units round differently
            out.append(Value(kind, surface, start + s, start + e, num, tol, unit))
    return sorted(out, key=lambda v: v.start)


def _number(surface: str, kind: str) -> tuple[float, str | None] | None:
    low = surface.lower()
    if kind == "ordinal":
        digits = re.match(r"\d+", low)
        return (float(digits.group(0)) if digits else float(ORDINALS[low])), None
    if kind == "times":
        fixed = {"once": 1.0, "twice": 2.0, "thrice": 3.0}
        return (fixed[low], None) if low in fixed else _number(low.split()[0], "count")
    m = re.search(rf"{_NUM}", low)
    if m:
        num = float(m.group(0).replace(",", ""))
    else:
        words = re.match(rf"(?:{_WNUM})(?:[- ](?:{_WNUM})){{0,3}}\b", low)
        if words is None:
            return None
        found = parse_number(words.group(0)) if words.group(0) != "dozens" else None
        num = found if found is not None else float(WORDS[words.group(0).split()[0]])
    for word, scale in SCALES.items():
        if re.search(rf"\d\s?{word}\b|\s{word}\b", low):
            num *= scale
            break
    unit: str | None = None
    if kind == "money":
        unit = next((c for k, c in CURRENCY.items() if k in low), None)
    elif kind == "duration":
        base = next(u for u in DAYS_IN if u in low)
        num *= DAYS_IN[base]
        unit = "day"
    elif kind == "distance":
        base = next(u for u in DISTANCE_KM if re.search(rf"{u}", low))
        num *= DISTANCE_KM[base]
        unit = "km"
    elif kind == "percent" and "point" in low:
        unit = "points"
    return num, unit


def _tolerance(surface: str, num: float) -> float:
    """Half a unit of the last significant digit written (trailing zeros are imprecise),
    and at most a quarter of the number: a round "100" or "1 million" is no rounding of
    55 or 600,000 ("About 100 people were wounded" beside "55 wounded" are two counts)."""
    digits = re.search(rf"{_NUM}", surface)
    scale = num / float(digits.group(0).replace(",", "")) if digits and float(
        digits.group(0).replace(",", "")) else 1.0  # fmt: skip
    if not digits:
        return 0.5 * scale
    written = digits.group(0).replace(",", "")
    if "." in written:
        step = 10.0 ** -len(written.split(".")[1])
    else:  # "2,000" is likely rounded, "30" or "120" is not
        zeros = len(written) - len(written.rstrip("0")) if written.strip("0") else 0
        step = 10.0**zeros if zeros >= 2 else 1.0
    return min(0.5 * step * scale, ROUNDED_AT_MOST * abs(num))


ROUNDED_AT_MOST = 0.25  # the widest a round number's rounding is read, as a share of it


_HEDGE = re.compile(
    r"(?:about|around|roughly|nearly|almost|some|approximately|over|under|more than|less than"
    r"|fewer than|at least|up to|close to|an estimated|estimated|just over|just under)"
    r"\s*[$€£]?\s*$",
    re.I,
)


def _hedged(v: Value, text: str) -> Value:
    """Widen the tolerance of a hedged figure ("about 2,000", "more than 30") to 10%."""
    if v.kind in {"date", "bound", "ordinal", "times"} or not _HEDGE.search(
        text[max(0, v.start - 25) : v.start]
    ):
        return v
    return replace(v, tol=max(v.tol, 0.1 * abs(v.number)))


def _is_year(surface: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", surface.strip()))


# A date written in numbers ("17-08-2013", "2013/08/17", "5.2.2015"), not a tally ("5-4-1")
_NUMERIC_DATE = re.compile(
    r"(?<![\d.,])(?:\d{4}([-/.])\d{1,2}\1\d{1,2}|\d{1,2}([-/.])\d{1,2}\2\d{4})(?![\d-])"
)


def _in_date_or_time(seg: str, s: int, e: int) -> bool:
    for m in _NUMERIC_DATE.finditer(seg, max(0, s - 12), min(len(seg), e + 12)):
        if m.start() <= s and e <= m.end():
            return True
    before, after = seg[max(0, s - 12) : s].lower(), seg[e : e + 6].lower()
    if re.search(rf"(?:{_MONTH_RE})\.?\s*$", before):
        return True
    if re.match(rf"\s*(?:{_MONTH_RE})\b", after):
        return True
    return bool(re.match(r"\s*(?:a\.m|p\.m|am\b|pm\b|:\d)", after))


def _parse_dates(text: str, start: int, end: int, year: int | None) -> list[Value]:
    out: list[Value] = []
    for m in _DATE.finditer(text, start, end):
        g = m.groupdict()
        if g["w"]:
            wd = WEEKDAYS[g["w"].lower()]
            out.append(Value("date", m.group(0), m.start(), m.end(), day=(None, None, None, wd)))
            continue
        if g["y3"]:
            s = m.start("y3")
            out.append(Value("date", g["y3"], s, m.end(), day=(int(g["y3"]), None, None, None)))
            continue
        mon = g["m"] or g["m2"]
        bare = not (g["d"] or g["d2"] or g["y"] or g["y2"])
        if mon.lower() in {"may", "march"} and bare and mon[0].islower():
            continue  # "may", "march" as words
        if len(mon) <= 3 and mon.lower() not in {"may"} and not (g["d"] or g["d2"]):
            continue  # "Jan" alone is too ambiguous ("mar", "dec" as words)
        d = g["d"] or g["d2"]
        y = g["y"] or g["y2"]
        day = int(d) if d and 1 <= int(d) <= 31 else None
        out.append(Value("date", m.group(0), m.start(), m.end(),
                         day=(int(y) if y else None, MONTHS[mon.lower()], day, None)))  # fmt: skip
    return out


# A year as a date writes it ("2016", "'16")
YEAR_WRITTEN = re.compile(r"\b(?:19|20)\d\d\b|['’]\d\d\b")
_MONTH_WORD = re.compile(rf"\b(?:{_MONTH_RE})\b", re.I)


def same_date(a: Value, b: Value) -> bool:
    """Can two date values be one date, as the sources write them?

    A month named without its year gets one from the article's date and the tense
    of its verb ("by December" in November 2019 is December 2018), which the source
    did not write: it is compared on the parts written. "Trump's July 25 call" in
    two reports is one date, though a verb that looks ahead ("is likely to face
    questions about Trump's July 25 call") had it read as the next July 25; "in
    December 2016" and "by December" (of the same case, told in 2019) are too.
    """
    return _same_day(_as_written(a), _as_written(b))


def _as_written(v: Value) -> tuple[int | None, int | None, int | None, int | None]:
    """A date value's day without a year its text does not write, where it names a month
    (`same_date`); a date of words alone ("yesterday", "last month") is whole."""
    if v.day[0] is None or not _MONTH_WORD.search(v.text) or YEAR_WRITTEN.search(v.text):
        return v.day
    return (None, *v.day[1:])


def _same_day(
    a: tuple[int | None, int | None, int | None, int | None],
    b: tuple[int | None, int | None, int | None, int | None],
) -> bool:
    if a[3] is not None and b[3] is not None:  # "Friday" in two articles: the same day named
        return a[3] == b[3]
    for x, y in zip(a[:3], b[:3], strict=False):
        if x is not None and y is not None and x != y:
            return False
    wa, wb = _weekday(a), _weekday(b)
    return wa is None or wb is None or wa == wb


def _weekday(d: tuple[int | None, int | None, int | None, int | None]) -> int | None:
    if d[3] is not None:
        return d[3]
    y, m, dd = d[0], d[1], d[2]
    if y and m and dd:
        try:
            return Date(y, m, dd).weekday()
        except ValueError:
            return None
    return None


def _measured(tok: Token) -> set[str]:
    """The noun a sum or share is "in" or "of", after it: "$2 trillion in spending cuts"
    (cuts), "$500,000 of airtime" (airtime), "30 percent of voters" (voters)."""
    out: set[str] = set()
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in {"in", "of"} and prep.i > tok.i:
            out.update(c.lemma_.lower() for c in prep.children
                       if c.dep_ == "pobj" and c.pos_ == "NOUN")  # fmt: skip
    return out


def added(doc: Doc, first: int, last: int, harm: str | None = None) -> bool:
    """Is the figure of tokens `first`..`last` one added to another ("two more civilians
    were killed", "$5 million more", "another 10", "an additional 500")? Not "30 or more",
    nor "more than 30", where "more" bounds the figure itself.

    `harm`: the toll the figure is of (`HARM`). News tells the dead first and then
    "another 40 wounded", "Another 65 people were injured", "400 more hurt": other
    people, whose toll that is. So only deaths are added, and not after a harm of
    another kind in the same sentence ("were injured and another two killed").
    """
    after = doc[last + 1].lower_ if last + 1 < len(doc) else ""
    before = doc[first - 1].lower_ if first > 0 else ""
    if after not in ADDED_AFTER and before not in ADDED_BEFORE:
        return False
    sent = doc[first].sent
    # the parse often hangs "another 17 injured" on the verb before it ("were killed and")
    harm = next((h for t in doc[last + 1 : min(last + 5, sent.end)] if (h := _harm_word(t))), harm)
    if harm is None:
        return True
    return harm == "dead" and not any(
        _harm_word(t) not in {None, "dead"} for t in doc[sent.start : first]
    )


def _per_item(doc: Doc, last: int) -> bool:
    """Is the figure ending at token `last` one per item: "apiece" or "each" within the
    next three words of its clause ("$3million or more apiece", "17 percent each")?"""
    for t in doc[last + 1 : min(last + 4, len(doc))]:
        if t.is_punct or t.is_sent_start:
            return False
        if t.lower_ in EACH_AFTER:
            return True
    return False


def _harm_word(t: Token) -> str | None:
    """The toll a word of harm tells ("killed", "injured", "dead"), if it is one."""
    return HARM.get(t.lemma_.lower(), HARM.get(HARMED.get(t.lower_, "")))


# Nouns whose count is a toll of the dead, as a count on "die" is ("causing more than 50
# million deaths" / "killed an estimated 25 million people").
DEATHS = frozenset({"death", "fatality"})
# Verbs that take lives: a count of the lives they take is a toll of the dead ("claiming
# the lives of 8 persons", "took the lives of", "cost the lives of").
TAKE_LIVES = {"claim", "take", "cost"}
LIVES = "life"
# Nouns that count the same thing under two lemmas: "29 people" and "8 persons".
ONE_NOUN = {"people": "person"}


def _anchored(v: Value, doc: Doc) -> Value:
    """The value with the nouns and the verb it hangs on, from the dependency parse."""
    toks = tokens_between(doc, v.start, v.end)
    if not toks:
        return v
    tok: Token = toks[-1]
    nouns: set[str] = set()
    verb: str | None = None
    headline: str | None = None  # a verb of harm the tagger took for a name
    if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "NOUN" and v.kind == "ordinal":
        nouns.add(doc[tok.i + 1].lemma_.lower())
    nouns.update(_measured(tok))
    path = [tok]
    for _ in range(6):
        head = tok.head
        if head.i == tok.i:
            break
        path.append(head)
        if head.pos_ == "PROPN" and head.is_title and head.lower_ in HARM_FORMS:
            verb = headline = HARM_FORMS[head.lower_]  # "Army Kills 31 Terrorists": capitalised
            break
        if head.pos_ in {"NOUN", "PROPN"} and not (v.start <= head.idx < v.end):
            if len(path) == 2 and v.kind == "count" and head.lemma_.lower() in DEATHS:
                verb = "die"  # "more than 50 million deaths": a toll
                break
            nouns.add(head.lemma_.lower())
        if head.pos_ in {"VERB", "AUX"}:
            verb = _harmed_by(head) or head.lemma_.lower()
            break
        tok = head
    if v.kind == "count" and verb in TAKE_LIVES and LIVES in nouns:
        nouns.discard(LIVES)
        verb = "die"  # "claiming the lives of 32 people": 32 killed
    if verb:
        nouns.add("v:" + verb)
    if v.kind == "count" and any(counts_attacker(t) for t in path):
        nouns.add(WITH_ATTACKER)
    if v.kind not in {"date", "bound"} and added(doc, toks[0].i, toks[-1].i, HARM.get(verb or "")):
        nouns.add(ADDED)
    if v.kind not in {"date", "bound"} and _per_item(doc, toks[-1].i):
        nouns.add(EACH)
    inside = {t.i for t in toks}
    root = next((t for t in toks if t.head.i not in inside or t.head.i == t.i), toks[-1])
    frame = frame_of(root, inside)
    if headline and frame.verb is None:
        frame = replace(frame, verb=headline)
    return replace(v, anchor=frozenset(ONE_NOUN.get(n, n) for n in nouns), frame=frame)
