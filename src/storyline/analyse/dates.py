"""Stage `dates`: absolute and relative dates, resolved to the calendar.

Patterns over the cleaned text find "September 17", "Sept. 17, 2025",
"17 September", "2025-09-17", "July 2025", "in July", "on Monday",
"Wednesday", "since January", "last week", "yesterday", "earlier this
year", "in 2024". Relative ones are resolved against the article's published
date, or where an article has none against the story's date (`ctx.date`, the
most common published day of its articles); without either the date stays
None. Granularity is kept: a month alone resolves to "YYYY-MM", a year to
"YYYY".

Resolution rules (news usage): a bare weekday is the most recent such day up
to the reference date ("on Monday" in a Tuesday article is yesterday), or
the reference day itself; a month without year, where the verb does not say
which way it looks, is the nearest such month not more than four months ahead
of the reference (news rarely says "in November" for a November three quarters
of a year away, but often for the election in a July article); "next"/"last"
move by one, "this" keeps the year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.analyse.quantities import first_char
from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import Article, DateRef, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}  # fmt: skip
MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d\d"
YEAR_PREP = r"in|since|until|by|from|during|of|early|late"
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY = rf"(?:{'|'.join(WEEKDAY_NAMES)})"
MONTH_PREP = "in|since|until|by|from|during|last|next|this|early|late|mid"
# each pattern starts with a look-ahead for the first character a match can have (see
# `quantities.first_char`); the patterns are case-sensitive where no flag says otherwise
_M = first_char(*"JFMASOND")
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(
        rf"{first_char('1', '2')}\b(?P<y>{YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])\b"
    )),
    ("mdy", re.compile(rf"{_M}\b(?P<mon>{MONTH})\s(?P<d>{DAY})\b(?:,?\s(?P<y>{YEAR})\b)?")),
    ("dmy", re.compile(
        r"(?=\d)" + rf"\b(?P<d>{DAY})\s(?:of\s)?(?P<mon>{MONTH})(?:,?\s(?P<y>{YEAR})\b)?"
    )),
    ("my", re.compile(rf"{_M}\b(?P<mon>{MONTH})(?:\s(?:of\s)?|,\s)(?P<y>{YEAR})\b")),
    ("weekday", re.compile(
        rf"{first_char('last', 'next', 'this', *WEEKDAY_NAMES)}"
        rf"\b(?:(?P<rel>last|next|this)\s)?(?P<wd>{WEEKDAY})\b"
    )),
    ("month", re.compile(
        f"(?i:{first_char(*MONTH_PREP.split('|'))})"
        + rf"\b(?P<prep>(?i:{MONTH_PREP}))"
        rf"(?:\s|-)(?:(?:early|late|mid-?)\s?)?(?P<mon>{MONTH})\b(?!\s(?:{DAY}\b|{YEAR}\b))"
    )),
    ("year", re.compile(
        rf"{first_char(*YEAR_PREP.split('|'))}\b(?P<prep>{YEAR_PREP})\s(?P<y>{YEAR})\b"
    )),
    ("rel_day", re.compile(r"(?=[ty])\b(?P<w>yesterday|today|tomorrow)\b", re.I)),
    # "last week", not "in the last week" (the seven days up to now: a span, no date) nor
    # "his last year in office" (his final one)
    ("rel_period", re.compile(
        r"(?=[elnt])(?<!\bthe\s)(?<!\bhis\s)(?<!\bher\s)(?<!\bits\s)(?<!\bmy\s)"
        r"(?<!\bour\s)(?<!\byour\s)(?<!\btheir\s)"
        r"\b(?P<w>(?:earlier|later)\sthis|last|next|this)\s"
        r"(?P<p>week|month|year)\b", re.I
    )),
]  # fmt: skip


@dataclass(frozen=True)
class DateConfig:
    """Knobs: `months_ahead`, how far ahead a bare month name may point.

    4: over all 924 PolNeAR texts, 2 -> 4 moved 23 dates from the past to the coming
    year, about 20 of them right when read ("the convention in July" in April, "a win in
    November" in July, New Hampshire's "Feb. 9 primary" in November); 4 -> 6 moved 22
    more, about half wrong ("from 54 percent in July" in January, "an agriculture
    summit there in March" in November).
    """

    months_ahead: int = 4


@lru_cache(maxsize=4096)  # asked for per sentence pair (`conflicts._apart`)
def parse_day(value: str | None) -> date | None:
    """A reference date from "YYYY-MM-DD..." (published field), or None."""
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _month(name: str) -> int:
    return MONTHS[
        name.lower().rstrip(".")[:4] if name.lower().startswith("sept") else name.lower()[:3]
    ]


def _day(d: str) -> int:
    return int(re.match(r"\d+", d).group(0))  # type: ignore[union-attr]


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _month_year(
    mon: int, ref: date, ahead: int, prep: str | None, future: bool | None = None
) -> int:
    """Year of a month named without one: the latest such month near the reference.

    `future`: the verb looks ahead (the next such month) or back (the last one);
    None: the nearest, at most `ahead` months ahead.
    """
    p = (prep or "").lower()
    if p == "next":
        return ref.year + (1 if mon <= ref.month else 0)
    if p == "since":
        return ref.year if mon <= ref.month else ref.year - 1
    if p == "last":
        return ref.year if mon < ref.month else ref.year - 1
    if p == "this":  # "this November": of the year of telling
        return ref.year
    if future is True:
        return ref.year if mon >= ref.month else ref.year + 1
    if future is False:
        return ref.year if mon <= ref.month else ref.year - 1
    diff = mon - ref.month
    if diff > ahead:
        return ref.year - 1
    return ref.year + 1 if diff < -(12 - ahead) else ref.year


def resolve(
    kind: str,
    m: re.Match[str],
    ref: date | None,
    conf: DateConfig,
    future: bool | None = None,
    hint: bool = False,
) -> tuple[str | None, str, bool]:
    """(date, granularity, relative) of one match.

    `future`: the verb looks ahead (True), back (False), or says neither (None).
    `hint`: the words before a weekday look ahead ("scheduled", "deadline"):
    enough to point a weekday forward where the verb says nothing, too little
    to move a month into another year.
    """
    g = m.groupdict()
    if kind == "iso":
        return _valid(int(g["y"]), int(g["m"]), int(g["d"])), "day", False
    if kind in {"mdy", "dmy"}:
        mon, d = _month(g["mon"]), _day(g["d"])
        if g.get("y"):
            return _valid(int(g["y"]), mon, d), "day", False
        if ref is None:
            return None, "day", True
        y = _month_year(mon, ref, conf.months_ahead, None, future)
        if future is True and (mon, d) < (ref.month, ref.day):
            y = ref.year + 1
        elif future is False and (mon, d) > (ref.month, ref.day):
            y = ref.year - 1
        return _valid(y, mon, d), "day", True
    if kind == "my":
        return f"{int(g['y']):04d}-{_month(g['mon']):02d}", "month", False
    if kind == "year":
        return g["y"], "year", False
    if ref is None:
        gran = {"weekday": "day", "rel_day": "day", "month": "month"}.get(kind, "day")
        if kind == "rel_period":
            gran = g["p"].lower() if g["p"].lower() != "week" else "day"
        return None, gran, True
    if kind == "weekday":
        wd = WEEKDAYS[g["wd"].lower()]
        back = (ref.weekday() - wd) % 7
        rel = (g.get("rel") or "").lower()
        if rel == "next":
            fwd = (wd - ref.weekday()) % 7 or 7
            return (ref + timedelta(days=fwd)).isoformat(), "day", True
        if rel == "last" and back == 0:
            back = 7
        if back and not rel and (future if future is not None else hint):
            return (ref + timedelta(days=(wd - ref.weekday()) % 7)).isoformat(), "day", True
        return (ref - timedelta(days=back)).isoformat(), "day", True
    if kind == "month":
        mon = _month(g["mon"])
        y = _month_year(mon, ref, conf.months_ahead, g.get("prep"), future)
        return f"{y:04d}-{mon:02d}", "month", True
    if kind == "rel_day":
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[g["w"].lower()]
        return (ref + timedelta(days=shift)).isoformat(), "day", True
    w, p = g["w"].lower(), g["p"].lower()
    step = -1 if w == "last" else (1 if w == "next" else 0)
    if p == "year":
        return str(ref.year + step), "year", True
    if p == "month":
        y, mo = divmod(ref.year * 12 + ref.month - 1 + step, 12)
        return f"{y:04d}-{mo + 1:02d}", "month", True
    return None, "day", True  # a week has no granularity of its own: left unresolved


FUTURE = re.compile(
    r"\b(?:will|won[’']t|shall|due|deadline|expires?|scheduled|slated|plans?|planned|set to|"
    r"going to|look(?:s|ing)? forward to|"
    r"until|upcoming|ahead of|as (?:soon|early) as|expected|to be)\b|[’']ll\b",
    re.I,
)


def _looks_ahead(text: str, s: int, e: int) -> bool:
    """Whether the words just before a weekday look ahead ("will meet again on Friday")."""
    a = max(max(text.rfind(c, 0, s) for c in ".!?\n;") + 1, s - 45)
    return FUTURE.search(text[a:s]) is not None


# a modal before a bare verb looks ahead ("could come ... Friday", "would be held on
# April 30"); "could have come" is past (`_past`)
MODALS_AHEAD = frozenset({"can", "could", "may", "might", "must", "should", "would", "ca"})
# dates that name a month without its year: the words before may point them ahead
MONTHS_NAMED = frozenset({"month", "mdy", "dmy"})
RANKS = frozenset({"first", "second", "third", "last", "only", "latest"})
# a present tense under these, in a clause of a future verb, is future ("until it meets")
WHEN_MARKS = frozenset({"until", "till", "before", "after", "when", "once", "if", "unless"})
PERFECT = frozenset({"has", "have", "had", "'ve", "’ve"})
WAS = frozenset({"was", "were"})  # a past progressive's ("were waiting to unload")
# prepositions of a time a thing is measured from, not its own ("up from 37 percent in
# January", "the most since March")
SINCE = frozenset({"from", "since"})
PAST_AUX = frozenset({"has", "have", "had", "was", "were", "did", "'s", "’s", "'ve", "’ve"})
# What a thing was done "ahead of" or "in advance of" is near the time of telling, on
# either side, whatever the past tense of the doing: "bought air time ahead of the Jan. 3
# caucuses" in December, "sent a letter in advance of his appearance on Thursday" on a
# Tuesday, but "Ahead of Friday's meeting, France and Germany unveiled ..." on the Sunday
# after; what is being done ahead of a thing ("is campaigning ahead of Saturday's
# poll") looks ahead as its verb does.
AHEAD_OF = frozenset({"ahead", "advance"})
# So is the day of what a thing is done before: "just days before Tuesday's New
# Hampshire primary", "15 days before the Iowa caucuses on Feb. 1" (a day's date only:
# "before a congressional panel in September" stands in front of the panel; and one
# within `BEFORE_DAYS` of the telling: "was set to take effect the day before Trump's
# inauguration on January 20", told in September, is the January before).
BEFORE = frozenset({"before"})
BEFORE_DAYS = 31  # ... where that day is within a month of the telling
DAY_KINDS = frozenset({"weekday", "mdy", "dmy"})  # `PATTERNS` that give a day
# A month's day written without its year (`PATTERNS`) that falls within a month of the
# telling, on either side, is that day, whatever way the verb points: a writer leaves
# the year out of a day near at hand, and the tense tells of the clause, not always of
# the day ("since their Oct. 13 debate", told on November 13, had been the next October;
# "Christie's Nov. 14 speech", told on November 21, too; "in anticipation of the June 7
# primary", told on May 27, the June before). One farther off goes as the verb says
# ("a hometown show on Sept. 12", told in November of a tour's dates: the next one).
MONTH_DAYS = frozenset({"mdy", "dmy"})


def tense_ahead(doc: Doc, start: int) -> bool | None:
    """Does the verb the date at `start` hangs on look ahead (True), back (False), or neither?

    Read from the parse: "will meet on Friday", "is set to expire on Wednesday",
    "to be shown on Tuesday", "is meeting on Friday", "set the sentencing for
    June 28", "could come to a vote on Friday" look ahead; "met on
    Friday", "has said on Monday", "was shown on Tuesday" look back; a present "is"
    that gives a thing its date ("the election is Thursday", "is up for re-election
    in November") looks ahead (`_scheduled`); another bare present says neither,
    and the words before the date decide (`_looks_ahead`).
    """
    tok = _token_at(doc, start)
    if tok is None:
        return None
    verb = tok
    for _ in range(8):
        if verb.pos_ in {"VERB", "AUX"} or verb.head.i == verb.i:
            break
        if verb.dep_ == "appos" and verb.pos_ == "NOUN":
            # a date in what someone is called ("Joni Ernst, a candidate in the primary on
            # June 3, announced ..."): the verb tells when they did something, not when the
            # thing in the description is (not "on Friday, Sept. 14", a date's own parts)
            return None
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    if tok.head.dep_ == "prep" and tok.head.lower_ == "for" and tok.dep_ == "pobj":
        return True  # a date set as a target: "set the sentencing for June 28"
    aux = _aux(verb)
    if aux & {"will", "shall", "'ll", "’ll", "wo"} or {"going", "gon"} & aux:
        return True
    if (
        verb.tag_ in {"VBZ", "VBP"}
        and verb.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ in WHEN_MARKS for c in verb.children)
        and _aux(verb.head) & {"will", "shall", "'ll", "’ll", "wo"}
    ):
        return True  # "won't be released until the board approves it in October"
    if "to" in aux:  # an infinitive: "set to expire", "to be shown", "plans to meet"
        main = verb.head if verb.dep_ in {"xcomp", "advcl", "relcl", "acl"} else None
        # "was set to take effect on January 20", "was scheduled to travel on Tuesday",
        # "About 40 ships were waiting to unload on Monday evening" (in a Tuesday's
        # article, it had been the Monday after, "still to come"): ahead of a past
        # moment, which may or may not be past now: the parse can't say;
        # nor after a perfect ("who have been fighting to tighten gun laws after the
        # massacre in December": since a past moment)
        if main is not None and (_past(main) or bool(_aux(main) & (PERFECT | WAS))):
            return None
        # after an adjective of a past "was": "were surprised to see a sign on Friday
        # night", "was able to vote on Tuesday", "were due to file paperwork by March 15":
        # past, or ahead of a past moment, as after "was set to" above
        if main is not None and main.dep_ == "acomp" and _past(main.head):
            return None
        # "the broadest change to come out of the decision in June", "the first woman
        # to lie in state": which one, not what is to come
        if verb.dep_ in {"acl", "relcl"} and any(
            c.tag_ == "JJS" or c.lower_ in RANKS for c in verb.head.children
        ):
            return None
        return True
    if _past(verb) or _done_to(verb):
        return False
    if verb.tag_ == "VBG" and aux & {"is", "are", "'re", "’re", "am"}:
        return True
    if aux & MODALS_AHEAD and (verb.tag_ == "VB" or "be" in aux):
        # "could come to a vote on Friday", "would be held on April 30"; but "were
        # hoping that the elections on Thursday would offer ...": ahead of a past moment
        head = verb.head
        under_past = verb.dep_ in {"ccomp", "advcl", "relcl", "acl", "xcomp"} and (
            _past(head) or bool(_aux(head) & {"was", "were", "had"})
        )
        return None if under_past else True
    if _scheduled(tok, verb):
        return True
    return None


def _ahead_of(doc: Doc | None, start: int, before: bool = False) -> bool:
    """Is the date at `start` the time of what something is done ahead of (`AHEAD_OF`;
    with `before`, also `BEFORE`)?"""
    tok = _token_at(doc, start) if doc is not None else None
    for _ in range(8):
        if tok is None or tok.pos_ in {"VERB", "AUX"} or tok.head.i == tok.i:
            return False
        if tok.lower_ == "of" and tok.head.lower_ in AHEAD_OF:
            return True
        if before and tok.lower_ in BEFORE and tok.dep_ == "prep":
            return True
        tok = tok.head
    return False


def _days_from(ref: date, value: str) -> int:
    """Days between `ref` and a day's date (ISO)."""
    return abs((date.fromisoformat(value) - ref).days)


def _nearer(ref: date, a: str | None, b: str | None) -> str | None:
    """Of two resolutions of one date, the nearer to `ref` (a day, a month, a year)."""
    if a is None or b is None:
        return a or b

    def distance(value: str) -> int:
        y, *md = (int(x) for x in value.split("-"))
        if not md:
            return abs(y - ref.year) * 365
        m, *d = md
        if d:
            return abs((date(y, m, d[0]) - ref).days)
        return abs((y * 12 + m) - (ref.year * 12 + ref.month)) * 31

    return a if distance(a) <= distance(b) else b


def _scheduled(tok: Token, verb: Token) -> bool:
    """A date a present "is" gives a thing as its time: "The election is Thursday",
    "The hearing is on Monday", "The vote is in June": news gives what is to come so
    (what was is "was"), where the date is what the verb says (no "from" or "since"
    between), and the clause stands under no past verb ("said the vote is Thursday" is
    read as the speaker meant it, which the words before the date decide)."""
    if verb.lemma_ != "be" or verb.tag_ not in {"VBZ", "VBP"} or verb.dep_ == "aux":
        return False
    if verb.text.isupper() and len(verb.text) > 1:
        return False  # "IS" (Islamic State) tagged as the verb
    if verb.dep_ in {"ccomp", "advcl", "relcl", "acl", "xcomp"} and _past(verb.head):
        return False
    if any(t.lower_ in SINCE for t in verb.doc[min(verb.i, tok.i) : max(verb.i, tok.i)]):
        return False  # "is up from 37 percent in January": the date of what was
    head = tok
    while head.head.i != verb.i:
        if head.head.i == head.i or head.head.pos_ in {"VERB", "AUX", "NOUN", "PROPN"}:
            return False  # the date tells of something else in the clause
        head = head.head
        if head.dep_ == "prep" and head.lower_ not in {"on", "in", "at"}:
            return False  # "a step forward from Friday"
    return head.dep_ in {"prep", "npadvmod", "attr", "tmod", "advmod"} and head.i > verb.i


def _aux(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}


def _past(verb: Token) -> bool:
    """A verb in a past tense: "met", "has met", "was shown"."""
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and bool(_aux(verb) & PAST_AUX))


def _done_to(verb: Token) -> bool:
    """A past participle that tells, with no auxiliary, what was done to the noun it hangs
    on (a reduced relative clause: "his most recent physical exam -- conducted in
    February", "the deal struck in July", "Asked in March about ..., he said"): a thing
    done, which is past; not one set for a time to come ("the vote scheduled in March",
    `ARRANGED`), nor one of a condition ("if elected in November"); a passive with its
    auxiliary is `_past`'s ("was shown"). The parser hangs such a participle between
    dashes on the main verb, or makes it the root where commas set it apart; not one it
    joins to another verb ("will be reviewed and approved in March", whose auxiliary is
    the first verb's), nor a causative's ("wants it done by March")."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ in {"acl", "advcl", "ccomp", "ROOT"}
        and not _aux(verb)
        and verb.lemma_.lower() not in ARRANGED
        and not any(c.dep_ == "mark" for c in verb.children)
    )


# Verbs of setting a time to come: their past participle points ahead as often as back
ARRANGED = frozenset(
    {"schedule", "slate", "plan", "set", "expect", "due", "propose", "timetable", "book",
     "pencil", "reserve", "project", "forecast", "predict", "anticipate"}
)  # fmt: skip


def _told_in_past(doc: Doc | None, start: int) -> bool:
    """Does the sentence of the date at `start` have a verb in a past tense? Then words
    that look ahead ("was set to take effect on January 20") may look ahead of a past
    moment, and a month's nearest year stands."""
    tok = _token_at(doc, start) if doc is not None else None
    return tok is None or any(_past(t) for t in tok.sent if t.pos_ in {"VERB", "AUX"})


def _token_at(doc: Doc, start: int) -> Token | None:
    """The token starting at `start` (a date match starts on a token), else None."""
    from storyline.analyse.doc_index import tokens_between

    found = tokens_between(doc, start, start + 1)
    return found[0] if found else None


def _person_surnames(doc: Doc | None) -> frozenset[str]:
    """Last words of the people the article names in full ("Theresa May" -> "May")."""
    if doc is None:
        return frozenset()
    return frozenset(
        e.text.split()[-1] for e in doc.ents if e.label_ == "PERSON" and len(e.text.split()) > 1
    )


def person_at(doc: Doc | None, start: int) -> bool:
    """Does a person's name to the parser start at `start` ("Theresa May": "May")?"""
    tok = _token_at(doc, start) if doc is not None else None
    return tok is not None and tok.ent_type_ == "PERSON"


EVERY = re.compile(r"\b(?:every|each)\s+$", re.I)  # before a weekday: one that recurs
# before "of" and a year: a law's or treaty's name ("the National Voter Registration Act of
# 1993"), which dates the law, not what a sentence tells of it
LAW_NAME = re.compile(
    r"\b(?:Act|Law|Code|Treaty|Accords?|Agreement|Convention|Amendments?|Bill|Resolution)\s+$"
)
# after a weekday: parts of days that recur ("scheduling events on Saturday nights")
PARTS_OF_DAYS = re.compile(r"\s+(?:nights|mornings|afternoons|evenings)\b", re.I)
# between a weekday and the date written out after it ("Friday, December 4, 2015")
WEEKDAY_OF_DATE = re.compile(r",?[ \t\u00a0]+")


def _in_a_name(doc: Doc | None, s: int, e: int) -> bool:
    """Is the date at `s:e` part of a proper name: its last word a modifier of the
    capitalised noun right after it ("the 17 February Brigade", a militia; "the
    September 11 Commission")? A date before a common noun is one ("the March 15
    deadline", "the September 11 attacks")."""
    if doc is None:
        return False
    from storyline.analyse.doc_index import tokens_between

    inside = tokens_between(doc, s, e)
    if not inside or inside[-1].i + 1 >= len(doc):
        return False
    nxt = doc[inside[-1].i + 1]
    if not (nxt.pos_ == "PROPN" and nxt.is_title):
        return False
    if nxt.ent_iob_ != "O" and (inside[-1].ent_iob_ == "O" or nxt.ent_iob_ == "B"):
        return False  # a name of its own the date is not part of ("a Friday CNN interview")
    head = nxt
    while head.dep_ == "compound" and head.head.i > head.i:
        head = head.head
    if head.pos_ != "PROPN":
        return False  # a thing named by a common noun: "a Friday Facebook post"
    return any(
        t.head.i == nxt.i and t.dep_ in {"compound", "nmod", "nummod", "amod"}
        for t in inside
        if not s <= t.head.idx < e
    )


def _a_person(doc: Doc | None, text: str, s: int, e: int, surnames: frozenset[str]) -> bool:
    """Is the month name at text[s:e] a person's name: a person to the parser ("Theresa
    May"), or, where the article names someone of that surname, one who owns something
    ("From May's office")? A month's own possessive ("May's election") reads as a date
    only in an article naming no one so."""
    if person_at(doc, s):
        return True
    return text[s:e] in surnames and text.startswith(("'s", "’s"), e)


def article_dates(
    article: Article, ref: date | None, conf: DateConfig | None = None, doc: Doc | None = None
) -> list[DateRef]:
    """Every date of one article, resolved against `ref`; overlapping matches taken once.

    With the article's parse (`doc`), the tense of the verb a date hangs on
    says which way a weekday or a month without a year points: "will be
    sentenced on June 28" in a February article is this June, "met on Friday"
    the last Friday, "is set to expire on Wednesday" the next one.
    """
    conf = conf or DateConfig()
    text = article.text
    taken: list[tuple[int, int]] = []
    out: list[DateRef] = []
    surnames = _person_surnames(doc)
    for kind, pat in PATTERNS:
        for m in pat.finditer(text):
            if "mon" in m.groupdict() and _a_person(doc, text, m.start("mon"), m.end("mon"),
                                                    surnames):  # fmt: skip
                continue  # "Theresa May", "From May's office"
            s, e = m.start(), m.end()
            if kind == "weekday" and (
                EVERY.search(text, max(0, s - 8), s) or PARTS_OF_DAYS.match(text, e)
            ):
                continue  # "in the pew every Sunday", "on Saturday nights": a habit, not a day
            if kind == "weekday" and _weekday_of(text, out, taken, s, e):
                continue  # "Friday, December 4, 2015": one date, the one written out
            if kind == "year" and m["prep"] == "of" and LAW_NAME.search(text, max(0, s - 12), s):
                continue  # "the Voting Rights Act of 1965": a law's name
            whole = kind in {"iso", "mdy", "dmy"} and bool(m.groupdict().get("y"))
            if not whole and _in_a_name(doc, s, e):
                continue  # "the 17 February Brigade", "the September 11 Commission"; a
                # date with its year names no militia ("AFP Friday 28 Oct 2016 Rebels fired")
            if kind in {"month", "year"}:
                s = (
                    m.start("mon")
                    if kind == "month" and m["prep"].lower() in {"early", "late", "mid"}
                    else s
                )
            if any(s < te and ts < e for ts, te in taken):
                continue
            ahead = tense_ahead(doc, m.start()) if doc is not None else None
            hint = _looks_ahead(text, s, e)
            if ahead is None and hint and kind in MONTHS_NAMED and not _told_in_past(doc, s):
                ahead = True  # "the ruling, expected by June, is ..."
            value, gran, relative = resolve(kind, m, ref, conf, ahead, hint)
            if ref is not None and relative:
                ahead_of = ahead is not True and _ahead_of(doc, m.start())
                before = (ahead is not True and kind in DAY_KINDS
                          and _ahead_of(doc, m.start(), before=True))  # fmt: skip
                if ahead_of or before or kind in MONTH_DAYS:
                    near = _nearer(ref, resolve(kind, m, ref, conf, True)[0],
                                   resolve(kind, m, ref, conf, False)[0])  # fmt: skip
                    # a day within a month of the telling is that day; "before" one farther
                    # off ("the day before Trump's inauguration on January 20", told in
                    # September) and a month's day farther off go as the verb says
                    if near is not None and (ahead_of or _days_from(ref, near) <= BEFORE_DAYS):
                        value = near
            taken.append((s, e))
            out.append(DateRef(Span(article.id, s, e), text[s:e], value, gran, relative))
    out.sort(key=lambda d: d.span.start)
    return out


def _weekday_of(
    text: str, found: list[DateRef], taken: list[tuple[int, int]], s: int, e: int
) -> bool:
    """Is the weekday at `s:e` the day of a date written out right after it ("Friday,
    December 4, 2015", "Friday 28 Oct 2016", "last Friday, January 29")? Then the two
    are one date, the one written out, whose span now starts at the weekday. (Read
    alone, the weekday was the last such day before the article's date: a date line
    "Friday, December 4, 2015." closing an item had been dated 20 November.)"""
    gap = WEEKDAY_OF_DATE.match(text, e)
    if gap is None:
        return False
    for n, ref in enumerate(found):
        if ref.span.start == gap.end() and ref.granularity == "day":
            end = ref.span.end
            found[n] = replace(ref, span=Span(ref.span.article, s, end), text=text[s:end])
            taken[taken.index((gap.end(), end))] = (s, end)
            return True
    return False


def extract_dates(ctx: StoryContext, cfg: Config) -> dict[str, list[DateRef]]:
    """Dates of every article of the story, by article id."""
    conf = DateConfig()
    story_ref = parse_day(ctx.date)
    return {
        a.id: article_dates(a, parse_day(a.published) or story_ref, conf, ctx.docs.get(a.id))
        for a in ctx.articles
    }


# How far into an article its dateline may sit (after the title, a byline, an agency).
DATELINE_CHARS = 300


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
